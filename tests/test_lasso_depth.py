"""The lasso in depth: the path and its knots, non-unique solutions, intercepts and scaling, the
two-coordinate posterior mean, and what sparsity priors say; each against an independent computation
(scikit-learn, SciPy quadrature, Monte Carlo, SymPy)."""

from __future__ import annotations

import math

import numpy as np
import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import integrate, stats
from sklearn.datasets import load_diabetes
from sklearn.linear_model import Lasso, lars_path
from sklearn.linear_model import lasso_path as sk_lasso_path

import mapmath
from mapmath.lasso import (
    derive_flat_intercept_profile,
    laplace_posterior_1d,
    laplace_posterior_2d,
    lasso_kkt_violation,
    lasso_map_with_intercept,
    lasso_objective,
    lasso_solve,
)
from mapmath.lasso_path import covariance_df, lars_alpha_to_b, lars_alpha_to_lambda, lasso_path
from mapmath.lasso_uniqueness import (
    derive_duplicate_column_invariance,
    derive_fit_uniqueness,
    duplicate_column_segment,
)
from mapmath.sklearn_mapping import sklearn_lasso_alpha
from mapmath.sparse_priors import derive_laplace_tail, laplace_log_tail, spike_and_slab_1d


def _problem(seed: int, n: int, d: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, d))
    w = rng.normal(scale=2.0, size=d) * (rng.random(d) < 0.5)
    return X, X @ w + rng.normal(scale=0.5, size=n)


def _diabetes() -> tuple[np.ndarray, np.ndarray]:
    X, y = load_diabetes(return_X_y=True)
    return X, y - y.mean()


# --------------------------------------------------------------------------- the lasso path
def test_lasso_path_knots_and_coefficients_equal_sklearn_lars_path_with_lambda_2n_alpha_on_diabetes():
    X, y = _diabetes()
    n = X.shape[0]
    path = lasso_path(X, y)
    alphas, _, coefs = lars_path(X, y, method="lasso")
    np.testing.assert_allclose(path.lams, 2 * n * alphas, rtol=1e-10, atol=1e-9)
    np.testing.assert_allclose(path.coefs, coefs.T, rtol=0, atol=1e-8)
    assert [lars_alpha_to_lambda(a, n) for a in alphas] == pytest.approx(list(path.lams), rel=1e-10, abs=1e-9)
    # the diabetes path: ten joins, one variable (s3) leaves and joins again
    kinds = [kind for kind, _ in path.events]
    assert kinds.count("join") == 11 and kinds.count("leave") == 1
    assert path.events[0] == ("join", 2)  # bmi first (Efron et al. 2004)


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 2**32 - 1), st.integers(12, 40), st.integers(1, 8))
def test_lasso_path_matches_lars_path_and_coordinate_descent_on_random_problems(seed, n, d):
    X, y = _problem(seed, n, d)
    path = lasso_path(X, y)
    alphas, _, coefs = lars_path(X, y, method="lasso")
    np.testing.assert_allclose(path.lams, lars_alpha_to_lambda(1.0, n) * alphas, rtol=1e-8, atol=1e-8)
    scale = max(1.0, float(np.max(np.abs(coefs))))
    np.testing.assert_allclose(path.coefs, coefs.T, rtol=0, atol=1e-7 * scale)
    # between knots: coordinate descent (an independent solver) agrees with the linear interpolation
    lams = path.lams
    for lam in np.sqrt(lams[:-1] * np.maximum(lams[1:], lams[:-1] * 1e-3)):
        if lam <= 0:
            continue
        w = lasso_solve(X, y, float(lam))
        np.testing.assert_allclose(path.at(float(lam)), w, rtol=0, atol=1e-7 * scale)
        assert lasso_kkt_violation(X, y, path.at(float(lam)), float(lam)) <= 1e-8 * max(1.0, float(lam))


def test_lasso_path_at_matches_sklearn_coordinate_descent_lasso_path_on_a_grid():
    X, y = _diabetes()
    n = X.shape[0]
    path = lasso_path(X, y)
    alphas = np.geomspace(path.lams[0] / (2 * n) * 0.999, 0.01, 25)
    _, coefs, _ = sk_lasso_path(X, y, alphas=alphas, tol=1e-14, max_iter=1_000_000)
    ours = np.array([path.at(2 * n * a) for a in alphas])
    np.testing.assert_allclose(ours, coefs.T, rtol=0, atol=1e-5)


