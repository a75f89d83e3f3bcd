"""L2-penalized logistic regression as MAP under a Gaussian prior.

Model: ``y_i | x_i, w ~ Bernoulli(σ(x_iᵀ w))`` with ``σ(z) = 1 / (1 + e^{-z})``, prior
``w ~ N(0, τ² I_d)``. The negative log posterior is, up to a constant free of ``w``,

    J(w) = Σ_i [log(1 + exp(x_iᵀ w)) - y_i x_iᵀ w] + ‖w‖² / (2τ²)
         = NLL(w) + (λ/2) ‖w‖²,            λ = 1/τ²,

with gradient ``Xᵀ(σ(Xw) - y) + w/τ²`` and Hessian ``Xᵀ S X + I/τ²``,
``S = diag(σ(x_iᵀw)(1 - σ(x_iᵀw)))``. The Hessian is positive definite, so ``J`` is strictly
convex and the MAP is its unique stationary point.

scikit-learn's ``LogisticRegression`` (L2, ``fit_intercept=False``) minimizes
``½‖w‖² + C Σ_i logloss_i``; multiplying ``J`` by ``τ²`` (which does not move the minimizer)
gives exactly that objective with ``C = τ²`` (see :func:`sklearn_C`).
(Bishop 2006 §4.3.2 and §4.5; Murphy 2022 §10.2.7.)

**Intercepts.** With an intercept ``b``, ``y_i ~ Bernoulli(σ(b + x_iᵀw))``, and the prior
``b ~ N(0, τ_b²)`` independent of ``w`` (:func:`logistic_map_intercept`). scikit-learn's
``fit_intercept=True`` means two different priors on ``b``, depending on the solver: the lbfgs,
newton-cg, sag and saga solvers leave ``b`` out of the penalty, a **flat** prior
(``τ_b² = ∞``); liblinear appends a constant column ``intercept_scaling = s`` to ``X`` and
penalizes its weight like the others, which is the prior ``b ~ N(0, τ² s²)`` (scikit-learn user
guide, "Logistic regression", note on liblinear's intercept).
"""

from __future__ import annotations

import math
import warnings
from typing import NamedTuple

import numpy as np
import sympy as sp
from scipy.special import expit

from ._lazy import optimize
from .priors import gaussian_density, penalty
from .validation import (
    Checked,
    ConvergenceWarning,
    Count,
    Instance,
    Matrix,
    Positive,
    Vector,
    check_count,
    check_positive,
    check_vector,
    check_X_y,
    validate_params,
)

__all__ = [
    "LogisticDerivation",
    "LogisticFit",
    "closed_form_gradient",
    "closed_form_hessian",
    "derive_logistic_map_objective",
    "logistic_gradient",
    "logistic_hessian",
    "logistic_map",
    "logistic_map_intercept",
    "logistic_mle",
    "logistic_objective",
    "sklearn_C",
]


class LogisticDerivation(NamedTuple):
    """The symbolic pieces of the logistic MAP objective for ``n`` observations, ``d`` weights.

    ``neg_log_posterior = neg_log_likelihood + neg_log_prior`` exactly (the evidence term is
    dropped); ``neg_log_prior = penalty + constant``; ``objective = neg_log_likelihood +
    penalty`` is what the MAP minimizes.
    """

    w: tuple[sp.Symbol, ...]
    X: sp.Matrix
    y: tuple[sp.Symbol, ...]
    tau2: sp.Symbol
    neg_log_likelihood: sp.Expr  #: Σ_i softplus(z_i) - y_i z_i (equal to Σ bernoulli_nll for y_i ∈ {0, 1})
    neg_log_prior: sp.Expr
    penalty: sp.Expr
    constant: sp.Expr
    objective: sp.Expr
    gradient: sp.Matrix
    hessian: sp.Matrix
    bernoulli_nll: tuple[sp.Expr, ...]  #: -log[σ(z_i)^y_i (1-σ(z_i))^(1-y_i)], one per observation


def _sigmoid(z: sp.Expr) -> sp.Expr:
    return 1 / (1 + sp.exp(-z))


