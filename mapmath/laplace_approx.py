"""The Laplace approximation at the MAP, and how its intervals compare with exact ones.

For a 1-D posterior with log density ``ℓ(θ)`` (up to a constant) and an interior mode ``θ̂``
where ``ℓ'(θ̂) = 0`` and ``ℓ''(θ̂) < 0``, a second-order Taylor expansion
``ℓ(θ) ≈ ℓ(θ̂) + ½ ℓ''(θ̂)(θ - θ̂)²`` gives the Gaussian approximation

    p(θ | D) ≈ N(θ̂, -1/ℓ''(θ̂)),

(Tierney & Kadane 1986; Gelman et al. 2013 §4.1). It needs an interior stationary point: when
the maximum sits on the boundary of the parameter space (e.g. a Beta(1, b) posterior, whose mode
is 0), ``ℓ'`` does not vanish there and the quadratic expansion does not exist.

For a Beta(A, B) posterior with A, B > 1: ``θ̂ = (A-1)/(A+B-2)`` and the Laplace variance is
``(A-1)(B-1)/(A+B-2)³``.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
import sympy as sp
from scipy import stats

from .parsing import as_expression
from .validation import check_positive, check_real

__all__ = [
    "LaplaceApproximation",
    "beta_exact_interval",
    "beta_interval_mass",
    "beta_laplace",
    "beta_laplace_variance",
    "laplace_approximation",
    "laplace_interval",
]


_REAL_LINE = sp.Interval(-sp.oo, sp.oo)


class LaplaceApproximation(NamedTuple):
    """``N(mode, variance)`` with ``variance = -1/curvature``, ``curvature = ℓ''(mode) < 0``."""

    mode: sp.Expr
    variance: sp.Expr
    curvature: sp.Expr


def laplace_approximation(log_density: sp.Expr, theta: sp.Symbol,
                          domain: sp.Interval = _REAL_LINE) -> LaplaceApproximation:
    """The Laplace approximation ``N(θ̂, -1/ℓ''(θ̂))`` of the density ``exp(ℓ)`` on ``domain``.

    ``θ̂`` solves ``ℓ'(θ) = 0`` inside the open interval ``domain`` (SymPy ``solve``). Among the
    stationary points with negative curvature the one with the largest ``ℓ`` is kept. When the
    parameters are numbers, the limits of ``ℓ`` at the ends of ``domain`` are compared with
    ``ℓ(θ̂)`` too, so a maximum on the boundary is detected.

    Raises ``ValueError`` when there is no interior stationary point (the mode is on the
    boundary, where ``ℓ' ≠ 0`` and the approximation is undefined), when the curvature at every
    stationary point is ``>= 0`` (a minimum or a flat point, not a mode), or when the density is
    larger at the boundary than at any interior stationary point. With symbolic parameters, a
    sign or membership SymPy cannot decide is taken as stated by the caller's assumptions.
    """
    if not isinstance(theta, sp.Symbol):
        raise TypeError(f"theta must be a SymPy Symbol, got {type(theta).__name__}")
    if not isinstance(domain, sp.Interval):
        raise TypeError(f"domain must be a SymPy Interval, got {type(domain).__name__}")
    ell = as_expression(log_density, "log_density", context=(theta,))
    if not ell.has(theta):
        raise ValueError(f"log_density must depend on theta={theta}: a constant log density has no mode")
    d1 = sp.diff(ell, theta)
    d2 = sp.diff(ell, theta, 2)
    numeric = ell.free_symbols <= {theta}
    interior = sp.Interval.open(domain.start, domain.end)

    candidates = []
    for root in sp.solve(sp.Eq(d1, 0), theta):
        inside = interior.contains(root)
        if inside is sp.false or (root.is_real is False):
            continue
        candidates.append(sp.simplify(root))
    where = f"on {domain}"
    if not candidates:
        raise ValueError(
            f"log_density has no interior stationary point {where} (ℓ'({theta}) = {d1} never "
            f"vanishes inside): the mode is on the boundary, where the Laplace approximation "
            f"(a quadratic expansion around a point with ℓ' = 0) is undefined"
        )
    maxima = []
    for root in candidates:
        curv = sp.factor(sp.simplify(d2.subs(theta, root)))
        if curv.is_nonnegative:
            continue
        maxima.append((root, curv))
    if not maxima:
        raise ValueError(
            f"curvature ℓ''({theta}) >= 0 at every stationary point {candidates} {where}: "
            f"non-negative curvature means no mode there, so -1/ℓ'' is not a variance"
        )
    if numeric and len(maxima) > 1:
        maxima.sort(key=lambda rc: float(ell.subs(theta, rc[0])), reverse=True)
    mode, curv = maxima[0]
    if numeric:
        peak = float(ell.subs(theta, mode))
        for end, side in ((domain.start, "+"), (domain.end, "-")):
            if end.is_infinite:
                continue
            edge = sp.limit(ell, theta, end, side)
            if edge == sp.oo or (edge.is_finite and float(edge) > peak):
                raise ValueError(
                    f"the maximum of the density {where} is on the boundary {theta} = {end} "
                    f"(ℓ → {edge} there, above ℓ(mode) = {peak:.6g}): the Laplace approximation "
                    f"at the interior stationary point does not describe the mode"
                )
    return LaplaceApproximation(mode, sp.factor(sp.simplify(-1 / curv)), curv)


def _check_beta_shapes(a: object, b: object) -> tuple[float, float]:
    a_ = check_positive("a", a)
    b_ = check_positive("b", b)
    if a_ <= 1 or b_ <= 1:
        name, val = ("a", a_) if a_ <= 1 else ("b", b_)
        raise ValueError(
            f"{name} must be > 1 for a Beta(a, b) Laplace approximation, got {name}={val:g}: "
            f"with {name} <= 1 the density's maximum is on the boundary "
            f"{'p = 0' if name == 'a' else 'p = 1'} (or it is unbounded there), where "
            f"ℓ' does not vanish and the Laplace approximation is undefined"
        )
    return a_, b_


def beta_laplace_variance(a: object, b: object) -> float:
    """``(a-1)(b-1)/(a+b-2)³``: the Laplace variance ``-1/ℓ''(mode)`` of Beta(a, b); a, b > 1."""
    a_, b_ = _check_beta_shapes(a, b)
    return (a_ - 1.0) * (b_ - 1.0) / (a_ + b_ - 2.0) ** 3


def beta_laplace(a: object, b: object) -> tuple[float, float]:
    """``(mode, variance)`` of the Laplace approximation of Beta(a, b): ``((a-1)/(a+b-2), ...)``."""
    a_, b_ = _check_beta_shapes(a, b)
    return (a_ - 1.0) / (a_ + b_ - 2.0), beta_laplace_variance(a_, b_)


def _check_level(level: object) -> float:
    return check_real("level", level, low=0.0, high=1.0, low_open=True, high_open=True)


def laplace_interval(mode: object, variance: object, level: float = 0.95) -> tuple[float, float]:
    """The central ``level`` interval of ``N(mode, variance)``: ``mode ± z sqrt(variance)``.

    ``z = Φ⁻¹((1 + level)/2)``. The interval is not clipped to the parameter space: that it can
    leave it (e.g. go below 0 for a probability) is one of the things it shows.
    """
    m = check_real("mode", mode)
    v = check_positive("variance", variance)
    lv = _check_level(level)
    z = float(stats.norm.ppf((1.0 + lv) / 2.0))
    half = z * float(np.sqrt(v))
    return m - half, m + half


def beta_exact_interval(a: object, b: object, level: float = 0.95) -> tuple[float, float]:
    """The exact central ``level`` credible interval of Beta(a, b) (``scipy.stats.beta.ppf``)."""
    a_ = check_positive("a", a)
    b_ = check_positive("b", b)
    lv = _check_level(level)
    tail = (1.0 - lv) / 2.0
    return float(stats.beta.ppf(tail, a_, b_)), float(stats.beta.ppf(1.0 - tail, a_, b_))


def beta_interval_mass(a: object, b: object, low: object, high: object) -> float:
    """``P(low <= p <= high)`` under Beta(a, b): the exact coverage of an interval.

    Ends outside [0, 1] are allowed (the mass there is 0), so the coverage of a Laplace interval
    that spills below 0 is measured as it stands.
    """
    a_ = check_positive("a", a)
    b_ = check_positive("b", b)
    lo = check_real("low", low)
    hi = check_real("high", high)
    if hi < lo:
        raise ValueError(f"high must be >= low, got low={lo:g}, high={hi:g}")
    return float(stats.beta.cdf(hi, a_, b_) - stats.beta.cdf(lo, a_, b_))
