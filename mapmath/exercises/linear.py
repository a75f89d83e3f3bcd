"""Answer checkers for chapters 3 and 4, *Ridge regression is MAP under a Gaussian prior* and
*Lasso is MAP under a Laplace prior*.

Symbols used in the answers: ``sxy`` (the inner product of x and y), ``sxx`` (the squared norm of
x, one feature), ``sigma2`` (noise variance σ²), ``tau2`` (Gaussian prior variance τ²) and ``c``
(the largest absolute entry of Xᵀy).
"""

from __future__ import annotations

import sympy as sp

from ..lasso import laplace_posterior_1d
from ._core import Feedback, answer_checker, check_expression, check_number

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


@answer_checker
def check_ridge_1d(answer: object) -> Feedback:
    """Check the one-feature ridge MAP of w, the estimate derived by hand.

    Exercise *The one-feature ridge estimate* (chapter 3): a single feature x, the model
    y ~ N(xw, σ²I) and the prior w ~ N(0, τ²). Give the MAP as a SymPy expression or a string in
    the symbols ``sxy`` (xᵀy), ``sxx`` (xᵀx), ``sigma2`` and ``tau2``.
    """
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


@answer_checker
def check_half_shrinkage_tau2(answer: object) -> Feedback:
    """Check the prior variance τ² at which the one-feature ridge MAP is half the least-squares estimate.

    Exercise *The prior variance that halves a coefficient* (chapter 3), in the one-feature model
    of :func:`check_ridge_1d`. Give τ² as a SymPy expression or a string in the symbols ``sxx`` and
    ``sigma2``.
    """
    return check_expression(
        answer,
        sigma2 / sxx,
        symbols=(sxx, sigma2),
        domains={sxx: (0.5, 5.0)},
        hint="set the one-feature ridge MAP (the previous exercise) equal to half of sxy/sxx and solve for τ².",
        mistakes=[
            (sxx / sigma2, "upside down: the halving condition fixes the penalty weight λ = σ²/τ²; "
                           "solve it for τ², not for 1/τ²."),
            (2 * sigma2 / sxx, "halving needs λ = sxx, not λ = sxx/2."),
            (sigma2 / (2 * sxx), "halving needs λ = sxx, not λ = 2·sxx."),
            (sxx, "that is the penalty weight λ; the question asks for the prior variance τ²."),
        ],
    )


@answer_checker
def check_lasso_lambda_max(answer: object) -> Feedback:
    """Check the smallest lasso penalty λ at which every weight of the lasso estimate is zero.

    Exercise *The prior scale that zeroes every weight*, part (a) (chapter 4): the objective is the
    residual sum of squares plus λ times the L1 norm of w. Give λ as a SymPy expression or a string
    in the symbol ``c``, the largest absolute entry of Xᵀy.
    """
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


@answer_checker
def check_lasso_b_max(answer: object) -> Feedback:
    """Check the largest Laplace prior scale b at which every weight of the MAP is zero.

    Exercise *The prior scale that zeroes every weight*, part (b) (chapter 4): the model has noise
    variance σ² and a Laplace(0, b) prior on each weight. Give b as a SymPy expression or a string
    in the symbols ``sigma2`` and ``c`` (the largest absolute entry of Xᵀy).
    """
    return check_expression(
        answer,
        sigma2 / c,
        symbols=(sigma2, c),
        hint="combine λ = 2σ²/b with the condition λ >= λ_max and solve for b.",
        mistakes=[
            (2 * sigma2 / c, "a factor 2 too many: λ_max and λ = 2σ²/b both carry a factor 2, so the 2s cancel."),
            (sigma2 / (2 * c), "a factor 2 too few: λ = 2σ²/b, so the 2s cancel."),
            (c / sigma2, "upside down: a smaller b is a tighter prior; solve 2σ²/b >= λ_max for b."),
        ],
    )


#: The posterior of the exercise: one observation z ~ N(w, σ²) with a Laplace(0, b) prior.
LAPLACE_MEAN_EXAMPLE = {"z": 2.0, "sigma2": 3.0, "b": 1.0}


@answer_checker
def check_laplace_posterior_mean(answer: object) -> Feedback:
    """Check the posterior mean of one coordinate under a Laplace prior, computed numerically.

    Exercise *A posterior mean under the Laplace prior* (chapter 4): the data, noise variance and
    prior scale are those of ``LAPLACE_MEAN_EXAMPLE`` (z = 2, σ² = 3, b = 1). Give the mean as a
    number (an int, a float or a SymPy number); it is accepted to a relative tolerance of 1e-6.
    """
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
