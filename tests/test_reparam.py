"""Change of variables, Fisher information, Jeffreys priors and modes under reparameterization."""

from __future__ import annotations

import math

import numpy as np
import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import integrate, optimize, stats

from mapmath import fisher, modes, plotting
from mapmath import reparameterization as r
from mapmath.checks import symbolically_equal

p = sp.Symbol("p", positive=True)
x = sp.Symbol("x")
eta = sp.Symbol("eta", real=True)
lam = sp.Symbol("lam", positive=True)
mu = sp.Symbol("mu", real=True)
s2 = sp.Symbol("s2", positive=True)
REAL = (-sp.oo, sp.oo)
UNIT = (0, 1)
BERNOULLI = x * sp.log(p) + (1 - x) * sp.log(1 - p)


# ----------------------------------------------------------------- change of variables
@pytest.mark.parametrize("density, theta, inverse, eta_domain, theta_domain", [
    (sp.Integer(1), p, r.sigmoid(eta), REAL, UNIT),  # flat on p → logistic on log-odds
    (6 * p * (1 - p), p, r.sigmoid(eta), REAL, UNIT),  # Beta(2, 2) on log-odds
    (6 * p * (1 - p), p, 1 - eta, (0, 1), UNIT),  # decreasing map p = 1 − η
    (6 * p * (1 - p), p, eta**2, (0, 1), UNIT),  # p = η² (η = sqrt p)
    (sp.exp(-lam), lam, sp.exp(eta), REAL, (0, sp.oo)),  # Exp(1) on log scale
    (sp.exp(-(mu**2) / 2) / sp.sqrt(2 * sp.pi), mu, 3 * eta - 1, REAL, REAL),  # affine Gaussian
    (sp.exp(-lam), lam, 1 / eta, (0, sp.oo), (0, sp.oo)),  # reciprocal, decreasing
])
def test_change_of_variables_preserves_total_mass(density, theta, inverse, eta_domain, theta_domain):
    f_eta = r.change_of_variables(density, theta, inverse, eta, eta_domain, theta_domain)
    mass_theta = r.numeric_mass(density, theta, theta_domain)
    assert math.isclose(mass_theta, 1.0, rel_tol=1e-8)
    assert math.isclose(r.numeric_mass(f_eta, eta, eta_domain), mass_theta, rel_tol=1e-7)
    assert f_eta.subs(eta, sp.Rational(1, 3)).evalf() >= 0


def test_flat_prior_on_p_is_the_logistic_density_on_the_log_odds():
    f_eta = r.change_of_variables(sp.Integer(1), p, r.sigmoid(eta), eta, REAL, UNIT)
    assert symbolically_equal(f_eta, r.logistic_density(eta))
    assert symbolically_equal(r.logistic_density(eta), sp.exp(-eta) / (1 + sp.exp(-eta)) ** 2)
    assert r.total_mass(f_eta, eta, REAL) == 1
    grid = np.linspace(-6, 6, 13)
    values = [float(f_eta.subs(eta, g)) for g in grid]
    np.testing.assert_allclose(values, stats.logistic.pdf(grid), rtol=1e-12)


def test_sigmoid_and_logit_are_inverse_maps():
    assert symbolically_equal(r.logit(r.sigmoid(eta)), eta)
    assert symbolically_equal(r.sigmoid(r.logit(p)).subs(p, sp.Rational(3, 10)), sp.Rational(3, 10))


def test_symbolic_mass_of_the_jeffreys_bernoulli_prior_is_pi():
    assert r.total_mass(fisher.jeffreys_prior(BERNOULLI, p, {x: p}), p, UNIT) == sp.pi
    normalized, z = r.normalize(1 / sp.sqrt(p * (1 - p)), p, UNIT)
    assert z == sp.pi
    assert math.isclose(r.numeric_mass(normalized, p, UNIT), 1.0, rel_tol=1e-7)


