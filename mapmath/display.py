"""How the chapters show results: LaTeX in the book's notation, and glued numbers with stable text.

SymPy symbols for variances are named ``sigma2`` and ``tau2`` (a name cannot hold a superscript);
:func:`latex` prints them as ``\\sigma^2`` and ``\\tau^2``. :func:`glue_number` rounds a float
before gluing it, so the text nbval compares does not depend on the last bits of a computation.
"""

from __future__ import annotations

import math

import numpy as np
import sympy as sp

from .parsing import as_expression
from .validation import check_count, check_real

__all__ = ["SIGNIFICANT_DIGITS", "SYMBOL_NAMES", "glue", "glue_bound", "glue_number", "latex"]

SIGNIFICANT_DIGITS = 10
"""Glued floats keep this many significant digits: the last bits of a computation differ between
processors (BLAS kernels, summation order), and the text nbval compares must not."""

SYMBOL_NAMES: dict[str, str] = {"sigma2": r"\sigma^2", "tau2": r"\tau^2"}


def latex(expr: sp.Basic) -> str:
    """``sympy.latex(expr)`` with every symbol named in :data:`SYMBOL_NAMES` written as in the book.

    ``expr`` is a SymPy object or a number; a string is read by
    :func:`mapmath.parsing.parse_expression` (never evaluated as Python).
    """
    expr = as_expression(expr, "expr") if isinstance(expr, str) else sp.sympify(expr, strict=True)
    names = {s: SYMBOL_NAMES[s.name] for s in expr.free_symbols if s.name in SYMBOL_NAMES}
    return sp.latex(expr, symbol_names=names)


def glue(name: str, value: object, display: bool = True) -> None:
    """Record ``value`` under ``name`` for the book's ``{glue:text}`name``` roles.

    In the book's build this is myst-nb's ``glue``. Where myst-nb is not installed (a reader or
    student notebook opened in plain Jupyter or Colab, whose text already shows every glued value)
    it records nothing and only displays ``value`` when ``display`` is true.

    A float is rounded to :data:`SIGNIFICANT_DIGITS` significant digits first, so that the glued
    text is the same on every machine (the prose shows fewer digits anyway).
    """
    if isinstance(value, float | np.floating) and math.isfinite(value):
        value = float(f"{float(value):.{SIGNIFICANT_DIGITS}g}")
    try:
        from myst_nb import glue as myst_glue
    except ImportError:
        if display:
            from IPython.display import display as show

            show(value)
        return
    myst_glue(name, value, display=display)


def glue_bound(key: str, value: float) -> None:
    """Glue ``10**ceil(log10(|value|))``, the smallest power of ten at least ``|value|`` (0 for 0).

    For quantities at rounding level (a residual, the gap between two solvers) whose digits depend
    on the machine: the prose states them as "below 1e-13" (``{glue:text}`key:.0e```).
    """
    magnitude = abs(check_real("value", value))
    glue(key, 0.0 if magnitude == 0 else float(10.0 ** math.ceil(math.log10(magnitude))), display=False)


def glue_number(key: str, value: float | sp.Basic, digits: int = 10) -> None:
    """Glue ``round(float(value), digits)`` under ``key`` for ``{glue:text}`` roles (not displayed).

    ``value`` may be a Python or NumPy real, or a SymPy number such as ``log(2)``.
    """
    if not isinstance(key, str) or not key:
        raise TypeError(f"key must be a non-empty string, got {key!r}")
    if isinstance(value, sp.Basic):
        if not value.is_number:
            raise TypeError(f"value must be a number, got the expression {value}")
        value = float(value)
    glue(key, round(check_real("value", value), check_count("digits", digits)), display=False)
