"""Cross-checks of ``mapmath.eight_schools`` (chapter 10, the hierarchical scale done fully):
eq. 5.21's marginal likelihood against a numerical integral over μ, and the quadrature summaries
of p(τ | y) against a brute-force grid, to 1e-6."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import integrate, stats

from mapmath.eight_schools import (
    eight_schools_data,
    log_marginal_likelihood_tau,
    marginal_score_at_zero,
    school_effect_mean,
    tau_posterior,
    type2_ml_tau,
)

Y, S = eight_schools_data()


def _ml_by_quad(tau: float) -> float:
    """∫ Π_j N(y_j; μ, σ_j² + τ²) dμ, the flat prior on μ integrated numerically."""
    sd = np.sqrt(S**2 + tau**2)
    return integrate.quad(lambda mu: float(np.prod(stats.norm.pdf(Y, mu, sd))), -200, 200,
                          epsabs=0, epsrel=1e-12, limit=200, points=[0.0, 10.0])[0]


@pytest.mark.parametrize("tau", [0.0, 0.5, 3.0, 10.0, 40.0])
def test_marginal_likelihood_equals_the_numerical_integral_over_mu(tau):
    assert np.exp(log_marginal_likelihood_tau(tau, Y, S)) == pytest.approx(_ml_by_quad(tau), rel=1e-8)


def test_type2_ml_is_zero_and_the_likelihood_falls_from_zero():
    assert type2_ml_tau(Y, S) == 0.0
    grid = np.linspace(0, 100, 2001)
    ml = log_marginal_likelihood_tau(grid, Y, S)
    assert np.all(np.diff(ml) < 0)
    h = 1e-4  # score in τ² against a central difference
    fd = (log_marginal_likelihood_tau(np.sqrt(2 * h), Y, S) - log_marginal_likelihood_tau(0.0, Y, S)) / (2 * h)
    assert marginal_score_at_zero(Y, S) == pytest.approx(fd, rel=1e-3)
    assert marginal_score_at_zero(Y, S) < 0


@pytest.fixture(scope="module")
def grid_posterior():
    """p(τ | y) on a fine grid (trapezoid), with the tail beyond 100 by quad, independently of
    the module's quadrature and root finding (half-Cauchy(0, 25) prior, SciPy's density)."""
    t = np.linspace(0.0, 100.0, 400_001)
    f = np.exp(log_marginal_likelihood_tau(t, Y, S)) * 2 * stats.cauchy.pdf(t, scale=25.0)
    cum = integrate.cumulative_trapezoid(f, t, initial=0.0)
    tail = integrate.quad(lambda u: np.exp(log_marginal_likelihood_tau(u, Y, S)) * 2
                          * stats.cauchy.pdf(u, scale=25.0), 100.0, np.inf)[0]
    z = cum[-1] + tail
    return t, f / z, cum / z, z


def test_tau_posterior_summaries_agree_with_a_brute_force_grid(grid_posterior):
    t, pdf, cdf, z = grid_posterior
    post = tau_posterior(Y, S, 25.0)
    assert post.log_z == pytest.approx(np.log(z), abs=1e-8)
    for q, value in ((0.5, post.median), (0.025, post.lo), (0.975, post.hi)):
        assert value == pytest.approx(float(np.interp(q, cdf, t)), abs=1e-6)
    assert post.mode == 0.0 and np.argmax(pdf) == 0
    assert post.log_tau_mode == pytest.approx(float(t[np.argmax(t * pdf)]), abs=1e-3)
    assert post.mean == pytest.approx(integrate.trapezoid(t * pdf, t) + integrate.quad(
        lambda u: u * post.pdf(u), 100.0, np.inf)[0], abs=1e-6)
    assert post.cdf(post.median) == pytest.approx(0.5, abs=1e-10)


def test_school_effect_mean_matches_the_normal_posterior():
    """E[θ | τ, y] by integrating E[θ | μ, τ, y] against N(μ̂, V_μ) numerically."""
    tau = 7.0
    v = S**2 + tau**2
    mu_hat, V = np.sum(Y / v) / np.sum(1 / v), 1 / np.sum(1 / v)
    cond = lambda mu: (Y / S**2 + mu / tau**2) / (1 / S**2 + 1 / tau**2)  # noqa: E731
    num = np.array([integrate.quad(lambda mu, j=j: cond(mu)[j] * stats.norm.pdf(mu, mu_hat, np.sqrt(V)),
                                   -100, 100)[0] for j in range(8)])
    np.testing.assert_allclose(school_effect_mean(tau, Y, S), num, rtol=1e-8)


def test_school_effect_mean_of_an_array_of_taus_is_one_row_per_tau():
    taus = np.array([0.0, 0.5, 7.0, 400.0])
    rows = school_effect_mean(taus, Y, S)
    assert rows.shape == (4, 8)
    np.testing.assert_allclose(rows, [school_effect_mean(float(t), Y, S) for t in taus], rtol=1e-13)


def test_interior_maxima_match_a_dense_grid():
    """Spread-out data: type-II ML and the posterior mode of τ are interior; both against a dense
    grid of the same functions (SciPy's half-Cauchy density for the prior)."""
    y = np.array([30.0, -20.0, 25.0, -15.0, 40.0, -30.0, 10.0, 0.0])
    t = np.linspace(0.0, 100.0, 1_000_001)
    lml = log_marginal_likelihood_tau(t, y, S)
    assert type2_ml_tau(y, S) == pytest.approx(t[np.argmax(lml)], abs=1e-4)
    post = lml + np.log(2 * stats.cauchy.pdf(t, scale=25.0))
    assert tau_posterior(y, S, 25.0).mode == pytest.approx(t[np.argmax(post)], abs=1e-4)
