"""No silent wrong answers: extreme-but-valid inputs give the right finite answer (checked against
mpmath or a closed form) or a ``ValueError`` that names the parameter; never NaN, a 0.0 produced by
underflow, or a bare ``LinAlgError``/``OverflowError``/``ZeroDivisionError``."""

from __future__ import annotations

import itertools
import math
import time
import warnings

import mpmath as mp
import numpy as np
import pytest
import sympy as sp
from sklearn.linear_model import Lasso

from mapmath import asymptotics as asy
from mapmath import gaussian, lasso, logistic, priors, ridge, sklearn_mapping, validation
from mapmath.validation import ConvergenceWarning

mp.mp.dps = 50
X3 = np.array([[1.0, 0.5], [0.2, 1.0], [0.3, -0.4]])
Y3 = np.array([1.0, 2.0, 0.5])


def _ridge_reference(X, y, sigma2, tau2):
    """(XᵀX + λI)⁻¹Xᵀy in 50-digit arithmetic, λ = σ²/τ² exactly."""
    Xm, ym = mp.matrix(X.tolist()), mp.matrix(y.tolist())
    lam = mp.mpf(sigma2) / mp.mpf(tau2)
    A = Xm.T * Xm + lam * mp.eye(X.shape[1])
    return np.array([float(v) for v in mp.lu_solve(A, Xm.T * ym)])


def _laplace_reference(z, s2, b):
    """Mean, variance, P(w < 0) of exp(-(w-z)²/(2σ²) - |w|/b) by mpmath quadrature."""
    z, s2, b = mp.mpf(z), mp.mpf(s2), mp.mpf(b)
    c = s2 / b
    mode = 0 if abs(z) <= c else mp.sign(z) * (abs(z) - c)
    peak = -(mode - z) ** 2 / (2 * s2) - abs(mode) / b

    def u(w):
        return mp.exp(-(w - z) ** 2 / (2 * s2) - abs(w) / b - peak)

    sd = mp.sqrt(s2)
    pts = sorted({mp.mpf(0), mode, z - c, z + c})
    lo, hi = min(pts) - 60 * sd - 60 * b, max(pts) + 60 * sd + 60 * b
    pts = [lo] + [p for p in pts if lo < p < hi] + [hi]
    Z = mp.quad(u, pts)
    m = mp.quad(lambda w: w * u(w), pts) / Z
    v = mp.quad(lambda w: (w - m) ** 2 * u(w), pts) / Z
    neg = mp.quad(u, [p for p in pts if p <= 0]) / Z
    return float(m), float(v), float(neg)


# ------------------------------------------------------------------ finite right answers
@pytest.mark.parametrize("m, n, expected", [
    (1e308, 1e308, 0.5), (1.7e308, 1.7e308, 0.5), (1e308, 0.0, 1.0), (1e-300, 1e-300, 0.5), (10, 10, 0.5),
])
def test_prior_weight_is_right_at_the_float_limits(m, n, expected):
    assert asy.prior_weight(m, n) == expected


@pytest.mark.parametrize("sigma2, tau2", [(1e300, 1e-300), (1e-300, 1e300), (1e-10, 1e10), (1.0, 1.0), (1e150, 1e-150)])
def test_ridge_map_matches_50_digit_reference_for_extreme_variance_ratios(sigma2, tau2):
    w = ridge.ridge_map(X3, Y3, sigma2, tau2)
    ref = _ridge_reference(X3, Y3, sigma2, tau2)
    assert np.all(np.isfinite(w))
    np.testing.assert_allclose(w, ref, rtol=1e-12, atol=0.0)  # the 1e-600 answer is 0.0 in both


