"""Where the mass of a high-dimensional Gaussian sits: the mode is not typical.

For ``θ ~ N(0, I_d)`` the density is largest at ``θ = 0``, but the radius ``R = ‖θ‖`` has the chi
distribution with ``d`` degrees of freedom (``R² ~ χ²_d``), with density

    f_d(r) = r^(d-1) e^(-r²/2) / (2^(d/2 - 1) Γ(d/2)),    r > 0,

whose mode is ``√(d - 1)`` and whose mean ``√2 Γ((d+1)/2) / Γ(d/2)`` is close to ``√d``, with a
standard deviation that stays near ``1/√2`` as ``d`` grows. The probability of the unit ball,
``P(‖θ‖ < r) = P(χ²_d < r²) = P(d/2, r²/2)`` (the regularized lower incomplete gamma function),
falls faster than exponentially in ``d``. (MacKay 2003 §4.4 and ch. 29; Betancourt 2017 §3.)
"""

from __future__ import annotations

from typing import NamedTuple

import mpmath
import sympy as sp

from .modes import stationary_points
from .validation import Count, Positive, check_count, check_positive, validate_params

__all__ = [
    "ChiDerivation",
    "ball_probability",
    "chi_mean",
    "chi_sd",
    "derive_chi_mode",
    "log10_ball_probability",
    "mode_to_typical_log_density_ratio",
]

_DPS = 50


def _check_d(d: object) -> int:
    k = check_count("d", d)
    if k < 1:
        raise ValueError(f"d must be an integer dimension >= 1, got {k}")
    return k


@validate_params(d=Count(minimum=1), r=Positive())
def ball_probability(d: int, r: float = 1.0) -> float:
    """``P(‖θ‖ < r)`` for ``θ ~ N(0, I_d)``: the regularized lower incomplete gamma ``P(d/2, r²/2)``.

    Computed with mpmath at 50 significant digits, so that tiny values (about ``1e-80`` at
    ``d = 100``, ``r = 1``) are exact to double precision rather than lost to cancellation.
    ``d`` is an integer >= 1, ``r > 0``.
    """
    k = _check_d(d)
    radius = check_positive("r", r)
    with mpmath.workdps(_DPS):
        return float(mpmath.gammainc(mpmath.mpf(k) / 2, 0, mpmath.mpf(radius) ** 2 / 2, regularized=True))


@validate_params(d=Count(minimum=1), r=Positive())
def log10_ball_probability(d: int, r: float = 1.0) -> float:
    """``log10 P(‖θ‖ < r)`` for ``θ ~ N(0, I_d)``, computed in mpmath (finite even when the
    probability itself is below the smallest double, e.g. ``d = 1000``)."""
    k = _check_d(d)
    radius = check_positive("r", r)
    with mpmath.workdps(_DPS):
        p = mpmath.gammainc(mpmath.mpf(k) / 2, 0, mpmath.mpf(radius) ** 2 / 2, regularized=True)
        return float(mpmath.log10(p))


@validate_params(d=Count(minimum=1))
def chi_mean(d: int) -> float:
    """``E‖θ‖ = √2 Γ((d+1)/2) / Γ(d/2)`` for ``θ ~ N(0, I_d)`` (the mean of the chi distribution)."""
    k = _check_d(d)
    with mpmath.workdps(_DPS):
        return float(mpmath.sqrt(2) * mpmath.exp(mpmath.loggamma((k + 1) / mpmath.mpf(2))
                                                 - mpmath.loggamma(k / mpmath.mpf(2))))


@validate_params(d=Count(minimum=1))
def chi_sd(d: int) -> float:
    """``sd ‖θ‖ = √(d - (E‖θ‖)²)`` for ``θ ~ N(0, I_d)``, since ``E‖θ‖² = d``."""
    k = _check_d(d)
    with mpmath.workdps(_DPS):
        m = mpmath.sqrt(2) * mpmath.exp(mpmath.loggamma((k + 1) / mpmath.mpf(2)) - mpmath.loggamma(k / mpmath.mpf(2)))
        return float(mpmath.sqrt(k - m**2))


@validate_params(d=Count(minimum=1))
def mode_to_typical_log_density_ratio(d: int) -> float:
    """``log N(0; 0, I_d) - log N(θ; 0, I_d)`` at ``‖θ‖ = √d``: exactly ``d/2``.

    The density at the mode is ``e^(d/2)`` times the density at a typical point, yet the typical
    points win on volume.
    """
    return _check_d(d) / 2


class ChiDerivation(NamedTuple):
    """The chi density in SymPy and its mode: ``density`` in ``r`` and ``d``, ``log_derivative``
    ``= d/dr log density``, ``mode`` the positive root of it, ``second_derivative_at_mode`` the
    second derivative of ``log density`` there (negative: a maximum)."""

    r: sp.Symbol
    d: sp.Symbol
    density: sp.Expr
    log_derivative: sp.Expr
    mode: sp.Expr
    second_derivative_at_mode: sp.Expr


def derive_chi_mode() -> ChiDerivation:
    """Derive the mode of the chi density ``f_d(r) ∝ r^(d-1) e^(-r²/2)`` symbolically.

    ``d/dr log f_d = (d - 1)/r - r`` vanishes at ``r = √(d - 1)`` (for ``d > 1``), where the
    second derivative ``-(d-1)/r² - 1 = -2`` is negative.
    """
    r = sp.Symbol("r", positive=True)
    d = sp.Symbol("d", positive=True)
    density = r ** (d - 1) * sp.exp(-(r**2) / 2) / (2 ** (d / 2 - 1) * sp.gamma(d / 2))
    log_density = sp.expand_log(sp.log(density), force=True)
    dlog = sp.simplify(sp.diff(log_density, r))
    (mode,) = stationary_points(log_density, r, (0, sp.oo))
    second = sp.simplify(sp.diff(log_density, r, 2).subs(r, mode))
    return ChiDerivation(r, d, density, dlog, mode, second)
