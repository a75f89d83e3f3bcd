"""Answer checkers for chapter 11, the four problems of the source text.

- :func:`check_gaussian_map`: MAP of a Gaussian mean under a Gaussian prior, in ``n, xbar,
  sigma2, tau2, mu0`` (``sigma``/``tau`` are accepted as standard deviations).
- :func:`check_logistic_lambda`: the penalty weight λ in NLL(w) + (λ/2)‖w‖² for the prior N(0, τ²I).
- :func:`check_beta_weight`: the weight of the prior mode in the Beta–Bernoulli MAP.
- :func:`check_beta_ess`: the effective sample size of a Beta(a, b) prior for the MAP.
- :func:`check_bernoulli_fisher_information`: ``I(p)`` for one Bernoulli trial.
- :func:`check_jeffreys_prior`: the Jeffreys prior of p, up to a constant factor.
- :func:`check_jeffreys_mode_in_p`: the mode in p of the Jeffreys posterior.
- :func:`check_jeffreys_mode_in_eta`: the mode in η = logit p of the Jeffreys posterior.
- :func:`check_jeffreys_mode_mapped_back`: that η-mode carried back to p.
- :func:`check_feature_scale`: the factor that makes LogisticRegression with a given C give the MAP under a
  prior with its own variance for each weight.
- :func:`check_jeffreys_mode_arcsine`: the mode of the Jeffreys posterior in θ = arcsin √p.
- :func:`check_prior_pseudo_flips`: how many pseudo-flips a Beta prior of given mode must be worth to
  put the MAP at a given point.

Every checker accepts a SymPy expression or a string (parsed with the symbols named above) and
returns a :class:`~mapmath.exercises.Feedback`.
"""

from __future__ import annotations

from fractions import Fraction

import mpmath
import numpy as np
import sympy as sp

from ._core import Answers, Feedback, answer_checker, check_expression, check_number

__all__ = [
    "check_bernoulli_fisher_information",
    "check_beta_ess",
    "check_beta_weight",
    "check_feature_scale",
    "check_gaussian_map",
    "check_jeffreys_mode_arcsine",
    "check_jeffreys_mode_in_eta",
    "check_jeffreys_mode_in_p",
    "check_jeffreys_mode_mapped_back",
    "check_jeffreys_prior",
    "check_logistic_lambda",
    "check_prior_pseudo_flips",
]

n = sp.Symbol("n", positive=True)
xbar, mu0 = sp.symbols("xbar mu0", real=True)
sigma2, tau2, sigma, tau = sp.symbols("sigma2 tau2 sigma tau", positive=True)
k, a, b = sp.symbols("k a b", positive=True)
p = sp.Symbol("p", positive=True)


@answer_checker
def check_gaussian_map(answer: object) -> Feedback:
    """Check the MAP of a Gaussian mean μ under a Gaussian prior.

    Exercise *MAP of a Gaussian mean under a Gaussian prior* (chapter 11): n independent
    observations N(μ, σ²) with σ² known and sample mean x̄, prior μ ~ N(μ₀, τ²). Give the MAP as a
    SymPy expression or a string in the symbols ``n``, ``xbar``, ``mu0`` and either ``sigma2``,
    ``tau2`` (variances) or ``sigma``, ``tau`` (standard deviations).
    """
    expected = (sigma2 * mu0 + n * tau2 * xbar) / (sigma2 + n * tau2)
    return check_expression(
        answer,
        expected,
        symbols=[n, xbar, mu0, sigma2, tau2],
        domains={n: (1.0, 40.0), xbar: (-3.0, 3.0), mu0: (-3.0, 3.0), sigma2: (0.2, 4.0), tau2: (0.2, 4.0)},
        hint="write the log posterior as −n(x̄ − μ)²/(2σ²) − (μ − μ₀)²/(2τ²) + const, set its "
             "derivative in μ to zero and solve.",
        mistakes=[
            (xbar, "that is the MLE x̄; the prior term −(μ − μ₀)²/(2τ²) also depends on μ."),
            (mu0, "that is the prior mean; the data term pulls the estimate towards x̄."),
            ((tau2 * mu0 + n * sigma2 * xbar) / (tau2 + n * sigma2),
             "the variances are swapped: the prior mean is weighted by the data's variance σ²/n, "
             "i.e. a precise prior (small τ²) should pull harder."),
            ((sigma2 * mu0 + tau2 * xbar) / (sigma2 + tau2),
             "the factor n is missing: the data term is Σ(x_i − μ)²/(2σ²) = n(x̄ − μ)²/(2σ²) + const."),
            ((sigma2 * mu0 - n * tau2 * xbar) / (sigma2 + n * tau2),
             "check the sign of the data term's derivative: d/dμ of −n(x̄ − μ)²/(2σ²) is n(x̄ − μ)/σ²."),
            ((mu0 + xbar) / 2, "a plain average ignores how precise the prior and the data are."),
        ],
    )


