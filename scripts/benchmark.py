"""Measure how long the book takes to execute, build and test, and compare with the targets.

    bash scripts/benchmark.sh            # everything (several minutes)
    bash scripts/benchmark.sh --no-test  # skip timing the test command
    .venv/bin/python scripts/benchmark.py --timeline-summary   # seconds per test file of the last run

In one run: the raw sequential execution of every chapter (nbclient, a fresh kernel each, nothing
written back), a cold book build (empty build folder, cold execution cache), a warm rebuild with
nothing changed, the library timings that used to be asserted in the tests (timings belong here,
not in tests that run on a loaded machine), and the test command (``bash scripts/test.sh``, as the
README runs it: with its caches as they are, so run it once before to time a warm set-up). Builds go
to a temporary folder (``--path-output``), so ``_build/`` and the notebooks are left as they are
(the test command itself rebuilds ``_build/html`` as it always does); each step's output is kept in
``test-artifacts/benchmark/``. Prints per-chapter and per-test-file seconds, the ratios and the
targets (issue 17); exits 1 if a target is missed:

- slowest chapter <= 8 s in a fresh kernel (kernel start included)
- all chapters, raw execution <= 60 s
- cold build <= 1.10 x raw execution
- warm rebuild (nothing changed) <= 5 % of the cold build
- test command <= 240 s (wall, 2 cores, warm set-up), passing
- ``import mapmath`` <= 0.8 s (median of 3); the 20 x 300 lasso converges in <= 2 s; the safe
  parser refuses a too-large number in <= 1 s and a deep or huge input in <= 2 s

Wall-clock times on a busy machine say little: the CPU time of each step is printed beside it.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
LOGS = ROOT / "test-artifacts" / "benchmark"
TIMELINE = Path(os.environ.get("MAPBOOK_TEST_ARTIFACTS") or ROOT / "test-artifacts") / "timeline.txt"

TARGETS = {
    "slowest_chapter": 8.0,  # s, fresh kernel
    "raw": 60.0,  # s, all chapters one after another
    "cold_over_raw": 1.10,
    "warm_over_cold": 0.05,
    "test_command": 240.0,  # s wall
    "import_mapmath": 0.8,
    "lasso_20x300": 2.0,
    "parse_too_large": 1.0,
    "parse_deep": 2.0,
}


def chapters() -> list[Path]:
    """The chapter notebooks of ``_toc.yml``, in reading order."""
    import toc

    return [p for p in toc.chapter_notebooks(ROOT) if p.is_file()]


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _own_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def execute(path: Path) -> float:
    """Seconds to run one notebook top to bottom in a fresh kernel (kernel start included)."""
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    start = time.perf_counter()
    NotebookClient(nb, timeout=600, kernel_name="python3",
                   resources={"metadata": {"path": str(path.parent)}}).execute()
    return time.perf_counter() - start


def timed(name: str, cmd: list[str], env: dict | None = None) -> tuple[float, int, float]:
    """Run ``cmd`` from the book's root; ``(wall s, exit code, CPU s of it and its children)``.
    Its output goes to ``test-artifacts/benchmark/<name>.log``."""
    LOGS.mkdir(parents=True, exist_ok=True)
    with open(LOGS / f"{name}.log", "w") as log:
        cpu = _children_cpu()
        start = time.perf_counter()
        proc = subprocess.run(cmd, cwd=ROOT, env={**os.environ, **(env or {})}, stdout=log, stderr=subprocess.STDOUT)
        return time.perf_counter() - start, proc.returncode, _children_cpu() - cpu


# --- the timings that were asserted in tests ------------------------------------------------------

_LIBRARY = r"""
import statistics, subprocess, sys, time
code = "import time; t = time.perf_counter(); import mapmath; print(time.perf_counter() - t)"
imp = statistics.median(float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                                             check=True).stdout) for _ in range(3))
import numpy as np
from mapmath import lasso
import sympy as sp
from mapmath.parsing import parse_expression
SYMBOLS = dict(zip("xyk", sp.symbols("x y k")))
def parse(text, **kw):
    return parse_expression(text, SYMBOLS, **kw)
