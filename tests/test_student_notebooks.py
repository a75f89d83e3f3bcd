"""Every student notebook runs top to bottom in a fresh kernel with no error.

A student notebook is its chapter without the solution cells, plus an answer cell after each
exercise whose ``answer = ...`` the checker must take calmly (it answers "no answer yet"). So a
cell after a solution that used a name the solution defined would fail here. A reader notebook
runs the same code (its solutions are Markdown), which the last test checks;
``tests/test_fresh_environment.py`` runs a reader notebook itself, and ``tests/test_jupyter.py``
runs one in JupyterLab.

What runs (``student_runs``), without running a chapter's code a second time in the test command
(issue 17: every chapter ran twice per run, once under nbval, once here):

- A student notebook whose code is the set-up cell, then the chapter's code cells outside the
  solutions, unchanged, in order and all *before the chapter's first solution*, then only answer
  cells (:func:`nbval_runs_its_code`) runs, up to its answer cells, exactly the code that nbval
  runs first in the same test command: the same cells in the same order in a fresh kernel (fixed
  seeds; nbval runs it in ``chapters/``, a student in another folder: the chapters read no file, and
  ``test_fresh_environment.py`` runs a notebook copied out alone), with no solution cell run
  before them. nbval fails the test command on an error in any of them and names the chapter's
  cell. What such a notebook adds is its set-up cell (which in the book's environment only
  defines a few names and imports standard modules) and its answer cells (each imports its
  checker, sets ``answer = ...`` and calls the checker, and reads no name of the chapter's:
  :func:`reads_only_its_own_names`): those run here,
  the set-up cell then every answer cell of every such notebook, in one fresh kernel.
- Any other student notebook (a solution before some of the chapter's code, as in the exercise
  chapter: a later cell could use what a solution defined or changed) runs whole, in a fresh kernel
  of its own; so does every student notebook when this session does not run nbval over its chapter
  (``pytest tests/test_student_notebooks.py`` alone).

The runs are started when the first test asks for one, two at a time (one process and fresh kernel
each); each test then reads its notebook's run, and a failure names the notebook and the cell.
"""

from __future__ import annotations

import ast
import builtins
import os
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import nbformat
import pytest
from built_site import ARTIFACTS, ROOT, run_notebook
from mapbook_notebooks import CHECKS_HEADER
from mapbook_structure import solution_cells

pytestmark = pytest.mark.build

CHAPTERS = sorted(p.stem for p in (ROOT / "chapters").glob("*.ipynb"))
NBVAL_MARKERS = ("NBVAL_SKIP", "NBVAL_RAISES_EXCEPTION", "NBVAL_IGNORE_OUTPUT")
ORIGIN = "mapbook_student_test"  # cell metadata of the combined answers notebook: (notebook, cell)


def _tags(cell) -> list[str]:
    return cell.metadata.get("tags", [])


def _unheaded(source: str) -> str:
    return source.split("\n", 1)[1] if source.startswith(CHECKS_HEADER) else source


def reads_only_its_own_names(source: str) -> bool:
    """Whether the cell's code reads no name but those it imports or assigns itself and Python's
    builtins (an answer cell: ``from mapmath.exercises... import check_x``, ``answer = ...``,
    ``check_x(answer)``), so that it runs the same after the chapter's code as without it."""
    tree = ast.parse(source)
    bound = {alias.asname or alias.name.split(".")[0] for node in ast.walk(tree)
             if isinstance(node, ast.Import | ast.ImportFrom) for alias in node.names}
    bound |= {node.id for node in ast.walk(tree) if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store)}
    read = {node.id for node in ast.walk(tree) if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load)}
    return read <= bound | set(dir(builtins))


