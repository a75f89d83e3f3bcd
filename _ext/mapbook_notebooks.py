"""Reader and student notebooks for Jupyter, generated from the chapters by every HTML build.

The chapters in ``chapters/`` are MyST notebooks: their markdown holds directives (exercises,
theorems, solutions), roles (``{glue:text}``, ``{cite}``, ``{ref}``, ``{doc}``) and label lines
that only Jupyter Book renders. JupyterLab, Jupyter Notebook, VS Code and Colab show them raw. So
the build writes, for every chapter, two plain-Jupyter-Markdown notebooks:

``_build/notebooks/reader/NN_name.ipynb``
    every glued value as its formatted text (the site's own glue data and format); exercises,
    theorems and proofs as headed Markdown numbered as on the site ("**Exercise 2.3** (title)");
    citations as author-year text linked to the bibliography (the site's labels,
    ``mapbook_structure.author_year``); cross-references as titles; the book's TeX macros defined
    in the notebook; stored outputs (figures included) kept; each solution right after its
    exercise as ONE Markdown cell (tag ``solution``): an HTML ``<details>`` that shows only
    "Solution to Exercise 2.3" until opened and holds the solution's prose, its code as code
    blocks and its outputs (:func:`solution_cell`). Nothing in it runs, so Run All, saving,
    reopening and opening it leave it closed and the notebook unmodified.
``_build/notebooks/student/NN_name.ipynb``
    the same without a single solution cell, with an answer cell after each exercise that calls
    the exercise's checker, and the student wording (``{only} student`` blocks).

Both start with a set-up cell that makes ``mapmath`` importable anywhere (Python >= 3.11): it
does nothing where this book's ``mapmath`` (the wheel's version and summary) is installed, else it
installs the wheel that the build publishes with the site, pinned by its SHA-256 (beside the
notebook in a downloaded bundle, or from the site). Nothing in them needs myst-nb. The zips'
``README.txt`` is titled with the book's name (``title`` in ``_config.yml``) and says how to start.

Where exercises, solutions and citations are found is ``mapbook_structure``'s (one owner).

Published with the site (``<html>/notebooks/``): the ``mapmath`` wheel and a zip of the edition's
notebooks (reader on the normal site, student on the student site, see ``mapbook_edition``); the
per-page download button (``_sources/chapters/NN.ipynb``) gives that edition's notebook. The
student edition's build (``scripts/student.sh``, a copy of the book without solutions) writes only
the student notebooks, the only ones it publishes.

What this costs a build (issue 17): the wheel is built in a subprocess started when the HTML builder
starts, so that it runs beside Sphinx's reading and writing, and kept by a digest of mapmath's
sources in ``_build/.mapmath-wheel`` (``MAPBOOK_WHEEL_CACHE`` names another folder: the student
edition's copy shares the book's); the checkers named in the answer cells are read from
``mapmath.exercises``' sources (:func:`checker_modules`) rather than imported (NumPy, SciPy, SymPy:
a second); cells are validated once, with their notebook. A rebuild whose inputs did not change
writes nothing (:data:`STAMP`).

The chapters are numbered per chapter on the site as well: ``Exercise 2.3`` is the third
exercise of ``chapters/02_...`` (Sphinx would number them across the whole book).

A chapter that cannot be converted (an unknown directive or role, a glue key with no value, a
label that does not exist) fails the build with a message that names the file.
"""

from __future__ import annotations

import base64
import copy
import hashlib
import html
import json
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
from mapbook_structure import (
    SOLUTION_END,
    SOLUTION_START,
    authors,
    exercises_in,
    solution_title,
    year,
)

EDITIONS = ("reader", "student")
CHAPTER = re.compile(r"^chapters/(\d+)_[\w-]+$")
CHECKS_HEADER = "# The checks of the cell above (expand to see them)"

# A directive's opening fence, e.g. ```{exercise} Title  or  :::{prf:theorem} Title
OPEN = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|:{3,})\{(?P<name>[\w:-]+)\}[ \t]*(?P<arg>.*?)[ \t]*$")
PLAIN_FENCE = re.compile(r"^[ \t]*(?P<fence>`{3,}|~{3,})")
OPTION = re.compile(r"^[ \t]*:(?P<key>[\w-]+):[ \t]*(?P<value>.*)$")
LABEL_LINE = re.compile(r"^\((?P<label>[^)\s]+)\)=[ \t]*$")
ROLE = re.compile(r"\{(?P<role>[\w:-]+)\}`(?P<content>[^`]*)`")
# left to right: a role, or an inline code span (whose content is never converted)
ROLE_OR_CODE = re.compile(r"\{(?P<role>[\w:-]+)\}`(?P<content>[^`]*)`|`[^`\n]+`")
EXPLICIT = re.compile(r"^(?P<text>.*?)\s*<(?P<target>[^<>]+)>$", re.DOTALL)

THEOREM_LIKE = {"prf:theorem": "Theorem", "prf:proposition": "Proposition", "prf:lemma": "Lemma",
                "prf:corollary": "Corollary", "prf:definition": "Definition", "prf:example": "Example",
                "prf:remark": "Remark", "prf:conjecture": "Conjecture", "prf:axiom": "Axiom",
                "prf:criterion": "Criterion", "prf:observation": "Observation", "prf:property": "Property",
                "prf:assumption": "Assumption", "prf:algorithm": "Algorithm"}
ADMONITIONS = {"note", "tip", "hint", "important", "warning", "caution", "attention", "danger", "error",
               "seealso"}


class ConversionError(ValueError):
    """A chapter uses MyST that has no plain-Markdown form here (or a target that does not exist)."""


# --- what the converter needs to know about the book --------------------------------------------


@dataclass
class Citation:
    authors: str  # "Gelman et al.", "Robert", "Lehmann and Casella"
    year: str
    anchor: str = ""  # id of the entry on the bibliography page
    entry: str = ""  # the full entry as Markdown, as the bibliography page formats it


@dataclass
class BookIndex:
    """Everything about the book that a chapter's markdown refers to (filled from the Sphinx env)."""

    titles: dict[str, str] = field(default_factory=dict)  # docname -> title
    labels: dict[str, tuple[str, str, str]] = field(default_factory=dict)  # label -> (docname, id, title)
    numbers: dict[str, tuple[int, ...]] = field(default_factory=dict)  # label -> (2, 3)
    citations: dict[str, Citation] = field(default_factory=dict)  # bibtex key -> Citation
    macros: dict[str, str] = field(default_factory=dict)  # TeX macro name -> definition
    checkers: dict[str, str] = field(default_factory=dict)  # check_x -> module path
    base_url: str = ""  # where the site is published ("" = not configured)
    bibliography_doc: str = "bibliography"
    wheel: str = ""  # file name of the mapmath wheel published with the site
    wheel_sha256: str = ""  # its SHA-256 (the set-up cell has pip check it)
    version: str = ""  # the wheel's version and summary: what the set-up cell recognises as this book's
    summary: str = ""

    def site_link(self, docname: str, anchor: str = "") -> str:
        if not self.base_url:
            return ""
        return f"{self.base_url.rstrip('/')}/{docname}.html" + (f"#{anchor}" if anchor else "")


