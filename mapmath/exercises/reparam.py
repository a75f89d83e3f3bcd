"""Answer checkers for the exercises of the chapter "MAP is not invariant under reparameterization"."""

from __future__ import annotations

from functools import lru_cache

import mpmath
import numpy as np
import sympy as sp

from ..bernoulli import a_sym, b_sym, k_sym, n_sym
from ..beta import beta_exact_interval, beta_hpd_interval, beta_laplace
from ..laplace_approx import laplace_interval
from ._core import Answers, Feedback, answer_checker, check_expression, check_number

__all__ = ["check_beta_hpd_lower", "check_beta_mode_in_logit", "check_log_variance_density",
           "check_poisson_jeffreys_log_rate"]

eta = sp.Symbol("eta", real=True)
k, n, a, b = k_sym, n_sym, a_sym, b_sym  # the Beta–Bernoulli symbols of mapmath.bernoulli


@answer_checker
def check_log_variance_density(answer: object) -> Feedback:
    """Check the density on η = log σ² of the flat prior on a variance σ².

    Exercise *A flat prior on a variance, seen on the log scale* (chapter 5): the flat improper
    prior on σ² > 0 has density exactly 1 (no normalization), and the answer is its density in η.
    Give it as a SymPy expression or a string in the symbol ``eta``.
    """
    return check_expression(
        answer,
        sp.exp(eta),
        symbols=[eta],
        domains={eta: (-3.0, 3.0)},
        hint="write σ² as a function of η, then multiply the flat density by |dσ²/dη|.",
        mistakes=[
            (sp.Integer(1), "a flat prior does not stay flat: you left out the Jacobian |dσ²/dη|."),
            (sp.exp(-eta), "you used dη/dσ² = 1/σ²; the Jacobian is the derivative of the inverse map, dσ²/dη."),
            (-sp.exp(eta), "a density is non-negative: take the absolute value of the Jacobian."),
        ],
    )


@answer_checker
def check_beta_mode_in_logit(answer: object) -> Feedback:
    """Check the mode of a Beta posterior found in the log-odds η and mapped back to p.

    Exercise *The mode of a Beta posterior in log-odds* (chapter 5): k heads in n flips under a
    Beta(a, b) prior; the posterior density is written in η = logit p, its mode found there and
    carried back to p with the sigmoid. Give that point in p as a SymPy expression or a string in
    the symbols ``k``, ``n``, ``a`` and ``b``.
    """
    return check_expression(
        answer,
        (k + a) / (n + a + b),
        symbols=[k, n, a, b],
        domains={k: (1.0, 5.0), n: (6.0, 12.0), a: (0.5, 3.0), b: (0.5, 3.0)},
        hint="write the posterior density in η (Jacobian dp/dη = p(1−p)), set d log f_η/dη = 0, map back with σ.",
        mistakes=[
            ((k + a - 1) / (n + a + b - 2),
             "That is the mode in p; in η the density carries the Jacobian p(1−p)."),
            (k / n, "that is the MLE; the prior and the Jacobian both move the mode."),
            ((k + a + 1) / (n + a + b + 2),
             "Count again how much the Jacobian p(1−p) adds to each exponent."),
        ],
    )


@answer_checker
def check_poisson_jeffreys_log_rate(answer: object) -> Feedback:
    """Check the Jeffreys prior of the Poisson model computed directly on the log-rate η = log λ.

    Exercise *The Jeffreys prior of the Poisson model on the log-rate* (chapter 5): one Poisson
    count, its log likelihood written in η. Give the prior unnormalized, without any extra constant
    factor, as a SymPy expression or a string in the symbol ``eta``.
    """
    return check_expression(
        answer,
        sp.exp(eta / 2),
        symbols=[eta],
        domains={eta: (-3.0, 3.0)},
        hint="write ℓ(η; x) = x η − e^η − log x!, take −E[∂²ℓ/∂η²] with E[x] = e^η, then the square root.",
        mistakes=[
            (sp.exp(-eta / 2), "that is sqrt(I_λ) = λ^(-1/2) evaluated at λ = e^η, without the factor (dλ/dη)²."),
            (sp.exp(eta), "that is the Fisher information I_η itself; the Jeffreys prior is its square root."),
            (sp.Integer(1), "the Jeffreys prior in η is not flat: compute I_η(η) = −E[∂²ℓ/∂η²]."),
        ],
    )


