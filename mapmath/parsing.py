"""Reading a formula that a reader typed, without running it.

:func:`parse_expression` turns a string such as ``"sxy/(sxx + sigma2/tau2)"`` into a SymPy
expression. The text is read with Python's :mod:`ast` parser, which only builds a syntax tree and
runs nothing, and the SymPy expression is then built node by node from a short whitelist. No string
ever reaches ``eval``, ``exec``, ``sympy.sympify`` or ``sympy.parsing.sympy_parser.parse_expr``:
those run Python code, so that ``"__import__('os').system(...)"`` would run a shell command and
``"9**9**9**9"`` would never finish.

What a formula may contain
--------------------------
- **Numbers**: integers, which become exact SymPy integers (so ``1/2`` is exactly one half, as with
  ``sympify``), and decimals such as ``0.25`` or ``1e-3`` (SymPy floats, with as many digits as
  typed). Not complex numbers (``2j``), not ``True``/``False``, not numbers beyond about 1e300
  (see the limits).
- **Names**: the symbols the caller allows (``symbols``, a mapping from name to symbol), and the
  constants ``pi``, ``E`` and ``e`` (both Euler's number; ``sympify`` would make ``e`` a symbol)
  unless the caller uses the name for a symbol. Infinity and ``nan`` (``oo``, ``inf``, ``nan``,
  ``zoo``) and the imaginary unit ``I`` are not constants here: a formula is finite and real.
- **Operators**: ``+ - * / **`` and unary ``+ -``. ``^`` is read as a power too (``x^2`` is
  ``x**2``, with the precedence of ``**``): readers type it, and SymPy's own parser does the same.
- **Functions**, called by bare name: :data:`FUNCTION_NAMES` (``log(x)`` is the natural log,
  ``log(x, b)`` the log to base ``b``; ``ln`` is ``log``; ``abs`` is ``Abs``).

Everything else is rejected with a ``ValueError`` whose message says, for the reader, what is wrong:
attribute access (``x.y``), indexing (``x[0]``), calls to anything not in the list, keyword
arguments, ``lambda``, comprehensions, quoted text, lists and tuples, comparisons and equations
(``=``, ``==``: "give an expression, not an equation"), names that are not allowed (the message lists
the allowed ones; :class:`UnknownNameError`), empty input, and input beyond the limits below.

Limits (so that building the expression cannot exhaust time or memory)
-----------------------------------------------------------------------
- at most ``max_length`` characters (500 by default), at most :data:`MAX_NODES` syntax-tree nodes
  and :data:`MAX_DEPTH` levels of nesting;
- the exponent of a power, when it is a number, is at most ``max_exponent`` (100 by default) in
  absolute value. Powers are built from the inside out, so a tower such as ``9**9**9**9`` fails as
  soon as an exponent (here ``9**9``) is too large, before anything big is computed; a power of two
  numbers may have at most :data:`MAX_DIGITS` digits (``(10**50)**100`` is refused);
- every number in the formula, typed or computed from a part without symbols (``exp(100)``,
  ``2**50``), must be finite and at most about 1e300 in size: SymPy evaluates such numbers to
  decide signs, and ``sin(exp(exp(exp(100))))`` would never finish. So ``1/0`` and ``log(0)`` are
  refused too; ``gamma`` of an exact number above :data:`MAX_GAMMA_ARGUMENT` is refused before it
  is computed (SymPy computes ``gamma(n)`` exactly as ``(n-1)!``).

:func:`symbol_aliases` adds the spellings readers use for indexed names (``tau_2`` for ``tau2``,
``alpha0`` for ``alpha_0``, ``x_bar`` for ``xbar``); :func:`as_expression` is the argument check of
the library functions that accept a SymPy expression, a number or a formula string.
"""

from __future__ import annotations

import ast
import cmath
import math
import numbers
import re
import warnings
from collections.abc import Callable, Iterable, Mapping

import sympy as sp

__all__ = [
    "CONSTANTS",
    "FUNCTION_NAMES",
    "MAX_DEPTH",
    "MAX_DIGITS",
    "MAX_GAMMA_ARGUMENT",
    "MAX_NODES",
    "TooLargeError",
    "UnknownNameError",
    "as_expression",
    "estimate",
    "normalize_text",
    "parse_expression",
    "symbol_aliases",
]

