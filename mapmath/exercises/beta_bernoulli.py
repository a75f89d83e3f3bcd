"""Answer checkers for chapter 2, *Worked example: the Beta–Bernoulli MAP*."""

from __future__ import annotations

import sympy as sp

from ._core import Feedback, check_expression, check_number

__all__ = ["check_dirichlet_weight", "check_flips_for_weight", "check_jeffreys_no_heads"]

def check_dirichlet_weight(answer: object) -> Feedback:
    """The data's weight in the Dirichlet–categorical MAP: ``n / (n + alpha0 - K)``.

    Counts ``n_1, ..., n_K`` (total ``n``) of a categorical variable, prior ``Dirichlet(alpha_1, ...,
    alpha_K)`` with every ``alpha_j > 1`` and ``alpha0 = sum_j alpha_j``. The MAP
    ``(n_j + alpha_j - 1)/(n + alpha0 - K)`` is ``w · n_j/n + (1 - w) · (alpha_j - 1)/(alpha0 - K)``.
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
            (n / (n + alpha0), "that is the data's weight in the posterior MEAN; the mode subtracts one "
                               "pseudo-count per category."),
            (n / (n + alpha0 - 2), "that is the coin's weight with a + b replaced by alpha0: each of the K "
                                   "categories, not 2, loses one pseudo-count in the mode."),
            ((alpha0 - K) / (n + alpha0 - K), "that is the weight of the prior mode, 1 - w."),
            (n / (n + alpha0 - 1), "count again: every category contributes alpha_j - 1 to the denominator."),
        ],
    )


def check_jeffreys_no_heads(answer: object) -> Feedback:
    """The MAP of p after 0 heads in 5 flips under the Jeffreys prior Beta(1/2, 1/2): ``0`` (a boundary mode)."""
    return check_number(
        answer,
        0.0,
        atol=1e-9,
        hint="the posterior is Beta(1/2, 11/2): is the density increasing or decreasing on (0, 1)?",
        mistakes=[
            (-1 / 8, "the interior formula (k + a - 1)/(n + a + b - 2) gives a point outside [0, 1]: "
                     "with k + a < 1 there is no stationary point, the mode is on the boundary."),
            (1 / 12, "that is the posterior mean (k + a)/(n + a + b), not the mode."),
        ],
    )


def check_flips_for_weight(answer: object) -> Feedback:
    """Fewest flips for the data to get at least 90% of the MAP's weight under Beta(6, 6): ``90``.

    ``n / (n + 10) >= 9/10`` ⇔ ``n >= 90``.
    """
    return check_number(
        answer,
        90.0,
        atol=0.0,
        rtol=1e-12,
        hint="the MAP gives the data weight n/(n + a + b - 2); solve n/(n + 10) >= 9/10 for the smallest integer n.",
        mistakes=[
            (108.0, "108 uses a + b = 12 pseudo-flips, the prior's weight in the posterior mean, not the MAP."),
            (9.0, "the prior is worth a + b - 2 = 10 flips, not 1."),
            (10.0, "with n = 10 the data and the prior have equal weight."),
        ],
    )
