"""One owner for the book's structure: ``_ext/mapbook_structure.py``.

The patterns that find exercises, solutions, labels, checkers and glued numbers in a chapter, and the
author–year label of a cited work, are declared there once and imported by ``_ext/``, ``scripts/``
and ``tests/``; no other file writes them again (two copies drift apart: chapter 06's reader notebook
once cited "(Vaart, 1998)" where the site said "van der Vaart, 1998").
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import mapbook_structure as structure
import nbformat
import pytest
from built_site import ROOT

OWNER = ROOT / "_ext" / "mapbook_structure.py"
# what a second copy of the book's structure looks like in a string literal of the source: a regex for
# the exercise/solution directives, the glue role, the :label: option or a checker name, or the
# surname parts of a pybtex person (an author-year label made again)
COPIES = re.compile(r"\\\{\(?(?:exercise|solution|glue)|:label:\\s|check_\\w|\blast_names\b|\bprelast_names\b")


def _python_files() -> list[Path]:
    this = Path(__file__).resolve()  # its examples of copies are the test's own data
    return sorted(p for folder in ("_ext", "scripts", "tests") for p in (ROOT / folder).glob("*.py")
                  if p not in (OWNER, this))


def structure_copies(source: str) -> list[str]:
    """The string literals and attribute names of ``source`` that define the book's structure again."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and COPIES.search(node.value):
            found.append(node.value[:60])
        elif isinstance(node, ast.Attribute) and node.attr in ("last_names", "prelast_names", "rich_last_names",
                                                               "rich_prelast_names"):
            found.append(f".{node.attr}")
    return found


def test_structure_copies_finds_a_pattern_written_again():
    assert structure_copies('EX = re.compile(r"^\\s*(`{3,}|:{3,})\\{exercise\\}")')
    assert structure_copies('X = re.compile(r"\\{solution-start\\}\\s*(\\S+)")')
    assert structure_copies('G = re.compile(r"\\{glue:text\\}`([^`]+)`")')
    assert structure_copies('C = re.compile(r"\\b(check_\\w+)\\b")')
    assert structure_copies("names = [p.last_names for p in people]")
    # text that merely mentions them (test data, messages) is not a copy
    assert not structure_copies('md = "```{exercise} Toy\\n:label: ex-toy\\n"\nmsg = "{solution-start} without end"')


def test_no_other_file_defines_the_books_structure():
    copies = {p.relative_to(ROOT).as_posix(): found for p in _python_files()
              if (found := structure_copies(p.read_text()))}
    assert not copies, f"use _ext/mapbook_structure.py instead of these copies: {copies}"


def test_the_tools_use_the_owner():
    for path in ("_ext/mapbook_notebooks.py", "_ext/mapbook_bibstyle.py", "scripts/solutions.py", "tests/test_pdf.py",
                 "tests/test_solutions.py", "tests/test_exercise_checkers.py"):
        assert "mapbook_structure" in (ROOT / path).read_text(), f"{path} does not import mapbook_structure"


def test_author_year_keeps_the_particles_of_a_surname():
    from pybtex.database import parse_string

    bib = parse_string("""
        @book{vaart1998, author = {van der Vaart, Aad W.}, title = {Asymptotic Statistics}, year = {1998}}
        @article{park2008, author = {Park, Trevor and Casella, George}, title = {The Bayesian Lasso}, year = {2008}}
        @book{hastie2009, author = {Hastie, T. and Tibshirani, R. and Friedman, J.}, title = {ESL}, year = {2009}}
        @misc{nobody, title = {Anonymous}, key = {Anon}}
    """, "bibtex").entries
    assert structure.author_year(bib["vaart1998"]) == "van der Vaart, 1998"
    assert structure.author_year(bib["park2008"]) == "Park and Casella, 2008"
    assert structure.author_year(bib["hastie2009"]) == "Hastie et al., 2009"
    assert structure.author_year(bib["nobody"]) == "Anon, n.d."


def test_the_bibliography_and_the_notebooks_label_every_reference_alike():
    """Both extensions call the same function on every entry of references.bib."""
    import mapbook_bibstyle
    from pybtex.database import parse_file

    entries = parse_file(str(ROOT / "references.bib")).entries
    assert mapbook_bibstyle.author_year is structure.author_year
    labels = {key: structure.author_year(entry) for key, entry in entries.items()}
    assert labels["vandervaart1998"] == "van der Vaart, 1998"
    assert all(not label.startswith(("Vaart", ",")) for label in labels.values()), labels


@pytest.mark.parametrize("path", sorted((ROOT / "chapters").glob("*.ipynb")), ids=lambda p: p.name)
def test_every_exercise_and_solution_is_found_by_the_owner(path):
    nb = nbformat.read(path, as_version=4)
    found = structure.exercises(nb)
    assert found, f"{path.name}: no exercise"
    assert all(label and checkers for _, label, checkers in found), f"{path.name}: {found}"
    assert [label for _, label, _ in found] == structure.solution_labels(nb)
    assert len(structure.solution_spans(nb)) == len(found)
