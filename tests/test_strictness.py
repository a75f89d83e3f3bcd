"""The test command's gates really close: each kind of mistake the book must never ship fails it.

- A tiny book, built by the README's build command (``scripts/build.sh``) with the project's own
  ``_config.yml``, Sphinx extension and scripts, holds a good page and one page per mistake (a
  missing glue key, a broken reference, a chapter that is not JSON, then one with a failing cell):
  the strict build fails, names each bad page and not the good one, fails again when run again, and
  succeeds (without TeX: no PDF, and a hint) once the mistakes are fixed. Four builds of one book.
- nbval strict fails on a notebook with a failing cell and on one whose stored output is stale.
- No chapter stores an error output; a typed result in prose is caught.

If a gate is ever loosened (``-W`` dropped, nbval made lax), these tests fail.
"""

from __future__ import annotations

import copy as copy_module
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest
from built_site import ROOT, record_work
from nbclient import NotebookClient
from prose import typed_results

BIN = Path(sys.executable).parent

GOOD = [
    "from myst_nb import glue\nx = 2 / 3\nglue('x', x, display=False)\nprint(round(x, 4))",
    "The value is {glue:text}`x:.3f`; see {ref}`sec-good`.\n\n(sec-good)=\n## A section",
]
BAD_PAGES = {
    "missing_glue": [GOOD[0], "The value is {glue:text}`no_such_key:.3f`."],
    "broken_ref": [GOOD[0], "See {ref}`sec-that-does-not-exist`."],
}
FAILING_CELL = ["1 / 0", "Text."]  # caught by nbval (and by test_no_chapter_stores_an_error_output)


def _notebook(cells: list[str], *, execute: bool) -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    nb.metadata = {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}}
    nb.cells = [nbformat.v4.new_code_cell(cells[0]), nbformat.v4.new_markdown_cell(cells[1])]
    nb.cells.insert(0, nbformat.v4.new_markdown_cell("# A page"))
    if execute:
        start = time.perf_counter()
        NotebookClient(nb, timeout=120, kernel_name="python3", allow_errors=True).execute()
        record_work("kernel", f"a tiny notebook of test_strictness ({cells[0][:20]!r})", time.perf_counter() - start)
    return nb


def _with_markdown(nb: nbformat.NotebookNode, markdown: str) -> nbformat.NotebookNode:
    """A copy of an executed tiny notebook with another markdown cell (the code cell, so its outputs,
    unchanged)."""
    copy = copy_module.deepcopy(nb)
    copy.cells[2].source = markdown
    return copy


@pytest.fixture(scope="module")
def tiny_notebooks() -> dict[str, nbformat.NotebookNode]:
    """The tiny notebooks of this file, executed once: ``good`` and ``failing`` run in a kernel each;
    the bad pages share the good page's code cell (and so its outputs), ``stale`` changes one output."""
    good = _notebook(GOOD, execute=True)
    notebooks = {"good": good, "failing": _notebook(FAILING_CELL, execute=True)}
    for name, cells in BAD_PAGES.items():
        assert cells[0] == GOOD[0]
        notebooks[name] = _with_markdown(good, cells[1])
    stale = copy_module.deepcopy(good)
    stale.cells[1].outputs[-1]["text"] = "0.5\n"
    notebooks["stale"] = stale
    return notebooks


@pytest.fixture(scope="module")
def nbval_run(tiny_notebooks, tmp_path_factory):
    """nbval strict (a nested pytest) over a good, a failing and a stale notebook, started in the
    background as soon as the notebooks exist (it runs while the tiny book builds, :func:`strict_build`);
    yields a function that waits for it and returns ``(exit code, stdout)``."""
    folder = tmp_path_factory.mktemp("nbval")
    for name in ("good", "failing", "stale"):
        nbformat.write(tiny_notebooks[name], folder / f"{name}.ipynb")
    # `python -m pytest -q -p no:cacheprovider -p nbval.plugin --nbval --nbval-current-env FOLDER` with only
    # nbval's plugin loaded (not hypothesis, xdist and the rest of the environment's: ~2 s of CPU) and
    # jsonschema's IRI grammar, which nbformat never uses, not compiled (scripts/jb.py: ~1 s)
    nested = (f"import sys; sys.path.append({str(ROOT / 'scripts')!r}); from jb import LAZY, defer_import; "
              "defer_import(LAZY); import pytest; sys.exit(pytest.main(sys.argv[1:]))")
    proc = subprocess.Popen([sys.executable, "-c", nested, "-q", "-p", "no:cacheprovider", "-p", "nbval.plugin",
                             "--nbval", "--nbval-current-env", str(folder)],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, cwd=folder,
                            env={**os.environ, "PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1"})

    start = time.perf_counter()

    def result() -> tuple[int, str]:
        out, _ = proc.communicate(timeout=600)
        record_work("kernel", "x3: nbval (a nested pytest) over test_strictness's tiny notebooks",
                    time.perf_counter() - start)
        return proc.returncode, out

    yield result
    if proc.poll() is None:
        proc.kill()
        proc.communicate()


