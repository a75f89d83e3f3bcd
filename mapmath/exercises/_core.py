"""The machinery shared by every answer checker (see the package docstring)."""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import sympy as sp

from ..parsing import TooLargeError, UnknownNameError, estimate, parse_expression, symbol_aliases

__all__ = ["NO_ANSWER", "AnswerError", "Answers", "Feedback", "answer_checker", "check_expression",
           "check_number", "no_answer_yet"]

_N_POINTS = 7
_SEED = 20261125

#: The opening words of the feedback on an answer cell that has not been filled in yet.
NO_ANSWER = "No answer yet"


@dataclass(frozen=True)
class Answers:
    """A checker's data table: equivalent ``right`` forms and plausible ``wrong`` ones.

    ``right[0]`` is the canonical reference answer: a formula string readable by
    :func:`mapmath.parsing.parse_expression`, or a number (or string number) at the precision the
    exercise asks for. The other entries may be any object a reader can pass (strings with ``^``,
    ``−``, ``·``, ``×``, ``Fraction``, ``mpmath.mpf``, NumPy scalars, 0-d arrays, SymPy objects).
    Every module of :mod:`mapmath.exercises` holds ``ANSWERS: dict[str, Answers]`` keyed by checker
    name; the shared test checks that every ``right`` form passes and every ``wrong`` one fails.
    """

    right: tuple
    wrong: tuple

    def __post_init__(self) -> None:
        if not isinstance(self.right, tuple) or not self.right:
            raise ValueError("Answers.right must be a non-empty tuple (right[0] is the reference answer)")
        if not isinstance(self.wrong, tuple):
            raise TypeError("Answers.wrong must be a tuple")


@dataclass(frozen=True)
class Feedback:
    """The verdict on one answer: ``correct`` and a message (a hint when the answer is wrong).

    ``bool(feedback)`` is ``feedback.correct``, so ``assert check_...(answer)`` works in a cell.
    ``answered`` is False when the answer cell still holds the placeholder ``...`` (or ``None``):
    then ``correct`` is False too and the message asks for an answer instead of judging one.
    """

    correct: bool
    message: str
    answered: bool = field(default=True, repr=False)

    def __bool__(self) -> bool:
        return self.correct

    def __str__(self) -> str:
        if not self.answered:
            return self.message
        return ("Correct: " if self.correct else "Not yet: ") + self.message

    def _repr_markdown_(self) -> str:
        if not self.answered:
            return "✏️ " + self.message.replace(f"{NO_ANSWER}:", f"**{NO_ANSWER}:**", 1)
        return ("✅ **Correct.** " if self.correct else "❌ **Not yet.** ") + self.message


def no_answer_yet(answer: object) -> Feedback | None:
    """The feedback for an answer cell not filled in yet (``answer = ...`` or ``None``), else ``None``.

    Every checker calls this before looking at the answer (``check_expression`` and
    ``check_number`` do it for the checkers that hand the answer straight to them), so running a
    student notebook top to bottom shows a reminder in each answer cell instead of an error.
    """
    if answer is Ellipsis:
        return Feedback(False, f"{NO_ANSWER}: replace `...` with your answer, then run the cell again.",
                        answered=False)
    if answer is None:
        return Feedback(False, f"{NO_ANSWER}: the answer is `None`; assign your answer (a number, an "
                               "expression or a string), then run the cell again.", answered=False)
    return None


class AnswerError(ValueError):
    """What is wrong with a reader's answer (it cannot be read or is not the right kind of object).

    The message is written for the reader; the checkers turn it into a ``Feedback`` (see
    :func:`answer_checker`), so that a reader never sees a traceback for a malformed answer.
    """


def answer_checker(check: Callable[[object], Feedback]) -> Callable[[object], Feedback]:
    """Make an answer checker total: whatever the answer, it returns a :class:`Feedback`.

    An :class:`AnswerError` becomes ``Feedback(False, <its message>)``; any other exception raised
    while reading or comparing the answer (SymPy can fail on exotic input) becomes a ``Feedback``
    that names it. ``KeyboardInterrupt`` still stops the cell.
    """

    @functools.wraps(check)
    def checker(answer: object) -> Feedback:
        try:
            return check(answer)
        except AnswerError as exc:
            return Feedback(False, str(exc))
        except Exception as exc:
            return Feedback(False, f"your answer could not be checked ({type(exc).__name__}: "
                                   f"{_clip(str(exc))}); write it as a plain formula in the symbols "
                                   "the exercise names.")

    return checker