#: Syntax-tree limits: a formula with more nodes, or nested deeper, is refused.
MAX_NODES = 1000
MAX_DEPTH = 100
#: The largest number of decimal digits a power of two numbers may have (numbers in a formula are
#: limited to about 1e300 in size anyway: this check comes before the power is computed).
MAX_DIGITS = 300
#: The largest exact argument of ``gamma`` (whose value at an integer n is (n - 1)!).
MAX_GAMMA_ARGUMENT = 200

#: Constants a formula may name (a symbol of the same name takes precedence).
CONSTANTS: dict[str, sp.Expr] = {"pi": sp.pi, "E": sp.E, "e": sp.E}

_FUNCTIONS: dict[str, tuple[Callable[..., sp.Expr], tuple[int, ...]]] = {
    "sqrt": (sp.sqrt, (1,)),
    "exp": (sp.exp, (1,)),
    "log": (sp.log, (1, 2)),
    "ln": (sp.log, (1,)),
    "sin": (sp.sin, (1,)),
    "cos": (sp.cos, (1,)),
    "tan": (sp.tan, (1,)),
    "asin": (sp.asin, (1,)),
    "acos": (sp.acos, (1,)),
    "atan": (sp.atan, (1,)),
    "sinh": (sp.sinh, (1,)),
    "cosh": (sp.cosh, (1,)),
    "tanh": (sp.tanh, (1,)),
    "Abs": (sp.Abs, (1,)),
    "abs": (sp.Abs, (1,)),
    "sign": (sp.sign, (1,)),
    "gamma": (sp.gamma, (1,)),
}
#: The functions a formula may call, by bare name.
FUNCTION_NAMES: tuple[str, ...] = tuple(_FUNCTIONS)

_NOT_FINITE = {"oo": "infinity", "inf": "infinity", "infinity": "infinity", "Infinity": "infinity",
               "zoo": "complex infinity", "nan": "'not a number'", "NaN": "'not a number'",
               "I": "the imaginary unit"}

_OPERATORS = {ast.FloorDiv: "'//' (integer division) is not allowed: use '/'",
              ast.Mod: "'%' is not allowed",
              ast.MatMult: "'@' is not allowed",
              ast.LShift: "'<<' is not allowed", ast.RShift: "'>>' is not allowed",
              ast.BitAnd: "'&' is not allowed", ast.BitOr: "'|' is not allowed"}

_NODES = {
    ast.Attribute: "attribute access (a '.' after a name or bracket) is not allowed in a formula",
    ast.Subscript: "indexing with '[ ]' is not allowed in a formula",
    ast.Lambda: "'lambda' is not allowed in a formula",
    ast.ListComp: "comprehensions ('for ... in ...') are not allowed in a formula",
    ast.SetComp: "comprehensions ('for ... in ...') are not allowed in a formula",
    ast.DictComp: "comprehensions ('for ... in ...') are not allowed in a formula",
    ast.GeneratorExp: "comprehensions ('for ... in ...') are not allowed in a formula",
    ast.JoinedStr: "quoted text is not allowed inside a formula",
    ast.FormattedValue: "quoted text is not allowed inside a formula",
    ast.List: "give one expression, not a list",
    ast.Tuple: "give one expression, not several separated by commas",
    ast.Set: "give one expression, not a set",
    ast.Dict: "give one expression, not a dictionary",
    ast.BoolOp: "'and' / 'or' are not allowed in a formula",
    ast.IfExp: "'if ... else' is not allowed in a formula",
    ast.NamedExpr: "':=' is not allowed in a formula",
    ast.Starred: "'*' before an argument is not allowed in a formula",
    ast.Slice: "indexing with '[ ]' is not allowed in a formula",
    ast.Await: "'await' is not allowed in a formula",
    ast.Yield: "'yield' is not allowed in a formula",
    ast.YieldFrom: "'yield' is not allowed in a formula",
}


class UnknownNameError(ValueError):
    """A formula uses names that are neither allowed symbols nor constants.

    ``names`` are the offending names (sorted), ``allowed`` the symbol names the caller allows.
    """

    def __init__(self, names: Iterable[str], allowed: Iterable[str]):
        self.names = sorted(set(names))
        self.allowed = sorted(set(allowed))
        shown = ", ".join(repr(n if len(n) <= 30 else n[:27] + "...") for n in self.names[:10])
        shown += ", ..." if len(self.names) > 10 else ""
        which = "name" if len(self.names) == 1 else "names"
        symbols = ", ".join(self.allowed) if self.allowed else "none"
        super().__init__(f"unknown {which} {shown}; allowed names: {symbols} "
                         f"(and the constants {', '.join(CONSTANTS)})")


