#!/usr/bin/env bash
# Build the website into _build/html (sets up .venv on first use). Notebooks are executed through
# the jupyter-cache in _build/.jupyter_cache, so a rebuild re-executes only the chapters that changed.
# The build also writes the reader and student notebooks (_build/notebooks, see _ext/mapbook_notebooks.py).
#
#   bash scripts/build.sh          # the website
#   bash scripts/build.sh --pdf    # first the PDFs (scripts/pdf.sh: _build/pdf/mapbook.pdf, the reader's
#                                  # book with the solutions in an appendix, and mapbook-student.pdf),
#                                  # then the website, which publishes and links mapbook.pdf
set -euo pipefail
cd "$(dirname "$0")/.."
pdf=0
for arg in "$@"; do
  case "$arg" in
    --pdf) pdf=1 ;;
    *) echo "build.sh: unknown option $arg (expected --pdf)" >&2; exit 2 ;;
  esac
done
bash scripts/setup.sh
if [ "$pdf" = 1 ]; then bash scripts/pdf.sh; fi
# After a failed build Sphinx keeps its environment and would re-read only the pages that changed
# since: a second run could then succeed without re-running the notebook that failed. So unless the
# last build succeeded, start from a clean environment (the execution cache is kept).
ok=_build/.mapbook-build-ok
if [ ! -f "$ok" ]; then rm -rf _build/.doctrees _build/html; fi
rm -f "$ok"
.venv/bin/jupyter-book build . -W -n --keep-going
mkdir -p _build && touch "$ok"
echo
echo "The book is built. Open: file://$PWD/_build/html/index.html"
echo "Notebooks for Jupyter: $PWD/_build/notebooks/reader and $PWD/_build/notebooks/student"
if [ -f _build/html/mapbook.pdf ]; then
  echo "The PDF (linked from the intro): $PWD/_build/html/mapbook.pdf; student edition: $PWD/_build/pdf/mapbook-student.pdf"
fi
