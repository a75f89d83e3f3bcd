#!/usr/bin/env bash
# Run every test: ruff; mapmath unit/property tests and cross-checks; nbval (strict) over every
# chapter; the strict book build (-W -n --keep-going) and the checks on the built site; the generated
# reader/student notebooks in JupyterLab, in a fresh kernel and in a fresh environment; the PDF and the
# student PDF (tests/test_pdf.py: built from the sources into a temporary folder, read with pdftotext).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --with-browser --with-tex
.venv/bin/ruff check .
# The longest test files first, so that the two workers finish together: --dist loadfile hands out
# whole files, in collection order with --no-loadscope-reorder (by default pytest-xdist would start
# with the files that hold the most tests); a path named twice is collected once.
slow="tests/test_fresh_environment.py tests/test_strictness.py tests/test_pdf.py tests/test_jupyter.py tests/test_student_notebooks.py tests/test_site.py tests/test_solutions.py"
# shellcheck disable=SC2086
.venv/bin/python -m pytest -n 2 --dist loadfile --no-loadscope-reorder --nbval --nbval-current-env $slow tests chapters "$@"
