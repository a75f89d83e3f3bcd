"""Credible intervals under a change of coordinates (mapmath.intervals, mapmath.beta), and the
log-odds Laplace approximation of a Beta posterior, against independent computations."""

from __future__ import annotations

import mpmath
import numpy as np
import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import integrate, stats
from scipy.special import expit, logit

from mapmath import assert_symbolic_equal, laplace_approximation
from mapmath.beta import (
    beta_exact_interval,
    beta_hpd_interval,
    beta_interval_mass,
    beta_laplace,
    beta_logit_laplace,
    beta_logit_laplace_interval,
    derive_beta_logit_laplace,
    derive_mode_mean_gap_in_sd,
)
from mapmath.intervals import equal_tailed_interval, hpd_interval
from mapmath.laplace_approx import laplace_interval
from mapmath.reparameterization import logit_normal_pdf

A, B = sp.symbols("A B", positive=True)
LEVEL = 0.95


# ---------------------------------------------------------------- HPD: brute force
def _shortest_by_grid(ppf, level, size=200_001):
    """Brute force: among [ppf(t), ppf(t + level)] on a fine grid of lower-tail masses t, the shortest."""
    t = np.linspace(0.0, 1.0 - level, size)
    lo, hi = ppf(t), ppf(np.minimum(t + level, 1.0))
    i = int(np.argmin(hi - lo))
    return lo[i], hi[i]


@pytest.mark.parametrize("a, b", [(2, 20), (3, 9), (13, 9), (70, 30), (1.5, 4.0), (1, 21), (0.5, 3.0), (3.0, 0.7)])
def test_beta_hpd_in_p_is_the_shortest_interval_found_by_a_grid_search(a, b):
    lo, hi = beta_hpd_interval(a, b, LEVEL)
    glo, ghi = _shortest_by_grid(stats.beta(a, b).ppf, LEVEL)
    assert lo == pytest.approx(glo, abs=2e-5) and hi == pytest.approx(ghi, abs=2e-5)
    assert beta_interval_mass(a, b, lo, hi) == pytest.approx(LEVEL, abs=1e-12)
    if 0 < lo and hi < 1:  # an interior HPD interval: its ends have equal density
        assert stats.beta.pdf(lo, a, b) == pytest.approx(stats.beta.pdf(hi, a, b), rel=1e-8)
    assert hi - lo <= np.subtract(*beta_exact_interval(a, b, LEVEL)[::-1]) + 1e-12  # never longer


@pytest.mark.parametrize("a, b", [(2, 20), (3, 9), (13, 9), (1, 21), (0.5, 0.5), (0.3, 2.0)])
def test_beta_hpd_in_logit_is_the_shortest_eta_interval_mapped_back(a, b):
    # brute force in eta: quantiles of eta are logit of the quantiles of p (a monotone map)
    elo, ehi = _shortest_by_grid(lambda t: logit(stats.beta(a, b).ppf(t)), LEVEL)
    lo, hi = beta_hpd_interval(a, b, LEVEL, coordinate="logit")
    assert logit(lo) == pytest.approx(elo, abs=5e-5) and logit(hi) == pytest.approx(ehi, abs=5e-5)
    # equal density in eta at the two ends: f_eta = f_p(p) p (1 - p)
    f_eta = stats.beta.pdf([lo, hi], a, b) * np.array([lo, hi]) * (1 - np.array([lo, hi]))
    assert f_eta[0] == pytest.approx(f_eta[1], rel=1e-8)
    assert beta_interval_mass(a, b, lo, hi) == pytest.approx(LEVEL, abs=1e-12)


@pytest.mark.parametrize("a, b", [(2, 20), (3, 9), (13, 9)])
def test_hpd_is_not_invariant_but_the_equal_tailed_interval_is(a, b):
    in_p = beta_hpd_interval(a, b, LEVEL)
    in_eta = beta_hpd_interval(a, b, LEVEL, coordinate="logit")
    assert abs(in_p[0] - in_eta[0]) > 1e-3 and abs(in_p[1] - in_eta[1]) > 1e-3
    # equal-tailed: quantiles commute with the increasing map logit
    tails_p = equal_tailed_interval(stats.beta(a, b).ppf, LEVEL)
    tails_eta = equal_tailed_interval(lambda t: logit(stats.beta(a, b).ppf(t)), LEVEL)
    assert expit(tails_eta[0]) == pytest.approx(tails_p[0], rel=1e-12)
    assert expit(tails_eta[1]) == pytest.approx(tails_p[1], rel=1e-12)
    assert tails_p == pytest.approx(beta_exact_interval(a, b, LEVEL), rel=1e-14)
    assert tails_p == pytest.approx((stats.beta.ppf(0.025, a, b), stats.beta.ppf(0.975, a, b)), rel=1e-14)


