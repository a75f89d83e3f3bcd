"""The Laplace approximation at the MAP, and the intervals it gives.

For a 1-D posterior with log density ``ℓ(θ)`` (up to a constant) and an interior mode ``θ̂``
where ``ℓ'(θ̂) = 0`` and ``ℓ''(θ̂) < 0``, a second-order Taylor expansion
``ℓ(θ) ≈ ℓ(θ̂) + ½ ℓ''(θ̂)(θ - θ̂)²`` gives the Gaussian approximation

    p(θ | D) ≈ N(θ̂, -1/ℓ''(θ̂)),

(Tierney & Kadane 1986; Gelman et al. 2013 §4.1). It needs an interior stationary point: when
the maximum sits on the boundary of the parameter space (e.g. a Beta(1, b) posterior, whose mode
is 0), ``ℓ'`` does not vanish there and the quadratic expansion does not exist.

The mode comes from :func:`mapmath.modes.find_modes`. For a Beta(A, B) posterior the closed forms
(mode ``(A-1)/(A+B-2)``, variance ``(A-1)(B-1)/(A+B-2)³``) and the exact intervals it is compared
with live in :mod:`mapmath.beta`.
"""

from __future__ import annotations

import math
from typing import NamedTuple

import numpy as np
import sympy as sp

from ._lazy import stats
from .modes import find_modes
from .parsing import as_expression
from .validation import (
    Expr,
    Interval,
    Positive,
    Probability,
    Real,
    Symbol,
    check_interval,
    check_positive,
    check_real,
    check_symbol,
    validate_params,
)

__all__ = [
    "LaplaceApproximation",
    "laplace_approximation",
    "laplace_interval",
]


_REAL_LINE = sp.Interval(-sp.oo, sp.oo)


class LaplaceApproximation(NamedTuple):
    """``N(mode, variance)`` with ``variance = -1/curvature``, ``curvature = ℓ''(mode) < 0``."""

    mode: sp.Expr
    variance: sp.Expr
    curvature: sp.Expr


@validate_params(log_density=Expr(text=True), theta=Symbol(), domain=Interval())
def laplace_approximation(log_density: sp.Expr | str, theta: sp.Symbol,
                          domain: object = _REAL_LINE) -> LaplaceApproximation:
    """The Laplace approximation ``N(θ̂, -1/ℓ''(θ̂))`` of the density ``exp(ℓ)`` on ``domain``.

    ``θ̂`` is the mode found by :func:`mapmath.modes.find_modes` (``log_density`` may be a formula
    string, read by the safe parser). With numeric parameters the global maximum over the closed
    domain is taken, so a maximum on the boundary is detected; with symbolic parameters the mode
    is the one stationary point that may be a maximum, its sign conditions taken as stated by the
    symbols' assumptions.

    Raises ``ValueError`` when there is no interior stationary point (the mode is on the
    boundary, where ``ℓ' ≠ 0`` and the approximation is undefined), when the curvature at the
    stationary points is ``>= 0`` (a minimum or a flat point, not a mode), when the density is
    larger at the boundary than at any interior stationary point, or when there is no unique mode.
    """
    theta = check_symbol("theta", theta)
    domain = check_interval("domain", domain)
    ell = as_expression(log_density, "log_density", context=(theta,))
    if not ell.has(theta):
        raise ValueError(f"log_density must depend on theta={theta}: a constant log density has no mode")
    where = f"on {domain}"
    search = find_modes(ell, theta, domain)
    interior = {c: v for c, v in search.critical_points.items() if c not in (domain.start, domain.end)}
    if not interior:
        raise ValueError(
            f"log_density has no interior stationary point {where} (ℓ'({theta}) = {sp.diff(ell, theta)} never "
            f"vanishes inside): the mode is on the boundary, where the Laplace approximation "
            f"(a quadratic expansion around a point with ℓ' = 0) is undefined"
        )
    if search.status == "unique" and search.kind == "boundary":
        (end,) = search.modes
        edge = search.endpoint_values[end]
        raise ValueError(
            f"the maximum of the density {where} is on the boundary {theta} = {end} "
            f"(ℓ → {edge} there, above ℓ at every interior stationary point): the Laplace approximation "
            f"at an interior stationary point does not describe the mode"
        )
    if search.status != "unique":
        if all(sp.factor(v).is_nonnegative for v in interior.values()):
            raise ValueError(
                f"curvature ℓ''({theta}) >= 0 at every stationary point {list(interior)} {where}: "
                f"non-negative curvature means no mode there, so -1/ℓ'' is not a variance"
            )
        raise ValueError(f"no Laplace approximation {where}: {search.reason}")
    mode = search.mode
    curv = sp.factor(interior[mode])
    if curv.is_nonnegative:
        raise ValueError(
            f"curvature ℓ''({theta}) = {curv} >= 0 at the mode {theta} = {mode}: "
            f"a flat top has no quadratic expansion, so -1/ℓ'' is not a variance"
        )
    return LaplaceApproximation(mode, sp.factor(sp.simplify(-1 / curv)), curv)


def central_z(level: float) -> float:
    """``z = Φ⁻¹((1 + level)/2)``; below ``level = 0.5`` as ``√2 erf⁻¹(level)``, since
    ``(1 + level)/2`` rounds a tiny level away (``level = 1e-150`` would give ``z = 0``)."""
    from scipy import special

    if level >= 0.5:
        return float(stats.norm.ppf((1.0 + level) / 2.0))
    return math.sqrt(2.0) * float(special.erfinv(level))


@validate_params(mode=Real(), variance=Positive(), level=Probability(open_interval=True))
def laplace_interval(mode: object, variance: object, level: float = 0.95) -> tuple[float, float]:
    """The central ``level`` interval of ``N(mode, variance)``: ``mode ± z sqrt(variance)``.

    ``z = Φ⁻¹((1 + level)/2)``. The interval is not clipped to the parameter space: that it can
    leave it (e.g. go below 0 for a probability) is one of the things it shows.
    """
    m = check_real("mode", mode)
    v = check_positive("variance", variance)
    lv = check_real("level", level, low=0.0, high=1.0, low_open=True, high_open=True)
    z = central_z(lv)
    half = z * float(np.sqrt(v))
    return m - half, m + half
