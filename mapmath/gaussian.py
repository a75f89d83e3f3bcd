"""The Gaussian mean with a Gaussian prior: the normal–normal model.

Data ``x_1, …, x_n ~ N(μ, σ²)`` i.i.d. with σ² known, prior ``μ ~ N(μ₀, τ²)``. Writing
``Σ(x_i − μ)² = Σ(x_i − x̄)² + n(x̄ − μ)²``, the log posterior is, up to a constant in μ,

    log p(μ | x) = −n(x̄ − μ)²/(2σ²) − (μ − μ₀)²/(2τ²),

a concave quadratic in μ. Completing the square shows the posterior is again Gaussian,

    μ | x ~ N(m, v),   1/v = n/σ² + 1/τ²,   m = v (n x̄/σ² + μ₀/τ²) = (σ² μ₀ + n τ² x̄)/(σ² + n τ²),

so the MAP (the mode) equals the posterior mean (and median): ``m``. It is the weighted average
``w μ₀ + (1 − w) x̄`` with ``w = σ²/(σ² + n τ²)``: the prior counts as ``σ²/τ²`` observations.
The MLE is ``x̄`` (the limit τ² → ∞). (Bishop 2006 §2.3.6; Gelman et al. 2013 §2.5;
Murphy 2022 §4.6.3.)
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np
import sympy as sp

from .modes import stationary_points
from .validation import (
    Count,
    Positive,
    Real,
    RealArray,
    check_count,
    check_positive,
    check_real,
    check_vector,
    validate_params,
)

__all__ = [
    "GaussianDerivation",
    "NormalPosterior",
    "derive_gaussian_map",
    "gaussian_log_posterior",
    "gaussian_map",
    "gaussian_mle",
    "gaussian_posterior",
    "gaussian_posterior_mean",
    "gaussian_prior_weight",
    "sum_of_squares_decomposition",
]

mu_sym = sp.Symbol("mu", real=True)
mu0_sym = sp.Symbol("mu0", real=True)
xbar_sym = sp.Symbol("xbar", real=True)
n_sym = sp.Symbol("n", positive=True, integer=True)
sigma2_sym = sp.Symbol("sigma2", positive=True)
tau2_sym = sp.Symbol("tau2", positive=True)
S_sym = sp.Symbol("S", nonnegative=True)  # Σ (x_i − x̄)², free of μ


# --------------------------------------------------------------------------- validation
def _check_data(x: object) -> np.ndarray:
    arr = check_vector("x", x)
    if arr.size == 0:
        raise ValueError("x must be a non-empty 1-D array of finite numbers (at least one observation), got 0")
    return arr


def _check_model(sigma2: object, mu0: object, tau2: object) -> tuple[float, float, float]:
    return (check_positive("sigma2", sigma2), check_real("mu0", mu0), check_positive("tau2", tau2))


# --------------------------------------------------------------------------- numerics
class NormalPosterior(NamedTuple):
    """The posterior ``N(mean, variance)`` of μ."""

    mean: float
    variance: float


def _sample_mean(data: np.ndarray) -> float:
    """``x̄``, scaled by ``max|x|`` first when a plain sum could overflow (entries near 1.8e308)."""
    big = float(np.max(np.abs(data)))
    if big <= 1e300:
        return float(np.mean(data))
    return big * float(np.mean(data / big))


def _prior_weights(n: int, s2: float, t2: float) -> tuple[float, float]:
    """``(σ²/(σ² + nτ²), nτ²/(σ² + nτ²))`` with σ² and τ² first divided by the power of two just above
    the larger of them (exact), so that ``σ² + nτ²`` cannot overflow; a quotient below the float
    range comes out as its correctly rounded (subnormal or zero) value, never as a NaN."""
    e = math.frexp(max(s2, t2))[1]
    s2_, nt2_ = math.ldexp(s2, -e), float(n) * math.ldexp(t2, -e)
    total = s2_ + nt2_
    return s2_ / total, nt2_ / total


@validate_params(x=RealArray(), sigma2=Positive(), mu0=Real(), tau2=Positive())
def gaussian_posterior(x: object, sigma2: object, mu0: object, tau2: object) -> NormalPosterior:
    """The posterior ``N(m, v)`` of μ: ``1/v = n/σ² + 1/τ²``, ``m = (σ² μ₀ + n τ² x̄)/(σ² + n τ²)``.

    ``x`` is a non-empty 1-D array of finite observations, ``sigma2 > 0`` the known noise
    variance, ``mu0`` (finite) and ``tau2 > 0`` the prior mean and variance. Computed as
    ``m = w μ₀ + (1 − w) x̄`` and ``v = τ² w = σ²(1 − w)/n`` with ``w = σ²/(σ² + nτ²)``,
    in log space, so that extreme variances (``1e300``, ``1e-300``) neither overflow nor
    underflow into a wrong answer.
    """
    data = _check_data(x)
    s2, m0, t2 = _check_model(sigma2, mu0, tau2)
    xbar = _sample_mean(data)
    w, w_data = _prior_weights(data.size, s2, t2)
    mean = w * m0 + w_data * xbar
    variance = s2 * w_data / data.size if w < w_data else t2 * w  # τ²w = σ²(1 − w)/n: the larger factor
    return NormalPosterior(mean, variance)


@validate_params(x=RealArray(), sigma2=Positive(), mu0=Real(), tau2=Positive())
def gaussian_map(x: object, sigma2: object, mu0: object, tau2: object) -> float:
    """The MAP of μ, ``(σ² μ₀ + n τ² x̄)/(σ² + n τ²)`` (the posterior is Gaussian: mode = mean)."""
    return gaussian_posterior(x, sigma2, mu0, tau2).mean


@validate_params(x=RealArray(), sigma2=Positive(), mu0=Real(), tau2=Positive())
def gaussian_posterior_mean(x: object, sigma2: object, mu0: object, tau2: object) -> float:
    """The posterior mean ``E[μ | x]``; equal to :func:`gaussian_map` for this model."""
    return gaussian_posterior(x, sigma2, mu0, tau2).mean


@validate_params(x=RealArray())
def gaussian_mle(x: object) -> float:
    """The MLE of μ, the sample mean ``x̄`` (it does not depend on σ²)."""
    return _sample_mean(_check_data(x))


@validate_params(n=Count(exact_float=True), sigma2=Positive(), tau2=Positive())
def gaussian_prior_weight(n: int, sigma2: object, tau2: object) -> float:
    """The weight ``w = σ²/(σ² + n τ²)`` of the prior mean in ``MAP = w μ₀ + (1 − w) x̄``."""
    n = check_count("n", n)
    s2 = check_positive("sigma2", sigma2)
    t2 = check_positive("tau2", tau2)
    return _prior_weights(check_count("n", n, exact_float=True), s2, t2)[0]  # σ²/(σ² + nτ²), no overflow


@validate_params(mu=Real(), x=RealArray(), sigma2=Positive(), mu0=Real(), tau2=Positive())
def gaussian_log_posterior(mu: object, x: object, sigma2: object, mu0: object, tau2: object) -> float:
    """The unnormalized log posterior ``−Σ(x_i − μ)²/(2σ²) − (μ − μ₀)²/(2τ²)`` at ``mu``.

    Independent of the closed form (it sums over the raw data), so a numeric maximizer of it is
    a check of :func:`gaussian_map`.
    """
    m = check_real("mu", mu)
    data = _check_data(x)
    s2, m0, t2 = _check_model(sigma2, mu0, tau2)
    with np.errstate(over="ignore", invalid="ignore"):
        value = float(-np.sum((data - m) ** 2) / (2 * s2) - (m - m0) ** 2 / (2 * t2))
    if not math.isfinite(value):
        raise ValueError("the log posterior overflows the float range for these x, mu, sigma2, mu0, tau2")
    return value


# --------------------------------------------------------------------------- derivation
@validate_params(n=Count(minimum=1, maximum=8))
def sum_of_squares_decomposition(n: int = 3) -> tuple[sp.Expr, sp.Expr]:
    """Both sides of ``Σ(x_i − μ)² = Σ(x_i − x̄)² + n(x̄ − μ)²`` for ``n`` symbolic observations.

    Returns ``(lhs, rhs)`` in symbols ``x1 … xn`` and ``mu``; their difference expands to zero
    (the caller checks it), which is why the likelihood depends on the data only through ``x̄``.
    """
    n = check_count("n", n, minimum=1, maximum=8)  # a small symbolic sample
    xs = sp.symbols(f"x1:{n + 1}", real=True)
    xbar = sp.Add(*xs) / n
    lhs = sp.Add(*[(xi - mu_sym) ** 2 for xi in xs])
    rhs = sp.Add(*[(xi - xbar) ** 2 for xi in xs]) + n * (xbar - mu_sym) ** 2
    return lhs, rhs


@dataclass(frozen=True)
class GaussianDerivation:
    """The symbolic MAP derivation for the normal–normal model (symbols in the module docstring).

    ``log_posterior`` is written with the sufficient statistic ``xbar`` and ``S = Σ(x_i − x̄)²``;
    ``map`` solves ``derivative = 0``; ``second_derivative`` is the (constant, negative)
    curvature; ``completed_square`` is ``−(μ − m)²/(2v)``, which differs from
    ``log_posterior`` by a term free of μ, so the posterior is ``N(m, v)``.
    """

    log_posterior: sp.Expr
    derivative: sp.Expr
    map: sp.Expr
    second_derivative: sp.Expr
    posterior_mean: sp.Expr
    posterior_variance: sp.Expr
    completed_square: sp.Expr
    mle: sp.Expr
    prior_weight: sp.Expr


def derive_gaussian_map() -> GaussianDerivation:
    """Derive the MAP of μ by stationarity and the Gaussian form of the posterior.

    Solves ``d/dμ log p(μ | x) = 0`` (a linear equation: one root, the MAP), takes the second
    derivative ``−(n/σ² + 1/τ²)`` and the MLE as the limit τ² → ∞ of the MAP, and returns them
    with the posterior mean and variance, the completed square ``−(μ − m)²/(2v)`` and the prior
    weight ``σ²/(σ² + nτ²)``. The claims (stationary point = posterior mean, second derivative
    = −1/v, log posterior − completed square free of μ, MAP = w μ₀ + (1 − w) x̄, MLE = x̄) are
    checked by the caller.
    """
    mu, mu0, xbar, n, s2, t2, S = mu_sym, mu0_sym, xbar_sym, n_sym, sigma2_sym, tau2_sym, S_sym
    log_post = -(S + n * (xbar - mu) ** 2) / (2 * s2) - (mu - mu0) ** 2 / (2 * t2)
    deriv = sp.diff(log_post, mu)
    (root,) = stationary_points(log_post, mu)
    map_ = sp.factor(root)
    second = sp.simplify(sp.diff(log_post, mu, 2))
    variance = sp.simplify(1 / (n / s2 + 1 / t2))
    mean = (s2 * mu0 + n * t2 * xbar) / (s2 + n * t2)
    completed = -(mu - mean) ** 2 / (2 * variance)
    weight = s2 / (s2 + n * t2)
    mle = sp.limit(map_, t2, sp.oo)
    return GaussianDerivation(log_post, deriv, map_, second, mean, variance, completed, mle, weight)