def test_lasso_path_is_zero_above_lambda_max_and_least_squares_at_zero():
    X, y = _problem(3, 30, 5)
    path = lasso_path(X, y)
    assert path.lams[0] == pytest.approx(mapmath.lasso.lasso_lambda_max(X, y))
    assert np.all(path.at(path.lams[0] * 2) == 0.0)
    np.testing.assert_allclose(path.at(0.0), np.linalg.lstsq(X, y, rcond=None)[0], atol=1e-10)
    assert path.n_nonzero()[0] == 0


def test_lasso_path_stops_at_lam_min_with_the_lasso_solution_there():
    X, y = _diabetes()
    path = lasso_path(X, y, lam_min=100.0)
    assert path.lams[-1] == 100.0
    np.testing.assert_allclose(path.coefs[-1], lasso_solve(X, y, 100.0), atol=1e-8)
    above = lasso_path(X, y, lam_min=1e5)  # beyond λ_max: the zero vector only
    assert above.events == () and np.all(above.coefs == 0.0)


def test_lasso_path_b_knots_are_2_sigma2_over_lambda_and_the_lars_alpha_maps_to_b():
    X, y = _diabetes()
    n = X.shape[0]
    sigma2 = 2900.0
    path = lasso_path(X, y)
    alphas, _, _ = lars_path(X, y, method="lasso")
    np.testing.assert_allclose(path.b_knots(sigma2), [lars_alpha_to_b(a, sigma2, n) for a in alphas[:-1]],
                               rtol=1e-9)
    # the MAP at that b is scikit-learn's path point, and Lasso at alpha = sigma2/(n b) agrees
    for k in (2, 5):
        b = lars_alpha_to_b(alphas[k], sigma2, n)
        w = mapmath.lasso_map(X, y, sigma2, b)
        np.testing.assert_allclose(w, path.coefs[k], atol=1e-7)
        assert sklearn_lasso_alpha(sigma2, b, n) == pytest.approx(alphas[k], rel=1e-12)


def test_lars_alpha_mappings_validate_their_arguments():
    with pytest.raises(ValueError, match="alpha"):
        lars_alpha_to_b(0.0, 1.0, 10)
    with pytest.raises(ValueError, match="alpha"):
        lars_alpha_to_lambda(-1.0, 10)
    with pytest.raises(TypeError, match="n_samples"):
        lars_alpha_to_lambda(1.0, 2.5)
    with pytest.raises(ValueError, match="sigma2"):
        lars_alpha_to_b(1.0, -1.0, 10)


def test_lasso_path_refuses_collinear_columns_and_bad_arguments():
    X, y = _problem(1, 20, 3)
    with pytest.raises(ValueError, match="linearly independent"):
        lasso_path(np.column_stack([X, X[:, 0]]), y)
    with pytest.raises(ValueError, match="lam_min"):
        lasso_path(X, y, lam_min=-1.0)
    with pytest.raises(ValueError, match="lam"):
        lasso_path(X, y, lam_min=1.0).at(0.5)


# --------------------------------------------------------------------------- degrees of freedom
def test_covariance_df_recovers_the_trace_of_the_ridge_hat_matrix():
    X, _ = _problem(5, 40, 6)
    mu = X @ np.arange(1.0, 7.0)
    sigma2, tau2 = 2.0, 0.05
    lam = sigma2 / tau2
    exact = float(np.trace(X @ np.linalg.solve(X.T @ X + lam * np.eye(6), X.T)))
    mc = covariance_df(X, mu, sigma2, lambda X_, y_: mapmath.ridge_map(X_, y_, sigma2, tau2), n_rep=3000, seed=4)
    assert abs(mc.df - exact) < 4 * mc.df_se
    assert mc.mean_nonzero == 6 and mc.nonzero_se == 0.0


