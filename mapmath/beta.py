"""The Beta(A, B) distribution: every fact the book uses about it, in one place.

Density ``p^(A-1) (1-p)^(B-1) / B(A, B)`` on ``[0, 1]``, ``A, B > 0``:

* **mode** ``(A-1)/(A+B-2)`` when ``A > 1`` and ``B > 1``; on the boundary ``0`` or ``1`` when one
  parameter is at most 1 (the density is monotone, possibly unbounded there); not unique when
  ``A = B = 1`` (flat) or ``A, B < 1`` (U-shaped: both ends are boundary modes, by the boundary rule
  of :mod:`mapmath.modes`) — :func:`beta_mode`, derived by :func:`derive_beta_mode`;
* **mean** ``A/(A+B)`` (:func:`beta_mean`, derived by :func:`derive_beta_mean`);
* **median**: no closed form (:func:`beta_median`, numeric), Kerman's approximation
  ``(A-1/3)/(A+B-2/3)`` (:func:`beta_median_approx`);
* **skewness** ``2(B-A) sqrt(A+B+1) / ((A+B+2) sqrt(AB))``, and ``mean - mode = (B-A)/((A+B)(A+B-2))``;
* **mode–mean gap in posterior standard deviations**: ``(mean - mode)/sd = skewness · (A+B+2)/(2(A+B-2))``
  exactly, so it is about half the skewness (Pearson's measure of skew) for large ``A + B``
  (:func:`derive_mode_mean_gap_in_sd`);
* **Laplace approximation** at the mode: ``N((A-1)/(A+B-2), (A-1)(B-1)/(A+B-2)³)`` for ``A, B > 1``;
  in the **log-odds** ``η = logit p`` the density is ``∝ σ(η)^A (1-σ(η))^B``, with an interior mode
  ``η̂ = log(A/B)`` and curvature ``-AB/(A+B)`` for **every** ``A, B > 0``, so the Laplace
  approximation there is ``N(log(A/B), 1/A + 1/B)`` (:func:`beta_logit_laplace`, derived by
  :func:`derive_beta_logit_laplace`);
* exact central (equal-tailed) and highest-density (HPD) credible intervals, in ``p`` or in the
  log-odds mapped back to ``p`` (:func:`beta_hpd_interval`), and the mass of any interval.

Ratios such as ``(A-1)/((A-1)+(B-1))`` are computed in a scaled form when the sum overflows, so
huge valid parameters (``A = B = 1.7e308``) still give the right answer (``1/2``).
"""

from __future__ import annotations

import math
import warnings
from functools import lru_cache
from typing import NamedTuple

import numpy as np
import sympy as sp

from ._lazy import stats
from .intervals import check_level, hpd_interval
from .laplace_approx import LaplaceApproximation, central_z, laplace_approximation
from .modes import stationary_points
from .validation import Checked, OneOf, Positive, Probability, Real, check_positive, check_real, validate_params

__all__ = [
    "A",
    "B",
    "ModeMeanGap",
    "beta_exact_interval",
    "beta_hpd_interval",
    "beta_interval_mass",
    "beta_laplace",
    "beta_laplace_variance",
    "beta_logit_laplace",
    "beta_logit_laplace_interval",
    "beta_mean",
    "beta_median",
    "beta_median_approx",
    "beta_mode",
    "beta_mode_cases",
    "beta_skewness",
    "derive_beta_logit_laplace",
    "derive_beta_mean",
    "derive_beta_mode",
    "derive_mode_mean_gap_in_sd",
    "eta_sym",
    "mean_minus_mode",
    "p_sym",
]

A, B = sp.symbols("A B", positive=True)
"""The Beta parameters as SymPy symbols (for a posterior, ``A = a + k``, ``B = b + n - k``)."""

p_sym = sp.Symbol("p", positive=True)
"""The variable of the Beta density (the probability of heads in the Beta–Bernoulli model)."""

eta_sym = sp.Symbol("eta", real=True)
"""The log-odds ``η = logit p = log(p/(1-p))``, the coordinate of :func:`derive_beta_logit_laplace`."""


