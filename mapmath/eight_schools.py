"""Hierarchical scale done fully: the eight schools and the marginal posterior of τ.

Model (Rubin 1981; Gelman et al. 2013 §5.5): ``y_j | θ_j ~ N(θ_j, σ_j²)`` with known ``σ_j``,
``θ_j | μ, τ ~ N(μ, τ²)``, a flat prior on ``μ`` and a half-Cauchy(0, A) prior on ``τ``
(Gelman 2006). Integrating ``θ`` out, ``y_j | μ, τ ~ N(μ, v_j)`` with ``v_j = σ_j² + τ²``;
integrating ``μ`` out against its flat prior (Gelman et al. 2013, eq. 5.21),

    p(y | τ) = (2π)^{-(J-1)/2} V_μ^{1/2} Π_j v_j^{-1/2} exp(-(y_j - μ̂)²/(2 v_j)),
    μ̂(τ) = Σ_j (y_j/v_j) / Σ_j (1/v_j),   V_μ(τ) = 1 / Σ_j (1/v_j),

and ``p(τ | y) ∝ p(τ) p(y | τ)`` is a one-dimensional density, normalized here by adaptive
quadrature (:func:`tau_posterior`). Type-II maximum likelihood maximizes ``p(y | τ)`` over
``τ >= 0`` (:func:`type2_ml_tau`): for the eight schools it is largest at ``τ = 0``, which
would pool every school completely. The joint mode of ``(θ, μ, τ)`` does not exist (chapter 08's
collapse, :mod:`mapmath.hierarchical_scale`); integrating instead of maximizing gives a proper
``p(τ | y)`` with a median and an interval.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np

from .modes import maximize_on_grid
from .validation import Real, RealArray, Vector, validate_params

__all__ = [
    "TauPosterior",
    "eight_schools_data",
    "log_marginal_likelihood_tau",
    "marginal_score_at_zero",
    "school_effect_mean",
    "tau_posterior",
    "type2_ml_tau",
]

_Y = (28.0, 8.0, -3.0, 7.0, -1.0, 1.0, 18.0, 12.0)
_SIGMA = (15.0, 10.0, 16.0, 11.0, 9.0, 11.0, 10.0, 18.0)


@validate_params()
def eight_schools_data() -> tuple[np.ndarray, np.ndarray]:
    """The estimated coaching effects ``y`` and their standard errors ``σ`` of the eight schools
    (Rubin 1981; Gelman et al. 2013, Table 5.2), in SAT points."""
    return np.array(_Y), np.array(_SIGMA)


def _pooled(t2: float, y: np.ndarray, s2: np.ndarray) -> tuple[float, float, np.ndarray]:
    w = 1.0 / (s2 + t2)
    sw = float(w.sum())
    mu = float(w @ y) / sw
    return mu, 1.0 / sw, w


def _log_ml(tau: float, y: np.ndarray, s2: np.ndarray) -> float:
    mu, V, w = _pooled(tau * tau, y, s2)
    return float(-0.5 * (y.size - 1) * np.log(2 * np.pi) + 0.5 * np.log(V)
                 + 0.5 * np.sum(np.log(w)) - 0.5 * np.sum(w * (y - mu) ** 2))


def _check(y: np.ndarray, sigma: np.ndarray) -> np.ndarray:
    if y.size < 2:
        raise ValueError(f"y must hold at least 2 groups, got {y.size}")
    return sigma * sigma


@validate_params(tau=RealArray(0.0), y=Vector(), sigma=Vector(length="y", low=0.0, low_open=True))
def log_marginal_likelihood_tau(tau: object, y: object, sigma: object) -> np.ndarray | float:
    """``log p(y | τ)`` with ``θ`` and ``μ`` (flat prior) integrated out (Gelman et al. 2013,
    eq. 5.21): ``-(J-1)/2 log 2π + ½ log V_μ - ½ Σ log v_j - ½ Σ (y_j - μ̂)²/v_j``,
    ``v_j = σ_j² + τ²``. ``tau`` may be an array (``τ >= 0``)."""
    s2 = _check(y, sigma)
    t = np.asarray(tau, dtype=float)
    out = _log_ml_many(t.ravel(), y, s2).reshape(t.shape)
    return float(out) if out.ndim == 0 else out


def _log_ml_many(t: np.ndarray, y: np.ndarray, s2: np.ndarray) -> np.ndarray:
    """:func:`_log_ml` at every τ of the 1-D array ``t`` at once."""
    w = 1.0 / (s2[None, :] + (t * t)[:, None])
    sw = w.sum(axis=1)
    mu = (w @ y) / sw
    return (-0.5 * (y.size - 1) * np.log(2 * np.pi) - 0.5 * np.log(sw)
            + 0.5 * np.log(w).sum(axis=1) - 0.5 * np.sum(w * (y[None, :] - mu[:, None]) ** 2, axis=1))


@validate_params(y=Vector(), sigma=Vector(length="y", low=0.0, low_open=True))
def marginal_score_at_zero(y: object, sigma: object) -> float:
    """``d/dτ² log p(y | τ)`` at ``τ² = 0``: with ``w_j = 1/σ_j²`` and ``r_j = y_j - μ̂(0)``,
    ``½ [Σ w_j²/Σ w_j - Σ w_j + Σ w_j² r_j²]`` (``μ̂`` minimizes ``Σ w_j (y_j - μ)²``, so its own
    derivative does not enter). A negative score means ``p(y | τ)`` falls as τ leaves 0."""
    s2 = _check(y, sigma)
    mu, _, w = _pooled(0.0, y, s2)
    return float(0.5 * (np.sum(w**2) / np.sum(w) - np.sum(w) + np.sum(w**2 * (y - mu) ** 2)))


@validate_params(y=Vector(), sigma=Vector(length="y", low=0.0, low_open=True),
                 tau_max=Real(1e-6, 1e6))
def type2_ml_tau(y: object, sigma: object, tau_max: float = 200.0) -> float:
    """Type-II maximum likelihood: ``argmax_{0 <= τ <= tau_max} log p(y | τ)`` (μ integrated
    out): the book's mode engine (:func:`mapmath.modes.maximize_on_grid`, a grid of 4001 points in
    ``τ²`` refined between the best point's neighbours); the boundary ``0.0`` when ``p(y | 0)`` is
    the highest value (then :func:`marginal_score_at_zero` is ``<= 0``)."""
    s2 = _check(y, sigma)
    return _argmax_in_tau2(lambda t: _log_ml_many(t, y, s2), tau_max)


def _argmax_in_tau2(f, tau_max: float) -> float:
    """``argmax_{0 <= τ <= tau_max} f(τ)`` for ``f`` even in τ, searched in ``u = τ²`` (on the
    grid ``(tau_max · k/4000)²``): in ``u`` the slope at the boundary is not zero, so a boundary
    maximum is not lost to rounding near a flat top."""
    grid_u = np.linspace(0.0, tau_max, 4001) ** 2
    u = maximize_on_grid(_vectorized(lambda v: f(np.sqrt(np.maximum(v, 0.0)))), grid_u,
                         xatol=1e-12 * tau_max**2)
    return float(np.sqrt(u))


def _vectorized(f):
    """``f`` of a 1-D array, callable on a number too (for :func:`mapmath.modes.maximize_on_grid`)."""
    def g(t):
        arr = np.atleast_1d(np.asarray(t, dtype=float))
        out = f(arr.ravel()).reshape(arr.shape)
        return float(out[0]) if np.ndim(t) == 0 else out
    return g


@dataclass(frozen=True)
class TauPosterior:
    """``p(τ | y)`` under a half-Cauchy(0, ``scale``) prior: the log normalizing constant
    ``log_z`` of ``p(τ) p(y | τ)``, the ``mode`` of ``p(τ | y)``, the mode of ``log τ``
    (``log_tau_mode``, the τ at which ``τ p(τ | y)`` peaks), the ``median`` and the equal-tailed
    ``level`` interval ``lo``–``hi``, the posterior ``mean``."""

    y: np.ndarray
    sigma: np.ndarray
    scale: float
    log_z: float
    mode: float
    log_tau_mode: float
    median: float
    lo: float
    hi: float
    mean: float
    level: float

    def log_unnormalized(self, tau: float) -> float:
        """``log p(τ) + log p(y | τ)`` (half-Cauchy prior density included)."""
        return _log_post(float(tau), self.y, self.sigma**2, self.scale)

    def pdf(self, tau: object) -> np.ndarray | float:
        """The normalized posterior density ``p(τ | y)`` at ``τ >= 0`` (0 below 0)."""
        t = np.asarray(tau, dtype=float)
        flat = t.ravel()
        inside = flat >= 0
        out = np.zeros(flat.shape)
        u = flat[inside]
        out[inside] = np.exp(_log_ml_many(u, self.y, self.sigma**2) + np.log(2.0 / (np.pi * self.scale))
                             - np.log1p((u / self.scale) ** 2) - self.log_z)
        out = out.reshape(t.shape)
        return float(out) if out.ndim == 0 else out

    def cdf(self, tau: float) -> float:
        """``P(τ' <= τ | y)`` by Gauss–Legendre quadrature on ``[0, τ]``."""
        return _cdf(float(tau), self.y, self.sigma**2, self.scale, self.log_z)


def _log_post(tau: float, y: np.ndarray, s2: np.ndarray, scale: float) -> float:
    return _log_ml(tau, y, s2) + float(np.log(2.0 / (np.pi * scale)) - np.log1p((tau / scale) ** 2))


def _quad(f, a: float, b: float) -> float:
    from scipy.integrate import quad

    return float(quad(f, a, b, epsabs=0.0, epsrel=1e-12, limit=400)[0])


_GL_NODES, _GL_WEIGHTS = np.polynomial.legendre.leggauss(160)


def _cdf(t: float, y: np.ndarray, s2: np.ndarray, scale: float, log_z: float) -> float:
    """``∫_0^t p(τ | y) dτ`` by 160-point Gauss–Legendre on ``[0, t]`` in pieces of length at
    most ``scale`` (the integrand is analytic in τ: the rule is exact to rounding level there)."""
    if t <= 0.0:
        return 0.0
    pieces = max(1, int(np.ceil(t / scale)))
    edges = np.linspace(0.0, t, pieces + 1)
    half = 0.5 * np.diff(edges)
    u = (0.5 * (edges[:-1] + edges[1:]))[:, None] + half[:, None] * _GL_NODES[None, :]
    u = u.ravel()
    logp = _log_ml_many(u, y, s2) + np.log(2.0 / (np.pi * scale)) - np.log1p((u / scale) ** 2)
    total = float(np.sum((half[:, None] * _GL_WEIGHTS[None, :]).ravel() * np.exp(logp - log_z)))
    return min(total, 1.0)


@validate_params(y=Vector(), sigma=Vector(length="y", low=0.0, low_open=True),
                 scale=Real(1e-3, 1e6), level=Real(0.5, 0.999))
def tau_posterior(y: object, sigma: object, scale: float = 25.0, level: float = 0.95) -> TauPosterior:
    """``p(τ | y) ∝ p(τ) p(y | τ)`` with ``τ ~ C⁺(0, scale)`` (half-Cauchy, Gelman 2006) and ``θ``,
    ``μ`` integrated out (:func:`log_marginal_likelihood_tau`), summarized by 1-D quadrature.

    The normalizer is SciPy's adaptive ``quad`` over ``[0, ∞)`` (split at the scale and at 10
    times it; relative tolerance 1e-12), the median and interval ends solve ``F(τ) = q`` by
    Brent's method on a Gauss–Legendre CDF, the mode maximizes ``log p(τ | y)`` with the book's
    mode engine (:func:`mapmath.modes.maximize_on_grid`: the boundary 0 when it is the highest
    point), and ``log_tau_mode``
    does the same for ``τ p(τ | y)``, the density of ``log τ``.
    """
    from scipy.optimize import brentq

    s2 = _check(y, sigma)
    span = 10.0 * (scale + float(np.max(sigma)) + float(np.ptp(y)))
    grid = np.linspace(0.0, span, 2001)
    logs = _log_ml_many(grid, y, s2) + np.log(2.0 / (np.pi * scale)) - np.log1p((grid / scale) ** 2)
    c = float(np.max(logs))
    parts = (0.0, scale, 10 * scale, np.inf)
    z = sum(_quad(lambda u: np.exp(_log_post(u, y, s2, scale) - c), a, b_)
            for a, b_ in itertools.pairwise(parts))
    log_z = c + float(np.log(z))

    def log_post_many(t: np.ndarray) -> np.ndarray:
        return _log_ml_many(t, y, s2) + np.log(2.0 / (np.pi * scale)) - np.log1p((t / scale) ** 2)

    mode = _argmax_in_tau2(log_post_many, span)

    def log_tau_density(t: np.ndarray) -> np.ndarray:
        with np.errstate(divide="ignore"):
            return log_post_many(t) + np.log(t)

    log_tau_mode = float(maximize_on_grid(_vectorized(log_tau_density), grid, xatol=1e-10 * span))

    def quantile(q: float) -> float:
        hi = span
        while _cdf(hi, y, s2, scale, log_z) < q:
            hi *= 4.0
        return float(brentq(lambda t: _cdf(t, y, s2, scale, log_z) - q, 0.0, hi, xtol=1e-12, rtol=1e-13))

    a = (1.0 - level) / 2.0
    mean = sum(_quad(lambda u: u * np.exp(_log_post(u, y, s2, scale) - log_z), a_, b_)
               for a_, b_ in itertools.pairwise(parts))
    return TauPosterior(y=y, sigma=sigma, scale=float(scale), log_z=log_z, mode=mode,
                        log_tau_mode=log_tau_mode, median=quantile(0.5), lo=quantile(a),
                        hi=quantile(1.0 - a), mean=float(mean), level=float(level))


@validate_params(tau=RealArray(0.0), y=Vector(), sigma=Vector(length="y", low=0.0, low_open=True))
def school_effect_mean(tau: object, y: object, sigma: object) -> np.ndarray:
    """``E[θ_j | τ, y]`` with ``μ`` integrated out: ``(y_j/σ_j² + μ̂(τ)/τ²)/(1/σ_j² + 1/τ²)``,
    i.e. ``μ̂ + (1 - B_j)(y_j - μ̂)`` with ``B_j = σ_j²/(σ_j² + τ²)`` (Gelman et al. 2013, eq. 5.17
    averaged over ``μ | τ, y``); ``μ̂(0)`` for every school at ``τ = 0``. For one ``τ`` the ``J``
    means; for an array of ``τ`` (``τ >= 0``) one row of ``J`` means per ``τ``."""
    s2 = _check(y, sigma)
    if np.ndim(tau):
        t2 = np.ravel(tau)[:, None] ** 2
        w = 1.0 / (s2[None, :] + t2)
        mu = ((w @ y) / w.sum(axis=1))[:, None]
        out = mu + (1.0 - s2[None, :] / (s2[None, :] + t2)) * (y[None, :] - mu)
        return out.reshape((*np.shape(tau), y.size))
    mu, _, _ = _pooled(tau * tau, y, s2)
    shrink = s2 / (s2 + tau * tau)
    return mu + (1.0 - shrink) * (y - mu)
