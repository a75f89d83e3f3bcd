"""The answer keys of chapter 09 (computing the MAP) against independent computations."""

from __future__ import annotations

import numpy as np
import pytest
from checker_helpers import fresh_hints  # noqa: F401
from scipy import optimize

from mapmath.exercises.computing import (
    HESSIAN_TAU2,
    HESSIAN_X,
    LIPSCHITZ_X,
    PROX_T,
    PROX_Z,
    check_cauchy_concave_scale,
    check_duality_gap_at_zero,
    check_irls_working_response,
    check_lasso_lipschitz,
    check_logistic_hessian_det,
    check_prox_value,
)
from mapmath.lasso import lasso_duality_gap
from mapmath.logistic import logistic_hessian
from mapmath.optimization import lasso_lipschitz, newton_logistic


def test_hessian_determinant_key_is_numpys_determinant_of_logistic_hessian():
    H = logistic_hessian(np.zeros(2), HESSIAN_X, np.array([1.0, 0.0, 1.0]), float(HESSIAN_TAU2))
    det = float(np.linalg.det(H))
    assert check_logistic_hessian_det(det)
    assert check_logistic_hessian_det(f"{det:.3g}")


def test_lipschitz_key_is_twice_the_largest_eigenvalue():
    L = lasso_lipschitz(LIPSCHITZ_X)
    assert L == pytest.approx(2 * np.linalg.eigvalsh(LIPSCHITZ_X.T @ LIPSCHITZ_X)[-1], rel=1e-12)
    assert check_lasso_lipschitz(L)


def test_prox_key_is_scipys_minimizer():
    z, t = float(PROX_Z), float(PROX_T)
    best = optimize.minimize_scalar(lambda w: 0.5 * (w - z) ** 2 + t * abs(w), bounds=(-10, 10),
                                    method="bounded", options={"xatol": 1e-12})
    assert check_prox_value(round(best.x, 6))


def test_duality_gap_key_is_the_certificate_at_zero():
    rng = np.random.default_rng(2)
    X, y = rng.normal(size=(30, 4)), rng.normal(size=30)
    c = float(np.max(np.abs(X.T @ y)))
    lam = 0.8 * c  # below 2c
    gap = lasso_duality_gap(X, y, np.zeros(4), lam)
    assert gap == pytest.approx(float(y @ y) * (1 - lam / (2 * c)) ** 2, rel=1e-12)
    assert check_duality_gap_at_zero("yy*(1 - lam/(2*c))^2")


def test_working_response_key_reproduces_the_newton_step():
    rng = np.random.default_rng(4)
    X = rng.normal(size=(40, 2))
    y = (rng.random(40) < 0.5).astype(float)
    res = newton_logistic(X, y, 1.0, tol=1e-14)
    w = res.iterates[1]
    eta = X @ w
    p = 1 / (1 + np.exp(-eta))
    z = eta + (y - p) / (p * (1 - p))  # the key, evaluated
    W = p * (1 - p)
    w_next = np.linalg.solve((X.T * W) @ X + np.eye(2), X.T @ (W * z))
    np.testing.assert_allclose(w_next, res.iterates[2], rtol=1e-10)
    assert check_irls_working_response("eta + (y - 1/(1 + exp(-eta)))/(exp(-eta)/(1 + exp(-eta))^2)")


def test_cauchy_scale_key_is_where_the_largest_curvature_meets_the_likelihoods():
    w = np.linspace(-20, 20, 400_001)
    for sigma in (0.5, 1.0, 3.0):
        gamma = sigma / 2
        d2 = -1 / sigma**2 + 2 * (w**2 - gamma**2) / (gamma**2 + w**2) ** 2
        assert -1e-6 < d2.max() <= 0.0  # concave, just (the grid misses the maximum by ~h²)
        g_less = 0.9 * gamma
        d2_less = -1 / sigma**2 + 2 * (w**2 - g_less**2) / (g_less**2 + w**2) ** 2
        assert d2_less.max() > 0
    assert check_cauchy_concave_scale("sigma/2")
