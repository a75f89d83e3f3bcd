"""The built website: a strict build, then facts a reader relies on, checked on the real pages.

The whole book is built once per test run (the ``build`` and ``site`` fixtures, ``conftest.py``:
from a clean ``_build/html``, keeping the execution cache) with ``jupyter-book build . -W -n
--keep-going``; every other test, in this file and the others, reads that build.

- strict: the build exits 0 and prints no WARNING/ERROR;
- offline: no page or stylesheet loads a script, style, font or image from another host; MathJax
  is served by the site itself (``_ext/offline_mathjax.py``, npm ``mathjax``);
- navigation: every relative link and anchor resolves; chapters have previous/next links,
  download (.ipynb), launch (Binder, Colab) and repository buttons;
- accessibility: every figure has real alt text (not the file name docutils falls back to).

What a reader sees in Chromium (headless, offline: math is typeset, figures load, the console is
clean, nothing is fetched from the network, solutions start collapsed and open on click, search
finds results) is checked in ``test_reading.py``, from the same page loads as the layout checks.
"""

from __future__ import annotations

import re

import nbformat
import pytest
from built_site import (
    ROOT as BOOK,
)
from built_site import (
    broken_links,
    chapter_docs,
    config,
    html_pages,
    page,
    remote_assets_in_page,
    remote_css_urls,
    soup,
    toc_docs,
)

pytestmark = pytest.mark.build

DOCS = toc_docs()
CHAPTERS = chapter_docs()
IMAGE_FILE = re.compile(r"\.(png|jpe?g|gif|svg|webp)$", re.IGNORECASE)


# --- the strict build -------------------------------------------------------------------------


def test_book_builds_strictly_without_warnings(build):
    problems = "\n".join(build.problems)
    assert build.returncode == 0 and not problems, (
        f"`jupyter-book build . -W -n --keep-going` exited {build.returncode} after {build.seconds:.0f} s "
        f"with these problems (full log: test-artifacts/book-build.log):\n{problems or build.output[-3000:]}"
    )


def test_every_toc_document_has_a_page(site):
    missing = [doc for doc in DOCS if not page(doc).is_file()]
    assert not missing, f"documents of _toc.yml without a built page: {missing}"


# --- offline ----------------------------------------------------------------------------------


def test_no_page_loads_a_remote_script_style_font_or_image(site):
    remote = {str(p.relative_to(site)): found for p in html_pages() if (found := remote_assets_in_page(p))}
    assert not remote, f"pages that fetch from another host (the site must work offline): {remote}"


def test_no_stylesheet_imports_remote_styles_or_fonts(site):
    remote = {str(p.relative_to(site)): found for p in sorted(site.rglob("*.css"))
              if (found := remote_css_urls(p.read_text(encoding="utf-8", errors="replace")))}
    assert not remote, f"stylesheets that fetch from another host: {remote}"


def test_mathjax_is_served_by_the_site(site):
    with_math = [doc for doc in DOCS if soup(page(doc)).select(".math")]
    assert with_math, "no page of the book has math: the MathJax check has nothing to check"
    for doc in with_math:
        scripts = [s["src"] for s in soup(page(doc)).find_all("script", src=True) if "mathjax" in s["src"].lower()]
        assert len(scripts) == 1, f"{doc}: expected one MathJax script, found {scripts}"
        local = (page(doc).parent / scripts[0].split("?")[0]).resolve()
        assert local.is_relative_to(site / "_static" / "mathjax") and local.is_file(), (
            f"{doc}: MathJax {scripts[0]} is not the site's own copy in _static/mathjax")
    fonts = list((site / "_static" / "mathjax" / "output" / "chtml" / "fonts" / "woff-v2").glob("*.woff"))
    assert fonts, "MathJax's CHTML fonts are missing from _static/mathjax"


# --- navigation -------------------------------------------------------------------------------


def test_every_internal_link_and_anchor_resolves(site):
    broken = {str(p.relative_to(site)): found for p in html_pages() if (found := broken_links(p))}
    assert not broken, f"relative links to missing files or anchors: {broken}"


@pytest.mark.parametrize("doc", CHAPTERS)
def test_chapter_has_previous_and_next_links(site, doc):
    html = soup(page(doc))
    prev, nxt = html.select_one("a.left-prev"), html.select_one("a.right-next")
    assert prev is not None and nxt is not None, f"{doc}: missing previous/next link (prev={prev}, next={nxt})"
    order = DOCS.index(doc)
    assert (page(doc).parent / prev["href"]).resolve() == page(DOCS[order - 1]).resolve(), prev["href"]
    if order + 1 < len(DOCS):
        assert (page(doc).parent / nxt["href"]).resolve() == page(DOCS[order + 1]).resolve(), nxt["href"]


