"""One valid call of every public ``mapmath`` function, for the common battery of bad inputs
(``tests/test_common_battery.py``) and the fuzz (``scripts/mapmath_fuzz.py``).

``CASES["module.function"]`` is a function returning the keyword arguments of a valid call (fresh
objects each time). The battery replaces one argument at a time with a bad or extreme value, guided
by the parameter's declared constraint (``function.__mapmath_params__``, see
:func:`mapmath.validation.validate_params`). ``REFERENCES["module.function"]`` recomputes the value
independently (mpmath, SciPy, a closed form) for the functions whose result is one number or
array: a finite result for extreme but valid input is compared with it.

Covered: every module of ``mapmath`` except ``exercises`` (answer checkers, tested by their own
fuzz), ``parsing`` (the safe parser, its own tests), ``validation`` (the checkers themselves),
``display`` and ``plotting`` (presentation).
"""

from __future__ import annotations

import importlib
import inspect
import math

import numpy as np
import sympy as sp

import mapmath

EXCLUDED_MODULES = frozenset({"exercises", "parsing", "validation", "display", "plotting"})


def public_functions() -> dict[str, object]:
    """``{"module.name": function}`` for every public function of the covered modules (from the
    package: each module's ``__all__``, functions defined in it)."""
    out = {}
    for mod_name in sorted(mapmath.SUBMODULES - EXCLUDED_MODULES):
        mod = importlib.import_module(f"mapmath.{mod_name}")
        for name in getattr(mod, "__all__", ()):
            obj = getattr(mod, name)
            if inspect.isfunction(obj) and obj.__module__ == mod.__name__:
                out[f"{mod_name}.{name}"] = obj
    return out


P = sp.Symbol("p", positive=True)
T = sp.Symbol("theta", real=True)
E = sp.Symbol("eta", real=True)
UNIT = sp.Interval.open(0, 1)
REAL = sp.Interval(-sp.oo, sp.oo)


def _X():
    return np.array([[1.0, 0.5], [0.2, 1.0], [0.3, -0.4], [-0.7, 0.1]])


def _y():
    return np.array([1.0, 2.0, 0.5, -0.3])


def _yb():
    return np.array([1.0, 0.0, 1.0, 0.0])


def _mixture():
    from mapmath.mixtures import gaussian_mixture_posterior
    return gaussian_mixture_posterior([0.5, 0.5], [-2.0, 2.0], [1.0, 1.0], 0.1, 1.0, 5)


def _logistic_deriv():
    from mapmath.logistic import derive_logistic_map_objective
    return derive_logistic_map_objective(1, 1)


def _ridge_concrete():
    from mapmath.ridge import ridge_concrete
    return ridge_concrete(1, 1)


def _normal_cdf(x):
    return 0.5 * math.erfc(-x / math.sqrt(2))


MIX = dict(x=[-1.0, -0.5, 2.0, 2.5, 3.0], weights=[0.5, 0.5], means=[-1.0, 2.0], variances=[1.0, 1.0])