class TooLargeError(ValueError):
    """A number in (or a value of) a formula is too large to compute with safely."""


# --------------------------------------------------------------------------- aliases
def symbol_aliases(symbols: Iterable[sp.Symbol] | Mapping[str, sp.Expr]) -> dict[str, sp.Expr]:
    """Name -> symbol, with the spellings readers use for the same indexed name added.

    A name ending in digits gets the spelling with an underscore and vice versa (``tau2`` and
    ``tau_2``, ``alpha0`` and ``alpha_0``, ``sigma2`` and ``sigma_2``), and ``xbar`` gets ``x_bar``
    (and the reverse). An alias never replaces a name the caller gave.
    """
    base = dict(symbols) if isinstance(symbols, Mapping) else {s.name: s for s in symbols}
    out = dict(base)
    for name, sym in base.items():
        for alias in _spellings(name):
            if alias != name and alias not in base:
                out.setdefault(alias, sym)
    return out


def _spellings(name: str) -> list[str]:
    found = []
    if m := re.fullmatch(r"([A-Za-z]+)_?(\d+)", name):
        found += [f"{m[1]}{m[2]}", f"{m[1]}_{m[2]}"]
    if m := re.fullmatch(r"([A-Za-z]+?)_?bar", name):
        found += [f"{m[1]}bar", f"{m[1]}_bar"]
    return found


# --------------------------------------------------------------------------- typography
#: What a formula typed (or pasted from the book) may hold beyond ASCII, and what it means.
_TYPOGRAPHY = {
    "\u2212": "-", "\u2013": "-", "\u2012": "-", "\u2010": "-", "\u00b7": "*", "\u22c5": "*",
    "\u2219": "*", "\u00d7": "*", "\u2217": "*", "\u00f7": "/", "\u2215": "/", "\u00b2": "**2",
    "\u00b3": "**3", "\u207b\u00b9": "**(-1)", "\u221a": "sqrt", "\u00a0": " ", "\u2009": " ",
    "\u202f": " ", "\u03c3": "sigma", "\u03c4": "tau", "\u03b8": "theta", "\u03b3": "gamma",
    "\u03b1": "alpha", "\u03b2": "beta", "\u03bb": "lam", "\u03b7": "eta", "\u03bc": "mu",
    "\u03c1": "rho", "\u03c0": "pi", "\u03b5": "epsilon", "\u2080": "0", "\u2081": "1",
    "\u2082": "2",
}
_TYPOGRAPHY_RE = re.compile("|".join(re.escape(k) for k in sorted(_TYPOGRAPHY, key=len, reverse=True)))


def normalize_text(text: str) -> str:
    """``text`` with the book's typography made ASCII: the minus sign U+2212 (and dashes) is ``-``,
    the middle dot ``·`` and ``×`` are ``*``, ``÷`` is ``/``, ``²``/``³`` are powers, ``√`` is
    ``sqrt``, and the Greek letters the book uses are their names (``σ`` is ``sigma``, ``λ`` is
    ``lam``, ``π`` is ``pi``); subscript digits are digits (``τ₀`` is ``tau0``)."""
    return _TYPOGRAPHY_RE.sub(lambda m: _TYPOGRAPHY[m.group(0)], text)


# --------------------------------------------------------------------------- the parser
def parse_expression(text: str, symbols: Mapping[str, sp.Expr], *, max_length: int = 500,
                     max_exponent: int = 100, new_symbols: bool = False) -> sp.Expr:
    """The SymPy expression that ``text`` writes, built without running any of it.

    ``symbols`` maps each name the formula may use to its SymPy symbol (or any SymPy expression to
    put in its place). With ``new_symbols=True`` another name (not starting with ``_``) becomes a
    new plain ``sympy.Symbol`` instead of an error, as ``sympify`` would do: the caller then decides
    what to do with it. ``^`` means power. See the module docstring for the grammar and the limits.

    Raises ``ValueError`` (:class:`UnknownNameError` for names that are not allowed,
    :class:`TooLargeError` for numbers that are too large) with a message for the reader.
    """
    if not isinstance(text, str):
        raise TypeError(f"the formula must be a string, got {type(text).__name__}")
    if len(text) > max_length:
        raise ValueError(f"the formula is too long ({len(text)} characters; at most {max_length})")
    source = normalize_text(text).strip()
    if not source:
        raise ValueError("the formula is empty: type an expression")
    source = source.replace("^", "**")
    tree = _syntax_tree(source)
    _check_size(tree)
    return _Builder(source, symbols, max_exponent, new_symbols).build(tree)


