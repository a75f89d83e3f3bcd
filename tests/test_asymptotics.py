"""MAP − MLE asymptotics, the prior weight and the Bernstein–von Mises picture (mapmath.asymptotics)."""

from __future__ import annotations

import numpy as np
import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from mapmath import asymptotics as asy

NS = np.unique(np.round(np.logspace(1, 5, 17)).astype(int))
SEED = 20260601


def test_derived_gap_equals_map_minus_mle_and_closed_form():
    d = asy.derive_map_minus_mle()
    k, n, a, b = asy.k_sym, asy.n_sym, asy.a_sym, asy.b_sym
    assert sp.simplify(d.map - (k + a - 1) / (n + a + b - 2)) == 0
    assert sp.simplify(d.mle - k / n) == 0
    assert sp.simplify(d.difference - (d.map - d.mle)) == 0
    assert sp.simplify(d.difference - d.closed_form) == 0
    # exactly O(1/n): n * gap tends to a - 1 - (a + b - 2) * p for k = p n
    p = sp.Symbol("p", positive=True)
    assert sp.simplify(sp.limit((n * d.difference).subs(k, p * n), n, sp.oo) - (a - 1 - (a + b - 2) * p)) == 0


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 10_000), st.data(), st.floats(1.0, 50.0), st.floats(1.0, 50.0))
def test_map_minus_mle_matches_bernoulli_module(n, data, a, b):
    from mapmath import bernoulli as bern
    k = data.draw(st.integers(0, n))
    if a + b == 2.0:
        return  # flat prior: MAP = MLE, the gap is 0 / n
    expected = bern.beta_map(k, n, a, b) - k / n
    assert asy.map_minus_mle(k, n, a, b) == pytest.approx(expected, abs=1e-12)


def test_flat_prior_gap_is_zero():
    assert asy.map_minus_mle(3, 10, 1.0, 1.0) == 0.0


def test_gap_slope_is_minus_one_for_the_fixed_seed():
    sim = asy.simulate_map_mle_gap(NS, 0.7, 6.0, 6.0, seed=SEED)
    big = sim.ns >= 100
    slope, _ = asy.loglog_slope(sim.ns[big], sim.gap[big])
    assert slope == pytest.approx(-1.0, abs=0.1)
    assert np.allclose(sim.gap, np.abs([asy.map_minus_mle(int(kk), int(nn), 6.0, 6.0)
                                        for kk, nn in zip(sim.k, sim.ns, strict=True)]))


def test_simulation_is_reproducible_and_uses_one_stream():
    s1 = asy.simulate_map_mle_gap(NS, 0.7, 6.0, 6.0, seed=SEED)
    s2 = asy.simulate_map_mle_gap(NS, 0.7, 6.0, 6.0, seed=SEED)
    assert np.array_equal(s1.k, s2.k)
    assert np.all(np.diff(s1.k) >= 0) and np.all(np.diff(s1.k) <= np.diff(s1.ns))


def test_expected_gap_rates_minus_one_and_minus_three_halves():
    big = NS[NS >= 100]
    off = [asy.expected_abs_gap(int(n), 0.7, 6.0, 6.0) for n in big]
    on = [asy.expected_abs_gap(int(n), 0.5, 6.0, 6.0) for n in big]
    assert asy.loglog_slope(big, off)[0] == pytest.approx(-1.0, abs=0.02)
    assert asy.loglog_slope(big, on)[0] == pytest.approx(-1.5, abs=0.02)


def test_expected_gap_matches_monte_carlo():
    rng = np.random.default_rng(1)
    k = rng.binomial(50, 0.3, size=200_000)
    mc = np.mean(np.abs(4 - 9 * k / 50) / (50 + 9))
    assert asy.expected_abs_gap(50, 0.3, 5.0, 6.0) == pytest.approx(mc, rel=0.01)


def test_loglog_slope_recovers_a_power_law():
    x = np.geomspace(1, 1e4, 9)
    slope, intercept = asy.loglog_slope(x, 3.0 * x**-1.0)
    assert slope == pytest.approx(-1.0) and intercept == pytest.approx(np.log(3.0))


def test_source_claim_prior_weight_fifty_percent_and_a_tenth_of_a_percent():
    assert asy.prior_weight(10, 10) == 0.5
    weight = asy.prior_weight(10, 10_000)
    assert weight == pytest.approx(10 / 10_010)
    assert weight < 0.001  # 0.0999...%: "0.1%" is right to two significant figures
    assert weight == pytest.approx(0.001, rel=1e-3)


@settings(max_examples=60, deadline=None)
@given(st.floats(0.5, 1000.0), st.floats(1e-4, 0.99))
def test_n_for_prior_weight_below_is_the_first_crossing(m, weight):
    n = asy.n_for_prior_weight_below(m, weight)
    assert asy.prior_weight(m, n) < weight
    assert n == 0 or asy.prior_weight(m, n - 1) >= weight


def test_n_for_one_percent_with_ten_pseudo_samples():
    assert asy.n_for_prior_weight_below(10, 0.01) == 991


def test_prior_weight_is_the_exact_shrinkage_weight_of_the_map():
    k, n, a, b = 7, 10, 6.0, 6.0
    s = asy.prior_weight(a + b - 2, n)
    prior_mode, mle = (a - 1) / (a + b - 2), k / n
    assert (k + a - 1) / (n + a + b - 2) == pytest.approx(s * prior_mode + (1 - s) * mle)
    s_mean = asy.prior_weight(a + b, n)
    assert (k + a) / (n + a + b) == pytest.approx(s_mean * a / (a + b) + (1 - s_mean) * mle)