def nbval_runs_its_code(chapter, student) -> bool:
    """Whether the student notebook's code is the set-up cell, then every code cell of the chapter
    outside its solutions (unchanged, in order, all before the chapter's first solution and none
    that nbval would skip or let fail), then answer cells only: so nbval's run of the chapter runs,
    first, the same code as the student notebook up to its answer cells."""
    code = [c for c in student.cells if c.cell_type == "code"]
    if not code or "setup" not in _tags(code[0]):
        return False
    answers = [i for i, c in enumerate(code) if "answer" in _tags(c)]
    story = code[1:answers[0]] if answers else code[1:]
    rest = code[1 + len(story):]
    if any("answer" not in _tags(c) or not reads_only_its_own_names(c.source) for c in rest):
        return False
    inside = set(solution_cells(chapter))
    first_solution = min(inside, default=len(chapter.cells))
    outside = [(i, c) for i, c in enumerate(chapter.cells) if c.cell_type == "code" and i not in inside]
    return (all(i < first_solution for i, _ in outside)
            and [c.source for _, c in outside] == [_unheaded(c.source) for c in story]
            and not any(m in c.source or m.lower() in map(str.lower, _tags(c)) for _, c in outside
                        for m in (*NBVAL_MARKERS, "raises-exception", "nbval-skip")))


@pytest.fixture(scope="module")
def student(generated) -> Path:
    return generated / "student"


@pytest.fixture(scope="module")
def nbval_chapters(request) -> set[str]:
    """The chapters that nbval runs in this session (``--nbval``/``--nbval-lax`` over ``chapters/``)."""
    return {item.path.stem for item in request.session.items
            if item.path.suffix == ".ipynb" and item.path.parent == ROOT / "chapters"
            and type(item).__module__.startswith("nbval")}


@pytest.fixture(scope="module")
def student_runs(request, student, nbval_chapters, tmp_path_factory):
    """``{name: (how, future of the executed copy)}`` for every chapter whose test this session runs:
    ``how`` is ``"whole"`` (the student notebook) or ``"answers"`` (its set-up and answer cells, in the
    combined notebook of every such chapter, each cell's origin in its metadata); every run started
    at once, two at a time."""
    out = tmp_path_factory.mktemp("student-runs")
    selected = {item.callspec.params["name"] for item in request.session.items
                if getattr(item, "originalname", "") == "test_student_notebook_runs_top_to_bottom_in_a_fresh_kernel"}
    plan, combined = {}, nbformat.v4.new_notebook()
    combined.metadata = {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}}
    for name in sorted(selected):
        nb = nbformat.read(student / f"{name}.ipynb", as_version=4)
        chapter = nbformat.read(ROOT / "chapters" / f"{name}.ipynb", as_version=4)
        if name in nbval_chapters and nbval_runs_its_code(chapter, nb):
            plan[name] = "answers"
            for i, cell in enumerate(nb.cells):
                if cell.cell_type == "code" and {"setup", "answer"} & set(_tags(cell)):
                    copy = nbformat.v4.new_code_cell(cell.source)
                    copy.metadata = {"tags": _tags(cell), ORIGIN: [name, i]}
                    combined.cells.append(copy)
        else:
            plan[name] = "whole"
    path = out / "answers.ipynb"
    nbformat.write(combined, path)
    with ThreadPoolExecutor(max_workers=min(2, os.cpu_count() or 1)) as pool:
        futures = {name: pool.submit(run_notebook, student / f"{name}.ipynb", out) for name in plan
                   if plan[name] == "whole"}
        if "answers" in plan.values():
            answers = pool.submit(run_notebook, path, out)
            futures |= {name: answers for name in plan if plan[name] == "answers"}
        ARTIFACTS.mkdir(exist_ok=True)
        (ARTIFACTS / "student-notebooks.txt").write_text(
            "what ran of each student notebook (whole, or its set-up and answer cells after nbval's run of "
            "its chapter; tests/test_student_notebooks.py)\n" + "".join(f"{n}: {h}\n" for n, h in plan.items()))
        yield {name: (plan[name], futures[name]) for name in plan}
        for future in futures.values():
            future.cancel()


def _first_line(cell) -> str:
    return (cell.source.strip().splitlines() or [""])[0][:80]


