"""The answer checkers of chapter 08 accept right answers and explain typical wrong ones."""

from __future__ import annotations

import time

import numpy as np
import pytest
import sympy as sp
from checker_helpers import fresh_hints, said  # noqa: F401
from scipy import optimize, stats

from mapmath.exercises.mode_misleads import (
    check_empirical_bayes_tau2,
    check_laplace_typical_ratio,
    check_moderated_limit,
    check_precision_m_step,
)
from mapmath.hierarchical_scale import empirical_bayes_tau2
from mapmath.logistic_predictive import moderation_factor
from mapmath.mixture_em import derive_variance_m_step

d = sp.Symbol("d")


@pytest.mark.parametrize("answer", ["exp(d)", sp.exp(d), "exp(d/2)**2", "E**d", "1/exp(-d)"])
def test_laplace_typical_ratio_accepts_equivalent_forms(answer):
    assert check_laplace_typical_ratio(answer)


def test_laplace_typical_ratio_matches_scipy_and_sampling():
    """e^d against SciPy's Laplace log density at a point of L1 norm d·b, and E‖θ‖₁ = d·b by sampling."""
    for dim, b in ((1, 0.5), (3, 2.0), (10, 0.02)):
        theta = np.full(dim, b)  # L1 norm d·b
        ratio = np.exp(stats.laplace.logpdf(np.zeros(dim), scale=b).sum() - stats.laplace.logpdf(theta, scale=b).sum())
        assert float(sp.exp(dim)) == pytest.approx(ratio, rel=1e-12)
        assert not check_laplace_typical_ratio(sp.Float(ratio, 15))  # a number is not a formula in d
    draws = np.random.default_rng(3).laplace(0.0, 0.3, size=(200_000, 5))
    l1 = np.abs(draws).sum(axis=1)
    assert abs(l1.mean() - 5 * 0.3) < 4 * l1.std() / np.sqrt(l1.size)


@pytest.mark.parametrize("answer, words", [
    ("d", "logarithm"),
    ("exp(d/2)", "factor ½"),
    ("exp(2*d)", "not 2b"),
    ("exp(-d)", "Upside down"),
    ("exp(sqrt(d))", "like d"),
    ("exp(k)", "symbol"),
])
def test_laplace_typical_ratio_explains_wrong_answers(answer, words):
    fb = check_laplace_typical_ratio(answer)
    assert not fb and words in fb.message


@pytest.mark.parametrize("answer", ["(S + 2*b)/(n + 2*a - 2)", "(S/2 + b)/(n/2 + a - 1)",
                                    "1/((n + 2*a - 2)/(S + 2*b))"])
def test_precision_m_step_accepts_equivalent_forms(answer):
    assert check_precision_m_step(answer)


def test_precision_m_step_answer_is_scipys_maximizer_in_the_precision():
    S, n, a, b = 3.1, 7.0, 2.0, 0.4
    # the M-step objective in λ = 1/σ²: Gaussian terms plus SciPy's Gamma(a, rate b) log density
    f = lambda lam: -(n / 2 * np.log(lam) - lam * S / 2 + stats.gamma.logpdf(lam, a, scale=1 / b))  # noqa: E731
    best = optimize.minimize_scalar(f, bounds=(1e-4, 50), method="bounded", options={"xatol": 1e-12}).x
    assert 1 / best == pytest.approx((S + 2 * b) / (n + 2 * a - 2), rel=1e-6)
    # ... which is not the mode in σ² (the text's M-step), by the Jacobian
    ms = derive_variance_m_step()
    in_s2 = float(ms.solution.subs({ms.S: S, ms.n: n, ms.a: a, ms.b: b}))
    assert check_precision_m_step(sp.nsimplify(in_s2)).correct is False
    assert abs(1 / best - in_s2) > 0.05


@pytest.mark.parametrize("answer, words", [
    ("(S + 2*b)/(n + 2*a + 2)", "Jacobian"),
    ("S/n", "maximum-likelihood"),
    ("(n + 2*a - 2)/(S + 2*b)", "precision"),
    ("(S + b)/(n + a - 1)", "factors 2"),
    ("S + b", "derivative"),
])
def test_precision_m_step_explains_wrong_answers(answer, words):
    fb = check_precision_m_step(answer)
    assert not fb and words in said(fb)


@pytest.mark.parametrize("answer", ["sxy**2/sxx**2 - sigma2/sxx", "(sxy**2 - sigma2*sxx)/sxx**2",
                                    "(sxy/sxx)**2 - sigma2/sxx"])
def test_empirical_bayes_tau2_accepts_equivalent_forms(answer):
    assert check_empirical_bayes_tau2(answer)


def test_empirical_bayes_tau2_answer_matches_the_numeric_maximizer():
    rng = np.random.default_rng(12)
    x = rng.normal(size=25)
    y = 0.6 * x + rng.normal(size=25)
    sxx, sxy = x @ x, x @ y
    assert empirical_bayes_tau2(x[:, None], y, 1.0) == pytest.approx(sxy**2 / sxx**2 - 1.0 / sxx, rel=1e-6)


@pytest.mark.parametrize("answer, words", [
    ("sxy**2/sxx**2", "sampling variance"),
    ("sxy/sxx", "slope itself"),
    ("sxy**2/sxx**2 + sigma2/sxx", "sign"),
    ("sxy**2/sxx - sigma2", "off by a factor"),
    ("sigma2/sxx", "eigenvalue"),
])
def test_empirical_bayes_tau2_explains_wrong_answers(answer, words):
    fb = check_empirical_bayes_tau2(answer)
    assert not fb and words in said(fb)


@pytest.mark.parametrize("answer", ["1/(1 + exp(-a*sqrt(8/(pi*c))))", "1/(1 + exp(-2*a*sqrt(2/(pi*c))))",
                                    "exp(a*sqrt(8/(pi*c)))/(1 + exp(a*sqrt(8/(pi*c))))"])
def test_moderated_limit_accepts_equivalent_forms(answer):
    assert check_moderated_limit(answer)


def test_moderated_limit_matches_a_large_t_evaluation():
    a_val, c_val, t = 1.3, 0.7, 1e7
    far = 1 / (1 + np.exp(-moderation_factor(c_val * t**2) * a_val * t))
    assert far == pytest.approx(1 / (1 + np.exp(-a_val * np.sqrt(8 / (np.pi * c_val)))), rel=1e-9)


@pytest.mark.parametrize("answer, words", [
    ("1", "plug-in"),
    ("1/2", "finite"),
    ("1/(1 + exp(-a*sqrt(pi*c/8)))", "upside down"),
    ("1/(1 + exp(-a/sqrt(c)))", "π/8"),
    ("a/c", "divide"),
])
def test_moderated_limit_explains_wrong_answers(answer, words):
    fb = check_moderated_limit(answer)
    assert not fb and words in said(fb)


@pytest.mark.parametrize("check, answer", [
    (check_moderated_limit, "exp(gamma(a + 99))"),
    (check_laplace_typical_ratio, "exp(exp(exp(d + 10)))"),
    (check_precision_m_step, "gamma(gamma(S*10))"),
    (check_empirical_bayes_tau2, "exp(exp(sxx*1000))"),
])
def test_overflowing_answers_are_refused_without_symbolic_search(check, answer):
    start = time.perf_counter()
    fb = check(answer)
    assert time.perf_counter() - start < 2.0
    assert not fb and ("Could not decide" in fb.message or not fb.decided or "differs" in fb.message), fb.message
