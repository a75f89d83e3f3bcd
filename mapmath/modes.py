"""The mode: where a density is highest. Every other module finds modes through this one.

**Convention.** The functions here take a **log density** ``ℓ(θ) = log f(θ) + const``, which is
what a derivation produces (log likelihood + log prior) and what the calculus is done on:
``ℓ'(θ̂) = 0`` at an interior mode, ``ℓ''(θ̂) <= 0`` there. The one exception says so in its name:
:func:`density_mode` takes a density ``f`` and works on ``log f``. Numeric searches take a log
density as a Python callable, or as a SymPy expression together with its variable ``var``.

**Symbolic.** :func:`stationary_points` solves ``ℓ'(θ) = 0`` (symbolic parameters allowed).
:func:`find_modes` compares the stationary points with the one-sided limits at the ends of the
domain and reports which case holds: a unique mode (interior or on the boundary), several equal
maxima, a flat density, a supremum approached only at ±∞ (no mode), or, with symbolic parameters,
the unique stationary point (SymPy cannot compare it with the ends without numbers).

**The boundary rule** (stated here once; :func:`mapmath.beta.beta_mode_cases` follows it and a
test checks that the two agree): the maximum is taken over the *closure* of the domain, so a finite
end where the density reaches or approaches its supremum — even ``+∞`` — is a boundary mode. A
density unbounded at both finite ends (``Beta(A, B)`` with ``A, B < 1``) therefore has two boundary
modes: its mode is **not unique**, like a flat density or two equal peaks. The mode **does not
exist** only when the supremum is approached at ``±∞`` and nowhere else, or the density is zero.

:func:`symbolic_mode` returns the mode or raises ``ValueError`` saying why there is none.

**Numeric.** :func:`numeric_mode` evaluates ``ℓ`` on a grid over ``[low, high]`` and refines the
best grid point by bounded Brent minimization of ``-ℓ`` between its neighbours
(:func:`maximize_on_grid`, the one grid-plus-Brent search of the package); boundary modes and
``+∞`` at an endpoint are found. :func:`local_maxima` finds every local maximum the same way
(a multimodal posterior). A peak narrower than the grid spacing can be missed.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable
from dataclasses import dataclass

import mpmath
import numpy as np
import sympy as sp

from ._lazy import optimize
from .validation import (
    Checked,
    Count,
    Expr,
    Interval,
    IsCallable,
    Optional,
    Positive,
    Real,
    Symbol,
    Vector,
    check_count,
    check_expression,
    check_interval,
    check_real,
    check_symbol,
    validate_params,
)

__all__ = [
    "ModeSearch",
    "density_mode",
    "find_modes",
    "local_maxima",
    "maximize_on_grid",
    "numeric_function",
    "numeric_mode",
    "refine_maximum",
    "stationary_points",
    "symbolic_mode",
]


# --------------------------------------------------------------------------- stationary points
def _n(x: sp.Expr) -> float:
    """A number as a float (its real part: round-off of a real root written with complex radicals)."""
    if x is sp.oo:
        return float("inf")
    if x in (-sp.oo, sp.zoo, sp.nan):
        return float("-inf")
    return float(sp.re(sp.N(x, 30)))


def _numerically_real(x: sp.Expr) -> bool:
    if x.is_real is not None:
        return bool(x.is_real)
    v = sp.N(x, 30)
    return abs(sp.im(v)) <= 1e-20 * (1 + abs(sp.re(v)))


def _is_flat(f: sp.Expr, theta: sp.Symbol) -> bool:
    """``ℓ' ≡ 0``: the numerator of the derivative over a common denominator expands to zero."""
    d = sp.diff(f, theta)
    return d == 0 or sp.expand(sp.together(d).as_numer_denom()[0]) == 0


@validate_params(log_density=Expr(), theta=Symbol(), domain=Optional(Interval()))
def stationary_points(log_density: sp.Expr, theta: sp.Symbol, domain: object | None = None) -> list[sp.Expr]:
    """Solutions of ``d/dθ log_density = 0``, keeping those that may lie in ``domain``.

    The numerator of ``ℓ'`` (over a common denominator) is solved; a root is dropped when SymPy
    can decide that it is not real, lies outside ``domain`` (an interval or a pair ``(low, high)``;
    its closure is used), or, for a number, is a zero of the denominator rather than of ``ℓ'``.
    Works with symbolic parameters: an undecidable root is kept. Raises ``ValueError`` if the
    derivative vanishes identically (every point is stationary) or SymPy cannot solve the equation.
    """
    theta = check_symbol("theta", theta)
    f = check_expression("log_density", log_density)
    closure = check_interval("domain", domain).closure if domain is not None else None
    if _is_flat(f, theta):
        raise ValueError("log_density is constant in theta: every point is stationary, there is no unique mode")
    return _stationary_points(f, theta, closure)