@dataclass
class Chapter:
    """One chapter being converted: its docname, its glued values (text/plain), the edition."""

    docname: str
    glue: dict[str, str]  # key -> text/plain
    edition: str
    book: BookIndex


# --- markdown: roles ----------------------------------------------------------------------------


def format_glue(text: str, spec: str) -> str:
    """The text myst-nb's ``{glue:text}`key:spec``` role shows for a value whose text/plain is ``text``."""
    from myst_nb.core.variables import format_plain_text

    return format_plain_text(text, spec or "")


SUPERSCRIPT = str.maketrans("-+0123456789", "\u207b\u207a\u2070\u00b9\u00b2\u00b3\u2074\u2075\u2076\u2077\u2078\u2079")
SCIENTIFIC = re.compile(r"^(?P<mantissa>[-+]?\d+(?:\.\d*)?)[eE](?P<sign>[-+]?)(?P<exponent>\d+)$")
MINUS = "\u2212"


def typeset_number(text: str) -> str:
    """A glued number as prose shows it: ``-8`` -> ``−8``, ``7.3e-14`` -> ``7.3×10⁻¹⁴``,
    ``1e-07`` -> ``10⁻⁷``, ``0.0e+00`` -> ``0``; ``-1/110`` -> ``−1/110``. Other text is kept."""
    stripped = text.strip()
    m = SCIENTIFIC.match(stripped)
    if m:
        mantissa, exponent = m["mantissa"], int(m["exponent"])
        if float(mantissa) == 0:
            return "0"
        power = "10" + (f"-{exponent}" if m["sign"] == "-" else str(exponent)).translate(SUPERSCRIPT)
        if exponent == 0:
            return mantissa.replace("-", MINUS)
        bare = mantissa.lstrip("+-")
        sign = MINUS if mantissa.startswith("-") else ""
        return f"{sign}{power}" if float(bare) == 1 and set(bare) <= set("1.0") else f"{sign}{bare}\u00d7{power}"
    if re.fullmatch(r"-\d[\d.,/]*", stripped):
        return MINUS + stripped[1:]
    return text



def _link(text: str, url: str) -> str:
    return f"[{text}]({url})" if url else text


def _target(content: str) -> tuple[str | None, str]:
    m = EXPLICIT.match(content.strip())
    return (m.group("text"), m.group("target").strip()) if m else (None, content.strip())


def _doc_link(chapter: Chapter, docname: str) -> str:
    """Link to another document: the site where it is published, else a sibling notebook."""
    url = chapter.book.site_link(docname)
    if not url and CHAPTER.match(docname):
        url = docname.split("/")[-1] + ".ipynb"
    return url


def _resolve_doc(chapter: Chapter, target: str) -> str:
    base = chapter.docname.rsplit("/", 1)[0] if "/" in chapter.docname else ""
    target = re.sub(r"\.(md|ipynb)$", "", target)
    if target.startswith("/"):
        docname = target.lstrip("/")
    else:
        parts = [p for p in (base + "/" + target if base else target).split("/") if p != "."]
        out: list[str] = []
        for p in parts:
            if p == "..":
                out.pop() if out else None
            else:
                out.append(p)
        docname = "/".join(out)
    if docname not in chapter.book.titles:
        raise ConversionError(f"{{doc}} target {target!r} is not a document of the book")
    return docname


def _numbered(chapter: Chapter, label: str, kind: str) -> str:
    number = chapter.book.numbers.get(label)
    return f"{kind} {'.'.join(map(str, number))}" if number else kind


def _ref(chapter: Chapter, content: str, role: str) -> str:
    text, label = _target(content)
    if role == "doc":
        docname = _resolve_doc(chapter, label)
        return _link(text or chapter.book.titles[docname], _doc_link(chapter, docname))
    if label not in chapter.book.labels:
        raise ConversionError(f"{{{role}}} target {label!r} is not a label of the book")
    docname, anchor, title = chapter.book.labels[label]
    if text is None:
        text = title or label
    url = chapter.book.site_link(docname, anchor)
    if not url and docname != chapter.docname:
        url = _doc_link(chapter, docname)
    if not url and role == "ref" and not content.strip().endswith(">"):
        return f"*{text}*"  # a section of this notebook, by its title
    return _link(text, url)


def _cite(chapter: Chapter, content: str, role: str) -> str:
    keys = [k.strip() for k in content.split(",") if k.strip()]
    parts = []
    for key in keys:
        c = chapter.book.citations.get(key)
        if c is None:
            raise ConversionError(f"citation key {key!r} is not in references.bib")
        url = chapter.book.site_link(chapter.book.bibliography_doc, c.anchor) or "#References"
        parts.append((c, url))
    parts.sort(key=lambda part: (part[0].authors.lower(), part[0].year))  # as the site orders one citation's works
    if role == "cite:t":
        return ", ".join(f"{_link(c.authors, url)} ({c.year})" for c, url in parts)
    return "(" + "; ".join(_link(f"{c.authors}, {c.year}", url) for c, url in parts) + ")"


def convert_roles(text: str, chapter: Chapter, cited: list[str]) -> str:
    """Replace every MyST role in ``text`` (outside code) by plain Markdown."""

    def one(m: re.Match) -> str:
        role, content = m.group("role"), m.group("content")
        if role in ("glue:text", "glue"):
            key, _, spec = content.partition(":") if role == "glue:text" else (content, "", "")
            key = key.strip()
            if "::" in content:
                raise ConversionError(f"glue from another document ({content!r}) is not supported")
            if key not in chapter.glue:
                raise ConversionError(f"no glued value {key!r} (glue it in a code cell of this chapter)")
            text = format_glue(chapter.glue[key], spec)
            if role == "glue:text":  # as the site shows it: a true minus, ×10ⁿ (mapbook_site)
                text = typeset_number(text)
            return text
        if role in ("cite", "cite:p", "cite:t", "cite:ps", "cite:ts"):
            cited.extend(k.strip() for k in content.split(",") if k.strip())
            return _cite(chapter, content, "cite:t" if role.startswith("cite:t") else "cite")
        if role in ("ref", "doc", "prf:ref", "numref"):
            return _ref(chapter, content, role)
        if role == "math":
            return f"${content}$"
        raise ConversionError(f"the role {{{role}}} has no plain-Markdown form in the notebooks")

    def token(m: re.Match) -> str:
        return one(m) if m.group("role") else m.group(0)  # an inline code span stays as it is

    return ROLE_OR_CODE.sub(token, text)


# --- markdown: directives -----------------------------------------------------------------------


@dataclass
class Directive:
    name: str
    argument: str
    options: dict[str, str]
    body: str


