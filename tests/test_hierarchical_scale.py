"""The hierarchical scale: the joint collapse, the marginal likelihood (against SciPy's
multivariate normal and Monte Carlo), type-II ML and the boundary-avoiding gamma prior."""

from __future__ import annotations

import numpy as np
import pytest
import sympy as sp
from scipy import optimize, stats

from mapmath.hierarchical_scale import (
    derive_joint_collapse,
    empirical_bayes_tau2,
    gamma_tau_log_prior,
    joint_neg_log_posterior,
    log_marginal_likelihood,
    marginal_posterior_mode_tau,
    score_at_zero,
)


def _problem(seed: int, n: int = 20, d: int = 5, scale: float = 0.15):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, d))
    y = X @ rng.normal(scale=scale, size=d) + rng.normal(size=n)
    return X, y


@pytest.mark.parametrize("tau2", [0.0, 0.01, 0.3, 2.0, 50.0])
@pytest.mark.parametrize("shape", [(20, 5), (4, 7)])
def test_log_marginal_likelihood_equals_scipy_multivariate_normal(tau2, shape):
    rng = np.random.default_rng(3)
    X = rng.normal(size=shape)
    y = rng.normal(size=shape[0])
    cov = 0.7 * np.eye(shape[0]) + tau2 * X @ X.T
    expected = stats.multivariate_normal(np.zeros(shape[0]), cov).logpdf(y)
    assert log_marginal_likelihood(tau2, X, y, 0.7) == pytest.approx(expected, rel=1e-10)


def test_marginal_likelihood_equals_monte_carlo_average_of_the_likelihood():
    rng = np.random.default_rng(8)
    X = rng.normal(size=(3, 2))
    y = np.array([0.4, -1.1, 0.8])
    tau2, sigma2 = 0.8, 0.5
    w = rng.normal(scale=np.sqrt(tau2), size=(400_000, 2))
    lik = stats.norm.pdf(y[None, :], w @ X.T, np.sqrt(sigma2)).prod(axis=1)
    mc, se = lik.mean(), lik.std() / np.sqrt(lik.size)
    exact = np.exp(log_marginal_likelihood(tau2, X, y, sigma2))
    assert abs(mc - exact) < 4 * se and se / exact < 0.01


def test_joint_objective_equals_scipy_log_densities():
    X, y = _problem(0)
    w = np.linspace(-0.3, 0.4, 5)
    expected = -(stats.multivariate_normal(X @ w, 1.3 * np.eye(20)).logpdf(y)
                 + stats.multivariate_normal(np.zeros(5), 0.2 * np.eye(5)).logpdf(w))
    assert joint_neg_log_posterior(w, 0.2, X, y, 1.3) == pytest.approx(expected, rel=1e-12)


def test_joint_objective_tends_to_minus_infinity_at_w0_as_tau2_shrinks():
    X, y = _problem(0)
    vals = [joint_neg_log_posterior(np.zeros(5), 10.0**-k, X, y, 1.0) for k in range(1, 12)]
    assert np.allclose(np.diff(vals), -5 / 2 * np.log(10))        # (d/2) log τ² per decade
    lim = derive_joint_collapse()
    assert lim.limit_at_w0 == -sp.oo and lim.limit_at_w_nonzero == sp.oo and lim.profile_limit == -sp.oo


def test_score_at_zero_equals_finite_difference():
    X, y = _problem(2)
    h = 1e-7
    fd = (log_marginal_likelihood(h, X, y, 1.2) - log_marginal_likelihood(0.0, X, y, 1.2)) / h
    assert score_at_zero(X, y, 1.2) == pytest.approx(fd, rel=1e-5)


@pytest.mark.parametrize("seed", range(6))
def test_empirical_bayes_tau2_is_the_maximum_of_the_marginal_likelihood(seed):
    X, y = _problem(seed)
    t2 = empirical_bayes_tau2(X, y, 1.0)
    grid = np.concatenate([[0.0], np.logspace(-8, 3, 2201)])
    vals = np.array([log_marginal_likelihood(g, X, y, 1.0) for g in grid])
    assert log_marginal_likelihood(t2, X, y, 1.0) >= vals.max() - 1e-9
    if t2 == 0.0:
        assert score_at_zero(X, y, 1.0) <= 0
    else:
        res = optimize.minimize_scalar(lambda u: -log_marginal_likelihood(np.exp(u), X, y, 1.0),
                                       bracket=(np.log(t2) - 1, np.log(t2) + 1))
        assert t2 == pytest.approx(np.exp(res.x), rel=1e-4)


def test_empirical_bayes_one_column_has_the_closed_form():
    rng = np.random.default_rng(4)
    x = rng.normal(size=30)
    for slope in (0.0, 0.05, 0.5):
        y = slope * x + rng.normal(size=30)
        sxx, sxy = x @ x, x @ y
        expected = max(sxy**2 / sxx**2 - 1.0 / sxx, 0.0)
        assert empirical_bayes_tau2(x[:, None], y, 1.0) == pytest.approx(expected, rel=1e-6, abs=1e-12)


def test_gamma_prior_logpdf_equals_scipy():
    for t in (0.01, 0.5, 3.0):
        assert gamma_tau_log_prior(t, 2.0, 0.1) == pytest.approx(stats.gamma(2.0, scale=10.0).logpdf(t), rel=1e-12)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_marginal_posterior_mode_is_positive_and_is_the_maximum(seed):
    X, y = _problem(seed)
    tau = marginal_posterior_mode_tau(X, y, 1.0, rate=0.1)
    assert tau > 0.05
    grid = np.linspace(1e-4, 3, 3001)
    f = np.array([log_marginal_likelihood(t * t, X, y, 1.0) for t in grid]) + stats.gamma(2.0, scale=10.0).logpdf(grid)
    best = grid[int(np.argmax(f))]
    assert abs(tau - best) <= 1e-3
    res = optimize.minimize_scalar(lambda t: -(log_marginal_likelihood(t * t, X, y, 1.0)
                                               + stats.gamma(2.0, scale=10.0).logpdf(t)),
                                   bounds=(best - 2e-3, best + 2e-3), method="bounded", options={"xatol": 1e-10})
    assert tau == pytest.approx(res.x, abs=1e-6)


def test_gamma_prior_does_not_rescue_the_joint_mode_in_d_ge_2():
    X, y = _problem(0)
    d = X.shape[1]
    # -log p(w = 0, τ | y) with the Gamma(2, 0.1) prior on τ: (d - 1) log τ per unit log τ
    vals = [joint_neg_log_posterior(np.zeros(d), t**2, X, y, 1.0) - gamma_tau_log_prior(t)
            for t in 10.0 ** -np.arange(1, 8)]
    assert np.allclose(np.diff(vals), -(d - 1) * np.log(10), rtol=1e-3)


# generic bad inputs: tests/test_common_battery.py; here the boundary-avoiding shape > 1
@pytest.mark.parametrize("call, words", [
    (lambda: marginal_posterior_mode_tau(np.ones((2, 1)), [1.0, 2.0], 1.0, shape=1.0), "shape must be .*> 1"),
])
def test_arguments_are_validated(call, words):
    with pytest.raises((TypeError, ValueError), match=words):
        call()
