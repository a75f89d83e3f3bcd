"""Change of variables, Fisher information, Jeffreys priors, and where modes go under reparameterization.

The mathematics, for a smooth strictly monotone map ``η = g(θ)`` with inverse ``θ = g⁻¹(η)``:

* **Change of variables.** A density ``f_θ`` on θ becomes ``f_η(η) = f_θ(g⁻¹(η)) · |dg⁻¹/dη|``,
  and the total mass is unchanged: ``∫ f_η dη = ∫ f_θ dθ``.
* **Fisher information** of a one-parameter model with log-likelihood ``ℓ(θ; x)``:
  ``I(θ) = −E[∂²ℓ/∂θ²]``. When ``∂²ℓ/∂θ²`` is linear in the data (true for exponential families
  written with their sufficient statistic) the expectation is a substitution ``x → E[x]``.
* **Transformation rule.** ``I_η(η) = I_θ(g⁻¹(η)) · (dg⁻¹/dη)²``, because
  ``∂²ℓ/∂η² = ℓ''(θ) θ'² + ℓ'(θ) θ''`` and the score ``ℓ'`` has mean zero. Hence the Jeffreys
  prior ``∝ sqrt(I)`` computed directly in η *is* the Jeffreys prior in θ carried over by the
  change of variables (``sqrt(I_η) = sqrt(I_θ) |dθ/dη|``): the prior, and so the posterior
  *distribution*, is parameterization-consistent (Jeffreys 1946).
* **Modes are not.** The Jacobian factor moves the stationary point: the mode of ``f_η``, mapped
  back through ``g⁻¹``, is in general not the mode of ``f_θ``. Druilhet & Marin (2007) restore
  invariance by taking the mode with respect to the Jeffreys measure instead of Lebesgue measure:
  maximize ``f(θ) / sqrt(I(θ))`` (:func:`jeffreys_measure_mode`).

Domains are open intervals (``sympy.Interval`` or a pair ``(low, high)``, endpoints may be ``±oo``).
"""

from __future__ import annotations

import numbers
from collections.abc import Mapping
from typing import NamedTuple

import mpmath
import numpy as np
import sympy as sp
from scipy import integrate, optimize

from .parsing import as_expression, parse_expression

__all__ = [
    "MappedMode",
    "change_of_variables",
    "fisher_information",
    "fisher_information_chain_rule",
    "jeffreys_measure_mode",
    "jeffreys_prior",
    "logistic_density",
    "logit",
    "mapped_mode_slope",
    "mode",
    "mode_mapped_back",
    "monotone_direction",
    "normalize",
    "numeric_mass",
    "numeric_median",
    "numeric_mode",
    "plot_modes_in_two_coordinates",
    "score_mean",
    "sigmoid",
    "total_mass",
    "transform_fisher_information",
]

_N_SAMPLES = 401


# --------------------------------------------------------------------------- argument checks
def _check_symbol(name: str, value: object) -> sp.Symbol:
    if not isinstance(value, sp.Symbol):
        raise TypeError(f"{name} must be a SymPy Symbol (e.g. sympy.Symbol('{name}')), "
                        f"got {type(value).__name__} {value!r}")
    return value


def _check_expr(name: str, value: object, *, depends_on: sp.Symbol | None = None) -> sp.Expr:
    if isinstance(value, bool) or not isinstance(value, sp.Basic | numbers.Real):
        raise TypeError(f"{name} must be a SymPy expression, got {type(value).__name__} {value!r}")
    expr = sp.sympify(value, strict=True)  # a SymPy object or a real number (strings are refused above)
    if depends_on is not None and not expr.has(depends_on):
        raise ValueError(f"{name} must depend on {depends_on}, got {expr}")
    return expr


