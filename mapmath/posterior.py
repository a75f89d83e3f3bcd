"""The log posterior, its mode, and MAP as penalized maximum likelihood.

For data :math:`\\mathcal D`, likelihood :math:`p(\\mathcal D \\mid θ)` and prior :math:`π(θ)`, Bayes' rule
gives, up to the evidence :math:`\\log p(\\mathcal D)` (a constant in θ),

.. math:: \\log p(θ \\mid \\mathcal D) = \\log p(\\mathcal D \\mid θ) + \\log π(θ) + \\text{const},

and the MAP estimator is its mode, :math:`\\hat θ_{\\mathrm{MAP}} = \\argmax_θ \\log p(θ \\mid \\mathcal D)`.
With the penalty :math:`R(θ) = -\\log π(θ) + \\text{const}` (:func:`mapmath.priors.penalty`),
the same objective reads "log likelihood minus penalty" (:func:`penalized_mle_identity`).

The mode may not exist (the log density is unbounded at two ends, or its supremum is only
approached at infinity), may not be unique (two equal peaks, or a flat density), and may sit on
the boundary of the parameter domain. :func:`find_modes` reports which case holds;
:func:`symbolic_mode` returns the mode or raises ``ValueError`` saying why there is none;
:func:`numeric_mode` is a bounded numeric maximizer that also finds boundary modes.

:func:`epsilon_ball_bayes_action` is the Bayes action for the ε-ball loss
:math:`L_ε(θ, d) = \\mathbf 1\\{|θ - d| > ε\\}`; as ε → 0 it tends to the mode, which is the sense
in which the MAP minimizes the Bayes risk under 0-1 loss (Berger 1985, §4.4; Robert 2007, §4.2).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import sympy as sp
from scipy import optimize

from .priors import penalty as _penalty
from .validation import check_count, check_real

__all__ = [
    "ModeSearch",
    "PenalizedMLE",
    "epsilon_ball_bayes_action",
    "epsilon_ball_bias",
    "find_modes",
    "log_posterior",
    "numeric_mode",
    "penalized_mle_identity",
    "stationary_points",
    "symbolic_mode",
]


# --------------------------------------------------------------------------- argument checks
def _check_symbol(name: str, value: object) -> sp.Symbol:
    if not isinstance(value, sp.Symbol):
        raise TypeError(f"{name} must be a sympy Symbol (the parameter), got {type(value).__name__} {value!r}")
    return value


def _check_expr(name: str, value: object) -> sp.Expr:
    if isinstance(value, bool | str) or value is None:  # a string is never parsed here (no eval)
        raise TypeError(f"{name} must be a SymPy expression or a number, got {type(value).__name__} {value!r}")
    try:
        expr = sp.sympify(value, strict=True)
    except (sp.SympifyError, TypeError) as exc:
        raise TypeError(f"{name} must be a SymPy expression or a number, got {type(value).__name__} {value!r}") from exc
    if not isinstance(expr, sp.Expr):
        raise TypeError(f"{name} must be a SymPy expression, got {type(expr).__name__} {expr!r}")
    return expr


def _check_domain(name: str, value: object) -> sp.Interval:
    if not isinstance(value, sp.Interval):
        raise TypeError(f"{name} must be a sympy Interval such as sp.Interval(0, 1), got {type(value).__name__}")
    if value.measure == 0:
        raise ValueError(f"{name} must be an interval of positive length, got {value}")
    return value


# --------------------------------------------------------------------------- the log posterior
def log_posterior(log_likelihood: sp.Expr, prior: sp.Expr, theta: sp.Symbol) -> sp.Expr:
    """The unnormalized log posterior ``log p(D | θ) + log π(θ)`` (the evidence is dropped).

    ``prior`` is a density (e.g. from :mod:`mapmath.priors`); its log is expanded so that a
    product of factors becomes a sum of logs. The result differs from ``log p(θ | D)`` by
    ``-log p(D)``, a constant in θ, so it has the same maximizers.
    """
    theta = _check_symbol("theta", theta)
    ll = _check_expr("log_likelihood", log_likelihood)
    pi = _check_expr("prior", prior)
    return ll + sp.expand_log(sp.log(pi), force=True)


@dataclass(frozen=True)
class PenalizedMLE:
    """The pieces of ``log posterior = log likelihood - penalty + constant``.

    ``derivative_of_constant`` is ``d/dθ (log posterior - log likelihood + penalty)`` after
    simplification; it is ``0``, which proves that ``constant`` does not depend on θ and hence
    that the MAP is the penalized MLE ``argmin_θ [-log p(D | θ) + R(θ)]``.
    """

    log_posterior: sp.Expr
    log_likelihood: sp.Expr
    log_prior: sp.Expr
    penalty: sp.Expr
    constant: sp.Expr
    derivative_of_constant: sp.Expr

    @property
    def objective(self) -> sp.Expr:
        """The penalized negative log likelihood ``-log p(D | θ) + R(θ)`` that the MAP minimizes."""
        return -self.log_likelihood + self.penalty


def penalized_mle_identity(log_likelihood: sp.Expr, prior: sp.Expr, theta: sp.Symbol) -> PenalizedMLE:
    """Split the log posterior into log likelihood, penalty and a θ-free constant, and prove it.

    ``R(θ) = -log π(θ)`` without its θ-free terms (:func:`mapmath.priors.penalty`); the constant
    is ``log posterior - (log likelihood - R)`` and its θ-derivative simplifies to zero.
    Raises ``AssertionError`` if SymPy cannot show that the constant is free of θ.
    """
    theta = _check_symbol("theta", theta)
    ll = _check_expr("log_likelihood", log_likelihood)
    pi = _check_expr("prior", prior)
    log_prior = sp.expand(sp.expand_log(sp.log(pi), force=True))
    post = ll + log_prior
    pen = _penalty(pi, theta)
    constant = sp.simplify(post - (ll - pen))
    derivative = sp.simplify(sp.diff(constant, theta))
    if derivative != 0 or constant.has(theta):
        raise AssertionError(f"log posterior - (log likelihood - penalty) depends on {theta}: {constant}")
    return PenalizedMLE(post, ll, log_prior, pen, constant, derivative)


# --------------------------------------------------------------------------- symbolic modes
def stationary_points(log_density: sp.Expr, theta: sp.Symbol, domain: sp.Interval | None = None) -> list[sp.Expr]:
    """Solutions of ``d/dθ log_density = 0``, keeping those that may lie in ``domain``.

    Works with symbolic parameters (a point is dropped only when SymPy can decide it lies
    outside ``domain`` or is not real). Raises ``ValueError`` if the derivative vanishes
    identically (every point is stationary) or SymPy cannot solve the equation.
    """
    theta = _check_symbol("theta", theta)
    f = _check_expr("log_density", log_density)
    if domain is not None:
        domain = _check_domain("domain", domain)
    d = sp.simplify(sp.diff(f, theta))
    if d == 0:
        raise ValueError("log_density is constant in theta: every point is stationary, there is no unique mode")
    try:
        sols = sp.solve(sp.Eq(d, 0), theta, dict=False)
    except NotImplementedError as exc:
        raise ValueError(f"SymPy cannot solve d/d{theta} log_density = 0; use numeric_mode ({exc})") from exc
    out = []
    for s in sols:
        if s.is_real is False:
            continue
        if domain is not None and domain.contains(s) == sp.false:
            continue
        out.append(sp.simplify(s))
    return out


@dataclass(frozen=True)
class ModeSearch:
    """Where the maximum of a concrete log density on an interval is, and whether it is unique.

    ``status`` is ``"unique"``, ``"not unique"`` or ``"does not exist"``; ``modes`` holds the
    global maximizers found (two or more when not unique); ``kind`` is ``"interior"`` or
    ``"boundary"`` for a unique mode. ``critical_points`` maps every stationary point in the
    domain to the second derivative there (negative at a strict local maximum);
    ``endpoint_values`` maps each endpoint to the one-sided limit of the log density.
    """

    status: str
    modes: tuple[sp.Expr, ...]
    kind: str | None
    max_value: sp.Expr | None
    critical_points: dict
    endpoint_values: dict
    reason: str

    @property
    def mode(self) -> sp.Expr:
        """The unique mode; ``ValueError`` with the reason when there is none."""
        if self.status != "unique":
            raise ValueError(f"no unique mode: {self.reason}")
        return self.modes[0]


def _n(x: sp.Expr) -> float:
    if x is sp.oo:
        return float("inf")
    if x in (-sp.oo, sp.zoo, sp.nan):
        return float("-inf")
    return float(sp.N(x, 30))


def find_modes(log_density: sp.Expr, theta: sp.Symbol, domain: sp.Interval) -> ModeSearch:
    """Find the global maximizers of a concrete log density over the closure of ``domain``.

    Candidates are the stationary points inside the domain (solved symbolically, each with its
    second derivative) and the endpoints (one-sided limits, possibly ``+oo``). The maximum over
    the closure of the domain is taken, so a supremum approached at a finite endpoint counts as a
    boundary mode (the convention of :func:`mapmath.beta_map`). The mode does not exist when the
    log density is unbounded at two endpoints or its supremum is approached only at ±∞; it is not
    unique when two candidates tie or the density is flat.
    """
    theta = _check_symbol("theta", theta)
    f = _check_expr("log_density", log_density)
    domain = _check_domain("domain", domain)
    extra = f.free_symbols - {theta}
    if extra:
        raise ValueError(f"log_density must depend on {theta} only, found parameters {sorted(map(str, extra))};"
                         " use stationary_points for symbolic parameters")
    if sp.simplify(sp.diff(f, theta)) == 0:
        return ModeSearch("not unique", (), None, None, {}, {}, "the density is flat: every point is a mode")
    crit = stationary_points(f, theta, domain)
    crit = [c for c in crit if c.is_real and domain.contains(c) == sp.true]
    f2 = sp.diff(f, theta, 2)
    critical = {c: sp.simplify(f2.subs(theta, c)) for c in crit}
    endpoints = {}
    for end, direction in ((domain.start, "+"), (domain.end, "-")):
        endpoints[end] = sp.limit(f, theta, end, direction)
    cands = [(c, sp.simplify(f.subs(theta, c))) for c in crit] + list(endpoints.items())
    values = [_n(v) for _, v in cands]
    best = max(values)
    if best == float("-inf"):
        return ModeSearch("does not exist", (), None, None, critical, endpoints, "the density is zero everywhere")
    winners = [c for (c, _), v in zip(cands, values, strict=True) if v == best or np.isclose(v, best, rtol=1e-12)]
    finite = [c for c in winners if c.is_finite]
    if best == float("inf") and len(winners) > 1:
        return ModeSearch("does not exist", (), None, sp.oo, critical, endpoints,
                          f"the density is unbounded at {len(winners)} ends of the domain "
                          f"({', '.join(map(str, winners))})")
    if not finite:
        return ModeSearch("does not exist", (), None, None, critical, endpoints,
                          "the supremum of the density is approached only at infinity")
    if len(finite) > 1:
        return ModeSearch("not unique", tuple(finite), None, cands[values.index(best)][1], critical, endpoints,
                          f"the maximum is attained at {len(finite)} points: {', '.join(map(str, finite))}")
    (m,) = finite
    kind = "boundary" if m in endpoints else "interior"
    max_value = sp.oo if best == float("inf") else dict(cands)[m]
    return ModeSearch("unique", (m,), kind, max_value, critical, endpoints, f"unique {kind} mode at {m}")


def symbolic_mode(log_density: sp.Expr, theta: sp.Symbol, domain: sp.Interval) -> sp.Expr:
    """The exact mode of a concrete log density on ``domain`` (see :func:`find_modes`).

    Raises ``ValueError`` saying why when the mode does not exist or is not unique.
    An interior mode satisfies the first- and second-order conditions ``f'(θ̂) = 0``,
    ``f''(θ̂) <= 0``; a ``ValueError`` is raised if the second-order condition fails.
    """
    search = find_modes(log_density, theta, domain)
    m = search.mode
    if search.kind == "interior" and _n(search.critical_points[m]) > 0:  # pragma: no cover - impossible for a max
        raise ValueError(f"second-order condition fails at {m}")
    return m


# --------------------------------------------------------------------------- numeric mode
def numeric_mode(logpdf: Callable[[float], float], low: float, high: float, *,
                 grid_size: int = 2001, xatol: float = 1e-12) -> float:
    """Maximize a 1-D log density on ``[low, high]``: a grid search, then a bounded refinement.

    The function is evaluated on ``grid_size`` equally spaced points including both endpoints
    (``nan`` counts as ``-inf``, ``+inf`` at an endpoint is a boundary mode). If the best grid
    point is an endpoint, that endpoint is returned unless a bounded refinement next to it finds a
    higher value; otherwise ``scipy.optimize.minimize_scalar(method="bounded")`` refines inside the
    two neighbouring grid cells. Peaks narrower than the grid spacing can be missed.
    """
    lo = check_real("low", low)
    hi = check_real("high", high)
    if not lo < hi:
        raise ValueError(f"low must be < high, got low={low!r}, high={high!r}")
    n = check_count("grid_size", grid_size)
    if n < 3:
        raise ValueError(f"grid_size must be an integer count >= 3, got {grid_size}")
    check_real("xatol", xatol, low=0.0, low_open=True)
    if not callable(logpdf):
        raise TypeError(f"logpdf must be callable, got {type(logpdf).__name__}")

    def f(x: float) -> float:
        with np.errstate(all="ignore"):
            v = float(logpdf(x))
        return -np.inf if np.isnan(v) else v

    grid = np.linspace(lo, hi, n)
    vals = _on_grid(logpdf, grid, f)
    if np.all(vals == -np.inf):
        raise ValueError("logpdf is -inf (or nan) at every grid point of [low, high]: no mode found")
    i = int(np.argmax(vals))
    if vals[i] == np.inf:
        return float(grid[i])
    a, b = grid[max(i - 1, 0)], grid[min(i + 1, n - 1)]
    res = optimize.minimize_scalar(lambda x: -f(x), bounds=(a, b), method="bounded",
                                   options={"xatol": xatol})
    if res.success and -res.fun > vals[i]:
        return float(res.x)
    return float(grid[i])


def _on_grid(logpdf: Callable, grid: np.ndarray, scalar: Callable[[float], float]) -> np.ndarray:
    """Evaluate ``logpdf`` on ``grid`` in one vectorized call if it accepts arrays, else point by point."""
    try:
        with np.errstate(all="ignore"):
            vals = np.asarray(logpdf(grid), dtype=float)
    except Exception:  # a scalar-only callable: fall back to a loop
        vals = None
    if vals is None or vals.shape != grid.shape:
        return np.array([scalar(x) for x in grid])
    return np.where(np.isnan(vals), -np.inf, vals)


# --------------------------------------------------------------------------- 0-1 loss
def epsilon_ball_bayes_action(cdf: Callable[[float], float], epsilon: float, low: float, high: float, *,
                              grid_size: int = 4001) -> float:
    """The Bayes action under the ε-ball loss ``L_ε(θ, d) = 1{|θ - d| > ε}``.

    The posterior expected loss of action ``d`` is ``1 - P(|θ - d| <= ε) = 1 - [F(d+ε) - F(d-ε)]``,
    so the Bayes action is the centre ``d`` in ``[low, high]`` of the window of half-width ε with
    the most posterior mass. For a smooth unimodal density it tends to the mode as ε → 0 (with
    error ``O(ε²)``): the MAP is the limit of Bayes actions under 0-1 loss.
    """
    eps = check_real("epsilon", epsilon, low=0.0, low_open=True)
    lo = check_real("low", low)
    hi = check_real("high", high)
    if not lo < hi:
        raise ValueError(f"low must be < high, got low={low!r}, high={high!r}")
    if not callable(cdf):
        raise TypeError(f"cdf must be callable, got {type(cdf).__name__}")

    def log_mass(d):
        m = np.asarray(cdf(d + eps), dtype=float) - np.asarray(cdf(d - eps), dtype=float)
        with np.errstate(divide="ignore", invalid="ignore"):
            out = np.where(m > 0, np.log(np.where(m > 0, m, 1.0)), -np.inf)
        return out if out.ndim else float(out)

    return numeric_mode(log_mass, lo, hi, grid_size=grid_size)


def epsilon_ball_bias(density: sp.Expr, theta: sp.Symbol, mode: sp.Expr) -> sp.Expr:
    """The coefficient ``c`` in ``d_ε - θ̂ = c ε² + O(ε⁴)`` for the ε-ball Bayes action ``d_ε``.

    ``d_ε`` solves ``f(d + ε) = f(d - ε)``; Taylor expansion gives ``2ε f'(d) + ε³ f⁽³⁾(d)/3 + O(ε⁵) = 0``
    and, with ``f'(d) ≈ f''(θ̂)(d - θ̂)``, ``c = -f⁽³⁾(θ̂) / (6 f''(θ̂))`` at the interior mode ``θ̂``
    (``density`` may be unnormalized: the constant cancels).
    """
    theta = _check_symbol("theta", theta)
    f = _check_expr("density", density)
    m = _check_expr("mode", mode)
    f2 = sp.diff(f, theta, 2).subs(theta, m)
    if sp.simplify(f2) == 0:
        raise ValueError("mode must be a point where the density has nonzero curvature f''(mode) != 0")
    return sp.simplify(-sp.diff(f, theta, 3).subs(theta, m) / (6 * f2))
