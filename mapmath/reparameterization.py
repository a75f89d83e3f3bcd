"""Reparameterization: a density under a change of variables, and where its mode goes.

For a smooth strictly monotone map ``η = g(θ)`` with inverse ``θ = g⁻¹(η)``:

* **Change of variables.** A density ``f_θ`` on θ becomes ``f_η(η) = f_θ(g⁻¹(η)) · |dg⁻¹/dη|``,
  and the total mass is unchanged: ``∫ f_η dη = ∫ f_θ dθ``. Probabilities of corresponding sets,
  and hence medians, are carried over unchanged.
* **Modes are not.** The Jacobian factor moves the stationary point: the mode of ``f_η``, mapped
  back through ``g⁻¹``, is in general not the mode of ``f_θ`` (:func:`mode_mapped_back`,
  :func:`mapped_mode_slope`). Modes are found by :mod:`mapmath.modes`; the invariant mode with
  respect to the Jeffreys measure is in :mod:`mapmath.fisher`.
* The book's map is the **log-odds** ``η = logit p``, with inverse the logistic function
  :func:`sigmoid`; a flat prior on ``p`` is the :func:`logistic_density` on ``η``.

Domains are intervals (``sympy.Interval`` or a pair ``(low, high)``, ends may be ``±oo``);
the functions here work on their interior.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
import sympy as sp

from ._lazy import integrate, optimize
from .modes import find_modes, numeric_function
from .parsing import as_expression
from .validation import (
    Count,
    Expr,
    Flag,
    Interval,
    Optional,
    Positive,
    Real,
    RealArray,
    Symbol,
    check_expression,
    check_interval,
    check_positive,
    check_real,
    check_symbol,
    validate_params,
)

__all__ = [
    "MappedMode",
    "change_of_variables",
    "logistic_density",
    "logit",
    "logit_normal_pdf",
    "mapped_mode_slope",
    "mode_mapped_back",
    "monotone_direction",
    "normalize",
    "numeric_mass",
    "numeric_median",
    "positive_power_form",
    "sigmoid",
    "total_mass",
    "unit_interval_form",
]

_N_SAMPLES = 401


def _open(name: str, value: object) -> sp.Interval:
    """The interior of the interval ``value`` (see :func:`mapmath.validation.check_interval`)."""
    dom = check_interval(name, value)
    return sp.Interval.open(dom.start, dom.end)


@validate_params(domain=Interval(), n=Count(minimum=1, maximum=10**7))
def interior_samples(domain: sp.Interval, n: int = _N_SAMPLES) -> np.ndarray:
    """``n`` points strictly inside ``domain`` (spread over a logistic/odds scale on infinite sides)."""
    u = np.linspace(0.001, 0.999, n)
    low, high = domain.start, domain.end
    if low.is_finite and high.is_finite:
        a, b = float(low), float(high)
        return a + (b - a) * u
    if low.is_finite:
        return float(low) + u / (1 - u)
    if high.is_finite:
        return float(high) - u / (1 - u)
    return np.log(u / (1 - u))


def _on_grid(f, grid: np.ndarray) -> np.ndarray:
    return np.array([f(x) for x in grid])


# --------------------------------------------------------------------------- logistic helpers
@validate_params(eta=Expr(text=True))
def sigmoid(eta: sp.Expr) -> sp.Expr:
    """The logistic function ``σ(η) = e^η / (1 + e^η)``, inverse of the log-odds.

    ``eta`` is a SymPy expression or a number (a string is read by
    :func:`mapmath.parsing.parse_expression`, never evaluated as Python); likewise for :func:`logit`
    and :func:`logistic_density`.
    """
    eta = as_expression(eta, "eta")
    return sp.exp(eta) / (1 + sp.exp(eta))


@validate_params(p=Expr(text=True))
def logit(p: sp.Expr) -> sp.Expr:
    """The log-odds ``logit(p) = log(p / (1 - p))``, inverse of :func:`sigmoid`."""
    p = as_expression(p, "p")
    return sp.log(p / (1 - p))


@validate_params(expr=Expr(), p=Symbol())
def unit_interval_form(expr: object, p: sp.Symbol) -> sp.Expr:
    """``expr`` rewritten for ``p ∈ (0, 1)``, where ``1 − p > 0`` as well as ``p > 0``.

    A symbol declared ``positive`` does not tell SymPy that ``1 − p > 0``, so a derived density
    such as the Bernoulli Jeffreys prior comes out as ``sqrt(-1/(p - 1))/sqrt(p)``, whose logarithm
    expands through ``log(-1) = iπ`` and whose limits and integrals are slow. Substituting
    ``p = 1 − q`` with ``q > 0`` and then ``q = 1 − p`` gives the same function on ``(0, 1)`` in
    powers of ``p`` and ``1 − p``: here ``1/(sqrt(p) sqrt(1 - p))``. The two agree at every point of
    ``(0, 1)`` (not necessarily outside it).
    """
    p = check_symbol("p", p)
    expr = check_expression("expr", expr)
    q = sp.Dummy("q", positive=True)
    return expr.subs(p, 1 - q).subs(q, 1 - p)


@validate_params(expr=Expr())
def positive_power_form(expr: object) -> sp.Expr:
    """``expr``, a product of powers of positive factors, with its powers combined and cancelled.

    Valid where every base is positive (as for a density at its mode): ``(a^r)^s = a^{rs}`` is used
    without conditions. A density carried to the log-odds, such as
    ``σ^{13/2} (1 − σ)^{5/2} σ(1 − σ)`` with ``σ = e^η/(1 + e^η)``, becomes
    ``e^{15η/2}/(e^η + 1)^{11}``, whose logarithm is a line minus ``11 log(1 + e^η)`` and whose
    limits at ``±∞`` SymPy finds several times faster. The two agree wherever the bases are positive.
    """
    expr = check_expression("expr", expr)
    return sp.powsimp(sp.factor(sp.cancel(sp.powdenest(expr, force=True))))


@validate_params(eta=Expr(text=True))
def logistic_density(eta: sp.Expr) -> sp.Expr:
    """The standard logistic density ``σ(η)(1 − σ(η))``: a flat prior on ``p`` seen on the log-odds."""
    s = sigmoid(eta)
    return s * (1 - s)


@validate_params(p=RealArray(), mean=Real(), variance=Positive())
def logit_normal_pdf(p: object, mean: float, variance: float) -> np.ndarray:
    """The density on ``p`` of ``σ(η)`` when ``η ~ N(mean, variance)``: a Gaussian in the log-odds, seen in ``p``.

    By the change of variables ``η = logit p``, ``dη/dp = 1/(p(1-p))``:
    ``f(p) = φ((logit p - mean)/s) / (s p (1 - p))`` with ``s = sqrt(variance)``, for ``0 < p < 1``
    (0 at and outside the ends). This is how a Laplace approximation made in the log-odds looks
    in ``p``. ``p`` may be a number or an array.
    """
    m = check_real("mean", mean)
    sd = float(np.sqrt(check_positive("variance", variance)))
    x = np.asarray(p, dtype=float)
    if not np.all(np.isfinite(x)):
        raise ValueError("p must hold finite numbers")
    out = np.zeros_like(x)
    inside = (x > 0) & (x < 1)
    q = x[inside]
    z = (np.log(q) - np.log1p(-q) - m) / sd
    out[inside] = np.exp(-0.5 * z * z) / (np.sqrt(2 * np.pi) * sd * q * (1 - q))
    return out


# --------------------------------------------------------------------------- change of variables
@validate_params(inverse=Expr(), eta=Symbol(), eta_domain=Interval())
def monotone_direction(inverse: sp.Expr, eta: sp.Symbol, eta_domain: object) -> int:
    """``+1`` if ``θ = inverse(η)`` is strictly increasing on ``eta_domain``, ``-1`` if decreasing.

    Decided numerically from the sign of ``dθ/dη`` at 401 interior points when the derivative has
    no free symbol but η, else by SymPy (``is_strictly_increasing``/``decreasing``). Raises
    ``ValueError`` when the map is not strictly monotone (it is then not a bijection and the
    change-of-variables formula does not apply).
    """
    eta = check_symbol("eta", eta)
    inverse = check_expression("inverse", inverse, depends_on=eta)
    domain = _open("eta_domain", eta_domain)
    deriv = sp.diff(inverse, eta)
    if deriv.free_symbols - {eta}:
        if sp.is_strictly_increasing(inverse, domain, eta):
            return 1
        if sp.is_strictly_decreasing(inverse, domain, eta):
            return -1
        raise ValueError(f"inverse = {inverse} could not be shown strictly monotone in {eta} on {domain}; "
                         "substitute numbers for its other symbols or pick a smaller eta_domain")
    grid = interior_samples(domain)
    values = _on_grid(numeric_function(deriv, eta, "d(inverse)/d(eta)"), grid)
    bad = ~np.isfinite(values)
    if bad.any():
        raise ValueError(f"inverse = {inverse} has a non-finite derivative at {eta} = {grid[bad][0]:.6g} "
                         f"inside eta_domain {domain}")
    if np.all(values > 0):
        return 1
    if np.all(values < 0):
        return -1
    pos, neg = grid[values > 0], grid[values <= 0]
    where = (f"d(inverse)/d{eta} > 0 at {eta} = {pos[0]:.6g} but <= 0 at {eta} = {neg[0]:.6g}" if len(pos)
             else f"d(inverse)/d{eta} vanishes on eta_domain")
    raise ValueError(f"inverse = {inverse} is not strictly monotone on eta_domain {domain} ({where}); "
                     "a change of variables needs a bijection")


@validate_params(
    density=Expr(),
    theta=Symbol(),
    inverse=Expr(),
    eta=Symbol(),
    eta_domain=Interval(),
    theta_domain=Optional(Interval()),
)
def change_of_variables(density: sp.Expr, theta: sp.Symbol, inverse: sp.Expr, eta: sp.Symbol,
                        eta_domain: object, theta_domain: object | None = None) -> sp.Expr:
    """The density of ``η`` when ``θ`` has density ``density`` and ``θ = inverse(η)``:

    ``f_η(η) = f_θ(inverse(η)) · |d inverse / dη|``.

    The absolute value is resolved by :func:`monotone_direction`. When ``theta_domain`` is given,
    the image of ``eta_domain`` is checked (numerically) to lie inside it.
    """
    theta = check_symbol("theta", theta)
    eta = check_symbol("eta", eta)
    density = check_expression("density", density)
    inverse = check_expression("inverse", inverse, depends_on=eta)
    if inverse.has(theta):
        raise ValueError(f"inverse must express theta in terms of eta (θ = g⁻¹(η)) and not contain {theta}, "
                         f"got {inverse}")
    sign = monotone_direction(inverse, eta, eta_domain)
    if theta_domain is not None:
        tdom = _open("theta_domain", theta_domain)
        if not inverse.free_symbols - {eta}:
            grid = interior_samples(_open("eta_domain", eta_domain))
            image = _on_grid(numeric_function(inverse, eta, "inverse"), grid)
            lo, hi = float(tdom.start), float(tdom.end)
            outside = ~((image > lo) & (image < hi))
            if outside.any():
                i = int(np.argmax(outside))
                raise ValueError(f"inverse maps {eta} = {grid[i]:.6g} to {theta} = {image[i]:.6g}, "
                                 f"outside theta_domain {tdom}")
    return density.subs(theta, inverse) * sign * sp.diff(inverse, eta)


@validate_params(density=Expr(), var=Symbol(), domain=Interval())
def total_mass(density: sp.Expr, var: sp.Symbol, domain: object) -> sp.Expr:
    """``∫ density d var`` over ``domain``, symbolically.

    A Beta kernel ``c · var^(a-1) (1-var)^(b-1)`` on ``(0, 1)`` (``c`` free of ``var``, ``a, b > 0``)
    has Euler's Beta integral ``c · B(a, b) = c · Γ(a) Γ(b) / Γ(a+b)`` (the route SymPy's own Meijer-G
    integration takes, without its search; ``tests/test_reparam.py`` checks the two agree); any other
    density goes to ``sympy.integrate``.
    """
    var = check_symbol("var", var)
    density = check_expression("density", density)
    dom = _open("domain", domain)
    kernel = _beta_kernel(density, var) if (dom.start, dom.end) == (0, 1) else None
    if kernel is not None:
        c, a, b = kernel
        return sp.simplify(c * sp.gamma(a) * sp.gamma(b) / sp.gamma(a + b))
    return sp.simplify(sp.integrate(density, (var, dom.start, dom.end)))


def _beta_kernel(density: sp.Expr, var: sp.Symbol) -> tuple[sp.Expr, sp.Expr, sp.Expr] | None:
    """``(c, a, b)`` when ``density = c · var^(a-1) (1-var)^(b-1)`` with ``a, b > 0`` (so its integral
    over ``(0, 1)`` is finite); ``None`` for any other form."""
    c, a, b = sp.Integer(1), sp.Integer(1), sp.Integer(1)
    for factor in sp.Mul.make_args(density):
        if not factor.has(var):
            c *= factor
            continue
        base, exponent = factor.as_base_exp()
        if exponent.has(var):
            return None
        if base == var:
            a += exponent
        elif sp.expand(base - (1 - var)) == 0:
            b += exponent
        else:
            return None
    return (c, a, b) if a.is_positive and b.is_positive else None


@validate_params(density=Expr(), var=Symbol(), domain=Interval())
def numeric_mass(density: sp.Expr, var: sp.Symbol, domain: object) -> float:
    """``∫ density d var`` over ``domain`` by adaptive quadrature (``scipy.integrate.quad``)."""
    var = check_symbol("var", var)
    density = check_expression("density", density)
    dom = _open("domain", domain)
    f = numeric_function(density, var, "density")
    # split at the grid point of highest log-density, so quad cannot miss a narrow peak in a far tail
    peak = _peak(density, var, dom)
    left, _ = integrate.quad(f, float(dom.start), peak, limit=200)
    right, _ = integrate.quad(f, peak, float(dom.end), limit=200)
    return float(left + right)


def _peak(density: sp.Expr, var: sp.Symbol, dom: sp.Interval) -> float:
    """The interior grid point where ``log density`` is highest (the middle one if none is finite)."""
    logf = numeric_function(sp.expand_log(sp.log(density), force=True), var, "log density")
    grid = interior_samples(dom, 201)
    logs = np.array([logf(g) for g in grid])
    return float(grid[int(np.nanargmax(logs))]) if np.isfinite(logs).any() else float(grid[len(grid) // 2])


@validate_params(density=Expr(), var=Symbol(), domain=Interval())
def normalize(density: sp.Expr, var: sp.Symbol, domain: object) -> tuple[sp.Expr, sp.Expr]:
    """``(density / Z, Z)`` with ``Z = ∫ density``; ``ValueError`` if ``Z`` is not finite and > 0."""
    z = total_mass(density, var, domain)
    if z.is_finite is False or z.has(sp.oo, sp.zoo, sp.nan) or z.is_positive is False or isinstance(z, sp.Integral):
        raise ValueError(f"density cannot be normalized on {domain}: its integral is {z}")
    return density / z, z


# --------------------------------------------------------------------------- modes and medians
@validate_params(eta=Symbol())
def mapped_mode_slope(eta: sp.Symbol) -> tuple[sp.Expr, sp.Expr]:
    """Why no prior makes the (Lebesgue) mode invariant under every reparameterization.

    For any density ``f`` on θ and any increasing map ``θ = h(η)``, ``f_η = f(h(η)) h'(η)`` and
    ``d log f_η/dη = f'(h)/f(h) · h' + h''/h'``. Returns ``(that slope, the slope where f' = 0)``;
    the second is ``h''/h'``, so the image ``η* = h⁻¹(θ*)`` of a mode ``θ*`` of ``f`` is a stationary
    point of ``f_η`` only when ``h''(η*) = 0``. Any map with curvature at the mode moves it,
    whatever the prior that produced ``f``.
    """
    eta = check_symbol("eta", eta)
    h = sp.Function("h")(eta)
    f = sp.Function("f")
    slope = sp.diff(sp.log(f(h) * sp.diff(h, eta)), eta)
    at_mode = sp.simplify(slope.subs(sp.Derivative(f(h), h), 0))
    return slope, at_mode


@validate_params(density=Expr(), var=Symbol(), domain=Interval())
def numeric_median(density: sp.Expr, var: sp.Symbol, domain: object) -> float:
    """The median ``m`` of the (possibly unnormalized) ``density``: ``∫_low^m f = ½ ∫ f``.

    The CDF is integrated outwards from the highest grid point of the density, and the root is
    bracketed by doubling steps from there (clamped to finite endpoints), then found by ``brentq``.
    """
    var = check_symbol("var", var)
    density = check_expression("density", density, depends_on=var)
    dom = _open("domain", domain)
    f = numeric_function(density, var, "density")
    low, high = float(dom.start), float(dom.end)
    peak = _peak(density, var, dom)
    left = integrate.quad(f, low, peak, limit=200)[0]
    half = (left + integrate.quad(f, peak, high, limit=200)[0]) / 2

    def excess(m: float) -> float:
        return left + integrate.quad(f, peak, m, limit=200)[0] - half

    direction = -1.0 if excess(peak) > 0 else 1.0
    end = low if direction < 0 else high
    inner, step = peak, 1.0
    while True:
        outer = peak + direction * step
        if (direction < 0 and outer <= low) or (direction > 0 and outer >= high):
            outer = end
        if outer == end or (excess(outer) > 0) != (excess(inner) > 0):
            break
        inner, step = outer, 2 * step
    a, b = sorted((inner, outer))
    return float(optimize.brentq(excess, a, b, xtol=1e-13, rtol=1e-13))


class MappedMode(NamedTuple):
    """The mode of a density expressed in ``η`` and that mode carried back to ``θ``."""

    density_eta: sp.Expr
    eta_mode: sp.Expr
    theta_value: sp.Expr


@validate_params(
    density=Expr(),
    theta=Symbol(),
    inverse=Expr(),
    eta=Symbol(),
    eta_domain=Interval(),
    theta_domain=Optional(Interval()),
    positive_bases=Flag(),
)
def mode_mapped_back(density: sp.Expr, theta: sp.Symbol, inverse: sp.Expr, eta: sp.Symbol,
                     eta_domain: object, theta_domain: object | None = None, *,
                     positive_bases: bool = False) -> MappedMode:
    """Express ``density`` (on θ) in ``η`` by :func:`change_of_variables`, find its mode there, map it back.

    Returns ``MappedMode(f_η, η*, θ(η*))``, the mode of ``f_η`` found by
    :func:`mapmath.modes.find_modes` on ``log f_η``. When the supremum of ``f_η`` is approached only
    as ``η → ±∞`` (no mode in η), ``η*`` is that infinity and ``θ(η*)`` the limit of the map there.
    Comparing ``θ(η*)`` with :func:`mapmath.modes.density_mode` of ``density`` shows whether the mode
    is invariant under the reparameterization (it generally is not).

    With ``positive_bases=True`` the caller states that every base of a power in ``f_η`` is
    positive on the domain (as for ``σ(η)`` and ``1 − σ(η)``); the mode is then searched on
    :func:`positive_power_form` of ``f_η``, the same function there, whose limits are much faster.
    ``f_η`` is returned as :func:`change_of_variables` gives it either way.
    """
    f_eta = change_of_variables(density, theta, inverse, eta, eta_domain, theta_domain)
    searched = positive_power_form(f_eta) if positive_bases else f_eta
    search = find_modes(sp.expand_log(sp.log(searched), force=True), eta, eta_domain)
    if search.status == "does not exist" and len(search.supremum_at) == 1 and search.supremum_at[0].is_infinite:
        m = search.supremum_at[0]
    else:
        m = search.mode
    back = sp.limit(inverse, eta, m) if m in (sp.oo, -sp.oo) else inverse.subs(eta, m)
    return MappedMode(f_eta, m, sp.simplify(back))
