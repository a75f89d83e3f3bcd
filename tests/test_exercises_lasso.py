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
from mapmath.lasso_path import lasso_path
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


# --------------------------------------------------------------------------- the fourth variable's b
def _diabetes_sigma2():
    X, y = load_diabetes(return_X_y=True)
    y = y - y.mean()
    n_obs, p = X.shape
    w_ls = np.linalg.lstsq(X, y, rcond=None)[0]
    return X, y, float(np.sum((y - X @ w_ls) ** 2) / (n_obs - p - 1))


def test_the_fourth_join_key_is_lars_path_and_mapmath_lasso_path():
    """The literal key equals scikit-learn's LARS knot and mapmath's own path, and the MAP there has
    exactly four nonzero weights just above that b (three just below)."""
    X, y, s2 = _diabetes_sigma2()
    alphas, _, coefs = lars_path(X, y, method="lasso")
    knot = int(np.argmax(np.count_nonzero(coefs, axis=0) >= 4)) - 1  # zero at its own knot
    b_sk = s2 / (X.shape[0] * alphas[knot])
    path = lasso_path(X, y)
    b_path = path.b_knots(s2)[[k for k, e in enumerate(path.events) if e[0] == "join"][3]]
    assert b_sk == pytest.approx(ex.LARS_FOURTH_JOIN_B, rel=1e-9)
    assert b_path == pytest.approx(ex.LARS_FOURTH_JOIN_B, rel=1e-9)
    assert np.count_nonzero(mapmath.lasso_map(X, y, s2, b_sk * (1 + 1e-6))) == 4
    assert np.count_nonzero(mapmath.lasso_map(X, y, s2, b_sk * (1 - 1e-6))) == 3
    assert ex.check_lars_fourth_join_b(f"{b_sk:.3g}") and ex.check_lars_fourth_join_b(b_sk)


@pytest.mark.parametrize("answer, words", [("18.6", "too large"), ("4.64", "too small"),
                                           ("22.5", "fifth"), ("6.48", "third")])
def test_check_lars_fourth_join_b_explains_typical_mistakes(answer, words):
    fb = ex.check_lars_fourth_join_b(answer)
    assert not fb and words in fb.message


def test_a_lars_knot_is_the_map_at_b_equal_sigma2_over_n_alpha_on_diabetes():
    X, y, s2 = _diabetes_sigma2()
    alphas, _, coefs = lars_path(X, y, method="lasso")
    for knot in (1, 4, 7):
        w = mapmath.lasso_map(X, y, s2, s2 / (X.shape[0] * alphas[knot]))
        np.testing.assert_allclose(w, coefs[:, knot], atol=1e-7)


# --------------------------------------------------------------------------- Laplace conditional tail
t, tau2 = sp.symbols("t tau2", positive=True)


@pytest.mark.parametrize("answer", [sp.exp(-t / b), "exp(-t/b)", "E**(-t/b)", "1/exp(t/b)",
                                    sp.exp(-(c + t) / b) / sp.exp(-c / b)])
def test_check_laplace_conditional_tail_accepts_exp_minus_t_over_b(answer):
    assert ex.check_laplace_conditional_tail(answer)


@pytest.mark.parametrize("answer, hint", [
    (sp.exp(-(c + t) / b), "unconditional"),
    (sp.exp(-c / b), "condition itself"),
    (sp.exp(-t / b) / 2, "One tail"),
    (1 - sp.exp(-t / b), "staying below"),
    (sp.exp(-t * b), "divides the weight"),
])
def test_check_laplace_conditional_tail_explains_typical_mistakes(answer, hint):
    fb = ex.check_laplace_conditional_tail(answer)
    assert not fb and hint in fb.message


def test_the_laplace_conditional_tail_equals_scipy_and_quadrature():
    f = sp.lambdify((t, b), sp.exp(-t / b))
    for cv, tv, bv in [(0.5, 1.0, 1.0), (2.0, 0.3, 0.3), (0.0, 1.0, 2.0)]:
        ratio = stats.laplace.sf(cv + tv, scale=bv) / stats.laplace.sf(cv, scale=bv)
        assert f(tv, bv) == pytest.approx(ratio, rel=1e-12)
        def tail(x, bv=bv):
            return 2 * integrate.quad(lambda w: math.exp(-abs(w) / bv) / (2 * bv), x, np.inf)[0]
        assert f(tv, bv) == pytest.approx(tail(cv + tv) / tail(cv), rel=1e-9)


# --------------------------------------------------------------------------- elastic net l1_ratio
@pytest.mark.parametrize("answer", [tau2 / (tau2 + b), "tau2/(tau2 + b)", "1/(1 + b/tau2)",
                                    "(1/b)/(1/b + 1/tau2)", "tau^2/(b + tau^2)"])
def test_check_elastic_net_l1_ratio_accepts_tau2_over_tau2_plus_b(answer):
    assert ex.check_elastic_net_l1_ratio(answer)


@pytest.mark.parametrize("answer, hint", [
    (b / (tau2 + b), "1 - l1_ratio"),
    (2 * tau2 / (2 * tau2 + b), "carries a ½"),
    (tau2 / (tau2 + 2 * b), "Laplace term"),
    (tau2 / b, "between 0 and 1"),
])
def test_check_elastic_net_l1_ratio_explains_typical_mistakes(answer, hint):
    fb = ex.check_elastic_net_l1_ratio(answer)
    assert not fb and hint in fb.message


def test_the_elastic_net_l1_ratio_gives_the_map_in_sklearn():
    """ElasticNet at alpha = σ²(1/b + 1/τ²)/n and l1_ratio = τ²/(τ² + b) is the lasso MAP of the data
    augmented with √(σ²/τ²)·I (the Gaussian factor of the prior as pseudo-observations)."""
    from sklearn.linear_model import ElasticNet

    rng = np.random.default_rng(9)
    X = rng.normal(size=(30, 5))
    y = X @ np.array([1.5, 0.0, -1.0, 0.0, 0.5]) + rng.normal(size=30)
    for s2, bv, t2 in [(1.0, 0.1, 0.5), (2.0, 0.05, 3.0)]:
        X_aug = np.vstack([X, math.sqrt(s2 / t2) * np.eye(5)])
        y_aug = np.concatenate([y, np.zeros(5)])
        w_map = mapmath.lasso_map(X_aug, y_aug, s2, bv)
        en = ElasticNet(alpha=s2 * (1 / bv + 1 / t2) / 30, l1_ratio=t2 / (t2 + bv), fit_intercept=False,
                        tol=1e-14, max_iter=1_000_000).fit(X, y)
        np.testing.assert_allclose(en.coef_, w_map, atol=1e-7)


# --------------------------------------------------------------------------- alpha for repeated data
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
