"""The graded course kit: ``scripts/course.sh`` writes an nbgrader course that the real ``nbgrader``
command line releases and grades correctly.

One course is written (from the shared build's student notebooks) and used by every test: ``nbgrader
generate_assignment`` for every chapter, then one ``nbgrader autograde`` run over the submissions of
three students (every chapter answered with the reference answers; in the chapter of the Jeffreys
exercise also the unedited release and wrong answers from the checkers' answer tables) and one run
over a fourth's, a freezing answer, timed. Grades are read from nbgrader's own database
(``gradebook.db``) with ``nbgrader.api``.

nbgrader's command line runs in the test's process, as nbgrader's own test suite runs it
(``nbgrader.tests.run_nbgrader``): ``NbGraderApp`` given the command's arguments, from the course
folder, so its ``nbgrader_config.py`` is read as the ``nbgrader`` script reads it. Each submission is
still graded in a fresh kernel of its own; only nbgrader's start (about 3 s of imports per command)
is paid once. The gradebook is written without waiting for the disk (SQLite ``synchronous=OFF``: a
temporary course need not survive a power cut), and the head of nbgrader's database migrations,
which nbgrader asks the ``alembic`` command for when it creates the gradebook, comes from alembic's
Python API (:func:`_alembic_head`), not from a new Python process.
"""

from __future__ import annotations

import ast
import contextlib
import io
import logging
import os
import re
import resource
import subprocess
import sys
import time
import warnings
from pathlib import Path
from unittest import mock

import nbformat
import pytest
from built_site import ARTIFACTS, ROOT, notebooks_dir, record_work, serve, shared_build
from course import answer_keys, literal, read_answer_cell, source_notebook
from prose import typed_results

pytestmark = pytest.mark.build

FREEZER = ("check_ridge_1d", "exp(exp(sxx*10)) + (sxx+sxy+sigma2+tau2+1)^12")  # took 192 s before issue 16
# Students who answer only the chapter of FREEZER (all four answer every exercise of that chapter).
PARTIAL = ("blank", "wrong", "frozen")
#: Bounds for autograding the notebook with one freezing answer (nbgrader's command, a kernel, every
#: cell): CPU seconds, and wall seconds generous enough for a loaded 2-core machine. A checker that
#: hung would meet nbgrader's cell timeout (30 s, twice: the answer cell and its hidden test).
FREEZE_CPU_S = 20
FREEZE_WALL_S = 120


def _run(args: list[str], cwd: Path) -> subprocess.CompletedProcess:
    # nbgrader runs `alembic` (its database migrations) from PATH: the environment's bin first
    path = f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"
    out = subprocess.run(args, cwd=cwd, capture_output=True, text=True, timeout=900,
                         env={**os.environ, "PATH": path, "PYTHONWARNINGS": "ignore"})
    assert out.returncode == 0, f"{' '.join(args)} failed:\n{out.stdout[-3000:]}\n{out.stderr[-3000:]}"
    return out


def _cpu() -> float:
    """CPU seconds of this process and of its finished children (the kernels nbgrader started)."""
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


@contextlib.contextmanager
def _gradebook_without_fsync():
    """SQLite connections opened meanwhile (nbgrader's gradebook) do not wait for the disk at each of
    their few hundred commits (``PRAGMA synchronous=OFF``); what is written is the same."""
    from sqlalchemy import event
    from sqlalchemy.engine import Engine

    def fast(connection, record):
        if type(connection).__module__.startswith("sqlite3"):
            cursor = connection.cursor()
            cursor.execute("PRAGMA synchronous=OFF")
            cursor.close()

    event.listen(Engine, "connect", fast)
    try:
        yield
    finally:
        event.remove(Engine, "connect", fast)


def _alembic_head() -> str:
    """What ``nbgrader.api.get_alembic_version`` asks the ``alembic`` command for when it creates a
    gradebook (the head of nbgrader's database migrations), from alembic's Python API in this process
    instead of a new Python process (about 3 s of CPU)."""
    from alembic.config import Config
    from alembic.script import ScriptDirectory
    from nbgrader.dbutil import _temp_alembic_ini

    with _temp_alembic_ini("sqlite:////tmp/gradebook.db") as ini:  # the URL nbgrader gives (not opened)
        (head,) = ScriptDirectory.from_config(Config(ini)).get_heads()
    return head


