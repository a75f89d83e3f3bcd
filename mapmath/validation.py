"""Argument validation shared by every public ``mapmath`` function.

Each checker returns the cleaned value or raises, with a message that names the parameter and
states the allowed range, e.g. ``"a must be a finite real number > 0, got -1"``.

Error-type convention (applied by every checker here, and so by every public function):

- ``TypeError``: the *kind* of object is wrong. A string, ``None``, a boolean, a complex number
  where a real is needed; an array of strings; and **any non-integer object where an integer is
  required**: ``2.5`` *and* ``3.0`` for a count are ``TypeError`` (a float is not an ``int``, even
  when integral; pass ``int(x)`` deliberately).
- ``ValueError``: the kind is right but the value is outside the allowed range: negative or
  non-finite numbers, a count above its maximum, arrays of the wrong shape or with NaN/inf, and
  numbers too large for a float (``check_real("a", 10**400)`` is a ``ValueError`` naming ``a``,
  never a bare ``OverflowError``).

Numerical failures met *after* validation (a computation that would overflow, an iteration that
cannot certify its result) are ``ValueError`` naming the parameters responsible; an iterative
solver that stops without converging emits :class:`ConvergenceWarning`.
"""

from __future__ import annotations

import math
import numbers

import numpy as np

#: The largest integer ``N`` such that every integer in ``[0, N]`` is exactly a float (``2**53``).
MAX_EXACT_INT = 2**53


class ConvergenceWarning(UserWarning):
    """An iterative ``mapmath`` solver stopped before its optimality certificate held."""

__all__ = [
    "MAX_EXACT_INT",
    "Checked",
    "Constraint",
    "ConvergenceWarning",
    "Count",
    "Expr",
    "Flag",
    "Instance",
    "Interval",
    "IsCallable",
    "Matrix",
    "OneOf",
    "Optional",
    "Positive",
    "Probability",
    "Real",
    "RealArray",
    "Symbol",
    "Vector",
    "check_X_y",
    "check_count",
    "check_expression",
    "check_flag",
    "check_interval",
    "check_matrix",
    "check_positive",
    "check_probability",
    "check_real",
    "check_symbol",
    "check_vector",
    "float_ratio",
    "validate_params",
]


def check_real(
    name: str,
    value: object,
    *,
    low: float | None = None,
    high: float | None = None,
    low_open: bool = False,
    high_open: bool = False,
) -> float:
    """Return ``value`` as a float after checking it is a finite real number in the given range.

    ``low``/``high`` are inclusive bounds unless ``low_open``/``high_open`` make them strict.
    Booleans are rejected: ``True`` is not a variance.
    """
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a real number, got {type(value).__name__} {_short(value)}")
    rng = _describe_range(low, high, low_open, high_open)
    try:
        x = float(value)
    except OverflowError:  # an int (or Fraction) beyond the float range, e.g. 10**400
        raise ValueError(f"{name} must be a finite real number{rng} within the float range "
                         f"(|{name}| < 1.8e308), got {_short(value)}") from None
    if not math.isfinite(x):
        raise ValueError(f"{name} must be a finite real number{rng}, got {_short(value)}")
    too_low = low is not None and (x <= low if low_open else x < low)
    too_high = high is not None and (x >= high if high_open else x > high)
    if too_low or too_high:
        raise ValueError(f"{name} must be a finite real number{rng}, got {_short(value)}")
    return x


def check_positive(name: str, value: object) -> float:
    """A finite real number > 0 (variances, scales, Beta parameters)."""
    return check_real(name, value, low=0.0, low_open=True)


def check_probability(name: str, value: object, *, open_interval: bool = False) -> float:
    """A probability in [0, 1], or in (0, 1) when ``open_interval`` is true."""
    return check_real(
        name, value, low=0.0, high=1.0, low_open=open_interval, high_open=open_interval
    )


