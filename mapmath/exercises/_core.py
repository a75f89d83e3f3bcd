"""The machinery shared by every answer checker (see the package docstring).

How a verdict is reached, and why it is always fast
---------------------------------------------------
1. The answer is read (:func:`_parse`, :func:`_read_number`): a string by the safe parser, a number
   of any common type (``int``, ``float``, ``Fraction``, ``Decimal``, ``mpmath.mpf``, NumPy scalars
   and 0-d arrays) exactly as given, a SymPy object only if it has at most :data:`MAX_NODES` nodes.
2. It is evaluated at fixed random points of the symbols' domains by :func:`_value`, a small
   interpreter over the SymPy tree with mpmath at a set precision (96 and 160 bits: a value that
   changes between the two is not trusted), with size guards (no intermediate value beyond
   2**:data:`MAX_BITS`, no ``exp`` of a huge argument, no trigonometric function of a huge
   argument) and a cooperative deadline checked at every node. Its cost is bounded by the number of
   nodes times the number of points, whatever the formula.
3. The values decide: a finite mismatch with the key at a point is wrong; agreement at every point
   is right. Only when the values cannot decide (every point overflows, or an object the
   interpreter does not know such as ``Sum``) is SymPy asked, on an expression under a complexity
   budget (:data:`SYMBOLIC_MAX_OPS` operations, ``exp``/power nesting at most
   :data:`SYMBOLIC_MAX_NESTING`) and under a deadline enforced by ``SIGALRM`` (only in the main
   thread, and only when no other alarm is armed; elsewhere the symbolic step is skipped). When that
   fails too, the verdict is "Could not decide: simplify your answer".

Feedback escalates: the first wrong answer to a checker gets only what is wrong with it; from the
second wrong try on (counted per checker in this module, so per kernel) the method is added.
"""

from __future__ import annotations

import collections
import contextlib
import functools
import gc
import math
import re
import signal
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from fractions import Fraction

import mpmath
import numpy as np
import sympy as sp

from ..parsing import UnknownNameError, parse_expression, symbol_aliases

__all__ = ["MAX_NODES", "NO_ANSWER", "TIME_LIMIT", "AnswerError", "Answers", "Feedback", "answer_checker",
           "check_expression", "check_number", "no_answer_yet", "reset_hints"]

#: The opening words of the feedback on an answer cell that has not been filled in yet.
NO_ANSWER = "No answer yet"
#: The opening words of the verdict when neither the numbers nor SymPy (within its budget) decide.
UNDECIDED = "Could not decide: simplify your answer"

#: The wall-clock bound of one checker call, in seconds (the numeric step stops at NUMERIC_TIME, the
#: symbolic step at SYMBOLIC_TIME after it; parsing is bounded by the parser's limits).
TIME_LIMIT = 2.0
NUMERIC_TIME = 0.9
SYMBOLIC_TIME = 0.6
#: The largest SymPy tree (in nodes) a checker evaluates; the parser's limits stay well below it.
MAX_NODES = 4000
#: No intermediate value may exceed 2**MAX_BITS in size (about 1e6000).
MAX_BITS = 20000
_EXP_LIMIT = MAX_BITS * math.log(2)
_TRIG_LIMIT = mpmath.mpf(2) ** 64
_PRECISIONS = (96, 160)
#: The symbolic budget: operations and nesting depth of exp/log/powers.
SYMBOLIC_MAX_OPS = 80
SYMBOLIC_MAX_NESTING = 2
SYMBOLIC_MAX_EXPONENT = 12

_N_POINTS = 7
_SEED = 20261125


# =========================================================================== data and verdicts
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


def _sentence(text: str) -> str:
    """``text`` with its first letter a capital when it starts with a word (feedback is written in
    sentences). A message that starts with a symbol (``a + b is ...``, ``κ falls ...``) is left as it
    is, not turned into another symbol: the tests then ask for a sentence that starts with a word."""
    text = text.strip()
    return text[:1].upper() + text[1:] if re.match(r"[a-z]{2,}\b(?![(_^])|a (?=[a-z]{2,}\b)", text) else text


@dataclass(frozen=True)
class Feedback:
    """The verdict on one answer: ``correct`` and a message (what is wrong when it is wrong).

    ``bool(feedback)`` is ``feedback.correct``, so ``assert check_...(answer)`` works in a cell.
    ``answered`` is False when the answer cell still holds the placeholder ``...`` (or ``None``):
    then ``correct`` is False too and the message asks for an answer instead of judging one.
    ``decided`` is False when the checker could not decide (the message says "Could not decide").
    ``method`` is the hint on the method, added to the message by :func:`answer_checker` from the
    second wrong try on.
    """

    correct: bool
    message: str
    answered: bool = field(default=True, repr=False)
    decided: bool = field(default=True, repr=False)
    method: str = field(default="", repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "message", _sentence(self.message))
        object.__setattr__(self, "method", _sentence(self.method))

    def __bool__(self) -> bool:
        return self.correct

    def __str__(self) -> str:
        if not self.answered or not self.decided:
            return self.message
        return ("Correct. " if self.correct else "Not yet. ") + self.message

    def _repr_markdown_(self) -> str:
        if not self.answered:
            return "✏️ " + self.message.replace(f"{NO_ANSWER}:", f"**{NO_ANSWER}:**", 1)
        if not self.decided:
            return "❔ " + self.message.replace(f"{UNDECIDED}", f"**{UNDECIDED}**", 1)
        return ("✅ **Correct.** " if self.correct else "❌ **Not yet.** ") + self.message


