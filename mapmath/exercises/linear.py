"""Answer checkers for chapters 3 and 4, *Ridge regression is MAP under a Gaussian prior* and
*Lasso is MAP under a Laplace prior*.

Symbols used in the answers: ``sxy`` (the inner product of x and y), ``sxx`` (the squared norm of
x, one feature), ``sigma2`` (noise variance σ²), ``tau2`` (Gaussian prior variance τ²), ``c``
(the largest absolute entry of Xᵀy), ``lam`` (the ridge strength λ), ``m`` (a prior mean), ``x0``
(a new input), ``rho`` (the correlation of two standardized features) and ``a``, ``b`` (their
least-squares coefficients).
"""

from __future__ import annotations

from fractions import Fraction
from functools import lru_cache

import mpmath
import numpy as np
import sympy as sp

from ..lasso import laplace_posterior_1d
from ..ridge_svd import effective_df
from ._core import Answers, Feedback, answer_checker, check_expression, check_number

__all__ = [
    "DF_EXAMPLE",
    "LAPLACE_MEAN_EXAMPLE",
    "check_half_shrinkage_tau2",
    "check_laplace_posterior_mean",
    "check_lasso_b_max",
    "check_lasso_lambda_max",
    "check_predictive_variance_1d",
    "check_pseudo_response",
    "check_ridge_1d",
    "check_ridge_df",
    "check_ridge_path_slope",
]

sxy = sp.Symbol("sxy", real=True)
sxx, sigma2, tau2, c = sp.symbols("sxx sigma2 tau2 c", positive=True)
lam = sp.Symbol("lam", positive=True)
m, x0, a, b = sp.symbols("m x0 a b", real=True)
rho = sp.Symbol("rho", real=True)


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
                           "solve it for τ², not for its inverse."),
            (2 * sigma2 / sxx, "Check the halving condition: it fixes λ = σ²/τ² at a multiple of sxx; which one?"),
            (sigma2 / (2 * sxx), "Check the halving condition: it fixes λ = σ²/τ² at a multiple of sxx; which one?"),
            (sxx, "that is the penalty weight λ; the question asks for the prior variance τ²."),
        ],
    )


#: The design of the exercise *Degrees of freedom from the spectrum*: X has these singular values.
DF_EXAMPLE = {"singular_values": (3.0, 2.0, 1.0), "lam": 2.0}


@answer_checker
def check_ridge_df(answer: object) -> Feedback:
    """Check the effective degrees of freedom of ridge for the design and λ of ``DF_EXAMPLE``.

    Exercise *Degrees of freedom from the spectrum* (chapter 3): ``X`` has the singular values
    ``DF_EXAMPLE["singular_values"]`` and the ridge strength λ is ``DF_EXAMPLE["lam"]``. Give the
    degrees of freedom as a number (an int, a float, a SymPy number or a string such as "7/4");
    an exact value, or a decimal to 3 significant figures.
    """
    sv = np.array(DF_EXAMPLE["singular_values"])
    lam_value = DF_EXAMPLE["lam"]
    exact = sum((sp.Rational(s) ** 2 / (sp.Rational(s) ** 2 + sp.Rational(lam_value)) for s in sv), sp.Integer(0))
    assert abs(float(exact) - effective_df(np.diag(sv), lam_value)) < 1e-12
    return check_number(
        answer,
        exact,
        exact=True,
        hint="sum the shrinkage factors d_j²/(d_j² + λ) over the singular values d_j.",
        mistakes=[
            (float(sv.size), "that is the rank, the degrees of freedom of least squares (λ = 0): the "
                             "penalty lowers it."),
            (float(np.sum(sv / (sv + lam_value))), "square the singular values: the factors are "
                                                   "d_j²/(d_j² + λ)."),
            (float(np.sum(lam_value / (sv**2 + lam_value))), "that is the sum of λ/(d_j² + λ), the part "
                                                             "each direction loses, not what it keeps."),
        ],
    )


