"""Lasso is MAP under a Laplace prior.

Model: ``y | X, w ~ N(Xw, σ² I_n)`` and independent ``w_j ~ Laplace(0, b)`` (density
``exp(-|w_j|/b)/(2b)``). The negative log posterior is, up to a constant free of ``w``,

    -log p(w | y) = ‖y - Xw‖² / (2σ²) + ‖w‖₁ / b + const,

and multiplying by ``2σ²`` gives the lasso objective (Tibshirani 1996, §5; Park & Casella 2008)

    L(w) = ‖y - Xw‖² + λ ‖w‖₁,   λ = 2σ² / b.

For one coordinate (or an orthogonal design) with ``a = xᵀx > 0`` and ``c = xᵀy`` the objective
is ``a w² - 2 c w + λ|w|`` + const; the subgradient condition gives soft thresholding,

    ŵ = sign(c) · max(|c| - λ/2, 0) / a,

so ``ŵ = 0`` exactly whenever ``|c| <= λ/2 = σ²/b`` (:func:`derive_soft_threshold`).

The numeric solver :func:`lasso_map` is coordinate descent on a working set (exact soft-threshold
zeros), stopped on the KKT (subgradient) conditions and finished by an exact solve on the active
set; :func:`lasso_kkt_violation` and :class:`LassoCertificate` let a caller verify
optimality. :func:`laplace_posterior_1d` summarizes the one-coordinate posterior in closed form (a mixture of
two truncated normals) to contrast its mode (sparse) with its mean (not sparse unless ``z = 0``);
:func:`laplace_posterior_2d` computes the posterior mean of two correlated weights, where a mean can
vanish although the data do not. :func:`lasso_map_with_intercept` adds an intercept with a flat
prior, which is lasso on centred data (:func:`derive_flat_intercept_profile`; scikit-learn's
``fit_intercept=True``).
"""

from __future__ import annotations

import itertools
import math
import numbers
import warnings
from dataclasses import dataclass

import numpy as np
import sympy as sp
from scipy import special

from ._lazy import integrate
from .linear_model import symbolic_linear_model
from .modes import numeric_mode, stationary_points
from .priors import laplace_density
from .validation import (
    ConvergenceWarning,
    Count,
    Flag,
    Matrix,
    Positive,
    Real,
    RealArray,
    Vector,
    check_count,
    check_flag,
    check_positive,
    check_real,
    check_vector,
    check_X_y,
    float_ratio,
    validate_params,
)

__all__ = [
    "FlatInterceptProfile",
    "LaplacePosterior1D",
    "LaplacePosterior2D",
    "LassoCertificate",
    "LassoConcrete",
    "SoftThresholdDerivation",
    "derive_flat_intercept_profile",
    "derive_soft_threshold",
    "laplace_posterior_1d",
    "laplace_posterior_2d",
    "laplace_posterior_symmetry",
    "lasso_concrete",
    "lasso_duality_gap",
    "lasso_kkt_violation",
    "lasso_lambda",
    "lasso_lambda_max",
    "lasso_map",
    "lasso_map_with_intercept",
    "lasso_objective",
    "lasso_solve",
    "soft_threshold",
]


# --------------------------------------------------------------------------- the λ mapping
@validate_params(sigma2=Positive(), b=Positive())
def lasso_lambda(sigma2: float, b: float) -> float:
    """The lasso strength of a Laplace(0, b) prior with noise variance σ²: ``λ = 2σ²/b``.

    ``ValueError`` (naming ``sigma2`` and ``b``) when ``λ`` is beyond the float range."""
    sigma2 = check_positive("sigma2", sigma2)
    b = check_positive("b", b)
    return 2.0 * float_ratio("lambda / 2 = sigma2 / b", sigma2, b, "sigma2 and b")


# --------------------------------------------------------------------------- symbolic derivations
@dataclass(frozen=True)
class LassoConcrete:
    """Lasso as MAP on explicit ``n × d`` matrices of symbols (see :func:`lasso_concrete`)."""

    X: sp.Matrix
    y: sp.Matrix
    w: sp.Matrix
    sigma2: sp.Symbol
    b: sp.Symbol
    neg_log_posterior: sp.Expr  #: -log[Π N(y_i | x_iᵀw, σ²) Π Laplace(w_j | 0, b)], constants kept
    objective: sp.Expr  #: ‖y - Xw‖² + λ‖w‖₁ with λ = 2σ²/b
    lam: sp.Expr  #: 2σ²/b


@validate_params(n=Count(minimum=1, maximum=8), d=Count(minimum=1, maximum=4))
def lasso_concrete(n: int = 3, d: int = 2) -> LassoConcrete:
    """The lasso-as-MAP identity on an explicit ``n × d`` design of symbols.

    The negative log posterior is assembled from :func:`mapmath.priors.gaussian_density` and
    :func:`mapmath.priors.laplace_density`; ``2σ² · (-log posterior) - objective`` is then a
    constant (free of ``w``), which the caller checks.
    """
    sigma2, b = sp.symbols("sigma2 b", positive=True)
    X, y, w, likelihood = symbolic_linear_model(n, d, sigma2, max_entries=30)
    prior = sp.Mul(*[laplace_density(w[j], 0, b) for j in range(d)])
    nlp = sp.expand(sp.expand_log(-sp.log(likelihood * prior), force=True))
    lam = 2 * sigma2 / b
    r = y - X * w
    objective = sp.expand((r.T * r)[0, 0] + lam * sum(sp.Abs(wj) for wj in w))
    return LassoConcrete(X=X, y=y, w=w, sigma2=sigma2, b=b, neg_log_posterior=nlp,
                         objective=objective, lam=lam)


@dataclass(frozen=True)
class SoftThresholdDerivation:
    """The one-coordinate lasso solved branch by branch (see :func:`derive_soft_threshold`)."""

    w: sp.Symbol
    a: sp.Symbol  #: xᵀx > 0 (1 for an orthonormal design)
    c: sp.Symbol  #: xᵀy (z_j = x_jᵀy for an orthonormal design)
    lam: sp.Symbol
    objective: sp.Expr  #: a w² - 2 c w + λ|w|  (‖y - x w‖² + λ|w| minus the constant yᵀy)
    positive_branch: sp.Expr  #: stationary point of a w² - 2cw + λw
    positive_condition: sp.Basic  #: when it is > 0
    negative_branch: sp.Expr  #: stationary point of a w² - 2cw - λw
    negative_condition: sp.Basic  #: when it is < 0
    subgradient_at_zero: tuple[sp.Expr, sp.Expr]  #: the interval ∂L(0) = [-2c - λ, -2c + λ]
    zero_condition: sp.Basic  #: 0 ∈ ∂L(0), i.e. w = 0 optimal
    solution: sp.Piecewise  #: the three cases combined
    soft_threshold: sp.Expr  #: sign(c) max(|c| - λ/2, 0) / a


