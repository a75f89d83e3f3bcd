"""Point summaries and Bayes actions (mapmath.summaries) against SciPy and the closed forms."""

from __future__ import annotations

import numpy as np
import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import integrate, optimize, stats

from mapmath import summaries as s

params = st.floats(min_value=1.05, max_value=60.0, allow_nan=False)


def beta_grid(a: float, b: float, num: int = 4001):
    theta = np.linspace(0.0, 1.0, num)
    return theta, stats.beta.pdf(theta, a, b)


# --- closed forms -----------------------------------------------------------------------------

def test_derived_beta_mode_is_stationary_point_and_maximum_of_log_density():
    mode = s.derive_beta_mode()
    assert sp.simplify(mode - (s.A - 1) / (s.A + s.B - 2)) == 0
    th = sp.Symbol("theta", positive=True)
    logp = (s.A - 1) * sp.log(th) + (s.B - 1) * sp.log(1 - th)
    assert sp.simplify(sp.diff(logp, th).subs(th, mode)) == 0
    second = sp.diff(logp, th, 2).subs(th, mode).subs({s.A: 3, s.B: 9})
    assert second < 0


def test_derived_beta_mean_equals_a_over_a_plus_b():
    assert sp.simplify(s.derive_beta_mean() - s.A / (s.A + s.B)) == 0


@settings(max_examples=40, deadline=None)
@given(params, params)
def test_beta_mode_matches_scipy_optimize_on_the_density(a, b):
    res = optimize.minimize_scalar(lambda t: -stats.beta.logpdf(t, a, b), bounds=(1e-12, 1 - 1e-12),
                                   method="bounded", options={"xatol": 1e-12})
    assert s.beta_mode(a, b) == pytest.approx(res.x, abs=1e-6)


@settings(max_examples=40, deadline=None)
@given(params, params)
def test_beta_mean_and_median_match_scipy(a, b):
    assert s.beta_mean(a, b) == pytest.approx(stats.beta.mean(a, b), rel=1e-12)
    assert s.beta_median(a, b) == pytest.approx(stats.beta.median(a, b), rel=1e-12)
    assert stats.beta.cdf(s.beta_median(a, b), a, b) == pytest.approx(0.5, abs=1e-8)  # ppf is accurate to ~1e-10


@pytest.mark.parametrize("a, b, expected", [
    (0.5, 3.0, 0.0), (1.0, 2.0, 0.0), (0.5, 1.0, 0.0), (3.0, 1.0, 1.0), (2.0, 0.5, 1.0), (1.0, 0.7, 1.0),
])
def test_beta_mode_on_the_boundary_when_one_parameter_is_at_most_one(a, b, expected):
    assert s.beta_mode(a, b) == expected


@pytest.mark.parametrize("a, b", [(1.0, 1.0), (0.5, 0.5), (0.3, 0.9)])
def test_beta_mode_refuses_when_no_unique_mode(a, b):
    with pytest.raises(ValueError, match=r"flat|U-shaped"):
        s.beta_mode(a, b)


def test_mean_median_mode_order_for_right_skewed_beta():
    # Beta(A, B) with 1 < A < B is right-skewed: mode < median < mean.
    a, b = 3.0, 9.0
    assert s.beta_mode(a, b) < s.beta_median(a, b) < s.beta_mean(a, b)


def test_kerman_median_approximation_error_bounds():
    g = np.concatenate([np.linspace(1, 3, 41), np.geomspace(3, 500, 60)])
    aa, bb = np.meshgrid(g, g)
    exact = stats.beta.ppf(0.5, aa, bb)
    approx = np.vectorize(s.beta_median_approx)(aa, bb)
    rel = np.abs(approx - exact) / exact
    assert rel.max() < 0.04
    assert rel[(aa >= 2) & (bb >= 2)].max() < 0.01
    assert s.beta_median_approx(5.0, 5.0) == pytest.approx(0.5)


# --- Bayes actions ----------------------------------------------------------------------------

