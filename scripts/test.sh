#!/usr/bin/env bash
# Run every test: ruff; mapmath unit/property tests and cross-checks; nbval (strict) over every
# chapter; the strict book build (-W -n --keep-going) and the checks on the built site.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --with-browser
.venv/bin/ruff check .
.venv/bin/python -m pytest -n 2 --dist loadfile --nbval --nbval-current-env tests chapters "$@"