def derive_soft_threshold() -> SoftThresholdDerivation:
    """Solve ``min_w a w² - 2 c w + λ|w|`` (a > 0, λ > 0) from the subgradient optimality condition.

    On ``w > 0`` the objective is smooth with derivative ``2aw - 2c + λ``; on ``w < 0`` it is
    ``2aw - 2c - λ``; each stationary point is kept only where it lies on its branch (the
    conditions are solved with ``reduce_inequalities``). At ``w = 0`` the subdifferential is the
    interval ``[-2c - λ, -2c + λ]``, and ``w = 0`` is optimal iff it contains 0, i.e.
    ``|c| <= λ/2``. The objective is strictly convex, so the stationary point is the minimizer.
    """
    w, c = sp.symbols("w c", real=True)
    a, lam = sp.symbols("a lambda", positive=True)
    objective = a * w**2 - 2 * c * w + lam * sp.Abs(w)
    smooth = a * w**2 - 2 * c * w
    # the stationary point of each smooth branch (a minimizer of J is a mode of -J)
    (pos,) = stationary_points(-(smooth + lam * w), w)
    (neg,) = stationary_points(-(smooth - lam * w), w)
    pos_cond = sp.reduce_inequalities(pos > 0, c)
    neg_cond = sp.reduce_inequalities(neg < 0, c)
    d0 = sp.diff(smooth, w).subs(w, 0)
    lo, hi = d0 - lam, d0 + lam
    zero_cond = sp.reduce_inequalities([lo <= 0, hi >= 0], c)
    solution = sp.Piecewise((pos, pos_cond), (neg, neg_cond), (0, True))
    soft = sp.sign(c) * sp.Max(sp.Abs(c) - lam / 2, 0) / a
    return SoftThresholdDerivation(
        w=w, a=a, c=c, lam=lam, objective=objective, positive_branch=pos,
        positive_condition=pos_cond, negative_branch=neg, negative_condition=neg_cond,
        subgradient_at_zero=(lo, hi), zero_condition=zero_cond, solution=solution,
        soft_threshold=soft,
    )


# --------------------------------------------------------------------------- numerics
@validate_params(z=RealArray(), threshold=Real(0.0))
def soft_threshold(z: object, threshold: float) -> np.ndarray | float:
    """``S(z, t) = sign(z) · max(|z| - t, 0)`` for a number or a 1-D array ``z``; exactly 0 where ``|z| <= t``.

    ``threshold`` is ``t >= 0`` (``t = 0`` returns ``z``).
    """
    t = check_real("threshold", threshold, low=0.0)
    if isinstance(z, numbers.Real) and not isinstance(z, bool):
        zf = check_real("z", z)
        return 0.0 if abs(zf) <= t else math.copysign(abs(zf) - t, zf)
    arr = check_vector("z", z)
    out = np.sign(arr) * np.maximum(np.abs(arr) - t, 0.0)
    out[np.abs(arr) <= t] = 0.0  # exact zeros (and no negative zero)
    return out


@validate_params(X=Matrix(), y=Vector(length="X.rows"), w=Vector(length="X.cols"), lam=Real(0.0))
def lasso_objective(X: object, y: object, w: object, lam: float) -> float:
    """``L(w) = ‖y - Xw‖² + λ‖w‖₁`` (λ >= 0); ``ValueError`` if the value overflows a float."""
    X, y = check_X_y(X, y)
    w = check_vector("w", w, length=X.shape[1], length_name="X.shape[1] (n_features)")
    lam = check_real("lam", lam, low=0.0)
    with np.errstate(over="ignore", invalid="ignore"):
        r = y - X @ w
        value = float(r @ r + lam * np.sum(np.abs(w)))
    return _finite(value, "the lasso objective ‖y - Xw‖² + λ‖w‖₁", "X, y, w and lam")


@validate_params(X=Matrix(), y=Vector(length="X.rows"))
def lasso_lambda_max(X: object, y: object) -> float:
    """The smallest λ with ``ŵ = 0``: ``λ_max = 2‖Xᵀy‖_∞`` (0 ∈ ∂L(0) iff ``|x_jᵀy| <= λ/2`` for all j)."""
    X, y = check_X_y(X, y)
    with np.errstate(over="ignore", invalid="ignore"):
        value = float(2.0 * np.max(np.abs(X.T @ y)))
    return _finite(value, "λ_max = 2‖Xᵀy‖_∞", "X and y")


def _finite(value: float, what: str, names: str) -> float:
    if not math.isfinite(value):
        raise ValueError(f"{what} overflows the float range for these {names}: rescale them")
    return value


def _violations(grad: np.ndarray, w: np.ndarray, lam: float) -> np.ndarray:
    """Per-coordinate KKT violation: ``|g_j + λ sign(w_j)|`` where ``w_j ≠ 0``, ``max(|g_j| - λ, 0)`` where
    ``w_j = 0`` (NaN propagates: it is never read as "no violation")."""
    return np.where(w != 0.0, np.abs(grad + lam * np.sign(w)), np.maximum(np.abs(grad) - lam, 0.0))


def _max_violation(grad: np.ndarray, w: np.ndarray, lam: float) -> float:
    v = _violations(grad, w, lam)
    return float(np.max(v)) if v.size else 0.0


@validate_params(X=Matrix(), y=Vector(length="X.rows"), w=Vector(length="X.cols"), lam=Real(0.0))
def lasso_kkt_violation(X: object, y: object, w: object, lam: float) -> float:
    """The largest violation of the lasso optimality (subgradient) conditions at ``w``.

    With ``g = ∇‖y - Xw‖² = -2Xᵀ(y - Xw)``, ``w`` minimizes ``‖y - Xw‖² + λ‖w‖₁`` iff
    ``g_j = -λ sign(w_j)`` where ``w_j ≠ 0`` and ``|g_j| <= λ`` where ``w_j = 0``. Returns
    ``max_j`` of ``|g_j + λ sign(w_j)|`` (nonzero ``w_j``) and ``max(|g_j| - λ, 0)`` (zero ``w_j``):
    0 exactly at a minimizer. λ = 0 is allowed (then the condition is ``g = 0``, least squares).
    ``ValueError`` when the gradient overflows (never a NaN read as "optimal").
    """
    X, y = check_X_y(X, y)
    w = check_vector("w", w, length=X.shape[1], length_name="X.shape[1] (n_features)")
    lam = check_real("lam", lam, low=0.0)
    with np.errstate(over="ignore", invalid="ignore"):
        grad = -2.0 * (X.T @ (y - X @ w))
        value = _max_violation(grad, w, lam)
    return _finite(value, "the KKT violation (the gradient -2Xᵀ(y - Xw))", "X, y and w")


