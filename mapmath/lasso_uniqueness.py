"""When the lasso has many solutions: the fit is unique, the weights need not be.

``L(w) = ‖y - Xw‖² + λ‖w‖₁`` is convex. It is *strictly* convex only when ``X`` has linearly
independent columns: the least-squares term is strictly convex in the fit ``u = Xw``, not in
``w``. The midpoint identity (:func:`derive_fit_uniqueness`)

    (‖y - u‖² + ‖y - u'‖²)/2 - ‖y - (u + u')/2‖² = ‖u - u'‖²/4

shows that two minimizers ``w``, ``w'`` with different fits ``Xw ≠ Xw'`` would have a midpoint
with a strictly smaller objective (the L1 term is convex), a contradiction. So every minimizer has
the same fit ``Xŵ`` (and then the same ``‖ŵ‖₁``, since the objective values are equal); see
R. J. Tibshirani (2013), "The lasso problem and uniqueness".

With a duplicated column (``x_i = x_j``) the objective depends on ``w_i`` and ``w_j`` only through
``w_i + w_j`` in the fit and through ``|w_i| + |w_j| >= |w_i + w_j|`` in the penalty, with equality
iff they do not have opposite signs. So every split ``(t c, (1 - t) c)``, ``t ∈ [0, 1]``, of an
optimal total ``c`` is optimal: a whole segment of minimizers
(:func:`derive_duplicate_column_invariance`, :func:`duplicate_column_segment`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import sympy as sp

from .validation import Count, Matrix, RealArray, Vector, check_count, check_matrix, check_vector, validate_params

__all__ = [
    "DuplicateColumnInvariance",
    "FitUniqueness",
    "derive_duplicate_column_invariance",
    "derive_fit_uniqueness",
    "duplicate_column_segment",
]


@dataclass(frozen=True)
class FitUniqueness:
    """The midpoint identity behind the uniqueness of the lasso fit (see :func:`derive_fit_uniqueness`)."""

    y: sp.Matrix
    u: sp.Matrix  #: one fit Xw
    v: sp.Matrix  #: another fit Xw'
    midpoint_gap: sp.Expr  #: (‖y-u‖² + ‖y-v‖²)/2 - ‖y-(u+v)/2‖², expanded
    quarter_distance: sp.Expr  #: ‖u - v‖²/4, expanded
    hessian: sp.Matrix  #: ∇²_u ‖y - u‖² = 2 I (positive definite: strictly convex in u)


@validate_params(n=Count(minimum=1, maximum=12))
def derive_fit_uniqueness(n: int = 3) -> FitUniqueness:
    """The midpoint gap of ``u ↦ ‖y - u‖²`` on explicit symbols (``n`` observations): the caller checks
    that it equals ``‖u - v‖²/4`` (so it is > 0 unless ``u = v``) and that the Hessian is ``2I``."""
    n = check_count("n", n, minimum=1, maximum=12)
    y = sp.Matrix(sp.symbols(f"y1:{n + 1}", real=True))
    u = sp.Matrix(sp.symbols(f"u1:{n + 1}", real=True))
    v = sp.Matrix(sp.symbols(f"v1:{n + 1}", real=True))

    def sq(r: sp.Matrix) -> sp.Expr:
        return (r.T * r)[0, 0]

    gap = sp.expand((sq(y - u) + sq(y - v)) / 2 - sq(y - (u + v) / 2))
    quarter = sp.expand(sq(u - v) / 4)
    hessian = sp.hessian(sq(y - u), list(u))
    return FitUniqueness(y=y, u=u, v=v, midpoint_gap=gap, quarter_distance=quarter, hessian=hessian)


@dataclass(frozen=True)
class DuplicateColumnInvariance:
    """The lasso objective with a duplicated column, along a split of the total (see
    :func:`derive_duplicate_column_invariance`)."""

    x: sp.Matrix  #: the duplicated column
    y: sp.Matrix
    lam: sp.Symbol
    w1: sp.Symbol
    w2: sp.Symbol
    objective: sp.Expr  #: ‖y - x w1 - x w2‖² + λ(|w1| + |w2|)
    split_difference: sp.Expr  #: L(c·s, c·(1-s)) - L(c, 0) for c > 0, 0 < s < 1 (it is 0)
    swapped_difference: sp.Expr  #: L(w2, w1) - L(w1, w2) (it is 0: the posterior is symmetric)
    opposite_sign_excess: sp.Expr  #: L(c + d, -d) - L(c, 0) for c, d > 0 (it is 2λd > 0)


@validate_params(n=Count(minimum=1, maximum=12))
def derive_duplicate_column_invariance(n: int = 3) -> DuplicateColumnInvariance:
    """The two-column lasso objective with ``X = [x, x]`` on explicit symbols (``n`` observations).

    Same-sign splits of a total ``c > 0`` (``w1 = c s``, ``w2 = c (1 - s)`` with ``0 < s < 1``; the
    symbol ``s`` and ``1 - s`` are both declared positive through ``s = p/(p + r)``, ``p, r > 0``)
    leave the objective unchanged; an opposite-sign split ``(c + d, -d)`` costs ``2λd`` more.
    Swapping the two weights leaves it unchanged, so the posterior is symmetric in ``(w1, w2)``.
    """
    n = check_count("n", n, minimum=1, maximum=12)
    x = sp.Matrix(sp.symbols(f"x1:{n + 1}", real=True))
    y = sp.Matrix(sp.symbols(f"y1:{n + 1}", real=True))
    w1, w2 = sp.symbols("w1 w2", real=True)
    lam = sp.Symbol("lambda", positive=True)
    c, d, p, r = sp.symbols("c d p r", positive=True)

    def L(a: sp.Expr, b: sp.Expr) -> sp.Expr:
        res = y - x * (a + b)
        return (res.T * res)[0, 0] + lam * (sp.Abs(a) + sp.Abs(b))

    s = p / (p + r)  # 0 < s < 1 with both s and 1 - s = r/(p + r) visibly positive
    split = sp.simplify(sp.expand(L(c * s, c * r / (p + r)) - L(c, 0)))
    swapped = sp.expand(L(w2, w1) - L(w1, w2))
    opposite = sp.simplify(sp.expand(L(c + d, -d) - L(c, 0)))
    return DuplicateColumnInvariance(x=x, y=y, lam=lam, w1=w1, w2=w2, objective=L(w1, w2),
                                     split_difference=split, swapped_difference=swapped,
                                     opposite_sign_excess=opposite)


@validate_params(X=Matrix(), w=Vector(length="X.cols"), i=Count(), j=Count(), ts=RealArray())
def duplicate_column_segment(X: object, w: object, i: int, j: int, ts: object) -> np.ndarray:
    """Points of the segment of lasso minimizers through ``w`` when columns ``i`` and ``j`` of ``X`` are
    identical: row ``k`` is ``w`` with the total ``c = w_i + w_j`` split as ``(t_k c, (1 - t_k) c)``.

    ``X`` must have ``X[:, i] == X[:, j]`` exactly (``ValueError`` otherwise), ``i != j``, and
    ``w_i``, ``w_j`` must not have opposite signs (then every point has the same fit ``Xw`` and the
    same ``|w_i| + |w_j|``, hence the same lasso objective). ``ts`` are numbers in ``[0, 1]``.
    """
    X = check_matrix("X", X)
    p = X.shape[1]
    w = check_vector("w", w, length=p, length_name="X.shape[1] (n_features)")
    i = check_count("i", i, maximum=p - 1, maximum_name="X.shape[1] - 1")
    j = check_count("j", j, maximum=p - 1, maximum_name="X.shape[1] - 1")
    if i == j:
        raise ValueError(f"i and j must be two different columns, got i = j = {i}")
    if not np.array_equal(X[:, i], X[:, j]):
        raise ValueError(f"columns i={i} and j={j} of X must be identical (a duplicated column)")
    if w[i] * w[j] < 0:
        raise ValueError(f"w[i]={w[i]:g} and w[j]={w[j]:g} have opposite signs: such a point is not a "
                         "lasso minimizer when the columns are identical")
    t = np.atleast_1d(check_vector("ts", ts) if np.ndim(ts) else check_vector("ts", [ts]))
    if np.any((t < 0) | (t > 1)):
        raise ValueError("ts must lie in [0, 1] (the split t·c, (1 - t)·c of the total c = w_i + w_j)")
    total = w[i] + w[j]
    out = np.tile(w, (t.size, 1))
    out[:, i] = t * total
    out[:, j] = (1.0 - t) * total
    return out
