"""The bad and extreme inputs of the common battery, derived from each parameter's declared
constraint (:func:`mapmath.validation.validate_params`). Shared by ``tests/test_common_battery.py``
and ``scripts/mapmath_fuzz.py``.

``inputs(constraint, good)`` yields ``(label, value, expect)`` with ``expect``:

- ``"reject"``: a ``TypeError``/``ValueError`` whose message names the parameter;
- ``"mismatch"``: the same, naming the parameter or the one its shape is tied to;
- ``"valid"``: an allowed (often extreme) value: a finite result (checked against a reference
  where one exists), or a ``ValueError`` naming a parameter (the value is allowed but the answer
  is not computable in floating point, and the function says so).
"""

from __future__ import annotations

import math
import re
import warnings

import numpy as np

from mapmath.validation import ConvergenceWarning, Count, Optional, Real, RealArray, Vector

NAN, INF = math.nan, math.inf
COMMON_WRONG_KINDS = [("str", "1"), ("bool", True), ("None", None), ("complex", 1j)]


#: the numbers every real parameter is fed (the fuzz adds FUZZ_REALS)
BATTERY_REALS = [("0", 0.0), ("-1", -1.0), ("1e308", 1e308), ("-1e308", -1e308), ("5e-324", 5e-324)]
FUZZ_REALS = [("1", 1.0), ("1e-300", 1e-300), ("0.5", 0.5), ("1e8", 1e8), ("-1e-300", -1e-300),
              ("1.7976931348623157e308", 1.7976931348623157e308), ("2.2e-308", 2.2250738585072014e-308),
              ("1e150", 1e150), ("1e-150", 1e-150), ("3", 3.0), ("-0.0", -0.0)]
FULL = False  # set by the fuzz: more values per parameter


def _real_inputs(c: Real):
    for label, v in [("nan", NAN), ("+inf", INF), ("-inf", -INF), ("10**400", 10**400), *COMMON_WRONG_KINDS]:
        yield label, v, "reject"
    for label, v in BATTERY_REALS + (FUZZ_REALS if FULL else []):
        yield label, v, ("valid" if c.contains(v) else "reject")


def _count_inputs(c: Count, good):
    for label, v in [("2.5", 2.5), ("float", float(good)), ("str", str(good)), ("bool", True), ("None", None),
                     ("nan", NAN)]:
        yield label, v, "reject"
    yield "minimum-1", c.minimum - 1, "reject"
    yield "minimum", c.minimum, "valid"
    if isinstance(c.maximum, int):
        yield "maximum+1", c.maximum + 1, "reject"
    elif c.maximum is None:
        yield "10**400", 10**400, "valid"  # a count with no maximum: a clear error or a finite answer


def _array_wrong_kinds():
    return [("str", "abc"), ("None", None), ("bool", True), ("strings", ["a", "b"]), ("empty", []),
            ("nested-ragged", [[1.0], [1.0, 2.0]])]


def _vector_inputs(c: Vector, good):
    g = np.asarray(good, dtype=float)
    for label, v in _array_wrong_kinds():
        yield label, v, "reject"
    for label, bad in [("nan", NAN), ("+inf", INF), ("-inf", -INF)]:
        v = g.copy()
        v[0] = bad
        yield label, v, "reject"
    yield "2-D", g[None, :], "reject"
    if g.size > 1:
        yield "one short", g[:-1], "mismatch"
    yield "one long", np.append(g, g[-1]), "mismatch"
    yield from _scaled(c, g)


def _scaled(c, g):
    """Extreme but finite scalings of a good array: valid when the declared bounds allow them."""
    factors = [("x1e300", 1e300), ("x5e-324", 5e-324), ("negated", -1.0), ("zeros", 0.0)]
    if FULL:
        factors += [("x1e-300", 1e-300), ("x1e150", 1e150), ("x1e-150", 1e-150), ("x1.7e308", 1.7e308)]
    for label, f in factors:
        with np.errstate(over="ignore"):
            v = g * f
        if not np.all(np.isfinite(v)):
            continue
        rng = Real(c.low, c.high, low_open=c.low_open, high_open=c.high_open)
        ok = all(rng.contains(float(x)) for x in v.ravel())
        yield label, v, ("valid" if ok else "reject")