# --------------------------------------------------------------------------- stable arithmetic
def _share(x, y, total=None):
    """``x / (x + y)`` for ``x, y >= 0``, not both 0; scaled when ``x + y`` overflows a float.

    ``total`` is ``x + y`` written the way the closed form writes it (``A + B - 2``), so that
    ordinary inputs give the closed form's float bit for bit.
    """
    total = x + y if total is None else total
    if not isinstance(total, float) or math.isfinite(total):
        return x / total
    return 1.0 / (1.0 + y / x) if x >= y else (x / y) / (1.0 + x / y)


# --------------------------------------------------------------------------- quantiles at any scale
_ASYMPTOTIC_BETA_MIN = 1e30  # from here ``Gamma(b)/(Gamma(b) + a)`` is exact to float precision


def _beta_ppf(q: float, a: float, b: float) -> float:
    """The ``q``-quantile of Beta(a, b) for ``0 <= q <= 1``, finite and right at every ``a, b > 0``.

    SciPy (Boost) for ``a + b <= 1e30``, checked: it returns NaN or overflows for some shapes
    near 1e15, which is then a ``ValueError``. For ``a + b > 1e30`` the gamma representation
    ``p = G_a/(G_a + G_b)`` with the larger of the two gammas replaced by its mean (its relative
    spread ``1/√max(a, b) < 1.5e-15`` is below float precision): with ``a <= b``,
    ``p = G/(G + b)``, ``G = Q_Gamma(a)(q)``; with ``a > b``, ``p = a/(a + G)``, ``G = Q_Gamma(b)(1 - q)``.
    """
    from scipy import special

    if a + b > _ASYMPTOTIC_BETA_MIN:
        if a <= b:
            g = float(special.gammaincinv(a, q))
            return _share(g, b)
        g = float(special.gammainccinv(b, q))
        return _share(a, g)
    try:
        with np.errstate(all="ignore"), warnings.catch_warnings():
            warnings.simplefilter("error", RuntimeWarning)  # Boost's "root finding ... giving up"
            value = float(stats.beta.ppf(q, a, b))
    except (OverflowError, ArithmeticError, RuntimeWarning):  # Boost fails for some a + b near 1e15
        value = math.nan
    if not (0.0 <= value <= 1.0):
        raise ValueError(f"the Beta(a={a:g}, b={b:g}) quantile at {q:g} cannot be computed in floating "
                         "point (SciPy's Beta quantile fails there): choose a and b with a + b below "
                         "1e12 or above 1e30, or both above 1e-300")
    return value


def _gamma_cdf(shape: float, scale: float, ratio: float) -> float:
    """``P(G <= scale·ratio)`` for ``G ~ Gamma(shape)``; for ``shape > 1e30``, where SciPy returns NaN,
    the normal limit ``Φ((t/shape - 1)√shape)`` (exact to float precision there), overflow-free."""
    from scipy import special

    with np.errstate(over="ignore"):
        t = scale * ratio
    if shape > _ASYMPTOTIC_BETA_MIN:
        with np.errstate(over="ignore"):
            z = (scale / shape * ratio - 1.0) * math.sqrt(shape)
        return float(special.ndtr(z))
    return float(special.gammainc(shape, t)) if math.isfinite(t) else 1.0


def _beta_cdf(x: float, a: float, b: float) -> float:
    """``P(p <= x)`` under Beta(a, b), with the same large-``a + b`` representation as :func:`_beta_ppf`."""

    if x <= 0.0:
        return 0.0
    if x >= 1.0:
        return 1.0
    if a + b > _ASYMPTOTIC_BETA_MIN:
        if a <= b:  # p <= x  <=>  G <= b x/(1 - x), G ~ Gamma(a)
            return _gamma_cdf(a, b, x / (1.0 - x))
        return 1.0 - _gamma_cdf(b, a, (1.0 - x) / x)  # p <= x  <=>  G >= a (1 - x)/x, G ~ Gamma(b)
    with np.errstate(all="ignore"):
        value = float(stats.beta.cdf(x, a, b))
    if not (0.0 <= value <= 1.0):
        raise ValueError(f"the Beta(a={a:g}, b={b:g}) distribution function at {x:g} cannot be computed "
                         "in floating point: choose a and b with a + b below 1e12 or above 1e30")
    return value