@answer_checker
def check_logistic_lambda(answer: object) -> Feedback:
    """Check the regularization strength λ of logistic regression with a Gaussian prior.

    Exercise *Logistic regression with a Gaussian prior* (chapter 11): the prior w ~ N(0, τ²I), and
    λ is the weight for which the MAP objective reads NLL(w) + (λ/2)‖w‖². Give λ as a SymPy
    expression or a string in the symbol ``tau2`` (or ``tau`` for the prior standard deviation).
    """
    return check_expression(
        answer,
        1 / tau2,
        symbols=[tau2],
        domains={tau2: (0.2, 5.0)},
        hint="write the negative log density of N(0, τ²I) as a function of w, drop the terms free of w "
             "and match what remains with (λ/2)‖w‖².",
        mistakes=[
            (1 / (2 * tau2), "that is the coefficient of ‖w‖²; in the (λ/2)‖w‖² form the ½ is "
                             "already written out."),
            (2 / tau2, "check the factor 2: ‖w‖²/(2τ²) = (λ/2)‖w‖²."),
            (tau2, "That grows with the prior variance, but a wider prior must penalize less: λ falls as τ² "
                   "grows."),
            (-1 / tau2, "check the sign: the penalty adds to the negative log likelihood."),
            (1 / sp.sqrt(tau2), "That is the prior standard deviation τ; the penalty involves the variance."),
        ],
    )


@answer_checker
def check_beta_weight(answer: object) -> Feedback:
    """Check the weight of the prior mode when the Beta–Bernoulli MAP is written as a weighted average.

    Exercise *Beta–Bernoulli MAP as a weighted average* (chapter 11): k successes in n trials,
    prior Beta(a, b) with a, b > 1, and the MAP written as w times the prior mode plus (1 - w)
    times the MLE. Give ``w`` as a SymPy expression or a string in the symbols ``n``, ``a`` and
    ``b``.
    """
    expected = (a + b - 2) / (n + a + b - 2)
    return check_expression(
        answer,
        expected,
        symbols=[n, a, b],
        domains={n: (1.0, 40.0), a: (1.2, 8.0), b: (1.2, 8.0)},
        hint="derive the MAP from the stationarity of the log posterior, split its numerator into the "
             "prior's share and the data's share, and multiply and divide each by its own denominator.",
        mistakes=[
            (n / (n + a + b - 2), "that is the weight of the MLE k/n; the prior mode gets the rest."),
            ((a + b) / (n + a + b), "That is the prior's weight in the posterior mean; the mode has shifted "
                                    "counts."),
            ((a + b - 2) / (n + a + b), "Numerator and denominator must use the same shift: read both off "
                                        "the MAP."),
            ((a + b - 1) / (n + a + b - 1), "check the shifts: the prior mode (a − 1)/(a + b − 2) "
                                            "has −2 in its denominator."),
        ],
    )


