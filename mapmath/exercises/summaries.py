"""Answer checkers for chapter 6, *Skewed and multimodal posteriors, and asymptotics*."""

from __future__ import annotations

from fractions import Fraction

import mpmath
import numpy as np
import sympy as sp

from ..bernoulli import a_sym, b_sym, k_sym, n_sym
from ._core import Answers, Feedback, answer_checker, check_expression, check_number

__all__ = ["check_gap_exponent", "check_map_minus_mle", "check_mean_minus_mle", "check_prior_weight_n"]

k, n, a, b = k_sym, n_sym, a_sym, b_sym  # the Beta–Bernoulli symbols of mapmath.bernoulli

_GAP = (a - 1 - (a + b - 2) * k / n) / (n + a + b - 2)
_MEAN_GAP = (a - (a + b) * k / n) / (n + a + b)


@answer_checker
def check_map_minus_mle(answer: object) -> Feedback:
    """Check the exact difference MAP minus MLE for a Bernoulli proportion under a Beta prior.

    Chapter 6: k successes in n trials under a Beta(a, b) prior, the difference written as one
    ratio. Give it as a SymPy expression or a string in the symbols ``k``, ``n``, ``a`` and ``b``.
    """
    return check_expression(
        answer,
        _GAP,
        symbols=(k, n, a, b),
        domains={k: (0.5, 5.0), n: (6.0, 40.0), a: (1.2, 6.0), b: (1.2, 6.0)},
        hint="subtract the MLE from the MAP of the Beta–Bernoulli model, put the difference over one "
             "denominator and collect the terms in k.",
        mistakes=[
            (-_GAP, "check the sign: the question asks for MAP minus MLE, not MLE minus MAP."),
            ((a - (a + b) * k / n) / (n + a + b),
             "that is the posterior MEAN minus the MLE; the mode shifts the counts by one per category."),
            ((a - 1 - (a + b - 2) * k / n) / n,
             "Check the common denominator: one factor n cancels against k/n, the other one stays."),
        ],
    )


@answer_checker
def check_mean_minus_mle(answer: object) -> Feedback:
    """Check the exact difference posterior mean minus MLE for a Bernoulli proportion under a Beta prior.

    Exercise *The exact posterior-mean − MLE difference* (chapter 6): k successes in n trials
    under a Beta(a, b) prior. Give the difference as a SymPy expression or a string in the symbols
    ``k``, ``n``, ``a`` and ``b``.
    """
    return check_expression(
        answer,
        _MEAN_GAP,
        symbols=(k, n, a, b),
        domains={k: (0.5, 5.0), n: (6.0, 40.0), a: (0.5, 6.0), b: (0.5, 6.0)},
        hint="the posterior is Beta(k + a, n - k + b); put its mean minus k/n over one denominator "
             "and collect the terms in k.",
        mistakes=[
            (-_MEAN_GAP, "check the sign: the question asks for the posterior mean minus the MLE."),
            (_GAP, "That is the MAP minus the MLE; the posterior mean of Beta(A, B) is A/(A + B), with "
                   "unshifted counts."),
            ((a - (a + b) * k / n) / n,
             "the common denominator is n(n + a + b): one factor n cancels against k/n, the other "
             "one stays."),
            ((a - (a + b) * k / n) / (n + a + b - 2),
             "the mean of Beta(k + a, n - k + b) has a different denominator from the mode."),
        ],
    )


@answer_checker
def check_prior_weight_n(answer: object) -> Feedback:
    """Check the smallest number of observations n at which a prior's weight drops below 1%.

    Exercise *When is the prior negligible?* (chapter 6): the prior is worth m = 10 pseudo-samples
    and its weight is m/(m + n), which must be strictly below one percent. Give n as a number (an
    int, or a float equal to it).
    """
    return check_number(
        answer,
        991,
        exact=True,
        decimals=False,
        hint="write the prior's weight m/(m + n) with m = 10 as an inequality in n (strictly below one "
             "percent) and find the first whole n that satisfies it.",
        mistakes=[
            (990, "At your n the weight is exactly one percent: the question asks for strictly below."),
            (1000, "Your n forgets the prior's own pseudo-samples in the denominator m + n."),
            (1189, "Your n counts a + b = 12 pseudo-samples; here the prior is worth m = 10."),
            (99, "Your n is the factor (1 - s)/s alone; the prior's m pseudo-samples scale it."),
        ],
    )