# --------------------------------------------------------------------------- derivations
@lru_cache(maxsize=1)
def derive_beta_mode() -> sp.Expr:
    r"""Solve the stationarity of the Beta log density for p (:func:`mapmath.modes.stationary_points`).

    $$\frac{d}{dp}\big[(A-1)\log p + (B-1)\log(1-p)\big] = 0
      \;\Longrightarrow\; p^\star = \frac{A-1}{A+B-2}.$$

    The stationary point is a maximum inside (0, 1) only when ``A > 1`` and ``B > 1``
    (see :func:`beta_mode` for the other cases).
    """
    log_density = (A - 1) * sp.log(p_sym) + (B - 1) * sp.log(1 - p_sym)
    (root,) = stationary_points(log_density, p_sym)
    return root


@lru_cache(maxsize=1)
def derive_beta_mean() -> sp.Expr:
    r"""Derive the Beta mean by integrating by parts, without evaluating a Beta integral.

    $$\E[p] = \frac{\int_0^1 p\,p^{A-1}(1-p)^{B-1}\,dp}{\int_0^1 p^{A-1}(1-p)^{B-1}\,dp}
            = \frac{\mathrm{B}(A+1, B)}{\mathrm{B}(A, B)} = \frac{A}{A+B}.$$

    The derivative of ``g(p) = p^A (1-p)^B`` is the Beta kernel ``p^(A-1) (1-p)^(B-1)`` times the
    linear function ``A(1-p) - Bp``, and ``g`` vanishes at both ends of ``[0, 1]`` for ``A, B > 0``,
    so ``0 = ∫_0^1 g' dp = Z · E[A(1-p) - Bp] = Z (A - (A+B) E[p])`` with ``Z`` the normaliser:
    ``E[p] = A/(A+B)``. (The same answer by SymPy's Beta integral is checked in
    ``tests/test_summaries.py``.)
    """
    kernel = p_sym ** (A - 1) * (1 - p_sym) ** (B - 1)
    g = p_sym**A * (1 - p_sym) ** B
    ends = [g.subs(p_sym, end) for end in (0, 1)]  # 0**A = 0 for A > 0: no boundary term
    if ends != [0, 0]:
        raise ArithmeticError(f"boundary terms of the integration by parts do not vanish: {ends}")
    # g' = kernel · (c0 + c1 p); E[c0 + c1 p] = 0 gives E[p] = -c0 / c1
    linear = sp.expand(sp.powsimp(sp.expand(sp.diff(g, p_sym) / kernel)))  # A(1 - p) - Bp
    c1, c0 = sp.Poly(linear, p_sym).all_coeffs()
    return sp.factor(-c0 / c1)


def mean_minus_mode() -> sp.Expr:
    """``A/(A+B) - (A-1)/(A+B-2)`` in closed form, ``(B - A) / ((A + B)(A + B - 2))`` (for ``A, B > 1``).

    Its sign is the sign of ``B - A``, the sign of the skewness: mean and mode differ exactly when
    the posterior is skewed, and the mean sits on the side of the longer tail.
    """
    numerator, denominator = sp.together(A / (A + B) - (A - 1) / (A + B - 2)).as_numer_denom()
    return sp.expand(numerator) / sp.factor(denominator)


class ModeMeanGap(NamedTuple):
    """The mode–mean gap of Beta(A, B) in posterior standard deviations, set against the skewness."""

    gap_in_sd: sp.Expr  #: (mean - mode)/sd, for A, B > 1
    skewness: sp.Expr  #: 2(B - A) sqrt(A + B + 1) / ((A + B + 2) sqrt(AB))
    ratio: sp.Expr  #: gap_in_sd / skewness, exactly (A + B + 2)/(2(A + B - 2)) when A != B
    leading_ratio: sp.Expr  #: the limit of ratio as A + B -> oo: 1/2


