"""Every checker's data table (``ANSWERS`` next to the checkers, one per chapter module): at least five
equivalent right forms pass and at least five plausible wrong ones fail, each call within the time
bound; ``reference_answer`` gives the canonical form, which passes."""

from __future__ import annotations

import time

import pytest
from checker_helpers import fresh_hints  # noqa: F401

from mapmath.exercises import Answers, answer_checkers, answer_table, reference_answer
from mapmath.exercises._core import TIME_LIMIT

CHECKERS = answer_checkers()
TABLE = answer_table()

CASES = [pytest.param(name, kind, i, id=f"{name}-{kind}{i}")
         for name, answers in TABLE.items()
         for kind, forms in (("right", answers.right), ("wrong", answers.wrong))
         for i in range(len(forms))]


def _timed(check, answer):
    """The feedback and the CPU seconds of the call (wall time is inflated on a shared, loaded
    machine; ``scripts/checker_fuzz.py`` reports both)."""
    start = time.thread_time()
    feedback = check(answer)
    return feedback, time.thread_time() - start


@pytest.fixture(scope="module", autouse=True)
def warm_references():
    """Each checker's own reference values are computed once per process (some need SciPy): compute
    them before the timed calls."""
    for name, check in CHECKERS.items():
        check(TABLE[name].right[0])


def test_every_checker_has_a_table_of_at_least_five_right_and_five_wrong_forms():
    assert set(TABLE) == set(CHECKERS)
    for name, answers in TABLE.items():
        assert isinstance(answers, Answers)
        assert len(answers.right) >= 5 and len(answers.wrong) >= 5, name
        assert isinstance(answers.right[0], str | int | float), name


@pytest.mark.parametrize("name, kind, index", CASES)
def test_table_form_gets_the_right_verdict_within_the_time_bound(name, kind, index):
    form = getattr(TABLE[name], kind)[index]
    feedback, seconds = _timed(CHECKERS[name], form)
    assert seconds < TIME_LIMIT, (name, form, seconds)
    if kind == "right":
        assert feedback.correct, (name, form, feedback.message)
    else:
        assert not feedback.correct, (name, form, feedback.message)
        assert feedback.answered


@pytest.mark.parametrize("name", sorted(TABLE))
def test_reference_answer_is_the_first_right_form_and_passes(name):
    assert reference_answer(name) == TABLE[name].right[0]
    assert CHECKERS[name](reference_answer(name))


def test_reference_answer_refuses_unknown_names():
    with pytest.raises(KeyError, match="no answer table"):
        reference_answer("check_nothing")
    with pytest.raises(TypeError, match="name"):
        reference_answer(3)  # type: ignore[arg-type]


def test_answers_validates_its_fields():
    with pytest.raises(ValueError, match="right"):
        Answers(right=(), wrong=("1",))
    with pytest.raises(TypeError, match="wrong"):
        Answers(right=("1",), wrong=["2"])  # type: ignore[arg-type]
