"""Ridge regression is MAP under a Gaussian prior.

Model: ``y | X, w ~ N(Xw, σ² I_n)`` and ``w ~ N(0, τ² I_d)``. The negative log posterior is,
up to a constant free of ``w``,

    -log p(w | y) = ‖y - Xw‖² / (2σ²) + ‖w‖² / (2τ²) + const,

and multiplying by ``2σ² > 0`` (which does not move the minimizer) gives the ridge objective

    J(w) = ‖y - Xw‖² + λ ‖w‖²,   λ = σ² / τ².

Its gradient is ``∇J = H w + g0`` with ``H = 2(XᵀX + λI)`` (the Hessian, positive definite for
λ > 0) and ``g0 = -2Xᵀy``, so the unique minimizer is ``ŵ = -H⁻¹ g0 = (XᵀX + λI)⁻¹ Xᵀy``.
Completing the square shows the posterior is Gaussian, ``N(m, A⁻¹)`` with precision
``A = XᵀX/σ² + I/τ²`` and ``m = ŵ``: the MAP is also the posterior mean (Bishop 2006, §3.3;
Murphy 2022, §11.3).

:func:`derive_ridge_map` does this with SymPy ``MatrixSymbol``s for any ``n, d``;
:func:`ridge_concrete` repeats it on explicit small matrices of symbols built from
:func:`mapmath.priors.gaussian_density`, where ``solve`` can be used; :func:`ridge_map` is the
numeric solver.

Beyond the estimator: :func:`ridge_path_derivative` (how ŵ moves with λ, and why a coefficient can
grow), :func:`ridge_augmented_data` (ridge as least squares on ``d`` pseudo-observations),
:func:`ridge_map_diagonal` and :func:`ridge_map_intercept` (independent prior scales, a flat prior
on the intercept), :func:`standardize` and :func:`residual_variance` (the preprocessing a real data
set needs) and :func:`ridge_predictive` (the posterior predictive at new inputs). The SVD view
(shrinkage factors, degrees of freedom) is in :mod:`mapmath.ridge_svd`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np
import sympy as sp

from .linear_model import symbolic_linear_model
from .priors import gaussian_density
from .validation import (
    Checked,
    Count,
    Flag,
    Instance,
    Matrix,
    Positive,
    Real,
    RealArray,
    Vector,
    check_count,
    check_flag,
    check_matrix,
    check_positive,
    check_real,
    check_vector,
    check_X_y,
    float_ratio,
    validate_params,
)

__all__ = [
    "GaussianPosterior",
    "InterceptFit",
    "Predictive",
    "RidgeConcrete",
    "RidgeDerivation",
    "RidgePathZeros",
    "Standardized",
    "completed_square_gap",
    "derive_ridge_map",
    "least_squares",
    "matrix_identity_holds",
    "residual_variance",
    "ridge_augmented_data",
    "ridge_concrete",
    "ridge_lambda",
    "ridge_map",
    "ridge_map_diagonal",
    "ridge_map_intercept",
    "ridge_objective",
    "ridge_path",
    "ridge_path_derivative",
    "ridge_path_zeros",
    "ridge_posterior",
    "ridge_predictive",
    "squared_error_surface",
    "standardize",
    "two_feature_example",
]


# --------------------------------------------------------------------------- the λ mapping
@validate_params(sigma2=Positive(), tau2=Positive())
def ridge_lambda(sigma2: float, tau2: float) -> float:
    """The ridge strength of a Gaussian prior: ``λ = σ² / τ²`` (noise variance over prior variance).

    ``ValueError`` (naming ``sigma2`` and ``tau2``) when ``λ`` is beyond the float range; the
    estimators (:func:`ridge_map`) do not need it as a float and accept any such pair."""
    sigma2 = check_positive("sigma2", sigma2)
    tau2 = check_positive("tau2", tau2)
    return float_ratio("lambda = sigma2 / tau2", sigma2, tau2, "sigma2 and tau2")


# --------------------------------------------------------------------------- symbolic, any size
@validate_params(lhs=Checked("a SymPy matrix expression"), rhs=Checked("a SymPy matrix expression"))
def matrix_identity_holds(lhs: sp.MatrixExpr, rhs: sp.MatrixExpr) -> bool:
    """True when SymPy reduces the matrix expression ``lhs - rhs`` to the zero matrix.

    ``doit`` evaluates transposes of sums and products, ``expand`` distributes products, and the
    like terms then cancel; this proves identities of matrix expressions in ``MatrixSymbol``s.
    When they do not cancel, the difference is first evaluated exactly at one rational point
    (:func:`_nonzero_somewhere`): a nonzero value there proves it is no identity, without the
    slow ``simplify``, which is left for the differences that vanish at that point.
    """
    diff = sp.expand((lhs - rhs).doit())
    if getattr(diff, "is_ZeroMatrix", False) or diff == 0:
        return True
    if _nonzero_somewhere(diff):
        return False
    return bool(getattr(sp.simplify(diff), "is_ZeroMatrix", False))


def _nonzero_somewhere(diff: sp.MatrixExpr) -> bool:
    """True when ``diff`` is provably not the zero matrix: evaluated with every dimension symbol set
    to a small integer (2, 3, ...), every ``MatrixSymbol`` to a matrix of distinct rationals and
    every scalar symbol to a rational of the sign its assumptions allow, in exact arithmetic, some
    entry is nonzero. False when it vanishes there, is undefined there or cannot be evaluated (then
    nothing is known).
    """
    shapes = {s for m in diff.atoms(sp.MatrixSymbol) for s in m.shape if isinstance(s, sp.Symbol)}
    if any(not (s.is_integer and s.is_positive) for s in shapes):
        return False
    dims = {s: sp.Integer(2 + k) for k, s in enumerate(sorted(shapes, key=str))}
    sized = diff.subs(dims)
    values: dict = {}
    for k, m in enumerate(sorted(sized.atoms(sp.MatrixSymbol), key=str)):
        rows, cols = m.shape
        if not (rows.is_Integer and cols.is_Integer):
            return False
        values[m] = sp.ImmutableMatrix(
            rows, cols, lambda i, j, k=k: sp.Rational(3 + 7 * k + 2 * i + 5 * j, 5 + k + i + j))
    for k, s in enumerate(sorted(sized.free_symbols - set(values) - set(dims), key=str)):
        if s.is_integer:
            value = sp.Integer(2 + k)
        else:
            value = sp.Rational(2 + k, 3 + 2 * k)
        values[s] = -value if s.is_negative else value
    try:
        point = sp.Matrix(sized.xreplace(values).doit())
    except (TypeError, ValueError, AttributeError, sp.ShapeError):
        return False
    if not all(entry.is_finite for entry in point):
        return False  # undefined at this point (a pole): it says nothing about other points
    return any(entry.is_zero is False for entry in point)


@dataclass(frozen=True)
class RidgeDerivation:
    """The ridge-as-MAP derivation in matrix symbols (see :func:`derive_ridge_map`)."""

    X: sp.MatrixSymbol
    y: sp.MatrixSymbol
    w: sp.MatrixSymbol
    sigma2: sp.Symbol
    tau2: sp.Symbol
    lam: sp.Symbol
    neg_log_posterior: sp.MatrixExpr  #: ‖y-Xw‖²/(2σ²) + ‖w‖²/(2τ²), constants dropped (1×1)
    objective: sp.MatrixExpr  #: J(w) = ‖y-Xw‖² + λ‖w‖² (1×1), λ a free symbol
    lam_value: sp.Expr  #: σ²/τ²
    gradient_diff: sp.MatrixExpr  #: ∂J/∂w as SymPy differentiates it
    H: sp.MatrixExpr  #: 2(XᵀX + λI)
    g0: sp.MatrixExpr  #: -2Xᵀy
    gradient: sp.MatrixExpr  #: H w + g0
    hessian: sp.MatrixExpr  #: ∂(H w + g0)/∂w
    solution: sp.MatrixExpr  #: -H⁻¹ g0 = K⁻¹(-g0/2) with H = 2K
    closed_form: sp.MatrixExpr  #: (XᵀX + λI)⁻¹ Xᵀ y


def derive_ridge_map() -> RidgeDerivation:
    """Derive the ridge MAP estimator for ``n`` samples and ``d`` features, both symbolic.

    Returns the negative log posterior (Gaussian likelihood with variance σ², Gaussian prior with
    variance τ², constants dropped), the ridge objective, the gradient as SymPy's matrix
    derivative and in the form ``H w + g0``, the Hessian, and the stationary point ``-H⁻¹ g0``.
    The claims (``2σ²·(-log posterior) = J`` at ``λ = σ²/τ²``, ``∂J/∂w = H w + g0``, Hessian
    ``= H``) are left to the caller to check with :func:`matrix_identity_holds`.
    """
    n, d = sp.symbols("n d", integer=True, positive=True)
    X = sp.MatrixSymbol("X", n, d)
    y = sp.MatrixSymbol("y", n, 1)
    w = sp.MatrixSymbol("w", d, 1)
    sigma2, tau2, lam = sp.symbols("sigma2 tau2 lambda", positive=True)
    r = y - X * w
    nlp = (r.T * r) / (2 * sigma2) + (w.T * w) / (2 * tau2)
    objective = r.T * r + lam * w.T * w
    eye = sp.Identity(d)
    K = X.T * X + lam * eye
    H = 2 * K
    g0 = -2 * X.T * y
    gradient = H * w + g0
    # -H⁻¹ g0 with the scalar 2 taken out of the inverse: H⁻¹ = K⁻¹ / 2.
    solution = K.I * (-g0 / 2)
    return RidgeDerivation(
        X=X, y=y, w=w, sigma2=sigma2, tau2=tau2, lam=lam,
        neg_log_posterior=nlp, objective=objective, lam_value=sigma2 / tau2,
        gradient_diff=objective.diff(w), H=H, g0=g0, gradient=gradient,
        hessian=gradient.diff(w), solution=solution,
        closed_form=(X.T * X + lam * eye).I * X.T * y,
    )


# --------------------------------------------------------------------------- symbolic, explicit size
@dataclass(frozen=True)
class RidgeConcrete:
    """Ridge as MAP on explicit ``n × d`` matrices of symbols (see :func:`ridge_concrete`)."""

    X: sp.Matrix
    y: sp.Matrix
    w: sp.Matrix
    sigma2: sp.Symbol
    tau2: sp.Symbol
    neg_log_posterior: sp.Expr  #: -log[Π N(y_i | x_iᵀw, σ²) Π N(w_j | 0, τ²)], all constants kept
    objective: sp.Expr  #: ‖y-Xw‖² + (σ²/τ²)‖w‖²
    gradient: sp.Matrix  #: ∇J
    hessian: sp.Matrix  #: ∇²J
    stationary_point: sp.Matrix  #: the solution of ∇J = 0 found by ``sp.linsolve``
    closed_form: sp.Matrix  #: (XᵀX + λI)⁻¹Xᵀy with λ = σ²/τ²
    posterior_precision: sp.Matrix  #: A = XᵀX/σ² + I/τ²


@validate_params(n=Count(minimum=1, maximum=8), d=Count(minimum=1, maximum=2))
def ridge_concrete(n: int = 3, d: int = 2) -> RidgeConcrete:
    """Build the ridge MAP problem on an explicit ``n × d`` design of symbols and solve it.

    The negative log posterior is assembled from :func:`mapmath.priors.gaussian_density` (one
    factor per observation, one per weight); the stationarity system ``∇J = 0`` is solved with
    ``sp.linsolve``. Small sizes only (the closed form inverts a ``d × d`` symbolic matrix): ``d <= 2``
    and ``n·d <= 8``, each under about a second (``(3, 3)`` would take minutes).
    """
    if isinstance(d, int) and d > 2:  # a 3 × 3 symbolic inverse takes minutes: keep it small
        raise ValueError(f"n and d must satisfy d <= 2 and n*d <= 8 (symbolic solve), got n={n}, d={d}")
    sigma2, tau2 = sp.symbols("sigma2 tau2", positive=True)
    X, y, w, density = symbolic_linear_model(n, d, sigma2, max_entries=8)  # symbolic inverse: keep it small
    prior = sp.Mul(*[gaussian_density(w[j], 0, tau2) for j in range(d)])
    nlp = sp.expand(sp.expand_log(-sp.log(density * prior), force=True))
    lam = sigma2 / tau2
    r = y - X * w
    objective = sp.expand((r.T * r)[0, 0] + lam * (w.T * w)[0, 0])
    gradient = sp.Matrix([sp.diff(objective, wj) for wj in w])
    hessian = sp.hessian(objective, list(w))
    sol = sp.linsolve(list(gradient), list(w))  # linear in w: SymPy's linear solver
    if len(sol) != 1 or next(iter(sol)).free_symbols & set(w):  # pragma: no cover - SPD: one solution
        raise RuntimeError(f"expected one stationary point, got {sol}")
    stationary = sp.Matrix(list(next(iter(sol))))
    closed = (X.T * X + lam * sp.eye(d)).inv() * X.T * y
    precision = X.T * X / sigma2 + sp.eye(d) / tau2
    return RidgeConcrete(
        X=X, y=y, w=w, sigma2=sigma2, tau2=tau2, neg_log_posterior=nlp, objective=objective,
        gradient=gradient, hessian=hessian, stationary_point=stationary, closed_form=closed,
        posterior_precision=precision,
    )


@validate_params(concrete=Instance(RidgeConcrete))
def completed_square_gap(concrete: RidgeConcrete) -> sp.Matrix:
    """The gradient in ``w`` of ``-log p(w | y) - ½(w - m)ᵀA(w - m)``, with ``m`` the ridge closed form.

    ``A = XᵀX/σ² + I/τ²`` is the posterior precision. A zero vector proves that the negative log
    posterior is ``½(w - m)ᵀA(w - m)`` plus a constant: the posterior is ``N(m, A⁻¹)``, a Gaussian
    whose mode and mean are both ``m``. Entries are reduced with ``cancel`` (rational functions).
    """
    C = concrete
    m = C.closed_form
    quad = ((C.w - m).T * C.posterior_precision * (C.w - m))[0, 0] / 2
    gap = C.neg_log_posterior - quad
    return sp.Matrix([sp.cancel(sp.together(sp.diff(gap, wj))) for wj in C.w])


# --------------------------------------------------------------------------- numerics
@validate_params(X=Matrix(), y=Vector(length="X.rows"), sigma2=Positive(), tau2=Positive())
def ridge_map(X: object, y: object, sigma2: float, tau2: float) -> np.ndarray:
    """The MAP weights under ``y ~ N(Xw, σ²I)``, ``w ~ N(0, τ²I)``: ``(XᵀX + λI)⁻¹Xᵀy``, ``λ = σ²/τ²``.

    Solves a linear system (never forms an inverse): the ``d × d`` system ``(XᵀX + λI) w = Xᵀy``
    when ``d <= n``, else the ``n × n`` dual system ``(XXᵀ + λI) a = y`` with ``w = Xᵀa``
    (push-through identity); the estimate exists and is unique for any ``n, d``. When that
    system is ill-conditioned (condition number >= 1e12) or λ or its entries leave the float
    range, it uses the thin SVD ``X = U diag(s) Vᵀ`` instead: ``ŵ = V diag(s_k/(s_k² + λ)) Uᵀy``,
    with the shrinkage factors evaluated in log space, ``s/(s² + λ) = exp(log s - logaddexp(2 log s,
    log σ² - log τ²))``, so that no ratio of variances or squared singular value overflows or
    underflows to a wrong 0 (``ridge_map(X, y, 1e300, 1e-300)`` is the tiny, correctly rounded
    ``≈ Xᵀy·τ²/σ²``; ``ridge_map(X, y, 1e-300, 1e300)`` is the least-squares limit). Singular
    values below ``max(n, d)·ε·s_max`` count as 0 when λ is below that level too (the
    minimum-norm least-squares convention of ``numpy.linalg.lstsq``).
    """
    X, y = check_X_y(X, y)
    sigma2 = check_positive("sigma2", sigma2)
    tau2 = check_positive("tau2", tau2)
    n, d = X.shape
    with np.errstate(over="ignore", under="ignore", invalid="ignore"):
        lam = sigma2 / tau2
        M = X.T @ X + lam * np.eye(d) if d <= n else X @ X.T + lam * np.eye(n)
    if np.finfo(float).tiny <= lam < math.inf and np.all(np.isfinite(M)) and np.linalg.cond(M) < 1e12:
        # well-conditioned: the d × d primal system, or for d > n the push-through identity
        # (XᵀX + λI)⁻¹Xᵀ = Xᵀ(XXᵀ + λI)⁻¹ and the n × n dual system
        return np.linalg.solve(M, X.T @ y) if d <= n else X.T @ np.linalg.solve(M, y)
    return _ridge_map_svd(X, y, sigma2, tau2)


def _ridge_map_svd(X: np.ndarray, y: np.ndarray, sigma2: float, tau2: float) -> np.ndarray:
    """``V diag(s_k/(s_k² + λ)) Uᵀy`` with the factors in log space (see :func:`ridge_map`)."""
    U, sv, Vt = np.linalg.svd(X, full_matrices=False)
    log_lam = math.log(sigma2) - math.log(tau2)
    cutoff = max(X.shape) * np.finfo(float).eps * float(sv[0]) if sv.size else 0.0
    keep = (sv > cutoff) | ((sv > 0) & (2 * np.log(np.maximum(cutoff, np.finfo(float).tiny)) < log_lam))
    with np.errstate(divide="ignore", under="ignore"):
        log_s = np.log(np.where(keep, sv, 1.0))
        factors = np.where(keep, np.exp(log_s - np.logaddexp(2.0 * log_s, log_lam)), 0.0)
        w = Vt.T @ (factors * (U.T @ y))
    if not np.all(np.isfinite(w)):
        raise ValueError("the ridge MAP overflows the float range for these X, y, sigma2, tau2: rescale them")
    return w


@dataclass(frozen=True)
class GaussianPosterior:
    """The Gaussian posterior ``N(mean, covariance)`` of the ridge model."""

    mean: np.ndarray
    covariance: np.ndarray
    precision: np.ndarray


@validate_params(X=Matrix(), y=Vector(length="X.rows"), sigma2=Positive(), tau2=Positive())
def ridge_posterior(X: object, y: object, sigma2: float, tau2: float) -> GaussianPosterior:
    """The full posterior of ``w``: precision ``A = XᵀX/σ² + I/τ²``, mean ``A⁻¹Xᵀy/σ²``, covariance ``A⁻¹``.

    Computed in the Bayesian parametrization (precisions add), independently of :func:`ridge_map`.
    """
    X, y = check_X_y(X, y)
    sigma2 = check_positive("sigma2", sigma2)
    tau2 = check_positive("tau2", tau2)
    d = X.shape[1]
    with np.errstate(over="ignore", invalid="ignore"):
        precision = X.T @ X / sigma2 + np.eye(d) / tau2
        rhs = X.T @ y / sigma2
    if not (np.all(np.isfinite(precision)) and np.all(np.isfinite(rhs))):
        raise ValueError("the posterior precision XᵀX/σ² + I/τ² (or Xᵀy/σ²) overflows the float range: "
                         f"sigma2={sigma2:g} or tau2={tau2:g} is too small for this X and y")
    mean = np.linalg.solve(precision, rhs)
    covariance = np.linalg.solve(precision, np.eye(d))
    return GaussianPosterior(mean=mean, covariance=covariance, precision=precision)


@validate_params(X=Matrix(), y=Vector(length="X.rows"), w=Vector(length="X.cols"), lam=Real(0.0))
def ridge_objective(X: object, y: object, w: object, lam: float) -> float:
    """``J(w) = ‖y - Xw‖² + λ‖w‖²`` (λ >= 0)."""
    X, y = check_X_y(X, y)
    w = check_vector("w", w, length=X.shape[1], length_name="X.shape[1] (n_features)")
    lam = check_real("lam", lam, low=0.0)
    r = y - X @ w
    return float(r @ r + lam * (w @ w))


@validate_params(
    X=Matrix(),
    y=Vector(length="X.rows"),
    sigma2=Positive(),
    tau2_grid=Vector(low=0.0, low_open=True),
)
def ridge_path(X: object, y: object, sigma2: float, tau2_grid: object) -> np.ndarray:
    """Ridge MAP weights for each prior variance in ``tau2_grid``: an array of shape ``(len(grid), d)``."""
    X, y = check_X_y(X, y)
    grid = check_vector("tau2_grid", tau2_grid)
    if np.any(grid <= 0):
        raise ValueError("tau2_grid must contain only prior variances > 0")
    return np.array([ridge_map(X, y, sigma2, float(t)) for t in grid])


@dataclass(frozen=True)
class RidgePathZeros:
    """Where the ridge path crosses zero: ``tau2[j]`` holds the prior variances τ² > 0 (sorted) at
    which ``ŵ_j(τ²) = 0``; ``always_zero[j]`` is True when ``ŵ_j`` is zero for every τ²."""

    tau2: tuple[np.ndarray, ...]
    always_zero: np.ndarray


@validate_params(X=Matrix(), y=Vector(length="X.rows"), sigma2=Positive())
def ridge_path_zeros(X: object, y: object, sigma2: float) -> RidgePathZeros:
    """Every prior variance τ² > 0 at which a ridge MAP coefficient is exactly zero.

    With the eigendecomposition ``XᵀX = V diag(s) Vᵀ`` and ``c = Xᵀy``,
    ``ŵ(λ) = Σ_k v_k (v_kᵀc)/(s_k + λ)``, so ``ŵ_j(λ) = N_j(λ) / Π_k (s_k + λ)`` with
    ``N_j(λ) = Σ_k V_jk (v_kᵀc) Π_{l≠k} (s_l + λ)`` a polynomial of degree at most ``d - 1``.
    The denominator is positive for λ > 0, so ``ŵ_j`` is zero exactly at the positive roots of
    ``N_j``: either ``N_j ≡ 0`` (the coefficient is zero for every λ, ``always_zero[j]``) or at
    most ``d - 1`` isolated values of λ. A ridge coefficient can therefore cross zero along the
    path (with correlated features), but it is never held at zero on an interval of λ, unlike
    the lasso. The roots are returned as τ² = σ²/λ.
    """
    X, y = check_X_y(X, y)
    sigma2 = check_positive("sigma2", sigma2)
    d = X.shape[1]
    s, V = np.linalg.eigh(X.T @ X)
    s = np.clip(s, 0.0, None)                      # XᵀX is positive semidefinite
    coef = V * (V.T @ (X.T @ y))                   # coef[j, k] = V_jk (v_kᵀc)
    products = [np.poly(-np.delete(s, k)) for k in range(d)]   # Π_{l≠k}(λ + s_l), highest power first
    scale = max(float(np.abs(coef).max()), np.finfo(float).tiny) * max(1.0, float(s.max())) ** (d - 1)
    zeros, always = [], np.zeros(d, dtype=bool)
    for j in range(d):
        numerator = sum(coef[j, k] * products[k] for k in range(d)) if d > 1 else coef[j]
        numerator = np.atleast_1d(numerator)
        if np.all(np.abs(numerator) <= 1e-12 * scale):
            always[j] = True
            zeros.append(np.empty(0))
            continue
        roots = np.roots(np.trim_zeros(np.where(np.abs(numerator) <= 1e-14 * scale, 0.0, numerator), "f"))
        lam = roots.real[(np.abs(roots.imag) <= 1e-9 * np.maximum(1.0, np.abs(roots))) & (roots.real > 0)]
        zeros.append(np.sort(sigma2 / lam))
    return RidgePathZeros(tau2=tuple(zeros), always_zero=always)


@validate_params(X=Matrix(), y=Vector(length="X.rows"))
def least_squares(X: object, y: object) -> np.ndarray:
    """The (minimum-norm) least-squares weights, the τ² → ∞ limit of :func:`ridge_map`."""
    X, y = check_X_y(X, y)
    return np.linalg.lstsq(X, y, rcond=None)[0]


@validate_params(X=Matrix(cols=2), y=Vector(length="X.rows"), w1=RealArray(), w2=RealArray())
def squared_error_surface(X: object, y: object, w1: object, w2: object) -> np.ndarray:
    """``‖y - Xw‖²`` on a grid of two-feature weights ``w = (w1, w2)`` (``X`` must have 2 columns).

    ``w1`` and ``w2`` are arrays of the same shape (e.g. from ``np.meshgrid``); the result has
    that shape. Used to draw the likelihood contours of a two-weight problem.
    """
    X, y = check_X_y(X, y)
    if X.shape[1] != 2:
        raise ValueError(f"X must have exactly 2 columns for a 2-D surface, got {X.shape[1]}")
    w1 = np.asarray(w1, dtype=float)
    w2 = np.asarray(w2, dtype=float)
    if w1.shape != w2.shape:
        raise ValueError(f"w1 and w2 must have the same shape, got {w1.shape} and {w2.shape}")
    G = X.T @ X
    c = X.T @ y
    return G[0, 0] * w1**2 + 2 * G[0, 1] * w1 * w2 + G[1, 1] * w2**2 - 2 * (c[0] * w1 + c[1] * w2) + y @ y


# --------------------------------------------------------------------------- how ŵ moves with λ
@validate_params(X=Matrix(), y=Vector(length="X.rows"), lam=Positive())
def ridge_path_derivative(X: object, y: object, lam: float) -> np.ndarray:
    """``dŵ/dλ = -(XᵀX + λI)⁻¹ ŵ(λ)`` at ``λ > 0``, with ``ŵ(λ) = (XᵀX + λI)⁻¹Xᵀy``.

    Differentiating ``(XᵀX + λI) ŵ(λ) = Xᵀy`` in λ gives ``ŵ(λ) + (XᵀX + λI) dŵ/dλ = 0``. Two
    consequences: ``d‖ŵ‖²/dλ = 2ŵᵀ dŵ/dλ = -2ŵᵀ(XᵀX + λI)⁻¹ŵ < 0`` for ``ŵ ≠ 0`` (the norm always
    shrinks), while a single coordinate moves by ``-[(XᵀX + λI)⁻¹ŵ]_j``, which can have the sign of
    ``ŵ_j`` when the features are correlated: that coefficient grows in magnitude.
    """
    X, y = check_X_y(X, y)
    lam = check_positive("lam", lam)
    K = X.T @ X + lam * np.eye(X.shape[1])
    return -np.linalg.solve(K, np.linalg.solve(K, X.T @ y))


@validate_params(seed=Count(), n=Count(minimum=2, maximum=10**6))
def two_feature_example(seed: int = 20260304, n: int = 40) -> tuple[np.ndarray, np.ndarray]:
    """Two correlated features and a response: the data of chapter 4's penalty-geometry figure.

    With ``rng = numpy.random.default_rng(seed)``: ``Z = rng.normal(size=(n, 2))``, ``x_1 = Z[:, 0]``,
    ``x_2 = 0.6 x_1 + 0.8 Z[:, 1]`` (unit variance, correlation 0.6), and
    ``y = 2 x_1 + 0.4 x_2 + ε`` with ``ε = rng.normal(size=n)``. Returns ``(X, y)``.
    """
    seed = check_count("seed", seed)
    n = check_count("n", n, minimum=2)
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, 2))
    X[:, 1] = 0.6 * X[:, 0] + 0.8 * X[:, 1]
    y = X @ np.array([2.0, 0.4]) + rng.normal(size=n)
    return X, y


@validate_params(X=Matrix(), y=Vector(length="X.rows"), lam=Real(0.0))
def ridge_augmented_data(X: object, y: object, lam: float) -> tuple[np.ndarray, np.ndarray]:
    """Ridge as least squares on augmented data: ``X_aug = [X; √λ I_d]``, ``y_aug = [y; 0_d]``.

    ``‖y_aug - X_aug w‖² = ‖y - Xw‖² + λ‖w‖²``: the prior ``N(0, τ²I)`` acts like ``d``
    pseudo-observations, one per weight, of the value 0 with input ``√λ e_j`` (``λ = σ²/τ²``), so
    ordinary least squares on ``(X_aug, y_aug)`` returns the ridge MAP (Hastie, Tibshirani &
    Friedman 2009, ch. 3, exercise 12). ``λ >= 0``.
    """
    X, y = check_X_y(X, y)
    lam = check_real("lam", lam, low=0.0)
    d = X.shape[1]
    return np.vstack([X, np.sqrt(lam) * np.eye(d)]), np.concatenate([y, np.zeros(d)])


# --------------------------------------------------------------------------- prior scales, intercept
@validate_params(
    X=Matrix(),
    y=Vector(length="X.rows"),
    sigma2=Positive(),
    prior_precisions=Vector(length="X.cols", low=0.0),
)
def ridge_map_diagonal(X: object, y: object, sigma2: float, prior_precisions: object) -> np.ndarray:
    """The MAP under ``y ~ N(Xw, σ²I)`` and independent priors ``w_j ~ N(0, 1/p_j)``; ``p_j = 0`` is a
    flat prior on ``w_j``.

    The negative log posterior is ``‖y - Xw‖²/(2σ²) + Σ_j p_j w_j²/2`` plus a constant, minimized by
    the solution of ``(XᵀX + σ² diag(p)) w = Xᵀy``. With every ``p_j = 1/τ²`` this is
    :func:`ridge_map`. ``ValueError`` (naming ``prior_precisions``) when the system is singular: a
    direction of ``w`` that neither the data nor the prior determine has no unique MAP.
    """
    X, y = check_X_y(X, y)
    sigma2 = check_positive("sigma2", sigma2)
    d = X.shape[1]
    p = check_vector("prior_precisions", prior_precisions, length=d, length_name="X.shape[1] (n_features)")
    if np.any(p < 0):
        raise ValueError("prior_precisions must be >= 0 (0 is a flat prior), got a negative entry")
    with np.errstate(over="ignore", invalid="ignore"):
        M = X.T @ X + sigma2 * np.diag(p)
    if not np.all(np.isfinite(M)):
        raise ValueError("XᵀX + σ² diag(prior_precisions) overflows the float range: rescale sigma2 or "
                         "prior_precisions")
    if np.linalg.cond(M) >= 1e12:
        raise ValueError("XᵀX + σ² diag(prior_precisions) is singular: a flat-prior direction "
                         "(prior_precisions = 0) is not determined by the columns of X")
    return np.linalg.solve(M, X.T @ y)


class InterceptFit(NamedTuple):
    """A ridge fit with an unpenalized intercept: ``y ≈ intercept + X coef``."""

    intercept: float
    coef: np.ndarray


@validate_params(X=Matrix(), y=Vector(length="X.rows"), sigma2=Positive(), tau2=Positive())
def ridge_map_intercept(X: object, y: object, sigma2: float, tau2: float) -> InterceptFit:
    """The MAP of ``y ~ N(b1 + Xw, σ²I)`` with a flat prior on the intercept ``b`` and ``w ~ N(0, τ²I)``.

    Computed on the design ``[1, X]`` with prior precisions ``(0, 1/τ², …, 1/τ²)`` by
    :func:`ridge_map_diagonal`. Setting the derivative in ``b`` to zero gives ``b = ȳ - x̄ᵀw``, and
    substituting it leaves ridge on the centred data ``X - x̄``, ``y - ȳ``: the same estimate as
    scikit-learn's ``Ridge(alpha=σ²/τ², fit_intercept=True)``, which centres (the tests check both).
    """
    X, y = check_X_y(X, y)
    sigma2 = check_positive("sigma2", sigma2)
    tau2 = check_positive("tau2", tau2)
    d = X.shape[1]
    with np.errstate(over="ignore"):
        precision = np.full(d, 1.0 / tau2)
    if not np.all(np.isfinite(precision)):
        raise ValueError(f"1/tau2 overflows the float range: tau2={tau2:g} is too small")
    full = ridge_map_diagonal(np.column_stack([np.ones(X.shape[0]), X]), y, sigma2,
                              np.concatenate([[0.0], precision]))
    return InterceptFit(intercept=float(full[0]), coef=full[1:])


class Standardized(NamedTuple):
    """Standardized features ``values = (X - mean)/scale`` (columns of mean 0 and variance 1)."""

    values: np.ndarray
    mean: np.ndarray
    scale: np.ndarray


@validate_params(X=Matrix())
def standardize(X: object) -> Standardized:
    """Centre each column of ``X`` and divide it by its standard deviation (``ddof = 0``, the
    convention of scikit-learn's ``StandardScaler``). A coefficient ``β_j`` on the standardized
    column is ``β_j/scale_j`` per original unit. ``ValueError`` for a constant column."""
    X = check_matrix("X", X)
    top = np.max(np.abs(X), axis=0)
    # entries beyond 1e±150: squares overflow or underflow; then work in units of max |X_j|
    rescale = bool(np.any((top > 1e150) | ((top < 1e-150) & (top > 0))))
    if rescale:
        Xs = X / np.where(top > 0, top, 1.0)
        mean_s, scale_s = Xs.mean(axis=0), Xs.std(axis=0)
        mean, scale = mean_s * top, scale_s * top
    else:
        mean, scale = X.mean(axis=0), X.std(axis=0)
    # constant: the spread is rounding-level relative to the column's size (in any units)
    if X.shape[0] < 2 or np.any(scale <= 4 * np.finfo(float).eps * top):
        raise ValueError("X must have at least 2 rows and no constant column to be standardized")
    if rescale:
        return Standardized(values=(Xs - mean_s) / scale_s, mean=mean, scale=scale)
    return Standardized(values=(X - mean) / scale, mean=mean, scale=scale)


@validate_params(X=Matrix(), y=Vector(length="X.rows"))
def residual_variance(X: object, y: object) -> float:
    """The unbiased noise-variance estimate of least squares with an intercept,
    ``σ̂² = ‖y - b̂ - Xŵ‖²/(n - rank[1, X])``."""
    X, y = check_X_y(X, y)
    Z = np.column_stack([np.ones(X.shape[0]), X])
    coef, _, rank, _ = np.linalg.lstsq(Z, y, rcond=None)
    dof = X.shape[0] - int(rank)
    if dof < 1:
        raise ValueError(f"residual_variance needs more observations than parameters: n={X.shape[0]}, "
                         f"rank of [1, X] = {rank}")
    r = y - Z @ coef
    return float(r @ r / dof)


# --------------------------------------------------------------------------- posterior predictive
class Predictive(NamedTuple):
    """The Gaussian posterior predictive ``N(mean, variance)`` of a new response, per new input:
    ``variance = sigma2 + parameter_variance``."""

    mean: np.ndarray
    variance: np.ndarray
    parameter_variance: np.ndarray


@validate_params(
    X=Matrix(),
    y=Vector(length="X.rows"),
    sigma2=Positive(),
    tau2=Positive(),
    X_new=Matrix(cols="X.cols"),
    intercept=Flag(),
)
def ridge_predictive(X: object, y: object, sigma2: float, tau2: float, X_new: object, *,
                     intercept: bool = False) -> Predictive:
    """``p(y* | x*, y) = N(x*ᵀm, σ² + x*ᵀS x*)`` for each row ``x*`` of ``X_new``.

    ``m`` and ``S = A⁻¹`` are the posterior mean and covariance of the weights, ``A = XᵀX/σ² + I/τ²``
    (:func:`ridge_posterior`): ``y* = x*ᵀw + ε`` with ``w ~ N(m, S)`` and ``ε ~ N(0, σ²)``
    independent, so the variance is the noise ``σ²`` plus the parameter uncertainty ``x*ᵀS x*``
    (Bishop 2006, eq. 3.58-3.59). With ``intercept=True`` the model is ``y ~ N(b1 + Xw, σ²I)`` with
    a flat prior on ``b`` (as in :func:`ridge_map_intercept`): the design is ``[1, X]``, the prior
    precisions ``(0, 1/τ², …)``, and ``b``'s own uncertainty enters ``parameter_variance``.
    """
    X, y = check_X_y(X, y)
    sigma2 = check_positive("sigma2", sigma2)
    tau2 = check_positive("tau2", tau2)
    Xn = check_matrix("X_new", X_new)
    if Xn.shape[1] != X.shape[1]:
        raise ValueError(f"X_new must have {X.shape[1]} columns (one per column of X), got {Xn.shape[1]}")
    if check_flag("intercept", intercept):
        X = np.column_stack([np.ones(X.shape[0]), X])
        Xn = np.column_stack([np.ones(Xn.shape[0]), Xn])
        prior = np.concatenate([[0.0], np.full(X.shape[1] - 1, 1.0 / tau2)])
    else:
        prior = np.full(X.shape[1], 1.0 / tau2)
    with np.errstate(over="ignore", invalid="ignore"):
        precision = X.T @ X / sigma2 + np.diag(prior)
        rhs = X.T @ y / sigma2
    if not (np.all(np.isfinite(precision)) and np.all(np.isfinite(rhs))):
        raise ValueError("the posterior precision overflows the float range: "
                         f"sigma2={sigma2:g} or tau2={tau2:g} is too small for this X and y")
    mean = np.linalg.solve(precision, rhs)  # positive definite: the flat direction b is fixed by the 1 column
    covariance = np.linalg.solve(precision, np.eye(X.shape[1]))
    param = np.einsum("ij,jk,ik->i", Xn, covariance, Xn)
    return Predictive(mean=Xn @ mean, variance=sigma2 + param, parameter_variance=param)
