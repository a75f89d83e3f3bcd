#!/usr/bin/env bash
# Build the student edition: the same website with every exercise and no solution at all (neither
# the solution text nor its code, not even in the downloadable .ipynb files).
#
#   bash scripts/student.sh            # -> _build_student/html/index.html
#   bash scripts/student.sh OUT_DIR    # -> OUT_DIR/html/index.html (used by tests/test_solutions.py)
#
# The site's download buttons and its zip (notebooks/mapbook-student-notebooks.zip) give the student
# notebooks (_ext/mapbook_notebooks.py): no solution cell, an answer cell after each exercise.
#
# How: `scripts/solutions.py strip` copies the book into a temporary folder and drops every cell of
# every gated solution ({solution-start} ... {solution-end}) from the copied notebooks. The copy is
# then built strictly (-W -n --keep-going) WITHOUT executing the notebooks (MAPBOOK_NB_EXECUTION_MODE=off):
# the remaining cells keep the outputs stored by scripts/execute.sh, so a later cell that used a
# variable defined inside a solution still shows its stored output instead of failing. nbval checks
# separately that those stored outputs are current.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
bash scripts/setup.sh
out=${1:-$root/_build_student}
mkdir -p "$out"
out=$(cd "$out" && pwd)

tmp=$(mktemp -d "${TMPDIR:-/tmp}/mapbook-student.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
book=$tmp/book

.venv/bin/python scripts/solutions.py strip . "$book"
# The mapmath wheel of the reader's build, when its sources are the same (the build keys it by their
# digest, _ext/mapbook_notebooks.py): both editions then publish the same wheel, built once.
if [ -d _build/.mapmath-wheel ]; then mkdir -p "$book/_build" && cp -r _build/.mapmath-wheel "$book/_build/"; fi
# Browser assets (MathJax, see _ext/) are served from the original checkout's node_modules.
if [ -d node_modules ]; then ln -s "$root/node_modules" "$book/node_modules"; fi
# The build switches (_ext/mapbook_site.py): stored outputs only, student wording ({only} student
# blocks), student notebooks for download (_ext/mapbook_notebooks.py), "(student edition)" in the title;
# the student PDF, when `scripts/build.sh --pdf` has built it, is published and linked (_ext/mapbook_pdf.py).
if [ -f "$root/_build/pdf/mapbook-student.pdf" ]; then export MAPBOOK_PDF="$root/_build/pdf/mapbook-student.pdf"; fi
MAPBOOK_NB_EXECUTION_MODE=off MAPBOOK_EDITION=student \
  .venv/bin/python scripts/jb.py build "$book" -W -n --keep-going  # = jupyter-book build

rm -rf "$out/html" "$out/notebooks"
cp -r "$book/_build/html" "$out/html"
cp -r "$book/_build/notebooks/student" "$out/notebooks"
# The stripped copy must not leak a solution: fail loudly if any page or source still has one.
if grep -rlE 'solution-start|class="solution|tag_solution' "$out/html" >/dev/null; then
  echo "student.sh: a solution survived in:" >&2
  grep -rlE 'solution-start|class="solution|tag_solution' "$out/html" >&2
  exit 1
fi
echo
.venv/bin/python - "$out/html/notebooks/mapbook-student-notebooks.zip" <<'EOF'
import re, sys, zipfile

with zipfile.ZipFile(sys.argv[1]) as z:
    leaks = [n for n in z.namelist() if re.search(rb'"solution"|Solution to Exercise|solution-start', z.read(n))]
if leaks:
    sys.exit(f"student.sh: a solution survived in the student zip: {leaks}")
EOF
echo "The student edition is built (no solutions). Open: file://$out/html/index.html"
echo "Student notebooks: $out/notebooks (and html/notebooks/mapbook-student-notebooks.zip)"