@lru_cache(maxsize=1)
def derive_mode_mean_gap_in_sd() -> ModeMeanGap:
    r"""Pearson's measure of skew for the Beta: the mode–mean gap in standard deviations.

    With mean ``A/(A+B)``, mode ``(A-1)/(A+B-2)`` (for ``A, B > 1``) and variance
    ``AB/((A+B)²(A+B+1))``,

    $$\frac{\text{mean} - \text{mode}}{\text{sd}} = \frac{(B-A)\sqrt{A+B+1}}{(A+B-2)\sqrt{AB}}
      = \operatorname{skew} \cdot \frac{A+B+2}{2(A+B-2)} \;\longrightarrow\; \tfrac12 \operatorname{skew}
      \quad (A + B \to \infty).$$

    Pearson (1895) measured skew by ``(mean - mode)/sd``; for the Beta it is half the moment
    skewness to leading order in ``1/(A+B)``. SymPy derives the gap from :func:`mean_minus_mode` and
    the variance, the ratio by ``simplify`` and its limit with ``N = A + B``.
    """
    N = sp.Symbol("N", positive=True)
    variance = A * B / ((A + B) ** 2 * (A + B + 1))
    gap_in_sd = sp.simplify(mean_minus_mode() / sp.sqrt(variance))
    skewness = 2 * (B - A) * sp.sqrt(A + B + 1) / ((A + B + 2) * sp.sqrt(A * B))
    ratio = sp.factor(sp.simplify(gap_in_sd / skewness))
    leading = sp.limit(ratio.subs(B, N - A), N, sp.oo)
    return ModeMeanGap(gap_in_sd, skewness, ratio, leading)


# --------------------------------------------------------------------------- the mode
@validate_params(
    A=Checked("a positive float or exact rational (internal table)"),
    B=Checked("a positive float or exact rational"),
    a_name=Checked("a label"),
    b_name=Checked("a label"),
)
def beta_mode_cases(A, B, a_name: str = "A", b_name: str = "B"):
    """The mode of ``Beta(A, B)`` for positive floats or exact rationals (the table of :func:`beta_mode`).

    Arguments are not validated here (the public functions do that); ``a_name``/``b_name`` name
    the parameters in the ``ValueError`` of the flat and U-shaped cases. Returns ``0``, ``1`` or
    ``(A-1)/((A-1)+(B-1))`` in the arithmetic of the arguments. The cases follow the boundary rule
    of :mod:`mapmath.modes` (an end where the density tends to ``+∞`` is a boundary mode), so the
    U-shaped density, unbounded at both ends, has two modes: "no unique mode", as
    :func:`mapmath.modes.find_modes` reports (``tests/test_modes.py`` checks that they agree).
    """
    if A == 1 and B == 1:
        raise ValueError(f"no unique mode: the Beta({a_name}=1, {b_name}=1) density is flat on [0, 1], "
                         "every point is a mode")
    if A < 1 and B < 1:
        raise ValueError(f"no unique mode: Beta({a_name}={A}, {b_name}={B}) with both parameters < 1 is "
                         "U-shaped, its density is unbounded at both 0 and 1, so both ends are boundary modes")
    if A <= 1 <= B:
        return 0
    if B <= 1 <= A:
        return 1
    return _share(A - 1, B - 1, A + B - 2)


@validate_params(A=Positive(), B=Positive())
def beta_mode(A: float, B: float) -> float:
    """The mode of ``Beta(A, B)`` on ``[0, 1]``, every case included.

    ============================  =====================  =======================================
    case                          mode                   why
    ============================  =====================  =======================================
    ``A > 1`` and ``B > 1``       ``(A-1)/(A+B-2)``      unique interior stationary point
    ``A <= 1 <= B``, not both 1   ``0``                  density decreasing (unbounded if A < 1)
    ``B <= 1 <= A``, not both 1   ``1``                  density increasing (unbounded if B < 1)
    ``A = B = 1``                 ``ValueError``         flat: every point is a mode
    ``A < 1`` and ``B < 1``       ``ValueError``         U-shaped: both ends are modes (unbounded)
    ============================  =====================  =======================================
    """
    A_ = check_positive("A", A)
    B_ = check_positive("B", B)
    return float(beta_mode_cases(A_, B_, "A", "B"))


# --------------------------------------------------------------------------- mean, median, shape
@validate_params(a=Positive(), b=Positive())
def beta_mean(a: float, b: float) -> float:
    """Mean of Beta(a, b): ``a / (a + b)`` (see :func:`derive_beta_mean`)."""
    a = check_positive("a", a)
    b = check_positive("b", b)
    return float(_share(a, b))