def _undecided(reason: str) -> Feedback:
    return Feedback(False, f"{UNDECIDED} ({reason}).", decided=False)


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


# =========================================================================== escalation and deadline
#: Wrong tries per checker name in this kernel (the hints escalate with it).
_WRONG_TRIES: collections.Counter[str] = collections.Counter()
_STATE = threading.local()


def reset_hints(name: str | None = None) -> None:
    """Forget the wrong tries of checker ``name`` (all checkers when ``None``): its next wrong answer
    gets the first, method-free reply again."""
    if name is None:
        _WRONG_TRIES.clear()
    else:
        _WRONG_TRIES.pop(name, None)


def _clock() -> float:
    """The clock of the cooperative deadline: this thread's CPU time, so that a loaded machine (other
    processes taking the cores) does not turn a decidable answer into "could not decide"; on an idle
    machine it runs with the wall clock."""
    return time.thread_time()


def _deadline() -> float:
    """The time (:func:`_clock`) by which the numeric step of the current call must stop: NUMERIC_TIME after
    the call first looks at the answer's values (the checker's own reference values, computed once and
    cached, do not count)."""
    deadline = getattr(_STATE, "deadline", None)
    if not deadline:  # outside a checker call (None) or in one that has not started its clock (0.0)
        deadline = _clock() + NUMERIC_TIME
        if getattr(_STATE, "deadline", None) == 0.0:
            _STATE.deadline = deadline
    return deadline


def answer_checker(check: Callable[[object], Feedback]) -> Callable[[object], Feedback]:
    """Make an answer checker total, bounded in time, and escalating.

    Whatever the answer, the checker returns a :class:`Feedback`: an :class:`AnswerError` becomes
    ``Feedback(False, <its message>)``; any other exception becomes a ``Feedback`` that names it
    (``KeyboardInterrupt`` still stops the cell). The numeric step of the call stops after
    :data:`NUMERIC_TIME` seconds. A wrong answer's message gets the method (``Feedback.method``)
    appended from the second wrong try on; a right answer resets the count.
    """
    name = check.__name__

    @functools.wraps(check)
    def checker(answer: object) -> Feedback:
        outer = getattr(_STATE, "deadline", None)
        _STATE.deadline = outer if outer is not None else 0.0
        try:
            feedback = check(answer)
        except AnswerError as exc:
            feedback = Feedback(False, str(exc))
        except _TimeoutError:
            feedback = _undecided("the checker's time ran out")
        except Exception as exc:
            feedback = Feedback(False, f"Your answer could not be checked ({type(exc).__name__}: "
                                       f"{_clip(str(exc))}); write it as a plain formula in the symbols "
                                       "the exercise names.")
        finally:
            _STATE.deadline = outer
        if outer is not None:  # a checker called by another checker: the outer one escalates
            return feedback
        return _escalate(name, feedback)

    return checker


def _escalate(name: str, feedback: Feedback) -> Feedback:
    if feedback.correct:
        _WRONG_TRIES.pop(name, None)
        return feedback
    if not feedback.answered or not feedback.decided or not feedback.method:
        return feedback  # a placeholder, an undecided verdict or an unreadable answer is not a try
    _WRONG_TRIES[name] += 1
    if _WRONG_TRIES[name] >= 2 and feedback.method:
        return replace(feedback, message=f"{feedback.message} Hint: {feedback.method}")
    return feedback


class _TimeoutError(Exception):
    """The deadline of a checker call passed."""


class _AlarmExpired(BaseException):
    """The ``SIGALRM`` deadline of a symbolic step passed. A ``BaseException``, so that a library's
    ``except Exception`` cannot swallow it (SymPy's integrators catch broadly and would go on
    integrating); the alarm also repeats until it is disarmed, for a bare ``except:``."""


@contextlib.contextmanager
def _alarm(seconds: float) -> Iterator[bool]:
    """Raise :class:`_TimeoutError` in this block after ``seconds`` (``SIGALRM``), yielding True, when that
    is safe: in the main thread, with no other interval timer armed and no foreign SIGALRM handler
    (pytest-timeout, an nbgrader or IPython alarm). Otherwise yields False and arms nothing: the
    caller must then skip the unbounded work."""
    usable = (hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
              and signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
              and signal.getsignal(signal.SIGALRM) in (signal.SIG_DFL, signal.SIG_IGN, None))
    if not usable or seconds <= 0.01:
        yield False
        return

    live = [True]

    def expire(signum, frame):
        if live[0]:
            raise _AlarmExpired

    # No cyclic garbage collection inside the block: the collector runs finalizers (a generator's
    # ``finally``, a ``__del__``) at any allocation, and an alarm raised inside one cannot propagate:
    # Python reports it as an "Exception ignored" on stderr (pytest as an unraisable-exception error)
    # and the block goes on. Collection resumes after the block.
    collecting = gc.isenabled()
    gc.disable()
    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds, 0.05)  # then every 50 ms until disarmed
    try:
        yield True
    finally:
        live[0] = False  # a tick from here on raises nothing
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        if collecting:
            gc.enable()