def _syntax_tree(source: str) -> ast.Expression:
    try:
        with warnings.catch_warnings():  # e.g. "invalid escape sequence" in quoted junk: refused below
            warnings.simplefilter("ignore")
            return ast.parse(source, mode="eval")
    except SyntaxError as exc:
        raise ValueError(_syntax_message(source, exc)) from None
    except (RecursionError, MemoryError, ValueError, OverflowError):
        # deeply nested brackets, a null byte, an integer literal with too many digits
        raise ValueError("the formula could not be read: it is nested too deeply or has a "
                         "number with too many digits") from None


def _syntax_message(source: str, exc: SyntaxError) -> str:
    if re.search(r"(?<![=<>!])=(?!=)", source):
        return "give an expression, not an equation: write only the formula, without '='"
    if re.search(r"\d\s*[A-Za-z_(]", source):
        hint = "; write products with '*' (2*x, not 2x)"
    elif re.search(r"\)\s*[\w(]", source):
        hint = "; write products with '*' ((a+b)*c, not (a+b)c)"
    else:
        hint = ""
    where = f" near character {exc.offset}" if exc.offset else ""
    reason = (exc.msg or "invalid syntax").rstrip(".")
    return f"the formula could not be read ({reason}{where}){hint}"


def _check_size(tree: ast.Expression) -> None:
    """Refuse a tree with more than MAX_NODES expression nodes or deeper than MAX_DEPTH (iteratively:
    the builder below recurses, so the depth must be known before it starts)."""
    count = 0
    stack = [(tree.body, 1)]
    while stack:
        node, depth = stack.pop()
        count += 1
        if count > MAX_NODES:
            raise ValueError(f"the formula is too long (more than {MAX_NODES} numbers, names and operations)")
        if depth > MAX_DEPTH:
            raise ValueError(f"the formula is nested too deeply (more than {MAX_DEPTH} levels; a chain "
                             f"of more than {MAX_DEPTH} terms counts as that deep)")
        stack.extend((child, depth + 1) for child in ast.iter_child_nodes(node) if not _marker(child))


def _marker(node: ast.AST) -> bool:
    """Operator and context nodes (``ast.Add``, ``ast.Load``): part of their parent, not parts of a formula."""
    return isinstance(node, ast.operator | ast.unaryop | ast.cmpop | ast.boolop | ast.expr_context)


