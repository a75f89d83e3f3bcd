"""mapmath.bernoulli: the Beta–Bernoulli MAP, every boundary case, and its cross-checks with SciPy."""

from __future__ import annotations

import functools
import math
from fractions import Fraction

import numpy as np
import pytest
import sympy as sp
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from scipy import optimize, stats

import mapmath
from mapmath.bernoulli import (
    a_sym,
    b_sym,
    bernoulli_log_likelihood,
    beta_map,
    beta_map_exact,
    beta_mle,
    beta_posterior_mean,
    beta_posterior_parameters,
    boundary_case_table,
    derive_beta_map,
    effective_sample_size,
    k_sym,
    map_as_weighted_average,
    mean_as_weighted_average,
    n_sym,
)
from mapmath.beta import beta_mode, beta_skewness, mean_minus_mode

GRID = np.linspace(0.0, 1.0, 200_001)
params = st.floats(0.05, 30.0, allow_nan=False)


@st.composite
def data(draw):
    n = draw(st.integers(0, 60))
    k = draw(st.integers(0, n))
    return k, n


def _scipy_grid_argmax(A: float, B: float) -> float:
    with np.errstate(divide="ignore"):
        pdf = stats.beta(A, B).pdf(GRID)
    return float(GRID[int(np.argmax(pdf))])


# ---------------------------------------------------------------- entry point and the interior formula
def test_beta_map_is_exported_at_top_level():
    assert mapmath.beta_map is beta_map


def test_beta_map_of_seven_heads_in_ten_under_beta_6_6_is_three_fifths():
    assert beta_map(7, 10, 6, 6) == pytest.approx(0.6, abs=1e-15)
    assert beta_map_exact(7, 10, 6, 6) == sp.Rational(12, 20)


@settings(max_examples=150, deadline=None)
@given(kn=data(), a=params, b=params)
def test_beta_map_is_argmax_of_scipy_beta_pdf_on_fine_grid(kn, a, b):
    k, n = kn
    A, B = beta_posterior_parameters(k, n, a, b)
    assume(not (A < 1 and B < 1) and not (A == 1 and B == 1))
    assume(not (abs(A - 1) < 1e-3 and abs(B - 1) < 1e-3))  # nearly flat: the grid cannot tell
    assert beta_map(k, n, a, b) == pytest.approx(_scipy_grid_argmax(A, B), abs=2e-5)


@settings(max_examples=150, deadline=None)
@given(kn=data(), a=params, b=params)
def test_interior_beta_map_agrees_with_scipy_numeric_maximization_of_logpdf(kn, a, b):
    k, n = kn
    A, B = beta_posterior_parameters(k, n, a, b)
    assume(A > 1.01 and B > 1.01)
    res = optimize.minimize_scalar(lambda t: -stats.beta(A, B).logpdf(t), bounds=(0, 1), method="bounded",
                                   options={"xatol": 1e-12})
    assert beta_map(k, n, a, b) == pytest.approx(res.x, abs=1e-6)


@functools.cache
def _beta_map_derivation():
    """:func:`derive_beta_map`, derived once (when first used, not at import): the examples substitute
    into the same result."""
    return derive_beta_map()


@settings(max_examples=60, deadline=None)
@given(kn=data(), a=st.integers(1, 20), b=st.integers(1, 20))
def test_beta_map_equals_symbolic_derivation_in_the_interior(kn, a, b):
    k, n = kn
    assume(k + a > 1 and n - k + b > 1)
    value = _beta_map_derivation().map.subs({k_sym: k, n_sym: n, a_sym: a, b_sym: b})
    assert beta_map_exact(k, n, a, b) == value
    assert beta_map(k, n, a, b) == pytest.approx(float(value), rel=1e-15)


