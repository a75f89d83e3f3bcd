"""What ``help(check_...)`` or ``check_...?`` shows a student says what is checked, never the answer.

``ANSWERS`` lists, for every answer checker, the correct answers that tests/test_exercises_*.py feed
it (a test below confirms that each one is accepted). No checker docstring and no module docstring
of ``mapmath.exercises`` may contain any of them, in any of the string forms SymPy or a writer would
give them; no checker's own hint or mistake message may contain its own answer either.
"""

from __future__ import annotations

import ast
import functools
import importlib
import inspect
import pkgutil
import re
import textwrap
from collections.abc import Callable

import pytest
import sympy as sp

import mapmath.exercises

# ---------------------------------------------------------------- the checkers and their answers


def _modules() -> list[object]:
    return [importlib.import_module(f"mapmath.exercises.{info.name}")
            for info in pkgutil.iter_modules(mapmath.exercises.__path__)]


def _answer_checkers() -> dict[str, Callable]:
    """Every public ``check_*`` defined in a module of ``mapmath.exercises`` (not the shared engine)."""
    return mapmath.exercises.answer_checkers()


def _coverage() -> float:
    from mapmath.beta import beta_interval_mass, beta_laplace
    from mapmath.laplace_approx import laplace_interval

    return beta_interval_mass(3, 30, *laplace_interval(*beta_laplace(3, 30)))


def _hpd_lower() -> float:
    from mapmath.beta import beta_hpd_interval

    return beta_hpd_interval(3, 9, 0.95)[0]


def _laplace_mean() -> float:
    from mapmath.exercises.linear import LAPLACE_MEAN_EXAMPLE
    from mapmath.lasso import laplace_posterior_1d

    return laplace_posterior_1d(**LAPLACE_MEAN_EXAMPLE).mean


