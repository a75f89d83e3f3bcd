"""mapmath: the derivations and numerics behind mapbook, an executable textbook on MAP estimation.

One module per idea, in the book's order:

- ``priors``           priors as SymPy densities and the penalty each induces
- ``posterior``        log posterior = log likelihood + log prior; MAP as penalized MLE
- ``modes``            the mode: symbolic (stationary points, boundary and non-unique cases) and numeric
- ``beta``             the Beta distribution: mode, mean, median, skewness, Laplace approximation, intervals
- ``bernoulli``        the Beta–Bernoulli model (``beta_map``)
- ``gaussian``         the Gaussian mean under a Gaussian prior
- ``linear_model``     the Gaussian linear model on explicit symbols, shared by ridge and lasso
- ``ridge``            ridge regression as MAP under a Gaussian prior (``ridge_map``)
- ``lasso``            the lasso as MAP under a Laplace prior (``lasso_map``, soft thresholding)
- ``sklearn_mapping``  prior scales to scikit-learn's ``alpha`` conventions
- ``logistic``         L2-penalized logistic regression as MAP (``logistic_map``, scikit-learn's ``C``)
- ``bayes_actions``    the loss functions and the point summary each picks (mean, median, mode)
- ``mixtures``         a Gaussian-mixture posterior: two peaks, the MAP hides one
- ``asymptotics``      MAP − MLE in finite samples and the prior's share of the information
- ``laplace_approx``   the Gaussian (Laplace) approximation at the MAP
- ``reparameterization`` change of variables, Jacobians, where the mode goes, the log-odds map
- ``fisher``           Fisher information, Jeffreys priors, the Jeffreys-measure mode
- ``checks``           symbolic and numeric agreement helpers with readable failures
- ``parsing``          reading a formula typed by a reader into SymPy without running it (no ``eval``)
- ``validation``       argument checks shared by every public function
- ``exercises``        answer checkers for the book's exercises
- ``display``          LaTeX in the book's notation, glued numbers with stable text
- ``plotting``         one figure style and the shared figures (a leaf: no maths module imports it)
"""

from .asymptotics import map_minus_mle, prior_share, simulate_map_mle_gap
from .bayes_actions import (
    bayes_action,
    epsilon_ball_bayes_action,
    epsilon_ball_bias,
    expected_posterior_loss,
)
from .bernoulli import (
    beta_map,
    beta_map_exact,
    beta_mle,
    beta_posterior_mean,
    beta_posterior_parameters,
    derive_beta_map,
)
from .beta import beta_laplace, beta_median, beta_mode
from .checks import assert_close, assert_symbolic_equal, numerically_equal, symbolically_equal
from .fisher import fisher_information, jeffreys_measure_mode, jeffreys_prior, transform_fisher_information
from .gaussian import (
    gaussian_map,
    gaussian_mle,
    gaussian_posterior,
    gaussian_posterior_mean,
)
from .laplace_approx import laplace_approximation, laplace_interval
from .lasso import (
    laplace_posterior_1d,
    lasso_kkt_violation,
    lasso_lambda,
    lasso_map,
    soft_threshold,
)
from .logistic import logistic_map, sklearn_C
from .mixtures import gaussian_mixture_posterior
from .modes import density_mode, find_modes, numeric_mode, stationary_points, symbolic_mode
from .parsing import parse_expression
from .posterior import log_posterior, penalized_mle_identity
from .priors import (
    beta_density,
    flat_density,
    gaussian_density,
    laplace_density,
    penalty,
)
from .reparameterization import change_of_variables, mode_mapped_back
from .ridge import ridge_lambda, ridge_map, ridge_posterior
from .sklearn_mapping import sklearn_lasso_alpha, sklearn_ridge_alpha

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
    "density_mode",
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