def test_number_of_nonzeros_is_unbiased_for_the_lasso_degrees_of_freedom_zou_hastie_tibshirani(quick_tier):
    X, y = _diabetes()
    mu = X @ np.linalg.lstsq(X, y, rcond=None)[0]
    sigma2 = 2900.0
    share = 4 if quick_tier else 1  # the quick tier simulates a quarter of the data sets
    for lam in (300.0, 60.0):
        mc = covariance_df(X, mu, sigma2, lambda X_, y_, lam=lam: lasso_path(X_, y_, lam_min=lam).coefs[-1],
                           n_rep=1500 // share, seed=int(lam))
        assert abs(mc.df - mc.mean_nonzero) < 4 * math.hypot(mc.df_se, mc.nonzero_se)
    # least squares: df = p exactly
    mc_ls = covariance_df(X, mu, sigma2, lambda X_, y_: np.linalg.lstsq(X_, y_, rcond=None)[0],
                          n_rep=800 // share, seed=1)
    assert abs(mc_ls.df - X.shape[1]) < 4 * mc_ls.df_se


def test_covariance_df_validates_its_arguments():
    X, y = _problem(1, 10, 2)
    with pytest.raises(TypeError, match="estimator"):
        covariance_df(X, y, 1.0, "not callable")
    with pytest.raises(ValueError, match="mean"):
        covariance_df(X, y[:3], 1.0, lambda X_, y_: np.zeros(2))
    with pytest.raises(ValueError, match="estimator"):
        covariance_df(X, y, 1.0, lambda X_, y_: np.zeros(3), n_rep=2)


# --------------------------------------------------------------------------- many solutions
def test_fit_uniqueness_midpoint_gap_is_a_quarter_squared_distance_and_hessian_is_2I():
    F = derive_fit_uniqueness(4)
    assert sp.expand(F.midpoint_gap - F.quarter_distance) == 0
    assert F.hessian == 2 * sp.eye(4)


def test_duplicate_column_objective_is_constant_on_same_sign_splits_by_sympy():
    D = derive_duplicate_column_invariance(3)
    assert D.split_difference == 0 and D.swapped_difference == 0
    d = sp.Symbol("d", positive=True)
    assert sp.simplify(D.opposite_sign_excess - 2 * D.lam * d) == 0
    # numerically at random points, against a direct evaluation of the objective
    rng = np.random.default_rng(0)
    x, y = rng.normal(size=3), rng.normal(size=3)
    subs = {**dict(zip(D.x, x, strict=True)), **dict(zip(D.y, y, strict=True)), D.lam: 0.7}
    f = sp.lambdify((D.w1, D.w2), D.objective.subs(subs))
    X = np.column_stack([x, x])
    for w1, w2 in [(0.3, 0.9), (-1.2, 0.4), (0.0, -2.0)]:
        assert f(w1, w2) == pytest.approx(lasso_objective(X, y, [w1, w2], 0.7), rel=1e-12)


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 2**32 - 1), st.integers(8, 30), st.integers(2, 6), st.floats(0.05, 2.0))
def test_every_point_of_the_duplicate_column_segment_is_a_lasso_minimizer_with_the_same_fit(seed, n, d, b):
    X, y = _problem(seed, n, d)
    Xd = np.column_stack([X, X[:, 1]])
    w = mapmath.lasso_map(Xd, y, 1.0, b)
    lam = mapmath.lasso_lambda(1.0, b)
    seg = duplicate_column_segment(Xd, w, 1, d, np.linspace(0, 1, 7))
    values = [lasso_objective(Xd, y, v, lam) for v in seg]
    assert max(values) - min(values) <= 1e-10 * max(1.0, values[0])
    scale = max(lam, 2 * float(np.max(np.abs(Xd.T @ y))))
    assert max(lasso_kkt_violation(Xd, y, v, lam) for v in seg) <= 1e-8 * scale
    fits = np.array([Xd @ v for v in seg])
    assert np.max(np.ptp(fits, axis=0)) <= 1e-10 * max(1.0, float(np.max(np.abs(fits))))


def test_lasso_map_puts_the_whole_total_on_the_lower_indexed_copy_wherever_the_copies_sit():
    X, y = _problem(11, 30, 4)
    base = mapmath.lasso_map(X, y, 1.0, 0.3)
    j0 = int(np.argmax(np.abs(base)))
    assert base[j0] != 0.0
    for pos in range(5):  # insert a copy of column j0 at every position
        Xd = np.insert(X, pos, X[:, j0], axis=1)
        w = mapmath.lasso_map(Xd, y, 1.0, 0.3)
        original = j0 + 1 if pos <= j0 else j0
        lo, hi = min(pos, original), max(pos, original)
        expected = np.insert(base, pos, 0.0)
        expected[original], expected[lo] = 0.0, base[j0]
        assert w[hi] == 0.0
        np.testing.assert_allclose(w, expected, rtol=1e-9, atol=1e-12)


