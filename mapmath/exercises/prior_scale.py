"""Answer checkers for the exercises of chapter 10 (choosing the prior's scale): evidence, ARD,
unknown noise and the Occam factor.

- :func:`check_effective_parameters`: Bishop's γ for given eigenvalues and prior precision.
- :func:`check_t_predictive_variance`: the variance of the Student-t predictive of the
  normal–inverse-gamma model.
- :func:`check_log_occam_1d`: the log Occam factor of one weight with a Gaussian prior.
- :func:`check_ard_single_alpha`: the evidence-maximizing prior precision of one weight.
"""

from __future__ import annotations

from fractions import Fraction

import sympy as sp

from ._core import Answers, Feedback, answer_checker, check_expression, check_number

__all__ = ["GAMMA_EXAMPLE", "check_ard_single_alpha", "check_effective_parameters", "check_log_occam_1d",
           "check_t_predictive_variance"]

#: The data of the exercise on γ: the eigenvalues of β XᵀX and the prior precision α.
GAMMA_EXAMPLE = {"eigenvalues": (9.0, 4.0, 1.0, 0.25), "alpha": 2.0}

a, b = sp.symbols("a b", positive=True)
v = sp.Symbol("v", positive=True)
w = sp.Symbol("w", real=True)
tau2, h = sp.symbols("tau2 h", positive=True)
m = sp.Symbol("m", real=True)
s = sp.Symbol("s", positive=True)


def _rational(x: float) -> sp.Rational:
    f = Fraction(x).limit_denominator(10**6)
    return sp.Rational(f.numerator, f.denominator)


def _gamma(eigenvalues, alpha) -> sp.Expr:
    """γ = Σ λ_i/(α + λ_i), exactly (the inputs are exact binary fractions)."""
    al = _rational(alpha)
    return sum(_rational(lam) / (al + _rational(lam)) for lam in eigenvalues)


@answer_checker
def check_effective_parameters(answer: object) -> Feedback:
    """Check the effective number of parameters γ for the exercise's eigenvalues and prior precision.

    Exercise *How many parameters do the data determine?* (chapter 10): the eigenvalues of the data
    precision β XᵀX and the prior precision α are given in the exercise (``GAMMA_EXAMPLE``). Give γ
    as a number to 3 significant figures (or exactly, as a fraction).
    """
    lams, alpha = GAMMA_EXAMPLE["eigenvalues"], GAMMA_EXAMPLE["alpha"]
    key = _gamma(lams, alpha)
    m_count = len(lams)
    return check_number(
        answer,
        key,
        sig_figs=3,
        hint="each eigen-direction contributes the fraction of its curvature that comes from the data: "
             "λ_i over the total curvature α + λ_i; add the four fractions.",
        mistakes=[
            (m_count - key, "That counts the directions the prior determines (α/(α + λ_i)); γ counts "
                            "those the data determine."),
            (sum(sp.Rational(1) * lam / (alpha + lam) ** 2 for lam in lams),
             "The fraction of each direction is λ_i/(α + λ_i), not divided by (α + λ_i) twice."),
            (sum(sp.Rational(1) * lam**2 / (alpha + lam**2) for lam in lams),
             "The eigenvalues given are already those of β XᵀX (squared singular values times β): "
             "do not square them again."),
            (sum(sp.sqrt(sp.Rational(1) * lam) / (alpha + sp.sqrt(sp.Rational(1) * lam)) for lam in lams),
             "Use the eigenvalues as given, not their square roots."),
            (sum(sp.Rational(1) * alpha / lam for lam in lams),
             "γ is a sum of fractions λ_i/(α + λ_i), each between 0 and 1."),
        ],
    )


@answer_checker
def check_t_predictive_variance(answer: object) -> Feedback:
    """Check the variance of the Student-t predictive of the normal–inverse-gamma model.

    Exercise *The variance of the t predictive* (chapter 10): the posterior is NIG(m_n, V_n, a_n, b_n)
    and the new input has leverage x*ᵀV_n x*. Give Var[y* | y] for a_n > 1 as a SymPy expression or
    a string in the symbols ``a`` (a_n), ``b`` (b_n) and ``v`` (the leverage).
    """
    expected = b * (1 + v) / (a - 1)
    return check_expression(
        answer,
        expected,
        symbols=[a, b, v],
        domains={a: (1.5, 8.0), b: (0.2, 5.0), v: (0.01, 2.0)},
        hint="by the law of total variance, Var[y*] = E[Var(y* | σ²)] + Var(E[y* | σ²]); the second "
             "term is 0, and the first needs the mean of σ² under IG(a, b).",
        mistakes=[
            (b * (1 + v) / a, "That is the squared scale of the t, not its variance: a t with ν degrees "
                              "of freedom has variance scale²·ν/(ν - 2)."),
            (b / (a - 1), "The predictive also carries the uncertainty of the weights: the factor 1 + v."),
            (b * (1 + v) / (a + 1), "That uses the mode of σ² under IG(a, b); the variance needs its mean."),
            (b * v / (a - 1), "The new observation has its own noise: the factor is 1 + v, not v."),
        ],
    )


