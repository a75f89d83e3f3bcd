"""Cross-checks of the solvers of chapter 09 (computing the MAP) against scikit-learn and SciPy."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
import sympy as sp
from scipy import optimize
from sklearn.datasets import load_diabetes
from sklearn.linear_model import Lasso, LogisticRegression

from mapmath.convexity import (
    cauchy_gaussian_log_posterior,
    cauchy_gaussian_modes,
    cauchy_gaussian_stationary_points,
    derive_cauchy_gaussian,
    derive_logistic_quadratic_form,
)
from mapmath.lasso import lasso_duality_gap, lasso_objective, lasso_solve, soft_threshold
from mapmath.logistic import derive_logistic_map_objective, logistic_map, sklearn_C
from mapmath.mixture_em import em_map, em_step, mixture_log_posterior, responsibilities
from mapmath.optimization import (
    coordinate_descent,
    derive_irls_identity,
    derive_jensen_gap,
    derive_l1_prox,
    em_lower_bound,
    fista,
    gradient_descent_logistic,
    ista,
    lasso_lipschitz,
    newton_logistic,
)
from mapmath.sklearn_mapping import sklearn_lasso_alpha
from mapmath.validation import ConvergenceWarning


@pytest.fixture(scope="module")
def logistic_data():
    rng = np.random.default_rng(11)
    X = rng.normal(size=(120, 3))
    y = (rng.random(120) < 1 / (1 + np.exp(-(X @ np.array([1.5, -2.0, 0.5]))))).astype(float)
    return X, y


@pytest.fixture(scope="module")
def diabetes():
    """The diabetes data as chapter 04 prepares them (unit-norm columns, centred response), σ̂² from
    least squares, and λ = 2σ̂²/b at b = 500."""
    data = load_diabetes()
    X, y = data.data, data.target - data.target.mean()
    n, p = X.shape
    w_ls = np.linalg.lstsq(X, y, rcond=None)[0]
    sigma2 = float(np.sum((y - X @ w_ls) ** 2) / (n - p - 1))
    b = 500.0
    return X, y, sigma2, b, 2.0 * sigma2 / b


def test_newton_irls_equals_sklearn_logistic_regression_with_C_tau2(logistic_data):
    X, y = logistic_data
    for tau2 in (0.5, 4.0):
        res = newton_logistic(X, y, tau2)
        assert res.converged and res.gap <= 1e-12
        sk = LogisticRegression(C=sklearn_C(tau2), fit_intercept=False, tol=1e-12, max_iter=10_000).fit(X, y)
        np.testing.assert_allclose(res.w, sk.coef_[0], atol=1e-6)
        np.testing.assert_allclose(res.w, logistic_map(X, y, tau2), atol=1e-9)


def test_each_newton_step_is_the_weighted_least_squares_fit_of_the_working_response(logistic_data):
    X, y = logistic_data
    tau2 = 2.0
    res = newton_logistic(X, y, tau2, tol=1e-14)
    for k in range(3):
        w = res.iterates[k]
        p = 1 / (1 + np.exp(-X @ w))
        s = p * (1 - p)
        z = X @ w + (y - p) / s
        # ridge-weighted least squares as an ordinary least-squares problem on stacked rows
        A = np.vstack([np.sqrt(s)[:, None] * X, np.eye(3) / np.sqrt(tau2)])
        rhs = np.concatenate([np.sqrt(s) * z, np.zeros(3)])
        wls = np.linalg.lstsq(A, rhs, rcond=None)[0]
        np.testing.assert_allclose(res.iterates[k + 1], wls, rtol=1e-10, atol=1e-12)


def test_newton_converges_quadratically_and_gradient_descent_linearly(logistic_data):
    X, y = logistic_data
    tau2 = 1.0
    w_star = logistic_map(X, y, tau2)
    res = newton_logistic(X, y, tau2)
    e = np.linalg.norm(res.iterates - w_star, axis=1)
    ratios = [e[k + 1] / e[k] ** 2 for k in range(len(e) - 1) if e[k + 1] > 1e-9]
    assert len(ratios) >= 3 and max(ratios) < 5 * min(ratios) and max(ratios) < 1.0
    gd = gradient_descent_logistic(X, y, tau2, max_iter=60, warn=False)
    eg = np.linalg.norm(gd.iterates - w_star, axis=1)
    linear = eg[41:61] / eg[40:60]
    assert np.all(linear < 1) and np.ptp(linear) < 0.05  # a constant contraction factor


def test_solvers_that_run_out_of_iterations_say_so(logistic_data, diabetes):
    X, y = logistic_data
    with pytest.warns(ConvergenceWarning, match="converged=False"):
        gd = gradient_descent_logistic(X, y, 1.0, max_iter=5)
    assert not gd.converged and gd.iterations == 5 and gd.gap > 1e-12
    Xd, yd, _, _, lam = diabetes
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        quiet = ista(Xd, yd, lam, max_iter=10, warn=False)
    assert not quiet.converged and quiet.iterations == 10 and "NOT converged" in quiet.status()


def test_the_certificate_bounds_the_true_suboptimality(logistic_data, diabetes):
    X, y = logistic_data
    w_star = logistic_map(X, y, 1.0)
    from mapmath.logistic import logistic_objective
    j_star = logistic_objective(w_star, X, y, 1.0)
    gd = gradient_descent_logistic(X, y, 1.0, max_iter=30, warn=False)
    sub = np.array([logistic_objective(w, X, y, 1.0) for w in gd.iterates]) - j_star
    assert np.all(sub <= gd.gaps * (1 + 1e-9) + 1e-12)
    Xd, yd, _, _, lam = diabetes
    f_star = lasso_objective(Xd, yd, lasso_solve(Xd, yd, lam, tol=1e-14), lam)
    run = ista(Xd, yd, lam, max_iter=50, warn=False)
    assert np.all(run.objectives - f_star <= run.gaps + 1e-6)


def test_ista_fista_cd_equal_sklearn_lasso_with_alpha_sigma2_over_nb(diabetes):
    X, y, sigma2, b, lam = diabetes
    alpha = sklearn_lasso_alpha(sigma2, b, X.shape[0])
    sk = Lasso(alpha=alpha, fit_intercept=False, tol=1e-14, max_iter=100_000).fit(X, y).coef_
    scale = np.max(np.abs(sk))
    for solver in (ista, fista, coordinate_descent):
        res = solver(X, y, lam, tol=1e-12, max_iter=20_000)
        assert res.converged and res.gap <= 1e-12 * (y @ y)
        np.testing.assert_allclose(res.w, sk, atol=1e-5 * scale)
        np.testing.assert_allclose(res.w, lasso_solve(X, y, lam), atol=1e-5 * scale)


def test_fista_gap_below_ista_and_both_below_their_bounds(diabetes):
    X, y, _, _, lam = diabetes
    w_star = lasso_solve(X, y, lam, tol=1e-14)
    f_star = lasso_objective(X, y, w_star, lam)
    L, R2 = lasso_lipschitz(X), float(w_star @ w_star)
    i = ista(X, y, lam, tol=1e-15, max_iter=400, warn=False)
    f = fista(X, y, lam, tol=1e-15, max_iter=400, warn=False)
    for k in (30, 100, 200):
        assert f.objectives[k] - f_star < i.objectives[k] - f_star
    k = np.arange(1, 401)
    assert np.all(i.objectives[1:401] - f_star <= L * R2 / (2 * k))  # Beck and Teboulle Thm 3.1
    kf = np.arange(1, len(f.objectives))
    assert np.all(f.objectives[1:] - f_star <= 2 * L * R2 / (kf + 1) ** 2)  # Thm 4.4
    assert L == pytest.approx(2 * np.linalg.eigvalsh(X.T @ X)[-1], rel=1e-12)


def test_public_duality_gap_is_the_certificate_of_lasso_solve_and_bounds_suboptimality(diabetes):
    X, y, _, _, lam = diabetes
    w, cert = lasso_solve(X, y, lam, return_certificate=True)
    gap = lasso_duality_gap(X, y, w, lam)
    assert gap == pytest.approx(cert.duality_gap, rel=1e-6, abs=1e-8)
    f_star = lasso_objective(X, y, w, lam)
    rng = np.random.default_rng(0)
    for _ in range(5):
        v = w + rng.normal(scale=20.0, size=w.size)
        assert lasso_duality_gap(X, y, v, lam) >= lasso_objective(X, y, v, lam) - f_star - 1e-6


def test_prox_of_t_abs_is_soft_threshold_against_minimize_scalar():
    rng = np.random.default_rng(5)
    for z, t in zip(rng.normal(scale=3, size=8), rng.uniform(0.05, 3, size=8), strict=True):
        best = optimize.minimize_scalar(lambda w, z=z, t=t: 0.5 * (w - z) ** 2 + t * abs(w),
                                        bounds=(-12, 12), method="bounded", options={"xatol": 1e-12})
        assert soft_threshold(float(z), float(t)) == pytest.approx(best.x, abs=1e-7)
    prox = derive_l1_prox()
    assert sp.simplify(prox.scaled_gap - prox.z**2) == 0  # the two objectives differ by a constant
    f = sp.lambdify((prox.z, prox.t), prox.prox)
    for z, t in ((2.5, 1.0), (-0.3, 0.5), (-4.0, 1.5)):
        assert f(z, t) == pytest.approx(soft_threshold(z, t), abs=1e-15)


def test_irls_identity_and_jensen_gap_derivations():
    assert derive_irls_identity().residual.is_ZeroMatrix
    j = derive_jensen_gap()
    assert j.gap_minus_kl == 0
    assert sp.simplify(j.tight_at - j.a1 / (j.a1 + j.a2)) == 0
    g = sp.lambdify((j.a1, j.a2, j.q), j.gap)
    assert all(g(a1, a2, q) >= -1e-15 for a1, a2, q in ((0.3, 2.0, 0.1), (5.0, 0.01, 0.9), (1.0, 1.0, 0.5)))


def test_em_ascends_the_log_posterior_through_its_lower_bound():
    rng = np.random.default_rng(20261209)
    n = 40
    first = rng.random(n) < 0.35
    x = np.where(first, rng.normal(-2, 0.6, n), rng.normal(1.5, 1.0, n))
    a, b = 2.0, 0.5
    fit = em_map(x, [0.5, 0.5], [-1.0, 1.0], [1.0, 1.0], a, b, tol=1e-12)
    assert fit.converged and np.all(np.diff(fit.trace) >= -1e-12)
    theta = ([0.5, 0.5], [-1.0, 1.0], [1.0, 1.0])
    for _ in range(15):
        q = responsibilities(x, *theta)
        lp_old = mixture_log_posterior(x, *theta, a, b)
        assert em_lower_bound(x, *theta, q, a, b) == pytest.approx(lp_old, rel=1e-12)  # tight after E
        new = em_step(x, *theta, a, b)
        bound_new = em_lower_bound(x, *new, q, a, b)
        assert bound_new >= lp_old - 1e-10  # the M-step raises the bound
        assert mixture_log_posterior(x, *new, a, b) >= bound_new - 1e-10  # the bound is below
        theta = tuple(np.asarray(t) for t in new)
    q_rand = rng.dirichlet([1.0, 1.0], size=n)
    assert em_lower_bound(x, *theta, q_rand, a, b) < mixture_log_posterior(x, *theta, a, b)


def test_logistic_objective_is_strongly_convex_and_cauchy_prior_gives_two_modes():
    q = derive_logistic_quadratic_form(derive_logistic_map_objective(2, 2))
    assert q.difference == 0 and q.weight_max == sp.Rational(1, 4)
    modes = cauchy_gaussian_modes(3.0, 1.0, 0.25)
    roots = cauchy_gaussian_stationary_points(3.0, 1.0, 0.25)
    assert modes.size == 2 and roots.size == 3
    np.testing.assert_allclose(np.sort(modes), roots[[0, 2]], atol=1e-8)
    best = optimize.minimize_scalar(lambda w: -cauchy_gaussian_log_posterior(w, 3.0, 1.0, 0.25),
                                    bounds=(-1, 1), method="bounded", options={"xatol": 1e-12})
    assert modes[0] == pytest.approx(best.x, abs=1e-7)  # the global MAP is the shrunk one
    c = derive_cauchy_gaussian()
    disc = sp.lambdify((c.z, c.sigma2, c.gamma), c.discriminant)
    for z in (1.0, 2.0, 3.0, 3.5, 5.0):
        assert (disc(z, 1.0, 0.25) > 0) == (cauchy_gaussian_modes(z, 1.0, 0.25).size == 2)
    # with γ >= σ/2 the log posterior is concave for every z: no second mode anywhere
    grid = np.linspace(-10, 10, 4001)
    for gamma in (0.5, 0.8):
        d2 = -1.0 + 2 * (grid**2 - gamma**2) / (gamma**2 + grid**2) ** 2
        assert np.all(d2 <= 1e-12)
        assert all(cauchy_gaussian_modes(z, 1.0, gamma).size == 1 for z in (1.0, 3.0, 5.0, 8.0))
