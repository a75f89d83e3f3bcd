"""mapmath.posterior: log posterior, symbolic and numeric modes, penalized MLE, ε-ball Bayes actions."""

from __future__ import annotations

import numpy as np
import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import optimize, stats

from mapmath.posterior import (
    epsilon_ball_bayes_action,
    epsilon_ball_bias,
    find_modes,
    log_posterior,
    numeric_mode,
    penalized_mle_identity,
    stationary_points,
    symbolic_mode,
)
from mapmath.priors import beta_density, flat_density, gaussian_density, laplace_density

p = sp.Symbol("p", positive=True)
theta = sp.Symbol("theta", real=True)
x, mu = sp.symbols("x mu", real=True)
tau, b = sp.symbols("tau b", positive=True)
UNIT = sp.Interval.open(0, 1)
LINE = sp.Interval(-sp.oo, sp.oo)


# ---------------------------------------------------------------- log posterior and penalized MLE
def test_log_posterior_is_log_likelihood_plus_log_prior():
    ll = 7 * sp.log(p) + 3 * sp.log(1 - p)
    lp = log_posterior(ll, beta_density(p, 6, 6), p)
    assert sp.simplify(lp - (12 * sp.log(p) + 8 * sp.log(1 - p)) - sp.log(1 / sp.beta(6, 6))) == 0


def test_flat_prior_log_posterior_equals_log_likelihood():
    ll = -(x - theta) ** 2 / 2
    assert sp.simplify(log_posterior(ll, flat_density(theta), theta) - ll) == 0


@pytest.mark.parametrize("prior, expected_penalty", [
    (gaussian_density(theta, mu, tau**2), (theta - mu) ** 2 / (2 * tau**2)),
    (laplace_density(theta, mu, b), sp.Abs(theta - mu) / b),
    (flat_density(theta), sp.Integer(0)),
])
def test_log_posterior_is_log_likelihood_minus_penalty_plus_theta_free_constant(prior, expected_penalty):
    ll = -(x - theta) ** 2 / 2
    pieces = penalized_mle_identity(ll, prior, theta)
    assert pieces.derivative_of_constant == 0
    assert not pieces.constant.has(theta)
    # the penalty is -log prior up to an additive constant: equal θ-derivatives
    assert sp.simplify(sp.diff(pieces.penalty - expected_penalty, theta)) == 0
    assert sp.simplify(pieces.log_posterior - (pieces.log_likelihood - pieces.penalty + pieces.constant)) == 0
    assert sp.simplify(pieces.objective - (-ll + pieces.penalty)) == 0


def test_gaussian_prior_map_is_shrunk_observation():
    ll = -(x - theta) ** 2 / 2
    (crit,) = stationary_points(log_posterior(ll, gaussian_density(theta, 0, tau**2), theta), theta)
    assert sp.simplify(crit - tau**2 * x / (1 + tau**2)) == 0


# ---------------------------------------------------------------- symbolic modes
def test_symbolic_mode_of_beta_13_9_kernel_is_twelve_twentieths():
    search = find_modes(12 * sp.log(p) + 8 * sp.log(1 - p), p, UNIT)
    assert search.status == "unique" and search.kind == "interior"
    assert search.mode == sp.Rational(3, 5)
    assert search.critical_points[sp.Rational(3, 5)] < 0


def test_symmetric_double_well_has_two_modes():
    search = find_modes(-((theta**2 - 1) ** 2), theta, LINE)
    assert search.status == "not unique"
    assert set(search.modes) == {-1, 1}
    assert search.critical_points[0] > 0  # the middle stationary point is a minimum
    with pytest.raises(ValueError, match=r"not unique|no unique mode"):
        symbolic_mode(-((theta**2 - 1) ** 2), theta, LINE)


def test_u_shaped_density_has_no_mode():
    f = -sp.log(p) / 2 - sp.log(1 - p) / 2
    search = find_modes(f, p, UNIT)
    assert search.status == "does not exist"
    assert search.endpoint_values == {0: sp.oo, 1: sp.oo}
    with pytest.raises(ValueError, match="unbounded"):
        symbolic_mode(f, p, UNIT)


def test_decreasing_density_has_boundary_mode_at_zero():
    search = find_modes(3 * sp.log(1 - p), p, sp.Interval(0, 1))
    assert (search.status, search.kind, search.mode) == ("unique", "boundary", 0)


def test_flat_density_has_no_unique_mode():
    assert find_modes(sp.Integer(0) * p, p, UNIT).status == "not unique"
    with pytest.raises(ValueError, match="every point"):
        stationary_points(sp.Integer(3), p)


def test_supremum_at_infinity_means_no_mode():
    assert find_modes(theta, theta, sp.Interval(0, sp.oo)).status == "does not exist"


def test_flat_second_derivative_still_finds_quartic_mode():
    assert symbolic_mode(-(theta**4), theta, LINE) == 0