def _matrix_inputs(c, good):
    g = np.asarray(good, dtype=float)
    for label, v in _array_wrong_kinds():
        yield label, v, "reject"
    v = g.copy()
    v[0, 0] = NAN
    yield "nan", v, "reject"
    v = g.copy()
    v[-1, -1] = INF
    yield "inf", v, "reject"
    yield "1-D", g[0], "reject"
    yield "3-D", g[None], "reject"
    yield "no columns", g[:, :0], "reject"
    if g.shape[0] > 1:
        yield "one row fewer", g[:-1], "mismatch"
    yield "one row more", np.vstack([g, g[:1] * 0.5 + 1.0]), "mismatch"
    if g.shape[1] > 1:
        yield "one column fewer", g[:, :-1], "mismatch"
    yield "one column more", np.column_stack([g, g[:, :1] * 0.5 + 1.0]), "mismatch"
    factors = [("x1e300", 1e300), ("x1e-300", 1e-300), ("negated", -1.0)]
    if FULL:
        factors += [("x1e150", 1e150), ("x1e-150", 1e-150), ("x5e-324", 5e-324), ("zeros", 0.0)]
    for label, f in factors:
        with np.errstate(over="ignore", under="ignore"):
            v = g * f
        if np.all(np.isfinite(v)):
            yield label, v, "valid"


def _realarray_inputs(c: RealArray):
    yield from _real_inputs(Real(c.low, c.high, low_open=c.low_open, high_open=c.high_open))
    for label, v in [("str array", "abc"), ("strings", ["a"]), ("empty", []), ("nan in array", [1.0, NAN])]:
        yield label, v, "reject"


def _simple(kind):
    return {
        "flag": [("int 1", 1), ("str", "yes"), ("None", None), ("float", 1.0)],
        "choice": [("unknown str", "no such option"), ("int", 1), ("None", None)],
        "callable": [("float", 1.0), ("str", "f"), ("None", None)],
        "symbol": [("str", "x"), ("float", 1.0), ("None", None), ("bool", True)],
        "expr": [("None", None), ("bool", True), ("list", [1.0]), ("dict", {})],
        "interval": [("float", 1.0), ("None", None), ("reversed", (1, 0)), ("nan end", (0.0, NAN)),
                     ("triple", (0, 1, 2))],
        "instance": [("float", 1.0), ("None", None), ("str", "x")],
    }[kind]


def tied_axes(param: str, constraints: dict, kwargs: dict | None = None) -> set:
    """The axes of ``param`` whose size another parameter's constraint (or its own) fixes:
    ``"rows"``, ``"cols"``, or ``"len"`` for a vector."""
    axes = set()
    own = getattr(constraints[param], "inner", constraints[param])
    if getattr(own, "length", None) is not None:
        axes.add("len")
    if getattr(own, "rows", None) is not None or getattr(own, "square", False):
        axes.add("rows")
    if getattr(own, "cols", None) is not None or getattr(own, "square", False):
        axes.add("cols")
    for other, c in constraints.items():
        if kwargs is not None and kwargs.get(other, 0) is None:
            continue  # an optional argument left out ties nothing
        c = getattr(c, "inner", c)
        for ref in (getattr(c, "length", None), getattr(c, "rows", None), getattr(c, "cols", None)):
            if isinstance(ref, str):
                base, _, part = ref.partition(".")
                if base == param:
                    axes.add({"rows": "rows", "cols": "cols", "": "len"}[part])
    return axes


def inputs(constraint, good, tied: set | None = None):
    """``(label, value, expect)`` for one parameter (see the module docstring); ``tied`` from
    :func:`tied_axes` says which shape changes are mismatches (the others are valid shapes)."""
    tied = {"len", "rows", "cols"} if tied is None else tied
    for label, value, expect in _inputs(constraint, good):
        if expect == "mismatch":
            axis = "cols" if "column" in label else ("rows" if "row" in label else "len")
            if axis not in tied:
                expect = "valid"
        if isinstance(constraint, Optional) and value is None:
            continue
        yield label, value, expect


