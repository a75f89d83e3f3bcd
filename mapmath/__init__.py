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
- ``ridge_svd``        ridge through the SVD: shrinkage factors, effective degrees of freedom, LOO error
- ``lasso``            the lasso as MAP under a Laplace prior (``lasso_map``, soft thresholding, the
  posterior of one and of two coordinates, a flat-prior intercept)
- ``lasso_path``       the whole lasso path and its knots, ``lars_path``'s alpha as a prior scale,
  degrees of freedom by Monte Carlo
- ``lasso_uniqueness`` collinear columns: a unique fit, a segment of optimal weights
- ``sparse_priors``    the Laplace prior as a generative model, spike-and-slab in one coordinate
- ``sklearn_mapping``  prior scales to scikit-learn's ``alpha`` conventions
- ``logistic``         L2-penalized logistic regression as MAP (``logistic_map``, scikit-learn's ``C``)
- ``bayes_actions``    the loss functions and the point summary each picks (mean, median, mode)
- ``mixtures``         a Gaussian-mixture posterior: two peaks, the MAP hides one
- ``asymptotics``      MAP − MLE in finite samples and the prior weight
- ``laplace_approx``   the Gaussian (Laplace) approximation at the MAP
- ``convexity``        when the negative log posterior is convex, and a Cauchy prior's two modes
- ``optimization``     computing the MAP: Newton/IRLS, ISTA/FISTA, coordinate descent, EM's lower
  bound, and the certificates (duality gap, strong convexity) that say when to stop
- ``intervals``        equal-tailed and highest-density (HPD) credible intervals under a change of coordinates
- ``reparameterization`` change of variables, Jacobians, where the mode goes, the log-odds map
- ``fisher``           Fisher information, Jeffreys priors, the Jeffreys-measure mode
- ``checks``           symbolic and numeric agreement helpers with readable failures
- ``parsing``          reading a formula typed by a reader into SymPy without running it (no ``eval``)
- ``validation``       argument checks shared by every public function
- ``exercises``        answer checkers for the book's exercises
- ``display``          LaTeX in the book's notation, glued numbers with stable text
- ``plotting``         one figure style and the shared figures (a leaf: no maths module imports it)
- ``typical_set``, ``mixture_em``, ``hierarchical_scale``, ``logistic_predictive``: where the mode
  misleads (high dimensions, an unbounded likelihood, a collapsing scale, plug-in prediction)

``import mapmath`` is cheap: the names below are imported from their module on first use (PEP 562),
so a chapter pays only for the modules it calls (SciPy's ``stats``, for one, loads in about a second).

``import mapmath`` moves the objects alive so far (the libraries a chapter imports first: NumPy,
SymPy, Matplotlib, ...) out of the garbage collector's reach (:func:`gc.freeze`): they live until
the end, and every full collection of a chapter would walk them again (0.1 to 0.2 s of CPU per
chapter). At exit, the rest of the session too: see :data:`_FREEZE_AT_EXIT`.
"""

from __future__ import annotations

import atexit
import gc
import importlib
import pkgutil
from typing import Any

_FREEZE_AT_EXIT = gc.freeze
"""Registered with :mod:`atexit` on ``import mapmath``. An exiting kernel otherwise collects
garbage over every object of the session twice (IPython's reset, then Python's finalization):
SymPy's caches, SciPy, Matplotlib, ~200,000 objects, about 0.5 s of CPU per chapter, for memory
the operating system takes back anyway. Frozen objects are skipped by those passes; objects are
still freed by reference counting as the modules are cleared. Handlers registered later (atexit
runs them last in, first out) run before it, IPython's own after it."""
atexit.register(_FREEZE_AT_EXIT)
gc.freeze()

# name -> the module that defines it (the book's public namespace: what the chapters call)
_EXPORTS: dict[str, str] = {
    "assert_close": "checks",
    "assert_symbolic_equal": "checks",
    "bayes_action": "bayes_actions",
    "beta_density": "priors",
    "beta_laplace": "beta",
    "beta_map": "bernoulli",
    "beta_map_exact": "bernoulli",
    "beta_median": "beta",
    "beta_mle": "bernoulli",
    "beta_hpd_interval": "beta",
    "beta_mode": "beta",
    "beta_posterior_mean": "bernoulli",
    "beta_posterior_parameters": "bernoulli",
    "change_of_variables": "reparameterization",
    "density_mode": "modes",
    "derive_beta_map": "bernoulli",
    "epsilon_ball_bayes_action": "bayes_actions",
    "epsilon_ball_bias": "bayes_actions",
    "expected_posterior_loss": "bayes_actions",
    "find_modes": "modes",
    "fisher_information": "fisher",
    "flat_density": "priors",
    "gaussian_density": "priors",
    "gaussian_map": "gaussian",
    "gaussian_mixture_posterior": "mixtures",
    "gaussian_mle": "gaussian",
    "gaussian_posterior": "gaussian",
    "gaussian_posterior_mean": "gaussian",
    "jeffreys_measure_mode": "fisher",
    "jeffreys_prior": "fisher",
    "laplace_approximation": "laplace_approx",
    "laplace_density": "priors",
    "laplace_interval": "laplace_approx",
    "laplace_posterior_1d": "lasso",
    "lasso_kkt_violation": "lasso",
    "lasso_lambda": "lasso",
    "lasso_map": "lasso",
    "log_posterior": "posterior",
    "logistic_map": "logistic",
    "logistic_map_intercept": "logistic",
    "map_minus_mle": "asymptotics",
    "mode_mapped_back": "reparameterization",
    "numeric_mode": "modes",
    "numerically_equal": "checks",
    "parse_expression": "parsing",
    "penalized_mle_identity": "posterior",
    "penalty": "priors",
    "prior_weight": "asymptotics",
    "ridge_lambda": "ridge",
    "ridge_map": "ridge",
    "ridge_posterior": "ridge",
    "simulate_map_mle_gap": "asymptotics",
    "sklearn_C": "logistic",
    "sklearn_lasso_alpha": "sklearn_mapping",
    "sklearn_ridge_alpha": "sklearn_mapping",
    "soft_threshold": "lasso",
    "stationary_points": "modes",
    "symbolic_mode": "modes",
    "symbolically_equal": "checks",
    "transform_fisher_information": "fisher",
}

SUBMODULES = frozenset(m.name for m in pkgutil.iter_modules(__path__) if not m.name.startswith("_"))

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    """Import a public name (or a submodule) on first use and keep it."""
    if name in _EXPORTS:
        value = getattr(importlib.import_module(f".{_EXPORTS[name]}", __name__), name)
    elif name in SUBMODULES:
        value = importlib.import_module(f".{name}", __name__)
    else:
        raise AttributeError(f"module 'mapmath' has no attribute {name!r}")
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_EXPORTS, *SUBMODULES})
