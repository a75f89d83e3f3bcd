"""Lasso is MAP under a Laplace prior: derivation, soft thresholding, solver, certificate, sklearn mapping."""

from __future__ import annotations

import functools
import math

import numpy as np
import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import integrate, optimize, stats
from sklearn.linear_model import Lasso

import mapmath
from mapmath.lasso import (
    derive_soft_threshold,
    laplace_posterior_symmetry,
    lasso_concrete,
    lasso_lambda_max,
    lasso_objective,
    lasso_solve,
)
from mapmath.sklearn_mapping import (
    sklearn_lasso_alpha,
)


def _problem(seed: int, n: int, d: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, d))
    w = rng.normal(scale=2.0, size=d) * (rng.random(d) < 0.5)
    y = X @ w + rng.normal(scale=0.5, size=n)
    return X, y


problems = st.tuples(st.integers(0, 2**32 - 1), st.integers(4, 15), st.integers(1, 8))
sigma2s = st.floats(0.1, 5.0)
scales = st.floats(0.02, 5.0)


def _sklearn_lasso(X, y, sigma2, b):
    alpha = sklearn_lasso_alpha(sigma2, b, X.shape[0])
    return Lasso(alpha=alpha, fit_intercept=False, tol=1e-12, max_iter=1_000_000).fit(X, y).coef_


# --------------------------------------------------------------------------- symbolic derivation
@functools.cache
def _soft_threshold_derivation():
    return derive_soft_threshold()


def test_lasso_neg_log_posterior_times_2sigma2_is_lasso_objective_with_lambda_2sigma2_over_b():
    C = lasso_concrete(3, 2)
    assert C.lam == 2 * C.sigma2 / C.b
    rest = sp.expand(2 * C.sigma2 * C.neg_log_posterior - C.objective)
    assert rest.free_symbols <= {C.sigma2, C.b}
    # without the factor 2 the |w| terms do not cancel
    wrong = sp.expand(2 * C.sigma2 * C.neg_log_posterior - C.objective.subs(C.b, 2 * C.b))
    assert wrong.free_symbols & set(C.w)


def test_soft_threshold_derivation_branches_and_zero_condition():
    D = derive_soft_threshold()
    a, c, lam, w = D.a, D.c, D.lam, D.w
    assert sp.simplify(D.positive_branch - (c - lam / 2) / a) == 0
    assert sp.simplify(D.negative_branch - (c + lam / 2) / a) == 0
    assert D.positive_condition == (c > lam / 2)
    assert D.negative_condition == (c < -lam / 2)
    assert D.zero_condition == sp.And(c >= -lam / 2, c <= lam / 2)
    # each branch is stationary for its smooth piece
    assert sp.simplify(sp.diff(a * w**2 - 2 * c * w + lam * w, w).subs(w, D.positive_branch)) == 0
    assert sp.simplify(sp.diff(a * w**2 - 2 * c * w - lam * w, w).subs(w, D.negative_branch)) == 0


@settings(max_examples=60, deadline=None)
@given(st.floats(-10, 10), st.floats(0.1, 5), st.floats(0.01, 8))
def test_soft_threshold_piecewise_is_the_global_minimizer_of_the_one_coordinate_lasso(cv, av, lv):
    D = _soft_threshold_derivation()
    subs = {D.a: av, D.c: cv, D.lam: lv}
    piecewise = float(D.solution.subs(subs))
    closed = float(D.soft_threshold.subs(subs))
    numeric = mapmath.soft_threshold(cv, lv / 2) / av
    assert piecewise == pytest.approx(closed, abs=1e-12)
    assert piecewise == pytest.approx(numeric, abs=1e-12)

    def f(t):
        return av * t * t - 2 * cv * t + lv * abs(t)

    best = optimize.minimize_scalar(f, bounds=(-20, 20), method="bounded", options={"xatol": 1e-12})
    assert f(numeric) <= best.fun + 1e-9


def test_soft_threshold_returns_exact_zeros_inside_the_threshold():
    out = mapmath.soft_threshold(np.array([-3.0, -1.0, -0.5, 0.0, 0.5, 1.0, 3.0]), 1.0)
    np.testing.assert_array_equal(out, [-2.0, 0.0, 0.0, 0.0, 0.0, 0.0, 2.0])
    assert mapmath.soft_threshold(0.3, 0.5) == 0.0
    assert mapmath.soft_threshold(-2.5, 0.5) == -2.0
    assert mapmath.soft_threshold(1.5, 0.0) == 1.5