def _inputs(constraint, good):
    kind = constraint.kind
    inner = getattr(constraint, "inner", constraint)
    if kind == "real":
        yield from _real_inputs(inner)
    elif kind == "count":
        yield from _count_inputs(inner, good if good is not None else max(inner.minimum, 1))
    elif kind == "vector":
        if good is not None:
            yield from _vector_inputs(inner, good)
    elif kind == "matrix":
        if good is not None:
            yield from _matrix_inputs(inner, good)
    elif kind == "array":
        yield from _realarray_inputs(inner)
    elif kind in ("flag", "choice", "callable", "symbol", "expr", "interval", "instance"):
        text = getattr(inner, "text", False)
        for label, v in _simple(kind):
            if not (text and isinstance(v, str)):  # text is read by the safe parser there
                yield label, v, "reject"
        if kind == "symbol" and text:
            yield "bad text", "x +", "reject"
        if kind == "expr" and not text:
            yield "str", "x", "reject"  # never sympified: a string is read by mapmath.parsing only
        if kind == "expr" and getattr(inner, "text", False):
            yield "bad text", "x +", "reject"


def names(message: str, *params: str) -> bool:
    """Whether the message names one of ``params`` (as a word)."""
    return any(re.search(rf"(?<![A-Za-z0-9_]){re.escape(p)}(?![A-Za-z0-9_])", message) for p in params)


def finite_everywhere(obj, depth: int = 0) -> bool:
    """No NaN or infinity in a result: floats, NumPy arrays, tuples, lists, dicts, dataclasses and
    named tuples are searched (SymPy objects and other values are not numbers here)."""
    if depth > 4:
        return True
    if isinstance(obj, bool):
        return True
    if isinstance(obj, float | np.floating):
        return math.isfinite(obj)
    if isinstance(obj, np.ndarray):
        return obj.dtype.kind not in "fc" or bool(np.all(np.isfinite(obj)))
    if isinstance(obj, tuple | list):
        return all(finite_everywhere(v, depth + 1) for v in obj)
    if isinstance(obj, dict):
        return all(finite_everywhere(v, depth + 1) for v in obj.values())
    if hasattr(obj, "__dataclass_fields__"):
        return all(finite_everywhere(getattr(obj, f), depth + 1) for f in obj.__dataclass_fields__)
    return True


def call(func, kwargs):
    """``("ok", result)`` or ``("error", exception)``; RuntimeWarnings (overflow, invalid value) are
    errors, a ConvergenceWarning is allowed (reported, not an error)."""
    from scipy.integrate import IntegrationWarning

    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)
        warnings.simplefilter("error", IntegrationWarning)
        warnings.simplefilter("ignore", ConvergenceWarning)
        try:
            return "ok", func(**kwargs)
        except Exception as exc:
            return "error", exc


def classify(func, params, param, value, expect, kwargs, reference=None):
    """One outcome: ``("clear error" | "checked" | "finite" | "bare exception" | "nan/inf" |
    "accepted invalid" | "wrong value" | "unclear error", detail)``."""
    kw = dict(kwargs)
    kw[param] = value
    status, out = call(func, kw)
    related = tuple(params)
    if status == "error" and isinstance(out, AssertionError) and func.__name__.startswith("assert_"):
        status, out = "ok", None  # an assertion helper's answer "not close" is its result
    if status == "error":
        clear = isinstance(out, TypeError | ValueError) and not isinstance(out, RuntimeWarning)
        if not clear:
            return "bare exception", f"{type(out).__name__}: {str(out)[:160]}"
        msg = str(out)
        if expect == "reject":
            return ("clear error", msg) if names(msg, param) else ("unclear error", msg[:200])
        return ("clear error", msg) if names(msg, *related) else ("unclear error", msg[:200])
    if expect in ("reject", "mismatch"):
        return "accepted invalid", repr(out)[:160]
    if not finite_everywhere(out):
        return "nan/inf", repr(out)[:160]
    if reference is not None:
        ok, detail = reference(kw, out)
        return ("checked", detail) if ok else ("wrong value", detail)
    return "finite", ""