def check_count(name: str, value: object, *, minimum: int = 0, maximum: int | None = None,
                maximum_name: str | None = None, exact_float: bool = False) -> int:
    """An integer count ``minimum <= value <= maximum`` (an ``int`` or a NumPy integer).

    A float (even ``3.0``), a boolean or any other non-integer object is a ``TypeError`` (see the
    module docstring). ``exact_float=True`` also requires ``value <= 2**53`` (:data:`MAX_EXACT_INT`):
    use it when the count enters floating-point arithmetic, where a larger integer is rounded
    or overflows (``10**400``).
    """
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be an integer count >= {minimum}, got "
                        f"{type(value).__name__} {_short(value)}")
    k = int(value)
    if k < minimum:
        raise ValueError(f"{name} must be an integer count >= {minimum}, got {k}")
    if maximum is not None and k > maximum:
        if maximum_name is None:
            raise ValueError(f"{name} must be an integer count with {minimum} <= {name} <= {maximum}, "
                             f"got {_short(k)}")
        raise ValueError(
            f"{name} must be an integer count with {minimum} <= {name} <= {maximum_name}, "
            f"got {name}={_short(k)} > {maximum_name}={maximum}"
        )
    if exact_float and k > MAX_EXACT_INT:
        raise ValueError(f"{name} must be an integer count <= 2**53 (the largest count a float holds "
                         f"exactly), got {_short(k)}")
    return k


def check_flag(name: str, value: object) -> bool:
    """A ``bool`` (``True``/``False`` only: ``1`` and ``"yes"`` are ``TypeError``)."""
    if not isinstance(value, bool | np.bool_):
        raise TypeError(f"{name} must be a bool, got {type(value).__name__} {_short(value)}")
    return bool(value)


def check_matrix(name: str, value: object) -> np.ndarray:
    """A 2-D array of finite real numbers, returned as float64."""
    arr = _as_real_array(name, value)
    if arr.ndim != 2:
        raise ValueError(f"{name} must be a 2-D array (n_samples, n_features), got shape {arr.shape}")
    if arr.shape[0] == 0 or arr.shape[1] == 0:
        raise ValueError(f"{name} must have at least one row and one column, got shape {arr.shape}")
    _check_finite(name, arr)
    return arr


def check_vector(name: str, value: object, *, length: int | None = None,
                 length_name: str | None = None) -> np.ndarray:
    """A 1-D array of finite real numbers (length ``length`` if given), returned as float64."""
    arr = _as_real_array(name, value)
    if arr.ndim != 1:
        raise ValueError(f"{name} must be a 1-D array, got shape {arr.shape}")
    if length is not None and arr.shape[0] != length:
        what = length_name or f"length {length}"
        raise ValueError(f"{name} must have {what} = {length} entries, got {arr.shape[0]}")
    _check_finite(name, arr)
    return arr


def check_X_y(X: object, y: object, *, y_name: str = "y") -> tuple[np.ndarray, np.ndarray]:
    """A design ``X`` (2-D, finite, at least one row and column) and a response ``y`` (1-D, finite,
    one entry per row of ``X``), both as float64. The one ``X, y`` check of every regression."""
    X_ = check_matrix("X", X)
    y_ = check_vector(y_name, y, length=X_.shape[0], length_name="X.shape[0] (one entry per row of X)")
    return X_, y_


def float_ratio(what: str, numerator: float, denominator: float, names: str) -> float:
    """``numerator / denominator`` for positive floats, or a ``ValueError`` naming ``names`` when the
    quotient is outside the normal float range (it would overflow to inf or underflow to 0 or a
    subnormal with lost digits): a mapping such as ``λ = σ²/τ²`` must not silently become 0 or inf."""
    with np.errstate(over="ignore", under="ignore"):
        q = numerator / denominator
    if not (np.finfo(float).tiny <= q < math.inf):
        raise ValueError(f"{what} = {numerator:g} / {denominator:g} is outside the float range "
                         f"[2.2e-308, 1.8e308]: choose {names} with a less extreme ratio")
    return q


def _short(value: object) -> str:
    """``repr(value)``, shortened for huge integers (``10**400`` has 401 digits)."""
    text = repr(value)
    return text if len(text) <= 60 else f"{text[:25]}...{text[-10:]} ({len(text)} characters)"


