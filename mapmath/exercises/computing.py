"""Answer checkers for the exercises of chapter 09 (computing the MAP).

- :func:`check_cauchy_concave_scale`: the smallest Cauchy prior scale for which the log posterior of
  one Gaussian observation is concave whatever the observation.
- :func:`check_logistic_hessian_det`: the determinant of the logistic MAP objective's Hessian at
  ``w = 0`` for a small design.
- :func:`check_irls_working_response`: the working response of one observation in IRLS.
- :func:`check_prox_value`: the proximal operator of ``t|w|`` at a given point.
- :func:`check_lasso_lipschitz`: the Lipschitz constant of the lasso's smooth part for a small design.
- :func:`check_duality_gap_at_zero`: the lasso's duality gap at ``w = 0``.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import sympy as sp

from ._core import Answers, Feedback, answer_checker, check_expression, check_number

__all__ = ["check_cauchy_concave_scale", "check_duality_gap_at_zero", "check_irls_working_response",
           "check_lasso_lipschitz", "check_logistic_hessian_det", "check_prox_value"]

sigma = sp.Symbol("sigma", positive=True)
eta = sp.Symbol("eta", real=True)
y = sp.Symbol("y", real=True)
yy, lam, c = sp.symbols("yy lam c", positive=True)

#: The designs of two exercises (stated in the chapter's exercise text).
HESSIAN_X = np.array([[1.0, 0.0], [1.0, 1.0], [0.0, 2.0]])
HESSIAN_TAU2 = 2
LIPSCHITZ_X = np.array([[2.0, 1.0], [1.0, 1.0], [0.0, 1.0]])
PROX_Z, PROX_T = Fraction(-37, 10), Fraction(27, 20)


@answer_checker
def check_cauchy_concave_scale(answer: object) -> Feedback:
    """Check the smallest Cauchy prior scale γ for which the log posterior is concave for every z.

    Exercise *When is the Cauchy posterior log-concave?* (chapter 9): one observation z ~ N(w, σ²),
    the prior w ~ Cauchy(0, γ). Give the smallest γ (as a function of σ, the noise standard
    deviation) for which -(w - z)²/(2σ²) - log(1 + w²/γ²) is concave in w for every z, as a SymPy
    expression or a string in the symbol ``sigma``.
    """
    return check_expression(
        answer,
        sigma / 2,
        symbols=[sigma],
        domains={sigma: (0.2, 5.0)},
        hint="The second derivative in w is -1/σ² plus the curvature of -log(1 + w²/γ²); find the largest "
             "value of that curvature over w (set its derivative in w to zero), and require the sum to be "
             "at most 0.",
        mistakes=[
            (sigma, "Too large: the posterior is already concave for a smaller γ. Find the largest curvature "
                    "of -log(1 + w²/γ²) over w, not its value at w = γ."),
            (2 * sigma, "Too large: a larger γ makes the prior flatter, so concavity holds beyond a smaller "
                        "γ. Compare the prior's largest curvature with 1/σ²."),
            (sigma**2 / 4, "A scale, not a variance: γ has the units of w, as σ does."),
            (sigma / sp.sqrt(2), "Check where the prior's curvature is largest: it is not at w = γ."),
            (sigma / 4, "Too small: recheck the largest value of the curvature of -log(1 + w²/γ²)."),
        ],
    )


def _hessian_det() -> Fraction:
    """``det(XᵀX/4 + I/τ²)`` for the exercise's design, exactly."""
    G = HESSIAN_X.T @ HESSIAN_X
    a = Fraction(int(G[0, 0]), 4) + Fraction(1, HESSIAN_TAU2)
    d = Fraction(int(G[1, 1]), 4) + Fraction(1, HESSIAN_TAU2)
    b = Fraction(int(G[0, 1]), 4)
    return a * d - b * b


@answer_checker
def check_logistic_hessian_det(answer: object) -> Feedback:
    """Check the determinant of the logistic MAP objective's Hessian at w = 0 for the exercise's design.

    Exercise *Newton's first Hessian* (chapter 9): three observations, two features, prior variance τ²
    as stated in the exercise. Give the determinant exactly (an integer, a fraction such as '7/4', or
    a decimal to 3 significant figures).
    """
    G = HESSIAN_X.T @ HESSIAN_X
    t = HESSIAN_TAU2

    def det(scale: float, prior: float) -> float:
        m = scale * G + prior * np.eye(2)
        return float(np.linalg.det(m))

    return check_number(
        answer,
        _hessian_det(),
        exact=True,
        hint="At w = 0 every predicted probability is σ(0), so every weight p(1 - p) is the same number; "
             "then H = (that number)·XᵀX + I/τ², a 2 × 2 matrix.",
        mistakes=[
            (det(1.0, 1 / t), "The weights p(1 - p) are missing: at w = 0 they are not 1."),
            (det(0.25, 0.0), "The prior's contribution I/τ² is missing."),
            (det(0.25, t), "The prior adds I/τ² (the inverse of the prior variance), not τ² I."),
            (det(0.5, 1 / t), "Check the weight at w = 0: it is p(1 - p) with p = 1/2, not p itself."),
        ],
    )