# Strings are closed forms (parsed with SymPy), floats and ints are numbers, callables compute a number.
ANSWERS: dict[str, list[object]] = {
    # chapter 10, the full posterior (prior_scale_posterior)
    "check_lambda2_conditional_mean": ["(p + r)/(S/2 + delta)", "2*(p + r)/(S + 2*delta)"],
    "check_laplace_kappa_below_half": ["exp(-1/(2*b**2))", "1/exp(1/(2*b**2))"],
    "check_school_g_effect": [10.4, 10.38],
    # chapter 1
    "check_poisson_gamma_map": ["(S + alpha - 1)/(n + beta)", "S/(n + beta) + (alpha - 1)/(beta + n)"],
    "check_cauchy_penalty": ["log(1 + theta**2/gamma**2)", "log(gamma**2 + theta**2)",
                             "log(1 + (theta/gamma)**2) + log(pi*gamma)"],
    "check_epsilon_ball_action": ["(E + 1)/(E - 1)", "1/tanh(1/2)", 2.1639534, float((sp.E + 1) / (sp.E - 1))],
    # chapter 2
    "check_dirichlet_weight": ["n/(n + alpha0 - K)", "1 - (alpha0 - K)/(n + alpha0 - K)",
                               "1/(1 + (alpha0 - K)/n)"],
    "check_jeffreys_no_heads": [0],
    "check_jeffreys_no_heads_median": ["0.0423", 0.042348],
    "check_flips_for_weight": [90],
    # chapters 3 and 4
    "check_ridge_1d": ["sxy/(sxx + sigma2/tau2)", "sxy*tau2/(tau2*sxx + sigma2)"],
    "check_half_shrinkage_tau2": ["sigma2/sxx", "2*sigma2/(2*sxx)"],
    "check_lasso_lambda_max": ["2*c", "c + c"],
    "check_lasso_b_max": ["sigma2/c", "2*sigma2/(2*c)"],
    "check_laplace_posterior_mean": [_laplace_mean],
    # chapter 4, the lasso in depth
    "check_duplicate_segment_length": ["sqrt(2)*(c - lam/2)/a", "(2*c - lam)/(sqrt(2)*a)"],
    "check_lars_fourth_join_b": ["9.28", "9.278"],
    "check_laplace_conditional_tail": ["exp(-t/b)", "1/exp(t/b)"],
    "check_elastic_net_l1_ratio": ["tau2/(tau2 + b)", "1/(1 + b/tau2)"],
    "check_ridge_df": ["20/11", 9 / 11 + 4 / 6 + 1 / 3],
    "check_pseudo_response": ["sqrt(lam)*m", "m*lam**(1/2)"],
    "check_predictive_variance_1d": ["sigma2 + x0**2/(sxx/sigma2 + 1/tau2)",
                                     "sigma2 + sigma2*tau2*x0**2/(sigma2 + sxx*tau2)"],
    "check_ridge_path_slope": ["-(b - rho*a)/(1 - rho**2)", "(rho*a - b)/(1 - rho**2)"],
    # chapter 5
    "check_log_variance_density": ["exp(eta)", "E**eta", "exp(eta/2)**2"],
    "check_beta_mode_in_logit": ["(k + a)/(n + a + b)", "1/(1 + (n - k + b)/(k + a))"],
    "check_poisson_jeffreys_log_rate": ["exp(eta/2)", "sqrt(exp(eta))"],
    "check_beta_hpd_lower": [_hpd_lower],
    # chapter 6
    "check_map_minus_mle": ["(a - 1 - (a + b - 2)*k/n)/(n + a + b - 2)", "(k + a - 1)/(n + a + b - 2) - k/n",
                            "(n*(a - 1) - k*(a + b - 2))/(n*(n + a + b - 2))"],
    "check_mean_minus_mle": ["(a - (a + b)*k/n)/(n + a + b)", "(k + a)/(n + a + b) - k/n",
                             "(n*a - k*(a + b))/(n*(n + a + b))", "a/(n + a + b) - (a + b)*k/(n*(n + a + b))"],
    "check_prior_weight_n": [991],
    "check_gap_exponent": [-1.5, "-3/2"],
    # chapter 7
    "check_sklearn_C": ["tau2", "2*tau2/2"],
    "check_ridge_alpha_from_C": ["sigma2/C", "2*sigma2/(2*C)", "sigma2*C**-1"],
    "check_beta_laplace_variance": ["(A - 1)*(B - 1)/(A + B - 2)**3", "(A*B - A - B + 1)/(A + B - 2)**3"],
    "check_laplace_coverage": [_coverage],
    "check_logit_laplace_variance": ["(A + B)/(A*B)", "1/A + 1/B", "(A + B)/(A*B) + 0*A"],
    "check_sgd_alpha_from_C": ["1/(n*C)", "2/(2*n*C)"],
    "check_beta_laplace_ratio_term": ["7 - 1/(q*(1 - q))", "(7*q**2 - 7*q + 1)/(q*(q - 1))"],
    "check_log_laplace_variance": ["(B - 1)/(A*(A + B - 1))", "1/A - 1/(A + B - 1)"],
    "check_log_laplace_mass": ["0.916", 0.91587],
    # chapter 11
    "check_gaussian_map": ["(sigma2*mu0 + n*tau2*xbar)/(sigma2 + n*tau2)",
                           "(mu0/tau2 + n*xbar/sigma2)/(1/tau2 + n/sigma2)",
                           "(sigma**2*mu0 + n*tau**2*xbar)/(sigma**2 + n*tau**2)",
                           "sigma2/(sigma2 + n*tau2)*mu0 + n*tau2/(sigma2 + n*tau2)*xbar"],
    "check_logistic_lambda": ["1/tau2", "tau2**-1", "1/tau**2", "2/(2*tau2)"],
    "check_beta_weight": ["(a + b - 2)/(n + a + b - 2)", "1 - n/(n + a + b - 2)"],
    "check_feature_scale": ["sqrt(tau2/C)", "tau/sqrt(C)"],
    "check_jeffreys_mode_arcsine": ["asin(sqrt(k/n))", "atan(sqrt(k/(n - k)))"],
    "check_prior_pseudo_flips": ["20/3", "40/6"],
    "check_beta_ess": ["a + b - 2"],
    "check_bernoulli_fisher_information": ["1/(p*(1 - p))", "1/p + 1/(1 - p)"],
    "check_jeffreys_prior": ["p**(-1/2)*(1 - p)**(-1/2)", "1/sqrt(p*(1 - p))", "1/(pi*sqrt(p*(1 - p)))",
                             "3/sqrt(p - p**2)"],
    "check_jeffreys_mode_in_p": ["(k - 1/2)/(n - 1)", "(2*k - 1)/(2*n - 2)"],
    "check_jeffreys_mode_in_eta": ["log((k + 1/2)/(n - k + 1/2))", "log(2*k + 1) - log(2*n - 2*k + 1)"],
    "check_jeffreys_mode_mapped_back": ["(k + 1/2)/(n + 1)", "(2*k + 1)/(2*n + 2)"],
    # chapter 8
    "check_laplace_typical_ratio": ["exp(d)", "exp(d/2)**2"],
    "check_precision_m_step": ["(S + 2*b)/(n + 2*a - 2)", "(S/2 + b)/(n/2 + a - 1)"],
    "check_empirical_bayes_tau2": ["sxy**2/sxx**2 - sigma2/sxx", "(sxy**2 - sigma2*sxx)/sxx**2"],
    "check_moderated_limit": ["1/(1 + exp(-a*sqrt(8/(pi*c))))", "1/(1 + exp(-2*a*sqrt(2/(pi*c))))"],
    # chapter 9 (computing the MAP)
    "check_cauchy_concave_scale": ["sigma/2"],
    "check_logistic_hessian_det": ["27/16", "1.6875"],
    "check_irls_working_response": ["eta + (y - 1/(1 + exp(-eta)))*(1 + exp(-eta))**2*exp(eta)"],
    "check_prox_value": ["-47/20", "-2.35"],
    "check_lasso_lipschitz": ["8 + 2*sqrt(10)"],
    "check_duality_gap_at_zero": ["yy*(1 - lam/(2*c))**2"],
    # chapter 10 (choosing the prior's scale)
    "check_effective_parameters": ["191/99", "1.93"],
    "check_t_predictive_variance": ["b*(1 + v)/(a - 1)", "(b + b*v)/(a - 1)"],
    "check_log_occam_1d": ["-w**2/(2*tau2) - log(tau2*h)/2", "-(w**2/tau2 + log(h*tau2))/2"],
    "check_ard_single_alpha": ["1/(m**2 - s)", "-1/(s - m**2)"],
}