def test_bvm_sd_ratio_to_one_and_total_variation_to_zero():
    sim = asy.simulate_map_mle_gap(NS, 0.7, 6.0, 6.0, seed=SEED)
    cmp_ = asy.bvm_comparison(sim.k, sim.ns, 6.0, 6.0)
    assert np.allclose(cmp_.posterior_sd, stats.beta.std(sim.k + 6.0, sim.ns - sim.k + 6.0))
    assert abs(cmp_.sd_ratio[-1] - 1) < 1e-3
    assert cmp_.total_variation[-1] < 0.01
    assert cmp_.total_variation[-1] < cmp_.total_variation[0]
    # matching the posterior's mean and sd removes most of the distance (the prior's pull on the centre)
    assert np.all(cmp_.total_variation_matched[4:] < 0.2 * cmp_.total_variation[4:])


def test_tv_distance_matches_quadrature_for_a_small_case():
    from scipy import integrate

    A, B, mu, sd = 8.0, 5.0, 0.6, 0.15
    inside, _ = integrate.quad(lambda x: abs(stats.beta.pdf(x, A, B) - stats.norm.pdf(x, mu, sd)), 0, 1, limit=200)
    outside = stats.norm.cdf(0, mu, sd) + stats.norm.sf(1, mu, sd)
    assert asy._tv_beta_normal(A, B, mu, sd) == pytest.approx(0.5 * (inside + outside), abs=1e-6)


# --- argument validation ----------------------------------------------------------------------

def test_bad_inputs_name_the_parameter():
    with pytest.raises(ValueError, match="n must be an integer count >= 1"):
        asy.map_minus_mle(0, 0, 2.0, 2.0)
    with pytest.raises(ValueError, match="k"):
        asy.map_minus_mle(11, 10, 2.0, 2.0)
    with pytest.raises(ValueError, match="a"):
        asy.map_minus_mle(1, 10, -2.0, 2.0)
    with pytest.raises(ValueError, match="p_true"):
        asy.simulate_map_mle_gap(NS, 1.5, 2.0, 2.0, seed=1)
    with pytest.raises(ValueError, match="ns"):
        asy.simulate_map_mle_gap([10, 5], 0.5, 2.0, 2.0, seed=1)
    with pytest.raises(ValueError, match="a"):
        asy.simulate_map_mle_gap(NS, 0.5, 0.5, 2.0, seed=1)
    with pytest.raises(TypeError, match="seed"):
        asy.simulate_map_mle_gap(NS, 0.5, 2.0, 2.0, seed=1.5)
    with pytest.raises(ValueError, match="pseudo_counts"):
        asy.prior_weight(-1, 10)
    with pytest.raises(ValueError, match="n"):
        asy.prior_weight(10, -1)
    with pytest.raises(ValueError, match="weight"):
        asy.n_for_prior_weight_below(10, 0.0)
    with pytest.raises(ValueError, match="y"):
        asy.loglog_slope([1, 2], [0.0, 1.0])
    with pytest.raises(ValueError, match="ks"):
        asy.bvm_comparison([0, 5], [10, 10], 2.0, 2.0)
    with pytest.raises(ValueError, match="p_true"):
        asy.expected_abs_gap(10, -0.1, 2.0, 2.0)


def test_prior_weight_boundary_cases():
    assert asy.prior_weight(10, 0) == 1.0
    assert asy.prior_weight(0, 10) == 0.0
    with pytest.raises(ValueError, match="pseudo_counts and n"):
        asy.prior_weight(0, 0)


def test_slopes_over_seeds_match_one_simulation_per_seed_and_scatter_around_minus_one():
    ns = np.unique(np.round(np.logspace(1, 5, 17)).astype(int))
    slopes = asy.slopes_over_seeds(ns, 0.7, 6.0, 6.0, [1, 2, 3, 4, 5, 6, 7, 8])
    # each slope is the fit of one stream, recomputed here with numpy's polyfit directly
    for seed, slope in zip([1, 2, 3, 4, 5, 6, 7, 8], slopes, strict=True):
        sim = asy.simulate_map_mle_gap(ns, 0.7, 6.0, 6.0, seed=seed)
        use = (sim.ns >= 100) & (sim.gap > 0)
        assert slope == pytest.approx(np.polyfit(np.log(sim.ns[use]), np.log(sim.gap[use]), 1)[0], rel=1e-12)
    assert abs(slopes.mean() + 1) < 0.1 and 0 < slopes.std(ddof=1) < 0.2


def test_slopes_over_seeds_validates_its_arguments():
    ns = [10, 100, 1000, 10000]
    with pytest.raises(ValueError, match="seeds"):
        asy.slopes_over_seeds(ns, 0.7, 6.0, 6.0, [1])
    with pytest.raises(ValueError, match="seeds"):
        asy.slopes_over_seeds(ns, 0.7, 6.0, 6.0, [1, 2.5])
    with pytest.raises(ValueError, match="n_min"):
        asy.slopes_over_seeds(ns, 0.7, 6.0, 6.0, [1, 2], n_min=0)
