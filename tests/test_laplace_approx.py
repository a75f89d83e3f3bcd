"""The Laplace approximation at the MAP (mapmath.laplace_approx)."""

from __future__ import annotations

import numpy as np
import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from mapmath import assert_close, assert_symbolic_equal, beta_laplace, laplace_approximation, laplace_interval
from mapmath.beta import beta_exact_interval, beta_interval_mass, beta_laplace_variance

p = sp.Symbol("p")
A, B = sp.symbols("A B", positive=True)
UNIT = sp.Interval(0, 1)


def test_beta_laplace_variance_is_A_minus_1_B_minus_1_over_A_plus_B_minus_2_cubed():
    res = laplace_approximation((A - 1) * sp.log(p) + (B - 1) * sp.log(1 - p), p, UNIT)
    assert_symbolic_equal(res.mode, (A - 1) / (A + B - 2), what="Beta mode")
    assert_symbolic_equal(res.variance, (A - 1) * (B - 1) / (A + B - 2) ** 3, what="Laplace variance")
    assert_symbolic_equal(res.curvature, -1 / res.variance, what="variance = -1/curvature")


@settings(max_examples=40, deadline=None)
@given(st.floats(1.05, 200.0), st.floats(1.05, 200.0))
def test_beta_laplace_variance_matches_numeric_second_derivative(a, b):
    mode, var = beta_laplace(a, b)
    ell = lambda x: stats.beta.logpdf(x, a, b)  # noqa: E731
    h = 1e-4 * min(mode, 1 - mode)
    second = (ell(mode + h) - 2 * ell(mode) + ell(mode - h)) / h**2
    assert_close(var, -1 / second, rtol=1e-4, what="-1/ℓ''(mode) by finite differences")
    assert_close(mode, (a - 1) / (a + b - 2), rtol=1e-12)
    # the mode is where the exact density peaks
    assert stats.beta.pdf(mode, a, b) >= stats.beta.pdf([mode - h, mode + h], a, b).max()


def test_numeric_parameters_give_exact_rationals():
    res = laplace_approximation(69 * sp.log(p) + 29 * sp.log(1 - p), p, UNIT)
    assert res.mode == sp.Rational(69, 98)
    assert res.variance == sp.Rational(69 * 29, 98**3)
    assert_close(float(res.variance), beta_laplace_variance(70, 30), rtol=1e-14)


def test_gaussian_log_density_is_its_own_laplace_approximation():
    x = sp.Symbol("x", real=True)
    mu, s2 = sp.Rational(3, 2), sp.Rational(4, 9)
    res = laplace_approximation(-((x - mu) ** 2) / (2 * s2), x)
    assert (res.mode, res.variance) == (mu, s2)


def test_well_behaved_posterior_laplace_interval_has_nearly_nominal_mass():
    mode, var = beta_laplace(70, 30)
    lo, hi = laplace_interval(mode, var, 0.95)
    assert 0 < lo < hi < 1
    mass = beta_interval_mass(70, 30, lo, hi)
    assert abs(mass - 0.95) < 0.005
    exact = beta_exact_interval(70, 30, 0.95)
    assert max(abs(lo - exact[0]), abs(hi - exact[1])) < 0.015


@pytest.mark.parametrize("a, b", [(2, 12), (2, 20), (3, 30)])
def test_skewed_posterior_laplace_interval_spills_below_zero_and_undercovers(a, b):
    mode, var = beta_laplace(a, b)
    lo, hi = laplace_interval(mode, var, 0.95)
    assert lo < 0
    mass = beta_interval_mass(a, b, lo, hi)
    assert mass < 0.9
    # the exact interval is inside (0, 1) and its mass is the nominal level
    elo, ehi = beta_exact_interval(a, b, 0.95)
    assert 0 < elo < ehi < 1
    assert_close(beta_interval_mass(a, b, elo, ehi), 0.95, rtol=1e-10)


def test_coverage_numbers_for_the_chapter_cases():
    cases = {(70, 30): 0.95201, (2, 12): 0.85539, (2, 20): 0.83162}
    for (a, b), expected in cases.items():
        mass = beta_interval_mass(a, b, *laplace_interval(*beta_laplace(a, b)))
        assert_close(mass, expected, rtol=0, atol=1e-5, what=f"Laplace interval mass Beta({a}, {b})")


def test_laplace_interval_is_mode_plus_minus_z_sd():
    lo, hi = laplace_interval(0.3, 0.04, 0.9)
    z = stats.norm.ppf(0.95)
    assert_close([lo, hi], [0.3 - 0.2 * z, 0.3 + 0.2 * z], rtol=1e-14)
    assert_close(stats.norm.cdf(hi, 0.3, 0.2) - stats.norm.cdf(lo, 0.3, 0.2), 0.9, rtol=1e-12)


def test_mode_on_the_boundary_raises_naming_the_boundary():
    # k = 0 successes in 20 trials, flat prior: posterior Beta(1, 21), MAP = 0
    with pytest.raises(ValueError, match="boundary"):
        laplace_approximation(20 * sp.log(1 - p), p, UNIT)
    with pytest.raises(ValueError, match=r"a must be > 1.*boundary p = 0"):
        beta_laplace(1, 21)
    with pytest.raises(ValueError, match=r"b must be > 1.*boundary p = 1"):
        beta_laplace(5, 1)
    with pytest.raises(ValueError, match="boundary"):
        laplace_approximation(-sp.log(p) / 2 + 3 * sp.log(1 - p), p, UNIT)


def test_interior_local_maximum_below_an_unbounded_boundary_raises():
    with pytest.raises(ValueError, match="boundary p = 0"):
        laplace_approximation(-sp.log(p) - 50 * (p - sp.Rational(1, 2)) ** 2, p, UNIT)


def test_non_negative_curvature_raises():
    # Beta(1/2, 1/2): the stationary point p = 1/2 is a minimum
    with pytest.raises(ValueError, match="curvature"):
        laplace_approximation(-sp.log(p) / 2 - sp.log(1 - p) / 2, p, UNIT)
    x = sp.Symbol("x", real=True)
    with pytest.raises(ValueError, match="curvature"):
        laplace_approximation(x**2, x)


def test_bad_arguments():
    with pytest.raises(TypeError, match="theta"):
        laplace_approximation(p**2, "p")
    with pytest.raises(TypeError, match="domain"):
        laplace_approximation(-(p**2), p, 3)
    with pytest.raises(ValueError, match="log_density"):
        laplace_approximation(sp.Integer(3), p)
    with pytest.raises(ValueError, match="level"):
        laplace_interval(0.0, 1.0, 1.0)
    with pytest.raises(ValueError, match="variance"):
        laplace_interval(0.0, 0.0)
    with pytest.raises(ValueError, match="mode"):
        laplace_interval(np.nan, 1.0)
    with pytest.raises(ValueError, match="high"):
        beta_interval_mass(2, 3, 0.5, 0.1)
    with pytest.raises(ValueError, match="a"):
        beta_exact_interval(0, 3)
    with pytest.raises(ValueError, match="b"):
        beta_laplace_variance(2, -1)