@validate_params(a=Positive(), b=Positive())
def beta_median(a: float, b: float) -> float:
    """Median of Beta(a, b), numerically: ``scipy.stats.beta.ppf(0.5, a, b)`` (no closed form)."""
    a = check_positive("a", a)
    b = check_positive("b", b)
    return _beta_ppf(0.5, a, b)


@validate_params(a=Real(1.0), b=Real(1.0))
def beta_median_approx(a: float, b: float) -> float:
    r"""Kerman's approximation to the Beta median, ``(a - 1/3)/(a + b - 2/3)``, for ``a, b >= 1``.

    Its relative error is below 4% for ``a, b >= 1`` and below 1% for ``a, b >= 2``
    {cite}`kerman2011`; outside ``a, b >= 1`` it is not reliable, so it is refused.
    """
    a = check_real("a", a, low=1.0)
    b = check_real("b", b, low=1.0)
    return float(_share(a - 1 / 3, b - 1 / 3, a + b - 2 / 3))


@validate_params(A=Positive(), B=Positive())
def beta_skewness(A: float, B: float) -> float:
    """Skewness of ``Beta(A, B)``: ``2 (B - A) sqrt(A + B + 1) / ((A + B + 2) sqrt(A B))``.

    Negative (left tail longer) exactly when ``A > B``, i.e. when the mean lies below the mode.
    """
    A_ = check_positive("A", A)
    B_ = check_positive("B", B)
    return 2 * (B_ - A_) * (A_ + B_ + 1) ** 0.5 / ((A_ + B_ + 2) * (A_ * B_) ** 0.5)


# --------------------------------------------------------------------------- Laplace approximation
def _check_laplace_shapes(a: object, b: object) -> tuple[float, float]:
    a_ = check_positive("a", a)
    b_ = check_positive("b", b)
    if a_ <= 1 or b_ <= 1:
        name, val = ("a", a_) if a_ <= 1 else ("b", b_)
        raise ValueError(
            f"{name} must be > 1 for a Beta(a, b) Laplace approximation, got {name}={val:g}: "
            f"with {name} <= 1 the density's maximum is on the boundary "
            f"{'p = 0' if name == 'a' else 'p = 1'} (or it is unbounded there), where "
            f"ℓ' does not vanish and the Laplace approximation is undefined"
        )
    return a_, b_


@validate_params(a=Positive(), b=Positive())  # > 1 checked in the body, which says why
def beta_laplace_variance(a: object, b: object) -> float:
    """``(a-1)(b-1)/(a+b-2)³``: the Laplace variance ``-1/ℓ''(mode)`` of Beta(a, b); a, b > 1.

    Computed as ``m (1 - m) / (a + b - 2)`` with the mode ``m`` when the cube overflows.
    """
    a_, b_ = _check_laplace_shapes(a, b)
    x, y = a_ - 1.0, b_ - 1.0
    total = x + y
    if total < 1e100:  # the closed form, bit for bit, where x·y and total³ cannot overflow
        return x * y / total**3
    var = _share(x, y) * _share(y, x) * _share(x, y) / x  # m (1 - m)/(x + y), 1/(x + y) = m/x
    if var == 0.0:
        raise ValueError(f"the Laplace variance of Beta(a={a_:g}, b={b_:g}) underflows to 0: choose a and b "
                         "with a + b below about 1e300")
    return var


@validate_params(a=Positive(), b=Positive())  # > 1 checked in the body, which says why
def beta_laplace(a: object, b: object) -> tuple[float, float]:
    """``(mode, variance)`` of the Laplace approximation of Beta(a, b): ``((a-1)/(a+b-2), ...)``; a, b > 1."""
    a_, b_ = _check_laplace_shapes(a, b)
    return float(_share(a_ - 1.0, b_ - 1.0, a_ + b_ - 2.0)), beta_laplace_variance(a_, b_)


