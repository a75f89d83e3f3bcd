"""Ridge regression is MAP under a Gaussian prior: symbolic derivation, solver, scikit-learn mapping."""

from __future__ import annotations

import numpy as np
import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.linear_model import Ridge

import mapmath
from mapmath.ridge import (
    completed_square_gap,
    derive_ridge_map,
    least_squares,
    matrix_identity_holds,
    ridge_concrete,
    ridge_objective,
    ridge_path,
    ridge_path_zeros,
    ridge_posterior,
    squared_error_surface,
)
from mapmath.sklearn_mapping import sklearn_ridge_alpha


def _problem(seed: int, n: int, d: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, d))
    w = rng.normal(size=d)
    y = X @ w + rng.normal(scale=0.5, size=n)
    return X, y


problems = st.tuples(st.integers(0, 2**32 - 1), st.integers(1, 12), st.integers(1, 20))
variances = st.floats(0.05, 20.0)


# --------------------------------------------------------------------------- symbolic derivation
@pytest.fixture(scope="module")
def derivation():
    return derive_ridge_map()


def test_ridge_neg_log_posterior_times_2sigma2_is_ridge_objective_with_lambda_sigma2_over_tau2(derivation):
    D = derivation
    assert D.lam_value == D.sigma2 / D.tau2
    assert matrix_identity_holds(2 * D.sigma2 * D.neg_log_posterior, D.objective.subs(D.lam, D.lam_value))
    # a wrong λ is rejected, so the check has teeth
    assert not matrix_identity_holds(2 * D.sigma2 * D.neg_log_posterior,
                                     D.objective.subs(D.lam, 2 * D.lam_value))


def test_ridge_gradient_is_H_w_plus_g0_and_hessian_is_H(derivation):
    D = derivation
    assert matrix_identity_holds(D.gradient_diff, D.gradient)
    assert matrix_identity_holds(D.hessian, D.H)
    assert not matrix_identity_holds(D.gradient_diff, D.H * D.w)


def test_ridge_stationary_point_minus_Hinv_g0_is_closed_form(derivation):
    assert matrix_identity_holds(derivation.solution, derivation.closed_form)


def test_ridge_hessian_quadratic_form_is_sum_of_squares_so_positive_definite(derivation):
    D = derivation
    v = sp.MatrixSymbol("v", D.w.shape[0], 1)
    quad = v.T * D.H * v
    assert matrix_identity_holds(quad, 2 * (D.X * v).T * (D.X * v) + 2 * D.lam * v.T * v)


def test_push_through_identity_behind_the_dual_form(derivation):
    D = derivation
    n, d = D.X.shape
    lhs = D.X.T * (D.X * D.X.T + D.lam * sp.Identity(n))
    rhs = (D.X.T * D.X + D.lam * sp.Identity(d)) * D.X.T
    assert matrix_identity_holds(lhs, rhs)


@pytest.mark.parametrize("n, d", [(3, 2), (2, 2), (1, 2)])
def test_ridge_concrete_stationary_solve_equals_closed_form_exactly(n, d):
    C = ridge_concrete(n, d)
    assert sp.simplify(C.stationary_point - C.closed_form) == sp.zeros(d, 1)
    assert sp.simplify(C.hessian - 2 * (C.X.T * C.X + C.sigma2 / C.tau2 * sp.eye(d))) == sp.zeros(d, d)


def test_ridge_concrete_neg_log_posterior_is_objective_over_2sigma2_plus_constant():
    C = ridge_concrete(3, 2)
    rest = sp.expand(2 * C.sigma2 * C.neg_log_posterior - C.objective)
    assert rest.free_symbols <= {C.sigma2, C.tau2}


def test_ridge_concrete_posterior_is_gaussian_centred_at_map():
    C = ridge_concrete(2, 2)
    assert completed_square_gap(C) == sp.zeros(2, 1)


# sizes out of range (n = 0, d = 3, ...): tests/test_common_battery.py; (3, 3): tests/test_numerics.py


