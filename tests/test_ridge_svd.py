"""Ridge through the SVD: shrinkage factors, degrees of freedom, augmented data, the minimum-norm
limit, and how the estimate moves with λ (chapter 3, "The SVD view" and "Not every coefficient shrinks").

Independent implementations: NumPy's ``svd``/``pinv``/``lstsq``, scikit-learn's ``Ridge``/``RidgeCV``,
brute-force leave-one-out refits, finite differences.
"""

from __future__ import annotations

import numpy as np
import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.linear_model import Ridge, RidgeCV

from mapmath.ridge import (
    least_squares,
    ridge_augmented_data,
    ridge_map,
    ridge_path,
    ridge_path_derivative,
    two_feature_example,
)
from mapmath.ridge_svd import (
    derive_ridge_svd,
    effective_df,
    ridge_hat_matrix,
    ridge_loo_mse,
    ridge_loo_mse_path,
    ridge_svd_view,
    shrinkage_factors,
)


def _problem(seed: int, n: int, d: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, d)) @ rng.normal(size=(d, d))   # correlated columns
    y = X @ rng.normal(size=d) + rng.normal(size=n)
    return X, y


problems = st.tuples(st.integers(0, 2**32 - 1), st.integers(2, 12), st.integers(1, 8))
lams = st.floats(0.01, 50.0)


def _zero(M: sp.Matrix) -> bool:
    return M.applyfunc(sp.cancel) == sp.zeros(*M.shape)


# --------------------------------------------------------------------------- symbolic
@pytest.fixture(scope="module")
def svd_derivation():
    return derive_ridge_svd()


def test_derivation_frame_is_orthonormal_so_X_is_U_D_Vt(svd_derivation):
    S = svd_derivation
    assert S.U.T * S.U == sp.eye(2) and S.V.T * S.V == sp.eye(2)


def test_ridge_fit_is_U_diag_d2_over_d2_plus_lambda_Ut_y(svd_derivation):
    S = svd_derivation
    assert _zero(S.fitted - S.fitted_svd)
    assert not _zero(S.fitted - S.U * S.U.T * S.y)          # least squares would keep every factor 1


def test_ridge_coef_is_V_diag_d_over_d2_plus_lambda_Ut_y_and_principal_coordinates_shrink(svd_derivation):
    S = svd_derivation
    assert _zero(S.closed_form - S.coef_svd)
    assert _zero(S.principal_coef - S.factors * S.principal_ls)


def test_trace_of_hat_matrix_is_sum_of_shrinkage_factors(svd_derivation):
    S = svd_derivation
    assert sp.cancel(S.df - S.df_svd) == 0
    assert sp.limit(S.df_svd, S.lam, 0) == 2 and sp.limit(S.df_svd, S.lam, sp.oo) == 0


def test_squared_norm_has_the_svd_form_and_a_negative_derivative(svd_derivation):
    S = svd_derivation
    assert sp.cancel(S.norm2 - S.norm2_svd) == 0
    # each term of d‖ŵ‖²/dλ is -2 d_j² (u_jᵀy)² / (d_j² + λ)³ <= 0
    for term in sp.Add.make_args(sp.expand(S.dnorm2_svd, deep=False)):
        assert term.is_nonpositive


def test_derivative_of_the_path_solves_K_dw_equals_minus_w(svd_derivation):
    S = svd_derivation
    assert _zero(S.K * S.dcoef + S.closed_form)


# --------------------------------------------------------------------------- numeric SVD view
@settings(max_examples=40, deadline=None)
@given(problems, lams)
def test_svd_view_matches_ridge_map_and_its_fitted_values(problem, lam):
    X, y = _problem(*problem)
    view = ridge_svd_view(X, y, lam)
    w = ridge_map(X, y, lam, 1.0)
    np.testing.assert_allclose(view.coef, w, rtol=1e-7, atol=1e-9)
    np.testing.assert_allclose(view.fitted, X @ w, rtol=1e-7, atol=1e-9)
    np.testing.assert_allclose(view.principal_coef, view.V.T @ w, rtol=1e-7, atol=1e-9)
    np.testing.assert_allclose(view.principal_coef, view.factors * view.principal_ls, rtol=1e-12)


def test_shrinkage_factors_come_from_numpy_singular_values():
    X, _ = _problem(1, 30, 4)
    s = np.linalg.svd(X, compute_uv=False)
    np.testing.assert_allclose(shrinkage_factors(X, 3.0), s**2 / (s**2 + 3.0), rtol=1e-12)
    assert np.all(shrinkage_factors(X, 0.0) == 1.0)


