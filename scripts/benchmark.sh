#!/usr/bin/env bash
# Time raw notebook execution, a cold and a warm book build and the test command, against the
# targets (see scripts/benchmark.py). Not part of the tests. Leaves _build/ and the notebooks alone.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
bash scripts/setup.sh
exec .venv/bin/python scripts/benchmark.py "$@"