CASES = {
    # asymptotics
    "asymptotics.map_minus_mle": lambda: dict(k=3, n=10, a=2.0, b=2.0),
    "asymptotics.simulate_map_mle_gap": lambda: dict(ns=[10, 20, 40], p_true=0.3, a=2.0, b=2.0, seed=0),
    "asymptotics.expected_abs_gap": lambda: dict(n=20, p_true=0.3, a=2.0, b=2.0),
    "asymptotics.loglog_slope": lambda: dict(x=[1.0, 2.0, 4.0], y=[1.0, 0.5, 0.25]),
    "asymptotics.slopes_over_seeds": lambda: dict(ns=[100, 200, 400, 800], p_true=0.3, a=2.0, b=2.0,
                                                  seeds=[0, 1], n_min=100),
    "asymptotics.prior_weight": lambda: dict(pseudo_counts=2.0, n=10.0),
    "asymptotics.n_for_prior_weight_below": lambda: dict(pseudo_counts=2.0, weight=0.1),
    "asymptotics.bvm_comparison": lambda: dict(ks=[3, 30], ns=[10, 100], a=2.0, b=2.0),
    # bayes_actions
    "bayes_actions.grid_density": lambda: dict(theta=[0.0, 0.5, 1.0, 1.5], density=[0.1, 0.4, 0.3, 0.2]),
    "bayes_actions.expected_posterior_loss": lambda: dict(action=0.5, theta=[0.0, 0.5, 1.0, 1.5],
                                                          density=[0.1, 0.4, 0.3, 0.2], loss="squared",
                                                          epsilon=None),
    "bayes_actions.bayes_action": lambda: dict(theta=[0.0, 0.5, 1.0, 1.5], density=[0.1, 0.4, 0.3, 0.2],
                                               loss="absolute", epsilon=None),
    "bayes_actions.epsilon_ball_bayes_action": lambda: dict(cdf=_normal_cdf, epsilon=0.5, low=-5.0,
                                                            high=5.0, grid_size=401),
    "bayes_actions.epsilon_ball_bias": lambda: dict(density=P**2 * (1 - P) ** 7, theta=P, mode=sp.Rational(2, 9)),
    # bernoulli
    "bernoulli.bernoulli_log_likelihood": lambda: dict(k=sp.Integer(3), n=sp.Integer(10), p=P),
    "bernoulli.beta_posterior_parameters": lambda: dict(k=3, n=10, a=2.0, b=2.0),
    "bernoulli.beta_map": lambda: dict(k=3, n=10, a=2.0, b=2.0),
    "bernoulli.beta_map_exact": lambda: dict(k=3, n=10, a=2, b=2),
    "bernoulli.beta_mle": lambda: dict(k=3, n=10),
    "bernoulli.beta_posterior_mean": lambda: dict(k=3, n=10, a=2.0, b=2.0),
    "bernoulli.effective_sample_size": lambda: dict(a=2.0, b=3.0, estimator="map"),
    "bernoulli.boundary_case_table": lambda: dict(cases=[("interior", 3, 10, 2.0, 2.0)], grid_size=201),
    # beta
    "beta.beta_mode_cases": lambda: dict(A=3.0, B=4.0, a_name="A", b_name="B"),
    "beta.beta_mode": lambda: dict(A=3.0, B=4.0),
    "beta.beta_mean": lambda: dict(a=3.0, b=4.0),
    "beta.beta_median": lambda: dict(a=3.0, b=4.0),
    "beta.beta_median_approx": lambda: dict(a=3.0, b=4.0),
    "beta.beta_skewness": lambda: dict(A=3.0, B=4.0),
    "beta.beta_laplace_variance": lambda: dict(a=3.0, b=4.0),
    "beta.beta_laplace": lambda: dict(a=3.0, b=4.0),
    "beta.beta_logit_laplace": lambda: dict(a=3.0, b=4.0),
    "beta.beta_logit_laplace_interval": lambda: dict(a=3.0, b=4.0, level=0.9),
    "beta.beta_exact_interval": lambda: dict(a=3.0, b=4.0, level=0.9),
    "beta.beta_hpd_interval": lambda: dict(a=3.0, b=4.0, level=0.9, coordinate="p"),
    "beta.beta_interval_mass": lambda: dict(a=3.0, b=4.0, low=0.2, high=0.6),
    # checks
    "checks.symbolically_equal": lambda: dict(lhs=(P + 1) ** 2, rhs=P**2 + 2 * P + 1),
    "checks.numerically_equal": lambda: dict(lhs=(P + 1) ** 2, rhs=P**2 + 2 * P + 1, points=[{P: 0.5}],
                                             rtol=1e-10, atol=1e-12),
    "checks.assert_symbolic_equal": lambda: dict(lhs=(P + 1) ** 2, rhs=P**2 + 2 * P + 1, what="square",
                                                 points=()),
    "checks.assert_close": lambda: dict(actual=1.0, expected=1.0, rtol=1e-9, atol=1e-12, what="value"),
    # fisher
    "fisher.fisher_information": lambda: dict(loglik=3 * sp.log(P) + 7 * sp.log(1 - P), theta=P, expectations=None),
    "fisher.score_mean": lambda: dict(loglik=3 * sp.log(P) + 7 * sp.log(1 - P), theta=P, expectations=None),
    "fisher.jeffreys_prior": lambda: dict(loglik=3 * sp.log(P) + 7 * sp.log(1 - P), theta=P, expectations=None),
    "fisher.transform_fisher_information": lambda: dict(info=1 / (P * (1 - P)), theta=P,
                                                        inverse=1 / (1 + sp.exp(-E)), eta=E),
    "fisher.fisher_information_chain_rule": lambda: dict(eta=E),
    "fisher.jeffreys_measure_mode": lambda: dict(density=P**3 * (1 - P) ** 7, var=P, info=1 / (P * (1 - P)),
                                                 domain=UNIT),
    # intervals
    "intervals.check_level": lambda: dict(level=0.9),
    "intervals.equal_tailed_interval": lambda: dict(ppf=lambda t: t, level=0.9),
    "intervals.hpd_interval": lambda: dict(log_density=lambda x: -x, ppf=lambda t: -math.log1p(-t),
                                           level=0.9, xtol=1e-12),
    # laplace_approx
    "laplace_approx.laplace_approximation": lambda: dict(log_density=2 * sp.log(P) + 3 * sp.log(1 - P),
                                                         theta=P, domain=UNIT),
    "laplace_approx.laplace_interval": lambda: dict(mode=0.3, variance=0.01, level=0.95),
    # lasso
    "lasso.lasso_lambda": lambda: dict(sigma2=1.0, b=0.5),
    "lasso.lasso_concrete": lambda: dict(n=2, d=1),
    "lasso.soft_threshold": lambda: dict(z=[-2.0, 0.5, 3.0], threshold=1.0),
    "lasso.lasso_objective": lambda: dict(X=_X(), y=_y(), w=[0.5, -0.2], lam=1.0),
    "lasso.lasso_lambda_max": lambda: dict(X=_X(), y=_y()),
    "lasso.lasso_kkt_violation": lambda: dict(X=_X(), y=_y(), w=[0.5, -0.2], lam=1.0),
    "lasso.lasso_duality_gap": lambda: dict(X=_X(), y=_y(), w=[0.5, -0.2], lam=1.0),
    "lasso.lasso_solve": lambda: dict(X=_X(), y=_y(), lam=1.0, tol=1e-10, max_iter=1000, return_certificate=False),
    "lasso.lasso_map": lambda: dict(X=_X(), y=_y(), sigma2=1.0, b=2.0, tol=1e-10, max_iter=1000,
                                    return_certificate=False),
    "lasso.laplace_posterior_1d": lambda: dict(z=1.0, sigma2=2.0, b=1.0),
    "lasso.laplace_posterior_2d": lambda: dict(X=_X(), y=_y(), sigma2=1.0, b=1.0),
    "lasso.derive_flat_intercept_profile": lambda: dict(n=2, d=1),
    "lasso.lasso_map_with_intercept": lambda: dict(X=_X(), y=_y(), sigma2=1.0, b=2.0, tol=1e-10),
    # lasso_path
    "lasso_path.lasso_path": lambda: dict(X=_X(), y=_y(), lam_min=0.0, max_knots=None),
    "lasso_path.lars_alpha_to_lambda": lambda: dict(alpha=0.1, n_samples=20),
    "lasso_path.lars_alpha_to_b": lambda: dict(alpha=0.1, sigma2=1.0, n_samples=20),
    "lasso_path.covariance_df": lambda: dict(X=_X(), mean=_y(), sigma2=1.0,
                                             estimator=lambda X, y: np.linalg.lstsq(X, y, rcond=None)[0],
                                             n_rep=20, seed=0),
    # lasso_uniqueness
    "lasso_uniqueness.derive_fit_uniqueness": lambda: dict(n=2),
    "lasso_uniqueness.derive_duplicate_column_invariance": lambda: dict(n=2),
    "lasso_uniqueness.duplicate_column_segment": lambda: dict(X=np.array([[1.0, 1.0], [2.0, 2.0], [0.5, 0.5]]),
                                                              w=[1.0, 0.0], i=0, j=1, ts=[0.0, 0.5, 1.0]),
    # linear_model
    "linear_model.symbolic_linear_model": lambda: dict(n=2, d=1, sigma2=sp.Symbol("sigma2", positive=True),
                                                       max_entries=4),
    # logistic
    "logistic.derive_logistic_map_objective": lambda: dict(n=1, d=1),
    "logistic.closed_form_gradient": lambda: dict(deriv=_logistic_deriv()),
    "logistic.closed_form_hessian": lambda: dict(deriv=_logistic_deriv()),
    "logistic.logistic_objective": lambda: dict(w=[0.1, -0.2], X=_X(), y=_yb(), tau2=1.0),
    "logistic.logistic_gradient": lambda: dict(w=[0.1, -0.2], X=_X(), y=_yb(), tau2=1.0),
    "logistic.logistic_hessian": lambda: dict(w=[0.1, -0.2], X=_X(), y=_yb(), tau2=1.0),
    "logistic.logistic_map": lambda: dict(X=_X(), y=_yb(), tau2=1.0, tol=1e-12, max_iter=100),
    "logistic.logistic_map_intercept": lambda: dict(X=_X(), y=_yb(), tau2=1.0, intercept_tau2=math.inf,
                                                    tol=1e-12, max_iter=100),
    "logistic.logistic_mle": lambda: dict(X=_X(), y=np.array([1.0, 0.0, 0.0, 1.0]), tol=1e-12, max_iter=100),
    "logistic.sklearn_C": lambda: dict(tau2=2.0),
    # logistic_predictive
    "logistic_predictive.moderation_factor": lambda: dict(s2=1.0),
    "logistic_predictive.plugin_predictive": lambda: dict(X_new=_X(), w=[0.1, -0.2]),
    "logistic_predictive.latent_moments": lambda: dict(X_new=_X(), w_map=[0.1, -0.2],
                                                       hessian=np.array([[2.0, 0.3], [0.3, 1.0]])),
    "logistic_predictive.moderated_predictive": lambda: dict(X_new=_X(), w_map=[0.1, -0.2],
                                                             hessian=np.array([[2.0, 0.3], [0.3, 1.0]])),
    "logistic_predictive.gaussian_sigmoid_expectation": lambda: dict(mu=[0.5, 10.0], s2=[1.0, 1e4], n_nodes=80),
    "logistic_predictive.metropolis_logistic": lambda: dict(X=_X(), y=_yb(), tau2=1.0, n_samples=50, step=0.5,
                                                            burn_in=10, seed=0, start=None),
    "logistic_predictive.mc_predictive": lambda: dict(X_new=_X(), samples=np.array([[0.1, -0.2], [0.3, 0.0]])),
    "logistic_predictive.grid_predictive": lambda: dict(X=_X(), y=_yb(), tau2=1.0, X_new=_X(), w_map=[0.1, -0.2],
                                                        hessian=np.array([[2.0, 0.3], [0.3, 1.0]]), n_nodes=20,
                                                        width=6.0),
    # mixture_em
    "mixture_em.mixture_log_likelihood": lambda: dict(MIX),
    "mixture_em.inverse_gamma_logpdf": lambda: dict(s2=1.5, a=2.0, b=0.5),
    "mixture_em.mixture_log_posterior": lambda: dict(MIX, a=2.0, b=0.5),
    "mixture_em.responsibilities": lambda: dict(MIX),
    "mixture_em.em_step": lambda: dict(MIX, a=2.0, b=0.5),
    "mixture_em.em_map": lambda: dict(MIX, a=2.0, b=0.5, tol=1e-10, max_iter=500),
    # mixtures
    "mixtures.gaussian_mixture_posterior": lambda: dict(prior_weights=[0.5, 0.5], prior_means=[-2.0, 2.0],
                                                        prior_sds=[1.0, 1.0], ybar=0.1, sigma=1.0, n=5),
    "mixtures.mixture_modes": lambda: dict(mixture=_mixture(), lower=-5.0, upper=5.0, num=201),
    "mixtures.peak_masses": lambda: dict(mixture=_mixture(), modes=[-1.0, 1.0]),
    # modes
    "modes.stationary_points": lambda: dict(log_density=-(T - 1) ** 2, theta=T, domain=None),
    "modes.find_modes": lambda: dict(log_density=-(T - 1) ** 2, theta=T, domain=REAL),
    "modes.symbolic_mode": lambda: dict(log_density=-(T - 1) ** 2, theta=T, domain=REAL),
    "modes.density_mode": lambda: dict(density=sp.exp(-(T - 1) ** 2), theta=T, domain=REAL),
    "modes.numeric_function": lambda: dict(expr=T**2, var=T, what="expression"),
    "modes.refine_maximum": lambda: dict(f=lambda x: -(x - 0.3) ** 2, low=-1.0, high=1.0, xatol=1e-12),
    "modes.maximize_on_grid": lambda: dict(f=lambda x: -(x - 0.3) ** 2, grid=np.linspace(-1, 1, 21), xatol=1e-12),
    "modes.numeric_mode": lambda: dict(log_density=lambda x: -(x - 0.3) ** 2, low=-1.0, high=1.0, var=None,
                                       grid_size=201, xatol=1e-12),
    "modes.local_maxima": lambda: dict(f=lambda x: -(x - 0.3) ** 2, low=-1.0, high=1.0, grid_size=201, xatol=1e-12),
    # posterior
    "posterior.log_posterior": lambda: dict(log_likelihood=3 * sp.log(P) + 7 * sp.log(1 - P),
                                            prior=P * (1 - P), theta=P),
    "posterior.penalized_mle_identity": lambda: dict(log_likelihood=3 * sp.log(P) + 7 * sp.log(1 - P),
                                                     prior=P * (1 - P), theta=P),
    # priors
    "priors.flat_density": lambda: dict(theta=T),
    "priors.gaussian_density": lambda: dict(theta=T, mean=0, variance=2),
    "priors.laplace_density": lambda: dict(theta=T, location=0, scale=2),
    "priors.beta_density": lambda: dict(p=P, a=2, b=3),
    "priors.penalty": lambda: dict(density=sp.exp(-T**2 / 2), theta=T),
    # reparameterization
    "reparameterization.sigmoid": lambda: dict(eta=E),
    "reparameterization.logit": lambda: dict(p=P),
    "reparameterization.logistic_density": lambda: dict(eta=E),
    "reparameterization.positive_power_form": lambda: dict(
        expr=(sp.exp(E) / (sp.exp(E) + 1)) ** 3 * (1 - sp.exp(E) / (sp.exp(E) + 1)) ** sp.Rational(1, 2)),
    "reparameterization.unit_interval_form": lambda: dict(expr=sp.sqrt(-1 / (P - 1)) / sp.sqrt(P), p=P),
    "reparameterization.logit_normal_pdf": lambda: dict(p=[0.2, 0.5], mean=0.0, variance=1.0),
    "reparameterization.monotone_direction": lambda: dict(inverse=1 / (1 + sp.exp(-E)), eta=E, eta_domain=REAL),
    "reparameterization.change_of_variables": lambda: dict(density=6 * P * (1 - P), theta=P,
                                                           inverse=1 / (1 + sp.exp(-E)), eta=E,
                                                           eta_domain=REAL, theta_domain=UNIT),
    "reparameterization.total_mass": lambda: dict(density=6 * P * (1 - P), var=P, domain=UNIT),
    "reparameterization.numeric_mass": lambda: dict(density=6 * P * (1 - P), var=P, domain=UNIT),
    "reparameterization.normalize": lambda: dict(density=P * (1 - P), var=P, domain=UNIT),
    "reparameterization.mapped_mode_slope": lambda: dict(eta=E),
    "reparameterization.numeric_median": lambda: dict(density=6 * P * (1 - P), var=P, domain=UNIT),
    "reparameterization.mode_mapped_back": lambda: dict(density=12 * P**2 * (1 - P), theta=P,
                                                        inverse=1 / (1 + sp.exp(-E)), eta=E,
                                                        eta_domain=REAL, theta_domain=UNIT),
    # ridge
    "ridge.ridge_lambda": lambda: dict(sigma2=1.0, tau2=2.0),
    "ridge.matrix_identity_holds": lambda: dict(lhs=sp.Identity(2), rhs=sp.Identity(2)),
    "ridge.ridge_concrete": lambda: dict(n=1, d=1),
    "ridge.completed_square_gap": lambda: dict(concrete=_ridge_concrete()),
    "ridge.ridge_map": lambda: dict(X=_X(), y=_y(), sigma2=1.0, tau2=2.0),
    "ridge.ridge_posterior": lambda: dict(X=_X(), y=_y(), sigma2=1.0, tau2=2.0),
    "ridge.ridge_objective": lambda: dict(X=_X(), y=_y(), w=[0.5, -0.2], lam=1.0),
    "ridge.ridge_path": lambda: dict(X=_X(), y=_y(), sigma2=1.0, tau2_grid=[0.1, 1.0, 10.0]),
    "ridge.ridge_path_zeros": lambda: dict(X=_X(), y=_y(), sigma2=1.0),
    "ridge.least_squares": lambda: dict(X=_X(), y=_y()),
    "ridge.squared_error_surface": lambda: dict(X=_X(), y=_y(), w1=[0.0, 1.0], w2=[0.0, 1.0]),
    "ridge.ridge_path_derivative": lambda: dict(X=_X(), y=_y(), lam=1.0),
    "ridge.two_feature_example": lambda: dict(seed=1, n=10),
    "ridge.ridge_augmented_data": lambda: dict(X=_X(), y=_y(), lam=1.0),
    "ridge.ridge_map_diagonal": lambda: dict(X=_X(), y=_y(), sigma2=1.0, prior_precisions=[1.0, 0.5]),
    "ridge.ridge_map_intercept": lambda: dict(X=_X(), y=_y(), sigma2=1.0, tau2=2.0),
    "ridge.standardize": lambda: dict(X=_X()),
    "ridge.residual_variance": lambda: dict(X=_X(), y=_y()),
    "ridge.ridge_predictive": lambda: dict(X=_X(), y=_y(), sigma2=1.0, tau2=2.0, X_new=_X()[:2], intercept=False),
    # ridge_svd
    "ridge_svd.shrinkage_factors": lambda: dict(X=_X(), lam=1.0),
    "ridge_svd.effective_df": lambda: dict(X=_X(), lam=1.0),
    "ridge_svd.ridge_hat_matrix": lambda: dict(X=_X(), lam=1.0),
    "ridge_svd.ridge_loo_mse": lambda: dict(X=_X(), y=_y(), lam=1.0),
    "ridge_svd.ridge_loo_mse_path": lambda: dict(X=_X(), y=_y(), lams=np.array([0.5, 1.0, 4.0])),
    "ridge_svd.ridge_svd_view": lambda: dict(X=_X(), y=_y(), lam=1.0),
    # sklearn_mapping
    "sklearn_mapping.sklearn_ridge_alpha": lambda: dict(sigma2=1.0, tau2=2.0),
    "sklearn_mapping.sklearn_lasso_alpha": lambda: dict(sigma2=1.0, b=2.0, n_samples=20),
    # sparse_priors
    "sparse_priors.laplace_log_tail": lambda: dict(c=2.0, b=1.0),
    "sparse_priors.spike_and_slab_1d": lambda: dict(z=1.0, sigma2=1.0, tau2=4.0, prior_inclusion=0.3),
    # typical_set
    "typical_set.ball_probability": lambda: dict(d=3, r=1.0),
    "typical_set.log10_ball_probability": lambda: dict(d=3, r=1.0),
    "typical_set.chi_mean": lambda: dict(d=3),
    "typical_set.chi_sd": lambda: dict(d=3),
    "typical_set.mode_to_typical_log_density_ratio": lambda: dict(d=3),
}