@pytest.mark.parametrize("a, b", [(3.0, 9.0), (2.0, 2.5), (12.0, 4.0)])
def test_bayes_actions_recover_mean_median_mode(a, b):
    theta, p = beta_grid(a, b)
    assert s.bayes_action(theta, p, "squared") == pytest.approx(s.beta_mean(a, b), abs=1e-6)
    assert s.bayes_action(theta, p, "absolute") == pytest.approx(s.beta_median(a, b), abs=1e-6)
    assert s.bayes_action(theta, p, "zero_one", epsilon=1e-3) == pytest.approx(s.beta_mode(a, b), abs=1e-4)


def test_zero_one_action_tends_to_the_mode_as_epsilon_shrinks():
    a, b = 3.0, 9.0
    theta, p = beta_grid(a, b, num=20001)
    gaps = [abs(s.bayes_action(theta, p, "zero_one", epsilon=e) - s.beta_mode(a, b)) for e in (0.1, 0.03, 0.01)]
    assert gaps[0] > gaps[1] > gaps[2]
    # the window maximiser solves p(x + eps) = p(x - eps)
    eps = 0.1
    x = s.bayes_action(theta, p, "zero_one", epsilon=eps)
    assert stats.beta.pdf(x + eps, a, b) == pytest.approx(stats.beta.pdf(x - eps, a, b), rel=1e-4)


@pytest.mark.parametrize("loss", ["squared", "absolute"])
def test_expected_posterior_loss_matches_quadrature(loss):
    a, b, action = 3.0, 9.0, 0.3
    theta, p = beta_grid(a, b)
    f = (lambda t: (t - action) ** 2) if loss == "squared" else (lambda t: abs(t - action))
    exact, _ = integrate.quad(lambda t: f(t) * stats.beta.pdf(t, a, b), 0, 1, points=[action])
    assert s.expected_posterior_loss(action, theta, p, loss) == pytest.approx(exact, rel=1e-6)


def test_zero_one_expected_loss_is_one_minus_window_mass():
    a, b, action, eps = 3.0, 9.0, 0.25, 0.05
    theta, p = beta_grid(a, b)
    mass = stats.beta.cdf(action + eps, a, b) - stats.beta.cdf(action - eps, a, b)
    assert s.expected_posterior_loss(action, theta, p, "zero_one", epsilon=eps) == pytest.approx(1 - mass, abs=1e-7)


@settings(max_examples=25, deadline=None)
@given(params, params)
def test_squared_loss_action_beats_neighbours(a, b):
    theta, p = beta_grid(a, b, num=1001)
    best = s.bayes_action(theta, p, "squared")
    rho = [s.expected_posterior_loss(best + d, theta, p, "squared") for d in (-0.01, 0.0, 0.01)]
    assert rho[1] <= min(rho[0], rho[2])


def test_bayes_action_accepts_unnormalised_density():
    theta, p = beta_grid(3.0, 9.0)
    assert s.bayes_action(theta, 7.0 * p, "absolute") == pytest.approx(s.bayes_action(theta, p, "absolute"))


# --- bimodal posterior ------------------------------------------------------------------------

def _example_mixture():
    return s.gaussian_mixture_posterior([0.5, 0.5], [-1.0, 3.0], [0.3, 2.0], ybar=1.0, sigma=2.0, n=4)


def test_mixture_posterior_is_prior_times_likelihood_normalised():
    post = _example_mixture()
    x = np.linspace(-6, 8, 20001)
    prior = 0.5 * stats.norm.pdf(x, -1.0, 0.3) + 0.5 * stats.norm.pdf(x, 3.0, 2.0)
    lik = stats.norm.pdf(1.0, x, 2.0 / 2)  # ybar ~ N(theta, sigma^2/n)
    unnorm = prior * lik
    assert np.allclose(post.pdf(x), unnorm / np.trapezoid(unnorm, x), atol=1e-8)
    assert post.weights.sum() == pytest.approx(1.0)