@validate_params(X=Matrix(), y=Vector(length="X.rows"), w=Vector(length="X.cols"), lam=Positive())
def lasso_duality_gap(X: object, y: object, w: object, lam: float) -> float:
    """The duality gap of ``w`` for ``L(w) = ‖y - Xw‖² + λ‖w‖₁`` (λ > 0): a certificate.

    The dual of ``½‖y - Xw‖² + (λ/2)‖w‖₁`` is ``max_θ ½‖y‖² - ½‖y - θ‖²`` over ``‖Xᵀθ‖_∞ <= λ/2``; the
    residual ``r = y - Xw`` scaled into that set, ``θ = r·min(1, (λ/2)/‖Xᵀr‖_∞)``, is feasible, so
    ``gap = L(w) - (‖y‖² - ‖y - θ‖²) >= L(w) - min L`` (weak duality), and it is 0 at the minimizer
    (there ``‖Xᵀr‖_∞ <= λ/2`` and ``θ = r``). A gap below ``ε`` proves ``w`` is ``ε``-optimal, whatever
    algorithm produced it (Boyd and Vandenberghe 2004 §5.5; Friedman, Hastie and Tibshirani 2010).
    ``ValueError`` when the computation overflows.
    """
    X, y = check_X_y(X, y)
    w = check_vector("w", w, length=X.shape[1], length_name="X.shape[1] (n_features)")
    lam = check_positive("lam", lam)
    return _finite(_duality_gap(X, y, w, lam), "the duality gap", "X, y, w and lam")


@dataclass(frozen=True)
class LassoCertificate:
    """Evidence that a lasso solution is optimal.

    ``kkt_violation`` is :func:`lasso_kkt_violation` at the solution; ``relative_kkt_violation``
    divides it by ``max(λ, 2‖Xᵀy‖_∞)`` (the size of the gradient at ``w = 0``);
    ``duality_gap`` is primal minus a feasible dual value, >= 0 (an upper bound on the objective's
    distance to its minimum; a negative difference within round-off is reported as 0, one beyond
    round-off is an error). ``converged`` is ``relative_kkt_violation <= tol``.
    """

    lam: float
    kkt_violation: float
    relative_kkt_violation: float
    duality_gap: float
    objective: float
    iterations: int
    converged: bool
    n_zeros: int


def _pow2_scale(v: np.ndarray) -> int:
    """The exponent ``e`` with ``max|v| / 2**e`` in [0.5, 1) (0 for a zero array): dividing by a power
    of two is exact, so scaling changes no digit, it only keeps ``XᵀX`` and ``‖y‖²`` in range."""
    m = float(np.max(np.abs(v)))
    return math.frexp(m)[1] if m > 0.0 else 0


@validate_params(
    X=Matrix(),
    y=Vector(length="X.rows"),
    lam=Positive(),
    tol=Real(1e-15, 1.0),
    max_iter=Count(maximum=10**7),
    return_certificate=Flag(),
)
def lasso_solve(X: object, y: object, lam: float, *, tol: float = 1e-10, max_iter: int = 100_000,
                return_certificate: bool = False):
    """Minimize ``‖y - Xw‖² + λ‖w‖₁`` (λ > 0) by coordinate descent on a working set.

    The problem is first rescaled by powers of two, ``X = 2^{e_X} X̃``, ``y = 2^{e_y} ỹ`` with
    entries below 1 in size (exact; ``w = 2^{e_y - e_X} w̃`` minimizes the original problem iff
    ``w̃`` minimizes ``‖ỹ - X̃w̃‖² + λ 2^{-e_X-e_y}‖w̃‖₁``), so ``XᵀX`` cannot overflow. Then,
    repeatedly: the full gradient ``-2Xᵀr`` (residual ``r = y - Xw``, no ``p × p`` Gram matrix)
    gives the KKT violations; the working set is the nonzero coordinates plus the worst violators;
    cyclic coordinate descent runs on it with its small Gram matrix, each update the exact
    one-dimensional minimizer ``w_j ← S(x_jᵀy - Σ_{k≠j} (XᵀX)_{jk} w_k, λ/2) / x_jᵀx_j`` (soft
    thresholding, exact zeros; an all-zero column keeps ``w_j = 0``), and is finished by an exact
    solve of the stationarity equations ``X_Bᵀ X_B w_B = X_Bᵀy - (λ/2) s_B`` on a linearly
    independent part ``B`` of the active set (signs ``s_B``; kept only if the signs hold and the
    KKT conditions hold). Duplicated or collinear columns thus get exact zeros. It stops when the
    relative KKT violation is at most ``tol``; after ``max_iter`` coordinate sweeps without that it
    emits :class:`~mapmath.validation.ConvergenceWarning` and returns the last iterate (its
    certificate says ``converged=False``). A NaN or overflow anywhere is a ``ValueError``, never a
    certificate. Returns ``w``, or ``(w, LassoCertificate)`` with ``return_certificate=True``.
    """
    X, y = check_X_y(X, y)
    lam = check_positive("lam", lam)
    tol = check_positive("tol", tol)
    max_iter = check_count("max_iter", max_iter)
    return_certificate = check_flag("return_certificate", return_certificate)
    ex, ey = _pow2_scale(X), _pow2_scale(y)
    Xs, ys = np.ldexp(X, -ex), np.ldexp(y, -ey)
    lam_s = math.ldexp(lam, -(ex + ey))
    if lam_s == 0.0:
        raise ValueError(f"lam={lam:g} is too small for X and y of these sizes (λ/(max|X| max|y|) "
                         "underflows): the lasso is then least squares; use least_squares")
    if math.isinf(lam_s) or (ey == 0 and not np.any(ys)):  # λ beyond any gradient, or y = 0: w = 0
        v, sweeps = np.zeros(X.shape[1]), 0
    else:
        v, sweeps = _working_set_cd(Xs, ys, lam_s, tol, max_iter)
    with np.errstate(over="ignore"):
        w = np.ldexp(v, ey - ex)
    if not np.all(np.isfinite(w)):
        raise ValueError("the lasso solution overflows the float range for these X and y "
                         "(max|y| / max|X| is too large): rescale them")
    lam_eff = lam_s if math.isfinite(lam_s) else float(np.finfo(float).max)
    c_max = float(np.max(np.abs(Xs.T @ ys)))
    scale_s = max(lam_eff, 2.0 * c_max)
    grad = -2.0 * (Xs.T @ (ys - Xs @ v))
    viol_s = _max_violation(grad, v, lam_eff)
    if not math.isfinite(viol_s):  # pragma: no cover - the scaled data cannot overflow
        raise ValueError("the KKT violation is not finite: the lasso solution cannot be certified")
    converged = viol_s <= tol * scale_s
    if not converged:
        warnings.warn(f"lasso_solve did not converge in max_iter={max_iter} sweeps: relative KKT "
                      f"violation {viol_s / scale_s:.2e} > tol={tol:g}", ConvergenceWarning, stacklevel=2)
    if not return_certificate:
        return w
    with np.errstate(over="ignore"):
        cert = LassoCertificate(
            lam=lam, kkt_violation=math.ldexp(viol_s, ex + ey), relative_kkt_violation=viol_s / scale_s,
            duality_gap=math.ldexp(_duality_gap(Xs, ys, v, lam_eff), 2 * ey),
            objective=math.ldexp(_objective(Xs, ys, v, lam_eff), 2 * ey),
            iterations=sweeps, converged=converged, n_zeros=int(np.sum(w == 0.0)),
        )
    if not all(math.isfinite(x) for x in (cert.kkt_violation, cert.duality_gap, cert.objective)):
        raise ValueError("the certificate (objective, KKT violation, duality gap) overflows the float "
                         "range for these X and y: rescale them")
    return w, cert


