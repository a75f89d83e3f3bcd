"""Fuzz every answer checker with junk and random answers (issue 16): no exception, no call over the
time bound, no wrong answer accepted.

    .venv/bin/python scripts/checker_fuzz.py [--per-checker 230] [--seed 16]

Each checker gets ``--per-checker`` random answers (random characters, token soup in its symbols,
random formulas, numbers of every type) plus every special case of
:func:`mapmath.exercises._fuzz.special_cases` (huge, deep, empty, not finite, containers, equations,
``Sum``, ``Product``, an oscillating ``Integral``, ``s**10**6``, ...). An accepted answer is judged
again independently (SymPy's ``evalf`` at fresh points). Prints the count per verdict, the slowest
calls (CPU and wall seconds: the machine may be shared) and exits non-zero on a failure.
"""

from __future__ import annotations

import argparse
import collections
import resource
import sys
import time

from mapmath.exercises import _core, _fuzz, answer_checkers, answer_table

#: The checkers that accept more than one formula: their relation to the key.
UP_TO = {"check_jeffreys_prior": "positive_factor", "check_cauchy_penalty": "additive_constant"}
ALTERNATIVE_KEYS = {"check_sklearn_alpha_repeated": "1/k"}


def verdict(feedback) -> str:
    if feedback.correct:
        return "correct"
    if not feedback.answered:
        return "no answer yet"
    if not feedback.decided:
        return "could not decide"
    message = feedback.message
    if message.startswith("Close"):
        return "close (give N significant figures)"
    if "could not be read" in message or "must be" in message or "Give " in message[:6]:
        return "not a formula / not a number"
    if "could not be checked" in message:
        return "ERROR (could not be checked)"
    return "wrong (what is wrong)"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--per-checker", type=int, default=230)
    parser.add_argument("--seed", type=int, default=16)
    args = parser.parse_args(argv)
    checkers = answer_checkers()
    table = answer_table()
    for name, check in checkers.items():  # each checker's own reference values: computed once, not timed
        check(table[name].right[0])
    counts: collections.Counter[str] = collections.Counter()
    kinds: collections.Counter[str] = collections.Counter()
    slowest: list[tuple[float, float, str, str]] = []
    slowest_wall: list[tuple[float, float, str, str]] = []
    failures: list[str] = []
    total = 0
    start = time.perf_counter()
    usage = resource.getrusage(resource.RUSAGE_SELF)
    for name, check in checkers.items():
        key = table[name].right[0]
        cases = [("special", a) for a in _fuzz.special_cases(_fuzz.key_symbols(key))]
        cases += list(_fuzz.answers(name, key, args.per_checker, args.seed))
        for kind, answer in cases:
            _core.reset_hints()
            try:
                feedback, cpu, wall = _fuzz.timed(check, answer)
            except BaseException as exc:
                failures.append(f"{name}({answer!r:.80}): raised {type(exc).__name__}: {exc}")
                continue
            total += 1
            kinds[kind] += 1
            label = verdict(feedback)
            counts[label] += 1
            slowest.append((cpu, wall, name, repr(answer)[:70]))
            slowest.sort(reverse=True)
            del slowest[5:]
            slowest_wall.append((wall, cpu, name, repr(answer)[:70]))
            slowest_wall.sort(reverse=True)
            del slowest_wall[3:]
            if cpu > _core.TIME_LIMIT:
                failures.append(f"{name}({answer!r:.80}): {cpu:.2f} s CPU")
            if label.startswith("ERROR"):
                failures.append(f"{name}({answer!r:.80}): {feedback.message}")
            if feedback.correct:
                keys = [key] + ([ALTERNATIVE_KEYS[name]] if name in ALTERNATIVE_KEYS else [])
                try:
                    right = any(_fuzz.judge_accepted(name, k, answer, UP_TO.get(name)) for k in keys)
                except Exception as exc:
                    right = False
                    label = f"(judge failed: {type(exc).__name__})"
                if not right:
                    failures.append(f"{name}({answer!r:.80}): accepted, but the independent judge says wrong {label}")
    after = resource.getrusage(resource.RUSAGE_SELF)
    print(f"{total} answers over {len(checkers)} checkers in {time.perf_counter() - start:.0f} s wall, "
          f"{after.ru_utime + after.ru_stime - usage.ru_utime - usage.ru_stime:.0f} s CPU")
    print("answers by kind: " + ", ".join(f"{k} {v}" for k, v in sorted(kinds.items())))
    print("verdicts:")
    for label, count in counts.most_common():
        print(f"  {count:6d}  {label}")
    print("slowest calls (CPU s, wall s):")
    for cpu, wall, name, answer in slowest:
        print(f"  {cpu:5.2f}  {wall:5.2f}  {name}({answer})")
    print("slowest calls by wall time (wall s, CPU s; a loaded machine inflates wall time):")
    for wall, cpu, name, answer in slowest_wall:
        print(f"  {wall:5.2f}  {cpu:5.2f}  {name}({answer})")
    print(f"failures: {len(failures)}")
    for failure in failures[:30]:
        print("  " + failure)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