@answer_checker
def check_pseudo_response(answer: object) -> Feedback:
    """Check the response of the pseudo-observation that encodes a prior mean, in the augmented-data view of ridge.

    Exercise *Pseudo-observations for a prior mean* (chapter 3): the prior on weight j is
    N(m, τ²), the pseudo-observation for it has the input √λ·e_j (λ = σ²/τ²), and the question is
    its response. Give it as a SymPy expression or a string in the symbols ``lam`` (λ) and ``m``.
    """
    return check_expression(
        answer,
        sp.sqrt(lam) * m,
        symbols=(lam, m),
        domains={lam: (0.2, 5.0), m: (-3.0, 3.0)},
        hint="expand the squared residual of the pseudo-observation, (r - √λ w_j)², and match it with "
             "λ(w_j - m)² up to a constant free of w_j.",
        mistakes=[
            (m, "the input is √λ e_j, not e_j: expand (r - √λ w_j)² and match it with λ(w_j - m)²."),
            (lam * m, "Too large by a factor that grows with λ: expand (r - √λ w_j)² with your r and compare it "
                      "with λ(w_j - m)²."),
            (m / sp.sqrt(lam), "Your response falls as λ grows: expand (r - √λ w_j)² with your r and compare."),
            (sp.Integer(0), "That is the response for a prior centred at 0 (plain ridge); here the prior "
                            "mean is m."),
            (sp.sqrt(lam), "the response must depend on the prior mean m."),
        ],
    )


@answer_checker
def check_predictive_variance_1d(answer: object) -> Feedback:
    """Check the variance of the posterior predictive of a new response in the one-feature ridge model.

    Exercise *The predictive variance for one feature* (chapter 3): the model of
    :func:`check_ridge_1d` and a new input x0. Give the variance of y0 given the data as a SymPy
    expression or a string in the symbols ``sxx`` (xᵀx), ``sigma2``, ``tau2`` and ``x0``.
    """
    return check_expression(
        answer,
        sigma2 + x0**2 / (sxx / sigma2 + 1 / tau2),
        symbols=(sxx, sigma2, tau2, x0),
        domains={sxx: (0.5, 5.0), x0: (-3.0, 3.0)},
        hint="Write y0 = x0·w + ε with w from the posterior and ε ~ N(0, σ²) independent, and add the two "
             "variances; the posterior precision of w is the data's precision sxx/σ² plus the prior's.",
        mistakes=[
            (x0**2 / (sxx / sigma2 + 1 / tau2), "that is the variance of the mean x0·w only: the new "
                                                 "response also carries its own noise ε ~ N(0, σ²)."),
            (sigma2, "that is the plug-in variance: it ignores the uncertainty about w."),
            (sigma2 + x0**2 * tau2, "that uses the prior variance of w: condition on the data first."),
            (sigma2 + x0**2 * sigma2 / sxx, "that is the least-squares (flat prior) answer: the prior adds "
                                            "its own precision to that of w."),
            (sigma2 + x0**2 * (sxx / sigma2 + 1 / tau2), "the posterior variance is the inverse of the "
                                                         "precision, not the precision."),
        ],
    )


