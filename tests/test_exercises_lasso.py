"""The answer checkers of chapter 4's lasso-in-depth exercises: right answers and rewritings pass,
typical mistakes get their hint, and the answers agree with independent computations."""

from __future__ import annotations

import math

import numpy as np
import pytest
import sympy as sp
from checker_helpers import fresh_hints, said  # noqa: F401
from scipy import integrate, stats
from sklearn.datasets import load_diabetes
from sklearn.linear_model import Lasso, lars_path

import mapmath
from mapmath.exercises import lasso as ex
from mapmath.sklearn_mapping import sklearn_lasso_alpha

a, c, lam, b, alpha, n, sigma2, k = sp.symbols("a c lam b alpha n sigma2 k", positive=True)


# --------------------------------------------------------------------------- two identical columns
@pytest.mark.parametrize("answer", [
    sp.sqrt(2) * (c - lam / 2) / a,
    "sqrt(2)*(c - lam/2)/a",
    "(2*c - lam)/(sqrt(2)*a)",
    sp.sqrt(2 * ((c - lam / 2) / a) ** 2),
])
def test_check_duplicate_segment_length_accepts_sqrt2_times_the_soft_threshold(answer):
    assert ex.check_duplicate_segment_length(answer)


@pytest.mark.parametrize("answer, hint", [
    ((c - lam / 2) / a, "optimal total"),
    ((c - lam / 2) / (2 * a), "midpoint"),
    (sp.sqrt(2) * (c - lam) / a, "λ/2, not λ"),
    (sp.sqrt(2) * (c - lam / 2) / (2 * a), "does not double"),
    (c / a, "soft thresholding"),
])
def test_check_duplicate_segment_length_explains_typical_mistakes(answer, hint):
    fb = ex.check_duplicate_segment_length(answer)
    assert not fb and hint in said(fb)


def test_the_duplicate_segment_length_is_the_distance_between_the_lasso_end_points_numerically():
    rng = np.random.default_rng(3)
    x = rng.normal(size=25)
    y = 2.0 * x + rng.normal(size=25)
    lam_v = 4.0
    av, cv = float(x @ x), float(x @ y)
    assert cv > lam_v / 2
    X = np.column_stack([x, x])
    end = mapmath.lasso.lasso_solve(X, y, lam_v)          # one end point (all on the first copy)
    other = end[::-1]
    for v in (end, other, (end + other) / 2):
        assert mapmath.lasso_kkt_violation(X, y, v, lam_v) < 1e-8
    length = float(np.linalg.norm(end - other))
    assert length == pytest.approx(math.sqrt(2) * (cv - lam_v / 2) / av, rel=1e-9)
    assert ex.check_duplicate_segment_length(sp.sqrt(2) * (c - lam / 2) / a)


# --------------------------------------------------------------------------- lars knot to b
@pytest.mark.parametrize("answer", [sigma2 / (n * alpha), "sigma2/(n*alpha)", "sigma_2/(alpha*n)",
                                    2 * sigma2 / (2 * n * alpha)])
def test_check_lars_knot_b_accepts_sigma2_over_n_alpha(answer):
    assert ex.check_lars_knot_b(answer)


@pytest.mark.parametrize("answer, hint", [
    (2 * sigma2 / (n * alpha), "factor 2 too many"),
    (sigma2 / (2 * n * alpha), "factor 2 too few"),
    (sigma2 / alpha, "divides the correlation"),
    (n * alpha / sigma2, "upside down"),
])
def test_check_lars_knot_b_explains_typical_mistakes(answer, hint):
    fb = ex.check_lars_knot_b(answer)
    assert not fb and hint in said(fb)


def test_the_lars_knot_b_reproduces_sklearn_lars_path_coefficients_on_diabetes():
    X, y = load_diabetes(return_X_y=True)
    y = y - y.mean()
    alphas, _, coefs = lars_path(X, y, method="lasso")
    s2 = 2900.0
    f = sp.lambdify((alpha, n, sigma2), sigma2 / (n * alpha))
    for knot in (1, 4, 7):
        w = mapmath.lasso_map(X, y, s2, f(alphas[knot], X.shape[0], s2))
        np.testing.assert_allclose(w, coefs[:, knot], atol=1e-7)
    assert ex.check_lars_knot_b(sigma2 / (n * alpha))


# --------------------------------------------------------------------------- Laplace tail
@pytest.mark.parametrize("answer", [sp.exp(-c / b), "exp(-c/b)", "E**(-c/b)", "1/exp(c/b)",
                                    2 * sp.exp(-c / b) / 2])
def test_check_laplace_tail_accepts_exp_minus_c_over_b(answer):
    assert ex.check_laplace_tail(answer)


@pytest.mark.parametrize("answer, hint", [
    (sp.exp(-c / b) / 2, "one tail"),
    (1 - sp.exp(-c / b), "complement"),
    (sp.exp(-c / (2 * b)), "normalization"),
    (sp.exp(-c * b), "divides the weight"),
    (sp.exp(-c), "integrate the density"),
])
def test_check_laplace_tail_explains_typical_mistakes(answer, hint):
    fb = ex.check_laplace_tail(answer)
    assert not fb and hint in said(fb)


def test_the_laplace_tail_answer_equals_scipy_and_quadrature():
    f = sp.lambdify((c, b), sp.exp(-c / b))
    for cv, bv in [(0.5, 1.0), (2.0, 0.3), (0.0, 2.0)]:
        assert f(cv, bv) == pytest.approx(2 * stats.laplace.sf(cv, scale=bv), rel=1e-12)
        quad = integrate.quad(lambda w, bv=bv: math.exp(-abs(w) / bv) / (2 * bv), cv, np.inf)[0] * 2
        assert f(cv, bv) == pytest.approx(quad, rel=1e-9)
    assert ex.check_laplace_tail(sp.exp(-c / b))


# --------------------------------------------------------------------------- alpha for repeated data
@pytest.mark.parametrize("answer", [alpha / k, "alpha/k", "alpha*k**(-1)", 2 * alpha / (2 * k)])
def test_check_sklearn_alpha_repeated_accepts_alpha_over_k(answer):
    assert ex.check_sklearn_alpha_repeated(answer)


@pytest.mark.parametrize("answer, hint", [
    (alpha, "averages the squared residuals"),
    (alpha * k, "other way round"),
    (alpha / k**2, "one factor k too many"),
])
def test_check_sklearn_alpha_repeated_explains_typical_mistakes(answer, hint):
    fb = ex.check_sklearn_alpha_repeated(answer)
    assert not fb and hint in said(fb)


def test_alpha_over_k_is_the_same_prior_on_repeated_data_in_sklearn():
    rng = np.random.default_rng(9)
    X = rng.normal(size=(20, 4))
    y = X @ np.array([1.5, 0.0, -1.0, 0.0]) + rng.normal(size=20)
    s2, bv = 1.0, 0.1
    a0 = sklearn_lasso_alpha(s2, bv, 20)
    for kv in (2, 5):
        Xk, yk = np.tile(X, (kv, 1)), np.tile(y, kv)
        coef = Lasso(alpha=a0 / kv, fit_intercept=False, tol=1e-13, max_iter=1_000_000).fit(Xk, yk).coef_
        np.testing.assert_allclose(coef, mapmath.lasso_map(Xk, yk, s2, bv), atol=1e-7)
    assert ex.check_sklearn_alpha_repeated(alpha / k)