CHECKERS = _answer_checkers()
MODULE_DOCS = {m.__name__: m.__doc__ or "" for m in [mapmath.exercises, *_modules()]}

# ---------------------------------------------------------------- string forms of an answer

# Plain symbols, so that names SymPy knows otherwise (S, E as a name, gamma, beta, pi) parse as symbols.
_NAMES = ("S n alpha beta gamma theta K alpha0 tau2 A B C sigma2 sxy sxx c eta k a b xbar mu0 sigma tau p v w h m s")
_LOCALS = {s.name: s for s in sp.symbols(_NAMES)}

# How a docstring writes what a SymPy string writes.
_UNICODE = [("x\u0304", "xbar"), ("μ₀", "mu0"), ("σ²", "sigma2"), ("τ²", "tau2"), ("σ", "sigma"), ("τ", "tau"),
            ("α", "alpha"), ("β", "beta"), ("γ", "gamma"), ("θ", "theta"), ("η", "eta"), ("λ", "lambda"),
            ("μ", "mu"), ("π", "pi"), ("−", "-"), ("·", "*"), ("×", "*"), ("²", "**2"), ("³", "**3"), ("½", "1/2")]


def _normalize(text: str) -> str:
    for old, new in _UNICODE:
        text = text.replace(old, new)
    return text


