"""From prior scales to scikit-learn's ``alpha``.

scikit-learn writes the two penalized least-squares problems with its own scaling
(scikit-learn user guide, "Linear Models"):

- ``Ridge`` minimizes ``‖y - Xw‖² + alpha ‖w‖²``. This is the ridge objective itself, so
  ``alpha = λ = σ²/τ²``.
- ``Lasso`` minimizes ``(1/(2n)) ‖y - Xw‖² + alpha ‖w‖₁``. Multiplying by ``2n`` (which does not
  move the minimizer) gives ``‖y - Xw‖² + 2n·alpha ‖w‖₁``, so ``2n·alpha = λ = 2σ²/b`` and
  ``alpha = σ²/(n b)``.

:func:`derive_sklearn_lasso_alpha` solves the second relation with SymPy; the tests fit
scikit-learn with these ``alpha`` values (``fit_intercept=False``) and compare with
:func:`mapmath.ridge_map` / :func:`mapmath.lasso_map`.
"""

from __future__ import annotations

import sympy as sp

from .ridge import ridge_lambda
from .validation import check_count, check_positive, float_ratio

__all__ = [
    "derive_sklearn_lasso_alpha",
    "laplace_scale_from_sklearn_alpha",
    "prior_variance_from_sklearn_alpha",
    "sklearn_lasso_alpha",
    "sklearn_ridge_alpha",
]


def sklearn_ridge_alpha(sigma2: float, tau2: float) -> float:
    """``alpha`` for ``sklearn.linear_model.Ridge`` matching a N(0, τ²) prior: ``σ²/τ²``."""
    return ridge_lambda(sigma2, tau2)  # Ridge minimizes ‖y - Xw‖² + alpha‖w‖²: alpha is λ itself


def prior_variance_from_sklearn_alpha(alpha: float, sigma2: float) -> float:
    """The prior variance τ² implied by a ``Ridge(alpha)`` fit with noise variance σ²: ``σ²/alpha``."""
    return float_ratio("tau2 = sigma2 / alpha", check_positive("sigma2", sigma2),
                       check_positive("alpha", alpha), "sigma2 and alpha")


def _check_n(n_samples: int) -> int:
    return check_count("n_samples", n_samples, minimum=1, exact_float=True)


def sklearn_lasso_alpha(sigma2: float, b: float, n_samples: int) -> float:
    """``alpha`` for ``sklearn.linear_model.Lasso`` matching a Laplace(0, b) prior: ``σ²/(n b)``."""
    sigma2 = check_positive("sigma2", sigma2)
    b = check_positive("b", b)
    n = _check_n(n_samples)
    return float_ratio("alpha = sigma2 / (n_samples b)", sigma2 / n, b, "sigma2, b and n_samples")


def laplace_scale_from_sklearn_alpha(alpha: float, sigma2: float, n_samples: int) -> float:
    """The Laplace scale b implied by a ``Lasso(alpha)`` fit on ``n`` samples: ``σ²/(n·alpha)``."""
    sigma2 = check_positive("sigma2", sigma2)
    alpha = check_positive("alpha", alpha)
    n = _check_n(n_samples)
    return float_ratio("b = sigma2 / (n_samples alpha)", sigma2 / n, alpha, "sigma2, alpha and n_samples")


def derive_sklearn_lasso_alpha() -> dict[str, sp.Expr]:
    """Solve ``2n·alpha = 2σ²/b`` for scikit-learn's Lasso ``alpha``.

    scikit-learn's objective times ``2n`` is ``‖r‖² + 2n·alpha‖w‖₁``; equating its L1 weight with
    the MAP's ``λ = 2σ²/b`` gives ``alpha``. Returns the symbols, the scaled objective's L1
    weight and the solved ``alpha`` (``σ²/(n b)``).
    """
    n = sp.Symbol("n", positive=True, integer=True)
    alpha, sigma2, b, rss, l1 = sp.symbols("alpha sigma2 b RSS L1", positive=True)
    sklearn_objective = rss / (2 * n) + alpha * l1
    scaled = sp.expand(2 * n * sklearn_objective)
    l1_weight = scaled.coeff(l1)
    solved = sp.solve(sp.Eq(l1_weight, 2 * sigma2 / b), alpha)
    return {
        "n": n, "alpha": alpha, "sigma2": sigma2, "b": b,
        "sklearn_objective": sklearn_objective, "scaled_objective": scaled,
        "l1_weight": l1_weight, "alpha_solution": solved[0],
    }
