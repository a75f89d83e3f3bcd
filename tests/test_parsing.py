"""``mapmath.parsing.parse_expression`` reads a formula into SymPy without running any of it.

Allowed formulas give the expression one would build in Python with SymPy objects; every other
construct is refused with a ``ValueError`` that tells a reader what is wrong; ``^`` is a power; the
limits keep building the expression fast; and no string reaches ``eval``, ``exec`` or ``sympify``.
"""

from __future__ import annotations

import builtins

import pytest
import sympy as sp
import sympy.parsing.sympy_parser as sympy_parser

from mapmath.parsing import (
    FUNCTION_NAMES,
    MAX_DEPTH,
    TooLargeError,
    UnknownNameError,
    as_expression,
    estimate,
    parse_expression,
    symbol_aliases,
)

x, y = sp.symbols("x y", positive=True)
k = sp.Symbol("k", integer=True)
SYMBOLS = {"x": x, "y": y, "k": k}
HALF = sp.Rational(1, 2)


def parse(text: str, **kwargs) -> sp.Expr:
    return parse_expression(text, SYMBOLS, **kwargs)


# ---------------------------------------------------------------- allowed formulas


@pytest.mark.parametrize("text, expected", [
    ("x", x),
    ("x + y*2", x + 2 * y),
    ("(x - y)/(x + y)", (x - y) / (x + y)),
    ("1/2", HALF),                      # integers are exact: one half, not 0.5
    ("-1/2", -HALF),
    ("2**-1", HALF),
    ("x**(-1/2)", x ** -HALF),
    ("x**2**3", x ** 8),                # ** is right-associative, as in Python
    ("-x**2", -(x**2)),
    ("+x", x),
    ("((x))", x),
    ("3*k - 1", 3 * k - 1),
    ("0.25*x", sp.Float("0.25") * x),
    ("1e-3", sp.Float("1e-3")),
    ("1_000", sp.Integer(1000)),
    ("0x10", sp.Integer(16)),
    ("sqrt(x)", sp.sqrt(x)),
    ("exp(x) + log(y)", sp.exp(x) + sp.log(y)),
    ("log(x, 2)", sp.log(x, 2)),
    ("ln(x)", sp.log(x)),
    ("abs(x - y) + Abs(k)", sp.Abs(x - y) + sp.Abs(k)),
    ("sign(x - y)", sp.sign(x - y)),
    ("sin(x) + cos(y) - tan(x)", sp.sin(x) + sp.cos(y) - sp.tan(x)),
    ("asin(x) + acos(x) + atan(y)", sp.asin(x) + sp.acos(x) + sp.atan(y)),
    ("sinh(x)*cosh(y)/tanh(x)", sp.sinh(x) * sp.cosh(y) / sp.tanh(x)),
    ("gamma(x + 1)", sp.gamma(x + 1)),
    ("gamma(5)", sp.Integer(24)),
    ("pi*x", sp.pi * x),
    ("E**x", sp.exp(x)),
    ("e**x", sp.exp(x)),                # e is Euler's number too
    ("exp(1)", sp.E),
    ("2**100", sp.Integer(2) ** 100),
    ("x**100", x**100),
    ("  x + 1  ", x + 1),
])
def test_allowed_formulas_build_the_expression_written_in_python(text, expected):
    got = parse(text)
    assert got == expected, (text, got, expected)
    assert isinstance(got, sp.Expr)


@pytest.mark.parametrize("text", ["0.6427", "1.23456789012345678", "2.5e-3", "3/5", "x**2/(1 + x)",
                                  "sqrt(x*(1 - x))", "log((k + 1/2)/(y - k + 1/2))"])
def test_parsing_agrees_with_sympify_on_what_both_accept(text):
    # sympify is the oracle only here, on trusted literals: the library never calls it on a string
    reference = sp.sympify(text, locals=dict(SYMBOLS))
    got = parse(text)
    assert got == reference
    if got.is_Float:
        assert got._prec == reference._prec  # as many digits as typed, like sympify


@pytest.mark.parametrize("text, expected", [
    ("x^2", x**2),
    ("2^3", sp.Integer(8)),
    ("x^2*y", x**2 * y),                 # the precedence of **, not of Python's xor
    ("x^2 + 1", x**2 + 1),
    ("-x^2", -(x**2)),
    ("x^-1", 1 / x),
    ("x^(1/2)", sp.sqrt(x)),
    ("2^3^2", sp.Integer(2) ** 9),
])
def test_caret_is_power(text, expected):
    assert parse(text) == expected


def test_the_callers_symbols_take_precedence_over_constants_and_functions():
    e_sym, gamma_sym = sp.symbols("e gamma", positive=True)
    assert parse_expression("e + 1", {"e": e_sym}) == e_sym + 1
    assert parse_expression("log(1 + gamma**2)", {"gamma": gamma_sym}) == sp.log(1 + gamma_sym**2)
    with pytest.raises(ValueError, match="gamma is a symbol here, not a function"):
        parse_expression("gamma(2)", {"gamma": gamma_sym})


