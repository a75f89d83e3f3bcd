"""An answer cell run before it is filled in (``answer = ...`` or ``None``) gets a "no answer yet" Feedback.

A student notebook has, after each exercise, a cell ``answer = ...`` followed by ``check_...(answer)``;
running the notebook top to bottom must show a reminder there, not raise.
"""

from __future__ import annotations

import pytest
import sympy as sp
from checker_helpers import fresh_hints, said  # noqa: F401

import mapmath.exercises
from mapmath.exercises import NO_ANSWER, Feedback, check_expression, check_number, no_answer_yet


def _answer_checkers() -> dict[str, object]:
    """Every public ``check_*`` answer checker, by ``module.name``."""
    return {f"{check.__module__.rsplit('.', 1)[1]}.{name}": check
            for name, check in mapmath.exercises.answer_checkers().items()}


CHECKERS = _answer_checkers()


def test_the_exercise_modules_define_answer_checkers():
    assert len(CHECKERS) >= 20, sorted(CHECKERS)


@pytest.mark.parametrize("placeholder", [..., None], ids=["ellipsis", "none"])
@pytest.mark.parametrize("name", sorted(CHECKERS))
def test_every_checker_says_no_answer_yet_for_an_unfilled_answer_cell(name, placeholder):
    fb = CHECKERS[name](placeholder)
    assert isinstance(fb, Feedback), f"{name}({placeholder!r}) returned {fb!r}"
    assert fb.correct is False and not fb
    assert fb.answered is False
    assert fb.message.startswith(NO_ANSWER), fb.message
    assert "run the cell again" in said(fb)


@pytest.mark.parametrize("placeholder", [..., None], ids=["ellipsis", "none"])
def test_the_shared_entry_points_say_no_answer_yet(placeholder):
    x = sp.Symbol("x")
    for fb in (check_number(placeholder, 1.0, hint="h"),
               check_expression(placeholder, x, symbols=[x], hint="h"),
               no_answer_yet(placeholder)):
        assert isinstance(fb, Feedback) and fb.correct is False and fb.answered is False
        assert NO_ANSWER in said(fb)


def test_a_real_answer_is_not_mistaken_for_a_missing_one():
    x = sp.Symbol("x")
    assert no_answer_yet(0) is None and no_answer_yet("x") is None and no_answer_yet(x) is None
    assert check_number(0, 0.0, hint="h").answered
    assert not check_number(1, 0.0, hint="h").correct and check_number(1, 0.0, hint="h").answered


def test_no_answer_feedback_reads_as_a_reminder_not_a_verdict():
    ellipsis, none = no_answer_yet(...), no_answer_yet(None)
    assert "`...`" in ellipsis.message and "`None`" in none.message
    for fb in (ellipsis, none):
        # shown as is: no "Not yet:" / "❌ Not yet." prefix in front of "No answer yet"
        assert str(fb) == fb.message
        markdown = fb._repr_markdown_()
        assert markdown.startswith("✏️ **No answer yet:**"), markdown
        assert "Not yet" not in markdown.replace(NO_ANSWER, "")
        assert "answered" not in repr(fb)  # the text/plain repr of answered feedback is unchanged


def test_answered_feedback_displays_as_before():
    # feedback is written in sentences: "Not yet. The interior formula ..."
    assert str(Feedback(True, "ok.")) == "Correct. Ok."
    assert str(Feedback(False, "hint.")) == "Not yet. Hint."
    assert Feedback(False, "hint.")._repr_markdown_() == "❌ **Not yet.** Hint."
    assert repr(Feedback(True, "ok.")) == "Feedback(correct=True, message='Ok.')"
