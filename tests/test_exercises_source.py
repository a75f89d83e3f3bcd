"""The answer checkers of chapter 11 accept right answers and explain typical wrong ones."""

from __future__ import annotations

import pytest
import sympy as sp
from checker_helpers import fresh_hints, said  # noqa: F401

from mapmath.exercises.source_problems import (
    check_bernoulli_fisher_information,
    check_beta_ess,
    check_beta_weight,
    check_feature_scale,
    check_gaussian_map,
    check_jeffreys_mode_arcsine,
    check_jeffreys_mode_in_eta,
    check_jeffreys_mode_in_p,
    check_jeffreys_mode_mapped_back,
    check_jeffreys_prior,
    check_logistic_lambda,
    check_prior_pseudo_flips,
)

n, xbar, mu0, sigma2, tau2, k, a, b, p = sp.symbols("n xbar mu0 sigma2 tau2 k a b p")


def _explains(fb, words):
    assert not fb, fb
    assert words in said(fb), fb.message


@pytest.mark.parametrize("answer", [
    (sigma2 * mu0 + n * tau2 * xbar) / (sigma2 + n * tau2),
    "(sigma2*mu0 + n*tau2*xbar)/(sigma2 + n*tau2)",
    "(mu0/tau2 + n*xbar/sigma2)/(1/tau2 + n/sigma2)",
    "(sigma**2*mu0 + n*tau**2*xbar)/(sigma**2 + n*tau**2)",
    "sigma2/(sigma2+n*tau2)*mu0 + n*tau2/(sigma2+n*tau2)*xbar",
])
def test_gaussian_map_accepts_equivalent_forms(answer):
    assert check_gaussian_map(answer)


@pytest.mark.parametrize("answer, words", [
    ("xbar", "MLE"),
    ("mu0", "prior mean"),
    ("(tau2*mu0 + n*sigma2*xbar)/(tau2 + n*sigma2)", "swapped"),
    ("(sigma2*mu0 + tau2*xbar)/(sigma2 + tau2)", "factor n"),
    ("(sigma2*mu0 - n*tau2*xbar)/(sigma2 + n*tau2)", "sign"),
    ("(mu0 + xbar)/2", "plain average"),
    ("(sigma*mu0 + n*tau*xbar)/(sigma + n*tau)", "derivative"),
    ("mu0 + z", "symbols"),
])
def test_gaussian_map_explains_wrong_answers(answer, words):
    _explains(check_gaussian_map(answer), words)


@pytest.mark.parametrize("answer", [1 / tau2, "1/tau2", "tau2**-1", "1/tau**2", "2/(2*tau2)"])
def test_logistic_lambda_accepts_one_over_tau2(answer):
    assert check_logistic_lambda(answer)


@pytest.mark.parametrize("answer, words", [
    ("1/(2*tau2)", "coefficient"),
    ("2/tau2", "factor 2"),
    ("tau2", "penalize less"),
    ("-1/tau2", "sign"),
    ("1/tau", "standard deviation"),
])
def test_logistic_lambda_explains_wrong_answers(answer, words):
    _explains(check_logistic_lambda(answer), words)


@pytest.mark.parametrize("answer", [
    (a + b - 2) / (n + a + b - 2),
    "(a+b-2)/(n+a+b-2)",
    "1 - n/(n+a+b-2)",
])
def test_beta_weight_accepts_equivalent_forms(answer):
    assert check_beta_weight(answer)


@pytest.mark.parametrize("answer, words", [
    ("n/(n+a+b-2)", "weight of the MLE"),
    ("(a+b)/(n+a+b)", "posterior mean"),
    ("(a+b-2)/(n+a+b)", "same shift"),
    ("(a+b-1)/(n+a+b-1)", "shifts"),
    ("a/(a+b)", "multiply and divide"),
])
def test_beta_weight_explains_wrong_answers(answer, words):
    _explains(check_beta_weight(answer), words)


def test_beta_ess():
    assert check_beta_ess("a + b - 2")
    assert check_beta_ess(a - 1 + b - 1)
    _explains(check_beta_ess("a + b"), "posterior mean")
    _explains(check_beta_ess("a + b - 1"), "shift")
    _explains(check_beta_ess("a - 1"), "pseudo-failures")


def test_bernoulli_fisher_information():
    assert check_bernoulli_fisher_information("1/(p*(1-p))")
    assert check_bernoulli_fisher_information("1/p + 1/(1-p)")
    _explains(check_bernoulli_fisher_information("p*(1-p)"), "inverse")
    _explains(check_bernoulli_fisher_information("-1/(p*(1-p))"), "sign")
    _explains(check_bernoulli_fisher_information("1/p**2 + 1/(1-p)**2"), "expectation")


@pytest.mark.parametrize("answer", [
    "p**(-1/2)*(1-p)**(-1/2)",
    "1/sqrt(p*(1-p))",
    "1/(pi*sqrt(p*(1-p)))",
    "3/sqrt(p - p**2)",
    sp.sqrt(1 / (p * (1 - p))),
])
def test_jeffreys_prior_accepts_any_constant_multiple(answer):
    assert check_jeffreys_prior(answer)


@pytest.mark.parametrize("answer, words", [
    ("1/(p*(1-p))", "square root"),
    ("5/(p*(1-p))", "square root"),
    ("sqrt(p*(1-p))", "wrong sign"),
    ("1", "not flat"),
    ("p**(-1/2)", "square root of the Fisher"),
])
def test_jeffreys_prior_explains_wrong_answers(answer, words):
    _explains(check_jeffreys_prior(answer), words)


