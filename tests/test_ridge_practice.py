"""Ridge on real data: the intercept, standardizing, choosing τ² (evidence against cross-validation),
and the posterior predictive (chapter 3, "Intercepts and scaling" and "Choosing the prior variance").

Independent implementations: scikit-learn (``Ridge``, ``RidgeCV``, ``StandardScaler``,
``LinearRegression``), SciPy's ``multivariate_normal.logpdf`` and a Monte Carlo from the posterior.
"""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats
from sklearn.datasets import load_diabetes
from sklearn.linear_model import LinearRegression, Ridge, RidgeCV
from sklearn.preprocessing import StandardScaler

from mapmath.hierarchical_scale import empirical_bayes_tau2, log_marginal_likelihood
from mapmath.ridge import (
    residual_variance,
    ridge_map,
    ridge_map_diagonal,
    ridge_map_intercept,
    ridge_posterior,
    ridge_predictive,
    standardize,
)
from mapmath.ridge_svd import effective_df, ridge_loo_mse


@pytest.fixture(scope="module")
def diabetes():
    data = load_diabetes(scaled=False)          # bundled with scikit-learn: nothing is downloaded
    X, y = data.data, data.target
    Xs = standardize(X)
    yc = y - y.mean()
    s2 = residual_variance(X, y)
    return X, y, Xs, yc, s2