def test_ridge_map_wide_design_with_vanishing_lambda_is_the_min_norm_least_squares():
    rng = np.random.default_rng(0)
    X, y = rng.normal(size=(4, 9)), rng.normal(size=4)
    w = ridge.ridge_map(X, y, 1e-300, 1e300)
    np.testing.assert_allclose(w, np.linalg.pinv(X) @ y, rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize("z, sigma2, b", [
    (1.0, 2.0, 1.0), (2.0, 3.0, 1.0), (0.0, 2.0, 1.0), (-3.0, 2.0, 1.0), (1e10, 1e-10, 1.0),
    (0.0, 1e6, 1e-3), (5.0, 1.0, 0.01), (1e-300, 1.0, 1.0), (40.0, 1.0, 1.0), (-1e4, 1.0, 1e-2),
])
def test_laplace_posterior_1d_matches_mpmath_quadrature(z, sigma2, b):
    post = lasso.laplace_posterior_1d(z, sigma2, b)
    mean, var, neg = _laplace_reference(z, sigma2, b)
    assert post.mean == pytest.approx(mean, rel=1e-9, abs=1e-12 * math.sqrt(sigma2))
    assert post.variance == pytest.approx(var, rel=1e-8)
    assert post.mass_negative == pytest.approx(neg, rel=1e-9, abs=1e-300)


@pytest.mark.parametrize("z, sigma2, b", [(1.0, 1e-300, 1.0), (1.0, 1.0, 1e-300), (0.0, 1e-300, 1e300),
                                          (1e200, 1.0, 1.0), (1.0, 1e300, 1.0)])
def test_laplace_posterior_1d_no_zero_division_at_extremes(z, sigma2, b):
    post = lasso.laplace_posterior_1d(z, sigma2, b)
    values = (post.mean, post.variance, post.mass_negative, post.mass_positive, post.log_normalizer)
    assert all(math.isfinite(v) for v in values)
    assert post.mass_negative + post.mass_positive == pytest.approx(1.0)
    if sigma2 <= 1e-300:  # the likelihood dominates: the posterior is a point mass at z
        assert post.mean == pytest.approx(z)


@pytest.mark.parametrize("x, sigma2, mu0, tau2", [
    ([1.0], 1e300, 0.0, 1e300), ([1.0], 1e-300, 0.0, 1e-300), ([1e308, 1e308], 1.0, 0.0, 1.0),
    ([2.0, 4.0], 1e-300, 5.0, 1e300), ([2.0, 4.0], 1e300, 5.0, 1e-300),
])
def test_gaussian_posterior_matches_50_digit_reference(x, sigma2, mu0, tau2):
    post = gaussian.gaussian_posterior(x, sigma2, mu0, tau2)
    n, xbar = len(x), mp.fsum(mp.mpf(v) for v in x) / len(x)
    s2, t2 = mp.mpf(sigma2), mp.mpf(tau2)
    mean = (s2 * mu0 + n * t2 * xbar) / (s2 + n * t2)
    var = s2 * t2 / (s2 + n * t2)
    assert post.mean == pytest.approx(float(mean), rel=1e-14)
    assert post.variance == pytest.approx(float(var), rel=1e-14)
    assert gaussian.gaussian_prior_weight(n, sigma2, tau2) == pytest.approx(float(s2 / (s2 + n * t2)), rel=1e-14)


@pytest.mark.parametrize("a", [1e308, 1.7e308])
def test_map_minus_mle_and_expected_gap_are_finite_for_huge_priors(a):
    ref = (mp.mpf(a) - 1 - (2 * mp.mpf(a) - 2) * mp.mpf(3) / 10) / (10 + 2 * mp.mpf(a) - 2)
    assert asy.map_minus_mle(3, 10, a, a) == pytest.approx(float(ref), rel=1e-14)
    assert math.isfinite(asy.expected_abs_gap(10, 0.5, a, a))


def test_logistic_map_with_huge_features_is_the_rescaled_solution():
    X = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0], [-1.0, 0.5]])
    y = np.array([1.0, 0.0, 1.0, 0.0])
    w1 = logistic.logistic_map(X, y, 1.0)
    # X 2^350 with prior variance τ² 2^-700 is the same problem in w 2^-350 units
    w_big = logistic.logistic_map(np.ldexp(X, 350), y, math.ldexp(1.0, -700))
    np.testing.assert_allclose(np.ldexp(w_big, 350), w1, rtol=1e-10)