def _clip(text: str, limit: int = 120) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _parse(answer: object, symbols: Mapping[str, sp.Symbol]) -> sp.Expr:
    """The reader's answer as a SymPy expression in ``symbols`` (matched by name; the spellings of
    :func:`~mapmath.parsing.symbol_aliases` such as ``tau_2`` for ``tau2`` are accepted).

    A string is read by :func:`mapmath.parsing.parse_expression` (never evaluated as Python); a
    name it does not know becomes a plain symbol, which :func:`check_expression` reports. Raises
    :class:`AnswerError` for anything that is not a finite formula.
    """
    names = symbol_aliases(symbols)
    if isinstance(answer, sp.Basic):
        if isinstance(answer, sp.Rel | sp.Eq):
            raise AnswerError("give an expression, not an equation: write only the formula, without '='.")
        if not isinstance(answer, sp.Expr) or isinstance(answer, sp.MatrixExpr):
            raise AnswerError(f"your answer must be a formula (a SymPy expression), got a "
                              f"{type(answer).__name__}.")
        if answer.is_number:
            return _bounded(answer)
        # Re-bind free symbols by name so a reader's plain ``Symbol('p')`` matches the checker's.
        return answer.xreplace({s: names[s.name] for s in answer.free_symbols
                                if isinstance(s, sp.Symbol) and s.name in names and s != names[s.name]})
    if isinstance(answer, str):
        try:
            return parse_expression(answer, names, new_symbols=True)
        except ValueError as exc:
            raise AnswerError(f"your answer could not be read as a formula: {exc}.") from None
    if isinstance(answer, bool | np.bool_):
        raise AnswerError(f"{answer} is not a formula: give a SymPy expression, a string or a number.")
    if isinstance(answer, int | np.integer):
        return _bounded(sp.Integer(int(answer)))
    if isinstance(answer, float | np.floating):
        if not math.isfinite(float(answer)):
            raise AnswerError(f"your answer must be a finite number or formula, got {answer!r}.")
        return _bounded(sp.sympify(answer, strict=True))  # a float, never a string: nothing is evaluated
    raise AnswerError(f"your answer must be a SymPy expression, a string or a number, got "
                      f"{_describe(answer)}.")


def _bounded(number: sp.Expr) -> sp.Expr:
    """A numeric answer, refused when it is not finite or beyond about 1e300 in size (the bound of
    :func:`mapmath.parsing.parse_expression`: no answer is that large, and SymPy is slow on it)."""
    try:
        estimate(number)
    except TooLargeError:
        raise AnswerError("your answer is too large (beyond about 1e300) or not finite: give a finite "
                          "formula.") from None
    return number


def _describe(answer: object) -> str:
    kind = type(answer).__name__
    if isinstance(answer, list | tuple | dict | set | frozenset | bytes):
        return f"a {kind}"
    return f"{kind} {_clip(repr(answer), 60)}"


def _not_finite(expr: sp.Expr) -> bool:
    return any(expr.has(v) for v in (sp.oo, -sp.oo, sp.zoo, sp.nan))


def _numeric_verdict(a: sp.Expr, b: sp.Expr, domains: Mapping[sp.Symbol, tuple[float, float]],
                     rtol: float) -> bool | None:
    """Compare ``a`` and ``b`` at random points of ``domains``, to 30 digits.

    True when they agree at every point, False when they differ (both finite) at some point, and
    ``None`` when that cannot be decided: a value is not finite, cannot be computed, or is too large
    to compute safely (checked first in double precision: evaluating ``sin(exp(exp(300)))`` to 30
    digits would take a practically unbounded time).
    """
    free = sorted((a.free_symbols | b.free_symbols), key=lambda s: s.name)
    rng = np.random.default_rng(_SEED)
    for _ in range(_N_POINTS):
        point = {}
        for s in free:
            low, high = domains.get(s, (0.1, 3.0))
            point[s] = sp.Float(rng.uniform(low, high), 30)
        try:
            estimate(a, point)
            estimate(b, point)
        except TooLargeError:
            return None
        try:
            va = complex(sp.N(a.subs(point), 30))
            vb = complex(sp.N(b.subs(point), 30))
        except (TypeError, ValueError):
            return None
        if not np.isfinite(va) or not np.isfinite(vb):
            return None
        if not np.isclose(va, vb, rtol=rtol, atol=1e-12):
            return False
    return True


def _equivalent(a: sp.Expr, b: sp.Expr, domains: Mapping[sp.Symbol, tuple[float, float]], rtol: float) -> bool:
    """``a`` and ``b`` agree numerically at the sample points, or, when the numbers cannot decide,
    ``simplify(a - b)`` is zero.

    The numeric comparison comes first: a finite mismatch at a point settles it (SymPy's
    ``simplify`` cannot prove two different functions equal), and the symbolic proof, which can
    take a long time on a large answer such as a power of a long sum, is only needed when a value
    could not be computed. It is skipped (not equivalent) for a difference with a power above
    ``_SIMPLIFY_MAX_EXPONENT`` or more than ``_SIMPLIFY_MAX_OPS`` operations, where it could take
    minutes.
    """
    verdict = _numeric_verdict(a, b, domains, rtol)
    if verdict is None:
        diff = a - b
        return _worth_simplifying(diff) and sp.simplify(diff) == 0
    return verdict


#: Beyond these, ``simplify`` can take minutes (factoring a polynomial of degree 99 in ``trigsimp``);
#: such an answer, when the numbers cannot decide, is taken as not equivalent.
_SIMPLIFY_MAX_EXPONENT = 12
_SIMPLIFY_MAX_OPS = 200