@lru_cache(maxsize=1)
def derive_beta_logit_laplace() -> LaplaceApproximation:
    r"""The Laplace approximation of Beta(A, B) in the log-odds ``η = logit p``, derived by SymPy.

    With ``p = σ(η) = 1/(1 + e^{-η})`` and ``dp/dη = σ(1-σ)``, the Beta density becomes
    ``f_η(η) ∝ σ(η)^A (1-σ(η))^B`` (:mod:`mapmath.reparameterization`), and

    $$\ell(\eta) = A\log\sigma(\eta) + B\log(1-\sigma(\eta)),\qquad
      \ell'(\eta) = A - (A+B)\sigma(\eta),\qquad \ell''(\eta) = -(A+B)\sigma(1-\sigma),$$

    so ``η̂ = log(A/B)`` and ``ℓ''(η̂) = -AB/(A+B)``: an interior mode for every ``A, B > 0``,
    with Laplace variance ``(A+B)/(AB)``. Found by :func:`mapmath.laplace_approx.laplace_approximation`
    (the mode through :func:`mapmath.modes.find_modes`). The approximation depends on the
    coordinate: MacKay (1998) recommends the basis in which the density is closest to Gaussian.
    """
    sigma = 1 / (1 + sp.exp(-eta_sym))
    ell = A * sp.log(sigma) + B * sp.log(1 - sigma)
    return laplace_approximation(ell, eta_sym, sp.Interval(-sp.oo, sp.oo))


@validate_params(a=Positive(), b=Positive())
def beta_logit_laplace(a: object, b: object) -> tuple[float, float]:
    """``(log(a/b), 1/a + 1/b)``: the Laplace approximation ``N(η̂, v)`` of Beta(a, b) in the log-odds.

    Defined for every ``a, b > 0`` (see :func:`derive_beta_logit_laplace`); ``1/a + 1/b`` is
    ``(a+b)/(ab)`` written so that it cannot overflow.
    """
    a_ = check_positive("a", a)
    b_ = check_positive("b", b)
    return math.log(a_) - math.log(b_), 1.0 / a_ + 1.0 / b_


def _end_value(x: float, ea: float, eb: float) -> float:
    """``ea log x + eb log(1 - x)`` at ``x = 0`` or ``1``: ``+inf``, ``-inf`` or the finite term left."""
    e = ea if x <= 0.0 else eb
    return 0.0 if e == 0 else (math.inf if e < 0 else -math.inf)


def _sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x)) if x >= 0 else math.exp(x) / (1.0 + math.exp(x))


@validate_params(a=Positive(), b=Positive(), level=Probability(open_interval=True))
def beta_logit_laplace_interval(a: object, b: object, level: float = 0.95) -> tuple[float, float]:
    """The ``level`` Laplace interval of Beta(a, b) built in the log-odds and mapped back to ``p``.

    ``(σ(η̂ - z√v), σ(η̂ + z√v))`` with ``(η̂, v)`` from :func:`beta_logit_laplace` and
    ``z = Φ⁻¹((1 + level)/2)``: always inside (0, 1), and asymmetric about the mode in ``p``.
    """
    mode, var = beta_logit_laplace(a, b)
    lv = check_level(level)
    half = central_z(lv) * math.sqrt(var)
    return _sigmoid(mode - half), _sigmoid(mode + half)


# --------------------------------------------------------------------------- intervals
def _check_level(level: object) -> float:
    return check_real("level", level, low=0.0, high=1.0, low_open=True, high_open=True)


@validate_params(a=Positive(), b=Positive(), level=Probability(open_interval=True))
def beta_exact_interval(a: object, b: object, level: float = 0.95) -> tuple[float, float]:
    """The exact central ``level`` credible interval of Beta(a, b) (``scipy.stats.beta.ppf``)."""
    a_ = check_positive("a", a)
    b_ = check_positive("b", b)
    lv = _check_level(level)
    tail = (1.0 - lv) / 2.0
    return _beta_ppf(tail, a_, b_), _beta_ppf(1.0 - tail, a_, b_)


