"""Computing the MAP: Newton/IRLS, proximal gradient, coordinate descent, EM, and their certificates.

Every solver here returns a :class:`SolverResult` that says whether it stopped on its certificate
(``converged``), the certificate's value at the returned point (``gap``, an upper bound on the
objective's distance to its minimum), the number of iterations, and the history of the objective
and the certificate. A solver that runs out of iterations returns ``converged=False`` (and emits a
:class:`~mapmath.validation.ConvergenceWarning` unless ``warn=False``): it never passes off its last
iterate as the MAP.

- **Logistic MAP** (``J(w) = Σ_i [log(1 + e^{x_iᵀw}) - y_i x_iᵀw] + ‖w‖²/(2τ²)``, see
  :mod:`mapmath.logistic`): :func:`newton_logistic` is Newton's method written as iteratively
  reweighted least squares (IRLS): with ``p = σ(Xw)``, ``W = diag(p(1 - p))`` and the working
  response ``z = Xw + W⁻¹(y - p)`` the Newton step solves ``(XᵀWX + I/τ²) w_new = XᵀWz``
  (:func:`derive_irls_identity`; Bishop 2006 §4.3.3). :func:`gradient_descent_logistic` takes fixed
  steps ``1/L``, ``L = ‖X‖₂²/4 + 1/τ²``. ``J`` is ``1/τ²``-strongly convex, so
  ``J(w) - J* <= τ²‖∇J(w)‖²/2`` (Boyd and Vandenberghe 2004 §9.1.2): that is the certificate.
- **Lasso** (``L(w) = ‖y - Xw‖² + λ‖w‖₁``, see :mod:`mapmath.lasso`): :func:`ista` and :func:`fista`
  are proximal gradient with step ``1/L``, ``L = 2‖X‖₂²`` (:func:`lasso_lipschitz`), whose proximal
  step is the soft threshold (:func:`derive_l1_prox`); FISTA adds Nesterov's momentum (Beck and
  Teboulle 2009). :func:`coordinate_descent` is plain cyclic coordinate descent (Friedman, Hastie and
  Tibshirani 2010; :func:`mapmath.lasso.lasso_solve` is the book's working-set version). All three
  stop on the same certificate, :func:`mapmath.lasso.lasso_duality_gap` ``<= tol·‖y‖²``.
- **EM** (:mod:`mapmath.mixture_em`): :func:`em_lower_bound` is the lower bound ``ℒ(q, θ)`` on the log
  posterior whose two-step ascent makes EM monotone; :func:`derive_jensen_gap` shows that the gap
  ``log p - ℒ`` is a Kullback–Leibler divergence (Dempster, Laird and Rubin 1977; Neal and Hinton 1998).
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass

import numpy as np
import sympy as sp

from .lasso import _duality_gap, derive_soft_threshold, soft_threshold
from .lasso import _objective as _lasso_objective
from .logistic import _gradient, _hessian
from .logistic import _objective as _logistic_objective
from .mixture_em import _check_data, _check_parameters, _log_components, inverse_gamma_logpdf
from .modes import stationary_points
from .validation import (
    ConvergenceWarning,
    Count,
    Flag,
    Matrix,
    Optional,
    Positive,
    Real,
    Vector,
    check_X_y,
    validate_params,
)

__all__ = [
    "IRLSIdentity",
    "JensenGap",
    "L1Prox",
    "SolverResult",
    "coordinate_descent",
    "derive_irls_identity",
    "derive_jensen_gap",
    "derive_l1_prox",
    "em_lower_bound",
    "fista",
    "gradient_descent_logistic",
    "ista",
    "lasso_lipschitz",
    "logistic_lipschitz",
    "newton_logistic",
]


@dataclass(frozen=True)
class SolverResult:
    """What an iterative solver returns: the point and the evidence for it.

    ``gap`` is the certificate at ``w``: an upper bound on ``objective - min`` (the lasso's duality
    gap, or ``τ²‖∇J‖²/2`` for the logistic MAP); ``converged`` is whether it fell below the
    requested tolerance before ``max_iter`` ran out. ``objectives[k]`` and ``gaps[k]`` are the
    objective and the certificate after ``k`` iterations (``k = 0``: the start);
    ``iterates[k]`` is the point after ``k`` iterations.
    """

    w: np.ndarray
    converged: bool
    gap: float
    iterations: int
    objective: float
    objectives: np.ndarray
    gaps: np.ndarray
    iterates: np.ndarray

    def status(self) -> str:
        """One line: converged or not, after how many iterations, with which certificate."""
        word = "converged" if self.converged else "NOT converged (max_iter reached)"
        return f"{word} after {self.iterations} iterations, certificate gap {self.gap:.3e}"


def _finish(name: str, w: np.ndarray, converged: bool, objectives: list, gaps: list, iterates: list,
            tol: float, warn: bool) -> SolverResult:
    if not converged and warn:
        warnings.warn(f"{name} did not converge in {len(objectives) - 1} iterations: certificate gap "
                      f"{gaps[-1]:.2e} > tol={tol:g}; the last iterate is returned with converged=False",
                      ConvergenceWarning, stacklevel=3)
    return SolverResult(w=w, converged=converged, gap=float(gaps[-1]), iterations=len(objectives) - 1,
                        objective=float(objectives[-1]), objectives=np.array(objectives),
                        gaps=np.array(gaps), iterates=np.array(iterates))


# --------------------------------------------------------------------------- the logistic MAP
def _spectral_norm_sq(X: np.ndarray) -> float:
    return float(np.linalg.norm(X, 2) ** 2)


@validate_params(X=Matrix(), tau2=Positive())
def logistic_lipschitz(X: object, tau2: float) -> float:
    """``L = ‖X‖₂²/4 + 1/τ²``: a Lipschitz constant of ``∇J`` for the logistic MAP (the Hessian
    ``XᵀSX + I/τ²`` has ``S <= I/4``, since ``σ(1 - σ) <= 1/4``)."""
    X = np.asarray(X, dtype=float)
    return _spectral_norm_sq(X) / 4.0 + 1.0 / float(tau2)


def _logistic_gap(g: np.ndarray, tau2: float) -> float:
    """``τ²‖g‖²/2``: ``J(w) - J* <= ‖∇J(w)‖²/(2m)`` for an ``m``-strongly convex ``J``, ``m = 1/τ²``."""
    return float(tau2 * (g @ g) / 2.0)


def _check_labels(y: np.ndarray) -> None:
    if not np.all((y == 0) | (y == 1)):
        raise ValueError("y must contain only the labels 0 and 1")


@validate_params(
    X=Matrix(),
    y=Vector(length="X.rows", low=0.0, high=1.0),
    tau2=Positive(),
    tol=Positive(),
    max_iter=Count(minimum=1, maximum=10**4),
    warn=Flag(),
)
def newton_logistic(X: object, y: object, tau2: float, *, tol: float = 1e-12, max_iter: int = 50,
                    warn: bool = True) -> SolverResult:
    """The logistic MAP under ``N(0, τ²I)`` by Newton's method in its IRLS form, from ``w = 0``.

    Each iteration: ``p = σ(Xw)``, ``W = diag(p(1 - p))``, ``z = Xw + W⁻¹(y - p)`` (the working
    response) and ``w ← (XᵀWX + I/τ²)⁻¹ XᵀWz``, the weighted ridge regression of ``z`` on ``X``; this
    is exactly ``w - H⁻¹∇J`` (:func:`derive_irls_identity`). Written as ``w - H⁻¹g``, which is the
    same number without dividing by weights that may underflow. If a full step would increase ``J``
    it is halved until it does not (never needed near the optimum, where convergence is quadratic).
    Stops when the certificate ``τ²‖∇J‖²/2 <= tol``.
    """
    X_, y_ = check_X_y(X, y)
    _check_labels(y_)
    t = float(tau2)
    w = np.zeros(X_.shape[1])
    f = _logistic_objective(w, X_, y_, t)
    g = _gradient(w, X_, y_, t)
    objectives, gaps, iterates = [f], [_logistic_gap(g, t)], [w.copy()]
    converged = gaps[-1] <= tol
    while not converged and len(objectives) <= max_iter:
        step = np.linalg.solve(_hessian(w, X_, y_, t), g)
        alpha = 1.0
        candidate = w - step
        f_new = _logistic_objective(candidate, X_, y_, t)
        while f_new > f and alpha > 1e-10:
            alpha /= 2.0
            candidate = w - alpha * step
            f_new = _logistic_objective(candidate, X_, y_, t)
        w, f = candidate, f_new
        g = _gradient(w, X_, y_, t)
        objectives.append(f)
        gaps.append(_logistic_gap(g, t))
        iterates.append(w.copy())
        converged = gaps[-1] <= tol
    return _finish("newton_logistic", w, converged, objectives, gaps, iterates, tol, warn)


@validate_params(
    X=Matrix(),
    y=Vector(length="X.rows", low=0.0, high=1.0),
    tau2=Positive(),
    tol=Positive(),
    max_iter=Count(minimum=1, maximum=10**6),
    warn=Flag(),
)
def gradient_descent_logistic(X: object, y: object, tau2: float, *, tol: float = 1e-12,
                              max_iter: int = 1000, warn: bool = True) -> SolverResult:
    """The logistic MAP by gradient descent with the fixed step ``1/L`` (:func:`logistic_lipschitz`),
    from ``w = 0``. ``J`` is ``m``-strongly convex (``m = 1/τ²``) with ``L``-Lipschitz gradient, so the
    error falls at least like ``(1 - m/L)^k`` (linear convergence; Nesterov 2004 Thm 2.1.15), against
    Newton's quadratic convergence. Stops when ``τ²‖∇J‖²/2 <= tol``."""
    X_, y_ = check_X_y(X, y)
    _check_labels(y_)
    t = float(tau2)
    step = 1.0 / (_spectral_norm_sq(X_) / 4.0 + 1.0 / t)
    w = np.zeros(X_.shape[1])
    g = _gradient(w, X_, y_, t)
    objectives, gaps, iterates = [_logistic_objective(w, X_, y_, t)], [_logistic_gap(g, t)], [w.copy()]
    converged = gaps[-1] <= tol
    while not converged and len(objectives) <= max_iter:
        w = w - step * g
        g = _gradient(w, X_, y_, t)
        objectives.append(_logistic_objective(w, X_, y_, t))
        gaps.append(_logistic_gap(g, t))
        iterates.append(w.copy())
        converged = gaps[-1] <= tol
    return _finish("gradient_descent_logistic", w, converged, objectives, gaps, iterates, tol, warn)


