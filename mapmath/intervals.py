"""Credible intervals of a 1-D posterior, and what a change of coordinates does to them.

Two ways to choose an interval that holds posterior mass ``level``:

* **equal-tailed**: cut ``(1 - level)/2`` off each tail, ``[F⁻¹((1-level)/2), F⁻¹((1+level)/2)]``.
  It is defined by probabilities only, so it is **invariant** under a strictly increasing map
  ``η = g(θ)``: the quantiles of ``η`` are ``g`` of the quantiles of ``θ``
  (:func:`equal_tailed_interval`).
* **highest posterior density (HPD)**: the shortest interval with mass ``level``; for a unimodal
  density ``f`` it is the level set ``{θ : f(θ) >= c}``, so its ends have equal density,
  ``f(L) = f(U)``, unless the mode sits at an end of the support, where the interval starts
  (:func:`hpd_interval`). A density picks up the Jacobian of a change of variables,
  ``f_η(η) = f_θ(θ) |dθ/dη|``, so the HPD interval in ``η`` mapped back is the level set of
  ``f_θ · |dθ/dη|``, not of ``f_θ``: the HPD interval, like the mode and the Laplace approximation,
  depends on the parameterization (Gelman et al. 2013 §2.3).
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np

from ._lazy import optimize
from .validation import IsCallable, Positive, Probability, check_real, validate_params

__all__ = ["check_level", "equal_tailed_interval", "hpd_interval"]

_HUGE = 1e300


@validate_params(level=Probability(open_interval=True))
def check_level(level: object) -> float:
    """``level`` as a float in the open interval (0, 1); ``ValueError`` naming it otherwise."""
    return check_real("level", level, low=0.0, high=1.0, low_open=True, high_open=True)


def _callable(name: str, f: object) -> Callable[[float], float]:
    if not callable(f):
        raise TypeError(f"{name} must be callable (a function of one float), got {type(f).__name__}")
    return f


@validate_params(ppf=IsCallable(), level=Probability(open_interval=True))
def equal_tailed_interval(ppf: Callable[[float], float], level: float = 0.95) -> tuple[float, float]:
    """``(F⁻¹((1 - level)/2), F⁻¹((1 + level)/2))``: the central interval of a quantile function ``ppf``."""
    ppf = _callable("ppf", ppf)
    lv = check_level(level)
    tail = (1.0 - lv) / 2.0
    return float(ppf(tail)), float(ppf(1.0 - tail))


def _log_value(log_density: Callable[[float], float], x: float) -> float:
    """``log_density(x)`` with ``nan`` read as ``-inf`` and infinities clipped for the root finder."""
    with np.errstate(all="ignore"):
        v = float(log_density(x))
    if math.isnan(v):
        v = -math.inf
    return min(max(v, -_HUGE), _HUGE)


@validate_params(
    log_density=IsCallable(),
    ppf=IsCallable(),
    level=Probability(open_interval=True),
    xtol=Positive(),
)
def hpd_interval(log_density: Callable[[float], float], ppf: Callable[[float], float],
                 level: float = 0.95, *, xtol: float = 1e-14) -> tuple[float, float]:
    """The highest-density interval of mass ``level`` of a **unimodal** 1-D distribution.

    ``log_density`` is the log density (any additive constant) in the coordinate the interval is
    wanted in, and ``ppf`` the quantile function in that same coordinate. The interval is
    ``[ppf(t), ppf(t + level)]`` with the lower-tail mass ``t`` in ``[0, 1 - level]`` chosen so that
    the two ends have equal density, the root of
    ``h(t) = log f(ppf(t + level)) - log f(ppf(t))`` (Brent's method). For a unimodal density
    ``h`` is positive while both ends lie left of the mode, negative when both lie right of it, and
    decreasing in between, so the root is unique; if ``h(0) <= 0`` the density is highest at the
    left end of the support and the interval is ``[ppf(0), ppf(level)]`` (likewise on the right).
    This interval is the shortest one of mass ``level`` (its length ``ppf(t + level) - ppf(t)``
    has derivative ``1/f(U) - 1/f(L)``, zero at equal density).

    The function does not check unimodality: for a density with several peaks the HPD region is a
    union of intervals and this function returns one interval of mass ``level`` that is not it.
    """
    log_density = _callable("log_density", log_density)
    ppf = _callable("ppf", ppf)
    lv = check_level(level)
    check_real("xtol", xtol, low=0.0, low_open=True)
    top = 1.0 - lv

    def upper(t: float) -> float:
        return float(ppf(min(t + lv, 1.0)))  # t + level may round above 1

    def h(t: float) -> float:
        return _log_value(log_density, upper(t)) - _log_value(log_density, float(ppf(t)))

    if h(0.0) <= 0.0:
        return float(ppf(0.0)), upper(0.0)
    if h(top) >= 0.0:
        return float(ppf(top)), upper(top)
    t = float(optimize.brentq(h, 0.0, top, xtol=xtol, rtol=4 * np.finfo(float).eps))
    return float(ppf(t)), upper(t)