@pytest.mark.parametrize("kernel", [
    1 / (sp.sqrt(p) * sp.sqrt(1 - p)),  # the Jeffreys prior of chapter 05: π
    p**7 * (1 - p) ** 3,  # chapter 05's likelihood
    3 * p**2 * (1 - p) ** 4 / sp.pi,  # a constant factor
])
def test_total_mass_of_a_beta_kernel_by_euler_is_sympys_integral(kernel):
    # total_mass integrates a Beta kernel by Euler's Beta integral; SymPy's integrate agrees
    assert r._beta_kernel(kernel, p) is not None
    assert sp.simplify(r.total_mass(kernel, p, UNIT) - sp.integrate(kernel, (p, 0, 1))) == 0


def test_total_mass_integrates_what_is_not_a_convergent_beta_kernel():
    assert r._beta_kernel(p ** -1 * (1 - p), p) is None  # a = 0: the integral diverges
    assert r._beta_kernel(sp.exp(p), p) is None
    assert r.total_mass(sp.exp(p), p, UNIT) == sp.E - 1


@settings(max_examples=15, deadline=None)
@given(a=st.floats(0.6, 6.0), b=st.floats(0.6, 6.0))
def test_beta_density_on_log_odds_keeps_unit_mass(a, b):
    beta = p ** (a - 1) * (1 - p) ** (b - 1) / sp.beta(a, b)
    f_eta = r.change_of_variables(beta, p, r.sigmoid(eta), eta, REAL)
    assert math.isclose(r.numeric_mass(f_eta, eta, REAL), 1.0, rel_tol=1e-6)


# ----------------------------------------------------------------- Fisher information / Jeffreys
def test_fisher_information_of_bernoulli_is_one_over_p_one_minus_p():
    assert symbolically_equal(fisher.fisher_information(BERNOULLI, p, {x: p}), 1 / (p * (1 - p)))


def test_fisher_information_of_n_bernoulli_draws_is_n_over_p_one_minus_p():
    k, n = sp.symbols("k n", positive=True)
    ell = k * sp.log(p) + (n - k) * sp.log(1 - p)
    assert symbolically_equal(fisher.fisher_information(ell, p, {k: n * p}), n / (p * (1 - p)))


def test_fisher_information_of_poisson_is_one_over_lambda():
    ell = x * sp.log(lam) - lam - sp.loggamma(x + 1)
    assert symbolically_equal(fisher.fisher_information(ell, lam, {x: lam}), 1 / lam)


def test_fisher_information_of_gaussian_mean_is_n_over_sigma2():
    n, sigma2, s1, ss = sp.symbols("n sigma2 S1 S2", positive=True)
    ell = -(ss - 2 * mu * s1 + n * mu**2) / (2 * sigma2)  # sum_i (x_i - mu)^2 with S1 = sum x, S2 = sum x^2
    assert symbolically_equal(fisher.fisher_information(ell, mu, {s1: n * mu, ss: n * (sigma2 + mu**2)}), n / sigma2)


def test_fisher_information_of_gaussian_variance_is_n_over_two_sigma4():
    n, ss = sp.symbols("n S", positive=True)  # S = sum (x_i - mu)^2, E[S] = n s2
    ell = -n / 2 * sp.log(s2) - ss / (2 * s2)
    assert symbolically_equal(fisher.fisher_information(ell, s2, {ss: n * s2}), n / (2 * s2**2))


def test_fisher_information_matches_monte_carlo_variance_of_the_score():
    rng = np.random.default_rng(5)
    draws = rng.poisson(3.0, size=200_000)
    score = draws / 3.0 - 1.0
    info = fisher.fisher_information(x * sp.log(lam) - lam, lam, {x: lam}).subs(lam, 3)
    assert math.isclose(float(np.var(score)), float(info), rel_tol=0.02)


def test_score_has_mean_zero():
    assert fisher.score_mean(BERNOULLI, p, {x: p}) == 0
    assert fisher.score_mean(x * sp.log(lam) - lam, lam, {x: lam}) == 0


