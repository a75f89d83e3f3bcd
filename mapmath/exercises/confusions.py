"""Answer checkers for the exercises of chapter 07 (common confusions).

- :func:`check_sklearn_C`: scikit-learn's ``C`` for a Gaussian prior of variance ``tau2``.
- :func:`check_ridge_alpha_from_C`: ``Ridge``'s ``alpha`` for the prior that ``LogisticRegression``'s
  ``C`` encodes, with noise variance ``sigma2``.
- :func:`check_beta_laplace_variance`: the Laplace-approximation variance of Beta(A, B).
- :func:`check_laplace_coverage`: the exact posterior mass of the Laplace 95% interval of
  Beta(3, 30).
- :func:`check_logit_laplace_variance`: the variance of the Laplace approximation of Beta(A, B)
  made in the log-odds.
- :func:`check_sgd_alpha_from_C`: ``SGDClassifier``'s ``alpha`` for the prior that
  ``LogisticRegression``'s ``C`` encodes, with ``n`` observations.
- :func:`check_beta_laplace_ratio_term`: the 1/N term of the ratio of the Laplace variance of
  Beta(qN, (1 - q)N) to its exact variance.
- :func:`check_log_laplace_variance`: the variance of the Laplace approximation of Beta(A, B) made
  in ψ = log p.
- :func:`check_log_laplace_mass`: the exact posterior mass of that approximation's 95% interval for
  Beta(3, 30), mapped back to p.
"""

from __future__ import annotations

import math
from functools import lru_cache
from statistics import NormalDist

import mpmath
import numpy as np
import sympy as sp

from ..beta import A, B, beta_interval_mass, beta_laplace
from ..laplace_approx import laplace_interval
from ._core import Answers, Feedback, answer_checker, check_expression, check_number

__all__ = ["check_beta_laplace_ratio_term", "check_beta_laplace_variance", "check_laplace_coverage",
           "check_log_laplace_mass", "check_log_laplace_variance", "check_logit_laplace_variance",
           "check_ridge_alpha_from_C", "check_sgd_alpha_from_C", "check_sklearn_C"]

tau2 = sp.Symbol("tau2", positive=True)
C, sigma2 = sp.symbols("C sigma2", positive=True)


@answer_checker
def check_sklearn_C(answer: object) -> Feedback:
    """Check scikit-learn's ``C`` for a logistic regression whose MAP has the prior N(0, τ²I).

    Exercise *Logistic regression with a Gaussian prior* (chapter 11): the
    ``C`` of ``LogisticRegression`` that makes its fit the MAP. Give ``C`` as a SymPy expression or
    a string in the symbol ``tau2`` (the prior variance τ²).
    """
    return check_expression(
        answer,
        tau2,
        symbols=[tau2],
        domains={tau2: (0.2, 5.0)},
        hint="write scikit-learn's objective ½‖w‖² + C·Σ logloss and the MAP objective "
             "Σ logloss + ‖w‖²/(2τ²); multiply the second by a positive constant until the "
             "penalty terms match.",
        mistakes=[
            (1 / tau2, "That is the penalty weight λ in NLL + (λ/2)‖w‖²; scikit-learn's C "
                       "multiplies the loss, not the penalty."),
            (2 * tau2, "check the factor 2: the prior gives ‖w‖²/(2τ²), and scikit-learn's "
                       "penalty is ½‖w‖²."),
            (tau2 / 2, "check the factor 2: the prior gives ‖w‖²/(2τ²), and scikit-learn's "
                       "penalty is ½‖w‖²."),
            (1 / (2 * tau2), "that is the coefficient of ‖w‖² in the MAP objective; C multiplies "
                             "the loss once the penalty is scaled to ½‖w‖²."),
            (sp.sqrt(tau2), "That is the prior standard deviation τ; the objective involves the variance."),
        ],
    )


