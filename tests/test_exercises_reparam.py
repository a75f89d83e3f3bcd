"""The answer checkers of the reparameterization chapter accept right answers and diagnose typical wrong ones."""

from __future__ import annotations

import pytest
import sympy as sp
from checker_helpers import fresh_hints, said  # noqa: F401

from mapmath import fisher
from mapmath import reparameterization as r
from mapmath.exercises import reparam as ex

eta = sp.Symbol("eta")
k, n, a, b = sp.symbols("k n a b")


@pytest.mark.parametrize("answer", [sp.exp(eta), "exp(eta)", "E**eta", sp.exp(eta / 2) ** 2])
def test_log_variance_density_accepts_exp_eta(answer):
    assert ex.check_log_variance_density(answer)


@pytest.mark.parametrize("answer, hint", [
    (1, "Jacobian"), ("exp(-eta)", "dη/dσ²"), ("-exp(eta)", "absolute value"), ("eta", "|dσ²/dη|"),
])
def test_log_variance_density_diagnoses_mistakes(answer, hint):
    fb = ex.check_log_variance_density(answer)
    assert not fb and hint in said(fb)


def test_log_variance_density_matches_change_of_variables():
    s2, e = sp.Symbol("s2", positive=True), sp.Symbol("eta", real=True)
    derived = r.change_of_variables(sp.Integer(1), s2, sp.exp(e), e, (-sp.oo, sp.oo), (0, sp.oo))
    assert ex.check_log_variance_density(derived)


@pytest.mark.parametrize("answer", ["(k + a)/(n + a + b)", (k + a) / ((k + a) + (n - k + b)),
                                    "1/(1 + (n - k + b)/(k + a))"])
def test_beta_mode_in_logit_accepts_A_over_A_plus_B(answer):
    assert ex.check_beta_mode_in_logit(answer)


@pytest.mark.parametrize("answer, hint", [
    ("(k + a - 1)/(n + a + b - 2)", "mode in p"), ("k/n", "MLE"), ("(k + a + 1)/(n + a + b + 2)", "count again"),
    ("(k + a)/(n + b)", "Jacobian dp/dη"),
])
def test_beta_mode_in_logit_diagnoses_mistakes(answer, hint):
    fb = ex.check_beta_mode_in_logit(answer)
    assert not fb and hint in said(fb)


def test_beta_mode_in_logit_matches_mode_mapped_back():
    p, e = sp.Symbol("p", positive=True), sp.Symbol("eta", real=True)
    A, B = sp.symbols("A B", positive=True)
    mm = r.mode_mapped_back(p ** (A - 1) * (1 - p) ** (B - 1), p, r.sigmoid(e), e, (-sp.oo, sp.oo))
    assert sp.simplify(mm.theta_value - A / (A + B)) == 0
    assert ex.check_beta_mode_in_logit(mm.theta_value.subs({A: k + a, B: n - k + b}))


@pytest.mark.parametrize("answer", ["exp(eta/2)", sp.sqrt(sp.exp(eta)), "sqrt(exp(eta))"])
def test_poisson_jeffreys_log_rate_accepts_exp_half_eta(answer):
    assert ex.check_poisson_jeffreys_log_rate(answer)


@pytest.mark.parametrize("answer, hint", [
    ("exp(-eta/2)", "(dλ/dη)²"), ("exp(eta)", "square root"), ("1", "not flat"), ("eta", "−E[∂²ℓ/∂η²]"),
])
def test_poisson_jeffreys_log_rate_diagnoses_mistakes(answer, hint):
    fb = ex.check_poisson_jeffreys_log_rate(answer)
    assert not fb and hint in said(fb)


def test_poisson_jeffreys_log_rate_matches_direct_computation():
    x, e = sp.Symbol("x"), sp.Symbol("eta", real=True)
    ell = x * e - sp.exp(e) - sp.loggamma(x + 1)
    assert ex.check_poisson_jeffreys_log_rate(fisher.jeffreys_prior(ell, e, {x: sp.exp(e)}))


def test_beta_hpd_lower_accepts_the_lower_end_of_the_shortest_interval():
    from scipy import stats

    from mapmath.beta import beta_hpd_interval

    lo = beta_hpd_interval(3, 9, 0.95)[0]
    assert ex.check_beta_hpd_lower(lo) and ex.check_beta_hpd_lower(round(lo, 6)) and ex.check_beta_hpd_lower(repr(lo))
    # independently: the shortest interval of mass 0.95 on a fine grid of lower-tail masses
    import numpy as np
    t = np.linspace(0.0, 0.05, 100_001)
    ends = stats.beta.ppf(t, 3, 9), stats.beta.ppf(t + 0.95, 3, 9)
    assert ex.check_beta_hpd_lower(float(ends[0][np.argmin(ends[1] - ends[0])]))


@pytest.mark.parametrize("which, hint", [("tails", "equal-tailed"), ("logit", "log-odds"),
                                         ("laplace", "Laplace"), ("upper", "upper end")])
def test_beta_hpd_lower_diagnoses_mistakes(which, hint):
    from scipy import stats

    from mapmath.beta import beta_hpd_interval, beta_laplace
    from mapmath.laplace_approx import laplace_interval

    answer = {"tails": stats.beta.ppf(0.025, 3, 9),
              "logit": beta_hpd_interval(3, 9, 0.95, coordinate="logit")[0],
              "laplace": laplace_interval(*beta_laplace(3, 9))[0],
              "upper": beta_hpd_interval(3, 9, 0.95)[1]}[which]
    fb = ex.check_beta_hpd_lower(answer)
    assert not fb and hint in said(fb)
    fb = ex.check_beta_hpd_lower(0.3)
    assert not fb and "root finder" in said(fb)
    assert not ex.check_beta_hpd_lower("p")