def _stationary_points(f: sp.Expr, theta: sp.Symbol, closure: sp.Set | None) -> list[sp.Expr]:
    """:func:`stationary_points` of a checked ``f`` that is not flat in ``theta``."""
    d = sp.diff(f, theta)
    numerator, denominator = sp.together(d).as_numer_denom()  # solving the numerator is much faster
    try:
        solutions = sp.solve(numerator, theta)
    except NotImplementedError as exc:
        raise ValueError(f"SymPy cannot solve d/d{theta} log_density = 0; use numeric_mode ({exc})") from exc
    out = []
    for s in solutions:
        if s.is_number:  # decide numerically: a real root may be written with complex radicals
            if not _numerically_real(s) or (closure is not None and closure.contains(_n(s)) == sp.false):
                continue
            if sp.N(denominator.subs(theta, s)) == 0 or abs(sp.N(d.subs(theta, s))) > 1e-9:
                continue  # a zero of the numerator that is not a zero of the derivative
            if s.is_real is None:  # a real root written with complex radicals: take its real form
                s = sp.re(sp.expand_complex(s))
        elif s.is_real is False or (closure is not None and closure.contains(s) == sp.false):
            continue
        s = sp.simplify(s)
        if s not in out:
            out.append(s)
    return out


# --------------------------------------------------------------------------- the symbolic mode
@dataclass(frozen=True)
class ModeSearch:
    """Where the maximum of a log density on an interval is, and whether it is unique.

    ``status`` is ``"unique"``, ``"not unique"``, ``"does not exist"`` or ``"undecided"`` (symbolic
    parameters, SymPy cannot compare the candidates); ``modes`` holds the global maximizers found
    (two or more when not unique); ``kind`` is ``"interior"`` or ``"boundary"`` for a unique mode.
    ``critical_points`` maps every stationary point in the closed domain to ``ℓ''`` there
    (negative at a strict local maximum); ``endpoint_values`` maps each end of the domain to the
    one-sided limit of ``ℓ`` (empty with symbolic parameters). ``supremum_at`` lists the points,
    possibly ``±oo``, where the supremum is reached or approached.
    """

    status: str
    modes: tuple[sp.Expr, ...]
    kind: str | None
    max_value: sp.Expr | None
    critical_points: dict
    endpoint_values: dict
    reason: str
    supremum_at: tuple[sp.Expr, ...] = ()

    @property
    def mode(self) -> sp.Expr:
        """The unique mode; ``ValueError`` with the reason when there is none."""
        if self.status != "unique":
            raise ValueError(f"no unique mode: {self.reason}")
        return self.modes[0]




def _reported(value: sp.Expr, stationary: bool) -> sp.Expr:
    """ℓ at a candidate as :class:`ModeSearch` reports it: simplified at a stationary point, the
    one-sided limit as :func:`sympy.limit` gives it at an end."""
    return sp.simplify(value) if stationary else value


def _candidate_number(value: sp.Expr, stationary: bool) -> float:
    """:func:`_n` of ℓ at a candidate. Evaluating ``value`` as it is gives the number of its simplified
    form (the same real number, to 30 digits before rounding), without the cost of simplifying every
    candidate; only a value that does not evaluate to a number is simplified first."""
    try:
        return _n(value)
    except TypeError:
        return _n(_reported(value, stationary))


@functools.lru_cache(maxsize=1024)
def _limit(expr: sp.Expr, theta: sp.Symbol, end: sp.Expr, direction: str) -> sp.Expr:
    """``sympy.limit`` (a pure function of hashable SymPy objects), remembered: the same terms
    (``log θ``, ``log(1 - θ)``, ...) come back in every log density."""
    return sp.limit(expr, theta, end, direction)


