"""Answer checkers for the book's exercises.

Every exercise has a checker ``mapmath.exercises.<chapter>.check_<exercise>(answer)`` that takes
the reader's answer (a SymPy expression, a number, or a string holding a formula) and returns a
:class:`Feedback`: whether it is right and, if not, a hint that does not give the answer away.
A string is read by :func:`mapmath.parsing.parse_expression`, which builds the formula from a
whitelist and never runs it as Python (``^`` is a power; ``tau_2`` may be written for ``tau2``).
Whatever the answer, a checker returns a ``Feedback`` (a malformed, empty, infinite or oversized
answer gets one saying what is wrong) and does not raise.
Equivalence is decided numerically first, at fixed random points of the parameters' domains with
mpmath at a set precision and size guards, so that every call answers within
:data:`~mapmath.exercises._core.TIME_LIMIT` seconds whatever it is given; SymPy is asked only when the
numbers cannot decide, under a complexity budget and a deadline, and otherwise the verdict is "Could
not decide: simplify your answer" (see :mod:`mapmath.exercises._core`). A numeric exercise asks for
3 significant figures: an answer that agrees with the key to 3 significant figures passes, a close
one gets "Close: give 3 significant figures"; an exact answer may be given in any exact form
(``Fraction``, a fraction string such as ``'7/4'``, a SymPy number). Feedback escalates: the first
wrong answer is told what is wrong with it, the method comes from the second wrong try on; no
message states a result or another exercise's answer. A checker's docstring (what ``help()`` or
``?`` shows) says what it checks and in which symbols, never the answer.

How to add a checker
--------------------
Write ``check_<name>(answer)`` in the chapter's module, decorated with :func:`answer_checker`, that
calls :func:`check_expression` (a formula: pass ``expected``, the ``symbols`` and their sampling
``domains``, ``hint`` = the method, shown only from the second wrong try, and ``mistakes`` = pairs
of typical wrong formulas and what is wrong with them; ``up_to="positive_factor"`` or
``"additive_constant"`` when only the shape matters) or :func:`check_number` (a number: pass
``expected``, ``sig_figs=3`` for "to 3 significant figures", or ``exact=True`` for an exact value).
No message may state a result or another exercise's answer, and every message starts with a
capital. Then add an entry to the module's ``ANSWERS`` dict:
``"check_<name>": Answers(right=(<reference>, ...at least 4 more equivalent forms),
wrong=(...at least 5 plausible wrong forms))``; ``right[0]`` is the reference answer that
:func:`reference_answer` returns (the course kit puts it in the nbgrader solution cell).
``tests/test_exercise_tables.py`` runs every table, and the fuzz test covers the new checker.

An answer cell that is run before it is filled in (``answer = ...``, or ``None``) gets a
:class:`Feedback` saying that there is no answer yet, not an error.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable

from ._core import NO_ANSWER, Answers, Feedback, answer_checker, check_expression, check_number, no_answer_yet

__all__ = ["NO_ANSWER", "Answers", "Feedback", "answer_checker", "answer_checkers", "answer_table",
           "check_expression", "check_number", "no_answer_yet", "reference_answer"]


def _modules() -> list:
    return [importlib.import_module(f"{__name__}.{info.name}") for info in pkgutil.iter_modules(__path__)
            if not info.name.startswith("_")]


def answer_checkers() -> dict[str, Callable[[object], Feedback]]:
    """Every exercise's answer checker by name: the public ``check_*`` functions defined in the
    modules of this package (not the shared engine in ``_core``). Names are unique book-wide."""
    found: dict[str, Callable[[object], Feedback]] = {}
    for module in _modules():
        for name in dir(module):
            obj = getattr(module, name)
            if name.startswith("check_") and callable(obj) and obj.__module__ == module.__name__:
                if name in found:
                    raise RuntimeError(f"two answer checkers are named {name}")
                found[name] = obj
    return found


def answer_table() -> dict[str, Answers]:
    """Every checker's data table (:class:`Answers`) by checker name: the union of the modules'
    ``ANSWERS`` dicts. Raises ``RuntimeError`` when two modules define the same name."""
    table: dict[str, Answers] = {}
    for module in _modules():
        for name, answers in getattr(module, "ANSWERS", {}).items():
            if name in table:
                raise RuntimeError(f"two ANSWERS tables have an entry {name}")
            if not isinstance(answers, Answers):
                raise TypeError(f"ANSWERS[{name!r}] in {module.__name__} must be an Answers")
            table[name] = answers
    return table


def reference_answer(name: str) -> object:
    """The canonical reference answer of the checker ``name`` (``right[0]`` of its table): a formula
    string readable by :func:`mapmath.parsing.parse_expression`, or a number (or string number) at
    the precision the exercise asks for. Raises ``KeyError`` for an unknown checker name."""
    if not isinstance(name, str):
        raise TypeError(f"name must be a checker name (a string), got {type(name).__name__}")
    table = answer_table()
    if name not in table:
        raise KeyError(f"no answer table for {name!r}; known: {', '.join(sorted(table))}")
    return table[name].right[0]
