"""The book as PDF (``scripts/pdf.sh``, run by ``scripts/build.sh --pdf``), read as its reader reads it.

Both PDFs are built once (the session fixture ``pdfs`` of ``conftest.py``), from the checkout's
sources into a fresh folder (its own Sphinx environment, no ``_build`` and no execution cache: what a
clean CI machine does) that is kept between runs, keyed by a hash of the PDF's inputs
(``built_site.pdf_inputs``): an unchanged book is read from there, a change builds both anew. They
are read with ``pdftotext`` (Debian's poppler-utils, installed by ``scripts/setup.sh --with-tex``):

- the reader's PDF holds every chapter title (from ``_toc.yml`` and each page's first heading) under
  the chapter number the site uses, the glued numbers of every chapter formatted as the prose asks,
  every exercise numbered as on the site ("Exercise 2.3"), the appendix "Solutions to the
  exercises" with one "Solution to Exercise N.M" per exercise, the bibliography, and no ``??`` (an
  unresolved reference) and no raw MyST;
- the student PDF has every exercise and no solution: no appendix, no solution heading, and none of
  the solutions' code.

The PDFs, their build logs and page images of one chapter (``pdftoppm -png -r 80``) go to
``test-artifacts/pdf/``.
"""

from __future__ import annotations

import functools
import re
import shutil
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import built_site
import nbformat
import pytest
import toc
import yaml
from built_site import ROOT

ARTIFACTS = built_site.ARTIFACTS / "pdf"
sys.path.insert(0, str(ROOT / "scripts"))

import mapbook_pdf  # noqa: E402
import solutions  # noqa: E402
from mapbook_notebooks import format_glue, typeset_number  # noqa: E402
from mapbook_structure import EXERCISE, GLUE_ROLE  # noqa: E402  (the book's structure, one owner)
from mapbook_structure import MYST_MARKUP as RAW_MYST  # noqa: E402

CHAPTER_PAGE = "chapters/02_beta_bernoulli"  # the chapter whose pages are saved as images

needs_tools = pytest.mark.skipif(
    not all(shutil.which(tool) for tool in ("xelatex", "latexmk", "pdftotext", "pdftoppm")),
    reason="TeX Live / poppler-utils missing: run `bash scripts/setup.sh --with-tex` (as root)")


# --- the book's sources ---------------------------------------------------------------------------


def toc_docs() -> list[str]:
    return toc.documents(ROOT)


def source(doc: str) -> Path:
    return next(p for p in (ROOT / f"{doc}.ipynb", ROOT / f"{doc}.md") if p.is_file())


@functools.cache
def read(path: Path):
    """The notebook at ``path``, read once per test run (the tests only read it)."""
    return nbformat.read(path, as_version=4)


def first_heading(doc: str) -> str:
    path = source(doc)
    texts = ([c.source for c in read(path).cells if c.cell_type == "markdown"]
             if path.suffix == ".ipynb" else [path.read_text()])
    for text in texts:
        m = re.search(r"^# (.+)$", text, re.MULTILINE)
        if m:
            return m.group(1).strip()
    raise AssertionError(f"{path} has no '# ' heading")


def chapter_notebooks() -> list[tuple[int, str, Path]]:
    """(number, docname, path) of every ``chapters/NN_*`` notebook of the toc, in order."""
    out = []
    for doc in toc_docs():
        m = re.match(r"chapters/(\d+)_", doc)
        if m:
            out.append((int(m.group(1)), doc, ROOT / f"{doc}.ipynb"))
    return out


def glued_values(nb) -> dict[str, str]:
    """The text/plain of every value the notebook glues (its stored outputs)."""
    values = {}
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            scrapbook = out.get("metadata", {}).get("scrapbook", {})
            plain = out.get("data", {}).get(scrapbook.get("mime_prefix", "") + "text/plain")
            if scrapbook.get("name") and plain is not None:
                values[scrapbook["name"]] = plain
    return values


def glue_uses(nb, include_solutions: bool) -> list[tuple[str, str]]:
    """(key, formatted text) of every ``{glue:text}`` in the notebook's markdown."""
    values = glued_values(nb)
    skip = set() if include_solutions else set(solutions.solution_cells(nb))
    uses = []
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "markdown" or i in skip:
            continue
        for m in GLUE_ROLE.finditer(cell.source):
            key = m.group("key").strip()
            assert key in values, f"{key} is used but not glued"
            uses.append((key, typeset_number(format_glue(values[key], m.group("spec") or ""))))
    return uses


