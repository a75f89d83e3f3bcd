"""Checks that a derivation holds, failing with a message a reader can act on.

Every chapter ends a derivation with one of these: the symbolic identity is proven with
``simplify(lhs - rhs) == 0`` and then spot-checked numerically at a few points.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import numpy as np
import sympy as sp

from .parsing import as_expression
from .validation import Checked, Expr, Real, RealArray, validate_params

__all__ = [
    "assert_close",
    "assert_symbolic_equal",
    "numerically_equal",
    "symbolically_equal",
]


def _sides(lhs: object, rhs: object, *context: object) -> tuple[sp.Expr, sp.Expr]:
    """Both sides as SymPy expressions: numbers are converted, strings are read by
    :func:`mapmath.parsing.parse_expression` with their names bound to the other side's symbols."""
    return (as_expression(lhs, "lhs", context=(rhs, *context)),
            as_expression(rhs, "rhs", context=(lhs, *context)))


def _points(points: Iterable[Mapping[sp.Symbol, float]]) -> list[dict]:
    """The substitutions as a list, each value a SymPy number (``subs`` would run a string value
    through ``sympify``, which evaluates it as Python: a string is read by ``parse_expression``)."""
    return [{sym: as_expression(value, f"the value of {sym} in points") for sym, value in point.items()}
            for point in points]


@validate_params(lhs=Expr(text=True), rhs=Expr(text=True))
def symbolically_equal(lhs: sp.Expr, rhs: sp.Expr) -> bool:
    """True when SymPy proves ``lhs - rhs == 0`` (``cancel``, then ``simplify``, then ``equals``).

    ``cancel`` (the difference over a common denominator, its numerator expanded) is exact and
    cheap: when it gives 0 the difference is zero as a rational function of its atoms (``p``,
    ``exp(η)``, ``sqrt(p)``, ...), so no ``simplify`` is needed. Each side is a SymPy expression or
    a number (a string is read by :func:`mapmath.parsing.parse_expression`, never evaluated as
    Python).
    """
    lhs, rhs = _sides(lhs, rhs)
    diff = lhs - rhs
    if diff == 0 or _cancels(diff):
        return True
    diff = sp.simplify(diff)
    if diff == 0:
        return True
    return bool(diff.equals(0))


def _cancels(diff: sp.Expr) -> bool:
    """``sp.cancel(diff) == 0``; ``False`` when ``cancel`` does not apply (the caller simplifies)."""
    try:
        return sp.cancel(diff) == 0
    except (sp.PolynomialError, NotImplementedError, TypeError, ValueError):
        return False


@validate_params(
    lhs=Expr(text=True),
    rhs=Expr(text=True),
    points=Checked("an iterable of {symbol: number} mappings"),
    rtol=Real(0.0),
    atol=Real(0.0),
)
def numerically_equal(
    lhs: sp.Expr,
    rhs: sp.Expr,
    points: Iterable[Mapping[sp.Symbol, float]],
    *,
    rtol: float = 1e-10,
    atol: float = 1e-12,
) -> bool:
    """True when ``lhs`` and ``rhs`` agree (to ``rtol``/``atol``) at every substitution in ``points``."""
    points = _points(points)
    lhs, rhs = _sides(lhs, rhs, *(sym for point in points for sym in point))
    for point in points:
        a = complex(sp.N(lhs.subs(point), 30))
        b = complex(sp.N(rhs.subs(point), 30))
        if not np.isclose(a, b, rtol=rtol, atol=atol):
            return False
    return True


@validate_params(
    lhs=Expr(text=True),
    rhs=Expr(text=True),
    what=Checked("a label"),
    points=Checked("an iterable of {symbol: number} mappings"),
)
def assert_symbolic_equal(lhs: sp.Expr, rhs: sp.Expr, *, what: str = "identity",
                          points: Iterable[Mapping[sp.Symbol, float]] = ()) -> None:
    """Prove ``lhs == rhs`` symbolically, then spot-check it at ``points``.

    Raises ``AssertionError`` naming ``what`` and showing both sides when either check fails.
    """
    points = _points(points)
    lhs, rhs = _sides(lhs, rhs, *(sym for point in points for sym in point))
    if not symbolically_equal(lhs, rhs):
        raise AssertionError(
            f"{what}: SymPy could not prove lhs == rhs\n  lhs = {lhs}\n  rhs = {rhs}\n"
            f"  simplify(lhs - rhs) = {sp.simplify(lhs - rhs)}"
        )
    if points and not numerically_equal(lhs, rhs, points):
        raise AssertionError(f"{what}: proven symbolically but fails numerically at {points}")


@validate_params(
    actual=RealArray(),
    expected=RealArray(),
    rtol=Real(0.0),
    atol=Real(0.0),
    what=Checked("a label"),
)
def assert_close(actual, expected, *, rtol: float = 1e-9, atol: float = 1e-12,
                 what: str = "value") -> None:
    """``numpy.allclose`` with a readable failure: names ``what`` and shows the largest gap."""
    a = np.asarray(actual, dtype=float)
    e = np.asarray(expected, dtype=float)
    if a.shape != e.shape:
        raise AssertionError(f"{what}: shapes differ, {a.shape} vs {e.shape}")
    if not np.allclose(a, e, rtol=rtol, atol=atol):
        gap = float(np.max(np.abs(a - e)))
        raise AssertionError(
            f"{what}: not close (rtol={rtol}, atol={atol}); largest gap {gap:.3e}\n"
            f"  actual   = {a}\n  expected = {e}"
        )
