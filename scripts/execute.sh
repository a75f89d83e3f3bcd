#!/usr/bin/env bash
# Re-execute chapters in place, top to bottom, each in a fresh kernel, so the stored outputs
# (which nbval compares) are current; first mark solutions, move checks into collapsed cells
# (scripts/checks.py) and format the code (ruff format, 88 columns). Usage: scripts/execute.sh [chapters/NN_name.ipynb ...]
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
bash scripts/setup.sh
if [ "$#" -eq 0 ]; then set -- chapters/*.ipynb; fi
.venv/bin/python scripts/solutions.py mark "$@"
# story first: each cell's checks into a collapsed cell after it, code to 88 columns (chapters/ruff.toml)
.venv/bin/python scripts/checks.py split "$@"
.venv/bin/ruff format -q "$@"
for nb in "$@"; do
  echo "executing $nb"
  .venv/bin/jupyter nbconvert --log-level=WARN --to notebook --execute --inplace \
    --ExecutePreprocessor.timeout=600 --ExecutePreprocessor.kernel_name=python3 \
    --ExecutePreprocessor.record_timing=False "$nb"
done
