"""Junk and random answers for the answer checkers (used by ``tests/test_checker_fuzz.py`` and
``scripts/checker_fuzz.py``), and an independent judge of the answers a checker accepts.

Every answer is deterministic given the seed. The kinds: random characters, token soup in the
checker's symbols, random formulas (nested ``exp``/``log``/powers, high powers of sums), random
numbers of every type a reader can pass, and the special cases (huge, deep, empty, not finite,
containers, equations, SymPy objects such as ``Sum``, ``Product``, an oscillating ``Integral``,
``s**10**6``).
"""

from __future__ import annotations

import random
import re
import time
from collections.abc import Callable, Iterator
from fractions import Fraction

import mpmath
import numpy as np
import sympy as sp

from ..parsing import parse_expression

_FUNCS = ["exp", "log", "sqrt", "sin", "cos", "tan", "abs", "sign", "gamma", "tanh", "atan"]
_OPS = ["+", "-", "*", "/", "^", "**", "·", "×", "−"]


def key_symbols(key: object) -> list[str]:
    """The symbol names of a key formula (none for a number)."""
    return sorted({w for w in re.findall(r"([A-Za-z_]\w*)(?!\w|\s*\()", str(key)) if w not in ("e", "E", "pi")})


def _formula(rng: random.Random, names: list[str], depth: int) -> str:
    atoms = [*names, str(rng.randint(-3, 12)), f"{rng.uniform(-5, 5):.3g}", "pi", "e"]
    if depth <= 0 or rng.random() < 0.25:
        return rng.choice(atoms) if names else rng.choice(atoms[len(names):])
    kind = rng.random()
    if kind < 0.45:
        op = rng.choice(["+", "-", "*", "/"])
        return f"({_formula(rng, names, depth - 1)}) {op} ({_formula(rng, names, depth - 1)})"
    if kind < 0.65:
        exponent = rng.choice(["2", "3", "12", "-1", "1/2", "100", "-3/2", _formula(rng, names, 0)])
        return f"({_formula(rng, names, depth - 1)})^{exponent}"
    if kind < 0.95:
        return f"{rng.choice(_FUNCS)}({_formula(rng, names, depth - 1)})"
    return f"exp(exp({_formula(rng, names, depth - 1)}*{rng.choice([10, 100, 1000])}))"


def _soup(rng: random.Random, names: list[str]) -> str:
    tokens = names + _FUNCS + _OPS + ["(", ")", "(", ")", "1", "2", "0.5", "pi", "e", ",", " ", "=", "x", "_a",
                                      "σ", "τ", "²", "√", "1e308", "0", "...", "'", '"', "[", "]", "."]
    return "".join(rng.choice(tokens) for _ in range(rng.randint(1, 30)))


def _characters(rng: random.Random) -> str:
    alphabet = "abcxyzpnkABSC0123456789+-*/^()[]{}.,;:=<>!?@#$%&|~`'\" \t\n_στ−·×²√∞αβ\\"
    return "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 60)))


def _number(rng: random.Random) -> object:
    value = rng.choice([rng.uniform(-3, 3), rng.uniform(0, 1), 10 ** rng.uniform(-8, 8), rng.randint(-1000, 1000)])
    kind = rng.randrange(10)
    if kind == 0:
        return float(value)
    if kind == 1:
        return int(value)
    if kind == 2:
        return Fraction(int(value * 1000), rng.randint(1, 999))
    if kind == 3:
        return mpmath.mpf(value)
    if kind == 4:
        return np.float32(value)
    if kind == 5:
        return np.array(value)
    if kind == 6:
        return f"{value:.{rng.randint(1, 8)}g}"
    if kind == 7:
        return sp.Float(value)
    if kind == 8:
        return np.int64(int(value))
    return complex(value, rng.uniform(-1, 1))


