"""Sphinx extension for mapbook's website: it works offline and its pages load without errors.

Enabled from ``_config.yml`` (``sphinx.local_extensions``). Two things:

1. **MathJax from the site itself.** Sphinx's ``mathjax_path`` defaults to a jsDelivr URL. Here it
   points at a copy of the npm package ``mathjax`` (pinned in ``package.json`` /
   ``package-lock.json``, installed into ``node_modules/`` by ``scripts/setup.sh`` with ``npm ci``),
   copied into ``<outdir>/_static/mathjax``. The files never sit in the book's ``_static/`` source
   folder: Jupyter Book injects every ``.js`` found there as a ``<script>`` on every page.
   ``offline_mathjax_source`` (default ``node_modules/mathjax/es5``, relative to the book root)
   names the folder to copy; a ``mathjax_path`` set by the book is left alone.

2. **No duplicated inline scripts.** Sphinx 7.4 registers an inline script added after the builder
   started (``app.add_js_file(None, body=...)``, as sphinx-togglebutton and sphinx-thebe do) twice:
   once as filename ``None`` and again as ``''`` when it re-reads the registry. A page then runs
   ``const THEBE_JS_URL = ...`` twice and the console shows ``SyntaxError: Identifier
   'THEBE_JS_URL' has already been declared``. Duplicates are dropped from each page's scripts.

4. **Numbers typeset as numbers** (the site and the PDF). A glued value (myst-nb's ``{glue:text}``, a
   ``span.pasted-text``) is shown with a true minus sign (U+2212) and scientific notation as
   ×10ⁿ (``7.3e-14`` -> ``7.3×10⁻¹⁴``): ``mapbook_notebooks.typeset_number``, which the reader
   notebooks' text uses too, so that all three show the same (the PDF's fonts have the glyphs).

5. **Search snippets that show the match.** Sphinx's search summary looks for the *stemmed* query
   ("jeffrei") in the page's ``[role=main]`` text, which in this theme starts with the toolbar
   ("Binder", ".ipynb", ".md"); when the stem is not in the text the snippet is the toolbar.
   ``static/mapbook-search.js`` (search page only) takes the text of the article and looks for the
   words as typed, then the stems.

6. **Theme fixes on every page** (``static/mapbook-page.js``): the sidebar buttons that
   sphinx-book-theme shows open the drawers at every width (pydata-sphinx-theme binds its handler to
   a hidden copy of them), and a solution's title row opens the solution instead of following the
   link back to the exercise (a small separate link keeps the way back).

3. **Build switches from the environment, in one place.** The one way to change how a build
   runs without editing ``_config.yml``:

   - ``MAPBOOK_NB_EXECUTION_MODE`` (``off``, ``cache``, ``force``, ``auto``, ``inline``) overrides
     ``execute.execute_notebooks``. The tests and the student edition build with ``off`` (the
     stored outputs, which nbval proves current), so no notebook is executed twice.
   - ``MAPBOOK_EDITION`` (``reader`` or ``student``) overrides ``mapbook_edition``
     (``_ext/mapbook_notebooks.py``); the student edition's title says so.
"""

from __future__ import annotations

import filecmp
import os
import shutil
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.errors import ExtensionError
from sphinx.ext.mathjax import MATHJAX_URL
from sphinx.util import logging

logger = logging.getLogger(__name__)

ENTRY = "tex-mml-chtml.js"  # the combined component Sphinx loads from the CDN by default
TARGET = "mathjax"  # folder under <outdir>/_static


# --- 1. MathJax served by the site ------------------------------------------------------------


def _point_mathjax_to_local_copy(app: Sphinx, config: Config) -> None:
    if config.mathjax_path == MATHJAX_URL:
        config.mathjax_path = f"{TARGET}/{ENTRY}"  # relative paths are taken under _static/


def _sync_tree(src: Path, dst: Path) -> int:
    """Copy ``src`` into ``dst``, skipping files already identical; return how many were copied."""
    copied = 0
    for path in src.rglob("*"):
        target = dst / path.relative_to(src)
        if path.is_dir():
            target.mkdir(parents=True, exist_ok=True)
        elif not target.exists() or not filecmp.cmp(path, target, shallow=True):
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, target)
            copied += 1
    return copied


def _copy_mathjax(app: Sphinx) -> None:
    """Copy MathJax into ``<outdir>/_static/mathjax`` before pages are written (so each page's
    ``?v=`` checksum is computed from the real file)."""
    if app.builder.format != "html":
        return
    src = (Path(app.confdir) / app.config.offline_mathjax_source).resolve()
    if not (src / ENTRY).is_file():
        raise ExtensionError(
            f"mapbook_site: {src / ENTRY} not found. MathJax is installed from npm (package.json): "
            "run `bash scripts/setup.sh` (or `npm ci`) in the book's root."
        )
    dst = Path(app.outdir) / "_static" / TARGET
    copied = _sync_tree(src, dst)
    if (src.parent / "LICENSE").is_file():  # MathJax is Apache-2.0: ship its licence with it
        shutil.copy2(src.parent / "LICENSE", dst / "LICENSE")
    logger.info("mapbook_site: MathJax in %s (%d file(s) copied from %s)", dst, copied, src)


# --- 2. each script once ----------------------------------------------------------------------