def _split_blocks(text: str) -> list[str | Directive]:
    """Split markdown into plain text and (outermost) directives; code fences stay text."""
    lines = text.split("\n")
    out: list[str | Directive] = []
    plain: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        m = OPEN.match(line)
        if m:
            fence = m.group("fence")
            j = i + 1
            options: dict[str, str] = {}
            while j < len(lines) and (om := OPTION.match(lines[j])):
                options[om.group("key")] = om.group("value").strip()
                j += 1
            body_start = j
            closing = re.compile(rf"^[ \t]*{re.escape(fence[0])}{{{len(fence)},}}[ \t]*$")
            while j < len(lines) and not closing.match(lines[j]):
                j += 1
            if j == len(lines):
                raise ConversionError(f"the directive {{{m.group('name')}}} is never closed")
            if plain:
                out.append("\n".join(plain))
                plain = []
            out.append(Directive(m.group("name"), m.group("arg"), options,
                                 "\n".join(lines[body_start:j]).strip("\n")))
            i = j + 1
            continue
        pm = PLAIN_FENCE.match(line)
        if pm:  # a code block: copy it verbatim up to its closing fence
            fence = pm.group("fence")
            closing = re.compile(rf"^[ \t]*{re.escape(fence[0])}{{{len(fence)},}}[ \t]*$")
            j = i + 1
            while j < len(lines) and not closing.match(lines[j]):
                j += 1
            plain.extend(lines[i:j + 1])
            i = j + 1
            continue
        plain.append(line)
        i += 1
    if plain:
        out.append("\n".join(plain))
    return out


def _title(kind: str, number_label: str | None, title: str, chapter: Chapter) -> str:
    head = _numbered(chapter, number_label, kind) if number_label else kind
    return f"**{head}** ({title})" if title else f"**{head}.**"


def convert_markdown(text: str, chapter: Chapter, cited: list[str]) -> str:
    """Plain Jupyter Markdown for one markdown cell of a MyST chapter."""
    parts = []
    for block in _split_blocks(text):
        if isinstance(block, str):
            kept = [line for line in block.split("\n") if not LABEL_LINE.match(line)]
            parts.append(_code_safe_roles("\n".join(kept), chapter, cited))
            continue
        parts.append(_directive(block, chapter, cited))
    out = "\n".join(parts)
    out = re.sub(r"\n{3,}", "\n\n", out).strip("\n")
    return out


def _code_safe_roles(text: str, chapter: Chapter, cited: list[str]) -> str:
    """Convert roles everywhere except inside fenced code blocks."""
    out, block = [], []
    inside = None
    for line in text.split("\n"):
        pm = PLAIN_FENCE.match(line)
        if inside is None and pm:
            if block:
                out.append(convert_roles("\n".join(block), chapter, cited))
                block = []
            inside = pm.group("fence")
            out.append(line)
        elif inside is not None:
            out.append(line)
            if re.match(rf"^[ \t]*{re.escape(inside[0])}{{{len(inside)},}}[ \t]*$", line):
                inside = None
        else:
            block.append(line)
    if block:
        out.append(convert_roles("\n".join(block), chapter, cited))
    return "\n".join(out)


def _directive(d: Directive, chapter: Chapter, cited: list[str]) -> str:
    body = convert_markdown(d.body, chapter, cited) if d.body else ""
    title = convert_roles(d.argument, chapter, cited) if d.argument else ""
    label = d.options.get("label")
    if d.name in ("exercise", "exercise-start"):
        return f"{_title('Exercise', label, title, chapter)}\n\n{body}".rstrip()
    if d.name in THEOREM_LIKE:
        return f"{_title(THEOREM_LIKE[d.name], label, title, chapter)}\n\n{body}".rstrip()
    if d.name == "prf:proof":
        return f"*Proof.* {body} $\\square$" if body else "*Proof.*"
    if d.name == "admonition":
        return f"**{title}**\n\n{body}".rstrip() if title else body
    if d.name in ADMONITIONS:
        head = d.name.capitalize() if d.name != "seealso" else "See also"
        return f"**{head}.** {body}"
    if d.name == "only":
        from sphinx.util.tags import Tags

        return body if Tags([chapter.edition]).eval_condition(d.argument) else ""
    if d.name in ("math",):
        return f"$$\n{d.body}\n$$"
    raise ConversionError(f"the directive {{{d.name}}} has no plain-Markdown form in the notebooks")


# --- cells --------------------------------------------------------------------------------------



def _code_cell(source: str) -> nbformat.NotebookNode:
    """A new code cell, as ``nbformat.v4.new_code_cell`` makes it but without validating each cell
    on its own (:func:`convert_notebook` validates the whole notebook, every cell included; the
    cell ids are set there)."""
    return nbformat.NotebookNode(id="", cell_type="code", metadata=nbformat.NotebookNode(), execution_count=None,
                                 source=source, outputs=[])


def _markdown_cell(source: str) -> nbformat.NotebookNode:
    """A new Markdown cell (``nbformat.v4.new_markdown_cell``, validated with its notebook)."""
    return nbformat.NotebookNode(id="", cell_type="markdown", source=source, metadata=nbformat.NotebookNode())


def _is_glue_output(output: dict) -> bool:
    return "scrapbook" in output.get("metadata", {})


def _exercise_name(chapter: Chapter, label: str) -> str:
    return _numbered(chapter, label, "Exercise")


SETUP = """\
# Set-up: run this cell first. It makes mapmath, the book's helper package, importable.
# It needs Python 3.11 or newer. Where this book's mapmath {version} is installed (the
# book's own environment) it does nothing; another module named mapmath does not count.
# Elsewhere (Colab, a fresh Jupyter) it installs mapmath {version} once with pip, from
#   {wheel}
# beside this notebook (as in the book's notebook zip), else from the book's website:
#   {site_note}
# pip checks the wheel's SHA-256 (below) and takes the scientific stack (NumPy, SciPy,
# SymPy, Matplotlib, scikit-learn) from the package index (PyPI).
import importlib
import importlib.metadata
import os
import pathlib
import subprocess
import sys

MAPMATH = {{
    "version": {version_json},
    "summary": {summary_json},
    "wheel": {wheel_json},
    "sha256": {sha256_json},
}}


def this_books_mapmath():
    \"\"\"The installed mapmath's version if it is this book's, else None.\"\"\"
    try:
        meta = importlib.metadata.metadata("mapmath")
    except importlib.metadata.PackageNotFoundError:
        return None
    if (meta["Version"], meta["Summary"]) == (MAPMATH["version"], MAPMATH["summary"]):
        return meta["Version"]
    return None


if sys.version_info < (3, 11):
    raise RuntimeError("These notebooks need Python 3.11 or newer, not " + sys.version.split()[0])
if this_books_mapmath() is None:
    wheel = pathlib.Path(MAPMATH["wheel"])
    site = os.environ.get("MAPBOOK_SITE", "{site}").rstrip("/")
    if wheel.is_file():
        source = wheel.resolve().as_uri()
    elif site:
        source = site + "/notebooks/" + wheel.name
    else:
        raise RuntimeError("mapmath is not installed: put " + wheel.name + " (from the notebook zip) "
                           "beside this notebook, or set MAPBOOK_SITE to the book's website")
    pip = [sys.executable, "-m", "pip"]
    try:
        other = importlib.metadata.version("mapmath")
        print("Replacing mapmath " + other + ", which is not this book's")
        subprocess.run([*pip, "uninstall", "--yes", "--quiet", "mapmath"], check=True)
    except importlib.metadata.PackageNotFoundError:
        pass
    print("Installing mapmath " + MAPMATH["version"] + " from " + source)
    subprocess.run([*pip, "install", "--quiet",
                    "mapmath[notebooks] @ " + source + "#sha256=" + MAPMATH["sha256"]], check=True)
    importlib.invalidate_caches()
    if this_books_mapmath() is None:
        raise RuntimeError("mapmath " + MAPMATH["version"] + " did not install; see pip's messages")
    if "mapmath" in sys.modules:
        print("Another mapmath was imported before: restart the kernel to use this one")
"""


