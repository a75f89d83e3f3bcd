"""The evidence fixed point and ARD (mapmath.evidence) against scikit-learn and SciPy."""

from __future__ import annotations

import numpy as np
import pytest
import sympy as sp
from scipy import stats
from sklearn.linear_model import ARDRegression, BayesianRidge, LinearRegression
from sklearn.model_selection import cross_val_predict

from mapmath.evidence import (
    ard_fit,
    derive_evidence_stationarity,
    effective_parameters,
    evidence_fixed_point,
    kfold_mse,
    log_evidence,
)


def _problem(seed, n=60, d=5, zeros=()):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, d))
    w = rng.normal(scale=2.0, size=d)
    w[list(zeros)] = 0.0
    y = X @ w + rng.normal(scale=1.5, size=n)
    return X - X.mean(axis=0), y - y.mean()


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_evidence_fixed_point_equals_sklearn_bayesian_ridge_with_zero_hyperpriors(seed):
    X, y = _problem(seed)
    fit = evidence_fixed_point(X, y)
    br = BayesianRidge(fit_intercept=False, alpha_1=0.0, alpha_2=0.0, lambda_1=0.0, lambda_2=0.0,
                       tol=1e-12, max_iter=10_000).fit(X, y)
    assert br.alpha_ == pytest.approx(fit.beta, rel=1e-8)  # sklearn's alpha_ is the noise precision
    assert br.lambda_ == pytest.approx(fit.alpha, rel=1e-8)  # its lambda_ the weight precision
    np.testing.assert_allclose(br.coef_, fit.mean, rtol=1e-8, atol=1e-10)


def test_log_evidence_equals_scipy_multivariate_normal():
    X, y = _problem(3, n=30, d=4)
    for alpha, beta in ((0.5, 2.0), (3.0, 0.1)):
        cov = np.eye(30) / beta + X @ X.T / alpha
        assert log_evidence(X, y, alpha, beta) == pytest.approx(
            stats.multivariate_normal(np.zeros(30), cov).logpdf(y), rel=1e-11)


def test_fixed_point_is_a_stationary_point_of_the_evidence():
    X, y = _problem(4)
    fit = evidence_fixed_point(X, y)
    h = 1e-5
    for da, db in ((h, 0.0), (0.0, h)):
        up = log_evidence(X, y, fit.alpha * np.exp(da), fit.beta * np.exp(db))
        down = log_evidence(X, y, fit.alpha * np.exp(-da), fit.beta * np.exp(-db))
        assert abs(up - down) / (2 * h) < 1e-5  # derivative in log α, log β
    assert fit.log_evidence == pytest.approx(log_evidence(X, y, fit.alpha, fit.beta), rel=1e-13)


def test_stationarity_identities_hold_symbolically_and_fail_without_gamma():
    E = derive_evidence_stationarity()
    assert E.alpha_identity == 0 and E.beta_identity == 0
    assert sp.cancel(2 * E.alpha * sp.diff(E.log_evidence, E.alpha) + E.alpha * E.mean_sq) != 0


def test_effective_parameters_is_the_trace_of_data_precision_times_posterior_covariance():
    X, _ = _problem(5)
    beta, alpha = 0.7, 1.3
    P = beta * X.T @ X
    S = np.linalg.inv(alpha * np.eye(X.shape[1]) + P)
    assert effective_parameters(np.linalg.eigvalsh(P), alpha) == pytest.approx(np.trace(P @ S), rel=1e-12)
    assert effective_parameters([9.0, 4.0, 1.0, 0.25], 2.0) == pytest.approx(191 / 99, rel=1e-14)


def test_evidence_fixed_point_rejects_data_without_an_interior_maximum():
    X = np.array([[1.0], [0.0], [0.0]])  # y orthogonal to the only column: m = 0
    with pytest.raises(ValueError, match="no interior maximum"):
        evidence_fixed_point(X, np.array([0.0, 2.0, 3.0]))


@pytest.mark.parametrize("seed", [6, 7])
def test_ard_matches_sklearn_ard_regression_kept_set_and_coefficients(seed):
    X, y = _problem(seed, n=100, d=8, zeros=(1, 4, 6))
    ard = ard_fit(X, y, tol=1e-12)
    sk = ARDRegression(fit_intercept=False, threshold_lambda=1e4, alpha_1=0.0, alpha_2=0.0, lambda_1=0.0,
                       lambda_2=0.0, tol=1e-12, max_iter=100_000).fit(X, y)
    assert np.array_equal(sk.coef_ != 0, ard.kept)
    np.testing.assert_allclose(sk.coef_, ard.coef, rtol=1e-6, atol=1e-8)
    assert sk.alpha_ == pytest.approx(ard.beta, rel=1e-6)


def test_ard_prunes_irrelevant_weights_and_its_evidence_is_scipys():
    X, y = _problem(10, n=200, d=6, zeros=(0, 3))
    ard = ard_fit(X, y)
    assert not ard.kept[0] and not ard.kept[3] and ard.kept[[1, 2, 4, 5]].all()
    k = np.flatnonzero(ard.kept)
    cov = np.eye(200) / ard.beta + (X[:, k] / ard.alphas[k]) @ X[:, k].T
    assert ard.log_evidence == pytest.approx(stats.multivariate_normal(np.zeros(200), cov).logpdf(y), rel=1e-10)
    np.testing.assert_allclose(ard.alphas[k] * ard.coef[k] ** 2, ard.gammas[k], rtol=1e-5)


def test_kfold_mse_equals_sklearn_cross_val_predict_on_the_same_folds():
    X, y = _problem(9, n=50, d=3)
    X, y = X + 2.0, y + 5.0  # not centred: the intercept matters
    order = np.random.default_rng(0).permutation(50)
    folds = [(np.setdiff1d(order, t), t) for t in np.array_split(order, 5)]
    pred = cross_val_predict(LinearRegression(), X, y, cv=folds)
    ours = kfold_mse(X, y, lambda A, b: np.linalg.lstsq(A, b, rcond=None)[0], 5, seed=0)
    assert float(ours) == pytest.approx(np.mean((y - pred) ** 2), rel=1e-10)
    grid = kfold_mse(X, y, lambda A, b: np.array([np.zeros(3), np.linalg.lstsq(A, b, rcond=None)[0]]), 5)
    assert grid.shape == (2,) and grid[1] == pytest.approx(float(ours), rel=1e-12)
    with pytest.raises(ValueError, match="k must be at most"):
        kfold_mse(X, y, lambda A, b: np.zeros(3), 51)