@answer_checker
def check_irls_working_response(answer: object) -> Feedback:
    """Check the IRLS working response of one observation.

    Exercise *The working response* (chapter 9): for an observation with linear predictor η = xᵀw and
    label y, give z as a SymPy expression or a string in the symbols ``eta`` and ``y`` (write the
    sigmoid with ``exp``).
    """
    p = 1 / (1 + sp.exp(-eta))
    expected = eta + (y - p) / (p * (1 - p))
    return check_expression(
        answer,
        expected,
        symbols=[eta, y],
        domains={eta: (-2.0, 2.0), y: (0.0, 1.0)},
        hint="Write the Newton point w - H⁻¹g as (XᵀWX + I/τ²)⁻¹XᵀW z: expand Hw - g with g = Xᵀ(p - y) + w/τ² "
             "and H = XᵀWX + I/τ², and read z off XᵀW z, one observation at a time.",
        mistakes=[
            (eta + (y - p), "The residual y - p must be divided by the weight p(1 - p): z = η + W⁻¹(y - p)."),
            ((y - p) / (p * (1 - p)), "The current linear predictor η is part of z: the step is taken from "
                                      "where you are."),
            (eta - (y - p) / (p * (1 - p)), "Check the sign of the residual term: the gradient is Xᵀ(p - y)."),
            (eta + (y - p) / p, "The weight is the variance p(1 - p), not p."),
        ],
    )


@answer_checker
def check_prox_value(answer: object) -> Feedback:
    """Check the value of the proximal operator of t|w| at the exercise's point z.

    Exercise *One proximal step* (chapter 9): z and t as stated in the exercise. Give the minimizer of
    ½(w - z)² + t|w| exactly (a decimal, or a fraction such as '7/4').
    """
    z, t = PROX_Z, PROX_T
    key = 0 if abs(z) <= t else (abs(z) - t) * (1 if z > 0 else -1)
    return check_number(
        answer,
        key,
        exact=True,
        hint="Minimize ½(w - z)² + t|w| branch by branch: on w < 0 the derivative is w - z - t; check the "
             "point you find lies on its branch.",
        mistakes=[
            (z - t, "Wrong direction: the threshold moves z towards 0, not away from it."),
            (-key, "Check the sign: the proximal point has the sign of z (or is 0)."),
            (0, "Zero only when |z| <= t; here |z| is larger."),
            (z, "That is z itself: the penalty moves it."),
            (z + t / 2, "The threshold is t, not t/2, for ½(w - z)² + t|w|."),
            (z + 2 * t, "The threshold is t, not 2t, for ½(w - z)² + t|w| (the ½ matters)."),
        ],
    )


@answer_checker
def check_lasso_lipschitz(answer: object) -> Feedback:
    """Check the Lipschitz constant L of the gradient of ‖y - Xw‖² for the exercise's design.

    Exercise *The step size of ISTA* (chapter 9): X as stated in the exercise. Give the smallest L with
    ‖∇f(u) - ∇f(v)‖ <= L‖u - v‖ for all u, v, to 3 significant figures (or exactly).
    """
    G = LIPSCHITZ_X.T @ LIPSCHITZ_X
    ev = np.linalg.eigvalsh(G)
    key = 8 + 2 * sp.sqrt(10)  # 2·λ_max(XᵀX), λ_max = 4 + √10 for this design
    return check_number(
        answer,
        key,
        sig_figs=3,
        hint="The gradient of ‖y - Xw‖² is -2Xᵀ(y - Xw), so ∇f(u) - ∇f(v) = 2XᵀX(u - v): L is the largest "
             "eigenvalue of 2XᵀX. Form XᵀX (2 × 2) and solve its characteristic equation.",
        mistakes=[
            (float(ev[-1]), "That is the largest eigenvalue of XᵀX; the gradient of ‖y - Xw‖² carries a factor 2."),
            (float(2 * np.trace(G)), "That is 2·trace(XᵀX), an upper bound, not the smallest L."),
            (float(2 * ev[0]), "That is twice the smallest eigenvalue: L must bound the largest curvature."),
            (float(np.trace(G)), "That is the trace of XᵀX, a bound, not the smallest L (and the factor 2 is "
                                 "missing)."),
            (float(4 * ev[-1]), "One factor 2 too many: the gradient's Jacobian is 2XᵀX."),
        ],
    )


