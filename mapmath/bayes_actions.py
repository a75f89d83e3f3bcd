"""Bayes actions: the point summary each loss asks for, and the mode as the limit of 0-1 loss.

A posterior is a whole distribution; a point summary picks one number from it, and decision
theory says which number each loss asks for {cite}`berger1985,robert2007`:

- squared loss ``(θ - a)²``       → the posterior **mean**,
- absolute loss ``|θ - a|``       → the posterior **median**,
- 0-1 loss ``1{|θ - a| > ε}``     → the centre of the ε-window of largest mass, which tends to the
  posterior **mode** (the MAP) as ``ε → 0``.

:func:`bayes_action` minimizes the expected posterior loss numerically for any 1-D density
tabulated on a grid, so a chapter can check it against closed forms (:mod:`mapmath.beta`).
:func:`epsilon_ball_bayes_action` does the same for the ε-ball loss from a CDF, and
:func:`epsilon_ball_bias` gives the ``O(ε²)`` distance to the mode: this is the sense in which the
MAP minimizes the Bayes risk under 0-1 loss (Berger 1985, §4.4; Robert 2007, §4.2). Every
minimization is a call to the shared search of :mod:`mapmath.modes`.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import sympy as sp

from .modes import maximize_on_grid, numeric_mode
from .validation import (
    Count,
    Expr,
    IsCallable,
    OneOf,
    Optional,
    Positive,
    Real,
    RealArray,
    Symbol,
    Vector,
    check_expression,
    check_positive,
    check_real,
    check_symbol,
    check_vector,
    validate_params,
)

__all__ = [
    "LOSSES",
    "bayes_action",
    "epsilon_ball_bayes_action",
    "epsilon_ball_bias",
    "expected_posterior_loss",
    "grid_density",
]

LOSSES = ("squared", "absolute", "zero_one")


# ---------------------------------------------------------------------------------------------
# Bayes actions from a density on a grid
# ---------------------------------------------------------------------------------------------

@validate_params(theta=Vector(min_length=3), density=Vector(length="theta", low=0.0))
def grid_density(theta: object, density: object) -> tuple[np.ndarray, np.ndarray]:
    """Validate a density tabulated on a grid and normalise it by the trapezoid rule.

    ``theta`` must be strictly increasing with at least 3 points; ``density`` must be >= 0 with
    positive total mass. Returns ``(theta, density / ∫ density)``.
    """
    t = check_vector("theta", theta)
    if t.size < 3:
        raise ValueError(f"theta must have at least 3 grid points, got {t.size}")
    if not np.all(np.diff(t) > 0):
        raise ValueError("theta must be strictly increasing")
    p = check_vector("density", density, length=t.size, length_name="len(theta)")
    if np.any(p < 0):
        raise ValueError("density must be >= 0 everywhere")
    mass = float(np.trapezoid(p, t))
    if mass <= 0:
        raise ValueError("density must have positive total mass on the grid")
    return t, p / mass


def _check_loss(loss: object, epsilon: object) -> float | None:
    if loss not in LOSSES:
        raise ValueError(f"loss must be one of {LOSSES}, got {loss!r}")
    if loss == "zero_one":
        return check_positive("epsilon", epsilon)
    return None


class _PiecewiseLinear:
    """The piecewise-linear interpolant of a normalised grid density, integrated exactly.

    ``F`` (the CDF) is piecewise quadratic and ``G(a) = ∫_{t_0}^a F`` piecewise cubic, so the
    expected losses below are smooth in the action and exact for the interpolant.
    """

    def __init__(self, t: np.ndarray, p: np.ndarray) -> None:
        self.t, self.p = t, p
        h = np.diff(t)
        dp = np.diff(p)
        self.h, self.dp = h, dp
        self.F = np.concatenate([[0.0], np.cumsum(0.5 * (p[1:] + p[:-1]) * h)])
        seg_G = self.F[:-1] * h + p[:-1] * h**2 / 2 + dp * h**2 / 6
        self.G = np.concatenate([[0.0], np.cumsum(seg_G)])
        self.mean = t[-1] - self.G[-1]
        mid = 0.5 * (t[1:] + t[:-1])
        pm = 0.5 * (p[1:] + p[:-1])
        # Simpson's rule is exact for t^2 times a linear density on each segment.
        self.second = float(np.sum(h / 6 * (t[:-1] ** 2 * p[:-1] + 4 * mid**2 * pm + t[1:] ** 2 * p[1:])))

    def _locate(self, a):
        i = np.clip(np.searchsorted(self.t, a, side="right") - 1, 0, self.t.size - 2)
        return i, a - self.t[i]

    def cdf(self, a):
        """``F(a)``; ``a`` a number (a float back) or an array (evaluated at once)."""
        if np.ndim(a):
            a = np.asarray(a, dtype=float)
            i, u = self._locate(a)
            inside = self.F[i] + self.p[i] * u + self.dp[i] * u**2 / (2 * self.h[i])
            return np.where(a <= self.t[0], 0.0, np.where(a >= self.t[-1], 1.0, inside))
        if a <= self.t[0]:
            return 0.0
        if a >= self.t[-1]:
            return 1.0
        i, u = self._locate(a)
        return float(self.F[i] + self.p[i] * u + self.dp[i] * u**2 / (2 * self.h[i]))

    def int_cdf(self, a):
        """``G(a) = ∫_{t_0}^a F``; ``a`` a number (a float back) or an array (evaluated at once)."""
        if np.ndim(a):
            a = np.asarray(a, dtype=float)
            i, u = self._locate(a)
            inside = (self.G[i] + self.F[i] * u + self.p[i] * u**2 / 2
                      + self.dp[i] * u**3 / (6 * self.h[i]))
            return np.where(a <= self.t[0], 0.0,
                            np.where(a >= self.t[-1], self.G[-1] + (a - self.t[-1]), inside))
        if a <= self.t[0]:
            return 0.0
        if a >= self.t[-1]:
            return float(self.G[-1] + (a - self.t[-1]))
        i, u = self._locate(a)
        return float(self.G[i] + self.F[i] * u + self.p[i] * u**2 / 2
                     + self.dp[i] * u**3 / (6 * self.h[i]))


def _loss_function(t: np.ndarray, p: np.ndarray, loss: str, eps: float | None):
    pl = _PiecewiseLinear(t, p)
    if loss == "squared":
        # E[(θ - a)^2] = E[θ^2] - 2 a E[θ] + a^2
        return lambda a: pl.second - 2 * a * pl.mean + a * a
    if loss == "absolute":
        # E|θ - a| = ∫_{t0}^{a} F + ∫_{a}^{t_end} (1 - F) = 2 G(a) - G(t_end) + (t_end - a)
        return lambda a: 2 * pl.int_cdf(a) - pl.G[-1] + (t[-1] - a)
    return lambda a: 1.0 - (pl.cdf(a + eps) - pl.cdf(a - eps))


@validate_params(
    action=RealArray(),
    theta=Vector(min_length=3),
    density=Vector(length="theta", low=0.0),
    loss=OneOf(*LOSSES),
    epsilon=Optional(Positive()),
)
def expected_posterior_loss(action: object, theta: object, density: object, loss: str,
                            *, epsilon: float | None = None) -> float | np.ndarray:
    r"""Expected posterior loss ``ρ(a) = ∫ L(θ, a) p(θ | y) dθ`` for a density given on a grid.

    The density between grid points is the linear interpolant (normalised by the trapezoid rule);
    the integrals are exact for it, so the error is that of the interpolation, ``O(h²)``.

    ``loss`` is ``"squared"`` (``(θ-a)²``), ``"absolute"`` (``|θ-a|``) or ``"zero_one"``
    (``1{|θ-a| > ε}``, so ``ρ(a) = 1 - P(|θ-a| <= ε | y)``; ``epsilon`` required).
    ``action`` is one number (a float back) or an array of actions (an array of ``ρ`` back, a
    whole curve in one call).
    """
    eps = _check_loss(loss, epsilon)
    t, p = grid_density(theta, density)
    rho = _loss_function(t, p, loss, eps)(action)
    return rho if np.ndim(rho) else float(rho)


@validate_params(
    theta=Vector(min_length=3),
    density=Vector(length="theta", low=0.0),
    loss=OneOf(*LOSSES),
    epsilon=Optional(Positive()),
)
def bayes_action(theta: object, density: object, loss: str, *,
                 epsilon: float | None = None) -> float:
    r"""The Bayes action ``argmin_a ρ(a)`` for ``loss``, found numerically.

    The expected posterior loss (see :func:`expected_posterior_loss`) is scanned over the grid
    points, then refined by bounded Brent minimisation between the best point's neighbours
    (:func:`mapmath.modes.maximize_on_grid` applied to ``-ρ``).
    Theory: squared → posterior mean, absolute → posterior median, 0-1 with window ``epsilon``
    → the centre of the most probable window, which tends to the mode as ``epsilon → 0``.
    """
    eps = _check_loss(loss, epsilon)
    t, p = grid_density(theta, density)
    rho = _loss_function(t, p, loss, eps)
    return maximize_on_grid(lambda a: -rho(a), t, xatol=1e-10)


# ---------------------------------------------------------------------------------------------
# 0-1 loss from a CDF: the ε-ball Bayes action tends to the mode
# ---------------------------------------------------------------------------------------------

@validate_params(
    cdf=IsCallable(),
    epsilon=Positive(),
    low=Real(),
    high=Real(),
    grid_size=Count(minimum=3, maximum=10**7),
)
def epsilon_ball_bayes_action(cdf: Callable[[float], float], epsilon: float, low: float, high: float, *,
                              grid_size: int = 4001) -> float:
    """The Bayes action under the ε-ball loss ``L_ε(θ, d) = 1{|θ - d| > ε}``.

    The posterior expected loss of action ``d`` is ``1 - P(|θ - d| <= ε) = 1 - [F(d+ε) - F(d-ε)]``,
    so the Bayes action is the centre ``d`` in ``[low, high]`` of the window of half-width ε with
    the most posterior mass. For a smooth unimodal density it tends to the mode as ε → 0 (with
    error ``O(ε²)``): the MAP is the limit of Bayes actions under 0-1 loss.
    """
    eps = check_real("epsilon", epsilon, low=0.0, low_open=True)
    lo = check_real("low", low)
    hi = check_real("high", high)
    if not lo < hi:
        raise ValueError(f"low must be < high, got low={low!r}, high={high!r}")
    if not callable(cdf):
        raise TypeError(f"cdf must be callable, got {type(cdf).__name__}")

    def log_mass(d):
        m = np.asarray(cdf(d + eps), dtype=float) - np.asarray(cdf(d - eps), dtype=float)
        with np.errstate(divide="ignore", invalid="ignore"):
            out = np.where(m > 0, np.log(np.where(m > 0, m, 1.0)), -np.inf)
        return out if out.ndim else float(out)

    return numeric_mode(log_mass, lo, hi, grid_size=grid_size)


@validate_params(density=Expr(), theta=Symbol(), mode=Expr())
def epsilon_ball_bias(density: sp.Expr, theta: sp.Symbol, mode: sp.Expr) -> sp.Expr:
    """The coefficient ``c`` in ``d_ε - θ̂ = c ε² + O(ε⁴)`` for the ε-ball Bayes action ``d_ε``.

    ``d_ε`` solves ``f(d + ε) = f(d - ε)``; Taylor expansion gives ``2ε f'(d) + ε³ f⁽³⁾(d)/3 + O(ε⁵) = 0``
    and, with ``f'(d) ≈ f''(θ̂)(d - θ̂)``, ``c = -f⁽³⁾(θ̂) / (6 f''(θ̂))`` at the interior mode ``θ̂``
    (``density`` may be unnormalized: the constant cancels).
    """
    theta = check_symbol("theta", theta)
    f = check_expression("density", density)
    m = check_expression("mode", mode)
    f2 = sp.diff(f, theta, 2).subs(theta, m)
    if sp.simplify(f2) == 0:
        raise ValueError("mode must be a point where the density has nonzero curvature f''(mode) != 0")
    return sp.simplify(-sp.diff(f, theta, 3).subs(theta, m) / (6 * f2))
