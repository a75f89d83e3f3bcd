"""The evidence (type-II maximum likelihood) for ridge and for automatic relevance determination.

Model (Bishop 2006 §3.5, with Bishop's precisions): ``y | w ~ N(Xw, β⁻¹ I_N)`` and
``w ~ N(0, A⁻¹)``, where ``A = α I`` (ridge: one prior precision) or ``A = diag(α_1, …, α_M)``
(ARD: one per weight). Integrating ``w`` out gives the evidence

    log p(y | α, β) = (M/2) log α + (N/2) log β - E(m) - ½ log|S⁻¹| - (N/2) log 2π     (PRML 3.86)

with ``S⁻¹ = A + β XᵀX``, the posterior mean ``m = β S Xᵀy`` and ``E(m) = (β/2)‖y - Xm‖² + (α/2)‖m‖²``.
It equals ``log N(y; 0, β⁻¹ I + α⁻¹ X Xᵀ)``, the marginal likelihood of
:func:`mapmath.hierarchical_scale.log_marginal_likelihood` with ``σ² = 1/β`` and ``τ² = 1/α``.

Setting its derivatives to zero gives MacKay's (1992) re-estimation equations, a fixed point
(PRML §3.5.2): with ``λ_i`` the eigenvalues of ``β XᵀX``,

    γ = Σ_i λ_i/(α + λ_i)        (the effective number of well-determined parameters),
    α = γ / mᵀm,                 1/β = ‖y - Xm‖² / (N - γ).

For ARD (MacKay 1994; Tipping 2001) the same argument weight by weight gives
``γ_i = 1 - α_i S_ii`` and ``α_i = γ_i / m_i²``; weights whose ``α_i`` diverges are pruned (their
posterior is a spike at zero). scikit-learn's ``BayesianRidge`` and ``ARDRegression`` iterate the
same equations (with Gamma hyperpriors whose parameters can be set to 0); their ``alpha_`` is the
noise precision β and their ``lambda_`` the weight precision α.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import sympy as sp

from .validation import (
    ConvergenceWarning,
    Count,
    IsCallable,
    Matrix,
    Positive,
    Vector,
    check_X_y,
    validate_params,
)

__all__ = [
    "ARDFit",
    "EvidenceFit",
    "EvidenceStationarity",
    "ard_fit",
    "derive_evidence_stationarity",
    "effective_parameters",
    "evidence_fixed_point",
    "kfold_mse",
    "log_evidence",
]


@validate_params(eigenvalues=Vector(low=0.0), alpha=Positive())
def effective_parameters(eigenvalues: object, alpha: float) -> float:
    """``γ = Σ_i λ_i/(α + λ_i)`` for the eigenvalues ``λ_i >= 0`` of the data precision ``β XᵀX``
    and the prior precision ``α > 0`` (PRML 3.91): each well-determined direction (``λ_i ≫ α``)
    counts about 1, each prior-dominated one (``λ_i ≪ α``) about 0."""
    lam = np.asarray(eigenvalues, dtype=float)
    return float(np.sum(lam / (alpha + lam)))


def _evidence(alpha: float, beta: float, d2: np.ndarray, z: np.ndarray, rest: float, n: int) -> float:
    """PRML 3.86 through the SVD: ``d2`` squared singular values, ``z = Uᵀy``, ``rest = ‖y‖² - ‖z‖²``."""
    ev = 1.0 / beta + d2 / alpha  # eigenvalues of β⁻¹I + α⁻¹XXᵀ along U
    k = d2.size
    return float(-0.5 * np.sum(np.log(2 * np.pi * ev) + z**2 / ev)
                 - 0.5 * ((n - k) * np.log(2 * np.pi / beta) + beta * rest))


def _svd(X: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, float]:
    U, s, Vt = np.linalg.svd(X, full_matrices=False)
    z = U.T @ y
    return s, Vt, z, float(max(y @ y - z @ z, 0.0))


@validate_params(X=Matrix(), y=Vector(length="X.rows"), alpha=Positive(), beta=Positive())
def log_evidence(X: object, y: object, alpha: float, beta: float) -> float:
    """``log p(y | α, β) = log N(y; 0, β⁻¹ I + α⁻¹ X Xᵀ)`` (PRML 3.86), through the SVD of ``X``."""
    X_, y_ = check_X_y(X, y)
    s, _, z, rest = _svd(X_, y_)
    return _evidence(alpha, beta, s**2, z, rest, y_.size)


@dataclass(frozen=True)
class EvidenceFit:
    """Result of :func:`evidence_fixed_point`: the prior precision ``alpha`` (α = 1/τ²), the noise
    precision ``beta`` (β = 1/σ²), the effective number of parameters ``gamma``, the posterior mean
    ``mean`` (the ridge MAP at λ = α/β), ``log_evidence`` at (α, β), the number of ``iterations``
    and the largest relative change of (α, β) in the last one, ``step``."""

    alpha: float
    beta: float
    gamma: float
    mean: np.ndarray
    log_evidence: float
    iterations: int
    step: float


@validate_params(X=Matrix(), y=Vector(length="X.rows"), alpha0=Positive(), beta0=Positive(),
                 tol=Positive(), max_iter=Count(minimum=1, maximum=10**6))
def evidence_fixed_point(X: object, y: object, *, alpha0: float = 1.0, beta0: float = 1.0,
                         tol: float = 1e-12, max_iter: int = 10_000) -> EvidenceFit:
    """Maximize the evidence over (α, β) by Bishop's fixed point (PRML §3.5.2; MacKay 1992).

    Repeat from ``(alpha0, beta0)``: ``m = V diag(β d_j/(α + β d_j²)) Uᵀy`` (the posterior mean,
    ``X = U D Vᵀ``), ``γ = Σ β d_j²/(α + β d_j²)``, ``α ← γ/mᵀm``, ``β ← (N - γ)/‖y - Xm‖²``, until
    the relative change of both is below ``tol``. Needs ``N > γ`` (more observations than
    well-determined parameters) and ``y`` not in the column space of ``X``. Emits a
    ``ConvergenceWarning`` if ``max_iter`` is reached.
    """
    X_, y_ = check_X_y(X, y)
    n = y_.size
    s, Vt, z, rest = _svd(X_, y_)
    d2 = s**2
    alpha, beta = float(alpha0), float(beta0)
    step = np.inf
    for it in range(1, max_iter + 1):  # noqa: B007 (the count is returned)
        lam = beta * d2
        gamma = float(np.sum(lam / (alpha + lam)))
        coord = beta * s * z / (alpha + lam)  # m in the basis V
        mm = float(coord @ coord)
        rss = float(np.sum((z - s * coord) ** 2) + rest)
        if mm <= 0 or rss <= 0 or n - gamma <= 0:
            raise ValueError("evidence_fixed_point: the evidence has no interior maximum for this X, y "
                             "(the data are fitted exactly, or y is orthogonal to the columns of X)")
        alpha_new, beta_new = gamma / mm, (n - gamma) / rss
        step = max(abs(alpha_new - alpha) / alpha, abs(beta_new - beta) / beta)
        alpha, beta = alpha_new, beta_new
        if step < tol:
            break
    else:
        import warnings

        warnings.warn(f"evidence_fixed_point: no convergence in {max_iter} iterations (last relative "
                      f"step {step:.1e})", ConvergenceWarning, stacklevel=2)
    lam = beta * d2
    coord = beta * s * z / (alpha + lam)
    return EvidenceFit(alpha, beta, float(np.sum(lam / (alpha + lam))), Vt.T @ coord,
                       _evidence(alpha, beta, d2, z, rest, n), it, float(step))


@dataclass(frozen=True)
class EvidenceStationarity:
    """The log evidence in the eigenbasis for two weights, in SymPy (``log_evidence``), and the two
    identities that turn its stationarity into the fixed point:
    ``alpha_identity = 2α ∂L/∂α - (γ - α mᵀm)`` and
    ``beta_identity = 2β ∂L/∂β - (N - γ - β‖y - Xm‖²)``, both 0 for every value of the symbols."""

    alpha: sp.Symbol
    beta: sp.Symbol
    log_evidence: sp.Expr
    gamma: sp.Expr
    mean_sq: sp.Expr
    rss: sp.Expr
    alpha_identity: sp.Expr
    beta_identity: sp.Expr


def derive_evidence_stationarity() -> EvidenceStationarity:
    """The stationarity of the evidence as Bishop's fixed point, derived in SymPy (PRML §3.5.2).

    In the SVD basis with two weights (singular values ``d_1, d_2``, data coordinates ``z_1, z_2``,
    ``N`` observations and the squared residual ``r`` orthogonal to the columns of X), the log
    evidence is ``Σ_j [-½ log(2π v_j) - z_j²/(2 v_j)] - ((N-2)/2) log(2π/β) - βr/2`` with
    ``v_j = 1/β + d_j²/α``; the posterior mean has coordinates ``m_j = β d_j z_j/(α + β d_j²)``. The
    identities ``2α ∂L/∂α = γ - α mᵀm`` and ``2β ∂L/∂β = N - γ - β‖y - Xm‖²`` show that
    ``∂L/∂α = 0 ⇔ α = γ/mᵀm`` and ``∂L/∂β = 0 ⇔ 1/β = ‖y - Xm‖²/(N - γ)``.
    """
    alpha, beta = sp.symbols("alpha beta", positive=True)
    n, r = sp.symbols("N r", positive=True)
    d = sp.symbols("d1:3", positive=True)
    z = sp.symbols("z1:3", real=True)
    log_ev = -(n - 2) / 2 * sp.log(2 * sp.pi / beta) - beta * r / 2
    gamma = sp.Integer(0)
    mean_sq = sp.Integer(0)
    rss = r
    for dj, zj in zip(d, z, strict=True):
        v = 1 / beta + dj**2 / alpha
        log_ev += -sp.log(2 * sp.pi * v) / 2 - zj**2 / (2 * v)
        mj = beta * dj * zj / (alpha + beta * dj**2)
        gamma += beta * dj**2 / (alpha + beta * dj**2)
        mean_sq += mj**2
        rss += (zj - dj * mj) ** 2
    a_id = sp.cancel(2 * alpha * sp.diff(log_ev, alpha) - (gamma - alpha * mean_sq))
    b_id = sp.cancel(2 * beta * sp.diff(log_ev, beta) - (n - gamma - beta * rss))
    return EvidenceStationarity(alpha, beta, log_ev, gamma, mean_sq, rss, a_id, b_id)


@dataclass(frozen=True)
class ARDFit:
    """Result of :func:`ard_fit`: ``coef`` (the posterior mean, exact zeros where pruned), the prior
    precisions ``alphas`` (for a pruned weight, the value that crossed the threshold; its prior is
    then a point mass at 0), the noise precision ``beta``, ``gammas`` (the
    well-determinedness ``1 - α_i S_ii`` of each kept weight, 0 where pruned), ``kept`` (boolean
    mask), ``log_evidence`` at the end and the number of ``iterations``."""

    coef: np.ndarray
    alphas: np.ndarray
    beta: float
    gammas: np.ndarray
    kept: np.ndarray
    log_evidence: float
    iterations: int


@validate_params(X=Matrix(), y=Vector(length="X.rows"), threshold=Positive(), tol=Positive(),
                 max_iter=Count(minimum=1, maximum=10**6))
def ard_fit(X: object, y: object, *, threshold: float = 1e4, tol: float = 1e-8,
            max_iter: int = 10_000) -> ARDFit:
    """Automatic relevance determination by MacKay's (1994) re-estimation (Tipping 2001 §2.2).

    Start at ``α_i = 1``, ``β = 1/Var(y)`` (scikit-learn's start). Repeat: on the kept weights,
    ``S = (diag(α) + β XᵀX)⁻¹``, ``m = β S Xᵀy``, ``γ_i = 1 - α_i S_ii``, ``α_i ← γ_i/m_i²``,
    ``β ← (N - Σγ_i)/‖y - Xm‖²``; then prune every weight with ``α_i > threshold`` (its prior
    variance ``1/α_i`` has collapsed). Stop when the coefficients change by less than ``tol``
    (sum of absolute changes, relative to ``‖m‖₁``). The same iteration as scikit-learn's
    ``ARDRegression`` (``threshold_lambda`` = ``threshold``, hyperprior parameters 0).
    """
    X_, y_ = check_X_y(X, y)
    n, d = X_.shape
    G, c, yy = X_.T @ X_, X_.T @ y_, float(y_ @ y_)  # the data enter only through these
    alphas = np.ones(d)
    beta = 1.0 / max(float(np.var(y_)), np.finfo(float).tiny)
    kept = np.ones(d, dtype=bool)
    old = None
    it = 0
    for it in range(1, max_iter + 1):  # noqa: B007 (the count is returned)
        k = np.flatnonzero(kept)
        S = np.linalg.inv(np.diag(alphas[k]) + beta * G[np.ix_(k, k)])
        mk = beta * S @ c[k]
        g = 1.0 - alphas[k] * np.diag(S)
        rss = max(yy - 2 * mk @ c[k] + mk @ G[np.ix_(k, k)] @ mk, np.finfo(float).tiny)
        alphas[k] = g / np.maximum(mk**2, 1e-300)  # at most ~1e300: pruned next
        beta = (n - g.sum()) / rss
        coef = np.zeros(d)
        coef[k] = mk
        kept = alphas < threshold
        coef[~kept] = 0.0
        if not kept.any():
            break
        if old is not None and np.sum(np.abs(old - coef)) <= tol * max(np.sum(np.abs(coef)), 1.0):
            break
        old = coef
    k = np.flatnonzero(kept)
    coef = np.zeros(d)
    gammas = np.zeros(d)
    if k.size:
        S = np.linalg.inv(np.diag(alphas[k]) + beta * G[np.ix_(k, k)])
        coef[k] = beta * S @ c[k]
        gammas[k] = 1.0 - alphas[k] * np.diag(S)
    # log N(y; 0, β⁻¹I + X_k A_k⁻¹ X_kᵀ) by the determinant lemma and Woodbury (k × k work only)
    Sinv = np.diag(alphas[k]) + beta * G[np.ix_(k, k)]
    logdet = -n * np.log(beta) - np.sum(np.log(alphas[k])) + np.linalg.slogdet(Sinv)[1]
    quad = beta * yy - beta**2 * c[k] @ np.linalg.solve(Sinv, c[k]) if k.size else beta * yy
    log_ev = float(-0.5 * (n * np.log(2 * np.pi) + logdet + quad))
    return ARDFit(coef, alphas, float(beta), gammas, kept, log_ev, it)


@validate_params(X=Matrix(), y=Vector(length="X.rows"), fit=IsCallable(), k=Count(minimum=2, maximum=10**6),
                 seed=Count())
def kfold_mse(X: object, y: object, fit: object, k: int = 10, *, seed: int = 0) -> np.ndarray:
    """K-fold cross-validated mean squared prediction error of a linear fit with a flat-prior intercept.

    The rows are shuffled with ``np.random.default_rng(seed)`` and split into ``k`` folds (as
    ``sklearn.model_selection.KFold(k, shuffle=True)`` but with NumPy's generator). On each training
    part ``X`` and ``y`` are centred (the intercept of a flat prior), ``fit(Xc, yc)`` returns a
    coefficient vector ``(d,)`` or a stack ``(G, d)`` (one row per setting, e.g. a grid of λ), and
    the held-out rows are predicted as ``ȳ + (x - x̄)ᵀw``. Returns the mean squared error over all
    held-out rows: a float array of shape ``()`` or ``(G,)``. Needs ``2 <= k <= n``.
    """
    X_, y_ = check_X_y(X, y)
    n = y_.shape[0]
    if k > n:
        raise ValueError(f"k must be at most the number of rows of X ({n}), got {k}")
    order = np.random.default_rng(seed).permutation(n)
    folds = np.array_split(order, k)
    total = None
    for test in folds:
        train = np.setdiff1d(order, test)
        xm, ym = X_[train].mean(axis=0), y_[train].mean()
        w = np.asarray(fit(X_[train] - xm, y_[train] - ym), dtype=float)
        pred = ym + (X_[test] - xm) @ w.T
        err = np.sum((y_[test][:, None] - pred.reshape(len(test), -1)) ** 2, axis=0)
        total = err if total is None else total + err
    out = total / n
    return out.reshape(()) if np.ndim(w) == 1 else out
