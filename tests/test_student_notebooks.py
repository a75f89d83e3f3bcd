"""Every student notebook runs top to bottom in a fresh kernel with no error.

A student notebook is its chapter without the solution cells, plus an answer cell after each
exercise whose ``answer = ...`` the checker must take calmly (it answers "no answer yet"). So a
cell after a solution that used a name the solution defined would fail here. A reader notebook
runs the same code (its solutions are Markdown), which the last test checks;
``tests/test_fresh_environment.py`` runs a reader notebook itself, and ``tests/test_jupyter.py``
runs one in JupyterLab.
"""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from built_site import notebooks_dir, shared_build
from nbclient import NotebookClient

pytestmark = pytest.mark.build

ROOT = Path(__file__).resolve().parents[1]
CHAPTERS = sorted(p.stem for p in (ROOT / "chapters").glob("*.ipynb"))


@pytest.fixture(scope="module")
def student() -> Path:
    build = shared_build()
    assert build.returncode == 0, "the book did not build:\n" + build.output[-4000:]
    return notebooks_dir() / "student"


@pytest.mark.parametrize("name", CHAPTERS)
def test_student_notebook_runs_top_to_bottom_in_a_fresh_kernel(student, name, tmp_path):
    nb = nbformat.read(student / f"{name}.ipynb", as_version=4)
    NotebookClient(nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}).execute()
    errors = [(i, o.get("ename")) for i, c in enumerate(nb.cells) if c.cell_type == "code"
              for o in c.get("outputs", []) if o.get("output_type") == "error"]
    assert not errors, f"student/{name}.ipynb: {errors}"
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
    import sys

    sys.path.insert(0, str(ROOT / "_ext"))
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