_NOT_DONE = object()


@functools.cache
def _sympy_tables_built() -> None:
    """Build the tables SymPy makes on first use, once, outside any alarm: an alarm raised while one is
    being built leaves it half made for the rest of the process (``meijerint``'s lookup table: from
    then on the integrals that need it stay unevaluated, and ``simplify`` of one may run for minutes)."""
    from sympy.integrals import meijerint

    if not meijerint._lookup_table:
        table: dict = {}
        meijerint._create_lookup_table(table)
        meijerint._lookup_table = table


def _under_alarm(call: Callable[[], object], seconds: float) -> object:
    """``call()`` under :func:`_alarm`, or ``_NOT_DONE`` when the alarm cannot be armed safely, runs
    out, or ``call`` raises."""
    _sympy_tables_built()
    result = _NOT_DONE
    try:
        with _alarm(seconds) as armed:
            if armed:
                try:
                    result = call()
                except Exception:
                    result = _NOT_DONE
    except (_AlarmExpired, _TimeoutError):
        result = _NOT_DONE
    return result


def _clip(text: str, limit: int = 120) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."


# =========================================================================== reading answers
#: Spellings of a standard deviation accepted where the exercise's symbol is the variance.
_STD_NAMES = {"sigma2": "sigma", "tau2": "tau"}


def _names(symbols: Mapping[str, sp.Expr]) -> dict[str, sp.Expr]:
    """The names a formula may use: the symbols, their spellings (``tau_2``), and ``sigma``/``tau``
    for ``sqrt(sigma2)``/``sqrt(tau2)`` where the symbol is the variance."""
    names = symbol_aliases(symbols)
    for var, std in _STD_NAMES.items():
        if var in symbols and std not in names:
            names[std] = sp.sqrt(symbols[var])
    return names


def _size(expr: sp.Basic, limit: int = MAX_NODES) -> int:
    """The number of nodes of ``expr`` (counting stops just above ``limit``)."""
    count = 0
    stack = [expr]
    while stack:
        node = stack.pop()
        count += 1
        if count > limit:
            return count
        stack.extend(node.args)
    return count


def _plain(answer: object) -> object:
    """A number of any common type as an int, Fraction or SymPy Float; other objects unchanged."""
    if isinstance(answer, np.ndarray):
        if answer.ndim != 0:
            raise AnswerError(f"Give one number or formula, not an array of shape {answer.shape}.")
        answer = answer.item()
    if isinstance(answer, bool | np.bool_):
        raise AnswerError(f"{answer} is not a formula: give a number, an expression or a string.")
    if isinstance(answer, np.generic):
        answer = answer.item()
    if isinstance(answer, int):
        if answer.bit_length() > MAX_BITS:
            raise AnswerError("Your answer is too large to be the result.")
        return answer
    if isinstance(answer, Fraction):
        return answer
    if isinstance(answer, complex):
        raise AnswerError("Your answer is a complex number: the result is real.")
    if isinstance(answer, float | Decimal | mpmath.mpf):
        try:
            value = mpmath.mpf(answer) if not isinstance(answer, Decimal) else mpmath.mpf(str(answer))
        except (ValueError, TypeError, InvalidOperation):
            raise AnswerError(f"Your answer must be a finite number, got {_clip(repr(answer), 60)}.") from None
        if not mpmath.isfinite(value) or (value != 0 and abs(mpmath.mag(value)) > MAX_BITS):
            raise AnswerError(f"Your answer must be a finite number of ordinary size, got "
                              f"{_clip(repr(answer), 60)}.")
        return sp.Float(value, 30) if not isinstance(answer, float) else sp.Float(answer)
    if isinstance(answer, mpmath.mpc):
        raise AnswerError("Your answer is a complex number: the result is real.")
    return answer


def _parse(answer: object, symbols: Mapping[str, sp.Expr]) -> sp.Expr:
    """The reader's answer as a SymPy expression in ``symbols`` (matched by name; the spellings of
    :func:`~mapmath.parsing.symbol_aliases` such as ``tau_2`` for ``tau2`` are accepted, and
    ``sigma``/``tau`` stand for the square roots of ``sigma2``/``tau2``).

    A string is read by :func:`mapmath.parsing.parse_expression` (never evaluated as Python); a
    name it does not know becomes a plain symbol, which :func:`check_expression` reports. Raises
    :class:`AnswerError` for anything that is not a formula.
    """
    names = _names(symbols)
    answer = _plain(answer)
    if isinstance(answer, int):
        return sp.Integer(answer)
    if isinstance(answer, Fraction):
        return sp.Rational(answer.numerator, answer.denominator)
    if isinstance(answer, sp.Basic):
        if isinstance(answer, sp.Rel | sp.Eq):
            raise AnswerError("Give an expression, not an equation: write only the formula, without '='.")
        if not isinstance(answer, sp.Expr) or isinstance(answer, sp.MatrixExpr):
            raise AnswerError(f"Your answer must be a formula (a SymPy expression), got a "
                              f"{type(answer).__name__}.")
        if _size(answer) > MAX_NODES:
            raise AnswerError(f"Your answer is too large (more than {MAX_NODES} parts): simplify it.")
        # Re-bind free symbols by name so a reader's plain ``Symbol('p')`` matches the checker's.
        return answer.xreplace({s: names[s.name] for s in answer.free_symbols
                                if isinstance(s, sp.Symbol) and s.name in names and s != names[s.name]})
    if isinstance(answer, str):
        try:
            return parse_expression(answer, names, new_symbols=True)
        except ValueError as exc:
            raise AnswerError(f"Your answer could not be read as a formula: {exc}.") from None
    raise AnswerError(f"Your answer must be a SymPy expression, a string or a number, got "
                      f"{_describe(answer)}.")


