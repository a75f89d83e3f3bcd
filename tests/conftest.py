"""Test set-up in one place: paths, the shared builds and the browser, the run's order and timeline.

Fixtures for every test file (use them instead of building or starting anything yourself; each is
made at most once per test run, also with ``pytest -n 2``, where session fixtures run once per
worker: the builds behind them are shared across workers through ``built_site.once``):

=====================  =========  ==================================================================
fixture                scope      yields
=====================  =========  ==================================================================
``build``              session    ``built_site.Build`` of the one strict reader build of the run
                                  (``-W -n --keep-going``, stored outputs): ``returncode``,
                                  ``output``, ``seconds``, ``problems`` (may have failed: see
                                  ``test_site.py::test_book_builds_strictly_without_warnings``)
``site``               session    ``Path`` of the built site (``_build/html``); fails if not built
``generated``          session    ``Path`` of ``_build/notebooks`` (``reader/``, ``student/``,
                                  ``publish/``), one reader notebook per chapter; fails if the
                                  build failed
``sites``              session    ``(reader_html, student_html)``: the site and the student edition
                                  (``scripts/student.sh`` into ``_build/test-student``, once a run)
``pdfs``               session    ``{"reader"|"student": SimpleNamespace(path, text, layout, pages,
                                  page_texts)}``: both PDFs (``scripts/pdf.sh``), cached between
                                  runs in ``_build/.test-cache/pdf-<hash of the inputs>``
``chromium_driver``    session    one headless Chromium WebDriver per worker (skipped without
                                  Debian's chromium, except on CI)
``browser``            module     ``(web driver, base URL)``: that Chromium, reset (window
                                  1280x2000, no viewport override, no stored theme mode), on the
                                  built site served on 127.0.0.1
``jupyterlab``         session    ``(base URL, token, work folder, started)``: one JupyterLab
                                  server for the run (a reader's: no nbgrader extensions), serving
                                  a working copy of ``reader/`` and ``student/``; ``started()``
                                  waits until it listens
``lab``                module     ``(web driver, base URL, token, work folder)``: the Chromium
                                  above (window 1400x1000) on that JupyterLab
``quick_tier``         session    ``True`` in ``bash scripts/test.sh --quick``: a test may try fewer
                                  random or slow cases there (every test still runs)
=====================  =========  ==================================================================

Helpers (``tests/built_site.py``): ``ROOT`` (the book's root), ``ARTIFACTS`` (``test-artifacts/``),
``once(name, make)`` (a JSON-able result computed once per run for all workers), ``serve``,
``run_notebook`` (a notebook in a fresh kernel, in its own process), the site's pages and links.

Heavy tests are those that use one of the fixtures above (or are marked ``build``/``browser``):
``bash scripts/test.sh --quick`` leaves them out (``-m "not build and not browser"``).

The run's order: the test files that take longest start first (:data:`FIRST`), the chapters (nbval)
next, the unit-test files last, the longest of them first (:data:`SLOW_UNITS`), so that the two
workers finish together. The timeline
(``test-artifacts/timeline.txt``) records every test, nbval's chapter cells included.

What a run of ``bash scripts/test.sh`` builds and executes, each once (``test-artifacts/work.txt``
lists them with their seconds, from ``built_site.record_work``):

- Sphinx builds: the site, reader edition (``build``, stored outputs) and student edition
  (``sites``, ``scripts/student.sh``); the two PDFs (``pdfs``: two LaTeX builds, none when
  ``_build/.test-cache/pdf-<key>`` holds them: the key hashes the book's source files as git sees
  them, so an unchanged checkout reuses them); ``scripts/build.sh`` four times on
  ``test_strictness.py``'s tiny book (a chapter not JSON; a failing cell, a missing glue key and a
  broken reference, twice; fixed, without TeX).
- Chapters in a fresh kernel: every chapter under nbval; the student notebooks of the chapters
  with a solution before some of their code (``test_student_notebooks.py``: the others' code is
  what nbval runs first, so only their set-up and answer cells run, in one kernel); one reader
  notebook in a fresh environment (``test_fresh_environment.py``) and one by Run All in JupyterLab
  (``test_jupyter.py``). Besides: nbgrader's autograde of the course kit's small notebooks (nbgrader in the
  test's process, a kernel per submission), and
  ``test_strictness.py``'s tiny notebooks (run, then under a nested nbval).
"""

