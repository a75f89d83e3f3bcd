"""Every exercise in the book names an answer checker that exists and that the tests exercise.

"Exercised" means called: a test file of ``tests/test_exercises_*.py`` contains a call of the
checker (found in its syntax tree, so a name in a comment, a string or an import does not count).
"""

from __future__ import annotations

import ast

import mapbook_structure as structure
import nbformat
import pytest
from built_site import ROOT

import mapmath.exercises


def _exercises() -> list[tuple[str, str, list[str]]]:
    return [(path.name, label or "?", checkers) for path in sorted((ROOT / "chapters").glob("*.ipynb"))
            for _, label, checkers in structure.exercises(nbformat.read(path, as_version=4))]


EXERCISES = _exercises()
CHECKERS = mapmath.exercises.answer_checkers()


def called_names(source: str) -> set[str]:
    """The names called in ``source``: ``f(...)`` and ``module.f(...)`` give ``f``."""
    names = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call):
            if isinstance(node.func, ast.Name):
                names.add(node.func.id)
            elif isinstance(node.func, ast.Attribute):
                names.add(node.func.attr)
    return names


TEST_FILES = sorted((ROOT / "tests").glob("test_exercises_*.py"))
CALLED = set().union(*(called_names(p.read_text()) for p in TEST_FILES))


def test_called_names_reads_calls_not_text():
    source = "from m import check_a\n# check_b\nx = 'check_c'\ncheck_d(1)\nm.check_e(2)\nrun(check_f, 3)\n"
    assert called_names(source) == {"check_d", "check_e", "run"}


def test_the_book_has_at_least_twelve_exercises():
    assert len(EXERCISES) >= 12, [label for _, label, _ in EXERCISES]


@pytest.mark.parametrize("chapter, label, checkers", EXERCISES, ids=[e[1] for e in EXERCISES])
def test_exercise_names_an_existing_checker_that_the_tests_exercise(chapter, label, checkers):
    assert checkers, f"{chapter} {label}: the exercise text names no check_... answer checker"
    for name in checkers:
        assert callable(CHECKERS.get(name)), f"{chapter} {label}: {name} is not in mapmath.exercises"
        assert name in CALLED, f"{name} is never called by tests/test_exercises_*.py"