@answer_checker
def check_duality_gap_at_zero(answer: object) -> Feedback:
    """Check the lasso's duality gap at w = 0 when λ < 2‖Xᵀy‖_∞.

    Exercise *The certificate of the zero vector* (chapter 9): give the gap of the book's certificate at
    w = 0 as a SymPy expression or a string in the symbols ``yy`` (‖y‖²), ``lam`` (λ) and ``c``
    (‖Xᵀy‖_∞).
    """
    expected = yy * (1 - lam / (2 * c)) ** 2
    return check_expression(
        answer,
        expected,
        symbols=[yy, lam, c],
        domains={yy: (1.0, 10.0), lam: (0.2, 1.5), c: (1.0, 3.0)},
        hint="At w = 0 the residual is r = y and the primal value is ‖y‖²; the dual point is r scaled by "
             "(λ/2)/‖Xᵀr‖_∞; the dual value is ‖y‖² - ‖y - θ‖².",
        mistakes=[
            (yy, "That is the primal value at w = 0; subtract the dual value of the scaled residual."),
            (yy * (1 - lam / c) ** 2, "Check the dual constraint: it is ‖Xᵀθ‖_∞ <= λ/2, so the scale is "
                                      "(λ/2)/c."),
            (yy * (1 - lam / (2 * c)), "The gap is ‖y - θ‖², a square: the factor appears squared."),
            (yy * (lam / (2 * c)) ** 2, "That is ‖θ‖²; the gap is ‖y - θ‖², with θ the scaled residual."),
            (yy * (1 - (lam / (2 * c)) ** 2), "That is the dual value ‖y‖² - ‖y - θ‖² rewritten wrongly; "
                                              "the gap is primal minus dual."),
        ],
    )


#: The data table of this chapter's checkers (see :class:`~mapmath.exercises.Answers`).
ANSWERS: dict[str, Answers] = {
    "check_cauchy_concave_scale": Answers(
        right=("sigma/2", "0.5*sigma", "sigma*1/2", "sqrt(sigma^2/4)", "σ/2", "(2*sigma)/4"),
        wrong=("sigma", "2*sigma", "sigma^2/4", "sigma/sqrt(2)", "sigma/4", "sigma/sqrt(3)", "-sigma/2"),
    ),
    "check_logistic_hessian_det": Answers(
        right=("27/16", Fraction(27, 16), 1.6875, "1.69", "1.6875", "54/32"),
        wrong=("12.75", "0.5625", "8.0625", "4.25", "-27/16", "1.75", "2.06"),
    ),
    "check_irls_working_response": Answers(
        right=("eta + (y - 1/(1 + exp(-eta)))*(1 + exp(-eta))^2/exp(-eta)",
               "eta + (y - 1/(1 + exp(-eta)))/((1/(1 + exp(-eta)))*(1 - 1/(1 + exp(-eta))))",
               "eta + (y*(1 + exp(-eta)) - 1)*(1 + exp(-eta))/exp(-eta)",
               "eta + (y - 1/(1+exp(-eta)))*(exp(eta) + 2 + exp(-eta))",
               "eta + (y - exp(eta)/(1 + exp(eta)))*(1 + exp(eta))^2/exp(eta)"),
        wrong=("eta + y - 1/(1 + exp(-eta))", "(y - 1/(1 + exp(-eta)))*(1 + exp(-eta))^2/exp(-eta)",
               "eta - (y - 1/(1 + exp(-eta)))*(1 + exp(-eta))^2/exp(-eta)",
               "eta + (y - 1/(1 + exp(-eta)))*(1 + exp(-eta))", "eta", "y"),
    ),
    "check_prox_value": Answers(
        right=("-2.35", -2.35, Fraction(-47, 20), "-47/20", "−2.35", "-2.350"),
        wrong=("-5.05", "2.35", "0", "-3.7", "-3.025", "-1", "-1.0"),
    ),
    "check_lasso_lipschitz": Answers(
        right=("14.3", 14.32, "8 + 2*sqrt(10)", 14.3246, "14.32455532", "2*(4 + sqrt(10))"),
        wrong=("7.16", "16", "1.68", "8", "28.6", "12", "3.16"),
    ),
    "check_duality_gap_at_zero": Answers(
        right=("yy*(1 - lam/(2*c))^2", "yy*(2*c - lam)^2/(4*c^2)", "yy - yy*lam/c + yy*lam^2/(4*c^2)",
               "(1 - lam/(2*c))^2*yy", "yy*(lam/(2*c) - 1)^2", "yy*((2*c - lam)/(2*c))**2"),
        wrong=("yy", "yy*(1 - lam/c)^2", "yy*(1 - lam/(2*c))", "yy*(lam/(2*c))^2", "yy*(1 - (lam/(2*c))^2)",
               "0", "yy*(1 + lam/(2*c))^2"),
    ),
}
