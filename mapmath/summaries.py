"""Point summaries of a posterior and the losses they answer to.

A posterior is a whole distribution; a point summary picks one number from it, and decision
theory says which number each loss asks for {cite}`berger1985,robert2007`:

- squared loss ``(θ - a)²``       → the posterior **mean**,
- absolute loss ``|θ - a|``       → the posterior **median**,
- 0-1 loss ``1{|θ - a| > ε}``     → the centre of the ε-window of largest mass, which tends to the
  posterior **mode** (the MAP) as ``ε → 0``.

For a Beta(A, B) posterior the mode ``(A-1)/(A+B-2)`` (for ``A, B > 1``) and the mean ``A/(A+B)``
are derived here with SymPy; the median has no closed form and is computed numerically
(``scipy.stats.beta.ppf(0.5, A, B)``), next to Kerman's approximation ``(A-1/3)/(A+B-2/3)``.

The Bayes actions are found by minimising the expected posterior loss numerically, for any 1-D
density tabulated on a grid, so a chapter can check them against the closed forms. A two-component
Gaussian-mixture posterior (a Gaussian likelihood with a mixture prior) shows a mode hiding a
second peak.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import sympy as sp
from scipy import optimize, stats

from .bernoulli import beta_mode  # one definition of the Beta mode, every boundary case included
from .validation import check_positive, check_real, check_vector

__all__ = [
    "LOSSES",
    "A",
    "B",
    "GaussianMixture",
    "bayes_action",
    "beta_mean",
    "beta_median",
    "beta_median_approx",
    "beta_mode",
    "derive_beta_mean",
    "derive_beta_mode",
    "expected_posterior_loss",
    "gaussian_mixture_posterior",
    "grid_density",
    "local_modes",
    "mixture_modes",
    "peak_masses",
]

A, B = sp.symbols("A B", positive=True)
"""The Beta posterior's parameters, as SymPy symbols (``A = a + k``, ``B = b + n - k``)."""

_THETA = sp.Symbol("theta", positive=True)

LOSSES = ("squared", "absolute", "zero_one")


# ---------------------------------------------------------------------------------------------
# Beta(A, B): closed forms derived, and numeric summaries
# ---------------------------------------------------------------------------------------------

@lru_cache(maxsize=1)
def derive_beta_mode() -> sp.Expr:
    r"""Solve the stationarity of the Beta log density for θ.

    $$\frac{d}{d\theta}\big[(A-1)\log\theta + (B-1)\log(1-\theta)\big] = 0
      \;\Longrightarrow\; \theta^\star = \frac{A-1}{A+B-2}.$$

    The stationary point is a maximum inside (0, 1) only when ``A > 1`` and ``B > 1``
    (see :func:`beta_mode` for the other cases).
    """
    log_density = (A - 1) * sp.log(_THETA) + (B - 1) * sp.log(1 - _THETA)
    (root,) = sp.solve(sp.diff(log_density, _THETA), _THETA)
    return sp.simplify(root)


@lru_cache(maxsize=1)
def derive_beta_mean() -> sp.Expr:
    r"""Integrate to get the Beta mean.

    $$\E[\theta] = \frac{\int_0^1 \theta\,\theta^{A-1}(1-\theta)^{B-1}\,d\theta}
                        {\int_0^1 \theta^{A-1}(1-\theta)^{B-1}\,d\theta}
                 = \frac{\mathrm{B}(A+1, B)}{\mathrm{B}(A, B)} = \frac{A}{A+B}.$$
    """
    # One integral: the normaliser Z(A, B) = ∫ θ^(A-1) (1-θ)^(B-1) dθ. Since θ · θ^(A-1) = θ^((A+1)-1),
    # the numerator is Z(A + 1, B).
    kernel = _THETA ** (A - 1) * (1 - _THETA) ** (B - 1)
    normaliser = sp.gammasimp(sp.hyperexpand(
        sp.integrate(kernel, (_THETA, 0, 1), conds="none", meijerg=True)))
    return sp.simplify(sp.gammasimp(normaliser.subs(A, A + 1) / normaliser))