@dataclass(frozen=True)
class IRLSIdentity:
    """Newton's step for the logistic MAP as a weighted least-squares problem, on matrix symbols
    (see :func:`derive_irls_identity`)."""

    X: sp.MatrixSymbol  #: n × d design
    W: sp.MatrixSymbol  #: n × n, diag(p_i(1 - p_i)) (invertible: every p_i is in (0, 1))
    w: sp.MatrixSymbol  #: the current weights, d × 1
    y: sp.MatrixSymbol  #: the labels, n × 1
    p: sp.MatrixSymbol  #: σ(Xw), n × 1
    tau2: sp.Symbol
    gradient: sp.MatrixExpr  #: Xᵀ(p - y) + w/τ²
    hessian: sp.MatrixExpr  #: XᵀWX + I/τ²
    working_response: sp.MatrixExpr  #: z = Xw + W⁻¹(y - p)
    residual: sp.MatrixExpr  #: (Hw - g) - XᵀWz, expanded: the zero matrix


def derive_irls_identity() -> IRLSIdentity:
    """Show that a Newton step for the logistic MAP is a weighted least-squares fit.

    With the gradient ``g = Xᵀ(p - y) + w/τ²`` and Hessian ``H = XᵀWX + I/τ²`` of ``J``
    (:func:`mapmath.logistic.closed_form_gradient`, :func:`~mapmath.logistic.closed_form_hessian`;
    ``p = σ(Xw)``, ``W = diag(p(1 - p))``) and the working response ``z = Xw + W⁻¹(y - p)``:
    ``Hw - g = XᵀWz``, so the Newton point ``w - H⁻¹g = H⁻¹XᵀWz = (XᵀWX + I/τ²)⁻¹XᵀWz`` is the
    ridge-penalized weighted least-squares fit of ``z`` on ``X`` with weights ``W`` (iteratively
    reweighted least squares; Bishop 2006 §4.3.3). On matrix symbols of any size ``n × d``.
    """
    n, d = sp.symbols("n d", integer=True, positive=True)
    X = sp.MatrixSymbol("X", n, d)
    W = sp.MatrixSymbol("W", n, n)
    w = sp.MatrixSymbol("w", d, 1)
    y = sp.MatrixSymbol("y", n, 1)
    p = sp.MatrixSymbol("p", n, 1)
    tau2 = sp.Symbol("tau2", positive=True)
    g = X.T * (p - y) + w / tau2
    H = X.T * W * X + sp.Identity(d) / tau2
    z = X * w + W.I * (y - p)
    residual = (H * w - g - X.T * W * z).expand()
    return IRLSIdentity(X=X, W=W, w=w, y=y, p=p, tau2=tau2, gradient=g, hessian=H,
                        working_response=z, residual=residual)