def _end_limit(f: sp.Expr, theta: sp.Symbol, end: sp.Expr, direction: str) -> sp.Expr:
    """The one-sided limit of ``f`` (no free symbols but ``theta``) at an end of the domain.

    When ``f`` is a sum ``Σ cᵢ gᵢ(θ)`` (``cᵢ`` real numbers) whose terms have limits that add up to
    ``+oo`` or ``-oo`` (no ``oo - oo``), that is the limit of ``f``: each ``gᵢ``'s limit is
    remembered (:func:`_limit`), so the ends of ``a log θ + b log(1 - θ)`` cost a look-up. At an
    infinite end where the terms' limits give ``oo - oo``, the terms' linear rates may decide: if
    every ``gᵢ/θ`` has a finite limit ``rᵢ`` and ``R = Σ cᵢ rᵢ`` is not zero, ``f = θ (R + o(1))``
    tends to ``±oo`` with the sign of ``R θ`` (``7η - 7 log(1 + e^η) + 3 log(1 - σ(η))`` at ``+oo``:
    ``R = 7 - 7 - 3``). Any other case (a finite limit included, whose form :func:`sympy.limit`
    decides) is ``sympy.limit`` of ``f``.
    """
    total = _termwise_limit(f, theta, end, direction)
    if total in (sp.oo, -sp.oo):
        return total
    if total is not None and end in (sp.oo, -sp.oo):
        rate = _termwise_limit(f, theta, end, direction, over=theta)
        if rate is not None and rate.is_number and rate.is_finite and rate.is_extended_real and rate != 0:
            return sp.oo if (rate > 0) == (end == sp.oo) else -sp.oo
    return sp.limit(f, theta, end, direction)


def _termwise_limit(f: sp.Expr, theta: sp.Symbol, end: sp.Expr, direction: str,
                    over: sp.Expr = sp.S.One) -> sp.Expr | None:
    """``Σ cᵢ lim gᵢ/over`` for ``f = Σ cᵢ gᵢ(θ)`` with real numbers ``cᵢ`` (``None`` if ``f`` is not
    such a sum or a term's limit fails)."""
    terms = sp.Add.make_args(f)
    if len(terms) < 2:
        return None
    total = sp.Integer(0)
    for term in terms:
        coeff, rest = term.as_independent(theta, as_Add=False)
        if not (coeff.is_number and coeff.is_extended_real and coeff.is_finite):
            return None
        try:
            ratio = rest / over
            total += coeff * (ratio if ratio == 1 else _limit(ratio, theta, end, direction))
        except (NotImplementedError, ValueError, TypeError):  # left to the limit of the whole sum
            return None
    return total


@validate_params(log_density=Expr(), theta=Symbol(), domain=Interval())
def find_modes(log_density: sp.Expr, theta: sp.Symbol, domain: object) -> ModeSearch:
    """Find the global maximizers of a log density over the closure of ``domain``.

    Candidates are the stationary points in the domain (:func:`stationary_points`, each with its
    second derivative) and the ends of the domain (one-sided limits of ``ℓ``, possibly ``+oo``). The
    maximum over the closure is taken, so a supremum approached at a finite end counts as a
    boundary mode (the convention of :func:`mapmath.beta_map`); a stationary point on a closed end
    is that end, counted once. The mode does not exist when the supremum is approached only at ±∞
    (or the density is zero); it is not unique when two candidates tie, including two finite ends
    where the density is unbounded (the boundary rule of the module docstring), or the density is
    flat.

    With symbolic parameters (free symbols other than ``theta``) the ends cannot be compared
    without numbers: the mode is the stationary point when exactly one stationary point is left
    whose curvature SymPy cannot show to be positive (its membership and the sign of its curvature
    are taken as the symbols' assumptions make them); otherwise the status is ``"undecided"``.
    """
    theta = check_symbol("theta", theta)
    f = check_expression("log_density", log_density)
    domain = check_interval("domain", domain)
    found = _find_modes(f, theta, domain)
    # a copy of the remembered search, so that a caller changing its dictionaries changes only its own
    return dataclasses.replace(found, critical_points=dict(found.critical_points),
                               endpoint_values=dict(found.endpoint_values))