def _objective(X: np.ndarray, y: np.ndarray, w: np.ndarray, lam: float) -> float:
    r = y - X @ w
    return float(r @ r + lam * np.sum(np.abs(w)))


def _duality_gap(X: np.ndarray, y: np.ndarray, w: np.ndarray, lam: float) -> float:
    """Primal minus dual for ``L = 2·[½‖y - Xw‖² + (λ/2)‖w‖₁]``, with the scaled-residual dual point.

    Weak duality makes it >= 0; a negative value within the round-off of the sums
    (``4(n + p)·ε·(‖y‖² + L)``) is returned as 0, a larger one raises ``ValueError``.
    """
    r = y - X @ w
    alpha = lam / 2.0
    corr = float(np.max(np.abs(X.T @ r)))
    theta = r if corr <= alpha else r * (alpha / corr)
    primal = float(r @ r + lam * np.sum(np.abs(w)))
    dual = float(y @ y - (y - theta) @ (y - theta))
    gap = primal - dual
    if gap >= 0.0:
        return gap
    roundoff = 4.0 * sum(X.shape) * np.finfo(float).eps * (float(y @ y) + primal)
    if -gap <= roundoff:
        return 0.0
    raise ValueError(f"the lasso duality gap is negative ({gap:.3e}) beyond round-off ({roundoff:.1e}): "
                     "the solution cannot be certified")  # pragma: no cover - weak duality


def _working_set_cd(X: np.ndarray, y: np.ndarray, lam: float, tol: float,
                    max_iter: int) -> tuple[np.ndarray, int]:
    """Working-set coordinate descent on scaled data (entries below 1 in size); see :func:`lasso_solve`."""
    p = X.shape[1]
    col_sq = np.einsum("ij,ij->j", X, X)
    usable = col_sq > 0.0
    c = X.T @ y
    lam_max = 2.0 * float(np.max(np.abs(c)))
    scale = max(lam, lam_max)
    w = np.zeros(p)
    sweeps = 0
    # Warm starts along λ_max·10^{-k/10} down to λ (loose tolerance on the way): each solution is
    # close to the next one, which keeps the working sets small (Friedman, Hastie & Tibshirani 2010).
    budget = min(max_iter, _CD_BUDGET)
    ratio = lam_max / lam if lam < lam_max else 1.0
    decades = math.log10(ratio) if math.isfinite(ratio) else math.log10(lam_max) - math.log10(lam)  # λ = 1e-308
    n_steps = 2 + int(10 * decades) if lam < lam_max else 0
    for lam_k in np.geomspace(lam_max, lam, n_steps)[1:-1] if lam < lam_max else ():
        w, sweeps = _working_set_pass(X, y, c, usable, lam_k, 1e-3 * max(lam_k, lam_max), w, sweeps, budget)
    w, sweeps = _working_set_pass(X, y, c, usable, lam, tol * scale, w, sweeps, budget)
    if sweeps < budget or budget == max_iter:
        return w, sweeps
    # Coordinate descent is slow here (typically a very weak prior on a wide design): follow the
    # homotopy instead, exact at every knot, and keep it if its KKT certificate holds.
    h = _homotopy(X, y, lam, max_steps=20 * min(X.shape) + 20)
    if h is not None and _max_violation(-2.0 * (X.T @ (y - X @ h)), h, lam) <= tol * scale:
        return h, sweeps
    return _working_set_pass(X, y, c, usable, lam, tol * scale, w, sweeps, max_iter)


#: Coordinate-descent sweeps tried before the homotopy takes over (:func:`_working_set_cd`).
_CD_BUDGET = 2000


def _homotopy(X: np.ndarray, y: np.ndarray, lam: float, max_steps: int) -> np.ndarray | None:
    """The lasso at ``lam`` by the homotopy (LARS-lasso) path from ``λ_max`` down, on scaled data.

    On a segment with active set ``A`` and signs ``s_A``, ``w_A(λ) = u - (λ/2) v`` with
    ``G_AA u = X_Aᵀy``, ``G_AA v = s_A``; an inactive correlation is ``α_j + (λ/2) β_j``
    (``α = Xᵀ(y - X_A u)``, ``β = XᵀX_A v``) and joins at ``|α_j + (λ/2)β_j| = λ/2``; an active
    coefficient leaves at ``u_i = (λ/2) v_i``. Each knot costs one ``|A| × |A|`` solve and one
    product with ``X``; the active set never exceeds ``min(n, p)`` columns in general position,
    so the path reaches any ``λ`` in few steps. ``None`` if a Gram matrix is singular or
    ``max_steps`` knots do not reach ``lam`` (the caller then keeps coordinate descent).
    """
    n, p = X.shape
    c = X.T @ y
    j0 = int(np.argmax(np.abs(c)))
    half = float(abs(c[j0]))  # λ/2 at the current knot
    if lam / 2.0 >= half:
        return np.zeros(p)
    active, signs = [j0], [float(np.sign(c[j0]))]
    for _ in range(max_steps):
        XA = X[:, active]
        GA = XA.T @ XA
        try:
            u = np.linalg.solve(GA, c[active])
            v = np.linalg.solve(GA, np.array(signs))
        except np.linalg.LinAlgError:
            return None
        if not (np.all(np.isfinite(u)) and np.all(np.isfinite(v))) or len(active) > min(n, p):
            return None
        alpha = c - X.T @ (XA @ u)
        beta = X.T @ (XA @ v)
        limit = half * (1.0 - 1e-12)
        best, event = lam / 2.0, None
        inactive = np.ones(p, dtype=bool)
        inactive[active] = False
        with np.errstate(divide="ignore", invalid="ignore"):
            for sgn in (1.0, -1.0):  # α_j + t β_j = sgn·t  =>  t = α_j / (sgn - β_j)
                t = alpha / (sgn - beta)
                ok = inactive & np.isfinite(t) & (t > best) & (t < limit)
                if np.any(ok):
                    j = int(np.flatnonzero(ok)[np.argmax(t[ok])])
                    best, event = float(t[j]), ("join", j, sgn)
            t_leave = u / v
            ok = np.isfinite(t_leave) & (t_leave > best) & (t_leave < limit)
            if np.any(ok):
                i = int(np.flatnonzero(ok)[np.argmax(t_leave[ok])])
                best, event = float(t_leave[i]), ("leave", i, 0.0)
        if event is None:  # no knot above λ: λ lies on this segment
            w = np.zeros(p)
            w[active] = u - (lam / 2.0) * v
            return w
        half = best
        if event[0] == "join":
            active.append(event[1])
            signs.append(event[2])
        else:
            del active[event[1]]
            del signs[event[1]]
    return None