def _describe(answer: object) -> str:
    kind = type(answer).__name__
    if isinstance(answer, list | tuple | dict | set | frozenset | bytes):
        return f"a {kind}"
    return f"{kind} {_clip(repr(answer), 60)}"


# =========================================================================== bounded evaluation
class _TooLargeError(Exception):
    """A value is beyond the size guards, not finite, or undefined at this point."""


class _UnsupportedError(Exception):
    """The expression holds an object the evaluator does not know (``Sum``, ``Integral``, ...)."""


def _guard(value):
    if not mpmath.isfinite(value):
        raise _TooLargeError
    if value != 0 and mpmath.mag(value) > MAX_BITS:
        raise _TooLargeError
    return value


_CONSTANTS = {sp.pi: lambda: mpmath.pi, sp.E: lambda: mpmath.e, sp.EulerGamma: lambda: mpmath.euler,
              sp.GoldenRatio: lambda: mpmath.phi, sp.Catalan: lambda: mpmath.catalan}


def _exp(x):
    if mpmath.re(x) > _EXP_LIMIT:
        raise _TooLargeError
    if mpmath.re(x) < -_EXP_LIMIT:
        return mpmath.mpf(0)
    if abs(mpmath.im(x)) > _TRIG_LIMIT:
        raise _TooLargeError
    return mpmath.exp(x)


def _log(x):
    if x == 0:
        raise _TooLargeError
    return mpmath.log(x)


def _trig(func):
    def apply(x):
        if abs(x) > _TRIG_LIMIT:
            raise _TooLargeError
        return func(x)
    return apply


def _hyperbolic(func):
    def apply(x):
        if abs(mpmath.re(x)) > _EXP_LIMIT or abs(mpmath.im(x)) > _TRIG_LIMIT:
            raise _TooLargeError
        return func(x)
    return apply


def _gamma(x):
    if abs(x) > 5000:
        raise _TooLargeError
    try:
        return mpmath.gamma(x)
    except (ValueError, ZeroDivisionError):
        raise _TooLargeError from None


def _sign(x):
    return mpmath.mpf(0) if x == 0 else x / abs(x)


def _real_pair(func):
    def apply(*xs):
        if any(mpmath.im(x) != 0 for x in xs):
            raise _TooLargeError
        return func(*(mpmath.re(x) for x in xs))
    return apply


_FUNCTIONS: dict[type, Callable] = {
    sp.exp: _exp, sp.log: _log,
    sp.sin: _trig(mpmath.sin), sp.cos: _trig(mpmath.cos), sp.tan: _trig(mpmath.tan),
    sp.cot: _trig(mpmath.cot), sp.sec: _trig(mpmath.sec), sp.csc: _trig(mpmath.csc),
    sp.asin: mpmath.asin, sp.acos: mpmath.acos, sp.atan: mpmath.atan,
    sp.sinh: _hyperbolic(mpmath.sinh), sp.cosh: _hyperbolic(mpmath.cosh), sp.tanh: _hyperbolic(mpmath.tanh),
    sp.asinh: mpmath.asinh, sp.acosh: mpmath.acosh, sp.atanh: mpmath.atanh,
    sp.Abs: abs, sp.sign: _sign, sp.gamma: _gamma,
    sp.re: mpmath.re, sp.im: mpmath.im, sp.conjugate: mpmath.conj,
    sp.Max: _real_pair(max), sp.Min: _real_pair(min),
}


def _pow(base, exponent):
    if exponent == 0:
        return mpmath.mpf(1)
    if base == 0:
        if mpmath.re(exponent) > 0:
            return mpmath.mpf(0)
        raise _TooLargeError
    size = mpmath.re(exponent * mpmath.log(base))
    if size > _EXP_LIMIT:
        raise _TooLargeError
    if size < -_EXP_LIMIT:
        return mpmath.mpf(0)
    if abs(mpmath.im(exponent * mpmath.log(base))) > _TRIG_LIMIT:
        raise _TooLargeError
    if mpmath.im(exponent) == 0 and mpmath.re(exponent) == int(mpmath.re(exponent)) and abs(exponent) <= 64:
        return base ** int(mpmath.re(exponent))
    return mpmath.power(base, exponent)