def _nbgrader(args: list[str], cwd: Path) -> str:
    """``nbgrader ARGS`` run from ``cwd``, in this process (as ``nbgrader.tests.run_nbgrader`` does):
    what the ``nbgrader`` script runs (``NbGraderApp``), without starting Python and importing
    nbgrader for each command. Returns nbgrader's log; fails with it if the command fails."""
    from jupyter_core.application import NoStart
    from nbgrader.apps import NbGraderApp

    log = io.StringIO()
    old_cwd, old_path = os.getcwd(), sys.path[:]  # nbgrader puts the course folder first on sys.path
    os.chdir(cwd)
    app = NbGraderApp.instance()
    code = 0
    try:
        with (warnings.catch_warnings(), _gradebook_without_fsync(),
              mock.patch("nbgrader.api.get_alembic_version", _alembic_head)):
            warnings.simplefilter("ignore")  # SQLAlchemy's warnings about nbgrader's sessions
            app.initialize(args)
            app.init_logging(logging.StreamHandler, [log], color=False, subapps=True)
            app.start()
    except NoStart:
        pass
    except SystemExit as stop:
        code = stop.code
    finally:
        app.reset()
        os.chdir(old_cwd)
        sys.path[:] = old_path
    assert not code, f"nbgrader {' '.join(args)} failed (exit code {code}):\n{log.getvalue()[-3000:]}"
    return log.getvalue()


def _answered(release: nbformat.NotebookNode, answers: dict[str, str]) -> nbformat.NotebookNode:
    """A copy of a released notebook with each ``variable = ...`` placeholder of an answer cell
    replaced by ``answers[checker]`` (Python source); checkers not in ``answers`` stay unanswered."""
    nb = nbformat.from_dict(release)
    for cell in nb.cells:
        if cell.metadata.get("nbgrader", {}).get("solution"):
            for a in read_answer_cell(cell.source).answers:
                if a.checker in answers:
                    cell.source = re.sub(rf"^{a.variable} = \.\.\.$", f"{a.variable} = {answers[a.checker]}",
                                         cell.source, flags=re.MULTILINE)
    return nb


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    build = shared_build()
    assert build.returncode == 0, "the book did not build:\n" + build.output[-4000:]
    root = tmp_path_factory.mktemp("course")
    started, cpu0 = time.perf_counter(), _cpu()
    out = _run(["bash", str(ROOT / "scripts" / "course.sh"), str(root), "--notebooks",
                str(notebooks_dir() / "student")], ROOT)
    sources = sorted((root / "source").glob("*/*.ipynb"))
    written = _cpu()
    _nbgrader(["generate_assignment", "*"], root)  # every assignment of source/, in one run
    generated, generated_cpu = time.perf_counter(), _cpu()

    keys = answer_keys()
    reference = {name: literal(key) for name, (key, _) in keys.items()}
    freezer_chapter = next(p.parent.name for p in sources if FREEZER[0] in p.read_text())
    wrong = {name: literal(w) for name, w in _wrong_answers().items()}
    students = {"reference": {p.parent.name: reference for p in sources},
                "blank": {freezer_chapter: {}},
                "wrong": {freezer_chapter: wrong},
                "frozen": {freezer_chapter: {**reference, FREEZER[0]: repr(FREEZER[1])}}}
    for student, chapters in students.items():
        for chapter, answers in chapters.items():
            release = nbformat.read(root / "release" / chapter / f"{chapter}.ipynb", as_version=4)
            target = root / "submitted" / student / chapter / f"{chapter}.ipynb"
            target.parent.mkdir(parents=True, exist_ok=True)
            nbformat.write(_answered(release, answers), target)
    # every submission but the freezing one in one run; that one alone, timed
    _nbgrader(["autograde", "*", "--student", "[!f]*"], root)
    graded, before = time.perf_counter(), _cpu()
    _nbgrader(["autograde", freezer_chapter, "--student", "frozen"], root)
    frozen, after = time.perf_counter(), _cpu()
    freeze_cpu = after - before
    cost = (f"course kit: course.sh + generate_assignment x{len(sources)} {generated - started:.1f} s wall "
            f"({written - cpu0:.1f} + {generated_cpu - written:.1f} s CPU); autograde of "
            f"{sum(len(c) for c in students.values()) - 1} submissions {graded - generated:.1f} s wall "
            f"({before - generated_cpu:.1f} s CPU, kernels included), of the freezing one {frozen - graded:.1f} s "
            f"wall ({freeze_cpu:.1f} s CPU); CPU of the test's process and of all the children {after - cpu0:.1f} s")
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "course-kit.txt").write_text(cost + "\n" + out.stdout)
    record_work("kernel", f"x{sum(len(c) for c in students.values())}: nbgrader autograde (answer cells and hidden "
                "tests of the course kit)", frozen - generated)
    print(cost)
    return {"root": root, "sources": sources, "keys": keys, "freezer_chapter": freezer_chapter,
            "students": students, "freeze_seconds": frozen - graded, "freeze_cpu": freeze_cpu}


