"""The build's switches: one mechanism (environment variables read by ``_ext/mapbook_site.py``).

``MAPBOOK_NB_EXECUTION_MODE`` and ``MAPBOOK_EDITION`` are the only ways the scripts and the tests
change how a book build runs; ``scripts/student.sh`` uses them instead of rewriting ``_config.yml``.
The table of contents is read in one place too (``scripts/toc.py``), and the build's list of
answer checkers, read from the sources without importing them, is the one the import gives.
"""

from __future__ import annotations

import importlib.util
import re

import pytest
import toc
from built_site import ROOT
from sphinx.errors import ExtensionError

_spec = importlib.util.spec_from_file_location("mapbook_site", ROOT / "_ext" / "mapbook_site.py")
site = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(site)


class FakeConfig(dict):
    """The two ways Sphinx's ``Config`` is read and written: items and attributes."""

    __getattr__ = dict.get

    def __setattr__(self, name, value):
        self[name] = value


def _config(**values) -> FakeConfig:
    return FakeConfig(nb_execution_mode="cache", mapbook_edition="reader", html_title="MAP", project="MAP",
                      **values)


def test_no_variable_changes_nothing(monkeypatch):
    monkeypatch.delenv("MAPBOOK_NB_EXECUTION_MODE", raising=False)
    monkeypatch.delenv("MAPBOOK_EDITION", raising=False)
    config = _config()
    site._switches_from_environment(None, config)
    assert config == _config()


def test_execution_mode_and_edition_from_the_environment(monkeypatch):
    monkeypatch.setenv("MAPBOOK_NB_EXECUTION_MODE", "off")
    monkeypatch.setenv("MAPBOOK_EDITION", "student")
    config = _config()
    site._switches_from_environment(None, config)
    assert config.nb_execution_mode == "off"
    assert config.mapbook_edition == "student"
    assert config.html_title == "MAP (student edition)"
    site._switches_from_environment(None, config)  # idempotent: the title says it once
    assert config.html_title == "MAP (student edition)"


@pytest.mark.parametrize("variable, value", [("MAPBOOK_NB_EXECUTION_MODE", "sometimes"),
                                             ("MAPBOOK_EDITION", "teacher")])
def test_an_unknown_value_is_an_error_that_names_the_variable(monkeypatch, variable, value):
    monkeypatch.setenv(variable, value)
    with pytest.raises(ExtensionError, match=rf"{variable}='{value}': expected one of"):
        site._switches_from_environment(None, _config())


@pytest.mark.parametrize("script", ["student.sh", "pdf.sh"])
def test_the_scripts_use_the_switches_and_do_not_rewrite_the_config(script):
    text = (ROOT / "scripts" / script).read_text()
    assert "MAPBOOK_EDITION=student" in text and "MAPBOOK_NB_EXECUTION_MODE=off" in text
    assert not re.search(r"safe_dump|_config\.yml\"? <<", text)


def test_the_toc_lists_every_chapter_notebook_in_reading_order():
    found = sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "chapters").glob("*.ipynb"))
    listed = [p.relative_to(ROOT).as_posix() for p in toc.chapter_notebooks(ROOT)]
    assert listed == found, "every chapters/*.ipynb is in _toc.yml, numbered in reading order"
    assert toc.documents(ROOT)[0] == "intro"


def test_one_toc_walker():
    walkers = [p.relative_to(ROOT).as_posix() for p in [*ROOT.glob("tests/*.py"), *ROOT.glob("scripts/*.py"),
                                                       *ROOT.glob("_ext/*.py")]
               if re.search(r"safe_load\([^\n]*_toc\.yml", p.read_text()) and p.name != "toc.py"]
    assert not walkers, f"read _toc.yml through scripts/toc.py, not again in {walkers}"


def test_the_build_finds_the_same_answer_checkers_as_the_import():
    """The build names each exercise's checker module in the student notebooks' answer cells. It reads
    them from ``mapmath.exercises``' sources (``_ext/mapbook_notebooks.checker_modules``) instead of
    importing the checkers (NumPy, SciPy, SymPy: a second of every build): the same names, in the same
    modules, as ``answer_checkers()`` finds by importing them."""
    from pathlib import Path

    import mapbook_notebooks

    import mapmath.exercises as exercises

    imported = {name: check.__module__ for name, check in exercises.answer_checkers().items()}
    from_source = mapbook_notebooks._checkers_from_source(Path(exercises.__path__[0]))
    assert from_source is not None, "the sources bind a check_ name otherwise than by def: the build imports them"
    assert from_source == imported
    assert mapbook_notebooks.checker_modules() == imported


JB_CHECK = """
import sys
sys.path.insert(0, {scripts!r})
import jb
for name in jb.DEFERRED:
    jb.defer_import(name)
jb.remember_entry_points()
import importlib.metadata
import myst_nb.sphinx_ext, jupyter_book.utils  # what a build imports before it reads a page
heavy = [m for m in ("jupyter_cache.base", "sqlalchemy", "nbclient", "jupyter_client", "lark") if m in sys.modules]
assert not heavy, heavy
from myst_nb.core.config import NbParserConfig
from myst_nb.core.execute import create_client
import nbformat
nb = nbformat.v4.new_notebook()
client = create_client(nb, "<string>", NbParserConfig(execution_mode="cache"), None)
from myst_nb.core.execute.cache import NotebookClientCache  # the real module, imported by the call
assert type(client) is NotebookClientCache and "sqlalchemy" in sys.modules
from jupyter_client.kernelspec import KernelSpecManager, find_kernel_specs
assert isinstance(jupyter_book.utils.find_kernel_specs(), dict) and KernelSpecManager
scan = importlib.metadata.entry_points
assert scan.remembered and scan(group="pygments.lexers") == scan(group="pygments.lexers")
names = {{e.name for e in scan(group="sphinx.html_themes")}}
assert {{"sphinx_book_theme", "pydata_sphinx_theme"}} <= names, names
print("ok")
"""


def test_jb_defers_what_a_build_that_reads_no_page_never_uses_and_gives_it_when_used():
    """``scripts/jb.py``: before jupyter-book starts, myst-nb's execution clients (jupyter-cache,
    SQLAlchemy, nbclient) and ``jupyter_client`` are stand-ins, which a call imports for real; the
    entry points are scanned once and still found."""
    import subprocess
    import sys

    run = subprocess.run([sys.executable, "-c", JB_CHECK.format(scripts=str(ROOT / "scripts"))],
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0 and run.stdout.strip() == "ok", run.stdout + run.stderr
