"""Answer checkers for the book's exercises.

Every exercise has a checker ``mapmath.exercises.<chapter>.check_<exercise>(answer)`` that takes
the reader's answer (a SymPy expression, a string SymPy can parse, or a number) and returns a
:class:`Feedback`: whether it is right and, if not, a hint that does not give the answer away.
Equivalence is decided symbolically (the difference simplifies to zero) with a numeric fallback
at random points of the parameters' domains. A checker's docstring (what ``help()`` or ``?``
shows) says what it checks and in which symbols, never the answer.

An answer cell that is run before it is filled in (``answer = ...``, or ``None``) gets a
:class:`Feedback` saying that there is no answer yet, not an error.
"""

from ._core import NO_ANSWER, Feedback, check_expression, check_number, no_answer_yet

__all__ = ["NO_ANSWER", "Feedback", "check_expression", "check_number", "no_answer_yet"]
