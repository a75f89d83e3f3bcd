"""Write a graded course for nbgrader from the book's student notebooks.

    python scripts/course.py DIR [--notebooks FOLDER] [--full] [--points N]

writes a standard nbgrader course into ``DIR``: ``DIR/nbgrader_config.py`` and, for every chapter
with exercises, ``DIR/source/NN_name/NN_name.ipynb``. ``FOLDER`` holds the generated student
notebooks (default ``_build/notebooks/student``, written by ``bash scripts/build.sh``; ``bash
scripts/course.sh DIR`` builds them first when they are missing).

Each source notebook is an assignment: by default the chapter's title, its set-up cell and its
exercises (``--full``: the whole chapter, prose, code and figures, as the student notebook has it).
Every exercise gets, in nbgrader's own cell metadata (schema 3):

- its statement, read-only (``locked``), like every other prose and code cell;
- an *autograded answer* cell (``solution: true, grade: false``): the student notebook's answer
  cell, where the instructor's reference answer sits between ``### BEGIN SOLUTION`` and
  ``### END SOLUTION`` (``nbgrader generate_assignment`` removes it: the release shows
  ``answer = ...`` and the self-check call, as the student notebook does);
- one *hidden test* cell per checker (``grade: true, points: N``), its body between ``### BEGIN
  HIDDEN TESTS`` and ``### END HIDDEN TESTS`` (removed from the release, restored by ``nbgrader
  autograde``): it imports the checker afresh, asserts that the checker still accepts the
  instructor's key and refuses a known wrong answer (a checker replaced in the student's kernel
  earns nothing), then asserts the checker's verdict on the student's answer.

The reference (and wrong) answers come from the checker modules' answer tables
(``mapmath.exercises.answer_table()``; the reference is ``right[0]``).
"""

from __future__ import annotations

import argparse
import ast
import copy
import hashlib
import re
import sys
from dataclasses import dataclass
from pathlib import Path

if __name__ == "__main__":  # as a script: nbformat's validation needs no IRI grammar (scripts/jb.py)
    from jb import LAZY, defer_import

    defer_import(LAZY)

import nbformat

ROOT = Path(__file__).resolve().parents[1]
SCHEMA = 3
EXERCISE_NAME = re.compile(r"^#\s*(Exercise\s+(\d+)\.(\d+))\s*:")


@dataclass(frozen=True)
class Answer:
    """One checked answer of an exercise: the variable the student fills in and its checker."""

    variable: str
    checker: str
    module: str


@dataclass(frozen=True)
class AnswerCell:
    """A student notebook's answer cell, read: its exercise ("Exercise 5.2") and its answers."""

    exercise: str
    grade_stem: str
    answers: tuple[Answer, ...]


# --- reading the student notebooks ---------------------------------------------------------------


def read_answer_cell(source: str) -> AnswerCell:
    """The exercise and the (variable, checker) pairs of an answer cell written by
    ``_ext/mapbook_notebooks.py``: a first line ``# Exercise N.M: ...``, ``from M import check_x``
    lines, ``name = ...`` placeholders and one call ``check_x(name)`` per checker.

    Read from the cell's syntax tree, so the layout of the cell may change freely."""
    head = EXERCISE_NAME.match(source)
    if not head:
        raise ValueError(f"an answer cell must start with '# Exercise N.M:', got {source[:60]!r}")
    tree = ast.parse(source)
    modules: dict[str, str] = {}
    placeholders: list[str] = []
    calls: dict[str, str] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            for alias in node.names:
                modules[alias.asname or alias.name] = node.module
        elif isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant) and node.value.value is Ellipsis:
            placeholders += [t.id for t in node.targets if isinstance(t, ast.Name)]
        elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id.startswith("check_")
              and len(node.args) == 1 and isinstance(node.args[0], ast.Name)):
            calls[node.func.id] = node.args[0].id
    answers = []
    for checker, variable in calls.items():
        if checker not in modules or variable not in placeholders:
            raise ValueError(f"{head.group(1)}: {checker}({variable}) is not imported or not a placeholder")
        answers.append(Answer(variable, checker, modules[checker]))
    if not answers:
        raise ValueError(f"{head.group(1)}: the answer cell calls no checker")
    return AnswerCell(head.group(1), f"ex{head.group(2)}_{head.group(3)}", tuple(answers))


def is_answer_cell(cell: nbformat.NotebookNode) -> bool:
    return cell.cell_type == "code" and "answer" in cell.metadata.get("tags", [])


# --- the keys ------------------------------------------------------------------------------------


def answer_keys() -> dict[str, tuple[object, object | None]]:
    """``{checker: (reference answer, a wrong answer or None)}`` from the checkers' answer tables."""
    from mapmath.exercises import answer_table

    return {name: (entry.right[0], entry.wrong[0] if entry.wrong else None) for name, entry in answer_table().items()}