def test_symbolic_derivation_solves_stationarity_and_second_order_condition():
    d = derive_beta_map()
    assert sp.simplify(d.map - (k_sym + a_sym - 1) / (n_sym + a_sym + b_sym - 2)) == 0
    p = sp.Symbol("p", positive=True)
    assert sp.simplify(d.derivative.subs(p, d.map)) == 0
    expected_curv = -((n_sym + a_sym + b_sym - 2) ** 3) / ((k_sym + a_sym - 1) * (n_sym - k_sym + b_sym - 1))
    assert sp.simplify(d.second_derivative - expected_curv) == 0
    assert d.second_derivative.subs({k_sym: 7, n_sym: 10, a_sym: 6, b_sym: 6}) < 0


def test_beta_map_is_mle_under_flat_prior():
    assert derive_beta_map().mle == k_sym / n_sym
    for k, n in [(0, 5), (3, 5), (5, 5), (7, 10)]:
        assert beta_map(k, n, 1, 1) == beta_mle(k, n)


def test_log_likelihood_matches_scipy_binomial_up_to_the_binomial_coefficient():
    p = sp.Symbol("p", positive=True)
    ll = bernoulli_log_likelihood(7, 10)
    for t in (0.2, 0.5, 0.9):
        expected = stats.binom(10, t).logpmf(7) - math.log(math.comb(10, 7))
        assert float(ll.subs(p, t)) == pytest.approx(expected, rel=1e-12)


# ---------------------------------------------------------------- weighted averages, ESS, mean
@settings(max_examples=80, deadline=None)
@given(kn=data(), a=st.floats(1.01, 30.0), b=st.floats(1.01, 30.0))
def test_map_is_weighted_average_of_prior_mode_and_mle_with_weight_n_over_n_plus_a_plus_b_minus_2(kn, a, b):
    k, n = kn
    assume(n > 0)
    w = n / (n + a + b - 2)
    assert beta_map(k, n, a, b) == pytest.approx(w * beta_mle(k, n) + (1 - w) * beta_mode(a, b), rel=1e-12)


def test_weighted_average_identities_hold_symbolically():
    w, mle, prior_mode = map_as_weighted_average()
    assert sp.simplify(w - n_sym / (n_sym + effective_sample_size_sym("map"))) == 0
    assert sp.simplify(w * mle + (1 - w) * prior_mode - derive_beta_map().map) == 0
    w2, mle2, prior_mean = mean_as_weighted_average()
    assert sp.simplify(w2 * mle2 + (1 - w2) * prior_mean - derive_beta_map().posterior_mean) == 0
    assert sp.simplify(w2 - n_sym / (n_sym + effective_sample_size_sym("mean"))) == 0


def effective_sample_size_sym(estimator):
    return {"map": a_sym + b_sym - 2, "mean": a_sym + b_sym}[estimator]


def test_effective_sample_size_is_a_plus_b_minus_2_for_map_and_a_plus_b_for_mean():
    assert effective_sample_size(6, 6) == 10
    assert effective_sample_size(6, 6, "mean") == 12
    with pytest.raises(ValueError, match="estimator"):
        effective_sample_size(6, 6, "median")


@settings(max_examples=60, deadline=None)
@given(kn=data(), a=params, b=params)
def test_posterior_mean_equals_scipy_beta_mean(kn, a, b):
    k, n = kn
    A, B = beta_posterior_parameters(k, n, a, b)
    assert beta_posterior_mean(k, n, a, b) == pytest.approx(stats.beta(A, B).mean(), rel=1e-12)


@settings(max_examples=60, deadline=None)
@given(A=params, B=params)
def test_beta_skewness_equals_scipy(A, B):
    assert beta_skewness(A, B) == pytest.approx(float(stats.beta(A, B).stats(moments="s")), rel=1e-9, abs=1e-12)


@settings(max_examples=60, deadline=None)
@given(A=st.floats(1.01, 50), B=st.floats(1.01, 50))
def test_mean_minus_mode_has_the_sign_of_the_skewness(A, B):
    diff = A / (A + B) - beta_mode(A, B)
    sA, sB = sp.symbols("A B", positive=True)
    assert diff == pytest.approx(float(mean_minus_mode().subs({sA: A, sB: B})), abs=1e-12)
    if abs(A - B) > 1e-9:
        assert np.sign(diff) == np.sign(beta_skewness(A, B))


