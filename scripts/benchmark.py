"""Measure how long the book takes to execute, build and test, and compare with the targets.

    bash scripts/benchmark.sh            # everything (a few minutes)
    bash scripts/benchmark.sh --no-test  # skip timing the test command

In one run: the raw sequential execution of every chapter (nbclient, a fresh kernel each, nothing
written back), a cold book build (empty build folder, cold execution cache), a warm rebuild with
nothing changed, and the test command (``bash scripts/test.sh``) with a cold execution cache, as
in CI. Builds go to a temporary folder (``--path-output``), so ``_build/`` and the notebooks are
left as they are; each step's output is kept in ``test-artifacts/benchmark/``. Prints a table,
the ratios and the targets; exits 1 if a target is missed:

- cold build <= 1.5 x raw execution + 30 s
- warm rebuild <= 10 % of the cold build
- test command <= 120 s (on 2 cores)
- slowest notebook <= 10 s
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat
import toc
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def chapters() -> list[Path]:
    """The chapter notebooks of ``_toc.yml``, in reading order."""
    return [p for p in toc.chapter_notebooks(ROOT) if p.is_file()]


def execute(path: Path) -> float:
    """Seconds to run one notebook top to bottom in a fresh kernel (kernel start included)."""
    nb = nbformat.read(path, as_version=4)
    start = time.perf_counter()
    NotebookClient(nb, timeout=600, kernel_name="python3",
                   resources={"metadata": {"path": str(path.parent)}}).execute()
    return time.perf_counter() - start


LOGS = ROOT / "test-artifacts" / "benchmark"


def timed(name: str, cmd: list[str], env: dict | None = None) -> tuple[float, int]:
    """Run ``cmd`` from the book's root; its output goes to ``test-artifacts/benchmark/<name>.log``."""
    LOGS.mkdir(parents=True, exist_ok=True)
    with open(LOGS / f"{name}.log", "w") as log:
        start = time.perf_counter()
        proc = subprocess.run(cmd, cwd=ROOT, env={**os.environ, **(env or {})}, stdout=log, stderr=subprocess.STDOUT)
        return time.perf_counter() - start, proc.returncode


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--no-test", action="store_true", help="do not time the test command")
    args = parser.parse_args()

    notebooks = chapters()
    print(f"benchmark: {len(notebooks)} chapters, {os.cpu_count()} cores")
    per_nb = {}
    for nb in notebooks:
        per_nb[nb.name] = execute(nb)
        print(f"  executed {nb.name:<36} {per_nb[nb.name]:6.1f} s")
    raw = sum(per_nb.values())

    out = Path(tempfile.mkdtemp(prefix="mapbook-benchmark-"))
    try:
        build = [str(BIN / "jupyter-book"), "build", str(ROOT), "-W", "-n", "--keep-going", "--path-output", str(out)]
        cold, cold_rc = timed("cold-build", build)
        print(f"  cold build    {cold:6.1f} s (exit {cold_rc})")
        warm, warm_rc = timed("warm-rebuild", build)
        print(f"  warm rebuild  {warm:6.1f} s (exit {warm_rc})")
        test = test_rc = None
        if not args.no_test:
            shutil.rmtree(out / "_build", ignore_errors=True)  # cold execution cache, as in CI
            test, test_rc = timed("test-command", ["bash", "scripts/test.sh"], env={"MAPBOOK_SITE_OUTPUT": str(out)})
            print(f"  test command  {test:6.1f} s (exit {test_rc})")
    finally:
        shutil.rmtree(out, ignore_errors=True)

    slowest = max(per_nb, key=per_nb.get) if per_nb else "-"
    rows = [("notebook", "seconds")] + [(k, f"{v:.1f}") for k, v in per_nb.items()]
    rows += [("raw execution (sum)", f"{raw:.1f}"), ("cold build", f"{cold:.1f}"), ("warm rebuild", f"{warm:.1f}")]
    if test is not None:
        rows.append(("test command", f"{test:.1f}"))
    width = max(len(r[0]) for r in rows)
    print()
    for name, value in rows:
        print(f"{name:<{width}}  {value:>8}")
    print(f"\ncold build / raw execution = {cold / raw if raw else float('nan'):.2f}")
    print(f"warm / cold                 = {warm / cold:.1%}")

    targets = [
        (f"cold build <= 1.5 x raw + 30 s ({1.5 * raw + 30:.0f} s)", cold <= 1.5 * raw + 30 and cold_rc == 0),
        ("warm rebuild <= 10 % of cold", warm <= 0.10 * cold and warm_rc == 0),
        (f"slowest notebook <= 10 s ({slowest})", not per_nb or per_nb[slowest] <= 10),
    ]
    if test is not None:
        targets.append(("test command <= 120 s (passing)", test <= 120 and test_rc == 0))
    print()
    for name, ok in targets:
        print(f"  [{'PASS' if ok else 'MISS'}] {name}")
    failed = [name for name, rc in [("cold-build", cold_rc), ("warm-rebuild", warm_rc), ("test-command", test_rc)]
              if rc not in (0, None)]
    if failed:
        print(f"\n  exited non-zero: {', '.join(failed)} (see {LOGS.relative_to(ROOT)}/<name>.log)")
    return 0 if all(ok for _, ok in targets) else 1


if __name__ == "__main__":
    sys.exit(main())