def test_new_symbols_mode_makes_plain_symbols_for_other_names():
    got = parse_expression("x + z*w", {"x": x}, new_symbols=True)
    assert got == x + sp.Symbol("z") * sp.Symbol("w")
    with pytest.raises(ValueError, match="starting with '_'"):
        parse_expression("__class__", {}, new_symbols=True)
    with pytest.raises(ValueError, match="function"):
        parse_expression("open('f')", {}, new_symbols=True)


def test_symbol_aliases_accept_the_usual_spellings_of_indexed_names():
    tau2, alpha0, xbar, mu_0 = sp.symbols("tau2 alpha0 xbar mu_0")
    names = symbol_aliases([tau2, alpha0, xbar, mu_0])
    for spelling, sym in [("tau2", tau2), ("tau_2", tau2), ("alpha0", alpha0), ("alpha_0", alpha0),
                          ("xbar", xbar), ("x_bar", xbar), ("mu_0", mu_0), ("mu0", mu_0)]:
        assert names[spelling] is sym
    assert parse_expression("tau_2/alpha_0 + x_bar", names) == tau2 / alpha0 + xbar
    # an alias never hides a name the caller gave
    t2, t_2 = sp.symbols("t2 t_2")
    assert symbol_aliases([t2, t_2]) == {"t2": t2, "t_2": t_2}


# ---------------------------------------------------------------- refused constructs


@pytest.mark.parametrize("text, fragment", [
    ("x.real", "attribute access"),
    ("x.__class__", "attribute access"),
    ("().__class__.__bases__[0].__subclasses__()", "attribute access"),
    ("__import__('os').system('true')", "attribute access"),
    ("x[0]", "indexing"),
    ("open('f', 'w')", "open() is not available"),
    ("exec('1')", "exec() is not available"),
    ("eval('1')", "eval() is not available"),
    ("__import__('os')", "__import__() is not available"),
    ("f(x)", "allowed functions: " + ", ".join(FUNCTION_NAMES)),
    ("sqrt(x=4)", "keyword arguments"),
    ("sqrt(*[x])", "not allowed"),
    ("sin(x, y)", "takes 1 argument"),
    ("log(x, y, 2)", "takes 1 or 2 arguments"),
    ("sqrt", "is a function"),
    ("lambda: x", "'lambda' is not allowed"),
    ("[x for x in (1, 2)]", "comprehensions"),
    ("(t for t in (1, 2))", "comprehensions"),
    ("'x'", "quoted text"),
    ("b'x'", "quoted text"),
    ("f'{x}'", "quoted text"),
    ("[x, y]", "not a list"),
    ("x, y", "not several separated by commas"),
    ("{x}", "not a set"),
    ("{x: y}", "not a dictionary"),
    ("x = 1", "give an expression, not an equation"),
    ("x == 1", "give an expression, not an equation"),
    ("x != 1", "give an expression, not an equation"),
    ("x < 1", "not a comparison"),
    ("x and y", "'and' / 'or'"),
    ("not x", "'not'"),
    ("~x", "'~'"),
    ("x // 2", "'//'"),
    ("x % 2", "'%'"),
    ("x @ y", "'@'"),
    ("x if y else 1", "'if ... else'"),
    ("(z := 1)", "':='"),
    ("True", "True is not a number"),
    ("None", "None is not a number"),
    ("...", "placeholder"),
    ("2j", "complex numbers"),
    ("oo", "infinity"),
    ("nan", "not a number"),
    ("I", "imaginary unit"),
    ("__class__", "starting with '_'"),
    ("", "empty"),
    ("   ", "empty"),
    ("x +", "could not be read"),
    ("2x", "write products with '*'"),
    ("(x + 1)(x - 1)", "write products with '*'"),
    ("x; y", "could not be read"),
    ("import os", "could not be read"),
    ("1/0", "infinite or undefined"),
    ("x/(y - y)", "infinite or undefined"),
    ("log(0)", "infinite or undefined"),
    ("log(x, 1)", "base of a logarithm"),
])
def test_refused_constructs_raise_a_value_error_that_says_what_is_wrong(text, fragment):
    with pytest.raises(ValueError) as info:
        parse(text)
    assert fragment in str(info.value), str(info.value)


def test_unknown_names_are_listed_with_the_allowed_ones():
    with pytest.raises(UnknownNameError) as info:
        parse("z + w*x")
    err = info.value
    assert err.names == ["w", "z"] and err.allowed == ["k", "x", "y"]
    assert str(err) == "unknown names 'w', 'z'; allowed names: k, x, y (and the constants pi, E, e)"
    assert isinstance(err, ValueError)


def test_a_number_where_a_string_is_expected_is_a_type_error():
    with pytest.raises(TypeError):
        parse_expression(3, SYMBOLS)


# ---------------------------------------------------------------- limits