@pytest.mark.parametrize("loglik, theta, expectations, inverse, eta_domain", [
    (BERNOULLI, p, {x: p}, r.sigmoid(eta), REAL),  # log-odds
    (BERNOULLI, p, {x: p}, eta**2, (0, 1)),  # square-root scale
    (x * sp.log(lam) - lam, lam, {x: lam}, sp.exp(eta), REAL),  # Poisson on log-rate
    (-(x - mu) ** 2 / 2, mu, {x: mu}, 2 * eta + 5, REAL),  # Gaussian mean, affine
])
def test_fisher_information_transformation_rule(loglik, theta, expectations, inverse, eta_domain):
    """I_η computed directly from ℓ(θ(η)) equals I_θ(θ(η)) (dθ/dη)²."""
    direct = fisher.fisher_information(loglik.subs(theta, inverse), eta,
                                  {s: m.subs(theta, inverse) for s, m in expectations.items()})
    info = fisher.fisher_information(loglik, theta, expectations)
    ruled = fisher.transform_fisher_information(info, theta, inverse, eta)
    assert symbolically_equal(direct, ruled)
    # Jeffreys consistency: sqrt(I_η) is sqrt(I_θ) carried by the change of variables.
    carried = r.change_of_variables(fisher.jeffreys_prior(loglik, theta, expectations), theta, inverse, eta, eta_domain)
    direct_jeffreys = fisher.jeffreys_prior(loglik.subs(theta, inverse), eta,
                                       {s: m.subs(theta, inverse) for s, m in expectations.items()})
    for point in (sp.Rational(1, 5), sp.Rational(1, 2), sp.Rational(4, 5)):
        assert math.isclose(float(carried.subs(eta, point)), float(direct_jeffreys.subs(eta, point)), rel_tol=1e-12)


def test_fisher_information_chain_rule_holds_for_any_model_and_map():
    second, curvature, score = fisher.fisher_information_chain_rule(eta)
    assert sp.simplify((second - curvature - score).doit()) == 0


def test_mode_moves_under_any_map_with_curvature_whatever_the_prior():
    _, at_mode = r.mapped_mode_slope(eta)
    h = sp.Function("h")(eta)
    assert sp.simplify(at_mode - sp.diff(h, eta, 2) / sp.diff(h, eta)) == 0
    # concrete instance: the log-odds map h = σ has h''/h' = 1 − 2σ(η), zero only at p = 1/2
    sig = r.sigmoid(eta)
    assert sp.simplify(at_mode.subs(h, sig).doit() - (1 - 2 * sig)) == 0


def test_bernoulli_fisher_information_in_log_odds_is_sigma_one_minus_sigma():
    ell_eta = BERNOULLI.subs(p, r.sigmoid(eta))
    assert symbolically_equal(fisher.fisher_information(ell_eta, eta, {x: r.sigmoid(eta)}), r.logistic_density(eta))


# ----------------------------------------------------------------- modes
def likelihood(k, n):
    return p**k * (1 - p) ** (n - k)


def test_mle_is_invariant_under_the_log_odds():
    lik = likelihood(7, 10)
    mle_p = modes.density_mode(lik, p, UNIT)
    mle_eta = modes.density_mode(lik.subs(p, r.sigmoid(eta)), eta, REAL)
    assert mle_p == sp.Rational(7, 10)
    assert sp.simplify(r.sigmoid(mle_eta) - mle_p) == 0


def test_flat_prior_mode_in_log_odds_maps_back_to_laplace_rule_of_succession():
    k, n = sp.symbols("k n", positive=True)
    mm = r.mode_mapped_back(likelihood(k, n), p, r.sigmoid(eta), eta, REAL)
    assert symbolically_equal(mm.theta_value, (k + 1) / (n + 2))
    assert symbolically_equal(modes.density_mode(likelihood(k, n), p, UNIT), k / n)