def _working_set_pass(X: np.ndarray, y: np.ndarray, c: np.ndarray, usable: np.ndarray, lam: float,
                      target: float, w: np.ndarray, sweeps: int, max_iter: int) -> tuple[np.ndarray, int]:
    """Working-set iterations at one λ from the start ``w`` until the KKT violation is <= ``target``."""
    w = w.copy()
    while True:
        grad = -2.0 * (X.T @ (y - X @ w))
        viol = _violations(grad, w, lam)
        if not np.all(np.isfinite(viol)):  # pragma: no cover - the scaled data cannot overflow
            raise ValueError("the KKT violation is not finite: the lasso solution cannot be certified")
        if float(viol.max()) <= target or sweeps >= max_iter:
            return w, sweeps
        active = w != 0.0
        candidates = np.flatnonzero(~active & usable & (viol > target))
        worst = candidates[np.argsort(-viol[candidates], kind="stable")][: max(10, int(active.sum()))]
        ws = np.flatnonzero(active)
        ws = np.sort(np.concatenate([ws, worst]))
        XW = X[:, ws]
        wv, used = _cd_gram(XW.T @ XW, c[ws], w[ws], lam, target, max_iter - sweeps)
        w[:] = 0.0
        w[ws] = wv
        sweeps += max(used, 1)


def _cd_gram(G: np.ndarray, c: np.ndarray, w: np.ndarray, lam: float, target: float,
             max_sweeps: int) -> tuple[np.ndarray, int]:
    """Cyclic coordinate descent on ``wᵀGw - 2cᵀw + λ‖w‖₁`` until its KKT violation is at most
    ``target/10`` (or ``max_sweeps``), with an exact active-set solve tried every few sweeps."""
    w = w.copy()
    diag = np.diag(G).copy()
    half = lam / 2.0
    q = G @ w
    inner = target / 10.0
    for sweep in range(1, max_sweeps + 1):
        for j in range(w.size):
            old = w[j]
            rho = c[j] - q[j] + diag[j] * old
            new = (rho - half if rho > half else rho + half if rho < -half else 0.0) / diag[j]
            if new != old:
                q += G[:, j] * (new - old)
                w[j] = new
        q = G @ w  # refresh against rounding drift
        viol = _max_violation(2.0 * (q - c), w, lam)
        if sweep % 5 == 1 or viol <= inner:
            polished = _polish(G, c, w, lam)
            if polished is not None:
                pv = _max_violation(2.0 * (G @ polished - c), polished, lam)
                if pv <= max(viol, inner):
                    w, viol = polished, pv
                    q = G @ w
        if viol <= inner:
            return w, sweep
    return w, max_sweeps


def _polish(G: np.ndarray, c: np.ndarray, w: np.ndarray, lam: float) -> np.ndarray | None:
    """Solve ``G_BB w_B = c_B - (λ/2) s_B`` on a linearly independent part ``B`` of the active set
    (pivoted Cholesky order: a column whose Gram pivot is at round-off level depends on the
    earlier ones and is set to exactly 0). ``None`` when the signs do not hold."""
    active = np.flatnonzero(w != 0.0)
    if active.size == 0:
        return None
    B = active[_independent(G[np.ix_(active, active)])]
    s = np.sign(w[B])
    try:
        wB = np.linalg.solve(G[np.ix_(B, B)], c[B] - 0.5 * lam * s)
    except np.linalg.LinAlgError:  # pragma: no cover - B is independent by construction
        return None
    if not np.all(np.isfinite(wB)) or np.any(np.sign(wB) != s):
        return None
    out = np.zeros_like(w)
    out[B] = wB
    return out


def _independent(G: np.ndarray) -> np.ndarray:
    """Indices of a linearly independent subset of the columns behind the Gram matrix ``G``, by a
    pivoted Cholesky factorization (largest remaining diagonal first); a remaining diagonal below
    ``m·ε·max diag(G)`` (the squared distance to the span of the chosen columns is at round-off
    level) stops it. Returned in increasing order."""
    m = G.shape[0]
    R = G.astype(float).copy()
    tol = m * np.finfo(float).eps * float(np.max(np.diag(G)))
    chosen: list[int] = []
    rest = list(range(m))
    while rest:
        d = np.array([R[i, i] for i in rest])
        k = int(np.argmax(d))
        if d[k] <= tol:
            break
        piv = rest.pop(k)
        chosen.append(piv)
        col = R[:, piv] / math.sqrt(R[piv, piv])
        R -= np.outer(col, col)
    return np.sort(np.array(chosen, dtype=int))


@validate_params(
    X=Matrix(),
    y=Vector(length="X.rows"),
    sigma2=Positive(),
    b=Positive(),
    tol=Real(1e-15, 1.0),
    max_iter=Count(maximum=10**7),
    return_certificate=Flag(),
)
def lasso_map(X: object, y: object, sigma2: float, b: float, *, tol: float = 1e-10,
              max_iter: int = 100_000, return_certificate: bool = False):
    """The MAP weights under ``y ~ N(Xw, σ²I)`` and i.i.d. ``w_j ~ Laplace(0, b)``.

    This is the lasso ``argmin ‖y - Xw‖² + λ‖w‖₁`` with ``λ = 2σ²/b``, solved by
    :func:`lasso_solve` (coordinate descent to relative KKT violation ``tol``, exact zeros).
    Returns ``w``, or ``(w, LassoCertificate)`` with ``return_certificate=True``.
    """
    X, y = check_X_y(X, y)
    lam = lasso_lambda(sigma2, b)
    return lasso_solve(X, y, lam, tol=tol, max_iter=max_iter, return_certificate=return_certificate)


