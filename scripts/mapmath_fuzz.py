"""Fuzz every public ``mapmath`` function with bad and extreme inputs and classify each outcome.

Usage: ``.venv/bin/python scripts/mapmath_fuzz.py [--quick] [--show N] [--only module.function]``

Inputs: for each function, its valid example call (``tests/mapmath_cases.py``) with one argument
replaced by each value of the battery (``tests/battery_inputs.py``, derived from the parameter's
declared constraint), then with two arguments replaced at once (pairs of allowed extreme values,
seeded random choice), then the valid call itself. Outcomes:

- clear error: ``TypeError``/``ValueError`` naming the parameter (or a related one);
- checked: a finite value that agrees with an independent reference (``tests/mapmath_references.py``);
- finite: a finite value for a valid input (no reference for that function);
- bad columns: bare exception (any other exception, or a RuntimeWarning/IntegrationWarning),
  NaN/inf for finite valid input, invalid input accepted, wrong value (disagrees with the
  reference), unclear error (does not name the parameter), over 5 s of CPU time (the valid call of
  each function runs first, so one-time imports are not counted).

Exit status 1 when any bad column is nonzero.
"""

from __future__ import annotations

import argparse
import collections
import random
import signal
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

import battery_inputs  # noqa: E402
from battery_inputs import classify, inputs, tied_axes  # noqa: E402
from mapmath_cases import CASES, public_functions  # noqa: E402
from mapmath_references import REFERENCES  # noqa: E402

BAD = ("bare exception", "nan/inf", "accepted invalid", "wrong value", "unclear error", "over 5 s")
GOOD = ("clear error", "checked", "finite")
SLOW = 5.0
HARD_LIMIT = 60


class _TimeoutError(BaseException):  # not caught by the classifier's "except Exception"
    pass


def _alarm(signum, frame):
    raise _TimeoutError


def _run(func, params, param, value, expect, kwargs, ref):
    signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(HARD_LIMIT)
    t0 = time.process_time()  # CPU time: the machine is shared, wall time is inflated by load
    try:
        outcome, detail = classify(func, params, param, value, expect, kwargs, ref)
    except _TimeoutError:
        outcome, detail = "over 5 s", f"stopped after {HARD_LIMIT} s"
    finally:
        signal.alarm(0)
    elapsed = time.process_time() - t0
    if elapsed > SLOW and outcome != "over 5 s":
        outcome, detail = "over 5 s", f"{elapsed:.1f} s CPU ({outcome})"
    return outcome, detail


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="single-argument inputs only")
    ap.add_argument("--show", type=int, default=40, help="how many bad outcomes to list")
    ap.add_argument("--only", help="one function, e.g. beta.beta_median")
    ap.add_argument("--pairs", type=int, default=12, help="two-argument combinations per function")
    args = ap.parse_args()
    battery_inputs.FULL = True
    rng = random.Random(19)
    funcs = public_functions()
    totals = collections.Counter()
    per_func = collections.defaultdict(collections.Counter)
    bad_rows = []
    t_start = time.perf_counter()
    for qual, func in funcs.items():
        if args.only and qual != args.only:
            continue
        params = getattr(func, "__mapmath_params__", {})
        if qual not in CASES:
            continue
        ref = REFERENCES.get(qual)
        jobs = []
        extremes = {}
        for param, c in params.items():
            good = CASES[qual]().get(param)
            for label, value, expect in inputs(c, good, tied_axes(param, params, CASES[qual]())):
                jobs.append(({param: (label, value)}, expect))
                if expect == "valid":
                    extremes.setdefault(param, []).append((label, value))
        jobs.insert(0, ({}, "valid"))  # first: pays the function's one-time imports
        if not args.quick:
            names = sorted(extremes)
            for _ in range(args.pairs if len(names) >= 2 else 0):
                p1, p2 = rng.sample(names, 2)
                jobs.append(({p1: rng.choice(extremes[p1]), p2: rng.choice(extremes[p2])}, "valid"))
        for change, expect in jobs:
            kwargs = CASES[qual]()
            for p, (_, v) in change.items():
                kwargs[p] = v
            param = next(iter(change), None)
            if param is None or len(change) > 1:
                label = ", ".join(f"{p}={lab}" for p, (lab, _) in change.items()) or "valid call"
                first = param or next(iter(params), None)
                outcome, detail = (_run(func, params, first, kwargs[first], expect, kwargs, ref)
                                   if first else ("finite", ""))
            else:
                label = f"{param}={change[param][0]}"
                outcome, detail = _run(func, params, param, kwargs[param], expect, kwargs, ref)
            totals[outcome] += 1
            per_func[qual][outcome] += 1
            if outcome in BAD:
                bad_rows.append((qual, label, expect, outcome, detail))
    n = sum(totals.values())
    print(f"mapmath fuzz: {n} inputs over {len(per_func)} public functions "
          f"({time.perf_counter() - t_start:.0f} s wall)")
    for col in GOOD + BAD:
        print(f"  {col:<17} {totals[col]:>6}")
    for row in bad_rows[: args.show]:
        print("  BAD", " | ".join(map(str, row)))
    if len(bad_rows) > args.show:
        print(f"  ... and {len(bad_rows) - args.show} more")
    return 1 if any(totals[c] for c in BAD) else 0


if __name__ == "__main__":
    sys.exit(main())