@answer_checker
def check_log_occam_1d(answer: object) -> Feedback:
    """Check the log Occam factor of one weight with a Gaussian prior, in Laplace's approximation.

    Exercise *The Occam factor of one weight* (chapter 10): the prior is w ~ N(0, τ²), the MAP is
    ŵ and the second derivative of the negative log posterior there is h. Give log(Occam factor) as
    a SymPy expression or a string in the symbols ``w`` (ŵ), ``tau2`` (τ²) and ``h``.
    """
    expected = -w**2 / (2 * tau2) - sp.log(tau2 * h) / 2
    return check_expression(
        answer,
        expected,
        symbols=[w, tau2, h],
        domains={w: (-2.0, 2.0), tau2: (0.3, 5.0), h: (2.0, 40.0)},
        hint="the Occam factor is p(ŵ)·√(2π/h): the prior density at the MAP times the width of the "
             "Laplace Gaussian; take its logarithm and let the 2π's cancel.",
        mistakes=[
            (-w**2 / (2 * tau2) - sp.log(2 * sp.pi * tau2) / 2,
             "That is only the log prior density at ŵ; the factor also has the posterior width √(2π/h)."),
            (-w**2 / (2 * tau2) + sp.log(tau2 * h) / 2,
             "Upside down: a posterior much narrower than the prior (large τ²h) makes the factor small."),
            (-sp.log(tau2 * h) / 2, "The prior density at ŵ is not its value at 0: keep -ŵ²/(2τ²)."),
            (-w**2 / (2 * tau2) - sp.log(h) / 2 - sp.log(2 * sp.pi * tau2) / 2 + sp.log(2 * sp.pi),
             "Check the 2π's: √(2π) from the width and 1/√(2π τ²) from the prior density."),
            (-w**2 / tau2 - sp.log(tau2 * h) / 2, "The Gaussian log density has ŵ²/(2τ²), with the ½."),
        ],
    )


@answer_checker
def check_ard_single_alpha(answer: object) -> Feedback:
    """Check the prior precision α that maximizes the evidence of one weight with known noise.

    Exercise *When ARD prunes a weight* (chapter 10): one weight, its least-squares estimate ``m``
    and that estimate's sampling variance ``s`` (σ²/xᵀx). Give the maximizing α, where it is finite,
    as a SymPy expression or a string in the symbols ``m`` and ``s``.
    """
    expected = 1 / (m**2 - s)
    return check_expression(
        answer,
        expected,
        symbols=[m, s],
        domains={m: (1.5, 4.0), s: (0.1, 2.0)},
        hint="the least-squares estimate is m ~ N(0, 1/α + s) once w is integrated out; maximize this "
             "one-dimensional Gaussian likelihood over the variance 1/α + s first.",
        mistakes=[
            (1 / m**2, "That ignores the sampling noise of the estimate: part of m² is s."),
            (m**2 - s, "That is the prior variance 1/α; the exercise asks for the precision α."),
            (1 / (m**2 + s), "Check the sign of s: the noise explains part of m², so the prior variance is less."),
            (s / m**2, "Maximize the marginal likelihood of m over its variance 1/α + s."),
        ],
    )


#: The data table of this chapter's checkers (see :class:`~mapmath.exercises.Answers`).
ANSWERS: dict[str, Answers] = {
    "check_effective_parameters": Answers(
        right=("1.93", "191/99", "1.929", "1.9293", 1.92929, "1.929292929"),
        wrong=("2.07", "4", "1.5", "0.5", "2.5", "1.7", "3.0"),
    ),
    "check_t_predictive_variance": Answers(
        right=("b*(1 + v)/(a - 1)", "(b + b*v)/(a - 1)", "b/(a - 1) + b*v/(a - 1)", "b·(v + 1)·(a − 1)^-1",
               "(b*(1+v)/a)*(2*a/(2*a - 2))", "1/((a - 1)/(b*(1 + v)))"),
        wrong=("b*(1 + v)/a", "b/(a - 1)", "b*(1 + v)/(a + 1)", "b*v/(a - 1)", "b*(1 + v)/(a - 2)",
               "(1 + v)/(a - 1)", "b*(1 + v)/(2*a - 2)"),
    ),
    "check_log_occam_1d": Answers(
        right=("-w^2/(2*tau2) - log(tau2*h)/2", "-w**2/(2*tau2) - log(tau2)/2 - log(h)/2",
               "log(1/sqrt(tau2*h)) - w^2/(2*tau2)", "-(w^2/tau2 + log(h*tau2))/2",
               "log(exp(-w^2/(2*tau2))/sqrt(h*tau2))", "−w²/(2·τ²) − log(τ²·h)/2".replace("²", "^2")
               .replace("τ^2", "tau2")),
        wrong=("-w^2/(2*tau2) - log(2*pi*tau2)/2", "-w^2/(2*tau2) + log(tau2*h)/2", "-log(tau2*h)/2",
               "-w^2/tau2 - log(tau2*h)/2", "-w^2/(2*tau2) - log(tau2*h)", "w^2/(2*tau2) - log(tau2*h)/2",
               "-w^2/(2*tau2) - log(h/tau2)/2"),
    ),
    "check_ard_single_alpha": Answers(
        right=("1/(m^2 - s)", "(m**2 - s)**(-1)", "1/(m*m - s)", "-1/(s - m^2)", "(1/m^2)/(1 - s/m^2)"),
        wrong=("1/m^2", "m^2 - s", "1/(m^2 + s)", "s/m^2", "1/(m - s)", "m^2/s", "1/(m^2 - 2*s)"),
    ),
}