# --------------------------------------------------------------------------- the lasso
@validate_params(X=Matrix())
def lasso_lipschitz(X: object) -> float:
    """``L = 2‖X‖₂²`` (twice the largest eigenvalue of ``XᵀX``): the Lipschitz constant of
    ``∇‖y - Xw‖² = -2Xᵀ(y - Xw)``, whose Jacobian is ``2XᵀX``."""
    X = np.asarray(X, dtype=float)
    return 2.0 * _spectral_norm_sq(X)


@dataclass(frozen=True)
class L1Prox:
    """The proximal operator of ``t|w|`` derived from the soft-threshold derivation (see
    :func:`derive_l1_prox`)."""

    w: sp.Symbol
    z: sp.Symbol
    t: sp.Symbol
    objective: sp.Expr  #: ½(w - z)² + t|w|
    scaled_gap: sp.Expr  #: 2·objective - (a w² - 2cw + λ|w|) at a = 1, c = z, λ = 2t: free of w
    prox: sp.Expr  #: sign(z) max(|z| - t, 0)


def derive_l1_prox() -> L1Prox:
    """``prox_{t|·|}(z) = argmin_w ½(w - z)² + t|w|`` is the soft threshold ``S(z, t)``.

    ``2·[½(w - z)² + t|w|] = w² - 2zw + 2t|w| + z²`` is the one-coordinate lasso objective
    ``a w² - 2cw + λ|w|`` of :func:`mapmath.lasso.derive_soft_threshold` at ``a = 1``, ``c = z``,
    ``λ = 2t``, plus ``z²`` (free of ``w``); its minimizer ``sign(c) max(|c| - λ/2, 0)/a`` is then
    ``sign(z) max(|z| - t, 0)``. The proximal operator of the Laplace prior's penalty is the lasso's
    soft threshold (Parikh and Boyd 2014 §6.5.2).
    """
    st = derive_soft_threshold()
    z = sp.Symbol("z", real=True)
    t = sp.Symbol("t", positive=True)
    w = st.w
    objective = (w - z) ** 2 / 2 + t * sp.Abs(w)
    subs = {st.a: 1, st.c: z, st.lam: 2 * t}
    gap = sp.expand(2 * objective - st.objective.subs(subs))
    prox = st.soft_threshold.subs(subs)
    return L1Prox(w=w, z=z, t=t, objective=objective, scaled_gap=gap, prox=prox)


