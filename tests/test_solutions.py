"""Every exercise has a tested, collapsed solution, and the student edition ships none of them.

(a) every ``{exercise}`` in every chapter has a gated solution with the same label (and every
    solution answers an exercise that exists);
(b) every solution cell is tagged and collapsed in JupyterLab (``scripts/solutions.py check``),
    and every solution holds at least one executed code cell that ``assert``s its answer;
(c) the websites: the normal site shows one collapsed solution (``class="solution dropdown``) per
    exercise, and the student edition (``scripts/student.sh``) keeps every exercise and has no
    solution at all: no solution admonition, no solution cell, no solution text, no solution in the
    downloadable notebooks.

The unit tests of ``scripts/solutions.py`` itself (find / mark / check / strip) come first.
"""

from __future__ import annotations

import html
import importlib.util
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import nbformat
import pytest
from built_site import ROOT, soup

NOTEBOOKS = sorted((ROOT / "chapters").glob("*.ipynb"))
PY = ROOT / ".venv" / "bin" / "python"
JB = ROOT / ".venv" / "bin" / "jupyter-book"

_spec = importlib.util.spec_from_file_location("solutions", ROOT / "scripts" / "solutions.py")
solutions = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(solutions)
import mapbook_structure as structure  # noqa: E402  (the book's exercise and solution patterns, one owner)

SOLUTION_START = structure.SOLUTION_START


def _read(path: Path):
    return nbformat.read(path, as_version=4)


def exercise_labels(nb) -> list[str | None]:
    """The ``:label:`` of every exercise directive in the notebook's markdown (None if unlabelled)."""
    return [label for _, label, _ in structure.exercises(nb)]


def solution_labels(nb) -> list[str]:
    return structure.solution_labels(nb)


# --------------------------------------------------------------------------- scripts/solutions.py
def _toy_notebook():
    md, code = nbformat.v4.new_markdown_cell, nbformat.v4.new_code_cell
    return nbformat.v4.new_notebook(cells=[
        md("# Title"),
        md("```{exercise} Toy\n:label: ex-toy\n\nWhat is 1 + 1?\n```"),
        code("x = 1"),
        md("```{solution-start} ex-toy\n:class: dropdown\n```"),
        md("It is two."),
        code("assert 1 + 1 == 2"),
        md("```{solution-end}\n```"),
        md("After the solution."),
    ])


def test_solution_spans_find_the_cells_between_start_and_end():
    nb = _toy_notebook()
    assert solutions.solution_spans(nb) == [(3, 6)]
    assert solutions.solution_cells(nb) == [3, 4, 5, 6]
    assert exercise_labels(nb) == ["ex-toy"] and solution_labels(nb) == ["ex-toy"]


@pytest.mark.parametrize("sources, words", [
    (["```{solution-start} ex\n```", "x"], "never closed"),
    (["```{solution-end}\n```"], "without solution-start"),
    (["```{solution-start} a\n```", "```{solution-start} b\n```", "```{solution-end}\n```"], "inside an open"),
    (["```{solution-start} a\n```", "```{solution-end}\n```\n\n```{exercise} Next\n:label: n\n```"],
     "nothing else"),
    (["Some prose.\n\n```{solution-start} a\n```", "```{solution-end}\n```"], "nothing else"),
])
def test_malformed_solutions_are_reported(sources, words):
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell(s) for s in sources])
    with pytest.raises(ValueError, match=words):
        solutions.solution_spans(nb)


def test_mark_hides_solution_cells_and_strip_removes_them(tmp_path):
    book = tmp_path / "book"
    (book / "chapters").mkdir(parents=True)
    path = book / "chapters" / "01_toy.ipynb"
    nbformat.write(_toy_notebook(), path)
    assert solutions.unhidden(path) == [3, 4, 5, 6]
    assert solutions.mark(path) is True
    assert solutions.mark(path) is False  # idempotent
    assert solutions.unhidden(path) == []
    marked = _read(path)
    assert [c.metadata.get("tags") for c in marked.cells[3:7]] == [["solution"]] * 4
    assert "tags" not in marked.cells[2].metadata and "tags" not in marked.cells[7].metadata

    solutions.strip(book, tmp_path / "student")
    student = _read(tmp_path / "student" / "chapters" / "01_toy.ipynb")
    assert [c.source for c in student.cells] == [c.source for i, c in enumerate(marked.cells) if i not in range(3, 7)]