CASES.update({
    # gaussian
    "gaussian.gaussian_posterior": lambda: dict(x=[1.0, 2.0, 1.5], sigma2=1.0, mu0=0.0, tau2=2.0),
    "gaussian.gaussian_map": lambda: dict(x=[1.0, 2.0, 1.5], sigma2=1.0, mu0=0.0, tau2=2.0),
    "gaussian.gaussian_posterior_mean": lambda: dict(x=[1.0, 2.0, 1.5], sigma2=1.0, mu0=0.0, tau2=2.0),
    "gaussian.gaussian_mle": lambda: dict(x=[1.0, 2.0, 1.5]),
    "gaussian.gaussian_prior_weight": lambda: dict(n=3, sigma2=1.0, tau2=2.0),
    "gaussian.gaussian_log_posterior": lambda: dict(mu=1.0, x=[1.0, 2.0, 1.5], sigma2=1.0, mu0=0.0, tau2=2.0),
    "gaussian.sum_of_squares_decomposition": lambda: dict(n=2),
    # hierarchical_scale
    "hierarchical_scale.joint_neg_log_posterior": lambda: dict(w=[0.5, -0.2], tau2=1.0, X=_X(), y=_y(), sigma2=1.0),
    "hierarchical_scale.log_marginal_likelihood": lambda: dict(tau2=1.0, X=_X(), y=_y(), sigma2=1.0),
    "hierarchical_scale.score_at_zero": lambda: dict(X=_X(), y=_y(), sigma2=1.0),
    "hierarchical_scale.empirical_bayes_tau2": lambda: dict(X=_X(), y=_y(), sigma2=1.0, tau2_max=1e6),
    "hierarchical_scale.gamma_tau_log_prior": lambda: dict(tau=1.0, shape=2.0, rate=0.1),
    "hierarchical_scale.marginal_posterior_mode_tau": lambda: dict(X=_X(), y=_y(), sigma2=1.0, shape=2.0,
                                                                   rate=0.1, tau_max=1000.0),
})

