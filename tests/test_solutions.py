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
import os
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import nbformat
import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "chapters").glob("*.ipynb"))
PY = ROOT / ".venv" / "bin" / "python"
JB = ROOT / ".venv" / "bin" / "jupyter-book"

_spec = importlib.util.spec_from_file_location("solutions", ROOT / "scripts" / "solutions.py")
solutions = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(solutions)

EXERCISE = re.compile(r"^\s*(`{3,}|:{3,})\{exercise(?:-start)?\}[^\n]*\n(?P<opts>(?:\s*:[\w-]+:[^\n]*\n)*)",
                      re.MULTILINE)
LABEL = re.compile(r":label:\s*(\S+)")
SOLUTION_START = re.compile(r"^\s*(`{3,}|:{3,})\{solution-start\}\s*(?P<label>\S+)", re.MULTILINE)


def _read(path: Path):
    return nbformat.read(path, as_version=4)


def exercise_labels(nb) -> list[str | None]:
    """The ``:label:`` of every exercise directive in the notebook's markdown (None if unlabelled)."""
    labels = []
    for cell in nb.cells:
        if cell.cell_type != "markdown":
            continue
        for m in EXERCISE.finditer(cell.source):
            found = LABEL.search(m.group("opts"))
            labels.append(found.group(1) if found else None)
    return labels


def solution_labels(nb) -> list[str]:
    return [m.group("label") for cell in nb.cells if cell.cell_type == "markdown"
            for m in SOLUTION_START.finditer(cell.source)]


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


def test_exercise_index_of_chapter_08_links_every_exercise_of_the_book():
    index = next((p for p in NOTEBOOKS if p.name.startswith("08_")), None)
    if index is None:  # pragma: no cover - the chapter is part of the book
        pytest.skip("no chapter 08")
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


def _build_normal_site(dst: Path) -> Path:
    """Build a copy of the book with stored outputs (no execution), strictly; return its html dir."""
    book = dst / "book"
    shutil.copytree(ROOT, book, ignore=shutil.ignore_patterns(
        ".git", ".venv", "_build", "_build_student", "node_modules", ".pytest_cache", ".hypothesis",
        ".ruff_cache", "__pycache__", "test-artifacts"))
    if (ROOT / "node_modules").is_dir():
        os.symlink(ROOT / "node_modules", book / "node_modules")
    config = yaml.safe_load((book / "_config.yml").read_text())
    config.setdefault("execute", {})["execute_notebooks"] = "off"
    (book / "_config.yml").write_text(yaml.safe_dump(config, sort_keys=False, allow_unicode=True))
    result = subprocess.run([str(JB), "build", str(book), "-W", "-n", "--keep-going"],
                            capture_output=True, text=True)
    assert result.returncode == 0, "normal site build failed:\n" + (result.stdout + result.stderr)[-6000:]
    return book / "_build" / "html"


@pytest.fixture(scope="module")
def sites(tmp_path_factory):
    """``(normal_html, student_html)``: both sites built from the current notebooks, without execution."""
    normal = _build_normal_site(tmp_path_factory.mktemp("normal"))
    out = tmp_path_factory.mktemp("student")
    result = subprocess.run(["bash", str(ROOT / "scripts" / "student.sh"), str(out)],
                            capture_output=True, text=True)
    assert result.returncode == 0, "student build failed:\n" + (result.stdout + result.stderr)[-6000:]
    assert "Open: file://" in result.stdout
    return normal, out / "html"


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
        if source.exists():
            copy = _read(source)
            assert solutions.solution_spans(copy) == []
            assert exercise_labels(copy) == exercise_labels(nb)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(pytest.main([__file__, "-v"]))