def test_sklearn_lasso_in_random_order_lands_elsewhere_on_the_segment_with_the_same_fit():
    X, y = _problem(2, 40, 8)
    j0 = int(np.argmax(np.abs(mapmath.lasso_map(X, y, 1.0, 0.5))))
    Xd = np.column_stack([X, X[:, j0]])
    ours = mapmath.lasso_map(Xd, y, 1.0, 0.5)
    assert ours[j0] != 0.0 and ours[8] == 0.0
    alpha = sklearn_lasso_alpha(1.0, 0.5, 40)
    found_inside = False
    for seed in range(6):
        coef = Lasso(alpha=alpha, fit_intercept=False, tol=1e-14, max_iter=1_000_000, selection="random",
                     random_state=seed).fit(Xd, y).coef_
        np.testing.assert_allclose(Xd @ coef, Xd @ ours, atol=1e-6)
        assert np.abs(coef).sum() == pytest.approx(np.abs(ours).sum(), abs=1e-6)
        found_inside |= min(abs(coef[j0]), abs(coef[8])) > 1e-2
    assert found_inside


def test_duplicate_column_segment_validates_its_arguments():
    X, _ = _problem(1, 10, 3)
    Xd = np.column_stack([X, X[:, 0]])
    w = np.array([1.0, 0.0, 0.0, 0.5])
    with pytest.raises(ValueError, match="identical"):
        duplicate_column_segment(Xd, w, 0, 1, [0.5])
    with pytest.raises(ValueError, match="different"):
        duplicate_column_segment(Xd, w, 0, 0, [0.5])
    with pytest.raises(ValueError, match="opposite signs"):
        duplicate_column_segment(Xd, [1.0, 0.0, 0.0, -0.5], 0, 3, [0.5])
    with pytest.raises(ValueError, match=r"\[0, 1\]"):
        duplicate_column_segment(Xd, w, 0, 3, [1.5])
    out = duplicate_column_segment(Xd, w, 0, 3, 0.25)
    np.testing.assert_allclose(out, [[0.375, 0.0, 0.0, 1.125]])


# --------------------------------------------------------------------------- intercepts and scaling
def test_flat_intercept_profile_completes_the_square_by_sympy():
    F = derive_flat_intercept_profile(3, 2)
    assert F.completed_square_gap == 0
    ybar = sum(F.y) / 3
    xbar = [sum(F.X[:, j]) / 3 for j in range(2)]
    assert sp.simplify(F.intercept_hat - (ybar - xbar[0] * F.w[0] - xbar[1] * F.w[1])) == 0


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 2**32 - 1), st.integers(8, 30), st.integers(1, 6), st.floats(0.05, 2.0))
def test_lasso_with_a_flat_prior_on_the_intercept_equals_sklearn_fit_intercept_true(seed, n, d, b):
    X, y = _problem(seed, n, d)
    rng = np.random.default_rng(seed + 1)
    X = X + rng.normal(scale=3.0, size=d)
    y = y + 5.0
    b0, w = lasso_map_with_intercept(X, y, 1.3, b)
    sk = Lasso(alpha=sklearn_lasso_alpha(1.3, b, n), fit_intercept=True, tol=1e-13, max_iter=1_000_000).fit(X, y)
    scale = max(1.0, float(np.max(np.abs(sk.coef_))), abs(sk.intercept_))
    np.testing.assert_allclose(w, sk.coef_, atol=1e-6 * scale)
    assert b0 == pytest.approx(sk.intercept_, abs=1e-6 * scale)


