"""Argument validation shared by every public ``mapmath`` function.

Each checker returns the cleaned value or raises ``TypeError`` (wrong kind of object) or
``ValueError`` (right kind, outside the allowed range) with a message that names the parameter
and states the allowed range, e.g. ``"a must be a finite real number > 0, got -1"``.
"""

from __future__ import annotations

import math
import numbers

import numpy as np

__all__ = [
    "check_count",
    "check_matrix",
    "check_positive",
    "check_probability",
    "check_real",
    "check_vector",
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
        raise TypeError(f"{name} must be a real number, got {type(value).__name__} {value!r}")
    x = float(value)
    rng = _describe_range(low, high, low_open, high_open)
    if not math.isfinite(x):
        raise ValueError(f"{name} must be a finite real number{rng}, got {value!r}")
    too_low = low is not None and (x <= low if low_open else x < low)
    too_high = high is not None and (x >= high if high_open else x > high)
    if too_low or too_high:
        raise ValueError(f"{name} must be a finite real number{rng}, got {value!r}")
    return x


def check_positive(name: str, value: object) -> float:
    """A finite real number > 0 (variances, scales, Beta parameters)."""
    return check_real(name, value, low=0.0, low_open=True)


def check_probability(name: str, value: object, *, open_interval: bool = False) -> float:
    """A probability in [0, 1], or in (0, 1) when ``open_interval`` is true."""
    return check_real(
        name, value, low=0.0, high=1.0, low_open=open_interval, high_open=open_interval
    )


def check_count(name: str, value: object, *, maximum: int | None = None,
                maximum_name: str | None = None) -> int:
    """A non-negative integer count (an ``int``, or an integral NumPy integer), at most ``maximum``."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be an integer count >= 0, got {type(value).__name__} {value!r}")
    k = int(value)
    if k < 0:
        raise ValueError(f"{name} must be an integer count >= 0, got {k}")
    if maximum is not None and k > maximum:
        other = maximum_name or str(maximum)
        raise ValueError(
            f"{name} must be an integer count with 0 <= {name} <= {other}, got {name}={k} > {other}={maximum}"
        )
    return k


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


def _as_real_array(name: str, value: object) -> np.ndarray:
    if isinstance(value, str | bytes) or value is None:
        raise TypeError(f"{name} must be an array of real numbers, got {type(value).__name__}")
    try:
        arr = np.asarray(value)
    except Exception as exc:  # pragma: no cover - exotic inputs
        raise TypeError(f"{name} must be an array of real numbers: {exc}") from exc
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

__all__ += ["check_expression", "check_interval", "check_symbol"]


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
