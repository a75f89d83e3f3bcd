"""jupyter-book's command line with the start-up of a build made cheaper:
``.venv/bin/python scripts/jb.py build ...`` runs exactly ``jupyter-book build ...``.

A rebuild with nothing changed is mostly start-up (issue 17: the warm rebuild). Two things are
done before jupyter-book starts, neither of which changes what a build does:

Imports deferred until used (:func:`defer_import`, :data:`DEFERRED`). A stand-in is registered
for a module, which imports the real one the first time anything is read from it or one of the
functions (classes) other modules import from it is called:

- ``rfc3987_syntax``: every ``jupyter-book`` run imports ``jsonschema`` (jupyter-book validates
  ``_config.yml`` with it, nbformat validates each notebook), and ``import jsonschema`` imports
  ``rfc3987_syntax``, which compiles a Lark (Earley) grammar of RFC 3987 IRIs at import time: about
  1.4 s of CPU. The grammar is used only by jsonschema's ``iri`` and ``iri-reference`` format
  checkers; the schemas of the build (jupyter-book's config schema, nbformat's notebook schema) use
  neither format, and their validators check no format at all.
- myst-nb's execution clients (``myst_nb.core.execute.cache``, ``.direct``, ``.inline``): importing
  them imports jupyter-cache (SQLAlchemy), nbclient and jupyter_client (ZeroMQ), about 0.3 s, though
  they are used only when a notebook is read; a rebuild that reads none never calls them.
- ``jupyter_client.kernelspec`` (``find_kernel_specs``, imported by ``jupyter_book.utils`` for
  ``jupyter-book create``): importing it imports all of ``jupyter_client``.

Entry points looked up once (:func:`remember_entry_points`): ``importlib.metadata.entry_points``
reads the metadata of every installed distribution on each call; Sphinx (themes), Pygments,
pybtex and sphinxcontrib-bibtex (styles, backends) call it a dozen times a build. The installed
distributions do not change while jupyter-book runs, so the first answer (for the same
``sys.path``) is kept and each call selects from it.

Used by ``scripts/build.sh``, ``scripts/student.sh``, ``scripts/pdf.sh``, ``scripts/benchmark.py``
and the tests' build (``tests/built_site.py``); :func:`defer_import` of :data:`LAZY` also by
``scripts/solutions.py`` and ``scripts/course.py`` when run as scripts (each reads and writes notebooks
with nbformat), and ``tests/early_plugin.py`` registers the same stand-in in every pytest process
(nbval's plugin imports nbformat, hence jsonschema).
"""

from __future__ import annotations

import importlib
import importlib.machinery
import importlib.util
import sys
import threading
import types

LAZY = "rfc3987_syntax"
# module -> the functions and classes other modules import from it (``from module import name``)
DEFERRED = {
    LAZY: ("is_valid_syntax",),
    "myst_nb.core.execute.cache": ("NotebookClientCache",),
    "myst_nb.core.execute.direct": ("NotebookClientDirect",),
    "myst_nb.core.execute.inline": ("NotebookClientInline",),
    "jupyter_client.kernelspec": ("find_kernel_specs",),
}


def _spec_without_importing(name: str):
    """The module spec of ``name``, found without importing the packages it is in (as
    ``importlib.util.find_spec`` would for a submodule of a package not yet imported)."""
    package = name.rpartition(".")[0]
    if not package or package in sys.modules:
        return importlib.util.find_spec(name)
    parent = _spec_without_importing(package)
    if parent is None or parent.submodule_search_locations is None:
        return None
    return importlib.machinery.PathFinder.find_spec(name, parent.submodule_search_locations)


def defer_import(name: str) -> None:
    """Register a stand-in for module ``name`` that imports the real one on first attribute read,
    or on the first call of one of its :data:`DEFERRED` names.

    Does nothing if ``name`` is already imported or is not installed (then ``import`` fails as
    it would have)."""
    if name in sys.modules:
        return
    spec = _spec_without_importing(name)
    if spec is None:
        return
    real: list[types.ModuleType] = []
    lock = threading.RLock()  # a cold build imports from threads (_ext/mapbook_execution.py)

    def load() -> types.ModuleType:
        with lock:
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

    # ``from rfc3987_syntax import is_valid_syntax`` binds this forwarder: it loads the grammar
    # when a format checker first calls it (so with each name of DEFERRED)
    def forwarder(attribute: str):
        def call(*args, **kwargs):
            return getattr(load(), attribute)(*args, **kwargs)

        call.__name__ = call.__qualname__ = attribute
        return call

    for attribute in DEFERRED.get(name, ()):
        setattr(stand_in, attribute, forwarder(attribute))
    sys.modules[name] = stand_in


def remember_entry_points() -> None:
    """Make ``importlib.metadata.entry_points`` scan the installed distributions once per ``sys.path``."""
    import importlib.metadata as metadata

    scan = metadata.entry_points
    if getattr(scan, "remembered", False):
        return
    found: dict[tuple[str, ...], object] = {}

    def entry_points(**params):
        key = tuple(sys.path)
        if key not in found:
            found.clear()
            found[key] = scan()
        everything = found[key]
        return everything.select(**params) if params else everything

    entry_points.remembered = True
    entry_points.__doc__ = scan.__doc__
    metadata.entry_points = entry_points


def main() -> int:
    for name in DEFERRED:
        defer_import(name)
    remember_entry_points()
    from jupyter_book.cli.main import main as jupyter_book

    sys.argv[0] = "jupyter-book"
    return jupyter_book()


if __name__ == "__main__":
    sys.exit(main())