import os
import re
import shutil
import sys
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

# tests/ holds small helper modules (prose.py, built_site.py) imported by the test files, and
# scripts/ the book's own tools (toc.py: the table of contents, read in one place).
sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(1, str(Path(__file__).resolve().parents[1] / "scripts"))
sys.path.insert(2, str(Path(__file__).resolve().parents[1] / "_ext"))  # the book's structure (mapbook_structure)

import built_site

# Property tests draw the same examples on every run (CI must not depend on luck); set
# HYPOTHESIS_PROFILE=explore to search with fresh random examples while developing (`quick`: the
# edit loop's tier, fewer examples).
settings.register_profile(
    "ci", derandomize=True, database=None, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile("explore", deadline=None, max_examples=500)
# `bash scripts/test.sh --quick` (the edit loop): the same fixed examples, fewer of them
settings.register_profile("quick", parent=settings.get_profile("ci"), max_examples=10)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
#: The quick tier: a profile with fewer examples than ``ci`` (see the ``quick_tier`` fixture).
QUICK = settings.default.max_examples < settings.get_profile("ci").max_examples

# The files that take longest, in the order they start (each needs different builds, so the two
# workers do not wait for the same one): the rest follow, chapters (nbval) before unit tests.
FIRST = ["test_site.py", "test_pdf.py", "test_solutions.py", "test_strictness.py", "test_jupyter.py",
         "test_student_notebooks.py", "test_reading.py", "test_fresh_environment.py", "test_course_kit.py"]
# The unit-test files that take longest (CPU seconds measured one by one, most first): they start first
# among the unit tests, in both tiers, so that no worker is left running a long one alone at the end.
SLOW_UNITS = ["test_checker_fuzz.py", "test_reparam.py", "test_lasso_depth.py", "test_bernoulli.py",
              "test_ridge_practice.py", "test_modes.py", "test_checker_help.py", "test_ridge.py",
              "test_notebook_conversion.py", "test_intervals.py", "test_exercise_tables.py", "test_numerics.py",
              "test_checker_bounds.py", "test_logistic_predictive.py", "test_summaries.py", "test_logistic.py",
              "test_exercise_key_leak.py", "test_common_battery.py", "test_exercises_prior_scale.py"]
# Fixtures that build the book or start a browser: a test using one is a "build" test.
HEAVY_FIXTURES = {"build", "site", "generated", "sites", "pdfs", "chromium_driver", "browser", "jupyterlab", "lab",
                  "tiny_notebooks", "strict_build", "nbval_run", "student_runs", "course"}


# --- order and markers ------------------------------------------------------------------------


def _cap_examples(items, cap: int) -> None:
    """In the quick tier, a property test that asks for more examples in its own ``@settings`` gets
    the profile's number (those settings override the profile's); the whole suite runs them all."""
    for item in items:
        test = getattr(getattr(item, "obj", None), "hypothesis", None)
        own = getattr(getattr(item, "obj", None), "_hypothesis_internal_use_settings", None)
        if test is not None and own is not None and own.max_examples > cap:
            item.obj._hypothesis_internal_use_settings = settings(own, max_examples=cap)


def pytest_collection_modifyitems(session, config, items):
    def rank(item) -> tuple[int, int]:
        name = item.path.name
        if name in FIRST:
            return (0, FIRST.index(name))
        if item.path.suffix == ".ipynb":
            return (1, 0)
        return (2, SLOW_UNITS.index(name)) if name in SLOW_UNITS else (3, 0)

    items.sort(key=rank)  # stable: the order inside each file is kept
    if QUICK:
        _cap_examples(items, settings.default.max_examples)
    for item in items:
        if HEAVY_FIXTURES & set(getattr(item, "fixturenames", ())) and not item.get_closest_marker("build"):
            item.add_marker(pytest.mark.build)


# --- the timeline -----------------------------------------------------------------------------

# A timeline of the run (test-artifacts/timeline.txt): when each test finished, on which xdist
# worker and how long it took, so that the test command's time can be read step by step. A plugin
# object (not a conftest hook), so that it also sees the nbval items collected from chapters/.
_TIMELINE = built_site.ARTIFACTS / "timeline.txt"


class _Timeline:
    def pytest_sessionstart(self, session):
        if not os.environ.get("PYTEST_XDIST_WORKER"):  # the controller starts the file afresh
            _TIMELINE.parent.mkdir(exist_ok=True)
            _TIMELINE.write_text("# seconds since the epoch, worker, duration (s), test [phase]\n")
            built_site.WORK.write_text("# seconds since the epoch, worker, kind, wall seconds, what "
                                       "(built_site.record_work)\n")

    def pytest_runtest_logreport(self, report):
        if hasattr(report, "node"):  # the xdist controller replaying a worker's report: written by the worker
            return
        if report.when == "call" or report.duration > 1:
            worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
            with open(_TIMELINE, "a") as out:
                out.write(f"{time.time():.1f} {worker} {report.duration:.1f} {report.nodeid} [{report.when}]\n")


def pytest_configure(config):
    if not config.pluginmanager.has_plugin("mapbook-timeline"):
        config.pluginmanager.register(_Timeline(), "mapbook-timeline")


@pytest.fixture(scope="session")
def quick_tier() -> bool:
    """True in ``bash scripts/test.sh --quick`` (the hypothesis profile ``quick``): a test may then try
    fewer of its random or slow cases (saying how many in a comment); the whole suite tries them all."""
    return QUICK


# --- the builds -------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def build() -> built_site.Build:
    """The run's one strict build of the book (reader edition)."""
    return built_site.shared_build()


@pytest.fixture(scope="session")
def site(build) -> Path:
    """The built site's HTML folder (the build may have problems; ``test_build_is_strict`` says which)."""
    if not (built_site.HTML / "index.html").is_file():
        pytest.fail(f"the book was not built (exit code {build.returncode}); see test-artifacts/book-build.log:\n"
                    + "\n".join(build.output.splitlines()[-30:]))
    return built_site.HTML


@pytest.fixture(scope="session")
def generated(build) -> Path:
    """``_build/notebooks``: the reader, student and publish notebooks the build wrote."""
    assert build.returncode == 0, "the book did not build:\n" + build.output[-4000:]
    folder = built_site.notebooks_dir()
    chapters = sorted(p.stem for p in (built_site.ROOT / "chapters").glob("*.ipynb"))
    assert sorted(p.stem for p in (folder / "reader").glob("*.ipynb")) == chapters
    return folder


@pytest.fixture(scope="session")
def sites(site, build) -> tuple[Path, Path]:
    """``(normal_html, student_html)``: both sites built from the current notebooks, without execution."""
    assert build.returncode == 0, "normal site build failed:\n" + build.output[-6000:]
    student = built_site.shared_student_site()
    assert student["returncode"] == 0, "student build failed:\n" + student["output"][-6000:]
    assert "Open: file://" in student["output"]
    return site, Path(student["html"])


@pytest.fixture(scope="session")
def pdfs():
    """Both PDFs, built once (or taken from the cache), with their texts; logs and copies of the
    PDFs go to ``test-artifacts/pdf/``."""
    import json
    import subprocess
    from types import SimpleNamespace

    artifacts = built_site.ARTIFACTS / "pdf"
    artifacts.mkdir(parents=True, exist_ok=True)
    made = built_site.shared_pdfs()
    out = Path(made["dir"])
    for log in (out / ".work").glob("*.log"):
        shutil.copy2(log, artifacts / f"sphinx-{log.name}")
    for edition in ("reader", "student"):
        tex_log = out / ".work" / edition / "_build" / "latex" / "mapbook.log"
        if tex_log.is_file():
            shutil.copy2(tex_log, artifacts / f"latex-{edition}.log")
    assert made["returncode"] == 0, \
        f"scripts/pdf.sh failed ({made['seconds']:.0f} s):\n{made['output'][-6000:]}"
    result = {}
    for edition, name in (("reader", "mapbook.pdf"), ("student", "mapbook-student.pdf")):
        pdf = out / name
        shutil.copy2(pdf, artifacts / name)
        text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True,
                              check=True).stdout
        layout = subprocess.run(["pdftotext", "-enc", "UTF-8", "-layout", str(pdf), "-"], capture_output=True,
                                text=True, check=True).stdout
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
        pages = int(re.search(r"^Pages:\s+(\d+)", info, re.MULTILINE).group(1))
        result[edition] = SimpleNamespace(path=pdf, text=text, layout=layout, pages=pages,
                                          page_texts=text.split("\f"))
        (artifacts / f"{edition}.txt").write_text(text)
    (artifacts / "build.json").write_text(json.dumps({
        "seconds_both_clean": round(made["seconds"], 1), "from_cache": made["cached"], "folder": str(out),
        **{f"{e}_pages": r.pages for e, r in result.items()},
        **{f"{e}_bytes": r.path.stat().st_size for e, r in result.items()},
        "log": made["output"].strip().splitlines()[-2:],
    }, indent=1))
    return result


