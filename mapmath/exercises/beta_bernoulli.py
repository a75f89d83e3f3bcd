"""Answer checkers for chapter 2, *Worked example: the Beta–Bernoulli MAP*."""

from __future__ import annotations

import sympy as sp

from ._core import Feedback, check_expression, check_number

__all__ = ["check_flips_for_weight", "check_jeffreys_no_heads", "check_map_weight"]

k, n, a, b = sp.symbols("k n a b", positive=True)


def check_map_weight(answer: object) -> Feedback:
    """The weight ``w`` of the MLE in ``MAP = w · k/n + (1 - w) · (a-1)/(a+b-2)``: ``n / (n + a + b - 2)``."""
    return check_expression(
        answer,
        n / (n + a + b - 2),
        symbols=(k, n, a, b),
        domains={k: (0.0, 5.0), n: (5.0, 30.0), a: (1.2, 6.0), b: (1.2, 6.0)},
        hint="write (k + a - 1)/(n + a + b - 2) as w·(k/n) + (1 - w)·(prior mode) and match the coefficient of k.",
        mistakes=[
            (n / (n + a + b), "that is the data's weight in the posterior MEAN; the mode counts a + b - 2 "
                              "pseudo-flips."),
            ((a + b - 2) / (n + a + b - 2), "that is the weight of the prior mode, 1 - w."),
            (n / (n + a + b - 1), "count again: the denominator of the mode is n + a + b - 2."),
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
