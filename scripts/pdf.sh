#!/usr/bin/env bash
# Build the book as PDF through LaTeX (Sphinx's LaTeX builder, XeLaTeX; _ext/mapbook_pdf.py):
#
#   bash scripts/pdf.sh            # -> _build/pdf/mapbook.pdf and _build/pdf/mapbook-student.pdf
#   bash scripts/pdf.sh OUT_DIR    # -> OUT_DIR/mapbook.pdf, OUT_DIR/mapbook-student.pdf (tests/test_pdf.py)
#
# (`bash scripts/build.sh --pdf` runs this, then builds the website, which then links the PDF.)
#
# mapbook.pdf is the reader's book: the solutions are gathered in an appendix, "Solutions to the
# exercises", each linked from its exercise. mapbook-student.pdf is built from the student copy of
# the book (`scripts/solutions.py strip`, as scripts/student.sh does): no solution at all.
#
# Both render the notebooks' STORED outputs (execute_notebooks: off): no kernel starts, nothing is
# downloaded. The outputs are current because nbval (in the test command) re-executes every chapter
# and compares them. TeX Live comes from Debian (scripts/setup.sh --with-tex). The LaTeX sources and
# logs stay in OUT_DIR/.work/{reader,student} (kept, so that a second build only re-runs LaTeX).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
bash scripts/setup.sh --with-tex
out=${1:-$root/_build/pdf}
mkdir -p "$out"
out=$(cd "$out" && pwd)
work=$out/.work
mkdir -p "$work"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/mapbook-pdf.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

# One edition: jupyter-book's pdflatex builder (Sphinx -> LaTeX -> latexmk/xelatex), strict.
build() {  # build EDITION BOOK_DIR TARGET_PDF
  local edition=$1 book=$2 target=$3 start log
  start=$(date +%s)
  log=$work/$edition.log
  # The book's own _build/ must not be reused: the PDF has its own Sphinx environment (--path-output).
  # LATEXMKOPTS=-xelatex (read by the Makefile that Sphinx writes, as its comment advises): latexmk
  # runs `xelatex --no-pdf` until the references settle, then xdvipdfmx once, instead of making the
  # whole PDF (every figure embedded again) at each of the three XeLaTeX passes: the same PDF
  # (the same pages and text), about 40 % less CPU.
  if ! MAPBOOK_NB_EXECUTION_MODE=off PYDEVD_DISABLE_FILE_VALIDATION=1 LATEXMKOPTS=-xelatex \
      "$root/.venv/bin/python" "$root/scripts/jb.py" build "$book" --builder pdflatex -W -n --keep-going \
      --path-output "$work/$edition" >"$log" 2>&1; then
    tail -n 60 "$log" >&2
    echo "pdf.sh: the $edition PDF failed to build; full log: $log (LaTeX: $work/$edition/_build/latex/mapbook.log)" >&2
    exit 1
  fi
  cp "$work/$edition/_build/latex/mapbook.pdf" "$target"
  echo "pdf.sh: $target ($(( $(date +%s) - start )) s)"
}

build reader "$root" "$out/mapbook.pdf"

"$root/.venv/bin/python" scripts/solutions.py strip . "$tmp/book"
# the student wording ({only} student blocks) and title: the build switch of _ext/mapbook_site.py
MAPBOOK_EDITION=student build student "$tmp/book" "$out/mapbook-student.pdf"
# The student PDF must not hold a solution (the appendix, a forward link, a solution box).
if command -v pdftotext >/dev/null 2>&1 && pdftotext "$out/mapbook-student.pdf" - | grep -nE 'Solution to Exercise|Solutions to the exercises' >&2; then
  echo "pdf.sh: a solution survived in $out/mapbook-student.pdf" >&2
  exit 1
fi