def test_strict_build_fails_on_any_warning(strict_build):
    """Each mistake of the book's first build with a readable chapter is a warning (none is an error
    that fails a build without ``-W``), and the build fails, twice."""
    for key in ("failing", "failing_again"):
        run = strict_build[key]
        # Sphinx's and docutils' messages ("file:line: WARNING: text"), not a library's own logging
        # such as jupyter_client's "ERROR:tornado.general:..." when a failing kernel is shut down
        problems = [line for line in run.log.splitlines() if re.search(r"\b(WARNING|ERROR|CRITICAL|SEVERE): ", line)]
        assert problems and all("WARNING:" in line for line in problems), problems
        assert run.returncode != 0, run.log[-3000:]


@pytest.mark.parametrize("page", sorted(BAD_PAGES))
def test_strict_build_reports_the_mistake_on_its_page(strict_build, page):
    for key in ("failing", "failing_again"):
        log = strict_build[key].log
        assert any(f"{page}.ipynb" in line and ("WARNING" in line or "ERROR" in line)
                   for line in log.splitlines()), log[-3000:]


def test_strict_build_does_not_blame_a_good_page(strict_build):
    for key in ("failing", "failing_again", "fixed"):
        log = strict_build[key].log
        assert not [line for line in log.splitlines() if "good.ipynb" in line and "WARNING" in line]


def test_nbval_strict_fails_on_an_error_and_on_a_changed_output(nbval_run):
    returncode, stdout = nbval_run()
    assert returncode == 1, stdout[-3000:]
    failed = {line.split()[1].split("::")[0].split("/")[-1]
              for line in stdout.splitlines() if line.startswith("FAILED")}
    assert failed == {"failing.ipynb", "stale.ipynb"}, stdout[-3000:]


def test_a_typed_result_in_prose_is_caught():
    assert typed_results("The MAP is 0.6 and the prior holds 50% of the information.") == ["0.6", "50%"]


@pytest.mark.parametrize("path", sorted((ROOT / "chapters").glob("*.ipynb")), ids=lambda p: p.name)
def test_no_chapter_stores_an_error_output(path):
    """The site renders stored outputs: a traceback stored in a chapter would be published."""
    nb = nbformat.read(path, as_version=4)
    errors = [i for i, c in enumerate(nb.cells) if c.cell_type == "code"
              for o in c.get("outputs", []) if o.get("output_type") == "error"]
    assert not errors, f"{path.name}: cells {errors} store an error output"


# --- the build command on a malformed chapter ---------------------------------------------------

BUILD_FILES = ("_config.yml", "references.bib", "_ext", "scripts", "pyproject.toml", "requirements.txt",
               "package.json", "package-lock.json", "mapmath", "README.md")


def _chapter(code: str) -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# A chapter"),
                                         nbformat.v4.new_code_cell(code)])
    nb.metadata = {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}}
    return nb


def _build_command(book: Path, *, without_tex: Path | None = None) -> subprocess.CompletedProcess:
    """``scripts/build.sh --no-pdf`` on ``book``; with ``without_tex`` (a scratch folder), plain
    ``scripts/build.sh`` on a PATH that has every program but XeLaTeX and latexmk."""
    env = {k: v for k, v in os.environ.items() if k != "MAPBOOK_NB_EXECUTION_MODE"}  # execute, as a user does
    args = ["--no-pdf"]
    if without_tex is not None:
        args = []
        without_tex.mkdir(exist_ok=True)
        for folder in env.get("PATH", "").split(os.pathsep):
            for tool in (Path(folder).iterdir() if Path(folder).is_dir() else ()):
                link = without_tex / tool.name
                if tool.name not in {"xelatex", "latexmk"} and not link.exists():
                    link.symlink_to(tool)
        env["PATH"] = str(without_tex)
    start = time.perf_counter()
    run = subprocess.run(["bash", str(book / "scripts" / "build.sh"), *args], capture_output=True,
                         text=True, env=env, timeout=900)
    run.log = run.stdout + run.stderr
    record_work("build", f"scripts/build.sh {' '.join(args)} on test_strictness's tiny book (executes it)",
                time.perf_counter() - start)
    return run