@lru_cache(maxsize=1)
def _hpd_candidates() -> dict[str, tuple[float, float]]:
    """The intervals of Beta(3, 9) that a reader may compute: the right one and the usual confusions."""
    return {
        "hpd": beta_hpd_interval(3, 9, 0.95),
        "logit": beta_hpd_interval(3, 9, 0.95, coordinate="logit"),
        "tails": beta_exact_interval(3, 9, 0.95),
        "laplace": laplace_interval(*beta_laplace(3, 9), 0.95),
    }


@answer_checker
def check_beta_hpd_lower(answer: object) -> Feedback:
    """Check the lower end of the 95% highest-posterior-density interval of Beta(3, 9), in p.

    Exercise *An HPD interval and its two coordinates* (chapter 5): the interval of p holding
    posterior probability 0.95 whose two ends have equal posterior density in p. Give its lower end
    to 3 significant figures (a float, a string such as "0.123", a SymPy number).
    """
    c = _hpd_candidates()
    return check_number(
        answer,
        c["hpd"][0],
        sig_figs=3,
        hint="find the lower-tail mass t for which the Beta(3, 9) density is the same at the quantiles "
             "t and t + 0.95 (a root finder on the difference of the two log densities), then take the "
             "quantile at t.",
        mistakes=[
            (c["tails"][0], "that is the lower end of the equal-tailed interval (2.5% in each tail); the HPD "
                            "interval is shorter and shifted toward the mode."),
            (c["logit"][0], "that is the HPD interval of the log-odds η mapped back to p: its ends have equal "
                            "density in η, not in p."),
            (c["laplace"][0], "that is the Laplace interval in p (mode ± 1.96 sd), which holds less than 0.95 "
                              "of this posterior."),
            (c["hpd"][1], "that is the upper end; the question asks for the lower one."),
        ],
    )


#: The data table of this chapter's checkers (see :class:`~mapmath.exercises.Answers`).
ANSWERS: dict[str, Answers] = {
    "check_log_variance_density": Answers(
        right=("exp(eta)", "e^eta", "E**eta", "exp(eta/2)^2", "1/exp(−eta)", "exp(eta)·1"),
        wrong=("1", "exp(-eta)", "-exp(eta)", "eta", "exp(2*eta)", "exp(eta)/2", "log(eta)"),
    ),
    "check_beta_mode_in_logit": Answers(
        right=("(k + a)/(n + a + b)", "(a + k)/(a + b + n)", "(k + a)·(n + a + b)^-1", "1 - (n - k + b)/(n + a + b)",
               "(2*k + 2*a)/(2*n + 2*a + 2*b)", "k/(n + a + b) + a/(n + a + b)"),
        wrong=("(k + a - 1)/(n + a + b - 2)", "k/n", "(k + a + 1)/(n + a + b + 2)", "(n - k + b)/(n + a + b)",
               "-(k + a)/(n + a + b)", "(k + a)/(n + a + b)^2", "(k + b)/(n + a + b)"),
    ),
    "check_poisson_jeffreys_log_rate": Answers(
        right=("exp(eta/2)", "e^(eta/2)", "sqrt(exp(eta))", "exp(eta)^(1/2)", "1/exp(−eta/2)", "exp(eta/4)·exp(eta/4)"),
        wrong=("exp(-eta/2)", "exp(eta)", "1", "-exp(eta/2)", "exp(eta/2)/2", "eta/2", "sqrt(eta)"),
    ),
    "check_beta_hpd_lower": Answers(
        right=("0.0406", 0.0406, "0.04056", 0.0405552, mpmath.mpf("0.0406"), np.float64(0.04056), np.array(0.0406),
               "4.06e-2"),
        wrong=("0.0602", "0.0656", "-0.0479", "0.484", "0.025", "0.05", "0.06"),
    ),
}
