"""Fisher information, Jeffreys priors, and the mode that does not depend on the parameterization.

* **Fisher information** of a one-parameter model with log-likelihood ``ℓ(θ; x)``:
  ``I(θ) = −E[∂²ℓ/∂θ²]``. When ``∂²ℓ/∂θ²`` is linear in the data (true for exponential families
  written with their sufficient statistic) the expectation is a substitution ``x → E[x]``.
* **Transformation rule.** ``I_η(η) = I_θ(g⁻¹(η)) · (dg⁻¹/dη)²``, because
  ``∂²ℓ/∂η² = ℓ''(θ) θ'² + ℓ'(θ) θ''`` and the score ``ℓ'`` has mean zero. Hence the Jeffreys
  prior ``∝ sqrt(I)`` computed directly in η *is* the Jeffreys prior in θ carried over by the
  change of variables (``sqrt(I_η) = sqrt(I_θ) |dθ/dη|``): the prior, and so the posterior
  *distribution*, is parameterization-consistent (Jeffreys 1946).
* **The Jeffreys-measure mode.** Druilhet & Marin (2007) restore the invariance that the ordinary
  mode lacks (:mod:`mapmath.reparameterization`) by taking the mode with respect to the Jeffreys
  measure instead of Lebesgue measure: maximize ``f(θ) / sqrt(I(θ))`` (:func:`jeffreys_measure_mode`).
"""

from __future__ import annotations

from collections.abc import Mapping

import sympy as sp

from .modes import density_mode
from .validation import Checked, Expr, Interval, Symbol, check_expression, check_symbol, validate_params

__all__ = [
    "fisher_information",
    "fisher_information_chain_rule",
    "jeffreys_measure_mode",
    "jeffreys_prior",
    "score_mean",
    "transform_fisher_information",
]


def _expected(expr: sp.Expr, expectations: Mapping[sp.Symbol, sp.Expr] | None, what: str) -> sp.Expr:
    if expectations is None:
        return expr
    if not isinstance(expectations, Mapping):
        raise TypeError(f"expectations must be a mapping {{data symbol: its expectation}}, "
                        f"got {type(expectations).__name__}")
    subs = {}
    for stat, mean in expectations.items():
        check_symbol("expectations key", stat)
        mean = check_expression(f"expectations[{stat}]", mean)
        if sp.simplify(sp.diff(expr, stat, 2)) != 0:
            raise ValueError(f"{what} is not linear in the data symbol {stat}, so E[{what}] is not obtained by "
                             f"substituting E[{stat}]; pass the log-likelihood in terms of a sufficient "
                             f"statistic it is linear in")
        subs[stat] = mean
    return expr.subs(subs)


@validate_params(
    loglik=Expr(),
    theta=Symbol(),
    expectations=Checked("None or a mapping {symbol: expectation}"),
)
def fisher_information(loglik: sp.Expr, theta: sp.Symbol,
                       expectations: Mapping[sp.Symbol, sp.Expr] | None = None) -> sp.Expr:
    """Fisher information ``I(θ) = −E[∂²ℓ/∂θ²]`` of a one-parameter model.

    ``expectations`` maps each data symbol (sufficient statistic) to its expectation under the
    model, e.g. ``{x: p}`` for one Bernoulli draw or ``{k: n*p}`` for a binomial count. The
    expectation is a substitution, so ``∂²ℓ/∂θ²`` must be linear in those symbols (checked).
    """
    theta = check_symbol("theta", theta)
    loglik = check_expression("loglik", loglik, depends_on=theta)
    d2 = sp.diff(loglik, theta, 2)
    return sp.factor(sp.cancel(sp.together(-_expected(d2, expectations, "d²loglik/dθ²"))))


@validate_params(
    loglik=Expr(),
    theta=Symbol(),
    expectations=Checked("None or a mapping {symbol: expectation}"),
)
def score_mean(loglik: sp.Expr, theta: sp.Symbol,
               expectations: Mapping[sp.Symbol, sp.Expr] | None = None) -> sp.Expr:
    """``E[∂ℓ/∂θ]``, which is 0 for a regular model (the fact behind the transformation rule)."""
    theta = check_symbol("theta", theta)
    loglik = check_expression("loglik", loglik, depends_on=theta)
    return sp.simplify(_expected(sp.diff(loglik, theta), expectations, "dloglik/dθ"))


@validate_params(
    loglik=Expr(),
    theta=Symbol(),
    expectations=Checked("None or a mapping {symbol: expectation}"),
)
def jeffreys_prior(loglik: sp.Expr, theta: sp.Symbol,
                   expectations: Mapping[sp.Symbol, sp.Expr] | None = None) -> sp.Expr:
    """The (unnormalized) Jeffreys prior ``π_J(θ) ∝ sqrt(I(θ))`` of a one-parameter model."""
    return sp.sqrt(fisher_information(loglik, theta, expectations))


@validate_params(info=Expr(), theta=Symbol(), inverse=Expr(), eta=Symbol())
def transform_fisher_information(info: sp.Expr, theta: sp.Symbol, inverse: sp.Expr,
                                 eta: sp.Symbol) -> sp.Expr:
    """The Fisher information in ``η`` from the one in ``θ``: ``I_η(η) = I_θ(θ(η)) · (dθ/dη)²``."""
    theta = check_symbol("theta", theta)
    eta = check_symbol("eta", eta)
    info = check_expression("info", info)
    inverse = check_expression("inverse", inverse, depends_on=eta)
    return info.subs(theta, inverse) * sp.diff(inverse, eta) ** 2


@validate_params(eta=Symbol())
def fisher_information_chain_rule(eta: sp.Symbol) -> tuple[sp.Expr, sp.Expr, sp.Expr]:
    """The chain rule behind the transformation rule, for an arbitrary model and map.

    With ``ℓ`` an undefined function of θ and ``θ = h(η)`` an undefined map, returns
    ``(d²ℓ(h(η))/dη², ℓ''(h(η))·h'(η)², ℓ'(h(η))·h''(η))``: the first is the sum of the other two
    (checked where it is shown). Taking ``−E[·]``, the last term vanishes because the score ``ℓ'``
    has mean zero, which leaves ``I_η = I_θ(h(η)) · h'(η)²``.
    """
    eta = check_symbol("eta", eta)
    h = sp.Function("h")(eta)
    ell = sp.Function("ell")
    t = sp.Dummy("theta")
    second = sp.diff(ell(h), eta, 2)
    curvature = sp.Subs(sp.diff(ell(t), t, 2), t, h) * sp.diff(h, eta) ** 2
    score = sp.Subs(sp.diff(ell(t), t), t, h) * sp.diff(h, eta, 2)
    return second, curvature, score


@validate_params(density=Expr(), var=Symbol(), info=Expr(), domain=Interval())
def jeffreys_measure_mode(density: sp.Expr, var: sp.Symbol, info: sp.Expr, domain: object) -> sp.Expr:
    """Druilhet–Marin MAP: the mode of ``density`` with respect to the Jeffreys measure ``sqrt(I) d var``.

    That is the maximizer of ``density / sqrt(info)`` (:func:`mapmath.modes.density_mode`). Because
    ``density`` and ``sqrt(info)`` pick up the same Jacobian under a reparameterization, their ratio
    is a scalar function of the point and its maximizer is invariant. Under the Jeffreys prior the
    ratio is the likelihood, so this mode is the MLE.
    """
    info = check_expression("info", info)
    return density_mode(density / sp.sqrt(info), var, domain)