def test_lasso_with_overflowing_data_is_solved_on_the_rescaled_problem():
    rng = np.random.default_rng(1)
    X, y = rng.normal(size=(10, 3)), rng.normal(size=10)
    w_ref = lasso.lasso_map(X, y, 1.0, 1.0)
    X_big = np.ldexp(X, 665)  # about X·1e200: XᵀX overflows
    w, cert = lasso.lasso_solve(X_big, y, 2.0, return_certificate=True)
    assert cert.converged and np.all(np.isfinite(w)) and math.isfinite(cert.kkt_violation)
    # the same problem as min ‖y - X v‖² + (λ 2^-665)‖v‖₁ with v = 2^665 w
    v_ref = lasso.lasso_solve(X, y, math.ldexp(2.0, -665))
    np.testing.assert_allclose(np.ldexp(w, 665), v_ref, rtol=1e-9, atol=1e-12)
    assert np.any(w != 0.0) and np.any(w_ref != 0.0)


# ------------------------------------------------------------------ clear ValueErrors
@pytest.mark.parametrize("call, name", [
    (lambda: ridge.ridge_lambda(1e-300, 1e300), "sigma2 and tau2"),
    (lambda: ridge.ridge_lambda(1e300, 1e-300), "sigma2 and tau2"),
    (lambda: lasso.lasso_lambda(1e-300, 1e300), "sigma2 and b"),
    (lambda: lasso.lasso_lambda(1e300, 1e-300), "sigma2 and b"),
    (lambda: sklearn_mapping.sklearn_ridge_alpha(1e-300, 1e300), "sigma2 and tau2"),
    (lambda: sklearn_mapping.sklearn_lasso_alpha(1e-300, 1e300, 10), "sigma2, b and n_samples"),
    (lambda: sklearn_mapping.sklearn_lasso_alpha(1.0, 1.0, 10**400), "n_samples"),
    (lambda: validation.check_real("a", 10**400), "a must be a finite real number"),
    (lambda: validation.check_positive("a", -(10**400)), "a must be a finite real number"),
    (lambda: validation.check_vector("x", [1.0, 10**400]), "x must contain only numbers"),
    (lambda: gaussian.gaussian_prior_weight(10**400, 1.0, 1.0), "n must be an integer count <= 2\\*\\*53"),
    (lambda: asy.prior_weight(10**400, 1), "pseudo_counts"),
    (lambda: asy.map_minus_mle(3, 10**400, 1.0, 1.0), "n must be an integer count <= 2\\*\\*53"),
    (lambda: asy.n_for_prior_weight_below(1e300, 0.5), "pseudo_counts"),
    (lambda: lasso.laplace_posterior_1d(1e300, 1e-300, 1.0), "sigma"),
    (lambda: lasso.lasso_objective(np.ldexp(np.ones((2, 1)), 1000), [1.0, 1.0], [1.0], 1.0), "objective"),
    (lambda: lasso.lasso_kkt_violation(np.ldexp(np.ones((2, 1)), 1000), [1.0, 1.0], [1.0], 1.0), "KKT"),
    (lambda: ridge.ridge_posterior(X3, Y3, 1e-310, 1.0), "sigma2"),
    (lambda: logistic.logistic_map(np.ldexp(np.ones((2, 1)), 600), [1.0, 0.0], 1e300), "tau2"),
    (lambda: priors.penalty(sp.Integer(0), sp.Symbol("t")), "density"),
    (lambda: priors.penalty(sp.nan, sp.Symbol("t")), "density"),
])
def test_extreme_inputs_raise_a_value_error_naming_the_parameter(call, name):
    with pytest.raises(ValueError, match=name):
        call()


def test_gaussian_prior_weight_for_a_large_count_and_extreme_variances_is_exact():
    assert gaussian.gaussian_prior_weight(2**53, 1.0, 1.0) == pytest.approx(1 / (1 + 2.0**53), rel=1e-15)
    assert gaussian.gaussian_prior_weight(3, 1e300, 1e300) == 0.25
    assert gaussian.gaussian_prior_weight(3, 1e-300, 1e-300) == 0.25


# ------------------------------------------------------------------ the lasso certificate
def _wide(seed, n=20, p=300):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, p))
    w = np.zeros(p)
    w[:5] = [3.0, -2.0, 1.5, 1.0, -1.0]
    return X, X @ w + 0.5 * rng.normal(size=n)