@pytest.mark.parametrize("k, n", [(7, 10), (1, 3), (12, 40), (0, 5)])
def test_mapped_back_mode_matches_scipy_maximization(k, n):
    mm = r.mode_mapped_back(likelihood(k, n), p, r.sigmoid(eta), eta, REAL, UNIT)
    assert mm.theta_value == sp.Rational(k + 1, n + 2)
    res = optimize.minimize_scalar(
        lambda e: -((k + 1) * e - (n + 2) * np.logaddexp(0.0, e)), bounds=(-30, 30), method="bounded",
        options={"xatol": 1e-12})
    assert math.isclose(1 / (1 + math.exp(-res.x)), (k + 1) / (n + 2), rel_tol=1e-6)
    numeric = modes.numeric_mode(sp.log(mm.density_eta), -30, 30, var=eta)
    assert math.isclose(numeric, float(mm.eta_mode), abs_tol=1e-6)


def test_flat_in_log_odds_prior_gives_the_mle_too():
    """The source's 'flat-in-p vs flat-in-η' sentence: both MAPs are the MLE k/n."""
    lik_eta = likelihood(7, 10).subs(p, r.sigmoid(eta))  # flat prior in η: posterior ∝ likelihood
    assert sp.simplify(r.sigmoid(modes.density_mode(lik_eta, eta, REAL))) == sp.Rational(7, 10)
    assert modes.density_mode(likelihood(7, 10), p, UNIT) == sp.Rational(7, 10)


@pytest.mark.parametrize("k, n", [(7, 10), (3, 4), (2, 9)])
def test_jeffreys_posterior_mode_is_not_invariant(k, n):
    post = likelihood(k, n) / sp.sqrt(p * (1 - p))
    mode_p = modes.density_mode(post, p, UNIT)
    back = r.mode_mapped_back(post, p, r.sigmoid(eta), eta, REAL).theta_value
    assert mode_p == sp.Rational(2 * k - 1, 2 * (n - 1))
    assert back == sp.Rational(2 * k + 1, 2 * (n + 1))
    assert mode_p != back
    res = optimize.minimize_scalar(lambda q: -stats.beta(k + 0.5, n - k + 0.5).logpdf(q), bounds=(1e-9, 1 - 1e-9),
                                   method="bounded", options={"xatol": 1e-12})
    assert math.isclose(res.x, float(mode_p), rel_tol=1e-6)


def test_chapter_5_jeffreys_mode_in_eta_by_either_route():
    """Chapter 5 builds the Jeffreys posterior in η from scratch (likelihood × √I_η); carrying the
    p-posterior over by the change of variables gives the same mode (moved here from the chapter)."""
    k, n = 7, 10
    sigma = r.sigmoid(eta)
    jeffreys_p = fisher.jeffreys_prior(BERNOULLI, p, {x: p})
    info_eta = fisher.fisher_information(BERNOULLI.subs(p, sigma), eta, {x: sigma})
    direct = modes.density_mode(likelihood(k, n).subs(p, sigma) * sp.sqrt(info_eta), eta, REAL)
    carried = r.mode_mapped_back(likelihood(k, n) * jeffreys_p, p, sigma, eta, REAL, UNIT)
    assert sp.simplify(sigma.subs(eta, direct)) == carried.theta_value == sp.Rational(2 * k + 1, 2 * (n + 1))


@pytest.mark.parametrize("k, n", [(7, 10), (3, 4), (2, 9)])
def test_druilhet_marin_jeffreys_measure_map_is_invariant_and_is_the_mle(k, n):
    info_p = fisher.fisher_information(BERNOULLI, p, {x: p})
    post = likelihood(k, n) * fisher.jeffreys_prior(BERNOULLI, p, {x: p})
    in_p = fisher.jeffreys_measure_mode(post, p, info_p, UNIT)
    info_eta = fisher.transform_fisher_information(info_p, p, r.sigmoid(eta), eta)
    post_eta = r.change_of_variables(post, p, r.sigmoid(eta), eta, REAL)
    in_eta = fisher.jeffreys_measure_mode(post_eta, eta, info_eta, REAL)
    assert in_p == sp.Rational(k, n)
    assert sp.simplify(r.sigmoid(in_eta) - in_p) == 0


