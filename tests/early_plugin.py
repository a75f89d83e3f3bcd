"""A pytest plugin loaded before every other one (``-p early_plugin`` in ``pyproject.toml``'s
``addopts``; ``tests/`` and ``scripts/`` are on ``pythonpath`` there).

nbval's plugin, loaded by pytest at start-up in every process of a run (the controller and each
xdist worker), imports ``nbformat``, which imports ``jsonschema``, which imports ``rfc3987_syntax``:
that module compiles a grammar at import time, about 1.5 s of CPU per process, for two format
checkers that no schema of the book uses. As ``scripts/jb.py`` does for ``jupyter-book``, a stand-in
registered here imports the real module on first use (validation is unchanged; only the cost moves to
where the grammar is needed, which in the tests is nowhere).
"""

from jb import LAZY, defer_import

defer_import(LAZY)