@settings(max_examples=30, deadline=None)
@given(A=st.integers(2, 40), B=st.integers(2, 40))
def test_symbolic_mode_of_beta_kernel_matches_scipy_numeric_maximization(A, B):
    m = symbolic_mode((A - 1) * sp.log(p) + (B - 1) * sp.log(1 - p), p, UNIT)
    res = optimize.minimize_scalar(lambda t: -stats.beta(A, B).logpdf(t), bounds=(0, 1), method="bounded",
                                   options={"xatol": 1e-12})
    assert float(m) == pytest.approx(res.x, abs=1e-6)
    assert m == sp.Rational(A - 1, A + B - 2)


# ---------------------------------------------------------------- numeric mode
@settings(max_examples=40, deadline=None)
@given(A=st.floats(1.05, 60), B=st.floats(1.05, 60))
def test_numeric_mode_of_beta_equals_closed_form_interior_mode(A, B):
    assert numeric_mode(stats.beta(A, B).logpdf, 0.0, 1.0) == pytest.approx((A - 1) / (A + B - 2), abs=1e-6)


@pytest.mark.parametrize("A, B, expected", [(1, 4, 0.0), (0.5, 4, 0.0), (3, 0.5, 1.0), (4, 1, 1.0)])
def test_numeric_mode_finds_boundary_modes(A, B, expected):
    assert numeric_mode(stats.beta(A, B).logpdf, 0.0, 1.0) == expected


def test_numeric_mode_of_gaussian_on_line_segment():
    assert numeric_mode(stats.norm(1.3, 0.2).logpdf, -5, 5) == pytest.approx(1.3, abs=1e-7)


def test_numeric_mode_rejects_bad_arguments():
    with pytest.raises(ValueError, match="low"):
        numeric_mode(np.log, 1.0, 0.0)
    with pytest.raises(TypeError, match="logpdf"):
        numeric_mode(3.0, 0.0, 1.0)
    with pytest.raises(ValueError, match="grid_size"):
        numeric_mode(np.log, 0.0, 1.0, grid_size=2)
    with pytest.raises(ValueError, match="high"):
        numeric_mode(np.log, 0.0, float("inf"))
    with pytest.raises(ValueError, match="-inf"):
        numeric_mode(lambda t: -np.inf, 0.0, 1.0)


def test_symbolic_functions_reject_bad_arguments():
    with pytest.raises(TypeError, match="theta"):
        log_posterior(p, 1, "p")
    with pytest.raises(TypeError, match="domain"):
        find_modes(sp.log(p), p, (0, 1))
    with pytest.raises(TypeError, match="domain"):
        find_modes(sp.log(p), p, sp.Interval(1, 1))  # a single point is not an interval
    with pytest.raises(ValueError, match="parameters"):
        find_modes(tau * sp.log(p), p, UNIT)
    with pytest.raises(TypeError, match="log_likelihood"):
        penalized_mle_identity(None, flat_density(theta), theta)
    with pytest.raises(TypeError, match="prior"):
        log_posterior(theta, True, theta)


# ---------------------------------------------------------------- 0-1 loss
def test_epsilon_ball_bayes_action_converges_to_mode_at_rate_eps_squared():
    post = stats.beta(3, 8)
    mode = 2 / 9
    errors = [abs(epsilon_ball_bayes_action(post.cdf, eps, 0, 1) - mode) for eps in (0.1, 0.05, 0.025)]
    assert errors[0] > errors[1] > errors[2]
    ratios = [errors[i] / errors[i + 1] for i in range(2)]
    assert all(3.5 < r < 4.5 for r in ratios)  # halving ε divides the error by about 4


def test_epsilon_ball_action_for_gamma_3_1_with_unit_ball_is_e_plus_1_over_e_minus_1():
    action = epsilon_ball_bayes_action(stats.gamma(3).cdf, 1.0, 0.0, 20.0)
    assert action == pytest.approx((np.e + 1) / (np.e - 1), abs=1e-7)


def test_epsilon_ball_action_of_symmetric_posterior_is_its_centre():
    assert epsilon_ball_bayes_action(stats.norm(0.4, 1).cdf, 0.7, -5, 5) == pytest.approx(0.4, abs=1e-7)


def test_epsilon_ball_action_rejects_nonpositive_epsilon():
    with pytest.raises(ValueError, match="epsilon"):
        epsilon_ball_bayes_action(stats.norm().cdf, 0.0, -1, 1)
    with pytest.raises(TypeError, match="cdf"):
        epsilon_ball_bayes_action(None, 0.1, -1, 1)


def test_epsilon_ball_error_over_eps_squared_tends_to_minus_f3_over_6_f2_at_the_mode():
    c = epsilon_ball_bias(p**2 * (1 - p) ** 7, p, sp.Rational(2, 9))
    eps = 0.02
    action = epsilon_ball_bayes_action(stats.beta(3, 8).cdf, eps, 0, 1)
    assert (action - 2 / 9) / eps**2 == pytest.approx(float(c), rel=2e-3)
    with pytest.raises(ValueError, match="mode"):
        epsilon_ball_bias(theta**3, theta, 0)
