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

from dataclasses import dataclass
from typing import NamedTuple

import numpy as np
import sympy as sp

from .validation import check_positive, check_real, check_vector

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


def gaussian_posterior(x: object, sigma2: object, mu0: object, tau2: object) -> NormalPosterior:
    """The posterior ``N(m, v)`` of μ: ``1/v = n/σ² + 1/τ²``, ``m = (σ² μ₀ + n τ² x̄)/(σ² + n τ²)``.

    ``x`` is a non-empty 1-D array of finite observations, ``sigma2 > 0`` the known noise
    variance, ``mu0`` (finite) and ``tau2 > 0`` the prior mean and variance.
    """
    data = _check_data(x)
    s2, m0, t2 = _check_model(sigma2, mu0, tau2)
    n = data.size
    xbar = float(np.mean(data))
    mean = (s2 * m0 + n * t2 * xbar) / (s2 + n * t2)
    variance = s2 * t2 / (s2 + n * t2)
    return NormalPosterior(mean, variance)


def gaussian_map(x: object, sigma2: object, mu0: object, tau2: object) -> float:
    """The MAP of μ, ``(σ² μ₀ + n τ² x̄)/(σ² + n τ²)`` (the posterior is Gaussian: mode = mean)."""
    return gaussian_posterior(x, sigma2, mu0, tau2).mean


def gaussian_posterior_mean(x: object, sigma2: object, mu0: object, tau2: object) -> float:
    """The posterior mean ``E[μ | x]``; equal to :func:`gaussian_map` for this model."""
    return gaussian_posterior(x, sigma2, mu0, tau2).mean


def gaussian_mle(x: object) -> float:
    """The MLE of μ, the sample mean ``x̄`` (it does not depend on σ²)."""
    return float(np.mean(_check_data(x)))


def gaussian_prior_weight(n: int, sigma2: object, tau2: object) -> float:
    """The weight ``w = σ²/(σ² + n τ²)`` of the prior mean in ``MAP = w μ₀ + (1 − w) x̄``."""
    if isinstance(n, bool) or not isinstance(n, int | np.integer) or n < 0:
        raise ValueError(f"n must be an integer count >= 0, got {n!r}")
    s2 = check_positive("sigma2", sigma2)
    t2 = check_positive("tau2", tau2)
    return s2 / (s2 + int(n) * t2)


def gaussian_log_posterior(mu: object, x: object, sigma2: object, mu0: object, tau2: object) -> float:
    """The unnormalized log posterior ``−Σ(x_i − μ)²/(2σ²) − (μ − μ₀)²/(2τ²)`` at ``mu``.

    Independent of the closed form (it sums over the raw data), so a numeric maximizer of it is
    a check of :func:`gaussian_map`.
    """
    m = check_real("mu", mu)
    data = _check_data(x)
    s2, m0, t2 = _check_model(sigma2, mu0, tau2)
    return float(-np.sum((data - m) ** 2) / (2 * s2) - (m - m0) ** 2 / (2 * t2))


# --------------------------------------------------------------------------- derivation
def sum_of_squares_decomposition(n: int = 3) -> tuple[sp.Expr, sp.Expr]:
    """Prove ``Σ(x_i − μ)² = Σ(x_i − x̄)² + n(x̄ − μ)²`` for ``n`` symbolic observations.

    Returns both sides (in symbols ``x1 … xn`` and ``mu``) after checking their difference
    expands to zero; this is why the likelihood depends on the data only through ``x̄``.
    """
    if isinstance(n, bool) or not isinstance(n, int) or not 1 <= n <= 8:
        raise ValueError(f"n must be an integer with 1 <= n <= 8 (a small symbolic sample), got {n!r}")
    xs = sp.symbols(f"x1:{n + 1}", real=True)
    xbar = sp.Add(*xs) / n
    lhs = sp.Add(*[(xi - mu_sym) ** 2 for xi in xs])
    rhs = sp.Add(*[(xi - xbar) ** 2 for xi in xs]) + n * (xbar - mu_sym) ** 2
    if sp.expand(lhs - rhs) != 0:  # pragma: no cover - an identity
        raise AssertionError("sum-of-squares decomposition failed")
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
    """Derive the MAP of μ by stationarity and show that the posterior is Gaussian.

    Steps (each checked here; ``AssertionError`` if SymPy disagrees): solve
    ``d/dμ log p(μ | x) = 0`` (one root, the MAP); the second derivative ``−(n/σ² + 1/τ²)`` is
    negative; ``log p(μ | x) + (μ − m)²/(2v)`` is free of μ (so the posterior is ``N(m, v)`` and
    its mean is the MAP); ``MAP = w μ₀ + (1 − w) x̄``; the MAP tends to ``x̄`` as τ² → ∞ (the MLE).
    """
    mu, mu0, xbar, n, s2, t2, S = mu_sym, mu0_sym, xbar_sym, n_sym, sigma2_sym, tau2_sym, S_sym
    log_post = -(S + n * (xbar - mu) ** 2) / (2 * s2) - (mu - mu0) ** 2 / (2 * t2)
    deriv = sp.diff(log_post, mu)
    roots = sp.solve(deriv, mu)
    if len(roots) != 1:  # pragma: no cover - a linear equation
        raise AssertionError(f"expected one stationary point, got {roots}")
    map_ = sp.factor(roots[0])
    second = sp.simplify(sp.diff(log_post, mu, 2))
    variance = sp.simplify(1 / (n / s2 + 1 / t2))
    mean = (s2 * mu0 + n * t2 * xbar) / (s2 + n * t2)
    completed = -(mu - mean) ** 2 / (2 * variance)
    checks = {
        "stationary point = (σ²μ₀ + nτ²x̄)/(σ² + nτ²)": sp.simplify(map_ - mean),
        "second derivative = −1/v": sp.simplify(second + 1 / variance),
        "log posterior − completed square is free of μ": sp.simplify(sp.diff(log_post - completed, mu)),
    }
    weight = s2 / (s2 + n * t2)
    checks["MAP = w μ₀ + (1 − w) x̄"] = sp.simplify(weight * mu0 + (1 - weight) * xbar - map_)
    mle = sp.limit(map_, t2, sp.oo)
    checks["MAP → x̄ as τ² → ∞"] = sp.simplify(mle - xbar)
    for what, residual in checks.items():
        if residual != 0:  # pragma: no cover - would be a SymPy regression
            raise AssertionError(f"{what}: residual {residual}")
    return GaussianDerivation(log_post, deriv, map_, second, mean, variance, completed, mle, weight)