def _as_real_array(name: str, value: object) -> np.ndarray:
    if isinstance(value, str | bytes) or value is None:
        raise TypeError(f"{name} must be an array of real numbers, got {type(value).__name__}")
    try:
        arr = np.asarray(value)
    except Exception as exc:  # pragma: no cover - exotic inputs
        raise TypeError(f"{name} must be an array of real numbers: {exc}") from exc
    if arr.dtype == object and arr.size and all(
            isinstance(v, numbers.Real) and not isinstance(v, bool) for v in arr.flat):
        try:  # e.g. a list holding 10**400: NumPy keeps Python ints it cannot fit in int64
            return arr.astype(np.float64)
        except OverflowError:
            raise ValueError(f"{name} must contain only numbers within the float range "
                             "(|x| < 1.8e308)") from None
    if arr.dtype == bool or not (np.issubdtype(arr.dtype, np.integer)
                                 or np.issubdtype(arr.dtype, np.floating)):
        raise TypeError(f"{name} must be an array of real numbers, got dtype {arr.dtype}")
    return arr.astype(np.float64)


def _check_finite(name: str, arr: np.ndarray) -> None:
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} must contain only finite numbers (no NaN or inf)")


def _describe_range(low, high, low_open, high_open) -> str:
    parts = []
    if low is not None:
        parts.append(f"{'>' if low_open else '>='} {low:g}")
    if high is not None:
        parts.append(f"{'<' if high_open else '<='} {high:g}")
    return (" " + " and ".join(parts)) if parts else ""


# =============================================================================================
# Symbolic arguments (SymPy): the parameter, an expression, an interval
# =============================================================================================
# A string is never turned into SymPy here: ``check_expression`` refuses it with ``TypeError``.
# A function that accepts a formula typed as text reads it with ``mapmath.parsing.as_expression``
# (the safe parser) first. Interval endpoints typed as text go through the same parser.

def check_symbol(name: str, value: object):
    """A ``sympy.Symbol`` (the variable of a density or a map); ``TypeError`` otherwise."""
    import sympy as sp

    if not isinstance(value, sp.Symbol):
        raise TypeError(f"{name} must be a SymPy Symbol (e.g. sympy.Symbol('{name}')), "
                        f"got {type(value).__name__} {value!r}")
    return value


def check_expression(name: str, value: object, *, depends_on: object = None):
    """A SymPy expression or a real number (returned as a SymPy expression).

    Strings, booleans, ``None`` and SymPy objects that are not expressions (sets, relations)
    raise ``TypeError``. With ``depends_on`` (a symbol) the expression must contain it
    (``ValueError`` otherwise).
    """
    import sympy as sp

    if isinstance(value, sp.Expr):
        expr = value
    elif isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a SymPy expression or a number, got {type(value).__name__} {value!r}")
    else:
        expr = sp.sympify(value, strict=True)  # a real number, never a string: nothing is evaluated
    if depends_on is not None and not expr.has(depends_on):
        raise ValueError(f"{name} must depend on {depends_on}, got {expr}")
    return expr


_INFINITE_ENDPOINTS = {"oo": "oo", "+oo": "oo", "inf": "oo", "+inf": "oo", "-oo": "-oo", "-inf": "-oo"}


def check_interval(name: str, value: object):
    """An interval of the real line with ``low < high``: a ``sympy.Interval``, or a pair ``(low, high)``.

    A ``sympy.Interval`` is returned as given (open or closed ends kept). A pair means the open
    interval ``(low, high)``; its ends are numbers, SymPy numbers, ``±sympy.oo``, or text read by
    :func:`mapmath.parsing.parse_expression` (``"pi/2"``; ``"oo"``, ``"-oo"``, ``"inf"`` for ±∞).
    Ends must be real numbers or ±∞ (``ValueError``); anything else is a ``TypeError``.
    """
    import sympy as sp

    from .parsing import as_expression, parse_expression

    if isinstance(value, sp.Interval):
        low, high = value.start, value.end
    elif isinstance(value, tuple | list) and len(value) == 2:
        ends = []
        for v in value:
            if isinstance(v, str):
                text = v.strip()
                if text in _INFINITE_ENDPOINTS:
                    ends.append(sp.oo if _INFINITE_ENDPOINTS[text] == "oo" else -sp.oo)
                    continue
                try:
                    ends.append(parse_expression(text, {}))
                except ValueError as exc:
                    raise ValueError(f"{name} endpoint: {exc}") from None
            else:
                ends.append(as_expression(v, f"{name} endpoint"))
        low, high = ends
    else:
        raise TypeError(f"{name} must be a sympy.Interval or a pair (low, high), got {type(value).__name__} {value!r}")
    for end in (low, high):
        if not (end.is_number and (end.is_real or end in (sp.oo, -sp.oo))):
            raise ValueError(f"{name} endpoints must be real numbers or ±oo, got ({low}, {high})")
    if not bool(low < high):
        raise ValueError(f"{name} must have low < high, got ({low}, {high})")
    if isinstance(value, sp.Interval):
        return value
    return sp.Interval.open(low, high)


