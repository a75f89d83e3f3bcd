"""The answer checkers of chapters 3 (ridge) and 4 (lasso): right answers pass, typical mistakes get hints."""

from __future__ import annotations

import pytest
import sympy as sp

from mapmath.exercises import linear as ex
from mapmath.lasso import laplace_posterior_1d

sxy, sxx, sigma2, tau2, c = sp.symbols("sxy sxx sigma2 tau2 c")


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
    assert not fb and hint in fb.message


@pytest.mark.parametrize("answer", [sigma2 / sxx, "sigma2/sxx", 2 * sigma2 / (2 * sxx)])
def test_check_half_shrinkage_tau2_accepts_sigma2_over_sxx(answer):
    assert ex.check_half_shrinkage_tau2(answer)


@pytest.mark.parametrize("answer, hint", [
    (sxx / sigma2, "upside down"),
    (2 * sigma2 / sxx, "not λ = sxx/2"),
    (sigma2 / (2 * sxx), "not λ = 2·sxx"),
    (sxx, "penalty weight"),
])
def test_check_half_shrinkage_tau2_explains_typical_mistakes(answer, hint):
    fb = ex.check_half_shrinkage_tau2(answer)
    assert not fb and hint in fb.message


def test_check_lasso_lambda_max_accepts_2c_and_flags_missing_factor_2():
    assert ex.check_lasso_lambda_max(2 * c)
    assert ex.check_lasso_lambda_max("c + c")
    assert "missing factor 2" in ex.check_lasso_lambda_max(c).message
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
    assert not fb and hint in fb.message


def test_check_laplace_posterior_mean_accepts_the_quadrature_value_and_flags_mode_and_mle():
    mean = laplace_posterior_1d(**ex.LAPLACE_MEAN_EXAMPLE).mean
    assert ex.check_laplace_posterior_mean(mean)
    assert ex.check_laplace_posterior_mean(mean * (1 + 1e-9))
    assert "MODE" in ex.check_laplace_posterior_mean(0.0).message
    assert "maximum-likelihood" in ex.check_laplace_posterior_mean(2.0).message
    assert not ex.check_laplace_posterior_mean(round(mean, 2))
    assert ex.check_laplace_posterior_mean(repr(mean))  # a numeric string is read as a number
    fb = ex.check_laplace_posterior_mean("mean")
    assert not fb and "number" in fb.message
