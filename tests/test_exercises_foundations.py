"""Answer checkers of chapters 1 and 2: right answers, equivalent rewritings, typical mistakes."""

from __future__ import annotations

import math

import pytest
import sympy as sp
from checker_helpers import fresh_hints, said  # noqa: F401

from mapmath.exercises import beta_bernoulli as bb
from mapmath.exercises import map_estimator as me

S, n, alpha, beta, gamma = sp.symbols("S n alpha beta gamma", positive=True)
theta = sp.Symbol("theta")  # a reader's plain symbol, re-bound by name
k, a, b = sp.symbols("k a b")


# ---------------------------------------------------------------- chapter 1
@pytest.mark.parametrize("answer", [
    (S + alpha - 1) / (n + beta),
    "(S + alpha - 1)/(n + beta)",
    "S/(n + beta) + (alpha - 1)/(beta + n)",
])
def test_poisson_gamma_map_checker_accepts_the_mode_and_rewritings(answer):
    assert me.check_poisson_gamma_map(answer)


@pytest.mark.parametrize("answer, fragment", [
    ("S/n", "MLE"),
    ("(S + alpha)/(n + beta)", "posterior mean"),
    ("(S + alpha - 1)/n", "rate"),
    ("(S + alpha - 1)/(n - beta)", "sign"),
    ("S + alpha", "derivative"),
])
def test_poisson_gamma_map_checker_rejects_typical_mistakes_with_hints(answer, fragment):
    fb = me.check_poisson_gamma_map(answer)
    assert not fb and fragment in said(fb)


@pytest.mark.parametrize("answer", [
    sp.log(1 + theta**2 / gamma**2),
    "log(gamma**2 + theta**2)",                      # differs by the constant 2 log gamma
    "log(1 + (theta/gamma)**2) + log(pi*gamma)",     # -log density itself
])
def test_cauchy_penalty_checker_accepts_answers_up_to_an_additive_constant(answer):
    assert me.check_cauchy_penalty(answer)


@pytest.mark.parametrize("answer, fragment", [
    ("-log(1 + theta**2/gamma**2)", "sign"),
    ("theta**2/gamma**2", "log"),
    ("theta**2/(2*gamma**2)", "Gaussian"),
    ("log(gamma)", "depend on theta"),
    ("log(1 + x**2)", "symbols"),
])
def test_cauchy_penalty_checker_rejects_typical_mistakes(answer, fragment):
    fb = me.check_cauchy_penalty(answer)
    assert not fb and fragment in said(fb)


@pytest.mark.parametrize("answer", [(sp.E + 1) / (sp.E - 1), 1 / sp.tanh(sp.Rational(1, 2)), 2.1639534])
def test_epsilon_ball_checker_accepts_e_plus_1_over_e_minus_1(answer):
    assert me.check_epsilon_ball_action(answer)


@pytest.mark.parametrize("answer, fragment", [(2, "mode"), (3.0, "mean"), (2.5, "density")])
def test_epsilon_ball_checker_rejects_mode_and_mean(answer, fragment):
    fb = me.check_epsilon_ball_action(answer)
    assert not fb and fragment in said(fb)


# ---------------------------------------------------------------- chapter 2
@pytest.mark.parametrize("answer", [
    n / (n + sp.Symbol("alpha0") - sp.Symbol("K")),
    "n/(n + alpha0 - K)",
    "1 - (alpha0 - K)/(n + alpha0 - K)",
    "1/(1 + (alpha0 - K)/n)",
])
def test_dirichlet_weight_checker_accepts_n_over_n_plus_alpha0_minus_K(answer):
    assert bb.check_dirichlet_weight(answer)


@pytest.mark.parametrize("answer, fragment", [
    ("n/(n + alpha0)", "MEAN"),
    ("n/(n + alpha0 - 2)", "coin"),
    ("(alpha0 - K)/(n + alpha0 - K)", "1 - w"),
    ("n/(n + alpha0 - 1)", "count again"),
    ("1", "Lagrange"),
    ("n/(n + a + b - 2)", "symbols"),
])
def test_dirichlet_weight_checker_rejects_typical_mistakes(answer, fragment):
    fb = bb.check_dirichlet_weight(answer)
    assert not fb and fragment in said(fb)


def test_dirichlet_weight_reduces_to_the_coin_for_two_categories():
    alpha0, K = sp.symbols("alpha0 K", positive=True)
    coin = (n / (n + alpha0 - K)).subs({K: 2, alpha0: a + b})
    assert sp.simplify(coin - n / (n + a + b - 2)) == 0
    assert bb.check_dirichlet_weight(n / (n + alpha0 - K))


@pytest.mark.parametrize("answer", [0, 0.0, sp.Integer(0)])
def test_jeffreys_no_heads_checker_accepts_boundary_mode_zero(answer):
    assert bb.check_jeffreys_no_heads(answer)


@pytest.mark.parametrize("answer, fragment", [(-0.125, "outside"), (sp.Rational(1, 12), "posterior mean"),
                                              (0.5, "Beta")])
def test_jeffreys_no_heads_checker_rejects_interior_formula_and_mean(answer, fragment):
    fb = bb.check_jeffreys_no_heads(answer)
    assert not fb and fragment in said(fb)


def test_flips_for_weight_checker_accepts_ninety():
    assert bb.check_flips_for_weight(90)
    assert bb.check_flips_for_weight(90.0)


@pytest.mark.parametrize("answer, fragment", [(108, "posterior mean"), (10, "equal weight"), (89, "still below")])
def test_flips_for_weight_checker_rejects_mean_ess_and_off_by_one(answer, fragment):
    fb = bb.check_flips_for_weight(answer)
    assert not fb and fragment in said(fb)


def test_number_checkers_explain_non_numbers():
    fb = bb.check_flips_for_weight("ninety")
    assert not fb and fb.answered and "'ninety'" in said(fb)
    fb = me.check_epsilon_ball_action(math.nan)
    assert not fb and "finite" in said(fb)
    assert bb.check_flips_for_weight("90") and bb.check_flips_for_weight("9*10")
