"""Plug-in, moderated and Monte Carlo predictives of logistic regression, checked against a
high-accuracy 2-D quadrature of the posterior (SciPy ``dblquad`` and a Gauss–Legendre tensor grid)."""

from __future__ import annotations

import functools

import numpy as np
import pytest
import sympy as sp
from scipy import integrate, stats
from scipy.special import expit

from mapmath.logistic import logistic_hessian, logistic_map, logistic_objective
from mapmath.logistic_predictive import (
    derive_probit_slope,
    gaussian_sigmoid_expectation,
    latent_moments,
    mc_predictive,
    metropolis_logistic,
    moderated_predictive,
    moderation_factor,
    plugin_predictive,
)

TAU2 = 4.0


@functools.cache
def _small_problem():
    rng = np.random.default_rng(5)
    t = rng.normal(size=8)
    X = np.column_stack([np.ones(8), t])
    y = np.array([0, 1, 0, 1, 1, 0, 1, 0], dtype=float)
    w = logistic_map(X, y, TAU2)
    return X, y, w, logistic_hessian(w, X, y, TAU2)


def _box(w, H, width=11.0):
    sd = np.sqrt(np.diag(np.linalg.inv(H)))
    return [(w[j] - width * sd[j], w[j] + width * sd[j]) for j in range(2)]


def _gauss_legendre_predictive(X, y, w, H, X_new, n=300):
    (a0, b0), (a1, b1) = _box(w, H)
    z, q = np.polynomial.legendre.leggauss(n)
    g0, q0 = (b0 - a0) / 2 * z + (b0 + a0) / 2, q * (b0 - a0) / 2
    g1, q1 = (b1 - a1) / 2 * z + (b1 + a1) / 2, q * (b1 - a1) / 2
    W = np.stack(np.meshgrid(g0, g1, indexing="ij"), axis=-1).reshape(-1, 2)
    Z = W @ X.T
    J = np.sum(np.logaddexp(0, Z) - y * Z, axis=1) + np.sum(W**2, axis=1) / (2 * TAU2)
    weight = np.exp(-(J - J.min())) * np.outer(q0, q1).ravel()
    return expit(W @ X_new.T).T @ weight / weight.sum()


def test_gauss_legendre_reference_agrees_with_scipy_dblquad():
    X, y, w, H = _small_problem()
    x_new = np.array([1.0, 3.0])
    J0 = logistic_objective(w, X, y, TAU2)
    (a0, b0), (a1, b1) = _box(w, H)

    def dens(w1, w0):  # exp(J(ŵ) - J(w)), J written out (scalars: dblquad calls it ~10⁵ times)
        z = X[:, 0] * w0 + X[:, 1] * w1
        return np.exp(J0 - (np.sum(np.logaddexp(0, z) - y * z) + (w0 * w0 + w1 * w1) / (2 * TAU2)))

    w_test = np.array([0.3, -1.2])  # the written-out J is the library's
    assert np.log(dens(w_test[1], w_test[0])) == pytest.approx(J0 - logistic_objective(w_test, X, y, TAU2))

    norm, _ = integrate.dblquad(dens, a0, b0, a1, b1, epsabs=1e-10, epsrel=1e-9)
    num, _ = integrate.dblquad(lambda w1, w0: dens(w1, w0) * expit(w0 + 3.0 * w1), a0, b0, a1, b1,
                               epsabs=1e-10, epsrel=1e-9)
    grid = _gauss_legendre_predictive(X, y, w, H, x_new[None, :])[0]
    assert grid == pytest.approx(num / norm, abs=1e-7)


def test_metropolis_predictive_matches_2d_quadrature():
    X, y, w, H = _small_problem()
    X_new = np.column_stack([np.ones(5), [-4.0, -1.0, 0.0, 2.0, 5.0]])
    exact = _gauss_legendre_predictive(X, y, w, H, X_new)
    res = metropolis_logistic(X, y, TAU2, n_samples=60000, step=1.2, seed=3, start=w)
    assert 0.2 < res.acceptance < 0.7
    assert np.max(np.abs(mc_predictive(X_new, res.samples) - exact)) < 0.01
    # the posterior mean of w from the chain against the quadrature's
    assert np.allclose(res.samples.mean(axis=0), _posterior_mean(X, y, w, H), atol=0.03)


def _posterior_mean(X, y, w, H, n=300):
    (a0, b0), (a1, b1) = _box(w, H)
    z, q = np.polynomial.legendre.leggauss(n)
    g0, g1 = (b0 - a0) / 2 * z + (b0 + a0) / 2, (b1 - a1) / 2 * z + (b1 + a1) / 2
    W = np.stack(np.meshgrid(g0, g1, indexing="ij"), axis=-1).reshape(-1, 2)
    Z = W @ X.T
    J = np.sum(np.logaddexp(0, Z) - y * Z, axis=1) + np.sum(W**2, axis=1) / (2 * TAU2)
    p = np.exp(-(J - J.min())) * np.outer(q, q).ravel()
    return W.T @ p / p.sum()


