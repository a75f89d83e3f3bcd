"""A rebuild that reads no page skips the two book-wide passes whose inputs it did not change.

Sphinx runs every build to the end even when nothing changed (issue 17: the warm rebuild); two
passes of it then redo, from the same inputs, what the last build worked out and kept in Sphinx's
environment (``_build/.doctrees/environment.pickle``):

- the figure numbers (Sphinx's ``TocTreeCollector.assign_figure_numbers``: exercises, theorems,
  figures, tables...) are recomputed by unpickling and walking every page's doctree, about 0.4 s;
- sphinxcontrib-bibtex formats the bibliography again (pybtex, about 0.15 s).

The numbers depend only on the pages' doctrees and the environment's configuration; the formatted
bibliography only on the pages (their citations and ``bibliography`` directives), the ``.bib`` files,
the ``bibtex_*`` settings and the code of the style. Sphinx purges a page (``env-purge-doc``) before
it reads it again, when it is removed, and for every page when the environment starts afresh (a
changed configuration, extension or Sphinx); a page whose ``.bib`` file changed is read again
(the ``bibliography`` directive notes the file as a dependency). So a build in which no page was
purged keeps the numbers of the last one, and keeps its formatted bibliography when in addition the
key of the rest (:func:`_bibliography_key`: the settings, the ``.bib`` files' times, the versions
of pybtex and sphinxcontrib-bibtex, the code of the book's extensions) is the one stored with it and
formatting it then warned of nothing (so that a warning is given again, as before, until fixed).
Formatted again in a build that reads no page (the key changed), the bibliography's page is
rewritten, and every citing page if an entry now reads differently (before, such a change reached
the notebooks but no page).
The numbers and the bibliography kept are the ones in the environment, which Sphinx saves with the
key whenever a page was read; everything else Sphinx does (reading nothing, writing the pages it
finds out of date, ``mapbook_notebooks``' notebooks) is unchanged.

Loading the environment is the third cost of every build: sphinx-exercise keeps a copy of each
exercise's and solution's node in it (``env.sphinx_exercise_registry``), and each copy still points
at the whole page it was read from (docutils' ``node.document``; a solution's is the page's own node),
so the environment held every chapter's doctree a second time (2.6 of its 3.4 MB). What is read
from these copies is their titles, labels and numbers, never their page: once the pages are read,
the registry keeps copies without it (:func:`_registry_without_pages`), as a later build finds
them anyway (unpickled apart from the pages' doctrees).
"""

from __future__ import annotations

import functools
import hashlib
from importlib.metadata import version
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.environment.collectors.toctree import TocTreeCollector
from sphinx.util import logging

LOGGER = logging.getLogger(__name__)
PAGES_READ = "mapbook_warm_pages_read"  # attribute of the app: a page was purged in this build
BIB_KEY = "mapbook_warm_bibliography_key"  # attribute of the environment (saved with it)


def _note_purge(app: Sphinx, env: BuildEnvironment, docname: str) -> None:
    setattr(app, PAGES_READ, True)


def nothing_read(env: BuildEnvironment) -> bool:
    """True when this build has purged no page of the environment (and uses this extension)."""
    app = getattr(env, "app", None)
    return app is not None and getattr(app, PAGES_READ, None) is False


def _keep_figure_numbers(assign):
    """Sphinx's ``assign_figure_numbers``, skipped (no page to rewrite) when no page was purged."""
    @functools.wraps(assign)
    def assign_figure_numbers(self, env: BuildEnvironment) -> list[str]:
        if nothing_read(env):
            _kept(env.app, "figure numbers")
            return []
        return assign(self, env)

    assign_figure_numbers.mapbook_warm = True
    return assign_figure_numbers


def _extension_code() -> list[tuple[str, str]]:
    """The SHA-256 of every module of the book's extensions (this folder, ``_ext``): a pybtex style
    defined there (``mapbook_bibstyle``, with ``mapbook_structure``'s labels) formats the entries."""
    return [(path.name, hashlib.sha256(path.read_bytes()).hexdigest())
            for path in sorted(Path(__file__).parent.glob("*.py"))]


