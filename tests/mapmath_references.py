"""Independent references for the common battery and the fuzz.

``REFERENCES["module.function"]`` is ``check(kwargs, result) -> (ok, detail)``: it recomputes the
value from the closed form the function's docstring states, in 50-digit mpmath (so overflow and
cancellation in float arithmetic cannot hide), or by adaptive quadrature, and compares. A reference
whose exact value is outside the float range expects the function to have raised instead, so a
finite result there is a wrong value.
"""

from __future__ import annotations

import itertools
import math

import mpmath as mp
import numpy as np

DPS = 50
FLOAT_MAX = mp.mpf(np.finfo(float).max)
TINY = mp.mpf(np.finfo(float).tiny)


def _compare(got, want, rtol: float, atol: float = 0.0) -> tuple[bool, str]:
    """Elementwise ``|got - want| <= atol + rtol |want|`` with ``want`` in mpmath; a ``want`` beyond
    the float range must not have produced a finite ``got``; a subnormal ``want`` is compared
    absolutely at the subnormal spacing."""
    got_arr = np.atleast_1d(np.asarray(got, dtype=float)).ravel()
    wants = list(want) if isinstance(want, list | tuple) else [want]
    if len(wants) != got_arr.size:
        return False, f"size {got_arr.size} != reference size {len(wants)}"
    for g, w in zip(got_arr, wants, strict=True):
        w = mp.mpf(w)
        if abs(w) > FLOAT_MAX:
            return False, f"reference {mp.nstr(w, 8)} is beyond the float range, got {g!r}"
        tol = atol + rtol * abs(w) + (mp.mpf(5e-324) * 4 if abs(w) < TINY else 0) + abs(w) * 1e-300 * 0
        if abs(mp.mpf(g) - w) > tol:
            return False, f"got {g!r}, reference {mp.nstr(w, 17)}"
    return True, "matches the mpmath reference"


def closed_form(formula, rtol: float = 1e-12, atol: float = 0.0):
    """A reference from ``formula(**kwargs)`` evaluated on mpmath numbers (lists become lists)."""

    def check(kwargs, result):
        with mp.workdps(DPS):
            args = {k: _mp(v) for k, v in kwargs.items()}
            want = formula(**args)
        return _compare(result, want, rtol, atol)

    return check


def _mp(v):
    if isinstance(v, bool) or isinstance(v, str) or v is None:
        return v
    if isinstance(v, int | float | np.floating | np.integer):
        return mp.mpf(int(v)) if isinstance(v, int | np.integer) else mp.mpf(float(v))
    if isinstance(v, list | tuple | np.ndarray):
        arr = np.asarray(v)
        if arr.dtype.kind in "fiu":
            return [mp.mpf(float(x)) for x in arr.ravel()]
    return v


def _elementwise(f):
    def g(**kw):
        keys = [k for k, v in kw.items() if isinstance(v, list)]
        if not keys:
            return f(**kw)
        n = len(kw[keys[0]])
        return [f(**{k: (v[i] if k in keys else v) for k, v in kw.items()}) for i in range(n)]
    return g


def _beta_mode(A, B):
    if A <= 1 <= B:
        return mp.mpf(0)
    if B <= 1 <= A:
        return mp.mpf(1)
    return (A - 1) / (A + B - 2)


def _gse_reference(kwargs, result):
    """``∫σ(a)N(a; μ, s²)da`` per entry by SciPy's adaptive quadrature, split at 0 and μ."""
    from scipy import integrate
    from scipy.special import expit

    mu = np.atleast_1d(np.asarray(kwargs["mu"], dtype=float))
    s2 = np.atleast_1d(np.asarray(kwargs["s2"], dtype=float))
    got = np.atleast_1d(result)
    for m, v, g in zip(mu, s2, got, strict=True):
        if v == 0.0:
            want = float(expit(m))
        else:
            s = math.sqrt(v)
            lo, hi = m - 40 * s, m + 40 * s
            pts = sorted({p for p in (lo, 0.0, m, hi, -40.0, 40.0) if lo <= p <= hi})
            f = lambda a, m=m, s=s: expit(a) * math.exp(-0.5 * ((a - m) / s) ** 2) / (s * math.sqrt(2 * math.pi))  # noqa: E731
            want = sum(integrate.quad(f, u, w, epsabs=1e-14, epsrel=1e-12, limit=200)[0]
                       for u, w in itertools.pairwise(pts))
            want += 0.5 * math.erfc(40 / math.sqrt(2)) * (1.0 if lo > 0 else 0.0)
        if abs(g - want) > 1e-9:
            return False, f"mu={m:g}, s2={v:g}: got {g!r}, quadrature {want!r}"
    return True, "matches quadrature"


