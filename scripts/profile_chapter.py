"""Time every code cell of a chapter in a fresh kernel: wall seconds and the kernel's CPU seconds.

Usage: .venv/bin/python scripts/profile_chapter.py chapters/NN_name.ipynb [--top N]

Wall time is inflated on a loaded machine; the kernel's CPU time (``getrusage`` in the kernel,
read between cells) is the steadier number. The first line gives the kernel start-up time, the
total wall time and the kernel's total CPU time (imports included: the floor of every chapter).
The notebook is not modified.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

PROBE = ("import resource as _r\n_u = _r.getrusage(_r.RUSAGE_SELF)\n"
         "print(_u.ru_utime + _u.ru_stime)")


def profile(path: Path) -> tuple[float, float, float, list[tuple[int, float, float, str]]]:
    """Run ``path`` cell by cell; return (kernel start, total wall, kernel CPU, rows per cell)."""
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, timeout=600, kernel_name="python3", allow_errors=True,
                            resources={"metadata": {"path": str(path.parent)}})

    def cpu() -> float:
        cell = nbformat.v4.new_code_cell(PROBE)
        client.execute_cell(cell, 0, store_history=False)
        return float(cell.outputs[0]["text"])

    t0 = time.perf_counter()
    rows = []
    with client.setup_kernel():
        start = time.perf_counter() - t0
        before = cpu()
        for i, cell in enumerate(nb.cells):
            if cell.cell_type != "code":
                continue
            t = time.perf_counter()
            client.execute_cell(cell, i)
            wall = time.perf_counter() - t
            now = cpu()
            first = cell.source.splitlines()[0][:60] if cell.source else ""
            rows.append((i, wall, now - before, first))
            before = now
    return start, time.perf_counter() - t0, before, rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebook", type=Path)
    parser.add_argument("--top", type=int, default=20)
    args = parser.parse_args()
    start, total, kernel_cpu, rows = profile(args.notebook)
    print(f"{args.notebook}: kernel start {start:.2f} s; total wall {total:.2f} s; kernel CPU {kernel_cpu:.2f} s")
    for i, wall, cpu_s, first in sorted(rows, key=lambda r: -r[2])[:args.top]:
        print(f"  cell {i:3d}  wall {wall:6.2f} s  cpu {cpu_s:5.2f} s  {first}")


if __name__ == "__main__":
    main()