def _value(expr: sp.Basic, point: Mapping[sp.Basic, object], prec: int, deadline: float):
    """The value of ``expr`` at ``point`` computed with mpmath at ``prec`` bits.

    Raises :class:`_TooLargeError` when a value is beyond the guards or undefined, :class:`_UnsupportedError`
    for an object it does not know, and :class:`_TimeoutError` after ``deadline``.
    """
    memo: dict[sp.Basic, object] = {}

    def ev(e: sp.Basic):
        if e in memo:
            return memo[e]
        if _clock() > deadline:
            raise _TimeoutError
        if e in point:
            v = point[e]
        elif e.is_Integer:
            if abs(e.p).bit_length() > MAX_BITS:
                raise _TooLargeError
            v = mpmath.mpf(e.p)
        elif e.is_Rational:
            if max(abs(e.p), e.q).bit_length() > MAX_BITS:
                raise _TooLargeError
            v = mpmath.mpf(e.p) / e.q
        elif e.is_Float:
            v = mpmath.mpf(e._mpf_)
        elif e in _CONSTANTS:
            v = _CONSTANTS[e]()
        elif e is sp.I:
            v = mpmath.mpc(0, 1)
        elif e.is_Add:
            v = mpmath.fsum(ev(a) for a in e.args)
        elif e.is_Mul:
            v = mpmath.mpf(1)
            for a in e.args:
                v = _guard(v * ev(a))
        elif e.is_Pow:
            v = _pow(ev(e.base), ev(e.exp))
        elif type(e) in _FUNCTIONS:
            args = [ev(a) for a in e.args]
            try:
                v = _FUNCTIONS[type(e)](*args)
            except (ValueError, ZeroDivisionError, TypeError):
                raise _TooLargeError from None
        else:
            raise _UnsupportedError(type(e).__name__)
        v = _guard(v)
        memo[e] = v
        return v

    with mpmath.workprec(prec):
        try:
            return ev(expr)
        except ZeroDivisionError:
            raise _TooLargeError from None
        except RecursionError:
            raise _UnsupportedError("a deeply nested expression") from None


def _stable_value(expr: sp.Basic, point: Mapping[sp.Basic, object], deadline: float):
    """The value of ``expr`` at ``point`` when two precisions agree on it (else :class:`_TooLargeError`)."""
    low = _value(expr, point, _PRECISIONS[0], deadline)
    high = _value(expr, point, _PRECISIONS[1], deadline)
    if abs(low - high) > mpmath.mpf(2) ** -60 * max(abs(high), mpmath.mpf(2) ** -40):
        raise _TooLargeError
    return high


# =========================================================================== sample points
def _points(symbols: Sequence[sp.Symbol], domains: Mapping[sp.Symbol, tuple[float, float]],
            vary: Sequence[sp.Symbol] | None, groups: int, members: int) -> list[list[dict]]:
    """``groups`` groups of ``members`` points: within a group only the symbols ``vary`` change (all
    symbols change when ``vary`` is None and members is 1)."""
    rng = np.random.default_rng(_SEED)
    ordered = sorted(symbols, key=lambda s: s.name)
    out = []
    for _ in range(groups):
        base = {s: rng.uniform(*domains.get(s, (0.1, 3.0))) for s in ordered}
        group = []
        for _ in range(members):
            point = dict(base)
            for s in ordered:
                if vary is not None and s in vary:
                    point[s] = rng.uniform(*domains.get(s, (0.1, 3.0)))
            group.append({s: mpmath.mpf(float(v)) for s, v in point.items()})
        out.append(group)
    return out


@functools.lru_cache(maxsize=512)
def _reference_values(expr: sp.Expr, key: tuple) -> tuple:
    """The checker's own expression at the sample points ``key`` (cached: the same for every call)."""
    points = [[dict(p) for p in group] for group in key]
    out = []
    for group in points:
        out.append(tuple(_stable_value(expr, p, _clock() + 30) for p in group))
    return tuple(out)


def _freeze(points: list[list[dict]]) -> tuple:
    return tuple(tuple(tuple(sorted(p.items(), key=lambda kv: kv[0].name)) for p in g) for g in points)


def _close(u, v, rtol: float, atol: float = 1e-12) -> bool:
    return abs(u - v) <= rtol * max(abs(u), abs(v)) + atol


def _is_real(v, scale=None) -> bool:
    return abs(mpmath.im(v)) <= 1e-12 * max(abs(v), 1 if scale is None else scale)


