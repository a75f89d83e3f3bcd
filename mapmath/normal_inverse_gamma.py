"""Unknown noise: the normal–inverse-gamma prior and the Student-t predictive.

Model (Bishop 2006 ex. 3.12–3.13; Gelman et al. 2013 §14.2; Murphy 2022 §11.7.3):

    y | w, σ² ~ N(Xw, σ² I_n),   w | σ² ~ N(m₀, σ² V₀),   σ² ~ IG(a₀, b₀).

The prior is conjugate: the posterior is NIG(m_n, V_n, a_n, b_n) with

    V_n = (V₀⁻¹ + XᵀX)⁻¹,   m_n = V_n (V₀⁻¹ m₀ + Xᵀy),
    a_n = a₀ + n/2,         b_n = b₀ + ½ (yᵀy + m₀ᵀV₀⁻¹m₀ - m_nᵀV_n⁻¹m_n).

Integrating σ² out of ``y* | x*, σ² ~ N(x*ᵀm_n, σ²(1 + x*ᵀV_n x*))`` against IG(a_n, b_n) gives
a Student-t predictive with ``2a_n`` degrees of freedom, location ``x*ᵀm_n`` and squared scale
``(b_n/a_n)(1 + x*ᵀV_n x*)``. The plug-in Gaussian of chapter 03 keeps the same centre but a
normal shape; the t's heavier tails are what the unknown σ² costs, and they vanish as
``a_n = a₀ + n/2`` grows.

With ``V₀ = (τ²/σ²) I`` the posterior mean ``m_n`` is the ridge MAP at ``λ = σ²/τ²`` whatever the
data say about σ² (the prior on ``w`` scales with σ).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import sympy as sp
from scipy import stats

from .validation import Instance, Matrix, Positive, Probability, Vector, check_X_y, validate_params

__all__ = [
    "NIGPosterior",
    "NIGPredictive",
    "NIGUpdate",
    "derive_nig_update",
    "derive_t_predictive",
    "nig_posterior",
    "nig_predictive",
]


@dataclass(frozen=True)
class NIGPosterior:
    """NIG(mean, cov_factor, a, b): ``w | σ², y ~ N(mean, σ² cov_factor)``, ``σ² | y ~ IG(a, b)``."""

    mean: np.ndarray
    cov_factor: np.ndarray
    a: float
    b: float


@validate_params(X=Matrix(), y=Vector(length="X.rows"), prior_mean=Vector(length="X.cols"),
                 prior_cov_factor=Matrix(rows="X.cols", cols="X.cols"), a0=Positive(), b0=Positive())
def nig_posterior(X: object, y: object, prior_mean: object, prior_cov_factor: object, a0: float,
                  b0: float) -> NIGPosterior:
    """The conjugate update NIG(m₀, V₀, a₀, b₀) → NIG(m_n, V_n, a_n, b_n) (see the module docstring).

    ``prior_cov_factor`` ``V₀`` must be symmetric positive definite (checked by its Cholesky factor).
    Solves linear systems (no explicit inverse of ``XᵀX``)."""
    X_, y_ = check_X_y(X, y)
    m0 = np.asarray(prior_mean, dtype=float)
    V0 = np.asarray(prior_cov_factor, dtype=float)
    if not np.allclose(V0, V0.T, rtol=1e-12, atol=0.0):
        raise ValueError("prior_cov_factor must be symmetric")
    try:
        L0 = np.linalg.cholesky(V0)
    except np.linalg.LinAlgError:
        raise ValueError("prior_cov_factor must be positive definite") from None
    P0 = np.linalg.inv(L0).T @ np.linalg.inv(L0)  # V₀⁻¹ (small: d × d)
    Pn = P0 + X_.T @ X_
    mn = np.linalg.solve(Pn, P0 @ m0 + X_.T @ y_)
    Vn = np.linalg.inv(Pn)
    an = a0 + y_.size / 2
    bn = b0 + 0.5 * (y_ @ y_ + m0 @ P0 @ m0 - mn @ Pn @ mn)
    return NIGPosterior(mn, (Vn + Vn.T) / 2, float(an), float(bn))


@dataclass(frozen=True)
class NIGPredictive:
    """Student-t predictive per row of ``X_new``: degrees of freedom ``df`` (= 2a_n), ``loc``,
    ``scale`` (so ``(y* - loc)/scale ~ t_df``), and the plug-in Gaussian's standard deviation
    ``plugin_sd`` = ``√((b_n/a_n)(1 + xᵀV_n x))``, the same centre and scale with a normal shape."""

    df: float
    loc: np.ndarray
    scale: np.ndarray
    plugin_sd: np.ndarray

    def interval(self, level: float = 0.95) -> tuple[np.ndarray, np.ndarray]:
        """Central ``level`` predictive interval of the t (SciPy's quantile)."""
        q = stats.t.ppf(0.5 + level / 2, self.df)
        return self.loc - q * self.scale, self.loc + q * self.scale


@validate_params(posterior=Instance(NIGPosterior), X_new=Matrix())
def nig_predictive(posterior: NIGPosterior, X_new: object) -> NIGPredictive:
    """``y* | y ~ t_{2a_n}(x*ᵀm_n, (b_n/a_n)(1 + x*ᵀV_n x*))`` for each row ``x*`` of ``X_new``
    (Bishop 2006 ex. 3.12–3.13; Gelman et al. 2013 §14.2)."""
    Xn = np.asarray(X_new, dtype=float)
    if Xn.shape[1] != posterior.mean.size:
        raise ValueError(f"X_new must have {posterior.mean.size} columns (one per weight), got {Xn.shape[1]}")
    lev = np.einsum("ij,jk,ik->i", Xn, posterior.cov_factor, Xn)
    scale = np.sqrt(posterior.b / posterior.a * (1.0 + lev))
    return NIGPredictive(2 * posterior.a, Xn @ posterior.mean, scale, scale.copy())


@validate_params(df=Positive(), level=Probability(open_interval=True))
def t_to_normal_width_ratio(df: float, level: float = 0.95) -> float:
    """``t_{df, (1+level)/2} / z_{(1+level)/2}``: how much wider the t interval is than the normal
    interval of the same scale; it decreases to 1 as ``df → ∞``."""
    q = 0.5 + level / 2
    return float(stats.t.ppf(q, df) / stats.norm.ppf(q))


__all__.append("t_to_normal_width_ratio")


@dataclass(frozen=True)
class NIGUpdate:
    """The one-weight conjugate update, derived (see :func:`derive_nig_update`): the symbols, the
    unnormalized log prior × likelihood ``log_joint`` and the solved posterior parameters; ``gap`` is
    ``log_joint - log NIG kernel(m_n, v_n, a_n, b_n)``, free of ``w`` and ``σ²``."""

    w: sp.Symbol
    sigma2: sp.Symbol
    log_joint: sp.Expr
    v_n: sp.Expr
    m_n: sp.Expr
    a_n: sp.Expr
    b_n: sp.Expr
    gap: sp.Expr


def derive_nig_update() -> NIGUpdate:
    """Derive the NIG update for one weight in SymPy by matching coefficients.

    Data enter through ``s_xx = Σx_i²``, ``s_xy = Σx_i y_i``, ``s_yy = Σy_i²`` and ``n``. The log of
    prior × likelihood is ``-(a₀ + 1 + 1/2 + n/2) log σ² - Q(w)/(2σ²)`` with
    ``Q = s_yy - 2w s_xy + w² s_xx + (w - m₀)²/v₀ + 2b₀``; a NIG(m, v, a, b) kernel is
    ``-(a + 1 + 1/2) log σ² - ((w - m)²/v + 2b)/(2σ²)``. Equating the coefficients of ``log σ²``,
    and of ``w²/σ²``, ``w/σ²``, ``1/σ²`` gives ``(v_n, m_n, a_n, b_n)``, solved by ``sp.solve``.
    """
    w = sp.Symbol("w", real=True)
    s2 = sp.Symbol("sigma2", positive=True)
    sxx, v0, a0, b0, n = sp.symbols("s_xx v0 a0 b0 n", positive=True)
    sxy, syy, m0 = sp.symbols("s_xy s_yy m0", real=True)
    m, v, a, b = sp.symbols("m v a b", real=True)
    Q = syy - 2 * w * sxy + w**2 * sxx + (w - m0) ** 2 / v0 + 2 * b0
    log_joint = -(a0 + 1 + sp.Rational(1, 2) + n / 2) * sp.log(s2) - Q / (2 * s2)
    R = (w - m) ** 2 / v + 2 * b
    kernel = -(a + 1 + sp.Rational(1, 2)) * sp.log(s2) - R / (2 * s2)
    diff_q = sp.Poly(sp.expand(Q - R), w)
    eqs = [sp.Eq(diff_q.coeff_monomial(w**k), 0) for k in (2, 1, 0)]
    eqs.append(sp.Eq(a0 + n / 2, a))
    sol = sp.solve(eqs, [v, m, b, a], dict=True)[0]
    gap = sp.simplify(log_joint - kernel.subs(sol))
    return NIGUpdate(w, s2, log_joint, sol[v], sol[m], sol[a], sol[b], gap)


@dataclass(frozen=True)
class TPredictiveDerivation:
    """``mixture`` = ∫ N(r; 0, σ² k) IG(σ²; a, b) dσ², integrated by SymPy (``r`` the distance from
    the predictive mean, ``k = 1 + x*ᵀV_n x*``); ``student_t`` = the Student-t density with ``2a``
    degrees of freedom and squared scale ``b k / a``, written out."""

    r: sp.Symbol
    a: sp.Symbol
    b: sp.Symbol
    k: sp.Symbol
    mixture: sp.Expr
    student_t: sp.Expr


def derive_t_predictive() -> TPredictiveDerivation:
    """Integrate the Gaussian predictive over the inverse-gamma posterior of σ² in SymPy.

    With the precision ``u = 1/σ²`` (``u ~ Gamma(a, b)``) the integrand is a Gamma kernel in ``u``:
    ``∫₀^∞ √(u/(2πk)) e^{-u r²/(2k)} bᵃ u^{a-1} e^{-bu}/Γ(a) du``, which SymPy evaluates in closed form.
    """
    r = sp.Symbol("r", real=True)
    a, b, k, u = sp.symbols("a b k u", positive=True)
    normal = sp.sqrt(u / (2 * sp.pi * k)) * sp.exp(-u * r**2 / (2 * k))  # N(r; 0, k/u)
    integrand = normal * b**a * u ** (a - 1) * sp.exp(-b * u) / sp.gamma(a)  # × Gamma(u; a, b)
    # the integrand is a constant times the Gamma kernel u^(a - 1/2) e^(-βu), β = b + r²/(2k):
    # integrate that kernel (SymPy's integrate is reliable and fast on it; on the whole integrand it
    # sometimes returned the integral unevaluated, depending on its caches), after checking the split
    beta = sp.Symbol("beta", positive=True)
    kernel = u ** (a - sp.Rational(1, 2)) * sp.exp(-beta * u)
    constant = b**a / (sp.sqrt(2 * sp.pi * k) * sp.gamma(a))
    rate = b + r**2 / (2 * k)
    split = sp.simplify(sp.powsimp(integrand / (constant * kernel.subs(beta, rate)), force=True))
    if split != 1:  # pragma: no cover - a SymPy regression
        raise ArithmeticError(f"the integrand is not the Gamma kernel times a constant: ratio {split}")
    mixture = constant * sp.integrate(kernel, (u, 0, sp.oo), conds="none").subs(beta, rate)
    nu = 2 * a
    s2 = b * k / a
    student_t = (sp.gamma((nu + 1) / 2) / (sp.gamma(nu / 2) * sp.sqrt(nu * sp.pi * s2))
                 * (1 + r**2 / (nu * s2)) ** (-(nu + 1) / 2))
    return TPredictiveDerivation(r, a, b, k, mixture, student_t)


__all__ += ["TPredictiveDerivation"]