REFERENCES = {
    "beta.beta_mean": closed_form(lambda a, b: a / (a + b)),
    "beta.beta_mode": closed_form(lambda A, B: _beta_mode(A, B)),
    "beta.beta_skewness": closed_form(lambda A, B: 2 * (B - A) * mp.sqrt(A + B + 1) / ((A + B + 2) * mp.sqrt(A * B)),
                                      rtol=1e-10),
    "beta.beta_laplace_variance": closed_form(lambda a, b: (a - 1) * (b - 1) / (a + b - 2) ** 3, rtol=1e-12),
    "beta.beta_logit_laplace": closed_form(lambda a, b: (mp.log(a / b), 1 / a + 1 / b), rtol=1e-12, atol=1e-300),
    "beta.beta_median_approx": closed_form(lambda a, b: (a - mp.mpf(1) / 3) / (a + b - mp.mpf(2) / 3)),
    "bernoulli.beta_map": closed_form(lambda k, n, a, b: _beta_mode(k + a, n - k + b), rtol=1e-12),
    "bernoulli.beta_posterior_mean": closed_form(lambda k, n, a, b: (k + a) / (n + a + b)),
    "bernoulli.beta_mle": closed_form(lambda k, n: k / n),
    "bernoulli.beta_posterior_parameters": closed_form(lambda k, n, a, b: (k + a, n - k + b), rtol=1e-15),
    "bernoulli.effective_sample_size": closed_form(
        lambda a, b, estimator: a + b - 2 if estimator == "map" else a + b, rtol=1e-15, atol=1e-300),
    "asymptotics.prior_weight": closed_form(lambda pseudo_counts, n: pseudo_counts / (pseudo_counts + n)),
    "asymptotics.map_minus_mle": closed_form(lambda k, n, a, b: (a - 1 - (a + b - 2) * k / n) / (n + a + b - 2),
                                             rtol=1e-10, atol=1e-300),
    "ridge.ridge_lambda": closed_form(lambda sigma2, tau2: sigma2 / tau2),
    "sklearn_mapping.sklearn_ridge_alpha": closed_form(lambda sigma2, tau2: sigma2 / tau2),
    "sklearn_mapping.sklearn_lasso_alpha": closed_form(lambda sigma2, b, n_samples: sigma2 / (n_samples * b)),
    "lasso.lasso_lambda": closed_form(lambda sigma2, b: 2 * sigma2 / b),
    "lasso_path.lars_alpha_to_lambda": closed_form(lambda alpha, n_samples: 2 * n_samples * alpha),
    "lasso_path.lars_alpha_to_b": closed_form(lambda alpha, sigma2, n_samples: sigma2 / (n_samples * alpha)),
    "logistic.sklearn_C": closed_form(lambda tau2: tau2, rtol=0.0),
    "logistic_predictive.moderation_factor": closed_form(_elementwise(lambda s2: 1 / mp.sqrt(1 + mp.pi * s2 / 8))),
    "logistic_predictive.gaussian_sigmoid_expectation": _gse_reference,
    "mixture_em.inverse_gamma_logpdf": closed_form(_elementwise(
        lambda s2, a, b: a * mp.log(b) - mp.loggamma(a) - (a + 1) * mp.log(s2) - b / s2), rtol=1e-11),
    "hierarchical_scale.gamma_tau_log_prior": closed_form(
        lambda tau, shape, rate: shape * mp.log(rate) - mp.loggamma(shape) + (shape - 1) * mp.log(tau) - rate * tau,
        rtol=1e-11, atol=1e-12),
    "sparse_priors.laplace_log_tail": closed_form(
        lambda c, b: -(sum(abs(x) for x in c) if isinstance(c, list) else abs(c)) / b, rtol=1e-12),
    "typical_set.chi_mean": closed_form(lambda d: mp.sqrt(2) * mp.exp(mp.loggamma((d + 1) / 2) - mp.loggamma(d / 2)),
                                        rtol=1e-12),
    "typical_set.mode_to_typical_log_density_ratio": closed_form(lambda d: d / 2, rtol=1e-15),
    "typical_set.log10_ball_probability": closed_form(
        lambda d, r: mp.log10(mp.gammainc(d / 2, 0, r**2 / 2, regularized=True)), rtol=1e-10),
    "gaussian.gaussian_mle": closed_form(lambda x: (sum(x) / len(x)) if isinstance(x, list) else x, rtol=1e-12),
    "gaussian.gaussian_prior_weight": closed_form(lambda n, sigma2, tau2: sigma2 / (sigma2 + n * tau2)),
    "gaussian.gaussian_map": closed_form(
        lambda x, sigma2, mu0, tau2: _gauss_post(x, sigma2, mu0, tau2), rtol=1e-10, atol=1e-300),
    "gaussian.gaussian_posterior_mean": closed_form(
        lambda x, sigma2, mu0, tau2: _gauss_post(x, sigma2, mu0, tau2), rtol=1e-10, atol=1e-300),
    "lasso.soft_threshold": closed_form(_elementwise(
        lambda z, threshold: mp.sign(z) * max(abs(z) - threshold, 0)), rtol=1e-15),
    "laplace_approx.laplace_interval": closed_form(
        lambda mode, variance, level: (mode - mp.sqrt(2) * mp.erfinv(level) * mp.sqrt(variance),
                                       mode + mp.sqrt(2) * mp.erfinv(level) * mp.sqrt(variance)),
        rtol=1e-9, atol=1e-300),
    "intervals.check_level": closed_form(lambda level: level, rtol=0.0),
}


def _gauss_post(x, sigma2, mu0, tau2):
    xs = x if isinstance(x, list) else [x]
    n = len(xs)
    xbar = sum(xs) / n
    w = sigma2 / (sigma2 + n * tau2)
    return w * mu0 + (n * tau2 / (sigma2 + n * tau2)) * xbar  # 1 - w without cancellation