def test_hpd_interval_of_a_gaussian_is_the_central_interval():
    lo, hi = hpd_interval(stats.norm(1.0, 2.0).logpdf, stats.norm(1.0, 2.0).ppf, 0.9)
    assert (lo, hi) == pytest.approx(stats.norm(1.0, 2.0).interval(0.9), rel=1e-9)


def test_hpd_interval_of_a_decreasing_density_starts_at_the_mode():
    assert hpd_interval(stats.expon.logpdf, stats.expon.ppf, 0.95) == pytest.approx((0.0, -np.log(0.05)))
    lo, hi = beta_hpd_interval(5, 1, 0.95)  # increasing density: the interval ends at 1
    assert hi == 1.0 and lo == pytest.approx(0.05 ** (1 / 5))


@settings(max_examples=40, deadline=None)
@given(st.floats(1.5, 60.0), st.floats(1.5, 60.0), st.floats(0.5, 0.99))
def test_hpd_ends_have_equal_density_and_the_interval_has_the_mass(a, b, level):
    # (for A or B just above 1 the density falls to 0 within 1e-10 of an end, where the equal-density
    # condition is at the limit of float resolution: the grid test above covers such shapes)
    lo, hi = beta_hpd_interval(a, b, level)
    assert beta_interval_mass(a, b, lo, hi) == pytest.approx(level, abs=1e-9)
    assert stats.beta.logpdf(lo, a, b) == pytest.approx(stats.beta.logpdf(hi, a, b), abs=1e-6)


def test_hpd_refuses_flat_and_u_shaped_densities_and_bad_arguments():
    with pytest.raises(ValueError, match="flat"):
        beta_hpd_interval(1, 1)
    with pytest.raises(ValueError, match="U-shaped"):
        beta_hpd_interval(0.5, 0.5)
    with pytest.raises(ValueError, match="coordinate"):
        beta_hpd_interval(2, 3, coordinate="eta")
    with pytest.raises(ValueError, match="level"):
        beta_hpd_interval(2, 3, 1.0)
    with pytest.raises(TypeError, match="ppf"):
        hpd_interval(stats.norm.logpdf, "ppf")
    with pytest.raises(TypeError, match="log_density"):
        hpd_interval(None, stats.norm.ppf)
    with pytest.raises(ValueError, match="level"):
        equal_tailed_interval(stats.norm.ppf, 0.0)


# ---------------------------------------------------------------- the log-odds Laplace approximation
def test_log_odds_laplace_of_a_beta_is_log_a_over_b_with_variance_one_over_a_plus_one_over_b():
    res = derive_beta_logit_laplace()
    assert_symbolic_equal(res.mode, sp.log(A / B), what="log-odds mode")
    assert_symbolic_equal(res.curvature, -A * B / (A + B), what="curvature at the mode")
    assert_symbolic_equal(res.variance, 1 / A + 1 / B, what="Laplace variance in eta")


@pytest.mark.parametrize("a, b", [(2, 20), (1, 21), (0.5, 0.5), (70, 30), (0.3, 4.0)])
def test_log_odds_laplace_matches_a_numeric_maximization_and_second_derivative(a, b):
    mode, var = beta_logit_laplace(a, b)

    def ell(e):  # log density of eta = logit p: a log sigma + b log(1 - sigma), independent of mapmath
        return -a * np.logaddexp(0, -e) - b * np.logaddexp(0, e)

    from scipy.optimize import minimize_scalar
    res = minimize_scalar(lambda e: -ell(e), bounds=(-30, 30), method="bounded", options={"xatol": 1e-12})
    assert res.x == pytest.approx(mode, abs=1e-6)
    h = 1e-4
    second = (ell(mode + h) - 2 * ell(mode) + ell(mode - h)) / h**2
    assert -1 / second == pytest.approx(var, rel=1e-6)


def test_beta_1_21_has_a_laplace_approximation_in_eta_but_none_in_p():
    p = sp.Symbol("p")
    with pytest.raises(ValueError, match="boundary"):
        laplace_approximation(20 * sp.log(1 - p), p, sp.Interval(0, 1))
    eta = sp.Symbol("eta", real=True)
    s = 1 / (1 + sp.exp(-eta))
    res = laplace_approximation(sp.log(s) + 21 * sp.log(1 - s), eta)
    assert_symbolic_equal(res.mode, -sp.log(21), what="mode of Beta(1, 21) in eta")
    assert float(res.variance) == pytest.approx(beta_logit_laplace(1, 21)[1], rel=1e-14)