def test_jeffreys_modes():
    assert check_jeffreys_mode_in_p("(k - 1/2)/(n - 1)")
    assert check_jeffreys_mode_in_p("(2*k - 1)/(2*n - 2)")
    _explains(check_jeffreys_mode_in_p("(k + 1/2)/(n + 1)"), "Jacobian")
    _explains(check_jeffreys_mode_in_p("k/n"), "MLE")

    assert check_jeffreys_mode_in_eta("log((k + 1/2)/(n - k + 1/2))")
    assert check_jeffreys_mode_in_eta("log(2*k + 1) - log(2*n - 2*k + 1)")
    _explains(check_jeffreys_mode_in_eta("(k + 1/2)/(n + 1)"), "carried back")
    _explains(check_jeffreys_mode_in_eta("log((k - 1/2)/(n - k - 1/2))"), "Jacobian")
    _explains(check_jeffreys_mode_in_eta("log(k/(n-k))"), "logit of the MLE")

    assert check_jeffreys_mode_mapped_back("(2*k + 1)/(2*n + 2)")
    _explains(check_jeffreys_mode_mapped_back("(k - 1/2)/(n - 1)"), "mode in p")
    _explains(check_jeffreys_mode_mapped_back("log((k + 1/2)/(n - k + 1/2))"), "map it back")


def test_checkers_explain_unreadable_answers_and_non_expressions():
    fb = check_gaussian_map("(sigma2 +")
    assert not fb and "could not be read" in said(fb)
    fb = check_beta_weight([1, 2])
    assert not fb and "answer must be a SymPy expression, a string or a number" in said(fb)


@pytest.mark.parametrize("answer", ["(sigma_2*mu_0 + n*tau_2*xbar)/(sigma_2 + n*tau_2)",
                                    "(sigma2*mu0 + n*tau2*x_bar)/(sigma2 + n*tau2)"])
def test_gaussian_map_accepts_underscored_spellings(answer):
    assert check_gaussian_map(answer)


@pytest.mark.parametrize("answer", ["sqrt(tau2/C)", "tau/sqrt(C)", "sqrt(tau2)/sqrt(C)", "(tau2/C)**(1/2)"])
def test_feature_scale_accepts_the_prior_standard_deviation_over_root_C(answer):
    assert check_feature_scale(answer)


@pytest.mark.parametrize("answer, words", [
    ("sqrt(tau2)", "one value of C"),
    ("sqrt(tau2*C)", "where C goes"),
    ("sqrt(C/tau2)", "upside down"),
    ("-sqrt(tau2/C)", "positive"),
    ("sqrt(2*tau2/C)", "factor 2"),
])
def test_feature_scale_explains_wrong_answers(answer, words):
    fb = check_feature_scale(answer)
    assert not fb and words in fb.message, fb.message


def test_feature_scale_gives_the_map_under_per_weight_priors():
    import numpy as np

    from mapmath import logistic_map

    rng = np.random.default_rng(3)
    X = rng.normal(size=(50, 3))
    y = (rng.random(50) < 0.5).astype(float)
    tau2s, c = np.array([4.0, 0.25, 1.5]), 2.0
    s = np.sqrt(tau2s / c)
    w = s * logistic_map(X * s, y, c)  # LogisticRegression(C=c) is logistic_map with tau2 = c
    grad = X.T @ (1 / (1 + np.exp(-X @ w)) - y) + w / tau2s
    assert np.max(np.abs(grad)) < 1e-8


@pytest.mark.parametrize("answer", ["20/3", sp.Rational(20, 3), "40/6"])
def test_prior_pseudo_flips_accepts_twenty_thirds(answer):
    assert check_prior_pseudo_flips(answer)


@pytest.mark.parametrize("answer, words", [(10, "equal weight"), ("26/3", "a + b"), ("4/3", "pseudo-successes"),
                                           ("-20/3", "positive"), ("40/3", "past")])
def test_prior_pseudo_flips_explains_wrong_answers(answer, words):
    fb = check_prior_pseudo_flips(answer)
    assert not fb and words in fb.message, fb.message


def test_prior_pseudo_flips_puts_the_map_at_one_half():
    from fractions import Fraction

    from mapmath import beta_map_exact

    m = Fraction(20, 3)
    assert beta_map_exact(7, 10, 1 + m / 5, 1 + 4 * m / 5) == Fraction(1, 2)


@pytest.mark.parametrize("answer", [sp.asin(sp.sqrt(k / n)), "asin(sqrt(k/n))", "atan(sqrt(k/(n - k)))",
                                    "acos(sqrt((n - k)/n))"])
def test_jeffreys_mode_arcsine_accepts_the_arcsine_of_the_root_of_the_mle(answer):
    assert check_jeffreys_mode_arcsine(answer)


@pytest.mark.parametrize("answer, words", [("asin(sqrt((k - 1/2)/(n - 1)))", "in p"),
                                           ("asin(sqrt((k + 1/2)/(n + 1)))", "log-odds"), ("k/n", "value of p"),
                                           ("asin(sqrt((n - k)/n))", "sin and cos"), ("asin(k/n)", "square root")])
def test_jeffreys_mode_arcsine_explains_wrong_answers(answer, words):
    fb = check_jeffreys_mode_arcsine(answer)
    assert not fb and words in fb.message, fb.message