CASES.update({
    # optimization (chapter 09, computing the MAP)
    "optimization.logistic_lipschitz": lambda: dict(X=_X(), tau2=1.0),
    "optimization.newton_logistic": lambda: dict(X=_X(), y=_yb(), tau2=1.0, tol=1e-12, max_iter=50, warn=False),
    "optimization.gradient_descent_logistic": lambda: dict(X=_X(), y=_yb(), tau2=1.0, tol=1e-8, max_iter=200,
                                                           warn=False),
    "optimization.lasso_lipschitz": lambda: dict(X=_X()),
    "optimization.ista": lambda: dict(X=_X(), y=_y(), lam=1.0, tol=1e-8, max_iter=200, w0=None, warn=False),
    "optimization.fista": lambda: dict(X=_X(), y=_y(), lam=1.0, tol=1e-8, max_iter=200, w0=None, warn=False),
    "optimization.coordinate_descent": lambda: dict(X=_X(), y=_y(), lam=1.0, tol=1e-8, max_iter=200, w0=None,
                                                    warn=False),
    "optimization.em_lower_bound": lambda: dict(MIX, resp=np.full((len(MIX["x"]), 2), 0.5), a=2.0, b=0.5),
    # convexity
    "convexity.derive_logistic_quadratic_form": lambda: dict(deriv=_logistic_deriv()),
    "convexity.cauchy_gaussian_log_posterior": lambda: dict(w=[0.0, 1.0, 3.0], z=3.0, sigma2=1.0, gamma=0.25),
    "convexity.cauchy_gaussian_stationary_points": lambda: dict(z=3.0, sigma2=1.0, gamma=0.25),
    "convexity.cauchy_gaussian_modes": lambda: dict(z=3.0, sigma2=1.0, gamma=0.25),
})
# chapter 10 (choosing the prior's scale): evidence, normal_inverse_gamma, laplace_evidence
CASES.update({
    "evidence.effective_parameters": lambda: dict(eigenvalues=np.array([9.0, 4.0, 1.0]), alpha=2.0),
    "evidence.log_evidence": lambda: dict(X=_X(), y=_y(), alpha=1.0, beta=2.0),
    "evidence.evidence_fixed_point": lambda: dict(X=_X(), y=_y(), alpha0=1.0, beta0=1.0, tol=1e-10,
                                                  max_iter=1000),
    "evidence.ard_fit": lambda: dict(X=_X(), y=_y(), threshold=1e4, tol=1e-8, max_iter=1000),
    "evidence.kfold_mse": lambda: dict(X=_X(), y=_y(), fit=lambda A, b: np.zeros(A.shape[1]), k=2, seed=0),
    "normal_inverse_gamma.nig_posterior": lambda: dict(X=_X(), y=_y(), prior_mean=np.zeros(2),
                                                       prior_cov_factor=np.eye(2), a0=1.0, b0=1.0),
    "normal_inverse_gamma.nig_predictive": lambda: dict(posterior=_nig_posterior(), X_new=np.array([[1.0, 0.5]])),
    "normal_inverse_gamma.t_to_normal_width_ratio": lambda: dict(df=5.0, level=0.95),
    "laplace_evidence.logistic_log_joint": lambda: dict(w=np.array([0.1, -0.2]), X=_X(), y=_yb(), tau2=2.0),
    "laplace_evidence.laplace_log_evidence": lambda: dict(X=_X(), y=_yb(), tau2=2.0),
    "laplace_evidence.grid_log_evidence": lambda: dict(X=_X(), y=_yb(), tau2=2.0, half_width=9.0, points=41),
    "laplace_evidence.bic_log_evidence": lambda: dict(X=np.array([[1.0, 0.5], [1.0, -1.0], [1.0, 0.3], [1.0, 2.0],
                                                                   [1.0, -0.2]]),
                                                       y=np.array([1.0, 0.0, 0.0, 1.0, 1.0])),
})