@answer_checker
def check_ridge_path_slope(answer: object) -> Feedback:
    """Check the initial slope in λ of the second ridge coefficient for two correlated features.

    Exercise *When does a ridge coefficient grow?* (chapter 3): XᵀX = [[1, ρ], [ρ, 1]] and the
    least-squares estimate is (a, b). Give dŵ₂/dλ at λ = 0 as a SymPy expression or a string in the
    symbols ``a``, ``b`` and ``rho``.
    """
    return check_expression(
        answer,
        -(b - rho * a) / (1 - rho**2),
        symbols=(a, b, rho),
        domains={a: (-3.0, 3.0), b: (-3.0, 3.0), rho: (-0.9, 0.9)},
        hint="differentiate (XᵀX + λI)ŵ(λ) = Xᵀy in λ and solve for dŵ/dλ at λ = 0; invert the 2 × 2 "
             "matrix explicitly.",
        mistakes=[
            ((b - rho * a) / (1 - rho**2), "sign error: the derivative is minus the inverse of XᵀX + λI "
                                           "applied to ŵ."),
            (-b, "that is the orthonormal case (ρ = 0): the correlation couples the two coefficients."),
            (-(b - rho * a), "The inverse of [[1, ρ], [ρ, 1]] has a factor you left out."),
            (-(b + rho * a) / (1 - rho**2), "check the sign of the off-diagonal entry of the inverse: "
                                            "it is -ρ/(1 - ρ²)."),
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
        hint="The zero vector is optimal iff 0 lies in the subdifferential at 0 for every coordinate: "
             "write that condition with the gradient of ‖y - Xw‖² at w = 0.",
        mistakes=[
            (c, "A factor is missing: differentiate ‖y - Xw‖² at w = 0 again."),
            (c / 2, "A factor is off: differentiate ‖y - Xw‖² at w = 0 again."),
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
            (2 * sigma2 / c, "A factor 2 too many: count the factors 2 in λ_max and in λ = 2σ²/b."),
            (sigma2 / (2 * c), "A factor 2 too few: count the factors 2 in λ_max and in λ = 2σ²/b."),
            (c / sigma2, "upside down: a smaller b is a tighter prior; solve 2σ²/b >= λ_max for b."),
        ],
    )


@lru_cache(maxsize=1)
def _laplace_mean() -> float:
    return laplace_posterior_1d(**LAPLACE_MEAN_EXAMPLE).mean


#: The posterior of the exercise: one observation z ~ N(w, σ²) with a Laplace(0, b) prior.
LAPLACE_MEAN_EXAMPLE = {"z": 2.0, "sigma2": 3.0, "b": 1.0}


@answer_checker
def check_laplace_posterior_mean(answer: object) -> Feedback:
    """Check the posterior mean of one coordinate under a Laplace prior, computed numerically.

    Exercise *A posterior mean under the Laplace prior* (chapter 4): the data, noise variance and
    prior scale are those of ``LAPLACE_MEAN_EXAMPLE`` (z = 2, σ² = 3, b = 1). Give the mean as a
    number to 3 significant figures (a float, a string such as "0.123", a SymPy number).
    """
    return check_number(
        answer,
        _laplace_mean(),
        sig_figs=3,
        hint="integrate w·exp(-(w - z)²/(2σ²) - |w|/b) and divide by the integral of "
             "exp(-(w - z)²/(2σ²) - |w|/b); split the integrals at the kink w = 0.",
        mistakes=[
            (0.0, "That is the posterior MODE (|z| <= σ²/b, so the soft threshold gives 0); the mean is not 0."),
            (LAPLACE_MEAN_EXAMPLE["z"], "that is z, the maximum-likelihood estimate; the prior pulls the mean "
                                        "toward 0."),
        ],
    )


#: The data table of these chapters' checkers (see :class:`~mapmath.exercises.Answers`).
ANSWERS: dict[str, Answers] = {
    "check_ridge_1d": Answers(
        right=("sxy/(sxx + sigma2/tau2)", "sxy/(sxx + sigma^2/tau^2)", "tau2*sxy/(tau2*sxx + sigma2)",
               "sxy·τ^2/(sxx·τ^2 + σ^2)", "(sxy/sxx)/(1 + sigma2/(tau2*sxx))", "sxy*tau_2/(sigma_2 + sxx*tau_2)"),
        wrong=("sxy/(sxx + tau2/sigma2)", "sxy/(sxx + 2*sigma2/tau2)", "sxy/(sxx + sigma2/(2*tau2))", "sxy/sxx",
               "-sxy/(sxx + sigma2/tau2)", "sxy/(sxx + sigma/tau)", "sxy/(sxx + sigma2*tau2)"),
    ),
    "check_half_shrinkage_tau2": Answers(
        right=("sigma2/sxx", "sigma^2/sxx", "σ^2·sxx^-1", "2*sigma2/(2*sxx)", "sigma_2/sxx", "(sxx/sigma2)^-1"),
        wrong=("sxx/sigma2", "2*sigma2/sxx", "sigma2/(2*sxx)", "sxx", "-sigma2/sxx", "sigma2", "sqrt(sigma2/sxx)"),
    ),
    "check_ridge_df": Answers(
        right=("20/11", Fraction(20, 11), "1.818", "1.82", 20 / 11, mpmath.mpf(20) / 11, np.float64(20 / 11),
               np.array(20 / 11), "9/11 + 4/6 + 1/3", sp.Rational(20, 11)),
        wrong=("3", "5/3 + 1", "1.5", "13/11", "2", "-20/11", "1.8", "11/20"),
    ),
    "check_pseudo_response": Answers(
        right=("sqrt(lam)*m", "m*sqrt(lam)", "m·lam^(1/2)", "lam*m/sqrt(lam)", "sqrt(lam*m^2)*sign(m)",
               "−(−m)×sqrt(lam)"),
        wrong=("m", "lam*m", "m/sqrt(lam)", "0", "sqrt(lam)", "-sqrt(lam)*m", "sqrt(lam)*m^2"),
    ),
    "check_predictive_variance_1d": Answers(
        right=("sigma2 + x0^2/(sxx/sigma2 + 1/tau2)", "sigma2 + x0^2*sigma2*tau2/(sxx*tau2 + sigma2)",
               "σ^2 + x0^2·σ^2·τ^2/(sxx·τ^2 + σ^2)", "sigma2*(1 + x0^2*tau2/(sigma2 + sxx*tau2))",
               "x0**2/(1/tau2 + sxx/sigma2) + sigma2", "sigma^2 + x0^2/(sxx/sigma^2 + tau^-2)"),
        wrong=("x0^2/(sxx/sigma2 + 1/tau2)", "sigma2", "sigma2 + x0^2*tau2", "sigma2 + x0^2*sigma2/sxx",
               "sigma2 + x0^2*(sxx/sigma2 + 1/tau2)", "sigma2 - x0^2/(sxx/sigma2 + 1/tau2)",
               "sigma2 + x0/(sxx/sigma2 + 1/tau2)"),
    ),
    "check_ridge_path_slope": Answers(
        right=("-(b - rho*a)/(1 - rho^2)", "(rho*a - b)/(1 - rho^2)", "(b - rho*a)/(rho^2 - 1)",
               "(rho·a − b)/((1 − rho)·(1 + rho))", "rho*a/(1 - rho**2) - b/(1 - rho**2)",
               "-(b - rho×a)*(1 - rho^2)^-1"),
        wrong=("(b - rho*a)/(1 - rho^2)", "-b", "-(b - rho*a)", "-(b + rho*a)/(1 - rho^2)", "-(a - rho*b)/(1 - rho^2)",
               "-(b - rho*a)/(1 + rho^2)", "-(b - rho*a)/(1 - rho)"),
    ),
    "check_lasso_lambda_max": Answers(
        right=("2*c", "c*2", "c + c", "2·c", "4*c/2", "(2*c^2)/c"),
        wrong=("c", "c/2", "-2*c", "4*c", "2*c^2", "2", "sqrt(2)*c"),
    ),
    "check_lasso_b_max": Answers(
        right=("sigma2/c", "sigma^2/c", "σ^2/c", "sigma2*c^-1", "2*sigma2/(2*c)", "sigma_2/c"),
        wrong=("2*sigma2/c", "sigma2/(2*c)", "c/sigma2", "-sigma2/c", "sigma2", "sigma2/c^2", "sqrt(sigma2)/c"),
    ),
    "check_laplace_posterior_mean": Answers(
        right=("0.643", 0.643, "0.6427", 0.64272, mpmath.mpf("0.643"), np.float32(0.6427), np.array(0.643),
               "64.3/100"),
        wrong=("0", "2", "0.5", "-0.643", "1.357", "0.6", "0.7"),
    ),
}
