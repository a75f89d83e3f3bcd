"""The answer checkers of chapters 3 (ridge) and 4 (lasso): right answers pass, typical mistakes get hints."""

from __future__ import annotations

import numpy as np
import pytest
import sympy as sp
from checker_helpers import fresh_hints, said  # noqa: F401

from mapmath.exercises import linear as ex
from mapmath.lasso import laplace_posterior_1d

sxy, sxx, sigma2, tau2, c = sp.symbols("sxy sxx sigma2 tau2 c")
lam, m, x0, a, b, rho = sp.symbols("lam m x0 a b rho")


@pytest.mark.parametrize("answer", [
    sxy / (sxx + sigma2 / tau2),
    sxy * tau2 / (sxx * tau2 + sigma2),
    "sxy*tau2/(tau2*sxx + sigma2)",
])
def test_check_ridge_1d_accepts_the_estimate_and_rewritings(answer):
    assert ex.check_ridge_1d(answer)


@pytest.mark.parametrize("answer, hint", [
    (sxy / (sxx + tau2 / sigma2), "upside down"),
    (sxy / (sxx + 2 * sigma2 / tau2), "factor 2"),
    (sxy / (sxx + sigma2 / (2 * tau2)), "1/2"),
    (sxy / sxx, "least squares"),
    (-sxy / (sxx + sigma2 / tau2), "sign"),
    (sxy / (sxx + sigma2 * tau2), "differentiate"),
])
def test_check_ridge_1d_explains_typical_mistakes(answer, hint):
    fb = ex.check_ridge_1d(answer)
    assert not fb and hint in said(fb)


@pytest.mark.parametrize("answer", [sigma2 / sxx, "sigma2/sxx", 2 * sigma2 / (2 * sxx)])
def test_check_half_shrinkage_tau2_accepts_sigma2_over_sxx(answer):
    assert ex.check_half_shrinkage_tau2(answer)


@pytest.mark.parametrize("answer, hint", [
    (sxx / sigma2, "upside down"),
    (2 * sigma2 / sxx, "halving condition"),
    (sigma2 / (2 * sxx), "halving condition"),
    (sxx, "penalty weight"),
])
def test_check_half_shrinkage_tau2_explains_typical_mistakes(answer, hint):
    fb = ex.check_half_shrinkage_tau2(answer)
    assert not fb and hint in said(fb)


def test_check_lasso_lambda_max_accepts_2c_and_flags_missing_factor_2():
    assert ex.check_lasso_lambda_max(2 * c)
    assert ex.check_lasso_lambda_max("c + c")
    assert "factor is missing" in said(ex.check_lasso_lambda_max(c))
    assert not ex.check_lasso_lambda_max(c / 2)
    assert not ex.check_lasso_lambda_max(3 * c)


@pytest.mark.parametrize("answer", [sigma2 / c, "sigma2/c", 2 * sigma2 / (2 * c)])
def test_check_lasso_b_max_accepts_sigma2_over_c(answer):
    assert ex.check_lasso_b_max(answer)


@pytest.mark.parametrize("answer, hint", [
    (2 * sigma2 / c, "too many"),
    (sigma2 / (2 * c), "too few"),
    (c / sigma2, "upside down"),
])
def test_check_lasso_b_max_explains_typical_mistakes(answer, hint):
    fb = ex.check_lasso_b_max(answer)
    assert not fb and hint in said(fb)


def test_check_laplace_posterior_mean_accepts_the_quadrature_value_and_flags_mode_and_mle():
    mean = laplace_posterior_1d(**ex.LAPLACE_MEAN_EXAMPLE).mean
    assert ex.check_laplace_posterior_mean(mean)
    assert ex.check_laplace_posterior_mean(mean * (1 + 1e-9))
    assert "MODE" in said(ex.check_laplace_posterior_mean(0.0))
    assert "maximum-likelihood" in said(ex.check_laplace_posterior_mean(2.0))
    assert not ex.check_laplace_posterior_mean(round(mean, 2))
    assert ex.check_laplace_posterior_mean(repr(mean))  # a numeric string is read as a number
    fb = ex.check_laplace_posterior_mean("mean")
    assert not fb and "number" in said(fb)


# --------------------------------------------------------------------------- chapter 3, the depth sections
def test_check_ridge_df_accepts_the_sum_of_shrinkage_factors_computed_independently():
    sv = np.array(ex.DF_EXAMPLE["singular_values"])
    lam_value = ex.DF_EXAMPLE["lam"]
    # independent: the trace of the hat matrix of a design with exactly these singular values
    X = np.linalg.qr(np.random.default_rng(1).normal(size=(6, 3)))[0] @ np.diag(sv)
    df = float(np.trace(X @ np.linalg.solve(X.T @ X + lam_value * np.eye(3), X.T)))
    assert ex.check_ridge_df(df)
    assert ex.check_ridge_df(sp.Rational(20, 11))       # 9/11 + 4/6 + 1/3 by hand
    assert ex.check_ridge_df("20/11")
    assert not ex.check_ridge_df(df + 0.01)


@pytest.mark.parametrize("answer, hint", [
    (3, "rank"),
    (3 / 5 + 2 / 4 + 1 / 3, "square the singular values"),
    (3 - 20 / 11, "loses"),
    (1.0, "sum the shrinkage factors"),
])
def test_check_ridge_df_explains_typical_mistakes(answer, hint):
    fb = ex.check_ridge_df(answer)
    assert not fb and hint in said(fb)