# --------------------------------------------------------------------------- one-coordinate posterior
@dataclass(frozen=True)
class LaplacePosterior1D:
    """The posterior ``p(w | z) ∝ exp(-(w - z)²/(2σ²) - |w|/b)``, summarized in closed form."""

    z: float
    sigma2: float
    b: float
    mode: float  #: soft threshold S(z, σ²/b), exact
    mean: float  #: E[w | z]
    variance: float  #: Var[w | z]
    mass_negative: float  #: P(w < 0 | z)
    mass_positive: float  #: P(w > 0 | z)
    log_normalizer: float  #: log ∫ exp(-(w - z)²/(2σ²) - |w|/b) dw

    def pdf(self, w: object) -> np.ndarray:
        """The normalized posterior density at ``w`` (a number or an array)."""
        w = np.asarray(w, dtype=float)
        return np.exp(-((w - self.z) ** 2) / (2.0 * self.sigma2) - np.abs(w) / self.b - self.log_normalizer)


#: Large-``a`` expansions (in ``x = 1/a``) of ``h(a) - a`` and ``1 + a h(a) - h(a)²``, ``h`` the inverse
#: Mills ratio ``φ(a)/Φ(-a)``: from ``Φ(-a)/φ(a) ~ Σ_k (-1)^k (2k-1)!! / a^{2k+1}`` (used for a >= 30,
#: where the direct formulas lose about ``a²ε`` to cancellation; truncation error below 1e-19).
_EXCESS_SERIES = (1, -2, 10, -74, 706, -8162, 110410, -1708394, 29752066, -576037442, 12277827850)
_VARIANCE_SERIES = (1, -6, 50, -518, 6354, -89782, 1435330, -25625910, 505785122, -10944711398)


def _log_mills(a: float) -> float:
    """``log R(a)``, ``R(a) = Φ(-a)/φ(a) = √(π/2)·erfcx(a/√2)`` (no overflow for either sign of ``a``)."""
    if a >= 0.0:
        return 0.5 * math.log(math.pi / 2.0) + math.log(float(special.erfcx(a / math.sqrt(2.0))))
    return 0.5 * a * a + 0.5 * math.log(2.0 * math.pi) + float(special.log_ndtr(-a))


def _log_piece_mass(a: float, ratio: float, shift: float) -> float:
    """``log R(a) - ζ²/2`` with ``a = ratio + shift`` and ``ζ = |shift|``: the log mass (over σ) of one
    truncated-normal piece. For ``a < 0`` the ``a²/2`` of ``log R`` and ``-ζ²/2`` cancel exactly to
    ``ratio·(ratio + 2·shift)/2``, which is used instead (no ``inf - inf``)."""
    if a >= 0.0:
        return _log_mills(a) - 0.5 * shift * shift
    return 0.5 * ratio * (ratio + 2.0 * shift) + 0.5 * math.log(2.0 * math.pi) + float(special.log_ndtr(-a))


def _truncated_normal_moments(a: float) -> tuple[float, float]:
    """``(E[X] - a, Var[X])`` for a standard normal ``X`` truncated to ``[a, ∞)``.

    With the inverse Mills ratio ``h = φ(a)/Φ(-a)``: ``E[X] = h`` and ``Var[X] = 1 + a h - h²``
    (Johnson, Kotz and Balakrishnan 1994, §10.1); a series in ``1/a`` for ``a >= 30``.
    """
    if a >= 30.0:
        x = 1.0 / a
        x2 = x * x
        excess = x * sum(cf * x2**k for k, cf in enumerate(_EXCESS_SERIES))
        var = x2 * sum(cf * x2**k for k, cf in enumerate(_VARIANCE_SERIES))
        return excess, var
    h = math.exp(-_log_mills(a))
    return h - a, 1.0 + a * h - h * h


@validate_params(z=Real(), sigma2=Positive(), b=Positive())
def laplace_posterior_1d(z: float, sigma2: float, b: float) -> LaplacePosterior1D:
    """Mode, mean and variance of one coordinate's posterior under a Laplace(0, b) prior.

    The data enter through one Gaussian observation ``z ~ N(w, σ²)`` (an orthonormal design's
    ``z_j = x_jᵀy``). The mode is the soft threshold ``S(z, σ²/b)``. Completing the square on each
    side of the kink at 0 shows the posterior is a two-piece mixture of truncated normals with
    standard deviation ``σ``: ``N(z - σ²/b, σ²)`` restricted to ``w > 0`` and ``N(z + σ²/b, σ²)``
    restricted to ``w < 0``. With ``a₊ = σ/b - z/σ`` and ``a₋ = σ/b + z/σ`` (how far 0 lies beyond
    each centre, in units of σ), the pieces have masses proportional to the Mills ratios
    ``R(a₊)``, ``R(a₋)`` (``R(a) = Φ(-a)/φ(a)``), means ``±σ(h(a±) - a±)`` and variances
    ``σ²(1 + a h(a) - h(a)²)`` with ``h = 1/R``; everything is computed in log space or by
    asymptotic series, so it neither overflows nor divides by an underflowed 0. ``ValueError``
    (naming the parameters) when ``σ/b`` or ``z/σ`` is beyond the float range.
    """
    z = check_real("z", z)
    sigma2 = check_positive("sigma2", sigma2)
    b = check_positive("b", b)
    mode, mean, variance, p_neg, p_pos, log_norm = _laplace_posterior_1d_values(z, sigma2, b)
    return LaplacePosterior1D(
        z=z, sigma2=sigma2, b=b, mode=mode, mean=mean, variance=variance,
        mass_negative=p_neg, mass_positive=p_pos, log_normalizer=log_norm,
    )