def literal(value: object) -> str:
    """Python source for an answer: strings and plain numbers as literals; anything else (a
    ``Fraction``, a SymPy expression, an ``mpmath`` number, a NumPy scalar) as the string the
    checkers parse, exact where the object is exact."""
    if isinstance(value, bool):
        raise TypeError("an answer key cannot be a bool")
    if isinstance(value, str):
        return repr(value)
    if type(value) is int:
        return repr(value)
    if type(value) is float:
        return repr(value)
    if hasattr(value, "item") and callable(value.item) and getattr(value, "shape", ()) == ():
        return literal(value.item())  # NumPy scalars and 0-d arrays
    return repr(str(value))


# --- nbgrader cells -------------------------------------------------------------------------------


def _nbgrader(grade_id: str, *, solution: bool = False, grade: bool = False, locked: bool = False,
              points: float | None = None) -> dict:
    meta = {"grade": grade, "grade_id": grade_id, "locked": locked, "schema_version": SCHEMA, "solution": solution}
    if points is not None:
        meta["points"] = points
    return meta


def solution_cell(cell: nbformat.NotebookNode, parsed: AnswerCell, keys: dict) -> nbformat.NotebookNode:
    """The answer cell with each placeholder kept and the reference answer added in a solution
    region just after it (the release keeps ``name = ...`` and drops the region)."""
    out = nbformat.v4.new_code_cell()
    lines = []
    for line in cell.source.split("\n"):
        lines.append(line)
        for answer in parsed.answers:
            if re.fullmatch(rf"{answer.variable}\s*=\s*\.\.\.\s*", line):
                lines += ["### BEGIN SOLUTION", f"{answer.variable} = {literal(keys[answer.checker][0])}",
                          "### END SOLUTION"]
    out.source = "\n".join(lines)
    out.metadata = {"tags": ["answer"], "nbgrader": _nbgrader(f"{parsed.grade_stem}_answer", solution=True)}
    return out


def hidden_test_cell(parsed: AnswerCell, answer: Answer, keys: dict, points: float) -> nbformat.NotebookNode:
    """The autograder's test of one answer: the checker's verdict, asserted, after a check that the
    checker in the kernel is still the book's (it accepts the key and refuses a wrong answer)."""
    key, wrong = keys[answer.checker]
    sanity = f"assert {answer.checker}(_key)"
    if wrong is not None:
        sanity += f" and not {answer.checker}(_wrong)"
    body = [
        f"# {parsed.exercise}, graded ({points:g} point{'s' if points != 1 else ''}).",
        "### BEGIN HIDDEN TESTS",
        f"from {answer.module} import {answer.checker}",
        "",
        f"_key = {literal(key)}",
        *([f"_wrong = {literal(wrong)}"] if wrong is not None else []),
        f"{sanity}, 'the checker in this kernel is not the book\\'s'",
        f"_verdict = {answer.checker}({answer.variable})",
        "assert _verdict, str(_verdict)",
        "### END HIDDEN TESTS",
    ]
    grade_id = f"{parsed.grade_stem}_test" + (f"_{answer.variable}" if len(parsed.answers) > 1 else "")
    cell = nbformat.v4.new_code_cell("\n".join(body))
    cell.metadata = {"tags": ["graded"], "nbgrader": _nbgrader(grade_id, grade=True, locked=True, points=points)}
    return cell


def locked(cell: nbformat.NotebookNode, index: int) -> nbformat.NotebookNode:
    """A read-only copy of a prose or code cell (nbgrader restores it on autograding)."""
    out = copy.deepcopy(cell)
    out.metadata["nbgrader"] = _nbgrader(f"cell_{index:03d}", locked=True)
    return out


