"""Answer checkers for chapter 10's sections on the full posterior (choosing the prior's scale).

- :func:`check_lambda2_conditional_mean`: the Bayesian lasso with a gamma hyperprior on λ²: the
  mean of λ²'s full conditional.
- :func:`check_laplace_kappa_below_half`: the prior probability, under a Laplace(0, b) prior, that
  the shrinkage weight κ is below one half.
- :func:`check_school_g_effect`: the eight schools' posterior mean effect of school G under the
  half-Cauchy(0, 25) prior on τ.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import sympy as sp

from ._core import Answers, Feedback, answer_checker, check_expression, check_number

__all__ = [
    "SCHOOL_G_EFFECT",
    "check_lambda2_conditional_mean",
    "check_laplace_kappa_below_half",
    "check_school_g_effect",
]

p, r, delta, S, b = sp.symbols("p r delta S b", positive=True)

#: E[θ_G | y] (school G, the seventh) for the eight schools with a flat prior on μ and τ ~ C⁺(0, 25): the key of
#: :func:`check_school_g_effect`, recomputed by quadrature in ``tests/test_exercises_prior_scale.py``.
SCHOOL_G_EFFECT = 10.37668828


@answer_checker
def check_lambda2_conditional_mean(answer: object) -> Feedback:
    """Check the mean of the full conditional of λ² in the Bayesian lasso with a gamma hyperprior.

    Exercise *Letting the data choose λ* (chapter 10): the hierarchy of the chapter with p
    coefficients, τ_j² ~ Exp(rate λ²/2), and λ² ~ Gamma(shape r, rate δ). Give the mean of
    λ² | τ², β, σ², y as a SymPy expression or a string in the symbols ``p``, ``r``, ``delta``
    (δ) and ``S`` (the sum of the τ_j²).
    """
    expected = (p + r) / (S / 2 + delta)
    return check_expression(
        answer,
        expected,
        symbols=[p, r, delta, S],
        domains={p: (1.0, 12.0), r: (0.5, 4.0), delta: (0.1, 3.0), S: (0.2, 20.0)},
        hint="Note that λ² enters only through the p exponential densities of the τ_j²; multiply them by "
             "the Gamma(r, δ) density and read off the shape and rate of the gamma density in λ² that results.",
        mistakes=[
            ((p + r - 1) / (S / 2 + delta), "That is the mode of the conditional, not its mean."),
            ((p / 2 + r) / (S / 2 + delta), "Each Exp(λ²/2) density contributes a full power of λ², "
                                            "not a square root: the prior is on λ², not on λ."),
            ((p + r) / (S + delta), "Check the factor in the rate: the exponential rate is λ²/2."),
            (r / delta, "That is the prior mean; the τ_j² carry information about λ²."),
            ((S / 2 + delta) / (p + r), "Upside down: a gamma mean is shape over rate."),
        ],
    )


@answer_checker
def check_laplace_kappa_below_half(answer: object) -> Feedback:
    """Check the Laplace prior's probability that the shrinkage weight κ is below one half.

    Exercise *How often does the Laplace prior leave most of a signal alone?* (chapter 10): unit
    noise, the Laplace(0, b) prior as a normal scale mixture, κ = 1/(1 + s). Give P(κ < ½) exactly,
    as a SymPy expression or a string in the symbol ``b``.
    """
    expected = sp.exp(-1 / (2 * b**2))
    return check_expression(
        answer,
        expected,
        symbols=[b],
        domains={b: (0.3, 4.0)},
        hint="The event κ < ½ is the same as s > 1; the mixing variance s is exponential with rate 1/(2b²).",
        mistakes=[
            (1 - expected, "That is P(κ > ½): more than half of the signal is shrunk away there."),
            (sp.exp(-1 / b), "The mixing variance is exponential with rate 1/(2b²), not 1/b."),
            (sp.exp(-1 / (2 * b)), "The rate of the mixing variance is 1/(2b²): b enters squared."),
            (sp.Rational(1, 2), "That is the horseshoe's answer (κ is Beta(½, ½) there, symmetric about "
                                "½); the Laplace's density of κ is not symmetric."),
            (sp.exp(-2 * b**2), "Upside down: the exponential's rate, not its mean, goes in the exponent."),
        ],
    )


@answer_checker
def check_school_g_effect(answer: object) -> Feedback:
    """Check the posterior mean of school G's coaching effect in the eight schools.

    Exercise *School G, integrated* (chapter 10): flat prior on μ, half-Cauchy(0, 25) prior on τ,
    θ and μ integrated out given τ, then τ integrated against p(τ | y). Give E[θ_G | y] in SAT
    points as a number, to 3 significant figures.
    """
    return check_number(
        answer,
        SCHOOL_G_EFFECT,
        sig_figs=3,
        hint="Given τ, E[θ_G | τ, y] shrinks y_G towards μ̂(τ) by the factor σ_G²/(σ_G² + τ²); average that "
             "over p(τ | y) with one-dimensional quadrature.",
        mistakes=[
            (7.685616725, "That is the complete-pooling estimate μ̂(0): type-II maximum likelihood's τ = 0 "
                          "plugged in. Average over τ instead."),
            (18, "That is school G's own estimate, no pooling at all."),
            (9.731421289, "That plugs the posterior median of τ into E[θ_G | τ, y]; the exercise averages "
                          "over τ."),
            (10.50736174, "That plugs the posterior mean of τ into E[θ_G | τ, y], which is not linear in τ; "
                          "average the conditional mean itself."),
            (10.66698333, "That is the answer under a flat prior on τ; the exercise's prior is "
                          "half-Cauchy(0, 25)."),
            (10.94077551, "That is school A; school G is the seventh school."),
        ],
    )


#: The data table of this chapter's checkers (see :class:`~mapmath.exercises.Answers`).
ANSWERS: dict[str, Answers] = {
    "check_lambda2_conditional_mean": Answers(
        right=("(p + r)/(S/2 + delta)", "2*(p + r)/(S + 2*delta)", "(p + r)*(S/2 + delta)^-1",
               "(2·p + 2·r)/(S + 2·delta)", "1/((S/2 + delta)/(p + r))", "p/(S/2 + delta) + r/(S/2 + delta)"),
        wrong=("(p + r - 1)/(S/2 + delta)", "(p/2 + r)/(S/2 + delta)", "(p + r)/(S + delta)", "r/delta",
               "(S/2 + delta)/(p + r)", "(p + r)/(S/2 - delta)", "p/(S/2)"),
    ),
    "check_laplace_kappa_below_half": Answers(
        right=("exp(-1/(2*b^2))", "e^(−1/(2·b^2))", "1/exp(1/(2*b**2))", "exp(-1/b^2)^(1/2)",
               "exp(-1/(4*b^2))^2", "exp(-(2*b^2)^(-1))"),
        wrong=("1 - exp(-1/(2*b^2))", "exp(-1/b)", "exp(-1/(2*b))", "1/2", "exp(-2*b^2)",
               "exp(-1/b^2)", "exp(1/(2*b^2))"),
    ),
    "check_school_g_effect": Answers(
        right=("10.4", 10.4, 10.38, "10.377", np.float64(10.37668828), Fraction(1038, 100), "1.04e1"),
        wrong=("7.69", "18", "9.73", "10.9", "10.7", "-10.4", "12.4"),
    ),
}