@pytest.mark.parametrize("seed, b", [(0, 0.05), (1, 0.5), (2, 2.0)])
def test_lasso_20_by_300_converges_fast_and_matches_sklearn_with_alpha_sigma2_over_n_b(seed, b):
    """(How fast: <= 2 s, timed by ``scripts/benchmark.py``, not here.)"""
    X, y = _wide(seed)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        w, cert = lasso.lasso_map(X, y, 1.0, b, return_certificate=True)
    assert cert.converged
    alpha = sklearn_mapping.sklearn_lasso_alpha(1.0, b, X.shape[0])
    sk = Lasso(alpha=alpha, fit_intercept=False, tol=1e-14, max_iter=1_000_000).fit(X, y).coef_
    assert np.max(np.abs(w - sk)) < 1e-6
    assert np.array_equal(w == 0.0, sk == 0.0)
    assert cert.duality_gap >= 0.0


def test_lasso_duplicated_columns_give_exact_zeros_and_a_nonnegative_gap():
    rng = np.random.default_rng(0)
    for trial in range(20):
        X = rng.normal(size=(15, 4))
        X = np.column_stack([X[:, 0], X[:, 0], X[:, 1:], X[:, 2]])  # columns 0, 1 and 3, 5 repeat
        y = X @ np.array([1.0, 0.0, -2.0, 0.5, 0.0, 0.0]) + rng.normal(size=15)
        w, cert = lasso.lasso_map(X, y, 1.0, 0.5, return_certificate=True)
        assert cert.converged and cert.duality_gap >= 0.0
        assert (w[0] == 0.0 or w[1] == 0.0) and (w[3] == 0.0 or w[5] == 0.0), (trial, w)
        assert np.all((w == 0.0) | (np.abs(w) > 1e-8)), (trial, w)  # no 1e-16 "zeros"


def test_lasso_nan_in_the_certificate_is_never_converged():
    X = np.ldexp(np.random.default_rng(2).normal(size=(10, 3)), 665)
    w, cert = lasso.lasso_solve(X, np.ones(10), 1.0, return_certificate=True)
    assert math.isfinite(cert.relative_kkt_violation) and cert.converged
    assert not np.all(w == 0.0)  # the old solver certified the zero vector here


def test_lasso_non_convergence_warns():
    X, y = _wide(3)
    with pytest.warns(ConvergenceWarning, match="did not converge"):
        _, cert = lasso.lasso_map(X, y, 1.0, 2.0, max_iter=2, return_certificate=True)
    assert not cert.converged


# ------------------------------------------------------------------ one convention for counts
@pytest.mark.parametrize("call", [
    lambda v: gaussian.gaussian_prior_weight(v, 1.0, 1.0),
    lambda v: gaussian.sum_of_squares_decomposition(v),
    lambda v: validation.check_count("n", v),
    lambda v: asy.map_minus_mle(3, v, 1.0, 1.0),
    lambda v: asy.simulate_map_mle_gap([1, 2], 0.5, 2.0, 2.0, seed=v),
    lambda v: sklearn_mapping.sklearn_lasso_alpha(1.0, 1.0, v),
    lambda v: logistic.logistic_map(np.eye(2), [1.0, 0.0], 1.0, max_iter=v),
    lambda v: lasso.lasso_solve(np.eye(2), [1.0, 0.0], 1.0, max_iter=v),
])
@pytest.mark.parametrize("value", [2.5, 3.0, True, "3"])
def test_a_non_integer_count_is_a_type_error_everywhere(call, value):
    with pytest.raises(TypeError, match="must be an integer count"):
        call(value)


def test_check_X_y_names_the_parameter_and_the_length():
    X, y = validation.check_X_y([[1, 2], [3, 4]], [1, 2])
    assert X.dtype == y.dtype == np.float64
    with pytest.raises(ValueError, match=r"y must have X.shape\[0\]"):
        validation.check_X_y([[1, 2], [3, 4]], [1, 2, 3])
    with pytest.raises(ValueError, match="X must be a 2-D array"):
        validation.check_X_y([1, 2], [1, 2])


