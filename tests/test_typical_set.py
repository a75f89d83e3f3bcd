"""The typical set of N(0, I_d), checked against SciPy, mpmath's own chi-square CDF and Monte Carlo."""

from __future__ import annotations

import mpmath
import numpy as np
import pytest
import sympy as sp
from scipy import stats

from mapmath.typical_set import (
    ball_probability,
    chi_mean,
    chi_sd,
    derive_chi_mode,
    log10_ball_probability,
    mode_to_typical_log_density_ratio,
)


@pytest.mark.parametrize("d", [1, 2, 3, 10, 50, 100, 300])
def test_unit_ball_probability_equals_scipy_chi2_cdf(d):
    assert ball_probability(d) == pytest.approx(stats.chi2.cdf(1.0, d), rel=1e-10)
    assert log10_ball_probability(d) == pytest.approx(stats.chi2.logcdf(1.0, d) / np.log(10), rel=1e-10)


def test_unit_ball_probability_d100_equals_the_series_of_the_incomplete_gamma():
    # P(k, x) = x^k e^-x / Γ(k+1) Σ_j x^j / ((k+1)...(k+j)), summed in mpmath at 60 digits
    with mpmath.workdps(60):
        k, x = mpmath.mpf(50), mpmath.mpf(1) / 2
        term, total = mpmath.mpf(1), mpmath.mpf(0)
        for j in range(200):
            total += term
            term *= x / (k + j + 1)
        exact = x**k * mpmath.exp(-x) / mpmath.gamma(k + 1) * total
    assert ball_probability(100) == pytest.approx(float(exact), rel=1e-12)
    assert 1.7e-80 < ball_probability(100) < 1.9e-80


@pytest.mark.parametrize("d, expected", [(2, 0.39), (10, 1.7e-4)])
def test_unit_ball_probability_matches_monte_carlo(d, expected):
    rng = np.random.default_rng(11)
    theta = rng.normal(size=(400_000, d))
    freq = np.mean(np.sum(theta**2, axis=1) < 1.0)
    p = ball_probability(d)
    assert abs(freq - p) < 5 * np.sqrt(p * (1 - p) / theta.shape[0])
    assert p == pytest.approx(expected, rel=0.03)


def test_d2_ball_probability_is_one_minus_exp_minus_half():
    assert ball_probability(2, 1.0) == pytest.approx(1 - np.exp(-0.5), rel=1e-14)
    assert ball_probability(2, 2.0) == pytest.approx(1 - np.exp(-2.0), rel=1e-14)


@pytest.mark.parametrize("d", [1, 2, 5, 10, 100, 1000])
def test_chi_mean_and_sd_equal_scipy_chi(d):
    assert chi_mean(d) == pytest.approx(stats.chi.mean(d), rel=1e-9)
    assert chi_sd(d) == pytest.approx(stats.chi.std(d), rel=1e-6)


def test_norm_concentrates_near_sqrt_d_with_sd_near_one_over_sqrt2():
    rng = np.random.default_rng(5)
    r = np.linalg.norm(rng.normal(size=(100_000, 100)), axis=1)
    assert r.mean() == pytest.approx(chi_mean(100), abs=0.01)
    assert r.std() == pytest.approx(chi_sd(100), abs=0.01)
    assert abs(chi_mean(1000) - np.sqrt(1000)) < 0.01 and abs(chi_sd(1000) - 1 / np.sqrt(2)) < 1e-3


def test_chi_mode_is_sqrt_d_minus_1_and_a_maximum():
    dv = derive_chi_mode()
    assert sp.simplify(dv.mode - sp.sqrt(dv.d - 1)) == 0
    assert dv.second_derivative_at_mode == -2
    for d in (2, 5, 30):
        grid = np.linspace(0.01, 15, 150_001)
        assert grid[np.argmax(stats.chi.pdf(grid, d))] == pytest.approx(np.sqrt(d - 1), abs=2e-4)
    # the SymPy density is scipy's chi density
    f = sp.lambdify((dv.r, dv.d), dv.density, "mpmath")
    assert float(f(2.3, 7)) == pytest.approx(stats.chi.pdf(2.3, 7), rel=1e-12)


@pytest.mark.parametrize("d", [1, 4, 100])
def test_log_density_ratio_between_mode_and_typical_point_is_d_over_2(d):
    theta = np.full(d, 1.0)  # norm sqrt(d)
    gap = stats.multivariate_normal(np.zeros(d)).logpdf(np.zeros(d)) - stats.multivariate_normal(
        np.zeros(d)).logpdf(theta)
    assert mode_to_typical_log_density_ratio(d) == pytest.approx(gap, rel=1e-12)


# bad arguments (0, 2.5, True, negative or NaN r, ...): tests/test_common_battery.py