@validate_params(n=Count(minimum=1, maximum=6), d=Count(minimum=1, maximum=4))
def derive_logistic_map_objective(n: int = 2, d: int = 2) -> LogisticDerivation:
    """Derive the logistic-regression MAP objective from the Bernoulli likelihood and N(0, τ²I).

    Each observation contributes ``-log[σ(z)^y (1-σ(z))^(1-y)]`` with ``z = x_iᵀw``; with
    ``log σ(z) = z - log(1+e^z)`` and ``log(1-σ(z)) = -log(1+e^z)`` this is
    ``log(1+e^z) - y z`` for ``y`` in {0, 1} (``bernoulli_nll`` keeps the raw terms, for the
    caller to check that identity). The prior's negative
    log density is ``Σ_j w_j²/(2τ²) + (d/2) log(2πτ²)``: the penalty (from
    :func:`mapmath.priors.penalty`) plus a constant free of ``w``. Gradient and Hessian are
    SymPy derivatives of the objective.
    """
    n = check_count("n", n, minimum=1, maximum=6)  # a small symbolic problem
    d = check_count("d", d, minimum=1, maximum=4)
    w = sp.symbols(f"w1:{d + 1}", real=True)
    y = sp.symbols(f"y1:{n + 1}", real=True)
    X = sp.Matrix(n, d, lambda i, j: sp.Symbol(f"x{i + 1}{j + 1}", real=True))
    tau2 = sp.Symbol("tau2", positive=True)
    z = X * sp.Matrix(w)

    nll_terms, bernoulli_terms = [], []
    for i in range(n):
        s = _sigmoid(z[i])
        bernoulli = s ** y[i] * (1 - s) ** (1 - y[i])
        raw = -sp.log(bernoulli)
        bernoulli_terms.append(raw)
        nll_terms.append(sp.log(1 + sp.exp(z[i])) - y[i] * z[i])
    nll = sp.Add(*nll_terms)

    prior = sp.Mul(*[gaussian_density(wj, 0, tau2) for wj in w])
    neg_log_prior = sp.expand(sp.expand_log(-sp.log(prior), force=True))
    pen = sp.Add(*[penalty(gaussian_density(wj, 0, tau2), wj) for wj in w])
    constant = sp.simplify(neg_log_prior - pen)
    objective = nll + pen
    gradient = sp.Matrix([sp.diff(objective, wj) for wj in w])
    hessian = sp.hessian(objective, w)
    return LogisticDerivation(w, X, y, tau2, nll, neg_log_prior, pen, constant, objective,
                              gradient, hessian, tuple(bernoulli_terms))


@validate_params(deriv=Instance(LogisticDerivation))
def closed_form_gradient(deriv: LogisticDerivation) -> sp.Matrix:
    """``Xᵀ(σ(Xw) - y) + w/τ²`` in the symbols of ``deriv`` (to compare with ``deriv.gradient``)."""
    z = deriv.X * sp.Matrix(deriv.w)
    resid = sp.Matrix([_sigmoid(z[i]) - deriv.y[i] for i in range(len(deriv.y))])
    return deriv.X.T * resid + sp.Matrix(deriv.w) / deriv.tau2


@validate_params(deriv=Instance(LogisticDerivation))
def closed_form_hessian(deriv: LogisticDerivation) -> sp.Matrix:
    """``Xᵀ S X + I/τ²`` with ``S = diag(σ(z_i)(1 - σ(z_i)))`` in the symbols of ``deriv``."""
    z = deriv.X * sp.Matrix(deriv.w)
    S = sp.diag(*[_sigmoid(z[i]) * (1 - _sigmoid(z[i])) for i in range(len(deriv.y))])
    d = len(deriv.w)
    return deriv.X.T * S * deriv.X + sp.eye(d) / deriv.tau2


# ----------------------------------------------------------------------------- numerics


def _check_problem(X: object, y: object, tau2: object) -> tuple[np.ndarray, np.ndarray, float]:
    X_, y_ = check_X_y(X, y)
    if not np.all((y_ == 0) | (y_ == 1)):
        bad = y_[(y_ != 0) & (y_ != 1)][0]
        raise ValueError(f"y must contain only the labels 0 and 1, got {bad!r}")
    t = check_positive("tau2", tau2)
    return X_, y_, t