@answer_checker
def check_beta_ess(answer: object) -> Feedback:
    """Check the effective sample size of a Beta(a, b) prior for the MAP.

    Exercise *Beta–Bernoulli MAP as a weighted average* (chapter 11): the number of observations
    the prior is worth in the MAP's weighted average. Give it as a SymPy expression or a string in
    the symbols ``a`` and ``b``.
    """
    return check_expression(
        answer,
        a + b - 2,
        symbols=[a, b],
        domains={a: (1.2, 8.0), b: (1.2, 8.0)},
        hint="compare the weights: the MLE gets n, the prior mode gets … pseudo-observations.",
        mistakes=[
            (a + b, "That is the prior's effective sample size for the posterior mean; the mode has a "
                    "different denominator."),
            (a + b - 1, "check the shift: read the count off the MAP's denominator, n plus the prior's share."),
            (a - 1, "That counts the prior's pseudo-successes only; the pseudo-failures count too."),
        ],
    )


@answer_checker
def check_bernoulli_fisher_information(answer: object) -> Feedback:
    """Check the Fisher information I(p) of one Bernoulli(p) trial.

    Exercise *Jeffreys prior for the Bernoulli, and the log-odds* (chapter 11), first step. Give
    I(p) as a SymPy expression or a string in the symbol ``p``.
    """
    return check_expression(
        answer,
        1 / (p * (1 - p)),
        symbols=[p],
        domains={p: (0.05, 0.95)},
        hint="Write the log likelihood of one trial, ℓ(p) = x log p + (1 − x) log(1 − p), and take "
             "−E[ℓ''(p)] with E[x] = p.",
        mistakes=[
            (p * (1 - p), "that is the variance of x; the information is its inverse."),
            (-1 / (p * (1 - p)), "check the sign: I(p) = −E[ℓ''(p)] is positive."),
            (1 / p + 1 / (1 - p) ** 2, "Take the expectation term by term, with E[x] = p in both terms."),
            (1 / p ** 2 + 1 / (1 - p) ** 2, "You dropped the expectation: weight each term of −ℓ''(p) by the "
                                            "expectation of its factor x or 1 − x."),
        ],
    )


@answer_checker
def check_jeffreys_prior(answer: object) -> Feedback:
    """Check the Jeffreys prior of the Bernoulli parameter p, up to a constant factor.

    Exercise *Jeffreys prior for the Bernoulli, and the log-odds* (chapter 11). Give the prior as a
    SymPy expression or a string in the symbol ``p``; every positive constant multiple, normalized
    or not, is accepted.
    """
    return check_expression(
        answer,
        1 / sp.sqrt(p * (1 - p)),
        symbols=[p],
        domains={p: (0.05, 0.95)},
        up_to="positive_factor",
        hint="take the square root of the Fisher information of one trial.",
        mistakes=[
            (1 / (p * (1 - p)), "That is the Fisher information itself, up to a constant; the Jeffreys "
                                "prior is built from it in one more step."),
            (sp.sqrt(p * (1 - p)), "The exponents have the wrong sign: the Jeffreys prior grows towards 0 and 1."),
            (sp.Integer(1), "A flat prior is Beta(1, 1); the Jeffreys prior is not flat in p."),
        ],
    )


@answer_checker
def check_jeffreys_mode_in_p(answer: object) -> Feedback:
    """Check the mode in p of the Bernoulli posterior under the Jeffreys prior.

    Exercise *Jeffreys prior for the Bernoulli, and the log-odds* (chapter 11): k successes in n
    trials, with at least one success and one failure, and the mode of the posterior density of p.
    Give it as a SymPy expression or a string in the symbols ``k`` and ``n``.
    """
    half = sp.Rational(1, 2)
    return check_expression(
        answer,
        (k - half) / (n - 1),
        symbols=[k, n],
        domains={k: (1.0, 4.0), n: (5.0, 20.0)},
        hint="the mode of Beta(A, B) with A, B > 1 is (A − 1)/(A + B − 2).",
        mistakes=[
            ((k + half) / (n + 1), "that is the posterior mean of Beta(k + 1/2, n − k + 1/2) — or the "
                                   "η-mode mapped back; the mode in p is smaller by the Jacobian's pull."),
            (k / n, "that is the MLE (the mode under a flat prior in p)."),
            ((k + 1) / (n + 2), "that is the posterior mean under the uniform prior."),
        ],
    )


