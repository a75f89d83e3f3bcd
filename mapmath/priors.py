"""Priors as SymPy densities, and the penalty each one induces.

The penalty of a prior is its negative log-density with the terms that do not depend on the
parameter dropped: maximizing ``log p(D | θ) + log π(θ)`` is minimizing ``-log p(D | θ) + R(θ)``
with ``R(θ) = -log π(θ) + const`` (see :mod:`mapmath.posterior`).

=================  ==============================================  =========================
prior              density                                         penalty ``R``
=================  ==============================================  =========================
flat               ``1``                                           ``0``
Gaussian(μ, τ²)    ``exp(-(θ-μ)²/(2τ²)) / sqrt(2πτ²)``             ``(θ-μ)²/(2τ²)``  (L2)
Laplace(μ, b)      ``exp(-|θ-μ|/b) / (2b)``                        ``|θ-μ|/b``       (L1)
Beta(a, b)         ``p^(a-1) (1-p)^(b-1) / B(a, b)``               ``-(a-1)log p - (b-1)log(1-p)``
=================  ==============================================  =========================
"""

from __future__ import annotations

import sympy as sp

from .parsing import as_expression
from .validation import Expr, Symbol, validate_params

__all__ = [
    "beta_density",
    "flat_density",
    "gaussian_density",
    "laplace_density",
    "penalty",
]


def _positive(name: str, value: sp.Expr | float, context: tuple = ()) -> sp.Expr:
    """``value`` as a SymPy expression; a number must be > 0 (a symbol is taken as declared by the caller)."""
    expr = as_expression(value, name, context=context)
    if expr.is_number:
        if not expr.is_real or not expr.is_finite:
            raise ValueError(f"{name} must be a finite real number > 0, got {value!r}")
        if not expr.is_positive:
            raise ValueError(f"{name} must be a finite real number > 0, got {value!r}")
    elif expr.is_positive is False:
        raise ValueError(f"{name} must be positive, got {value!r}")
    return expr


@validate_params(theta=Symbol())
def flat_density(theta: sp.Symbol) -> sp.Expr:
    """The flat (possibly improper) prior ``π(θ) ∝ 1``: its penalty is zero."""
    return sp.Integer(1)


@validate_params(theta=Expr(text=True), mean=Expr(text=True), variance=Expr(text=True))
def gaussian_density(theta: sp.Expr, mean: sp.Expr | float, variance: sp.Expr | float) -> sp.Expr:
    """``N(θ | μ, τ²) = exp(-(θ-μ)²/(2τ²)) / sqrt(2πτ²)``; ``variance`` is τ² > 0.

    Each argument is a SymPy expression or a number; a string is read by
    :func:`mapmath.parsing.parse_expression` (its names bind to the symbols of the other arguments).
    """
    args = (theta, mean, variance)
    theta = as_expression(theta, "theta", context=args)
    tau2 = _positive("variance", variance, args)
    mu = as_expression(mean, "mean", context=args)
    return sp.exp(-((theta - mu) ** 2) / (2 * tau2)) / sp.sqrt(2 * sp.pi * tau2)


@validate_params(theta=Expr(text=True), location=Expr(text=True), scale=Expr(text=True))
def laplace_density(theta: sp.Expr, location: sp.Expr | float, scale: sp.Expr | float) -> sp.Expr:
    """``Laplace(θ | μ, b) = exp(-|θ-μ|/b) / (2b)``; ``scale`` is b > 0 (variance 2b²).

    Arguments as for :func:`gaussian_density`.
    """
    args = (theta, location, scale)
    theta = as_expression(theta, "theta", context=args)
    b = _positive("scale", scale, args)
    mu = as_expression(location, "location", context=args)
    return sp.exp(-sp.Abs(theta - mu) / b) / (2 * b)


@validate_params(p=Expr(text=True), a=Expr(text=True), b=Expr(text=True))
def beta_density(p: sp.Symbol, a: sp.Expr | float, b: sp.Expr | float) -> sp.Expr:
    """``Beta(p | a, b) = p^(a-1) (1-p)^(b-1) / B(a, b)`` on 0 < p < 1; a, b > 0.

    Arguments as for :func:`gaussian_density`.
    """
    args = (p, a, b)
    p = as_expression(p, "p", context=args)
    a_ = _positive("a", a, args)
    b_ = _positive("b", b, args)
    return p ** (a_ - 1) * (1 - p) ** (b_ - 1) / sp.beta(a_, b_)


@validate_params(density=Expr(text=True), theta=Symbol(text=True))
def penalty(density: sp.Expr, theta: sp.Symbol) -> sp.Expr:
    """The penalty ``R(θ) = -log π(θ)`` with every additive term free of ``θ`` dropped.

    ``expand_log(force=True)`` splits the log of a product into a sum, so the constant
    (normalizer) terms can be recognised and removed. ``density`` and ``theta`` are SymPy objects
    (a string is read by :func:`mapmath.parsing.parse_expression`, its names bound to the other's symbols).
    A density that is 0, negative, infinite, complex or NaN (``log`` undefined) is a ``ValueError``.
    """
    density, theta = (as_expression(density, "density", context=(theta,)),
                      as_expression(theta, "theta", context=(density,)))
    if density.has(sp.nan, sp.zoo, sp.oo, -sp.oo) or density.is_zero or density.is_nonpositive \
            or density.is_extended_real is False:
        raise ValueError(f"density must be a positive, finite function of the parameter (its log is the "
                         f"penalty), got {density}")
    neg_log = sp.expand(sp.expand_log(-sp.log(density), force=True))
    terms = sp.Add.make_args(neg_log)
    return sp.Add(*[t for t in terms if t.has(theta)])
