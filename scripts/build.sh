#!/usr/bin/env bash
# Build the website into _build/html (sets up .venv on first use). Notebooks are executed through
# the jupyter-cache in _build/.jupyter_cache, so a rebuild re-executes only the chapters that changed.
# A cold build executes the chapters it lacks side by side, one kernel per core (_ext/mapbook_execution.py).
# The build also writes the reader and student notebooks (_build/notebooks, see _ext/mapbook_notebooks.py).
#
#   bash scripts/build.sh           # the website; first the PDFs when TeX is installed (scripts/pdf.sh:
#                                   # _build/pdf/mapbook.pdf, the reader's book with the solutions in an
#                                   # appendix, and mapbook-student.pdf), which the website then links
#   bash scripts/build.sh --pdf     # the same, but the PDF is required (TeX is installed if missing)
#   bash scripts/build.sh --no-pdf  # the website only
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
pdf=auto
for arg in "$@"; do
  case "$arg" in
    --pdf) pdf=1 ;;
    --no-pdf) pdf=0 ;;
    *) echo "build.sh: unknown option $arg (expected --pdf or --no-pdf)" >&2; exit 2 ;;
  esac
done
bash scripts/setup.sh
if [ "$pdf" = auto ]; then
  if command -v xelatex >/dev/null 2>&1 && command -v latexmk >/dev/null 2>&1; then
    pdf=1
  else
    pdf=0
    echo "build.sh: no PDF (TeX is not installed): run 'bash scripts/setup.sh --with-tex' as root, then build again."
  fi
fi
if [ "$pdf" = 1 ]; then bash scripts/pdf.sh; fi
# After a failed build Sphinx keeps its environment and would re-read only the pages that changed
# since: a second run could then succeed without re-running the notebook that failed. So unless the
# last build succeeded, start from a clean environment (the execution cache is kept).
ok=_build/.mapbook-build-ok
if [ ! -f "$ok" ]; then rm -rf _build/.doctrees _build/html; fi
rm -f "$ok"
# scripts/jb.py is jupyter-book's command line with imports a build may not use deferred and the
# entry points scanned once (most of a rebuild with nothing changed)
.venv/bin/python scripts/jb.py build . -W -n --keep-going
mkdir -p _build && touch "$ok"
echo
echo "The book is built. Open: file://$PWD/_build/html/index.html"
echo "Notebooks for Jupyter: $PWD/_build/notebooks/reader and $PWD/_build/notebooks/student"
if [ -f _build/html/mapbook.pdf ]; then
  echo "The PDF (linked from the intro): $PWD/_build/html/mapbook.pdf; student edition: $PWD/_build/pdf/mapbook-student.pdf"
fi
