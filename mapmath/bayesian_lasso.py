"""The full posterior the lasso mode summarizes: the Bayesian lasso Gibbs sampler.

Park & Casella (2008), §2: with ``y`` centred (a flat-prior intercept integrated out) and
``X`` of ``p`` centred columns,

    y | β, σ² ~ N(Xβ, σ² I_n),
    β_j | τ_j², σ² ~ N(0, σ² τ_j²),      τ_j² ~ Exp(rate λ²/2)   (independent),
    π(σ²) ∝ 1/σ²,

so that, integrating ``τ_j²`` out, ``β_j | σ² ~ Laplace(0, σ/λ)`` (density
``λ/(2σ) exp(-λ|β_j|/σ)``): the Laplace prior as a Gaussian scale mixture (Andrews & Mallows 1974).
The prior is scaled by ``σ``, which keeps the joint posterior unimodal (Park & Casella 2008, §2).
Given ``σ²``, the posterior mode of ``β`` minimizes ``‖y - Xβ‖² + 2σλ‖β‖₁``: the lasso of
``mapmath.lasso`` with ``λ_lasso = 2σλ`` (:func:`matched_lasso_lambda`).

The Gibbs sampler draws in turn from the full conditionals (``D = diag(τ_1², …, τ_p²)``,
``A = XᵀX + D⁻¹``):

    β | y, σ², τ² ~ N(A⁻¹Xᵀy, σ² A⁻¹),
    σ² | y, β, τ² ~ InvGamma((n - 1)/2 + p/2, ‖y - Xβ‖²/2 + βᵀD⁻¹β/2),
    1/τ_j² | β_j, σ² ~ InvGaussian(mean √(λ²σ²/β_j²), shape λ²).

(``n - 1`` because the intercept was integrated out; ``n`` with ``intercept=False``.) With
``sigma2`` given, σ² is held fixed and the prior on β is Laplace(0, √σ²/λ) given that σ².
:func:`batch_means` gives the Monte Carlo standard error of a statistic of the chain (Flegal,
Haran & Jones 2008): the chain is cut into ``B`` consecutive batches, the statistic is computed in
each, and ``sd(batch values)/√B`` estimates the standard error of the whole-chain value.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .validation import (
    Count,
    Flag,
    Matrix,
    Optional,
    Positive,
    Probability,
    RealArray,
    Vector,
    check_X_y,
    validate_params,
)

__all__ = [
    "BayesianLassoSamples",
    "PosteriorSummary",
    "batch_means",
    "bayesian_lasso_gibbs",
    "matched_lasso_lambda",
    "summarize_samples",
]


@dataclass(frozen=True)
class BayesianLassoSamples:
    """Draws of the Gibbs sampler after burn-in: ``beta`` (n_keep, p), ``sigma2`` (n_keep,),
    ``tau2`` (n_keep, p); ``lam`` the fixed Park–Casella λ."""

    beta: np.ndarray
    sigma2: np.ndarray
    tau2: np.ndarray
    lam: float


@validate_params(
    X=Matrix(),
    y=Vector(length="X.rows"),
    lam=Positive(),
    n_sweeps=Count(minimum=2, maximum=10**6),
    burn_in=Count(minimum=0, maximum=10**6),
    seed=Count(minimum=0, maximum=2**32 - 1),
    sigma2=Optional(Positive()),
    intercept=Flag(),
)
def bayesian_lasso_gibbs(X: object, y: object, lam: float, *, n_sweeps: int = 2000,
                         burn_in: int = 200, seed: int = 0, sigma2: float | None = None,
                         intercept: bool = True) -> BayesianLassoSamples:
    """Run the Park–Casella Gibbs sampler for ``n_sweeps`` kept sweeps after ``burn_in`` sweeps.

    ``y | β, σ² ~ N(Xβ, σ²I)``, ``β_j | σ² ~ Laplace(0, σ/λ)`` written as ``N(0, σ²τ_j²)`` with
    ``τ_j² ~ Exp(λ²/2)``, ``π(σ²) ∝ 1/σ²``; the conditionals are in the module docstring
    (Park & Casella 2008, §2). With ``intercept`` (default) ``y`` and the columns of ``X`` are
    centred here and the intercept's flat prior is integrated out (σ²'s shape is (n - 1 + p)/2);
    ``sigma2`` fixes σ² instead of sampling it. Seeded by ``np.random.default_rng(seed)``; starts
    at the least-squares fit (or ridge with unit penalty when ``XᵀX`` is singular).
    """
    X_, y_ = check_X_y(X, y)
    n, p = X_.shape
    if intercept:
        if n < 2:
            raise ValueError("X must have at least 2 rows when intercept=True (one degree of freedom "
                             "goes to the intercept)")
        X_ = X_ - X_.mean(axis=0)
        y_ = y_ - y_.mean()
    rng = np.random.default_rng(seed)
    G, c = X_.T @ X_, X_.T @ y_
    lam2 = lam * lam
    n_eff = n - 1 if intercept else n
    beta = np.linalg.solve(G + np.eye(p) * (1e-8 * np.trace(G) / p + 1e-300), c)
    s2 = float(sigma2) if sigma2 is not None else max(float(np.sum((y_ - X_ @ beta) ** 2)) / max(n_eff, 1),
                                                        1e-8 * float(y_ @ y_) / n + 1e-300)
    inv_tau2 = np.full(p, 1.0)
    total = n_sweeps + burn_in
    out_b, out_s, out_t = np.empty((n_sweeps, p)), np.empty(n_sweeps), np.empty((n_sweeps, p))
    shape = 0.5 * (n_eff + p)
    z = rng.standard_normal((total, p))
    for it in range(total):
        A = G + np.diag(inv_tau2)
        L = np.linalg.cholesky(A)
        mean = np.linalg.solve(L.T, np.linalg.solve(L, c))
        beta = mean + np.sqrt(s2) * np.linalg.solve(L.T, z[it])
        if sigma2 is None:
            r = y_ - X_ @ beta
            scale = 0.5 * (float(r @ r) + float(beta @ (inv_tau2 * beta)))
            s2 = scale / rng.gamma(shape)
        ab = np.maximum(np.abs(beta), 1e-150)
        inv_tau2 = rng.wald(np.sqrt(lam2 * s2) / ab, lam2)
        inv_tau2 = np.maximum(inv_tau2, 1e-300)
        if it >= burn_in:
            k = it - burn_in
            out_b[k], out_s[k], out_t[k] = beta, s2, 1.0 / inv_tau2
    return BayesianLassoSamples(beta=out_b, sigma2=out_s, tau2=out_t, lam=float(lam))


@validate_params(lam=Positive(), sigma2=Positive())
def matched_lasso_lambda(lam: float, sigma2: float) -> float:
    """The lasso strength whose MAP is the mode of ``p(β | σ², y)`` in the Bayesian lasso:
    ``-log p(β | σ², y) = ‖y - Xβ‖²/(2σ²) + (λ/σ)‖β‖₁ + const``, times ``2σ²`` gives
    ``‖y - Xβ‖² + 2σλ‖β‖₁``, so ``λ_lasso = 2√σ² λ`` (Park & Casella 2008, §2)."""
    return 2.0 * float(np.sqrt(sigma2)) * float(lam)


@validate_params(x=RealArray(), n_batches=Count(minimum=2, maximum=10**4), q=Optional(Probability()))
def batch_means(x: object, n_batches: int = 20, q: float | None = None) -> tuple[np.ndarray, np.ndarray]:
    """The whole-chain statistic and its batch-means Monte Carlo standard error, along axis 0.

    The statistic is the mean (``q=None``) or the ``q``-quantile. The chain of length ``N`` is cut
    into ``n_batches`` consecutive batches of ``⌊N/B⌋`` draws (the first ``N mod B`` draws are
    dropped); the statistic is computed on each batch and ``se = sd(batch values, ddof=1)/√B``
    (Flegal, Haran & Jones 2008). Returns ``(statistic of the whole chain, se)``, each of the
    shape of one draw.
    """
    arr = np.asarray(x, dtype=float)
    if arr.ndim == 0 or arr.shape[0] < 2 * n_batches:
        raise ValueError(f"x must have at least 2 * n_batches = {2 * n_batches} draws along axis 0, "
                         f"got {0 if arr.ndim == 0 else arr.shape[0]}")
    m = arr.shape[0] // n_batches
    tail = arr[arr.shape[0] - m * n_batches:]
    batches = tail.reshape((n_batches, m, *arr.shape[1:]))
    if q is None:
        whole, per = arr.mean(axis=0), batches.mean(axis=1)
    else:
        whole, per = np.quantile(arr, q, axis=0), np.quantile(batches, q, axis=1)
    return np.asarray(whole, dtype=float), np.asarray(per.std(axis=0, ddof=1) / np.sqrt(n_batches))


@dataclass(frozen=True)
class PosteriorSummary:
    """Per coefficient: posterior ``median``, equal-tailed interval ``lo``–``hi``, each with its
    batch-means Monte Carlo standard error (``*_se``)."""

    median: np.ndarray
    lo: np.ndarray
    hi: np.ndarray
    median_se: np.ndarray
    lo_se: np.ndarray
    hi_se: np.ndarray

    def excludes_zero(self) -> np.ndarray:
        """Whether the interval excludes 0 (both ends on one side of it)."""
        return (self.lo > 0) | (self.hi < 0)


@validate_params(samples=RealArray(), level=Probability(open_interval=True),
                 n_batches=Count(minimum=2, maximum=10**4))
def summarize_samples(samples: object, level: float = 0.95, n_batches: int = 20) -> PosteriorSummary:
    """Medians and equal-tailed ``level`` intervals of draws (axis 0), each with its batch-means
    Monte Carlo standard error (:func:`batch_means` with the quantile as statistic)."""
    a = (1.0 - level) / 2.0
    med, med_se = batch_means(samples, n_batches, 0.5)
    lo, lo_se = batch_means(samples, n_batches, a)
    hi, hi_se = batch_means(samples, n_batches, 1.0 - a)
    return PosteriorSummary(med, lo, hi, med_se, lo_se, hi_se)