@answer_checker
def check_jeffreys_mode_in_eta(answer: object) -> Feedback:
    """Check the mode in the log-odds η = logit p of the Jeffreys posterior.

    Exercise *Jeffreys prior for the Bernoulli, and the log-odds* (chapter 11): k successes in n
    trials, the Jeffreys prior derived directly in η, and the mode of the posterior density of η
    (the value of η itself, not carried back to p: see :func:`check_jeffreys_mode_mapped_back`).
    Give it as a SymPy expression or a string in the symbols ``k`` and ``n``.
    """
    half = sp.Rational(1, 2)
    return check_expression(
        answer,
        sp.log((k + half) / (n - k + half)),
        symbols=[k, n],
        domains={k: (1.0, 4.0), n: (5.0, 20.0)},
        hint="in η the posterior density is σ(η)^(k+1/2) (1 − σ(η))^(n−k+1/2); use σ' = σ(1 − σ) "
             "and solve d/dη log f = 0 for σ(η), then take the logit.",
        mistakes=[
            ((k + half) / (n + 1), "that is p = σ(η̂), the mode carried back to p; give η̂ itself "
                                   "(or use check_jeffreys_mode_mapped_back)."),
            (sp.log((k - half) / (n - k - half)), "that is the logit of the p-mode; the density in η "
                                                  "carries the Jacobian dp/dη = p(1 − p)."),
            (sp.log(k / (n - k)), "That is the logit of the MLE; the prior and the Jacobian both add "
                                  "pseudo-counts."),
        ],
    )


@answer_checker
def check_jeffreys_mode_mapped_back(answer: object) -> Feedback:
    """Check the mode of the Jeffreys posterior density of η = logit p, carried back to p.

    Exercise *Jeffreys prior for the Bernoulli, and the log-odds* (chapter 11): the point of
    :func:`check_jeffreys_mode_in_eta` mapped back with the sigmoid. Give it as a SymPy expression
    or a string in the symbols ``k`` and ``n``.
    """
    half = sp.Rational(1, 2)
    return check_expression(
        answer,
        (k + half) / (n + 1),
        symbols=[k, n],
        domains={k: (1.0, 4.0), n: (5.0, 20.0)},
        hint="set the derivative of the log density of η to zero and solve for σ(η̂), the point in p the "
             "mode maps back to.",
        mistakes=[
            ((k - half) / (n - 1), "that is the mode in p; the mode in η maps back to a different "
                                   "point — which is the point of the exercise."),
            (k / n, "that is the MLE."),
            (sp.log((k + half) / (n - k + half)), "that is η̂ itself; map it back with p = σ(η̂)."),
        ],
    )


