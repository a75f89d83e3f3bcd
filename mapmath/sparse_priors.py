"""What a sparsity prior says about the weights: the Laplace prior as a generative model, and spike-and-slab.

The Laplace(0, b) prior behind the lasso is a continuous density, so a draw from it is exactly 0
with probability 0; its tails are ``P(|w| >= c) = exp(-c/b)`` (:func:`derive_laplace_tail`,
:func:`laplace_log_tail`). The lasso's exact zeros are a property of the posterior *mode*, not of
the prior or of the posterior distribution.

A spike-and-slab prior (Mitchell & Beauchamp 1988) puts an atom on 0:
``w = 0`` with probability ``1 - π`` and ``w ~ N(0, τ²)`` with probability ``π``. For one
coordinate observed as ``z ~ N(w, σ²)`` (an orthonormal design's ``z_j = x_jᵀy``) the posterior is
the atom at 0 with probability ``1 - q`` and ``N(m, v)`` with probability ``q``, where

    q = π N(z; 0, σ² + τ²) / [π N(z; 0, σ² + τ²) + (1 - π) N(z; 0, σ²)],
    m = τ² z / (σ² + τ²),   v = σ² τ² / (σ² + τ²).

Its mean ``q m`` is 0 only at ``z = 0``, but its *median* is exactly 0 whenever
``q Φ(|m|/√v) <= 1/2`` (the atom holds the middle of the distribution), in particular whenever the
inclusion probability ``q`` is at most ``1/2``, the rule of the median probability model
(Barbieri & Berger 2004): exact zeros from a Bayes action (absolute loss), not from a mode
(:func:`spike_and_slab_1d`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import sympy as sp
from scipy import special

from .validation import (
    Positive,
    Probability,
    Real,
    RealArray,
    check_positive,
    check_probability,
    check_real,
    check_vector,
    validate_params,
)

__all__ = [
    "LaplaceTail",
    "SpikeSlabPosterior1D",
    "derive_laplace_tail",
    "laplace_log_tail",
    "spike_and_slab_1d",
]


@dataclass(frozen=True)
class LaplaceTail:
    """``P(|w| >= c)`` under ``w ~ Laplace(0, b)``, derived by integration (see :func:`derive_laplace_tail`)."""

    c: sp.Symbol
    b: sp.Symbol
    w: sp.Symbol
    integral: sp.Integral  #: 2 ∫_c^∞ exp(-w/b)/(2b) dw (the two tails, by symmetry)
    tail: sp.Expr  #: its value
    total: sp.Expr  #: ∫_{-∞}^{∞} exp(-|w|/b)/(2b) dw, which must be 1
    atom_at_zero: sp.Expr  #: lim_{ε→0} P(|w| <= ε), which is 0: no draw is exactly zero


def derive_laplace_tail() -> LaplaceTail:
    """``P(|w| >= c) = 2 ∫_c^∞ e^{-w/b}/(2b) dw`` for ``c >= 0``, evaluated by SymPy; also the total
    mass (1) and the mass of ``[-ε, ε]`` as ``ε → 0`` (0: a continuous prior has no atom at 0)."""
    w = sp.Symbol("w", real=True)
    c, b, eps = sp.symbols("c b epsilon", positive=True)
    density = sp.exp(-w / b) / (2 * b)  # the Laplace(0, b) density on w > 0
    integral = sp.Integral(2 * density, (w, c, sp.oo))
    # one antiderivative F serves the three integrals (fundamental theorem of calculus; F(∞) is a
    # limit): ten times faster than three definite integrations and simplifications
    F = sp.integrate(2 * density, w)
    at_infinity = sp.limit(F, w, sp.oo)
    tail = sp.simplify(at_infinity - F.subs(w, c))
    total = sp.simplify(at_infinity - F.subs(w, 0))
    near_zero = F.subs(w, eps) - F.subs(w, 0)
    return LaplaceTail(c=c, b=b, w=w, integral=integral, tail=tail, total=total,
                       atom_at_zero=sp.limit(near_zero, eps, 0, "+"))


@validate_params(c=RealArray(), b=Positive())
def laplace_log_tail(c: object, b: float) -> float:
    """``log P(|w_j| >= |c_j| for every j)`` for independent ``w_j ~ Laplace(0, b)``: ``-‖c‖₁/b``.

    ``c`` is a number or a vector (the coordinates are independent, so the log probabilities add);
    the value is returned as a log because it underflows for the values a lasso prior is asked
    about (``exp(-325)`` is below the float range). Divide by ``log(10)`` for a power of ten."""
    b = check_positive("b", b)
    cv = np.atleast_1d(check_real("c", c)) if np.ndim(c) == 0 else check_vector("c", c)
    with np.errstate(over="ignore"):
        value = -float(np.sum(np.abs(cv))) / b
    if not math.isfinite(value):
        raise ValueError(f"the log tail probability -‖c‖₁/b overflows the float range for b={b:g}: "
                         "rescale c and b")
    return value


@dataclass(frozen=True)
class SpikeSlabPosterior1D:
    """The posterior of one coordinate under a spike-and-slab prior (see :func:`spike_and_slab_1d`)."""

    z: float
    sigma2: float
    tau2: float
    prior_inclusion: float  #: π = P(w ≠ 0) a priori
    inclusion: float  #: q = P(w ≠ 0 | z)
    slab_mean: float  #: m = τ² z/(σ² + τ²)
    slab_variance: float  #: v = σ²τ²/(σ² + τ²)
    mean: float  #: q m
    median: float  #: exactly 0 iff q Φ(|m|/√v) <= 1/2
    median_is_zero: bool

    def cdf(self, t: float) -> float:
        """``P(w <= t | z) = q Φ((t - m)/√v) + (1 - q)·[t >= 0]``."""
        t = check_real("t", t)
        cont = self.inclusion * float(special.ndtr((t - self.slab_mean) / math.sqrt(self.slab_variance)))
        return cont + (1.0 - self.inclusion if t >= 0.0 else 0.0)


@validate_params(
    z=Real(),
    sigma2=Positive(),
    tau2=Positive(),
    prior_inclusion=Probability(open_interval=True),
)
def spike_and_slab_1d(z: float, sigma2: float, tau2: float, prior_inclusion: float) -> SpikeSlabPosterior1D:
    """Posterior inclusion probability, mean and median of ``w`` under the spike-and-slab prior
    ``(1 - π) δ_0 + π N(0, τ²)`` after one observation ``z ~ N(w, σ²)`` (formulas in the module
    docstring; the inclusion probability is computed as ``expit`` of the log odds, so it does not
    overflow). The median: with ``F`` the posterior CDF, ``F(0-) = q Φ(-m/√v)`` and
    ``F(0) = F(0-) + 1 - q``; 0 is a median iff ``F(0-) <= 1/2 <= F(0)``, i.e. iff
    ``q Φ(|m|/√v) <= 1/2``. Otherwise the median solves ``q Φ((t - m)/√v) + (1 - q)[t >= 0] = 1/2``
    on the side of ``m``: ``t = m + √v Φ⁻¹(1 - 1/(2q))`` for ``m > 0`` and
    ``t = m + √v Φ⁻¹(1/(2q))`` for ``m < 0``. ``0 < π < 1``.
    """
    z = check_real("z", z)
    sigma2 = check_positive("sigma2", sigma2)
    tau2 = check_positive("tau2", tau2)
    pi = check_probability("prior_inclusion", prior_inclusion, open_interval=True)
    total = sigma2 + tau2
    # log odds of inclusion: log π - log(1-π) + log N(z; 0, σ²+τ²) - log N(z; 0, σ²)
    log_odds = (math.log(pi) - math.log1p(-pi) - 0.5 * math.log(total / sigma2)
                + 0.5 * z * z * (1.0 / sigma2 - 1.0 / total))
    if not math.isfinite(log_odds):
        raise ValueError(f"the inclusion log odds overflow for z={z:g}, sigma2={sigma2:g}, tau2={tau2:g}")
    q = float(special.expit(log_odds))
    m = tau2 * z / total
    v = sigma2 * tau2 / total
    sd = math.sqrt(v)
    zero = q * float(special.ndtr(abs(m) / sd)) <= 0.5
    if zero:
        median = 0.0
    elif m > 0:
        median = m + sd * float(special.ndtri(1.0 - 0.5 / q))
    else:
        median = m + sd * float(special.ndtri(0.5 / q))
    return SpikeSlabPosterior1D(z=z, sigma2=sigma2, tau2=tau2, prior_inclusion=pi, inclusion=q, slab_mean=m,
                                slab_variance=v, mean=q * m, median=median, median_is_zero=bool(zero))
