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
