"""Laplace's approximation to the evidence, the Occam factor, and BIC as its large-n limit.

For a posterior ``p(w | y) ∝ p(y | w) p(w)`` on ``R^d`` with mode ``ŵ`` and Hessian
``H = -∇² log p(y | w) p(w)`` at ``ŵ``, a second-order expansion of the log joint gives
(Bishop 2006 §4.4.1; MacKay 1992; Tierney & Kadane 1986)

    log p(y) ≈ log p(y | ŵ) + log p(ŵ) + (d/2) log 2π - ½ log|H|
             = log p(y | ŵ)  +  log Occam,    Occam = p(ŵ) (2π)^{d/2} |H|^{-1/2},

the best-fit likelihood times the *Occam factor*: the prior density at the mode times the
posterior's volume, about the fraction of the prior's volume that the data leave plausible. With
``H ≈ n I₁`` (``I₁`` the Fisher information of one observation) and the terms that do not grow with
``n`` dropped, it becomes the Bayesian information criterion (Schwarz 1978), on the log-evidence
scale ``log p(y | ŵ_MLE) - (d/2) log n``: its error is O(1), small relative to the O(n) log evidence.

The model here is logistic regression with the prior ``w ~ N(0, τ² I)`` (:mod:`mapmath.logistic`);
:func:`grid_log_evidence` integrates the same log joint numerically for two weights.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.special import logsumexp

from .logistic import _check_problem, _hessian, _objective, logistic_map, logistic_mle
from .validation import Count, Matrix, Positive, Vector, validate_params

__all__ = ["LaplaceEvidence", "bic_log_evidence", "grid_log_evidence", "laplace_log_evidence",
           "logistic_log_joint"]


def _log_joint(w: np.ndarray, X: np.ndarray, y: np.ndarray, tau2: float) -> float:
    d = X.shape[1]
    return -_objective(w, X, y, tau2) - d / 2 * np.log(2 * np.pi * tau2)


@validate_params(w=Vector(length="X.cols"), X=Matrix(), y=Vector(length="X.rows", low=0.0, high=1.0),
                 tau2=Positive())
def logistic_log_joint(w: object, X: object, y: object, tau2: float) -> float:
    """``log p(y | w) + log N(w; 0, τ² I)`` for logistic regression: the integrand of the evidence,
    normalized (``-J(w) - (d/2) log(2πτ²)`` with ``J`` from :func:`mapmath.logistic.logistic_objective`)."""
    X_, y_, t = _check_problem(X, y, tau2)
    return float(_log_joint(np.asarray(w, dtype=float), X_, y_, t))


@dataclass(frozen=True)
class LaplaceEvidence:
    """Laplace's log evidence ``log_evidence`` = ``log_likelihood`` (at the MAP) + ``log_occam``,
    with ``log_occam`` = ``log_prior`` (at the MAP) + (d/2) log 2π - ½ log|H|; ``map`` and ``hessian``."""

    map: np.ndarray
    hessian: np.ndarray
    log_likelihood: float
    log_prior: float
    log_occam: float
    log_evidence: float


@validate_params(X=Matrix(), y=Vector(length="X.rows", low=0.0, high=1.0), tau2=Positive())
def laplace_log_evidence(X: object, y: object, tau2: float) -> LaplaceEvidence:
    """Laplace's approximation to ``log ∫ p(y | w) N(w; 0, τ² I) dw`` for logistic regression."""
    X_, y_, t = _check_problem(X, y, tau2)
    d = X_.shape[1]
    w = logistic_map(X_, y_, t)
    H = _hessian(w, X_, y_, t)
    log_prior = float(-w @ w / (2 * t) - d / 2 * np.log(2 * np.pi * t))
    log_lik = float(_log_joint(w, X_, y_, t) - log_prior)
    log_occam = float(log_prior + d / 2 * np.log(2 * np.pi) - 0.5 * np.linalg.slogdet(H)[1])
    return LaplaceEvidence(w, H, log_lik, log_prior, log_occam, log_lik + log_occam)


@validate_params(X=Matrix(cols=2), y=Vector(length="X.rows", low=0.0, high=1.0), tau2=Positive(),
                 half_width=Positive(), points=Count(minimum=11, maximum=2001))
def grid_log_evidence(X: object, y: object, tau2: float, *, half_width: float = 9.0,
                      points: int = 81) -> float:
    """``log ∫∫ p(y | w) N(w; 0, τ² I) dw`` for two weights, by the trapezoid rule on a grid.

    The grid is ``points × points`` on the box ``ŵ ± half_width · √diag(H⁻¹)`` around the MAP (the
    Laplace approximation's standard deviations; the log joint is concave, so beyond 9 of them the
    integrand is below ``e^{-40}`` of its peak). Sums ``exp(log joint - max)`` and adds the max back."""
    X_, y_, t = _check_problem(X, y, tau2)
    w = logistic_map(X_, y_, t)
    H = _hessian(w, X_, y_, t)
    sd = np.sqrt(np.diag(np.linalg.inv(H)))
    g0 = w[0] + half_width * sd[0] * np.linspace(-1, 1, points)
    g1 = w[1] + half_width * sd[1] * np.linspace(-1, 1, points)
    trap = np.ones(points)
    trap[[0, -1]] = 0.5
    logs = np.empty((points, points))
    Z1 = np.outer(X_[:, 1], g1)  # n × points, reused on every row of the grid
    for i, a in enumerate(g0):
        z = X_[:, :1] * a + Z1
        loglik = np.sum(y_[:, None] * z - np.logaddexp(0.0, z), axis=0)
        logs[i] = loglik - (a * a + g1 * g1) / (2 * t) - np.log(2 * np.pi * t)
    cell = (g0[1] - g0[0]) * (g1[1] - g1[0])
    return float(logsumexp(logs, b=np.outer(trap, trap)) + np.log(cell))


@validate_params(X=Matrix(), y=Vector(length="X.rows", low=0.0, high=1.0))
def bic_log_evidence(X: object, y: object) -> float:
    """BIC on the log-evidence scale: ``log p(y | ŵ_MLE) - (d/2) log n`` (Schwarz 1978), i.e.
    ``-BIC/2``. Raises ``ValueError`` when the data are separable (no MLE)."""
    X_, y_, _ = _check_problem(X, y, 1.0)
    n, d = X_.shape
    w = logistic_mle(X_, y_)
    z = X_ @ w
    return float(np.sum(y_ * z - np.logaddexp(0.0, z)) - d / 2 * np.log(n))