def _compact(text: str) -> str:
    """``text`` without the spaces around operators and brackets (spaces between words stay)."""
    text = re.sub(r"\s+", " ", _normalize(text))
    text = re.sub(r" ?([-+*/=^,<>]) ?", r"\1", text)
    return text.replace("( ", "(").replace(" )", ")")


@functools.cache
def _implicit(text: str) -> str:
    """``2*c`` written as ``2c``, the way prose writes a number times a name."""
    return re.sub(r"(?<![\w.*])(\d+)\*(?=[A-Za-z(])", r"\1", text)


@functools.cache
def _computed(make: Callable[[], float]) -> float:
    return make()


def _resolve(value: object) -> object:
    return _computed(value) if callable(value) else value


def _number_forms(value: float) -> set[str]:
    forms = {str(value), f"{value:g}", f"{value:.2f}", f"{value:.3f}", f"{value:.4f}"}
    if float(value).is_integer():
        forms |= {str(int(value)), f"{float(value)}"}
    return {f for f in forms if not re.fullmatch(r"-?\d", f)}  # single digits: see the backtick rule


@functools.cache
def _expression_forms(text: str) -> frozenset[str]:
    expr = sp.sympify(text, locals=_LOCALS)
    forms = {text, str(expr), sp.sstr(expr), sp.latex(expr)}
    for transform in (sp.factor, sp.simplify, sp.together, sp.cancel, sp.expand):
        forms.add(str(transform(expr)))
    if expr.is_number:
        forms |= _number_forms(float(expr))
    forms |= {re.sub(r"\bE\b", "e", f) for f in forms}          # Euler's number as a writer spells it
    return frozenset(re.sub(r"\s+", "", f) for f in forms)


def _contains(text: str, form: str) -> bool:
    """``form`` occurs in ``text`` as a whole term: not glued to a preceding name, number or power."""
    return form in text and _term(form).search(text) is not None  # (the substring test first: cheap)


@functools.cache
def _term(form: str) -> re.Pattern:
    """The pattern of :func:`_contains`, compiled once per form (there are more forms than ``re``'s
    cache holds)."""
    return re.compile(rf"(?<![\w.*^]){re.escape(form)}(?!\w|\.\d)")


@functools.cache
def _number_pattern(form: str) -> re.Pattern:
    """A number's printed form standing alone (no digit or decimal point glued to it)."""
    return re.compile(rf"(?<![\w.]){re.escape(form)}(?!\d)")


def _leaks(text: str, answers: list[object]) -> list[str]:
    """The correct answers (as found) that ``text`` states."""
    doc = _normalize(text)
    compact = _compact(text)
    found = []
    for raw in answers:
        value = _resolve(raw)
        if isinstance(value, str) and value.isidentifier():
            # a bare symbol is also a symbol name the docstring must mention: forbid only "... = tau2"
            if re.search(rf"=\s*{re.escape(value)}\b", doc):
                found.append(f"= {value}")
            continue
        if isinstance(value, str):
            for form in _expression_forms(value):
                if re.fullmatch(r"-?\d", form) or form.isidentifier():
                    continue
                if _contains(compact, form) or _contains(_implicit(compact), _implicit(form)):
                    found.append(form)
            continue
        for form in _number_forms(float(value)):
            if _number_pattern(form).search(doc):
                found.append(form)
    return sorted(set(found))


_FORBIDDEN_IN_LITERAL = ("=", "/", "⇔", "∝", "≥", "≤")
_NUMBER = re.compile(r"[-+−]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?")


def _answer_like_literals(doc: str) -> list[str]:
    """Double-backticked literals that are a number or an expression with ``=``, ``/``, ``⇔``, ..."""
    return [lit for lit in re.findall(r"``(.+?)``", doc, flags=re.DOTALL)
            if _NUMBER.fullmatch(lit.strip()) or any(ch in lit for ch in _FORBIDDEN_IN_LITERAL)]


