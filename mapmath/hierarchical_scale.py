"""The joint mode of a hierarchical scale collapses; empirical Bayes and boundary-avoiding priors.

Model: ``y | w ~ N(Xw, σ² I_n)`` (``σ²`` known), ``w | τ² ~ N(0, τ² I_d)``. With a flat prior on
``τ²`` the joint negative log posterior is, up to a constant,

    J(w, τ²) = ‖y - Xw‖²/(2σ²) + ‖w‖²/(2τ²) + (d/2) log τ²,

and at ``w = 0`` it is ``‖y‖²/(2σ²) + (d/2) log τ² → -∞`` as ``τ² → 0``: the joint posterior
density is unbounded and the joint MAP does not exist (Gelman et al. 2013 §5.3 and §13.2; Bishop
2006 §3.5). Two remedies:

- type-II maximum likelihood / empirical Bayes: integrate ``w`` out and maximize the marginal
  likelihood ``p(y | τ²) = N(y; 0, σ² I + τ² X Xᵀ)`` over ``τ² >= 0`` (it is finite at ``τ² = 0``,
  but its maximum may sit exactly there);
- a boundary-avoiding prior on the marginal posterior of ``τ``: ``τ ~ Gamma(2, rate)`` with a small
  rate, whose density ``rate² τ e^{-rate τ}`` vanishes at 0, so the marginal posterior mode of
  ``τ`` is positive (Chung et al. 2013; Gelman et al. 2013 §13.2). It does not rescue the *joint*
  mode when ``d >= 2``: ``-log p(w = 0, τ | y)`` still contains ``(d - 1) log τ → -∞``.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
import sympy as sp
from scipy.special import gammaln

from .modes import maximize_on_grid
from .validation import (
    Matrix,
    Positive,
    Real,
    Vector,
    check_positive,
    check_real,
    check_vector,
    check_X_y,
    validate_params,
)

__all__ = [
    "JointCollapse",
    "derive_joint_collapse",
    "empirical_bayes_tau2",
    "gamma_tau_log_prior",
    "joint_neg_log_posterior",
    "log_marginal_likelihood",
    "marginal_posterior_mode_tau",
    "score_at_zero",
]


def _check_problem(X: object, y: object, sigma2: object) -> tuple[np.ndarray, np.ndarray, float]:
    X_, y_ = check_X_y(X, y)
    return X_, y_, check_positive("sigma2", sigma2)


@validate_params(
    w=Vector(length="X.cols"),
    tau2=Positive(),
    X=Matrix(),
    y=Vector(length="X.rows"),
    sigma2=Positive(),
)
def joint_neg_log_posterior(w: object, tau2: object, X: object, y: object, sigma2: object) -> float:
    """``-log p(w, τ² | y)`` under a flat prior on ``τ²``, up to the evidence:
    ``‖y - Xw‖²/(2σ²) + ‖w‖²/(2τ²) + (d/2) log(2π τ²) + (n/2) log(2π σ²)``, ``τ² > 0``."""
    X_, y_, s2 = _check_problem(X, y, sigma2)
    w_ = check_vector("w", w, length=X_.shape[1], length_name="X.shape[1] (one weight per column of X)")
    t2 = check_positive("tau2", tau2)
    n, d = X_.shape
    r = y_ - X_ @ w_
    return float(r @ r / (2 * s2) + w_ @ w_ / (2 * t2) + d / 2 * np.log(2 * np.pi * t2)
                 + n / 2 * np.log(2 * np.pi * s2))


@validate_params(tau2=Real(0.0), X=Matrix(), y=Vector(length="X.rows"), sigma2=Positive())
def log_marginal_likelihood(tau2: object, X: object, y: object, sigma2: object) -> float:
    """``log N(y; 0, σ² I + τ² X Xᵀ)`` for ``τ² >= 0``, through the SVD ``X = U D Vᵀ``.

    Along the left singular vectors the covariance has eigenvalues ``σ² + τ² d_j²`` (and ``σ²`` on
    the orthogonal complement), so with ``z = Uᵀy`` the log density is
    ``-½ Σ_j [log(2π(σ² + τ² d_j²)) + z_j²/(σ² + τ² d_j²)] - ½ [(n - r) log(2πσ²) + ‖y_⊥‖²/σ²]``.
    """
    X_, y_, s2 = _check_problem(X, y, sigma2)
    t2 = check_real("tau2", tau2, low=0.0)
    return _log_ml(t2, *_svd(X_, y_), y_.size, s2)


def _svd(X: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray, float]:
    U, dvals, _ = np.linalg.svd(X, full_matrices=False)
    z = U.T @ y
    rest = float(max(y @ y - z @ z, 0.0))
    return dvals**2, z, rest


def _log_ml(t2: float, d2: np.ndarray, z: np.ndarray, rest: float, n: int, s2: float) -> float:
    ev = s2 + t2 * d2
    k = d2.size
    return float(-0.5 * np.sum(np.log(2 * np.pi * ev) + z**2 / ev)
                 - 0.5 * ((n - k) * np.log(2 * np.pi * s2) + rest / s2))


@validate_params(X=Matrix(), y=Vector(length="X.rows"), sigma2=Positive())
def score_at_zero(X: object, y: object, sigma2: object) -> float:
    """``d/dτ² log p(y | τ²)`` at ``τ² = 0``: ``(‖Xᵀy‖²/σ² - ‖X‖_F²)/(2σ²)``.

    When it is ``<= 0`` the marginal likelihood does not increase away from 0 to first order, and for
    a single column (``d = 1``) type-II maximum likelihood then gives exactly ``τ̂² = 0``.
    """
    X_, y_, s2 = _check_problem(X, y, sigma2)
    g = X_.T @ y_
    return float((g @ g / s2 - np.sum(X_**2)) / (2 * s2))


@validate_params(
    X=Matrix(),
    y=Vector(length="X.rows"),
    sigma2=Positive(),
    tau2_max=Real(1e-10, low_open=True),
)
def empirical_bayes_tau2(X: object, y: object, sigma2: object, *, tau2_max: float = 1e6) -> float:
    """Type-II maximum likelihood: ``argmax_{0 <= τ² <= tau2_max} log p(y | τ²)``.

    A grid of 801 points in ``log τ²`` over ``[1e-10, tau2_max]``, refined by a bounded scalar
    search around the best grid point; the boundary ``τ² = 0`` is returned when its marginal
    likelihood is at least as high (then :func:`score_at_zero` is ``<= 0``).
    """
    X_, y_, s2 = _check_problem(X, y, sigma2)
    hi = check_positive("tau2_max", tau2_max)
    if hi <= 1e-10:
        raise ValueError(f"tau2_max must be > 1e-10, got {tau2_max!r}")
    pre = _svd(X_, y_)
    n = y_.size

    def neg(u: float) -> float:
        return -_log_ml(float(np.exp(u)), *pre, n, s2)

    best_u = maximize_on_grid(lambda u: -neg(u), np.linspace(np.log(1e-10), np.log(hi), 801))
    at_zero = -_log_ml(0.0, *pre, n, s2)
    if at_zero <= neg(best_u) + 1e-12:
        return 0.0
    return float(np.exp(best_u))


@validate_params(tau=Positive(), shape=Positive(), rate=Positive())
def gamma_tau_log_prior(tau: object, shape: float = 2.0, rate: float = 0.1) -> float:
    """``log Gamma(τ; shape, rate) = shape log rate - log Γ(shape) + (shape - 1) log τ - rate τ``.

    With ``shape = 2`` the density ``rate² τ e^{-rate τ}`` is 0 at ``τ = 0`` and nearly flat for
    ``τ`` well below ``1/rate``: the boundary-avoiding prior of Chung et al. (2013).
    """
    t = check_positive("tau", tau)
    a = check_positive("shape", shape)
    r = check_positive("rate", rate)
    return float(a * np.log(r) - gammaln(a) + (a - 1) * np.log(t) - r * t)


@validate_params(
    X=Matrix(),
    y=Vector(length="X.rows"),
    sigma2=Positive(),
    shape=Real(1.0, low_open=True),
    rate=Positive(),
    tau_max=Positive(),
)
def marginal_posterior_mode_tau(X: object, y: object, sigma2: object, *, shape: float = 2.0,
                                rate: float = 0.1, tau_max: float = 1e3) -> float:
    """``argmax_τ [log p(y | τ²) + log Gamma(τ; shape, rate)]``: the mode of the marginal posterior
    of ``τ`` (with ``w`` integrated out) under the gamma prior on ``τ``. With ``shape > 1`` the
    objective tends to ``-∞`` as ``τ → 0``, so the mode is positive."""
    X_, y_, s2 = _check_problem(X, y, sigma2)
    a = check_positive("shape", shape)
    if a <= 1:
        raise ValueError(f"shape must be > 1 for a boundary-avoiding prior, got {shape!r}")
    r = check_positive("rate", rate)
    t_hi = check_positive("tau_max", tau_max)
    pre = _svd(X_, y_)
    n = y_.size

    def neg(u: float) -> float:
        t = float(np.exp(u))
        return -(_log_ml(t * t, *pre, n, s2) + (a - 1) * u - r * t)

    return float(np.exp(maximize_on_grid(lambda u: -neg(u), np.linspace(np.log(1e-6), np.log(t_hi), 801))))


class JointCollapse(NamedTuple):
    """``objective`` = ``J(w, τ²)`` for one weight and one observation, in SymPy; its limits as
    ``τ² → 0⁺`` at ``w = 0`` and at ``w ≠ 0``; ``profile`` = ``J`` at ``w = 0`` with ``d`` weights,
    and its limit."""

    w: sp.Symbol
    tau2: sp.Symbol
    objective: sp.Expr
    limit_at_w0: sp.Expr
    limit_at_w_nonzero: sp.Expr
    d: sp.Symbol
    profile: sp.Expr
    profile_limit: sp.Expr


def derive_joint_collapse() -> JointCollapse:
    """The joint objective ``(y - x w)²/(2σ²) + w²/(2τ²) + ½ log τ²`` (flat prior on ``τ²``) and
    its limits as ``τ² → 0⁺``: ``-∞`` at ``w = 0`` (no joint MAP), ``+∞`` at any fixed ``w ≠ 0``;
    and, for ``d`` weights, ``J(0, τ²) = ‖y‖²/(2σ²) + (d/2) log τ² → -∞``."""
    w = sp.Symbol("w", real=True)
    t2, s2 = sp.symbols("tau2 sigma2", positive=True)
    x, y = sp.symbols("x y", real=True)
    w0 = sp.Symbol("w_0", positive=True)
    d, yy = sp.symbols("d yy", positive=True)
    objective = (y - x * w) ** 2 / (2 * s2) + w**2 / (2 * t2) + sp.log(t2) / 2
    profile = yy / (2 * s2) + d / 2 * sp.log(t2)
    return JointCollapse(w, t2, objective, sp.limit(objective.subs(w, 0), t2, 0, "+"),
                         sp.limit(objective.subs(w, w0), t2, 0, "+"), d, profile,
                         sp.limit(profile, t2, 0, "+"))
