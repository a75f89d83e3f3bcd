"""How the chapters show results: one convention for closed forms and for glued numbers.

- **Closed forms** are displayed as ``display(Math(r"J(w) = " + tex(expr)))`` with
  ``from mapmath.display import latex as tex``: :func:`latex` is ``sympy.latex`` with the book's
  notation (SymPy symbols for variances are named ``sigma2`` and ``tau2``, since a name cannot hold
  a superscript; they print as ``\\sigma^2`` and ``\\tau^2``), a transpose as ``X^\\top`` and the
  identity matrix as ``I``.
- **Numbers the prose states** are glued, ``glue("ch02_map", value)``, and written in markdown as
  ``{glue:text}`ch02_map:.4f```. :func:`glue` takes Python, NumPy and SymPy numbers (an exact
  fraction as a float; glue ``str(fraction)`` to show ``13/22``) and rounds floats to :data:`SIGNIFICANT_DIGITS`
  significant digits, so the stored text nbval compares does not depend on the last bits.
- **Quantities at rounding level** (a residual, the gap between two solvers) are glued as a power
  of ten with :func:`glue_bound` and written "below ``{glue:text}`key:.0e```".
"""

from __future__ import annotations

import importlib.util
import math
import numbers

import numpy as np
import sympy as sp
from sympy.printing.latex import LatexPrinter

from .parsing import as_expression
from .validation import check_count, check_real

__all__ = ["SIGNIFICANT_DIGITS", "SYMBOL_NAMES", "glue", "glue_bound", "latex", "latex_lines"]

SIGNIFICANT_DIGITS = 10
"""Glued floats keep this many significant digits: the last bits of a computation differ between
processors (BLAS kernels, summation order), and the text nbval compares must not."""

SYMBOL_NAMES: dict[str, str] = {"sigma2": r"\sigma^2", "tau2": r"\tau^2",
                                "sigma_2": r"\sigma^2", "tau_2": r"\tau^2"}
"""SymPy symbol names the book writes as a square (SymPy alone prints ``tau2`` as ``\\tau_{2}``)."""


class _BookLatexPrinter(LatexPrinter):
    """SymPy's LaTeX printer in the book's notation: ``X^\\top`` (not ``X^{T}``), ``I`` for the
    identity matrix (not ``\\mathbb{I}``)."""

    def _print_Transpose(self, expr):
        return super()._print_Transpose(expr).replace("^{T}", "^{\\top}")

    def _print_Identity(self, expr):
        return "I"


def latex(expr: sp.Basic) -> str:
    """``sympy.latex(expr)`` in the book's notation: every symbol named in :data:`SYMBOL_NAMES`
    written as a square (``\\tau^2``), a transpose as ``X^\\top``, the identity matrix as ``I``.

    ``expr`` is a SymPy object or a number; a string is read by
    :func:`mapmath.parsing.parse_expression` (never evaluated as Python).
    """
    expr = as_expression(expr, "expr") if isinstance(expr, str) else sp.sympify(expr, strict=True)
    names = {s: SYMBOL_NAMES[s.name] for s in expr.free_symbols if getattr(s, "name", None) in SYMBOL_NAMES}
    return _BookLatexPrinter({"symbol_names": names}).doprint(expr)


def latex_lines(lhs: str, expr: sp.Basic, terms_per_line: int = 2) -> str:
    """``lhs = expr`` as an ``aligned`` block with ``terms_per_line`` terms of the sum per line.

    A long SymPy sum (an objective over the data, say) would run off the page's column on one line;
    here its terms (in the order SymPy prints them, written with :func:`latex`) are spread over lines
    aligned at the ``=``, each continuation line starting with its term's sign.
    """
    if not isinstance(lhs, str):
        raise TypeError(f"lhs must be LaTeX text, got {type(lhs).__name__}")
    per_line = check_count("terms_per_line", terms_per_line, minimum=1)
    expr = as_expression(expr, "expr") if isinstance(expr, str) else sp.sympify(expr, strict=True)
    terms = expr.as_ordered_terms()
    pieces = []
    for i, term in enumerate(terms):
        negative = term.could_extract_minus_sign()
        body = latex(-term if negative else term)
        sign = "-" if negative else ("+" if i else "")
        pieces.append(f"{sign} {body}".strip())
    lines = [" ".join(pieces[i:i + per_line]) for i in range(0, len(pieces), per_line)]
    return r"\begin{aligned} " + lhs + r" &= " + r" \\ &\quad ".join(lines) + r" \end{aligned}"