# --------------------------------------------------------------------------- numerics
@settings(max_examples=80, deadline=None)
@given(problems, variances, variances)
def test_ridge_map_equals_sklearn_ridge_with_alpha_sigma2_over_tau2(problem, sigma2, tau2):
    X, y = _problem(*problem)
    ours = mapmath.ridge_map(X, y, sigma2, tau2)
    alpha = sklearn_ridge_alpha(sigma2, tau2)
    theirs = Ridge(alpha=alpha, fit_intercept=False, solver="cholesky").fit(X, y).coef_
    scale = max(1.0, float(np.max(np.abs(theirs))))
    np.testing.assert_allclose(ours, theirs, rtol=0, atol=1e-6 * scale)


@settings(max_examples=60, deadline=None)
@given(problems, variances, variances)
def test_ridge_map_equals_closed_form_and_gaussian_posterior_mean(problem, sigma2, tau2):
    X, y = _problem(*problem)
    d = X.shape[1]
    ours = mapmath.ridge_map(X, y, sigma2, tau2)
    closed = np.linalg.inv(X.T @ X + sigma2 / tau2 * np.eye(d)) @ X.T @ y
    post = ridge_posterior(X, y, sigma2, tau2)
    scale = max(1.0, float(np.max(np.abs(closed))))
    np.testing.assert_allclose(ours, closed, rtol=0, atol=1e-8 * scale)
    np.testing.assert_allclose(post.mean, ours, rtol=0, atol=1e-8 * scale)
    np.testing.assert_allclose(post.covariance @ post.precision, np.eye(d), atol=1e-8)


@settings(max_examples=40, deadline=None)
@given(problems, variances, variances)
def test_ridge_map_zeroes_the_gradient_of_the_ridge_objective(problem, sigma2, tau2):
    X, y = _problem(*problem)
    w = mapmath.ridge_map(X, y, sigma2, tau2)
    lam = mapmath.ridge_lambda(sigma2, tau2)
    grad = 2 * (X.T @ X @ w - X.T @ y) + 2 * lam * w
    assert np.max(np.abs(grad)) <= 1e-8 * max(1.0, float(np.max(np.abs(X.T @ y))))
    rng = np.random.default_rng(problem[0])
    for _ in range(3):
        assert ridge_objective(X, y, w, lam) <= ridge_objective(X, y, w + 1e-3 * rng.normal(size=w.size), lam)


def test_sklearn_ridge_with_a_wrong_alpha_convention_disagrees():
    X, y = _problem(3, 20, 4)
    ours = mapmath.ridge_map(X, y, 2.0, 0.5)
    halved = Ridge(alpha=sklearn_ridge_alpha(2.0, 0.5) / 2, fit_intercept=False).fit(X, y).coef_
    per_sample = Ridge(alpha=sklearn_ridge_alpha(2.0, 0.5) / 20, fit_intercept=False).fit(X, y).coef_
    assert np.max(np.abs(ours - halved)) > 1e-3
    assert np.max(np.abs(ours - per_sample)) > 1e-3


def test_ridge_map_tends_to_least_squares_as_prior_variance_grows():
    X, y = _problem(7, 30, 5)
    path = ridge_path(X, y, 1.0, np.logspace(-3, 8, 12))
    ols = least_squares(X, y)
    np.testing.assert_allclose(path[-1], ols, atol=1e-6)
    # shrinkage: the norm of the estimate grows with τ²
    assert np.all(np.diff(np.linalg.norm(path, axis=1)) > 0)


def test_ridge_map_dual_form_when_d_exceeds_n_matches_primal():
    X, y = _problem(11, 4, 9)
    lam = 0.7
    primal = np.linalg.solve(X.T @ X + lam * np.eye(9), X.T @ y)
    np.testing.assert_allclose(mapmath.ridge_map(X, y, 0.7, 1.0), primal, atol=1e-10)