def _check_domain(name: str, value: object) -> sp.Interval:
    """An open interval: a ``sympy.Interval`` (its interior is used) or a pair ``(low, high)``."""
    if isinstance(value, sp.Interval):
        low, high = value.start, value.end
    elif isinstance(value, tuple | list) and len(value) == 2:
        low, high = (as_expression(v, f"{name} endpoint") if not isinstance(v, str)
                     else _endpoint(name, v) for v in value)
    else:
        raise TypeError(f"{name} must be a sympy.Interval or a pair (low, high), got {type(value).__name__} {value!r}")
    for end in (low, high):
        if not (end.is_number and (end.is_real or end in (sp.oo, -sp.oo))):
            raise ValueError(f"{name} endpoints must be real numbers or ±oo, got ({low}, {high})")
    if not bool(low < high):
        raise ValueError(f"{name} must have low < high, got ({low}, {high})")
    return sp.Interval.open(low, high)


def _endpoint(name: str, text: str) -> sp.Expr:
    """A domain endpoint typed as a string (``"0"``, ``"pi/2"``, or ``"oo"``/``"-oo"`` for ±infinity):
    read by :func:`mapmath.parsing.parse_expression`, never evaluated as Python."""
    infinite = {"oo": sp.oo, "+oo": sp.oo, "-oo": -sp.oo, "inf": sp.oo, "+inf": sp.oo, "-inf": -sp.oo}
    if text.strip() in infinite:
        return infinite[text.strip()]
    try:
        return parse_expression(text, {})
    except ValueError as exc:
        raise ValueError(f"{name} endpoint: {exc}") from None


def _interior_samples(domain: sp.Interval, n: int = _N_SAMPLES) -> np.ndarray:
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


def _numeric_function(expr: sp.Expr, var: sp.Symbol, what: str):
    """A float function of one float, evaluated with mpmath so that far tails (``exp(800)``) neither
    overflow nor warn; complex round-off residue of real expressions is dropped."""
    extra = expr.free_symbols - {var}
    if extra:
        raise ValueError(f"{what} must contain no symbol other than {var} for a numeric evaluation; "
                         f"substitute values for {sorted(s.name for s in extra)}")
    # ``together`` turns 1 - e^η/(1+e^η) into 1/(1+e^η): no cancellation in the far tails.
    f = sp.lambdify(var, sp.together(expr), modules="mpmath")

    def value(x: float) -> float:
        y = f(mpmath.mpf(float(x)))
        return float(mpmath.re(y)) if isinstance(y, mpmath.mpc) else float(y)

    return value


def _on_grid(f, grid: np.ndarray) -> np.ndarray:
    return np.array([f(x) for x in grid])


# --------------------------------------------------------------------------- logistic helpers
def sigmoid(eta: sp.Expr) -> sp.Expr:
    """The logistic function ``σ(η) = e^η / (1 + e^η)``, inverse of the log-odds.

    ``eta`` is a SymPy expression or a number (a string is read by
    :func:`mapmath.parsing.parse_expression`, never evaluated as Python); likewise for :func:`logit`
    and :func:`logistic_density`.
    """
    eta = as_expression(eta, "eta")
    return sp.exp(eta) / (1 + sp.exp(eta))


def logit(p: sp.Expr) -> sp.Expr:
    """The log-odds ``logit(p) = log(p / (1 - p))``, inverse of :func:`sigmoid`."""
    p = as_expression(p, "p")
    return sp.log(p / (1 - p))


def logistic_density(eta: sp.Expr) -> sp.Expr:
    """The standard logistic density ``σ(η)(1 − σ(η))``: a flat prior on ``p`` seen on the log-odds."""
    s = sigmoid(eta)
    return s * (1 - s)