def beta_mean(a: float, b: float) -> float:
    """Mean of Beta(a, b): ``a / (a + b)`` (see :func:`derive_beta_mean`)."""
    a = check_positive("a", a)
    b = check_positive("b", b)
    return a / (a + b)


def beta_median(a: float, b: float) -> float:
    """Median of Beta(a, b), numerically: ``scipy.stats.beta.ppf(0.5, a, b)`` (no closed form)."""
    a = check_positive("a", a)
    b = check_positive("b", b)
    return float(stats.beta.ppf(0.5, a, b))


def beta_median_approx(a: float, b: float) -> float:
    r"""Kerman's approximation to the Beta median, ``(a - 1/3)/(a + b - 2/3)``, for ``a, b >= 1``.

    Its relative error is below 4% for ``a, b >= 1`` and below 1% for ``a, b >= 2``
    {cite}`kerman2011`; outside ``a, b >= 1`` it is not reliable, so it is refused.
    """
    a = check_real("a", a, low=1.0)
    b = check_real("b", b, low=1.0)
    return (a - 1 / 3) / (a + b - 2 / 3)


# ---------------------------------------------------------------------------------------------
# Bayes actions from a density on a grid
# ---------------------------------------------------------------------------------------------

def grid_density(theta: object, density: object) -> tuple[np.ndarray, np.ndarray]:
    """Validate a density tabulated on a grid and normalise it by the trapezoid rule.

    ``theta`` must be strictly increasing with at least 3 points; ``density`` must be >= 0 with
    positive total mass. Returns ``(theta, density / ∫ density)``.
    """
    t = check_vector("theta", theta)
    if t.size < 3:
        raise ValueError(f"theta must have at least 3 grid points, got {t.size}")
    if not np.all(np.diff(t) > 0):
        raise ValueError("theta must be strictly increasing")
    p = check_vector("density", density, length=t.size, length_name="len(theta)")
    if np.any(p < 0):
        raise ValueError("density must be >= 0 everywhere")
    mass = float(np.trapezoid(p, t))
    if mass <= 0:
        raise ValueError("density must have positive total mass on the grid")
    return t, p / mass


def _check_loss(loss: object, epsilon: object) -> float | None:
    if loss not in LOSSES:
        raise ValueError(f"loss must be one of {LOSSES}, got {loss!r}")
    if loss == "zero_one":
        return check_positive("epsilon", epsilon)
    return None


class _PiecewiseLinear:
    """The piecewise-linear interpolant of a normalised grid density, integrated exactly.

    ``F`` (the CDF) is piecewise quadratic and ``G(a) = ∫_{t_0}^a F`` piecewise cubic, so the
    expected losses below are smooth in the action and exact for the interpolant.
    """

    def __init__(self, t: np.ndarray, p: np.ndarray) -> None:
        self.t, self.p = t, p
        h = np.diff(t)
        dp = np.diff(p)
        self.h, self.dp = h, dp
        self.F = np.concatenate([[0.0], np.cumsum(0.5 * (p[1:] + p[:-1]) * h)])
        seg_G = self.F[:-1] * h + p[:-1] * h**2 / 2 + dp * h**2 / 6
        self.G = np.concatenate([[0.0], np.cumsum(seg_G)])
        self.mean = t[-1] - self.G[-1]
        mid = 0.5 * (t[1:] + t[:-1])
        pm = 0.5 * (p[1:] + p[:-1])
        # Simpson's rule is exact for t^2 times a linear density on each segment.
        self.second = float(np.sum(h / 6 * (t[:-1] ** 2 * p[:-1] + 4 * mid**2 * pm + t[1:] ** 2 * p[1:])))

    def _locate(self, a: float) -> tuple[int, float]:
        i = int(np.clip(np.searchsorted(self.t, a, side="right") - 1, 0, self.t.size - 2))
        return i, a - self.t[i]

    def cdf(self, a: float) -> float:
        if a <= self.t[0]:
            return 0.0
        if a >= self.t[-1]:
            return 1.0
        i, u = self._locate(a)
        return float(self.F[i] + self.p[i] * u + self.dp[i] * u**2 / (2 * self.h[i]))

    def int_cdf(self, a: float) -> float:
        if a <= self.t[0]:
            return 0.0
        if a >= self.t[-1]:
            return float(self.G[-1] + (a - self.t[-1]))
        i, u = self._locate(a)
        return float(self.G[i] + self.F[i] * u + self.p[i] * u**2 / 2
                     + self.dp[i] * u**3 / (6 * self.h[i]))