def _hint_strings(func: Callable) -> list[str]:
    """The string constants in a checker's body (hints and mistake messages), without its docstring."""
    tree = ast.parse(textwrap.dedent(inspect.getsource(func)))
    body = tree.body[0].body
    if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
        body = body[1:]
    return [node.value for stmt in body for node in ast.walk(stmt)
            if isinstance(node, ast.Constant) and isinstance(node.value, str)]


ALL_ANSWERS = [answer for answers in ANSWERS.values() for answer in answers]

# ---------------------------------------------------------------- the tests


def test_every_answer_checker_has_an_entry_in_the_answer_table():
    assert len(CHECKERS) >= 20
    assert sorted(CHECKERS) == sorted(ANSWERS)


@pytest.mark.parametrize("name", sorted(ANSWERS))
def test_the_answer_table_holds_answers_the_checker_accepts(name):
    for raw in ANSWERS[name]:
        answer = _resolve(raw)
        if isinstance(answer, str) and sp.sympify(answer, locals=_LOCALS).is_number:
            answer = sp.sympify(answer)  # the numeric checkers take SymPy numbers, not strings
        fb = CHECKERS[name](answer)
        assert fb, f"{name}({answer!r}): {fb}"


@pytest.mark.parametrize("name", sorted(CHECKERS))
def test_checker_help_describes_the_check_not_the_answer(name):
    doc = inspect.getdoc(CHECKERS[name]) or ""
    assert len(doc) >= 40, f"{name}: the docstring must say what is checked and in which form: {doc!r}"
    assert doc.startswith("Check "), f"{name}: start with what is checked ('Check the ...'): {doc[:60]!r}"
    assert not _answer_like_literals(doc), (
        f"{name}: a ``literal`` that is a number or a formula reads as the answer: {_answer_like_literals(doc)}")
    leaked = {other: _leaks(doc, answers) for other, answers in ANSWERS.items()}
    leaked = {other: forms for other, forms in leaked.items() if forms}
    assert not leaked, f"{name}: the docstring states answers {leaked}"


@pytest.mark.parametrize("module", sorted(MODULE_DOCS))
def test_module_help_states_no_answer(module):
    assert not _leaks(MODULE_DOCS[module], ALL_ANSWERS), f"{module}: {_leaks(MODULE_DOCS[module], ALL_ANSWERS)}"


@pytest.mark.parametrize("name", sorted(CHECKERS))
def test_checker_hints_do_not_state_the_checkers_own_answer(name):
    for text in _hint_strings(CHECKERS[name]):
        assert not _leaks(text, ANSWERS[name]), f"{name}: the hint {text!r} states the answer"


@pytest.mark.parametrize("doc, name", [
    ("Fewest flips for the data to get at least 90% of the MAP's weight under Beta(6, 6): ``90``.\n\n"
     "``n / (n + 10) >= 9/10`` ⇔ ``n >= 90``.", "check_flips_for_weight"),
    ("The MAP of p after 0 heads in 5 flips under the Jeffreys prior Beta(1/2, 1/2): ``0`` (a boundary mode).",
     "check_jeffreys_no_heads"),
    ("The data's weight in the Dirichlet–categorical MAP: ``n / (n + alpha0 - K)``.", "check_dirichlet_weight"),
    ("``C`` as a function of ``tau2`` (the prior variance τ²): the right answer is ``C = τ²``.", "check_sklearn_C"),
    ("The τ² at which the one-feature ridge MAP is half the least-squares estimate: ``σ²/sxx``.",
     "check_half_shrinkage_tau2"),
    ("Bayes action under the ε-ball loss, ε = 1, for a Gamma(3, 1) posterior: ``(e + 1)/(e - 1)``.",
     "check_epsilon_ball_action"),
    ("Penalty of the Cauchy(0, γ) prior: log(1 + θ²/γ²) up to a constant.", "check_cauchy_penalty"),
])
def test_the_leak_detector_catches_docstrings_that_state_the_answer(doc, name):
    assert _leaks(doc, ANSWERS[name]) or _answer_like_literals(doc), doc