def _drop_duplicate_scripts(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any],
                            doctree: Any) -> None:
    scripts = context.get("script_files")
    if not scripts:
        return
    seen, unique = set(), []
    for js in scripts:
        key = (str(getattr(js, "filename", js) or ""), getattr(js, "priority", None),
               tuple(sorted((k, str(v)) for k, v in getattr(js, "attributes", {}).items())))
        if key not in seen:
            seen.add(key)
            unique.append(js)
    scripts[:] = unique  # the builder restores its own list after each page


# --- 3. build switches from the environment -----------------------------------------------------

EXECUTION_MODES = ("off", "cache", "force", "auto", "inline")
EDITIONS = ("reader", "student")
SWITCHES = {  # environment variable -> (config value, allowed values)
    "MAPBOOK_NB_EXECUTION_MODE": ("nb_execution_mode", EXECUTION_MODES),
    "MAPBOOK_EDITION": ("mapbook_edition", EDITIONS),
}


def _switches_from_environment(app: Sphinx, config: Config) -> None:
    for variable, (name, allowed) in SWITCHES.items():
        value = os.environ.get(variable, "").strip()
        if not value:
            continue
        if value not in allowed:
            raise ExtensionError(f"{variable}={value!r}: expected one of {list(allowed)}")
        config[name] = value
        logger.info("mapbook_site: %s = %r (from %s)", name, value, variable)
    if config["mapbook_edition"] == "student":
        _say_student_edition(config)


def _say_student_edition(config: Config) -> None:
    """The student edition's site title and PDF title say so (once)."""
    suffix = " (student edition)"
    if suffix not in (config.html_title or ""):
        config.html_title = f"{config.html_title or config.project}{suffix}"


def _student_pdf_title(app: Sphinx, env: Any) -> None:
    """The student PDF's title says so. jupyter-book writes ``latex_documents`` (with the book's
    title) after Sphinx has started, so the title is changed once the sources are read."""
    if app.config.mapbook_edition != "student" or app.builder.format != "latex":
        return
    suffix = " (student edition)"
    app.config.latex_documents = [
        (*doc[:2], doc[2] + suffix, *doc[3:]) if len(doc) > 2 and suffix not in doc[2] else tuple(doc)
        for doc in app.config.latex_documents
    ]


# --- 4. numbers typeset as numbers ----------------------------------------------------------------

def _typeset_glued_numbers(app: Sphinx, doctree: Any, docname: str) -> None:
    if app.builder.format not in {"html", "latex"}:
        return
    from docutils import nodes
    from mapbook_notebooks import typeset_number  # one function for the site and the notebooks

    for node in list(doctree.findall(nodes.inline)):
        if "pasted-text" in node["classes"] and len(node.children) == 1 and isinstance(node[0], nodes.Text):
            new = typeset_number(node.astext())
            if new != node.astext():
                node.replace(node[0], nodes.Text(new))


# --- 5. search snippets -----------------------------------------------------------------------------

STATIC = Path(__file__).parent / "static"


def _static_path(app: Sphinx, config: Config) -> None:
    config.html_static_path = [*config.html_static_path, str(STATIC)]


def _search_page_script(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any],
                        doctree: Any) -> None:
    """Add ``static/mapbook-search.js`` to the search page only (a script in the book's ``_static/``
    would run on every page)."""
    from sphinx.builders.html._assets import _JavaScript

    if pagename == "search" and isinstance(context.get("script_files"), list):
        context["script_files"].append(_JavaScript("_static/mapbook-search.js", priority=900))


def _page_script(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any],
                 doctree: Any) -> None:
    """Add ``static/mapbook-page.js`` to every page: the sidebar toggles that the theme shows work
    at every width, and a solution's title opens the solution (see the script's header)."""
    from sphinx.builders.html._assets import _JavaScript

    if isinstance(context.get("script_files"), list):
        context["script_files"].append(_JavaScript("_static/mapbook-page.js", priority=900))


def _footer_links(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any],
                  doctree: Any) -> None:
    """``{about}`` in ``html.extra_footer`` (``_config.yml``) becomes this page's link to about.html."""
    footer = context.get("theme_extra_footer")
    if isinstance(footer, str) and "{about}" in footer and "pathto" in context:
        link = "" if pagename == "about" else context["pathto"]("about")  # pathto(self) is "#"
        context["theme_extra_footer"] = footer.replace("{about}", link)


def setup(app: Sphinx) -> dict:
    app.setup_extension("sphinx.ext.mathjax")
    app.add_config_value("offline_mathjax_source", "node_modules/mathjax/es5", "html")
    app.connect("config-inited", _point_mathjax_to_local_copy)
    # mapbook_notebooks registers ``mapbook_edition``; the switches run before its own handlers
    app.add_config_value("mapbook_edition", "reader", "env")
    app.connect("config-inited", _switches_from_environment, priority=100)
    app.connect("env-updated", _student_pdf_title)
    app.connect("builder-inited", _copy_mathjax)
    # After every handler that adds scripts to the page (sphinx.ext.mathjax uses the default 500).
    app.connect("html-page-context", _drop_duplicate_scripts, priority=900)
    app.connect("doctree-resolved", _typeset_glued_numbers)
    app.connect("config-inited", _static_path)
    app.connect("html-page-context", _search_page_script)
    app.connect("html-page-context", _page_script)
    app.connect("html-page-context", _footer_links)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
