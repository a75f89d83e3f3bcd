"""Find, hide and strip exercise solutions in the chapters' notebooks.

A solution is the run of cells from a markdown cell that opens with a ``{solution-start}``
directive to the markdown cell holding the matching ``{solution-end}`` (sphinx-exercise's gated
syntax, which lets a solution contain code cells; the patterns and ``solution_spans`` are
``_ext/mapbook_structure.py``'s). Usage:

    python scripts/solutions.py mark  [NOTEBOOK ...]   # hide solution cells in JupyterLab (in place)
    python scripts/solutions.py check [NOTEBOOK ...]   # exit 1 if a solution cell is not hidden
    python scripts/solutions.py strip SRC_DIR DST_DIR  # copy a book tree without any solution cell
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

if __name__ == "__main__":  # as a script: nbformat's validation needs no IRI grammar (scripts/jb.py)
    from jb import LAZY, defer_import

    defer_import(LAZY)

import nbformat

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "_ext"))
# the book's structure (exercise and solution patterns, solution_spans) has one owner
from mapbook_structure import PLAIN_SOLUTION, solution_cells, solution_spans

__all__ = ["HIDDEN", "mark", "solution_cells", "solution_spans", "strip", "unhidden"]

HIDDEN = {"source_hidden": True, "outputs_hidden": True}


def mark(path: Path) -> bool:
    """Tag solution cells ``solution`` and collapse them in JupyterLab; True if the file changed."""
    nb = nbformat.read(path, as_version=4)
    changed = False
    for i in solution_cells(nb):
        md = nb.cells[i].metadata
        tags = md.setdefault("tags", [])
        if "solution" not in tags:
            tags.append("solution")
            changed = True
        jup = md.setdefault("jupyter", {})
        for key, value in HIDDEN.items():
            if jup.get(key) is not value:
                jup[key] = value
                changed = True
    if changed:
        nbformat.write(nb, path)
    return changed


def unhidden(path: Path) -> list[int]:
    """Solution cells of ``path`` that a JupyterLab reader would see expanded."""
    nb = nbformat.read(path, as_version=4)
    return [i for i in solution_cells(nb)
            if any(nb.cells[i].metadata.get("jupyter", {}).get(k) is not True for k in HIDDEN)
            or "solution" not in nb.cells[i].metadata.get("tags", [])]


def strip(src: Path, dst: Path) -> None:
    """Copy the book in ``src`` to ``dst`` with every solution cell removed from every notebook."""
    if dst.exists():
        shutil.rmtree(dst)
    ignore = shutil.ignore_patterns(".git", ".venv", "_build", "_build_student", "node_modules",
                                    ".pytest_cache", ".hypothesis", ".ruff_cache", "__pycache__", "test-artifacts")
    shutil.copytree(src, dst, ignore=ignore)
    for path in sorted((dst / "chapters").glob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        drop = set(solution_cells(nb))
        for i, cell in enumerate(nb.cells):
            if i not in drop and cell.cell_type == "markdown" and PLAIN_SOLUTION.search(cell.source):
                raise ValueError(f"{path.name} cell {i}: plain {{solution}} blocks are not allowed; use solution-start")
        nb.cells = [c for i, c in enumerate(nb.cells) if i not in drop]
        nbformat.write(nb, path)


def _notebooks(args: list[str]) -> list[Path]:
    return [Path(a) for a in args] or sorted(Path("chapters").glob("*.ipynb"))


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in {"mark", "check", "strip"}:
        print(__doc__)
        return 2
    cmd, rest = argv[0], argv[1:]
    if cmd == "mark":
        for path in _notebooks(rest):
            if mark(path):
                print(f"marked solution cells in {path}")
        return 0
    if cmd == "check":
        bad = {str(p): unhidden(p) for p in _notebooks(rest)}
        bad = {p: cells for p, cells in bad.items() if cells}
        for p, cells in bad.items():
            print(f"{p}: solution cells {cells} are not hidden (run: python scripts/solutions.py mark {p})")
        return 1 if bad else 0
    if len(rest) != 2:
        print("usage: solutions.py strip SRC_DIR DST_DIR")
        return 2
    strip(Path(rest[0]), Path(rest[1]))
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv[1:]))
    except ValueError as exc:  # a malformed solution: say where, without a traceback
        print(f"solutions.py: {exc}", file=sys.stderr)
        sys.exit(1)