class _Builder:
    def __init__(self, source: str, symbols: Mapping[str, sp.Expr], max_exponent: int, new_symbols: bool):
        self.source = source
        self.symbols = symbols
        self.max_exponent = max_exponent
        self.new_symbols = new_symbols
        self.created: dict[str, sp.Symbol] = {}

    # ----------------------------------------------------------------- names
    def build(self, tree: ast.Expression) -> sp.Expr:
        called = {id(node.func) for node in ast.walk(tree) if isinstance(node, ast.Call)}
        self.unknown = {node.id for node in ast.walk(tree)
                        if isinstance(node, ast.Name) and id(node) not in called
                        and self._kind(node.id) == "unknown"}
        return self.node(tree.body)

    def _kind(self, name: str) -> str:
        if name in self.symbols:
            return "symbol"
        if name in CONSTANTS:
            return "constant"
        if name in _FUNCTIONS:
            return "function"
        if name in _NOT_FINITE or name.startswith("_"):
            return "forbidden"
        return "unknown"

    def name(self, node: ast.Name) -> sp.Expr:
        name = node.id
        kind = self._kind(name)
        if kind == "symbol":
            return self.symbols[name]
        if kind == "constant":
            return CONSTANTS[name]
        if kind == "function":
            raise ValueError(f"{name} is a function: call it with brackets, e.g. {name}(...)")
        if name in _NOT_FINITE:
            raise ValueError(f"'{name}' ({_NOT_FINITE[name]}) is not allowed: give a finite real formula")
        if name.startswith("_"):
            raise ValueError(f"names starting with '_' are not allowed, got {name!r}")
        if self.new_symbols:
            return self.created.setdefault(name, sp.Symbol(name))
        raise UnknownNameError(self.unknown or {name}, self.symbols)

    # ----------------------------------------------------------------- nodes
    def node(self, node: ast.AST) -> sp.Expr:
        expr = self._node(node)
        if isinstance(node, ast.Name):
            return expr
        if expr.has(sp.zoo, sp.nan):
            raise ValueError(_UNDEFINED)
        if expr.is_number:
            _check_number(expr)
        return expr

    def _node(self, node: ast.AST) -> sp.Expr:
        if isinstance(node, ast.Constant):
            return self.constant(node)
        if isinstance(node, ast.Name):
            return self.name(node)
        if isinstance(node, ast.BinOp):
            return self.binop(node)
        if isinstance(node, ast.UnaryOp):
            if isinstance(node.op, ast.USub):
                return -self.node(node.operand)
            if isinstance(node.op, ast.UAdd):
                return self.node(node.operand)
            raise ValueError("'not' is not allowed in a formula" if isinstance(node.op, ast.Not)
                             else "'~' is not allowed in a formula")
        if isinstance(node, ast.Call):
            return self.call(node)
        if isinstance(node, ast.Compare):
            if any(isinstance(op, ast.Eq | ast.NotEq) for op in node.ops):
                raise ValueError("give an expression, not an equation: write only the formula, "
                                 "without '=' or '=='")
            raise ValueError("give an expression, not a comparison: remove '<', '>', 'in' or 'is'")
        for kind, message in _NODES.items():
            if isinstance(node, kind):
                raise ValueError(message)
        raise ValueError(f"{type(node).__name__} is not allowed in a formula")

    def constant(self, node: ast.Constant) -> sp.Expr:
        value = node.value
        if isinstance(value, bool):
            raise ValueError(f"{value} is not a number: give a formula")
        if isinstance(value, int):
            return sp.Integer(value)
        if isinstance(value, float):
            literal = (ast.get_source_segment(self.source, node) or repr(value)).replace("_", "")
            if not math.isfinite(value):
                raise TooLargeError(f"the number {literal} is too large")
            return sp.Float(literal)
        if isinstance(value, complex):
            raise ValueError("complex numbers (such as 2j) are not allowed: give a real formula")
        if isinstance(value, str | bytes):
            raise ValueError("quoted text is not allowed inside a formula: type the formula without quotes")
        if value is Ellipsis:
            raise ValueError("'...' is a placeholder: replace it with your formula")
        raise ValueError(f"{value!r} is not a number: give a formula")

    def binop(self, node: ast.BinOp) -> sp.Expr:
        op = type(node.op)
        if op in _OPERATORS:
            raise ValueError(_OPERATORS[op])
        left = self.node(node.left)
        right = self.node(node.right)
        if op is ast.Add:
            return left + right
        if op is ast.Sub:
            return left - right
        if op is ast.Mult:
            return left * right
        if op is ast.Div:
            return left / right
        if op in (ast.Pow, ast.BitXor):
            return _power(left, right, self.max_exponent)
        raise ValueError(f"the operator {type(node.op).__name__} is not allowed in a formula")

    def call(self, node: ast.Call) -> sp.Expr:
        func = node.func
        if isinstance(func, ast.Attribute):
            raise ValueError(_NODES[ast.Attribute])
        if not isinstance(func, ast.Name):
            raise ValueError("a bracket right after an expression reads as a function call: write products "
                             "with '*', e.g. (a + b)*(c + d)")
        name = func.id
        if name in self.symbols:
            raise ValueError(f"{name} is a symbol here, not a function: write a product with '*', "
                             f"e.g. {name}*(...)")
        if name not in _FUNCTIONS:
            raise ValueError(f"the function {name}() is not available; allowed functions: "
                             f"{', '.join(FUNCTION_NAMES)}")
        if node.keywords:
            raise ValueError(f"keyword arguments (name=value) are not allowed in {name}()")
        function, arities = _FUNCTIONS[name]
        if len(node.args) not in arities:
            wanted = " or ".join(str(a) for a in arities)
            raise ValueError(f"{name}() takes {wanted} argument{'s' if arities != (1,) else ''}, "
                             f"got {len(node.args)}")
        args = [self.node(arg) for arg in node.args]
        if function is sp.log and len(args) == 2:
            _check_log_base(args[1])
        if function is sp.gamma and args[0].is_Rational and abs(args[0]) > MAX_GAMMA_ARGUMENT:
            raise TooLargeError(f"gamma({args[0]}) is too large: the argument of gamma may be at most "
                                f"{MAX_GAMMA_ARGUMENT} in size")
        return function(*args)