def _bibliography_key(domain) -> str:
    """What the formatted bibliography depends on besides the pages."""
    env = domain.env
    settings = sorted((name, repr(env.config[name])) for name in env.config.values if name.startswith("bibtex_"))
    bibfiles = sorted((str(path), bibfile.mtime) for path, bibfile in domain.bibdata.bibfiles.items())
    versions = [version("pybtex"), version("sphinxcontrib-bibtex")]
    parts = repr((settings, bibfiles, domain.bibdata.encoding, versions, _extension_code()))
    return hashlib.sha256(parts.encode()).hexdigest()


def _rendered(citations) -> list[tuple]:
    """What the pages show of each formatted citation."""
    return [(c.citation_id, c.key, c.formatted_entry.label, c.formatted_entry.text.render_as("text"),
             c.tooltip_entry.text.render_as("text") if c.tooltip_entry else None) for c in citations]


def _keep_bibliography(env_updated):
    """sphinxcontrib-bibtex's ``BibtexDomain.env_updated`` (formats every cited entry), skipped when
    no page was purged and the bibliography's key is the one its kept formatting was made with.

    Formatted again in a build that reads no page (a setting, the style's code or a ``.bib`` file
    changed), the bibliography's pages are rewritten, and the pages that cite if an entry reads
    differently: so Sphinx saves the environment, with the new key, and the site shows the change."""
    @functools.wraps(env_updated)
    def keep_or_format(self):
        key = _bibliography_key(self)
        if nothing_read(self.env) and getattr(self.env, BIB_KEY, None) == key:
            _kept(self.env.app, "formatted bibliography")
            return []
        app = self.env.app
        warnings, before = app._warncount, _rendered(self.citations)
        result = list(env_updated(self) or [])
        if app._warncount != warnings:  # kept only if it warned of nothing: the warning comes again
            setattr(self.env, BIB_KEY, None)
            return result
        setattr(self.env, BIB_KEY, key)
        if nothing_read(self.env):
            rewrite = {bibliography.docname for bibliography in self.bibliographies}
            if _rendered(self.citations) != before:
                rewrite |= {ref.docname for ref in self.citation_refs}
            result += sorted(rewrite - set(result))
        return result

    keep_or_format.mapbook_warm = True
    return keep_or_format


def _registry_without_pages(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """Keep sphinx-exercise's nodes in its registry without the page they were read from: its own
    copies of the exercises lose their ``node.document``; a solution, registered as the node of the
    page itself, is replaced by such a copy (the page's node, which the page's doctree still holds,
    is left as it is)."""
    for info in getattr(env, "sphinx_exercise_registry", {}).values():
        node = info.get("node")
        if node is None:
            continue
        if node.parent is not None:
            node = info["node"] = node.deepcopy()
        for part in node.findall():
            part.__dict__.pop("_document", None)
    return []


def _kept(app: Sphinx, what: str) -> None:
    app.mapbook_warm_kept = [*getattr(app, "mapbook_warm_kept", []), what]


def _reset(app: Sphinx) -> None:
    setattr(app, PAGES_READ, False)
    app.mapbook_warm_kept = []


def _report(app: Sphinx, exception: Exception | None) -> None:
    if getattr(app, "mapbook_warm_kept", None):
        LOGGER.info("mapbook_warm: no page read: %s kept", " and ".join(app.mapbook_warm_kept))


def setup(app: Sphinx) -> dict:
    from sphinxcontrib.bibtex.domain import BibtexDomain

    if not getattr(TocTreeCollector.assign_figure_numbers, "mapbook_warm", False):
        TocTreeCollector.assign_figure_numbers = _keep_figure_numbers(TocTreeCollector.assign_figure_numbers)
    if not getattr(BibtexDomain.env_updated, "mapbook_warm", False):
        BibtexDomain.env_updated = _keep_bibliography(BibtexDomain.env_updated)
    app.connect("builder-inited", _reset)
    app.connect("env-purge-doc", _note_purge)
    app.connect("env-updated", _registry_without_pages)
    app.connect("build-finished", _report)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
