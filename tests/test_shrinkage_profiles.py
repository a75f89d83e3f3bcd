"""Cross-checks of ``mapmath.shrinkage_profiles``: the κ densities of the horseshoe and the Laplace
(Carvalho, Polson & Scott 2010) against SciPy's Beta(½, ½), quadrature and simulation."""

from __future__ import annotations

import numpy as np
import pytest
import sympy as sp
from scipy import integrate, stats

from mapmath.shrinkage_profiles import derive_kappa_densities, horseshoe_kappa_pdf, laplace_kappa_pdf

K = np.linspace(0.01, 0.99, 25)


def test_horseshoe_kappa_is_beta_half_half():
    d = derive_kappa_densities()
    assert sp.simplify(d.horseshoe - d.beta_half) == 0
    np.testing.assert_allclose(horseshoe_kappa_pdf(K), stats.beta(0.5, 0.5).pdf(K), rtol=1e-12)
    f = sp.lambdify(d.kappa, d.horseshoe)
    np.testing.assert_allclose(f(K), horseshoe_kappa_pdf(K), rtol=1e-12)


@pytest.mark.parametrize("b", [0.5, 1.0, 3.0])
def test_laplace_kappa_density_integrates_to_one_and_matches_simulation(b):
    d = derive_kappa_densities()
    f = sp.lambdify(d.kappa, d.laplace.subs(d.b, b))
    np.testing.assert_allclose(f(K), laplace_kappa_pdf(K, b), rtol=1e-12)
    assert integrate.quad(lambda k: laplace_kappa_pdf(k, b), 0, 1, epsabs=0, epsrel=1e-10)[0] == pytest.approx(1.0)
    rng = np.random.default_rng(7)
    s = rng.exponential(2 * b * b, size=4000)  # variance of N(0, s) ~ Exp(rate 1/(2b²)): Laplace(0, b)
    kap = 1 / (1 + s)
    r = 1 / (2 * b * b)
    ks = stats.kstest(kap, lambda k: np.exp(-r * (1 - k) / k))  # P(κ <= k) = P(s >= (1 - k)/k)
    assert ks.pvalue > 1e-3


def test_horseshoe_kappa_matches_simulation():
    rng = np.random.default_rng(8)
    lam = np.abs(stats.cauchy.rvs(size=4000, random_state=rng))
    assert stats.kstest(1 / (1 + lam**2), stats.beta(0.5, 0.5).cdf).pvalue > 1e-3


def test_laplace_kappa_vanishes_at_zero_and_is_finite_at_one():
    assert laplace_kappa_pdf(1e-3, 1.0) < 1e-100
    assert laplace_kappa_pdf(1 - 1e-12, 1.0) == pytest.approx(0.5)
