"""Checks that a derivation holds, failing with a message a reader can act on.

Every chapter ends a derivation with one of these: the symbolic identity is proven with
``simplify(lhs - rhs) == 0`` and then spot-checked numerically at a few points.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import numpy as np
import sympy as sp

__all__ = [
    "assert_close",
    "assert_symbolic_equal",
    "numerically_equal",
    "symbolically_equal",
]


def symbolically_equal(lhs: sp.Expr, rhs: sp.Expr) -> bool:
    """True when SymPy proves ``lhs - rhs == 0`` (``simplify`` first, then ``equals``)."""
    diff = sp.simplify(sp.sympify(lhs) - sp.sympify(rhs))
    if diff == 0:
        return True
    return bool(diff.equals(0))


def numerically_equal(
    lhs: sp.Expr,
    rhs: sp.Expr,
    points: Iterable[Mapping[sp.Symbol, float]],
    *,
    rtol: float = 1e-10,
    atol: float = 1e-12,
) -> bool:
    """True when ``lhs`` and ``rhs`` agree (to ``rtol``/``atol``) at every substitution in ``points``."""
    for point in points:
        a = complex(sp.N(sp.sympify(lhs).subs(point), 30))
        b = complex(sp.N(sp.sympify(rhs).subs(point), 30))
        if not np.isclose(a, b, rtol=rtol, atol=atol):
            return False
    return True


def assert_symbolic_equal(lhs: sp.Expr, rhs: sp.Expr, *, what: str = "identity",
                          points: Iterable[Mapping[sp.Symbol, float]] = ()) -> None:
    """Prove ``lhs == rhs`` symbolically, then spot-check it at ``points``.

    Raises ``AssertionError`` naming ``what`` and showing both sides when either check fails.
    """
    if not symbolically_equal(lhs, rhs):
        raise AssertionError(
            f"{what}: SymPy could not prove lhs == rhs\n  lhs = {lhs}\n  rhs = {rhs}\n"
            f"  simplify(lhs - rhs) = {sp.simplify(lhs - rhs)}"
        )
    points = list(points)
    if points and not numerically_equal(lhs, rhs, points):
        raise AssertionError(f"{what}: proven symbolically but fails numerically at {points}")


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
