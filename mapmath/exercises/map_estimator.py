"""Answer checkers for chapter 1, *The MAP estimator* (``chapters/01_map_estimator.ipynb``)."""

from __future__ import annotations

import sympy as sp

from ._core import Feedback, _parse, check_expression, check_number

__all__ = ["check_cauchy_penalty", "check_epsilon_ball_action", "check_poisson_gamma_map"]

S, n, alpha, beta = sp.symbols("S n alpha beta", positive=True)
theta = sp.Symbol("theta", real=True)
gamma = sp.Symbol("gamma", positive=True)


def check_poisson_gamma_map(answer: object) -> Feedback:
    """MAP of a Poisson rate λ after counts summing to ``S`` in ``n`` draws, prior Gamma(α, β) (rate β).

    The log posterior is ``(S + α - 1) log λ - (n + β) λ + const``, so
    ``λ_MAP = (S + α - 1) / (n + β)`` (for ``S + α > 1``).
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


def check_cauchy_penalty(answer: object) -> Feedback:
    """Penalty ``R(θ) = -log π(θ) + const`` of the Cauchy(0, γ) prior: ``log(1 + θ²/γ²)`` up to a constant.

    Answers are compared through their θ-derivative, so any additive constant is accepted.
    """
    expected = sp.log(1 + theta**2 / gamma**2)
    by_name = {"theta": theta, "gamma": gamma}
    reader = _parse(answer, by_name)
    unknown = {s.name for s in reader.free_symbols} - set(by_name)
    if unknown:
        return Feedback(False, f"your answer uses symbols {sorted(unknown)}; allowed: ['gamma', 'theta'].")
    if not reader.has(theta):
        return Feedback(False, "a penalty must depend on theta; only additive constants may be dropped.")
    return check_expression(
        sp.diff(reader, theta),
        sp.diff(expected, theta),
        symbols=(theta, gamma),
        domains={theta: (-3.0, 3.0), gamma: (0.2, 3.0)},
        hint="take -log of the density, expand the log of the product, and drop the terms free of theta.",
        mistakes=[
            (-sp.diff(expected, theta), "sign error: the penalty is MINUS the log prior."),
            (2 * theta / gamma**2, "the log does not disappear: -log(1/(1 + u)) = log(1 + u), not u."),
            (theta / gamma**2, "that is the Gaussian penalty θ²/(2γ²); the Cauchy density is not exp(-...)."),
        ],
    )


def check_epsilon_ball_action(answer: object) -> Feedback:
    """Bayes action under the ε-ball loss, ε = 1, for a Gamma(3, 1) posterior: ``(e + 1)/(e - 1)``.

    The action ``d`` balances the density at both ends of the window, ``f(d + 1) = f(d - 1)``,
    i.e. ``((d + 1)/(d - 1))² = e²``.
    """
    e = sp.E
    return check_number(
        answer,
        float((e + 1) / (e - 1)),
        rtol=1e-4,
        hint="maximize F(d + 1) - F(d - 1): at the optimum the density is equal at both ends of the window.",
        mistakes=[
            (2.0, "2 is the posterior mode, the limit as ε → 0; with ε = 1 the window is wide and the action moves."),
            (3.0, "3 is the posterior mean, the Bayes action for squared-error loss."),
        ],
    )
