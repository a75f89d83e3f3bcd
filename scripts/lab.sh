#!/usr/bin/env bash
# Open the chapters in JupyterLab, with mapmath importable (it is installed into .venv).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec .venv/bin/jupyter lab chapters/
