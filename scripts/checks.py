"""Story first: move each chapter cell's checks into a collapsed "checks" cell after it.

A chapter cell computes and shows; its bookkeeping (``assert``, ``mapmath.assert_*``, ``glue``)
runs in the next cell, tagged ``checks`` and ``hide-input``, so the site collapses it behind "Show
the checks" (myst-nb's cell-level ``code_prompt_show``) and the generated notebooks collapse it too.
Nothing is dropped: the checks still run top to bottom and nbval compares every output.

    python scripts/checks.py split chapters/*.ipynb   # split, in place (then scripts/execute.sh)
    python scripts/checks.py check chapters/*.ipynb   # exit 1 if a cell still ends in checks

A check statement is an ``assert``, a call of ``glue``/``glue_bound``/``assert_close``/
``assert_symbolic_equal`` (or any ``mapmath.assert_*``), or a ``for`` loop whose body holds checks
and the assignments they compare. A check moves (with the comments just above it) when no later
statement of its cell assigns a name it reads or reads a name it assigns, so it sees the same values
after the move and the story does not depend on it. Solution cells (tag ``solution``) and the set-up cell are left
alone: a solution's asserts are its answer.
"""

from __future__ import annotations

import ast
import hashlib
import sys
from pathlib import Path

import nbformat

CHECK_CALLS = {"glue", "glue_bound", "assert_close", "assert_symbolic_equal", "assert_allclose"}
TAGS = ["checks", "hide-input"]
PROMPTS = {"code_prompt_show": "Show the checks", "code_prompt_hide": "Hide the checks"}


def is_check(node: ast.stmt) -> bool:
    """Whether a top-level statement is bookkeeping (see the module docstring)."""
    if isinstance(node, ast.Assert):
        return True
    if isinstance(node, ast.Expr) and isinstance(node.value, ast.Call):
        func = node.value.func
        name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
        return name in CHECK_CALLS or name.startswith("assert_")
    if isinstance(node, ast.For) and not node.orelse:  # a loop of checks (and the values they compare)
        return (any(is_check(child) for child in node.body)
                and all(is_check(child) or isinstance(child, ast.Assign) for child in node.body))
    return False


def _reads(node: ast.AST) -> set[str]:
    return {n.id for n in ast.walk(node) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)}


def _writes(node: ast.AST) -> set[str]:
    names = {n.id for n in ast.walk(node) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store | ast.Del)}
    names |= {a.asname or a.name.split(".")[0] for n in ast.walk(node) if isinstance(n, ast.Import | ast.ImportFrom)
              for a in n.names}
    names |= {n.name for n in ast.walk(node) if isinstance(n, ast.FunctionDef | ast.ClassDef)}
    return names


def _mutates(node: ast.AST) -> bool:
    """A method call or subscript store may change an object a check reads: be conservative."""
    return any(isinstance(n, ast.Subscript) and isinstance(n.ctx, ast.Store) for n in ast.walk(node))


def split_source(source: str) -> tuple[str, str] | None:
    """``(story, checks)`` for a cell's source, or ``None`` when nothing moves."""
    try:
        tree = ast.parse(source)
    except SyntaxError:  # IPython magics: leave the cell alone
        return None
    body = tree.body
    if not body:
        return None
    lines = source.splitlines()
    movable = []
    for i, node in enumerate(body):
        if not is_check(node):
            continue
        later = body[i + 1:]
        later_writes = set().union(*(_writes(n) for n in later)) if later else set()
        later_reads = set().union(*(_reads(n) for n in later)) if later else set()
        independent = not (_reads(node) & later_writes or _writes(node) & later_reads
                           or any(_mutates(n) for n in later))
        if i == len(body) - 1 or independent:
            movable.append(i)
    # a cell that is all checks stays one cell (it is tagged instead); the last statement must not
    # be an expression that displays a value after the move
    if not movable or len(movable) == len(body):
        return None
    last = body[-1]
    keep = [n for i, n in enumerate(body) if i not in movable]
    if isinstance(keep[-1], ast.Expr) and keep[-1] is not last and not isinstance(keep[-1].value, ast.Call):
        return None  # the displayed value would no longer be the cell's last expression
    if isinstance(last, ast.Expr) and not is_check(last) and not isinstance(last.value, ast.Call):
        pass  # the cell ends in a displayed expression, which stays last

    def span(node: ast.stmt) -> tuple[int, int]:
        start = node.lineno - 1
        while start > 0 and lines[start - 1].lstrip().startswith("#") and not _is_owned_comment(lines, start - 1):
            start -= 1
        return start, node.end_lineno

    taken: set[int] = set()
    moved = []
    for i in movable:
        a, b = span(body[i])
        moved.append("\n".join(lines[a:b]))
        taken.update(range(a, b))
    story = "\n".join(line for k, line in enumerate(lines) if k not in taken).strip("\n")
    checks = "\n".join(moved).strip("\n")
    story = "\n".join(_squeeze_blank_lines(story.splitlines()))
    return story, checks