def test_median_is_invariant_under_monotone_maps():
    post = likelihood(7, 10)
    median_p = r.numeric_median(post, p, UNIT)
    assert math.isclose(median_p, stats.beta(8, 4).median(), rel_tol=1e-9)
    median_eta = r.numeric_median(r.change_of_variables(post, p, r.sigmoid(eta), eta, REAL), eta, REAL)
    assert math.isclose(1 / (1 + math.exp(-median_eta)), median_p, rel_tol=1e-9)
    median_dec = r.numeric_median(r.change_of_variables(post, p, 1 - eta, eta, UNIT), eta, UNIT)
    assert math.isclose(1 - median_dec, median_p, rel_tol=1e-9)


@pytest.mark.parametrize("density, var, domain, expected", [
    (sp.exp(-(eta - 9) ** 2 / 2), eta, REAL, 9.0),  # right of the sampling grid
    (sp.exp(-(eta + 9) ** 2 / 2), eta, REAL, -9.0),  # left of it
    (p**400, p, UNIT, 0.5 ** (1 / 401)),  # piled up against the upper end
])
def test_numeric_median_far_from_the_sampling_grid(density, var, domain, expected):
    assert math.isclose(r.numeric_median(density, var, domain), expected, rel_tol=1e-9)


def test_boundary_mode_is_an_endpoint_not_an_error():
    assert modes.density_mode(p**5, p, UNIT) == 1
    assert modes.density_mode((1 - p) ** 5, p, UNIT) == 0
    mm = r.mode_mapped_back(p**5 / (p * (1 - p)), p, r.sigmoid(eta), eta, REAL)  # flat-in-η prior, k = n
    assert mm.eta_mode == sp.oo and mm.theta_value == 1


def test_mode_agrees_with_quadrature_free_scipy_maximum_for_gamma():
    dens = lam**3 * sp.exp(-2 * lam)
    assert modes.density_mode(dens, lam, (0, sp.oo)) == sp.Rational(3, 2)
    mm = r.mode_mapped_back(dens, lam, sp.exp(eta), eta, REAL, (0, sp.oo))
    assert sp.simplify(mm.theta_value - 2) == 0  # log scale adds one to the shape: (3 + 1)/2
    res = optimize.minimize_scalar(lambda e: -(4 * e - 2 * math.exp(e)), bounds=(-5, 5), method="bounded")
    assert math.isclose(math.exp(res.x), 2.0, rel_tol=1e-6)


def test_numeric_mass_agrees_with_scipy_quad():
    dens = sp.exp(-eta) / (1 + sp.exp(-eta)) ** 2
    assert math.isclose(r.numeric_mass(dens, eta, REAL),
                        integrate.quad(stats.logistic.pdf, -np.inf, np.inf)[0], rel_tol=1e-10)


# ----------------------------------------------------------------- bad input
def test_non_symbol_variables_are_rejected():
    with pytest.raises(TypeError, match="theta must be a SymPy Symbol"):
        r.change_of_variables(sp.Integer(1), "p", r.sigmoid(eta), eta, REAL)
    with pytest.raises(TypeError, match="eta must be a SymPy Symbol"):
        r.change_of_variables(sp.Integer(1), p, r.sigmoid(eta), 2 * eta, REAL)
    with pytest.raises(TypeError, match="theta must be a SymPy Symbol"):
        fisher.fisher_information(BERNOULLI, p**2, {x: p})
    with pytest.raises(TypeError, match="theta must be a SymPy Symbol"):
        modes.density_mode(p, 1, UNIT)