@functools.lru_cache(maxsize=256)
def _find_modes(f: sp.Expr, theta: sp.Symbol, domain: sp.Interval) -> ModeSearch:
    """:func:`find_modes` of checked arguments: a pure function of hashable SymPy objects, remembered
    (the same posterior comes back in several places of a chapter or a test run)."""
    if _is_flat(f, theta):
        return ModeSearch("not unique", (), None, None, {}, {}, "the density is flat: every point is a mode")
    crit = _stationary_points(f, theta, domain.closure)
    f2 = sp.diff(f, theta, 2)
    if f.free_symbols - {theta}:
        return _symbolic_parameters(crit, {c: sp.simplify(f2.subs(theta, c)) for c in crit})
    crit = [c for c in crit if _numerically_real(c) and domain.closure.contains(_n(c)) == sp.true]
    critical = {c: sp.simplify(f2.subs(theta, c)) for c in crit}
    endpoints = {end: _end_limit(f, theta, end, direction)
                 for end, direction in ((domain.start, "+"), (domain.end, "-"))}
    # ℓ at each candidate (stationary points, then the ends): compared as numbers, simplified only
    # where it is reported (the maximum)
    cands = [(c, f.subs(theta, c), True) for c in crit if c not in endpoints]
    cands += [(end, value, False) for end, value in endpoints.items()]
    values = [_candidate_number(v, stationary) for _, v, stationary in cands]
    best = max(values)
    if best == float("-inf"):
        return ModeSearch("does not exist", (), None, None, critical, endpoints, "the density is zero everywhere")
    winners = tuple(c for (c, _, _), v in zip(cands, values, strict=True)
                    if v == best or np.isclose(v, best, rtol=1e-12))
    finite = tuple(c for c in winners if c.is_finite)
    if best == float("inf") and len(winners) > 1:
        if len(finite) == len(winners):  # the boundary rule: each finite end with f -> +oo is a mode
            return ModeSearch("not unique", finite, None, sp.oo, critical, endpoints,
                              f"the density is unbounded at {len(finite)} ends of the domain "
                              f"({', '.join(map(str, finite))}): each is a boundary mode", winners)
        return ModeSearch("does not exist", (), None, sp.oo, critical, endpoints,
                          f"the density is unbounded at {len(winners)} ends of the domain "
                          f"({', '.join(map(str, winners))}), approached at ±oo", winners)
    if not finite:
        return ModeSearch("does not exist", (), None, None, critical, endpoints,
                          f"the supremum of the density is approached only at {', '.join(map(str, winners))}",
                          winners)
    if len(finite) > 1:
        return ModeSearch("not unique", finite, None, _reported(*cands[values.index(best)][1:]), critical, endpoints,
                          f"the maximum is attained at {len(finite)} points: {', '.join(map(str, finite))}",
                          winners)
    (m,) = finite
    kind = "boundary" if m in endpoints else "interior"
    max_value = sp.oo if best == float("inf") else next(_reported(v, st) for c, v, st in cands if c == m)
    return ModeSearch("unique", (m,), kind, max_value, critical, endpoints, f"unique {kind} mode at {m}", winners)


def _symbolic_parameters(crit: list[sp.Expr], critical: dict) -> ModeSearch:
    maxima = [c for c in crit if not critical[c].is_positive]
    if len(maxima) == 1:
        (m,) = maxima
        return ModeSearch("unique", (m,), "interior", None, critical, {},
                          f"the only stationary point that may be a maximum, {m} (with symbolic parameters "
                          "its membership in the domain and the sign of its curvature follow the symbols' "
                          "assumptions)", (m,))
    if not crit:
        why = "no stationary point in the domain; substitute numbers to compare the ends of the domain"
    elif not maxima:
        why = f"the curvature is positive at every stationary point {crit}: they are minima"
    else:
        why = f"several stationary points {maxima} may be maxima; substitute numbers to compare them"
    return ModeSearch("undecided", (), None, None, critical, {}, why)


@validate_params(log_density=Expr(), theta=Symbol(), domain=Interval())
def symbolic_mode(log_density: sp.Expr, theta: sp.Symbol, domain: object) -> sp.Expr:
    """The exact mode of ``exp(log_density)`` on ``domain`` (see :func:`find_modes`).

    Raises ``ValueError`` saying why when the mode does not exist, is not unique or cannot be
    decided. At an interior mode ``ℓ'(θ̂) = 0`` and ``ℓ''(θ̂) <= 0``.
    """
    return find_modes(log_density, theta, domain).mode