# --------------------------------------------------------------------------- change of variables
def monotone_direction(inverse: sp.Expr, eta: sp.Symbol, eta_domain: object) -> int:
    """``+1`` if ``θ = inverse(η)`` is strictly increasing on ``eta_domain``, ``-1`` if decreasing.

    Decided numerically from the sign of ``dθ/dη`` at 401 interior points when the derivative has
    no free symbol but η, else by SymPy (``is_strictly_increasing``/``decreasing``). Raises
    ``ValueError`` when the map is not strictly monotone (it is then not a bijection and the
    change-of-variables formula does not apply).
    """
    eta = _check_symbol("eta", eta)
    inverse = _check_expr("inverse", inverse, depends_on=eta)
    domain = _check_domain("eta_domain", eta_domain)
    deriv = sp.diff(inverse, eta)
    if deriv.free_symbols - {eta}:
        if sp.is_strictly_increasing(inverse, domain, eta):
            return 1
        if sp.is_strictly_decreasing(inverse, domain, eta):
            return -1
        raise ValueError(f"inverse = {inverse} could not be shown strictly monotone in {eta} on {domain}; "
                         "substitute numbers for its other symbols or pick a smaller eta_domain")
    grid = _interior_samples(domain)
    values = _on_grid(_numeric_function(deriv, eta, "d(inverse)/d(eta)"), grid)
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


def change_of_variables(density: sp.Expr, theta: sp.Symbol, inverse: sp.Expr, eta: sp.Symbol,
                        eta_domain: object, theta_domain: object | None = None) -> sp.Expr:
    """The density of ``η`` when ``θ`` has density ``density`` and ``θ = inverse(η)``:

    ``f_η(η) = f_θ(inverse(η)) · |d inverse / dη|``.

    The absolute value is resolved by :func:`monotone_direction`. When ``theta_domain`` is given,
    the image of ``eta_domain`` is checked (numerically) to lie inside it.
    """
    theta = _check_symbol("theta", theta)
    eta = _check_symbol("eta", eta)
    density = _check_expr("density", density)
    inverse = _check_expr("inverse", inverse, depends_on=eta)
    if inverse.has(theta):
        raise ValueError(f"inverse must express theta in terms of eta (θ = g⁻¹(η)) and not contain {theta}, "
                         f"got {inverse}")
    sign = monotone_direction(inverse, eta, eta_domain)
    if theta_domain is not None:
        tdom = _check_domain("theta_domain", theta_domain)
        if not inverse.free_symbols - {eta}:
            grid = _interior_samples(_check_domain("eta_domain", eta_domain))
            image = _on_grid(_numeric_function(inverse, eta, "inverse"), grid)
            lo, hi = float(tdom.start), float(tdom.end)
            outside = ~((image > lo) & (image < hi))
            if outside.any():
                i = int(np.argmax(outside))
                raise ValueError(f"inverse maps {eta} = {grid[i]:.6g} to {theta} = {image[i]:.6g}, "
                                 f"outside theta_domain {tdom}")
    return density.subs(theta, inverse) * sign * sp.diff(inverse, eta)


def total_mass(density: sp.Expr, var: sp.Symbol, domain: object) -> sp.Expr:
    """``∫ density d var`` over ``domain``, symbolically (``sympy.integrate``)."""
    var = _check_symbol("var", var)
    density = _check_expr("density", density)
    dom = _check_domain("domain", domain)
    return sp.simplify(sp.integrate(density, (var, dom.start, dom.end)))


def numeric_mass(density: sp.Expr, var: sp.Symbol, domain: object) -> float:
    """``∫ density d var`` over ``domain`` by adaptive quadrature (``scipy.integrate.quad``)."""
    var = _check_symbol("var", var)
    density = _check_expr("density", density)
    dom = _check_domain("domain", domain)
    f = _numeric_function(density, var, "density")
    # split at the grid point of highest log-density, so quad cannot miss a narrow peak in a far tail
    peak = _peak(density, var, dom)
    left, _ = integrate.quad(f, float(dom.start), peak, limit=200)
    right, _ = integrate.quad(f, peak, float(dom.end), limit=200)
    return float(left + right)