def _check_log_base(base: sp.Expr) -> None:
    """Refuse a logarithm base that is not a positive number other than 1 (``log(x, 0.0)``, whose
    SymPy value is 0, ``log(x, 1)``, a negative base, a base with symbols)."""
    if not base.is_number:
        raise ValueError(f"the base of a logarithm must be a number, got {_short(base)}")
    if base.is_Rational:
        good = base > 0 and base != 1
    else:
        try:
            value = estimate(base)
        except TooLargeError:
            value = None
        good = (value is not None and value.imag == 0 and value.real > 0 and value.real != 1
                and abs(value.real - 1) > 1e-12)
    if not good:
        raise ValueError(f"the base of a logarithm must be a positive number other than 1, got {_short(base)}")


def _power(base: sp.Expr, exponent: sp.Expr, max_exponent: int) -> sp.Expr:
    """``base ** exponent``, refused when the exponent or the resulting number is too large."""
    if exponent.is_number:
        if not _at_most(exponent, max_exponent):
            raise TooLargeError(f"the exponent {_short(exponent)} is too large: an exponent may be at most "
                                f"{max_exponent} in size")
        if base.is_Rational and exponent.is_Rational and base != 0:
            bits = max(abs(base.p).bit_length(), abs(base.q).bit_length())
            digits = bits * math.log10(2) * abs(float(exponent))
            if digits > MAX_DIGITS:
                raise TooLargeError(f"({_short(base)})**{_short(exponent)} is too large (about {digits:.0f} "
                                    f"digits; at most {MAX_DIGITS})")
    return base**exponent


def _check_number(expr: sp.Expr) -> None:
    """Refuse a number that is undefined, infinite, or too large for SymPy to handle safely: SymPy
    evaluates numbers numerically to decide signs, and ``sin(exp(exp(exp(100))))`` never finishes."""
    if expr.is_Rational and max(abs(expr.p), expr.q).bit_length() < 900:
        return
    if expr.has(sp.zoo, sp.nan, sp.oo, -sp.oo):
        raise ValueError(_UNDEFINED)
    try:
        estimate(expr)
    except TooLargeError:
        raise TooLargeError(f"{_short(expr)} is too large or undefined (a number in a formula may be at "
                            "most about 1e300 in size)") from None


def _at_most(number: sp.Expr, limit: float) -> bool:
    if number.is_Rational:
        return bool(abs(number) <= limit)
    try:
        value = estimate(number)
    except TooLargeError:
        return False
    return value is not None and abs(value) <= limit


_UNDEFINED = "the formula is infinite or undefined (a division by zero, or log(0)?)"


def _short(expr: sp.Expr) -> str:
    """``expr`` as text of at most about 40 characters (a huge integer by its number of digits)."""
    if expr.is_Rational and max(abs(expr.p), expr.q).bit_length() > 130:
        return f"a {max(abs(expr.p), expr.q).bit_length() * math.log10(2):.0f}-digit number"
    text = str(expr)
    return text if len(text) <= 40 else text[:37] + "..."


# --------------------------------------------------------------------------- a safe float estimate
_BIG = 1e300

_CMATH: dict[type, Callable[[complex], complex]] = {
    sp.exp: cmath.exp, sp.log: cmath.log, sp.sin: cmath.sin, sp.cos: cmath.cos, sp.tan: cmath.tan,
    sp.asin: cmath.asin, sp.acos: cmath.acos, sp.atan: cmath.atan, sp.sinh: cmath.sinh,
    sp.cosh: cmath.cosh, sp.tanh: cmath.tanh,
}