@validate_params(density=Expr(), theta=Symbol(), domain=Interval())
def density_mode(density: sp.Expr, theta: sp.Symbol, domain: object) -> sp.Expr:
    """The mode of a **density** ``f`` (not its log): :func:`symbolic_mode` of ``log f``.

    ``log f`` is expanded (``log(p^k (1-p)^m) = k log p + m log(1-p)``), which is valid because a
    density is positive where it is maximized. The expansion writes ``log sqrt(a^2)`` as
    ``log |a|``; an ``|a|`` whose ``a`` SymPy shows to be of one sign (on its factored form) loses
    its bars (:func:`_signed_abs_removed`): the same function, whose derivative and limits are much
    faster (``|σ(η)(1 - σ(η))|`` from the square root of a Fisher information, for instance).
    """
    theta = check_symbol("theta", theta)
    density = check_expression("density", density, depends_on=theta)
    return symbolic_mode(_signed_abs_removed(sp.expand_log(sp.log(density), force=True)), theta, domain)


def _signed_abs_removed(expr: sp.Expr) -> sp.Expr:
    """``expr`` with each ``|a|`` written as ``a`` (or ``-a``) where SymPy shows, on the factored form of
    ``a``, that ``a`` is positive (or negative) for all values of its symbols; other ``|a|`` are kept."""
    replacements = {}
    for bars in expr.atoms(sp.Abs):
        inside = bars.args[0]
        factored = sp.factor(sp.together(inside))
        if factored.is_positive:
            replacements[bars] = inside
        elif factored.is_negative:
            replacements[bars] = -inside
    return expr.xreplace(replacements) if replacements else expr


# --------------------------------------------------------------------------- numeric search
@validate_params(expr=Expr(), var=Symbol(), what=Checked("a label"))
def numeric_function(expr: sp.Expr, var: sp.Symbol, what: str = "expression") -> Callable[[float], float]:
    """A float function of one float from a SymPy expression in ``var``, evaluated with mpmath.

    Far tails (``exp(800)``) neither overflow nor warn; complex round-off of real expressions is
    dropped; a point where the expression is undefined gives ``nan``. ``ValueError`` if ``expr``
    has a free symbol other than ``var``.
    """
    var = check_symbol("var", var)
    expr = check_expression(what, expr)
    extra = expr.free_symbols - {var}
    if extra:
        raise ValueError(f"{what} must contain no symbol other than {var} for a numeric evaluation; "
                         f"substitute values for {sorted(s.name for s in extra)}")
    # ``together`` turns 1 - e^η/(1+e^η) into 1/(1+e^η): no cancellation in the far tails.
    f = sp.lambdify(var, sp.together(expr), modules="mpmath")

    def value(x: float) -> float:
        try:
            y = f(mpmath.mpf(float(x)))
        except (ValueError, ZeroDivisionError, TypeError):
            return float("nan")
        return float(mpmath.re(y)) if isinstance(y, mpmath.mpc) else float(y)

    return value


def _values(f: Callable, grid: np.ndarray) -> np.ndarray:
    """``f`` on ``grid`` (one vectorized call if ``f`` accepts arrays, else point by point); nan → -inf."""
    vals = None
    try:
        with np.errstate(all="ignore"):
            vals = np.asarray(f(grid), dtype=float)
    except Exception:  # a scalar-only callable: fall back to a loop
        vals = None
    if vals is None or vals.shape != grid.shape:
        vals = np.array([_scalar(f, x) for x in grid])
    return np.where(np.isnan(vals), -np.inf, vals)


def _scalar(f: Callable, x: float) -> float:
    try:
        with np.errstate(all="ignore"):
            v = float(f(x))
    except (ValueError, ZeroDivisionError, TypeError, OverflowError):
        return -np.inf
    return -np.inf if np.isnan(v) else v


@validate_params(f=IsCallable(), low=Real(), high=Real(), xatol=Positive())
def refine_maximum(f: Callable[[float], float], low: float, high: float, *,
                   xatol: float = 1e-12) -> tuple[float, float]:
    """``(x, f(x))``: bounded Brent maximization of ``f`` on ``[low, high]`` (``scipy.optimize.minimize_scalar``)."""
    if not low < high:
        raise ValueError(f"low must be < high, got low={low!r}, high={high!r}")
    res = optimize.minimize_scalar(lambda x: -_scalar(f, x), bounds=(low, high), method="bounded",
                                   options={"xatol": xatol})
    return float(res.x), (-float(res.fun) if res.success else -np.inf)