# =========================================================================== formulas
def check_expression(
    answer: object,
    expected: sp.Expr,
    *,
    symbols: Sequence[sp.Symbol],
    domains: Mapping[sp.Symbol, tuple[float, float]] | None = None,
    hint: str,
    mistakes: Sequence[tuple[sp.Expr, str]] = (),
    rtol: float = 1e-9,
    up_to: str | None = None,
    vary: Sequence[sp.Symbol] | None = None,
    alternatives: Sequence[sp.Expr] = (),
) -> Feedback:
    """Compare a reader's closed form with ``expected``.

    ``symbols`` are the symbols the answer may use (a string answer is parsed with them);
    ``domains`` gives, per symbol, the interval the sample points are drawn from; ``hint`` is the
    method (shown from the second wrong try on); ``mistakes`` pairs typical wrong answers with what
    is wrong with them; ``alternatives`` are other right forms that are not equal to ``expected``
    (the factor α_new/α where α_new is asked, for instance). ``up_to="positive_factor"`` accepts
    every positive constant multiple of ``expected`` (a density up to normalization),
    ``up_to="additive_constant"`` every real answer that differs by a term free of the symbols
    ``vary`` (a penalty up to a constant). The expected answer is never shown. A placeholder answer
    (``...`` or ``None``) gets the "no answer yet" feedback of :func:`no_answer_yet`.
    """
    if (pending := no_answer_yet(answer)) is not None:
        return pending
    by_name = {s.name: s for s in symbols}
    try:
        reader = _parse(answer, by_name)
    except AnswerError as exc:  # an answer that cannot be read does not use up a try
        return Feedback(False, str(exc))
    unknown = sorted({s.name if isinstance(s, sp.Symbol) else str(s) for s in reader.free_symbols}
                     - set(by_name))
    if unknown:
        return Feedback(False, f"Your answer uses the symbol(s) {', '.join(unknown)}; this exercise's "
                               f"symbols are {', '.join(sorted(by_name))}.", method=hint)
    if reader.has(sp.oo, -sp.oo, sp.zoo, sp.nan) and not reader.has(sp.Integral, sp.Sum, sp.Product, sp.Limit):
        return Feedback(False, "Your answer is infinite or undefined (a division by zero?); give a finite "
                               "formula.", method=hint)
    domains = dict(domains or {})
    if up_to is None:
        points = _points(symbols, domains, None, _N_POINTS, 1)
    elif up_to in ("positive_factor", "additive_constant"):
        points = _points(symbols, domains, vary if vary is not None else symbols, 3, 4)
    else:
        raise ValueError(f"up_to must be None, 'positive_factor' or 'additive_constant', got {up_to!r}")
    key = _freeze(points)
    values = _answer_values(reader, points)
    if isinstance(values, Feedback):
        return values
    reference = _reference_values(expected, key)
    verdict, why = _relation(values, reference, up_to, rtol)
    if verdict is None:
        for alternative in alternatives:
            if _relation(values, _reference_values(alternative, key), up_to, rtol)[0]:
                return Feedback(True, "Your expression is equivalent to the derived result.")
        if up_to is None and _symbolically_equal(reader, expected):
            return Feedback(True, "Your expression is equivalent to the derived result (shown symbolically).")
        return _undecided("its values overflow or cannot be computed at ordinary values of the symbols, "
                          "and it is too complex to compare symbolically")
    if verdict:
        return Feedback(True, "Your expression is equivalent to the derived result.")
    for alternative in alternatives:
        if _relation(values, _reference_values(alternative, key), up_to, rtol)[0]:
            return Feedback(True, "Your expression is equivalent to the derived result.")
    for wrong, message in mistakes:
        if _relation(values, _reference_values(wrong, key), up_to, rtol)[0]:
            return Feedback(False, message, method=hint)
    return Feedback(False, why or _diagnose(reader, expected, values, reference, points, up_to, rtol, vary),
                    method=hint)


def _answer_values(reader: sp.Expr, points: list[list[dict]]) -> list[list] | Feedback:
    """The answer's values at ``points`` (``None`` where it cannot be computed), or an undecided
    ``Feedback`` when it holds an object the evaluator does not know and SymPy cannot remove it."""
    deadline = _deadline()
    out = []
    for group in points:
        row = []
        for point in group:
            try:
                row.append(_stable_value(reader, point, deadline))
            except _TooLargeError:
                row.append(None)
            except _UnsupportedError as exc:
                done = _doit(reader)
                if done is None or done == reader:
                    return _undecided(f"{exc.args[0]} is not evaluated by the checker: write the answer as "
                                      "a closed formula with + - * / ^ and the usual functions")
                return _answer_values(done, points)
        out.append(row)
    return out


def _relation(values, reference, up_to: str | None, rtol: float) -> tuple[bool | None, str]:
    """Whether the answer's values stand in the relation ``up_to`` to the reference values: True, False
    (with a reason when the reason is specific: not real, a negative multiple) or None (undecided)."""
    pairs = [(v, r) for vg, rg in zip(values, reference, strict=True) for v, r in zip(vg, rg, strict=True)]
    known = [(v, r) for v, r in pairs if v is not None]
    if up_to is None:
        for v, r in known:
            if not _close(v, r, rtol):
                return False, ""
        return (True, "") if len(known) >= 4 else (None, "")
    for v, r in known:
        if _is_real(r) and not _is_real(v):
            return False, ("Your answer takes complex values (the logarithm or square root of a negative "
                           "quantity?): the result is real.")
    decided = 0
    for vg, rg in zip(values, reference, strict=True):
        group = [(v, r) for v, r in zip(vg, rg, strict=True) if v is not None]
        if len(group) < 2:
            continue
        if up_to == "positive_factor":
            if any(r == 0 for _, r in group):
                continue
            ratios = [v / r for v, r in group]
            if not all(_close(q, ratios[0], rtol) for q in ratios):
                return False, ""
            c = ratios[0]
            if c == 0:
                return False, "Your answer is zero: a density is positive."
            if not _is_real(c):
                return False, "Your answer is a complex multiple of the right shape: the result is real and positive."
            if mpmath.re(c) < 0:
                return False, "Your answer is a negative multiple of the right shape: a density is positive."
        else:
            # Tolerance from the reference's scale, not the answer's: a huge constant must not swamp
            # the reference's variation (1e60 + log(1 + θ²/γ²) rounds to 1e60 at every θ).
            diffs = [v - r for v, r in group]
            scale = max(abs(r) for _, r in group)
            if not all(abs(d - diffs[0]) <= rtol * scale + 1e-12 for d in diffs):
                return False, ""
            if abs(diffs[0]) > 1e12 * max(scale, 1):
                return None, ""
        decided += 1
    return (True, "") if decided >= 2 else (None, "")