def exercise_count(nb) -> int:
    return sum(len(EXERCISE.findall(c.source)) for c in nb.cells if c.cell_type == "markdown")


@functools.cache
def outside_solutions() -> str:
    """Every cell of every chapter but the solutions' cells, without whitespace."""
    return squeeze("\n".join(
        c.source for _, _, path in chapter_notebooks() for other in [read(path)]
        for i, c in enumerate(other.cells) if i not in set(solutions.solution_cells(other))))


def solution_code_lines(nb) -> list[str]:
    """Code lines that only the solutions hold (found in no other cell of any chapter)."""
    elsewhere = outside_solutions()
    lines = []
    for i in solutions.solution_cells(nb):
        cell = nb.cells[i]
        if cell.cell_type == "code":
            lines += [ln.strip() for ln in cell.source.splitlines()
                      if 25 <= len(ln.strip()) <= 70 and not ln.strip().startswith("#")
                      and squeeze(ln) not in elsewhere]
    return lines


def squeeze(text: str) -> str:
    """Text without whitespace (code in the PDF wraps and pdftotext spaces it its own way)."""
    return re.sub(r"\s+", "", text)


# --- the cache key of the PDFs (no build) --------------------------------------------------------


def test_pdf_cache_key_is_stable_across_runs():
    """Issue 17: two test runs in a row both rebuilt the PDFs (about 100 s each), because the key
    hashed every file under ``chapters/``, ``chapters/.ruff_cache`` (rewritten by ruff in each run)
    included. The key of an unchanged checkout is the same every time it is computed."""
    assert built_site.files_digest(built_site.pdf_inputs()) == built_site.files_digest(built_site.pdf_inputs())
    chapters = built_site.source_files(ROOT / "chapters")
    assert set(ROOT.glob("chapters/*.ipynb")) <= set(chapters)
    assert not [f for f in chapters if any(part.startswith(".") for part in f.relative_to(ROOT).parts)]


@pytest.mark.parametrize("repository", [True, False], ids=["git checkout", "no git"])
def test_pdf_cache_key_ignores_caches_and_changes_with_every_input(tmp_path, monkeypatch, repository):
    """On a copy of the PDF's inputs: what tools write beside the sources (ruff's cache, Python's
    bytecode, a build folder git ignores) leaves the key alone; a change to a chapter, the
    extensions (the LaTeX preamble is made in ``_ext/mapbook_pdf.py``), the configuration, the
    bibliography, the styles or the PDF script, or a new file among them, changes it."""
    book = tmp_path / "book"
    for path in [*built_site.pdf_inputs(), ROOT / ".gitignore"]:
        files = built_site.source_files(path) if path.is_dir() else [path]
        for f in files:
            (book / f.relative_to(ROOT)).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(f, book / f.relative_to(ROOT))
    if repository:
        git = ["git", "-C", str(book), "-c", "user.name=t", "-c", "user.email=t@t", "-c", "commit.gpgsign=false",
               "-c", "core.hooksPath=/dev/null"]
        subprocess.run([*git, "init", "-q"], check=True)
        subprocess.run([*git, "add", "-A"], check=True)
        subprocess.run([*git, "commit", "-q", "-m", "book"], check=True)
    monkeypatch.setattr(built_site, "ROOT", book)
    key = built_site.files_digest(built_site.pdf_inputs())
    caches = [book / "chapters" / ".ruff_cache" / "0.1" / "123", book / "_ext" / "__pycache__" / "m.pyc",
              book / "chapters" / ".ipynb_checkpoints" / "01-checkpoint.ipynb"]
    if repository:
        caches.append(book / "chapters" / "_build" / "html" / "index.html")  # ignored by .gitignore
    for cache in caches:
        cache.parent.mkdir(parents=True, exist_ok=True)
        cache.write_text("written by a tool")
    assert built_site.files_digest(built_site.pdf_inputs()) == key, "a cache changed the key"
    chapter = sorted((book / "chapters").glob("*.ipynb"))[0]
    for changed in [chapter, book / "_ext" / "mapbook_pdf.py", book / "_config.yml", book / "references.bib",
                    book / "_static" / "mapbook.css", book / "scripts" / "pdf.sh", book / "_toc.yml"]:
        before = changed.read_bytes()
        changed.write_bytes(before + b"\n")
        assert built_site.files_digest(built_site.pdf_inputs()) != key, f"{changed.relative_to(book)} changed"
        changed.write_bytes(before)
    assert built_site.files_digest(built_site.pdf_inputs()) == key
    (book / "_ext" / "static" / "new.js").write_text("// new")
    assert built_site.files_digest(built_site.pdf_inputs()) != key, "a new file in _ext/"