@answer_checker
def check_ridge_alpha_from_C(answer: object) -> Feedback:
    """Check ``Ridge``'s ``alpha`` for the Gaussian prior that ``LogisticRegression``'s ``C`` encodes.

    Exercise *scikit-learn's alpha and C for the same Gaussian prior* (chapter 7): a linear
    regression with noise variance σ² and a logistic regression share the prior N(0, τ²I); the
    logistic model is fitted with a given ``C``, and ``alpha`` must make ``Ridge`` (without
    intercept) return the linear model's MAP under the same prior. Give ``alpha`` as a SymPy
    expression or a string in the symbols ``C`` and ``sigma2``.
    """
    return check_expression(
        answer,
        sigma2 / C,
        symbols=[C, sigma2],
        domains={C: (0.2, 5.0), sigma2: (0.2, 5.0)},
        hint="express both in τ²: C from ½‖w‖² + C·Σ logloss, alpha from ‖y - Xw‖² + alpha‖w‖² "
             "(the Gaussian NLL times 2σ²); then eliminate τ².",
        mistakes=[
            (1 / C, "That is the penalty weight λ of NLL + (λ/2)‖w‖²; Ridge's loss is the residual sum "
                    "of squares, 2σ² times the Gaussian NLL, which scales the penalty by σ²."),
            (C / sigma2, "upside down: a larger prior variance (larger C) must mean a smaller alpha."),
            (sigma2 * C, "a larger prior variance (larger C) must mean a smaller alpha, not a larger one."),
            (2 * sigma2 / C, "check the factor 2: Ridge's penalty is alpha‖w‖², with no ½, and the prior "
                             "gives ‖w‖²/(2τ²) next to ‖y - Xw‖²/(2σ²)."),
            (sigma2 / (2 * C), "check the factor 2: Ridge's penalty is alpha‖w‖², with no ½, and the "
                               "prior gives ‖w‖²/(2τ²) next to ‖y - Xw‖²/(2σ²)."),
            (C, "That grows with the prior variance; alpha is a penalty weight, which falls as the prior "
                "widens."),
        ],
    )


@answer_checker
def check_beta_laplace_variance(answer: object) -> Feedback:
    """Check the variance of the Laplace approximation to a Beta(A, B) posterior, A, B > 1.

    Exercise *The Laplace variance of a Beta posterior* (chapter 7): minus the inverse of the
    second derivative of the log density at the mode. Give it as a SymPy expression or a string in
    the symbols ``A`` and ``B``.
    """
    expected = (A - 1) * (B - 1) / (A + B - 2) ** 3
    return check_expression(
        answer,
        expected,
        symbols=[A, B],
        domains={A: (1.5, 12.0), B: (1.5, 12.0)},
        hint="differentiate ℓ(p) = (A-1) log p + (B-1) log(1-p) twice, evaluate at the mode "
             "(A-1)/(A+B-2), and take -1/ℓ''.",
        mistakes=[
            (A * B / ((A + B) ** 2 * (A + B + 1)),
             "that is the exact variance of the Beta(A, B) distribution, not the Laplace "
             "(curvature-at-the-mode) variance."),
            ((A - 1) * (B - 1) / (A + B - 2) ** 2,
             "a factor (A+B-2) is missing: collect ℓ''(mode) over a common denominator."),
            (sp.sqrt(expected), "that is the standard deviation; the exercise asks for the variance."),
            (-expected, "check the sign: ℓ''(mode) < 0, so -1/ℓ''(mode) > 0."),
            (1 / expected, "that is -ℓ''(mode), the precision; the variance is its inverse."),
        ],
    )


@lru_cache(maxsize=8)
def _coverage(a: float, b: float) -> float:
    mode, var = beta_laplace(a, b)
    return beta_interval_mass(a, b, *laplace_interval(mode, var, 0.95))


@lru_cache(maxsize=8)
def _coverage_mistakes(a: float, b: float) -> tuple[float, float]:
    """The coverage with the exact Beta variance, and with the interval centred at the mean."""
    mean = a / (a + b)
    exact_var = a * b / ((a + b) ** 2 * (a + b + 1))
    wrong_var = beta_interval_mass(a, b, *laplace_interval(beta_laplace(a, b)[0], exact_var, 0.95))
    wrong_center = beta_interval_mass(a, b, *laplace_interval(mean, beta_laplace(a, b)[1], 0.95))
    return wrong_var, wrong_center