def _loss_function(t: np.ndarray, p: np.ndarray, loss: str, eps: float | None):
    pl = _PiecewiseLinear(t, p)
    if loss == "squared":
        # E[(θ - a)^2] = E[θ^2] - 2 a E[θ] + a^2
        return lambda a: pl.second - 2 * a * pl.mean + a * a
    if loss == "absolute":
        # E|θ - a| = ∫_{t0}^{a} F + ∫_{a}^{t_end} (1 - F) = 2 G(a) - G(t_end) + (t_end - a)
        return lambda a: 2 * pl.int_cdf(a) - pl.G[-1] + (t[-1] - a)
    return lambda a: 1.0 - (pl.cdf(a + eps) - pl.cdf(a - eps))


def expected_posterior_loss(action: float, theta: object, density: object, loss: str,
                            *, epsilon: float | None = None) -> float:
    r"""Expected posterior loss ``ρ(a) = ∫ L(θ, a) p(θ | y) dθ`` for a density given on a grid.

    The density between grid points is the linear interpolant (normalised by the trapezoid rule);
    the integrals are exact for it, so the error is that of the interpolation, ``O(h²)``.

    ``loss`` is ``"squared"`` (``(θ-a)²``), ``"absolute"`` (``|θ-a|``) or ``"zero_one"``
    (``1{|θ-a| > ε}``, so ``ρ(a) = 1 - P(|θ-a| <= ε | y)``; ``epsilon`` required).
    """
    eps = _check_loss(loss, epsilon)
    t, p = grid_density(theta, density)
    a = check_real("action", action)
    return _loss_function(t, p, loss, eps)(a)


def bayes_action(theta: object, density: object, loss: str, *,
                 epsilon: float | None = None) -> float:
    r"""The Bayes action ``argmin_a ρ(a)`` for ``loss``, found numerically.

    The expected posterior loss (see :func:`expected_posterior_loss`) is scanned over the grid
    points, then refined by bounded Brent minimisation between the best point's neighbours.
    Theory: squared → posterior mean, absolute → posterior median, 0-1 with window ``epsilon``
    → the centre of the most probable window, which tends to the mode as ``epsilon → 0``.
    """
    eps = _check_loss(loss, epsilon)
    t, p = grid_density(theta, density)
    rho = _loss_function(t, p, loss, eps)
    values = np.array([rho(a) for a in t])
    i = int(np.argmin(values))
    lo, hi = t[max(i - 1, 0)], t[min(i + 1, t.size - 1)]
    res = optimize.minimize_scalar(rho, bounds=(lo, hi), method="bounded",
                                   options={"xatol": 1e-10})
    return float(res.x) if res.fun <= values[i] else float(t[i])


# ---------------------------------------------------------------------------------------------
# A bimodal posterior: Gaussian likelihood, two-component Gaussian mixture prior
# ---------------------------------------------------------------------------------------------

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
    if isinstance(n, bool) or not isinstance(n, int | np.integer) or n < 1:
        raise ValueError(f"n must be an integer >= 1, got {n!r}")
    noise = sigma**2 / n
    post_var = 1.0 / (1.0 / s**2 + 1.0 / noise)
    post_mean = post_var * (m / s**2 + ybar / noise)
    log_w = np.log(np.where(w > 0, w, 1.0)) + stats.norm.logpdf(ybar, m, np.sqrt(s**2 + noise))
    log_w = np.where(w > 0, log_w, -np.inf)
    post_w = np.exp(log_w - log_w.max())
    return GaussianMixture(post_w / post_w.sum(), post_mean, np.sqrt(post_var))


