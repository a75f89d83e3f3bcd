"""One convention for results across the chapters (CONTRIBUTING.md, "One convention for results").

Numbers the prose states are glued with ``mapmath.display.glue`` under a key with the chapter's
prefix; rounding-level quantities with ``glue_bound``; closed forms are displayed with
``mapmath.display.latex`` (imported as ``tex``), which writes the book's notation.
"""

from __future__ import annotations

import re

import nbformat
import pytest
import toc

NOTEBOOKS = toc.chapter_notebooks()
GLUE_KEY = re.compile(r"\bglue(?:_bound)?\(\s*f?[\"']([^\"']+)[\"']")


def _code(path) -> str:
    nb = nbformat.read(path, as_version=4)
    return "\n".join(c.source for c in nb.cells if c.cell_type == "code")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_one_way_to_glue_and_to_display(path):
    code = _code(path)
    assert not re.search(r"\bsp\.latex\(|\bsympy\.latex\(", code), \
        "display closed forms with tex = mapmath.display.latex"
    assert "glue_number" not in code and "display=False" not in code, "glue(key, value): one glue, never displayed"
    assert "from myst_nb import glue" not in code, "glue through mapmath.display (a no-op in plain Jupyter)"
    assert not re.search(r"10\s*\*\*\s*np\.ceil\(np\.log10", code), "a power-of-ten bound is glue_bound(..., floor=...)"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_glue_keys_carry_the_chapter_prefix(path):
    prefix = f"ch{path.stem[:2]}_"
    keys = GLUE_KEY.findall(_code(path))
    assert keys, f"{path.name} glues nothing"
    assert all(k.startswith(prefix) for k in keys), [k for k in keys if not k.startswith(prefix)]


# --- story first: the narrative code is what shows; the checks run collapsed ------------------

VISIBLE_WIDTH = 88


def _visible_code(path) -> list[str]:
    """Code lines a reader sees: story cells and solutions (opened, a solution's code must fit the
    column at 1400 px too: issue 19), not the collapsed checks or the set-up cell."""
    nb = nbformat.read(path, as_version=4)
    return [line for c in nb.cells if c.cell_type == "code"
            and not {"checks", "setup"} & set(c.metadata.get("tags", []))
            for line in c.source.splitlines()]


def test_checks_live_in_collapsed_cells():
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    result = subprocess.run([sys.executable, "scripts/checks.py", "check", *map(str, NOTEBOOKS)],
                            cwd=root, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    for path in NOTEBOOKS:
        cells = [c for c in nbformat.read(path, as_version=4).cells if "checks" in c.metadata.get("tags", [])]
        for cell in cells:
            assert "hide-input" in cell.metadata["tags"], path.name
            assert cell.metadata["mystnb"]["code_prompt_show"] == "Show the checks", path.name


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_visible_code_lines_fit_the_column(path):
    long = [line for line in _visible_code(path) if len(line) > VISIBLE_WIDTH]
    assert not long, f"{path.name}: {len(long)} visible code line(s) over {VISIBLE_WIDTH} characters: {long[:3]}"


def test_the_split_keeps_the_story_and_moves_only_checks():
    import importlib.util
    from pathlib import Path

    path = Path(__file__).resolve().parents[1] / "scripts" / "checks.py"
    spec = importlib.util.spec_from_file_location("checks", path)
    checks = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(checks)
    story, moved = checks.split_source("x = 1\nassert x == 1\ny = x + 1\n# the fit\nglue('ch01_y', y)\nprint(y)\n")
    assert story == "x = 1\ny = x + 1\nprint(y)"
    assert moved == "assert x == 1\n# the fit\nglue('ch01_y', y)"
    # a check that reads a name assigned later stays where it is (it would see another value)
    assert checks.split_source("x = 1\nassert x == 1\nx = 2\nprint(x)\n") is None
    # the cell's displayed value stays its last expression
    assert checks.split_source("x = 1\nx\nassert x == 1\n") is None


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_multi_panel_figures_are_marked_wide(path):
    """A figure of two or more panels gets the image class ``mapbook-wide``: on a phone it scrolls
    inside its output box at a readable size (``_static/mapbook.css``) instead of shrinking."""
    for cell in nbformat.read(path, as_version=4).cells:
        m = re.search(r"new_figure\((\d+)|(plot_modes_in_two_coordinates|plot_penalty_geometry)\(",
                      cell.source) if cell.cell_type == "code" else None
        if m and (m.group(2) or int(m.group(1)) >= 2) and not cell.source.lstrip().startswith(("import", "from")):
            classes = cell.metadata.get("mystnb", {}).get("image", {}).get("classes", "")
            assert "mapbook-wide" in classes, f"{path.name}: cell {cell.id} draws several panels"


def test_chapter_code_is_formatted_to_the_column():
    """``ruff format`` with ``chapters/ruff.toml`` (88 columns) leaves every chapter unchanged."""
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    ruff = Path(sys.executable).with_name("ruff")
    result = subprocess.run([str(ruff), "format", "--check", "chapters"], cwd=root, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_no_chapter_shows_a_pre_filled_wrong_answer(path):
    """Issue 19: chapter 08 alone showed a pre-filled wrong answer and "Not yet" after each exercise.
    A chapter's stored outputs hold no checker verdict "Not yet" (the exercises are the reader's)."""
    shown = [c.id for c in nbformat.read(path, as_version=4).cells if c.cell_type == "code"
             for out in c.get("outputs", []) for text in out.get("data", {}).values()
             if isinstance(text, str) and "Not yet" in text]
    assert not shown, f"{path.name}: cells showing a 'Not yet' verdict: {shown}"
