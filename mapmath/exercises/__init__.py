"""Answer checkers for the book's exercises.

Every exercise has a checker ``mapmath.exercises.<chapter>.check_<exercise>(answer)`` that takes
the reader's answer (a SymPy expression, a number, or a string holding a formula) and returns a
:class:`Feedback`: whether it is right and, if not, a hint that does not give the answer away.
A string is read by :func:`mapmath.parsing.parse_expression`, which builds the formula from a
whitelist and never runs it as Python (``^`` is a power; ``tau_2`` may be written for ``tau2``).
Whatever the answer, a checker returns a ``Feedback`` (a malformed, empty, infinite or oversized
answer gets one saying what is wrong) and does not raise.
Equivalence is decided symbolically (the difference simplifies to zero) with a numeric fallback
at random points of the parameters' domains. A checker's docstring (what ``help()`` or ``?``
shows) says what it checks and in which symbols, never the answer.

An answer cell that is run before it is filled in (``answer = ...``, or ``None``) gets a
:class:`Feedback` saying that there is no answer yet, not an error.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable

from ._core import NO_ANSWER, Feedback, check_expression, check_number, no_answer_yet

__all__ = ["NO_ANSWER", "Feedback", "answer_checkers", "check_expression", "check_number", "no_answer_yet"]


def answer_checkers() -> dict[str, Callable[[object], Feedback]]:
    """Every exercise's answer checker by name: the public ``check_*`` functions defined in the
    modules of this package (not the shared engine in ``_core``). Names are unique book-wide."""
    found: dict[str, Callable[[object], Feedback]] = {}
    for info in pkgutil.iter_modules(__path__):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        for name in dir(module):
            obj = getattr(module, name)
            if name.startswith("check_") and callable(obj) and obj.__module__ == module.__name__:
                if name in found:
                    raise RuntimeError(f"two answer checkers are named {name}")
                found[name] = obj
    return found
