"""The answer checkers of chapter 10 accept right answers, explain typical wrong ones, and their keys
agree with independent computations."""

from __future__ import annotations

import numpy as np
import pytest
from checker_helpers import fresh_hints  # noqa: F401
from scipy import optimize, stats

from mapmath.exercises.prior_scale import (
    GAMMA_EXAMPLE,
    check_ard_single_alpha,
    check_effective_parameters,
    check_log_occam_1d,
    check_t_predictive_variance,
)
from mapmath.laplace_evidence import laplace_log_evidence


def test_effective_parameters_key_is_the_trace_on_a_matrix_with_these_eigenvalues():
    lam, alpha = np.array(GAMMA_EXAMPLE["eigenvalues"]), GAMMA_EXAMPLE["alpha"]
    Q = np.linalg.qr(np.random.default_rng(0).normal(size=(4, 4)))[0]
    P = Q @ np.diag(lam) @ Q.T
    gamma = float(np.trace(P @ np.linalg.inv(alpha * np.eye(4) + P)))
    assert check_effective_parameters(gamma)
    assert check_effective_parameters(f"{gamma:.3g}")
    fb = check_effective_parameters(4 - gamma)
    assert not fb and "prior determines" in fb.message


def test_t_predictive_variance_key_is_scipys_t_variance():
    for a, b, v in ((2.5, 1.3, 0.4), (6.0, 3.0, 1.2)):
        ref = stats.t.var(2 * a, scale=np.sqrt(b / a * (1 + v)))
        assert b * (1 + v) / (a - 1) == pytest.approx(ref, rel=1e-12)
    assert check_t_predictive_variance("b*(1 + v)/(a - 1)")
    fb = check_t_predictive_variance("b*(1 + v)/a")
    assert not fb and "squared scale" in fb.message


def test_log_occam_key_is_laplace_log_evidence_minus_log_likelihood():
    rng = np.random.default_rng(1)
    x = rng.normal(size=(30, 1))
    y = (rng.uniform(size=30) < 1 / (1 + np.exp(-1.2 * x[:, 0]))).astype(float)
    lap = laplace_log_evidence(x, y, 2.0)
    w, h = lap.map[0], lap.hessian[0, 0]
    assert -w**2 / (2 * 2.0) - np.log(2.0 * h) / 2 == pytest.approx(lap.log_occam, rel=1e-12)
    assert check_log_occam_1d("-w^2/(2*tau2) - log(tau2*h)/2")
    fb = check_log_occam_1d("-w^2/(2*tau2) + log(tau2*h)/2")
    assert not fb and "Upside down" in fb.message


def test_ard_single_alpha_key_maximizes_the_marginal_likelihood_numerically():
    m, s = 2.0, 0.7
    res = optimize.minimize_scalar(lambda la: -stats.norm.logpdf(m, scale=np.sqrt(np.exp(-la) + s)),
                                   bounds=(-5, 5), method="bounded", options={"xatol": 1e-10})
    assert np.exp(res.x) == pytest.approx(1 / (m**2 - s), rel=1e-6)
    assert check_ard_single_alpha("1/(m^2 - s)")
    fb = check_ard_single_alpha("1/m^2")
    assert not fb and "sampling noise" in fb.message


@pytest.mark.parametrize("check", [check_effective_parameters, check_t_predictive_variance, check_log_occam_1d,
                                   check_ard_single_alpha])
def test_no_answer_yet(check):
    fb = check(...)
    assert not fb and not fb.answered
