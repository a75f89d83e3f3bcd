"""How the chapters show results: LaTeX in the book's notation, and glued numbers with stable text.

SymPy symbols for variances are named ``sigma2`` and ``tau2`` (a name cannot hold a superscript);
:func:`latex` prints them as ``\\sigma^2`` and ``\\tau^2``. :func:`glue_number` rounds a float
before gluing it, so the text nbval compares does not depend on the last bits of a computation.
"""

from __future__ import annotations

import sympy as sp

from .validation import check_count, check_real

__all__ = ["SYMBOL_NAMES", "glue", "glue_number", "latex"]

SYMBOL_NAMES: dict[str, str] = {"sigma2": r"\sigma^2", "tau2": r"\tau^2"}


def latex(expr: sp.Basic) -> str:
    """``sympy.latex(expr)`` with every symbol named in :data:`SYMBOL_NAMES` written as in the book."""
    expr = sp.sympify(expr)
    names = {s: SYMBOL_NAMES[s.name] for s in expr.free_symbols if s.name in SYMBOL_NAMES}
    return sp.latex(expr, symbol_names=names)


def glue(name: str, value: object, display: bool = True) -> None:
    """Record ``value`` under ``name`` for the book's ``{glue:text}`name``` roles.

    In the book's build this is myst-nb's ``glue``. Where myst-nb is not installed (a reader or
    student notebook opened in plain Jupyter or Colab, whose text already shows every glued value)
    it records nothing and only displays ``value`` when ``display`` is true.
    """
    try:
        from myst_nb import glue as myst_glue
    except ImportError:
        if display:
            from IPython.display import display as show

            show(value)
        return
    myst_glue(name, value, display=display)


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
