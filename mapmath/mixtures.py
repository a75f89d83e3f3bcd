"""A bimodal posterior: a Gaussian likelihood with a two-component Gaussian-mixture prior.

The posterior is again a Gaussian mixture (each component updates like a single Gaussian prior,
the weights by each component's marginal likelihood), so it can have two peaks: the MAP reports
the higher one and hides the other, whose share of the mass :func:`peak_masses` measures.
Modes and the antimode between them are found by the shared search of :mod:`mapmath.modes`.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass

import numpy as np

from ._lazy import stats
from .modes import local_maxima, refine_maximum
from .validation import (
    Count,
    Instance,
    Positive,
    Real,
    Vector,
    check_count,
    check_positive,
    check_real,
    check_vector,
    validate_params,
)

__all__ = [
    "GaussianMixture",
    "gaussian_mixture_posterior",
    "mixture_modes",
    "peak_masses",
]


@dataclass(frozen=True)
class GaussianMixture:
    r"""A 1-D Gaussian mixture ``Σ_k w_k N(θ; m_k, s_k²)``."""

    weights: np.ndarray
    means: np.ndarray
    sds: np.ndarray

    def pdf(self, theta: object) -> np.ndarray:
        """Density at ``theta`` (array-like)."""
        x = np.asarray(theta, dtype=float)[..., None]
        return np.sum(self.weights * stats.norm.pdf(x, self.means, self.sds), axis=-1)

    def cdf(self, theta: object) -> np.ndarray:
        """Distribution function at ``theta`` (array-like)."""
        x = np.asarray(theta, dtype=float)[..., None]
        return np.sum(self.weights * stats.norm.cdf(x, self.means, self.sds), axis=-1)

    def mean(self) -> float:
        """Mixture mean ``Σ_k w_k m_k``."""
        return float(np.sum(self.weights * self.means))


@validate_params(
    prior_weights=Vector(low=0.0),
    prior_means=Vector(length="prior_weights"),
    prior_sds=Vector(length="prior_weights", low=0.0, low_open=True),
    ybar=Real(),
    sigma=Positive(),
    n=Count(minimum=1, exact_float=True),
)
def gaussian_mixture_posterior(prior_weights: object, prior_means: object, prior_sds: object,
                               ybar: float, sigma: float, n: int) -> GaussianMixture:
    r"""Posterior of a Gaussian mean under a Gaussian-mixture prior (exact, conjugate per component).

    Data: ``n`` observations ``y_i ~ N(θ, σ²)`` with mean ``ybar``. Prior ``Σ_k π_k N(m_k, s_k²)``.
    Each component updates like a single Gaussian prior,

    $$s_k'^2 = \Big(\frac{1}{s_k^2} + \frac{n}{\sigma^2}\Big)^{-1},\qquad
      m_k' = s_k'^2\Big(\frac{m_k}{s_k^2} + \frac{n\bar y}{\sigma^2}\Big),$$

    and the weights are reweighted by each component's marginal likelihood of ``ybar``,
    ``w_k ∝ π_k N(ybar; m_k, s_k² + σ²/n)`` {cite}`gelman2013`.
    """
    w = check_vector("prior_weights", prior_weights)
    m = check_vector("prior_means", prior_means, length=w.size, length_name="len(prior_weights)")
    s = check_vector("prior_sds", prior_sds, length=w.size, length_name="len(prior_weights)")
    if np.any(w < 0) or not np.isclose(w.sum(), 1.0):
        raise ValueError("prior_weights must be >= 0 and sum to 1")
    if np.any(s <= 0):
        raise ValueError("prior_sds must all be > 0")
    ybar = check_real("ybar", ybar)
    sigma = check_positive("sigma", sigma)
    n = check_count("n", n, minimum=1, exact_float=True)
    with np.errstate(over="ignore", under="ignore"):
        noise = (sigma / math.sqrt(n)) ** 2
        s2 = s**2
    tiny, huge = np.finfo(float).tiny, 1.0 / np.finfo(float).tiny
    if not tiny <= noise <= huge:
        raise ValueError(f"sigma**2/n = ({sigma:g})**2/{n} is outside the float range [2.2e-308, 4.5e307]: "
                         "choose sigma and n with a less extreme ratio")
    if np.any(s2 < tiny) or np.any(s2 > huge):
        raise ValueError("prior_sds must have squares within the float range [2.2e-308, 4.5e307]")
    ordinary = bool(np.all((s2 > 1e-150) & (s2 < 1e150)) and 1e-150 < noise < 1e150
                    and abs(ybar) < 1e150 and np.all(np.abs(m) < 1e150))
    if ordinary:  # the textbook form, bit for bit
        post_var = 1.0 / (1.0 / s2 + 1.0 / noise)
        post_mean = post_var * (m / s2 + ybar / noise)
    else:  # the same, written with ratios so that nothing overflows
        shrink = noise / (s2 + noise)  # the weight of the prior mean
        post_var = s2 * shrink
        post_mean = m * shrink + ybar * (s2 / (s2 + noise))
    log_w = np.log(np.where(w > 0, w, 1.0)) + stats.norm.logpdf(ybar, m, np.sqrt(s2 + noise))
    log_w = np.where(w > 0, log_w, -np.inf)
    post_w = np.exp(log_w - log_w.max())
    return GaussianMixture(post_w / post_w.sum(), post_mean, np.sqrt(post_var))


@validate_params(
    mixture=Instance(GaussianMixture),
    lower=Real(),
    upper=Real(),
    num=Count(minimum=3, maximum=10**7),
)
def mixture_modes(mixture: GaussianMixture, *, lower: float, upper: float,
                  num: int = 2001) -> np.ndarray:
    """All local modes of ``mixture.pdf`` in ``[lower, upper]``, sorted by decreasing density.

    :func:`mapmath.modes.local_maxima` on a grid of ``num`` points: each local maximum of the
    grid is refined by bounded Brent maximisation of the exact density.
    """
    if not isinstance(mixture, GaussianMixture):
        raise TypeError(f"mixture must be a GaussianMixture, got {type(mixture).__name__}")
    lower = check_real("lower", lower)
    upper = check_real("upper", upper)
    if not upper > lower:
        raise ValueError(f"upper must be > lower, got lower={lower!r}, upper={upper!r}")
    if check_count("num", num) < 3:
        raise ValueError(f"num must be an integer >= 3, got {num!r}")
    return local_maxima(lambda v: mixture.pdf(v), lower, upper, grid_size=int(num))


@validate_params(mixture=Instance(GaussianMixture), modes=Vector())
def peak_masses(mixture: GaussianMixture, modes: object) -> tuple[np.ndarray, np.ndarray]:
    """Posterior mass of each peak's basin of attraction.

    ``modes`` are local maxima of ``mixture.pdf``. The real line is cut at the density minimum
    (antimode) between consecutive modes, the maximizer of ``-pdf`` there
    (:func:`mapmath.modes.refine_maximum`); the mass of each piece is computed from the exact
    mixture CDF. Returns ``(masses, cuts)`` with ``masses`` in the order of ``modes``.
    """
    if not isinstance(mixture, GaussianMixture):
        raise TypeError(f"mixture must be a GaussianMixture, got {type(mixture).__name__}")
    x = check_vector("modes", modes)
    if x.size < 1:
        raise ValueError("modes must hold at least one mode")
    order = np.argsort(x)
    xs = x[order]
    cuts = [refine_maximum(lambda v: -float(mixture.pdf(v)), lo, hi, xatol=1e-10)[0]
            for lo, hi in itertools.pairwise(xs)]
    edges = np.concatenate([[-np.inf], cuts, [np.inf]])
    cdf = np.array([0.0 if e == -np.inf else 1.0 if e == np.inf else float(mixture.cdf(e))
                    for e in edges])
    sorted_mass = np.diff(cdf)
    masses = np.empty_like(sorted_mass)
    masses[order] = sorted_mass
    return masses, np.array(cuts)