def local_modes(theta: object, density: object) -> np.ndarray:
    """Local maxima of a density tabulated on a grid, sorted by decreasing density.

    Interior grid points higher than both neighbours (plateaus count once), refined by a parabola
    through the three points. Endpoints count when higher than their single neighbour.
    """
    t, p = grid_density(theta, density)
    idx = [i for i in range(1, t.size - 1) if p[i] > p[i - 1] and p[i] >= p[i + 1]]
    modes = []
    for i in idx:
        x0, x1, x2 = t[i - 1: i + 2]
        y0, y1, y2 = p[i - 1: i + 2]
        denom = (x0 - x1) * (x0 - x2) * (x1 - x2)
        a2 = (x2 * (y1 - y0) + x1 * (y0 - y2) + x0 * (y2 - y1)) / denom
        a1 = (x2**2 * (y0 - y1) + x1**2 * (y2 - y0) + x0**2 * (y1 - y2)) / denom
        modes.append((p[i], -a1 / (2 * a2) if a2 < 0 else x1))
    if p[0] > p[1]:
        modes.append((p[0], t[0]))
    if p[-1] > p[-2]:
        modes.append((p[-1], t[-1]))
    modes.sort(key=lambda hm: -hm[0])
    return np.array([x for _, x in modes])


def mixture_modes(mixture: GaussianMixture, *, lower: float, upper: float,
                  num: int = 2001) -> np.ndarray:
    """All local modes of ``mixture.pdf`` in ``[lower, upper]``, sorted by decreasing density.

    Candidates come from :func:`local_modes` on a grid of ``num`` points, each refined by bounded
    Brent maximisation of the exact density between its neighbouring grid points.
    """
    if not isinstance(mixture, GaussianMixture):
        raise TypeError(f"mixture must be a GaussianMixture, got {type(mixture).__name__}")
    lower = check_real("lower", lower)
    upper = check_real("upper", upper)
    if not upper > lower:
        raise ValueError(f"upper must be > lower, got lower={lower!r}, upper={upper!r}")
    if isinstance(num, bool) or not isinstance(num, int | np.integer) or num < 3:
        raise ValueError(f"num must be an integer >= 3, got {num!r}")
    grid = np.linspace(lower, upper, int(num))
    h = grid[1] - grid[0]
    refined = []
    for x0 in local_modes(grid, mixture.pdf(grid)):
        lo, hi = max(lower, x0 - 2 * h), min(upper, x0 + 2 * h)
        res = optimize.minimize_scalar(lambda v: -float(mixture.pdf(v)), bounds=(lo, hi),
                                       method="bounded", options={"xatol": 1e-12})
        refined.append(float(res.x))
    refined.sort(key=lambda v: -float(mixture.pdf(v)))
    return np.array(refined)


def peak_masses(mixture: GaussianMixture, modes: object) -> tuple[np.ndarray, np.ndarray]:
    """Posterior mass of each peak's basin of attraction.

    ``modes`` are local maxima of ``mixture.pdf``. The real line is cut at the density minimum
    (antimode) between consecutive modes; the mass of each piece is computed from the exact
    mixture CDF. Returns ``(masses, cuts)`` with ``masses`` in the order of ``modes``.
    """
    if not isinstance(mixture, GaussianMixture):
        raise TypeError(f"mixture must be a GaussianMixture, got {type(mixture).__name__}")
    x = check_vector("modes", modes)
    if x.size < 1:
        raise ValueError("modes must hold at least one mode")
    order = np.argsort(x)
    xs = x[order]
    cuts = []
    for lo, hi in itertools.pairwise(xs):
        res = optimize.minimize_scalar(lambda v: float(mixture.pdf(v)), bounds=(lo, hi),
                                       method="bounded", options={"xatol": 1e-10})
        cuts.append(float(res.x))
    edges = np.concatenate([[-np.inf], cuts, [np.inf]])
    cdf = np.array([0.0 if e == -np.inf else 1.0 if e == np.inf else float(mixture.cdf(e))
                    for e in edges])
    sorted_mass = np.diff(cdf)
    masses = np.empty_like(sorted_mass)
    masses[order] = sorted_mass
    return masses, np.array(cuts)
