"""A Gaussian mixture whose likelihood is unbounded, and EM for its MAP under an inverse-gamma prior.

Model: ``x_i`` i.i.d. from ``Σ_k π_k N(μ_k, σ_k²)`` (one dimension, ``K`` components). Put a
component mean on a data point, ``μ_1 = x_1``, and let ``σ_1 → 0``: the term
``π_1 N(x_1; x_1, σ_1²) = π_1 / (√(2π) σ_1)`` grows without bound while every other term stays
positive, so the log likelihood tends to ``+∞`` and there is no maximum-likelihood estimate
(Bishop 2006 §9.2.1). An inverse-gamma prior ``σ_k² ~ IG(a, b)``, with log density
``-(a+1) log σ_k² - b/σ_k² + const``, sends the log posterior to ``-∞`` at ``σ_k → 0`` (the
``-b/σ_k²`` beats ``log(1/σ_k)``), so the MAP exists.

EM for the MAP (Dempster, Laird and Rubin 1977 §4.5; Bishop 2006 §9.3-9.4) is EM with the log prior
added to the M-step objective. With responsibilities ``r_ik`` (E-step), ``N_k = Σ_i r_ik`` and
``S_k = Σ_i r_ik (x_i - μ_k)²``, the M-step is

    π_k = N_k / n,   μ_k = Σ_i r_ik x_i / N_k,   σ_k² = (S_k + 2b) / (N_k + 2a + 2),

(flat priors on ``π`` and ``μ``). Each iteration does not decrease the log posterior.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
import sympy as sp
from scipy.special import gammaln, logsumexp

from .modes import stationary_points
from .validation import Count, Positive, RealArray, Vector, check_count, check_positive, check_vector, validate_params

__all__ = [
    "DegenerateLimits",
    "EMResult",
    "MixtureParameters",
    "VarianceMStep",
    "derive_degenerate_limits",
    "derive_variance_m_step",
    "em_map",
    "em_step",
    "inverse_gamma_logpdf",
    "mixture_log_likelihood",
    "mixture_log_posterior",
    "responsibilities",
]


class MixtureParameters(NamedTuple):
    """The parameters of a one-dimensional Gaussian mixture, one entry per component."""

    weights: np.ndarray
    means: np.ndarray
    variances: np.ndarray


def _check_data(x: object) -> np.ndarray:
    x_ = check_vector("x", x)
    if x_.size < 1:
        raise ValueError("x must hold at least one observation")
    return x_


def _check_parameters(weights: object, means: object, variances: object) -> MixtureParameters:
    w = check_vector("weights", weights)
    if w.size < 1:
        raise ValueError("weights must have at least one entry (one per component)")
    m = check_vector("means", means, length=w.size, length_name="len(weights) (one per component)")
    v = check_vector("variances", variances, length=w.size, length_name="len(weights) (one per component)")
    if np.any(w <= 0) or abs(float(w.sum()) - 1.0) > 1e-9:
        raise ValueError(f"weights must be > 0 and sum to 1, got {w}")
    if np.any(v <= 0):
        raise ValueError(f"variances must be > 0, got {v}")
    return MixtureParameters(w, m, v)


def _log_components(x: np.ndarray, p: MixtureParameters) -> np.ndarray:
    """``log π_k + log N(x_i; μ_k, σ_k²)`` as an (n, K) array."""
    return (np.log(p.weights)[None, :] - 0.5 * np.log(2 * np.pi * p.variances)[None, :]
            - (x[:, None] - p.means[None, :]) ** 2 / (2 * p.variances[None, :]))


@validate_params(
    x=Vector(),
    weights=Vector(low=0.0),
    means=Vector(length="weights"),
    variances=Vector(length="weights", low=0.0, low_open=True),
)
def mixture_log_likelihood(x: object, weights: object, means: object, variances: object) -> float:
    """``Σ_i log Σ_k π_k N(x_i; μ_k, σ_k²)`` (log-sum-exp, so tiny variances do not overflow)."""
    x_ = _check_data(x)
    p = _check_parameters(weights, means, variances)
    return float(np.sum(logsumexp(_log_components(x_, p), axis=1)))


@validate_params(s2=RealArray(0.0, low_open=True), a=Positive(), b=Positive())
def inverse_gamma_logpdf(s2: object, a: float, b: float) -> np.ndarray | float:
    """``log IG(s2; a, b) = a log b - log Γ(a) - (a+1) log s2 - b/s2`` for ``s2 > 0``, ``a, b > 0``."""
    a_ = check_positive("a", a)
    b_ = check_positive("b", b)
    arr = np.asarray(s2, dtype=float)
    if arr.dtype == bool or not np.all(np.isfinite(arr)) or np.any(arr <= 0):
        raise ValueError("s2 must hold finite variances > 0")
    out = a_ * np.log(b_) - gammaln(a_) - (a_ + 1) * np.log(arr) - b_ / arr
    return float(out) if out.ndim == 0 else out


@validate_params(
    x=Vector(),
    weights=Vector(low=0.0),
    means=Vector(length="weights"),
    variances=Vector(length="weights", low=0.0, low_open=True),
    a=Positive(),
    b=Positive(),
)
def mixture_log_posterior(x: object, weights: object, means: object, variances: object,
                          a: float, b: float) -> float:
    """The log posterior up to the evidence: the mixture log likelihood plus ``Σ_k log IG(σ_k²; a, b)``
    (flat priors on the weights and means)."""
    ll = mixture_log_likelihood(x, weights, means, variances)
    return ll + float(np.sum(inverse_gamma_logpdf(np.asarray(variances, dtype=float), a, b)))


@validate_params(
    x=Vector(),
    weights=Vector(low=0.0),
    means=Vector(length="weights"),
    variances=Vector(length="weights", low=0.0, low_open=True),
)
def responsibilities(x: object, weights: object, means: object, variances: object) -> np.ndarray:
    """The E-step: ``r_ik = π_k N(x_i; μ_k, σ_k²) / Σ_j π_j N(x_i; μ_j, σ_j²)``, an (n, K) array."""
    x_ = _check_data(x)
    p = _check_parameters(weights, means, variances)
    logc = _log_components(x_, p)
    return np.exp(logc - logsumexp(logc, axis=1, keepdims=True))


@validate_params(
    x=Vector(),
    weights=Vector(low=0.0),
    means=Vector(length="weights"),
    variances=Vector(length="weights", low=0.0, low_open=True),
    a=Positive(),
    b=Positive(),
)
def em_step(x: object, weights: object, means: object, variances: object, a: float,
            b: float) -> MixtureParameters:
    """One EM iteration for the MAP: the E-step, then the M-step with the inverse-gamma prior
    ``σ_k² = (S_k + 2b)/(N_k + 2a + 2)`` (see the module docstring)."""
    x_ = _check_data(x)
    a_ = check_positive("a", a)
    b_ = check_positive("b", b)
    r = responsibilities(x_, weights, means, variances)
    nk = r.sum(axis=0)
    if np.any(nk <= 0):  # pragma: no cover - responsibilities are positive in floating point
        raise ValueError("a component has lost every observation: choose means and variances nearer the data x")
    mu = (r * x_[:, None]).sum(axis=0) / nk
    sk = (r * (x_[:, None] - mu[None, :]) ** 2).sum(axis=0)
    var = (sk + 2 * b_) / (nk + 2 * a_ + 2)
    return MixtureParameters(nk / x_.size, mu, var)


class EMResult(NamedTuple):
    """The EM fixed point ``params``, the log posterior after each iteration (``trace[0]`` at the
    start), the number of iterations and whether the change fell below ``tol``."""

    params: MixtureParameters
    trace: np.ndarray
    n_iter: int
    converged: bool


@validate_params(
    x=Vector(),
    weights=Vector(low=0.0),
    means=Vector(length="weights"),
    variances=Vector(length="weights", low=0.0, low_open=True),
    a=Positive(),
    b=Positive(),
    tol=Positive(),
    max_iter=Count(minimum=1, maximum=10**6),
)
def em_map(x: object, weights: object, means: object, variances: object, a: float, b: float, *,
           tol: float = 1e-12, max_iter: int = 5000) -> EMResult:
    """Iterate :func:`em_step` from the given start until the log posterior changes by less than
    ``tol`` (absolute) or ``max_iter`` iterations have run."""
    x_ = _check_data(x)
    p = _check_parameters(weights, means, variances)
    tol_ = check_positive("tol", tol)
    n_max = check_count("max_iter", max_iter)
    if n_max < 1:
        raise ValueError(f"max_iter must be an integer >= 1, got {n_max}")
    trace = [mixture_log_posterior(x_, *p, a, b)]
    converged = False
    for _ in range(n_max):
        p = em_step(x_, *p, a, b)
        trace.append(mixture_log_posterior(x_, *p, a, b))
        if abs(trace[-1] - trace[-2]) < tol_:
            converged = True
            break
    return EMResult(p, np.array(trace), len(trace) - 1, converged)


class VarianceMStep(NamedTuple):
    """The M-step for one variance: ``objective`` (in ``s2`` given ``S = Σ r_i (x_i - μ)²``,
    ``n = Σ r_i`` and the prior ``IG(a, b)``), its maximizer ``solution`` and the second derivative
    there (negative)."""

    s2: sp.Symbol
    S: sp.Symbol
    n: sp.Symbol
    a: sp.Symbol
    b: sp.Symbol
    objective: sp.Expr
    solution: sp.Expr
    second_derivative: sp.Expr


def derive_variance_m_step() -> VarianceMStep:
    """Derive the MAP M-step for a component variance under an ``IG(a, b)`` prior.

    The terms of the expected complete-data log posterior that involve ``s2 = σ_k²`` are
    ``-(n/2) log s2 - S/(2 s2) - (a+1) log s2 - b/s2``; setting the derivative to zero gives
    ``s2 = (S + 2b)/(n + 2a + 2)``, and the second derivative there is negative.
    """
    s2, S, n, a, b = sp.symbols("s2 S n a b", positive=True)
    objective = -n / 2 * sp.log(s2) - S / (2 * s2) - (a + 1) * sp.log(s2) - b / s2
    (solution,) = stationary_points(objective, s2)
    second = sp.simplify(sp.diff(objective, s2, 2).subs(s2, solution))
    return VarianceMStep(s2, S, n, a, b, objective, sp.simplify(solution), second)


class DegenerateLimits(NamedTuple):
    """The log likelihood of a two-point mixture as ``σ_1 → 0`` with ``μ_1`` on the first point,
    with and without the inverse-gamma log prior on ``σ_1²``; the limits at ``σ_1 → 0⁺`` and,
    for the penalized objective, ``σ_1 → ∞``."""

    sigma1: sp.Symbol
    log_likelihood: sp.Expr
    log_posterior: sp.Expr
    likelihood_limit_at_0: sp.Expr
    posterior_limit_at_0: sp.Expr
    posterior_limit_at_infinity: sp.Expr


def derive_degenerate_limits() -> DegenerateLimits:
    """The limits behind "no MLE, but a MAP": two observations ``x_1 = 0`` and ``x_2 = δ ≠ 0``,
    component 1 ``N(0, σ_1²)`` with weight ``π_1``, and the rest of the mixture contributing
    positive constants ``c_1``, ``c_2`` to the two densities. The log likelihood tends to ``+∞`` as
    ``σ_1 → 0⁺``; adding ``-(a+1) log σ_1² - b/σ_1²`` (the ``IG(a, b)`` log prior up to a constant)
    gives ``-∞`` at both ends, so the penalized objective, continuous in between, is bounded
    above and attains its maximum.
    """
    s1 = sp.Symbol("sigma1", positive=True)
    p1, c1, c2, delta, a, b = sp.symbols("pi1 c1 c2 delta a b", positive=True)

    def npdf(x: sp.Expr) -> sp.Expr:
        return sp.exp(-(x**2) / (2 * s1**2)) / (sp.sqrt(2 * sp.pi) * s1)

    loglik = sp.log(p1 * npdf(0) + c1) + sp.log(p1 * npdf(delta) + c2)
    logpost = loglik - (a + 1) * sp.log(s1**2) - b / s1**2
    return DegenerateLimits(s1, loglik, logpost, sp.limit(loglik, s1, 0, "+"),
                            sp.limit(logpost, s1, 0, "+"), sp.limit(logpost, s1, sp.oo))