@pytest.mark.parametrize("text, fragment", [
    ("9**9**9**9", "exponent 387420489 is too large"),
    ("x**9**9", "exponent 387420489 is too large"),
    ("x**101", "exponent 101 is too large"),
    ("x**-101", "exponent -101 is too large"),
    ("x**(10**3)", "exponent 1000 is too large"),
    ("x**1e9", "too large"),
    ("x**exp(exp(100))", "too large"),
    ("2**(2**(2**(2**(2**2))))", "too large"),
    ("(10**50)**100", "too large"),
    ("(99**99)**99", "too large"),
    ("1e999", "too large"),
    ("1" * 400, "too large"),
    ("exp(1000)", "too large"),
    ("sin(exp(exp(exp(100))))", "too large"),
    ("gamma(10**6)", "too large"),
    ("gamma(gamma(gamma(10)))", "too large"),
])
def test_numbers_too_large_to_build_safely_are_refused_quickly(text, fragment):
    """(How quickly: <= 1 s, timed by ``scripts/benchmark.py``, not here.)"""
    with pytest.raises(TooLargeError, match=fragment):
        parse(text)


def test_max_exponent_and_max_length_are_parameters():
    assert parse("x**5", max_exponent=5) == x**5
    with pytest.raises(TooLargeError, match="at most 4"):
        parse("x**5", max_exponent=4)
    text = "x" + "+x" * 60
    with pytest.raises(ValueError, match="too long"):
        parse(text, max_length=100)
    assert parse(text, max_length=len(text)) == 61 * x


def _balanced_sum(n: int) -> str:
    return "x" if n == 1 else f"({_balanced_sum(n // 2)})+({_balanced_sum(n - n // 2)})"


@pytest.mark.parametrize("text, fragment", [
    ("(" * 500 + "x" + ")" * 500, "nested"),
    ("-" * 300 + "x", "nested"),
    ("+".join(["x"] * 3000), "nested"),
    ("*".join(["x"] * 150), "nested"),
    ("sqrt(" * 120 + "x" + ")" * 120, "nested"),
    (_balanced_sum(600), "too long"),
    ("x" * 10_000, "unknown name 'xxxxxxxxxxxxxxxxxxxxxxxxxxx...'"),
])
def test_deep_or_huge_input_is_refused_without_recursion_errors(text, fragment):
    """(How quickly: <= 2 s, timed by ``scripts/benchmark.py``, not here.)"""
    with pytest.raises(ValueError) as info:
        parse(text, max_length=100_000)
    assert fragment in str(info.value) and len(str(info.value)) < 300
    with pytest.raises(ValueError):  # and with the default length limit
        parse(text)


def test_the_depth_limit_is_exact_and_chains_of_up_to_max_depth_terms_are_fine():
    assert parse("+".join(["x"] * MAX_DEPTH), max_length=10_000) == MAX_DEPTH * x
    with pytest.raises(ValueError, match=f"more than {MAX_DEPTH} levels"):
        parse("+".join(["x"] * (MAX_DEPTH + 1)), max_length=10_000)
    assert parse(_balanced_sum(250), max_length=10_000) == 250 * x


def test_estimate_flags_values_too_large_to_evaluate_precisely():
    assert estimate(sp.sin(x) + 1, {x: 0.5}) == pytest.approx(1 + 0.479425538604203)
    with pytest.raises(TooLargeError):
        estimate(sp.sin(sp.exp(sp.exp(100 * x))), {x: 2.0})
    assert estimate(sp.Function("f")(x), {x: 1.0}) is None  # unknown objects: no verdict


# ---------------------------------------------------------------- nothing is evaluated


@pytest.fixture
def no_python_evaluation(monkeypatch):
    """Fail the test if anything calls eval, exec or SymPy's string parser (which sympify uses)."""
    calls = []

    def refuse(name):
        def call(*args, **kwargs):
            calls.append((name, args[:1]))
            raise AssertionError(f"{name} was called with {args[:1]!r}")
        return call

    monkeypatch.setattr(builtins, "eval", refuse("eval"))
    monkeypatch.setattr(builtins, "exec", refuse("exec"))
    monkeypatch.setattr(sympy_parser, "parse_expr", refuse("parse_expr"))
    sp.core.cache.clear_cache()
    yield calls
    sp.core.cache.clear_cache()


@pytest.mark.parametrize("text", ["x^2 + sqrt(y)/(1 + k)", "log(x, 2)*exp(-y)", "0.25 + 3/4", "gamma(x)*pi"])
def test_parsing_never_calls_eval_exec_or_sympify(no_python_evaluation, text):
    parse(text)
    assert no_python_evaluation == []


def test_a_caller_can_map_a_name_to_any_expression():
    assert parse_expression("a + 1", {"a": x**2}) == x**2 + 1


def test_as_expression_converts_numbers_like_sympify_and_reads_strings_with_the_context():
    assert as_expression(2) == sp.Integer(2)
    assert as_expression(0.1) == sp.Float(0.1)
    assert as_expression(x) is x
    theta = sp.Symbol("theta", real=True)
    assert as_expression("theta**2 + mu", context=(theta,)) == theta**2 + sp.Symbol("mu")
    with pytest.raises(TypeError, match="value must be a SymPy expression or a number"):
        as_expression(True, "value")
    with pytest.raises(TypeError, match="SymPy expression"):
        as_expression(sp.Eq(x, 1), "value")
    with pytest.raises(ValueError, match="value: attribute access"):
        as_expression("x.y", "value")