def _check_w(w: object, d: int) -> np.ndarray:
    return check_vector("w", w, length=d, length_name="X.shape[1] (one weight per column of X)")


@validate_params(
    w=Vector(length="X.cols"),
    X=Matrix(),
    y=Vector(length="X.rows", low=0.0, high=1.0),
    tau2=Positive(),
)
def logistic_objective(w: object, X: object, y: object, tau2: object) -> float:
    """``J(w) = Σ_i [log(1 + e^{z_i}) - y_i z_i] + ‖w‖²/(2τ²)`` with ``z = Xw`` (overflow-safe)."""
    X_, y_, t = _check_problem(X, y, tau2)
    w_ = _check_w(w, X_.shape[1])
    return _objective(w_, X_, y_, t)


@validate_params(
    w=Vector(length="X.cols"),
    X=Matrix(),
    y=Vector(length="X.rows", low=0.0, high=1.0),
    tau2=Positive(),
)
def logistic_gradient(w: object, X: object, y: object, tau2: object) -> np.ndarray:
    """``∇J(w) = Xᵀ(σ(Xw) - y) + w/τ²``."""
    X_, y_, t = _check_problem(X, y, tau2)
    w_ = _check_w(w, X_.shape[1])
    return _gradient(w_, X_, y_, t)


@validate_params(
    w=Vector(length="X.cols"),
    X=Matrix(),
    y=Vector(length="X.rows", low=0.0, high=1.0),
    tau2=Positive(),
)
def logistic_hessian(w: object, X: object, y: object, tau2: object) -> np.ndarray:
    """``∇²J(w) = Xᵀ S X + I/τ²``, ``S = diag(σ(z_i)(1 - σ(z_i)))``: positive definite."""
    X_, y_, t = _check_problem(X, y, tau2)
    w_ = _check_w(w, X_.shape[1])
    return _hessian(w_, X_, y_, t)


# ``tau2`` below is one prior variance for every weight, or an array of one per weight (``np.inf``:
# a flat prior on that weight, no penalty).
def _objective(w: np.ndarray, X: np.ndarray, y: np.ndarray, tau2) -> float:
    z = X @ w
    penalty = w @ w / (2.0 * tau2) if np.ndim(tau2) == 0 else float(np.sum(w * w / tau2)) / 2.0
    return float(np.sum(np.logaddexp(0.0, z) - y * z) + penalty)


def _gradient(w: np.ndarray, X: np.ndarray, y: np.ndarray, tau2) -> np.ndarray:
    return X.T @ (expit(X @ w) - y) + w / tau2


def _hessian(w: np.ndarray, X: np.ndarray, y: np.ndarray, tau2) -> np.ndarray:
    p = expit(X @ w)
    s = p * (1.0 - p)
    prior = np.eye(X.shape[1]) / tau2 if np.ndim(tau2) == 0 else np.diag(1.0 / np.asarray(tau2))
    return (X.T * s) @ X + prior


@validate_params(
    X=Matrix(),
    y=Vector(length="X.rows", low=0.0, high=1.0),
    tau2=Positive(),
    tol=Positive(),
    max_iter=Count(minimum=1, maximum=10**5),
)
def logistic_map(X: object, y: object, tau2: object, *, tol: float = 1e-12,
                 max_iter: int = 100) -> np.ndarray:
    """The MAP ``argmin_w J(w)`` of logistic regression under the prior ``w ~ N(0, τ² I)``.

    Newton's method with a backtracking (Armijo) line search, started at ``w = 0``; stops when
    the Newton decrement ``gᵀH⁻¹g / 2`` falls below ``tol`` (after one last full step). ``J`` is strictly convex (its
    Hessian is at least ``I/τ²``), so the minimizer exists, is unique, and Newton converges to
    it from any start — even for separable data, where the MLE does not exist.

    Parameters: ``X`` (n, d) design without an intercept column unless you want the intercept
    penalized too; ``y`` labels in {0, 1}; ``tau2`` the prior variance τ² > 0.
    """
    X_, y_, t = _check_problem(X, y, tau2)
    return _newton(X_, y_, t, tol, max_iter, "logistic_map")


