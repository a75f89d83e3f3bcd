"""Laplace's evidence, the grid evidence and BIC for logistic regression, against SciPy and scikit-learn."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import integrate, stats
from sklearn.linear_model import LogisticRegression

from mapmath.laplace_evidence import (
    bic_log_evidence,
    grid_log_evidence,
    laplace_log_evidence,
    logistic_log_joint,
)


def _data(n, seed=20261210):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=n)
    X = np.column_stack([np.ones(n), x])
    y = (rng.uniform(size=n) < 1 / (1 + np.exp(-(X @ [-0.5, 1.5])))).astype(float)
    return X, y


def test_log_joint_is_bernoulli_likelihood_times_gaussian_prior():
    X, y = _data(15)
    w = np.array([0.3, -0.8])
    p = 1 / (1 + np.exp(-(X @ w)))
    ref = stats.bernoulli.logpmf(y, p).sum() + stats.multivariate_normal(np.zeros(2), 4.0 * np.eye(2)).logpdf(w)
    assert logistic_log_joint(w, X, y, 4.0) == pytest.approx(ref, rel=1e-12)


def test_grid_evidence_matches_scipy_dblquad():
    """SciPy's adaptive dblquad of the joint density (written out here, not mapmath's) over ±10 sd."""
    X, y = _data(20)
    lap = laplace_log_evidence(X, y, 4.0)
    sd = np.sqrt(np.diag(np.linalg.inv(lap.hessian)))
    x1 = X[:, 1]

    def log_joint(a, b):
        z = a + b * x1
        return float(np.sum(y * z - np.logaddexp(0.0, z)) - (a * a + b * b) / 8.0 - np.log(8.0 * np.pi))

    peak = log_joint(*lap.map)
    lo, hi = lap.map - 10 * sd, lap.map + 10 * sd
    val, _ = integrate.dblquad(lambda b, a: np.exp(log_joint(a, b) - peak), lo[0], hi[0], lo[1], hi[1],
                               epsabs=1e-9, epsrel=1e-9)
    assert grid_log_evidence(X, y, 4.0) == pytest.approx(np.log(val) + peak, abs=1e-7)


def test_laplace_parts_add_up_and_its_error_shrinks_with_n():
    gaps = []
    for n in (25, 100, 400):
        X, y = _data(n)
        lap = laplace_log_evidence(X, y, 4.0)
        occam = (stats.multivariate_normal(np.zeros(2), 4.0 * np.eye(2)).logpdf(lap.map) + np.log(2 * np.pi)
                 - 0.5 * np.log(np.linalg.det(lap.hessian)))
        assert lap.log_occam == pytest.approx(occam, rel=1e-12)
        assert lap.log_evidence == pytest.approx(lap.log_likelihood + lap.log_occam, rel=1e-14)
        gaps.append(abs(lap.log_evidence - grid_log_evidence(X, y, 4.0)))
    assert gaps[0] > gaps[1] > gaps[2]


def test_bic_uses_the_maximum_likelihood_of_scikit_learn():
    X, y = _data(100)
    lr = LogisticRegression(C=np.inf, fit_intercept=False, tol=1e-12, max_iter=10_000).fit(X, y)
    p = lr.predict_proba(X)[:, 1]
    ref = stats.bernoulli.logpmf(y, p).sum() - np.log(100)
    assert bic_log_evidence(X, y) == pytest.approx(ref, rel=1e-8)


def test_bic_refuses_separable_data():
    X = np.column_stack([np.ones(6), np.arange(6.0)])
    y = np.array([0, 0, 0, 1, 1, 1.0])
    with pytest.raises(ValueError):
        bic_log_evidence(X, y)