def _laplace_posterior_1d_values(z: float, sigma2: float, b: float) -> tuple[float, float, float, float, float, float]:
    """The numbers of :func:`laplace_posterior_1d` (``mode, mean, variance, mass_negative,
    mass_positive, log_normalizer``) for arguments already checked (floats, ``σ² > 0``, ``b > 0``):
    the same formulas without the argument checks, for inner loops such as the quadrature of
    :func:`laplace_posterior_2d` (about a thousand calls per posterior). ``ValueError`` on overflow,
    as the public function.
    """
    sigma = math.sqrt(sigma2)
    with np.errstate(over="ignore", under="ignore"):
        threshold = sigma2 / b
        ratio, zeta = sigma / b, z / sigma
    if not (math.isfinite(ratio) and math.isfinite(zeta)):
        raise ValueError(f"sigma / b and z / sigma must be finite floats, got sigma2={sigma2:g}, b={b:g}, "
                         f"z={z:g}: the posterior's standardized scales overflow")
    mode = 0.0 if abs(z) <= threshold else math.copysign(abs(z) - threshold, z)
    a_pos, a_neg = ratio - zeta, ratio + zeta
    lz_pos, lz_neg = _log_piece_mass(a_pos, ratio, -zeta), _log_piece_mass(a_neg, ratio, zeta)
    diff = lz_pos - lz_neg
    p_pos, p_neg = float(special.expit(diff)), float(special.expit(-diff))
    e_pos, v_pos = _truncated_normal_moments(a_pos)
    e_neg, v_neg = _truncated_normal_moments(a_neg)
    mu_pos, mu_neg = sigma * e_pos, -sigma * e_neg
    mean = p_pos * mu_pos + p_neg * mu_neg
    spread = mu_pos - mu_neg
    variance = sigma2 * (p_pos * v_pos + p_neg * v_neg) + p_pos * p_neg * spread * spread
    log_norm = math.log(sigma) + float(np.logaddexp(lz_pos, lz_neg))
    if not all(math.isfinite(v) for v in (mean, variance, log_norm)):
        raise ValueError(f"the posterior moments overflow the float range for z={z:g}, sigma2={sigma2:g}, "
                         f"b={b:g}")
    return mode, mean, variance, p_neg, p_pos, log_norm


def laplace_posterior_symmetry() -> dict[str, sp.Expr]:
    """The symbolic facts behind the posterior mean of one coordinate under a Laplace prior.

    With ``u(w) = exp(-(w - z)²/(2σ²) - |w|/b)`` (the unnormalized posterior), returns

    - ``"reflection"``: ``u(-w) - u(w)`` at ``z = 0`` (it is 0: the posterior is symmetric, so
      ``∫ w u(w) dw = 0`` and the posterior mean is exactly 0, although the MAP is also 0 and the
      posterior has mass on both signs);
    - ``"folded"``: for ``w > 0``, ``w u(w) + (-w) u(-w)``, which equals
      ``"folded_closed"`` ``= 2 w exp(-(w² + z²)/(2σ²) - w/b) sinh(z w/σ²)``: the integrand of the
      mean folded onto ``w > 0``. It has the sign of ``z`` for every ``w > 0``, so the posterior
      mean is 0 iff ``z = 0``, and has the sign of ``z`` otherwise.
    """
    w = sp.Symbol("w", positive=True)
    z = sp.Symbol("z", real=True)
    sigma2, b = sp.symbols("sigma2 b", positive=True)

    def u(t: sp.Expr, zz: sp.Expr) -> sp.Expr:
        return sp.exp(-((t - zz) ** 2) / (2 * sigma2) - sp.Abs(t) / b)

    folded = w * u(w, z) + (-w) * u(-w, z)
    folded_closed = 2 * w * sp.exp(-(w**2 + z**2) / (2 * sigma2) - w / b) * sp.sinh(z * w / sigma2)
    return {
        "w": w, "z": z, "sigma2": sigma2, "b": b,
        "unnormalized": u(w, z),
        "reflection": u(-w, 0) - u(w, 0),
        "folded": folded,
        "folded_closed": folded_closed,
    }


# --------------------------------------------------------------------------- two correlated coordinates
@dataclass(frozen=True)
class LaplacePosterior2D:
    """Mean and mode of ``p(w | y) ∝ exp(-‖y - Xw‖²/(2σ²) - ‖w‖₁/b)`` for two weights (see
    :func:`laplace_posterior_2d`)."""

    mean: np.ndarray  #: E[w | y], shape (2,)
    mode: np.ndarray  #: the lasso MAP, shape (2,)
    gram: np.ndarray  #: XᵀX
    xty: np.ndarray  #: Xᵀy (the data enter only through it)
    log_normalizer: float  #: log ∫∫ exp(-(wᵀGw - 2wᵀc)/(2σ²) - ‖w‖₁/b) dw


