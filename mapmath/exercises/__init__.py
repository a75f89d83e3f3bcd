"""Answer checkers for the book's exercises.

Every exercise has a checker ``mapmath.exercises.<chapter>.check_<exercise>(answer)`` that takes
the reader's answer (a SymPy expression, a string SymPy can parse, or a number) and returns a
:class:`Feedback`: whether it is right and, if not, a hint that does not give the answer away.
Equivalence is decided symbolically (``simplify(answer - expected) == 0``) with a numeric
fallback at random points of the parameters' domains.
"""

from ._core import Feedback, check_expression, check_number

__all__ = ["Feedback", "check_expression", "check_number"]
