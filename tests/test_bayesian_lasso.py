"""Cross-checks of ``mapmath.bayesian_lasso`` (chapter 10, the full posterior the lasso summarizes).

- the sampler is exact: with one coefficient and σ² fixed its draws follow the Laplace-prior
  posterior (closed-form moments of ``mapmath.lasso.laplace_posterior_1d``, a KS test of thinned
  draws against the quadrature CDF);
- the chapter's numbers (medians and 95 % interval ends on the diabetes data, 4000 sweeps) agree
  with a run four times as long at another seed within their batch-means Monte Carlo errors;
- the scale mixture is the Laplace density, and the matched λ gives the lasso MAP given σ².
"""

from __future__ import annotations

import numpy as np
import pytest
from scipy import integrate, stats
from sklearn.datasets import load_diabetes

from mapmath.bayesian_lasso import (
    batch_means,
    bayesian_lasso_gibbs,
    matched_lasso_lambda,
    summarize_samples,
)
from mapmath.lasso import laplace_posterior_1d, lasso_map, lasso_solve

# the settings of the chapter's run (drafts/10_full_posterior.md, chapter 10)
CHAPTER = dict(n_sweeps=4000, burn_in=500, seed=10)
B_PRIOR = 50


@pytest.fixture(scope="module")
def diabetes():
    d = load_diabetes()
    X, y = d.data, d.target - d.target.mean()
    n, p = X.shape
    w = np.linalg.lstsq(X, y, rcond=None)[0]
    sigma2 = float(np.sum((y - X @ w) ** 2) / (n - p - 1))
    return X, y, sigma2


def test_gibbs_is_exact_for_one_coefficient_with_sigma2_fixed():
    """d = 1, σ² fixed: p(w | y) ∝ exp(-(w - z)²/(2σ²) - λ|w|/σ), a Laplace(0, σ/λ) prior."""
    sigma2, lam, z = 1.0, 1.5, 1.0
    run = bayesian_lasso_gibbs([[1.0]], [z], lam, n_sweeps=12000, burn_in=200, seed=3, sigma2=sigma2,
                               intercept=False)
    w = run.beta[:, 0]
    exact = laplace_posterior_1d(z, sigma2, np.sqrt(sigma2) / lam)
    for stat, truth in ((w, exact.mean), (w**2, exact.variance + exact.mean**2),
                        ((w > 0).astype(float), exact.mass_positive)):
        est, se = batch_means(stat, 30)
        assert abs(float(est) - truth) < 4 * float(se), (float(est), truth, float(se))
    thinned = w[::20]
    grid = np.linspace(-6, 8, 20001)  # the mass outside is below 1e-9
    F = integrate.cumulative_trapezoid(exact.pdf(grid), grid, initial=0.0)
    assert F[-1] == pytest.approx(1.0, abs=1e-6)
    ks = stats.kstest(thinned, lambda t: np.interp(t, grid, F))
    assert ks.pvalue > 1e-3


def test_laplace_is_a_gaussian_scale_mixture():
    """∫ N(β; 0, σ²τ²) Exp(τ²; λ²/2) dτ² = λ/(2σ) exp(-λ|β|/σ) (Andrews & Mallows 1974)."""
    sigma, lam = 1.7, 0.8
    for beta in (0.0, 0.3, 1.0, 4.0):
        mix = integrate.quad(lambda t2, beta=beta: stats.norm.pdf(beta, 0, sigma * np.sqrt(t2))
                             * stats.expon.pdf(t2, scale=2 / lam**2), 0, np.inf, epsabs=0, epsrel=1e-10)[0]
        assert mix == pytest.approx(lam / (2 * sigma) * np.exp(-lam * abs(beta) / sigma), rel=1e-7)


def test_matched_lambda_gives_the_lasso_map_given_sigma2(diabetes):
    X, y, sigma2 = diabetes
    lam_pc = np.sqrt(sigma2) / B_PRIOR
    via_prior = lasso_map(X, y, sigma2, np.sqrt(sigma2) / lam_pc)  # Laplace(0, σ/λ) prior, λ = 2σ²/b
    via_match = lasso_solve(X, y, matched_lasso_lambda(lam_pc, sigma2))
    np.testing.assert_allclose(via_match, via_prior, atol=1e-6)


def test_chapter_numbers_agree_with_a_long_run(diabetes):
    X, y, sigma2 = diabetes
    lam_pc = np.sqrt(sigma2) / B_PRIOR
    run_short = bayesian_lasso_gibbs(X, y, lam_pc, **CHAPTER)
    run_long = bayesian_lasso_gibbs(X, y, lam_pc, n_sweeps=16000, burn_in=500, seed=99)
    short, long = summarize_samples(run_short.beta), summarize_samples(run_long.beta)
    (m_s, se_s), (m_l, se_l) = batch_means(run_short.sigma2, 20, 0.5), batch_means(run_long.sigma2, 20, 0.5)
    assert abs(float(m_s - m_l)) < 4 * float(np.hypot(se_s, se_l))  # the posterior median of σ²
    for a, sa, b_, sb in ((short.median, short.median_se, long.median, long.median_se),
                          (short.lo, short.lo_se, long.lo, long.lo_se),
                          (short.hi, short.hi_se, long.hi, long.hi_se)):
        z = np.abs(a - b_) / np.sqrt(sa**2 + sb**2)
        assert np.all(z < 4), z
    # the statements of the chapter: the MAP's zeros all have intervals covering 0
    zero = lasso_solve(X, y, matched_lasso_lambda(lam_pc, sigma2)) == 0
    assert zero.sum() >= 1
    assert not np.any(long.excludes_zero() & zero)
    assert np.array_equal(short.excludes_zero(), long.excludes_zero())


def test_batch_means_matches_the_ar1_standard_error():
    """For an AR(1) chain x_t = ρ x_{t-1} + e_t the mean's asymptotic variance is
    Var(e)/(1 - ρ)² / N; batch means must recover it (fixed seed, within 25 %)."""
    rng = np.random.default_rng(0)
    rho, N = 0.8, 200_000
    e = rng.standard_normal(N)
    x = np.empty(N)
    x[0] = e[0]
    for t in range(1, N):
        x[t] = rho * x[t - 1] + e[t]
    _, se = batch_means(x, 50)
    assert float(se) == pytest.approx(1 / (1 - rho) / np.sqrt(N), rel=0.25)


def test_bad_arguments_are_named():
    with pytest.raises(ValueError, match="lam"):
        bayesian_lasso_gibbs([[1.0], [2.0]], [1.0, 2.0], -1.0)
    with pytest.raises(ValueError, match="n_batches"):
        batch_means(np.arange(10.0), 20)
