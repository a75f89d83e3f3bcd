"""The normal–normal model: the MAP of a Gaussian mean under a Gaussian prior (mapmath.gaussian)."""

from __future__ import annotations

import numpy as np
import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import optimize, stats

from mapmath import assert_close
from mapmath.gaussian import (
    derive_gaussian_map,
    gaussian_log_posterior,
    gaussian_map,
    gaussian_mle,
    gaussian_posterior,
    gaussian_posterior_mean,
    gaussian_prior_weight,
    mu0_sym,
    mu_sym,
    n_sym,
    sigma2_sym,
    sum_of_squares_decomposition,
    tau2_sym,
    xbar_sym,
)

finite = st.floats(min_value=-50, max_value=50, allow_nan=False, allow_infinity=False)
variance = st.floats(min_value=1e-2, max_value=1e2)
samples = st.lists(finite, min_size=1, max_size=30)


@pytest.fixture(scope="module")
def derivation():
    return derive_gaussian_map()


def test_stationary_point_is_precision_weighted_average(derivation):
    expected = (sigma2_sym * mu0_sym + n_sym * tau2_sym * xbar_sym) / (sigma2_sym + n_sym * tau2_sym)
    assert sp.simplify(derivation.map - expected) == 0
    assert sp.simplify(derivation.derivative.subs(mu_sym, derivation.map)) == 0


def test_log_posterior_is_strictly_concave(derivation):
    assert derivation.second_derivative.free_symbols.isdisjoint({mu_sym})
    assert sp.simplify(derivation.second_derivative + n_sym / sigma2_sym + 1 / tau2_sym) == 0
    assert derivation.second_derivative.is_negative


def test_posterior_is_gaussian_so_mode_equals_mean(derivation):
    # log posterior minus −(μ − m)²/(2v) does not depend on μ: the posterior is N(m, v).
    assert sp.simplify(sp.diff(derivation.log_posterior - derivation.completed_square, mu_sym)) == 0
    assert sp.simplify(derivation.map - derivation.posterior_mean) == 0


def test_map_tends_to_mle_for_a_flat_prior(derivation):
    assert derivation.mle == xbar_sym
    assert sp.limit(derivation.map, n_sym, sp.oo) == xbar_sym
    assert sp.simplify(derivation.map.subs(n_sym, 0) - mu0_sym) == 0


def test_sum_of_squares_decomposition():
    lhs, rhs = sum_of_squares_decomposition(4)
    assert sp.expand(lhs - rhs) == 0
    with pytest.raises(ValueError, match="n must be"):
        sum_of_squares_decomposition(0)


def _conjugate_by_scipy(x, sigma2, mu0, tau2):
    """Posterior of μ from the product of Gaussian densities, normalized numerically on a grid."""
    post = gaussian_posterior(x, sigma2, mu0, tau2)
    sd = np.sqrt(post.variance)
    grid = np.linspace(post.mean - 12 * sd, post.mean + 12 * sd, 40001)
    log_f = stats.norm.logpdf(grid, mu0, np.sqrt(tau2)) + np.sum(
        stats.norm.logpdf(np.asarray(x)[:, None], grid[None, :], np.sqrt(sigma2)), axis=0)
    f = np.exp(log_f - log_f.max())
    f /= np.trapezoid(f, grid)
    mean = np.trapezoid(grid * f, grid)
    var = np.trapezoid((grid - mean) ** 2 * f, grid)
    return grid[np.argmax(f)], mean, var


def test_posterior_matches_product_of_scipy_normal_densities():
    rng = np.random.default_rng(8)
    x = rng.normal(1.5, 2.0, size=12)
    mode, mean, var = _conjugate_by_scipy(x, 4.0, -1.0, 0.5)
    post = gaussian_posterior(x, 4.0, -1.0, 0.5)
    assert_close(mean, post.mean, rtol=1e-8, what="posterior mean")
    assert_close(var, post.variance, rtol=1e-6, what="posterior variance")
    assert abs(mode - post.mean) < 1e-3


@settings(max_examples=60, deadline=None)
@given(samples, variance, finite, variance)
def test_map_maximizes_the_log_posterior_numerically(x, sigma2, mu0, tau2):
    m = gaussian_map(x, sigma2, mu0, tau2)
    res = optimize.minimize_scalar(lambda t: -gaussian_log_posterior(t, x, sigma2, mu0, tau2),
                                   bracket=(m - 1.0, m + 1.0), tol=1e-12)
    post = gaussian_posterior(x, sigma2, mu0, tau2)
    assert abs(res.x - m) <= 1e-5 * (1 + abs(m)) + 10 * np.sqrt(post.variance) * 1e-6


@settings(max_examples=60, deadline=None)
@given(samples, variance, finite, variance)
def test_map_is_weighted_average_between_prior_mean_and_mle(x, sigma2, mu0, tau2):
    w = gaussian_prior_weight(len(x), sigma2, tau2)
    m = gaussian_map(x, sigma2, mu0, tau2)
    xbar = gaussian_mle(x)
    assert 0 < w < 1
    assert_close(m, w * mu0 + (1 - w) * xbar, rtol=1e-9, atol=1e-9, what="weighted average")
    assert min(mu0, xbar) - 1e-9 <= m <= max(mu0, xbar) + 1e-9
    assert gaussian_posterior_mean(x, sigma2, mu0, tau2) == m


@settings(max_examples=40, deadline=None)
@given(samples, variance, finite, variance)
def test_posterior_variance_is_below_prior_and_data_variances(x, sigma2, mu0, tau2):
    v = gaussian_posterior(x, sigma2, mu0, tau2).variance
    assert v <= tau2 and v <= sigma2 / len(x)
    assert_close(1 / v, len(x) / sigma2 + 1 / tau2, rtol=1e-12, what="posterior precision")


def test_mle_is_sample_mean_and_flat_prior_limit():
    x = [1.0, 2.0, 6.0]
    assert gaussian_mle(x) == 3.0
    assert_close(gaussian_map(x, 1.0, -100.0, 1e12), 3.0, rtol=1e-9, what="τ² → ∞")
    assert_close(gaussian_map(x, 1.0, -100.0, 1e-12), -100.0, rtol=1e-9, what="τ² → 0")


def test_single_observation_boundary_case():
    # n = 1, σ² = τ²: the MAP is the midpoint of the observation and the prior mean.
    assert_close(gaussian_map([4.0], 2.0, 0.0, 2.0), 2.0, what="midpoint")
    assert gaussian_prior_weight(0, 1.0, 1.0) == 1.0


# empty, NaN, string, 0, negative, inf, bool arguments: tests/test_common_battery.py
@pytest.mark.parametrize("kwargs, exc, words", [
    ({"x": [[1.0, 2.0]], "sigma2": 1, "mu0": 0, "tau2": 1}, ValueError, "x must be a 1-D"),
])
def test_invalid_arguments_name_the_parameter(kwargs, exc, words):
    with pytest.raises(exc, match=words):
        gaussian_posterior(**kwargs)


# gaussian_mle([]), gaussian_prior_weight(-1, ...), a NaN mu: tests/test_common_battery.py