@answer_checker
def check_feature_scale(answer: object) -> Feedback:
    """Check the factor s_j by which feature j is multiplied so that scikit-learn's LogisticRegression with
    a given C fits the MAP under independent priors w_j ~ N(0, τ_j²).

    Exercise *A prior variance for each weight* (chapter 11): fit on the columns s_j·x_j, then
    w_j = s_j·v_j for the fitted v_j. Give the positive factor s_j as a SymPy expression or a string
    in the symbols ``tau2`` (τ_j², the prior variance of w_j; or ``tau`` for τ_j) and ``C``.
    """
    C = sp.Symbol("C", positive=True)
    return check_expression(
        answer,
        sp.sqrt(tau2 / C),
        symbols=[tau2, C],
        domains={tau2: (0.2, 5.0), C: (0.2, 5.0)},
        hint="substitute w_j = s_j·v_j in the MAP objective: the loss sees only the products s_j·x_ij, and "
             "the penalty becomes a sum of s_j²·v_j²/(2τ_j²); compare it with the penalty that "
             "LogisticRegression(C) puts on v once its objective is divided by C.",
        mistakes=[
            (sp.sqrt(tau2), "That factor is right only for one value of C: C also scales the penalty on v."),
            (sp.sqrt(tau2 * C), "Check where C goes: scikit-learn multiplies the loss by C, which is the same as "
                                "dividing the penalty by C."),
            (tau2 / C, "Check the power: compare the penalty term s_j²·v_j²/(2τ_j²) with the one on v."),
            (sp.sqrt(C / tau2), "The factor is upside down: a weight with a wide prior must be penalized less, "
                                "so its feature is made larger."),
            (-sp.sqrt(tau2 / C), "The exercise asks for the positive factor."),
            (sp.sqrt(2 * tau2 / C), "Check the factor 2: both penalties have a ½ in front."),
        ],
    )


@answer_checker
def check_prior_pseudo_flips(answer: object) -> Feedback:
    """Check how many pseudo-flips m (its weight in the MAP) a Beta(a, b) prior with mode 1/5 must be worth for the
    MAP to be 1/2 after 7 successes in 10 trials.

    Exercise *How strong must a prior be to pull the MAP to one half?* (chapter 11). Give m exactly (an
    integer, a fraction from Python's fractions module or a string, or a SymPy number).
    """
    return check_number(
        answer,
        Fraction(20, 3),
        exact=True,
        hint="write the MAP as a weighted average of the MLE and the prior mode with the prior's weight "
             "m/(n + m), set it equal to one half and solve for m.",
        mistakes=[
            (10, "At m = n the prior and the data would have equal weight; here the prior mode and the MLE are "
                 "not at the same distance from one half."),
            (Fraction(26, 3), "That is a + b, the prior's count in the posterior mean; the MAP counts it "
                              "with fewer pseudo-flips."),
            (Fraction(4, 3), "That counts the prior's pseudo-successes only (a - 1); the pseudo-failures count "
                             "too."),
            (Fraction(16, 3), "That counts the prior's pseudo-failures only (b - 1); the pseudo-successes count "
                              "too."),
            (Fraction(-20, 3), "A number of pseudo-flips is positive: check the sign of your equation."),
            (Fraction(40, 3), "That prior would pull the MAP past one half: check the weights of the prior "
                              "mode and the MLE."),
        ],
    )


@answer_checker
def check_jeffreys_mode_arcsine(answer: object) -> Feedback:
    """Check the mode of the coin's Jeffreys posterior in the coordinate θ = arcsin √p.

    Exercise *The Jeffreys posterior in the arcsine coordinate* (chapter 11): k successes in n trials,
    1 ≤ k ≤ n - 1. Give θ̂ as a SymPy expression or a string in the symbols ``k`` and ``n`` (``asin``,
    ``atan`` and ``sqrt`` may be used).
    """
    half = sp.Rational(1, 2)
    return check_expression(
        answer,
        sp.asin(sp.sqrt(k / n)),
        symbols=[k, n],
        domains={k: (1.0, 5.0), n: (6.0, 20.0)},
        hint="compute I_θ = I(p)·(dp/dθ)² with p = sin²θ, write the posterior density of θ (prior in θ times the "
             "likelihood), and solve the stationarity condition for tan²θ.",
        mistakes=[
            (sp.asin(sp.sqrt((k - half) / (n - 1))), "That is the mode of the Jeffreys posterior in p carried to "
                                                     "θ; in θ the prior and the Jacobian change."),
            (sp.asin(sp.sqrt((k + half) / (n + 1))), "That is the mode in the log-odds carried to θ; the "
                                                     "coordinate here is θ."),
            (k / n, "That is a value of p; the question asks for the mode in θ."),
            (sp.asin(sp.sqrt((n - k) / n)), "Check which of sin and cos goes with the successes: p = sin²θ."),
            (sp.asin(k / n), "Check the square root: p = sin²θ, so sin θ = √p."),
        ],
    )