def title_only(cell: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """The chapter's heading and its TeX macro line, without the chapter's introduction."""
    out = copy.deepcopy(cell)
    lines = cell.source.split("\n")
    macros = [line for line in lines[1:] if line.startswith("$\\newcommand")]
    out.source = "\n\n".join([lines[0], *macros])
    return out


def intro_cell(stem: str, full: bool) -> nbformat.NotebookNode:
    if full:
        text = ("**Graded assignment.** Work through the chapter; after each exercise, replace `...` in its "
                "answer cell with your answer and run the cell for a hint. The grade comes from hidden tests "
                "that call the same checkers when your instructor grades the notebook.")
    else:
        text = (f"**Graded assignment: the exercises of this chapter.** Read the chapter first (on the book's "
                f"website, or in its notebook `{stem}.ipynb`). After each exercise, replace `...` in its answer "
                "cell with your answer and run the cell for a hint; add your own cells to work things out. The "
                "grade comes from hidden tests that call the same checkers when your instructor grades the "
                "notebook.")
    return nbformat.v4.new_markdown_cell(text)


def source_notebook(student: nbformat.NotebookNode, stem: str, keys: dict, *, full: bool = False,
                    points: float = 1) -> nbformat.NotebookNode | None:
    """The nbgrader source notebook of one chapter's student notebook (None: no exercise)."""
    cells = student.cells
    answers = [i for i, c in enumerate(cells) if is_answer_cell(c)]
    if not answers:
        return None
    if full:
        keep = set(range(len(cells)))
    else:
        title = min(j for j, c in enumerate(cells) if c.cell_type == "markdown")
        keep = {i for i, c in enumerate(cells) if "setup" in c.metadata.get("tags", [])} | {title}
        for i in answers:
            keep.add(i)
            statement = max(j for j in range(i) if cells[j].cell_type == "markdown")
            keep.add(statement)
    title = min(j for j, c in enumerate(cells) if c.cell_type == "markdown")
    out_cells = []
    for i in sorted(keep):
        cell = cells[i]
        if is_answer_cell(cell):
            parsed = read_answer_cell(cell.source)
            missing = [a.checker for a in parsed.answers if a.checker not in keys]
            if missing:
                raise ValueError(f"{stem}: no reference answer for {missing}")
            out_cells.append(solution_cell(cell, parsed, keys))
            out_cells += [hidden_test_cell(parsed, a, keys, points) for a in parsed.answers]
        elif i == title and not full:
            out_cells.append(locked(title_only(cell), i))
        else:
            out_cells.append(locked(cell, i))
        if i == title:
            intro = intro_cell(stem, full)
            intro.metadata["nbgrader"] = _nbgrader("assignment_intro", locked=True)
            out_cells.append(intro)
    for n, cell in enumerate(out_cells):  # stable ids: the same chapter gives the same notebook
        cell.id = hashlib.sha256(f"course:{stem}:{n}".encode()).hexdigest()[:12]
        if cell.cell_type == "code":  # the release starts without outputs
            cell.outputs, cell.execution_count = [], None
    nb = nbformat.v4.new_notebook(cells=out_cells)
    nb.metadata = copy.deepcopy(student.metadata)
    nb.metadata.setdefault("mapbook", {})["edition"] = "course"
    nbformat.validate(nb)
    return nb


CONFIG = '''\
# nbgrader configuration of the mapbook course, written by scripts/course.sh.
# Run nbgrader from this folder: nbgrader generate_assignment 05_reparameterization, ...
c = get_config()  # noqa: F821 (given by nbgrader)

c.CourseDirectory.course_id = "mapbook"

# An answer cell keeps its `answer = ...` line; generate_assignment removes the reference answer
# that follows it and puts nothing in its place (nbgrader's default stub raises NotImplementedError).
c.ClearSolutions.code_stub = {"python": ""}

# Every checker answers within about 2 s whatever it is given. A cell that still runs past this
# bound (nbgrader's default, in seconds) is interrupted and its test scores 0; raise it for
# assignments made with --full if a chapter cell needs longer on your grading machine.
c.Execute.timeout = 30
# How long to wait for a cell's outputs after it finished (nbgrader's default, 4 s, fails a whole
# notebook on a busy grading machine).
c.Execute.iopub_timeout = 30

# To release and collect on one machine, point the exchange at a folder every user can write:
# c.Exchange.root = "/srv/nbgrader/exchange"
'''


def write_course(dest: Path, notebooks: Path, *, full: bool = False, points: float = 1) -> list[Path]:
    """Write ``dest/nbgrader_config.py`` and one source notebook per chapter with exercises."""
    students = sorted(notebooks.glob("*.ipynb"))
    if not students:
        raise FileNotFoundError(f"no student notebooks in {notebooks} (build them: bash scripts/build.sh)")
    keys = answer_keys()
    dest.mkdir(parents=True, exist_ok=True)
    (dest / "nbgrader_config.py").write_text(CONFIG)
    written = []
    for path in students:
        nb = source_notebook(nbformat.read(path, as_version=4), path.stem, keys, full=full, points=points)
        if nb is None:
            continue
        target = dest / "source" / path.stem / f"{path.stem}.ipynb"
        target.parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(nb, target)
        written.append(target)
    return written


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("dest", type=Path, help="the course folder to write")
    parser.add_argument("--notebooks", type=Path, default=ROOT / "_build" / "notebooks" / "student",
                        help="the student notebooks (default: _build/notebooks/student)")
    parser.add_argument("--full", action="store_true", help="the whole chapter in each assignment")
    parser.add_argument("--points", type=float, default=1, help="points per checked answer (default 1)")
    args = parser.parse_args(argv)
    written = write_course(args.dest, args.notebooks, full=args.full, points=args.points)
    exercises = sum(1 for p in written for c in nbformat.read(p, as_version=4).cells
                    if c.metadata.get("nbgrader", {}).get("solution"))
    print(f"course.py: {len(written)} assignments, {exercises} exercises -> {args.dest}/source")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv[1:]))
    except (ValueError, FileNotFoundError) as exc:
        print(f"course.py: {exc}", file=sys.stderr)
        sys.exit(1)