@answer_checker
def check_laplace_coverage(answer: object) -> Feedback:
    """Check the exact Beta(3, 30) probability of the Laplace 95% interval of that posterior.

    Exercise *How much posterior does the Laplace interval hold?* (chapter 7): the interval is the
    mode plus or minus z times the Laplace standard deviation. Give the probability as a number
    to 3 significant figures (a float, a string such as "0.123", a SymPy number).
    """
    a, b = 3, 30
    wrong_var, wrong_center = _coverage_mistakes(a, b)
    return check_number(
        answer,
        _coverage(a, b),
        sig_figs=3,
        hint="build mode ± z·sqrt(variance) with the Laplace mode and variance, then take "
             "the Beta(3, 30) CDF at the upper end minus the CDF at the lower end.",
        mistakes=[
            (0.95, "That is the nominal level of the Gaussian interval; the question is how much "
                   "Beta(3, 30) mass that interval actually holds."),
            (wrong_var, "you used the exact Beta variance; the Laplace approximation uses "
                        "-1/ℓ''(mode)."),
            (wrong_center, "you centred the interval at the posterior mean; the Laplace "
                           "approximation is centred at the mode (the MAP)."),
        ],
    )


@answer_checker
def check_logit_laplace_variance(answer: object) -> Feedback:
    """Check the variance of the Laplace approximation to Beta(A, B) made in the log-odds η = logit p.

    Exercise *A Laplace approximation in the log-odds* (chapter 7): the density of η is the Beta
    density times the Jacobian dp/dη; the variance is minus the inverse of the second derivative of
    its log at its mode. Give it as a SymPy expression or a string in the symbols ``A`` and ``B``.
    """
    return check_expression(
        answer,
        (A + B) / (A * B),
        symbols=[A, B],
        domains={A: (0.3, 12.0), B: (0.3, 12.0)},
        hint="write ℓ(η) = A log σ(η) + B log(1 - σ(η)), use dσ/dη = σ(1 - σ), solve ℓ'(η) = 0 for σ, "
             "then evaluate -1/ℓ''(η) there.",
        mistakes=[
            ((A - 1) * (B - 1) / (A + B - 2) ** 3,
             "That is the Laplace variance in p; in η the density carries the Jacobian and the variance "
             "is measured on the log-odds scale."),
            (A * B / (A + B), "that is -ℓ''(η̂), the precision; the variance is its inverse."),
            ((A + B - 2) / ((A - 1) * (B - 1)),
             "you left out the Jacobian dp/dη = σ(1 - σ): the density of η is σ^A (1 - σ)^B, not "
             "σ^(A-1) (1 - σ)^(B-1)."),
            (A * B / ((A + B) ** 2 * (A + B + 1)), "that is the exact variance of p under Beta(A, B), not a "
                                                   "Laplace variance in η."),
        ],
    )


n_obs = sp.Symbol("n", positive=True)


@answer_checker
def check_sgd_alpha_from_C(answer: object) -> Feedback:
    """Check ``SGDClassifier``'s ``alpha`` for the Gaussian prior that ``LogisticRegression``'s ``C`` encodes.

    Exercise *One Gaussian prior, two scikit-learn estimators* (chapter 7): ``SGDClassifier`` with the
    log loss and an L2 penalty minimizes the mean log loss over n observations plus (α/2)‖w‖². Give
    ``alpha`` as a SymPy expression or a string in the symbols ``C`` and ``n``.
    """
    return check_expression(
        answer,
        1 / (n_obs * C),
        symbols=[C, n_obs],
        domains={C: (0.2, 5.0), n_obs: (5.0, 200.0)},
        hint="write the MAP objective Σ logloss + ‖w‖²/(2τ²) with τ² from C, divide it by n (which does not "
             "move the minimizer) and match the penalty with (α/2)‖w‖².",
        mistakes=[
            (1 / C, "The loss of SGDClassifier is a mean over the n observations, not a sum."),
            (n_obs / C, "Check where n goes: dividing the sum of the losses by n divides the penalty by n too."),
            (C / n_obs, "The factor is upside down: a larger C (a wider prior) means a weaker penalty."),
            (1 / (2 * n_obs * C), "Check the factor 2: both penalties are written with a ½ in front of ‖w‖²."),
            (-1 / (n_obs * C), "Check the sign: a penalty weight is positive."),
            (1 / (n_obs * C ** 2), "Check the power of C: C is the prior variance itself."),
        ],
    )