def estimate(expr: sp.Basic, values: Mapping[sp.Basic, object] | None = None) -> complex | None:
    """A double-precision value of ``expr`` with ``values`` substituted, to see whether a precise
    evaluation is safe: raises :class:`TooLargeError` when a part of ``expr`` has a value above 1e300
    in size or not finite (evaluating ``sin(exp(exp(300)))`` to 30 digits would need billions of
    digits of working precision). Returns ``None`` when ``expr`` contains an object it does not know
    (the parts it knows are still checked).
    """
    try:
        return _estimate(expr, dict(values or {}))
    except RecursionError:
        return None


def _finite(value: complex) -> complex:
    if not (cmath.isfinite(value) and abs(value) <= _BIG):
        raise TooLargeError("a value of the formula is too large (or not finite) to compute")
    return value


def _estimate(expr: sp.Basic, values: dict) -> complex | None:
    if expr in values:
        return _finite(complex(values[expr]))
    try:
        if expr.is_Number:
            return _finite(complex(float(expr)))
        if expr.is_NumberSymbol:
            return complex(float(expr))
        if expr is sp.I:
            return 1j
        if expr.is_Add or expr.is_Mul:
            parts = [_estimate(arg, values) for arg in expr.args]
            if any(p is None for p in parts):
                return None
            total = parts[0]
            for p in parts[1:]:
                total = total + p if expr.is_Add else total * p
            return _finite(total)
        if expr.is_Pow:
            base, exponent = (_estimate(arg, values) for arg in expr.args)
            if base is None or exponent is None:
                return None
            return _finite(base**exponent)
        if isinstance(expr, sp.Function) and len(expr.args) == 1:
            arg = _estimate(expr.args[0], values)
            if arg is None:
                return None
            func = expr.func
            if func in _CMATH:
                return _finite(_CMATH[func](arg))
            if func is sp.Abs:
                return complex(abs(arg))
            if func is sp.sign:
                return 0j if arg == 0 else arg / abs(arg)
            if func is sp.gamma and arg.imag == 0:
                return _finite(complex(math.gamma(arg.real)))
            return None
    except (OverflowError, ZeroDivisionError, ValueError, TypeError) as exc:
        if isinstance(exc, TooLargeError):
            raise
        raise TooLargeError("a value of the formula is too large (or not finite) to compute") from None
    for arg in expr.args:  # an unknown object: still check the parts of it that can be estimated
        if isinstance(arg, sp.Expr):
            _estimate(arg, values)
    return None


# --------------------------------------------------------------------------- library arguments
def as_expression(value: object, name: str = "expression", *, context: Iterable[object] = ()) -> sp.Expr:
    """``value`` as a SymPy expression, for library functions that take an expression.

    A SymPy expression is returned as is, a number (not a bool) becomes a SymPy number exactly as
    ``sympify`` makes it, and a string is read by :func:`parse_expression`: its names bind to the
    symbols of the SymPy objects in ``context`` (by name), and other names become new plain symbols.
    Anything else raises ``TypeError``; a string that is not a formula raises ``ValueError`` naming
    the parameter ``name``.
    """
    if isinstance(value, sp.Expr):
        return value
    if isinstance(value, bool) or value is None:
        raise TypeError(f"{name} must be a SymPy expression or a number, got {type(value).__name__} {value!r}")
    if isinstance(value, str):
        known: dict[str, sp.Expr] = {}
        for obj in context:
            if isinstance(obj, sp.Basic):
                for s in sorted(obj.free_symbols, key=str):
                    if isinstance(s, sp.Symbol):
                        known.setdefault(s.name, s)
        try:
            return parse_expression(value, known, new_symbols=True)
        except ValueError as exc:
            raise ValueError(f"{name}: {exc}") from None
    if isinstance(value, sp.Basic):
        raise TypeError(f"{name} must be a SymPy expression, got {type(value).__name__} {value}")
    if isinstance(value, numbers.Number):
        return sp.sympify(value, strict=True)  # a number, never a string: nothing is evaluated
    try:
        expr = sp.sympify(value, strict=True)  # objects with _sympy_ (strict: no string parsing)
    except (sp.SympifyError, TypeError, ValueError) as exc:
        raise TypeError(f"{name} must be a SymPy expression or a number, got {type(value).__name__}") from exc
    if not isinstance(expr, sp.Expr):
        raise TypeError(f"{name} must be a SymPy expression, got {type(expr).__name__}")
    return expr