# ------------------------------------------------------------------ issue 19, items 12-14: reproducers
def _sigmoid_gauss_quadrature(mu, s2):
    """``∫σ(a)N(a; μ, s²)da`` by SciPy's adaptive quadrature, split at 0 and μ (the reference)."""
    from scipy import integrate
    from scipy.special import expit

    s = math.sqrt(s2)
    lo, hi = mu - 40 * s, mu + 40 * s
    pts = sorted({p for p in (lo, 0.0, mu, hi, -40.0, 40.0) if lo <= p <= hi})
    def f(a):
        return expit(a) * math.exp(-0.5 * ((a - mu) / s) ** 2) / (s * math.sqrt(2 * math.pi))
    return sum(integrate.quad(f, u, v, epsabs=1e-14, epsrel=1e-12, limit=200)[0] for u, v in itertools.pairwise(pts))


def test_gaussian_sigmoid_expectation_reproducer_large_variance():
    """Issue 19: ``gaussian_sigmoid_expectation([10.0], [1e4])`` was 0.50008; quadrature gives 0.53982."""
    from mapmath.logistic_predictive import gaussian_sigmoid_expectation

    got = gaussian_sigmoid_expectation([10.0], [1e4])[0]
    assert got == pytest.approx(_sigmoid_gauss_quadrature(10.0, 1e4), abs=1e-10)
    assert round(got, 5) == 0.53982


def test_gaussian_sigmoid_expectation_matches_quadrature_at_every_variance():
    from mapmath.logistic_predictive import gaussian_sigmoid_expectation

    mus = [-300.0, -20.0, -3.0, -0.5, 0.0, 0.7, 2.0, 10.0, 50.0]
    variances = [1e-8, 0.01, 0.5, 1.0, 1.0001, 3.0, 50.0, 1e2, 1e3, 1e4, 1e5, 1e6]
    M, V = np.meshgrid(mus, variances)
    got = gaussian_sigmoid_expectation(M.ravel(), V.ravel())
    want = np.array([_sigmoid_gauss_quadrature(m, v) for m, v in zip(M.ravel(), V.ravel(), strict=True)])
    assert np.max(np.abs(got - want)) < 1e-10


def test_standardize_at_any_scale_reproducer():
    """Issue 19: ``ridge.standardize(X * 1e200)`` returned all zeros."""
    X = np.random.default_rng(0).normal(size=(6, 3))
    ref = ridge.standardize(X)
    for f in (1e200, 1e300, 1e-300, 1e-250):
        out = ridge.standardize(X * f)
        np.testing.assert_allclose(out.values, ref.values, rtol=1e-12, atol=1e-14)
        np.testing.assert_allclose(out.scale, ref.scale * f, rtol=1e-12)
        np.testing.assert_allclose(out.mean, ref.mean * f, rtol=1e-12, atol=1e-14 * f)


def test_beta_median_and_hpd_at_huge_shapes_reproducer():
    """Issue 19: ``beta_median(1e308, 9.0)`` was nan and ``beta_hpd_interval`` (0.0, nan). For
    ``a + b > 1e30``, ``1 - p ≈ G/a`` with ``G ~ Gamma(9)`` to relative ``1e-300``: the median is
    1 - 8.67/1e308, which is 1.0 in floating point; with the shapes swapped it is 8.67e-308."""
    from mapmath import beta

    assert beta.beta_median(1e308, 9.0) == 1.0
    assert beta.beta_hpd_interval(1e308, 9.0) == (1.0, 1.0)
    with mp.workdps(30):
        g_med = mp.findroot(lambda g: mp.gammainc(9, 0, g, regularized=True) - 0.5, 8.67)
    assert beta.beta_median(9.0, 1e308) == pytest.approx(float(g_med / mp.mpf(1e308)), rel=1e-12)
    lo, hi = beta.beta_hpd_interval(9.0, 1e308)
    assert 0.0 < lo < beta.beta_median(9.0, 1e308) < hi < 1e-306
    # ordinary shapes: SciPy's answer, unchanged
    from scipy import stats
    assert beta.beta_median(3.0, 4.0) == float(stats.beta.ppf(0.5, 3.0, 4.0))


