"""Answer checkers for chapter 1, *The MAP estimator* (``chapters/01_map_estimator.ipynb``)."""

from __future__ import annotations

import mpmath
import numpy as np
import sympy as sp

from ._core import Answers, Feedback, answer_checker, check_expression, check_number

__all__ = ["check_cauchy_penalty", "check_epsilon_ball_action", "check_poisson_gamma_map"]

S, n, alpha, beta = sp.symbols("S n alpha beta", positive=True)
theta = sp.Symbol("theta", real=True)
gamma = sp.Symbol("gamma", positive=True)


@answer_checker
def check_poisson_gamma_map(answer: object) -> Feedback:
    """Check the MAP of a Poisson rate λ under a Gamma prior.

    Exercise *A Poisson rate under a Gamma prior* (chapter 1): n independent Poisson(λ) counts with
    total S, prior Gamma(α, β) with shape α and rate β, and S + α > 1. Give the MAP as a SymPy
    expression or a string in the symbols ``S``, ``n``, ``alpha`` and ``beta``.
    """
    return check_expression(
        answer,
        (S + alpha - 1) / (n + beta),
        symbols=(S, n, alpha, beta),
        domains={S: (2.0, 30.0), n: (1.0, 20.0), alpha: (1.0, 5.0), beta: (0.1, 5.0)},
        hint="write the log posterior as (power of λ)·log λ - (coefficient)·λ and set its derivative to zero.",
        mistakes=[
            (S / n, "that is the MLE: the prior's terms (α - 1) log λ - β λ are missing."),
            ((S + alpha) / (n + beta), "that is the posterior mean; the mode of Gamma(A, B) is (A - 1)/B."),
            ((S + alpha - 1) / n, "the rate β of the prior contributes -β λ to the log posterior too."),
            ((S + alpha - 1) / (n - beta), "sign error: the Gamma prior contributes -β λ, not +β λ."),
        ],
    )


@answer_checker
def check_cauchy_penalty(answer: object) -> Feedback:
    """Check the penalty R(θ) that a Cauchy(0, γ) prior adds to the negative log likelihood.

    Exercise *The penalty of a Cauchy prior* (chapter 1). Give R as a SymPy expression or a string
    in the symbols ``theta`` and ``gamma``; answers that differ by an additive constant (a term
    free of theta) are all accepted.
    """
    expected = sp.log(1 + theta**2 / gamma**2)
    return check_expression(
        answer,
        expected,
        symbols=(theta, gamma),
        domains={theta: (-3.0, 3.0), gamma: (0.2, 3.0)},
        up_to="additive_constant",
        vary=(theta,),
        hint="take -log of the density, expand the log of the product, and drop the terms free of theta.",
        mistakes=[
            (-expected, "Sign error: the penalty is MINUS the log prior."),
            (theta**2 / gamma**2, "The log does not disappear: -log(1/(1 + u)) is not u."),
            (theta**2 / (2 * gamma**2), "That is the Gaussian penalty θ²/(2γ²); the Cauchy density is not exp(-...)."),
            (sp.Integer(0), "A penalty must depend on theta; only additive constants may be dropped."),
        ],
    )


@answer_checker
def check_epsilon_ball_action(answer: object) -> Feedback:
    """Check the Bayes action under the ε-ball loss with ε = 1 for a Gamma(3, 1) posterior.

    Exercise *An ε-ball Bayes action in closed form* (chapter 1). Give the action as a number (an
    exact SymPy number, an exact formula string, or a decimal to 3 significant figures).
    """
    e = sp.E
    return check_number(
        answer,
        (e + 1) / (e - 1),
        exact=True,
        hint="maximize F(d + 1) - F(d - 1): at the optimum the density is equal at both ends of the window.",
        mistakes=[
            (2, "That is the posterior mode, the limit as ε → 0; with ε = 1 the window is wide and the action "
                "moves."),
            (3, "That is the posterior mean, the Bayes action for squared-error loss."),
        ],
    )


#: The data table of this chapter's checkers (see :class:`~mapmath.exercises.Answers`).
ANSWERS: dict[str, Answers] = {
    "check_poisson_gamma_map": Answers(
        right=("(S + alpha - 1)/(n + beta)", "(alpha + S - 1)/(beta + n)", "(S − 1 + alpha)·(n + beta)^-1",
               "S/(n + beta) + (alpha - 1)/(n + beta)", "(2*S + 2*alpha - 2)/(2*n + 2*beta)",
               "(S+alpha-1)/(n+beta) + 0*S"),
        wrong=("S/n", "(S + alpha)/(n + beta)", "(S + alpha - 1)/n", "(S + alpha - 1)/(n - beta)",
               "-(S + alpha - 1)/(n + beta)", "(S + alpha - 2)/(n + beta)", "(S + alpha - 1)/(n + beta)^2"),
    ),
    "check_cauchy_penalty": Answers(
        right=("log(1 + theta^2/gamma^2)", "log(gamma^2 + theta^2)", "log(gamma^2 + theta^2) - 2*log(gamma)",
               "log(pi*gamma*(1 + theta^2/gamma^2))", "ln(1 + θ^2/γ^2) + 7", "log((gamma^2 + theta^2)/gamma^2)"),
        wrong=("-log(1 + theta^2/gamma^2)", "theta^2/gamma^2", "theta^2/(2*gamma^2)", "log(-1 - theta^2/gamma^2)",
               "log(1 + theta^2/gamma^2) + sign(theta)", "log(1 + theta^2)", "2*log(1 + theta^2/gamma^2)",
               "log(1 + theta/gamma)", "gamma"),
    ),
    "check_epsilon_ball_action": Answers(
        right=("(e + 1)/(e - 1)", "(E + 1)/(E - 1)", "1/tanh(1/2)", "2.16", 2.1640, "1 + 2/(exp(1) - 1)",
               mpmath.mpf("2.164"), np.float64(2.16395)),
        wrong=("2", "3", "2.5", "(e - 1)/(e + 1)", "-2.16", "1.16", "2.0"),
    ),
}
