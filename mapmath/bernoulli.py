"""The Beta–Bernoulli model: k successes in n Bernoulli(p) trials under a Beta(a, b) prior.

* likelihood ``p^k (1-p)^(n-k)``, log-likelihood ``k log p + (n-k) log(1-p)``;
* posterior ``Beta(A, B)`` with ``A = k + a``, ``B = n - k + b`` (conjugacy);
* MAP (posterior mode) ``(k + a - 1) / (n + a + b - 2)`` when ``A > 1`` and ``B > 1``, otherwise on
  the boundary or nonexistent (:func:`mapmath.beta.beta_mode` lists every case);
* MLE ``k / n``; posterior mean ``(k + a) / (n + a + b)``;
* the MAP is the weighted average ``w · k/n + (1 - w) · (a-1)/(a+b-2)`` with ``w = n / (n + a + b - 2)``:
  the prior counts as ``a + b - 2`` pseudo-observations for the MAP, and as ``a + b`` for the
  posterior mean (Gelman et al. 2013, §2.4; Murphy 2022, §4.6.2).
"""

from __future__ import annotations

import numbers
from dataclasses import dataclass
from fractions import Fraction

import numpy as np
import sympy as sp

from ._lazy import stats
from .beta import beta_mean, beta_mode_cases, p_sym
from .modes import stationary_points
from .validation import Checked, Count, OneOf, Positive, Symbol, check_count, check_positive, validate_params

__all__ = [
    "BetaBernoulliDerivation",
    "BoundaryCase",
    "bernoulli_log_likelihood",
    "beta_map",
    "beta_map_exact",
    "beta_mle",
    "beta_posterior_mean",
    "beta_posterior_parameters",
    "boundary_case_table",
    "derive_beta_map",
    "effective_sample_size",
    "map_as_weighted_average",
    "mean_as_weighted_average",
]

k_sym, n_sym, a_sym, b_sym = sp.symbols("k n a b", positive=True)
"""Successes, trials and the prior's parameters as SymPy symbols (``p_sym`` is :data:`mapmath.beta.p_sym`)."""


# --------------------------------------------------------------------------- validation
def _counts(k: object, n: object) -> tuple[int, int]:
    n_ = check_count("n", n)
    k_ = check_count("k", k, maximum=n_, maximum_name="n")
    return k_, n_


def _exact_positive(name: str, value: object) -> sp.Rational:
    """An exact rational > 0: int, ``fractions.Fraction`` or SymPy Rational (floats are rejected)."""
    if isinstance(value, bool):
        raise TypeError(f"{name} must be an exact rational number > 0 (int, Fraction or sympy Rational), got bool")
    if isinstance(value, sp.Rational):
        r = value
    elif isinstance(value, numbers.Integral | Fraction):
        r = sp.Rational(Fraction(value))
    else:
        raise TypeError(f"{name} must be an exact rational number > 0 (int, Fraction or sympy Rational), "
                        f"got {type(value).__name__} {value!r}; use beta_map for floats")
    if r <= 0:
        raise ValueError(f"{name} must be an exact rational number > 0, got {value!r}")
    return r


# --------------------------------------------------------------------------- the model
@validate_params(
    k=Checked("a SymPy expression or an integer count"),
    n=Checked("a SymPy expression or an integer count"),
    p=Symbol(),
)
def bernoulli_log_likelihood(k: sp.Expr | int = k_sym, n: sp.Expr | int = n_sym, p: sp.Symbol = p_sym) -> sp.Expr:
    """``log p(D | p) = k log p + (n - k) log(1 - p)`` for k successes in n trials (SymPy).

    ``k`` and ``n`` may be symbols (the default) or counts with ``0 <= k <= n``.
    """
    if not isinstance(p, sp.Symbol):
        raise TypeError(f"p must be a sympy Symbol, got {type(p).__name__}")
    if not isinstance(k, sp.Basic) or not isinstance(n, sp.Basic):
        k, n = _counts(k, n)
    return k * sp.log(p) + (n - k) * sp.log(1 - p)


@validate_params(k=Count(maximum="n"), n=Count(exact_float=True), a=Positive(), b=Positive())
def beta_posterior_parameters(k: int, n: int, a: float, b: float) -> tuple[float, float]:
    """The posterior ``Beta(A, B)`` of p: ``A = k + a``, ``B = n - k + b`` (floats)."""
    k_, n_ = _counts(k, n)
    a_ = check_positive("a", a)
    b_ = check_positive("b", b)
    return k_ + a_, n_ - k_ + b_


