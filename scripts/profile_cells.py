"""Profile a chapter cell by cell: wall and kernel CPU seconds per code cell, in a fresh kernel.

    .venv/bin/python scripts/profile_cells.py chapters/07_confusions.ipynb [N]

Runs the notebook as ``scripts/benchmark.py`` does (nbclient, a fresh ``python3`` kernel started in
``chapters/``, nothing written back) and prints the kernel start-up time, the total, and the N
slowest cells (default 15). CPU is the kernel process's user + system time (``/proc/<pid>/stat``,
Linux), which a loaded machine inflates far less than wall time.
"""

from __future__ import annotations

import os
import sys
import time

import nbformat
from nbclient import NotebookClient


def _kernel_cpu(pid: int) -> float:
    """User + system CPU seconds of process ``pid`` (Linux ``/proc``)."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def main(path: str, top: int = 15) -> None:
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, timeout=600, kernel_name="python3",
                            resources={"metadata": {"path": os.path.dirname(path) or "."}})
    start = time.perf_counter()
    rows = []
    with client.setup_kernel():
        ready = time.perf_counter() - start
        pid = client.km.provisioner.process.pid
        cpu_ready = _kernel_cpu(pid)
        for index, cell in enumerate(nb.cells):
            if cell.cell_type != "code":
                continue
            wall, cpu = time.perf_counter(), _kernel_cpu(pid)
            client.execute_cell(cell, index)
            first = cell.source.strip().splitlines()[0][:60] if cell.source.strip() else ""
            rows.append((time.perf_counter() - wall, _kernel_cpu(pid) - cpu, index, first))
        cpu_total = _kernel_cpu(pid)
    total = time.perf_counter() - start
    print(f"{path}: wall {total:.2f} s (kernel ready after {ready:.2f} s, {cpu_ready:.2f} s CPU); "
          f"kernel CPU {cpu_total:.2f} s")
    for wall, cpu, index, first in sorted(rows, reverse=True)[:top]:
        print(f"  cell {index:3d}  wall {wall:6.2f} s  cpu {cpu:5.2f} s  {first}")


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 15)