# =============================================================================================
# One declaration per public function: ``@validate_params(name=Constraint, ...)``
# =============================================================================================
# As scikit-learn's ``validate_params``/``Interval``: each public function states the constraint of
# every parameter once, above its definition. The decorator checks (and cleans: floats, float64
# arrays) the arguments with the ``check_*`` helpers above before the body runs, and keeps the
# declaration on the function (``func.__mapmath_params__``), where the common battery of bad inputs
# (``tests/test_common_battery.py``) and the fuzz (``scripts/mapmath_fuzz.py``) read it.


class Constraint:
    """The allowed values of one parameter. ``check(name, value, bound)`` returns the cleaned value
    or raises ``TypeError``/``ValueError`` naming ``name``; ``bound`` holds the arguments already
    cleaned (for constraints relating two parameters, e.g. ``Vector(length="X.rows")``)."""

    #: what the battery feeds: "real", "count", "vector", "matrix", "array", "flag", "choice",
    #: "callable", "symbol", "expr", "interval", "instance", "any"
    kind = "any"
    refs: tuple[str, ...] = ()
    #: whether the body receives the cleaned value (floats, float64 arrays) or the argument as given
    #: (SymPy objects, callables and options are checked, never converted)
    cleans = False

    def check(self, name: str, value: object, bound: dict) -> object:  # pragma: no cover - abstract
        raise NotImplementedError

    def __repr__(self) -> str:
        fields = ", ".join(f"{k}={v!r}" for k, v in vars(self).items() if v not in (None, False, ()))
        return f"{type(self).__name__}({fields})"


class Real(Constraint):
    """A finite real number in ``[low, high]`` (``low_open``/``high_open`` make an end strict)."""

    kind = "real"
    cleans = True

    def __init__(self, low: float | None = None, high: float | None = None, *,
                 low_open: bool = False, high_open: bool = False) -> None:
        self.low, self.high, self.low_open, self.high_open = low, high, low_open, high_open

    def check(self, name, value, bound):
        return check_real(name, value, low=self.low, high=self.high,
                          low_open=self.low_open, high_open=self.high_open)

    def contains(self, x: float) -> bool:
        """Whether the finite float ``x`` is allowed."""
        lo = self.low is None or (x > self.low if self.low_open else x >= self.low)
        hi = self.high is None or (x < self.high if self.high_open else x <= self.high)
        return lo and hi


def Positive() -> Real:
    """A finite real number > 0."""
    return Real(0.0, low_open=True)


def Probability(open_interval: bool = False) -> Real:
    """A probability in [0, 1], or (0, 1) with ``open_interval``."""
    return Real(0.0, 1.0, low_open=open_interval, high_open=open_interval)


class Count(Constraint):
    """An integer ``minimum <= value <= maximum``; ``maximum`` may name another count parameter
    (``Count(maximum="n")``); ``exact_float`` also requires ``value <= 2**53``."""

    kind = "count"
    cleans = True

    def __init__(self, minimum: int = 0, maximum: int | str | None = None, *,
                 exact_float: bool = False) -> None:
        self.minimum, self.maximum, self.exact_float = minimum, maximum, exact_float
        self.refs = (maximum,) if isinstance(maximum, str) else ()

    def check(self, name, value, bound):
        if isinstance(self.maximum, str):
            return check_count(name, value, minimum=self.minimum, maximum=bound[self.maximum],
                               maximum_name=self.maximum, exact_float=self.exact_float)
        return check_count(name, value, minimum=self.minimum, maximum=self.maximum,
                           exact_float=self.exact_float)


class Flag(Constraint):
    """``True`` or ``False``."""

    kind = "flag"
    cleans = True

    def check(self, name, value, bound):
        return check_flag(name, value)