def test_the_intercept_is_integrated_out_with_a_w_free_factor_sqrt_2_pi_sigma2_over_n():
    # ∫ exp(-‖y - β0 1 - Xw‖²/(2σ²)) dβ0 = sqrt(2πσ²/n) exp(-‖y_c - X_c w‖²/(2σ²)), by quadrature
    X, y = _problem(7, 12, 2)
    y = y + 3.0
    sigma2 = 0.8
    Xc, yc = X - X.mean(axis=0), y - y.mean()
    for w in ([0.1, -0.3], [1.0, 2.0]):
        r = y - X @ np.asarray(w)
        value = integrate.quad(lambda b0, r=r: math.exp(-np.sum((r - b0) ** 2) / (2 * sigma2)), -50, 50,
                               points=[float(r.mean())])[0]
        rc = yc - Xc @ np.asarray(w)
        expected = math.sqrt(2 * math.pi * sigma2 / 12) * math.exp(-(rc @ rc) / (2 * sigma2))
        assert value == pytest.approx(expected, rel=1e-9)


def test_sklearn_lasso_alpha_scales_as_one_over_n_for_a_fixed_prior_on_repeated_data():
    X, y = _problem(4, 25, 5)
    sigma2, b = 1.0, 0.2
    alpha = sklearn_lasso_alpha(sigma2, b, 25)
    for k in (2, 4):
        Xk, yk = np.tile(X, (k, 1)), np.tile(y, k)
        same_prior = mapmath.lasso_map(Xk, yk, sigma2, b)
        sk_k = Lasso(alpha=alpha / k, fit_intercept=False, tol=1e-13, max_iter=1_000_000).fit(Xk, yk).coef_
        np.testing.assert_allclose(sk_k, same_prior, atol=1e-7)
        # the old alpha on repeated data is the old fit = the repeated data under a prior k times tighter
        sk_old = Lasso(alpha=alpha, fit_intercept=False, tol=1e-13, max_iter=1_000_000).fit(Xk, yk).coef_
        np.testing.assert_allclose(sk_old, mapmath.lasso_map(X, y, sigma2, b), atol=1e-7)
        np.testing.assert_allclose(sk_old, mapmath.lasso_map(Xk, yk, sigma2, b / k), atol=1e-7)
        assert np.max(np.abs(same_prior - sk_old)) > 1e-3


# --------------------------------------------------------------------------- two correlated coordinates
def _chapter_2d(t: float = 0.0) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(20260304)
    X = rng.normal(size=(40, 2))
    X[:, 1] = 0.6 * X[:, 0] + 0.8 * X[:, 1]
    y = X @ np.array([2.0, 0.4]) + rng.normal(size=40)
    return X, y + t * X[:, 1]


def _dblquad_mean(X, y, sigma2, b, shift, half_width=6.0):
    G, c = X.T @ X, X.T @ y

    def dens(v, u):
        q = G[0, 0] * u * u + 2 * G[0, 1] * u * v + G[1, 1] * v * v - 2 * c[0] * u - 2 * c[1] * v
        return math.exp(-q / (2 * sigma2) - (abs(u) + abs(v)) / b - shift)

    boxes = [((lo1, hi1), (lo2, hi2)) for lo1, hi1 in [(-half_width, 0), (0, half_width)]
             for lo2, hi2 in [(-half_width, 0), (0, half_width)]]
    mass = sum(integrate.dblquad(dens, *q1, *q2, epsabs=1e-13, epsrel=1e-10)[0] for q1, q2 in boxes)
    m1 = sum(integrate.dblquad(lambda v, u: u * dens(v, u), *q1, *q2, epsabs=1e-13, epsrel=1e-10)[0]
             for q1, q2 in boxes)
    m2 = sum(integrate.dblquad(lambda v, u: v * dens(v, u), *q1, *q2, epsabs=1e-13, epsrel=1e-10)[0]
             for q1, q2 in boxes)
    return mass, np.array([m1, m2]) / mass


@pytest.mark.parametrize("t, b", [(0.0, 0.05), (-1.0, 0.2), (-2.0, 1.0)])
def test_two_coordinate_posterior_mean_equals_2d_quadrature(t, b):
    X, y = _chapter_2d(t)
    post = laplace_posterior_2d(X, y, 1.0, b)
    mass, mean = _dblquad_mean(X, y, 1.0, b, post.log_normalizer)
    assert mass == pytest.approx(1.0, rel=1e-8)  # the log normalizer is right too
    np.testing.assert_allclose(post.mean, mean, rtol=1e-7, atol=1e-10)