q_share = sp.Symbol("q", positive=True)


@answer_checker
def check_beta_laplace_ratio_term(answer: object) -> Feedback:
    """Check the coefficient c(q) of 1/N in the ratio of the Laplace variance of a Beta posterior to its
    exact variance.

    Exercise *How fast does the Laplace variance become right?* (chapter 7): the posterior
    Beta(A, B) with A = qN and B = (1 - q)N, 0 < q < 1, and the ratio written as
    1 + c(q)/N + O(1/N²) as N grows. Give c(q) as a SymPy expression or a string in the symbol ``q``.
    """
    q = q_share
    return check_expression(
        answer,
        7 - 1 / (q * (1 - q)),
        symbols=[q],
        domains={q: (0.05, 0.95)},
        hint="write the ratio of (A - 1)(B - 1)/(A + B - 2)³ to AB/((A + B)²(A + B + 1)) with A = qN and "
             "B = (1 - q)N, then expand each factor in 1/N to first order and add the first-order terms.",
        mistakes=[
            (1 / (q * (1 - q)) - 7, "Check the sign: which of the two variances is larger at q = 1/2?"),
            (sp.Integer(3), "That is the coefficient at one value of q only; the answer depends on q."),
            (1 - 1 / (q * (1 - q)), "You expanded the Laplace variance but not the exact one: the exact "
                                    "variance has a factor 1/(A + B + 1) that contributes at order 1/N too."),
            (6 - 1 / (q * (1 - q)), "Count the terms from (A + B - 2)³ again: the cube triples the first-order "
                                    "term of A + B - 2."),
            (5 - 1 / (q * (1 - q)), "Count the terms from (A + B - 2)³ and from A + B + 1 again."),
            (sp.Integer(0), "The ratio tends to 1, but it is not 1 + O(1/N²): the first-order terms do not "
                            "cancel."),
        ],
    )


psi_sym = sp.Symbol("psi", negative=True)


@answer_checker
def check_log_laplace_variance(answer: object) -> Feedback:
    """Check the variance of the Laplace approximation to Beta(A, B) made in ψ = log p.

    Exercise *A Laplace approximation in log p* (chapter 7): the density of ψ is the Beta density
    times the Jacobian dp/dψ; the variance is minus the inverse of the second derivative of its log
    at its mode (B > 1). Give it as a SymPy expression or a string in the symbols ``A`` and ``B``.
    """
    return check_expression(
        answer,
        (B - 1) / (A * (A + B - 1)),
        symbols=[A, B],
        domains={A: (0.3, 12.0), B: (1.5, 12.0)},
        hint="write ℓ(ψ) = A ψ + (B - 1) log(1 - e^ψ) (the Jacobian dp/dψ = e^ψ adds one to the power of p), "
             "solve ℓ'(ψ) = 0 for e^ψ, then evaluate -1/ℓ''(ψ) there.",
        mistakes=[
            ((A + B) / (A * B), "That is the variance in another coordinate, the log-odds; in ψ = log p only "
                                "the power of p changes."),
            ((A - 1) * (B - 1) / (A + B - 2) ** 3, "That is the Laplace variance in p; in ψ the curvature is "
                                                   "taken with respect to log p."),
            ((B - 1) / ((A - 1) * (A + B - 2)), "You left out the Jacobian dp/dψ = e^ψ: the density of ψ has "
                                                "p to the power A, not A - 1."),
            (A * (A + B - 1) / (B - 1), "That is -ℓ''(ψ̂), the precision; the variance is its inverse."),
            (-(B - 1) / (A * (A + B - 1)), "Check the sign: a variance is positive (ℓ'' < 0 at a maximum)."),
            (B / (A * (A + B)), "Check the power of 1 - p: the Jacobian e^ψ changes only the power of p."),
        ],
    )


