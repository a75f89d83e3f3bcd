"""Answer checkers for the exercises of chapter 4 on the lasso in depth: many minimizers, the path,
scikit-learn's scales, and what the Laplace prior says about the weights.

(The two older chapter-4 checkers, on the scale that zeroes every weight and on the posterior
mean, live in :mod:`mapmath.exercises.linear`.)
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import sympy as sp

from ._core import Answers, Feedback, answer_checker, check_expression, check_number

__all__ = [
    "LARS_FOURTH_JOIN_B",
    "check_duplicate_segment_length",
    "check_elastic_net_l1_ratio",
    "check_laplace_conditional_tail",
    "check_lars_fourth_join_b",
]

a, c, lam, b, alpha, n, sigma2, k = sp.symbols("a c lam b alpha n sigma2 k", positive=True)
t, tau2 = sp.symbols("t tau2", positive=True)

#: The prior scale b at which the fourth variable joins the lasso path of scikit-learn's diabetes
#: data (response centered, σ² the least-squares residual variance RSS/(n - p - 1)): the key of
#: :func:`check_lars_fourth_join_b`, recomputed from ``lars_path`` and from ``mapmath.lasso_path``
#: in ``tests/test_exercises_lasso.py``.
LARS_FOURTH_JOIN_B = 9.278483522


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
def check_lars_fourth_join_b(answer: object) -> Feedback:
    """Check the Laplace prior scale b at which the fourth variable joins the diabetes lasso path.

    Exercise *Where does the fourth variable join?* (chapter 4): scikit-learn's ``lars_path`` with
    the lasso method on the diabetes data of the chapter (response centered), and the chapter's
    noise variance σ̂². Give b as a number to 3 significant figures.
    """
    key = LARS_FOURTH_JOIN_B
    return check_number(
        answer,
        key,
        sig_figs=3,
        hint="a variable joins at the knot where its coefficient starts to move away from zero (at that "
             "knot it is still zero); turn that knot's alpha into a prior scale: on the path the largest "
             "absolute correlation is λ/2, lars_path divides it by n, and λ = 2σ²/b.",
        mistakes=[
            (key * 2, "a factor 2 too large: the largest correlation on the path is λ/2, so λ = 2nα, "
                      "and λ = 2σ²/b."),
            (key / 2, "a factor 2 too small: λ = 2nα and λ = 2σ²/b."),
            (22.53663313, "at that knot four coefficients are already nonzero: a variable's coefficient "
                          "is still zero at the knot where it joins, so that is where the fifth joins."),
            (6.475401812, "that is where the third variable joins."),
        ],
    )


@answer_checker
def check_laplace_conditional_tail(answer: object) -> Feedback:
    """Check how likely a Laplace(0, b) weight that is already large is to be larger still.

    Exercise *Is a large weight ever surprising?* (chapter 4): w has the density
    exp(-|w|/b)/(2b). Give P(|w| >= c + t given |w| >= c), for c, t >= 0, as a SymPy expression or
    a string in the symbols ``c``, ``t`` and ``b``.
    """
    expected = sp.exp(-t / b)
    return check_expression(
        answer,
        expected,
        symbols=(c, t, b),
        domains={c: (0.0, 3.0), t: (0.1, 3.0), b: (0.2, 3.0)},
        hint="a conditional probability is a ratio: divide the prior's tail beyond c + t by its tail "
             "beyond c.",
        mistakes=[
            (sp.exp(-(c + t) / b), "that is the unconditional P(|w| >= c + t); condition on |w| >= c."),
            (sp.exp(-c / b), "that is the probability of the condition itself, P(|w| >= c)."),
            (sp.exp(-t / b) / 2, "one tail only: the event |w| >= c + t has two tails, and so has "
                                 "the condition."),
            (1 - sp.exp(-t / b), "that is the probability of staying below c + t."),
            (sp.exp(-t * b), "the scale b divides the weight: the density is exp(-|w|/b)/(2b)."),
        ],
    )


@answer_checker
def check_elastic_net_l1_ratio(answer: object) -> Feedback:
    """Check scikit-learn's ``ElasticNet`` ``l1_ratio`` for the prior Laplace(0, b) × N(0, τ²).

    Exercise *The elastic net as a MAP* (chapter 4): each weight has the prior density proportional
    to exp(-|w|/b - w²/(2τ²)); ``ElasticNet(alpha, l1_ratio)`` minimizes
    ‖y - Xw‖²/(2n) + alpha·l1_ratio·‖w‖₁ + alpha·(1 - l1_ratio)·‖w‖²/2. Give the ``l1_ratio`` of the
    MAP as a SymPy expression or a string in the symbols ``b`` and ``tau2`` (τ²).
    """
    expected = tau2 / (tau2 + b)
    return check_expression(
        answer,
        expected,
        symbols=(b, tau2),
        domains={b: (0.05, 3.0), tau2: (0.05, 3.0)},
        hint="write the negative log posterior, rescale it so that its first term is scikit-learn's "
             "‖y - Xw‖²/(2n), and match the two penalty terms with alpha·l1_ratio and "
             "alpha·(1 - l1_ratio)/2.",
        mistakes=[
            (b / (tau2 + b), "that is 1 - l1_ratio, the share of the squared penalty."),
            (2 * tau2 / (2 * tau2 + b), "scikit-learn's squared penalty carries a ½: "
                                         "alpha·(1 - l1_ratio)·‖w‖²/2."),
            (tau2 / (tau2 + 2 * b), "check the Laplace term: -log of exp(-|w|/b) is |w|/b, and the "
                                     "likelihood's σ² multiplies both penalties alike."),
            (tau2 / b, "The l1_ratio is a share between 0 and 1: the two penalties' coefficients divided "
                       "by their sum."),
            (sp.Rational(1, 2), "the two penalties are not weighted equally: their weights depend on b "
                                "and τ²."),
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
    "check_lars_fourth_join_b": Answers(
        right=("9.28", 9.28, 9.278, "9.2785", Fraction(232, 25), np.float64(9.278483522), "9.28e0"),
        wrong=("18.6", "4.64", "22.5", "6.48", "-9.28", "9.38", "3.09"),
    ),
    "check_laplace_conditional_tail": Answers(
        right=("exp(-t/b)", "exp(-(c + t)/b)/exp(-c/b)", "e^(−t/b)", "1/exp(t/b)", "exp(-t)^(1/b)",
               "exp(c/b)·exp(-(c+t)/b)"),
        wrong=("exp(-(c + t)/b)", "exp(-c/b)", "exp(-t/b)/2", "1 - exp(-t/b)", "exp(-t*b)", "exp(t/b)",
               "exp(-t/(2*b))"),
    ),
    "check_elastic_net_l1_ratio": Answers(
        right=("tau2/(tau2 + b)", "1/(1 + b/tau2)", "(1/b)/(1/b + 1/tau2)", "τ^2/(b + τ^2)",
               "tau^2/(tau^2 + b)", "1 - b/(b + tau2)"),
        wrong=("b/(tau2 + b)", "2*tau2/(2*tau2 + b)", "tau2/(tau2 + 2*b)", "tau2/b", "1/2",
               "-tau2/(tau2 + b)", "b/tau2"),
    ),
}