def _length_of(ref: str, bound: dict) -> tuple[int, str]:
    """``"X.rows"``, ``"X.cols"`` or ``"v"`` (the length of vector ``v``) from the cleaned arguments."""
    base, _, part = ref.partition(".")
    arr = np.asarray(bound[base])
    if part == "rows":
        return arr.shape[0], f"{base}.shape[0]"
    if part == "cols":
        return arr.shape[1], f"{base}.shape[1]"
    return arr.shape[0], f"len({base})"


def _check_entries(name: str, arr: np.ndarray, low, high, low_open, high_open) -> None:
    rng = Real(low, high, low_open=low_open, high_open=high_open)
    if arr.size and not all(rng.contains(float(v)) for v in (arr.min(), arr.max())):
        raise ValueError(f"{name} must hold numbers{_describe_range(low, high, low_open, high_open)}, "
                         f"got min {arr.min():g}, max {arr.max():g}")


class Vector(Constraint):
    """A non-empty 1-D array of finite reals (float64), of length ``length`` (an int, or
    ``"X.rows"``, ``"X.cols"``, ``"v"`` for another parameter), entries in ``[low, high]``."""

    kind = "vector"
    cleans = True

    def __init__(self, length: int | str | None = None, *, low: float | None = None,
                 high: float | None = None, low_open: bool = False, high_open: bool = False,
                 min_length: int = 1) -> None:
        self.length, self.low, self.high = length, low, high
        self.low_open, self.high_open, self.min_length = low_open, high_open, min_length
        self.refs = (length.partition(".")[0],) if isinstance(length, str) else ()

    def check(self, name, value, bound):
        length, what = (_length_of(self.length, bound) if isinstance(self.length, str)
                        else (self.length, None))
        arr = check_vector(name, value, length=length, length_name=what)
        if arr.size < self.min_length:
            raise ValueError(f"{name} must have at least {self.min_length} entries, got {arr.size}")
        _check_entries(name, arr, self.low, self.high, self.low_open, self.high_open)
        return arr


class Matrix(Constraint):
    """A 2-D array of finite reals with at least one row and column (float64); ``rows``/``cols``
    may fix its shape (an int or a reference as in :class:`Vector`); ``square`` for ``(d, d)``."""

    kind = "matrix"
    cleans = True

    def __init__(self, rows: int | str | None = None, cols: int | str | None = None, *,
                 square: bool = False, min_rows: int = 1) -> None:
        self.rows, self.cols, self.square, self.min_rows = rows, cols, square, min_rows
        self.refs = tuple(r.partition(".")[0] for r in (rows, cols) if isinstance(r, str))

    def check(self, name, value, bound):
        arr = check_matrix(name, value)
        for axis, want in ((0, self.rows), (1, self.cols)):
            if want is None:
                continue
            size, what = _length_of(want, bound) if isinstance(want, str) else (want, None)
            if arr.shape[axis] != size:
                label = "rows" if axis == 0 else "columns"
                need = f"{what} = {size}" if what else f"exactly {size}"
                raise ValueError(f"{name} must have {need} {label}, got shape {arr.shape}")
        if self.square and arr.shape[0] != arr.shape[1]:
            raise ValueError(f"{name} must be a square matrix, got shape {arr.shape}")
        if arr.shape[0] < self.min_rows:
            raise ValueError(f"{name} must have at least {self.min_rows} rows, got shape {arr.shape}")
        return arr


class RealArray(Constraint):
    """A real number or an array of them (any shape, finite, entries in ``[low, high]``): returned
    as a float for a number, a float64 array otherwise."""

    kind = "array"
    cleans = True

    def __init__(self, low: float | None = None, high: float | None = None, *,
                 low_open: bool = False, high_open: bool = False) -> None:
        self.low, self.high, self.low_open, self.high_open = low, high, low_open, high_open

    def check(self, name, value, bound):
        if isinstance(value, numbers.Number) or isinstance(value, bool | np.bool_):
            return check_real(name, value, low=self.low, high=self.high,
                              low_open=self.low_open, high_open=self.high_open)
        if isinstance(value, str | bytes) or value is None:
            raise TypeError(f"{name} must be a real number or an array of real numbers, got "
                            f"{type(value).__name__} {_short(value)}")
        arr = _as_real_array(name, value)
        if arr.size == 0:
            raise ValueError(f"{name} must not be empty")
        _check_finite(name, arr)
        _check_entries(name, arr, self.low, self.high, self.low_open, self.high_open)
        return arr


