"""When is the negative log posterior convex, and what happens when it is not.

A log-concave likelihood times a log-concave prior is log-concave: the negative log posterior is a
sum of convex functions, so every local minimum is global and any descent method that converges
finds the MAP (Boyd and Vandenberghe 2004 §3.5). For logistic regression with a Gaussian prior the
Hessian ``XᵀSX + I/τ²`` has ``vᵀHv = Σ_i s_i (x_iᵀv)² + ‖v‖²/τ² >= ‖v‖²/τ²`` with
``s_i = σ(η_i)(1 - σ(η_i)) ∈ (0, 1/4]`` (:func:`derive_logistic_quadratic_form`).

A heavy-tailed prior is not log-concave: the Cauchy density ``1/(πγ(1 + w²/γ²))`` has
``-log π(w) = log(1 + w²/γ²) + const``, concave for ``|w| > γ``. With one Gaussian observation
``z ~ N(w, σ²)`` the log posterior ``-(w - z)²/(2σ²) - log(1 + w²/γ²)`` can have two local maxima,
one shrunk towards 0 and one near ``z`` (:func:`derive_cauchy_gaussian`, :func:`cauchy_gaussian_modes`):
which one a local optimizer returns depends on where it starts (Gelman et al. 2013 §17.1 on
t models' multimodality).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import sympy as sp

from .logistic import LogisticDerivation
from .modes import local_maxima, stationary_points
from .validation import Instance, Real, RealArray, check_real, validate_params

__all__ = [
    "CauchyGaussian",
    "LogisticQuadraticForm",
    "cauchy_gaussian_log_posterior",
    "cauchy_gaussian_modes",
    "cauchy_gaussian_stationary_points",
    "derive_cauchy_gaussian",
    "derive_logistic_quadratic_form",
]


@dataclass(frozen=True)
class LogisticQuadraticForm:
    """``vᵀHv`` for the logistic MAP's Hessian (see :func:`derive_logistic_quadratic_form`)."""

    v: tuple[sp.Symbol, ...]
    quadratic_form: sp.Expr  #: vᵀ H v with H the SymPy Hessian of J
    sum_of_squares: sp.Expr  #: Σ_i s_i (x_iᵀv)² + vᵀv/τ²
    difference: sp.Expr  #: the two, subtracted and simplified: 0
    weight: sp.Expr  #: s(η) = σ(η)(1 - σ(η))
    weight_stationary: sp.Expr  #: the η where s'(η) = 0
    weight_max: sp.Expr  #: s at that η


@validate_params(deriv=Instance(LogisticDerivation))
def derive_logistic_quadratic_form(deriv: LogisticDerivation) -> LogisticQuadraticForm:
    """Show that the logistic MAP objective is strictly convex: ``vᵀHv = Σ_i s_i (x_iᵀv)² + ‖v‖²/τ²``.

    ``H`` is the SymPy Hessian in ``deriv`` (from :func:`mapmath.logistic.derive_logistic_map_objective`,
    an ``n × d`` design of symbols). Each weight ``s_i = σ(η_i)(1 - σ(η_i))`` lies in ``(0, 1/4]`` (its
    only stationary point is ``η = 0``, where it is 1/4), so ``vᵀHv >= ‖v‖²/τ² > 0`` for ``v ≠ 0``:
    ``J`` is ``1/τ²``-strongly convex, whatever the data (Bishop 2006 §4.3.3).
    """
    n, d = deriv.X.shape
    v = sp.symbols(f"v1:{d + 1}", real=True)
    vv = sp.Matrix(v)
    quad = (vv.T * deriv.hessian * vv)[0, 0]
    eta = deriv.X * sp.Matrix(deriv.w)
    xv = deriv.X * vv
    sig = [1 / (1 + sp.exp(-eta[i])) for i in range(n)]
    sos = sum(sig[i] * (1 - sig[i]) * xv[i] ** 2 for i in range(n)) + (vv.T * vv)[0, 0] / deriv.tau2
    diff = sp.cancel(sp.together(sp.expand(quad - sos)))
    e = sp.Symbol("eta", real=True)
    s = 1 / (1 + sp.exp(-e)) * (1 - 1 / (1 + sp.exp(-e)))
    (stat,) = stationary_points(s, e)  # the mode engine: where d/dη σ(1 - σ) = 0
    return LogisticQuadraticForm(v=v, quadratic_form=quad, sum_of_squares=sos, difference=diff,
                                 weight=s, weight_stationary=stat, weight_max=sp.simplify(s.subs(e, stat)))


