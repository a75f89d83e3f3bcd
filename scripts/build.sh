#!/usr/bin/env bash
# Build the website into _build/html (sets up .venv on first use). Notebooks are executed through
# the jupyter-cache in _build/.jupyter_cache, so a rebuild re-executes only the chapters that changed.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/jupyter-book build . -W -n --keep-going
echo
echo "The book is built. Open: file://$PWD/_build/html/index.html"