def test_two_coordinate_posterior_mean_equals_importance_sampling_with_a_fixed_seed():
    # proposal N(mode, σ²G⁻¹): weights exp((sᵀw - ‖w‖₁)/b) <= 1 with s the subgradient at the mode
    X, y = _chapter_2d(-1.242)
    sigma2, b = 1.0, 0.05
    post = laplace_posterior_2d(X, y, sigma2, b)
    G = X.T @ X
    rng = np.random.default_rng(12)
    L = np.linalg.cholesky(sigma2 * np.linalg.inv(G))
    draws = post.mode + rng.standard_normal((400_000, 2)) @ L.T
    log_target = -np.sum((y[None, :] - draws @ X.T) ** 2, axis=1) / (2 * sigma2) - np.abs(draws).sum(axis=1) / b
    log_prop = -0.5 * np.sum(((draws - post.mode) @ np.linalg.inv(L).T) ** 2, axis=1)
    lw = log_target - log_prop
    wts = np.exp(lw - lw.max())
    wts /= wts.sum()
    mean = wts @ draws
    se = np.sqrt(np.sum(wts[:, None] ** 2 * (draws - mean) ** 2, axis=0))
    assert 1.0 / np.sum(wts**2) > 10_000  # a usable effective sample size
    assert np.all(np.abs(mean - post.mean) < 5 * se)


def test_two_coordinate_posterior_with_a_diagonal_gram_factorizes_into_one_coordinate_posteriors():
    X = np.array([[2.0, 0.0], [0.0, 1.5]])
    y = np.array([1.3, -0.4])
    post = laplace_posterior_2d(X, y, 0.7, 0.4)
    for j in range(2):
        a, c = X[j, j] ** 2, X[j, j] * y[j]
        one = laplace_posterior_1d(c / a, 0.7 / a, 0.4)
        assert post.mean[j] == pytest.approx(one.mean, rel=1e-9)


@pytest.mark.parametrize("t, b", [(0.0, 0.05), (-1.0, 0.2)])
def test_posterior_mean_solves_the_score_identity_G_mean_equals_Xty_minus_sigma2_over_b_E_sign(t, b):
    # E[∇ log p(w | y)] = 0, i.e. G E[w] = Xᵀy - (σ²/b) E[sign w]; E[sign w] by 2-D quadrature
    X, y = _chapter_2d(t)
    post = laplace_posterior_2d(X, y, 1.0, b)
    G, c = X.T @ X, X.T @ y

    def dens(v, u):
        q = G[0, 0] * u * u + 2 * G[0, 1] * u * v + G[1, 1] * v * v - 2 * c[0] * u - 2 * c[1] * v
        return math.exp(-q / 2 - (abs(u) + abs(v)) / b - post.log_normalizer)

    boxes = [((lo1, hi1), (lo2, hi2), s1, s2) for (lo1, hi1, s1) in [(-6, 0, -1), (0, 6, 1)]
             for (lo2, hi2, s2) in [(-6, 0, -1), (0, 6, 1)]]
    masses = [(integrate.dblquad(dens, *q1, *q2, epsabs=1e-13, epsrel=1e-10)[0], s1, s2) for q1, q2, s1, s2 in boxes]
    e_sign = np.array([sum(m * s1 for m, s1, _ in masses), sum(m * s2 for m, _, s2 in masses)])
    np.testing.assert_allclose(G @ post.mean, c - (1.0 / b) * e_sign, rtol=1e-7, atol=1e-8)


def test_one_coordinate_posterior_mean_solves_the_score_identity():
    for z, s2, b in [(1.0, 2.0, 1.0), (-0.3, 0.5, 0.2), (4.0, 1.0, 3.0)]:
        p = laplace_posterior_1d(z, s2, b)
        assert p.mean == pytest.approx(z - (s2 / b) * (p.mass_positive - p.mass_negative), rel=1e-9, abs=1e-12)


def test_laplace_posterior_2d_validates_its_arguments():
    X, y = _chapter_2d()
    with pytest.raises(ValueError, match="2 columns"):
        laplace_posterior_2d(np.column_stack([X, X[:, 0]]), y, 1.0, 0.1)
    with pytest.raises(ValueError, match="linearly independent"):
        laplace_posterior_2d(np.column_stack([X[:, 0], X[:, 0]]), y, 1.0, 0.1)


