"""The answer checkers of chapter 10's full-posterior sections: their keys recomputed independently
(SymPy, simulation, a 2-D quadrature), and typical wrong answers explained."""

from __future__ import annotations

import numpy as np
import pytest
import sympy as sp
from checker_helpers import fresh_hints  # noqa: F401
from scipy import integrate, stats

from mapmath.exercises.prior_scale_posterior import (
    SCHOOL_G_EFFECT,
    check_lambda2_conditional_mean,
    check_laplace_kappa_below_half,
    check_school_g_effect,
)


def test_lambda2_conditional_is_gamma_with_that_mean():
    """∝ Π (λ²/2) e^{-λ² τ_j²/2} · (λ²)^{r-1} e^{-δλ²}: its normalized mean, by SymPy integration."""
    L, S, r, delta, p = sp.symbols("L S r delta p", positive=True)
    dens = L ** (p + r - 1) * sp.exp(-L * (S / 2 + delta))
    vals = {p: 10, r: sp.Rational(3, 2), delta: sp.Rational(7, 4), S: sp.Rational(9, 2)}
    d = dens.subs(vals)
    # by the Meijer G-function algorithm only: SymPy's default route may try its heuristic Risch
    # (heurisch) first, which on some runs (SymPy's cache and hash order) did not finish in 10 minutes
    mean = sp.integrate(L * d, (L, 0, sp.oo), meijerg=True) / sp.integrate(d, (L, 0, sp.oo), meijerg=True)
    assert check_lambda2_conditional_mean((p + r) / (S / 2 + delta))
    assert sp.simplify(mean - ((p + r) / (S / 2 + delta)).subs(vals)) == 0


def test_laplace_kappa_below_half_matches_simulation():
    rng = np.random.default_rng(4)
    for b in (0.5, 1.0, 2.0):
        s = rng.exponential(2 * b * b, size=200_000)  # Laplace(0, b) = N(0, s), s ~ Exp(rate 1/(2b²))
        beta = rng.normal(0.0, np.sqrt(s))
        assert stats.kstest(beta[:5000], stats.laplace(scale=b).cdf).pvalue > 1e-3
        frac = np.mean(1 / (1 + s) < 0.5)
        assert abs(frac - np.exp(-1 / (2 * b * b))) < 4 * np.sqrt(frac * (1 - frac) / s.size)
    assert check_laplace_kappa_below_half("exp(-1/(2*b^2))")


def test_school_g_key_by_a_two_dimensional_quadrature():
    """E[θ_G | y] = ∫∫ E[θ_G | μ, τ, y] p(μ, τ | y) dμ dτ, the joint of (μ, τ) integrated
    numerically by Simpson's rule on a 1201 × 561 grid (θ integrated analytically), half-Cauchy(0, 25)
    prior on τ; nothing of ``mapmath.eight_schools`` is used."""
    y = np.array([28.0, 8.0, -3.0, 7.0, -1.0, 1.0, 18.0, 12.0])
    s = np.array([15.0, 10.0, 16.0, 11.0, 9.0, 11.0, 10.0, 18.0])

    tau = np.linspace(0.0, 300.0, 1201)[:, None]
    mu = np.linspace(-60.0, 80.0, 561)[None, :]
    v = s[:, None, None] ** 2 + tau[None] ** 2
    joint = np.exp(-0.5 * np.sum(np.log(2 * np.pi * v) + (y[:, None, None] - mu[None]) ** 2 / v, axis=0))
    joint *= 2 * stats.cauchy.pdf(tau, scale=25.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        cond = np.where(tau > 0, (y[6] / s[6] ** 2 + mu / tau**2) / (1 / s[6] ** 2 + 1 / tau**2), mu)
    z = integrate.simpson(integrate.simpson(joint, x=mu[0], axis=1), x=tau[:, 0])
    num = integrate.simpson(integrate.simpson(cond * joint, x=mu[0], axis=1), x=tau[:, 0])
    assert num / z == pytest.approx(SCHOOL_G_EFFECT, rel=1e-6)
    assert check_school_g_effect(num / z)


@pytest.mark.parametrize("check, answer, words", [
    (check_lambda2_conditional_mean, "(p + r - 1)/(S/2 + delta)", "mode"),
    (check_lambda2_conditional_mean, "r/delta", "prior mean"),
    (check_laplace_kappa_below_half, "1/2", "horseshoe"),
    (check_laplace_kappa_below_half, "exp(-1/b)", "rate"),
    (check_school_g_effect, 7.69, "complete-pooling"),
    (check_school_g_effect, 10.9, "school A"),
    (check_school_g_effect, 10.67, "flat prior"),
])
def test_wrong_answers_are_explained(check, answer, words):
    fb = check(answer)
    assert not fb and words in fb.message
