"""Answer checkers for chapter 2, *Worked example: the Beta–Bernoulli MAP*."""

from __future__ import annotations

from fractions import Fraction

import mpmath
import numpy as np
import sympy as sp

from ._core import Answers, Feedback, answer_checker, check_expression, check_number

__all__ = ["check_dirichlet_weight", "check_flips_for_weight", "check_jeffreys_no_heads"]

@answer_checker
def check_dirichlet_weight(answer: object) -> Feedback:
    """Check the weight ``w`` of the data in the MAP of a Dirichlet–categorical model.

    Exercise *The weight of the data in a Dirichlet MAP* (chapter 2): counts n_1, ..., n_K with
    total n, prior Dirichlet(alpha_1, ..., alpha_K) with every alpha_j > 1 and total alpha0, and
    ``w`` such that every MAP component is w times the observed frequency n_j/n plus (1 - w) times
    the prior mode of p_j. Give ``w`` as a SymPy expression or a string in the symbols ``n``,
    ``K`` and ``alpha0``.
    """
    n, K, alpha0 = sp.symbols("n K alpha0", positive=True)
    return check_expression(
        answer,
        n / (n + alpha0 - K),
        symbols=(n, K, alpha0),
        domains={n: (5.0, 30.0), K: (2.0, 6.0), alpha0: (7.0, 20.0)},
        hint="find the MAP on the simplex (a Lagrange multiplier for sum_j p_j = 1), then write it as "
             "w·(n_j/n) + (1 - w)·(prior mode) and match the coefficient of n_j.",
        mistakes=[
            (n / (n + alpha0), "That is the data's weight in the posterior MEAN; the mode shifts "
                               "the counts."),
            (n / (n + alpha0 - 2), "That is the coin's weight with a + b replaced by alpha0: count "
                                   "again how many pseudo-counts the mode loses."),
            ((alpha0 - K) / (n + alpha0 - K), "that is the weight of the prior mode, 1 - w."),
            (n / (n + alpha0 - 1), "Count again how many pseudo-counts the mode loses in all."),
        ],
    )


@answer_checker
def check_jeffreys_no_heads(answer: object) -> Feedback:
    """Check the MAP of the coin's p after no heads in five flips under the Jeffreys prior.

    Exercise *No heads under the Jeffreys prior* (chapter 2): the prior is Beta(1/2, 1/2). Give the
    MAP as an exact number (an int, a fraction, a SymPy number or a decimal).
    """
    return check_number(
        answer,
        0,
        exact=True,
        hint="the posterior is Beta(1/2, 11/2): is the density increasing or decreasing on (0, 1)?",
        mistakes=[
            (sp.Rational(-1, 8), "The interior formula for the mode gives a point outside [0, 1]: with "
                                 "k + a < 1 there is no stationary point, the mode is on the boundary."),
            (sp.Rational(1, 12), "That is the posterior mean, not the mode."),
        ],
    )


@answer_checker
def check_flips_for_weight(answer: object) -> Feedback:
    """Check the smallest number of flips n at which the data dominate the coin's MAP.

    Exercise *How many flips until the data dominate?* (chapter 2): with the coin's Beta(6, 6)
    prior, the data must get at least nine tenths of the weight in the MAP (not in the posterior
    mean). Give n as a whole number (an int, or a float or SymPy number equal to it).
    """
    return check_number(
        answer,
        90,
        exact=True,
        decimals=False,
        hint="write the data's weight in the MAP as a function of n and find where it first reaches nine "
             "tenths.",
        mistakes=[
            (108, "You counted the prior as a + b pseudo-flips, its weight in the posterior mean, not in the MAP."),
            (9, "The prior is worth more than one flip: count its pseudo-flips in the MAP."),
            (10, "At that n the data and the prior have equal weight."),
            (89, "At that n the data's weight is still below nine tenths."),
        ],
    )


#: The data table of this chapter's checkers (see :class:`~mapmath.exercises.Answers`).
ANSWERS: dict[str, Answers] = {
    "check_dirichlet_weight": Answers(
        right=("n/(n + alpha0 - K)", "n/(alpha0 + n - K)", "1/(1 + (alpha0 - K)/n)", "n·(n − K + alpha0)^-1",
               "n/(n-K+alpha_0)", "2*n/(2*n + 2*alpha0 - 2*K)"),
        wrong=("n/(n + alpha0)", "n/(n + alpha0 - 2)", "(alpha0 - K)/(n + alpha0 - K)", "n/(n + alpha0 - 1)",
               "-n/(n + alpha0 - K)", "n/(n + alpha0 + K)", "K/(n + alpha0 - K)"),
    ),
    "check_jeffreys_no_heads": Answers(
        right=("0", 0, 0.0, Fraction(0), np.float64(0.0), np.array(0), mpmath.mpf(0), "0/5"),
        wrong=("1/12", "-1/8", -0.125, "1/2", 1, "0.0833", "1/10"),
    ),
    "check_flips_for_weight": Answers(
        right=("90", 90, 90.0, np.int64(90), np.array(90.0), Fraction(180, 2), mpmath.mpf(90), "9*10"),
        wrong=("108", 108, "9", 10, "89", "91", "100", "-90"),
    ),
}
