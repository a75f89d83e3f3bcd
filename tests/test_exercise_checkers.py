"""Every exercise in the book names an answer checker that exists and that the tests exercise."""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

import mapmath.exercises

ROOT = Path(__file__).resolve().parent.parent
EXERCISE = re.compile(r"^\s*(`{3,}|:{3,})\{exercise\}", re.MULTILINE)
LABEL = re.compile(r":label:\s*(\S+)")
CHECKER = re.compile(r"\b(check_\w+)\b")


def _exercises() -> list[tuple[str, str, list[str]]]:
    found = []
    for path in sorted((ROOT / "chapters").glob("*.ipynb")):
        for cell in nbformat.read(path, as_version=4).cells:
            if cell.cell_type == "markdown" and EXERCISE.search(cell.source):
                label = LABEL.search(cell.source)
                found.append((path.name, label.group(1) if label else "?", CHECKER.findall(cell.source)))
    return found


EXERCISES = _exercises()
CHECKERS = mapmath.exercises.answer_checkers()
TEST_SOURCES = "\n".join(p.read_text() for p in (ROOT / "tests").glob("test_exercises_*.py"))


def test_the_book_has_at_least_twelve_exercises():
    assert len(EXERCISES) >= 12, [label for _, label, _ in EXERCISES]


@pytest.mark.parametrize("chapter, label, checkers", EXERCISES, ids=[e[1] for e in EXERCISES])
def test_exercise_names_an_existing_checker_that_the_tests_exercise(chapter, label, checkers):
    assert checkers, f"{chapter} {label}: the exercise text names no check_... answer checker"
    for name in checkers:
        assert callable(CHECKERS.get(name)), f"{chapter} {label}: {name} is not in mapmath.exercises"
        assert re.search(rf"\b{name}\b", TEST_SOURCES), f"{name} is not exercised by tests/test_exercises_*.py"
