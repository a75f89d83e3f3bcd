"""Point summaries: Beta closed forms (mapmath.beta), Bayes actions (mapmath.bayes_actions), mixtures.

The independent reference for the Beta mean and median is mpmath (Beta functions and the regularized
incomplete Beta function at 30 digits), not SciPy, which the library itself calls.
"""

from __future__ import annotations

import mpmath
import numpy as np
import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import integrate, optimize, stats

from mapmath import bayes_actions as ba
from mapmath import beta
from mapmath import mixtures as mix
from mapmath.modes import local_maxima

params = st.floats(min_value=1.05, max_value=60.0, allow_nan=False)


def beta_grid(a: float, b: float, num: int = 4001):
    theta = np.linspace(0.0, 1.0, num)
    return theta, stats.beta.pdf(theta, a, b)


# --- closed forms -----------------------------------------------------------------------------

def test_derived_beta_mode_is_stationary_point_and_maximum_of_log_density():
    mode = beta.derive_beta_mode()
    assert sp.simplify(mode - (beta.A - 1) / (beta.A + beta.B - 2)) == 0
    th = sp.Symbol("theta", positive=True)
    logp = (beta.A - 1) * sp.log(th) + (beta.B - 1) * sp.log(1 - th)
    assert sp.simplify(sp.diff(logp, th).subs(th, mode)) == 0
    second = sp.diff(logp, th, 2).subs(th, mode).subs({beta.A: 3, beta.B: 9})
    assert second < 0


def test_derived_beta_mean_equals_a_over_a_plus_b():
    assert sp.simplify(beta.derive_beta_mean() - beta.A / (beta.A + beta.B)) == 0


def test_derived_beta_mean_equals_the_ratio_of_two_beta_integrals():
    # chapter 06 derives the mean by parts; here the two integrals themselves (SymPy's Meijer-G
    # route, about a second): Z(A + 1, B) / Z(A, B) with Z(A, B) = ∫_0^1 p^(A-1) (1-p)^(B-1) dp
    A, B, p = beta.A, beta.B, beta.p_sym
    z = sp.gammasimp(sp.hyperexpand(sp.integrate(p ** (A - 1) * (1 - p) ** (B - 1), (p, 0, 1),
                                                 conds="none", meijerg=True)))
    assert sp.simplify(sp.gammasimp(z.subs(A, A + 1) / z) - beta.derive_beta_mean()) == 0


@settings(max_examples=40, deadline=None)
@given(params, params)
def test_beta_mode_matches_scipy_optimize_on_the_density(a, b):
    res = optimize.minimize_scalar(lambda t: -stats.beta.logpdf(t, a, b), bounds=(1e-12, 1 - 1e-12),
                                   method="bounded", options={"xatol": 1e-12})
    assert beta.beta_mode(a, b) == pytest.approx(res.x, abs=1e-6)


def _mpmath_beta_mean(a: float, b: float) -> float:
    """E[p] = ∫ p · p^(a-1) (1-p)^(b-1) dp / B(a, b) = B(a + 1, b) / B(a, b), Beta functions by mpmath."""
    with mpmath.workdps(30):
        return float(mpmath.beta(mpmath.mpf(a) + 1, b) / mpmath.beta(a, b))


def _mpmath_beta_median(a: float, b: float) -> float:
    with mpmath.workdps(30):
        def cdf_minus_half(x):
            return mpmath.betainc(a, b, 0, x, regularized=True) - mpmath.mpf(1) / 2
        return float(mpmath.findroot(cdf_minus_half, (mpmath.mpf(0), mpmath.mpf(1)), solver="illinois"))


@settings(max_examples=40, deadline=None)
@given(params, params)
def test_beta_mean_and_median_match_mpmath(a, b):
    assert beta.beta_mean(a, b) == pytest.approx(_mpmath_beta_mean(a, b), rel=1e-12)
    assert beta.beta_median(a, b) == pytest.approx(_mpmath_beta_median(a, b), rel=1e-9)


@pytest.mark.parametrize("a, b", [(0.5, 0.5), (0.2, 3.0), (1.0, 1.0), (7.5, 3.5), (300.0, 2.0)])
def test_beta_median_matches_mpmath_root_of_the_regularized_incomplete_beta(a, b):
    assert beta.beta_median(a, b) == pytest.approx(_mpmath_beta_median(a, b), rel=1e-9)


@pytest.mark.parametrize("a, b, expected", [
    (0.5, 3.0, 0.0), (1.0, 2.0, 0.0), (0.5, 1.0, 0.0), (3.0, 1.0, 1.0), (2.0, 0.5, 1.0), (1.0, 0.7, 1.0),
])
def test_beta_mode_on_the_boundary_when_one_parameter_is_at_most_one(a, b, expected):
    assert beta.beta_mode(a, b) == expected