# --- the reader's PDF -----------------------------------------------------------------------------


@needs_tools
def test_pdf_builds_offline_from_stored_outputs_without_warnings(pdfs):
    log = (ARTIFACTS / "sphinx-reader.log").read_text()
    assert "execution_mode='off'" in log, "the PDF must render the stored outputs"
    assert not re.search(r"Execut(ing|ed) notebook", log), "the PDF build executed a notebook"
    assert "WARNING" not in log
    assert pdfs["reader"].pages > 50


@needs_tools
def test_pdf_has_every_chapter_title_under_the_sites_chapter_number(pdfs):
    # LaTeX sets an apostrophe as a right quote (prior's -> prior’s): compare with straight quotes
    toc_text = re.sub(r"[ \t]+", " ", "".join(pdfs["reader"].layout.split("\f")[:6])).replace("’", "'")
    text = re.sub(r"\s+", " ", pdfs["reader"].text).replace("’", "'")
    for doc in toc_docs():
        title = first_heading(doc)
        assert title in text, f"the title of {doc}, {title!r}, is not in the PDF"
    for number, doc, _ in chapter_notebooks():
        title = first_heading(doc)
        assert re.search(rf"^\s*{number} {re.escape(title)}\b", toc_text, re.MULTILINE), \
            f"the contents do not list {doc} as chapter {number}: {title!r}"


@needs_tools
@pytest.mark.parametrize("number,doc,path", chapter_notebooks(), ids=lambda x: str(x))
def test_pdf_shows_the_glued_numbers_of_the_chapter(pdfs, number, doc, path):
    nb = read(path)
    uses = glue_uses(nb, include_solutions=True)
    text = re.sub(r"\s+", " ", pdfs["reader"].text)
    missing = [(key, shown) for key, shown in uses if shown not in text]
    assert not missing, f"{doc}: glued values not in the PDF text: {missing}"


@needs_tools
def test_pdf_numbers_exercises_per_chapter_and_gathers_their_solutions_in_the_appendix(pdfs):
    text = re.sub(r"\s+", " ", pdfs["reader"].text)
    body, _, appendix = text.partition(mapbook_pdf.APPENDIX_INTRO)
    assert appendix, "no appendix"
    assert "A Solutions to the exercises" in re.sub(r"\s+", " ", pdfs["reader"].layout), "no appendix in the contents"
    total = 0
    for number, doc, path in chapter_notebooks():
        count = exercise_count(read(path))
        total += count
        for k in range(1, count + 1):
            assert f"Exercise {number}.{k} " in text, f"{doc}: no 'Exercise {number}.{k}'"
            assert f"Solution to Exercise {number}.{k} " in appendix, f"no solution to {number}.{k} in the appendix"
        assert f"Exercise {number}.{count + 1} " not in text
    assert total > 10
    # each solution is in the appendix, not after its exercise: the chapters hold only links to it
    assert len(re.findall(r"Solution to Exercise \d+\.\d+: page \d+", body)) == total


@needs_tools
def test_pdf_has_the_bibliography_and_no_unresolved_reference_or_raw_myst(pdfs):
    for edition in ("reader", "student"):
        text = pdfs[edition].text
        assert "??" not in text, f"{edition}: an unresolved reference (??) in the PDF"
        raw = sorted({m.group(0) for m in RAW_MYST.finditer(text)})
        assert not raw, f"{edition}: raw MyST in the PDF: {raw}"
        assert "Bibliography" in text and "Probabilistic Machine Learning" in text


@needs_tools
@pytest.mark.parametrize("edition", ["reader", "student"])
def test_every_character_is_in_the_fonts_and_every_internal_link_resolves(pdfs, edition):
    """Issue 19: a superscript T in code was an empty box (no glyph in FreeMono), and 35 internal
    links were dead (chapter 11's list of every exercise, two links inside solutions). XeLaTeX
    logs both: "Missing character" and "Hyper reference ... undefined"."""
    log = (ARTIFACTS / f"latex-{edition}.log").read_text(errors="replace")
    flat = re.sub(r"\n(?!\n)", "", log)  # TeX folds its log lines at 79 characters
    missing = sorted(set(re.findall(r"Missing character: There is no (\S+)", flat)))
    assert not missing, f"{edition}: characters with no glyph in the PDF's fonts: {missing}"
    undefined = sorted(set(re.findall(r"(?:Hyper r|R)eference `([^']+)' on page \d+ undefined", flat)))
    assert not undefined, f"{edition}: {len(undefined)} internal links lead nowhere: {undefined[:8]}"
    assert "multiply defined" not in flat, f"{edition}: a label is defined twice"


