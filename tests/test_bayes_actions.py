"""mapmath.bayes_actions: the ε-ball Bayes action from a CDF tends to the mode."""

from __future__ import annotations

import numpy as np
import pytest
import sympy as sp
from scipy import stats

from mapmath.bayes_actions import epsilon_ball_bayes_action, epsilon_ball_bias

p = sp.Symbol("p", positive=True)
theta = sp.Symbol("theta", real=True)


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
