"""EM for the MAP of a Gaussian mixture under an inverse-gamma prior: monotone, a fixed point that
matches a direct numeric maximization (SciPy), and the degenerate likelihood."""

from __future__ import annotations

import numpy as np
import pytest
import sympy as sp
from scipy import optimize, stats

from mapmath.mixture_em import (
    derive_degenerate_limits,
    derive_variance_m_step,
    em_map,
    em_step,
    inverse_gamma_logpdf,
    mixture_log_likelihood,
    mixture_log_posterior,
    responsibilities,
)


def _data(seed: int = 20261209, n: int = 40) -> np.ndarray:
    rng = np.random.default_rng(seed)
    z = rng.random(n) < 0.35
    return np.where(z, rng.normal(-2, 0.6, n), rng.normal(1.5, 1.0, n))


def test_log_likelihood_equals_scipy_norm_sum():
    x = _data()
    w, m, v = [0.3, 0.7], [-1.0, 2.0], [0.5, 1.5]
    dens = [w[k] * stats.norm.pdf(x, m[k], np.sqrt(v[k])) for k in range(2)]
    direct = np.sum(np.log(dens[0] + dens[1]))
    assert mixture_log_likelihood(x, w, m, v) == pytest.approx(direct, rel=1e-12)


def test_inverse_gamma_logpdf_equals_scipy():
    s2 = np.array([0.05, 0.3, 2.0, 10.0])
    assert np.allclose(inverse_gamma_logpdf(s2, 2.0, 0.5), stats.invgamma.logpdf(s2, 2.0, scale=0.5), rtol=1e-12)


def test_responsibilities_sum_to_one_and_match_bayes_rule():
    x = _data()
    r = responsibilities(x, [0.3, 0.7], [-1.0, 2.0], [0.5, 1.5])
    p0 = 0.3 * stats.norm.pdf(x, -1.0, np.sqrt(0.5))
    p1 = 0.7 * stats.norm.pdf(x, 2.0, np.sqrt(1.5))
    assert np.allclose(r[:, 0], p0 / (p0 + p1), rtol=1e-12)
    assert np.allclose(r.sum(axis=1), 1.0)


def test_variance_m_step_formula_is_the_maximizer():
    ms = derive_variance_m_step()
    assert sp.simplify(ms.solution - (ms.S + 2 * ms.b) / (ms.n + 2 * ms.a + 2)) == 0
    assert ms.second_derivative.subs({ms.S: 1, ms.n: 3, ms.a: 2, ms.b: 1}) < 0
    # numerically: the maximizer of the objective at one parameter point (SciPy)
    values = {ms.S: 3.7, ms.n: 11.0, ms.a: 2.0, ms.b: 0.5}
    f = sp.lambdify(ms.s2, -ms.objective.subs(values))
    best = optimize.minimize_scalar(f, bounds=(1e-6, 50), method="bounded", options={"xatol": 1e-12})
    assert best.x == pytest.approx(float(ms.solution.subs(values)), rel=1e-6)


def test_m_step_variance_is_the_posterior_mode_of_an_inverse_gamma():
    # with hard assignments the variance posterior is IG(a + n/2, b + S/2); its mode is the M-step
    ms = derive_variance_m_step()
    a, b, n, S = 2.0, 0.5, 9.0, 4.2
    post = stats.invgamma(a + n / 2, scale=b + S / 2)
    grid = np.linspace(0.05, 3, 300_001)
    mode = grid[np.argmax(post.pdf(grid))]
    assert mode == pytest.approx(float(ms.solution.subs({ms.S: S, ms.n: n, ms.a: a, ms.b: b})), abs=2e-5)


@pytest.mark.parametrize("seed", [0, 1, 2, 3, 20261209])
def test_each_em_iteration_does_not_decrease_the_log_posterior(seed):
    x = _data(seed)
    res = em_map(x, [0.5, 0.5], [-0.5, 0.5], [2.0, 2.0], 2.0, 0.5, tol=1e-13)
    assert res.converged
    assert np.all(np.diff(res.trace) >= -1e-10 * np.abs(res.trace[1:]))


def test_em_fixed_point_equals_direct_numeric_maximization():
    x = _data()
    a, b = 2.0, 0.5
    res = em_map(x, [0.5, 0.5], [-1.0, 1.0], [1.0, 1.0], a, b, tol=1e-14)

    def neg(th):
        w1 = 1 / (1 + np.exp(-th[0]))
        return -mixture_log_posterior(x, [w1, 1 - w1], th[1:3], np.exp(th[3:5]), a, b)

    start = np.array([0.0, -1.0, 1.0, 0.0, 0.0])
    opt = optimize.minimize(neg, start, method="Nelder-Mead",
                            options={"xatol": 1e-10, "fatol": 1e-13, "maxiter": 20000, "maxfev": 40000})
    opt = optimize.minimize(neg, opt.x, method="BFGS", options={"gtol": 1e-9})
    w1 = 1 / (1 + np.exp(-opt.x[0]))
    assert np.allclose([w1, *opt.x[1:3], *np.exp(opt.x[3:5])],
                       [res.params.weights[0], *res.params.means, *res.params.variances], rtol=1e-5, atol=1e-6)
    assert -opt.fun == pytest.approx(res.trace[-1], abs=1e-8)
    # the fixed point is a fixed point
    again = em_step(x, *res.params, a, b)
    assert np.allclose(np.concatenate(again), np.concatenate(res.params), rtol=1e-8)


def test_likelihood_unbounded_but_posterior_falls_on_the_degenerate_path():
    x = _data()
    sig = 10.0 ** -np.arange(1, 9)
    ll = [mixture_log_likelihood(x, [0.5, 0.5], [x[0], 1.0], [s**2, 2.0]) for s in sig]
    lp = [mixture_log_posterior(x, [0.5, 0.5], [x[0], 1.0], [s**2, 2.0], 2.0, 0.5) for s in sig]
    # each decade of σ₁ adds log 10 to the likelihood once the spike dominates
    assert np.allclose(np.diff(ll)[-4:], np.log(10), rtol=1e-4)
    assert np.all(np.diff(ll) > 0)
    assert np.all(np.diff(lp) < 0) and lp[-1] < -1e15


def test_symbolic_limits():
    lim = derive_degenerate_limits()
    assert lim.likelihood_limit_at_0 == sp.oo
    assert lim.posterior_limit_at_0 == -sp.oo
    assert lim.posterior_limit_at_infinity == -sp.oo


# generic bad inputs (strings, bools, NaN, ±inf, 0, negatives, empty, mismatched shapes):
# tests/test_common_battery.py; here only what is particular to these functions
@pytest.mark.parametrize("call, words", [
    (lambda: mixture_log_likelihood([1.0], [0.5, 0.6], [0, 1], [1, 1]), "weights must be > 0 and sum to 1"),
])
def test_arguments_are_validated(call, words):
    with pytest.raises((TypeError, ValueError), match=words):
        call()