def test_squared_error_surface_equals_direct_residual_sum_of_squares():
    X, y = _problem(5, 10, 2)
    w1, w2 = np.meshgrid(np.linspace(-2, 2, 4), np.linspace(-1, 3, 5))
    surf = squared_error_surface(X, y, w1, w2)
    direct = np.array([[np.sum((y - X @ np.array([a, b])) ** 2) for a, b in zip(r1, r2, strict=True)]
                       for r1, r2 in zip(w1, w2, strict=True)])
    np.testing.assert_allclose(surf, direct, rtol=1e-12)


# --------------------------------------------------------------------------- zeros along the path
def _correlated_problem() -> tuple[np.ndarray, np.ndarray]:
    """Two features with correlation 0.9 and y = 2x1 - 0.5x2 + noise: x2's least-squares weight is
    negative although x2 is positively correlated with y."""
    rng = np.random.default_rng(3)
    x1 = rng.normal(size=200)
    x2 = 0.9 * x1 + np.sqrt(1 - 0.9**2) * rng.normal(size=200)
    X = np.column_stack([x1, x2])
    return X, 2 * x1 - 0.5 * x2 + 0.3 * rng.normal(size=200)


def test_ridge_path_changes_sign_with_correlated_features_but_is_zero_at_one_point_only():
    X, y = _correlated_problem()
    ols = least_squares(X, y)
    # small τ²: ŵ ≈ (τ²/σ²) Xᵀy; large τ²: ŵ → least squares; the signs disagree for w2
    assert ols[1] < 0 < (X.T @ y)[1]
    path = ridge_path(X, y, 1.0, np.logspace(-4, 4, 81))
    assert np.sign(path[0, 1]) != np.sign(path[-1, 1])
    zeros = ridge_path_zeros(X, y, 1.0)
    assert zeros.tau2[0].size == 0 and zeros.tau2[1].size == 1 and not zeros.always_zero.any()
    t0 = float(zeros.tau2[1][0])
    assert abs(mapmath.ridge_map(X, y, 1.0, t0)[1]) < 1e-12 * np.linalg.norm(ols)
    # not held at zero: just either side the coefficient is nonzero, with opposite signs
    below, above = (mapmath.ridge_map(X, y, 1.0, t0 * f)[1] for f in (1 - 1e-3, 1 + 1e-3))
    assert below > 0 > above


@settings(max_examples=40, deadline=None)
@given(problem=problems, sigma2=variances)
def test_ridge_path_zeros_are_zeros_and_match_the_sign_changes_on_a_fine_grid(problem, sigma2):
    seed, n, d = problem
    X, y = _problem(seed, n, min(d, 6))
    zeros = ridge_path_zeros(X, y, sigma2)
    scale = np.linalg.norm(mapmath.ridge_map(X, y, sigma2, 1e8)) + 1e-300
    for j, taus in enumerate(zeros.tau2):
        for t in taus:
            assert abs(mapmath.ridge_map(X, y, sigma2, float(t))[j]) <= 1e-7 * scale
    # every sign change on a fine grid is bracketing one of the reported zeros
    grid = np.logspace(-6, 8, 400)
    path = ridge_path(X, y, sigma2, grid)
    for j in range(X.shape[1]):
        flips = np.flatnonzero(np.sign(path[:-1, j]) * np.sign(path[1:, j]) < 0)
        for i in flips:
            assert np.any((zeros.tau2[j] >= grid[i]) & (zeros.tau2[j] <= grid[i + 1]))


def test_ridge_path_zeros_flags_a_coefficient_that_is_zero_for_every_prior_variance():
    X = np.array([[1.0, 0.0], [0.0, 1.0], [0.0, 0.0]])      # orthogonal design
    y = np.array([2.0, 0.0, 1.0])                           # x2ᵀy = 0
    zeros = ridge_path_zeros(X, y, 1.0)
    assert zeros.always_zero.tolist() == [False, True]
    assert np.all(ridge_path(X, y, 1.0, np.logspace(-3, 3, 7))[:, 1] == 0.0)