@dataclass(frozen=True)
class CauchyGaussian:
    """One Gaussian observation and a Cauchy prior, symbolically (see :func:`derive_cauchy_gaussian`)."""

    w: sp.Symbol
    z: sp.Symbol
    sigma2: sp.Symbol
    gamma: sp.Symbol
    log_posterior: sp.Expr  #: -(w - z)²/(2σ²) - log(1 + w²/γ²)
    derivative: sp.Expr  #: d/dw of it
    cubic: sp.Poly  #: (z - w)(γ² + w²) - 2σ²w: same sign as the derivative, in w
    discriminant: sp.Expr  #: of the cubic: > 0 iff three real stationary points (two local maxima)
    second_derivative: sp.Expr


def derive_cauchy_gaussian() -> CauchyGaussian:
    """The log posterior of ``w`` given ``z ~ N(w, σ²)`` and ``w ~ Cauchy(0, γ)``, and its stationary cubic.

    ``ℓ(w) = -(w - z)²/(2σ²) - log(1 + w²/γ²)`` (constants dropped); ``ℓ'(w) = 0`` is, after
    multiplying by ``σ²(γ² + w²) > 0``, the cubic ``(z - w)(γ² + w²) - 2σ²w = 0``. A real cubic has
    three real roots iff its discriminant is positive; then ``ℓ`` has two local maxima and a local
    minimum between them, otherwise one maximum.
    """
    w, z = sp.symbols("w z", real=True)
    sigma2, gamma = sp.symbols("sigma2 gamma", positive=True)
    ell = -(w - z) ** 2 / (2 * sigma2) - sp.log(1 + w**2 / gamma**2)
    d1 = sp.diff(ell, w)
    cubic = sp.Poly(sp.expand((z - w) * (gamma**2 + w**2) - 2 * sigma2 * w), w)
    disc = sp.factor(sp.discriminant(cubic, w))
    return CauchyGaussian(w=w, z=z, sigma2=sigma2, gamma=gamma, log_posterior=ell, derivative=d1,
                          cubic=cubic, discriminant=disc, second_derivative=sp.diff(ell, w, 2))


@validate_params(w=RealArray(), z=Real(-1e6, 1e6), sigma2=Real(1e-6, 1e6), gamma=Real(1e-6, 1e6))
def cauchy_gaussian_log_posterior(w: object, z: float, sigma2: float, gamma: float) -> np.ndarray | float:
    """``ℓ(w) = -(w - z)²/(2σ²) - log(1 + (w/γ)²)``: the log posterior up to a constant (a number or array)."""
    arr = np.asarray(w, dtype=float)
    out = -((arr - z) ** 2) / (2.0 * sigma2) - np.log1p((arr / gamma) ** 2)
    return float(out) if out.ndim == 0 else out


@validate_params(z=Real(-1e6, 1e6), sigma2=Real(1e-6, 1e6), gamma=Real(1e-6, 1e6))
def cauchy_gaussian_stationary_points(z: float, sigma2: float, gamma: float) -> np.ndarray:
    """The real roots of the stationary cubic ``(z - w)(γ² + w²) - 2σ²w``, sorted (``numpy.roots``)."""
    roots = np.roots([-1.0, z, -(gamma**2) - 2.0 * sigma2, z * gamma**2])
    real = roots[np.abs(roots.imag) <= 1e-9 * max(1.0, float(np.max(np.abs(roots))))].real
    return np.sort(real)


@validate_params(z=Real(-1e6, 1e6), sigma2=Real(1e-6, 1e6), gamma=Real(1e-6, 1e6))
def cauchy_gaussian_modes(z: float, sigma2: float, gamma: float) -> np.ndarray:
    """Every local maximum of :func:`cauchy_gaussian_log_posterior`, highest first.

    The stationary points lie between 0 and ``z`` (outside, both terms push ``w`` back), so
    :func:`mapmath.modes.local_maxima` searches ``[min(0, z) - s, max(0, z) + s]``,
    ``s = √σ² + γ``, on a grid fine enough to separate maxima ``γ/100`` apart.
    """
    z = check_real("z", z)
    s = float(np.sqrt(sigma2)) + float(gamma)
    lo, hi = min(0.0, z) - s, max(0.0, z) + s
    n = int(min(200_001, max(2001, 100 * (hi - lo) / gamma)))
    return local_maxima(lambda w: cauchy_gaussian_log_posterior(w, z, sigma2, gamma), lo, hi, grid_size=n)