@pytest.mark.parametrize("a, b", [(1.0, 1.0), (0.5, 0.5), (0.3, 0.9)])
def test_beta_mode_refuses_when_no_unique_mode(a, b):
    with pytest.raises(ValueError, match=r"flat|U-shaped"):
        beta.beta_mode(a, b)


def test_mean_median_mode_order_for_right_skewed_beta():
    # Beta(A, B) with 1 < A < B is right-skewed: mode < median < mean.
    a, b = 3.0, 9.0
    assert beta.beta_mode(a, b) < beta.beta_median(a, b) < beta.beta_mean(a, b)


def test_kerman_median_approximation_error_bounds():
    g = np.concatenate([np.linspace(1, 3, 41), np.geomspace(3, 500, 60)])
    aa, bb = np.meshgrid(g, g)
    exact = stats.beta.ppf(0.5, aa, bb)
    approx = np.vectorize(beta.beta_median_approx)(aa, bb)
    rel = np.abs(approx - exact) / exact
    assert rel.max() < 0.04
    assert rel[(aa >= 2) & (bb >= 2)].max() < 0.01
    assert beta.beta_median_approx(5.0, 5.0) == pytest.approx(0.5)


# --- Bayes actions ----------------------------------------------------------------------------

@pytest.mark.parametrize("a, b", [(3.0, 9.0), (2.0, 2.5), (12.0, 4.0)])
def test_bayes_actions_recover_mean_median_mode(a, b):
    theta, p = beta_grid(a, b)
    assert ba.bayes_action(theta, p, "squared") == pytest.approx(beta.beta_mean(a, b), abs=1e-6)
    assert ba.bayes_action(theta, p, "absolute") == pytest.approx(beta.beta_median(a, b), abs=1e-6)
    assert ba.bayes_action(theta, p, "zero_one", epsilon=1e-3) == pytest.approx(beta.beta_mode(a, b), abs=1e-4)


def test_zero_one_action_tends_to_the_mode_as_epsilon_shrinks():
    a, b = 3.0, 9.0
    theta, p = beta_grid(a, b, num=20001)
    gaps = [abs(ba.bayes_action(theta, p, "zero_one", epsilon=e) - beta.beta_mode(a, b)) for e in (0.1, 0.03, 0.01)]
    assert gaps[0] > gaps[1] > gaps[2]
    # the window maximiser solves p(x + eps) = p(x - eps)
    eps = 0.1
    x = ba.bayes_action(theta, p, "zero_one", epsilon=eps)
    assert stats.beta.pdf(x + eps, a, b) == pytest.approx(stats.beta.pdf(x - eps, a, b), rel=1e-4)


@pytest.mark.parametrize("loss", ["squared", "absolute"])
def test_expected_posterior_loss_matches_quadrature(loss):
    a, b, action = 3.0, 9.0, 0.3
    theta, p = beta_grid(a, b)
    f = (lambda t: (t - action) ** 2) if loss == "squared" else (lambda t: abs(t - action))
    exact, _ = integrate.quad(lambda t: f(t) * stats.beta.pdf(t, a, b), 0, 1, points=[action])
    assert ba.expected_posterior_loss(action, theta, p, loss) == pytest.approx(exact, rel=1e-6)


def test_zero_one_expected_loss_is_one_minus_window_mass():
    a, b, action, eps = 3.0, 9.0, 0.25, 0.05
    theta, p = beta_grid(a, b)
    mass = stats.beta.cdf(action + eps, a, b) - stats.beta.cdf(action - eps, a, b)
    assert ba.expected_posterior_loss(action, theta, p, "zero_one", epsilon=eps) == pytest.approx(1 - mass, abs=1e-7)


@pytest.mark.parametrize("loss", ["squared", "absolute", "zero_one"])
def test_expected_posterior_loss_of_an_array_of_actions_is_the_loss_of_each(loss):
    # the vectorized path (a whole curve at once, as chapter 06 plots it) is the scalar one, bit for bit,
    # also off the grid's ends
    theta, p = beta_grid(3.0, 9.0)
    actions = np.linspace(-0.1, 1.1, 61)
    eps = 0.02 if loss == "zero_one" else None
    curve = ba.expected_posterior_loss(actions, theta, p, loss, epsilon=eps)
    each = [ba.expected_posterior_loss(float(a), theta, p, loss, epsilon=eps) for a in actions]
    assert isinstance(curve, np.ndarray) and isinstance(each[0], float)
    assert np.array_equal(curve, each)


@settings(max_examples=25, deadline=None)
@given(params, params)
def test_squared_loss_action_beats_neighbours(a, b):
    theta, p = beta_grid(a, b, num=1001)
    best = ba.bayes_action(theta, p, "squared")
    rho = [ba.expected_posterior_loss(best + d, theta, p, "squared") for d in (-0.01, 0.0, 0.01)]
    assert rho[1] <= min(rho[0], rho[2])