def _beta_mass(a: float, b: float, lo: float, hi: float) -> float:
    """The Beta(a, b) probability of [lo, hi] ∩ [0, 1] (mpmath's regularized incomplete beta function)."""
    lo, hi = max(lo, 0.0), min(hi, 1.0)
    return float(mpmath.betainc(a, b, lo, hi, regularized=True)) if lo < hi else 0.0


def _log_interval(mode: float, var: float) -> tuple[float, float]:
    """``exp(mode ± z·sqrt(var))``, z the 97.5% normal quantile: a 95% interval in log p mapped back to p."""
    z = NormalDist().inv_cdf(0.975)
    half = z * var ** 0.5
    return math.exp(mode - half), math.exp(mode + half)


@lru_cache(maxsize=1)
def _log_laplace_mass() -> float:
    """The exact Beta(3, 30) mass of exp(ψ̂ ± z·sd), the 95% Laplace interval made in ψ = log p."""
    a, b = 3, 30
    return _beta_mass(a, b, *_log_interval(math.log(a / (a + b - 1)), (b - 1) / (a * (a + b - 1))))


@lru_cache(maxsize=1)
def _log_laplace_mistakes() -> tuple[float, float]:
    """Two plausible wrong masses: the interval made without the Jacobian, and the one made in the log-odds."""
    a, b = 3, 30
    no_jacobian = _beta_mass(a, b, *_log_interval(math.log((a - 1) / (a + b - 2)), (b - 1) / ((a - 1) * (a + b - 2))))
    z = NormalDist().inv_cdf(0.975)
    half = z * ((a + b) / (a * b)) ** 0.5
    lo, hi = (1 / (1 + math.exp(-(math.log(a / b) + sign * half))) for sign in (-1, 1))
    return no_jacobian, _beta_mass(a, b, lo, hi)


@answer_checker
def check_log_laplace_mass(answer: object) -> Feedback:
    """Check the exact posterior mass of the 95% Laplace interval of Beta(3, 30) made in ψ = log p.

    Exercise *A Laplace approximation in log p* (chapter 7): the interval ψ̂ ± z·sd in ψ, mapped back
    to p by p = e^ψ, and the Beta(3, 30) probability of it. Give the number to 3 significant figures.
    """
    no_jacobian, logit = _log_laplace_mistakes()
    return check_number(
        answer,
        _log_laplace_mass(),
        sig_figs=3,
        hint="map the two ends of ψ̂ ± 1.96·sd back with p = e^ψ and take the difference of the Beta(3, 30) "
             "CDF at them.",
        mistakes=[
            (0.95, "That is the nominal level of the Gaussian in ψ; the question is how much of the exact "
                   "posterior the interval holds."),
            (no_jacobian, "Your mode and variance miss the Jacobian dp/dψ = e^ψ: the density of ψ has p to the "
                          "power A, not A - 1."),
            (logit, "That is the interval made in the log-odds; this one is made in log p."),
            (0.05, "That is the mass outside an interval; give the mass inside."),
        ],
    )