# --------------------------------------------------------------------------- sparsity priors
def test_laplace_tail_by_sympy_matches_scipy_and_has_no_atom_at_zero():
    T = derive_laplace_tail()
    assert T.total == 1 and T.atom_at_zero == 0
    f = sp.lambdify((T.c, T.b), T.tail)
    for c, b in [(0.1, 0.3), (1.0, 1.0), (2.5, 0.7)]:
        assert f(c, b) == pytest.approx(2 * stats.laplace.sf(c, scale=b), rel=1e-12)
    # the displayed integral, evaluated by SymPy's definite integration, is the tail
    assert sp.simplify(T.integral.doit() - T.tail) == 0


def test_laplace_log_tail_matches_mpmath_far_beyond_the_float_range_and_monte_carlo_nearby():
    import mpmath as mp

    mp.mp.dps = 50
    for c, b in [(3.0, 0.02), (2.0, 0.02), (150.0, 0.1)]:
        exact = mp.log(2 * mp.quad(lambda w, b=b: mp.exp(-w / b) / (2 * b), mp.linspace(c, c + 200 * b, 201)))
        assert laplace_log_tail(c, b) == pytest.approx(float(exact), rel=1e-12)
    assert laplace_log_tail([3.0, -2.0, 0.0, 1.5], 0.02) == pytest.approx(-325.0)
    draws = np.random.default_rng(0).laplace(0.0, 0.5, size=500_000)
    p = math.exp(laplace_log_tail(0.8, 0.5))
    assert abs(np.mean(np.abs(draws) >= 0.8) - p) < 4 * math.sqrt(p * (1 - p) / draws.size)
    assert np.sum(draws == 0.0) == 0


def test_spike_and_slab_inclusion_probability_and_mean_equal_quadrature_of_bayes_rule():
    for z, s2, t2, pi in [(2.0, 1.0, 10.0, 0.5), (-0.7, 0.5, 3.0, 0.2), (3.5, 2.0, 1.0, 0.9)]:
        post = spike_and_slab_1d(z, s2, t2, pi)
        spike = (1 - pi) * stats.norm.pdf(z, 0.0, math.sqrt(s2))

        def slab_density(w, z=z, s2=s2, t2=t2, pi=pi):
            return pi * stats.norm.pdf(w, 0, math.sqrt(t2)) * stats.norm.pdf(z, w, math.sqrt(s2))

        slab = integrate.quad(slab_density, -60, 60, points=[0.0, z])[0]
        first = integrate.quad(lambda w, f=slab_density: w * f(w), -60, 60, points=[0.0, z])[0]
        assert post.inclusion == pytest.approx(slab / (slab + spike), rel=1e-9)
        assert post.mean == pytest.approx(first / (slab + spike), rel=1e-8, abs=1e-12)


@pytest.mark.parametrize("z", [0.3, 1.5, 1.8, 2.5, -2.2])
def test_spike_and_slab_median_by_monte_carlo_from_the_posterior(z):
    post = spike_and_slab_1d(z, 1.0, 10.0, 0.5)
    rng = np.random.default_rng(7)
    n = 400_000
    included = rng.random(n) < post.inclusion
    w = np.where(included, rng.normal(post.slab_mean, math.sqrt(post.slab_variance), n), 0.0)
    # the posterior CDF brackets 1/2 at the median: P(w < m) <= 1/2 <= P(w <= m)
    tol = 4 * math.sqrt(0.25 / n)
    assert np.mean(w < post.median) <= 0.5 + tol and np.mean(w <= post.median) >= 0.5 - tol
    assert post.median_is_zero == (post.median == 0.0)
    assert post.cdf(post.median) >= 0.5 - 1e-12
    if post.inclusion <= 0.5:
        assert post.median == 0.0  # the median probability model drops it, and the median is 0


def test_spike_and_slab_median_is_zero_on_a_band_wider_than_the_median_probability_model_excludes():
    zs = np.linspace(0, 4, 401)
    posts = [spike_and_slab_1d(float(z), 1.0, 10.0, 0.5) for z in zs]
    zero_median = np.array([p.median == 0.0 for p in posts])
    excluded = np.array([p.inclusion <= 0.5 for p in posts])
    assert np.all(zero_median[excluded]) and np.sum(zero_median) > np.sum(excluded)
    assert all(p.mean > 0 for p in posts[1:])


