"""Asymptotic agreement of MAP and MLE, and how fast the prior fades (Beta–Bernoulli).

With ``k`` successes in ``n`` trials and a Beta(a, b) prior, the MAP is ``(k+a-1)/(n+a+b-2)`` and
the MLE is ``k/n``; their difference is exactly

$$\\hat p_{MAP} - \\hat p_{MLE} = \\frac{a - 1 - (a+b-2)\\,\\hat p_{MLE}}{n + a + b - 2},$$

which is ``O(1/n)`` for a fixed prior (and smaller when the prior mode equals the MLE).
The Bernstein–von Mises theorem {cite}`vandervaart1998` says more: the whole posterior is
asymptotically ``N(p̂, p̂(1-p̂)/n)``, the prior's influence vanishing.

The *prior weight* is ``m/(m + n)`` for a prior worth ``m`` pseudo-samples: the exact weight of the
prior summary in the estimate, which is a weighted average of it and the MLE. For the Beta prior
``m`` is ambiguous: ``a + b - 2`` gives the weight of the prior mode in the MAP, ``a + b`` that of
the prior mean in the posterior mean.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import sympy as sp

from ._lazy import stats
from .modes import stationary_points
from .validation import (
    MAX_EXACT_INT,
    Count,
    Positive,
    Probability,
    Real,
    Vector,
    check_count,
    check_positive,
    check_probability,
    check_real,
    check_vector,
    validate_params,
)

__all__ = [
    "BvMComparison",
    "GapDerivation",
    "GapSimulation",
    "bvm_comparison",
    "derive_map_minus_mle",
    "expected_abs_gap",
    "loglog_slope",
    "map_minus_mle",
    "n_for_prior_weight_below",
    "prior_weight",
    "simulate_map_mle_gap",
    "slopes_over_seeds",
]

k_sym, n_sym, a_sym, b_sym = sp.symbols("k n a b", positive=True)
_p = sp.Symbol("p", positive=True)


@dataclass(frozen=True)
class GapDerivation:
    """SymPy results in ``k, n, a, b``: the MAP, the MLE, their difference and its 1/n form."""

    map: sp.Expr
    mle: sp.Expr
    difference: sp.Expr
    closed_form: sp.Expr


def derive_map_minus_mle() -> GapDerivation:
    r"""Derive ``MAP - MLE`` for the Beta–Bernoulli model with SymPy, and its ``1/n`` form.

    MAP: solve ``d/dp[(k+a-1) log p + (n-k+b-1) log(1-p)] = 0``; MLE: solve
    ``d/dp[k log p + (n-k) log(1-p)] = 0``. ``difference`` is their factored difference;
    ``closed_form`` is ``(a - 1 - (a+b-2) k/n) / (n + a + b - 2)``, which the caller proves equal
    to it (``simplify(difference - closed_form) == 0``).
    """
    k, n, a, b = k_sym, n_sym, a_sym, b_sym
    log_post = (k + a - 1) * sp.log(_p) + (n - k + b - 1) * sp.log(1 - _p)
    log_lik = k * sp.log(_p) + (n - k) * sp.log(1 - _p)
    (map_,) = stationary_points(log_post, _p)
    (mle,) = stationary_points(log_lik, _p)
    difference = sp.factor(sp.together(map_ - mle))
    closed_form = (a - 1 - (a + b - 2) * k / n) / (n + a + b - 2)
    return GapDerivation(map_, mle, difference, closed_form)


def _gap(k, n: float, a: float, b: float):
    """``(a - 1 - (a+b-2) k/n) / (n + a + b - 2)`` with numerator and denominator halved (exact):
    ``a + b`` then cannot overflow for any finite ``a, b``."""
    return np.abs(a / 2 - 0.5 - (a / 2 + b / 2 - 1) * (k / n)) / (n / 2 + a / 2 + b / 2 - 1)


@validate_params(
    k=Count(maximum="n"),
    n=Count(minimum=1, exact_float=True),
    a=Positive(),
    b=Positive(),
)
def map_minus_mle(k: int, n: int, a: float, b: float) -> float:
    """``(a - 1 - (a+b-2) k/n) / (n + a + b - 2)``: the exact MAP − MLE (needs ``n >= 1``, ``a, b > 0``).

    Equal to ``(k+a-1)/(n+a+b-2) - k/n`` whenever the interior MAP formula applies.
    """
    n = check_count("n", n, minimum=1, exact_float=True)
    k = check_count("k", k, maximum=n, maximum_name="n")
    a = check_positive("a", a)
    b = check_positive("b", b)
    # numerator and denominator halved (exact): a + b cannot overflow
    return (a / 2 - 0.5 - (a / 2 + b / 2 - 1) * (k / n)) / (n / 2 + a / 2 + b / 2 - 1)


@dataclass(frozen=True)
class GapSimulation:
    """One simulated Bernoulli stream, read at sample sizes ``ns`` (arrays of equal length)."""

    ns: np.ndarray
    k: np.ndarray
    mle: np.ndarray
    map: np.ndarray
    gap: np.ndarray  # |MAP - MLE|


@validate_params(
    ns=Vector(min_length=2, low=1.0, high=MAX_EXACT_INT),
    p_true=Probability(),
    a=Real(1.0),
    b=Real(1.0),
    seed=Count(),
)
def simulate_map_mle_gap(ns: object, p_true: float, a: float, b: float, *, seed: int) -> GapSimulation:
    """Draw one Bernoulli(``p_true``) stream of length ``max(ns)`` (``numpy.random.default_rng(seed)``)
    and, at each ``n`` in ``ns`` (the first ``n`` draws), compute MLE ``k/n``, MAP
    ``(k+a-1)/(n+a+b-2)`` and ``|MAP - MLE|`` under the Beta(a, b) prior (``a, b >= 1``, so the
    interior MAP formula holds for every ``k``).
    """
    grid = check_vector("ns", ns)
    if grid.size < 2 or np.any(grid < 1) or np.any(grid != np.round(grid)):
        raise ValueError("ns must hold at least 2 integer sample sizes >= 1")
    if not np.all(np.diff(grid) > 0):
        raise ValueError("ns must be strictly increasing")
    p_true = check_probability("p_true", p_true)
    a = check_real("a", a, low=1.0)
    b = check_real("b", b, low=1.0)
    if a + b <= 2:
        raise ValueError(f"a + b must be > 2 (a proper prior mode), got a={a:g}, b={b:g}")
    seed = check_count("seed", seed)
    n_int = grid.astype(np.int64)
    draws = np.random.default_rng(seed).random(int(n_int[-1])) < p_true
    k = np.cumsum(draws)[n_int - 1]
    mle = k / n_int
    map_ = (k + a - 1) / (n_int + a + b - 2)
    return GapSimulation(n_int, k, mle, map_, np.abs(map_ - mle))


@validate_params(
    n=Count(minimum=1, maximum=10**7),
    p_true=Probability(),
    a=Positive(),
    b=Positive(),
)
def expected_abs_gap(n: int, p_true: float, a: float, b: float) -> float:
    r"""``E|MAP - MLE|`` over ``k ~ Binomial(n, p_true)``, exactly (a finite sum, no simulation).

    $$\E\,|\hat p_{MAP} - \hat p_{MLE}| = \sum_{k=0}^{n} \binom{n}{k} p^k (1-p)^{n-k}
      \frac{|a - 1 - (a+b-2)k/n|}{n + a + b - 2}.$$
    """
    n = check_count("n", n, minimum=1, maximum=10**7)  # a sum of n + 1 terms
    p_true = check_probability("p_true", p_true)
    a = check_positive("a", a)
    b = check_positive("b", b)
    k = np.arange(n + 1)
    gaps = _gap(k, float(n), a, b)
    return float(np.sum(stats.binom.pmf(k, n, p_true) * gaps))


@validate_params(
    x=Vector(min_length=2, low=0.0, low_open=True),
    y=Vector(length="x", low=0.0, low_open=True),
)
def loglog_slope(x: object, y: object) -> tuple[float, float]:
    """Least-squares fit ``log y = slope · log x + intercept``; returns ``(slope, intercept)``.

    ``x`` and ``y`` must be positive (a zero gap has no logarithm: drop it first).
    """
    xv = check_vector("x", x)
    yv = check_vector("y", y, length=xv.size, length_name="len(x)")
    if xv.size < 2:
        raise ValueError("x must hold at least 2 points")
    if np.any(xv <= 0) or np.any(yv <= 0):
        raise ValueError("x and y must be > 0 for a log-log fit")
    slope, intercept = np.polyfit(np.log(xv), np.log(yv), 1)
    return float(slope), float(intercept)


@validate_params(
    ns=Vector(min_length=2, low=1.0, high=MAX_EXACT_INT),
    p_true=Probability(),
    a=Real(1.0),
    b=Real(1.0),
    seeds=Vector(min_length=2, low=0.0),
    n_min=Count(minimum=1),
)
def slopes_over_seeds(ns: object, p_true: float, a: float, b: float, seeds: object, *,
                      n_min: int = 100) -> np.ndarray:
    """The log-log slope of ``|MAP - MLE|`` against ``n`` for one simulated stream per seed.

    For each seed, :func:`simulate_map_mle_gap` draws a stream and :func:`loglog_slope` fits
    ``log |gap| = slope · log n + c`` over the sample sizes ``n >= n_min`` with a nonzero gap. The
    spread of the returned slopes is the Monte Carlo uncertainty of one stream's slope (the
    expected gap itself decays like ``1/n``, :func:`expected_abs_gap`).
    """
    seed_list = check_vector("seeds", seeds)
    if seed_list.size < 2:
        raise ValueError("seeds must hold at least 2 seeds (a spread needs two streams)")
    n_min = check_count("n_min", n_min, minimum=1)
    out = []
    for seed in seed_list:
        if seed != round(seed):
            raise ValueError(f"seeds must hold integers >= 0, got {seed!r}")
        sim = simulate_map_mle_gap(ns, p_true, a, b, seed=int(seed))
        use = (sim.ns >= n_min) & (sim.gap > 0)
        if np.count_nonzero(use) < 2:
            raise ValueError(f"seed {int(seed)}: fewer than 2 sample sizes >= n_min with a nonzero gap to fit")
        out.append(loglog_slope(sim.ns[use], sim.gap[use])[0])
    return np.array(out)


@validate_params(pseudo_counts=Real(0.0), n=Real(0.0))
def prior_weight(pseudo_counts: float, n: float) -> float:
    r"""The prior weight ``m / (m + n)`` for a prior worth ``m`` pseudo-samples after ``n`` observations.

    It is the exact weight of the prior summary in the shrinkage formula: with ``m = a + b - 2``,
    ``MAP = s · prior mode + (1 - s) · MLE``; with ``m = a + b``, the same holds for the posterior
    mean and the prior mean. ``n = 0`` gives 1 (only the prior); ``m = 0`` gives 0 (flat prior, MAP = MLE).
    """
    m = check_real("pseudo_counts", pseudo_counts, low=0.0)
    n = check_real("n", n, low=0.0)
    if m + n == 0:
        raise ValueError("pseudo_counts and n must not both be 0: the weight m/(m+n) is undefined")
    total = m + n
    if math.isinf(total):  # both near the float maximum: halving is exact and cannot overflow
        return (m / 2) / (m / 2 + n / 2)
    return m / total


@validate_params(pseudo_counts=Positive(), weight=Probability(open_interval=True))
def n_for_prior_weight_below(pseudo_counts: float, weight: float) -> int:
    """The smallest integer ``n`` with ``m/(m + n) < weight``: the first integer above ``m(1-w)/w``."""
    m = check_positive("pseudo_counts", pseudo_counts)
    s = check_probability("weight", weight, open_interval=True)
    bound = m * (1 - s) / s
    if not bound < 2**52:  # beyond it, consecutive integers are not distinct floats: the answer is inexact
        raise ValueError(f"pseudo_counts * (1 - weight) / weight must be < 2**52 for an exact integer answer, "
                         f"got pseudo_counts={m:g}, weight={s:g}")
    n = max(math.floor(bound), 0)
    while n > 0 and prior_weight(m, n - 1) < s:  # guard against rounding in m(1-s)/s
        n -= 1
    while prior_weight(m, n) >= s:
        n += 1
    return n


@dataclass(frozen=True)
class BvMComparison:
    """Beta posterior versus its Bernstein–von Mises Gaussian ``N(p̂, p̂(1-p̂)/n)``, per sample size."""

    ns: np.ndarray
    mle: np.ndarray
    posterior_sd: np.ndarray
    bvm_sd: np.ndarray
    sd_ratio: np.ndarray
    total_variation: np.ndarray
    total_variation_matched: np.ndarray  # to N(posterior mean, posterior sd²): what skewness leaves


def _tv_beta_normal(A: float, B: float, mu: float, sd: float, num: int = 20001) -> float:
    lo = max(0.0, min(mu - 12 * sd, stats.beta.ppf(1e-12, A, B)))
    hi = min(1.0, max(mu + 12 * sd, stats.beta.isf(1e-12, A, B)))
    x = np.linspace(lo, hi, num)
    inside = 0.5 * np.trapezoid(np.abs(stats.beta.pdf(x, A, B) - stats.norm.pdf(x, mu, sd)), x)
    outside = 0.5 * (stats.norm.cdf(lo, mu, sd) + stats.norm.sf(hi, mu, sd))
    return float(inside + outside)


@validate_params(
    ks=Vector(length="ns", low=1.0, high=MAX_EXACT_INT),
    ns=Vector(low=2.0, high=MAX_EXACT_INT),
    a=Positive(),
    b=Positive(),
)
def bvm_comparison(ks: object, ns: object, a: float, b: float) -> BvMComparison:
    r"""Compare the Beta(k+a, n-k+b) posterior with ``N(p̂, p̂(1-p̂)/n)``, ``p̂ = k/n``.

    Returns the exact posterior sd (``scipy.stats.beta.std``), the BvM sd ``sqrt(p̂(1-p̂)/n)``, their
    ratio (→ 1) and the total-variation distance ``½∫|beta - normal|`` (→ 0), by the trapezoid rule
    on a fine grid plus the normal's exact mass outside it. ``total_variation_matched`` is the
    distance to the normal with the posterior's own mean and sd: it removes the prior's ``O(1/n)``
    pull on the centre and leaves only the skewness. Needs ``0 < k < n``.
    """
    nv = check_vector("ns", ns)
    kv = check_vector("ks", ks, length=nv.size, length_name="len(ns)")
    if np.any(nv != np.round(nv)) or np.any(kv != np.round(kv)):
        raise ValueError("ks and ns must hold integers")
    if np.any(kv <= 0) or np.any(kv >= nv):
        raise ValueError("ks must satisfy 0 < k < n for every n (else p̂(1-p̂) = 0)")
    a = check_positive("a", a)
    b = check_positive("b", b)
    mle = kv / nv
    A, B = kv + a, nv - kv + b
    post_sd = np.asarray(stats.beta.std(A, B), dtype=float)
    bvm_sd = np.sqrt(mle * (1 - mle) / nv)
    tv = np.array([_tv_beta_normal(Ai, Bi, mi, si) for Ai, Bi, mi, si in zip(A, B, mle, bvm_sd, strict=True)])
    post_mean = A / (A + B)
    tv_matched = np.array([_tv_beta_normal(Ai, Bi, mi, si)
                           for Ai, Bi, mi, si in zip(A, B, post_mean, post_sd, strict=True)])
    return BvMComparison(nv.astype(np.int64), mle, post_sd, bvm_sd, post_sd / bvm_sd, tv, tv_matched)