def test_non_monotone_map_is_rejected():
    with pytest.raises(ValueError, match="not strictly monotone on eta_domain"):
        r.change_of_variables(sp.Integer(1), p, eta**2, eta, (-1, 1))
    with pytest.raises(ValueError, match="not strictly monotone"):
        r.monotone_direction(sp.sin(eta), eta, (0, 4))


def test_map_with_symbolic_parameters_uses_sympy_monotonicity():
    c = sp.Symbol("c", positive=True)
    assert r.monotone_direction(c * eta, eta, REAL) == 1
    assert r.monotone_direction(-c * eta, eta, REAL) == -1
    with pytest.raises(ValueError, match="could not be shown strictly monotone"):
        r.monotone_direction(sp.Symbol("d") * eta, eta, REAL)


def test_map_leaving_the_parameter_domain_is_rejected():
    with pytest.raises(ValueError, match="outside theta_domain"):
        r.change_of_variables(sp.Integer(1), p, 2 * eta, eta, (0, 1), UNIT)


def test_inverse_must_depend_on_eta_and_not_on_theta():
    with pytest.raises(ValueError, match="inverse must depend on eta"):
        r.change_of_variables(sp.Integer(1), p, sp.Integer(3), eta, REAL)
    with pytest.raises(ValueError, match="must express theta in terms of eta"):
        r.change_of_variables(sp.Integer(1), p, p + eta, eta, REAL)


def test_bad_domains_are_rejected():
    with pytest.raises(ValueError, match="eta_domain must have low < high"):
        r.monotone_direction(eta, eta, (1, 0))
    with pytest.raises(TypeError, match=r"eta_domain must be a sympy\.Interval or a pair"):
        r.monotone_direction(eta, eta, 3)
    with pytest.raises(ValueError, match="high must be a finite real number"):
        modes.numeric_mode(-(eta**2), -10, float("inf"), var=eta)


def test_nonlinear_statistic_expectation_is_rejected():
    with pytest.raises(ValueError, match="not linear in the data symbol x"):
        fisher.fisher_information(-(x**2) * p**2, p, {x: p})


def test_loglik_must_depend_on_theta_and_density_must_be_an_expression():
    with pytest.raises(ValueError, match="loglik must depend on p"):
        fisher.fisher_information(x * sp.log(lam), p, {x: p})
    with pytest.raises(TypeError, match="density must be a SymPy expression"):
        r.change_of_variables("1", p, r.sigmoid(eta), eta, REAL)
    with pytest.raises(TypeError, match="expectations must be a mapping"):
        fisher.fisher_information(BERNOULLI, p, [(x, p)])


def test_numeric_evaluation_needs_numbers_for_other_symbols():
    with pytest.raises(ValueError, match="substitute values for"):
        r.numeric_mass(p ** sp.Symbol("k"), p, UNIT)


def test_improper_density_cannot_be_normalized():
    with pytest.raises(ValueError, match="cannot be normalized"):
        r.normalize(sp.Integer(1), eta, REAL)


# ----------------------------------------------------------------- figure helper
def test_plot_modes_in_two_coordinates_draws_both_modes_in_both_panels():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    post_p = p**7 * (1 - p) ** 3
    post_eta = r.change_of_variables(post_p, p, r.sigmoid(eta), eta, REAL, UNIT)
    fig, (ax_p, ax_eta) = plotting.plot_modes_in_two_coordinates(
        post_p, p, post_eta, eta, mode_p=0.7, mode_eta=math.log(2), p_grid=np.linspace(0.01, 0.99, 50),
        eta_grid=np.linspace(-3, 5, 50), medians=(0.68, 0.75))
    try:
        p_lines = sorted(line.get_xdata()[0] for line in ax_p.get_lines()[1:])
        eta_lines = sorted(line.get_xdata()[0] for line in ax_eta.get_lines()[1:])
        assert p_lines == pytest.approx([2 / 3, 0.68, 0.7])  # σ(log 2) = 2/3
        assert eta_lines == pytest.approx([math.log(2), 0.75, math.log(7 / 3)])
        # the curves are normalized densities
        curve = ax_p.get_lines()[0]
        assert np.trapezoid(curve.get_ydata(), curve.get_xdata()) == pytest.approx(1, abs=0.02)
    finally:
        plt.close(fig)