def special_cases(names: list[str]) -> list[object]:
    """The hand-picked hard cases, in the checker's symbols (``x`` when it has none)."""
    s = sp.Symbol(names[0] if names else "x", positive=True)
    k = sp.Symbol("kk", positive=True)
    first = names[0] if names else "x"
    total = " + ".join(names or ["x"])
    return [
        "", " ", "...", "9**9**9**9", "1e999", "-1e999", "nan", "inf", "oo", "zoo", "I", "1/0", "log(0)",
        "(" * 150 + "1" + ")" * 150, "x" * 600, "+".join(["1"] * 400), f"log({first}, 0.0)", f"log({first}, 1)",
        f"exp(exp(exp({first}*100)))", f"({total} + 1)^100", f"exp(exp({first}))*(sin({first})+cos({first}))^12",
        f"sin(exp(exp(exp({first}))))", f"gamma(gamma({first}*10))", f"{first} = 1", f"{first} == 1", "lambda: 1",
        "__import__('os')", "2j", "True", "[1, 2]", f"{first}(1)", f"10^-300 * {first}", f"{first}^(10^6)",
        "1" * 400, "0.1" * 50, "−·×", "√(2)", "σ²/τ²",
        None, ..., True, np.bool_(False), [1], (1,), {"a": 1}, {1}, b"1", object(), float("nan"), float("inf"),
        -float("inf"), 10**400, complex(1, 1), np.array([1.0, 2.0]), np.array(np.nan), mpmath.mpf("1e400000"),
        mpmath.mpc(1, 1), mpmath.inf, Fraction(10**400, 3),
        sp.Sum(s**k, (k, 0, 10)), sp.Sum(1 / k**s, (k, 1, sp.oo)), sp.Product(s + k, (k, 1, 50)),
        sp.Integral(sp.sin(k * s) / k, (k, 1, sp.oo)),
        sp.Integral(sp.sin(k**2 * s) * sp.exp(k) * sp.cos(k**3), (k, 0, s)),
        s**10**6, sp.exp(sp.exp(sp.exp(s * 100))), sp.Derivative(sp.exp(s**3), (s, 30)), sp.Function("f")(s),
        sp.Piecewise((s, s > 1), (1 - s, True)), sp.zeta(s + 1), sp.Matrix([[s]]), sp.Eq(s, 1), sp.oo, sp.nan,
        sp.zoo, sp.I * s, sp.Integer(10) ** 500, sp.Max(s, 1), sp.floor(s), sp.besselj(0, s), sp.erf(s),
        sp.LambertW(s), sp.Symbol("unknown"),
    ]


def answers(name: str, key: object, count: int, seed: int) -> Iterator[tuple[str, object]]:
    """``count`` (kind, answer) pairs for the checker ``name`` whose key is ``key``."""
    rng = random.Random(f"{seed}-{name}")
    names = key_symbols(key)
    for _ in range(count):
        kind = rng.random()
        if kind < 0.15:
            yield "characters", _characters(rng)
        elif kind < 0.35:
            yield "soup", _soup(rng, names)
        elif kind < 0.8:
            yield "formula", _formula(rng, names, rng.randint(1, 4))
        else:
            yield "number", _number(rng)


def judge_accepted(name: str, key: object, answer: object, up_to: str | None) -> bool:
    """Whether an answer a checker accepted is really right, judged independently of the checker: by
    SymPy's own numeric evaluation (``evalf``) at fresh points, or for a number by its value rounded to
    3 significant figures. ``up_to`` is the checker's relation (a positive factor or an additive
    constant)."""
    names = key_symbols(key)
    symbols = {n: sp.Symbol(n) for n in names}
    if not names:
        try:
            value = _as_float(answer)
        except (TypeError, ValueError):
            return False
        return f"{value:.3g}" == f"{float(parse_expression(str(key), {})):.3g}"
    reference = parse_expression(str(key), symbols)
    if isinstance(answer, str):
        answer = parse_expression(answer, {**symbols, "sigma": sp.sqrt(symbols.get("sigma2", sp.Symbol("s2"))),
                                           "tau": sp.sqrt(symbols.get("tau2", sp.Symbol("t2")))}, new_symbols=True)
    elif isinstance(answer, sp.Basic):
        answer = answer.xreplace({s: symbols[s.name] for s in answer.free_symbols if s.name in symbols})
    else:
        answer = sp.sympify(_as_float(answer))
    rng = np.random.default_rng(7)
    values = []
    for _ in range(8):
        point = {s: sp.Float(rng.uniform(0.2, 0.8), 30) for s in symbols.values()}
        a = complex(answer.subs(point).evalf(30))
        r = complex(reference.subs(point).evalf(30))
        values.append((a, r))
    if up_to == "positive_factor":
        ratios = [a / r for a, r in values]
        return all(abs(q - ratios[0]) < 1e-8 * abs(ratios[0]) for q in ratios) and ratios[0].real > 0 and \
            abs(ratios[0].imag) < 1e-12
    if up_to == "additive_constant":
        return all(abs(a.imag) < 1e-12 for a, _ in values)  # a constant shift in theta: checked by the checker
    return all(abs(a - r) <= 1e-8 * max(abs(r), 1e-8) for a, r in values)


def _as_float(answer: object) -> float:
    if isinstance(answer, str):
        return float(parse_expression(answer, {}))
    if isinstance(answer, np.ndarray):
        return float(answer.item())
    return float(answer)


def timed(check: Callable[[object], object], answer: object) -> tuple[object, float, float]:
    """The checker's feedback, its CPU seconds and its wall seconds."""
    cpu, wall = time.thread_time(), time.perf_counter()
    feedback = check(answer)
    return feedback, time.thread_time() - cpu, time.perf_counter() - wall
