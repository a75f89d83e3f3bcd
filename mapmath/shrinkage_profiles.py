"""Shrinkage profiles: the prior of the shrinkage weight κ under the horseshoe and the Laplace.

Normal means with unit noise and a Gaussian scale mixture prior (Carvalho, Polson & Scott 2010):

    y | β ~ N(β, 1),   β | s ~ N(0, s),   s ~ π(s),

give ``E[β | y, s] = (1 - κ) y`` with the shrinkage weight ``κ = 1/(1 + s)`` (κ = 1: shrunk to 0,
κ = 0: left alone). The prior on ``s`` becomes a prior on κ by the change of variables
``s = (1 - κ)/κ``, ``|ds/dκ| = 1/κ²``:

- horseshoe, ``√s ~ C⁺(0, 1)`` (half-Cauchy local scale): ``p(κ) = 1/(π √(κ(1 - κ)))``, the
  Beta(½, ½) density, unbounded at both ends: it allows no shrinkage for large signals (κ → 0)
  and total shrinkage of noise (κ → 1);
- Laplace(0, b) prior, ``s ~ Exp(rate 1/(2b²))`` (Andrews & Mallows 1974):
  ``p(κ) = r κ⁻² exp(-r(1 - κ)/κ)`` with ``r = 1/(2b²)``, which vanishes at κ → 0 (large signals
  are always shrunk by a bounded amount) and is bounded at κ = 1 (no spike at total shrinkage).

:func:`derive_kappa_densities` does both changes of variables in SymPy.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import sympy as sp

from .validation import Positive, RealArray, validate_params

__all__ = [
    "KappaDensities",
    "derive_kappa_densities",
    "horseshoe_kappa_pdf",
    "laplace_kappa_pdf",
]

kappa = sp.Symbol("kappa", positive=True)
b_sym = sp.Symbol("b", positive=True)


@dataclass(frozen=True)
class KappaDensities:
    """The derived densities of κ on (0, 1): ``horseshoe`` (local scale ~ C⁺(0, 1)), ``laplace``
    (Laplace(0, b), in ``kappa`` and ``b``), ``beta_half`` the Beta(½, ½) density for comparison."""

    kappa: sp.Symbol
    b: sp.Symbol
    horseshoe: sp.Expr
    laplace: sp.Expr
    beta_half: sp.Expr


def derive_kappa_densities() -> KappaDensities:
    """Change variables from the local scale to ``κ = 1/(1 + s)`` in SymPy.

    Horseshoe: ``λ = √s ~ C⁺(0, 1)`` with density ``2/(π(1 + λ²))``; ``λ(κ) = √((1 - κ)/κ)``,
    ``p(κ) = p_λ(λ(κ)) |dλ/dκ|``. Laplace(0, b): ``s ~ Exp(rate 1/(2b²))``; ``s(κ) = (1 - κ)/κ``,
    ``p(κ) = p_s(s(κ)) |ds/dκ|`` (Carvalho, Polson & Scott 2010, §2).
    """
    lam = sp.sqrt((1 - kappa) / kappa)
    p_lam = 2 / (sp.pi * (1 + lam**2))
    horseshoe = sp.simplify(-p_lam * sp.diff(lam, kappa))  # λ(κ) decreases: |dλ/dκ| = -dλ/dκ
    rate = 1 / (2 * b_sym**2)
    s = (1 - kappa) / kappa
    laplace = sp.simplify(-rate * sp.exp(-rate * s) * sp.diff(s, kappa))  # s(κ) decreases too
    half = sp.Rational(1, 2)
    beta_half = kappa ** (-half) * (1 - kappa) ** (-half) * sp.gamma(1) / sp.gamma(half) ** 2
    return KappaDensities(kappa=kappa, b=b_sym, horseshoe=horseshoe, laplace=laplace,
                          beta_half=beta_half)


@validate_params(_finite_result=False, k=RealArray(0.0, 1.0, low_open=True, high_open=True))
def horseshoe_kappa_pdf(k: object) -> np.ndarray | float:
    """``p(κ) = 1/(π √(κ(1 - κ)))`` on (0, 1): the Beta(½, ½) density of the horseshoe's
    shrinkage weight (Carvalho, Polson & Scott 2010, eq. 2)."""
    k_ = np.asarray(k, dtype=float)
    out = 1.0 / (np.pi * np.sqrt(k_ * (1.0 - k_)))
    return float(out) if out.ndim == 0 else out


@validate_params(k=RealArray(0.0, 1.0, low_open=True, high_open=True), b=Positive())
def laplace_kappa_pdf(k: object, b: float = 1.0) -> np.ndarray | float:
    """``p(κ) = r κ⁻² exp(-r(1 - κ)/κ)``, ``r = 1/(2b²)``, on (0, 1): the shrinkage weight's density
    under a Laplace(0, b) prior written as ``N(0, s)``, ``s ~ Exp(r)`` (unit noise)."""
    k_ = np.asarray(k, dtype=float)
    r = 0.5 / (b * b)
    with np.errstate(over="ignore", under="ignore", divide="ignore"):
        out = np.exp(np.log(r) - 2.0 * np.log(k_) - r * ((1.0 - k_) / k_))
    return float(out) if out.ndim == 0 else out