# ---------------------------------------------------------------- boundary cases
@pytest.mark.parametrize("k, n, a, b, expected", [
    (0, 5, 1, 1, 0.0),        # A = 1 < B: flat prior, no successes, MLE 0
    (5, 5, 1, 1, 1.0),        # B = 1 < A
    (0, 5, 0.5, 0.5, 0.0),    # A < 1 <= B: density unbounded at 0
    (5, 5, 0.5, 0.5, 1.0),    # B < 1 <= A: density unbounded at 1
    (0, 0, 0.5, 3, 0.0),      # prior alone, A < 1 < B
    (0, 0, 3, 0.5, 1.0),      # prior alone, B < 1 < A
    (0, 0, 1, 2, 0.0),        # A = 1 < B: density 2(1 - p), maximal at 0
    (0, 0, 2, 1, 1.0),        # A > 1 = B
    (0, 0, 1, 0.5, 1.0),      # A = 1, B < 1: increasing, unbounded at 1
    (0, 0, 0.5, 1, 0.0),      # A < 1, B = 1
])
def test_beta_map_boundary_cases_sit_at_zero_or_one(k, n, a, b, expected):
    assert beta_map(k, n, a, b) == expected
    A, B = beta_posterior_parameters(k, n, a, b)
    assert _scipy_grid_argmax(A, B) == expected


def test_beta_map_with_k_zero_under_flat_prior_is_zero_and_with_k_n_is_one():
    assert beta_map(0, 7, 1, 1) == 0.0
    assert beta_map(7, 7, 1, 1) == 1.0


def test_beta_map_of_flat_posterior_raises_no_unique_mode():
    with pytest.raises(ValueError, match="no unique mode"):
        beta_map(0, 0, 1, 1)
    with pytest.raises(ValueError, match="flat"):
        beta_map_exact(0, 0, 1, 1)


def test_beta_map_of_u_shaped_posterior_raises_no_mode():
    with pytest.raises(ValueError, match="U-shaped"):
        beta_map(0, 0, 0.5, 0.5)
    with pytest.raises(ValueError, match="unbounded at both"):
        beta_mode(0.3, 0.9)


def test_beta_map_exact_accepts_fractions_and_sympy_rationals():
    assert beta_map_exact(0, 5, Fraction(1, 2), Fraction(1, 2)) == 0
    assert beta_map_exact(1, 5, sp.Rational(1, 2), sp.Rational(1, 2)) == sp.Rational(1, 8)


# ---------------------------------------------------------------- bad input
@pytest.mark.parametrize("args, exc, param", [
    ((5, 3, 1, 1), ValueError, "k"),                 # k > n
    ((-1, 3, 1, 1), ValueError, "k"),
    ((1, -3, 1, 1), ValueError, "n"),
    ((3.0, 5, 1, 1), TypeError, "k"),               # float count
    ((3, 5.0, 1, 1), TypeError, "n"),
    ((True, 5, 1, 1), TypeError, "k"),              # bool
    ((1, True, 1, 1), TypeError, "n"),
    ((1, 5, 0, 1), ValueError, "a"),
    ((1, 5, -2, 1), ValueError, "a"),
    ((1, 5, 1, 0), ValueError, "b"),
    ((1, 5, 1, -0.5), ValueError, "b"),
    ((1, 5, float("nan"), 1), ValueError, "a"),
    ((1, 5, 1, float("inf")), ValueError, "b"),
    ((1, 5, "2", 1), TypeError, "a"),
    ((1, 5, 1, None), TypeError, "b"),
    ((1, 5, 1, True), TypeError, "b"),
    (("1", 5, 1, 1), TypeError, "k"),
])
def test_beta_map_rejects_bad_input_naming_the_parameter(args, exc, param):
    with pytest.raises(exc, match=rf"^{param} must"):
        beta_map(*args)