def _nig_posterior():
    from mapmath.normal_inverse_gamma import nig_posterior
    return nig_posterior(_X(), _y(), np.zeros(2), np.eye(2), 1.0, 1.0)


# chapter 10, the full posterior (B.3) and the eight schools (B.4)
CASES.update({
    "bayesian_lasso.bayesian_lasso_gibbs": lambda: dict(X=_X(), y=_y(), lam=1.0, n_sweeps=20, burn_in=5,
                                                        seed=0, sigma2=None, intercept=True),
    "bayesian_lasso.matched_lasso_lambda": lambda: dict(lam=1.0, sigma2=4.0),
    "bayesian_lasso.batch_means": lambda: dict(x=np.sin(np.arange(60.0)), n_batches=10, q=None),
    "bayesian_lasso.summarize_samples": lambda: dict(samples=np.cos(np.arange(80.0)).reshape(40, 2),
                                                     level=0.95, n_batches=10),
    "shrinkage_profiles.horseshoe_kappa_pdf": lambda: dict(k=0.3),
    "shrinkage_profiles.laplace_kappa_pdf": lambda: dict(k=0.3, b=1.0),
    "eight_schools.log_marginal_likelihood_tau": lambda: dict(tau=2.0, y=[28.0, 8.0, -3.0],
                                                              sigma=[15.0, 10.0, 16.0]),
    "eight_schools.marginal_score_at_zero": lambda: dict(y=[28.0, 8.0, -3.0], sigma=[15.0, 10.0, 16.0]),
    "eight_schools.type2_ml_tau": lambda: dict(y=[28.0, 8.0, -3.0], sigma=[15.0, 10.0, 16.0], tau_max=50.0),
    "eight_schools.tau_posterior": lambda: dict(y=[28.0, 8.0, -3.0], sigma=[15.0, 10.0, 16.0], scale=25.0,
                                                level=0.95),
    "eight_schools.school_effect_mean": lambda: dict(tau=2.0, y=[28.0, 8.0, -3.0], sigma=[15.0, 10.0, 16.0]),
})
