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

The numeric solver :func:`lasso_map` is cyclic coordinate descent on the Gram matrix with exact
soft-threshold zeros, stopped on the KKT (subgradient) conditions and polished by an exact solve
on the active set; :func:`lasso_kkt_violation` and :class:`LassoCertificate` let a caller verify
optimality. :func:`laplace_posterior_1d` integrates the one-coordinate posterior numerically to
contrast its mode (sparse) with its mean (not sparse unless the data are symmetric, ``z = 0``).
"""

from __future__ import annotations

import math
import numbers
from dataclasses import dataclass

import numpy as np
import sympy as sp
from scipy import integrate

from .linear_model import symbolic_linear_model
from .priors import laplace_density
from .validation import check_count, check_matrix, check_positive, check_real, check_vector

__all__ = [
    "LaplacePosterior1D",
    "LassoCertificate",
    "LassoConcrete",
    "SoftThresholdDerivation",
    "derive_soft_threshold",
    "laplace_posterior_1d",
    "laplace_posterior_symmetry",
    "lasso_concrete",
    "lasso_kkt_violation",
    "lasso_lambda",
    "lasso_lambda_max",
    "lasso_map",
    "lasso_objective",
    "lasso_solve",
    "soft_threshold",
]


# --------------------------------------------------------------------------- the λ mapping
def lasso_lambda(sigma2: float, b: float) -> float:
    """The lasso strength of a Laplace(0, b) prior with noise variance σ²: ``λ = 2σ²/b``."""
    return 2.0 * check_positive("sigma2", sigma2) / check_positive("b", b)


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
    pos = sp.solve(sp.diff(smooth + lam * w, w), w)[0]
    neg = sp.solve(sp.diff(smooth - lam * w, w), w)[0]
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


def _check_xy(X: object, y: object) -> tuple[np.ndarray, np.ndarray]:
    X = check_matrix("X", X)
    y = check_vector("y", y, length=X.shape[0], length_name="X.shape[0] (n_samples)")
    return X, y


def lasso_objective(X: object, y: object, w: object, lam: float) -> float:
    """``L(w) = ‖y - Xw‖² + λ‖w‖₁`` (λ >= 0)."""
    X, y = _check_xy(X, y)
    w = check_vector("w", w, length=X.shape[1], length_name="X.shape[1] (n_features)")
    lam = check_real("lam", lam, low=0.0)
    r = y - X @ w
    return float(r @ r + lam * np.sum(np.abs(w)))


def lasso_lambda_max(X: object, y: object) -> float:
    """The smallest λ with ``ŵ = 0``: ``λ_max = 2‖Xᵀy‖_∞`` (0 ∈ ∂L(0) iff ``|x_jᵀy| <= λ/2`` for all j)."""
    X, y = _check_xy(X, y)
    return float(2.0 * np.max(np.abs(X.T @ y)))


def _kkt(G: np.ndarray, c: np.ndarray, w: np.ndarray, lam: float) -> float:
    grad = 2.0 * (G @ w - c)
    nz = w != 0.0
    v_nz = np.abs(grad[nz] + lam * np.sign(w[nz]))
    v_z = np.maximum(np.abs(grad[~nz]) - lam, 0.0)
    return float(max(v_nz.max(initial=0.0), v_z.max(initial=0.0)))


def lasso_kkt_violation(X: object, y: object, w: object, lam: float) -> float:
    """The largest violation of the lasso optimality (subgradient) conditions at ``w``.

    With ``g = ∇‖y - Xw‖² = -2Xᵀ(y - Xw)``, ``w`` minimizes ``‖y - Xw‖² + λ‖w‖₁`` iff
    ``g_j = -λ sign(w_j)`` where ``w_j ≠ 0`` and ``|g_j| <= λ`` where ``w_j = 0``. Returns
    ``max_j`` of ``|g_j + λ sign(w_j)|`` (nonzero ``w_j``) and ``max(|g_j| - λ, 0)`` (zero ``w_j``):
    0 exactly at a minimizer. λ = 0 is allowed (then the condition is ``g = 0``, least squares).
    """
    X, y = _check_xy(X, y)
    w = check_vector("w", w, length=X.shape[1], length_name="X.shape[1] (n_features)")
    lam = check_real("lam", lam, low=0.0)
    return _kkt(X.T @ X, X.T @ y, w, lam)


def _duality_gap(X: np.ndarray, y: np.ndarray, w: np.ndarray, lam: float) -> float:
    """Primal minus dual for ``L = 2·[½‖y - Xw‖² + (λ/2)‖w‖₁]``, with the scaled-residual dual point."""
    r = y - X @ w
    alpha = lam / 2.0
    corr = np.max(np.abs(X.T @ r))
    theta = r if corr <= alpha else r * (alpha / corr)
    primal = r @ r + lam * np.sum(np.abs(w))
    dual = 2.0 * (0.5 * (y @ y) - 0.5 * ((y - theta) @ (y - theta)))
    return float(primal - dual)


@dataclass(frozen=True)
class LassoCertificate:
    """Evidence that a lasso solution is optimal.

    ``kkt_violation`` is :func:`lasso_kkt_violation` at the solution; ``relative_kkt_violation``
    divides it by ``max(λ, 2‖Xᵀy‖_∞)`` (the size of the gradient at ``w = 0``);
    ``duality_gap`` is primal minus a feasible dual value (>= 0, an upper bound on the objective's
    distance to its minimum). ``converged`` is ``relative_kkt_violation <= tol``.
    """

    lam: float
    kkt_violation: float
    relative_kkt_violation: float
    duality_gap: float
    objective: float
    iterations: int
    converged: bool
    n_zeros: int


def lasso_solve(X: object, y: object, lam: float, *, tol: float = 1e-10, max_iter: int = 100_000,
                return_certificate: bool = False):
    """Minimize ``‖y - Xw‖² + λ‖w‖₁`` (λ > 0) by cyclic coordinate descent.

    Each coordinate update is the exact one-dimensional minimizer,
    ``w_j ← S(x_jᵀy - Σ_{k≠j} (XᵀX)_{jk} w_k, λ/2) / x_jᵀx_j`` (soft thresholding, exact zeros;
    an all-zero column gets ``w_j = 0``). Sweeps stop when the relative KKT violation is at most
    ``tol``; the result is then polished by solving the stationarity equations
    ``X_Aᵀ X_A w_A = X_Aᵀy - (λ/2) s_A`` on the active set ``A`` with signs ``s_A`` (kept only if
    the signs are unchanged and the KKT violation does not grow). Returns ``w``, or
    ``(w, LassoCertificate)`` with ``return_certificate=True``.
    """
    X, y = _check_xy(X, y)
    lam = check_positive("lam", lam)
    tol = check_positive("tol", tol)
    max_iter = check_count("max_iter", max_iter)
    if not isinstance(return_certificate, bool):
        raise TypeError(f"return_certificate must be a bool, got {type(return_certificate).__name__}")
    G = X.T @ X
    c = X.T @ y
    d = X.shape[1]
    diag = np.diag(G).copy()
    scale = max(lam, 2.0 * float(np.max(np.abs(c))))
    half = lam / 2.0
    w = np.zeros(d)
    q = np.zeros(d)  # q = G w
    it = 0
    violation = _kkt(G, c, w, lam)
    while violation > tol * scale and it < max_iter:
        it += 1
        for j in range(d):
            if diag[j] == 0.0:
                continue
            old = w[j]
            rho = c[j] - q[j] + diag[j] * old
            new = (rho - half if rho > half else rho + half if rho < -half else 0.0) / diag[j]
            if new != old:
                q += G[:, j] * (new - old)
                w[j] = new
        q = G @ w  # refresh against rounding drift
        violation = _kkt(G, c, w, lam)
    w, violation = _polish(G, c, w, lam, violation)
    if not return_certificate:
        return w
    cert = LassoCertificate(
        lam=lam, kkt_violation=violation, relative_kkt_violation=violation / scale,
        duality_gap=_duality_gap(X, y, w, lam), objective=lasso_objective(X, y, w, lam),
        iterations=it, converged=violation <= tol * scale, n_zeros=int(np.sum(w == 0.0)),
    )
    return w, cert


def _polish(G: np.ndarray, c: np.ndarray, w: np.ndarray, lam: float,
            violation: float) -> tuple[np.ndarray, float]:
    active = w != 0.0
    if not np.any(active):
        return w, violation
    s = np.sign(w[active])
    GA = G[np.ix_(active, active)]
    try:
        wA = np.linalg.solve(GA, c[active] - 0.5 * lam * s)
    except np.linalg.LinAlgError:
        return w, violation
    if not np.all(np.isfinite(wA)) or np.any(np.sign(wA) != s):
        return w, violation
    cand = np.zeros_like(w)
    cand[active] = wA
    v = _kkt(G, c, cand, lam)
    return (cand, v) if v <= violation else (w, violation)


def lasso_map(X: object, y: object, sigma2: float, b: float, *, tol: float = 1e-10,
              max_iter: int = 100_000, return_certificate: bool = False):
    """The MAP weights under ``y ~ N(Xw, σ²I)`` and i.i.d. ``w_j ~ Laplace(0, b)``.

    This is the lasso ``argmin ‖y - Xw‖² + λ‖w‖₁`` with ``λ = 2σ²/b``, solved by
    :func:`lasso_solve` (coordinate descent to relative KKT violation ``tol``, exact zeros).
    Returns ``w``, or ``(w, LassoCertificate)`` with ``return_certificate=True``.
    """
    X, y = _check_xy(X, y)
    lam = lasso_lambda(sigma2, b)
    return lasso_solve(X, y, lam, tol=tol, max_iter=max_iter, return_certificate=return_certificate)


# --------------------------------------------------------------------------- one-coordinate posterior
@dataclass(frozen=True)
class LaplacePosterior1D:
    """The posterior ``p(w | z) ∝ exp(-(w - z)²/(2σ²) - |w|/b)`` summarized by quadrature."""

    z: float
    sigma2: float
    b: float
    mode: float  #: soft threshold S(z, σ²/b), exact
    mean: float  #: ∫ w p(w|z) dw by quadrature
    variance: float  #: ∫ (w - mean)² p(w|z) dw
    mass_negative: float  #: P(w < 0 | z)
    mass_positive: float  #: P(w > 0 | z)
    quad_error: float  #: the largest error estimate reported by ``quad`` (relative to the result)
    log_normalizer: float  #: log ∫ exp(-(w - z)²/(2σ²) - |w|/b) dw

    def pdf(self, w: object) -> np.ndarray:
        """The normalized posterior density at ``w`` (a number or an array)."""
        w = np.asarray(w, dtype=float)
        return np.exp(-((w - self.z) ** 2) / (2.0 * self.sigma2) - np.abs(w) / self.b - self.log_normalizer)


def laplace_posterior_1d(z: float, sigma2: float, b: float) -> LaplacePosterior1D:
    """Mode, mean and variance of one coordinate's posterior under a Laplace(0, b) prior.

    The data enter through one Gaussian observation ``z ~ N(w, σ²)`` (an orthonormal design's
    ``z_j = x_jᵀy``). The mode is the soft threshold ``S(z, σ²/b)``; the moments are computed with
    ``scipy.integrate.quad`` on ``(-∞, 0]`` and ``[0, ∞)`` separately (the density has a kink at 0),
    after shifting the log density by its maximum to avoid underflow.
    """
    z = check_real("z", z)
    sigma2 = check_positive("sigma2", sigma2)
    b = check_positive("b", b)
    mode = float(soft_threshold(z, sigma2 / b))

    def log_u(w: float) -> float:
        return -((w - z) ** 2) / (2.0 * sigma2) - abs(w) / b

    peak = log_u(mode)

    def moment(k: int) -> tuple[float, float, float]:
        def f(w: float) -> float:
            return w**k * math.exp(log_u(w) - peak)

        neg, e1 = integrate.quad(f, -np.inf, 0.0, epsabs=0.0, epsrel=1e-13, limit=200)
        pos, e2 = integrate.quad(f, 0.0, np.inf, epsabs=0.0, epsrel=1e-13, limit=200)
        return neg, pos, e1 + e2

    n_neg, n_pos, e0 = moment(0)
    m_neg, m_pos, e1 = moment(1)
    s_neg, s_pos, e2 = moment(2)
    Z = n_neg + n_pos
    mean = (m_neg + m_pos) / Z
    second = (s_neg + s_pos) / Z
    err = max(e0 / Z, e1 / (abs(m_neg) + abs(m_pos) + 1e-300), e2 / (s_neg + s_pos))
    return LaplacePosterior1D(
        z=z, sigma2=sigma2, b=b, mode=mode, mean=mean, variance=second - mean**2,
        mass_negative=n_neg / Z, mass_positive=n_pos / Z, quad_error=err,
        log_normalizer=math.log(Z) + peak,
    )


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