def test_strip_refuses_plain_solution_blocks(tmp_path):
    (tmp_path / "book" / "chapters").mkdir(parents=True)
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("```{solution} ex\nanswer\n```")])
    nbformat.write(nb, tmp_path / "book" / "chapters" / "x.ipynb")
    with pytest.raises(ValueError, match="plain"):
        solutions.strip(tmp_path / "book", tmp_path / "out")


# --------------------------------------------------------------------------- (a) and (b)
@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_every_exercise_has_a_gated_solution_with_its_label(path):
    nb = _read(path)
    exercises = exercise_labels(nb)
    assert None not in exercises, f"{path.name}: every exercise needs a :label: (to attach its solution)"
    assert len(set(exercises)) == len(exercises), f"{path.name}: duplicate exercise labels {exercises}"
    answered = solution_labels(nb)
    assert len(answered) == len(solutions.solution_spans(nb))
    assert sorted(exercises) == sorted(answered), (
        f"{path.name}: exercises without a solution {sorted(set(exercises) - set(answered))}, "
        f"solutions without an exercise {sorted(set(answered) - set(exercises))}")


def test_exercise_labels_are_unique_across_the_book():
    labels = [label for path in NOTEBOOKS for label in exercise_labels(_read(path))]
    assert len(labels) == len(set(labels)), sorted({x for x in labels if labels.count(x) > 1})


def test_exercise_index_of_chapter_11_links_every_exercise_of_the_book():
    index = next((p for p in NOTEBOOKS if p.name.startswith("11_")), None)
    if index is None:  # pragma: no cover - the chapter is part of the book
        pytest.skip("no chapter 11")
    linked = {m.group(1) for cell in _read(index).cells if cell.cell_type == "markdown"
              for m in re.finditer(r"\{ref\}`(?:[^`<]*<)?([\w-]+)>?`", cell.source)}
    labels = {label for path in NOTEBOOKS for label in exercise_labels(_read(path))}
    assert labels <= linked, (f"{index.name}: the exercise index misses {sorted(labels - linked)} "
                              "(add a {ref} link to each new exercise in its 'Every exercise in the book' list)")


