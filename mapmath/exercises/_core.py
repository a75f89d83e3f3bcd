"""The machinery shared by every answer checker (see the package docstring)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import sympy as sp

__all__ = ["NO_ANSWER", "Feedback", "check_expression", "check_number", "no_answer_yet"]

_N_POINTS = 7
_SEED = 20261125

#: The opening words of the feedback on an answer cell that has not been filled in yet.
NO_ANSWER = "No answer yet"


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


def _parse(answer: object, symbols: Mapping[str, sp.Symbol]) -> sp.Expr:
    if isinstance(answer, sp.Basic):
        # Re-bind free symbols by name so a reader's plain ``Symbol('p')`` matches the checker's.
        return answer.xreplace({s: symbols[s.name] for s in answer.free_symbols
                                if s.name in symbols and s != symbols[s.name]})
    if isinstance(answer, str):
        try:
            return sp.sympify(answer, locals=dict(symbols))
        except (sp.SympifyError, SyntaxError, TypeError) as exc:
            raise ValueError(f"answer could not be parsed as a SymPy expression: {answer!r} ({exc})") from exc
    if isinstance(answer, int | float | np.integer | np.floating):
        return sp.sympify(answer)
    raise TypeError(f"answer must be a SymPy expression, a string or a number, got {type(answer).__name__}")


def _numerically_equal(a: sp.Expr, b: sp.Expr, domains: Mapping[sp.Symbol, tuple[float, float]],
                       rtol: float) -> bool:
    free = sorted((a.free_symbols | b.free_symbols), key=lambda s: s.name)
    rng = np.random.default_rng(_SEED)
    for _ in range(_N_POINTS):
        point = {}
        for s in free:
            low, high = domains.get(s, (0.1, 3.0))
            point[s] = sp.Float(rng.uniform(low, high), 30)
        try:
            va = complex(sp.N(a.subs(point), 30))
            vb = complex(sp.N(b.subs(point), 30))
        except (TypeError, ValueError):
            return False
        if not np.isfinite(va) or not np.isfinite(vb) or not np.isclose(va, vb, rtol=rtol, atol=1e-12):
            return False
    return True


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
    reader = _parse(answer, by_name)
    unknown = {s.name for s in reader.free_symbols} - set(by_name)
    if unknown:
        return Feedback(False, f"your answer uses symbols {sorted(unknown)}; allowed: {sorted(by_name)}. " + hint)
    domains = dict(domains or {})
    diff = sp.simplify(reader - expected)
    if diff == 0 or _numerically_equal(reader, expected, domains, rtol):
        return Feedback(True, "your expression is equivalent to the derived result.")
    for wrong, wrong_hint in mistakes:
        if sp.simplify(reader - wrong) == 0 or _numerically_equal(reader, wrong, domains, rtol):
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

    A placeholder answer (``...`` or ``None``) gets the "no answer yet" feedback of :func:`no_answer_yet`.
    """
    if (pending := no_answer_yet(answer)) is not None:
        return pending
    if isinstance(answer, bool) or not isinstance(answer, int | float | np.integer | np.floating | sp.Basic):
        raise TypeError(f"answer must be a number, got {type(answer).__name__}")
    value = float(sp.N(answer)) if isinstance(answer, sp.Basic) else float(answer)
    if not np.isfinite(value):
        raise ValueError(f"answer must be a finite number, got {answer!r}")
    if np.isclose(value, expected, rtol=rtol, atol=atol):
        return Feedback(True, "your number matches the computed result.")
    for wrong, wrong_hint in mistakes:
        if np.isclose(value, wrong, rtol=rtol, atol=atol):
            return Feedback(False, wrong_hint)
    return Feedback(False, hint)