LAUNCH = re.compile(r"^https://(mybinder\.org|colab\.research\.google\.com|github\.com|gitlab\.com)/")


@pytest.mark.parametrize("doc", CHAPTERS)
def test_chapter_download_gives_the_reader_notebook_and_launch_links_only_for_a_real_repository(site, doc):
    html = soup(page(doc))
    hrefs = [a.get("href", "") for a in html.find_all("a")]

    sources = [h for h in hrefs if h.endswith(f"_sources/{doc}.ipynb")]
    assert sources, f"{doc}: no download link for the .ipynb"
    nb = nbformat.read(page(doc).parent / sources[0], as_version=4)  # a real notebook, with outputs
    assert nb.metadata.get("mapbook", {}).get("edition") == "reader", (
        f"{doc}: the download button gives the authoring source, not the generated reader notebook")
    assert any(c.get("outputs") for c in nb.cells if c.cell_type == "code"), f"{doc}: the notebook has no outputs"

    repo = ((config().get("repository") or {}).get("url") or "").rstrip("/")
    launch = [h for h in hrefs if LAUNCH.match(h)]
    if not repo:  # no repository named: no button may point anywhere (Jupyter Book's default is its own repo)
        assert not launch, f"{doc}: launch/repository links without a repository in _config.yml: {launch}"
        return
    owner_name = repo.removeprefix("https://github.com/")
    assert any(h.startswith(f"https://mybinder.org/v2/gh/{owner_name}/") for h in launch), f"{doc}: no Binder button"
    assert any(h.startswith(f"https://colab.research.google.com/github/{owner_name}/") for h in launch), \
        f"{doc}: no Colab launch button"
    assert all(owner_name in h for h in launch), f"{doc}: a launch link to another repository: {launch}"


def test_intro_links_the_reader_notebook_bundle(site):
    hrefs = [a.get("href", "") for a in soup(page("intro")).find_all("a")]
    assert "notebooks/mapbook-reader-notebooks.zip" in hrefs
    assert (site / "notebooks" / "mapbook-reader-notebooks.zip").is_file()
    assert not (site / "notebooks" / "mapbook-student-notebooks.zip").exists()


# --- accessibility ----------------------------------------------------------------------------


@pytest.mark.parametrize("doc", DOCS)
def test_every_image_has_alt_text(site, doc):
    """docutils falls back to the image's file name as alt text: that is not a description."""
    missing = []
    for img in soup(page(doc)).select("article img"):
        alt, src = (img.get("alt") or "").strip(), img.get("src", "")
        if not alt or alt == src or IMAGE_FILE.search(alt) or alt.startswith(("_images", "../_images")):
            missing.append(f"<img src={src} alt={alt!r}>")
    assert not missing, (
        f"{doc}: images without alt text. For a figure produced by a code cell, set the cell's metadata "
        '{"mystnb": {"image": {"alt": "..."}, "figure": {"caption": "...", "name": "fig-..."}}}: ' + str(missing))


@pytest.mark.parametrize("doc", CHAPTERS)
def test_solutions_are_collapsed_dropdowns(site, doc):
    html = soup(page(doc))
    exercises, solutions = html.select(".exercise.admonition"), html.select(".solution.admonition")
    not_dropdown = [s.get("id") for s in solutions if "dropdown" not in s.get("class", [])]
    assert not not_dropdown, f"{doc}: solutions without `:class: dropdown` (shown open): {not_dropdown}"
    if exercises:
        assert solutions, f"{doc}: {len(exercises)} exercise(s) but no solution"


@pytest.mark.parametrize("doc", CHAPTERS)
def test_checks_are_collapsed_behind_show_the_checks(site, doc):
    """Story first: each chapter's bookkeeping cells (tag ``checks``, scripts/checks.py) render
    with their code collapsed behind "Show the checks"."""
    nb = nbformat.read(BOOK / f"{doc}.ipynb", as_version=4)
    expected = sum("checks" in c.metadata.get("tags", []) for c in nb.cells)
    html = soup(page(doc))
    cells = html.select("div.cell.tag_checks")
    assert len(cells) == expected, f"{doc}: {expected} checks cells in the notebook, {len(cells)} on the page"
    for cell in cells:
        toggle = cell.select_one("details.hide.above-input summary")
        assert toggle is not None and "Show the checks" in toggle.get_text(), f"{doc}: a checks cell is not collapsed"


def test_the_book_has_exercises_with_solutions(site):
    counts = {doc: len(soup(page(doc)).select(".solution.dropdown")) for doc in CHAPTERS}
    assert sum(counts.values()) > 0, f"no collapsed solution in any chapter: {counts}"