class OneOf(Constraint):
    """One of the given options (compared with ``==``, type-checked first)."""

    kind = "choice"

    def __init__(self, *options: object) -> None:
        self.options = options

    def check(self, name, value, bound):
        if not any(type(value) is type(o) and value == o for o in self.options):
            raise (ValueError if isinstance(value, str) else TypeError)(
                f"{name} must be one of {', '.join(map(repr, self.options))}, got {_short(value)}")
        return value


class IsCallable(Constraint):
    """A function (anything callable)."""

    kind = "callable"

    def check(self, name, value, bound):
        if not callable(value):
            raise TypeError(f"{name} must be callable (a function), got {type(value).__name__}")
        return value


class Symbol(Constraint):
    """A ``sympy.Symbol``; ``text=True`` also accepts its name as text (read by the safe parser)."""

    kind = "symbol"

    def __init__(self, *, text: bool = False) -> None:
        self.text = text

    def check(self, name, value, bound):
        if self.text and isinstance(value, str):
            from .parsing import as_expression
            return check_symbol(name, as_expression(value, name))
        return check_symbol(name, value)


class Expr(Constraint):
    """A SymPy expression or a real number (returned as SymPy); strings are refused. ``text=True``
    also reads a string with the safe parser (:func:`mapmath.parsing.as_expression`)."""

    kind = "expr"

    def __init__(self, *, text: bool = False) -> None:
        self.text = text

    def check(self, name, value, bound):
        if self.text and isinstance(value, str):
            from .parsing import as_expression
            return as_expression(value, name)
        return check_expression(name, value)


class Interval(Constraint):
    """An interval of the real line (see :func:`check_interval`); returned as given when valid."""

    kind = "interval"

    def check(self, name, value, bound):
        check_interval(name, value)
        return value


class Instance(Constraint):
    """An instance of ``cls`` (a result object of another ``mapmath`` function)."""

    kind = "instance"

    def __init__(self, cls: type | tuple[type, ...]) -> None:
        self.cls = cls

    def check(self, name, value, bound):
        if not isinstance(value, self.cls):
            want = (self.cls.__name__ if isinstance(self.cls, type)
                    else " or ".join(c.__name__ for c in self.cls))
            raise TypeError(f"{name} must be a {want}, got {type(value).__name__}")
        return value


class Optional(Constraint):
    """``None`` or a value allowed by ``inner``."""

    def __init__(self, inner: Constraint) -> None:
        self.inner = inner
        self.kind = inner.kind
        self.refs = inner.refs
        self.cleans = inner.cleans

    def check(self, name, value, bound):
        return None if value is None else self.inner.check(name, value, bound)


class Checked(Constraint):
    """A parameter whose check is not expressible above and is done in the body (``why`` says what:
    e.g. a list of cases, a mapping of symbols). Declared, so the battery still feeds it bad kinds."""

    def __init__(self, why: str) -> None:
        self.why = why

    def check(self, name, value, bound):
        return value


