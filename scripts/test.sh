#!/usr/bin/env bash
# Run the tests.
#
#   bash scripts/test.sh            # every test (what CI runs, through .ci/run)
#   bash scripts/test.sh --quick    # the edit loop: ruff, the unit tests (no build, no browser, no
#                                   # PDF; property tests with 10 examples each instead of 100) and
#                                   # nbval of the chapters changed since the last commit
#   bash scripts/test.sh [--quick] ARGS...   # extra pytest arguments (e.g. -x, -k NAME)
#
# The whole suite: ruff; mapmath unit/property tests and cross-checks; nbval (strict) over every
# chapter; the strict book build (-W -n --keep-going) and the checks on the built site; the generated
# reader/student notebooks in JupyterLab, in a fresh kernel and in a fresh environment; the PDF and the
# student PDF (tests/test_pdf.py: built from the sources, cached between runs by a hash of its inputs,
# read with pdftotext). Each build is made once per run and shared by the tests and both workers
# (tests/conftest.py); the longest test files start first. The timeline of the run (every test's
# duration, nbval's chapter cells included) goes to test-artifacts/timeline.txt, and a summary per
# test file to test-artifacts/timeline-files.txt.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
# two pytest workers on two cores, each starting kernels: one BLAS thread per process, so that the
# workers' linear algebra does not fight over the cores (OpenBLAS would start a thread per core in each)
export OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 MKL_NUM_THREADS=1
# pytest's temporary folders in the checkout, not in the machine's shared /tmp/pytest-of-$USER (where
# any other pytest run of the same user removes all but the three newest, possibly while in use)
tmp=_build/.pytest-tmp
mkdir -p _build  # a clean checkout has no _build yet: pytest makes only the last folder of --basetemp
quick=0
if [ "${1:-}" = "--quick" ]; then quick=1; shift; fi

if [ "$quick" = 1 ]; then
  bash scripts/setup.sh
  .venv/bin/ruff check .
  # the chapters changed since the last commit: modified, staged or new (untracked)
  mapfile -t changed < <({ git diff --name-only HEAD -- 'chapters/*.ipynb'
                           git ls-files --others --exclude-standard -- 'chapters/*.ipynb'; } | sort -u |
                         while read -r f; do [ -f "$f" ] && echo "$f"; done)
  echo "test.sh --quick: nbval of ${#changed[@]} changed chapter(s): ${changed[*]:-none}"
  # in the order tests/conftest.py sorts the files (the longest unit-test files first)
  HYPOTHESIS_PROFILE=${HYPOTHESIS_PROFILE:-quick} .venv/bin/python -m pytest -n 2 --dist loadfile --no-loadscope-reorder -q \
    -m "not build and not browser" --basetemp "$tmp" \
    --nbval --nbval-current-env tests "${changed[@]}" "$@"
  exit
fi

bash scripts/setup.sh --with-browser --with-tex
.venv/bin/ruff check .
# --dist loadfile hands out whole files (nbval: one notebook), in the order tests/conftest.py sorts
# them (--no-loadscope-reorder keeps it: the longest files first, the small unit-test files last).
status=0
.venv/bin/python -m pytest -n 2 --dist loadfile --no-loadscope-reorder --basetemp "$tmp" \
  --nbval --nbval-current-env tests chapters "$@" || status=$?
.venv/bin/python scripts/benchmark.py --timeline-summary || true
exit "$status"