def test_sparse_prior_functions_validate_their_arguments():
    with pytest.raises(ValueError, match="prior_inclusion"):
        spike_and_slab_1d(1.0, 1.0, 1.0, 1.0)
    with pytest.raises(ValueError, match="tau2"):
        spike_and_slab_1d(1.0, 1.0, 0.0, 0.5)
    with pytest.raises(ValueError, match="b"):
        laplace_log_tail(1.0, -1.0)
    with pytest.raises(ValueError, match="overflow"):
        laplace_log_tail(1e300, 1e-300)


# --------------------------------------------------------------------------- chapter 4's heavy cross-checks
# (moved from the chapter, which states them: each runs once here instead of in every reader's kernel)
def test_chapter_2d_root_posterior_mean_of_w2_is_zero_by_2d_quadrature():
    """Chapter 4: at the root t* of E[w2 | y(t)] = 0 (b = 0.05), SciPy's dblquad on the four quadrants
    agrees with the iterated integration of laplace_posterior_2d."""
    from scipy import optimize

    X, y = _chapter_2d(0.0)
    t_star = optimize.brentq(lambda t: laplace_posterior_2d(X, y + t * X[:, 1], 1.0, 0.05).mean[1],
                             -4.0, 0.0, xtol=1e-12)
    post = laplace_posterior_2d(X, y + t_star * X[:, 1], 1.0, 0.05)
    mass, mean = _dblquad_mean(X, y + t_star * X[:, 1], 1.0, 0.05, post.log_normalizer, half_width=4.0)
    assert mass == pytest.approx(1.0, rel=1e-8)
    np.testing.assert_allclose(mean, post.mean, rtol=1e-8, atol=1e-10)
    assert abs(mean[1]) < 1e-9


def test_chapter_spike_and_slab_posterior_at_z_2_by_two_million_draws():
    """Chapter 4's figure (σ² = 1, τ² = 10, π = 1/2): at z = 2 the inclusion probability and the median
    agree with rejection sampling from the joint law of (w, z)."""
    p = spike_and_slab_1d(2.0, 1.0, 10.0, 0.5)
    rng = np.random.default_rng(20260308)
    n_sim = 2_000_000
    w = rng.choice([0.0, 1.0], size=n_sim, p=[0.5, 0.5]) * rng.normal(0.0, math.sqrt(10.0), n_sim)
    z = w + rng.normal(0.0, 1.0, n_sim)
    near = np.abs(z - 2.0) < 0.01
    n_near = int(near.sum())
    assert abs(np.mean(w[near] != 0.0) - p.inclusion) < 4 * math.sqrt(0.25 / n_near)
    assert abs(np.mean(w[near] <= p.median) - 0.5) < 4 * math.sqrt(0.25 / n_near)


def test_chapter_lasso_df_at_b_50_with_2000_data_sets(quick_tier):
    """Chapter 4 (at 500 data sets in the chapter): at b = 50 on the diabetes data the covariance df and
    the mean number of nonzeros agree within 4 standard errors over 2000 simulated data sets, and the
    ridge estimate with τ² = 2b² recovers the trace of its hat matrix (500 data sets each in the quick
    tier)."""
    reps = 500 if quick_tier else 2000
    X, y = _diabetes()
    n_obs, p = X.shape
    w_ls = np.linalg.lstsq(X, y, rcond=None)[0]
    sigma2 = float(np.sum((y - X @ w_ls) ** 2) / (n_obs - p - 1))
    lam = mapmath.lasso_lambda(sigma2, 50.0)
    mc = covariance_df(X, X @ w_ls, sigma2, lambda X_, y_: lasso_path(X_, y_, lam_min=lam).coefs[-1],
                       n_rep=reps, seed=20260310)
    assert abs(mc.df - mc.mean_nonzero) < 4 * math.hypot(mc.df_se, mc.nonzero_se)
    lam_r = mapmath.ridge_lambda(sigma2, 2 * 50.0**2)
    exact = float(np.trace(X @ np.linalg.solve(X.T @ X + lam_r * np.eye(p), X.T)))
    mc_r = covariance_df(X, X @ w_ls, sigma2, lambda X_, y_: mapmath.ridge_map(X_, y_, sigma2, 2 * 50.0**2),
                         n_rep=reps, seed=20260311)
    assert abs(mc_r.df - exact) < 4 * mc_r.df_se