def test_sklearn_lasso_alpha_is_sigma2_over_n_b_by_sympy():
    # scikit-learn's objective RSS/(2n) + alpha·L1, times 2n, has L1 weight 2n·alpha = λ = 2σ²/b
    n = sp.Symbol("n", positive=True, integer=True)
    alpha, sigma2, b, rss, l1 = sp.symbols("alpha sigma2 b RSS L1", positive=True)
    scaled = sp.expand(2 * n * (rss / (2 * n) + alpha * l1))
    assert scaled.coeff(rss) == 1
    (solution,) = sp.solve(sp.Eq(scaled.coeff(l1), 2 * sigma2 / b), alpha)
    assert sp.simplify(solution - sigma2 / (n * b)) == 0
    assert sklearn_lasso_alpha(2.0, 0.5, 10) == pytest.approx(float(solution.subs({sigma2: 2.0, b: 0.5, n: 10})))


# --------------------------------------------------------------------------- numerics vs scikit-learn
@settings(max_examples=80, deadline=None)
@given(problems, sigma2s, scales)
def test_lasso_map_equals_sklearn_lasso_with_alpha_sigma2_over_n_b(problem, sigma2, b):
    X, y = _problem(*problem)
    ours, cert = mapmath.lasso_map(X, y, sigma2, b, return_certificate=True)
    theirs = _sklearn_lasso(X, y, sigma2, b)
    scale = max(1.0, float(np.max(np.abs(theirs))))
    np.testing.assert_allclose(ours, theirs, rtol=0, atol=1e-6 * scale)
    # zero patterns agree on every coordinate that is not within tolerance of the threshold
    lam = cert.lam
    grad = -2 * X.T @ (y - X @ ours)
    clear_zero = (ours == 0.0) & (np.abs(grad) < lam * (1 - 1e-4))
    clear_nonzero = np.abs(ours) > 1e-4 * scale
    assert np.all(theirs[clear_zero] == 0.0)
    assert np.all(theirs[clear_nonzero] != 0.0)


@settings(max_examples=60, deadline=None)
@given(problems, sigma2s, scales)
def test_lasso_certificate_kkt_violation_and_duality_gap_are_tiny(problem, sigma2, b):
    X, y = _problem(*problem)
    w, cert = mapmath.lasso_map(X, y, sigma2, b, return_certificate=True)
    assert cert.converged
    assert cert.relative_kkt_violation <= 1e-10
    assert cert.lam == pytest.approx(2 * sigma2 / b)
    assert mapmath.lasso_kkt_violation(X, y, w, cert.lam) == pytest.approx(cert.kkt_violation)
    assert -1e-9 * max(1.0, cert.objective) <= cert.duality_gap <= 1e-8 * max(1.0, cert.objective)
    assert cert.n_zeros == int(np.sum(w == 0.0))
    rng = np.random.default_rng(problem[0])
    for _ in range(3):
        assert lasso_objective(X, y, w, cert.lam) <= lasso_objective(X, y, w + 1e-4 * rng.normal(size=w.size),
                                                                    cert.lam) + 1e-9


def test_lasso_map_returns_exact_zeros_where_ridge_does_not():
    X, y = _problem(4, 40, 8)
    w = mapmath.lasso_map(X, y, 1.0, 0.05)
    r = mapmath.ridge_map(X, y, 1.0, 2 * 0.05**2)  # a Gaussian prior with the Laplace prior's variance 2b²
    assert np.sum(w == 0.0) >= 1
    assert np.all(r != 0.0)


def test_orthonormal_design_lasso_is_soft_threshold_of_xty_at_sigma2_over_b():
    rng = np.random.default_rng(8)
    Q, _ = np.linalg.qr(rng.normal(size=(20, 6)))
    y = Q @ np.array([3.0, -0.2, 0.1, -2.0, 0.6, 0.0]) + 0.1 * rng.normal(size=20)
    sigma2, b = 1.0, 2.0
    np.testing.assert_allclose(mapmath.lasso_map(Q, y, sigma2, b), mapmath.soft_threshold(Q.T @ y, sigma2 / b),
                               atol=1e-12)


def test_lasso_kkt_violation_flags_a_non_optimal_point():
    X, y = _problem(2, 20, 4)
    w = mapmath.lasso_map(X, y, 1.0, 0.5)
    lam = mapmath.lasso_lambda(1.0, 0.5)
    assert mapmath.lasso_kkt_violation(X, y, w, lam) < 1e-9
    assert mapmath.lasso_kkt_violation(X, y, w + 0.1, lam) > 1e-2
    # λ = 0: the condition is the least-squares normal equations
    ols = np.linalg.lstsq(X, y, rcond=None)[0]
    assert mapmath.lasso_kkt_violation(X, y, ols, 0.0) < 1e-9