@pytest.mark.parametrize("args, exc, param", [
    ((1, 5, 0.5, 1), TypeError, "a"),               # floats are not exact
    ((1, 5, 1, 2.0), TypeError, "b"),
    ((1, 5, 0, 1), ValueError, "a"),
    ((1, 5, 1, Fraction(-1, 2)), ValueError, "b"),
    ((1, 5, True, 1), TypeError, "a"),
    ((6, 5, 1, 1), ValueError, "k"),
])
def test_beta_map_exact_rejects_bad_input_naming_the_parameter(args, exc, param):
    with pytest.raises(exc, match=rf"^{param} must"):
        beta_map_exact(*args)


def test_beta_mle_without_data_is_undefined():
    with pytest.raises(ValueError, match="n must"):
        beta_mle(0, 0)


def test_beta_mode_rejects_nonpositive_parameters():
    with pytest.raises(ValueError, match=r"^A must"):
        beta_mode(0, 2)
    with pytest.raises(ValueError, match=r"^B must"):
        beta_mode(2, -1)


# ---------------------------------------------------------------- the boundary-case table
def test_boundary_case_table_rows_agree_with_beta_map_formula_and_scipy():
    cases = [("0 heads, flat", 0, 5, 1, 1), ("Jeffreys, 0 heads", 0, 5, 0.5, 0.5), ("interior", 7, 10, 6, 6),
             ("no data, flat", 0, 0, 1, 1), ("no data, Jeffreys", 0, 0, 0.5, 0.5)]
    rows = boundary_case_table(cases, grid_size=20_001)
    assert [r.name for r in rows] == [c[0] for c in cases]
    flat0, jeff0, interior, flat, ushape = rows
    assert (flat0.A, flat0.B, flat0.map, flat0.reason, flat0.grid_argmax) == (1.0, 6.0, 0.0, None, 0.0)
    assert jeff0.map == 0.0 and jeff0.formula == pytest.approx(-1 / 8) and jeff0.grid_argmax == 0.0
    assert interior.map == pytest.approx(0.6) == interior.formula and interior.grid_argmax == pytest.approx(0.6)
    assert flat.map is None and flat.reason.startswith("no unique mode") and math.isnan(flat.formula)
    assert ushape.map is None and "U-shaped" in ushape.reason and ushape.formula == pytest.approx(0.5)
    assert "beta_map: ValueError: no unique mode" in str(flat) and "grid argmax=-" in str(flat)
    assert "beta_map: 0.6000" in str(interior)


def test_boundary_case_table_validates_its_arguments():
    with pytest.raises(ValueError, match="cases"):
        boundary_case_table([("too short", 0, 5)])
    with pytest.raises(ValueError, match="grid_size"):
        boundary_case_table([], grid_size=1)
    with pytest.raises(TypeError, match="grid_size"):
        boundary_case_table([], grid_size=10.0)
    with pytest.raises(ValueError, match="k"):
        boundary_case_table([("bad", 6, 5, 1, 1)])
    assert boundary_case_table([]) == []


# ---------------------------------------------------------------- huge valid parameters (no overflow to 0)
@pytest.mark.parametrize("call, expected", [
    (lambda: beta_map(3, 10, 1e308, 1e308), 0.5),
    (lambda: beta_mode(1.7e308, 1.7e308), 0.5),
    (lambda: beta_posterior_mean(3, 10, 1e308, 1e308), 0.5),
    (lambda: beta_map(0, 10, 1.7e308, 1e308), 1.7 / 2.7),
    (lambda: mapmath.beta_laplace(1e308, 1e308)[0], 0.5),
])
def test_beta_mode_and_mean_stay_right_for_huge_parameters(call, expected):
    assert call() == pytest.approx(expected, rel=1e-12)


def test_beta_mode_matches_the_closed_form_bit_for_bit_for_ordinary_parameters():
    for A, B in [(13.0, 9.0), (7.5, 3.5), (2.3, 11.7), (1.05, 60.0)]:
        assert beta_mode(A, B) == (A - 1) / (A + B - 2)


def test_mean_minus_mode_is_the_difference_of_the_closed_forms():
    A, B = sp.symbols("A B", positive=True)
    assert sp.simplify(A / (A + B) - (A - 1) / (A + B - 2) - mean_minus_mode()) == 0