@pytest.mark.parametrize("kwargs, error, words", [
    ({"mode_p": 1.5}, ValueError, "mode_p"),
    ({"mode_p": "0.5"}, TypeError, "mode_p"),
    ({"p_grid": np.linspace(0, 1, 5)}, ValueError, "p_grid"),
    ({"eta_grid": [[1.0]]}, ValueError, "eta_grid"),
    ({"medians": 0.5}, TypeError, "medians"),
])
def test_plot_modes_in_two_coordinates_validates(kwargs, error, words):
    args = {"mode_p": 0.7, "mode_eta": 0.5, "p_grid": np.linspace(0.1, 0.9, 5), "eta_grid": np.linspace(-1, 1, 5)}
    args.update(kwargs)
    with pytest.raises(error, match=words):
        plotting.plot_modes_in_two_coordinates(p**2, p, sp.exp(-eta**2), eta, **args)


def test_unit_interval_form_writes_the_jeffreys_prior_in_powers_of_p_and_one_minus_p():
    jeffreys = fisher.jeffreys_prior(BERNOULLI, p, {x: p})
    clean = r.unit_interval_form(jeffreys, p)
    assert clean == 1 / (sp.sqrt(p) * sp.sqrt(1 - p))
    assert not sp.expand_log(sp.log(clean), force=True).has(sp.I)
    for q in (1e-6, 0.1, 0.5, 0.93, 1 - 1e-9):  # the same function on (0, 1)
        assert math.isclose(float(clean.subs(p, q)), float(jeffreys.subs(p, q)), rel_tol=1e-12)
    with pytest.raises(TypeError, match="p"):
        r.unit_interval_form(jeffreys, "p")
    with pytest.raises((TypeError, ValueError), match="expr"):
        r.unit_interval_form(object(), p)


def test_positive_power_form_combines_the_logistic_powers_and_agrees_where_the_bases_are_positive():
    sigma = r.sigmoid(eta)
    dens = (1 - sigma) ** sp.Rational(5, 2) * (sigma - sigma**2) * sigma ** sp.Rational(13, 2)
    clean = r.positive_power_form(dens)
    assert clean == sp.exp(sp.Rational(15, 2) * eta) / (sp.exp(eta) + 1) ** 11
    for e in (-8.0, -1.2, 0.0, 0.7, 6.0):  # (the original form cancels 1 - σ badly far out)
        assert math.isclose(float(clean.subs(eta, e)), float(dens.subs(eta, e)), rel_tol=1e-12)
    with pytest.raises((TypeError, ValueError), match="expr"):
        r.positive_power_form(object())


@pytest.mark.parametrize("k, n", [(7, 10), (3, 4), (0, 5)])
def test_mode_mapped_back_with_positive_bases_gives_the_same_mode(k, n):
    sigma = r.sigmoid(eta)
    for dens in (likelihood(k, n), likelihood(k, n) / sp.sqrt(p * (1 - p))):
        plain = r.mode_mapped_back(dens, p, sigma, eta, REAL, UNIT)
        fast = r.mode_mapped_back(dens, p, sigma, eta, REAL, UNIT, positive_bases=True)
        assert fast == plain
    ks, ns = sp.symbols("k n", positive=True)
    general = r.mode_mapped_back(p**ks * (1 - p) ** (ns - ks), p, sigma, eta, REAL, positive_bases=True)
    assert symbolically_equal(general.theta_value, (ks + 1) / (ns + 2))
    with pytest.raises(TypeError, match="positive_bases"):
        r.mode_mapped_back(likelihood(k, n), p, sigma, eta, REAL, positive_bases="yes")