#: The data table of this chapter's checkers (see :class:`~mapmath.exercises.Answers`).
ANSWERS: dict[str, Answers] = {
    "check_sklearn_C": Answers(
        right=("tau2", "tau^2", "tau_2", "τ^2", "2*tau2/2", "tau2*(1 + 0)"),
        wrong=("1/tau2", "2*tau2", "tau2/2", "1/(2*tau2)", "sqrt(tau2)", "-tau2"),
    ),
    "check_ridge_alpha_from_C": Answers(
        right=("sigma2/C", "sigma2*C^-1", "σ^2/C", "sigma^2/C", "(1/C)·sigma2", "2*sigma2/(2*C)"),
        wrong=("1/C", "C/sigma2", "sigma2*C", "2*sigma2/C", "sigma2/(2*C)", "C", "-sigma2/C"),
    ),
    "check_beta_laplace_variance": Answers(
        right=("(A - 1)*(B - 1)/(A + B - 2)^3", "(A*B - A - B + 1)/(A + B - 2)**3",
               "(B − 1)·(A − 1)/(B + A − 2)^3", "(A-1)/(A+B-2)^2 * (B-1)/(A+B-2)",
               "1/((A+B-2)^3/((A-1)*(B-1)))"),
        wrong=("A*B/((A + B)^2*(A + B + 1))", "(A - 1)*(B - 1)/(A + B - 2)^2", "sqrt((A - 1)*(B - 1)/(A + B - 2)^3)",
               "-(A - 1)*(B - 1)/(A + B - 2)^3", "(A + B - 2)^3/((A - 1)*(B - 1))", "A*B/(A + B)^3",
               "(A - 1)*(B - 1)/(A + B - 2)^4"),
    ),
    "check_laplace_coverage": Answers(
        right=("0.881", 0.881, "0.8812", 0.88116, np.float64(0.8811594), mpmath.mpf("0.881"), np.array(0.881),
               "88.1/100"),
        wrong=("0.95", "0.908", "0.940", "0.475", "-0.881", "0.119", "0.5"),
    ),
    "check_logit_laplace_variance": Answers(
        right=("(A + B)/(A*B)", "1/A + 1/B", "1/B + 1/A", "(B + A)·(A×B)^-1", "(A+B)/(B*A)", "(2*A + 2*B)/(2*A*B)"),
        wrong=("(A - 1)*(B - 1)/(A + B - 2)^3", "A*B/(A + B)", "(A + B - 2)/((A - 1)*(B - 1))",
               "A*B/((A + B)^2*(A + B + 1))", "-(A + B)/(A*B)", "1/A", "(A + B)/(A*B)^2"),
    ),
    "check_beta_laplace_ratio_term": Answers(
        right=("7 - 1/(q*(1 - q))", "(7*q^2 - 7*q + 1)/(q*(q - 1))", "7 − 1/(q − q^2)", "7 + 1/(q*(q-1))",
               "(1 - 7*q*(1 - q))/(q*(q - 1))", "-(7·q^2 - 7·q + 1)/(q·(1 - q))"),
        wrong=("1/(q*(1 - q)) - 7", "3", "1 - 1/(q*(1 - q))", "6 - 1/(q*(1 - q))", "5 - 1/(q*(1 - q))", "0",
               "7 - 1/q"),
    ),
    "check_log_laplace_variance": Answers(
        right=("(B - 1)/(A*(A + B - 1))", "(B-1)/(A^2 + A*B - A)", "1/A - 1/(A + B - 1)",
               "(B − 1)·(A·(B + A − 1))^-1", "(2*B - 2)/(2*A*(A + B - 1))"),
        wrong=("(A + B)/(A*B)", "(A - 1)*(B - 1)/(A + B - 2)^3", "(B - 1)/((A - 1)*(A + B - 2))",
               "A*(A + B - 1)/(B - 1)", "-(B - 1)/(A*(A + B - 1))", "B/(A*(A + B))"),
    ),
    "check_log_laplace_mass": Answers(
        right=("0.916", 0.916, "0.9159", 0.91587, np.float64(0.9158669), mpmath.mpf("0.916"), np.array(0.916),
               "91.6/100"),
        wrong=("0.95", "0.976", "0.924", "0.05", "-0.916", "0.5", "0.084"),
    ),
    "check_sgd_alpha_from_C": Answers(
        right=("1/(n*C)", "1/(C*n)", "(n·C)^-1", "C^-1/n", "2/(2*n*C)", "1/C/n"),
        wrong=("1/C", "n/C", "C/n", "1/(2*n*C)", "-1/(n*C)", "1/(n*C^2)", "1/n"),
    ),
}