def _diagnose(reader, expected, values, reference, points, up_to, rtol, vary) -> str:
    """What is wrong with an answer that matches none of the listed mistakes, without the result."""
    need = expected.free_symbols
    have = reader.free_symbols
    missing = sorted(s.name for s in need - have)
    extra = sorted(s.name for s in have - need)
    if up_to == "additive_constant":
        return "Your answer differs from the result by more than a constant: the difference changes with " + \
            ", ".join(sorted(s.name for s in (vary or need))) + "."
    if up_to == "positive_factor":
        return "Your answer is not a constant multiple of the result: its shape is different."
    known = [(v, r) for vg, rg in zip(values, reference, strict=True) for v, r in zip(vg, rg, strict=True)
             if v is not None]
    if known and all(_is_real(r) for _, r in known) and any(not _is_real(v) for v, _ in known):
        return "Your answer takes complex values (the logarithm or square root of a negative quantity?): " \
               "the result is real."
    if known and all(_close(v, -r, rtol) for v, r in known):
        return "Your answer has the wrong sign."
    if missing:
        return f"Your answer does not depend on {', '.join(missing)}, but the result does."
    if extra:
        return f"Your answer depends on {', '.join(extra)}, which the result does not involve."
    nonzero = [(v, r) for v, r in known if r != 0 and v != 0]
    if len(nonzero) >= 2 and all(_close(v / r, nonzero[0][0] / nonzero[0][1], rtol) for v, r in nonzero):
        return "Your answer is off by a constant factor: check the constants (a missing 2?)."
    if len(known) >= 2 and all(_close(v - r, known[0][0] - known[0][1], rtol, 1e-9) for v, r in known):
        return "Your answer is off by an additive constant."
    if known and all(_is_real(v) and _is_real(r) and mpmath.re(r) > 0 and mpmath.re(v) < 0 for v, r in known):
        return "Your answer is negative where the result is positive."
    example = next((i for i, (v, r) in enumerate(
        (v, r) for vg, rg in zip(values, reference, strict=True) for v, r in zip(vg, rg, strict=True))
        if v is not None and not _close(v, r, rtol)), None)
    if example is not None:
        flat = [p for g in points for p in g]
        where = ", ".join(f"{s.name} = {float(x):.3g}" for s, x in sorted(flat[example].items(),
                                                                          key=lambda kv: kv[0].name))
        return f"Your formula is not equivalent to the result: its value differs at {where}, for example."
    return "Your formula is not equivalent to the result."


# --------------------------------------------------------------------------- the symbolic step
def _nesting(expr: sp.Basic) -> int:
    """How deeply exp, log and powers with a symbolic exponent nest in ``expr``."""
    if not expr.args:
        return 0
    inner = max(_nesting(a) for a in expr.args)
    heavy = isinstance(expr, sp.exp | sp.log) or (expr.is_Pow and not expr.exp.is_Rational)
    return inner + (1 if heavy else 0)


def _within_budget(expr: sp.Basic) -> bool:
    if _size(expr, 4 * SYMBOLIC_MAX_OPS) > 4 * SYMBOLIC_MAX_OPS:
        return False
    for node in sp.preorder_traversal(expr):
        if node.is_Pow and node.exp.is_Number and abs(node.exp) > SYMBOLIC_MAX_EXPONENT:
            return False
    return _nesting(expr) <= SYMBOLIC_MAX_NESTING and sp.count_ops(expr) <= SYMBOLIC_MAX_OPS


def _symbolically_equal(a: sp.Expr, b: sp.Expr) -> bool:
    """``simplify(a - b) == 0``, tried only under the budget and the alarm (False otherwise)."""
    diff = a - b
    if not _within_budget(diff):
        return False
    return _under_alarm(lambda: sp.simplify(diff) == 0, SYMBOLIC_TIME) is True


def _doit(expr: sp.Expr) -> sp.Expr | None:
    """``expr.doit()`` (a ``Sum``, ``Product`` or ``Integral`` made explicit) under the budget and the
    alarm, or None."""
    if _size(expr, 4 * SYMBOLIC_MAX_OPS) > 4 * SYMBOLIC_MAX_OPS:
        return None
    done = _under_alarm(expr.doit, SYMBOLIC_TIME)
    if done is _NOT_DONE or not isinstance(done, sp.Expr) or _size(done) > MAX_NODES:
        return None
    return done


# =========================================================================== numbers
def _round_sf(value: float | mpmath.mpf, figures: int) -> Decimal:
    """``value`` rounded (half up) to ``figures`` significant figures, as a Decimal."""
    d = Decimal(mpmath.nstr(value, 15)) if not isinstance(value, Decimal) else value
    if d == 0:
        return Decimal(0)
    exponent = d.adjusted() - figures + 1
    return d.quantize(Decimal(1).scaleb(exponent), rounding=ROUND_HALF_UP)


