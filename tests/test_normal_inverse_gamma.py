"""The normal–inverse-gamma update and the Student-t predictive against SciPy, quadrature and Monte Carlo."""

from __future__ import annotations

import numpy as np
import pytest
import sympy as sp
from scipy import integrate, stats

from mapmath.normal_inverse_gamma import (
    derive_nig_update,
    derive_t_predictive,
    nig_posterior,
    nig_predictive,
    t_to_normal_width_ratio,
)


def _problem(seed=0, n=15, d=3):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, d))
    y = X @ rng.normal(size=d) + rng.normal(scale=0.8, size=n)
    return X, y


def test_posterior_is_prior_times_likelihood_up_to_a_constant():
    """log NIG posterior - (log prior + log likelihood) is the same at every (w, σ²)."""
    X, y = _problem()
    m0, V0, a0, b0 = np.array([0.2, 0.0, -0.1]), np.diag([2.0, 1.0, 0.5]), 2.0, 1.5
    post = nig_posterior(X, y, m0, V0, a0, b0)
    rng = np.random.default_rng(1)
    gaps = []
    for _ in range(5):
        w, s2 = rng.normal(size=3), rng.uniform(0.3, 2.0)
        log_prior = (stats.multivariate_normal(m0, s2 * V0).logpdf(w) + stats.invgamma.logpdf(s2, a0, scale=b0))
        log_lik = stats.norm.logpdf(y, X @ w, np.sqrt(s2)).sum()
        log_post = (stats.multivariate_normal(post.mean, s2 * post.cov_factor).logpdf(w)
                    + stats.invgamma.logpdf(s2, post.a, scale=post.b))
        gaps.append(log_post - log_prior - log_lik)
    np.testing.assert_allclose(gaps, gaps[0], rtol=0, atol=1e-9)


def test_symbolic_update_matches_numeric_one_weight():
    U = derive_nig_update()
    assert U.gap.free_symbols.isdisjoint({U.w, U.sigma2})
    X, y = _problem(2, n=12, d=1)
    post = nig_posterior(X, y, np.array([0.3]), np.array([[2.0]]), 1.5, 0.7)
    sym = {s.name: s for s in U.b_n.free_symbols | U.m_n.free_symbols | U.a_n.free_symbols}
    vals = {sym["s_xx"]: float(X[:, 0] @ X[:, 0]), sym["s_xy"]: float(X[:, 0] @ y), sym["s_yy"]: float(y @ y),
            sym["m0"]: 0.3, sym["v0"]: 2.0, sym["b0"]: 0.7}
    assert float(U.v_n.subs(vals)) == pytest.approx(post.cov_factor[0, 0], rel=1e-12)
    assert float(U.m_n.subs(vals)) == pytest.approx(post.mean[0], rel=1e-12)
    assert float(U.b_n.subs(vals)) == pytest.approx(post.b, rel=1e-12)
    assert float(U.a_n.subs({sym["a0"]: 1.5, sym["n"]: 12})) == post.a


def test_t_predictive_density_is_the_gaussian_integrated_over_the_inverse_gamma():
    T = derive_t_predictive()
    for r, a, b, k in ((0.3, 1.5, 0.8, 1.1), (-2.0, 4.0, 2.0, 1.7)):
        sym = float(T.mixture.subs({T.r: r, T.a: a, T.b: b, T.k: k}))
        quad = integrate.quad(lambda s2, r=r, a=a, b=b, k=k: stats.norm.pdf(r, scale=np.sqrt(s2 * k))
                              * stats.invgamma.pdf(s2, a, scale=b), 0, np.inf)[0]
        assert sym == pytest.approx(quad, rel=1e-7)
        assert sym == pytest.approx(stats.t.pdf(r, 2 * a, scale=np.sqrt(b * k / a)), rel=1e-12)
    assert sp.simplify(sp.powsimp(T.mixture / T.student_t, force=True)) == 1


def test_t_predictive_against_monte_carlo():
    X, y = _problem(3, n=8, d=3)
    post = nig_posterior(X, y, np.zeros(3), np.eye(3), 1.0, 1.0)
    x_new = np.array([[0.5, -1.0, 0.3]])
    pred = nig_predictive(post, x_new)
    rng = np.random.default_rng(4)
    m = 100_000
    s2 = stats.invgamma.rvs(post.a, scale=post.b, size=m, random_state=rng)
    z = rng.standard_normal((m, 3)) @ np.linalg.cholesky(post.cov_factor).T
    w = post.mean + np.sqrt(s2)[:, None] * z
    y_new = w @ x_new[0] + np.sqrt(s2) * rng.standard_normal(m)
    ks = stats.kstest(y_new, stats.t(pred.df, loc=pred.loc[0], scale=pred.scale[0]).cdf)
    assert ks.pvalue > 1e-3
    lo, hi = pred.interval(0.9)
    inside = np.mean((y_new > lo[0]) & (y_new < hi[0]))
    assert abs(inside - 0.9) < 4 * np.sqrt(0.9 * 0.1 / m)


def test_width_ratio_falls_to_one():
    ratios = [t_to_normal_width_ratio(df) for df in (3.0, 10.0, 100.0, 1e6)]
    assert all(np.diff(ratios) < 0) and ratios[-1] == pytest.approx(1.0, abs=1e-5)
    assert ratios[0] == pytest.approx(stats.t.ppf(0.975, 3) / stats.norm.ppf(0.975), rel=1e-12)


def test_posterior_mean_is_ridge_with_lambda_one_over_v0():
    X, y = _problem(5, n=30, d=4)
    post = nig_posterior(X, y, np.zeros(4), 0.5 * np.eye(4), 1.0, 1.0)
    np.testing.assert_allclose(post.mean, np.linalg.solve(X.T @ X + 2.0 * np.eye(4), X.T @ y), rtol=1e-12)


def test_nig_posterior_rejects_a_bad_prior_covariance():
    X, y = _problem()
    with pytest.raises(ValueError, match="prior_cov_factor"):
        nig_posterior(X, y, np.zeros(3), -np.eye(3), 1.0, 1.0)
    with pytest.raises(ValueError, match="prior_cov_factor"):
        nig_posterior(X, y, np.zeros(3), np.triu(np.ones((3, 3))), 1.0, 1.0)