@validate_params(f=IsCallable(), grid=Vector(min_length=3), xatol=Positive())
def maximize_on_grid(f: Callable[[float], float], grid: np.ndarray, *, xatol: float = 1e-12) -> float:
    """The maximizer of ``f``: the best point of ``grid``, refined between its two neighbours.

    ``nan`` counts as ``-inf``; ``+inf`` at a grid point is returned as is (an unbounded density at
    an end of the domain is a boundary mode). The refinement (:func:`refine_maximum`) is kept only
    when it finds a higher value than the best grid point, so an endpoint maximum stays exact.
    """
    grid = np.asarray(grid, dtype=float)
    vals = _values(f, grid)
    if np.all(vals == -np.inf):
        raise ValueError("the function is -inf (or nan) at every grid point: no maximum found")
    i = int(np.argmax(vals))
    if vals[i] == np.inf:
        return float(grid[i])
    x, v = refine_maximum(f, grid[max(i - 1, 0)], grid[min(i + 1, grid.size - 1)], xatol=xatol)
    return x if v > vals[i] else float(grid[i])


def _check_search(low: object, high: object, grid_size: object, xatol: object) -> tuple[float, float, int]:
    lo = check_real("low", low)
    hi = check_real("high", high)
    if not lo < hi:
        raise ValueError(f"low must be < high, got low={low!r}, high={high!r}")
    n = check_count("grid_size", grid_size)
    if n < 3:
        raise ValueError(f"grid_size must be an integer count >= 3, got {grid_size}")
    check_real("xatol", xatol, low=0.0, low_open=True)
    return lo, hi, n


def _log_density_function(log_density: object, var: object) -> Callable:
    if var is not None:
        var = check_symbol("var", var)
        expr = check_expression("log_density", log_density)
        return numeric_function(sp.expand_log(expr, force=True), var, "log_density")
    if not callable(log_density):
        raise TypeError(f"log_density must be callable, or a SymPy expression with var= its variable, "
                        f"got {type(log_density).__name__}")
    return log_density


@validate_params(
    log_density=Checked("a callable of one float or a SymPy expression"),
    low=Real(),
    high=Real(),
    var=Optional(Symbol()),
    grid_size=Count(minimum=3, maximum=10**7),
    xatol=Positive(),
)
def numeric_mode(log_density: Callable[[float], float] | sp.Expr, low: float, high: float, *,
                 var: sp.Symbol | None = None, grid_size: int = 2001, xatol: float = 1e-12) -> float:
    """Maximize a 1-D log density on ``[low, high]``: a grid search, then a bounded refinement.

    ``log_density`` is a callable of one float (it may also accept an array), or a SymPy expression
    in ``var`` (evaluated with mpmath, so far tails do not overflow). It is evaluated on
    ``grid_size`` equally spaced points including both ends (:func:`maximize_on_grid`): ``nan``
    counts as ``-inf``, ``+inf`` at an end is a boundary mode, and a best point at an end is
    returned exactly unless the refinement next to it finds a higher value.
    """
    lo, hi, n = _check_search(low, high, grid_size, xatol)
    f = _log_density_function(log_density, var)
    try:
        return maximize_on_grid(f, np.linspace(lo, hi, n), xatol=xatol)
    except ValueError:
        raise ValueError("log_density is -inf (or nan) at every grid point of [low, high]: no mode found") from None


@validate_params(
    f=IsCallable(),
    low=Real(),
    high=Real(),
    grid_size=Count(minimum=3, maximum=10**7),
    xatol=Positive(),
)
def local_maxima(f: Callable[[float], float], low: float, high: float, *, grid_size: int = 2001,
                 xatol: float = 1e-12) -> np.ndarray:
    """Every local maximum of ``f`` on ``[low, high]``, sorted by decreasing value of ``f``.

    Grid points higher than the left neighbour and at least as high as the right one (plateaus
    count once), and ends higher than their single neighbour, are each refined by
    :func:`refine_maximum` within two grid cells. ``f`` may be a density or a log density (the
    maximizers are the same).
    """
    lo, hi, n = _check_search(low, high, grid_size, xatol)
    if not callable(f):
        raise TypeError(f"f must be callable, got {type(f).__name__}")
    grid = np.linspace(lo, hi, n)
    v = _values(f, grid)
    h = grid[1] - grid[0]
    found = []
    for i in range(1, n - 1):
        if v[i] > v[i - 1] and v[i] >= v[i + 1]:
            found.append(refine_maximum(f, max(lo, grid[i] - 2 * h), min(hi, grid[i] + 2 * h), xatol=xatol))
    for i, j in ((0, 1), (n - 1, n - 2)):
        if v[i] > v[j]:
            found.append((float(grid[i]), float(v[i])))
    found.sort(key=lambda xv: -xv[1])
    return np.array([x for x, _ in found])