# --------------------------------------------------------------------------- bad input
X0, y0 = _problem(0, 5, 2)


@pytest.mark.parametrize("args, exc, param", [
    ((X0, y0, 0.0, 1.0), ValueError, "sigma2"),
    ((X0, y0, -1.0, 1.0), ValueError, "sigma2"),
    ((X0, y0, 1.0, 0.0), ValueError, "tau2"),
    ((X0, y0, 1.0, np.inf), ValueError, "tau2"),
    ((X0, y0, np.nan, 1.0), ValueError, "sigma2"),
    ((X0, y0, "1", 1.0), TypeError, "sigma2"),
    ((X0, y0, True, 1.0), TypeError, "sigma2"),
    ((X0, y0[:4], 1.0, 1.0), ValueError, "y"),
    ((X0[:, 0], y0, 1.0, 1.0), ValueError, "X"),
    ((np.where(X0 > 0, np.nan, X0), y0, 1.0, 1.0), ValueError, "X"),
    ((X0, np.full(5, np.inf), 1.0, 1.0), ValueError, "y"),
    (("abc", y0, 1.0, 1.0), TypeError, "X"),
    ((X0.astype(str), y0, 1.0, 1.0), TypeError, "X"),
])
def test_ridge_map_rejects_bad_input_naming_the_parameter(args, exc, param):
    with pytest.raises(exc, match=param):
        mapmath.ridge_map(*args)


@pytest.mark.parametrize("call, exc, param", [
    (lambda: sklearn_ridge_alpha(0, 1), ValueError, "sigma2"),
    (lambda: sklearn_ridge_alpha(1, -2), ValueError, "tau2"),
    (lambda: ridge_posterior(X0, y0, 1.0, 0), ValueError, "tau2"),
    (lambda: ridge_objective(X0, y0, np.zeros(3), 1.0), ValueError, "w"),
    (lambda: ridge_objective(X0, y0, np.zeros(2), -1.0), ValueError, "lam"),
    (lambda: ridge_path(X0, y0, 1.0, [1.0, -1.0]), ValueError, "tau2_grid"),
    (lambda: ridge_path_zeros(X0, y0, 0.0), ValueError, "sigma2"),
    (lambda: ridge_path_zeros(X0, y0[:3], 1.0), ValueError, "y"),
    (lambda: squared_error_surface(_problem(0, 5, 3)[0], y0, 0.0, 0.0), ValueError, "X"),
])
def test_ridge_helpers_reject_bad_input_naming_the_parameter(call, exc, param):
    with pytest.raises(exc, match=param):
        call()


def test_matrix_identity_holds_disproves_at_a_rational_point_never_an_identity():
    """A difference left after ``expand`` is first evaluated exactly at one rational point (a fast
    "no"); an identity that ``expand`` leaves standing (sin² + cos² = 1, a removable pole at the
    point itself) is never called nonzero there, so only SymPy's ``simplify`` decides it."""
    from mapmath.ridge import _nonzero_somewhere

    n = sp.Symbol("n", integer=True, positive=True)
    x = sp.Symbol("x", positive=True)  # set to 2/3 at the point
    A = sp.MatrixSymbol("A", n, n)
    trig = sp.sin(x) ** 2 + sp.cos(x) ** 2
    pole = (x**2 - sp.Rational(4, 9)) / (x - sp.Rational(2, 3))  # x + 2/3, undefined at 2/3
    assert not _nonzero_somewhere(sp.expand(trig * A - A))
    assert not _nonzero_somewhere(sp.expand(pole * A - (x + sp.Rational(2, 3)) * A))
    assert _nonzero_somewhere(sp.expand(trig * A - 2 * A))
    assert not matrix_identity_holds(trig * A, 2 * A)
    assert matrix_identity_holds(A * (x + 1), A + x * A)
