"""No computed result is typed by hand in a chapter's prose: it is glued (see ``prose.py``)."""

from __future__ import annotations

import re

import nbformat
import pytest
from built_site import ROOT
from prose import typed_results

NOTEBOOKS = sorted((ROOT / "chapters").glob("*.ipynb"))
PAGES = [ROOT / "summary.md"]


@pytest.mark.parametrize("text", [
    "We observe 7 heads in 10 flips under a Beta(6, 6) prior.",
    "The MAP is {glue:text}`ch02_map:.4f`, see {cite}`bishop2006` §3.1.",
    r"$$\hat w = \argmin_w \tfrac{1}{2}\|y - Xw\|^2 + \frac{\lambda}{2}\|w\|^2$$",
    "The `alpha = 0.5` keyword and [the page](https://example.org/a/0.5).",
    "```python\nx = 0.75\n```",
])
def test_prose_rule_allows_inputs_formulas_and_glue(text):
    assert typed_results(text) == []


@pytest.mark.parametrize("text, token", [
    ("The MAP is 0.6 here.", "0.6"),
    ("The prior holds 50% of the information.", "50%"),
    (r"so $\hat p = \frac{12}{20}$", r"\frac{12}{20}"),
    ("a posterior mean of 13/22", "13/22"),
    (r"only $0.1\%$ of it", r"0.1\%"),
])
def test_prose_rule_flags_typed_results(text, token):
    assert typed_results(text) == [token]


def test_prose_rule_respects_declared_inputs():
    assert typed_results("with noise variance 0.25", {"0.25"}) == []


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_prose_states_no_unglued_result(path):
    nb = nbformat.read(path, as_version=4)
    inputs = set(nb.metadata.get("mapbook", {}).get("inputs", []))
    problems = [
        f"cell {i}: {token}"
        for i, cell in enumerate(nb.cells)
        if cell.cell_type == "markdown"
        for token in typed_results(cell.source, inputs)
    ]
    assert not problems, (
        f"{path.name} types result-like numbers in markdown (glue them, or declare true inputs "
        f"in metadata mapbook.inputs): {problems}"
    )


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.name)
def test_page_prose_states_no_unglued_result(path):
    assert typed_results(path.read_text()) == []


def test_every_reference_is_cited_somewhere():
    """references.bib holds the works the book cites: each key appears in a {cite} role."""
    keys = re.findall(r"^@\w+\{([^,]+),", (ROOT / "references.bib").read_text(), re.MULTILINE)
    texts = [p.read_text() for p in [*NOTEBOOKS, ROOT / "intro.md", *PAGES]]
    cited = {k.strip() for t in texts for role in re.findall(r"\{cite(?::\w+)?\}`([^`]*)`", t)
             for k in role.split(",")}
    assert set(keys) - cited == set(), f"uncited references: {sorted(set(keys) - cited)}"
