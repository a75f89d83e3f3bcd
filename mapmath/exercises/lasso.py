"""Answer checkers for the exercises of chapter 4 on the lasso in depth: many minimizers, the path,
scikit-learn's scales, and what the Laplace prior says about the weights.

(The two older chapter-4 checkers, on the scale that zeroes every weight and on the posterior
mean, live in :mod:`mapmath.exercises.linear`.)
"""

from __future__ import annotations

import sympy as sp

from ._core import Answers, Feedback, answer_checker, check_expression

__all__ = [
    "check_duplicate_segment_length",
    "check_laplace_tail",
    "check_lars_knot_b",
    "check_sklearn_alpha_repeated",
]

a, c, lam, b, alpha, n, sigma2, k = sp.symbols("a c lam b alpha n sigma2 k", positive=True)


@answer_checker
def check_duplicate_segment_length(answer: object) -> Feedback:
    """Check the length of the set of lasso minimizers when a column is duplicated.

    Exercise *Two identical columns* (chapter 4): the design has one column x twice, the objective
    is the residual sum of squares plus λ times the L1 norm, and the one-column data satisfy
    xᵀy > λ/2.
    Give the Euclidean length of the set of minimizers (w₁, w₂) as a SymPy expression or a string in
    the symbols ``a`` (xᵀx), ``c`` (xᵀy) and ``lam`` (λ).
    """
    total = (c - lam / 2) / a
    return check_expression(
        answer,
        sp.sqrt(2) * total,
        symbols=(a, c, lam),
        domains={a: (0.5, 5.0), c: (3.0, 6.0), lam: (0.1, 4.0)},
        hint="first solve the one-column problem (soft thresholding gives the optimal total w₁ + w₂); "
             "the minimizers are the same-sign splits of that total, a segment between two points on "
             "the axes: how long is it?",
        mistakes=[
            (total, "that is the optimal total w₁ + w₂ (the L1 norm of every minimizer), not the length "
                    "of the segment of minimizers."),
            (total / 2, "that is one coordinate of the midpoint of the segment, not its length."),
            (sp.sqrt(2) * (c - lam) / a, "check the soft threshold: with the objective ‖y - Xw‖² + λ‖w‖₁ "
                                         "the one-column threshold is λ/2, not λ."),
            (sp.sqrt(2) * (c - lam / 2) / (2 * a), "the duplicated column does not double xᵀx for each "
                                                  "weight: solve for the total w₁ + w₂ with one column x."),
        ],
    )


@answer_checker
def check_lars_knot_b(answer: object) -> Feedback:
    """Check the Laplace prior scale b that corresponds to a knot of scikit-learn's ``lars_path``.

    Exercise *From a lars_path knot to a prior scale* (chapter 4): ``lars_path`` with the lasso
    method returns knots ``alphas``, each the largest absolute correlation |x_jᵀ(y - Xw)| on the path
    divided by the number of observations. Give b as a SymPy expression or a string in the symbols
    ``alpha`` (the knot), ``n`` (observations) and ``sigma2`` (noise variance σ²).
    """
    return check_expression(
        answer,
        sigma2 / (n * alpha),
        symbols=(alpha, n, sigma2),
        domains={n: (10.0, 500.0)},
        hint="on the lasso path the largest absolute correlation equals λ/2 (the KKT conditions); combine "
             "that with the definition of alpha and with λ = 2σ²/b.",
        mistakes=[
            (2 * sigma2 / (n * alpha), "A factor 2 too many: follow the factors 2 through the KKT "
                                       "condition and λ = 2σ²/b."),
            (sigma2 / (2 * n * alpha), "A factor 2 too few: follow the factors 2 through the KKT condition "
                                       "and λ = 2σ²/b."),
            (sigma2 / alpha, "the number of observations is missing: lars_path divides the correlation "
                             "by n."),
            (n * alpha / sigma2, "upside down: a larger alpha (a stronger penalty) is a smaller prior scale b."),
        ],
    )