def test_lambda_max_2_norm_inf_xty_is_the_smallest_lambda_zeroing_every_weight():
    X, y = _problem(9, 25, 6)
    lam_max = lasso_lambda_max(X, y)
    assert lam_max == pytest.approx(2 * np.max(np.abs(X.T @ y)))
    assert np.all(lasso_solve(X, y, lam_max) == 0.0)
    assert np.any(lasso_solve(X, y, lam_max * (1 - 1e-6)) != 0.0)
    # in prior terms: the largest b with an all-zero MAP is σ²/‖Xᵀy‖∞
    sigma2 = 1.7
    b_max = sigma2 / np.max(np.abs(X.T @ y))
    assert np.all(mapmath.lasso_map(X, y, sigma2, b_max) == 0.0)
    assert np.any(mapmath.lasso_map(X, y, sigma2, b_max * (1 + 1e-6)) != 0.0)
    alpha_max = sklearn_lasso_alpha(sigma2, b_max, X.shape[0])
    assert np.all(Lasso(alpha=alpha_max, fit_intercept=False).fit(X, y).coef_ == 0.0)


def test_sklearn_lasso_with_a_wrong_alpha_convention_disagrees():
    X, y = _problem(12, 30, 5)
    sigma2, b = 1.0, 0.2
    ours = mapmath.lasso_map(X, y, sigma2, b)
    lam = mapmath.lasso_lambda(sigma2, b)
    for wrong in (lam, lam / 30, sigma2 / b / 30 / 2, 2 * sigma2 / (30 * b)):
        coef = Lasso(alpha=wrong, fit_intercept=False, tol=1e-12, max_iter=100_000).fit(X, y).coef_
        assert np.max(np.abs(coef - ours)) > 1e-3


def test_lasso_handles_an_all_zero_column_with_a_zero_weight():
    X, y = _problem(1, 10, 3)
    X[:, 1] = 0.0
    w, cert = mapmath.lasso_map(X, y, 1.0, 1.0, return_certificate=True)
    assert w[1] == 0.0 and cert.converged


# --------------------------------------------------------------------------- 1-D Laplace posterior
def _closed_form_mean(z: float, s2: float, b: float) -> float:
    """Posterior mean as a mixture of two truncated normals (independent of the quadrature)."""
    s = math.sqrt(s2)
    mu_p, mu_m = z - s2 / b, z + s2 / b
    logw_p = (mu_p**2 - z**2) / (2 * s2) + stats.norm.logcdf(mu_p / s)
    logw_m = (mu_m**2 - z**2) / (2 * s2) + stats.norm.logcdf(-mu_m / s)
    mean_p = stats.truncnorm.mean(-mu_p / s, np.inf, loc=mu_p, scale=s)
    mean_m = stats.truncnorm.mean(-np.inf, -mu_m / s, loc=mu_m, scale=s)
    top = max(logw_p, logw_m)
    wp, wm = math.exp(logw_p - top), math.exp(logw_m - top)
    return (wp * mean_p + wm * mean_m) / (wp + wm)


@settings(max_examples=50, deadline=None)
@given(st.floats(-6, 6), st.floats(0.2, 4), st.floats(0.2, 4))
def test_laplace_posterior_mean_by_quadrature_matches_truncated_normal_mixture(z, s2, b):
    post = mapmath.laplace_posterior_1d(z, s2, b)
    assert post.mean == pytest.approx(_closed_form_mean(z, s2, b), abs=1e-8)
    assert post.mode == mapmath.soft_threshold(z, s2 / b)
    assert post.mass_negative + post.mass_positive == pytest.approx(1.0)
    # Simpson's rule on each side of the kink at 0 (the prior's); the trapezoid rule's error,
    # h²/12 · |f'(0±)| per side, exceeds 1e-6 for a sharp prior (z = 0, σ² = 3, b = 0.22: 1.08e-6)
    half = 40 * math.sqrt(s2) + 40 * b
    left, right = np.linspace(min(z - half, -1.0), 0.0, 100_001), np.linspace(0.0, max(z + half, 1.0), 100_001)
    mass = integrate.simpson(post.pdf(left), x=left) + integrate.simpson(post.pdf(right), x=right)
    assert mass == pytest.approx(1.0, rel=1e-6)
    # the correct claim: the mean has the sign of z, and is 0 only when z = 0
    if abs(z) > 1e-6:  # (for |z| ~ 1e-300 the mean underflows to 0 in floating point)
        assert np.sign(post.mean) == np.sign(z)