def test_moderated_is_closer_to_exact_than_plugin_far_from_the_data():
    X, y, w, H = _small_problem()
    X_new = np.column_stack([np.ones(2), [-6.0, 6.0]])
    exact = _gauss_legendre_predictive(X, y, w, H, X_new)
    assert np.all(np.abs(moderated_predictive(X_new, w, H) - exact) < np.abs(plugin_predictive(X_new, w) - exact))


def test_gaussian_sigmoid_expectation_equals_scipy_quad():
    for mu, s2 in [(0.0, 1.0), (2.0, 0.5), (-3.0, 9.0), (1.5, 0.0)]:
        if s2 == 0:
            expected = expit(mu)
        else:
            expected, _ = integrate.quad(lambda a, m=mu, v=s2: expit(a) * stats.norm.pdf(a, m, np.sqrt(v)),
                                         -np.inf, np.inf, epsabs=1e-13)
        assert gaussian_sigmoid_expectation([mu], [s2])[0] == pytest.approx(expected, abs=1e-7)


def test_probit_moderation_is_accurate_to_a_few_thousandths():
    mu = np.linspace(-5, 5, 41)
    for s2 in (0.5, 2.0, 10.0):
        exact = gaussian_sigmoid_expectation(mu, np.full_like(mu, s2))
        assert np.max(np.abs(expit(moderation_factor(s2) * mu) - exact)) < 0.02


def test_probit_slope_derivation():
    pm = derive_probit_slope()
    assert sp.simplify(pm.lam_squared - sp.pi / 8) == 0
    assert sp.simplify(pm.kappa - (1 + sp.pi * pm.s2 / 8) ** sp.Rational(-1, 2)) == 0
    # the probit convolution identity behind κ: E Φ(λa) = Φ(λμ/√(1 + λ²s²)) (SciPy quad)
    lam = float(pm.lam)
    for mu, s2 in [(1.0, 2.0), (-2.0, 0.3)]:
        lhs, _ = integrate.quad(lambda a, m=mu, v=s2: stats.norm.cdf(lam * a) * stats.norm.pdf(a, m, np.sqrt(v)),
                                -np.inf, np.inf, epsabs=1e-13)
        assert lhs == pytest.approx(stats.norm.cdf(lam * mu / np.sqrt(1 + lam**2 * s2)), abs=1e-10)


def test_latent_moments_equal_direct_formulas():
    _, _, w, H = _small_problem()
    X_new = np.array([[1.0, 0.5], [1.0, -3.0]])
    mu, s2 = latent_moments(X_new, w, H)
    assert np.allclose(mu, X_new @ w)
    assert np.allclose(s2, np.einsum("ij,jk,ik->i", X_new, np.linalg.inv(H), X_new), rtol=1e-12)
    assert np.allclose(plugin_predictive(X_new, w), 1 / (1 + np.exp(-X_new @ w)))


# generic bad inputs (strings, bools, NaN, ±inf, 0, negatives, empty, mismatched shapes):
# tests/test_common_battery.py; here only what is particular to these functions
@pytest.mark.parametrize("call, words", [
    (lambda: latent_moments([[1.0, 0.0]], [0.0, 0.0], [[1.0, 2.0], [2.0, 1.0]]), "positive definite"),
    (lambda: latent_moments([[1.0, 0.0]], [0.0, 0.0], [[1.0, 0.5], [0.0, 1.0]]), "symmetric"),
])
def test_arguments_are_validated(call, words):
    with pytest.raises((TypeError, ValueError), match=words):
        call()


def test_grid_predictive_equals_the_gauss_legendre_reference_and_scipy_dblquad():
    """mapmath's grid predictive (200 nodes) against this file's 300-node reference (itself checked
    against SciPy's dblquad above)."""
    X, y, w, H = _small_problem()
    X_new = np.array([[1.0, 0.0], [1.0, 3.0], [1.0, -6.0]])
    from mapmath.logistic_predictive import grid_predictive

    got = grid_predictive(X, y, TAU2, X_new, w, H)
    np.testing.assert_allclose(got, _gauss_legendre_predictive(X, y, w, H, X_new), rtol=1e-9)


def test_grid_predictive_validates_its_arguments():
    from mapmath.logistic_predictive import grid_predictive

    X, y, w, H = _small_problem()
    with pytest.raises(ValueError, match="2 columns"):
        grid_predictive(np.ones((8, 3)), y, TAU2, [[1.0, 0.0]], w, H)
    with pytest.raises(ValueError, match="y must hold"):
        grid_predictive(X, y + 2, TAU2, [[1.0, 0.0]], w, H)
    with pytest.raises(ValueError, match="tau2"):
        grid_predictive(X, y, -1.0, [[1.0, 0.0]], w, H)
    with pytest.raises(ValueError, match="n_nodes"):
        grid_predictive(X, y, TAU2, [[1.0, 0.0]], w, H, n_nodes=1)