def _setup_cell(book: BookIndex) -> nbformat.NotebookNode:
    site = book.base_url.rstrip("/")
    source = SETUP.format(version=book.version, wheel=book.wheel, site=site,
                          version_json=json.dumps(book.version), summary_json=json.dumps(book.summary),
                          wheel_json=json.dumps(book.wheel), sha256_json=json.dumps(book.wheel_sha256),
                          site_note=f"{site}/notebooks/" if site else "the address in MAPBOOK_SITE + /notebooks/",
                          ).rstrip("\n")
    cell = _code_cell(source)
    # collapsed behind its first line: the chapter starts with its title, the set-up stays one click away
    cell.metadata = {"tags": ["setup"], "jupyter": {"source_hidden": True}}
    return cell


def _macro_line(book: BookIndex) -> str:
    """The book's TeX macros (``_config.yml``) as one inline math span that renders as nothing."""
    if not book.macros:
        return ""
    defs = "".join(f"\\newcommand{{\\{name}}}{{{value}}}" for name, value in sorted(book.macros.items()))
    return f"${defs}$\n"


def _answer_cell(chapter: Chapter, exercise: str, checkers: list[str]) -> nbformat.NotebookNode:
    """An empty answer cell: ``answer = ...`` and the call of the exercise's checker(s)."""
    lines = [f"# {exercise}: your answer. Replace ... with it, then run this cell."]
    for name in checkers:
        module = chapter.book.checkers.get(name)
        if module is None:
            raise ConversionError(f"{exercise} names the checker {name}, which is not in mapmath.exercises")
        lines.append(f"from {module} import {name}")
    if len(checkers) == 1:
        lines += ["", "answer = ...", f"{checkers[0]}(answer)"]
    else:
        lines.insert(1, "from IPython.display import display")
        names = [name.removeprefix("check_") for name in checkers]
        lines += ["", *(f"{n} = ..." for n in names), ""]
        lines += [f"display({c}({n}))" for c, n in zip(checkers, names, strict=True)]
    cell = _code_cell("\n".join(lines))
    cell.metadata = {"tags": ["answer"]}
    return cell


def _clean_code_cell(cell: nbformat.NotebookNode) -> nbformat.NotebookNode:
    new = _code_cell(cell.source)
    new.execution_count = cell.get("execution_count")
    new.outputs = [copy.deepcopy(o) for o in cell.get("outputs", []) if not _is_glue_output(o)]
    tags = [t for t in cell.metadata.get("tags", []) if t != "solution"]
    if tags:
        new.metadata["tags"] = tags
    if "checks" in tags:  # a chapter's bookkeeping (scripts/checks.py): collapsed, as on the site
        new.source = f"{CHECKS_HEADER}\n{new.source}"
        new.metadata["jupyter"] = {"source_hidden": True}
    return new


def _code_block(text: str, info: str = "") -> str:
    """``text`` as a fenced Markdown code block (a fence longer than any backtick run in it)."""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * max(3, longest + 1)
    return f"{fence}{info}\n{text.rstrip()}\n{fence}"


def _joined(text) -> str:
    return "".join(text) if isinstance(text, list) else str(text)


DISPLAY_MATH = re.compile(r"^\s*\$(?:\\displaystyle)?\s*(?P<body>.*?)\s*\$\s*$", re.DOTALL)


def _output_markdown(output: dict) -> str:
    """A stored output of a solution's code as Markdown: text as a code block, a formula as display
    math, Markdown as itself, a figure as an inline ``<img>`` (a data URI: the notebook carries it)."""
    kind = output.get("output_type")
    if kind == "stream":
        return _code_block(_joined(output.get("text", "")), "text")
    if kind == "error":
        raise ConversionError("a solution stores an error output (re-execute the chapter)")
    data = output.get("data", {})
    for mime in ("image/png", "image/jpeg", "image/svg+xml"):
        if mime in data:
            payload = _joined(data[mime])
            if mime == "image/svg+xml":
                payload = base64.b64encode(payload.encode()).decode()
            alt = "A figure computed by the solution"
            return f'<img src="data:{mime};base64,{payload.strip()}" alt="{alt}">'
    if "text/latex" in data:
        latex = _joined(data["text/latex"]).strip()
        m = DISPLAY_MATH.match(latex) if not latex.startswith("$$") else None
        return f"$$\n{m.group('body')}\n$$" if m else latex
    if "text/markdown" in data:
        return _joined(data["text/markdown"]).strip()
    if "text/plain" in data:
        return _code_block(_joined(data["text/plain"]), "text")
    return ""


def solution_cell(chapter: Chapter, exercise: str, cells: list, cited: list[str]) -> nbformat.NotebookNode:
    """A solution as ONE Markdown cell: an HTML ``<details>`` whose ``<summary>`` is the only thing shown
    ("Solution to Exercise 2.3") until the reader opens it; inside, the solution's prose (converted as
    the rest of the chapter), its code as code blocks and its stored outputs.

    A Markdown cell has nothing to run and no output to re-show: Run All, saving, reopening and
    opening the solution leave the notebook as it was (closed, unmodified) in JupyterLab, Jupyter
    Notebook, VS Code and Colab alike."""
    parts = []
    for cell in cells:
        if cell.cell_type == "markdown":
            parts.append(convert_markdown(cell.source, chapter, cited))
        elif cell.cell_type == "code":
            if cell.source.strip():
                parts.append(_code_block(cell.source, "python"))
            parts.extend(_output_markdown(o) for o in cell.get("outputs", []) if not _is_glue_output(o))
    body = "\n\n".join(part for part in parts if part.strip())
    source = (f"<details>\n<summary>{html.escape(solution_title(exercise))}</summary>\n\n"
              f"{body}\n\n</details>")
    new = _markdown_cell(source)
    new.metadata["tags"] = ["solution"]
    return new


