#!/usr/bin/env bash
# Open the chapters in JupyterLab, as a reader or a student meets them: a working copy of the
# reader notebooks (with --student: the student notebooks) that the build generates from the
# chapters, in a folder outside the repository's tracked files, so that nothing you type changes
# the chapters the tests check. mapmath is importable (it is installed into .venv).
#
#   bash scripts/lab.sh              # reader notebooks: each solution closed after its exercise
#   bash scripts/lab.sh --student    # student notebooks: no solutions, an answer cell per exercise
#   bash scripts/lab.sh --fresh      # replace an existing working copy with the latest build
#   (further options go to `jupyter lab`, e.g. --no-browser --port 8899)
#
# The working copy is ${MAPBOOK_WORKDIR:-$HOME/mapbook-notebooks}/reader (or .../student). An
# existing copy is kept as it is (it holds your work) unless --fresh is given.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

edition=reader
fresh=0
args=()
for arg in "$@"; do
  case "$arg" in
    --student) edition=student ;;
    --reader) edition=reader ;;
    --fresh) fresh=1 ;;
    *) args+=("$arg") ;;
  esac
done

bash scripts/setup.sh
if [ ! -d "_build/notebooks/$edition" ] || [ -z "$(ls _build/notebooks/"$edition"/*.ipynb 2>/dev/null)" ]; then
  echo "lab.sh: no generated notebooks yet; building the book first (bash scripts/build.sh)"
  bash scripts/build.sh --no-pdf
fi

work=${MAPBOOK_WORKDIR:-$HOME/mapbook-notebooks}/$edition
case "$(realpath -m "$work")/" in
  "$root"/chapters/*|"$root"/mapmath/*|"$root"/tests/*) echo "lab.sh: MAPBOOK_WORKDIR must not be inside the book's sources" >&2; exit 2 ;;
esac
if [ "$fresh" = 1 ] || [ ! -d "$work" ]; then
  rm -rf "$work"
  mkdir -p "$work"
  cp _build/notebooks/"$edition"/*.ipynb "$work"/
  echo "lab.sh: copied the $edition notebooks to $work"
else
  echo "lab.sh: using your working copy in $work (bash scripts/lab.sh --fresh replaces it)"
fi
if [ "$(id -u)" = 0 ]; then args+=(--allow-root); fi
exec .venv/bin/jupyter lab --notebook-dir="$work" "${args[@]}"