@validate_params(
    a=Positive(),
    b=Positive(),
    level=Probability(open_interval=True),
    coordinate=OneOf("p", "logit"),
)
def beta_hpd_interval(a: object, b: object, level: float = 0.95, coordinate: str = "p") -> tuple[float, float]:
    """The highest-posterior-density interval of Beta(a, b) of mass ``level``, as an interval of ``p``.

    ``coordinate="p"``: the HPD interval of the density in ``p``, the level set
    ``{p : p^(a-1)(1-p)^(b-1) >= c}``; it needs a unimodal density, so ``a = b = 1`` (flat) and
    ``a, b < 1`` (U-shaped: the highest-density region is two pieces at the ends) raise
    ``ValueError``; with ``a <= 1 <= b`` it starts at 0 (at 1 when ``b <= 1 <= a``).

    ``coordinate="logit"``: the HPD interval of the same distribution written in the log-odds
    ``η = logit p``, whose density ``∝ σ(η)^a (1-σ(η))^b`` is unimodal for every ``a, b > 0``,
    mapped back to ``p``. Since ``σ`` is increasing, that is the level set
    ``{p : p^a (1-p)^b >= c}`` with Beta(a, b) mass ``level``: a different interval from the one
    in ``p`` (the HPD interval is not invariant), while :func:`beta_exact_interval` is.
    Computed by :func:`mapmath.intervals.hpd_interval` with SciPy's Beta quantiles.
    """
    a_ = check_positive("a", a)
    b_ = check_positive("b", b)
    lv = check_level(level)
    if coordinate == "p":
        if a_ == 1 and b_ == 1:
            raise ValueError("the Beta(1, 1) density is flat: every interval of length level is an HPD "
                             "interval, none is unique")
        if a_ < 1 and b_ < 1:
            raise ValueError(f"Beta(a={a_:g}, b={b_:g}) with a, b < 1 is U-shaped: its highest-density region "
                             "is two intervals at 0 and 1, not one interval")
        ea, eb = a_ - 1.0, b_ - 1.0
    elif coordinate == "logit":
        ea, eb = a_, b_
    else:
        raise ValueError(f"coordinate must be 'p' or 'logit', got {coordinate!r}")

    def log_level_function(x: float) -> float:
        with np.errstate(divide="ignore", invalid="ignore"):
            return float(ea * np.log(x) + eb * np.log1p(-x)) if 0.0 < x < 1.0 else _end_value(x, ea, eb)

    if a_ + b_ > _ASYMPTOTIC_BETA_MIN:
        return _hpd_interval_asymptotic(a_, b_, ea, eb, lv)
    return hpd_interval(log_level_function, lambda t: _beta_ppf(t, a_, b_), lv)


def _hpd_interval_asymptotic(a: float, b: float, ea: float, eb: float, level: float) -> tuple[float, float]:
    """The HPD interval when ``a + b > 1e30``, where every quantile of ``p`` rounds to a few floats.

    With ``s = min(a, b)`` and ``G ~ Gamma(s)``, ``p = G/(G + b)`` (or ``a/(a + G)``, see
    :func:`_beta_ppf`); the map ``G -> p`` has a derivative constant to ``G/max(a, b) < 1e-15`` over
    the mass, so the level set of ``p^ea (1-p)^eb`` is the image of the level set of
    ``g^e e^{-g}`` (``e = ea`` or ``eb``), the HPD interval of ``G``.
    """
    from scipy import special

    s, e = (a, ea) if a <= b else (b, eb)

    def log_level(g: float) -> float:
        return e * math.log(g) - g if g > 0 else (0.0 if e == 0 else (math.inf if e < 0 else -math.inf))

    lo, hi = hpd_interval(log_level, lambda t: float(special.gammaincinv(s, t)), level)
    if a <= b:
        return _share(lo, b), _share(hi, b)
    return _share(a, hi), _share(a, lo)


@validate_params(a=Positive(), b=Positive(), low=Real(), high=Real())
def beta_interval_mass(a: object, b: object, low: object, high: object) -> float:
    """``P(low <= p <= high)`` under Beta(a, b): the exact coverage of an interval.

    Ends outside [0, 1] are allowed (the mass there is 0), so the coverage of a Laplace interval
    that spills below 0 is measured as it stands.
    """
    a_ = check_positive("a", a)
    b_ = check_positive("b", b)
    lo = check_real("low", low)
    hi = check_real("high", high)
    if hi < lo:
        raise ValueError(f"high must be >= low, got low={lo:g}, high={hi:g}")
    return float(np.subtract(_beta_cdf(hi, a_, b_), _beta_cdf(lo, a_, b_)))