def _peak(density: sp.Expr, var: sp.Symbol, dom: sp.Interval) -> float:
    """The interior grid point where ``log density`` is highest (the middle one if none is finite)."""
    logf = _numeric_function(sp.expand_log(sp.log(density), force=True), var, "log density")
    grid = _interior_samples(dom, 201)
    logs = np.array([_safe(logf, g) for g in grid])
    return float(grid[int(np.nanargmax(logs))]) if np.isfinite(logs).any() else float(grid[len(grid) // 2])


def _safe(f, x: float) -> float:
    try:
        return f(x)
    except (ValueError, ZeroDivisionError, TypeError):
        return float("nan")


def normalize(density: sp.Expr, var: sp.Symbol, domain: object) -> tuple[sp.Expr, sp.Expr]:
    """``(density / Z, Z)`` with ``Z = ∫ density``; ``ValueError`` if ``Z`` is not finite and > 0."""
    z = total_mass(density, var, domain)
    if z.is_finite is False or z.has(sp.oo, sp.zoo, sp.nan) or z.is_positive is False or isinstance(z, sp.Integral):
        raise ValueError(f"density cannot be normalized on {domain}: its integral is {z}")
    return density / z, z


# --------------------------------------------------------------------------- Fisher information
def _expected(expr: sp.Expr, expectations: Mapping[sp.Symbol, sp.Expr] | None, what: str) -> sp.Expr:
    if expectations is None:
        return expr
    if not isinstance(expectations, Mapping):
        raise TypeError(f"expectations must be a mapping {{data symbol: its expectation}}, "
                        f"got {type(expectations).__name__}")
    subs = {}
    for stat, mean in expectations.items():
        _check_symbol("expectations key", stat)
        mean = _check_expr(f"expectations[{stat}]", mean)
        if sp.simplify(sp.diff(expr, stat, 2)) != 0:
            raise ValueError(f"{what} is not linear in the data symbol {stat}, so E[{what}] is not obtained by "
                             f"substituting E[{stat}]; pass the log-likelihood in terms of a sufficient "
                             f"statistic it is linear in")
        subs[stat] = mean
    return expr.subs(subs)


def fisher_information(loglik: sp.Expr, theta: sp.Symbol,
                       expectations: Mapping[sp.Symbol, sp.Expr] | None = None) -> sp.Expr:
    """Fisher information ``I(θ) = −E[∂²ℓ/∂θ²]`` of a one-parameter model.

    ``expectations`` maps each data symbol (sufficient statistic) to its expectation under the
    model, e.g. ``{x: p}`` for one Bernoulli draw or ``{k: n*p}`` for a binomial count. The
    expectation is a substitution, so ``∂²ℓ/∂θ²`` must be linear in those symbols (checked).
    """
    theta = _check_symbol("theta", theta)
    loglik = _check_expr("loglik", loglik, depends_on=theta)
    d2 = sp.diff(loglik, theta, 2)
    return sp.factor(sp.cancel(sp.together(-_expected(d2, expectations, "d²loglik/dθ²"))))


def score_mean(loglik: sp.Expr, theta: sp.Symbol,
               expectations: Mapping[sp.Symbol, sp.Expr] | None = None) -> sp.Expr:
    """``E[∂ℓ/∂θ]``, which is 0 for a regular model (the fact behind the transformation rule)."""
    theta = _check_symbol("theta", theta)
    loglik = _check_expr("loglik", loglik, depends_on=theta)
    return sp.simplify(_expected(sp.diff(loglik, theta), expectations, "dloglik/dθ"))


def jeffreys_prior(loglik: sp.Expr, theta: sp.Symbol,
                   expectations: Mapping[sp.Symbol, sp.Expr] | None = None) -> sp.Expr:
    """The (unnormalized) Jeffreys prior ``π_J(θ) ∝ sqrt(I(θ))`` of a one-parameter model."""
    return sp.sqrt(fisher_information(loglik, theta, expectations))


def transform_fisher_information(info: sp.Expr, theta: sp.Symbol, inverse: sp.Expr,
                                 eta: sp.Symbol) -> sp.Expr:
    """The Fisher information in ``η`` from the one in ``θ``: ``I_η(η) = I_θ(θ(η)) · (dθ/dη)²``."""
    theta = _check_symbol("theta", theta)
    eta = _check_symbol("eta", eta)
    info = _check_expr("info", info)
    inverse = _check_expr("inverse", inverse, depends_on=eta)
    return info.subs(theta, inverse) * sp.diff(inverse, eta) ** 2


def fisher_information_chain_rule(eta: sp.Symbol) -> tuple[sp.Expr, sp.Expr, sp.Expr]:
    """The chain rule behind the transformation rule, for an arbitrary model and map.

    With ``ℓ`` an undefined function of θ and ``θ = h(η)`` an undefined map, returns
    ``(d²ℓ(h(η))/dη², ℓ''(h(η))·h'(η)², ℓ'(h(η))·h''(η))`` after proving that the first is the sum
    of the other two. Taking ``−E[·]``, the last term vanishes because the score ``ℓ'`` has mean
    zero, which leaves ``I_η = I_θ(h(η)) · h'(η)²``.
    """
    eta = _check_symbol("eta", eta)
    h = sp.Function("h")(eta)
    ell = sp.Function("ell")
    t = sp.Dummy("theta")
    second = sp.diff(ell(h), eta, 2)
    curvature = sp.Subs(sp.diff(ell(t), t, 2), t, h) * sp.diff(h, eta) ** 2
    score = sp.Subs(sp.diff(ell(t), t), t, h) * sp.diff(h, eta, 2)
    if sp.simplify((second - curvature - score).doit()) != 0:  # pragma: no cover - a SymPy regression
        raise AssertionError("chain rule for the second derivative failed")
    return second, curvature, score


# --------------------------------------------------------------------------- modes and medians
def mapped_mode_slope(eta: sp.Symbol) -> tuple[sp.Expr, sp.Expr]:
    """Why no prior makes the (Lebesgue) mode invariant under every reparameterization.

    For any density ``f`` on θ and any increasing map ``θ = h(η)``, ``f_η = f(h(η)) h'(η)`` and
    ``d log f_η/dη = f'(h)/f(h) · h' + h''/h'``. Returns ``(that slope, the slope where f' = 0)``;
    the second is ``h''/h'``, so the image ``η* = h⁻¹(θ*)`` of a mode ``θ*`` of ``f`` is a stationary
    point of ``f_η`` only when ``h''(η*) = 0``. Any map with curvature at the mode moves it,
    whatever the prior that produced ``f``.
    """
    eta = _check_symbol("eta", eta)
    h = sp.Function("h")(eta)
    f = sp.Function("f")
    slope = sp.diff(sp.log(f(h) * sp.diff(h, eta)), eta)
    at_mode = sp.simplify(slope.subs(sp.Derivative(f(h), h), 0))
    return slope, at_mode


def mode(density: sp.Expr, var: sp.Symbol, domain: object) -> sp.Expr:
    """The mode of ``density`` on the open interval ``domain``, by solving ``d log f / d var = 0``.

    Returns the unique interior stationary point (checked to be a maximum when it is numeric).
    With no interior stationary point and a numeric density, the density is monotone and the mode
    is the endpoint it increases towards (possibly ``±oo``: then the supremum is not attained).
    Raises ``ValueError`` when the stationary points cannot be narrowed to one.
    """
    var = _check_symbol("var", var)
    density = _check_expr("density", density, depends_on=var)
    dom = _check_domain("domain", domain)
    dlog = sp.diff(sp.expand_log(sp.log(density), force=True), var)
    numerator, denominator = sp.together(dlog).as_numer_denom()  # solving the numerator is much faster
    candidates = []
    for s in sp.solve(numerator, var):
        if s.is_real is False or dom.contains(s) is sp.false:
            continue
        if s.is_number and (sp.N(denominator.subs(var, s)) == 0 or abs(sp.N(dlog.subs(var, s))) > 1e-9):
            continue  # a zero of the numerator that is not a zero of d log f
        candidates.append(sp.simplify(s))
    if len(candidates) == 1:
        s = candidates[0]
        if s.is_number:
            curvature = sp.diff(dlog, var).subs(var, s)
            if sp.N(curvature) >= 0:
                raise ValueError(f"the stationary point {var} = {s} of the density is not a maximum")
        return s
    if not candidates and not (density.free_symbols - {var}):
        grid = _interior_samples(dom, 21)
        slopes = _on_grid(_numeric_function(dlog, var, "d log density"), grid)
        if np.all(slopes > 0):
            return dom.end
        if np.all(slopes < 0):
            return dom.start
    raise ValueError(f"could not single out the mode of {density} on {dom}: stationary points {candidates}")


def numeric_mode(density: sp.Expr, var: sp.Symbol, bounds: tuple[float, float]) -> float:
    """The maximizer of ``density`` on the finite interval ``bounds`` (``scipy.optimize`` on ``-log f``)."""
    var = _check_symbol("var", var)
    density = _check_expr("density", density, depends_on=var)
    dom = _check_domain("bounds", bounds)
    if not (dom.start.is_finite and dom.end.is_finite):
        raise ValueError(f"bounds must be finite for a numeric search, got ({dom.start}, {dom.end})")
    logf = _numeric_function(sp.expand_log(sp.log(density), force=True), var, "log density")
    res = optimize.minimize_scalar(lambda x: -logf(x), bounds=(float(dom.start), float(dom.end)),
                                   method="bounded", options={"xatol": 1e-12})
    return float(res.x)


def numeric_median(density: sp.Expr, var: sp.Symbol, domain: object) -> float:
    """The median ``m`` of the (possibly unnormalized) ``density``: ``∫_low^m f = ½ ∫ f``.

    The CDF is integrated outwards from the highest grid point of the density, and the root is
    bracketed by doubling steps from there (clamped to finite endpoints), then found by ``brentq``.
    """
    var = _check_symbol("var", var)
    density = _check_expr("density", density, depends_on=var)
    dom = _check_domain("domain", domain)
    f = _numeric_function(density, var, "density")
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


def mode_mapped_back(density: sp.Expr, theta: sp.Symbol, inverse: sp.Expr, eta: sp.Symbol,
                     eta_domain: object, theta_domain: object | None = None) -> MappedMode:
    """Express ``density`` (on θ) in ``η`` by :func:`change_of_variables`, find its mode there, map it back.

    Returns ``MappedMode(f_η, η*, θ(η*))``. Comparing ``θ(η*)`` with ``mode(density, theta, ...)``
    shows whether the mode is invariant under the reparameterization (it generally is not).
    """
    f_eta = change_of_variables(density, theta, inverse, eta, eta_domain, theta_domain)
    m = mode(f_eta, eta, eta_domain)
    back = sp.limit(inverse, eta, m) if m in (sp.oo, -sp.oo) else inverse.subs(eta, m)
    return MappedMode(f_eta, m, sp.simplify(back))


def jeffreys_measure_mode(density: sp.Expr, var: sp.Symbol, info: sp.Expr, domain: object) -> sp.Expr:
    """Druilhet–Marin MAP: the mode of ``density`` with respect to the Jeffreys measure ``sqrt(I) d var``.

    That is the maximizer of ``density / sqrt(info)``. Because ``density`` and ``sqrt(info)`` pick
    up the same Jacobian under a reparameterization, their ratio is a scalar function of the point
    and its maximizer is invariant. Under the Jeffreys prior the ratio is the likelihood, so this
    mode is the MLE.
    """
    info = _check_expr("info", info)
    return mode(density / sp.sqrt(info), var, domain)


# --------------------------------------------------------------------------- figure
_ETA_MODE_STYLE = {"color": "#ff7f0e", "linestyle": "--", "linewidth": 2}


def plot_modes_in_two_coordinates(density_p: sp.Expr, p: sp.Symbol, density_eta: sp.Expr, eta: sp.Symbol, *,
                                  mode_p: float, mode_eta: float, p_grid: object, eta_grid: object,
                                  medians: tuple[float, float] | None = None, name: str = "posterior"):
    """Draw one distribution as a density in ``p ∈ (0, 1)`` (left) and in ``η = logit p`` (right).

    Both densities are normalized numerically (:func:`numeric_mass`). Each panel marks both modes,
    with one style per estimate: the mode in p (``mode_p``) as a solid red MAP line, at ``logit(mode_p)``
    in the η panel; the mode in η (``mode_eta``) as a dashed orange line, at ``σ(mode_eta)`` in the p
    panel. ``medians = (median in p, median in η)`` adds the posterior median to each panel. Where the
    lines of one estimate do not coincide with its partner's, the mode depends on the coordinates.
    Returns ``(fig, (ax_p, ax_eta))``; the caller ends the cell with ``plt.show()``.
    """
    from .plotting import mark_estimate, new_figure
    from .validation import check_real, check_vector

    p, eta = _check_symbol("p", p), _check_symbol("eta", eta)
    density_p = _check_expr("density_p", density_p, depends_on=p)
    density_eta = _check_expr("density_eta", density_eta, depends_on=eta)
    mode_p = check_real("mode_p", mode_p, low=0.0, high=1.0, low_open=True, high_open=True)
    mode_eta = check_real("mode_eta", mode_eta)
    p_grid = check_vector("p_grid", p_grid)
    eta_grid = check_vector("eta_grid", eta_grid)
    if np.any((p_grid <= 0) | (p_grid >= 1)):
        raise ValueError("p_grid must lie strictly inside (0, 1)")
    if medians is not None:
        if not isinstance(medians, tuple | list) or len(medians) != 2:
            raise TypeError(f"medians must be a pair (median in p, median in eta), got {medians!r}")
        median_p = check_real("medians[0]", medians[0], low=0.0, high=1.0, low_open=True, high_open=True)
        median_eta = check_real("medians[1]", medians[1])

    f_p = _numeric_function(density_p, p, "density_p")
    f_eta = _numeric_function(density_eta, eta, "density_eta")
    mass_p, mass_eta = numeric_mass(density_p, p, (0, 1)), numeric_mass(density_eta, eta, (-sp.oo, sp.oo))
    back = 1.0 / (1.0 + np.exp(-mode_eta))
    logit_mode_p = float(np.log(mode_p / (1.0 - mode_p)))

    fig, axes = new_figure(2, width=10, height=4)
    ax_p, ax_eta = axes[0]
    ax_p.plot(p_grid, _on_grid(f_p, p_grid) / mass_p, color="black", label=f"{name} of $p$")
    mark_estimate(ax_p, mode_p, "MAP", label=f"mode in $p$ = {mode_p:.3f}")
    ax_p.axvline(back, label=rf"mode in $\eta$, mapped back = {back:.3f}", **_ETA_MODE_STYLE)
    ax_eta.plot(eta_grid, _on_grid(f_eta, eta_grid) / mass_eta, color="black", label=rf"{name} of $\eta$")
    ax_eta.axvline(mode_eta, label=rf"mode in $\eta$ = {mode_eta:.3f}", **_ETA_MODE_STYLE)
    mark_estimate(ax_eta, logit_mode_p, "MAP", label=f"logit(mode in $p$) = {logit_mode_p:.3f}")
    if medians is not None:
        mark_estimate(ax_p, median_p, "posterior median", label=f"median = {median_p:.3f}")
        mark_estimate(ax_eta, median_eta, "posterior median", label=f"median = {median_eta:.3f}")
    ax_p.set(xlabel="probability of heads $p$", ylabel="density in $p$", title="in $p$")
    ax_eta.set(xlabel=r"log-odds $\eta = \mathrm{logit}\, p$", ylabel=r"density in $\eta$",
               title=r"the same distribution in $\eta$")
    ax_p.legend(loc="upper left", fontsize=9)
    ax_eta.legend(loc="upper right", fontsize=9)
    return fig, (ax_p, ax_eta)
