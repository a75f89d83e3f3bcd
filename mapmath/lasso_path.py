"""The lasso path: the MAP for every prior scale at once, its knots, and its degrees of freedom.

For ``λ >= 0`` let ``ŵ(λ) = argmin ‖y - Xw‖² + λ‖w‖₁`` (the MAP under a Laplace(0, b) prior with
``λ = 2σ²/b``, see :mod:`mapmath.lasso`). When the columns of ``X`` are linearly independent the
objective is strictly convex, ``ŵ(λ)`` is unique, and it is continuous and piecewise linear in
``λ`` (the homotopy of Osborne, Presnell & Turlach 2000; the lasso modification of least angle
regression, Efron, Hastie, Johnstone & Tibshirani 2004). Between two knots the active set ``A``
and the signs ``s_A`` are fixed, and the stationarity conditions ``X_Aᵀ(y - X_A w_A) = (λ/2) s_A``
give

    w_A(λ) = (X_AᵀX_A)⁻¹ (X_Aᵀy - (λ/2) s_A) = u - (λ/2) v,   u = G_AA⁻¹ c_A,  v = G_AA⁻¹ s_A,

with ``G = XᵀX``, ``c = Xᵀy``. A *knot* is a ``λ`` where the active set changes: an inactive
``j`` joins when its correlation ``x_jᵀ(y - Xŵ(λ))`` reaches ``±λ/2``, an active coefficient
leaves when it reaches 0. The path starts at ``λ_max = 2‖Xᵀy‖_∞`` with ``ŵ = 0``.

scikit-learn's :func:`sklearn.linear_model.lars_path` (``method="lasso"``) reports its knots as
``alphas = max_j |x_jᵀ(y - Xŵ)| / n``. On the path the largest correlation is ``λ/2`` (the KKT
conditions), so

    λ = 2 n α,    b = 2σ²/λ = σ² / (n α)

(:func:`lars_alpha_to_lambda`, :func:`lars_alpha_to_b`): the same scale as ``Lasso``'s ``alpha``.

Degrees of freedom: for a fit ``ŷ = Xŵ(y)`` with ``y ~ N(μ, σ²I)``, ``df = Σ_i Cov(ŷ_i, y_i)/σ²``
(Efron 1986, via Stein's lemma). Zou, Hastie & Tibshirani (2007) showed that for the lasso the
number of nonzero coefficients is an unbiased estimate of it; :func:`covariance_df` estimates
both sides by Monte Carlo.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from .validation import (
    Count,
    IsCallable,
    Matrix,
    Optional,
    Positive,
    Real,
    Vector,
    check_count,
    check_matrix,
    check_positive,
    check_real,
    check_vector,
    check_X_y,
    float_ratio,
    validate_params,
)

__all__ = [
    "CovarianceDF",
    "LassoPath",
    "covariance_df",
    "lars_alpha_to_b",
    "lars_alpha_to_lambda",
    "lasso_path",
]

#: A candidate knot closer than this (relative) to the current λ is the current knot itself.
_KNOT_RTOL = 1e-10


@dataclass(frozen=True)
class LassoPath:
    """The piecewise-linear lasso path ``ŵ(λ)`` (see :func:`lasso_path`).

    ``lams`` are the breakpoints, decreasing: ``lams[0] = λ_max``, then every knot, and last the
    end of the path ``lam_min`` (when it is not itself a knot). ``coefs[k]`` is ``ŵ(lams[k])``
    (exact zeros off the active set). ``events[k]`` is what happens at ``lams[k]``:
    ``("join", j)`` or ``("leave", j)``; the end point has no event, so ``len(events)`` is the
    number of knots.
    """

    lams: np.ndarray
    coefs: np.ndarray
    events: tuple[tuple[str, int], ...]

    @property
    def knots(self) -> np.ndarray:
        """The λ values where the active set changes (``lams`` without the end point)."""
        return self.lams[: len(self.events)]

    def at(self, lam: float) -> np.ndarray:
        """``ŵ(λ)``: 0 for ``λ >= λ_max``, else the linear interpolation between the breakpoints
        around ``λ`` (exact, since the path is linear in λ between knots)."""
        lam = check_real("lam", lam, low=float(self.lams[-1]))
        if lam >= self.lams[0]:
            return np.zeros(self.coefs.shape[1])
        k = int(np.searchsorted(-self.lams, -lam, side="right")) - 1  # lams[k] > lam >= lams[k + 1]
        k = min(k, len(self.lams) - 2)
        hi, lo = self.lams[k], self.lams[k + 1]
        t = (hi - lam) / (hi - lo)
        out = (1.0 - t) * self.coefs[k] + t * self.coefs[k + 1]
        out[(self.coefs[k] == 0.0) & (self.coefs[k + 1] == 0.0)] = 0.0
        return out

    def b_knots(self, sigma2: float) -> np.ndarray:
        """The knots as Laplace prior scales, ``b = 2σ²/λ`` (increasing; ``inf`` for ``λ = 0``)."""
        sigma2 = check_positive("sigma2", sigma2)
        with np.errstate(divide="ignore"):
            return 2.0 * sigma2 / self.knots

    def n_nonzero(self) -> np.ndarray:
        """The number of nonzero coefficients at each breakpoint."""
        return np.count_nonzero(self.coefs, axis=1)


@validate_params(
    X=Matrix(),
    y=Vector(length="X.rows"),
    lam_min=Real(0.0),
    max_knots=Optional(Count(minimum=1)),
)
def lasso_path(X: object, y: object, lam_min: float = 0.0, *, max_knots: int | None = None) -> LassoPath:
    """The whole lasso path ``ŵ(λ)`` for ``λ`` from ``λ_max = 2‖Xᵀy‖_∞`` down to ``lam_min``.

    Homotopy (see the module docstring): on each segment solve ``G_AA u = c_A``, ``G_AA v = s_A``;
    the next knot is the largest ``λ`` below the current one at which an active coefficient
    ``u_i - (λ/2) v_i`` reaches 0 or an inactive correlation ``α_j + (λ/2) β_j`` (``α = c - G_{·A}u``,
    ``β = G_{·A}v``) reaches ``±λ/2``. ``X`` must have linearly independent columns (else the
    solution need not be unique: use :func:`mapmath.lasso_map`, which returns one minimizer);
    ``lam_min >= 0``. ``max_knots`` (default ``20·p + 20``) guards the loop.
    """
    X, y = check_X_y(X, y)
    lam_min = check_real("lam_min", lam_min, low=0.0)
    p = X.shape[1]
    max_knots = check_count("max_knots", 20 * p + 20 if max_knots is None else max_knots, minimum=1)
    if np.linalg.matrix_rank(X) < p:
        raise ValueError(f"X must have linearly independent columns (rank {p}) for a unique lasso path, "
                         f"got rank {np.linalg.matrix_rank(X)}: with collinear columns use mapmath.lasso_map, "
                         "which returns one of the minimizers")
    G, c = X.T @ X, X.T @ y
    j0 = int(np.argmax(np.abs(c)))
    lam = 2.0 * float(abs(c[j0]))
    if lam <= lam_min:  # ŵ = 0 on the whole requested range
        return LassoPath(lams=np.array([lam_min]), coefs=np.zeros((1, p)), events=())
    active, signs = [j0], {j0: float(np.sign(c[j0]))}
    lams, coefs, events = [lam], [np.zeros(p)], [("join", j0)]
    just_left: int | None = None
    while True:
        if len(events) > max_knots:
            raise ValueError(f"max_knots={max_knots} knots were passed before the path reached lam_min: "
                             "raise max_knots")
        A = np.array(active)
        s = np.array([signs[j] for j in active])
        GA = G[np.ix_(A, A)]
        u = np.linalg.solve(GA, c[A])
        v = np.linalg.solve(GA, s)
        h = lam / 2.0
        best_h, best = lam_min / 2.0, None
        # an active coefficient u_i - h' v_i reaches 0 at h' = u_i / v_i
        for i, j in enumerate(active):
            if v[i] != 0.0:
                hi = u[i] / v[i]
                if best_h < hi < h * (1.0 - _KNOT_RTOL):
                    best_h, best = hi, ("leave", j)
        # an inactive correlation α_j + h' β_j reaches ±h'
        inactive = [j for j in range(p) if j not in signs]
        if inactive:
            J = np.array(inactive)
            alpha = c[J] - G[np.ix_(J, A)] @ u
            beta = G[np.ix_(J, A)] @ v
            for j, a_j, b_j in zip(inactive, alpha, beta, strict=True):
                for sign in (1.0, -1.0):
                    denom = sign - b_j
                    if denom == 0.0:
                        continue
                    hj = a_j / denom
                    if best_h < hj < h * (1.0 - _KNOT_RTOL):
                        if j == just_left and hj > h * (1.0 - 1e-8):
                            continue  # the coefficient that just left, at its own knot
                        best_h, best = hj, ("join", j, sign)
        lam = 2.0 * best_h
        w = np.zeros(p)
        w[A] = u - best_h * v
        if best is None:  # the path reaches lam_min on this segment
            lams.append(lam)
            coefs.append(w)
            break
        just_left = None
        if best[0] == "leave":
            j = best[1]
            w[j] = 0.0
            active.remove(j)
            del signs[j]
            just_left = j
            events.append(("leave", j))
        else:
            j = best[1]
            active.append(j)
            signs[j] = best[2]
            events.append(("join", j))
        lams.append(lam)
        coefs.append(w)
        if not active:  # pragma: no cover - an active set never empties below λ_max
            raise ValueError("the active set emptied below λ_max: X and y are too extreme in scale (rescale them)")
    return LassoPath(lams=np.array(lams), coefs=np.array(coefs), events=tuple(events))


# --------------------------------------------------------------------------- scikit-learn's lars_path
@validate_params(alpha=Real(0.0), n_samples=Count(minimum=1, exact_float=True))
def lars_alpha_to_lambda(alpha: float, n_samples: int) -> float:
    """The lasso ``λ`` (objective ``‖y - Xw‖² + λ‖w‖₁``) of a ``lars_path`` knot ``alpha``: ``λ = 2nα``.

    ``lars_path`` reports ``alpha = max_j |x_jᵀ r| / n`` and on the path ``max_j |x_jᵀ r| = λ/2``."""
    alpha = check_real("alpha", alpha, low=0.0)
    n = check_count("n_samples", n_samples, minimum=1, exact_float=True)
    value = 2.0 * n * alpha
    if not math.isfinite(value):
        raise ValueError(f"lambda = 2 n_samples alpha overflows the float range for alpha={alpha:g}, "
                         f"n_samples={n}")
    return value


@validate_params(alpha=Positive(), sigma2=Positive(), n_samples=Count(minimum=1, exact_float=True))
def lars_alpha_to_b(alpha: float, sigma2: float, n_samples: int) -> float:
    """The Laplace prior scale ``b`` of a ``lars_path`` knot ``alpha > 0`` with noise variance σ²:
    ``b = 2σ²/λ = σ²/(nα)`` (``alpha = 0``, the least-squares end, is ``b = ∞`` and refused)."""
    alpha = check_positive("alpha", alpha)
    sigma2 = check_positive("sigma2", sigma2)
    n = check_count("n_samples", n_samples, minimum=1, exact_float=True)
    return float_ratio("b = sigma2 / (n_samples alpha)", sigma2, n * alpha, "sigma2, alpha and n_samples")


# --------------------------------------------------------------------------- degrees of freedom
@dataclass(frozen=True)
class CovarianceDF:
    """A Monte Carlo estimate of ``df = Σ_i Cov(ŷ_i, y_i)/σ²`` and of the mean number of nonzero
    coefficients, each with its Monte Carlo standard error (see :func:`covariance_df`)."""

    df: float
    df_se: float
    mean_nonzero: float
    nonzero_se: float
    n_rep: int


@validate_params(
    X=Matrix(),
    mean=Vector(length="X.rows"),
    sigma2=Positive(),
    estimator=IsCallable(),
    n_rep=Count(minimum=2, maximum=10**6),
    seed=Count(),
)
def covariance_df(X: object, mean: object, sigma2: float, estimator: Callable[[np.ndarray, np.ndarray], object],
                  *, n_rep: int = 2000, seed: int = 0) -> CovarianceDF:
    """Estimate the degrees of freedom ``Σ_i Cov(ŷ_i, y_i)/σ²`` of ``ŷ = X·estimator(X, y)`` by Monte Carlo.

    Draws ``y_r = mean + σ ε_r`` (``ε_r ~ N(0, I)``, ``numpy.random.default_rng(seed)``), fits
    ``w_r = estimator(X, y_r)`` and averages ``(ŷ_r - mean)ᵀ(y_r - mean)/σ²``, an unbiased
    estimate of ``df`` (``E[(y - μ)] = 0``, so subtracting ``μ = mean`` from ``ŷ`` changes the mean
    of nothing and removes the large term ``μᵀε``). Also averages ``#{j: w_j ≠ 0}``. Standard errors
    are the replicate standard deviations over ``√n_rep``.
    """
    X = check_matrix("X", X)
    mu = check_vector("mean", mean, length=X.shape[0], length_name="X.shape[0] (one entry per row of X)")
    sigma2 = check_positive("sigma2", sigma2)
    n_rep = check_count("n_rep", n_rep, minimum=2)
    seed = check_count("seed", seed)
    if not callable(estimator):
        raise TypeError(f"estimator must be a callable estimator(X, y) -> w, got {type(estimator).__name__}")
    rng = np.random.default_rng(seed)
    sigma = math.sqrt(sigma2)
    cov_terms = np.empty(n_rep)
    counts = np.empty(n_rep)
    for r in range(n_rep):
        eps = sigma * rng.standard_normal(X.shape[0])
        w = check_vector("estimator(X, y)", estimator(X, mu + eps), length=X.shape[1],
                         length_name="X.shape[1] (n_features)")
        cov_terms[r] = (X @ w - mu) @ eps / sigma2
        counts[r] = np.count_nonzero(w)
    root = math.sqrt(n_rep)
    return CovarianceDF(df=float(cov_terms.mean()), df_se=float(cov_terms.std(ddof=1) / root),
                        mean_nonzero=float(counts.mean()), nonzero_se=float(counts.std(ddof=1) / root),
                        n_rep=n_rep)
