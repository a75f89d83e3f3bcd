"""mapmath.posterior: the log posterior and MAP as penalized MLE."""

from __future__ import annotations

import pytest
import sympy as sp

from mapmath.modes import stationary_points
from mapmath.posterior import log_posterior, penalized_mle_identity
from mapmath.priors import beta_density, flat_density, gaussian_density, laplace_density

p = sp.Symbol("p", positive=True)
theta = sp.Symbol("theta", real=True)
x, mu = sp.symbols("x mu", real=True)
tau, b = sp.symbols("tau b", positive=True)


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


def test_posterior_functions_reject_bad_arguments():
    with pytest.raises(TypeError, match="theta"):
        log_posterior(p, 1, "p")
    with pytest.raises(TypeError, match="log_likelihood"):
        penalized_mle_identity(None, flat_density(theta), theta)
    with pytest.raises(TypeError, match="prior"):
        log_posterior(theta, True, theta)
    with pytest.raises(TypeError, match="log_likelihood"):
        log_posterior("x**2", flat_density(theta), theta)  # a string is never parsed here