def _is_owned_comment(lines: list[str], k: int) -> bool:
    """A comment line directly below a non-comment, non-blank line belongs to the statement above."""
    return False


def _squeeze_blank_lines(lines: list[str]) -> list[str]:
    out: list[str] = []
    for line in lines:
        if line.strip() == "" and out and out[-1].strip() == "":
            continue
        out.append(line)
    return out


def _checks_cell(source: str, anchor: str, taken: set[str]) -> nbformat.NotebookNode:
    cell = nbformat.v4.new_code_cell(source)
    seed = f"checks:{anchor}:{source}"
    cell.id = hashlib.sha256(seed.encode()).hexdigest()[:8]
    while cell.id in taken:  # a stable id that no other cell of the notebook has
        seed += "'"
        cell.id = hashlib.sha256(seed.encode()).hexdigest()[:8]
    taken.add(cell.id)
    cell.metadata["tags"] = list(TAGS)
    cell.metadata["mystnb"] = dict(PROMPTS)
    return cell


def _skip(cell: nbformat.NotebookNode) -> bool:
    tags = cell.metadata.get("tags", [])
    return cell.cell_type != "code" or "solution" in tags or "setup" in tags or "checks" in tags


def _all_checks(source: str) -> bool:
    try:
        body = ast.parse(source).body
    except SyntaxError:
        return False
    return bool(body) and all(is_check(n) for n in body)


def split(path: Path) -> int:
    """Split every cell of one notebook in place; return how many cells changed."""
    nb = nbformat.read(path, as_version=4)
    cells, changed = [], 0
    taken = {cell.id for cell in nb.cells}
    for cell in nb.cells:
        if _skip(cell):
            cells.append(cell)
            continue
        if _all_checks(cell.source):
            tags = cell.metadata.get("tags", [])
            cell.metadata["tags"] = [*tags, *[t for t in TAGS if t not in tags]]
            cell.metadata["mystnb"] = dict(PROMPTS)
            cells.append(cell)
            changed += 1
            continue
        parts = split_source(cell.source)
        if parts is None:
            cells.append(cell)
            continue
        story, checks = parts
        cell.source = story
        cells.append(cell)
        cells.append(_checks_cell(checks, f"{path.name}:{cell.id}", taken))
        changed += 1
    nb.cells = cells
    nbformat.write(nb, path)
    return changed


def unsplit_cells(path: Path) -> list[str]:
    """Cells (outside solutions) that still hold a check statement that could move."""
    nb = nbformat.read(path, as_version=4)
    return [cell.id for cell in nb.cells if not _skip(cell) and not _all_checks(cell.source)
            and split_source(cell.source) is not None]


def main(argv: list[str]) -> int:
    if len(argv) < 2 or argv[0] not in {"split", "check"}:
        print(__doc__)
        return 2
    paths = [Path(a) for a in argv[1:]]
    if argv[0] == "split":
        for path in paths:
            print(f"{path}: {split(path)} cell(s) split or tagged")
        return 0
    bad = {str(p): ids for p in paths if (ids := unsplit_cells(p))}
    for p, ids in bad.items():
        print(f"{p}: checks still inside cells {ids}: run scripts/checks.py split")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