lasso_s = 0.0
for seed, b in [(0, 0.05), (1, 0.5), (2, 2.0)]:  # tests/test_numerics.py's problems
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(20, 300)); w = np.zeros(300); w[:5] = [3.0, -2.0, 1.5, 1.0, -1.0]
    y = X @ w + 0.5 * rng.normal(size=20)
    t = time.perf_counter(); lasso.lasso_map(X, y, 1.0, b, return_certificate=True)
    lasso_s = max(lasso_s, time.perf_counter() - t)
def refused(text, **kw):
    t = time.perf_counter()
    try:
        parse(text, **kw)
    except ValueError:
        pass
    return time.perf_counter() - t
large = max(refused(s) for s in ["(10**50)**100", "(99**99)**99", "1e999", "1" * 400, "exp(1000)",
                                 "sin(exp(exp(exp(100))))", "gamma(10**6)", "gamma(gamma(gamma(10)))"])
def balanced(n):
    return "x" if n == 1 else f"({balanced(n // 2)})+({balanced(n - n // 2)})"
deep = max(refused(s, max_length=100_000) for s in ["(" * 500 + "x" + ")" * 500, "-" * 300 + "x",
           "+".join(["x"] * 3000), "*".join(["x"] * 150), "sqrt(" * 120 + "x" + ")" * 120, balanced(600),
           "x" * 10_000])