@pytest.mark.parametrize("name", CHAPTERS)
def test_student_notebook_runs_top_to_bottom_in_a_fresh_kernel(student_runs, name):
    how, future = student_runs[name]
    ran = future.result()
    what = f"student/{name}.ipynb" if how == "whole" else f"the set-up and answer cells of student/{name}.ipynb"
    assert isinstance(ran, Path), f"{what} could not be run:\n{ran}"
    nb = nbformat.read(ran, as_version=4)
    # (index in the student notebook, cell) of what ran of this notebook
    cells = (list(enumerate(nb.cells)) if how == "whole" else
             [(c.metadata[ORIGIN][1], c) for c in nb.cells if c.metadata[ORIGIN][0] == name])
    assert cells, f"{what}: nothing ran"
    errors = [f"cell {i} ({_first_line(c)!r}): {o.get('ename')}: {o.get('evalue', '')[:200]}"
              for i, c in cells if c.cell_type == "code"
              for o in c.get("outputs", []) if o.get("output_type") == "error"]
    assert not errors, f"student/{name}.ipynb: " + "; ".join(errors)
    answers = [(i, c) for i, c in cells if "answer" in _tags(c)]
    for i, cell in answers:
        text = " ".join(str(o.get("data", {}).get("text/markdown", "")) + str(o.get("data", {}).get("text/plain", ""))
                        for o in cell.outputs)
        assert "No answer yet" in text, f"student/{name}.ipynb cell {i}: an empty answer cell said {text[:200]!r}"


def test_nbval_runs_the_story_code_of_every_chapter_whose_exercises_come_last(student):
    """The condition above holds where the chapter's exercises come after all its code (chapters
    01-07 today), and fails for a notebook that runs a solution before some of its code or shows a
    cell that is not the chapter's."""
    planned = {}
    for name in CHAPTERS:
        chapter = nbformat.read(ROOT / "chapters" / f"{name}.ipynb", as_version=4)
        pupil = nbformat.read(student / f"{name}.ipynb", as_version=4)
        planned[name] = nbval_runs_its_code(chapter, pupil)
        inside = set(solution_cells(chapter))
        last_code = max(i for i, c in enumerate(chapter.cells) if c.cell_type == "code" and i not in inside)
        assert planned[name] == (last_code < min(inside, default=len(chapter.cells))), name
        if planned[name]:
            changed = nbformat.from_dict(pupil)
            story = next(c for c in changed.cells if c.cell_type == "code" and not {"setup", "answer"} & set(_tags(c)))
            story.source += "\nx = 1"
            assert not nbval_runs_its_code(chapter, changed), f"{name}: a changed cell went unnoticed"
            moved = nbformat.from_dict(pupil)
            answer = next(i for i, c in enumerate(moved.cells) if "answer" in _tags(c))
            moved.cells.insert(1, moved.cells.pop(answer))  # an answer cell before the chapter's code
            assert not nbval_runs_its_code(chapter, moved), f"{name}: an answer cell among the story code"
            reading = nbformat.from_dict(pupil)
            cell = next(c for c in reading.cells if "answer" in _tags(c))
            cell.source += "\nprint(rng)"  # a name of the chapter's
            assert not nbval_runs_its_code(chapter, reading), f"{name}: an answer cell reading the chapter's names"
    assert sum(planned.values()) >= len(CHAPTERS) // 2, planned


def test_reader_notebooks_run_the_same_code_as_the_student_notebooks(student):
    """A reader notebook's solutions are Markdown (one closed ``<details>`` each: nothing re-runs or
    re-shows), so its code cells are the chapter's code cells outside the solutions, unchanged and
    in order after the set-up cell: the student notebook's code without its answer cells. The run
    above of each student notebook (or nbval's of its chapter) is then a run of its reader notebook too."""
    for name in CHAPTERS:
        chapter = nbformat.read(ROOT / "chapters" / f"{name}.ipynb", as_version=4)
        reader = nbformat.read(student.parent / "reader" / f"{name}.ipynb", as_version=4)
        pupil = nbformat.read(student / f"{name}.ipynb", as_version=4)
        inside = set(solution_cells(chapter))
        source = [c.source for i, c in enumerate(chapter.cells) if c.cell_type == "code" and i not in inside]
        generated = [c.source for c in reader.cells if c.cell_type == "code"]
        assert generated[0].startswith("# Set-up") and "setup" in reader.cells[0].metadata["tags"]
        unheaded = [_unheaded(s) for s in generated[1:]]
        assert unheaded == source, f"reader/{name}.ipynb: its code cells differ from the chapter's"
        assert generated == [c.source for c in pupil.cells if c.cell_type == "code"
                             and "answer" not in c.metadata.get("tags", [])], name
