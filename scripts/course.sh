#!/usr/bin/env bash
# Write a graded course for nbgrader (the Jupyter project's assignment system) into DIR:
# DIR/nbgrader_config.py and DIR/source/NN_name/NN_name.ipynb for every chapter with exercises.
#
#   bash scripts/course.sh DIR            # one assignment per chapter: its exercises
#   bash scripts/course.sh DIR --full     # ... the whole chapter, prose, code and figures
#   bash scripts/course.sh DIR --points 2 # points per checked answer (default 1)
#
# Then, in DIR (see teaching.md, "Teaching with this book"):
#   nbgrader generate_assignment 05_reparameterization   # release/05_...: no solution, no hidden test
#   nbgrader release_assignment 05_reparameterization    # to the exchange (or hand out release/ as files)
#   nbgrader collect 05_reparameterization               # the students' submissions into submitted/
#   nbgrader autograde 05_reparameterization             # run them; grades into gradebook.db
#   nbgrader formgrader / nbgrader generate_feedback 05_reparameterization
#
# The source notebooks are made from the generated student notebooks (_build/notebooks/student,
# written by scripts/build.sh, which runs first when they are missing) by scripts/course.py: each
# answer cell holds the reference answer between ### BEGIN/END SOLUTION, each checker gets a hidden
# test cell (### BEGIN/END HIDDEN TESTS) worth its points, and every other cell is read-only.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ $# -lt 1 ] || [[ "$1" == -* ]]; then
  echo "usage: bash scripts/course.sh DIR [--full] [--points N]" >&2
  exit 2
fi
bash scripts/setup.sh
if [ -z "$(ls _build/notebooks/student/*.ipynb 2>/dev/null)" ]; then
  echo "course.sh: no student notebooks yet; building the book first (bash scripts/build.sh)"
  bash scripts/build.sh
fi
.venv/bin/python scripts/course.py "$@"
echo "course.sh: next, in $1: nbgrader generate_assignment <NN_name> (see nbgrader_config.py)"