@settings(max_examples=40, deadline=None)
@given(problems, lams)
def test_effective_df_is_the_trace_of_the_hat_matrix_and_bishops_gamma(problem, lam):
    X, _ = _problem(*problem)
    df = effective_df(X, lam)
    assert df == pytest.approx(np.trace(ridge_hat_matrix(X, lam)), rel=1e-8)
    # Bishop's γ = Σ λ_i/(α + λ_i), λ_i eigenvalues of β XᵀX, with β = 1/σ², α = 1/τ², λ = σ²/τ²
    sigma2, tau2 = 2.0, 2.0 / lam
    eig = np.clip(np.linalg.eigvalsh(X.T @ X / sigma2), 0.0, None)
    assert df == pytest.approx(np.sum(eig / (1 / tau2 + eig)), rel=1e-8, abs=1e-10)


def test_effective_df_runs_from_the_rank_down_to_zero():
    X, _ = _problem(2, 20, 5)
    X[:, 4] = X[:, 0] + X[:, 1]                            # rank 4
    grid = np.logspace(-6, 8, 60)
    dfs = np.array([effective_df(X, lam) for lam in grid])
    assert effective_df(X, 0.0) == 4 == np.linalg.matrix_rank(X)
    assert np.all(np.diff(dfs) < 0) and dfs[0] == pytest.approx(4, abs=1e-4) and dfs[-1] < 1e-4


def test_hat_matrix_gives_sklearn_ridge_predictions_and_is_symmetric():
    X, y = _problem(3, 25, 4)
    H = ridge_hat_matrix(X, 2.5)
    np.testing.assert_allclose(H @ y, Ridge(alpha=2.5, fit_intercept=False).fit(X, y).predict(X), rtol=1e-9)
    np.testing.assert_allclose(H, H.T, atol=1e-12)


def test_loo_shortcut_equals_brute_force_refits_and_sklearn_ridgecv():
    X, y = _problem(4, 18, 3)
    lam = 1.7
    errors = []
    for i in range(len(y)):
        keep = np.arange(len(y)) != i
        errors.append(y[i] - X[i] @ ridge_map(X[keep], y[keep], lam, 1.0))
    assert ridge_loo_mse(X, y, lam) == pytest.approx(np.mean(np.square(errors)), rel=1e-10)
    alphas = np.logspace(-2, 2, 9)
    cv = RidgeCV(alphas=alphas, fit_intercept=False, store_cv_results=True).fit(X, y)
    np.testing.assert_allclose(cv.cv_results_.mean(axis=0), [ridge_loo_mse(X, y, a) for a in alphas], rtol=1e-9)


@pytest.mark.parametrize("shape", [(18, 3), (5, 12), "rank-deficient"])
def test_loo_path_from_one_svd_equals_the_hat_matrix_shortcut_at_every_lambda(shape):
    if shape == "rank-deficient":
        X, y = _problem(7, 15, 3)
        X = np.column_stack([X, X[:, 0] + X[:, 1]])
    else:
        X, y = _problem(7, *shape)
    lams = np.logspace(-3, 3, 13)
    np.testing.assert_allclose(ridge_loo_mse_path(X, y, lams), [ridge_loo_mse(X, y, a) for a in lams], rtol=1e-9)
    assert ridge_loo_mse_path(X, y, 2.0).shape == ()
    assert float(ridge_loo_mse_path(X, y, 2.0)) == pytest.approx(ridge_loo_mse(X, y, 2.0), rel=1e-10)


@pytest.mark.parametrize("lams", [[], [1.0, 0.0], [-1.0], [np.nan], [[1.0]]])
def test_loo_path_validates_lams(lams):
    X, y = _problem(4, 18, 3)
    with pytest.raises(ValueError, match="lams"):
        ridge_loo_mse_path(X, y, lams)


# --------------------------------------------------------------------------- augmented data, d > n
@settings(max_examples=40, deadline=None)
@given(problems, lams)
def test_least_squares_on_augmented_data_is_ridge(problem, lam):
    X, y = _problem(*problem)
    Xa, ya = ridge_augmented_data(X, y, lam)
    assert Xa.shape == (X.shape[0] + X.shape[1], X.shape[1]) and np.all(ya[X.shape[0]:] == 0)
    np.testing.assert_allclose(np.linalg.lstsq(Xa, ya, rcond=None)[0], ridge_map(X, y, lam, 1.0),
                               rtol=1e-7, atol=1e-9)


def test_augmented_objective_is_the_ridge_objective():
    X, y = _problem(5, 10, 3)
    w = np.array([0.3, -1.0, 2.0])
    Xa, ya = ridge_augmented_data(X, y, 4.0)
    assert np.sum((ya - Xa @ w) ** 2) == pytest.approx(np.sum((y - X @ w) ** 2) + 4.0 * w @ w, rel=1e-12)