@validate_params(k=Count(maximum="n"), n=Count(exact_float=True), a=Positive(), b=Positive())
def beta_map(k: int, n: int, a: float, b: float) -> float:
    """The exact posterior mode (MAP) of p after k successes in n trials under a Beta(a, b) prior.

    With ``A = k + a`` and ``B = n - k + b``: ``(k + a - 1)/(n + a + b - 2)`` when ``A > 1`` and
    ``B > 1``; ``0`` when ``A <= 1 <= B``; ``1`` when ``B <= 1 <= A`` (boundary modes, the density
    may be unbounded there); ``ValueError`` when ``A = B = 1`` (flat posterior, no unique mode) or
    ``A < 1`` and ``B < 1`` (U-shaped posterior, unbounded at both ends: two boundary modes, no
    unique mode). Always returns a float; use :func:`beta_map_exact` for a SymPy Rational. ``k``,
    ``n`` are integer counts with ``0 <= k <= n`` (floats such as ``3.0`` and bools are rejected);
    ``a, b > 0`` finite.
    """
    k_, n_ = _counts(k, n)
    a_ = check_positive("a", a)
    b_ = check_positive("b", b)
    try:
        return float(beta_mode_cases(k_ + a_, n_ - k_ + b_, "k+a", "n-k+b"))
    except ValueError as exc:
        raise ValueError(f"beta_map(k={k_}, n={n_}, a={a!r}, b={b!r}): {exc}") from None


@validate_params(
    k=Count(maximum="n"),
    n=Count(),
    a=Checked("an exact rational > 0"),
    b=Checked("an exact rational > 0"),
)
def beta_map_exact(k: int, n: int, a: int | Fraction | sp.Rational, b: int | Fraction | sp.Rational) -> sp.Rational:
    """:func:`beta_map` in exact arithmetic: ``a`` and ``b`` are ints, Fractions or SymPy Rationals."""
    k_, n_ = _counts(k, n)
    a_ = _exact_positive("a", a)
    b_ = _exact_positive("b", b)
    try:
        return sp.Rational(beta_mode_cases(k_ + a_, n_ - k_ + b_, "k+a", "n-k+b"))
    except ValueError as exc:
        raise ValueError(f"beta_map_exact(k={k_}, n={n_}, a={a}, b={b}): {exc}") from None


@validate_params(k=Count(maximum="n"), n=Count(minimum=1))
def beta_mle(k: int, n: int) -> float:
    """The MLE ``k / n`` (``ValueError`` for ``n = 0``: with no data the likelihood is flat)."""
    k_, n_ = _counts(k, n)
    if n_ == 0:
        raise ValueError("n must be an integer count >= 1 for the MLE: with n = 0 the likelihood is flat")
    return k_ / n_


@validate_params(k=Count(maximum="n"), n=Count(exact_float=True), a=Positive(), b=Positive())
def beta_posterior_mean(k: int, n: int, a: float, b: float) -> float:
    """The posterior mean ``(k + a) / (n + a + b)`` (the Bayes action under squared-error loss)."""
    A, B = beta_posterior_parameters(k, n, a, b)
    return beta_mean(A, B)


@validate_params(a=Positive(), b=Positive(), estimator=OneOf("map", "mean"))
def effective_sample_size(a: float, b: float, estimator: str = "map") -> float:
    """How many observations the Beta(a, b) prior is worth: ``a + b - 2`` for the MAP, ``a + b`` for the mean.

    These are the weights of the prior summary (prior mode, resp. prior mean) against the MLE's
    weight ``n`` in :func:`map_as_weighted_average` / :func:`mean_as_weighted_average`.
    """
    a_ = check_positive("a", a)
    b_ = check_positive("b", b)
    if estimator == "map":
        return a_ + b_ - 2
    if estimator == "mean":
        return a_ + b_
    raise ValueError(f"estimator must be 'map' or 'mean', got {estimator!r}")


# --------------------------------------------------------------------------- derivations
@dataclass(frozen=True)
class BetaBernoulliDerivation:
    """The symbolic MAP derivation: log posterior, its derivative, the solution, the curvature there."""

    log_posterior: sp.Expr
    derivative: sp.Expr
    map: sp.Expr
    second_derivative: sp.Expr
    mle: sp.Expr
    posterior_mean: sp.Expr


def derive_beta_map() -> BetaBernoulliDerivation:
    """Derive the MAP by solving ``d/dp [(k+a-1) log p + (n-k+b-1) log(1-p)] = 0`` with SymPy.

    The log posterior is the log likelihood plus the log of the Beta(a, b) kernel; the unique
    stationary point is ``(k+a-1)/(n+a+b-2)``. The second derivative there is returned in closed
    form, ``-(n+a+b-2)^3 / ((k+a-1)(n-k+b-1))``, negative when both posterior parameters exceed 1.
    The MLE (flat prior a = b = 1) and the posterior mean are returned alongside.
    """
    p, k, n, a, b = p_sym, k_sym, n_sym, a_sym, b_sym
    log_post = bernoulli_log_likelihood(k, n, p) + (a - 1) * sp.log(p) + (b - 1) * sp.log(1 - p)
    deriv = sp.diff(log_post, p)
    (sol,) = stationary_points(log_post, p)
    sol = sp.factor(sol)
    second = sp.factor(sp.simplify(sp.diff(log_post, p, 2).subs(p, sol)))
    mle = sp.factor(sol.subs({a: 1, b: 1}))
    mean = (k + a) / (n + a + b)
    return BetaBernoulliDerivation(log_post, deriv, sol, second, mle, mean)