class LogisticFit(NamedTuple):
    """A logistic-regression fit with an intercept: ``P(y = 1 | x) = σ(intercept + xᵀcoef)``."""

    intercept: float
    coef: np.ndarray


@validate_params(
    X=Matrix(),
    y=Vector(length="X.rows", low=0.0, high=1.0),
    tau2=Positive(),
    intercept_tau2=Checked("inf (a flat prior) or a variance > 0"),
    tol=Positive(),
    max_iter=Count(minimum=1, maximum=10**5),
)
def logistic_map_intercept(X: object, y: object, tau2: object, *, intercept_tau2: object = math.inf,
                           tol: float = 1e-12, max_iter: int = 100) -> LogisticFit:
    """The MAP of logistic regression with an intercept, ``y_i ~ Bernoulli(σ(b + x_iᵀw))``.

    Priors: ``w ~ N(0, τ² I)`` and, independently, ``b ~ N(0, τ_b²)`` with ``τ_b² = intercept_tau2``;
    the MAP minimizes

        Σ_i [log(1 + e^{z_i}) - y_i z_i] + ‖w‖²/(2τ²) + b²/(2τ_b²),    z_i = b + x_iᵀw,

    the ``b`` term dropped when ``intercept_tau2 = inf`` (the default: a flat prior on ``b``, what
    scikit-learn's lbfgs/newton-cg/sag/saga solvers fit with ``fit_intercept=True``).
    ``intercept_tau2 = τ² s²`` is liblinear's fit with ``intercept_scaling = s``, which penalizes the
    intercept. The same damped Newton iteration as :func:`logistic_map`, on ``[X, 1]``. With a flat
    prior on ``b`` both labels must occur in ``y`` (otherwise ``b → ±∞`` and there is no MAP).
    """
    X_, y_, t = _check_problem(X, y, tau2)
    if isinstance(intercept_tau2, int | float) and not isinstance(intercept_tau2, bool) and intercept_tau2 == math.inf:
        tb = math.inf
    else:
        tb = check_positive("intercept_tau2", intercept_tau2)
    if math.isinf(tb) and np.unique(y_).size < 2:
        raise ValueError("y must contain both labels 0 and 1 when the intercept has a flat prior "
                         "(intercept_tau2=inf): with one label the intercept runs off to infinity")
    design = np.column_stack([X_, np.ones(X_.shape[0])])
    variances = np.append(np.full(X_.shape[1], t), tb)
    beta = _newton(design, y_, variances, tol, max_iter, "logistic_map_intercept")
    return LogisticFit(float(beta[-1]), beta[:-1])


@validate_params(
    X=Matrix(),
    y=Vector(length="X.rows", low=0.0, high=1.0),
    tol=Positive(),
    max_iter=Count(minimum=1, maximum=10**5),
)
def logistic_mle(X: object, y: object, *, tol: float = 1e-12, max_iter: int = 100) -> np.ndarray:
    """The unpenalized MLE ``argmin_w NLL(w)``: the limit of :func:`logistic_map` as ``τ² → ∞``.

    The same Newton iteration with the penalty removed (``1/τ² = 0``). The MLE exists and is
    unique exactly when ``X`` has full column rank and the data are not (quasi-)separable, i.e.
    no ``w ≠ 0`` has ``(2y_i - 1) x_iᵀw >= 0`` for every ``i`` (Albert and Anderson 1984); that
    is checked first by a linear program, and a ``ValueError`` is raised otherwise (the NLL then
    decreases forever along ``w``; use :func:`logistic_map`).
    """
    X_, y_, _ = _check_problem(X, y, 1.0)
    if np.linalg.matrix_rank(X_) < X_.shape[1]:
        raise ValueError("X must have full column rank for the logistic MLE to be unique")
    if _separable(X_, y_):
        raise ValueError("the data are (quasi-)separable, so the logistic MLE does not exist: the "
                         "likelihood increases forever along a separating direction (use logistic_map)")
    return _newton(X_, y_, np.inf, tol, max_iter, "logistic_mle")


