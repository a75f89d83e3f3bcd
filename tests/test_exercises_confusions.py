"""The answer checkers of chapter 07 accept right answers and explain typical wrong ones."""

from __future__ import annotations

import pytest
import sympy as sp
from checker_helpers import fresh_hints, said  # noqa: F401

from mapmath.exercises.confusions import (
    check_beta_laplace_variance,
    check_laplace_coverage,
    check_logit_laplace_variance,
    check_ridge_alpha_from_C,
    check_sklearn_C,
)

tau2 = sp.Symbol("tau2")
A, B = sp.symbols("A B")


@pytest.mark.parametrize("answer", [tau2, "tau2", sp.sqrt(tau2) ** 2, "2*tau2/2"])
def test_sklearn_C_accepts_tau2(answer):
    assert check_sklearn_C(answer)


@pytest.mark.parametrize("answer, words", [
    (1 / tau2, "penalty weight"),
    ("2*tau2", "factor 2"),
    ("tau2/2", "factor 2"),
    (sp.sqrt(tau2), "standard deviation"),
    ("tau2**2", "multiply"),
])
def test_sklearn_C_explains_wrong_answers(answer, words):
    fb = check_sklearn_C(answer)
    assert not fb and words in said(fb)


@pytest.mark.parametrize("answer", [
    (A - 1) * (B - 1) / (A + B - 2) ** 3,
    "(A-1)*(B-1)/(A+B-2)**3",
    "(A*B - A - B + 1)/(A + B - 2)**3",
])
def test_beta_laplace_variance_accepts_equivalent_forms(answer):
    assert check_beta_laplace_variance(answer)


@pytest.mark.parametrize("answer, words", [
    ("A*B/((A+B)**2*(A+B+1))", "exact variance"),
    ("(A-1)*(B-1)/(A+B-2)**2", "factor (A+B-2)"),
    ("sqrt((A-1)*(B-1)/(A+B-2)**3)", "standard deviation"),
    ("-(A-1)*(B-1)/(A+B-2)**3", "sign"),
    ("(A+B-2)**3/((A-1)*(B-1))", "precision"),
    ("(A-1)/(A+B-2)", "differentiate"),
    ("C", "symbols"),
])
def test_beta_laplace_variance_explains_wrong_answers(answer, words):
    fb = check_beta_laplace_variance(answer)
    assert not fb and words in said(fb)


def test_laplace_coverage_checker():
    from mapmath.beta import beta_interval_mass, beta_laplace
    from mapmath.laplace_approx import laplace_interval

    right = beta_interval_mass(3, 30, *laplace_interval(*beta_laplace(3, 30)))
    assert check_laplace_coverage(right)
    assert check_laplace_coverage(round(right, 6))
    fb = check_laplace_coverage(0.95)
    assert not fb and "nominal" in said(fb)
    exact_var = 3 * 30 / (33**2 * 34)
    fb = check_laplace_coverage(beta_interval_mass(3, 30, *laplace_interval(beta_laplace(3, 30)[0], exact_var)))
    assert not fb and "exact Beta variance" in said(fb)
    fb = check_laplace_coverage(beta_interval_mass(3, 30, *laplace_interval(3 / 33, beta_laplace(3, 30)[1])))
    assert not fb and "mean" in said(fb)
    assert not check_laplace_coverage(0.5)
    fb = check_laplace_coverage("0.88")  # read as the number 0.88: too far from the exact mass
    assert not fb and "CDF" in said(fb)
    assert check_laplace_coverage(repr(right))


C, sigma2 = sp.symbols("C sigma2")


@pytest.mark.parametrize("answer", [sigma2 / C, "sigma2/C", "2*sigma2/(2*C)", sigma2 * C ** -1])
def test_ridge_alpha_from_C_accepts_sigma2_over_C(answer):
    assert check_ridge_alpha_from_C(answer)


@pytest.mark.parametrize("answer, words", [
    (1 / C, "residual sum of squares"),
    ("C/sigma2", "upside down"),
    ("sigma2*C", "not a larger one"),
    ("2*sigma2/C", "factor 2"),
    ("sigma2/(2*C)", "factor 2"),
    ("C", "prior variance"),
    ("sigma2", "eliminate"),
])
def test_ridge_alpha_from_C_explains_wrong_answers(answer, words):
    fb = check_ridge_alpha_from_C(answer)
    assert not fb and words in said(fb)


def test_ridge_alpha_from_C_rejects_foreign_symbols():
    fb = check_ridge_alpha_from_C("sigma2/tau2")
    assert not fb and "symbols" in said(fb)


@pytest.mark.parametrize("answer", [(A + B) / (A * B), "1/A + 1/B", "(A + B)/(A*B)", "(1/A)*(1 + A/B)"])
def test_logit_laplace_variance_accepts_one_over_a_plus_one_over_b(answer):
    assert check_logit_laplace_variance(answer)


@pytest.mark.parametrize("answer, words", [
    ("(A-1)*(B-1)/(A+B-2)**3", "Laplace variance in p"),
    ("A*B/(A+B)", "precision"),
    ("(A+B-2)/((A-1)*(B-1))", "Jacobian"),
    ("A*B/((A+B)**2*(A+B+1))", "exact variance"),
    ("1/(A+B)", "solve"),
    ("C", "symbols"),
])
def test_logit_laplace_variance_explains_wrong_answers(answer, words):
    fb = check_logit_laplace_variance(answer)
    assert not fb and words in said(fb)


def test_logit_laplace_variance_checker_agrees_with_the_derivation():
    from mapmath.beta import derive_beta_logit_laplace

    assert check_logit_laplace_variance(derive_beta_logit_laplace().variance)