def glue(name: str, value: object, display: bool = False) -> None:
    """Record ``value`` under ``name`` for the book's ``{glue:text}`name``` roles.

    ``value`` is a number (Python, NumPy or SymPy) or a string. A SymPy integer is glued as an
    ``int``, any other SymPy number (``13/22``, ``log(2)``) as a float, so the prose can format it
    (``{glue:text}`key:.4f```); to show an exact fraction, glue its text, ``str(fraction)``. A
    float keeps :data:`SIGNIFICANT_DIGITS` significant digits. A symbolic expression is refused:
    display it with :func:`latex` instead.

    In the book's build this records what myst-nb's ``glue`` records (:func:`_myst_glue`). Where
    myst-nb is not installed (a reader or student notebook opened in plain Jupyter or Colab, whose
    text already shows every glued value) it records nothing; it displays ``value`` only when
    ``display`` is true.
    """
    if not isinstance(name, str) or not name:
        raise TypeError(f"name must be a non-empty string, got {name!r}")
    value = _gluable(value)
    if importlib.util.find_spec("myst_nb") is None:
        if display:
            from IPython.display import display as show

            show(value)
        return
    _myst_glue(name, value, display)


#: the MIME prefix under which myst-nb stores a glued value that is not displayed
GLUE_PREFIX = "application/papermill.record/"


def _myst_glue(name: str, value: object, display: bool) -> None:
    """myst-nb 1.x's ``glue(name, value, display)``, without importing ``myst_nb.ext.glue``.

    That module imports ``nbformat`` (and with it ``jsonschema``): about 1.5 s of CPU in every
    chapter's kernel for one dictionary. The record is the same: the value's display data under
    ``GLUE_PREFIX`` (no prefix when it is displayed) and ``{"scrapbook": {"name", "mime_prefix"}}``
    in the output's metadata (``tests/test_display.py`` compares the two outputs).
    """
    from IPython.core.formatters import format_display_data
    from IPython.display import display as show

    mimebundle, metadata = format_display_data(value)
    prefix = "" if display else GLUE_PREFIX
    metadata["scrapbook"] = {"name": name, "mime_prefix": prefix}
    show({prefix + k: v for k, v in mimebundle.items()}, raw=True, metadata=metadata)


def _gluable(value: object) -> object:
    if isinstance(value, sp.Basic):
        if not value.is_number:
            raise TypeError(f"value must be a number or a string, got the expression {value}; "
                            "display an expression with mapmath.display.latex")
        if value.is_Integer:
            return int(value)
        value = check_real("value", float(value))
    if isinstance(value, bool) or not isinstance(value, str | numbers.Real):
        raise TypeError(f"value must be a number or a string, got {type(value).__name__} {value!r}")
    if isinstance(value, numbers.Integral):
        return int(value)
    if isinstance(value, float | np.floating):
        x = check_real("value", value)
        return float(f"{x:.{SIGNIFICANT_DIGITS}g}")
    return value


def glue_bound(key: str, value: float, *, floor: float = 0.0) -> None:
    """Glue ``max(10**ceil(log10(|value|)), floor)``: the smallest power of ten at least ``|value|``
    (0 for 0), raised to ``floor`` when it is smaller.

    For quantities at rounding level (a residual, the gap between two solvers) whose digits depend
    on the machine: the prose states them as "below 1e-13" (``{glue:text}`key:.0e```). ``floor``
    keeps the text the same where the value itself is at round-off (it may be 0 on one processor
    and 1e-16 on another).
    """
    magnitude = abs(check_real("value", value))
    lowest = check_real("floor", floor, low=0.0)
    bound = 0.0 if magnitude == 0 else float(10.0 ** math.ceil(math.log10(magnitude)))
    glue(key, max(bound, lowest))