def convert_notebook(nb: nbformat.NotebookNode, chapter: Chapter) -> nbformat.NotebookNode:
    """The reader or student notebook (``chapter.edition``) of one executed MyST chapter."""
    student = chapter.edition == "student"
    cells: list[nbformat.NotebookNode] = [_setup_cell(chapter.book)]
    cited: list[str] = []
    in_solution: str | None = None  # the exercise whose solution the cells belong to
    solution: list = []  # that solution's cells
    first_markdown = True
    for index, cell in enumerate(nb.cells):
        try:
            if cell.cell_type == "markdown":
                start, end = SOLUTION_START.search(cell.source), SOLUTION_END.search(cell.source)
                if start:
                    if in_solution is not None:
                        raise ConversionError("a solution starts inside another solution")
                    if not start.group("label"):
                        raise ConversionError("solution-start names no exercise label")
                    in_solution, solution = _exercise_name(chapter, start.group("label")), []
                    continue
                if end:
                    if in_solution is None:
                        raise ConversionError("solution-end without solution-start")
                    if not student:
                        cells.append(solution_cell(chapter, in_solution, solution, cited))
                    in_solution = None
                    continue
            if in_solution is not None:
                solution.append(cell)
                continue
            if cell.cell_type == "markdown":
                text = convert_markdown(cell.source, chapter, cited)
                if first_markdown:  # the macros right under the chapter's title
                    head, _, rest = text.partition("\n")
                    text = f"{head}\n\n{_macro_line(chapter.book)}\n{rest}".rstrip("\n")
                    first_markdown = False
                if text.strip():
                    cells.append(_markdown_cell(text))
                if student:
                    for label, checkers in exercises_in(cell.source):
                        if not label:
                            raise ConversionError("an exercise without :label:")
                        if not checkers:
                            raise ConversionError(f"exercise {label} names no check_...(answer) checker")
                        cells.append(_answer_cell(chapter, _exercise_name(chapter, label), checkers))
            elif cell.cell_type == "code":
                cells.append(_clean_code_cell(cell))
            else:
                cells.append(copy.deepcopy(cell))
        except ConversionError as exc:
            raise ConversionError(f"cell {index}: {exc}") from None
    if in_solution is not None:
        raise ConversionError(f"the solution of {in_solution} is never closed by solution-end")
    refs = _references_cell(chapter, cited)
    if refs:
        cells.append(refs)
    for index, cell in enumerate(cells):  # stable ids: the same chapter gives the same notebook
        cell.id = hashlib.sha256(f"{chapter.docname}:{chapter.edition}:{index}".encode()).hexdigest()[:12]
    out = nbformat.v4.new_notebook(cells=cells)
    out.metadata = {k: copy.deepcopy(v) for k, v in nb.metadata.items() if k in ("kernelspec", "language_info")}
    out.metadata["mapbook"] = {"chapter": chapter.docname, "edition": chapter.edition}
    # the name JupyterLab writes for ipykernel's python3 kernel on opening (else it opens "modified")
    out.metadata.setdefault("kernelspec", {}).update(
        {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"})
    nbformat.validate(out)
    return out


def _references_cell(chapter: Chapter, cited: list[str]) -> nbformat.NotebookNode | None:
    keys = list(dict.fromkeys(cited))
    if not keys:
        return None
    lines = ["## References", ""]
    for key in sorted(keys, key=lambda k: (chapter.book.citations[k].authors, chapter.book.citations[k].year)):
        c = chapter.book.citations[key]
        url = chapter.book.site_link(chapter.book.bibliography_doc, c.anchor)
        lines.append(f"- **{_link(f'{c.authors} ({c.year})', url)}**. {c.entry}".rstrip())
    return _markdown_cell("\n".join(lines))


# --- Sphinx: per-chapter numbering, the book index, writing the files ---------------------------


def chapter_number(docname: str) -> int | None:
    m = CHAPTER.match(docname)
    return int(m.group(1)) if m else None


def _sphinx_numbers_back(app, env) -> list[str]:
    """Before Sphinx numbers again (its toctree collector, priority 500), give it back its own numbers
    of the last build: it compares the new numbers with the old ones and rewrites every page whose
    numbers changed, so with the per-chapter numbers in place every chapter would be rewritten on
    every build, even when nothing changed."""
    saved = getattr(env, "mapbook_sphinx_fignumbers", None)
    if saved is not None:
        env.toc_fignumbers = copy.deepcopy(saved)
    return []


def _number_per_chapter(app, env) -> list[str]:
    """Renumber exercises, theorems, figures... of ``chapters/NN_*`` as ``(NN, i)`` (after Sphinx's
    own numbering, which counts across the whole book when the toc is not numbered)."""
    env.mapbook_sphinx_fignumbers = copy.deepcopy(env.toc_fignumbers)  # see _sphinx_numbers_back
    for docname, kinds in env.toc_fignumbers.items():
        number = chapter_number(docname)
        if number is None:
            continue
        for kind, ids in kinds.items():
            order = sorted(ids, key=lambda i: ids[i])
            kinds[kind] = {node_id: (number, k) for k, node_id in enumerate(order, 1)}
    return []


def book_index(app) -> BookIndex:
    env = app.env
    titles = {doc: node.astext() for doc, node in env.titles.items()}
    labels = {}
    for label, (docname, anchor, title) in env.domaindata["std"]["labels"].items():
        labels[label] = (docname, anchor, title)
    numbers: dict[str, tuple[int, ...]] = {}
    for kinds in env.toc_fignumbers.values():
        for ids in kinds.values():
            numbers.update(ids)
    # exercises and sphinx-proof nodes: "Exercise 2.3 (title)" as the site shows them
    for label, info in getattr(env, "sphinx_exercise_registry", {}).items():
        title = info.get("title", "")
        title = title.astext() if hasattr(title, "astext") else str(title)
        number = numbers.get(label)
        name = f"Exercise {'.'.join(map(str, number))}" if number else "Exercise"
        labels[label] = (info["docname"], label, f"{name} ({title})" if title else name)
    for label, info in getattr(env, "proof_list", {}).items():
        kind = THEOREM_LIKE.get(f"prf:{info.get('realtype', '')}", str(info.get("realtype", "")).capitalize())
        number = numbers.get(label)
        name = f"{kind} {'.'.join(map(str, number))}" if number else kind
        title = labels.get(label, (None, None, ""))[2]
        labels[label] = (info["docname"], label, f"{name} ({title})" if title and title != name else name)
    citations = {}
    bib = env.domaindata.get("cite", {})
    anchors = {c.key: c.citation_id for c in bib.get("citations", [])}
    formatted = {c.key: " ".join(c.formatted_entry.text.render_as("text").split()) for c in bib.get("citations", [])}
    for key, entry in _bib_entries(app).items():
        citations[key] = Citation(authors(entry), year(entry), anchors.get(key, ""),
                                  formatted.get(key, ""))
    macros = dict(((app.config.mathjax3_config or {}).get("tex", {}) or {}).get("macros", {}) or {})
    return BookIndex(titles=titles, labels=labels, numbers=numbers, citations=citations, macros=macros,
                     checkers=checker_modules(), base_url=app.config.html_baseurl or "")


def _checkers_from_source(package: Path) -> dict[str, str] | None:
    """``check_x -> module`` from the sources of ``mapmath.exercises`` (``package``), read with
    :mod:`ast`: every ``def check_...`` at the top level of a public module (not ``_core``). A name
    imported from another module (``from ._core import check_number``) is not that module's own
    checker, as for ``answer_checkers()``. None when a module binds a ``check_`` name in any other
    way (an assignment, a definition inside an ``if``, an import that replaces its own ``def``...)
    or the package has a subpackage: then only importing it can tell."""
    import ast

    if any(p.is_dir() and (p / "__init__.py").is_file() for p in package.iterdir()):
        return None
    found: dict[str, str] = {}
    for path in sorted(package.glob("*.py")):
        if path.stem.startswith("_"):
            continue
        module = f"mapmath.exercises.{path.stem}"
        defined: set[str] = set()
        imported: set[str] = set()
        for statement in ast.parse(path.read_bytes(), filename=str(path)).body:
            if isinstance(statement, ast.FunctionDef | ast.AsyncFunctionDef) and statement.name.startswith("check_"):
                if statement.name in defined:
                    return None  # defined twice: the import decides which one counts
                defined.add(statement.name)
                continue
            if isinstance(statement, ast.Import | ast.ImportFrom):
                imported |= {(a.asname or a.name).split(".")[0] for a in statement.names}
                continue
            for node in ast.walk(statement):
                bound = (node.id if isinstance(node, ast.Name) and not isinstance(node.ctx, ast.Load)
                         else node.asname or node.name if isinstance(node, ast.alias)
                         else node.name if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef)
                         else "")
                if bound.split(".")[-1].startswith("check_"):
                    return None
        if defined & imported or "*" in imported:
            return None
        for name in sorted(defined):
            if name in found:
                raise RuntimeError(f"two answer checkers are named {name}")
            found[name] = module
    return found


def checker_modules() -> dict[str, str]:
    """Every exercise's answer checker and the module that defines it (``check_ridge_1d ->
    mapmath.exercises.linear``): ``mapmath.exercises.answer_checkers()``, but read from the
    package's sources without importing it (importing the checkers imports NumPy, SciPy and SymPy,
    about a second of every build) whenever the sources say it plainly (:func:`_checkers_from_source`;
    ``tests/test_build_switches.py`` checks that both give the same). The package is the one that
    ``import mapmath`` finds, as for the import."""
    import importlib.util

    spec = importlib.util.find_spec("mapmath.exercises")
    locations = list(spec.submodule_search_locations or []) if spec else []
    found = _checkers_from_source(Path(locations[0])) if len(locations) == 1 else None
    if found is None:
        from mapmath.exercises import answer_checkers

        found = {name: check.__module__ for name, check in answer_checkers().items()}
    return found


def _bib_entries(app) -> dict:
    from pybtex.database import parse_file

    entries = {}
    for name in app.config.bibtex_bibfiles:
        entries.update(parse_file(str(Path(app.srcdir) / name)).entries)
    return entries


def _package_digest(root: Path) -> str:
    """A digest of what goes into the wheel (pyproject.toml, README.md, mapmath's sources)."""
    digest = hashlib.sha256()
    files = [root / "pyproject.toml", root / "README.md", *sorted((root / "mapmath").rglob("*.py"))]
    for path in files:
        if path.is_file():
            digest.update(str(path.relative_to(root)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


# Build a wheel with the backend that pyproject.toml names (the current folder is the package's copy).
_BUILD_WHEEL = """
import importlib, sys, tomllib
system = tomllib.load(open("pyproject.toml", "rb"))["build-system"]
module, _, attribute = system["build-backend"].partition(":")
backend = importlib.import_module(module)
for name in filter(None, attribute.split(".")):
    backend = getattr(backend, name)
backend.build_wheel(sys.argv[1])
"""


class WheelBuild:
    """The ``mapmath`` wheel (pure Python) being built from a copy of the package, in a subprocess:
    started by :func:`start_wheel` when the HTML builder starts, so that it runs while Sphinx reads and
    writes the pages (the build's second core), and collected by :func:`build_wheel` at the end."""

    def __init__(self, root: Path) -> None:
        self.digest = _package_digest(root)
        self.tmp = Path(tempfile.mkdtemp(prefix="mapmath-wheel-"))
        src = self.tmp / "src"
        src.mkdir()
        shutil.copy2(root / "pyproject.toml", src / "pyproject.toml")
        for extra in ("README.md",):
            if (root / extra).is_file():
                shutil.copy2(root / extra, src / extra)
        shutil.copytree(root / "mapmath", src / "mapmath", ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        self.out = self.tmp / "dist"
        self.out.mkdir()
        # the PEP 517 backend of pyproject.toml, called in one interpreter: what `pip wheel --no-deps
        # --no-build-isolation` runs, without pip's start-up and its two extra interpreters (~2 s of a cold build)
        self.proc = subprocess.Popen([sys.executable, "-c", _BUILD_WHEEL, str(self.out)], cwd=src,
                                     stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)

    def wheel(self) -> Path:
        """Wait for the wheel; its path (inside the temporary folder, see :meth:`discard`)."""
        output, _ = self.proc.communicate()
        if self.proc.returncode != 0:
            raise RuntimeError(f"mapbook_notebooks: building the mapmath wheel failed:\n{output}")
        (wheel,) = self.out.glob("mapmath-*.whl")
        return wheel

    def discard(self) -> None:
        """Stop the subprocess if it still runs and remove the temporary folder."""
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.communicate()
        shutil.rmtree(self.tmp, ignore_errors=True)


def _cached_wheel(cache: Path, digest: str) -> Path | None:
    found = sorted((cache / digest).glob("mapmath-*.whl")) if (cache / digest).is_dir() else []
    return found[0] if found else None


def _keep_wheel(cache: Path, digest: str, wheel: Path) -> None:
    """Put ``wheel`` in ``cache/digest`` (whole or not at all: a build reading the cache at the same
    time never sees half a file) and remove the wheels of other sources."""
    import fcntl

    cache.mkdir(parents=True, exist_ok=True)
    with open(cache / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        for old in cache.iterdir():
            if old.is_dir() and old.name != digest:
                shutil.rmtree(old, ignore_errors=True)
        (cache / digest).mkdir(exist_ok=True)
        partial = cache / digest / f".{wheel.name}.partial"
        shutil.copy2(wheel, partial)
        partial.replace(cache / digest / wheel.name)


def start_wheel(root: Path, cache: Path | None = None) -> WheelBuild | None:
    """Start building the wheel unless ``cache`` holds one built from the same sources."""
    if cache is not None and _cached_wheel(cache, _package_digest(root)) is not None:
        return None
    return WheelBuild(root)


def build_wheel(root: Path, dest: Path, cache: Path | None = None, started: WheelBuild | None = None) -> Path:
    """Build the ``mapmath`` wheel (pure Python) from a copy of the package into ``dest``.

    With ``cache``, a wheel built from the same sources before is reused (and a new one kept there).
    ``started``: the build that :func:`start_wheel` began (used if it is of the same sources)."""
    dest.mkdir(parents=True, exist_ok=True)
    digest = _package_digest(root)
    found = _cached_wheel(cache, digest) if cache is not None else None
    if found is not None:
        if started is not None:
            started.discard()
        shutil.copy2(found, dest / found.name)
        return dest / found.name
    if started is None or started.digest != digest:
        if started is not None:
            started.discard()
        started = WheelBuild(root)
    try:
        wheel = started.wheel()
        target = dest / wheel.name
        shutil.copy2(wheel, target)
        if cache is not None:
            _keep_wheel(cache, digest, wheel)
    finally:
        started.discard()
    return target


def wheel_facts(wheel: Path) -> dict[str, str]:
    """The wheel's SHA-256 and, from its METADATA, the version and summary of the mapmath in it."""
    with zipfile.ZipFile(wheel) as z:
        name = next(n for n in z.namelist() if n.endswith(".dist-info/METADATA"))
        meta = z.read(name).decode()
    fields = dict(re.findall(r"^(Version|Summary): (.*)$", meta, re.MULTILINE))
    return {"sha256": hashlib.sha256(wheel.read_bytes()).hexdigest(), "version": fields.get("Version", ""),
            "summary": fields.get("Summary", "")}


def _zip(paths: list[Path], target: Path, folder: str) -> None:
    """A reproducible zip (fixed timestamps, sorted names) of ``paths`` under ``folder/``."""
    target.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as z:
        for path in sorted(paths, key=lambda p: p.name):
            info = zipfile.ZipInfo(f"{folder}/{path.name}", date_time=(2026, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            z.writestr(info, path.read_bytes())


README_TXT = """{title} — {edition} notebooks

{about}

To start (Python 3.11 or newer):
  1. Install JupyterLab:  python -m pip install jupyterlab
  2. Open this folder:    in a terminal in this folder, run  jupyter lab
                          (or open the folder in VS Code, or upload a notebook and the .whl file to Colab)
  3. Open a chapter and run its first cell, the set-up cell; then run the rest top to bottom
     (Run > Run All Cells).

The set-up cell installs mapmath {version}, the book's helper package, from the wheel in this folder
unless this book's mapmath {version} is installed already; pip checks the wheel's SHA-256:
  {wheel}
  sha256 {sha256}
pip takes the scientific stack (NumPy, SciPy, SymPy, Matplotlib, scikit-learn) from the package
index (PyPI), so the first run needs a connection to it.
"""

README_ABOUT = {
    "reader": ("Every chapter of the book as a Jupyter notebook, with each exercise's solution right after it,\n"
               "closed: only \"Solution to Exercise N.M\" shows until you click it. Try the exercise first."),
    "student": ("Every chapter of the book as a Jupyter notebook, without the solutions. After each exercise an\n"
                "answer cell calls the exercise's checker: replace ... with your answer and run the cell."),
}


def book_title(root: Path, fallback: str = "mapbook") -> str:
    """The book's name: ``title`` in ``_config.yml``."""
    import yaml

    path = Path(root) / "_config.yml"
    config = yaml.safe_load(path.read_text()) if path.is_file() else {}
    return str((config or {}).get("title") or fallback)


RUNTIME_PACKAGES = ("numpy", "scipy", "sympy", "mpmath", "matplotlib", "scikit-learn")


def write_publish_tree(root: Path, reader: list[Path], wheel: Path, target: Path) -> None:
    """A tree to push to the branch that the Binder/Colab buttons open (README, "Publishing").

    ``chapters/NN_name.ipynb`` are the reader notebooks (the buttons open ``chapters/<page>.ipynb``)
    with the mapmath wheel beside them, and ``binder/`` holds what Binder needs to build the
    environment: ``runtime.txt`` (the Python version) and ``requirements.txt`` (the pinned
    scientific stack of ``requirements.txt`` and the wheel).
    """
    shutil.rmtree(target, ignore_errors=True)
    (target / "chapters").mkdir(parents=True)
    (target / "binder").mkdir()
    for path in reader:
        shutil.copy2(path, target / "chapters" / path.name)
    shutil.copy2(wheel, target / "chapters" / wheel.name)
    pins = {}
    for line in (root / "requirements.txt").read_text().splitlines():
        name, _, version = line.partition("==")
        if version and name.strip().lower().replace("_", "-") in RUNTIME_PACKAGES:
            pins[name.strip()] = line.strip()
    (target / "binder" / "runtime.txt").write_text(f"python-{sys.version_info.major}.{sys.version_info.minor}\n")
    (target / "binder" / "requirements.txt").write_text(
        "# What Binder installs for the reader notebooks (generated by the book's build)\n"
        + "".join(f"{pins[name]}\n" for name in sorted(pins, key=str.lower))
        + f"./chapters/{wheel.name}\n")


STAMP = ".mapbook-inputs"  # in _build/notebooks: the digest of what the notebooks were written from


def _inputs_digest(app, executed: Path) -> str:
    """A digest of everything the generated notebooks are made from: every document of the book (its
    source, its executed copy and glue), the bibliography, the extensions, the pins, mapmath's sources
    (the wheel and the answer checkers) and the configuration values the conversion reads."""
    root = Path(app.srcdir)
    config = app.config
    digest = hashlib.sha256(repr((config.mapbook_edition, config.project, config.html_baseurl,
                                  config.mathjax3_config, config.bibtex_bibfiles)).encode())
    digest.update(_package_digest(root).encode())
    files = [*sorted(Path(__file__).parent.glob("*.py")), root / "requirements.txt",
             *(root / name for name in config.bibtex_bibfiles)]
    for docname in sorted(app.env.found_docs):
        files += [Path(app.env.doc2path(docname)), executed / f"{docname}.ipynb", executed / f"{docname}.glue.json"]
    for path in files:
        if path.is_file():
            digest.update(str(path).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def _outputs_current(app, out: Path, site_dir: Path, digest: str) -> bool:
    """True when the notebooks of the last build were written from the same inputs and are all there;
    then only the pages' download copies are put back (Sphinx rewrites a page's ``_sources`` copy
    when it writes the page)."""
    edition = app.config.mapbook_edition
    stamp = out / STAMP
    bundle = site_dir / f"mapbook-{edition}-notebooks.zip"
    if not (stamp.is_file() and stamp.read_text() == digest and bundle.is_file()
            and all((out / ed).is_dir() for ed in _editions(app))
            and (edition != "reader" or (out / "publish").is_dir())):
        return False
    for path in sorted((out / edition).glob("*.ipynb")):
        docname = next((d for d in app.env.found_docs if d.endswith("/" + path.stem)), None)
        target = Path(app.outdir) / "_sources" / f"{docname}.ipynb"
        if docname and target.parent.is_dir():
            shutil.copy2(path, target)
    return True


def _editions(app) -> tuple[str, ...]:
    """The editions whose notebooks a build writes: both for the reader's book; for the student
    edition (built from a copy without solutions, ``scripts/student.sh``) only the student notebooks,
    the only ones it publishes (a "reader" notebook of that copy would have no solution either)."""
    return EDITIONS if app.config.mapbook_edition == "reader" else (app.config.mapbook_edition,)


def _wheel_cache(app) -> Path:
    """Where built wheels are kept, by a digest of their sources: ``_build/.mapmath-wheel`` beside the
    site, or the folder in ``MAPBOOK_WHEEL_CACHE`` (``scripts/student.sh`` builds a copy of the book
    and shares the book's own cache)."""
    import os

    return Path(os.environ.get("MAPBOOK_WHEEL_CACHE") or Path(app.outdir).parent / ".mapmath-wheel")


def _start_wheel(app) -> None:
    """When the HTML builder starts, start building the wheel (unless the cache has it), so that it is
    built while Sphinx reads and writes the pages; :func:`_write_notebooks` collects it."""
    if app.builder.format == "html":
        app.mapbook_wheel_build = start_wheel(Path(app.srcdir), _wheel_cache(app))


def _write_notebooks(app, exception) -> None:
    started = getattr(app, "mapbook_wheel_build", None)
    app.mapbook_wheel_build = None
    if exception is not None or app.builder.format != "html":
        if started is not None:
            started.discard()
        return
    from sphinx.util import logging

    logger = logging.getLogger(__name__)
    import time

    clock = time.perf_counter()
    root = Path(app.srcdir)
    out = Path(app.outdir).parent / "notebooks"
    executed = Path(app.outdir).parent / "jupyter_execute"
    site_dir = Path(app.outdir) / "notebooks"
    digest = _inputs_digest(app, executed)
    if _outputs_current(app, out, site_dir, digest):  # a rebuild with nothing changed: nothing to write
        if started is not None:
            started.discard()
        logger.info("mapbook_notebooks: notebooks unchanged (%s); %.1f s", out, time.perf_counter() - clock)
        return
    (out / STAMP).unlink(missing_ok=True)
    shutil.rmtree(site_dir, ignore_errors=True)
    wheel = build_wheel(root, site_dir, cache=_wheel_cache(app), started=started)
    book = book_index(app)
    book.wheel = wheel.name
    facts = wheel_facts(wheel)
    book.wheel_sha256, book.version, book.summary = facts["sha256"], facts["version"], facts["summary"]
    docs = sorted(d for d in app.env.found_docs
                  if chapter_number(d) is not None and str(app.env.doc2path(d)).endswith(".ipynb"))
    editions = _editions(app)
    written: dict[str, list[Path]] = {e: [] for e in editions}
    for edition in editions:
        folder = out / edition
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
    for docname in docs:
        source = Path(app.env.doc2path(docname))
        rendered = executed / f"{docname}.ipynb"
        path = rendered if rendered.is_file() else source
        try:
            nb = nbformat.read(path, as_version=4)
        except Exception as exc:  # invalid JSON, not a notebook
            raise RuntimeError(f"mapbook_notebooks: {source}: cannot read the notebook: {exc}") from exc
        glue_file = executed / f"{docname}.glue.json"
        glue = {}
        if glue_file.is_file():
            glue = {k: v["data"]["text/plain"] for k, v in json.loads(glue_file.read_text()).items()
                    if "text/plain" in v.get("data", {})}
        else:  # the stored glue outputs of the notebook (same data)
            for cell in nb.cells:
                for o in cell.get("outputs", []):
                    if _is_glue_output(o) and "text/plain" in o.get("data", {}):
                        glue[o["metadata"]["scrapbook"]["name"]] = o["data"]["text/plain"]
        for edition in editions:
            try:
                converted = convert_notebook(nb, Chapter(docname, glue, edition, book))
            except ConversionError as exc:
                raise RuntimeError(f"mapbook_notebooks: {source}: {exc}") from None
            target = out / edition / f"{docname.split('/')[-1]}.ipynb"
            nbformat.write(converted, target)
            written[edition].append(target)
    edition = app.config.mapbook_edition
    title = book_title(root, app.config.html_title or "mapbook")
    for ed in editions:
        (out / ed / wheel.name).write_bytes(wheel.read_bytes())
        (out / ed / "README.txt").write_text(README_TXT.format(
            title=title, edition=ed, about=README_ABOUT[ed], version=book.version, wheel=wheel.name,
            sha256=book.wheel_sha256))
    if "reader" in editions:
        write_publish_tree(root, written["reader"], wheel, out / "publish")
    bundle = site_dir / f"mapbook-{edition}-notebooks.zip"
    _zip([*written[edition], out / edition / wheel.name, out / edition / "README.txt"], bundle,
         f"mapbook-{edition}-notebooks")
    # the page's download button gives this edition's notebook, not the authoring source
    for path in written[edition]:
        docname = next(d for d in docs if d.endswith("/" + path.stem))
        target = Path(app.outdir) / "_sources" / f"{docname}.ipynb"
        if target.parent.is_dir():
            shutil.copy2(path, target)
    (out / STAMP).write_text(digest)
    digest = hashlib.sha256(bundle.read_bytes()).hexdigest()[:12]
    logger.info("mapbook_notebooks: %d chapters -> %s (%s); %s (%s) and %s on the site; %.1f s",
                len(docs), out, ", ".join(editions), bundle.name, digest, wheel.name, time.perf_counter() - clock)


def _edition(app, config) -> None:
    if config.mapbook_edition not in EDITIONS:
        from sphinx.errors import ExtensionError

        raise ExtensionError(f"mapbook_edition must be one of {EDITIONS}, got {config.mapbook_edition!r}")
    app.tags.add(config.mapbook_edition)


def _every_notebook_reads(app, env, docnames: list[str]) -> None:
    """Fail at once, naming the file, when a notebook to be read is not a valid notebook.

    (Otherwise myst-nb crashes with "Notebook does not appear to be JSON" and no file name.)
    """
    from sphinx.errors import ExtensionError

    for docname in docnames:
        path = Path(env.doc2path(docname))
        if path.suffix != ".ipynb":
            continue
        try:
            nbformat.validate(nbformat.read(path, as_version=4))
        except Exception as exc:  # not JSON, not a notebook, invalid against the schema
            first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            raise ExtensionError(f"{path}: not a valid Jupyter notebook ({first[:200]})") from None


JUPYTER_BOOK_DEFAULT_REPOSITORY = "https://github.com/executablebooks/jupyter-book"


def _launch_buttons_only_for_a_real_repository(app, config) -> None:
    """No Binder/Colab/repository button pointing at a repository the book does not have.

    Without ``repository.url`` in ``_config.yml`` Jupyter Book falls back to its own repository,
    so every launch button would open jupyter-book's sources. Then all of them are switched off.
    """
    options = config.html_theme_options
    if options.get("repository_url", "").rstrip("/") not in ("", JUPYTER_BOOK_DEFAULT_REPOSITORY):
        return
    options["repository_url"] = ""
    for key in ("use_repository_button", "use_issues_button", "use_edit_page_button"):
        options[key] = False
    launch = dict(options.get("launch_buttons") or {})
    for key in ("binderhub_url", "jupyterhub_url", "colab_url", "deepnote_url"):
        launch[key] = ""
    launch["thebe"] = False
    options["launch_buttons"] = launch


def _cache_pybtex_plugins() -> None:
    """pybtex looks its plugins (styles, the text backend) up in the installed packages' entry points
    at every use: a scan of every distribution, hundreds of times a build (each citation rendered by
    sphinxcontrib-bibtex and by :func:`book_index`), seconds of a warm rebuild. The answer cannot
    change while the build runs, so it is remembered."""
    import functools

    import pybtex.plugin

    if not hasattr(pybtex.plugin._load_entry_point, "cache_info"):
        pybtex.plugin._load_entry_point = functools.cache(pybtex.plugin._load_entry_point)


def setup(app) -> dict:
    _cache_pybtex_plugins()
    if "mapbook_edition" not in app.config.values:  # registered by mapbook_site when it is loaded
        app.add_config_value("mapbook_edition", "reader", "env")
    app.connect("config-inited", _edition)
    app.connect("config-inited", _launch_buttons_only_for_a_real_repository)
    app.connect("env-before-read-docs", _every_notebook_reads)
    app.connect("env-get-updated", _sphinx_numbers_back, priority=100)
    app.connect("env-get-updated", _number_per_chapter, priority=900)
    app.connect("builder-inited", _start_wheel)
    app.connect("build-finished", _write_notebooks)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