def validate_params(_finite_result: bool = True, **constraints: Constraint):
    """Declare the constraint of every parameter of a public function, once, and check them.

    ``@validate_params(x=Vector(), sigma2=Positive(), n=Count(minimum=1))`` above ``def f(x,
    sigma2, n)``: every parameter must be declared (a missing or unknown name is a ``TypeError``
    at import), the arguments are checked in signature order (a parameter referring to another,
    e.g. ``Count(maximum="n")``, after it) and the body receives the cleaned values (floats,
    float64 arrays). The declaration is kept as ``f.__mapmath_params__``.

    The body runs with NumPy floating-point errors raised: an overflow, a division by zero or an
    invalid operation (and Python's ``OverflowError``/``ZeroDivisionError``) becomes a
    ``ValueError`` naming the arguments that are extreme in size, and so does a NaN or infinity
    in the result (``_finite_result=False`` for a function whose result may hold ``inf`` by
    design, e.g. an unbounded density at a boundary mode). A ``ValueError`` from a nested step
    that names none of the parameters is re-raised with them named.
    """
    import functools
    import inspect

    def decorate(func):
        sig = inspect.signature(func)
        names = list(sig.parameters)
        if set(names) != set(constraints):
            missing, extra = set(names) - set(constraints), set(constraints) - set(names)
            raise TypeError(f"validate_params on {func.__qualname__}: undeclared parameters "
                            f"{sorted(missing)}, unknown names {sorted(extra)}")
        order = sorted(names, key=lambda n: (bool(constraints[n].refs), names.index(n)))

        @functools.wraps(func)
        def wrapper(*args, **kwargs):
            bound = sig.bind(*args, **kwargs)
            bound.apply_defaults()
            values = bound.arguments
            clean: dict = {}
            for name in order:
                c = constraints[name]
                checked = c.check(name, values[name], {**values, **clean})
                if c.cleans:
                    clean[name] = checked
            values.update(clean)
            try:
                with np.errstate(over="raise", divide="raise", invalid="raise", under="ignore"):
                    result = func(*bound.args, **bound.kwargs)
            except (FloatingPointError, OverflowError, ZeroDivisionError) as exc:
                raise ValueError(f"{func.__name__}: {_float_range_message(values, constraints)} "
                                 f"({type(exc).__name__}: {exc})") from None
            except ValueError as exc:  # from a nested step (a solver, SciPy): say which arguments
                if _names_any(str(exc), constraints) or _raised_in(exc, func):
                    raise
                raise ValueError(f"{func.__name__}: {exc} (for these arguments: "
                                 f"{_float_range_message(values, constraints, short=True)})") from exc
            if _finite_result and not _result_is_finite(result):
                raise ValueError(f"{func.__name__}: the result is not a finite number: "
                                 f"{_float_range_message(values, constraints)}")
            return result

        wrapper.__mapmath_params__ = dict(constraints)
        return wrapper

    return decorate


def _extreme(value: object) -> bool:
    """A number or array with an entry beyond 1e±100 in size (or an integer beyond 2**53)."""
    if isinstance(value, bool):
        return False
    if isinstance(value, numbers.Integral):
        return abs(int(value)) > MAX_EXACT_INT
    if isinstance(value, numbers.Real):
        x = abs(float(value))
        return x > 1e100 or 0.0 < x < 1e-100
    if isinstance(value, np.ndarray) and value.dtype.kind == "f" and value.size:
        a = np.abs(value[np.isfinite(value)])
        return bool(np.any(a > 1e100) or np.any((a > 0) & (a < 1e-100)))
    return False


def _raised_in(exc: BaseException, func) -> bool:
    """Whether ``exc`` was raised by ``func``'s own body (its message is then the function's own)."""
    tb = exc.__traceback__
    while tb is not None and tb.tb_next is not None:
        tb = tb.tb_next
    return tb is not None and tb.tb_frame.f_code is func.__code__


def _names_any(message: str, constraints: dict) -> bool:
    import re

    return any(re.search(rf"(?<![A-Za-z0-9_]){re.escape(n)}(?![A-Za-z0-9_])", message) for n in constraints)


def _float_range_message(values: dict, constraints: dict, short: bool = False) -> str:
    """Which arguments make a computation leave the float range (the extreme ones, else all numeric)."""
    numeric = [n for n, c in constraints.items() if c.kind in ("real", "count", "vector", "matrix", "array")]
    culprits = [n for n in numeric if _extreme(values.get(n))] or numeric or list(constraints)
    if short:
        extreme = [n for n in numeric if _extreme(values.get(n))]
        return ", ".join(extreme) + " (extreme in size)" if extreme else ", ".join(culprits)
    return (f"the computation leaves the float range (about 1e-308 to 1.8e308) for these "
            f"{', '.join(culprits)}: choose {' and '.join(culprits)} nearer ordinary magnitudes")


def _result_is_finite(result: object, depth: int = 0) -> bool:
    """No NaN or infinity in a float result (floats, float arrays, tuples, dataclass fields)."""
    if depth > 3 or isinstance(result, bool):
        return True
    if isinstance(result, float | np.floating):
        return math.isfinite(result)
    if isinstance(result, np.ndarray):
        return result.dtype.kind != "f" or bool(np.all(np.isfinite(result)))
    if isinstance(result, tuple | list):
        return all(_result_is_finite(v, depth + 1) for v in result[:10_000])
    if hasattr(result, "__dataclass_fields__"):
        return all(_result_is_finite(getattr(result, f), depth + 1) for f in result.__dataclass_fields__)
    return True
