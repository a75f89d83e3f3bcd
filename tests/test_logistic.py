"""L2-penalized logistic regression is the MAP under a Gaussian prior (mapmath.logistic)."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
import sympy as sp
from sklearn.linear_model import LogisticRegression

from mapmath import assert_close, assert_symbolic_equal, logistic_map, sklearn_C
from mapmath.logistic import (
    closed_form_gradient,
    closed_form_hessian,
    derive_logistic_map_objective,
    logistic_gradient,
    logistic_hessian,
    logistic_map_intercept,
    logistic_mle,
    logistic_objective,
)


def _problem(seed: int, n: int | None = None, d: int | None = None):
    rng = np.random.default_rng(seed)
    n = int(rng.integers(20, 150)) if n is None else n
    d = int(rng.integers(1, 6)) if d is None else d
    X = rng.normal(size=(n, d))
    w_true = rng.normal(scale=2.0, size=d)
    y = (rng.random(n) < 1.0 / (1.0 + np.exp(-X @ w_true))).astype(float)
    tau2 = float(10 ** rng.uniform(-1.0, 1.5))
    return X, y, tau2, rng


@pytest.fixture(scope="module")
def derivation():
    return derive_logistic_map_objective(n=2, d=2)


def test_neg_log_posterior_is_nll_plus_l2_penalty_plus_constant(derivation):
    dv = derivation
    d = len(dv.w)
    w2 = sum(wj**2 for wj in dv.w)
    # -log prior = ‖w‖²/(2τ²) + (d/2) log(2πτ²): the penalty plus a w-free constant
    assert_symbolic_equal(dv.neg_log_prior, w2 / (2 * dv.tau2) + sp.Rational(d, 2) * sp.log(2 * sp.pi * dv.tau2),
                          what="-log N(w | 0, τ² I)")
    assert not dv.constant.has(*dv.w)
    lam = 1 / dv.tau2
    assert_symbolic_equal(dv.objective, dv.neg_log_likelihood + lam / 2 * w2, what="NLL + (λ/2)‖w‖², λ = 1/τ²")
    assert_symbolic_equal(dv.neg_log_likelihood + dv.neg_log_prior, dv.objective + dv.constant,
                          what="-log posterior = objective + const")


def test_nll_is_softplus_minus_y_z(derivation):
    dv = derivation
    z = dv.X * sp.Matrix(dv.w)
    expected = sum(sp.log(1 + sp.exp(z[i])) - dv.y[i] * z[i] for i in range(len(dv.y)))
    assert sp.simplify(dv.neg_log_likelihood - expected) == 0


def test_symbolic_gradient_and_hessian_match_closed_forms(derivation):
    dv = derivation
    assert sp.simplify(dv.gradient - closed_form_gradient(dv)) == sp.zeros(len(dv.w), 1)
    assert sp.simplify(dv.hessian - closed_form_hessian(dv)) == sp.zeros(len(dv.w), len(dv.w))


def test_symbolic_objective_matches_numeric_objective(derivation):
    dv = derivation
    rng = np.random.default_rng(3)
    X = rng.normal(size=(2, 2))
    y = np.array([1.0, 0.0])
    w = rng.normal(size=2)
    subs = {dv.tau2: 0.7, **{dv.w[j]: w[j] for j in range(2)}, **{dv.y[i]: y[i] for i in range(2)},
            **{dv.X[i, j]: X[i, j] for i in range(2) for j in range(2)}}
    assert_close(float(dv.objective.subs(subs)), logistic_objective(w, X, y, 0.7), rtol=1e-12)
    assert_close(np.array(dv.gradient.subs(subs), dtype=float).ravel(), logistic_gradient(w, X, y, 0.7))
    assert_close(np.array(dv.hessian.subs(subs), dtype=float), logistic_hessian(w, X, y, 0.7))


@pytest.mark.parametrize("seed", range(5))
def test_gradient_and_hessian_match_finite_differences(seed):
    X, y, tau2, rng = _problem(seed)
    w = rng.normal(size=X.shape[1])
    h = 1e-6
    eye = np.eye(X.shape[1])
    fd_grad = np.array([(logistic_objective(w + h * e, X, y, tau2) - logistic_objective(w - h * e, X, y, tau2))
                        / (2 * h) for e in eye])
    assert_close(logistic_gradient(w, X, y, tau2), fd_grad, rtol=1e-6, atol=1e-6, what="gradient")
    fd_hess = np.array([(logistic_gradient(w + h * e, X, y, tau2) - logistic_gradient(w - h * e, X, y, tau2))
                        / (2 * h) for e in eye])
    assert_close(logistic_hessian(w, X, y, tau2), fd_hess, rtol=1e-6, atol=1e-6, what="Hessian")


@pytest.mark.parametrize("seed", range(12))
def test_logistic_map_equals_sklearn_logistic_regression_with_C_equal_tau2(seed):
    X, y, tau2, _ = _problem(seed)
    w = logistic_map(X, y, tau2)
    for solver in ("newton-cg", "lbfgs"):
        model = LogisticRegression(C=sklearn_C(tau2), fit_intercept=False, solver=solver,
                                   tol=1e-12, max_iter=10_000).fit(X, y)
        assert_close(model.coef_.ravel(), w, rtol=0, atol=1e-6, what=f"sklearn {solver} vs logistic_map")


def test_the_mapping_matters_C_equal_one_over_tau2_gives_another_fit():
    X, y, _, _ = _problem(0, n=100, d=3)
    tau2 = 4.0
    wrong = LogisticRegression(C=1 / tau2, fit_intercept=False, solver="newton-cg", tol=1e-12).fit(X, y)
    assert np.max(np.abs(wrong.coef_.ravel() - logistic_map(X, y, tau2))) > 1e-2


@pytest.mark.parametrize("seed", range(5))
def test_logistic_map_is_stationary_and_a_minimum(seed):
    X, y, tau2, rng = _problem(seed)
    w = logistic_map(X, y, tau2)
    assert np.max(np.abs(logistic_gradient(w, X, y, tau2))) < 1e-8
    assert np.all(np.linalg.eigvalsh(logistic_hessian(w, X, y, tau2)) >= 1 / tau2 - 1e-12)
    f = logistic_objective(w, X, y, tau2)
    for _ in range(5):
        assert logistic_objective(w + 1e-3 * rng.normal(size=w.size), X, y, tau2) > f


def test_logistic_map_exists_for_separable_data():
    X = np.array([[1.0], [2.0], [-1.0], [-2.0]])
    y = np.array([1, 1, 0, 0])
    w = logistic_map(X, y, 10.0)
    assert np.isfinite(w).all() and w[0] > 0
    assert np.max(np.abs(logistic_gradient(w, X, y, 10.0))) < 1e-8


def test_larger_prior_variance_shrinks_less():
    X, y, _, _ = _problem(1, n=80, d=2)
    norms = [np.linalg.norm(logistic_map(X, y, t)) for t in (0.01, 0.1, 1.0, 10.0)]
    assert all(a < b for a, b in itertools.pairwise(norms))


@pytest.mark.parametrize("kwargs, exc, match", [
    ({"X": [1.0, 2.0]}, ValueError, "X"),
    ({"X": [[np.nan], [1.0]]}, ValueError, "X"),
    ({"y": [0, 1, 1]}, ValueError, "y"),
    ({"y": [0, 2]}, ValueError, "y"),
    ({"y": [0.5, 1]}, ValueError, "y"),
    ({"tau2": 0.0}, ValueError, "tau2"),
    ({"tau2": -1.0}, ValueError, "tau2"),
    ({"tau2": float("inf")}, ValueError, "tau2"),
    ({"tau2": "1"}, TypeError, "tau2"),
    ({"X": "abc"}, TypeError, "X"),
])
def test_logistic_map_rejects_bad_input(kwargs, exc, match):
    args = {"X": [[1.0], [-1.0]], "y": [1, 0], "tau2": 1.0} | kwargs
    with pytest.raises(exc, match=match):
        logistic_map(**args)


def test_w_of_wrong_length_is_rejected():
    with pytest.raises(ValueError, match="w"):
        logistic_gradient([1.0, 2.0], [[1.0], [-1.0]], [1, 0], 1.0)


def test_solver_options_are_validated():
    with pytest.raises(ValueError, match="max_iter"):
        logistic_map([[1.0], [-1.0]], [1, 0], 1.0, max_iter=0)
    with pytest.raises(ValueError, match="tol"):
        logistic_map([[1.0], [-1.0]], [1, 0], 1.0, tol=0.0)


@pytest.mark.parametrize("n, d", [(0, 2), (2, 0), (7, 2)])
def test_symbolic_derivation_sizes_are_validated(n, d):
    with pytest.raises(ValueError, match=r"n must|d must"):
        derive_logistic_map_objective(n, d)


def test_symbolic_derivation_size_must_be_an_int_not_a_float():
    with pytest.raises(TypeError, match=r"n must be an integer count"):
        derive_logistic_map_objective(2.0, 2)


def test_bernoulli_nll_equals_softplus_form_for_both_labels(derivation):
    dv = derivation
    for i, raw in enumerate(dv.bernoulli_nll):
        yi = dv.y[i]
        z = (dv.X * sp.Matrix(dv.w))[i]
        for value in (0, 1):
            diff = sp.expand_log(raw.subs(yi, value) - (sp.log(1 + sp.exp(z)) - value * z), force=True)
            assert sp.simplify(diff) == 0
    total = sum(sp.log(1 + sp.exp((dv.X * sp.Matrix(dv.w))[i])) - dv.y[i] * (dv.X * sp.Matrix(dv.w))[i]
                for i in range(len(dv.y)))
    assert sp.simplify(dv.neg_log_likelihood - total) == 0


def test_sklearn_C_validates_tau2():
    assert sklearn_C(0.5) == 0.5
    with pytest.raises(ValueError, match="tau2"):
        sklearn_C(0)


# ----------------------------------------------------------------------------- the MLE (τ² → ∞)


def _overlapping_problem(seed: int):
    """Data with plenty of label noise (so not separable): n = 200, d = 3."""
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(200, 3))
    y = (rng.random(200) < 1.0 / (1.0 + np.exp(-X @ np.array([1.0, -1.0, 0.5])))).astype(float)
    return X, y


@pytest.mark.parametrize("seed", range(6))
def test_logistic_mle_equals_sklearn_unpenalized_fit(seed):
    X, y = _overlapping_problem(seed)
    w = logistic_mle(X, y)
    model = LogisticRegression(C=np.inf, fit_intercept=False, solver="newton-cg",
                               tol=1e-12, max_iter=10_000).fit(X, y)
    assert_close(model.coef_.ravel(), w, rtol=0, atol=1e-6, what="sklearn C = inf vs logistic_mle")
    assert np.max(np.abs(X.T @ (1 / (1 + np.exp(-X @ w)) - y))) < 1e-8  # score equation


@pytest.mark.parametrize("seed", range(3))
def test_logistic_map_tends_to_the_mle_as_tau2_grows(seed):
    X, y = _overlapping_problem(seed)
    w = logistic_mle(X, y)
    gaps = [np.max(np.abs(logistic_map(X, y, t) - w)) for t in (1.0, 1e2, 1e4, 1e6)]
    assert all(a > b for a, b in itertools.pairwise(gaps))
    assert gaps[-1] < 1e-5


@pytest.mark.parametrize("X, y", [
    ([[1.0], [2.0], [-1.0], [-2.0]], [1, 1, 0, 0]),                       # separable
    ([[1.0, 0.0], [0.0, 1.0], [0.0, -1.0], [-1.0, 0.0], [0.0, 1.0]], [1, 1, 0, 0, 0]),  # quasi
])
def test_logistic_mle_refuses_separable_data(X, y):
    with pytest.raises(ValueError, match="separable"):
        logistic_mle(X, y)


def test_logistic_mle_rejects_rank_deficient_and_bad_input():
    with pytest.raises(ValueError, match="rank"):
        logistic_mle([[1.0, 2.0], [-1.0, -2.0], [0.5, 1.0]], [1, 0, 0])
    with pytest.raises(ValueError, match="y"):
        logistic_mle([[1.0], [-1.0]], [1, 2])
    with pytest.raises(ValueError, match="max_iter"):
        logistic_mle([[1.0], [-1.0], [0.5]], [1, 0, 0], max_iter=0)


# ---------------------------------------------------------------- intercepts: flat prior or penalized
def _intercept_problem(seed: int, n: int = 60):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, 2))
    y = (rng.random(n) < 1 / (1 + np.exp(-(-1.5 + X @ np.array([1.0, -1.0]))))).astype(float)
    return X, y


@pytest.mark.parametrize("solver", ["lbfgs", "newton-cg"])
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_unpenalized_intercept_of_sklearn_is_a_flat_prior_on_the_intercept(solver, seed):
    X, y = _intercept_problem(seed)
    fit = logistic_map_intercept(X, y, 0.5)
    sk = LogisticRegression(C=0.5, solver=solver, tol=1e-12, max_iter=10_000).fit(X, y)
    assert_close(sk.intercept_[0], fit.intercept, rtol=0, atol=1e-6, what="intercept")
    assert_close(sk.coef_.ravel(), fit.coef, rtol=0, atol=1e-6, what="weights")
    # stationarity of the flat-prior objective: the intercept's gradient has no penalty term
    z = fit.intercept + X @ fit.coef
    resid = 1 / (1 + np.exp(-z)) - y
    assert abs(resid.sum()) < 1e-9 and np.max(np.abs(X.T @ resid + fit.coef / 0.5)) < 1e-9


@pytest.mark.parametrize("scaling", [1.0, 3.0, 10.0])
@pytest.mark.parametrize("seed", [0, 1])
def test_liblinear_intercept_is_a_gaussian_prior_with_variance_tau2_times_scaling_squared(scaling, seed):
    X, y = _intercept_problem(seed)
    fit = logistic_map_intercept(X, y, 0.5, intercept_tau2=0.5 * scaling**2)
    sk = LogisticRegression(C=0.5, solver="liblinear", intercept_scaling=scaling, tol=1e-12,
                            max_iter=10_000).fit(X, y)
    assert_close(sk.intercept_[0], fit.intercept, rtol=0, atol=1e-6, what="liblinear intercept")
    assert_close(sk.coef_.ravel(), fit.coef, rtol=0, atol=1e-6, what="liblinear weights")
    # the same fit as logistic_map on X with a column of `scaling` appended: the intercept is a weight
    w = logistic_map(np.column_stack([X, np.full(len(y), scaling)]), y, 0.5)
    assert_close(w[-1] * scaling, fit.intercept, rtol=0, atol=1e-9, what="augmented design")


def test_liblinear_and_lbfgs_differ_and_liblinear_approaches_the_flat_prior_as_the_scaling_grows():
    X, y = _intercept_problem(0, n=40)
    flat = logistic_map_intercept(X, y, 0.5).intercept
    gaps = [abs(logistic_map_intercept(X, y, 0.5, intercept_tau2=0.5 * s**2).intercept - flat)
            for s in (1.0, 10.0, 100.0)]
    assert gaps[0] > 0.1 and gaps[0] > gaps[1] > gaps[2] and gaps[2] < 1e-3


def test_logistic_map_intercept_validates():
    X, y = _intercept_problem(0)
    with pytest.raises(ValueError, match="both labels"):
        logistic_map_intercept(X, np.ones(len(y)), 1.0)
    assert np.isfinite(logistic_map_intercept(X, np.ones(len(y)), 1.0, intercept_tau2=1.0).intercept)
    with pytest.raises(ValueError, match="intercept_tau2"):
        logistic_map_intercept(X, y, 1.0, intercept_tau2=0.0)
    with pytest.raises(TypeError, match="intercept_tau2"):
        logistic_map_intercept(X, y, 1.0, intercept_tau2="big")
    with pytest.raises(ValueError, match="tau2"):
        logistic_map_intercept(X, y, -1.0)


def test_logistic_map_intercept_with_huge_features_rescales_exactly():
    X, y = _intercept_problem(1)
    c = 2.0**80  # X c with prior variance tau2/c^2 is the same model: weights w/c, the same intercept
    base = logistic_map_intercept(X, y, 0.5)
    big = logistic_map_intercept(X * c, y, 0.5 / c**2)
    assert_close(big.intercept, base.intercept, rtol=1e-9, what="intercept")
    assert_close(big.coef * c, base.coef, rtol=1e-9, what="weights")