def _mass_mpmath(a, b, lo, hi):
    with mpmath.workdps(40):
        return float(mpmath.betainc(a, b, max(lo, 0), min(hi, 1), regularized=True))


@pytest.mark.parametrize("a, b", [(2, 20), (1, 21), (70, 30), (3, 30)])
def test_coverages_of_the_two_laplace_intervals_agree_with_mpmath_betainc(a, b):
    lo, hi = beta_logit_laplace_interval(a, b)
    assert beta_interval_mass(a, b, lo, hi) == pytest.approx(_mass_mpmath(a, b, lo, hi), rel=1e-10)
    mode, var = beta_logit_laplace(a, b)
    z = stats.norm.ppf(0.975)
    assert (lo, hi) == pytest.approx((expit(mode - z * np.sqrt(var)), expit(mode + z * np.sqrt(var))), rel=1e-12)
    if a > 1 and b > 1:
        plo, phi = laplace_interval(*beta_laplace(a, b))
        assert beta_interval_mass(a, b, plo, phi) == pytest.approx(_mass_mpmath(a, b, plo, phi), rel=1e-10)


def test_the_chapter_numbers_for_beta_2_20():
    mass_eta = beta_interval_mass(2, 20, *beta_logit_laplace_interval(2, 20))
    mass_p = beta_interval_mass(2, 20, *laplace_interval(*beta_laplace(2, 20)))
    assert round(mass_eta, 3) == 0.912 and round(mass_p, 3) == 0.832


def test_logit_normal_pdf_is_the_derivative_of_its_cdf_and_integrates_to_one():
    m, v = np.log(2 / 20), 1 / 2 + 1 / 20
    x = np.linspace(0.01, 0.6, 30)
    h = 1e-6
    cdf = lambda q: stats.norm.cdf((logit(q) - m) / np.sqrt(v))  # noqa: E731
    assert logit_normal_pdf(x, m, v) == pytest.approx((cdf(x + h) - cdf(x - h)) / (2 * h), rel=1e-6)
    assert integrate.quad(lambda q: float(logit_normal_pdf(q, m, v)), 0, 1, points=[0.1])[0] == pytest.approx(1.0)
    assert logit_normal_pdf([0.0, 1.0, -1.0], m, v).tolist() == [0.0, 0.0, 0.0]
    with pytest.raises(ValueError, match="variance"):
        logit_normal_pdf(0.5, 0.0, -1.0)
    with pytest.raises(ValueError, match="p must"):
        logit_normal_pdf(np.nan, 0.0, 1.0)


def test_log_odds_laplace_validates_and_never_overflows():
    assert beta_logit_laplace(1.7e308, 1.7e308) == (0.0, pytest.approx(2 / 1.7e308))
    with pytest.raises(ValueError, match="a"):
        beta_logit_laplace(0, 2)
    with pytest.raises(ValueError, match="level"):
        beta_logit_laplace_interval(2, 3, level=1.5)
    lo, hi = beta_logit_laplace_interval(1e-3, 1e3)
    assert 0.0 <= lo < hi <= 1.0  # sigma(48) is 1.0 in floating point


# ---------------------------------------------------------------- Pearson: mode-mean gap in sds
def test_mode_mean_gap_in_sds_is_skewness_times_n_plus_2_over_2_n_minus_2():
    gap = derive_mode_mean_gap_in_sd()
    N = A + B
    assert_symbolic_equal(gap.ratio, (N + 2) / (2 * (N - 2)), what="ratio to the skewness")
    assert gap.leading_ratio == sp.Rational(1, 2)
    for a, b in [(13, 9), (3, 11), (2.5, 40.0), (700, 300)]:
        dist = stats.beta(a, b)
        mode = (a - 1) / (a + b - 2)
        in_sd = (dist.mean() - mode) / dist.std()
        assert float(gap.gap_in_sd.subs({A: a, B: b})) == pytest.approx(in_sd, rel=1e-10)
        assert float(gap.skewness.subs({A: a, B: b})) == pytest.approx(float(dist.stats(moments="s")), rel=1e-10)
    # Pearson's rule of thumb: about half the skewness once A + B is large
    dist = stats.beta(7000, 3000)
    in_sd = (dist.mean() - 6999 / 9998) / dist.std()
    assert in_sd / float(dist.stats(moments="s")) == pytest.approx(0.5, rel=1e-3)
