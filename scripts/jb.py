"""jupyter-book's command line with one import deferred: ``.venv/bin/python scripts/jb.py build ...``
runs exactly ``jupyter-book build ...``.

Every ``jupyter-book`` run imports ``jsonschema`` (jupyter-book validates ``_config.yml`` with it,
nbformat validates each notebook), and ``import jsonschema`` imports ``rfc3987_syntax``, which
compiles a Lark (Earley) grammar of RFC 3987 IRIs at import time: about 1.4 s of CPU, a third of a
warm rebuild with nothing changed. The grammar is used only by jsonschema's ``iri`` and
``iri-reference`` format checkers; the schemas of the build (jupyter-book's config schema, nbformat's
notebook schema) use neither format, and their validators check no format at all. So before
jupyter-book starts, a stand-in for ``rfc3987_syntax`` is registered that imports the real module
the first time anything is read from it: validation is unchanged (a format check that needs the
grammar gets it), only the cost moves to where it is used, which in the build is nowhere.

Used by ``scripts/build.sh``, ``scripts/student.sh``, ``scripts/pdf.sh``, ``scripts/benchmark.py``
and the tests' build (``tests/built_site.py``); :func:`defer_import` also by ``scripts/solutions.py``
and ``scripts/course.py`` when run as scripts (each reads and writes notebooks with nbformat), and
``tests/early_plugin.py`` registers the same stand-in in every pytest process (nbval's plugin imports
nbformat, hence jsonschema).
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
import types

LAZY = "rfc3987_syntax"


def defer_import(name: str) -> None:
    """Register a stand-in for module ``name`` that imports the real one on first attribute read.

    Does nothing if ``name`` is already imported or is not installed (then ``import`` fails as
    it would have)."""
    if name in sys.modules:
        return
    spec = importlib.util.find_spec(name)
    if spec is None:
        return
    real: list[types.ModuleType] = []

    def load() -> types.ModuleType:
        if not real:
            if sys.modules.get(name) is stand_in:
                del sys.modules[name]
            real.append(importlib.import_module(name))
        return real[0]

    class StandIn(types.ModuleType):
        def __getattr__(self, attribute: str):
            if attribute.startswith("__") and attribute.endswith("__"):
                raise AttributeError(attribute)
            return getattr(load(), attribute)

    stand_in = StandIn(name, f"stand-in for {name}, imported on first use (scripts/jb.py)")
    stand_in.__spec__ = spec
    stand_in.__file__ = spec.origin

    # ``from rfc3987_syntax import is_valid_syntax`` binds this function: it loads the grammar
    # when a format checker first calls it
    def is_valid_syntax(term: str, value: str) -> bool:
        return load().is_valid_syntax(term, value)

    stand_in.is_valid_syntax = is_valid_syntax
    sys.modules[name] = stand_in


def main() -> int:
    defer_import(LAZY)
    from jupyter_book.cli.main import main as jupyter_book

    sys.argv[0] = "jupyter-book"
    return jupyter_book()


if __name__ == "__main__":
    sys.exit(main())