def _read_number(answer: object) -> tuple[mpmath.mpf, bool]:
    """The reader's number and whether it is exact (an integer, a fraction, an exact SymPy number),
    or :class:`AnswerError` saying why it is not a number."""
    answer = _plain(answer)
    if isinstance(answer, int):
        return mpmath.mpf(answer), True
    if isinstance(answer, Fraction):
        with mpmath.workprec(_PRECISIONS[1]):
            return mpmath.mpf(answer.numerator) / answer.denominator, True
    if isinstance(answer, str):
        try:
            answer = parse_expression(answer, {})
        except UnknownNameError as exc:
            raise AnswerError(f"Your answer must be a number, but it uses the name(s) "
                              f"{', '.join(repr(n) for n in exc.names)} (only the constants pi and e "
                              "may be named).") from None
        except ValueError as exc:
            raise AnswerError(f"Your answer could not be read as a number: {exc}.") from None
    if not isinstance(answer, sp.Basic):
        raise AnswerError(f"Your answer must be a number, got {_describe(answer)}.")
    if not isinstance(answer, sp.Expr) or answer.free_symbols or _size(answer) > MAX_NODES:
        raise AnswerError(f"Your answer must be a number, got {_clip(str(answer), 60)}.")
    try:
        value = _stable_value(answer, {}, _deadline())
    except _TooLargeError:
        raise AnswerError("Your answer is too large, undefined or not finite: it cannot be the number "
                          "asked for.") from None
    except _UnsupportedError as exc:
        raise AnswerError(f"Your answer holds {exc.args[0]}, which the checker does not evaluate: give "
                          "a number.") from None
    if not _is_real(value):
        raise AnswerError("Your answer is not a real number.")
    return mpmath.re(value), not answer.has(sp.Float)


def check_number(
    answer: object,
    expected: float | int | Fraction | sp.Expr,
    *,
    hint: str,
    sig_figs: int = 3,
    exact: bool = False,
    decimals: bool = True,
    mistakes: Sequence[tuple[float | sp.Expr, str]] = (),
) -> Feedback:
    """Compare a reader's number with ``expected``.

    A numeric exercise asks for its answer to ``sig_figs`` significant figures: the answer is right
    when, rounded to ``sig_figs`` significant figures, it equals ``expected`` rounded the same way
    (the value the book prints passes, and so do more digits that are right); an answer within 2% that
    is not gets "Close: give N significant figures". With ``exact=True`` the exercise asks for an exact
    value: an exact answer (an integer, a ``Fraction``, ``'20/11'``, an exact SymPy number) must equal
    it, and a decimal is judged to ``sig_figs`` figures when ``decimals`` is True, must equal it
    exactly otherwise (an integer count). ``mistakes`` pairs typical wrong values with what is wrong.

    The number may be an int, a float, a ``Fraction``, a ``Decimal``, an ``mpmath.mpf``, a NumPy
    scalar or 0-d array, a SymPy number or a string holding a number (read by
    :func:`mapmath.parsing.parse_expression`, never evaluated as Python; ``−`` is a minus).
    """
    if (pending := no_answer_yet(answer)) is not None:
        return pending
    try:
        value, is_exact = _read_number(answer)
    except AnswerError as exc:  # an answer that cannot be read does not use up a try
        return Feedback(False, str(exc))
    with mpmath.workprec(_PRECISIONS[1]):
        key = _constant(expected)
        if exact and (is_exact or not decimals):
            # relative to the key: 160-bit values of an exact formula agree to about 2**-150; a key 0
            # needs an exact 0 (SymPy makes sin(pi) or sqrt(2)**2 - 2 exactly 0 already)
            right = value == key if key == 0 else abs(value - key) <= mpmath.mpf(2) ** -100 * abs(key)
        else:
            right = _round_sf(value, sig_figs) == _round_sf(key, sig_figs)
        if right:
            return Feedback(True, "Your number matches the computed result.")
        for wrong, message in mistakes:
            w = _constant(wrong)
            if abs(value - w) <= 1e-12 * max(1, abs(w)) or (
                    not is_exact and _round_sf(value, sig_figs) == _round_sf(w, sig_figs)):
                return Feedback(False, message, method=hint)
        if key != 0 and abs(value - key) <= 0.02 * abs(key):
            if exact and not decimals:
                return Feedback(False, "Close, but the exercise asks for an exact value.", method=hint)
            if is_exact and exact:
                return Feedback(False, "Close, but not the exact value.", method=hint)
            return Feedback(False, f"Close: give {sig_figs} significant figures.", method=hint)
        if key != 0 and value != 0 and mpmath.sign(value) != mpmath.sign(key):
            return Feedback(False, "Your number has the wrong sign.", method=hint)
        if key != 0 and value != 0 and abs(mpmath.log10(abs(value / key))) > 0.7:
            return Feedback(False, "Your number is not of the right size (off by more than a factor 5).",
                            method=hint)
        return Feedback(False, "Your number does not match the computed result.", method=hint)


@functools.lru_cache(maxsize=256)
def _constant_cached(expr: sp.Expr):
    return _value(expr, {}, _PRECISIONS[1], _clock() + 30)


def _constant(value: object) -> mpmath.mpf:
    """A checker's own number (float, int, Fraction or exact SymPy number) at high precision."""
    if isinstance(value, Fraction):
        return mpmath.mpf(value.numerator) / value.denominator
    if isinstance(value, sp.Expr):
        return mpmath.re(_constant_cached(value))
    return mpmath.mpf(value)
