"""The log posterior, and MAP as penalized maximum likelihood.

For data :math:`\\mathcal D`, likelihood :math:`p(\\mathcal D \\mid θ)` and prior :math:`π(θ)`, Bayes' rule
gives, up to the evidence :math:`\\log p(\\mathcal D)` (a constant in θ),

.. math:: \\log p(θ \\mid \\mathcal D) = \\log p(\\mathcal D \\mid θ) + \\log π(θ) + \\text{const},

and the MAP estimator is its mode, :math:`\\hat θ_{\\mathrm{MAP}} = \\argmax_θ \\log p(θ \\mid \\mathcal D)`
(found by :mod:`mapmath.modes`, which takes exactly this log density). With the penalty
:math:`R(θ) = -\\log π(θ) + \\text{const}` (:func:`mapmath.priors.penalty`), the same objective reads
"log likelihood minus penalty" (:func:`penalized_mle_identity`).
"""

from __future__ import annotations

from dataclasses import dataclass

import sympy as sp

from .priors import penalty as _penalty
from .validation import Expr, Symbol, check_expression, check_symbol, validate_params

__all__ = [
    "PenalizedMLE",
    "log_posterior",
    "penalized_mle_identity",
]


@validate_params(log_likelihood=Expr(), prior=Expr(), theta=Symbol())
def log_posterior(log_likelihood: sp.Expr, prior: sp.Expr, theta: sp.Symbol) -> sp.Expr:
    """The unnormalized log posterior ``log p(D | θ) + log π(θ)`` (the evidence is dropped).

    ``prior`` is a density (e.g. from :mod:`mapmath.priors`); its log is expanded so that a
    product of factors becomes a sum of logs. The result differs from ``log p(θ | D)`` by
    ``-log p(D)``, a constant in θ, so it has the same maximizers.
    """
    check_symbol("theta", theta)
    ll = check_expression("log_likelihood", log_likelihood)
    pi = check_expression("prior", prior)
    return ll + sp.expand_log(sp.log(pi), force=True)


@dataclass(frozen=True)
class PenalizedMLE:
    """The pieces of ``log posterior = log likelihood - penalty + constant``.

    ``derivative_of_constant`` is ``d/dθ (log posterior - log likelihood + penalty)`` after
    simplification; it is ``0``, which proves that ``constant`` does not depend on θ and hence
    that the MAP is the penalized MLE ``argmin_θ [-log p(D | θ) + R(θ)]``.
    """

    log_posterior: sp.Expr
    log_likelihood: sp.Expr
    log_prior: sp.Expr
    penalty: sp.Expr
    constant: sp.Expr
    derivative_of_constant: sp.Expr

    @property
    def objective(self) -> sp.Expr:
        """The penalized negative log likelihood ``-log p(D | θ) + R(θ)`` that the MAP minimizes."""
        return -self.log_likelihood + self.penalty


@validate_params(log_likelihood=Expr(), prior=Expr(), theta=Symbol())
def penalized_mle_identity(log_likelihood: sp.Expr, prior: sp.Expr, theta: sp.Symbol) -> PenalizedMLE:
    """Split the log posterior into log likelihood, penalty and a θ-free constant.

    ``R(θ) = -log π(θ)`` without its θ-free terms (:func:`mapmath.priors.penalty`); the constant
    is ``log posterior - (log likelihood - R)``, returned with its θ-derivative (zero).
    Raises ``ValueError`` when SymPy cannot show that the constant is free of θ (a prior whose
    log SymPy cannot split into θ-terms and the rest has no penalty form here).
    """
    theta = check_symbol("theta", theta)
    ll = check_expression("log_likelihood", log_likelihood)
    pi = check_expression("prior", prior)
    log_prior = sp.expand(sp.expand_log(sp.log(pi), force=True))
    post = ll + log_prior
    pen = _penalty(pi, theta)
    constant = sp.simplify(post - (ll - pen))
    derivative = sp.simplify(sp.diff(constant, theta))
    if derivative != 0 or constant.has(theta):
        raise ValueError(f"prior: SymPy cannot separate a θ-free constant from log prior + penalty "
                         f"(log posterior - (log likelihood - penalty) = {constant} depends on {theta})")
    return PenalizedMLE(post, ll, log_prior, pen, constant, derivative)