def _wrong_answers() -> dict[str, object]:
    """A wrong answer per checker, another than the one the hidden tests use (the last of the table)."""
    from mapmath.exercises import answer_table

    return {name: entry.wrong[-1] for name, entry in answer_table().items() if entry.wrong}


def _grades(root: Path, student: str, chapter: str) -> dict[str, float]:
    """``{grade_id: score}`` of one submitted notebook, from nbgrader's gradebook."""
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{root / 'gradebook.db'}") as gb:
        nb = gb.find_submission_notebook(chapter, chapter, student)
        return {g.cell.name: g.score for g in nb.grades}


def _max(root: Path, chapter: str) -> dict[str, float]:
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{root / 'gradebook.db'}") as gb:
        nb = gb.find_notebook(chapter, chapter)
        return {c.name: c.max_score for c in nb.grade_cells}


def _grade_cells(path: Path) -> dict[str, str]:
    """``{grade_id: checker}`` of the hidden test cells of a source notebook."""
    nb = nbformat.read(path, as_version=4)
    found = {}
    for cell in nb.cells:
        meta = cell.metadata.get("nbgrader", {})
        if meta.get("grade"):
            found[meta["grade_id"]] = next(alias.name for node in ast.walk(ast.parse(cell.source))
                                           if isinstance(node, ast.ImportFrom) for alias in node.names)
    return found


# --- the source notebooks ---------------------------------------------------------------------------


def test_every_chapter_with_exercises_is_an_assignment(course):
    student = notebooks_dir() / "student"
    with_exercises = sorted(p.stem for p in student.glob("*.ipynb")
                            if any("answer" in c.metadata.get("tags", [])
                                   for c in nbformat.read(p, as_version=4).cells))
    assert [p.parent.name for p in course["sources"]] == with_exercises
    assert all(p.name == f"{p.parent.name}.ipynb" for p in course["sources"])
    assert (course["root"] / "nbgrader_config.py").is_file()
    assert all((course["root"] / "release" / p.parent.name / p.name).is_file() for p in course["sources"])


def test_source_cells_are_answers_hidden_tests_or_read_only(course):
    student = notebooks_dir() / "student"
    checkers = {a.checker for p in student.glob("*.ipynb") for c in nbformat.read(p, as_version=4).cells
                if "answer" in c.metadata.get("tags", []) for a in read_answer_cell(c.source).answers}
    seen = set()
    for path in course["sources"]:
        nb = nbformat.read(path, as_version=4)
        for cell in nb.cells:
            meta = cell.metadata["nbgrader"]
            assert meta["schema_version"] == 3
            if meta["solution"]:
                assert not meta["grade"] and not meta["locked"]
                assert "### BEGIN SOLUTION" in cell.source and "### END SOLUTION" in cell.source
            elif meta["grade"]:
                assert meta["locked"] and meta["points"] > 0
                assert "### BEGIN HIDDEN TESTS" in cell.source and "### END HIDDEN TESTS" in cell.source
            else:
                assert meta["locked"], f"{path.name}: an editable cell that is neither answer nor test"
        tests = _grade_cells(path)
        solutions = sum(1 for c in nb.cells if c.metadata["nbgrader"]["solution"])
        assert tests and solutions <= len(tests), path.name
        seen |= set(tests.values())
    assert seen == checkers, f"checkers without a graded test: {sorted(checkers - seen)}"


def test_release_holds_no_solution_no_hidden_test_and_no_key(course):
    keys = course["keys"]
    for path in course["sources"]:
        release = (course["root"] / "release" / path.parent.name / path.name).read_text()
        for marker in ("BEGIN SOLUTION", "END SOLUTION", "BEGIN HIDDEN TESTS", "HIDDEN TESTS", "_key", "_wrong"):
            assert marker not in release, f"{path.name}: {marker!r} in the release"
        nb = nbformat.read(course["root"] / "release" / path.parent.name / path.name, as_version=4)
        code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
        for name in _grade_cells(path).values():
            key = literal(keys[name][0])
            assert f"= {key}" not in code, f"{path.name}: the key of {name} is in the release"
            if len(key) > 6:  # long enough not to occur by chance
                assert key.strip("'\"") not in release, f"{path.name}: the key of {name} is in the release"
        answers = [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("solution")]
        assert answers and all(re.search(r"^\w+ = \.\.\.$", c.source, re.MULTILINE) for c in answers)


