"""Answer checkers for the exercises of chapter 08 (when the mode misleads).

- :func:`check_laplace_typical_ratio`: how many times denser a product of Laplace densities is at
  its mode than at a point of typical L1 norm, as a function of ``d``.
- :func:`check_precision_m_step`: the M-step for a component variance when the inverse-gamma
  prior is written on the precision and the mode is taken there.
- :func:`check_empirical_bayes_tau2`: the type-II maximum-likelihood prior variance for one
  feature, where it is interior.
- :func:`check_moderated_limit`: the moderated predictive far from the data.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import sympy as sp

from ._core import Answers, Feedback, answer_checker, check_expression

__all__ = ["check_empirical_bayes_tau2", "check_laplace_typical_ratio", "check_moderated_limit",
           "check_precision_m_step"]

d = sp.Symbol("d", positive=True)
S, n, a, b = sp.symbols("S n a b", positive=True)
sxx, sigma2 = sp.symbols("sxx sigma2", positive=True)
sxy = sp.Symbol("sxy", real=True)
c = sp.Symbol("c", positive=True)


def _judge(answer: object, expected: sp.Expr, *, symbols: Sequence[sp.Symbol],
           domains: Mapping[sp.Symbol, tuple[float, float]], hint: str,
           mistakes: Sequence[tuple[sp.Expr, str]] = ()) -> Feedback:
    """:func:`check_expression` (which decides numerically with bounded precision: an answer that
    overflows at ordinary values of the symbols cannot be the result)."""
    return check_expression(answer, expected, symbols=symbols, domains=domains, hint=hint, mistakes=mistakes)


@answer_checker
def check_laplace_typical_ratio(answer: object) -> Feedback:
    """Check the ratio of a Laplace product density at its mode to its density at a typical point.

    Exercise *How much denser is the mode of a Laplace prior?* (chapter 8): θ has d independent
    Laplace(0, b) coordinates; the typical point has L1 norm ‖θ‖₁ equal to its mean. Give the ratio
    (not its logarithm) as a SymPy expression or a string in the symbol ``d`` (the dimension).
    """
    ratio = sp.exp(d)
    return _judge(
        answer,
        ratio,
        symbols=[d],
        domains={d: (1.0, 12.0)},
        hint="write the log density, -d log(2b) - ‖θ‖₁/b, subtract its value at θ = 0, and put in the "
             "mean of ‖θ‖₁ (each |θ_j| is exponential with scale b).",
        mistakes=[
            (d, "that is the logarithm of the ratio; the exercise asks for the ratio itself."),
            (sp.exp(d / 2), "the Laplace log density has no factor ½: it is linear in |θ_j|, not "
                            "quadratic."),
            (sp.exp(2 * d), "check the mean of |θ_j| under Laplace(0, b): it is not 2b."),
            (1 / ratio, "upside down: the density is largest at the mode, so the ratio is above 1."),
            (sp.exp(sp.sqrt(d)), "the L1 norm of a typical point grows like d, not like √d."),
        ],
    )


@answer_checker
def check_precision_m_step(answer: object) -> Feedback:
    """Check the variance update 1/λ̂ of an M-step that maximizes over the precision λ = 1/σ².

    Exercise *The same prior, another coordinate* (chapter 8): the inverse-gamma IG(a, b) prior on
    σ² written as a Gamma(a, b) prior (shape a, rate b) on the precision λ, and the M-step objective
    maximized over λ. Give 1/λ̂ (a variance) as a SymPy expression or a string in the symbols ``S``
    (the responsibility-weighted sum of squared deviations from the component mean), ``n`` (the sum
    of the responsibilities), ``a`` and ``b``.
    """
    expected = (S + 2 * b) / (n + 2 * a - 2)
    return _judge(
        answer,
        expected,
        symbols=[S, n, a, b],
        domains={S: (0.5, 8.0), n: (3.0, 20.0), a: (1.5, 4.0), b: (0.1, 3.0)},
        hint="in λ the likelihood terms are (n/2) log λ - λS/2 and the Gamma log density is "
             "(a-1) log λ - bλ; set the derivative in λ to zero, then invert.",
        mistakes=[
            ((S + 2 * b) / (n + 2 * a + 2), "that is the M-step in σ² from the text; maximizing over λ "
                                            "moves the mode, because the density picks up a Jacobian."),
            (S / n, "that is the maximum-likelihood M-step; the prior adds terms to both numerator and "
                    "denominator."),
            ((n + 2 * a - 2) / (S + 2 * b), "that is λ̂, the precision; the exercise asks for 1/λ̂."),
            ((S + b) / (n + a - 1), "check the factors 2: the likelihood terms carry a ½ that the prior "
                                    "terms do not."),
        ],
    )


@answer_checker
def check_empirical_bayes_tau2(answer: object) -> Feedback:
    """Check the prior variance τ² that maximizes the marginal likelihood of a one-feature model.

    Exercise *Type-II maximum likelihood with one feature* (chapter 8): y_i = w x_i + noise with
    noise variance σ² and the prior w ~ N(0, τ²). Give the maximizer where it is positive, as a
    SymPy expression or a string in the symbols ``sxy`` (the sum of x_i y_i), ``sxx`` (the sum of
    x_i²) and ``sigma2`` (σ²).
    """
    expected = sxy**2 / sxx**2 - sigma2 / sxx
    return _judge(
        answer,
        expected,
        symbols=[sxy, sxx, sigma2],
        domains={sxy: (2.0, 9.0), sxx: (1.0, 6.0), sigma2: (0.2, 2.0)},
        hint="the covariance σ²I + τ² x xᵀ has one eigenvalue σ² + τ² sxx along x and σ² elsewhere; "
             "only the component of y along x depends on τ². Maximize over v = σ² + τ² sxx first.",
        mistakes=[
            (sxy**2 / sxx**2, "that is the square of the least-squares slope; the marginal likelihood "
                              "also accounts for that slope's sampling variance."),
            (sxy / sxx, "that is the least-squares slope itself, not a variance."),
            (sxy**2 / sxx**2 + sigma2 / sxx, "check the sign of the noise term."),
            (sxy**2 / sxx - sigma2, "Off by a factor: solve the maximizing v = σ² + τ² sxx for τ² "
                                    "itself."),
        ],
    )


@answer_checker
def check_moderated_limit(answer: object) -> Feedback:
    """Check the limit of the moderated predictive σ(κ(s²) μ) far from the data.

    Exercise *How far does moderation pull?* (chapter 8): along a ray x(t) the latent mean grows
    like a·t and the latent variance like c·t² (a, c > 0). Give the limit as t → ∞ as a SymPy
    expression or a string in the symbols ``a`` and ``c`` (write the sigmoid with ``exp``).
    """
    expected = 1 / (1 + sp.exp(-a * sp.sqrt(8 / (sp.pi * c))))
    return _judge(
        answer,
        expected,
        symbols=[a, c],
        domains={a: (0.2, 3.0), c: (0.2, 3.0)},
        hint="Write the moderated argument κ(s²)·μ along the ray as a function of t and find its limit as "
             "t grows (divide numerator and denominator by t).",
        mistakes=[
            (sp.Integer(1), "that is the plug-in limit σ(a t) → 1; the moderation factor shrinks as t grows."),
            (sp.Rational(1, 2), "The factor κ falls like 1/t, but μ grows like t: their product has a finite, "
                                "non-zero limit."),
            (1 / (1 + sp.exp(-a * sp.sqrt(sp.pi * c / 8))), "Upside down: recheck how κ = (1 + π s²/8)^(-1/2) "
                                                            "scales with c."),
            (1 / (1 + sp.exp(-a / sp.sqrt(c))), "the probit matching constant π/8 is missing."),
        ],
    )


#: The data table of this chapter's checkers (see :class:`~mapmath.exercises.Answers`).
ANSWERS: dict[str, Answers] = {
    "check_laplace_typical_ratio": Answers(
        right=("exp(d)", "e^d", "exp(d/2)^2", "1/exp(−d)", "exp(d/2)·exp(d/2)", "E**d"),
        wrong=("d", "exp(d/2)", "exp(2*d)", "exp(-d)", "exp(sqrt(d))", "exp(d)/2", "2*exp(d)"),
    ),
    "check_precision_m_step": Answers(
        right=("(S + 2*b)/(n + 2*a - 2)", "(2*b + S)/(2*a + n - 2)", "(S/2 + b)/(n/2 + a - 1)",
               "(S + 2·b)·(n + 2·a − 2)^-1", "S/(n + 2*a - 2) + 2*b/(n + 2*a - 2)", "1/((n + 2*a - 2)/(S + 2*b))"),
        wrong=("(S + 2*b)/(n + 2*a + 2)", "S/n", "(n + 2*a - 2)/(S + 2*b)", "(S + b)/(n + a - 1)",
               "-(S + 2*b)/(n + 2*a - 2)", "(S + 2*b)/(n + 2*a)", "(S + 2*b)/(n + 2*a - 2)^2"),
    ),
    "check_empirical_bayes_tau2": Answers(
        right=("sxy^2/sxx^2 - sigma2/sxx", "(sxy^2 - sigma2*sxx)/sxx^2", "(sxy/sxx)^2 − σ^2/sxx",
               "-sigma^2/sxx + sxy^2/sxx^2", "(sxy**2/sxx - sigma2)/sxx", "(sxy^2 - sxx·sigma_2)×sxx^-2"),
        wrong=("sxy^2/sxx^2", "sxy/sxx", "sxy^2/sxx^2 + sigma2/sxx", "sxy^2/sxx - sigma2",
               "sigma2/sxx - sxy^2/sxx^2", "sxy^2/sxx^2 - sigma2", "sxy^2/sxx^2 - sigma2/sxx^2"),
    ),
    "check_moderated_limit": Answers(
        right=("1/(1 + exp(-a*sqrt(8/(pi*c))))", "1/(1 + exp(-a*sqrt(8)/sqrt(pi*c)))",
               "exp(a*sqrt(8/(pi*c)))/(exp(a*sqrt(8/(pi*c))) + 1)", "(1 + tanh(a*sqrt(2/(pi*c))))/2",
               "1/(1 + e^(−2·a·sqrt(2/(pi·c))))", "1/(1+exp(-a*(8/(pi*c))^(1/2)))"),
        wrong=("1", "1/2", "1/(1 + exp(-a*sqrt(pi*c/8)))", "1/(1 + exp(-a/sqrt(c)))", "1/(1 + exp(a*sqrt(8/(pi*c))))",
               "1/(1 + exp(-a*sqrt(8/(pi*c))))^2", "a*sqrt(8/(pi*c))"),
    ),
}
