"""From prior scales to scikit-learn's ``alpha``.

scikit-learn writes the two penalized least-squares problems with its own scaling
(scikit-learn user guide, "Linear Models"):

- ``Ridge`` minimizes ``‖y - Xw‖² + alpha ‖w‖²``. This is the ridge objective itself, so
  ``alpha = λ = σ²/τ²``.
- ``Lasso`` minimizes ``(1/(2n)) ‖y - Xw‖² + alpha ‖w‖₁``. Multiplying by ``2n`` (which does not
  move the minimizer) gives ``‖y - Xw‖² + 2n·alpha ‖w‖₁``, so ``2n·alpha = λ = 2σ²/b`` and
  ``alpha = σ²/(n b)``.

The tests derive the second relation with SymPy, fit scikit-learn with these ``alpha`` values
(``fit_intercept=False``) and compare with :func:`mapmath.ridge_map` / :func:`mapmath.lasso_map`.
"""

from __future__ import annotations

from .ridge import ridge_lambda
from .validation import Count, Positive, check_count, check_positive, float_ratio, validate_params

__all__ = [
    "sklearn_lasso_alpha",
    "sklearn_ridge_alpha",
]


@validate_params(sigma2=Positive(), tau2=Positive())
def sklearn_ridge_alpha(sigma2: float, tau2: float) -> float:
    """``alpha`` for ``sklearn.linear_model.Ridge`` matching a N(0, τ²) prior: ``σ²/τ²``."""
    return ridge_lambda(sigma2, tau2)  # Ridge minimizes ‖y - Xw‖² + alpha‖w‖²: alpha is λ itself


def _check_n(n_samples: int) -> int:
    return check_count("n_samples", n_samples, minimum=1, exact_float=True)


@validate_params(sigma2=Positive(), b=Positive(), n_samples=Count(minimum=1, exact_float=True))
def sklearn_lasso_alpha(sigma2: float, b: float, n_samples: int) -> float:
    """``alpha`` for ``sklearn.linear_model.Lasso`` matching a Laplace(0, b) prior: ``σ²/(n b)``."""
    sigma2 = check_positive("sigma2", sigma2)
    b = check_positive("b", b)
    n = _check_n(n_samples)
    return float_ratio("alpha = sigma2 / (n_samples b)", sigma2 / n, b, "sigma2, b and n_samples")