def _separable(X: np.ndarray, y: np.ndarray) -> bool:
    """Whether some ``w ≠ 0`` has ``s_i x_iᵀw >= 0`` for all ``i`` (``s_i = 2y_i - 1``).

    Linear program: maximise ``Σ_i s_i x_iᵀw`` subject to ``s_i x_iᵀw >= 0`` and ``|w_j| <= 1``.
    For full-rank ``X`` the optimum is positive exactly when such a ``w`` exists.
    """
    M = (2.0 * y - 1.0)[:, None] * X
    res = optimize.linprog(-M.sum(axis=0), A_ub=-M, b_ub=np.zeros(M.shape[0]),
                           bounds=[(-1.0, 1.0)] * X.shape[1], method="highs")
    return bool(res.status == 0 and -res.fun > 1e-9 * max(1.0, float(np.abs(M).sum())))


def _newton(X_: np.ndarray, y_: np.ndarray, t, tol: float, max_iter: int,
            name: str) -> np.ndarray:
    """Damped Newton on ``J`` with prior variance ``t`` (``np.inf``: no penalty; an array: one per weight)."""
    tol_ = check_positive("tol", tol)
    max_iter = check_count("max_iter", max_iter, minimum=1)
    e = math.frexp(float(np.max(np.abs(X_))))[1]
    if abs(e) > 64:
        # Features far from 1 in size: solve for v = 2^e w with X 2^-e (exact power-of-two scaling,
        # so X w and the objective's terms stay in range) and the prior variance τ² 2^{2e}.
        if np.ndim(t) == 0:
            try:
                t_scaled = math.ldexp(t, 2 * e) if math.isfinite(t) else t
            except OverflowError:
                t_scaled = math.inf
            lost = t_scaled == 0.0 or (math.isinf(t_scaled) and math.isfinite(t))
        else:
            with np.errstate(over="ignore"):
                t_scaled = np.ldexp(t, 2 * e)
            lost = bool(np.any(t_scaled == 0.0) or np.any(np.isinf(t_scaled) & np.isfinite(t)))
        if lost:
            raise ValueError(f"tau2 * max|X|² is outside the float range (tau2={np.min(t):g}, max|X|="
                             f"{float(np.max(np.abs(X_))):g}): rescale X")
        v = _newton(np.ldexp(X_, -e), y_, t_scaled, tol, max_iter, name)
        w = np.ldexp(v, -e)
        if not np.all(np.isfinite(w)):
            raise ValueError(f"{name}: the weights overflow the float range for this X: rescale X")
        return w
    w = np.zeros(X_.shape[1])
    f = _objective(w, X_, y_, t)
    for _ in range(max_iter):
        g = _gradient(w, X_, y_, t)
        H = _hessian(w, X_, y_, t)
        step = np.linalg.solve(H, g)
        decrement = float(g @ step) / 2.0
        if decrement <= tol_:
            return w - step  # a last full Newton step: quadratic convergence makes it exact
        alpha = 1.0
        while True:
            candidate = w - alpha * step
            f_new = _objective(candidate, X_, y_, t)
            if f_new <= f - 0.25 * alpha * 2.0 * decrement or alpha < 1e-12:
                break
            alpha /= 2.0
        w, f = candidate, f_new
    warnings.warn(f"{name}: Newton's method did not converge in max_iter={max_iter} steps (Newton "
                  f"decrement {decrement:.2e} > tol={tol_:g}); the last iterate is returned",
                  ConvergenceWarning, stacklevel=3)
    return w


@validate_params(tau2=Positive())
def sklearn_C(tau2: object) -> float:
    """The scikit-learn ``LogisticRegression`` ``C`` whose L2 fit is the MAP under N(0, τ² I).

    scikit-learn minimizes ``½‖w‖² + C Σ_i logloss_i``; ``τ² J(w) = ½‖w‖² + τ² NLL(w)``, so
    ``C = τ²`` (the inverse of the penalty weight λ = 1/τ² in ``NLL + (λ/2)‖w‖²``). Use
    ``fit_intercept=False``, or :func:`logistic_map_intercept`: a flat prior on the intercept for
    the lbfgs/newton-cg solvers, ``N(0, τ² s²)`` for liblinear with ``intercept_scaling = s``.
    """
    return check_positive("tau2", tau2)