@answer_checker
def check_laplace_tail(answer: object) -> Feedback:
    """Check the prior probability that a weight is at least c in absolute value under Laplace(0, b).

    Exercise *How unlikely does the prior find a large weight?* (chapter 4): w has the density
    exp(-|w|/b)/(2b). Give P(|w| >= c) for c >= 0 as a SymPy expression or a string in the symbols
    ``c`` and ``b``.
    """
    tail = sp.exp(-c / b)
    return check_expression(
        answer,
        tail,
        symbols=(c, b),
        domains={c: (0.0, 3.0), b: (0.2, 3.0)},
        hint="integrate the density over w >= c and over w <= -c (the two tails are equal by symmetry).",
        mistakes=[
            (tail / 2, "that is one tail, P(w >= c); |w| >= c has two."),
            (1 - tail, "that is P(|w| < c), the complement."),
            (sp.exp(-c / (2 * b)), "integrate exp(-w/b)/(2b) from c to infinity again: the 2 in the "
                                   "density's normalization does not enter the exponent."),
            (sp.exp(-c * b), "the scale b divides the weight: the density is exp(-|w|/b)/(2b)."),
        ],
    )


@answer_checker
def check_sklearn_alpha_repeated(answer: object) -> Feedback:
    """Check scikit-learn's ``Lasso`` ``alpha`` for the same prior when every observation is repeated.

    Exercise *scikit-learn's alpha when the data are repeated* (chapter 4): ``alpha`` matches a
    Laplace(0, b) prior with noise variance σ² on n observations. Every observation (row of X and
    entry of y) is now repeated k times, and the prior and σ² stay the same. Give the new ``alpha``
    as a SymPy expression or a string in the symbols ``alpha`` (the old value) and ``k``; the
    factor alpha_new/alpha (a formula in ``k`` alone) is accepted too.
    """
    return check_expression(
        answer,
        alpha / k,
        symbols=(alpha, k),
        domains={k: (2.0, 10.0)},
        alternatives=[1 / k],  # the factor alpha_new/alpha, the form the solution displays
        hint="write scikit-learn's objective for the repeated data in terms of the original residual sum "
             "of squares, and compare its L1 weight with the one the prior requires for k·n observations.",
        mistakes=[
            (alpha, "scikit-learn averages the squared residuals over the rows, so repeating the data leaves "
                    "its objective unchanged at the same alpha: that keeps the penalty, not the prior."),
            (alpha * k, "the other way round: with more data a fixed prior weighs less against the "
                        "(averaged) residuals."),
            (alpha / k**2, "One factor k too many: redo the mapping with k·n observations."),
        ],
    )


#: The data table of this chapter's checkers (see :class:`~mapmath.exercises.Answers`).
ANSWERS: dict[str, Answers] = {
    "check_duplicate_segment_length": Answers(
        right=("sqrt(2)*(c - lam/2)/a", "(2*c - lam)/(sqrt(2)*a)", "sqrt(2)·c/a − sqrt(2)·lam/(2·a)",
               "(c - lam/2)*sqrt(2)/a", "sqrt(2*(c - lam/2)^2)/a", "(sqrt(2)*c - lam/sqrt(2))/a"),
        wrong=("(c - lam/2)/a", "(c - lam/2)/(2*a)", "sqrt(2)*(c - lam)/a", "sqrt(2)*(c - lam/2)/(2*a)",
               "-sqrt(2)*(c - lam/2)/a", "2*(c - lam/2)/a", "sqrt(2)*(c + lam/2)/a"),
    ),
    "check_lars_knot_b": Answers(
        right=("sigma2/(n*alpha)", "sigma2/(alpha*n)", "σ^2/(n·alpha)", "sigma^2/(n*alpha)", "(sigma2/n)/alpha",
               "sigma_2*(n*alpha)^-1"),
        wrong=("2*sigma2/(n*alpha)", "sigma2/(2*n*alpha)", "sigma2/alpha", "n*alpha/sigma2", "-sigma2/(n*alpha)",
               "sigma2/(n*alpha^2)", "sigma2*n/alpha"),
    ),
    "check_laplace_tail": Answers(
        right=("exp(-c/b)", "e^(-c/b)", "1/exp(c/b)", "exp(−c/b)", "2*exp(-c/b)/2", "exp(-c)^(1/b)"),
        wrong=("exp(-c/b)/2", "1 - exp(-c/b)", "exp(-c/(2*b))", "exp(-c*b)", "-exp(-c/b)", "exp(c/b)",
               "exp(-c/b)/(2*b)"),
    ),
    "check_sklearn_alpha_repeated": Answers(
        right=("alpha/k", "alpha*k^-1", "alpha·(1/k)", "(1/k)*alpha", "2*alpha/(2*k)", "1/k"),
        wrong=("alpha", "alpha*k", "alpha/k^2", "-alpha/k", "k/alpha", "alpha/(2*k)", "k", "1/k^2"),
    ),
}