@validate_params(X=Matrix(cols=2), y=Vector(length="X.rows"), sigma2=Positive(), b=Positive())
def laplace_posterior_2d(X: object, y: object, sigma2: float, b: float) -> LaplacePosterior2D:
    """The posterior mean of two weights under i.i.d. Laplace(0, b) priors, by iterated integration.

    With ``G = XᵀX`` (positive definite) and ``c = Xᵀy`` the unnormalized posterior is
    ``exp(-(wᵀGw - 2cᵀw)/(2σ²) - (|w₁| + |w₂|)/b)``. For fixed ``w₁`` it is, in ``w₂``, the
    one-coordinate posterior of :func:`laplace_posterior_1d` with data ``z(w₁) = (c₂ - G₁₂w₁)/G₂₂``
    and noise variance ``σ²/G₂₂``, so the inner integral and the inner mean ``E[w₂ | w₁, y]`` are
    closed forms. The outer integral over ``w₁`` (the marginal ``g(w₁)``, log-concave and at least
    as concentrated as ``N(·, σ²(G⁻¹)₁₁)``) is done by adaptive quadrature on ``±16`` such standard
    deviations around its mode, split at the kink ``w₁ = 0``; then
    ``E[w₁] = ∫w₁g/∫g`` and ``E[w₂] = ∫E[w₂ | w₁]g/∫g``. ``ValueError`` unless ``X`` has exactly two
    linearly independent columns.
    """
    X, y = check_X_y(X, y)
    sigma2 = check_positive("sigma2", sigma2)
    b = check_positive("b", b)
    if X.shape[1] != 2:
        raise ValueError(f"X must have exactly 2 columns (two weights), got {X.shape[1]}")
    G, c = X.T @ X, X.T @ y
    det = float(G[0, 0] * G[1, 1] - G[0, 1] ** 2)
    if not det > 1e-12 * float(G[0, 0] * G[1, 1]):
        raise ValueError("X must have two linearly independent columns (XᵀX positive definite)")
    a = float(G[1, 1])
    s2_inner = sigma2 / a
    mode = lasso_map(X, y, sigma2, b)

    known: dict[float, tuple[float, float]] = {}

    def inner(w1: float) -> tuple[float, float]:
        """``(log g(w₁), E[w₂ | w₁, y])``, each ``w₁`` computed once: the three moments'
        quadratures below evaluate it at many of the same points."""
        if w1 in known:
            return known[w1]
        z = (float(c[1]) - float(G[0, 1]) * w1) / a
        _, mean_2, _, _, _, log_norm = _laplace_posterior_1d_values(z, s2_inner, b)
        log_g = (-(float(G[0, 0]) * w1 * w1 - 2.0 * float(c[0]) * w1) / (2.0 * sigma2) - abs(w1) / b
                 + a * z * z / (2.0 * sigma2) + log_norm)
        known[w1] = log_g, mean_2
        return log_g, mean_2

    sd = math.sqrt(sigma2 * float(G[1, 1]) / det)  # σ²(G⁻¹)₁₁
    # the mode of the marginal g(w₁) (log-concave), to centre and scale the quadrature
    center = numeric_mode(lambda t: inner(float(t))[0], float(mode[0]) - 50 * sd, float(mode[0]) + 50 * sd,
                          grid_size=201, xatol=1e-10 * sd)
    shift = inner(center)[0]
    lo, hi = center - 16.0 * sd, center + 16.0 * sd
    cuts = {0.0}
    if b < sd / 4:  # the prior, not the likelihood, sets the width: cut at its scale around the peak
        cuts |= {center + k * b for k in (-64, -16, -4, -1, 0, 1, 4, 16, 64)}
    ends = [lo, *sorted(t for t in cuts if lo < t < hi), hi]
    pieces = list(itertools.pairwise(ends))

    def moment(k: int, epsabs: float) -> float:
        def f(t: float) -> float:
            log_g, m2 = inner(t)
            weight = math.exp(log_g - shift)
            return weight * (1.0, t, m2)[k]
        with warnings.catch_warnings():
            warnings.simplefilter("error", integrate.IntegrationWarning)
            try:
                return sum(integrate.quad(f, u, v, epsabs=epsabs, epsrel=1e-10, limit=200)[0] for u, v in pieces)
            except integrate.IntegrationWarning as exc:
                raise ValueError(f"the posterior moments cannot be integrated to 1e-10 for sigma2={sigma2:g}, "
                                 f"b={b:g} (the prior scale b against the likelihood's {sd:g}): {exc}") from None

    # with the prior's cuts the far pieces hold ~1e-28 of a mass of order b (the peak is 1 wide in
    # units of b): an absolute tolerance there, a purely relative one would chase rounding
    z0 = moment(0, 1e-14 * b if len(pieces) > 2 else 0.0)
    # a first moment may be 0 (that is the point of some examples): an absolute tolerance at
    # 1e-12 of the integral of |w| (bounded by the weights' scale), not a relative one
    scale = z0 * (abs(center) + float(np.max(np.abs(mode))) + sd + math.sqrt(s2_inner))
    mean = np.array([moment(1, 1e-12 * scale) / z0, moment(2, 1e-12 * scale) / z0])
    return LaplacePosterior2D(mean=mean, mode=mode, gram=G, xty=c, log_normalizer=shift + math.log(z0))


# --------------------------------------------------------------------------- an intercept with a flat prior
@dataclass(frozen=True)
class FlatInterceptProfile:
    """The intercept under a flat prior, profiled out on explicit symbols (see
    :func:`derive_flat_intercept_profile`)."""

    X: sp.Matrix
    y: sp.Matrix
    w: sp.Matrix
    intercept: sp.Symbol
    rss: sp.Expr  #: ‖y - β₀1 - Xw‖²
    intercept_hat: sp.Expr  #: the β₀ that minimizes it for fixed w: ȳ - x̄ᵀw
    centred_rss: sp.Expr  #: ‖(y - ȳ1) - (X - 1x̄ᵀ)w‖²
    completed_square_gap: sp.Expr  #: rss - n(β₀ - β̂₀(w))² - centred_rss, expanded (it is 0)


@validate_params(n=Count(minimum=1, maximum=8), d=Count(minimum=1, maximum=4))
def derive_flat_intercept_profile(n: int = 3, d: int = 2) -> FlatInterceptProfile:
    """Why a flat prior on the intercept is lasso on centred data.

    For ``y ~ N(β₀1 + Xw, σ²I)`` with a flat prior on ``β₀`` (and any prior on ``w`` that does not
    involve ``β₀``), ``‖y - β₀1 - Xw‖² = n(β₀ - β̂₀(w))² + ‖y_c - X_c w‖²`` with
    ``β̂₀(w) = ȳ - x̄ᵀw`` and centred ``y_c``, ``X_c``. Hence the joint MAP has ``β₀ = β̂₀(ŵ)`` and
    ``ŵ`` = the MAP on centred data; integrating ``β₀`` out instead gives the factor
    ``√(2πσ²/n)``, free of ``w``, so the marginal MAP of ``w`` is the same. Returned on explicit
    symbols (``n × d`` design); the caller checks the gap is 0.
    """
    X, y, w, _ = symbolic_linear_model(n, d, sp.Symbol("sigma2", positive=True), max_entries=30)
    beta0 = sp.Symbol("beta0", real=True)
    ones = sp.ones(X.shape[0], 1)
    r = y - beta0 * ones - X * w
    rss = sp.expand((r.T * r)[0, 0])
    (b0_hat,) = stationary_points(-rss, beta0)  # the intercept's mode (a minimizer of the RSS)
    ybar = sum(y) / n
    xbar = sp.Matrix([[sum(X[:, j]) / n for j in range(d)]])
    rc = (y - ybar * ones) - (X - ones * xbar) * w
    centred = sp.expand((rc.T * rc)[0, 0])
    gap = sp.expand(rss - n * (beta0 - b0_hat) ** 2 - centred)
    return FlatInterceptProfile(X=X, y=y, w=w, intercept=beta0, rss=rss, intercept_hat=sp.simplify(b0_hat),
                                centred_rss=centred, completed_square_gap=gap)


@validate_params(
    X=Matrix(),
    y=Vector(length="X.rows"),
    sigma2=Positive(),
    b=Positive(),
    tol=Real(1e-15, 1.0),
)
def lasso_map_with_intercept(X: object, y: object, sigma2: float, b: float, *,
                             tol: float = 1e-10) -> tuple[float, np.ndarray]:
    """The MAP ``(β₀, w)`` under ``y ~ N(β₀1 + Xw, σ²I)``, a flat prior on ``β₀`` and i.i.d.
    Laplace(0, b) priors on ``w``: ``ŵ = lasso_map(X - 1x̄ᵀ, y - ȳ1)`` and ``β̂₀ = ȳ - x̄ᵀŵ``
    (:func:`derive_flat_intercept_profile`). This is scikit-learn's ``Lasso(fit_intercept=True)``
    at ``alpha = σ²/(n b)``. Returns ``(intercept, w)``."""
    X, y = check_X_y(X, y)
    xbar, ybar = X.mean(axis=0), float(y.mean())
    w = lasso_map(X - xbar, y - ybar, sigma2, b, tol=tol)
    return ybar - float(xbar @ w), w