@pytest.fixture(scope="module")
def strict_build(tmp_path_factory, tiny_notebooks, nbval_run) -> dict[str, subprocess.CompletedProcess]:
    """The tiny book (the project's ``_config.yml``, ``_ext`` and scripts) built by the README's build
    command, ``scripts/build.sh`` (strict: ``-W -n --keep-going``; executing, as a user builds), four
    times: ``{"not_json", "failing", "failing_again", "fixed"}``.

    The book holds the good page, one page per mistake of :data:`BAD_PAGES` (their code is the good
    page's, so it runs once: jupyter-cache) and ``chapters/02_bad``: first not JSON, then with a
    failing cell, built twice (a failed build leaves Sphinx's environment behind; re-reading only
    changed pages would skip the failing notebook and succeed), then fixed (and given a theorem),
    with the bad pages gone, built by plain ``scripts/build.sh`` on a PATH without TeX. (nbval runs
    meanwhile, ``nbval_run``.)"""
    root = tmp_path_factory.mktemp("tiny_book")
    book = root / "book"
    book.mkdir()
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for name in BUILD_FILES:
        src = ROOT / name
        (shutil.copytree(src, book / name, ignore=ignore) if src.is_dir() else shutil.copy(src, book / name))
    (book / ".venv").symlink_to(ROOT / ".venv")
    (book / "node_modules").symlink_to(ROOT / "node_modules")
    # the mapmath wheel the book's own builds keep, if its sources are the same (keyed by their digest)
    wheels = ROOT / "_build" / ".mapmath-wheel"
    if wheels.is_dir():
        shutil.copytree(wheels, book / "_build" / ".mapmath-wheel")
    (book / "intro.md").write_text("# Intro\n")
    pages = ["good", *BAD_PAGES]
    for name in pages:
        nbformat.write(tiny_notebooks[name], book / f"{name}.ipynb")

    def toc(files: list[str]) -> None:
        (book / "_toc.yml").write_text("format: jb-book\nroot: intro\nchapters:\n"
                                       + "".join(f"  - file: {f}\n" for f in files))

    toc([*pages, "chapters/02_bad"])
    (book / "chapters").mkdir()
    bad = book / "chapters" / "02_bad.ipynb"
    runs = {}
    bad.write_text('{"cells": [ this is not json')
    runs["not_json"] = _build_command(book)
    nbformat.write(_chapter("1 / 0"), bad)
    runs["failing"] = _build_command(book)
    runs["failing_again"] = _build_command(book)
    # fixed: the failing cell, and the bad pages removed
    fixed = _chapter("y = 2\nprint(y)")
    fixed.cells.insert(1, nbformat.v4.new_markdown_cell(_theorem("thm-b", "Bee")))  # numbered: see the last test
    nbformat.write(fixed, bad)
    for name in BAD_PAGES:
        (book / f"{name}.ipynb").unlink()
    toc(["good", "chapters/02_bad"])
    # without TeX, build.sh builds the site and says in one line how to get the PDF (issue 19)
    runs["fixed"] = _build_command(book, without_tex=root / "bin-without-tex")
    runs["fixed"].book = book
    return runs


