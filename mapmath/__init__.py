"""mapmath: the derivations and numerics behind mapbook, an executable textbook on MAP estimation.

One module per idea, in the book's order:

- ``posterior``  log posterior = log likelihood + log prior; modes; MAP as penalized MLE
- ``priors``     priors as SymPy densities and the penalty each induces
- ``bernoulli``  the Beta–Bernoulli model (``beta_map``)
- ``linear``     ridge and lasso as MAP (``ridge_map``, ``lasso_map``), scikit-learn mappings
- ``reparam``    change of variables, Jacobians, Fisher information, Jeffreys priors
- ``checks``     symbolic and numeric agreement helpers with readable failures
- ``exercises``  answer checkers for the book's exercises
- ``plotting``   one figure style
"""

from .checks import assert_close, assert_symbolic_equal, numerically_equal, symbolically_equal

__all__ = [
    "assert_close",
    "assert_symbolic_equal",
    "numerically_equal",
    "symbolically_equal",
]

# Each module adds its public entry points below (keep one block per module).
# --- bernoulli ---
# --- posterior ---
# --- priors ---
from .priors import beta_density, flat_density, gaussian_density, laplace_density, penalty

__all__ += ["beta_density", "flat_density", "gaussian_density", "laplace_density", "penalty"]
# --- linear ---
# --- reparam ---
# --- exercises ---