@pytest.mark.parametrize("call, name, exc", [
    (lambda: __import__("mapmath.checks", fromlist=["x"]).assert_close("1", 1.0), "actual", TypeError),
    (lambda: __import__("mapmath.logistic_predictive", fromlist=["x"]).moderation_factor("1"), "s2", TypeError),
    (lambda: __import__("mapmath.mixture_em", fromlist=["x"]).inverse_gamma_logpdf("1", 2.0, 0.5), "s2", TypeError),
    (lambda: __import__("mapmath.modes", fromlist=["x"]).refine_maximum(lambda x: -x * x, -1, 1, xatol=-1),
     "xatol", ValueError),
    (lambda: __import__("mapmath.mixtures", fromlist=["x"]).gaussian_mixture_posterior(
        [.5, .5], [-2., 2.], [1., 1.], 0.1, 1e-308, 5), "sigma", ValueError),
    (lambda: __import__("mapmath.bernoulli", fromlist=["x"]).beta_map(10**400, 10**400, 1.0, 1.0), "n", ValueError),
])
def test_issue19_invalid_input_reproducers_are_clear_errors(call, name, exc):
    with pytest.raises(exc, match=rf"\b{name}\b"):
        call()


def test_beta_laplace_variance_at_1e200_is_right_not_overflow():
    from mapmath import beta

    a = b = mp.mpf(1e200)
    want = (a - 1) * (b - 1) / (a + b - 2) ** 3
    assert beta.beta_laplace_variance(1e200, 1e200) == pytest.approx(float(want), rel=1e-14)


def test_lasso_solve_tiny_lambda_is_least_squares_not_overflow():
    X = np.random.default_rng(0).normal(size=(5, 3))
    y = X @ np.array([1.0, -2.0, 0.5]) + 0.1
    w = lasso.lasso_solve(X, y, 1e-308)
    np.testing.assert_allclose(w, np.linalg.lstsq(X, y, rcond=None)[0], rtol=1e-9)


def test_logistic_map_out_of_iterations_is_a_convergence_warning_not_runtime_error():
    rng = np.random.default_rng(1)
    X = rng.normal(size=(30, 2))
    y = (X[:, 0] + rng.normal(size=30) > 0).astype(float)
    with pytest.warns(ConvergenceWarning, match="max_iter=3"):
        w = logistic.logistic_map(X, y, 1.0, max_iter=3)
    assert np.all(np.isfinite(w))


def test_em_map_on_data_times_1e300_names_x():
    from mapmath import mixture_em

    x = np.array([1.0, 2.0, 3.0, 10.0, 11.0]) * 1e300
    with pytest.raises(ValueError, match=r"\bx\b"):
        mixture_em.em_map(x, [0.5, 0.5], [1.0, 10.0], [1.0, 1.0], 2.0, 1.0)


def test_ridge_concrete_3_by_3_is_refused_at_once():
    """Issue 19: ``ridge_concrete(3, 3)`` ran past 90 s; the cap is now d <= 2, n·d <= 8."""
    t0 = time.process_time()
    with pytest.raises(ValueError, match=r"\bd\b"):
        ridge.ridge_concrete(3, 3)
    assert time.process_time() - t0 < 1.0


def test_lasso_map_wide_design_weak_prior_is_exact_and_fast():
    """Issue 19: a 20 × 300 design at λ = 2·10⁻⁸ took about 50 s; the homotopy reaches it exactly."""
    rng = np.random.default_rng(0)
    X = rng.normal(size=(20, 300))
    y = X[:, :3] @ np.array([1.0, -2.0, 3.0]) + 0.1 * rng.normal(size=20)
    t0 = time.process_time()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        w, cert = lasso.lasso_map(X, y, 1.0, 1e8, return_certificate=True)
    assert time.process_time() - t0 < 5.0
    assert cert.converged and cert.lam == pytest.approx(2e-8)
    assert cert.relative_kkt_violation <= 1e-10
    assert lasso.lasso_kkt_violation(X, y, w, 2e-8) <= 1e-10 * 2 * float(np.max(np.abs(X.T @ y)))
    assert np.count_nonzero(w) <= 20  # at most n nonzero weights (general position)