def test_build_command_names_a_malformed_chapter_and_keeps_failing_until_it_is_fixed(strict_build):
    """``scripts/build.sh`` on a book with a chapter that is not JSON, then one whose cell fails.

    Each failure names the file, a second run fails again (a failed build leaves Sphinx's
    environment behind; re-reading only changed pages would skip the failing notebook and
    succeed), and the build succeeds once the chapter is fixed."""
    run = strict_build["not_json"]
    assert run.returncode != 0, f"a chapter that is not JSON built:\n{run.log[-3000:]}"
    assert re.search(r"chapters/02_bad\.ipynb: not a valid Jupyter notebook", run.log), run.log[-3000:]

    for attempt, key in enumerate(("failing", "failing_again"), start=1):
        run = strict_build[key]
        assert run.returncode != 0, f"run {attempt}: a chapter with a failing cell built:\n{run.log[-3000:]}"
        assert re.search(r"chapters/02_bad\.ipynb: WARNING: Executing notebook failed", run.log), run.log[-3000:]

    run = strict_build["fixed"]
    assert run.returncode == 0, run.log[-3000:]
    hint = [line for line in run.stdout.splitlines() if "no PDF" in line]
    assert hint == ["build.sh: no PDF (TeX is not installed): run 'bash scripts/setup.sh --with-tex' as root, "
                    "then build again."], run.stdout[-2000:]
    assert (run.book / "_build" / "notebooks" / "reader" / "02_bad.ipynb").is_file()


def test_a_cold_build_executes_its_notebooks_side_by_side_into_the_cache(strict_build):
    """The first executing build (``failing``) has two distinct codes to run, the good pages' and the
    failing chapter's: ``_ext/mapbook_execution.py`` runs them at the same time, one kernel per core;
    myst-nb then takes the good pages from the cache and runs the failing chapter again to report it."""
    import mapbook_execution

    if mapbook_execution.cores() < 2:
        pytest.skip("one core: notebooks run one after another")
    log = strict_build["failing"].log
    assert re.search(r"mapbook_execution: 2 notebooks executed 2 at a time", log), log[-3000:]
    assert re.search(r"good\.ipynb: Using cached notebook", log), log[-3000:]
    assert re.search(r"chapters/02_bad\.ipynb: Executing notebook using local CWD", log), log[-3000:]


def _theorem(label: str, title: str) -> str:
    return f"```{{prf:theorem}} {title}\n:label: {label}\n\nA statement.\n```"


def _rebuild(book: Path, what: str) -> tuple[str, str]:
    """``jupyter-book build`` of the built tiny book again, as ``scripts/build.sh`` runs it; returns
    the log and the chapter's page."""
    env = {k: v for k, v in os.environ.items() if k != "MAPBOOK_NB_EXECUTION_MODE"}
    start = time.perf_counter()
    run = subprocess.run([str(BIN / "python"), str(book / "scripts" / "jb.py"), "build", str(book), "-W", "-n",
                          "--keep-going"], capture_output=True, text=True, env=env, cwd=book, timeout=600)
    record_work("build", f"a rebuild of test_strictness's tiny book ({what})", time.perf_counter() - start)
    log = run.stdout + run.stderr
    assert run.returncode == 0, log[-3000:]
    return log, (book / "_build" / "html" / "chapters" / "02_bad.html").read_text()


def test_a_rebuild_that_reads_no_page_keeps_the_numbers_and_one_that_reads_a_page_numbers_again(strict_build):
    """``_ext/mapbook_warm.py``: a rebuild of the fixed tiny book with nothing changed keeps the figure
    numbers (theorems, exercises...) without walking every doctree, and the next build, which reads a
    page, numbers again: a theorem inserted before another renumbers it, on the page and in the
    reader notebook."""
    book = strict_build["fixed"].book
    chapter = book / "chapters" / "02_bad.ipynb"
    reader = book / "_build" / "notebooks" / "reader" / "02_bad.ipynb"
    page = (book / "_build" / "html" / "chapters" / "02_bad.html").read_text()
    assert re.search(r'id="thm-b">\s*<p class="admonition-title"><span class="caption-number">Theorem 2\.1 ', page)

    log, unchanged = _rebuild(book, "nothing changed")
    assert "mapbook_warm: no page read: formatted bibliography and figure numbers kept" in log, log[-3000:]
    assert unchanged == page

    nb = nbformat.read(chapter, as_version=4)
    nb.cells.insert(1, nbformat.v4.new_markdown_cell(_theorem("thm-a", "Ay")))
    nbformat.write(nb, chapter)
    log, page = _rebuild(book, "a theorem inserted before it")
    assert "mapbook_warm" not in log, log[-3000:]
    for label, number in (("thm-a", "2.1"), ("thm-b", "2.2")):
        assert re.search(rf'id="{label}">\s*<p class="admonition-title"><span class="caption-number">'
                         rf'Theorem {re.escape(number)} ', page), label
    notebook = reader.read_text()
    assert "Theorem 2.1" in notebook and "Theorem 2.2" in notebook