# --- the browser and JupyterLab -----------------------------------------------------------------


@pytest.fixture(scope="session")
def chromium_driver():
    """One headless Chromium for the worker. Without Debian's chromium and chromium-driver the browser
    tests are skipped, except on CI (``CI=true``), where they must run."""
    browser_path, driver_path = built_site.find_chromium()
    if not (browser_path and driver_path):
        reason = ("BROWSER TESTS NOT RUN: Debian's chromium and chromium-driver are not installed "
                  "(`bash scripts/setup.sh --with-browser` installs them as root)")
        if os.environ.get("CI", "").lower() in {"1", "true", "yes"}:
            pytest.fail(reason + "; CI must install them")
        pytest.skip(reason)
    with built_site.chromium(browser_path, driver_path) as web:
        yield web


@pytest.fixture(scope="session")
def _site_url(site):
    with built_site.serve(site) as base:
        yield base


@pytest.fixture(scope="module")
def browser(chromium_driver, _site_url):
    """``(web, base)``: the worker's Chromium, reset for this module, on the served site."""
    built_site.reset_browser(chromium_driver, _site_url)
    yield chromium_driver, _site_url


@pytest.fixture(scope="session")
def jupyterlab(generated, tmp_path_factory):
    """One JupyterLab for the run: ``(base, token, work, started)``, serving copies of the reader and
    student notebooks (opening a notebook must not change the build's copy); ``started()`` waits
    until it listens."""
    work = tmp_path_factory.mktemp("lab")
    shutil.copytree(generated / "reader", work / "reader")
    shutil.copytree(generated / "student", work / "student")
    with built_site.jupyterlab(work) as (base, token, started):
        yield base, token, work, started


@pytest.fixture(scope="module")
def lab(jupyterlab, chromium_driver):
    """``(web, base, token, work)``: the worker's Chromium (1400x1000) on the run's JupyterLab (the
    server is started first, Chromium while it starts)."""
    base, token, work, started = jupyterlab
    started()
    built_site.reset_browser(chromium_driver)
    chromium_driver.set_window_size(1400, 1000)
    yield chromium_driver, base, token, work