def test_more_features_than_observations_ridge_tends_to_the_minimum_norm_solution():
    rng = np.random.default_rng(6)
    X, y = rng.normal(size=(5, 12)), rng.normal(size=5)
    w_pinv = np.linalg.pinv(X) @ y
    gaps = [np.max(np.abs(ridge_map(X, y, 1.0, t2) - w_pinv)) for t2 in (1e2, 1e4, 1e6)]
    assert gaps[0] > gaps[1] > gaps[2] and gaps[2] < 1e-6
    np.testing.assert_allclose(ridge_svd_view(X, y, 0.0).coef, w_pinv, rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(least_squares(X, y), w_pinv, rtol=1e-9, atol=1e-12)
    # the limit interpolates, and every ridge estimate lies in the row space of X
    np.testing.assert_allclose(X @ w_pinv, y, atol=1e-10)
    w = ridge_map(X, y, 1.0, 3.0)
    np.testing.assert_allclose(np.linalg.pinv(X) @ (X @ w), w, atol=1e-10)


# --------------------------------------------------------------------------- what shrinks, what need not
def test_two_feature_example_is_chapter_4s_construction():
    rng = np.random.default_rng(20260304)
    X2 = rng.normal(size=(40, 2))
    X2[:, 1] = 0.6 * X2[:, 0] + 0.8 * X2[:, 1]
    y2 = X2 @ np.array([2.0, 0.4]) + rng.normal(size=40)
    X, y = two_feature_example()
    assert np.array_equal(X, X2) and np.array_equal(y, y2)


def test_a_ridge_coefficient_grows_on_chapter_4s_data_least_squares_0571_ridge_20_gives_0748():
    X, y = two_feature_example()
    w_ls = least_squares(X, y)
    w20 = Ridge(alpha=20.0, fit_intercept=False).fit(X, y).coef_   # independent solver
    assert round(w_ls[1], 3) == 0.571 and round(w20[1], 3) == 0.748
    np.testing.assert_allclose(ridge_map(X, y, 1.0, 1 / 20), w20, rtol=1e-10)
    assert np.linalg.norm(w20) < np.linalg.norm(w_ls)               # yet the norm shrank


@settings(max_examples=40, deadline=None)
@given(problems)
def test_norm_and_principal_coordinates_shrink_monotonically_along_the_path(problem):
    X, y = _problem(*problem)
    grid = np.logspace(-3, 3, 40)       # τ² grid with σ² = 1: λ = 1/τ² decreasing
    path = ridge_path(X, y, 1.0, grid)
    assert np.all(np.diff(np.linalg.norm(path, axis=1)) > -1e-12)
    V = ridge_svd_view(X, y, 1.0).V
    principal = np.abs(path @ V)
    assert np.all(np.diff(principal, axis=0) > -1e-12)


def test_path_derivative_matches_finite_differences_and_predicts_the_growing_coefficient():
    X, y = two_feature_example()
    for lam in (0.5, 5.0, 20.0, 60.0):
        h = 1e-4 * lam
        fd = (ridge_map(X, y, lam + h, 1.0) - ridge_map(X, y, lam - h, 1.0)) / (2 * h)
        np.testing.assert_allclose(ridge_path_derivative(X, y, lam), fd, rtol=1e-6, atol=1e-10)
    w0 = least_squares(X, y)
    assert ridge_path_derivative(X, y, 1e-9)[1] * w0[1] > 0         # |ŵ₂| grows at first
    assert ridge_path_derivative(X, y, 60.0)[1] < 0                  # and falls later
    w = ridge_map(X, y, 5.0, 1.0)
    assert 2 * w @ ridge_path_derivative(X, y, 5.0) < 0               # d‖ŵ‖²/dλ < 0


# --------------------------------------------------------------------------- validation
def test_svd_functions_validate_their_arguments():
    X, y = _problem(7, 8, 2)
    with pytest.raises(ValueError, match="lam"):
        effective_df(X, -1.0)
    with pytest.raises(ValueError, match="lam"):
        ridge_hat_matrix(X, 0.0)
    with pytest.raises(TypeError, match="lam"):
        shrinkage_factors(X, "1")
    with pytest.raises(ValueError, match="lam"):
        ridge_augmented_data(X, y, -0.1)
    with pytest.raises(ValueError, match="lam"):
        ridge_path_derivative(X, y, 0.0)
    with pytest.raises(ValueError, match="y"):
        ridge_svd_view(X, y[:-1], 1.0)
    with pytest.raises(TypeError, match="seed"):
        two_feature_example(seed=1.5)