# --------------------------------------------------------------------------- preprocessing
def test_standardize_matches_sklearn_standard_scaler(diabetes):
    X, _, Xs, _, _ = diabetes
    np.testing.assert_allclose(Xs.values, StandardScaler().fit_transform(X), rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(Xs.values * Xs.scale + Xs.mean, X, rtol=1e-12)


def test_residual_variance_is_rss_over_n_minus_p_minus_1_from_sklearn_linear_regression(diabetes):
    X, y, _, _, s2 = diabetes
    fit = LinearRegression().fit(X, y)
    rss = np.sum((y - fit.predict(X)) ** 2)
    assert s2 == pytest.approx(rss / (len(y) - X.shape[1] - 1), rel=1e-10)


def test_preprocessing_validates_its_arguments():
    with pytest.raises(ValueError, match="constant column"):
        standardize(np.column_stack([np.arange(5.0), np.ones(5)]))
    with pytest.raises(ValueError, match="more observations"):
        residual_variance(np.eye(3), np.ones(3))
    with pytest.raises(ValueError, match="prior_precisions"):
        ridge_map_diagonal(np.eye(3), np.ones(3), 1.0, [1.0, -1.0, 1.0])
    with pytest.raises(ValueError, match="prior_precisions"):
        ridge_map_diagonal(np.ones((4, 2)), np.ones(4), 1.0, [0.0, 0.0])


# --------------------------------------------------------------------------- intercept and scaling
def test_flat_prior_intercept_equals_sklearn_fit_intercept_and_centring(diabetes):
    X, y, _, _, s2 = diabetes
    tau2 = 50.0
    fit = ridge_map_intercept(X, y, s2, tau2)
    sk = Ridge(alpha=s2 / tau2, fit_intercept=True).fit(X, y)
    np.testing.assert_allclose(fit.coef, sk.coef_, rtol=1e-8)
    assert fit.intercept == pytest.approx(sk.intercept_, rel=1e-9)
    centred = ridge_map(X - X.mean(axis=0), y - y.mean(), s2, tau2)
    np.testing.assert_allclose(fit.coef, centred, rtol=1e-8)
    assert fit.intercept == pytest.approx(y.mean() - X.mean(axis=0) @ centred, rel=1e-9)


def test_flat_intercept_prior_is_the_limit_of_a_wide_gaussian_prior(diabetes):
    X, y, _, _, s2 = diabetes
    Z = np.column_stack([np.ones(len(y)), X])
    flat = ridge_map_intercept(X, y, s2, 10.0)
    gaps = []
    for precision in (1e-6, 1e-8, 1e-10):
        wide = ridge_map_diagonal(Z, y, s2, np.concatenate([[precision], np.full(X.shape[1], 0.1)]))
        gaps.append(np.max(np.abs(wide - np.concatenate([[flat.intercept], flat.coef]))))
    assert gaps[0] > 50 * gaps[1] > 2500 * gaps[2] and gaps[2] < 1e-4   # the gap falls like the precision


def test_penalizing_the_intercept_gives_a_different_estimate(diabetes):
    X, y, _, _, s2 = diabetes
    Z = np.column_stack([np.ones(len(y)), X])
    penalized = ridge_map(Z, y, s2, 10.0)
    assert abs(penalized[0] - ridge_map_intercept(X, y, s2, 10.0).intercept) > 1.0


def test_isotropic_prior_on_standardized_features_is_a_per_feature_prior_in_original_units(diabetes):
    X, _, Xs, yc, s2 = diabetes
    tau2 = 200.0
    back = ridge_map(Xs.values, yc, s2, tau2) / Xs.scale
    per_feature = ridge_map_diagonal(X - Xs.mean, yc, s2, Xs.scale**2 / tau2)
    np.testing.assert_allclose(back, per_feature, rtol=1e-9)
    raw = ridge_map(X - Xs.mean, yc, s2, empirical_bayes_tau2(X - Xs.mean, yc, s2))
    assert np.max(np.abs(back - raw) / np.abs(back)) > 1.0       # not a rescaling of the same estimate


def test_ridge_alpha_for_a_fixed_prior_does_not_scale_with_n(diabetes):
    _, _, Xs, yc, s2 = diabetes
    tau2 = 200.0
    for n in (50, 150, 442):
        sk = Ridge(alpha=s2 / tau2, fit_intercept=False).fit(Xs.values[:n], yc[:n]).coef_
        np.testing.assert_allclose(sk, ridge_posterior(Xs.values[:n], yc[:n], s2, tau2).mean, rtol=1e-9)
        if n < 442:   # an alpha scaled with n would encode a different prior
            scaled = Ridge(alpha=s2 / tau2 * n / 442, fit_intercept=False).fit(Xs.values[:n], yc[:n]).coef_
            assert np.max(np.abs(scaled - sk)) > 1e-3


# --------------------------------------------------------------------------- evidence and CV
def test_log_evidence_is_scipys_multivariate_normal_logpdf(diabetes):
    _, _, Xs, yc, s2 = diabetes
    X = Xs.values
    for tau2 in (0.0, 1.0, 197.0, 5000.0):
        cov = s2 * np.eye(len(yc)) + tau2 * X @ X.T
        ref = stats.multivariate_normal(mean=np.zeros(len(yc)), cov=cov).logpdf(yc)
        assert log_marginal_likelihood(tau2, X, yc, s2) == pytest.approx(ref, rel=1e-10)


def test_empirical_bayes_tau2_is_bishops_fixed_point_tau2_equals_norm2_over_gamma(diabetes):
    _, _, Xs, yc, s2 = diabetes
    t2 = empirical_bayes_tau2(Xs.values, yc, s2)
    m = ridge_map(Xs.values, yc, s2, t2)
    gamma = effective_df(Xs.values, s2 / t2)
    assert t2 == pytest.approx(m @ m / gamma, rel=1e-5)
    ev = log_marginal_likelihood(t2, Xs.values, yc, s2)
    assert ev > log_marginal_likelihood(t2 * 1.05, Xs.values, yc, s2)
    assert ev > log_marginal_likelihood(t2 / 1.05, Xs.values, yc, s2)


def test_centred_evidence_differs_from_the_flat_intercept_evidence_by_a_constant_in_tau2(diabetes):
    """Integrating a flat-prior intercept out leaves N(Qᵀy; 0, Qᵀ(σ²I + τ²X_cX_cᵀ)Q) on the
    complement of 1 (Q orthonormal, Qᵀ1 = 0), up to a factor free of τ²; the n-dimensional density
    of the centred data differs from it by a constant, so both pick the same τ²."""
    X, y, _, _, s2 = diabetes
    n = len(y)
    Xc = X - X.mean(axis=0)
    Q = np.linalg.qr(np.column_stack([np.ones(n), np.eye(n)[:, : n - 1]]))[0][:, 1:]
    gaps = []
    for tau2 in (0.001, 0.01, 0.1):
        cov = Q.T @ (s2 * np.eye(n) + tau2 * Xc @ Xc.T) @ Q
        flat = stats.multivariate_normal(mean=np.zeros(n - 1), cov=cov).logpdf(Q.T @ y)
        gaps.append(flat - log_marginal_likelihood(tau2, Xc, y - y.mean(), s2))
    assert np.ptp(gaps) < 1e-6 * abs(gaps[0])


def test_ridgecv_with_alpha_sigma2_over_tau2_picks_the_loo_minimizer(diabetes):
    _, _, Xs, yc, s2 = diabetes
    tau2_grid = np.logspace(0, 4, 41)
    alphas = s2 / tau2_grid
    cv = RidgeCV(alphas=alphas, fit_intercept=False).fit(Xs.values, yc)
    loo = [ridge_loo_mse(Xs.values, yc, a) for a in alphas]
    assert cv.alpha_ == alphas[int(np.argmin(loo))]


# --------------------------------------------------------------------------- predictive
@pytest.mark.parametrize("intercept", [False, True])
def test_posterior_predictive_matches_a_monte_carlo_from_the_posterior(diabetes, intercept):
    X, y, Xs, yc, s2 = diabetes
    tau2 = 200.0
    response = y if intercept else yc
    x_new = np.zeros((2, X.shape[1]))
    x_new[0, 2] = 1.0
    x_new[1] = Xs.values[7]
    pred = ridge_predictive(Xs.values, response, s2, tau2, x_new, intercept=intercept)
    # Monte Carlo: (b, w) from the posterior, then y* = b + x*ᵀw + ε
    Z = np.column_stack([np.ones(len(y)), Xs.values]) if intercept else Xs.values
    prior = np.concatenate([[0.0], np.full(X.shape[1], 1 / tau2)]) if intercept else np.full(X.shape[1], 1 / tau2)
    A = Z.T @ Z / s2 + np.diag(prior)
    mean = np.linalg.solve(A, Z.T @ response / s2)
    rng = np.random.default_rng(11)
    draws = rng.multivariate_normal(mean, np.linalg.inv(A), size=200_000)
    Zn = np.column_stack([np.ones(2), x_new]) if intercept else x_new
    ystar = draws @ Zn.T + rng.normal(0.0, np.sqrt(s2), size=(200_000, 2))
    np.testing.assert_allclose(pred.mean, ystar.mean(axis=0), atol=4 * np.sqrt(pred.variance.max() / 200_000))
    np.testing.assert_allclose(pred.variance, ystar.var(axis=0), rtol=0.015)
    np.testing.assert_allclose(pred.parameter_variance, (draws @ Zn.T).var(axis=0), rtol=0.02)


def test_predictive_with_intercept_adds_the_intercepts_variance_sigma2_over_n(diabetes):
    _, y, Xs, yc, s2 = diabetes
    x_new = Xs.values[:3]
    with_b = ridge_predictive(Xs.values, y, s2, 200.0, x_new, intercept=True)
    without = ridge_predictive(Xs.values, yc, s2, 200.0, x_new)
    # centred columns: the intercept's posterior is N(ȳ, σ²/n), independent of w
    np.testing.assert_allclose(with_b.variance - without.variance, s2 / len(y), rtol=1e-8)
    np.testing.assert_allclose(with_b.mean - without.mean, y.mean(), rtol=1e-10)


def test_predictive_validates_its_arguments(diabetes):
    _, _, Xs, yc, s2 = diabetes
    with pytest.raises(ValueError, match="X_new"):
        ridge_predictive(Xs.values, yc, s2, 1.0, np.zeros((1, 3)))
    with pytest.raises(TypeError, match="intercept"):
        ridge_predictive(Xs.values, yc, s2, 1.0, np.zeros((1, 10)), intercept="yes")
    with pytest.raises(ValueError, match="tau2"):
        ridge_predictive(Xs.values, yc, s2, -1.0, np.zeros((1, 10)))


def test_the_declared_scikit_learn_lower_bound_has_what_chapter_3_calls():
    """Chapter 3 calls ``RidgeCV(store_cv_results=...)``, added in scikit-learn 1.5 (issue 18 C.10)."""
    import json
    import re
    import tomllib
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    extras = tomllib.loads((root / "pyproject.toml").read_text())["project"]["optional-dependencies"]
    (spec,) = [s for s in extras["notebooks"] if s.startswith("scikit-learn")]
    lower = tuple(int(p) for p in re.fullmatch(r"scikit-learn>=(\d+)\.(\d+)", spec).groups())
    cells = json.loads((root / "chapters" / "03_ridge.ipynb").read_text())["cells"]
    if any("store_cv_results" in "".join(c["source"]) for c in cells):
        assert lower >= (1, 5)