def test_bayes_action_accepts_unnormalised_density():
    theta, p = beta_grid(3.0, 9.0)
    assert ba.bayes_action(theta, 7.0 * p, "absolute") == pytest.approx(ba.bayes_action(theta, p, "absolute"))


# --- bimodal posterior ------------------------------------------------------------------------

def _example_mixture():
    return mix.gaussian_mixture_posterior([0.5, 0.5], [-1.0, 3.0], [0.3, 2.0], ybar=1.0, sigma=2.0, n=4)


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
    modes = mix.mixture_modes(post, lower=-4.0, upper=6.0)
    assert modes.size == 2
    assert post.pdf(modes[0]) > post.pdf(modes[1])
    for m in modes:  # stationary points of the exact density
        h = 1e-6
        assert abs(post.pdf(m + h) - post.pdf(m - h)) / (2 * h) < 1e-5
    masses, cuts = mix.peak_masses(post, modes)
    assert masses.sum() == pytest.approx(1.0)
    quad_left, _ = integrate.quad(lambda v: float(post.pdf(v)), -np.inf, cuts[0])
    assert masses[np.argmin(modes)] == pytest.approx(quad_left, abs=1e-8)
    # the global mode holds the smaller share of the mass: the MAP hides the heavier peak
    assert masses[0] < masses[1]


def test_local_maxima_find_both_peaks_of_a_two_bump_density():
    def f(x):
        return 0.5 * stats.norm.pdf(x, -2, 0.5) + 0.5 * stats.norm.pdf(x, 2, 1.0)

    found = local_maxima(f, -5, 5)
    assert found.size == 2
    assert found[0] == pytest.approx(-2.0, abs=1e-3)
    assert found[1] == pytest.approx(2.0, abs=1e-2)


# --- argument validation ----------------------------------------------------------------------

@pytest.mark.parametrize("func", [beta.beta_mode, beta.beta_mean, beta.beta_median])
@pytest.mark.parametrize("a, b, param", [(0.0, 2.0, "a"), (-1.0, 2.0, "a"), (2.0, 0.0, "b"), (2.0, np.inf, "b")])
def test_beta_summaries_reject_nonpositive_parameters(func, a, b, param):
    with pytest.raises(ValueError, match=param):
        func(a, b)


def test_beta_summaries_reject_non_numbers():
    with pytest.raises(TypeError, match="a"):
        beta.beta_mean("2", 3.0)
    with pytest.raises(ValueError, match="b must be a finite real number >= 1"):
        beta.beta_median_approx(2.0, 0.5)


def test_bayes_action_rejects_bad_inputs():
    theta, p = beta_grid(3.0, 9.0, num=11)
    with pytest.raises(ValueError, match="loss"):
        ba.bayes_action(theta, p, "hinge")
    with pytest.raises(TypeError, match="epsilon"):
        ba.bayes_action(theta, p, "zero_one")
    with pytest.raises(ValueError, match="epsilon"):
        ba.bayes_action(theta, p, "zero_one", epsilon=0.0)
    with pytest.raises(ValueError, match="theta"):
        ba.bayes_action(theta[::-1], p, "squared")
    with pytest.raises(ValueError, match="density"):
        ba.bayes_action(theta, -p, "squared")
    with pytest.raises(ValueError, match="density"):
        ba.bayes_action(theta, p[:-1], "squared")
    with pytest.raises(ValueError, match="density"):
        ba.bayes_action(theta, np.zeros_like(p), "squared")
    with pytest.raises(ValueError, match="theta"):
        ba.bayes_action([0.0, 1.0], [1.0, 1.0], "squared")
    with pytest.raises(ValueError, match="action"):
        ba.expected_posterior_loss(np.nan, theta, p, "squared")


def test_mixture_posterior_rejects_bad_inputs():
    with pytest.raises(ValueError, match="prior_weights"):
        mix.gaussian_mixture_posterior([0.7, 0.7], [0, 1], [1, 1], 0.0, 1.0, 3)
    with pytest.raises(ValueError, match="prior_sds"):
        mix.gaussian_mixture_posterior([0.5, 0.5], [0, 1], [1, 0], 0.0, 1.0, 3)
    with pytest.raises(ValueError, match="prior_means"):
        mix.gaussian_mixture_posterior([0.5, 0.5], [0, 1, 2], [1, 1], 0.0, 1.0, 3)
    with pytest.raises(ValueError, match="sigma"):
        mix.gaussian_mixture_posterior([0.5, 0.5], [0, 1], [1, 1], 0.0, -1.0, 3)
    with pytest.raises(ValueError, match="n must be an integer count >= 1"):
        mix.gaussian_mixture_posterior([0.5, 0.5], [0, 1], [1, 1], 0.0, 1.0, 0)
    with pytest.raises(TypeError, match="mixture"):
        mix.peak_masses("not a mixture", [0.0])
    with pytest.raises(ValueError, match="upper"):
        mix.mixture_modes(_example_mixture(), lower=1.0, upper=0.0)