def test_mixture_modes_and_peak_masses():
    post = _example_mixture()
    modes = s.mixture_modes(post, lower=-4.0, upper=6.0)
    assert modes.size == 2
    assert post.pdf(modes[0]) > post.pdf(modes[1])
    for m in modes:  # stationary points of the exact density
        h = 1e-6
        assert abs(post.pdf(m + h) - post.pdf(m - h)) / (2 * h) < 1e-5
    masses, cuts = s.peak_masses(post, modes)
    assert masses.sum() == pytest.approx(1.0)
    quad_left, _ = integrate.quad(lambda v: float(post.pdf(v)), -np.inf, cuts[0])
    assert masses[np.argmin(modes)] == pytest.approx(quad_left, abs=1e-8)
    # the global mode holds the smaller share of the mass: the MAP hides the heavier peak
    assert masses[0] < masses[1]


def test_local_modes_on_grid_find_both_peaks():
    x = np.linspace(-5, 5, 2001)
    p = 0.5 * stats.norm.pdf(x, -2, 0.5) + 0.5 * stats.norm.pdf(x, 2, 1.0)
    modes = s.local_modes(x, p)
    assert modes[0] == pytest.approx(-2.0, abs=1e-3)
    assert modes[1] == pytest.approx(2.0, abs=1e-2)


# --- argument validation ----------------------------------------------------------------------

@pytest.mark.parametrize("func", [s.beta_mode, s.beta_mean, s.beta_median])
@pytest.mark.parametrize("a, b, param", [(0.0, 2.0, "a"), (-1.0, 2.0, "a"), (2.0, 0.0, "b"), (2.0, np.inf, "b")])
def test_beta_summaries_reject_nonpositive_parameters(func, a, b, param):
    with pytest.raises(ValueError, match=param):
        func(a, b)


def test_beta_summaries_reject_non_numbers():
    with pytest.raises(TypeError, match="a"):
        s.beta_mean("2", 3.0)
    with pytest.raises(ValueError, match="b must be a finite real number >= 1"):
        s.beta_median_approx(2.0, 0.5)


def test_bayes_action_rejects_bad_inputs():
    theta, p = beta_grid(3.0, 9.0, num=11)
    with pytest.raises(ValueError, match="loss"):
        s.bayes_action(theta, p, "hinge")
    with pytest.raises(TypeError, match="epsilon"):
        s.bayes_action(theta, p, "zero_one")
    with pytest.raises(ValueError, match="epsilon"):
        s.bayes_action(theta, p, "zero_one", epsilon=0.0)
    with pytest.raises(ValueError, match="theta"):
        s.bayes_action(theta[::-1], p, "squared")
    with pytest.raises(ValueError, match="density"):
        s.bayes_action(theta, -p, "squared")
    with pytest.raises(ValueError, match="density"):
        s.bayes_action(theta, p[:-1], "squared")
    with pytest.raises(ValueError, match="density"):
        s.bayes_action(theta, np.zeros_like(p), "squared")
    with pytest.raises(ValueError, match="theta"):
        s.bayes_action([0.0, 1.0], [1.0, 1.0], "squared")
    with pytest.raises(ValueError, match="action"):
        s.expected_posterior_loss(np.nan, theta, p, "squared")


def test_mixture_posterior_rejects_bad_inputs():
    with pytest.raises(ValueError, match="prior_weights"):
        s.gaussian_mixture_posterior([0.7, 0.7], [0, 1], [1, 1], 0.0, 1.0, 3)
    with pytest.raises(ValueError, match="prior_sds"):
        s.gaussian_mixture_posterior([0.5, 0.5], [0, 1], [1, 0], 0.0, 1.0, 3)
    with pytest.raises(ValueError, match="prior_means"):
        s.gaussian_mixture_posterior([0.5, 0.5], [0, 1, 2], [1, 1], 0.0, 1.0, 3)
    with pytest.raises(ValueError, match="sigma"):
        s.gaussian_mixture_posterior([0.5, 0.5], [0, 1], [1, 1], 0.0, -1.0, 3)
    with pytest.raises(ValueError, match="n must be an integer >= 1"):
        s.gaussian_mixture_posterior([0.5, 0.5], [0, 1], [1, 1], 0.0, 1.0, 0)
    with pytest.raises(TypeError, match="mixture"):
        s.peak_masses("not a mixture", [0.0])
    with pytest.raises(ValueError, match="upper"):
        s.mixture_modes(_example_mixture(), lower=1.0, upper=0.0)
