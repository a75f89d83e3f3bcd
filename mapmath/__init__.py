"""mapmath: the derivations and numerics behind mapbook, an executable textbook on MAP estimation.

One module per idea, in the book's order:

- ``priors``           priors as SymPy densities and the penalty each induces
- ``posterior``        log posterior = log likelihood + log prior; modes; MAP as penalized MLE
- ``bernoulli``        the Beta–Bernoulli model (``beta_map``)
- ``gaussian``         the Gaussian mean under a Gaussian prior
- ``linear_model``     the Gaussian linear model on explicit symbols, shared by ridge and lasso
- ``ridge``            ridge regression as MAP under a Gaussian prior (``ridge_map``)
- ``lasso``            the lasso as MAP under a Laplace prior (``lasso_map``, soft thresholding)
- ``sklearn_mapping``  prior scales to scikit-learn's ``alpha`` conventions
- ``logistic``         L2-penalized logistic regression as MAP (``logistic_map``, scikit-learn's ``C``)
- ``summaries``        mode, mean, median and the loss functions that pick them
- ``asymptotics``      MAP − MLE in finite samples and the prior's share of the information
- ``laplace_approx``   the Gaussian (Laplace) approximation at the MAP
- ``reparam``          change of variables, Jacobians, Fisher information, Jeffreys priors
- ``checks``           symbolic and numeric agreement helpers with readable failures
- ``parsing``          reading a formula typed by a reader into SymPy without running it (no ``eval``)
- ``validation``       argument checks shared by every public function
- ``exercises``        answer checkers for the book's exercises
- ``display``          LaTeX in the book's notation, glued numbers with stable text
- ``plotting``         one figure style
"""

from .asymptotics import map_minus_mle, prior_share, simulate_map_mle_gap
from .bernoulli import (
    beta_map,
    beta_map_exact,
    beta_mle,
    beta_mode,
    beta_posterior_mean,
    beta_posterior_parameters,
    derive_beta_map,
)
from .checks import assert_close, assert_symbolic_equal, numerically_equal, symbolically_equal
from .gaussian import (
    gaussian_map,
    gaussian_mle,
    gaussian_posterior,
    gaussian_posterior_mean,
)
from .laplace_approx import beta_laplace, laplace_approximation, laplace_interval
from .lasso import (
    laplace_posterior_1d,
    lasso_kkt_violation,
    lasso_lambda,
    lasso_map,
    soft_threshold,
)
from .logistic import logistic_map, sklearn_C
from .parsing import parse_expression
from .posterior import (
    epsilon_ball_bayes_action,
    epsilon_ball_bias,
    find_modes,
    log_posterior,
    numeric_mode,
    penalized_mle_identity,
    stationary_points,
    symbolic_mode,
)
from .priors import (
    beta_density,
    flat_density,
    gaussian_density,
    laplace_density,
    penalty,
)
from .reparam import (
    change_of_variables,
    fisher_information,
    jeffreys_measure_mode,
    jeffreys_prior,
    mode_mapped_back,
    transform_fisher_information,
)
from .ridge import ridge_lambda, ridge_map, ridge_posterior
from .sklearn_mapping import sklearn_lasso_alpha, sklearn_ridge_alpha
from .summaries import (
    bayes_action,
    beta_median,
    expected_posterior_loss,
    gaussian_mixture_posterior,
)

__all__ = [
    "assert_close",
    "assert_symbolic_equal",
    "bayes_action",
    "beta_density",
    "beta_laplace",
    "beta_map",
    "beta_map_exact",
    "beta_median",
    "beta_mle",
    "beta_mode",
    "beta_posterior_mean",
    "beta_posterior_parameters",
    "change_of_variables",
    "derive_beta_map",
    "epsilon_ball_bayes_action",
    "epsilon_ball_bias",
    "expected_posterior_loss",
    "find_modes",
    "fisher_information",
    "flat_density",
    "gaussian_density",
    "gaussian_map",
    "gaussian_mixture_posterior",
    "gaussian_mle",
    "gaussian_posterior",
    "gaussian_posterior_mean",
    "jeffreys_measure_mode",
    "jeffreys_prior",
    "laplace_approximation",
    "laplace_density",
    "laplace_interval",
    "laplace_posterior_1d",
    "lasso_kkt_violation",
    "lasso_lambda",
    "lasso_map",
    "log_posterior",
    "logistic_map",
    "map_minus_mle",
    "mode_mapped_back",
    "numeric_mode",
    "numerically_equal",
    "parse_expression",
    "penalized_mle_identity",
    "penalty",
    "prior_share",
    "ridge_lambda",
    "ridge_map",
    "ridge_posterior",
    "simulate_map_mle_gap",
    "sklearn_C",
    "sklearn_lasso_alpha",
    "sklearn_ridge_alpha",
    "soft_threshold",
    "stationary_points",
    "symbolic_mode",
    "symbolically_equal",
    "transform_fisher_information",
]