@needs_tools
def test_pages_after_the_last_chapter_are_unnumbered_back_matter(pdfs):
    """Issue 18 D: Summary, About and Changelog were chapters 10-12 in the PDF."""
    contents = "".join(pdfs["reader"].layout.split("\f")[:8])
    back = [doc for doc in toc_docs() if not doc.startswith("chapters/") and doc not in ("intro", "bibliography")]
    assert back, "no back matter in the table of contents"
    for doc in back:
        title = first_heading(doc)
        assert re.search(rf"^\s*{re.escape(title)}\s", contents, re.MULTILINE), f"{title!r} not in the contents"
        numbered = re.search(rf"^\s*\d+\s+{re.escape(title)}\s", contents, re.MULTILINE)
        assert not numbered, f"{title!r} is numbered like a chapter: {numbered.group(0).strip()!r}"
    assert re.search(r"^\s*A\s+Solutions to the exercises", contents, re.MULTILINE), "the appendix lost its letter"


@needs_tools
def test_negative_glued_numbers_print_with_a_true_minus(pdfs):
    """Issue 19: "-0.0887" in the PDF where the site shows "−0.0887". Every negative number the
    prose glues is in the PDF with a true minus (U+2212), as the site shows it."""
    shown = [(path.stem, key, text) for _, _, path in chapter_notebooks()
             for key, text in glue_uses(read(path), include_solutions=True)
             if text.startswith("\u2212")]
    assert shown, "no negative glued number to check"
    flat = re.sub(r"\s+", "", pdfs["reader"].text)
    missing = [f"{doc}: {key} ({text})" for doc, key, text in shown if re.sub(r"\s+", "", text) not in flat]
    assert not missing, f"negative glued numbers not printed with a true minus: {missing[:5]}"


@needs_tools
def test_every_figure_caption_starts_on_its_figures_page(pdfs):
    """Issue 19: a caption ("Figure: ...", the paragraph after the cell that draws the figure) was
    split from its figure by a page break. pdfimages lists the page of every image."""
    listing = subprocess.run(["pdfimages", "-list", str(pdfs["reader"].path)], capture_output=True,
                             text=True, check=True).stdout.splitlines()[2:]
    image_pages = {int(row.split()[0]) for row in listing if row.split() and row.split()[2] == "image"}
    captions, orphans = 0, []
    for page, text in enumerate(pdfs["reader"].page_texts, 1):
        for line in text.splitlines():
            if line.startswith("Figure:"):
                captions += 1
                if page not in image_pages:
                    orphans.append(f"page {page}: {line[:70]}")
    assert captions > 20, f"only {captions} captions found"
    assert not orphans, "captions on a page without their figure:\n" + "\n".join(orphans)


@needs_tools
def test_pdf_page_images_of_a_chapter_are_saved(pdfs):
    title = first_heading(CHAPTER_PAGE)
    number = int(re.match(r"chapters/(\d+)_", CHAPTER_PAGE).group(1))
    # the chapter's even pages carry "Chapter 2. <title>" as running head; it opens on the page before
    pages = [i for i, page in enumerate(pdfs["reader"].page_texts, 1) if f"Chapter {number}. {title}" in page]
    assert pages, f"no page has the running head 'Chapter {number}. {title}'"
    first, last = pages[0] - 1, pages[-1] + 1
    images = ARTIFACTS / "pages"
    shutil.rmtree(images, ignore_errors=True)
    images.mkdir(parents=True)
    subprocess.run(["pdftoppm", "-png", "-r", "80", "-f", str(first), "-l", str(last),
                    str(pdfs["reader"].path), str(images / "ch02")], check=True)
    subprocess.run(["pdftoppm", "-png", "-r", "80", "-f", str(pdfs["reader"].pages - 2), "-l",
                    str(pdfs["reader"].pages), str(pdfs["reader"].path), str(images / "appendix")], check=True)
    assert len(list(images.glob("ch02-*.png"))) >= 4
    # the pages issue 19 fixed: the list of every exercise (its links), a caption kept with its
    # figure, and code with a superscript T
    fixed = {"exercise-list": "Every exercise in the book", "caption": "Figure: contours of the residual",
             "superscript-t": "prior mean m solves"}
    for name, needle in fixed.items():
        page = next((i for i, text in enumerate(pdfs["reader"].page_texts, 1) if needle in text), None)
        assert page, f"no page holds {needle!r}"
        subprocess.run(["pdftoppm", "-png", "-r", "80", "-f", str(page), "-l", str(page),
                        str(pdfs["reader"].path), str(images / f"issue19-{name}")], check=True)
    assert len(list(images.glob("issue19-*.png"))) == len(fixed)