def map_as_weighted_average() -> tuple[sp.Expr, sp.Expr, sp.Expr]:
    """``(w, mle, prior_mode)`` with ``MAP = w · mle + (1 - w) · prior_mode``, ``w = n/(n+a+b-2)``.

    The MLE is ``k/n``, the prior mode ``(a-1)/(a+b-2)`` (the mode of Beta(a, b) for ``a, b > 1``);
    the identity with :func:`derive_beta_map`'s MAP is checked where it is shown (tests, chapter 2).
    """
    k, n, a, b = k_sym, n_sym, a_sym, b_sym
    return n / (n + a + b - 2), k / n, (a - 1) / (a + b - 2)


def mean_as_weighted_average() -> tuple[sp.Expr, sp.Expr, sp.Expr]:
    """``(w, mle, prior_mean)`` with ``posterior mean = w · mle + (1 - w) · prior_mean``, ``w = n/(n+a+b)``."""
    k, n, a, b = k_sym, n_sym, a_sym, b_sym
    return n / (n + a + b), k / n, a / (a + b)


# --------------------------------------------------------------------------- boundary cases
@dataclass(frozen=True)
class BoundaryCase:
    """One row of :func:`boundary_case_table`.

    ``map`` is :func:`beta_map` (``None`` when it raises, with the reason in ``reason``);
    ``formula`` is the interior formula ``(k + a - 1)/(n + a + b - 2)`` evaluated blindly (``nan``
    when its denominator is 0); ``grid_argmax`` is the argmax of SciPy's ``Beta(A, B)`` density on
    an even grid of ``[0, 1]``, an independent check of ``map``.
    """

    name: str
    k: int
    n: int
    a: float
    b: float
    A: float
    B: float
    formula: float
    map: float | None
    reason: str | None
    grid_argmax: float

    def __str__(self) -> str:
        shown = f"{self.map:.4f}" if self.map is not None else f"ValueError: {self.reason}"
        grid = f"{self.grid_argmax:.4f}" if self.map is not None else "-"
        return (f"{self.name:34s} A={self.A:<4g} B={self.B:<4g} formula={self.formula:+.4f}  grid argmax={grid}\n"
                f"{'':34s} beta_map: {shown}")


@validate_params(
    _finite_result=False,  # a boundary mode's density is +inf in its row
    cases=Checked("a list of (name, k, n, a, b) tuples"),
    grid_size=Count(minimum=2, maximum=10**7),
)
def boundary_case_table(cases, grid_size: int = 100_001) -> list[BoundaryCase]:
    """Compare :func:`beta_map`, the interior formula and a grid argmax for each ``(name, k, n, a, b)``.

    With ``A = k + a`` and ``B = n - k + b``, the interior formula is the mode only when ``A > 1``
    and ``B > 1``; the rows show where it leaves ``[0, 1]`` or lands on a minimum. When ``beta_map``
    raises (flat or U-shaped posterior) the row keeps its message without the call prefix.
    ``grid_size >= 2`` points of ``[0, 1]`` are used for the grid argmax (an infinite density at an
    end point counts as the largest value there).
    """
    size = check_count("grid_size", grid_size)
    if size < 2:
        raise ValueError(f"grid_size must be an integer count >= 2, got {grid_size!r}")
    grid = np.linspace(0.0, 1.0, size)
    rows = []
    for case in cases:
        try:
            name, k, n, a, b = case
        except (TypeError, ValueError):
            raise ValueError(f"cases must hold (name, k, n, a, b) tuples, got {case!r}") from None
        A, B = beta_posterior_parameters(k, n, a, b)
        denominator = n + a + b - 2
        formula = (k + a - 1) / denominator if denominator != 0 else float("nan")
        try:
            value, reason = beta_map(k, n, a, b), None
        except ValueError as exc:
            value, reason = None, str(exc).split(": ", 1)[1]
        with np.errstate(divide="ignore"):
            grid_arg = float(grid[int(np.argmax(stats.beta(A, B).pdf(grid)))])
        rows.append(BoundaryCase(str(name), k, n, float(a), float(b), A, B, float(formula), value, reason, grid_arg))
    return rows