def _worth_simplifying(expr: sp.Expr) -> bool:
    for node in sp.preorder_traversal(expr):
        if node.is_Pow and not node.base.is_number and node.exp.is_number and abs(node.exp) > _SIMPLIFY_MAX_EXPONENT:
            return False
    return sp.count_ops(expr) <= _SIMPLIFY_MAX_OPS


def check_expression(
    answer: object,
    expected: sp.Expr,
    *,
    symbols: Sequence[sp.Symbol],
    domains: Mapping[sp.Symbol, tuple[float, float]] | None = None,
    hint: str,
    mistakes: Sequence[tuple[sp.Expr, str]] = (),
    rtol: float = 1e-9,
) -> Feedback:
    """Compare a reader's closed form with ``expected``.

    ``symbols`` are the symbols the answer may use (a string answer is parsed with them);
    ``domains`` gives, per symbol, the interval sampled by the numeric fallback; ``mistakes`` pairs
    typical wrong answers with a targeted hint. The expected answer is never shown. A placeholder
    answer (``...`` or ``None``) gets the "no answer yet" feedback of :func:`no_answer_yet`.
    """
    if (pending := no_answer_yet(answer)) is not None:
        return pending
    by_name = {s.name: s for s in symbols}
    try:
        reader = _parse(answer, by_name)
    except AnswerError as exc:
        return Feedback(False, str(exc))
    unknown = {str(s) for s in reader.free_symbols} - set(by_name)
    if unknown:
        return Feedback(False, f"your answer uses symbols {sorted(unknown)}; allowed: {sorted(by_name)}. " + hint)
    if _not_finite(reader):
        return Feedback(False, "your answer is infinite or undefined (a division by zero?); give a finite formula.")
    domains = dict(domains or {})
    if _equivalent(reader, expected, domains, rtol):
        return Feedback(True, "your expression is equivalent to the derived result.")
    for wrong, wrong_hint in mistakes:
        if _equivalent(reader, wrong, domains, rtol):
            return Feedback(False, wrong_hint)
    return Feedback(False, hint)


def check_number(
    answer: object,
    expected: float,
    *,
    hint: str,
    rtol: float = 1e-6,
    atol: float = 1e-9,
    mistakes: Sequence[tuple[float, str]] = (),
) -> Feedback:
    """Compare a reader's number with ``expected`` (relative tolerance ``rtol``).

    The number may be an int, a float, a SymPy number or a string holding a number such as
    ``"0.25"`` or ``"sqrt(2)/2"`` (read by :func:`mapmath.parsing.parse_expression`, never evaluated
    as Python). Anything else, or a number that is not finite, gets a ``Feedback`` saying what is
    wrong. A placeholder answer (``...`` or ``None``) gets the "no answer yet" feedback of
    :func:`no_answer_yet`.
    """
    if (pending := no_answer_yet(answer)) is not None:
        return pending
    try:
        value = _number(answer)
    except AnswerError as exc:
        return Feedback(False, str(exc))
    if np.isclose(value, expected, rtol=rtol, atol=atol):
        return Feedback(True, "your number matches the computed result.")
    for wrong, wrong_hint in mistakes:
        if np.isclose(value, wrong, rtol=rtol, atol=atol):
            return Feedback(False, wrong_hint)
    return Feedback(False, hint)


def _number(answer: object) -> float:
    """The reader's answer as a finite float, or :class:`AnswerError` saying why it is not one."""
    if isinstance(answer, bool | np.bool_):
        raise AnswerError(f"{answer} is not a number: give a number.")
    if isinstance(answer, str):
        try:
            answer = parse_expression(answer, {})
        except UnknownNameError as exc:
            raise AnswerError(f"your answer must be a number, but it uses the name(s) "
                              f"{', '.join(repr(n) for n in exc.names)} (only the constants pi and e "
                              "may be named).") from None
        except ValueError as exc:
            raise AnswerError(f"your answer could not be read as a number: {exc}.") from None
    if isinstance(answer, sp.Basic):
        if not isinstance(answer, sp.Expr) or not answer.is_number:
            raise AnswerError(f"your answer must be a number, got {_clip(str(answer), 60)}.")
        try:
            estimate(answer)
            value = complex(sp.N(answer))
        except TooLargeError:
            raise AnswerError("your answer is too large (or not finite) to be the number asked for.") from None
        except (TypeError, ValueError) as exc:
            raise AnswerError(f"your answer could not be evaluated as a number ({_clip(str(exc), 60)}).") from None
        if value.imag != 0:
            raise AnswerError("your answer is not a real number.")
        value = value.real
    elif isinstance(answer, int | float | np.integer | np.floating):
        try:
            value = float(answer)
        except OverflowError:
            raise AnswerError("your answer is too large to be the number asked for.") from None
    else:
        raise AnswerError(f"your answer must be a number, got {_describe(answer)}.")
    if not math.isfinite(value):
        raise AnswerError(f"your answer must be a finite number, got {_clip(repr(answer), 60)}.")
    return value
