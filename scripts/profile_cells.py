"""Profile chapters cell by cell: wall and kernel CPU seconds per code cell, in a fresh kernel.

    .venv/bin/python scripts/profile_cells.py chapters/05_reparameterization.ipynb [more.ipynb] [--top N]

Runs each notebook top to bottom with nbclient (nothing written back) and prints the total wall
time, the kernel start, the kernel's CPU time (user + system, read from the kernel process), its
shutdown (wall, and the CPU the exiting kernel used, read once it has exited) and the N slowest
cells. On a shared, loaded machine wall time is inflated by waiting for a core; the
kernel's CPU time is the number to compare.
"""

from __future__ import annotations

import argparse
import resource
import time
from pathlib import Path

import nbformat
import psutil
from nbclient import NotebookClient


def _reaped_cpu() -> float:
    """CPU seconds of this process's children that have exited (the kernels)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def profile(path: Path, top: int) -> None:
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, timeout=600, kernel_name="python3",
                            resources={"metadata": {"path": str(path.parent)}})
    rows = []
    reaped = _reaped_cpu()
    start = time.perf_counter()
    with client.setup_kernel():
        started = time.perf_counter() - start
        kernel = psutil.Process(client.km.provisioner.process.pid)

        def cpu() -> float:
            t = kernel.cpu_times()
            return t.user + t.system + t.children_user + t.children_system

        cpu_start = cpu()
        for index, cell in enumerate(nb.cells):
            if cell.cell_type != "code":
                continue
            wall, used = time.perf_counter(), cpu()
            client.execute_cell(cell, index)
            first = cell.source.splitlines()[0][:60] if cell.source else ""
            rows.append((index, time.perf_counter() - wall, cpu() - used, first))
        cpu_total = cpu()
        ran = time.perf_counter()
    wall = time.perf_counter() - start
    exit_cpu = _reaped_cpu() - reaped - cpu_total
    print(f"{path.name}: wall {wall:.2f} s (kernel start {started:.2f} s, shutdown {time.perf_counter() - ran:.2f} s), "
          f"kernel CPU {cpu_total:.2f} s (of which start-up {cpu_start:.2f} s) + {exit_cpu:.2f} s exiting")
    for index, w, c, first in sorted(rows, key=lambda r: -r[2])[:top]:
        print(f"  cell {index:3d} {w:6.2f} s wall {c:6.2f} s CPU  {first}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("notebooks", nargs="+", type=Path)
    parser.add_argument("--top", type=int, default=12, help="how many of the slowest cells to list")
    args = parser.parse_args()
    for path in args.notebooks:
        profile(path.resolve(), args.top)


if __name__ == "__main__":
    main()