@answer_checker
def check_gap_exponent(answer: object) -> Feedback:
    """Check the exponent r of the expected gap between MAP and MLE when the prior is centred on the truth.

    Exercise *A faster rate when the prior is centred on the truth* (chapter 6): a = b (prior
    mode 1/2), true success probability 1/2, and E|MAP - MLE| of order n to the power r for large
    n. Give r as a number (an exact number, or a decimal to 3 significant figures).
    """
    return check_number(
        answer,
        sp.Rational(-3, 2),
        exact=True,
        hint="with a = b the gap is (a - 1)(1 - 2 p̂)/(n + 2a - 2); how fast does |p̂ - 1/2| shrink?",
        mistakes=[
            (-1, "That is the rate for a prior whose mode differs from the truth; here the numerator of "
                 "the gap shrinks too."),
            (sp.Rational(-1, 2), "That is the rate of |p̂ - p| alone; the gap also carries a factor 1/(n + 2a - 2)."),
            (sp.Rational(3, 2), "Check the sign: the gap shrinks as n grows."),
        ],
    )


#: The data table of this chapter's checkers (see :class:`~mapmath.exercises.Answers`).
ANSWERS: dict[str, Answers] = {
    "check_map_minus_mle": Answers(
        right=("(a - 1 - (a + b - 2)*k/n)/(n + a + b - 2)", "(n*(a - 1) - k*(a + b - 2))/(n*(n + a + b - 2))",
               "(k + a - 1)/(n + a + b - 2) - k/n", "(a·n − n − a·k − b·k + 2·k)/(n^2 + a·n + b·n − 2·n)",
               "-k/n + (a + k - 1)/(a + b + n - 2)", "((a-1)/(a+b-2) - k/n)*(a+b-2)/(n+a+b-2)"),
        wrong=("-(a - 1 - (a + b - 2)*k/n)/(n + a + b - 2)", "(a - (a + b)*k/n)/(n + a + b)",
               "(a - 1 - (a + b - 2)*k/n)/n", "(k + a - 1)/(n + a + b - 2)", "(a - 1 - (a + b)*k/n)/(n + a + b - 2)",
               "(a - 1 - (a + b - 2)*k/n)/(n + a + b)", "(b - 1 - (a + b - 2)*k/n)/(n + a + b - 2)"),
    ),
    "check_mean_minus_mle": Answers(
        right=("(a - (a + b)*k/n)/(n + a + b)", "(a*n - (a + b)*k)/(n*(n + a + b))", "(k + a)/(n + a + b) - k/n",
               "(a·n − a·k − b·k)/(n^2 + a·n + b·n)", "-k/n + (a + k)/(a + b + n)",
               "(a/(a+b) - k/n)*(a+b)/(n+a+b)"),
        wrong=("-(a - (a + b)*k/n)/(n + a + b)", "(a - 1 - (a + b - 2)*k/n)/(n + a + b - 2)",
               "(a - (a + b)*k/n)/n", "(a - (a + b)*k/n)/(n + a + b - 2)", "(k + a)/(n + a + b)",
               "(b - (a + b)*k/n)/(n + a + b)", "(a - (a + b)*k)/(n + a + b)"),
    ),
    "check_prior_weight_n": Answers(
        right=("991", 991, 991.0, np.int32(991), np.array(991), Fraction(1982, 2), mpmath.mpf(991), "990 + 1"),
        wrong=("990", "1000", "1189", "99", "992", "-991", "9910", "100"),
    ),
    "check_gap_exponent": Answers(
        right=("-3/2", -1.5, "-1.5", "−3/2", Fraction(-3, 2), sp.Rational(-3, 2), mpmath.mpf(-1.5), np.float64(-1.5),
               np.array(-1.5)),
        wrong=("-1", "-1/2", "3/2", "-2", "-3", "1/2", "-1.4"),
    ),
}
