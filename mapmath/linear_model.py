"""The Gaussian linear model that ridge and lasso share, written out on explicit symbols.

``y_i ~ N(x_iᵀw, σ²)`` independently, for an ``n × d`` design ``X`` whose entries are symbols.
:func:`symbolic_linear_model` builds ``X``, ``y``, ``w`` and the likelihood
``Π_i N(y_i | x_iᵀw, σ²)`` from :func:`mapmath.priors.gaussian_density`; the ridge and lasso
modules multiply it by their priors.
"""

from __future__ import annotations

import sympy as sp

from .priors import gaussian_density
from .validation import Count, Expr, check_count, validate_params

__all__ = ["symbolic_linear_model"]


@validate_params(n=Count(maximum=10_000), d=Count(maximum=10_000), sigma2=Expr(),
                 max_entries=Count(minimum=1, maximum=10_000))
def symbolic_linear_model(
    n: int, d: int, sigma2: sp.Expr, *, max_entries: int
) -> tuple[sp.Matrix, sp.Matrix, sp.Matrix, sp.Expr]:
    """``(X, y, w, likelihood)`` for an explicit ``n × d`` design of real symbols.

    ``X[i, j] = x{i+1}{j+1}``, ``y[i] = y{i+1}``, ``w[j] = w{j+1}``; ``likelihood`` is
    ``Π_i N(y_i | (Xw)_i, σ²)``. ``n * d`` is capped at ``max_entries`` because the symbolic work
    that follows grows quickly with the size.
    """
    n = check_count("n", n)
    d = check_count("d", d)
    if n < 1 or d < 1 or n * d > max_entries:
        raise ValueError(f"n and d must be >= 1 with n*d <= {max_entries}, got n={n}, d={d}")
    X = sp.Matrix(n, d, lambda i, j: sp.Symbol(f"x{i + 1}{j + 1}", real=True))
    y = sp.Matrix(n, 1, lambda i, _: sp.Symbol(f"y{i + 1}", real=True))
    w = sp.Matrix(d, 1, lambda j, _: sp.Symbol(f"w{j + 1}", real=True))
    mean = X * w
    likelihood = sp.Mul(*[gaussian_density(y[i], mean[i], sigma2) for i in range(n)])
    return X, y, w, likelihood
