"""Answer checkers of chapter 6 accept the right answer and its rewritings, and catch typical mistakes."""

from __future__ import annotations

import pytest
import sympy as sp
from checker_helpers import fresh_hints, said  # noqa: F401

from mapmath import asymptotics as asy
from mapmath.exercises import summaries as ex

k, n, a, b = sp.symbols("k n a b")


@pytest.mark.parametrize("answer", [
    (a - 1 - (a + b - 2) * k / n) / (n + a + b - 2),
    (k + a - 1) / (n + a + b - 2) - k / n,
    "(n*(a - 1) - k*(a + b - 2)) / (n*(n + a + b - 2))",
    asy.derive_map_minus_mle().difference,
])
def test_map_minus_mle_accepts_equivalent_forms(answer):
    assert ex.check_map_minus_mle(answer)


@pytest.mark.parametrize("answer, fragment", [
    (k / n - (k + a - 1) / (n + a + b - 2), "sign"),
    ((k + a) / (n + a + b) - k / n, "MEAN"),
    ((a - 1 - (a + b - 2) * k / n) / n, "common denominator"),
    (1 / n, ""),
])
def test_map_minus_mle_catches_mistakes(answer, fragment):
    fb = ex.check_map_minus_mle(answer)
    assert not fb
    assert fragment in said(fb)


def test_map_minus_mle_rejects_foreign_symbols():
    fb = ex.check_map_minus_mle("x / n")
    assert not fb and "symbols" in said(fb)


def test_prior_weight_n_accepts_the_first_crossing():
    assert ex.check_prior_weight_n(991)
    assert ex.check_prior_weight_n(asy.n_for_prior_weight_below(10, 0.01))
    assert ex.check_prior_weight_n(sp.Integer(991))


@pytest.mark.parametrize("answer, fragment", [(990, "exactly"), (1000, "denominator"), (1189, "a + b = 12"),
                                              (99, "scale"), (5, "inequality")])
def test_prior_weight_n_catches_mistakes(answer, fragment):
    fb = ex.check_prior_weight_n(answer)
    assert not fb and fragment in said(fb)


def test_gap_exponent():
    assert ex.check_gap_exponent(-1.5)
    assert ex.check_gap_exponent(sp.Rational(-3, 2))
    for wrong, fragment in [(-1, "mode differs"), (-0.5, "alone"), (1.5, "sign"), (-2, "how fast")]:
        fb = ex.check_gap_exponent(wrong)
        assert not fb and fragment in said(fb)


def test_checkers_read_numeric_strings_and_explain_non_answers():
    assert ex.check_prior_weight_n("991")  # a number typed as a string is read, never evaluated
    fb = ex.check_prior_weight_n("ninety")
    assert not fb and "number" in said(fb)
    fb = ex.check_map_minus_mle([1, 2])
    assert not fb and fb.answered and "list" in said(fb)


@pytest.mark.parametrize("answer", [
    (a - (a + b) * k / n) / (n + a + b),
    (k + a) / (n + a + b) - k / n,
    "(n*a - k*(a + b)) / (n*(n + a + b))",
    "a/(n + a + b) - (a + b)*k/(n*(n + a + b))",
])
def test_mean_minus_mle_accepts_equivalent_forms(answer):
    assert ex.check_mean_minus_mle(answer)


@pytest.mark.parametrize("answer, fragment", [
    (k / n - (k + a) / (n + a + b), "sign"),
    ((k + a - 1) / (n + a + b - 2) - k / n, "MAP minus the MLE"),
    ((a - (a + b) * k / n) / n, "common denominator"),
    ((a - (a + b) * k / n) / (n + a + b - 2), "different denominator"),
    ("a/n", "one denominator"),
])
def test_mean_minus_mle_catches_mistakes(answer, fragment):
    fb = ex.check_mean_minus_mle(answer)
    assert not fb and fragment in said(fb)


def test_mean_minus_mle_rejects_foreign_symbols_and_non_answers():
    fb = ex.check_mean_minus_mle("x / n")
    assert not fb and "symbols" in said(fb)
    fb = ex.check_mean_minus_mle([1, 2])
    assert not fb and "SymPy expression, a string or a number" in said(fb)