@pytest.mark.parametrize("answer", [sp.sqrt(lam) * m, "sqrt(lam)*m", "m*lam**(1/2)", "lam*m/sqrt(lam)"])
def test_check_pseudo_response_accepts_sqrt_lambda_times_the_prior_mean(answer):
    assert ex.check_pseudo_response(answer)


@pytest.mark.parametrize("answer, hint", [
    (m, "not e_j"),
    (lam * m, "too large"),
    (m / sp.sqrt(lam), "falls as λ grows"),
    (0, "plain ridge"),
    (sp.sqrt(lam), "depend on the prior mean"),
    (2 * m, "expand the squared residual"),
])
def test_check_pseudo_response_explains_typical_mistakes(answer, hint):
    fb = ex.check_pseudo_response(answer)
    assert not fb and hint in said(fb)


def test_check_pseudo_response_matches_least_squares_on_augmented_data_with_a_prior_mean():
    """Least squares on [X; √λ I], [y; √λ m] is the MAP under w ~ N(m, τ²I), λ = σ²/τ²."""
    rng = np.random.default_rng(3)
    X, y, m_vec = rng.normal(size=(15, 3)), rng.normal(size=15), np.array([1.0, -2.0, 0.5])
    lam_value = 2.5
    r = np.array([float((sp.sqrt(lam) * m).subs({lam: lam_value, m: mj})) for mj in m_vec])
    w_aug = np.linalg.lstsq(np.vstack([X, np.sqrt(lam_value) * np.eye(3)]), np.concatenate([y, r]),
                            rcond=None)[0]
    w_map = np.linalg.solve(X.T @ X + lam_value * np.eye(3), X.T @ y + lam_value * m_vec)
    np.testing.assert_allclose(w_aug, w_map, rtol=1e-10)
    assert ex.check_pseudo_response(sp.sqrt(lam) * m)


@pytest.mark.parametrize("answer", [
    sigma2 + x0**2 / (sxx / sigma2 + 1 / tau2),
    "sigma2 + sigma2*tau2*x0**2/(sigma2 + sxx*tau2)",
    "sigma2*(1 + x0**2*tau2/(sigma2 + sxx*tau2))",
])
def test_check_predictive_variance_1d_accepts_noise_plus_parameter_variance(answer):
    assert ex.check_predictive_variance_1d(answer)


@pytest.mark.parametrize("answer, hint", [
    (x0**2 / (sxx / sigma2 + 1 / tau2), "own noise"),
    (sigma2, "plug-in"),
    (sigma2 + x0**2 * tau2, "prior variance"),
    (sigma2 + x0**2 * sigma2 / sxx, "least-squares"),
    (sigma2 + x0**2 * (sxx / sigma2 + 1 / tau2), "inverse of the precision"),
    (sigma2 + x0 / (sxx / sigma2 + 1 / tau2), "add the two variances"),
])
def test_check_predictive_variance_1d_explains_typical_mistakes(answer, hint):
    fb = ex.check_predictive_variance_1d(answer)
    assert not fb and hint in said(fb)


def test_check_predictive_variance_1d_agrees_with_a_monte_carlo_predictive():
    from mapmath.ridge import ridge_posterior

    rng = np.random.default_rng(4)
    x, y = rng.normal(size=20), rng.normal(size=20)
    s2, t2, x_new = 0.7, 1.3, 1.8
    post = ridge_posterior(x[:, None], y, s2, t2)
    draws = rng.normal(post.mean[0], np.sqrt(post.covariance[0, 0]), 400_000) * x_new \
        + rng.normal(0.0, np.sqrt(s2), 400_000)
    formula = sigma2 + x0**2 / (sxx / sigma2 + 1 / tau2)
    value = float(formula.subs({sigma2: s2, tau2: t2, sxx: float(x @ x), x0: x_new}))
    assert abs(draws.var() - value) < 0.02 * value
    assert ex.check_predictive_variance_1d(formula)


@pytest.mark.parametrize("answer", [-(b - rho * a) / (1 - rho**2), "(rho*a - b)/(1 - rho**2)",
                                    "(a*rho - b)/((1 - rho)*(1 + rho))"])
def test_check_ridge_path_slope_accepts_the_derivative(answer):
    assert ex.check_ridge_path_slope(answer)


@pytest.mark.parametrize("answer, hint", [
    ((b - rho * a) / (1 - rho**2), "sign error"),
    (-b, "orthonormal"),
    (-(b - rho * a), "a factor you left out"),
    (-(b + rho * a) / (1 - rho**2), "off-diagonal"),
    (-a / (1 - rho**2), "differentiate"),
])
def test_check_ridge_path_slope_explains_typical_mistakes(answer, hint):
    fb = ex.check_ridge_path_slope(answer)
    assert not fb and hint in said(fb)


def test_check_ridge_path_slope_matches_a_finite_difference_of_the_ridge_path():
    from mapmath.ridge import ridge_map

    a_v, b_v, rho_v = 2.0, 0.4, 0.6
    G = np.array([[1.0, rho_v], [rho_v, 1.0]])
    X = np.linalg.cholesky(G).T                    # XᵀX = G
    y = np.linalg.solve(X.T, G @ np.array([a_v, b_v]))  # Xᵀy = G (a, b): least squares is (a, b)
    h = 1e-6
    slope = (ridge_map(X, y, h, 1.0)[1] - ridge_map(X, y, h / 2, 1.0)[1]) / (h / 2)
    formula = -(b - rho * a) / (1 - rho**2)
    value = float(formula.subs({a: a_v, b: b_v, rho: rho_v}))
    assert abs(slope - value) < 1e-5
    assert value > 0 and ex.check_ridge_path_slope(formula)   # here ŵ₂ > 0 grows at first
