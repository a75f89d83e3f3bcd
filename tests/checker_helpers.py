"""Helpers shared by the answer-checker tests."""

from __future__ import annotations

import pytest

from mapmath.exercises import Feedback
from mapmath.exercises._core import reset_hints


class _Said(str):
    """A feedback's words (message and method); ``in`` ignores case ("sign" finds "Sign error")."""

    __slots__ = ()

    def __contains__(self, fragment: object) -> bool:
        return isinstance(fragment, str) and fragment.lower() in self.lower()


def said(feedback: Feedback) -> _Said:
    """Everything a feedback says or will say (its message and the method it adds on a second wrong
    try), searched case-insensitively."""
    return _Said(f"{feedback.message} {feedback.method}")


@pytest.fixture(autouse=True)
def fresh_hints():
    """Every test starts with no wrong tries counted (hints escalate per checker and kernel)."""
    reset_hints()
    yield
    reset_hints()