def test_every_solution_cell_is_hidden_in_jupyterlab():
    result = subprocess.run([str(PY), "scripts/solutions.py", "check", *map(str, NOTEBOOKS)],
                            cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_every_solution_asserts_its_answer_in_an_executed_code_cell(path):
    nb = _read(path)
    for first, last in solutions.solution_spans(nb):
        label = SOLUTION_START.search(nb.cells[first].source).group("label")
        code = [c for c in nb.cells[first:last + 1] if c.cell_type == "code"]
        checked = [c for c in code if re.search(r"^\s*assert\b|\bassert_\w+\(", c.source, re.MULTILINE)]
        assert checked, f"{path.name}: the solution of {label} has no code cell that asserts its answer"
        unexecuted = [i for i, c in enumerate(code) if c.execution_count is None]
        assert not unexecuted, f"{path.name}: solution {label} has unexecuted code cells (run scripts/execute.sh)"
        errors = [o for c in code for o in c.outputs if o.output_type == "error"]
        assert not errors, f"{path.name}: solution {label} stores an error output"


# --------------------------------------------------------------------------- (c) the two websites
class _SolutionText(HTMLParser):
    """Collect the visible text inside each ``<div class="solution ...">`` (without its title)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.depth = 0  # div nesting inside the current solution, 0 = outside
        self.skip = 0
        self.texts: list[list[str]] = []

    def handle_starttag(self, tag, attrs):
        classes = (dict(attrs).get("class") or "").split()
        if self.depth:
            if tag == "div":
                self.depth += 1
            if "admonition-title" in classes or tag in ("script", "style"):
                self.skip += 1
        elif tag == "div" and "solution" in classes:
            self.depth = 1
            self.texts.append([])

    def handle_endtag(self, tag):
        if not self.depth:
            return
        if self.skip and tag in ("p", "script", "style"):
            self.skip -= 1
        if tag == "div":
            self.depth -= 1

    def handle_data(self, data):
        if self.depth and not self.skip:
            self.texts[-1].append(data)


def solution_phrases(page: str) -> list[str]:
    """Up to three distinctive plain-text phrases (>= 30 characters, no math) from each solution."""
    parser = _SolutionText()
    parser.feed(page)
    phrases = []
    for chunks in parser.texts:
        text = " ".join(" ".join(chunks).split())
        pieces = [p.strip() for p in re.split(r"\\\(.*?\\\)|\\\[.*?\\\]|\$\$.*?\$\$|[.:;]", text) if p]
        long_ = [p for p in pieces if len(p) >= 30 and "\\" not in p]
        assert long_, f"no plain-text phrase in a solution: {text[:200]!r}"
        phrases.extend(p[:80] for p in sorted(set(long_), key=len, reverse=True)[:3])
    return phrases


def _page_text(page: str) -> str:
    text = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.DOTALL)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", text)).split())


def _chapter_pages():
    return [(p, _read(p)) for p in NOTEBOOKS]


@pytest.mark.build
def test_normal_site_shows_one_collapsed_solution_per_exercise(sites):
    normal, _ = sites
    for path, nb in _chapter_pages():
        page = (normal / "chapters" / f"{path.stem}.html").read_text()
        n = len(exercise_labels(nb))
        assert len(re.findall(r'class="exercise[ "]', page)) == n, path.name
        assert len(re.findall(r'class="solution dropdown[ "]', page)) == n, path.name
        parser = _SolutionText()
        parser.feed(page)
        assert len(parser.texts) == n, path.name
        assert all(solution_phrases(page)) if n else solution_phrases(page) == [], path.name


@pytest.mark.build
def test_student_edition_keeps_every_exercise_and_no_solution(sites):
    normal, student = sites
    for path, nb in _chapter_pages():
        labels = exercise_labels(nb)
        page = (student / "chapters" / f"{path.stem}.html").read_text()
        assert len(re.findall(r'class="exercise[ "]', page)) == len(labels), path.name
        for label in labels:
            assert f'id="{label}"' in page, f"{path.name}: exercise {label} missing from the student edition"
        assert 'class="solution' not in page, f"{path.name}: a solution admonition in the student edition"
        assert "tag_solution" not in page, f"{path.name}: a solution cell in the student edition"
        text = _page_text(page)
        normal_page = (normal / "chapters" / f"{path.stem}.html").read_text()
        for phrase in solution_phrases(normal_page):
            assert phrase in _page_text(normal_page)
            assert phrase not in text, f"{path.name}: solution text {phrase!r} in the student edition"


@pytest.mark.build
def test_student_edition_downloads_contain_no_solution(sites):
    _, student = sites
    leaks = [str(f.relative_to(student)) for f in student.rglob("*")
             if f.is_file() and f.suffix in {".html", ".ipynb", ".md", ".txt"}
             and re.search(r"solution-start|solution-end|tag_solution", f.read_text(errors="ignore"))]
    leaks += [str(f.relative_to(student)) for f in student.rglob("*.ipynb") if '"solution"' in f.read_text()]
    assert not leaks, f"solution material in the student edition: {leaks}"
    for path, nb in _chapter_pages():
        source = student / "_sources" / "chapters" / path.name
        if source.exists():  # the download button gives the generated student notebook
            copy = _read(source)
            assert copy.metadata["mapbook"]["edition"] == "student", path.name
            assert not [c for c in copy.cells if "solution" in c.metadata.get("tags", [])], path.name
            headed = [c for c in copy.cells if c.cell_type == "markdown"
                      and re.search(r"^\*\*Exercise \d+\.\d+\*\*", c.source, re.MULTILINE)]
            assert len(headed) == len(exercise_labels(nb)), path.name


if __name__ == "__main__":  # pragma: no cover
    sys.exit(pytest.main([__file__, "-v"]))


# --------------------------------------------------------------------------- (d) the notebooks for Jupyter
MYST_ONLY = structure.MYST_ONLY  # what only Jupyter Book renders: none of it may reach a generated notebook
# a reader solution: one closed <details> whose summary is all that shows
DETAILS = re.compile(r"\A<details>\n<summary>(?P<title>Solution to Exercise (?P<number>\d+\.\d+))</summary>\n\n"
                     r"(?P<body>.*)\n\n</details>\Z", re.DOTALL)


def _generated(sites, edition: str) -> dict[str, nbformat.NotebookNode]:
    normal, student = sites
    folder = normal.parent / "notebooks" / "reader" if edition == "reader" else student.parent / "notebooks"
    found = {p.stem: _read(p) for p in sorted(folder.glob("*.ipynb"))}
    assert sorted(found) == [p.stem for p in NOTEBOOKS], f"{edition} notebooks: {sorted(found)}"
    return found


def _markdown_text(nb) -> str:
    return "\n\n".join(c.source for c in nb.cells if c.cell_type == "markdown")


@pytest.mark.build
@pytest.mark.parametrize("edition", ["reader", "student"])
def test_generated_notebooks_hold_no_myst_only_syntax(sites, edition):
    for name, nb in _generated(sites, edition).items():
        text = _markdown_text(nb)
        found = sorted({m.group(0) for m in MYST_ONLY.finditer(text)})
        assert not found, f"{edition}/{name}.ipynb: MyST that JupyterLab shows raw: {found}"
        assert "myst_nb" not in nbformat.writes(nb), f"{edition}/{name}.ipynb needs myst-nb"
        assert nb.cells[0].cell_type == "code" and "MAPMATH = {" in nb.cells[0].source, (
            f"{edition}/{name}.ipynb: the first cell must make mapmath importable")
        nbformat.validate(nb)


def _pasted(page: str) -> list[str]:
    """The glued values of a built page, in order, as the reader sees them."""
    return [html.unescape(re.sub(r"<[^>]+>", "", m)) for m in
            re.findall(r'<span class="pasted-text">(.*?)</span>', page, flags=re.DOTALL)]


@pytest.mark.build
def test_reader_notebooks_show_every_glued_value_as_the_site_does(sites):
    normal, _ = sites
    for name, nb in _generated(sites, "reader").items():
        values = _pasted((normal / "chapters" / f"{name}.html").read_text())
        text, at = _markdown_text(nb), 0
        for value in values:
            found = text.find(value, at)
            assert found >= 0, f"reader/{name}.ipynb: the site's glued value {value!r} is missing (in order)"
            at = found + len(value)
        if any("{glue" in c.source for c in _read(ROOT / "chapters" / f"{name}.ipynb").cells):
            assert values, f"{name}: the site shows no glued value"


@pytest.mark.build
def test_each_reader_solution_is_one_closed_details_cell_right_after_its_exercise(sites):
    """Issue 16 item 5: one element per solution, showing only "Solution to Exercise N.M" until opened;
    a Markdown cell (nothing to run or re-show), its code as code blocks, its outputs inline."""
    for name, nb in _generated(sites, "reader").items():
        chapter = _read(ROOT / "chapters" / f"{name}.ipynb")
        labels = exercise_labels(chapter)
        found = [(i, c) for i, c in enumerate(nb.cells) if "solution" in c.metadata.get("tags", [])]
        assert len(found) == len(labels), f"reader/{name}.ipynb: {len(labels)} exercises, {len(found)} solutions"
        numbers = []
        for i, cell in found:
            assert cell.cell_type == "markdown", f"reader/{name}.ipynb cell {i}: a solution cell that can run"
            m = DETAILS.match(cell.source)
            assert m, f"reader/{name}.ipynb cell {i}: not one closed <details>: {cell.source[:120]!r}"
            assert "<details" not in m.group("body") and "</summary>" not in m.group("body"), (name, i)
            assert "jupyter" not in cell.metadata and "collapsed" not in cell.metadata, (name, i)
            numbers.append(m.group("number"))
            previous = next(c for c in reversed(nb.cells[:i]) if c.cell_type == "markdown")  # (08: a code cell between)
            assert f"**Exercise {m.group('number')}**" in previous.source, (
                f"reader/{name}.ipynb: the solution to Exercise {m.group('number')} does not follow its exercise")
        assert len(set(numbers)) == len(numbers), f"reader/{name}.ipynb: {numbers}"
        # every code cell of every solution is in it as a code block, with its figures inline
        for (first, last), (_, cell) in zip(solutions.solution_spans(chapter), found, strict=True):
            for source in (c.source for c in chapter.cells[first:last + 1] if c.cell_type == "code"):
                assert f"```python\n{source.rstrip()}\n```" in cell.source, (name, source[:80])
            figures = sum("image/png" in o.get("data", {}) for c in chapter.cells[first:last + 1]
                          if c.cell_type == "code" for o in c.outputs)
            assert cell.source.count('<img src="data:image/png;base64,') == figures, name


def _solution_sentences(nb) -> list[str]:
    """Distinctive plain-text pieces (>= 30 characters, no math) of a reader notebook's solution prose
    (not the ones the notebook's other text holds too: a solution may quote its exercise)."""
    pieces = []
    elsewhere = "\n".join(c.source for c in nb.cells if "solution" not in c.metadata.get("tags", []))
    for cell in nb.cells:
        if "solution" in cell.metadata.get("tags", []) and cell.cell_type == "markdown":
            body = cell.source.split("</summary>", 1)[-1]
            body = re.sub(r"(`{3,}).*?\1|<[^>]+>", "\n", body, flags=re.DOTALL)  # not code, outputs, tags
            pieces += [p.strip() for p in re.split(r"\$\$.*?\$\$|\$[^$]*\$|[.:;\n]", body, flags=re.DOTALL)
                       if len(p.strip()) >= 30 and "\\" not in p and p.strip() not in elsewhere]
    return pieces


@pytest.mark.build
def test_student_notebooks_and_zip_hold_no_solution(sites):
    import zipfile

    _, student = sites
    readers, students = _generated(sites, "reader"), _generated(sites, "student")
    bundle = student / "notebooks" / "mapbook-student-notebooks.zip"
    with zipfile.ZipFile(bundle) as z:
        zipped = {n: z.read(n).decode() for n in z.namelist() if n.endswith((".ipynb", ".txt"))}
        wheels = [n for n in z.namelist() if n.endswith(".whl")]
    assert sorted(n.split("/")[-1] for n in zipped if n.endswith(".ipynb")) == [f"{p.stem}.ipynb" for p in NOTEBOOKS]
    assert wheels, "the student zip has no mapmath wheel"
    for name, nb in students.items():
        text = nbformat.writes(nb)
        assert '"solution"' not in text and "Solution to Exercise" not in text, f"student/{name}.ipynb"
        in_zip = next(v for n, v in zipped.items() if n.endswith(f"/{name}.ipynb"))
        download = (student / "_sources" / "chapters" / f"{name}.ipynb").read_text()
        phrases = _solution_sentences(readers[name])
        assert phrases or not exercise_labels(_read(ROOT / "chapters" / f"{name}.ipynb")), name
        for phrase in phrases:
            for where, body in (("notebook", _markdown_text(nb)), ("zip", in_zip), ("download", download)):
                assert phrase not in body, f"student {where} {name}: solution text {phrase!r}"


@pytest.mark.build
def test_student_notebooks_have_an_answer_cell_after_each_exercise(sites):
    for name, nb in _generated(sites, "student").items():
        labels = exercise_labels(_read(ROOT / "chapters" / f"{name}.ipynb"))
        answers = [i for i, c in enumerate(nb.cells) if "answer" in c.metadata.get("tags", [])]
        assert len(answers) == len(labels), f"student/{name}.ipynb: {len(labels)} exercises, {len(answers)} answers"
        for i in answers:
            assert re.search(r"\*\*Exercise \d+\.\d+\*\*", nb.cells[i - 1].source), (name, i)
            assert "= ..." in nb.cells[i].source and structure.CHECKER.search(nb.cells[i].source), (name, i)
            assert not nb.cells[i].outputs


@pytest.mark.build
def test_each_site_offers_its_own_edition(sites):
    import zipfile

    normal, student = sites
    for site, edition, other in ((normal, "reader", "student"), (student, "student", "reader")):
        assert (site / "notebooks" / f"mapbook-{edition}-notebooks.zip").is_file()
        assert not (site / "notebooks" / f"mapbook-{other}-notebooks.zip").exists()
        assert list((site / "notebooks").glob("mapmath-*-py3-none-any.whl"))
        index = (site / "intro.html").read_text()
        assert f'href="notebooks/mapbook-{edition}-notebooks.zip"' in index
        assert f"mapbook-{other}-notebooks.zip" not in index
        for path in NOTEBOOKS:
            download = _read(site / "_sources" / "chapters" / path.name)
            assert download.metadata["mapbook"]["edition"] == edition, (edition, path.name)
        with zipfile.ZipFile(site / "notebooks" / f"mapbook-{edition}-notebooks.zip") as z:
            assert z.testzip() is None
    student_intro = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", (student / "intro.html").read_text())).split())
    assert "click to reveal" not in student_intro and "student edition" in student_intro
    student_11 = _page_text((student / "chapters" / "11_exercises.html").read_text())
    assert "collapsed solution" not in student_11 and "the solution computes" not in student_11


@pytest.mark.build
def test_publish_tree_holds_what_binder_and_colab_open(sites):
    """``_build/notebooks/publish``: the branch the launch buttons open (README, "Publishing")."""
    normal, _ = sites
    tree = normal.parent / "notebooks" / "publish"
    assert sorted(p.stem for p in (tree / "chapters").glob("*.ipynb")) == [p.stem for p in NOTEBOOKS]
    for path in (tree / "chapters").glob("*.ipynb"):
        assert _read(path).metadata["mapbook"]["edition"] == "reader", path.name
    (wheel,) = (tree / "chapters").glob("mapmath-*.whl")
    runtime = (tree / "binder" / "runtime.txt").read_text().strip()
    assert runtime == f"python-{sys.version_info.major}.{sys.version_info.minor}"
    wanted = (tree / "binder" / "requirements.txt").read_text().splitlines()
    pins = {line.split("==")[0].lower(): line for line in (ROOT / "requirements.txt").read_text().splitlines()
            if "==" in line}
    for package in ("numpy", "scipy", "sympy", "matplotlib", "scikit-learn"):
        assert pins[package] in wanted, f"binder/requirements.txt does not pin {package} as requirements.txt does"
    assert f"./chapters/{wheel.name}" in wanted


# --------------------------------------------------------------------------- (e) citations and the zips
# a citation in a generated notebook: [Authors, year](link) or [Authors](link) (year)
CITED = re.compile(r"\[(?P<text>[^\]]+)\]\((?:#References|[^)\s]*bibliography\.html#[^)\s]*)\)"
                   r"(?: \((?P<year>\d{4}[a-z]?)\))?")


def _site_citations(page: Path) -> list[tuple[str, str]]:
    """(authors, year) of every citation of a built page, in order, as the site prints it:
    "[van der Vaart, 1998]" ({cite}) or "Efron et al. [2004]" ({cite:t}, the link on the year).
    The page is parsed once a run per worker (``built_site.soup``, which ``test_site.py`` fills)."""
    found = []
    for link in soup(page).select('a[href*="bibliography.html#"]'):
        text = " ".join(link.get_text().split())
        if re.fullmatch(r"\d{4}[a-z]?", text):  # {cite:t}: "Authors [year]"
            found.append((" ".join(link.parent.get_text().split("[")[0].split()), text))
        elif ", " in text:
            who, _, year = text.rpartition(", ")
            found.append((who, year))
    return found


def _notebook_citations(nb) -> list[tuple[str, str]]:
    """(authors, year) of every citation in a reader notebook's text (not its list of references)."""
    found = []
    for cell in nb.cells:
        if cell.cell_type != "markdown" or cell.source.startswith("## References"):
            continue
        for m in CITED.finditer(cell.source):
            if m.group("year"):  # [Authors](...) (year)
                found.append((m.group("text"), m.group("year")))
            else:  # [Authors, year](...)
                who, _, year = m.group("text").rpartition(", ")
                found.append((who, year))
    return found


@pytest.mark.build
def test_reader_notebooks_cite_as_the_site_does(sites):
    """One owner of the author–year labels (``mapbook_structure.author_year``): "van der Vaart, 1998"
    on the site and in the notebook, never "Vaart"."""
    normal, _ = sites
    total = 0
    for name, nb in _generated(sites, "reader").items():
        site = _site_citations(normal / "chapters" / f"{name}.html")
        assert _notebook_citations(nb) == site, f"reader/{name}.ipynb cites differently from the site"
        total += len(site)
    assert total > 20, f"only {total} citations found on the site"
    assert ("van der Vaart", "1998") in _notebook_citations(_generated(sites, "reader")["06_skew_asymptotics"])


@pytest.mark.build
@pytest.mark.parametrize("edition", ["reader", "student"])
def test_the_zip_readme_names_the_book_and_says_how_to_start(sites, edition):
    """Issue 19 items 10 and 11: the README is titled with the book's name and gives the steps; every
    notebook's set-up cell pins the wheel in the zip by its SHA-256."""
    import hashlib
    import zipfile

    import yaml

    normal, student = sites
    site = normal if edition == "reader" else student
    title = yaml.safe_load((ROOT / "_config.yml").read_text())["title"]
    folder = f"mapbook-{edition}-notebooks"
    with zipfile.ZipFile(site / "notebooks" / f"{folder}.zip") as z:
        readme = z.read(f"{folder}/README.txt").decode()
        (wheel_name,) = [n for n in z.namelist() if n.endswith(".whl")]
        digest = hashlib.sha256(z.read(wheel_name)).hexdigest()
        notebooks = {n: nbformat.reads(z.read(n).decode(), as_version=4) for n in z.namelist() if n.endswith(".ipynb")}
    wheel_name = wheel_name.split("/")[-1]
    assert readme.splitlines()[0] == f"{title} — {edition} notebooks", readme.splitlines()[0]
    assert "not set" not in readme
    for words in ("Python 3.11 or newer", "python -m pip install jupyterlab", "jupyter lab", "set-up cell",
                  "Run All", wheel_name, digest, "PyPI"):
        assert words in readme, f"the {edition} zip's README does not say {words!r}:\n{readme}"
    published = hashlib.sha256(next((site / "notebooks").glob("mapmath-*.whl")).read_bytes()).hexdigest()
    assert published == digest, "the site's wheel is not the zip's"
    assert len(notebooks) == len(NOTEBOOKS)
    for name, nb in notebooks.items():
        setup = nb.cells[0].source
        assert f'"sha256": "{digest}"' in setup and f'"wheel": "{wheel_name}"' in setup, name
        assert '"#sha256=" + MAPMATH["sha256"]' in setup, name