# --- the student PDF ------------------------------------------------------------------------------


@needs_tools
def test_student_pdf_has_every_exercise_and_no_solution(pdfs):
    student = re.sub(r"\s+", " ", pdfs["student"].text)
    reader, squeezed = squeeze(pdfs["reader"].text), squeeze(pdfs["student"].text)
    assert "Solution to Exercise" not in student and "Solutions to the exercises" not in student
    assert "(student edition)" in student
    checked = 0
    for number, doc, path in chapter_notebooks():
        nb = read(path)
        for k in range(1, exercise_count(nb) + 1):
            assert f"Exercise {number}.{k} " in student
        for line in solution_code_lines(nb):
            if squeeze(line) in reader:  # visible in the reader's PDF (not wrapped across a page)
                assert squeeze(line) not in squeezed, f"{doc}: {line!r} in the student PDF"
                checked += 1
        for key, shown in glue_uses(nb, include_solutions=False):
            assert shown in student, f"{doc}: glued value {key} ({shown}) missing from the student PDF"
    assert checked > 20, f"only {checked} solution lines were checked"
    assert pdfs["student"].pages < pdfs["reader"].pages


# --- the website links the PDF (no build: the extension's hook on a stand-in app) -----------------


def _fake_app(tmp_path: Path, edition: str):
    return SimpleNamespace(builder=SimpleNamespace(format="html"), outdir=str(tmp_path / "html"),
                           confdir=str(tmp_path / "book"), config=SimpleNamespace(mapbook_edition=edition),
                           tags=set())


def _tags(app):
    app.tags = SimpleNamespace(added=set(), add=lambda tag: app.tags.added.add(tag))
    return app


@pytest.mark.parametrize("edition", ["reader", "student"])
def test_site_publishes_and_links_the_pdf_only_when_it_exists(tmp_path, monkeypatch, edition):
    monkeypatch.delenv("MAPBOOK_PDF", raising=False)
    name = mapbook_pdf.PDF_NAMES[edition]
    app = _tags(_fake_app(tmp_path, edition))
    mapbook_pdf._publish_pdf(app)  # no PDF: no tag, so no link, and no file
    assert "pdf" not in app.tags.added and not (tmp_path / "html" / name).exists()

    pdf = tmp_path / "book" / "_build" / "pdf" / name
    pdf.parent.mkdir(parents=True)
    pdf.write_bytes(b"%PDF-1.5 stand-in")
    app = _tags(_fake_app(tmp_path, edition))
    mapbook_pdf._publish_pdf(app)
    assert "pdf" in app.tags.added and (tmp_path / "html" / name).read_bytes() == pdf.read_bytes()

    pdf.unlink()  # a stale copy from an earlier build is removed with its source
    mapbook_pdf._publish_pdf(_tags(_fake_app(tmp_path, edition)))
    assert not (tmp_path / "html" / name).exists()

    # the intro links exactly that file, in a block shown only with the tag
    intro = (ROOT / "intro.md").read_text()
    condition = "html and pdf and " + ("not student" if edition == "reader" else "student")
    block = re.search(r"```\{only\} " + re.escape(condition) + r"\n(.*?)```", intro, re.DOTALL)
    assert block and f'<a href="{name}">Download the book (PDF)</a>' in block.group(1)


def test_latex_preamble_defines_every_macro_of_the_mathjax_config():
    config = yaml.safe_load((ROOT / "_config.yml").read_text())
    macros = config["sphinx"]["config"]["mathjax3_config"]["tex"]["macros"]
    preamble = mapbook_pdf.latex_macros(SimpleNamespace(mathjax3_config=config["sphinx"]["config"]["mathjax3_config"]))
    for name, definition in macros.items():
        assert rf"\renewcommand{{\{name}}}{{{definition}}}" in preamble