print(imp, lasso_s, large, deep)
"""


def library_timings() -> dict[str, float]:
    """``import mapmath`` (median of 3 fresh interpreters), the slowest 20 x 300 lasso of
    ``tests/test_numerics.py``, and the slowest refusal of the safe parser (``tests/test_parsing.py``)."""
    out = subprocess.run([sys.executable, "-c", _LIBRARY], cwd=ROOT, capture_output=True, text=True, check=True)
    values = [float(v) for v in out.stdout.split()]
    return dict(zip(["import_mapmath", "lasso_20x300", "parse_too_large", "parse_deep"], values, strict=True))


# --- the timeline of a test run -------------------------------------------------------------------


def timeline_per_file(path: Path = TIMELINE) -> dict[str, float]:
    """Seconds per test file (nbval: per chapter) recorded in the timeline, set-up included."""
    per_file: dict[str, float] = defaultdict(float)
    if not path.is_file():
        return {}
    for line in path.read_text().splitlines():
        if line.startswith("#"):
            continue
        parts = line.split(" ", 3)
        if len(parts) == 4:
            per_file[parts[3].split("::")[0]] += float(parts[2])
    return dict(sorted(per_file.items(), key=lambda kv: -kv[1]))


def print_timeline_summary() -> int:
    per_file = timeline_per_file()
    if not per_file:
        print("benchmark: no timeline (test-artifacts/timeline.txt)")
        return 1
    lines = [f"{seconds:8.1f} s  {name}" for name, seconds in per_file.items()]
    lines.append(f"{sum(per_file.values()):8.1f} s  recorded in all ({len(per_file)} files)")
    (TIMELINE.parent / "timeline-files.txt").write_text("\n".join(lines) + "\n")
    print("\nslowest test files (s, set-up included; test-artifacts/timeline-files.txt):")
    print("\n".join(lines[:12]))
    work = TIMELINE.parent / "work.txt"  # tests/built_site.py: record_work
    rows = [line.split(" ", 4) for line in (work.read_text().splitlines() if work.is_file() else [])
            if not line.startswith("#") and line.count(" ") >= 4]
    if rows:
        kinds = defaultdict(int)
        for row in rows:
            kinds[row[2]] += 1
        print(f"\nbuilds and notebook runs of the test run ({', '.join(f'{k}: {n}' for k, n in kinds.items())}; "
              "nbval's chapter runs not included; test-artifacts/work.txt):")
        print("\n".join(f"{float(row[3]):8.1f} s  {row[2]:<7} {row[4]}" for row in rows))
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--no-test", action="store_true", help="do not time the test command")
    parser.add_argument("--timeline-summary", action="store_true",
                        help="only print the seconds per test file of the last test run and exit")
    args = parser.parse_args()
    if args.timeline_summary:
        return print_timeline_summary()

    notebooks = chapters()
    print(f"benchmark: {len(notebooks)} chapters, {os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}")
    per_nb = {}
    cpu, own = _children_cpu(), _own_cpu()
    for nb in notebooks:
        per_nb[nb.name] = execute(nb)
        print(f"  executed {nb.name:<36} {per_nb[nb.name]:6.1f} s")
    raw = sum(per_nb.values())
    kernels_cpu = _children_cpu() - cpu
    raw_cpu = kernels_cpu + _own_cpu() - own  # the kernels and nbclient: what a build's CPU also counts
    print(f"  (CPU {raw_cpu:.1f} s, of which the kernels {kernels_cpu:.1f} s)")

    out = Path(tempfile.mkdtemp(prefix="mapbook-benchmark-"))
    try:
        # as scripts/build.sh builds: jupyter-book through scripts/jb.py (imports deferred)
        build = [str(BIN / "python"), str(ROOT / "scripts" / "jb.py"), "build", str(ROOT), "-W", "-n", "--keep-going",
                 "--path-output", str(out)]
        cold, cold_rc, cold_cpu = timed("cold-build", build)
        print(f"  cold build    {cold:6.1f} s (CPU {cold_cpu:.1f} s, exit {cold_rc})")
        warm, warm_rc, warm_cpu = timed("warm-rebuild", build)
        print(f"  warm rebuild  {warm:6.1f} s (CPU {warm_cpu:.1f} s, exit {warm_rc})")
    finally:
        shutil.rmtree(out, ignore_errors=True)
    library = library_timings()
    for name, seconds in library.items():
        print(f"  {name:<14}{seconds:6.2f} s")
    test = test_rc = None
    if not args.no_test:
        test, test_rc, test_cpu = timed("test-command", ["bash", "scripts/test.sh"])
        print(f"  test command  {test:6.1f} s (CPU {test_cpu:.1f} s, exit {test_rc})")

    slowest = max(per_nb, key=per_nb.get) if per_nb else "-"
    rows = [("chapter", "seconds")] + [(k, f"{v:.1f}") for k, v in per_nb.items()]
    rows += [("raw execution (sum)", f"{raw:.1f}"), ("cold build", f"{cold:.1f}"), ("warm rebuild", f"{warm:.1f}")]
    if test is not None:
        rows.append(("test command", f"{test:.1f}"))
    width = max(len(r[0]) for r in rows)
    print()
    for name, value in rows:
        print(f"{name:<{width}}  {value:>8}")
    print(f"\ncold build / raw execution = {cold / raw if raw else float('nan'):.2f}")
    print(f"warm / cold                 = {warm / cold:.1%}")
    # on a loaded machine wall time measures the load; the same ratios in CPU time (user + system)
    print(f"in CPU time: cold / raw = {cold_cpu / raw_cpu if raw_cpu else float('nan'):.2f}, "
          f"warm / cold = {warm_cpu / cold_cpu if cold_cpu else float('nan'):.1%} "
          f"(raw {raw_cpu:.1f} s, cold {cold_cpu:.1f} s, warm {warm_cpu:.1f} s)")
    if test is not None:
        print_timeline_summary()

    t = TARGETS
    targets = [
        (f"slowest chapter <= {t['slowest_chapter']:.0f} s ({slowest}: {per_nb.get(slowest, 0):.1f} s)",
         not per_nb or per_nb[slowest] <= t["slowest_chapter"]),
        (f"all chapters, raw <= {t['raw']:.0f} s ({raw:.1f} s)", raw <= t["raw"]),
        (f"cold build <= {t['cold_over_raw']:.2f} x raw ({cold / raw if raw else 0:.2f})",
         cold <= t["cold_over_raw"] * raw and cold_rc == 0),
        (f"warm rebuild <= {t['warm_over_cold']:.0%} of cold ({warm / cold:.1%})",
         warm <= t["warm_over_cold"] * cold and warm_rc == 0),
    ]
    targets += [(f"{name} <= {t[name]} s ({seconds:.2f} s)", seconds <= t[name]) for name, seconds in library.items()]
    if test is not None:
        targets.append((f"test command <= {t['test_command']:.0f} s, passing ({test:.0f} s, exit {test_rc})",
                        test <= t["test_command"] and test_rc == 0))
    print()
    for name, ok in targets:
        print(f"  [{'PASS' if ok else 'MISS'}] {name}")
    failed = [name for name, rc in [("cold-build", cold_rc), ("warm-rebuild", warm_rc), ("test-command", test_rc)]
              if rc not in (0, None)]
    if failed:
        print(f"\n  exited non-zero: {', '.join(failed)} (see {LOGS.relative_to(ROOT)}/<name>.log)")
    return 0 if all(ok for _, ok in targets) else 1


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    sys.exit(main())