def test_laplace_posterior_mean_is_exactly_zero_for_symmetric_data_although_both_signs_have_mass():
    post = mapmath.laplace_posterior_1d(0.0, 1.0, 1.0)
    assert abs(post.mean) <= 1e-15
    assert post.mode == 0.0
    assert post.mass_negative == pytest.approx(0.5) and post.mass_positive == pytest.approx(0.5)


def test_laplace_posterior_mode_is_zero_but_mean_is_not_inside_the_threshold():
    post = mapmath.laplace_posterior_1d(1.0, 2.0, 1.0)
    assert post.mode == 0.0
    assert post.mean > 0.1


def test_laplace_posterior_symmetry_and_folded_mean_integrand_by_sympy():
    S = laplace_posterior_symmetry()
    assert sp.simplify(S["reflection"]) == 0
    assert sp.simplify((S["folded"] - S["folded_closed"]).rewrite(sp.exp)) == 0


# --------------------------------------------------------------------------- bad input
X0, y0 = _problem(0, 6, 3)


@pytest.mark.parametrize("args, kwargs, exc, param", [
    ((X0, y0, 0.0, 1.0), {}, ValueError, "sigma2"),
    ((X0, y0, 1.0, -1.0), {}, ValueError, "b"),
    ((X0, y0, 1.0, np.nan), {}, ValueError, "b"),
    ((X0, y0, "a", 1.0), {}, TypeError, "sigma2"),
    ((X0, y0[:5], 1.0, 1.0), {}, ValueError, "y"),
    ((X0.ravel(), y0, 1.0, 1.0), {}, ValueError, "X"),
    ((X0 * np.inf, y0, 1.0, 1.0), {}, ValueError, "X"),
    ((None, y0, 1.0, 1.0), {}, TypeError, "X"),
    ((X0, y0, 1.0, 1.0), {"tol": 0.0}, ValueError, "tol"),
    ((X0, y0, 1.0, 1.0), {"max_iter": -1}, ValueError, "max_iter"),
    ((X0, y0, 1.0, 1.0), {"return_certificate": "yes"}, TypeError, "return_certificate"),
])
def test_lasso_map_rejects_bad_input_naming_the_parameter(args, kwargs, exc, param):
    with pytest.raises(exc, match=param):
        mapmath.lasso_map(*args, **kwargs)


@pytest.mark.parametrize("call, exc, param", [
    (lambda: mapmath.lasso_kkt_violation(X0, y0, np.zeros(2), 1.0), ValueError, "w"),
    (lambda: mapmath.lasso_kkt_violation(X0, y0, np.zeros(3), -1.0), ValueError, "lam"),
    (lambda: lasso_solve(X0, y0, 0.0), ValueError, "lam"),
    (lambda: mapmath.soft_threshold(1.0, -1.0), ValueError, "threshold"),
    (lambda: mapmath.soft_threshold("x", 1.0), TypeError, "z"),
    (lambda: mapmath.laplace_posterior_1d(np.nan, 1.0, 1.0), ValueError, "z"),
    (lambda: mapmath.laplace_posterior_1d(0.0, 1.0, 0.0), ValueError, "b"),
    (lambda: sklearn_lasso_alpha(1.0, 1.0, 0), ValueError, "n_samples"),
    (lambda: sklearn_lasso_alpha(1.0, 1.0, 2.5), TypeError, "n_samples"),
    (lambda: sklearn_lasso_alpha(1.0, 0.0, 3), ValueError, "b"),
])
def test_lasso_helpers_reject_bad_input_naming_the_parameter(call, exc, param):
    with pytest.raises(exc, match=param):
        call()


@pytest.mark.parametrize(("z", "s2", "b"), [(0.0, 1.0, 1.0), (1.0, 2.0, 1.0), (-3.5, 0.3, 0.05), (40.0, 1.0, 0.01)])
def test_laplace_posterior_1d_core_matches_public(z, s2, b):
    """The unchecked core that laplace_posterior_2d's quadrature calls returns exactly the public
    function's numbers (it is the same code without the argument checks)."""
    from mapmath.lasso import _laplace_posterior_1d_values

    post = mapmath.laplace_posterior_1d(z, s2, b)
    assert _laplace_posterior_1d_values(z, s2, b) == (
        post.mode, post.mean, post.variance, post.mass_negative, post.mass_positive, post.log_normalizer,
    )
