"""Answer checkers for chapters 3 and 4, *Ridge regression is MAP under a Gaussian prior* and
*Lasso is MAP under a Laplace prior*.

Symbols used in the answers: ``sxy = xᵀy``, ``sxx = xᵀx`` (one feature), ``sigma2`` (noise
variance σ²), ``tau2`` (Gaussian prior variance τ²), ``c = ‖Xᵀy‖_∞``.
"""

from __future__ import annotations

import sympy as sp

from ..lasso import laplace_posterior_1d
from ._core import Feedback, check_expression, check_number

__all__ = [
    "LAPLACE_MEAN_EXAMPLE",
    "check_half_shrinkage_tau2",
    "check_laplace_posterior_mean",
    "check_lasso_b_max",
    "check_lasso_lambda_max",
    "check_ridge_1d",
]

sxy = sp.Symbol("sxy", real=True)
sxx, sigma2, tau2, c = sp.symbols("sxx sigma2 tau2 c", positive=True)


def check_ridge_1d(answer: object) -> Feedback:
    """The one-feature ridge MAP ``argmin (y - xw)ᵀ(y - xw)/(2σ²) + w²/(2τ²)``: ``sxy / (sxx + σ²/τ²)``."""
    return check_expression(
        answer,
        sxy / (sxx + sigma2 / tau2),
        symbols=(sxy, sxx, sigma2, tau2),
        domains={sxy: (-3.0, 3.0), sxx: (0.5, 5.0)},
        hint="differentiate the negative log posterior in w, set it to zero and solve; write it with "
             "sxy = x·y and sxx = x·x.",
        mistakes=[
            (sxy / (sxx + tau2 / sigma2), "the ratio is upside down: the penalty weight is σ²/τ² "
                                          "(noise variance over prior variance)."),
            (sxy / (sxx + 2 * sigma2 / tau2), "a stray factor 2: multiply the whole negative log "
                                              "posterior by 2σ², not just one term."),
            (sxy / (sxx + sigma2 / (2 * tau2)), "a stray factor 1/2: both terms carry a 1/2, which cancels."),
            (sxy / sxx, "that is least squares: the prior term w²/(2τ²) is missing."),
            (-sxy / (sxx + sigma2 / tau2), "sign error: the cross term of (y - xw)² is -2w·x·y."),
        ],
    )


def check_half_shrinkage_tau2(answer: object) -> Feedback:
    """The τ² at which the one-feature ridge MAP is half the least-squares estimate: ``σ²/sxx``.

    ``sxy/(sxx + σ²/τ²) = ½ sxy/sxx`` ⇔ ``σ²/τ² = sxx``.
    """
    return check_expression(
        answer,
        sigma2 / sxx,
        symbols=(sxx, sigma2),
        domains={sxx: (0.5, 5.0)},
        hint="set sxy/(sxx + σ²/τ²) equal to half of sxy/sxx and solve for τ².",
        mistakes=[
            (sxx / sigma2, "upside down: λ = σ²/τ² = sxx gives τ² = σ²/sxx."),
            (2 * sigma2 / sxx, "halving needs λ = sxx, not λ = sxx/2."),
            (sigma2 / (2 * sxx), "halving needs λ = sxx, not λ = 2·sxx."),
            (sxx, "that is the penalty weight λ; the question asks for the prior variance τ²."),
        ],
    )


def check_lasso_lambda_max(answer: object) -> Feedback:
    """The smallest λ with every lasso weight zero, for ``‖y - Xw‖² + λ‖w‖₁``: ``2c``, ``c = ‖Xᵀy‖_∞``."""
    return check_expression(
        answer,
        2 * c,
        symbols=(c,),
        hint="w = 0 is optimal iff 0 lies in the subdifferential at 0 for every coordinate: "
             "|2 x_jᵀy| <= λ.",
        mistakes=[
            (c, "missing factor 2: the gradient of ‖y - Xw‖² at w = 0 is -2Xᵀy."),
            (c / 2, "the gradient of ‖y - Xw‖² at w = 0 is -2Xᵀy, so the condition is 2|x_jᵀy| <= λ."),
        ],
    )


def check_lasso_b_max(answer: object) -> Feedback:
    """The largest Laplace scale b with every MAP weight zero: ``σ²/c`` (from ``2σ²/b >= 2c``)."""
    return check_expression(
        answer,
        sigma2 / c,
        symbols=(sigma2, c),
        hint="combine λ = 2σ²/b with the condition λ >= λ_max and solve for b.",
        mistakes=[
            (2 * sigma2 / c, "a factor 2 too many: λ_max = 2‖Xᵀy‖_∞ and λ = 2σ²/b, so the 2s cancel."),
            (sigma2 / (2 * c), "a factor 2 too few: λ = 2σ²/b, so the 2s cancel."),
            (c / sigma2, "upside down: a smaller b is a tighter prior; solve 2σ²/b >= 2c for b."),
        ],
    )


#: The posterior of the exercise: one observation z ~ N(w, σ²) with a Laplace(0, b) prior.
LAPLACE_MEAN_EXAMPLE = {"z": 2.0, "sigma2": 3.0, "b": 1.0}


def check_laplace_posterior_mean(answer: object) -> Feedback:
    """The posterior mean for ``LAPLACE_MEAN_EXAMPLE`` (z = 2, σ² = 3, b = 1), by quadrature."""
    post = laplace_posterior_1d(**LAPLACE_MEAN_EXAMPLE)
    return check_number(
        answer,
        post.mean,
        rtol=1e-6,
        hint="integrate w·exp(-(w - z)²/(2σ²) - |w|/b) and divide by the integral of "
             "exp(-(w - z)²/(2σ²) - |w|/b); split the integrals at the kink w = 0.",
        mistakes=[
            (0.0, "0 is the posterior MODE (|z| <= σ²/b, so the soft threshold gives 0); the mean is not 0."),
            (LAPLACE_MEAN_EXAMPLE["z"], "that is z, the maximum-likelihood estimate; the prior pulls the mean "
                                        "toward 0."),
        ],
    )