def _lasso_check(X: object, y: object, w0: object | None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    X_, y_ = check_X_y(X, y)
    w = np.zeros(X_.shape[1]) if w0 is None else np.array(w0, dtype=float)
    return X_, y_, w


def _proximal_gradient(name: str, X: np.ndarray, y: np.ndarray, lam: float, tol: float, max_iter: int,
                       accelerated: bool, w: np.ndarray, warn: bool) -> SolverResult:
    """ISTA (``accelerated=False``) or FISTA: ``w_{k+1} = S(v_k + (2/L)Xᵀ(y - Xv_k), λ/L)`` with
    ``v_k = w_k`` (ISTA) or ``v_k = w_k + ((t_{k-1} - 1)/t_k)(w_k - w_{k-1})``,
    ``t_k = (1 + √(1 + 4t_{k-1}²))/2``, ``t_0 = 1`` (FISTA)."""
    L = 2.0 * _spectral_norm_sq(X)
    if L == 0.0:
        raise ValueError("X must have a nonzero entry (the smooth part's Lipschitz constant is 0)")
    target = tol * float(y @ y)
    objectives = [_lasso_objective(X, y, w, lam)]
    gaps = [_duality_gap(X, y, w, lam)]
    iterates = [w.copy()]
    converged = gaps[-1] <= target
    v, t_prev, w_prev = w.copy(), 1.0, w.copy()
    while not converged and len(objectives) <= max_iter:
        w_new = soft_threshold(v + (2.0 / L) * (X.T @ (y - X @ v)), lam / L)
        if accelerated:
            t_next = (1.0 + math.sqrt(1.0 + 4.0 * t_prev * t_prev)) / 2.0
            v = w_new + ((t_prev - 1.0) / t_next) * (w_new - w_prev)
            t_prev = t_next
        else:
            v = w_new
        w_prev = w = w_new
        objectives.append(_lasso_objective(X, y, w, lam))
        gaps.append(_duality_gap(X, y, w, lam))
        iterates.append(w.copy())
        converged = gaps[-1] <= target
    return _finish(name, w, converged, objectives, gaps, iterates, target, warn)


_LASSO_PARAMS = dict(
    X=Matrix(),
    y=Vector(length="X.rows"),
    lam=Positive(),
    tol=Real(1e-15, 1.0),
    max_iter=Count(minimum=1, maximum=10**6),
    w0=Optional(Vector(length="X.cols")),
    warn=Flag(),
)


@validate_params(**_LASSO_PARAMS)
def ista(X: object, y: object, lam: float, *, tol: float = 1e-10, max_iter: int = 10_000,
         w0: object | None = None, warn: bool = True) -> SolverResult:
    """Minimize ``‖y - Xw‖² + λ‖w‖₁`` by ISTA (proximal gradient with step ``1/L``, ``L = 2‖X‖₂²``).

    ``w ← S(w + (2/L)Xᵀ(y - Xw), λ/L)``: a gradient step on the smooth part, then the proximal
    operator of ``(λ/L)‖·‖₁``, the soft threshold (:func:`derive_l1_prox`). The objective gap after
    ``k`` iterations is at most ``L‖w₀ - w*‖²/(2k)`` (Beck and Teboulle 2009, Thm 3.1). Starts at
    ``w0`` (default 0); stops when the duality gap (:func:`mapmath.lasso.lasso_duality_gap`) is at
    most ``tol·‖y‖²``.
    """
    X_, y_, w = _lasso_check(X, y, w0)
    return _proximal_gradient("ista", X_, y_, float(lam), tol, max_iter, False, w, warn)


@validate_params(**_LASSO_PARAMS)
def fista(X: object, y: object, lam: float, *, tol: float = 1e-10, max_iter: int = 10_000,
          w0: object | None = None, warn: bool = True) -> SolverResult:
    """Minimize ``‖y - Xw‖² + λ‖w‖₁`` by FISTA: ISTA's step taken from an extrapolated point.

    ``v_k = w_k + ((t_{k-1} - 1)/t_k)(w_k - w_{k-1})`` with ``t_k = (1 + √(1 + 4t_{k-1}²))/2``, then
    ``w_{k+1} = S(v_k + (2/L)Xᵀ(y - Xv_k), λ/L)``. The objective gap after ``k`` iterations is at most
    ``2L‖w₀ - w*‖²/(k + 1)²`` (Beck and Teboulle 2009, Thm 4.4): ``O(1/k²)`` against ISTA's ``O(1/k)``.
    Not monotone. Same start and stopping rule as :func:`ista`.
    """
    X_, y_, w = _lasso_check(X, y, w0)
    return _proximal_gradient("fista", X_, y_, float(lam), tol, max_iter, True, w, warn)


@validate_params(**_LASSO_PARAMS)
def coordinate_descent(X: object, y: object, lam: float, *, tol: float = 1e-10, max_iter: int = 10_000,
                       w0: object | None = None, warn: bool = True) -> SolverResult:
    """Minimize ``‖y - Xw‖² + λ‖w‖₁`` by cyclic coordinate descent; one iteration is one sweep.

    Each coordinate in turn is set to its exact one-dimensional minimizer
    ``w_j ← S(x_jᵀr_j, λ/2)/x_jᵀx_j`` with the partial residual ``r_j = y - Σ_{k≠j} x_k w_k``
    (Friedman, Hastie and Tibshirani 2010); an all-zero column keeps ``w_j = 0``. A sweep costs about
    one gradient, as an ISTA iteration does. Plain, without the working sets and warm starts of
    :func:`mapmath.lasso.lasso_solve`, to show its rate; same start and stopping rule as :func:`ista`.
    """
    X_, y_, w = _lasso_check(X, y, w0)
    lam = float(lam)
    col_sq = np.einsum("ij,ij->j", X_, X_)
    target = tol * float(y_ @ y_)
    r = y_ - X_ @ w
    objectives = [_lasso_objective(X_, y_, w, lam)]
    gaps = [_duality_gap(X_, y_, w, lam)]
    iterates = [w.copy()]
    converged = gaps[-1] <= target
    while not converged and len(objectives) <= max_iter:
        for j in range(w.size):
            if col_sq[j] == 0.0:
                continue
            rho = float(X_[:, j] @ r) + col_sq[j] * w[j]
            new = soft_threshold(rho, lam / 2.0) / col_sq[j]
            if new != w[j]:
                r -= X_[:, j] * (new - w[j])
                w[j] = new
        r = y_ - X_ @ w  # against drift
        objectives.append(_lasso_objective(X_, y_, w, lam))
        gaps.append(_duality_gap(X_, y_, w, lam))
        iterates.append(w.copy())
        converged = gaps[-1] <= target
    return _finish("coordinate_descent", w, converged, objectives, gaps, iterates, target, warn)


# --------------------------------------------------------------------------- EM
@dataclass(frozen=True)
class JensenGap:
    """The EM bound for one observation and two components (see :func:`derive_jensen_gap`)."""

    a1: sp.Symbol  #: π_1 N(x; μ_1, σ_1²) (> 0)
    a2: sp.Symbol  #: π_2 N(x; μ_2, σ_2²) (> 0)
    q: sp.Symbol  #: the weight q(z = 1) of any distribution over the component, 0 < q < 1
    log_density: sp.Expr  #: log(a1 + a2)
    bound: sp.Expr  #: q log(a1/q) + (1 - q) log(a2/(1 - q))
    gap: sp.Expr  #: log_density - bound
    kl: sp.Expr  #: KL(q ‖ r), r = a1/(a1 + a2) the responsibility
    gap_minus_kl: sp.Expr  #: simplified: 0
    gap_derivative: sp.Expr  #: d gap / d q
    tight_at: sp.Expr  #: the q where d gap/dq = 0: the responsibility r


def derive_jensen_gap() -> JensenGap:
    """Why EM never decreases the log posterior: the gap of its lower bound is a KL divergence.

    For any distribution ``q`` over the component, ``log(a_1 + a_2) = log Σ_k q_k (a_k/q_k) >=
    Σ_k q_k log(a_k/q_k) = ℒ`` (Jensen, ``log`` concave), and the gap ``log(a_1 + a_2) - ℒ`` is
    ``KL(q ‖ r)`` with ``r_k = a_k/(a_1 + a_2)`` the responsibilities: >= 0, and 0 exactly at ``q = r``
    (the E-step). The M-step raises ``ℒ(q, θ)`` in ``θ`` with ``q`` fixed, so ``log p(θ_new) >=
    ℒ(q, θ_new) >= ℒ(q, θ_old) = log p(θ_old)`` (Dempster, Laird and Rubin 1977; Neal and Hinton
    1998). Summing over observations and adding the log prior (free of ``q``) keeps every step.
    """
    a1, a2 = sp.symbols("a1 a2", positive=True)
    q = sp.Symbol("q", positive=True)
    log_density = sp.log(a1 + a2)
    bound = q * sp.log(a1 / q) + (1 - q) * sp.log(a2 / (1 - q))
    gap = log_density - bound
    r = a1 / (a1 + a2)
    kl = q * sp.log(q / r) + (1 - q) * sp.log((1 - q) / (1 - r))
    diff = sp.simplify(sp.expand_log(gap - kl, force=True))
    dgap = sp.simplify(sp.diff(gap, q))
    (tight,) = stationary_points(gap, q, (0, 1))  # the mode engine: where d/dq gap = 0
    return JensenGap(a1=a1, a2=a2, q=q, log_density=log_density, bound=bound, gap=gap, kl=kl,
                     gap_minus_kl=diff, gap_derivative=dgap, tight_at=sp.simplify(tight))


@validate_params(
    x=Vector(),
    weights=Vector(low=0.0),
    means=Vector(length="weights"),
    variances=Vector(length="weights", low=0.0, low_open=True),
    resp=Matrix(rows="x.rows", cols="weights"),
    a=Positive(),
    b=Positive(),
)
def em_lower_bound(x: object, weights: object, means: object, variances: object, resp: object,
                   a: float, b: float) -> float:
    """``ℒ(q, θ) = Σ_i Σ_k q_ik [log π_k N(x_i; μ_k, σ_k²) - log q_ik] + Σ_k log IG(σ_k²; a, b)``.

    The EM lower bound on :func:`mapmath.mixture_em.mixture_log_posterior` for responsibilities
    ``q = resp`` (an (n, K) array, rows summing to 1, entries >= 0; ``0 log 0 = 0``): it equals the
    log posterior when ``q`` is the E-step's ``r(θ)`` and is below it otherwise
    (:func:`derive_jensen_gap`).
    """
    x_ = _check_data(x)
    p = _check_parameters(weights, means, variances)
    q = np.asarray(resp, dtype=float)
    if np.any(q < 0) or np.any(np.abs(q.sum(axis=1) - 1.0) > 1e-9):
        raise ValueError("resp must hold probabilities >= 0 whose rows sum to 1")
    logc = _log_components(x_, p)
    with np.errstate(divide="ignore", invalid="ignore"):
        entropy_terms = np.where(q > 0, q * np.log(np.where(q > 0, q, 1.0)), 0.0)
    bound = float(np.sum(q * logc) - np.sum(entropy_terms))
    return bound + float(np.sum(inverse_gamma_logpdf(p.variances, a, b)))
