"""Every student notebook runs top to bottom in a fresh kernel with no error.

A student notebook is its chapter without the solution cells, plus an answer cell after each
exercise whose ``answer = ...`` the checker must take calmly (it answers "no answer yet"). So a
cell after a solution that used a name the solution defined would fail here. A reader notebook
runs the same code (its solutions are Markdown), which the last test checks;
``tests/test_fresh_environment.py`` runs a reader notebook itself, and ``tests/test_jupyter.py``
runs one in JupyterLab.

The notebooks run in parallel (``student_runs``: one process and fresh kernel each, two at a time),
all started when the first test asks for one; each test then reads its own notebook's run, and a
failure names the notebook and the cell.
"""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import nbformat
import pytest
from built_site import ROOT, run_notebook

pytestmark = pytest.mark.build

CHAPTERS = sorted(p.stem for p in (ROOT / "chapters").glob("*.ipynb"))


@pytest.fixture(scope="module")
def student(generated) -> Path:
    return generated / "student"


@pytest.fixture(scope="module")
def student_runs(student, tmp_path_factory):
    """``{name: future of the executed copy}``: every student notebook started at once, two at a time."""
    out = tmp_path_factory.mktemp("student-runs")
    with ThreadPoolExecutor(max_workers=min(2, os.cpu_count() or 1)) as pool:
        futures = {name: pool.submit(run_notebook, student / f"{name}.ipynb", out) for name in CHAPTERS}
        yield futures
        for future in futures.values():
            future.cancel()


def _first_line(cell) -> str:
    return (cell.source.strip().splitlines() or [""])[0][:80]


@pytest.mark.parametrize("name", CHAPTERS)
def test_student_notebook_runs_top_to_bottom_in_a_fresh_kernel(student_runs, name):
    ran = student_runs[name].result()
    assert isinstance(ran, Path), f"student/{name}.ipynb could not be run:\n{ran}"
    nb = nbformat.read(ran, as_version=4)
    errors = [f"cell {i} ({_first_line(c)!r}): {o.get('ename')}: {o.get('evalue', '')[:200]}"
              for i, c in enumerate(nb.cells) if c.cell_type == "code"
              for o in c.get("outputs", []) if o.get("output_type") == "error"]
    assert not errors, f"student/{name}.ipynb: " + "; ".join(errors)
    answers = [c for c in nb.cells if "answer" in c.metadata.get("tags", [])]
    for cell in answers:
        text = " ".join(str(o.get("data", {}).get("text/markdown", "")) + str(o.get("data", {}).get("text/plain", ""))
                        for o in cell.outputs)
        assert "No answer yet" in text, f"student/{name}.ipynb: an empty answer cell said {text[:200]!r}"


def test_reader_notebooks_run_the_same_code_as_the_student_notebooks(student):
    """A reader notebook's solutions are Markdown (one closed ``<details>`` each: nothing re-runs or
    re-shows), so its code cells are the chapter's code cells outside the solutions, unchanged and
    in order after the set-up cell: the student notebook's code without its answer cells. The run
    above of each student notebook is then a run of its reader notebook too."""
    from mapbook_structure import solution_cells

    for name in CHAPTERS:
        chapter = nbformat.read(ROOT / "chapters" / f"{name}.ipynb", as_version=4)
        reader = nbformat.read(student.parent / "reader" / f"{name}.ipynb", as_version=4)
        pupil = nbformat.read(student / f"{name}.ipynb", as_version=4)
        inside = set(solution_cells(chapter))
        source = [c.source for i, c in enumerate(chapter.cells) if c.cell_type == "code" and i not in inside]
        generated = [c.source for c in reader.cells if c.cell_type == "code"]
        assert generated[0].startswith("# Set-up") and "setup" in reader.cells[0].metadata["tags"]
        unheaded = [s.split("\n", 1)[1] if s.startswith("# The checks of the cell above") else s for s in generated[1:]]
        assert unheaded == source, f"reader/{name}.ipynb: its code cells differ from the chapter's"
        assert generated == [c.source for c in pupil.cells if c.cell_type == "code"
                             and "answer" not in c.metadata.get("tags", [])], name
