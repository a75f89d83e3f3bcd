"""Ridge through the singular value decomposition: shrinkage factors, degrees of freedom, the hat matrix.

With the thin SVD ``X = U D Vᵀ`` (``U`` is ``n × r`` and ``V`` is ``d × r`` with orthonormal columns,
``D = diag(d_1 >= … >= d_r > 0)``, ``r`` the rank), ``XᵀX + λI = V(D² + λI)Vᵀ + λ(I - VVᵀ)``, so for
``λ > 0``

    ŵ(λ) = (XᵀX + λI)⁻¹Xᵀy = Σ_j v_j · d_j/(d_j² + λ) · u_jᵀy,
    Xŵ(λ) = Σ_j u_j · d_j²/(d_j² + λ) · u_jᵀy.

Least squares keeps the component ``u_jᵀy`` of ``y`` along each principal direction ``u_j``; ridge
multiplies it by the **shrinkage factor** ``d_j²/(d_j² + λ) ∈ (0, 1)``, close to 1 for a direction
the data pin down (``d_j² ≫ λ``) and close to 0 for a direction they barely see (Hastie,
Tibshirani & Friedman 2009, §3.4.1). In the principal coordinates ``v_jᵀw`` the estimate is the
least-squares coordinate ``u_jᵀy/d_j`` times the same factor, and the squared norm
``‖ŵ(λ)‖² = Σ_j d_j²(u_jᵀy)²/(d_j² + λ)²`` decreases in λ.

The **effective degrees of freedom** ``df(λ) = tr H_λ = Σ_j d_j²/(d_j² + λ)`` is the trace of the
hat matrix ``H_λ = X(XᵀX + λI)⁻¹Xᵀ`` (``ŷ = H_λ y``); it falls from the rank ``r`` at ``λ = 0`` to
0 as ``λ → ∞``. With ``λ = σ²/τ²`` it is Bishop's number of well-determined parameters
``γ = Σ_i λ_i/(α + λ_i)`` (Bishop 2006, §3.5.3; ``λ_i = d_i²/σ²`` the eigenvalues of the data
precision ``XᵀX/σ²`` and ``α = 1/τ²``).

:func:`derive_ridge_svd` checks these identities in SymPy on a small design; the numeric functions
below compute them, and the tests compare them with :func:`mapmath.ridge.ridge_map`, NumPy's
``pinv``/``lstsq`` and scikit-learn's ``RidgeCV``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import sympy as sp

from .validation import (
    Matrix,
    Positive,
    Real,
    RealArray,
    Vector,
    check_matrix,
    check_positive,
    check_real,
    check_X_y,
    validate_params,
)

__all__ = [
    "RidgeSVDDerivation",
    "RidgeSVDView",
    "derive_ridge_svd",
    "effective_df",
    "ridge_hat_matrix",
    "ridge_loo_mse",
    "ridge_loo_mse_path",
    "ridge_svd_view",
    "shrinkage_factors",
]


# --------------------------------------------------------------------------- symbolic, small case
@dataclass(frozen=True)
class RidgeSVDDerivation:
    """Ridge on a 3 × 2 design ``X = U D Vᵀ`` with symbolic singular values (see :func:`derive_ridge_svd`)."""

    U: sp.Matrix  #: 3 × 2, orthonormal columns (exact rationals)
    V: sp.Matrix  #: 2 × 2 rotation (exact rationals)
    D: sp.Matrix  #: diag(d_1, d_2), symbolic
    X: sp.Matrix  #: U D Vᵀ
    y: sp.Matrix  #: (y1, y2, y3), symbolic
    lam: sp.Symbol  #: λ > 0
    K: sp.Matrix  #: XᵀX + λI
    closed_form: sp.Matrix  #: (XᵀX + λI)⁻¹Xᵀy, by solving the linear system
    fitted: sp.Matrix  #: X times the closed form
    factors: sp.Matrix  #: diag(d_j²/(d_j² + λ))
    fitted_svd: sp.Matrix  #: U diag(d_j²/(d_j² + λ)) Uᵀ y
    coef_svd: sp.Matrix  #: V diag(d_j/(d_j² + λ)) Uᵀ y
    principal_coef: sp.Matrix  #: Vᵀ ŵ, the estimate in the principal coordinates
    principal_ls: sp.Matrix  #: (u_jᵀy/d_j), least squares in the principal coordinates
    df: sp.Expr  #: tr X(XᵀX + λI)⁻¹Xᵀ
    df_svd: sp.Expr  #: Σ d_j²/(d_j² + λ)
    norm2: sp.Expr  #: ‖ŵ‖² from the closed form
    norm2_svd: sp.Expr  #: Σ d_j²(u_jᵀy)²/(d_j² + λ)²
    dnorm2_svd: sp.Expr  #: d‖ŵ‖²/dλ from the SVD form
    dcoef: sp.Matrix  #: dŵ/dλ by differentiating the closed form


def derive_ridge_svd() -> RidgeSVDDerivation:
    """Ridge on ``X = U D Vᵀ``, 3 observations and 2 features, with ``D = diag(d_1, d_2)``, ``λ`` and
    ``y`` symbolic and an exact orthogonal frame (``U`` from the Pythagorean quadruples (1, 2, 2)/3
    and (2, 1, -2)/3, ``V`` the 3-4-5 rotation), so that SymPy solves the system in seconds.

    Returns the closed form ``(XᵀX + λI)⁻¹Xᵀy`` (by Cramer's rule), the fitted values, and the SVD
    forms they should equal: ``Xŵ = U diag(d_j²/(d_j²+λ)) Uᵀy``, ``ŵ = V diag(d_j/(d_j²+λ)) Uᵀy``,
    ``Vᵀŵ = diag(d_j²/(d_j²+λ)) · (u_jᵀy/d_j)``, ``tr H = Σ d_j²/(d_j²+λ)``,
    ``‖ŵ‖² = Σ d_j²(u_jᵀy)²/(d_j²+λ)²`` and its λ-derivative, and ``dŵ/dλ`` by differentiating the
    closed form (which should satisfy ``K dŵ/dλ = -ŵ``, ``K = XᵀX + λI``). The caller checks that
    each pair agrees (``sp.cancel`` of the difference is zero).
    """
    d1, d2, lam = sp.symbols("d_1 d_2 lambda", positive=True)
    y = sp.Matrix(3, 1, lambda i, _: sp.Symbol(f"y{i + 1}", real=True))
    U = sp.Matrix([[1, 2], [2, 1], [2, -2]]) / 3
    V = sp.Matrix([[3, -4], [4, 3]]) / 5
    D = sp.diag(d1, d2)
    X = U * D * V.T
    K = (X.T * X + lam * sp.eye(2)).applyfunc(sp.expand)
    # Cramer's rule, K⁻¹ = adj(K)/det(K): with the determinant factored, SymPy needs no cancelling
    det = sp.factor(K.det())
    adj = K.adjugate()
    w = (adj * X.T * y).applyfunc(sp.expand) / det
    dvals = [d1, d2]
    F = sp.diag(*[d**2 / (d**2 + lam) for d in dvals])
    z = U.T * y  # u_jᵀy
    norm2_svd = sum(dvals[j] ** 2 * z[j] ** 2 / (dvals[j] ** 2 + lam) ** 2 for j in range(2))
    return RidgeSVDDerivation(
        U=U, V=V, D=D, X=X, y=y, lam=lam, K=K, closed_form=w, fitted=X * w, factors=F,
        fitted_svd=U * F * U.T * y,
        coef_svd=V * sp.diag(*[d / (d**2 + lam) for d in dvals]) * z,
        principal_coef=V.T * w,
        principal_ls=sp.Matrix([z[j] / dvals[j] for j in range(2)]),
        df=sp.expand((adj * X.T * X).trace()) / det, df_svd=F.trace(),  # tr X K⁻¹Xᵀ = tr K⁻¹XᵀX
        norm2=(w.T * w)[0, 0], norm2_svd=norm2_svd, dnorm2_svd=sp.diff(norm2_svd, lam),
        dcoef=w.diff(lam),
    )


# --------------------------------------------------------------------------- numerics
def _lam(lam: object) -> float:
    return check_real("lam", lam, low=0.0)


def _singular_values(X: np.ndarray) -> np.ndarray:
    """Singular values of ``X`` above the rank cutoff ``max(n, d)·ε·d_1`` (those below count as 0)."""
    s = np.linalg.svd(X, compute_uv=False)
    if s.size == 0:
        return s
    return s[s > max(X.shape) * np.finfo(float).eps * s[0]]


def _factors(s: np.ndarray, lam: float) -> np.ndarray:
    # d²/(d² + λ) written as 1/(1 + λ/d²): no overflow of d² for huge d, exactly 1 at λ = 0
    return 1.0 / (1.0 + lam / s**2)


@validate_params(X=Matrix(), lam=Real(0.0))
def shrinkage_factors(X: object, lam: float) -> np.ndarray:
    """``d_j²/(d_j² + λ)`` for the nonzero singular values ``d_1 >= d_2 >= …`` of ``X`` (``λ >= 0``).

    Singular values below ``max(n, d)·ε·d_1`` count as 0 and are left out (the rank convention of
    ``numpy.linalg.matrix_rank``), so at ``λ = 0`` every factor is 1 and there are ``rank(X)`` of them.
    """
    X = check_matrix("X", X)
    return _factors(_singular_values(X), _lam(lam))


@validate_params(X=Matrix(), lam=Real(0.0))
def effective_df(X: object, lam: float) -> float:
    """The effective degrees of freedom of ridge, ``df(λ) = Σ_j d_j²/(d_j² + λ)`` (``λ >= 0``).

    Equal to ``tr X(XᵀX + λI)⁻¹Xᵀ`` for ``λ > 0`` and to ``rank(X)`` at ``λ = 0``; with ``λ = σ²/τ²``
    it is Bishop's ``γ`` (PRML eq. 3.91)."""
    return float(np.sum(shrinkage_factors(X, lam)))


@validate_params(X=Matrix(), lam=Positive())
def ridge_hat_matrix(X: object, lam: float) -> np.ndarray:
    """The ridge hat matrix ``H_λ = X(XᵀX + λI)⁻¹Xᵀ`` (``λ > 0``), computed by solving the linear
    system, without the SVD: ``ŷ = H_λ y`` are the fitted values of the ridge MAP."""
    X = check_matrix("X", X)
    lam = check_positive("lam", lam)
    d = X.shape[1]
    return X @ np.linalg.solve(X.T @ X + lam * np.eye(d), X.T)


@validate_params(X=Matrix(), y=Vector(length="X.rows"), lam=Positive())
def ridge_loo_mse(X: object, y: object, lam: float) -> float:
    """Leave-one-out mean squared prediction error of ridge (no intercept), ``λ > 0``.

    Refitting without observation ``i`` changes its prediction error from the residual ``e_i`` to
    ``e_i/(1 - H_ii)`` (the Sherman–Morrison identity for the hat matrix ``H_λ``), so the LOO error
    is ``mean((e_i/(1 - H_ii))²)`` from a single fit (Hastie, Tibshirani & Friedman 2009, §7.10).
    """
    X, y = check_X_y(X, y)
    H = ridge_hat_matrix(X, lam)
    loo = (y - H @ y) / (1.0 - np.diag(H))
    return float(np.mean(loo**2))


@validate_params(X=Matrix(), y=Vector(length="X.rows"), lams=RealArray(0.0, low_open=True))
def ridge_loo_mse_path(X: object, y: object, lams: object) -> np.ndarray:
    """The leave-one-out mean squared error of ridge (no intercept) at every ``λ > 0`` of ``lams``.

    The criterion of :func:`ridge_loo_mse`, ``mean((e_i/(1 - H_ii))²)``, for a whole grid from one
    thin SVD ``X = U D Vᵀ``: ``H_λ = U diag(f) Uᵀ`` with the shrinkage factors
    ``f_j = d_j²/(d_j² + λ)``, so ``H_ii = Σ_j U_ij² f_j`` and the residual is
    ``e = y - U (f ⊙ Uᵀy)``; each ``λ`` costs ``O(n r)`` instead of a ``d × d`` solve and an
    ``n × n`` hat matrix. Returns an array of the shape of ``lams``.
    """
    X, y = check_X_y(X, y)
    lams = np.asarray(lams, dtype=float)
    if lams.ndim > 1 or lams.size == 0:
        raise ValueError(f"lams must be a scalar or a non-empty 1-d array of λ > 0, got shape {lams.shape}")
    if not np.all(np.isfinite(lams) & (lams > 0)):
        raise ValueError(f"lams must be finite and > 0, got {lams}")
    U, s, _ = np.linalg.svd(X, full_matrices=False)
    keep = s > max(X.shape) * np.finfo(float).eps * s[0]
    U, s = U[:, keep], s[keep]
    F = 1.0 / (1.0 + np.atleast_1d(lams)[:, None] / s**2)  # (L, r): d²/(d² + λ)
    residual = y - (F * (U.T @ y)) @ U.T  # (L, n)
    leverage = F @ (U**2).T  # (L, n): diag H_λ
    loo = np.mean((residual / (1.0 - leverage)) ** 2, axis=1)
    return loo.reshape(lams.shape)


@dataclass(frozen=True)
class RidgeSVDView:
    """Ridge in the principal directions of ``X`` (see :func:`ridge_svd_view`); ``r`` = rank of ``X``."""

    singular_values: np.ndarray  #: d_1 >= … >= d_r > 0
    U: np.ndarray  #: n × r, left singular vectors (principal directions in observation space)
    V: np.ndarray  #: d × r, right singular vectors (principal directions in weight space)
    factors: np.ndarray  #: d_j²/(d_j² + λ)
    df: float  #: Σ factors
    coef: np.ndarray  #: Σ_j v_j d_j/(d_j² + λ) u_jᵀy
    fitted: np.ndarray  #: Σ_j u_j d_j²/(d_j² + λ) u_jᵀy
    principal_ls: np.ndarray  #: u_jᵀy/d_j, least squares in the principal coordinates
    principal_coef: np.ndarray  #: factors · principal_ls = Vᵀ coef


@validate_params(X=Matrix(), y=Vector(length="X.rows"), lam=Real(0.0))
def ridge_svd_view(X: object, y: object, lam: float) -> RidgeSVDView:
    """The ridge estimate built from the thin SVD ``X = U D Vᵀ`` (``λ >= 0``).

    ``coef = V diag(d_j/(d_j² + λ)) Uᵀy`` (at ``λ = 0`` the minimum-norm least-squares solution),
    ``fitted = U diag(d_j²/(d_j² + λ)) Uᵀy``, and the principal coordinates ``Vᵀcoef`` as the
    shrinkage factors times the least-squares coordinates ``u_jᵀy/d_j``. Singular values below the
    rank cutoff of :func:`shrinkage_factors` are dropped.
    """
    X, y = check_X_y(X, y)
    lam = _lam(lam)
    U, s, Vt = np.linalg.svd(X, full_matrices=False)
    keep = s > max(X.shape) * np.finfo(float).eps * s[0] if s.size else np.zeros(0, dtype=bool)
    U, s, V = U[:, keep], s[keep], Vt[keep].T
    z = U.T @ y
    f = _factors(s, lam)
    principal_ls = z / s
    principal = f * principal_ls
    return RidgeSVDView(singular_values=s, U=U, V=V, factors=f, df=float(f.sum()), coef=V @ principal,
                        fitted=U @ (f * z), principal_ls=principal_ls, principal_coef=principal)
