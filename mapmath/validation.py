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
    "ConvergenceWarning",
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
        other = maximum_name or str(maximum)
        raise ValueError(
            f"{name} must be an integer count with {minimum} <= {name} <= {other}, "
            f"got {name}={_short(k)} > {other}={maximum}"
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