def test_full_layout_keeps_the_whole_chapter_read_only(course):
    """``course.sh DIR --full``: every cell of the student notebook, in order, read-only except the
    answer cells, each answer followed by its hidden tests (checked here without running nbgrader)."""
    path = notebooks_dir() / "student" / f"{course['freezer_chapter']}.ipynb"
    student = nbformat.read(path, as_version=4)
    full = source_notebook(student, path.stem, course["keys"], full=True)
    kept = [c for c in full.cells if not c.metadata["nbgrader"]["grade"]
            and c.metadata["nbgrader"]["grade_id"] != "assignment_intro"]
    assert len(kept) == len(student.cells)
    for ours, theirs in zip(kept, student.cells, strict=True):
        if "answer" in theirs.metadata.get("tags", []):
            assert ours.metadata["nbgrader"]["solution"] and theirs.source.split("\n")[0] in ours.source
        else:
            assert ours.metadata["nbgrader"]["locked"] and ours.source == theirs.source


# --- autograding ------------------------------------------------------------------------------------


def test_reference_answers_get_full_marks_in_every_chapter(course):
    root = course["root"]
    for path in course["sources"]:
        chapter = path.parent.name
        grades, best = _grades(root, "reference", chapter), _max(root, chapter)
        assert best and grades == best, f"{chapter}: {grades} of {best}"


def test_the_unedited_release_gets_zero(course):
    chapter = course["freezer_chapter"]
    grades = _grades(course["root"], "blank", chapter)
    assert grades and all(score == 0 for score in grades.values()), grades


def test_wrong_answers_get_zero_for_those_exercises(course):
    chapter = course["freezer_chapter"]
    answered = course["students"]["wrong"][chapter]
    tests = _grade_cells(course["root"] / "source" / chapter / f"{chapter}.ipynb")
    grades = _grades(course["root"], "wrong", chapter)
    judged = {gid: grades[gid] for gid, checker in tests.items() if checker in answered}
    assert judged and all(score == 0 for score in judged.values()), judged


def test_a_freezing_answer_gets_a_verdict_and_zero_within_the_time_bound(course):
    chapter = course["freezer_chapter"]
    root = course["root"]
    tests = _grade_cells(root / "source" / chapter / f"{chapter}.ipynb")
    grades, best = _grades(root, "frozen", chapter), _max(root, chapter)
    frozen = [gid for gid, checker in tests.items() if checker == FREEZER[0]]
    assert frozen and all(grades[gid] == 0 for gid in frozen)
    assert all(grades[gid] == best[gid] for gid in grades if gid not in frozen), "other answers lost marks"
    # The hidden test failed on the checker's verdict (an AssertionError), not on nbgrader's timeout.
    graded = nbformat.read(root / "autograded" / "frozen" / chapter / f"{chapter}.ipynb", as_version=4)
    errors = [o.ename for c in graded.cells if c.metadata.get("nbgrader", {}).get("grade_id") in frozen
              for o in c.get("outputs", []) if o.get("output_type") == "error"]
    assert errors == ["AssertionError"] * len(frozen), errors
    assert course["freeze_cpu"] < FREEZE_CPU_S, f"autograding took {course['freeze_cpu']:.0f} s of CPU"
    assert course["freeze_seconds"] < FREEZE_WALL_S, f"autograding took {course['freeze_seconds']:.0f} s"


def test_feedback_report_of_a_graded_submission_in_chromium(course, chromium_driver):
    """nbgrader's HTML feedback for the freezing submission, as a student gets it: the screenshot in
    test-artifacts/ (the teaching page shows a copy, images/teaching-feedback.png)."""
    chapter, root = course["freezer_chapter"], course["root"]
    _nbgrader(["generate_feedback", chapter, "--student", "frozen"], root)
    folder = root / "feedback" / "frozen" / chapter
    html = (folder / f"{chapter}.html").read_text()
    assert "Score" in html or "score" in html
    web = chromium_driver
    with serve(folder) as base:
        web.set_window_size(600, 900)
        web.get(f"{base}/{chapter}.html")
        text = web.find_element("tag name", "body").text
        # the scores only: the cells below show the hidden tests, keys included
        web.find_element("css selector", "div.panel-heading").screenshot(str(ARTIFACTS / "course-feedback.png"))
    best = sum(_max(root, chapter).values())
    got = sum(_grades(root, "frozen", chapter).values())
    assert f"{got:g} / {best:g}" in text.replace(".0 ", " ") or f"{got} / {best}" in text, text[:500]


def test_teaching_page_types_no_result_and_is_in_the_toc():
    page = (ROOT / "teaching.md").read_text()
    assert typed_results(page) == []
    assert "- file: teaching" in (ROOT / "_toc.yml").read_text()
    for command in ("course.sh", "generate_assignment", "release_assignment", "collect", "autograde",
                    "formgrader"):
        assert command in page, command