#: The data table of this chapter's checkers (see :class:`~mapmath.exercises.Answers`).
ANSWERS: dict[str, Answers] = {
    "check_gaussian_map": Answers(
        right=("(sigma2*mu0 + n*tau2*xbar)/(sigma2 + n*tau2)", "(n*xbar/sigma2 + mu0/tau2)/(n/sigma2 + 1/tau2)",
               "(σ^2·mu0 + n·τ^2·xbar)/(σ^2 + n·τ^2)", "(sigma^2*mu0 + n*tau^2*xbar)/(sigma^2 + n*tau^2)",
               "mu0 + n*tau2*(xbar - mu0)/(sigma2 + n*tau2)", "(n*tau_2*x_bar + sigma_2*mu_0)/(n*tau_2 + sigma_2)"),
        wrong=("xbar", "mu0", "(tau2*mu0 + n*sigma2*xbar)/(tau2 + n*sigma2)",
               "(sigma2*mu0 + tau2*xbar)/(sigma2 + tau2)",
               "(sigma2*mu0 - n*tau2*xbar)/(sigma2 + n*tau2)", "(mu0 + xbar)/2",
               "(sigma2*mu0 + n*tau2*xbar)/(sigma2 + tau2)"),
    ),
    "check_logistic_lambda": Answers(
        right=("1/tau2", "tau2^-1", "1/tau^2", "τ^(-2)", "2/(2*tau2)", "1/tau_2"),
        wrong=("1/(2*tau2)", "2/tau2", "tau2", "-1/tau2", "1/sqrt(tau2)", "1/tau2^2", "1"),
    ),
    "check_beta_weight": Answers(
        right=("(a + b - 2)/(n + a + b - 2)", "(b + a - 2)/(a + b + n - 2)", "1 - n/(n + a + b - 2)",
               "(a + b − 2)·(n + a + b − 2)^-1", "(2*a + 2*b - 4)/(2*n + 2*a + 2*b - 4)", "1/(1 + n/(a + b - 2))"),
        wrong=("n/(n + a + b - 2)", "(a + b)/(n + a + b)", "(a + b - 2)/(n + a + b)", "(a + b - 1)/(n + a + b - 1)",
               "-(a + b - 2)/(n + a + b - 2)", "(a - 1)/(n + a + b - 2)", "(a + b - 2)/n"),
    ),
    "check_beta_ess": Answers(
        right=("a + b - 2", "b + a - 2", "(a - 1) + (b - 1)", "a + b − 2", "2*(a + b - 2)/2", "a+b-2+0*a"),
        wrong=("a + b", "a + b - 1", "a - 1", "2 - a - b", "a*b - 2", "n + a + b - 2", "a + b - 3"),
    ),
    "check_bernoulli_fisher_information": Answers(
        right=("1/(p*(1 - p))", "1/p + 1/(1 - p)", "1/(p - p^2)", "(p·(1 − p))^-1", "1/(1 - p) + 1/p",
               "-1/(p*(p - 1))"),
        wrong=("p*(1 - p)", "-1/(p*(1 - p))", "1/p + 1/(1 - p)^2", "1/p^2 + 1/(1 - p)^2", "1/sqrt(p*(1 - p))",
               "1/p", "1/(p*(1 + p))"),
    ),
    "check_jeffreys_prior": Answers(
        right=("1/sqrt(p*(1 - p))", "(p*(1 - p))^(-1/2)", "1/(pi*sqrt(p*(1 - p)))", "p^(-1/2)·(1 − p)^(-1/2)",
               "7/sqrt(p - p^2)", "sqrt(1/p + 1/(1 - p))"),
        wrong=("1/(p*(1 - p))", "sqrt(p*(1 - p))", "1", "-1/sqrt(p*(1 - p))", "sqrt(-1)/sqrt(p*(1 - p))",
               "1/sqrt(p)", "exp(exp(exp(p*100)))"),
    ),
    "check_jeffreys_mode_in_p": Answers(
        right=("(k - 1/2)/(n - 1)", "(2*k - 1)/(2*n - 2)", "(k − 0.5)/(n − 1)", "k/(n - 1) - 1/(2*(n - 1))",
               "(k-1/2)·(n-1)^-1", "(1/2 - k)/(1 - n)"),
        wrong=("(k + 1/2)/(n + 1)", "k/n", "(k + 1)/(n + 2)", "(k - 1/2)/n", "-(k - 1/2)/(n - 1)",
               "(k - 1)/(n - 2)", "(n - k - 1/2)/(n - 1)"),
    ),
    "check_jeffreys_mode_in_eta": Answers(
        right=("log((k + 1/2)/(n - k + 1/2))", "log(2*k + 1) - log(2*n - 2*k + 1)", "ln((2·k + 1)/(2·n − 2·k + 1))",
               "-log((n - k + 1/2)/(k + 1/2))", "log(k + 0.5) - log(n - k + 0.5)", "2*log(sqrt((k+1/2)/(n-k+1/2)))"),
        wrong=("(k + 1/2)/(n + 1)", "log((k - 1/2)/(n - k - 1/2))", "log(k/(n - k))", "log((n - k + 1/2)/(k + 1/2))",
               "log((k + 1/2)/(n + 1))", "(k + 1/2)/(n - k + 1/2)", "log((k + 1)/(n - k + 1))"),
    ),
    "check_jeffreys_mode_mapped_back": Answers(
        right=("(k + 1/2)/(n + 1)", "(2*k + 1)/(2*n + 2)", "(k + 0.5)/(n + 1)", "(k + 1/2)·(n + 1)^-1",
               "1 - (n - k + 1/2)/(n + 1)", "k/(n + 1) + 1/(2*n + 2)"),
        wrong=("(k - 1/2)/(n - 1)", "k/n", "log((k + 1/2)/(n - k + 1/2))", "(k + 1)/(n + 2)", "(k + 1/2)/n",
               "-(k + 1/2)/(n + 1)", "(n - k + 1/2)/(n + 1)"),
    ),
    "check_feature_scale": Answers(
        right=("sqrt(tau2/C)", "tau/sqrt(C)", "sqrt(tau2)/sqrt(C)", "(τ^2/C)^(1/2)", "tau2^(1/2)·C^(-1/2)",
               "2*sqrt(tau2/C)/2"),
        wrong=("sqrt(tau2)", "sqrt(tau2*C)", "tau2/C", "sqrt(C/tau2)", "-sqrt(tau2/C)", "sqrt(2*tau2/C)", "1/C"),
    ),
    "check_prior_pseudo_flips": Answers(
        right=("20/3", Fraction(20, 3), sp.Rational(20, 3), "6 + 2/3", "40/6", mpmath.mpf(20) / 3, "6.67",
               np.float64(20 / 3)),
        wrong=("10", 10, "26/3", "4/3", "16/3", "-20/3", "40/3", "6"),
    ),
    "check_jeffreys_mode_arcsine": Answers(
        right=("asin(sqrt(k/n))", "atan(sqrt(k/(n - k)))", "asin(sqrt(k)/sqrt(n))", "acos(sqrt((n - k)/n))",
               "asin((k/n)^(1/2))"),
        wrong=("asin(sqrt((k - 1/2)/(n - 1)))", "asin(sqrt((k + 1/2)/(n + 1)))", "k/n", "asin(sqrt((n - k)/n))",
               "asin(k/n)", "-asin(sqrt(k/n))"),
    ),
}
