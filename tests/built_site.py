"""Helpers for the checks on the built website (``tests/test_site.py``).

Build the book strictly, list its pages, find remote assets and broken internal links, serve the
site on 127.0.0.1 and drive Debian's headless Chromium. Kept apart from the test file so that the
checks read as a list of facts about the site.

Also the other builds of a test run, each made once per run for every xdist worker (:func:`once`):
the student site, the PDFs (cached between runs) and the fresh environment's wheelhouse (cached; its
environment with the kernel alone is cached beside it by ``tests/test_fresh_environment.py``).

``MAPBOOK_SITE_OUTPUT`` (environment) builds into ``$MAPBOOK_SITE_OUTPUT/_build`` instead of the
book's own ``_build`` (``jupyter-book build --path-output``), e.g. to test without touching it.
"""

from __future__ import annotations

import functools
import http.server
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

import toc
import yaml
from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parents[1]
# MAPBOOK_TEST_ARTIFACTS (environment): another folder for screenshots, logs and the timeline
ARTIFACTS = Path(os.environ.get("MAPBOOK_TEST_ARTIFACTS") or ROOT / "test-artifacts").resolve()
OUTPUT = Path(os.environ.get("MAPBOOK_SITE_OUTPUT") or ROOT).resolve()
HTML = OUTPUT / "_build" / "html"

ANSI = re.compile(r"\x1b\[[0-9;]*m")
# Sphinx/docutils/myst-nb problems are printed as "<where>: WARNING: <what>" (ERROR, CRITICAL the
# same). Kernel chatter such as "[IPKernelApp] WARNING | ..." is not a problem with the book.
PROBLEM = re.compile(r"(^|[\s:])(WARNING|ERROR|CRITICAL|SEVERE):")
REMOTE = re.compile(r"^(https?:)?//", re.IGNORECASE)
NOT_A_FILE = re.compile(r"^(mailto|tel|javascript|data|blob):", re.IGNORECASE)


# --- building ---------------------------------------------------------------------------------


@dataclass
class Build:
    returncode: int
    output: str
    seconds: float

    @property
    def problems(self) -> list[str]:
        """Every WARNING/ERROR line the build printed."""
        return [line for line in self.output.splitlines() if PROBLEM.search(line)]


def build_book() -> Build:
    """Build the whole book strictly (``-W -n --keep-going``) from a clean ``_build/html``.

    ``_build/html`` and the parsed documents (``_build/.doctrees``, or Sphinx would not re-read,
    and so not re-warn about, unchanged pages) are removed; the execution cache is kept.

    The notebooks are rendered from their stored outputs (``MAPBOOK_NB_EXECUTION_MODE=off``, read
    by ``_ext/mapbook_site.py``): nbval, in the same test command, re-executes every notebook in a
    fresh kernel, fails on any error and proves each stored output current. Executing them again
    here would double the test command's time. Set ``MAPBOOK_NB_EXECUTION_MODE=cache`` to build
    as ``scripts/build.sh`` does. The log goes to ``test-artifacts/book-build.log``.
    """
    shutil.rmtree(HTML, ignore_errors=True)
    shutil.rmtree(HTML.parent / ".doctrees", ignore_errors=True)
    (HTML.parent / ".mapbook-build-ok").unlink(missing_ok=True)  # scripts/build.sh: start clean next time
    # scripts/jb.py: jupyter-book's command line, imports deferred (as scripts/build.sh runs it)
    cmd = [sys.executable, str(ROOT / "scripts" / "jb.py"), "build", str(ROOT), "-W", "-n", "--keep-going"]
    if OUTPUT != ROOT:
        cmd += ["--path-output", str(OUTPUT)]
    start = time.perf_counter()
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=900,
                          env={"MAPBOOK_NB_EXECUTION_MODE": "off", **os.environ,
                               "PYDEVD_DISABLE_FILE_VALIDATION": "1"})
    seconds = time.perf_counter() - start
    output = ANSI.sub("", proc.stdout + proc.stderr)
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "book-build.log").write_text(f"$ {' '.join(cmd)}\n{output}\n[{seconds:.1f} s]\n")
    record_work("build", "the site, reader edition (strict, stored outputs)", seconds)
    return Build(proc.returncode, output, seconds)


WORK = ARTIFACTS / "work.txt"  # every build and kernel run of the test run (conftest.py starts it afresh)


def record_work(kind: str, what: str, seconds: float) -> None:
    """Add a line to ``test-artifacts/work.txt``: one Sphinx build (``build``), notebook run in a fresh
    kernel (``kernel``) or other heavy step of the test run, with its wall seconds, so that a run's
    builds and executions can be counted (issue 17: each build at most once a run). nbval's runs of
    the chapters are in ``timeline.txt`` (one line per cell)."""
    WORK.parent.mkdir(parents=True, exist_ok=True)
    with open(WORK, "a") as out:
        out.write(f"{time.time():.1f} {os.environ.get('PYTEST_XDIST_WORKER', 'main')} {kind} {seconds:.1f} {what}\n")


def once(name: str, make: Callable[[], dict]) -> dict:
    """``make()`` once per test run, shared by every xdist worker: the first caller runs it (under a
    file lock) and records its JSON result in ``test-artifacts/.once/<name>.json``; the others wait for
    the lock and read the record, failures included (so a failed build is reported, not re-run).

    The run is identified by pytest-xdist's ``PYTEST_XDIST_TESTRUNUID`` (else by the process).
    """
    import fcntl
    import json

    run = os.environ.get("PYTEST_XDIST_TESTRUNUID") or f"pid-{os.getpid()}"
    folder = ARTIFACTS / ".once"
    folder.mkdir(parents=True, exist_ok=True)
    record = folder / f"{name}.json"
    with open(folder / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            done = json.loads(record.read_text()) if record.is_file() else {}
            if done.get("run") == run and done.get("output_dir") == str(OUTPUT):
                return done["result"]
            record.unlink(missing_ok=True)
            result = make()
            record.write_text(json.dumps({"run": run, "output_dir": str(OUTPUT), "result": result}))
            return result
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def shared_build() -> Build:
    """:func:`build_book` once per test run, shared by every test file and xdist worker (:func:`once`),
    so the site, the generated notebooks and the solution checks all look at one build."""
    result = once("book-build", lambda: vars(build_book()))
    return Build(result["returncode"], result["output"], result["seconds"])


# --- the other builds of a test run (each once per run, see :func:`once`) ---------------------

# Kept between runs (keyed by a hash of their inputs): the PDFs and the fresh environment's wheels.
CACHE = OUTPUT / "_build" / ".test-cache"
STUDENT = OUTPUT / "_build" / "test-student"  # the student site of the run (scripts/student.sh OUT_DIR)


def _run_logged(name: str, cmd: list[str], env: dict | None = None, timeout: int = 1800) -> dict:
    """Run ``cmd`` from the book's root; its output goes to ``test-artifacts/<name>.log``."""
    start = time.perf_counter()
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=timeout,
                          env={**os.environ, **(env or {})})
    seconds = time.perf_counter() - start
    output = ANSI.sub("", proc.stdout + proc.stderr)
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / f"{name}.log").write_text(f"$ {' '.join(cmd)}\n{output}\n[{seconds:.1f} s]\n")
    return {"returncode": proc.returncode, "output": output, "seconds": seconds}


def shared_student_site() -> dict:
    """The student edition (``scripts/student.sh``) built once per run into ``_build/test-student``:
    ``{"returncode", "output", "seconds", "html"}`` (log: ``test-artifacts/student-build.log``)."""
    def make() -> dict:
        shutil.rmtree(STUDENT, ignore_errors=True)
        result = _run_logged("student-build", ["bash", str(ROOT / "scripts" / "student.sh"), str(STUDENT)])
        record_work("build", "the site, student edition (scripts/student.sh)", result["seconds"])
        return {**result, "html": str(STUDENT / "html")}

    return once("student-build", make)


def source_files(folder: Path) -> list[Path]:
    """The book's source files under ``folder``: those git tracks or would track (new, not ignored),
    never a tool's cache or a build's output written there. ``ruff check .`` writes
    ``chapters/.ruff_cache`` (``chapters/ruff.toml`` makes the folder a ruff project) and
    ``test_conventions``' ``ruff format --check`` rewrites it in the same test command, so hashing
    every file made each run's PDF key differ from the last one's. Without git (an unpacked
    archive): every file, except in hidden folders and ``__pycache__``."""
    git = ["git", "-C", str(folder)]
    top = subprocess.run([*git, "rev-parse", "--show-toplevel"], capture_output=True, text=True)
    if top.returncode == 0 and Path(top.stdout.strip()).resolve() == ROOT.resolve():  # the book's own repository
        names = subprocess.run([*git, "ls-files", "-z", "--cached", "--others", "--exclude-standard", "--", "."],
                               capture_output=True, check=True).stdout.decode().split("\0")
        files = [folder / name for name in names if name]
    else:
        files = list(folder.rglob("*"))
    return sorted(f for f in files if f.is_file() and not any(
        part.startswith(".") or part == "__pycache__" for part in f.relative_to(folder).parts))


def files_digest(paths: list[Path], extra: str = "") -> str:
    """A digest of the files (names and contents) given, and of the source files under the folders
    given (:func:`source_files`), for a cache key."""
    import hashlib

    digest = hashlib.sha256(extra.encode())
    for path in paths:
        for f in source_files(path) if path.is_dir() else [path]:
            digest.update(str(f.relative_to(ROOT)).encode() + b"\0" + f.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


def pdf_inputs() -> list[Path]:
    """What the PDFs are made from: the toc's documents and the chapters' folder, the book's
    configuration, bibliography, extensions and static files, the scripts that build them and the
    pinned stack (``requirements.txt``)."""
    docs = [p for d in toc_docs() for p in (ROOT / f"{d}.md", ROOT / f"{d}.ipynb") if p.is_file()]
    fixed = [ROOT / n for n in ("_config.yml", "_toc.yml", "references.bib", "requirements.txt", "chapters",
                                "_ext", "_static", "scripts/pdf.sh", "scripts/solutions.py", "scripts/toc.py")]
    return docs + [p for p in fixed if p.exists()]


def shared_pdfs() -> dict:
    """Both PDFs (``scripts/pdf.sh``), from a cache kept between runs, keyed by :func:`pdf_inputs`.

    A cache miss builds both from the sources into a fresh folder (its own Sphinx environment, no
    ``_build`` and no execution cache: what a clean CI machine does), ``_build/.test-cache/pdf-<key>``;
    older entries are removed. ``{"returncode", "output", "seconds", "dir", "cached"}``."""
    def make() -> dict:
        key = files_digest(pdf_inputs())
        folder = CACHE / f"pdf-{key}"
        if (folder / ".complete").is_file():
            record_work("cached", f"the PDFs, from {folder.relative_to(OUTPUT)}", 0.0)
            return {"returncode": 0, "output": (folder / "build.log").read_text(), "seconds": 0.0,
                    "dir": str(folder), "cached": True}
        CACHE.mkdir(parents=True, exist_ok=True)
        for old in CACHE.glob("pdf-*"):
            shutil.rmtree(old, ignore_errors=True)
        result = _run_logged("pdf-build", ["bash", str(ROOT / "scripts" / "pdf.sh"), str(folder)],
                             env={"PYTHONPATH": str(ROOT)})
        (folder / "build.log").write_text(result["output"])
        record_work("build", "the PDFs, reader and student (scripts/pdf.sh: 2 Sphinx builds + LaTeX)",
                    result["seconds"])
        if result["returncode"] == 0:
            (folder / ".complete").write_text(key)
        return {**result, "dir": str(folder), "cached": False}

    return once("pdf-build", make)


def wheelhouse(python: Path, wheel: Path) -> Path:
    """The wheels a fresh environment installs (``ipykernel``, ``nbclient``, ``nbformat`` and the
    dependencies of ``mapmath[notebooks]``), downloaded once with ``pip download`` at the versions of
    ``requirements.txt`` and kept in ``_build/.test-cache/wheelhouse-<key>``, keyed by the pins
    (``requirements.txt``, ``pyproject.toml``) and the Python version. The mapmath wheel itself is not
    kept: the test installs it from the served site."""
    version = subprocess.run([str(python), "-c", "import sys; print(sys.version)"], capture_output=True,
                             text=True, check=True).stdout
    key = files_digest([ROOT / "requirements.txt", ROOT / "pyproject.toml"], extra=version)

    def fill(folder: Path) -> None:
        pins = [line for line in (ROOT / "requirements.txt").read_text().splitlines()
                if line.strip() and not line.lstrip().startswith(("#", "-", "."))]
        folder.mkdir(parents=True)
        (folder / "constraints.txt").write_text("\n".join(pins) + "\n")
        proc = subprocess.run([str(python), "-m", "pip", "download", "--quiet", "--disable-pip-version-check",
                               "--dest", str(folder), "-c", str(folder / "constraints.txt"),
                               "ipykernel", "nbclient", "nbformat", f"mapmath[notebooks] @ {wheel.as_uri()}"],
                              capture_output=True, text=True)
        if proc.returncode != 0:
            raise RuntimeError(f"pip download for the wheelhouse failed:\n{proc.stderr[-3000:]}")
        for own in folder.glob("mapmath-*"):
            own.unlink()

    return cached_folder("wheelhouse", key, fill)


def cached_folder(name: str, key: str, fill: Callable[[Path], None]) -> Path:
    """The folder ``_build/.test-cache/<name>-<key>``, made by ``fill(folder)`` on a miss and kept between
    runs (marked complete once ``fill`` returns; older ``<name>-*`` entries are removed). Workers share
    it under a file lock; a ``fill`` that raises leaves no folder behind."""
    import fcntl

    folder = CACHE / f"{name}-{key}"
    CACHE.mkdir(parents=True, exist_ok=True)
    with open(CACHE / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (folder / ".complete").is_file():
            for old in CACHE.glob(f"{name}-*"):
                shutil.rmtree(old, ignore_errors=True)
            try:
                fill(folder)
            except BaseException:
                shutil.rmtree(folder, ignore_errors=True)
                raise
            (folder / ".complete").write_text(key)
    return folder


def notebooks_dir() -> Path:
    """Where the build wrote the reader and student notebooks (``_build/notebooks``)."""
    return HTML.parent / "notebooks"


# --- the book's pages -------------------------------------------------------------------------


def config() -> dict:
    return yaml.safe_load((ROOT / "_config.yml").read_text())


def toc_docs() -> list[str]:
    """Every document of ``_toc.yml`` in reading order, without suffix (``chapters/01_map_estimator``)."""
    return toc.documents(ROOT)


def chapter_docs() -> list[str]:
    """The chapters of the toc (the notebooks in ``chapters/``), in reading order."""
    return toc.chapter_documents(ROOT)


def page(doc: str) -> Path:
    return HTML / f"{doc}.html"


def html_pages() -> list[Path]:
    """Every HTML page of the built site (not the theme's assets)."""
    return sorted(p for p in HTML.rglob("*.html")
                  if not p.relative_to(HTML).parts[0].startswith(("_static", "_sources")))


@functools.cache
def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


# --- offline: remote assets -------------------------------------------------------------------

# <link rel=...> values that make the browser fetch the target (canonical/alternate do not).
FETCHING_RELS = {"stylesheet", "preload", "modulepreload", "prefetch", "preconnect", "dns-prefetch",
                 "icon", "shortcut", "apple-touch-icon", "manifest", "mask-icon"}
CSS_URL = re.compile(r"""url\(\s*(['"]?)(.*?)\1\s*\)|@import\s+(['"])(.*?)\3""", re.IGNORECASE)


def remote_assets_in_page(path: Path) -> list[str]:
    """Scripts, styles, fonts, images and frames the page would fetch from another host."""
    found = []
    doc = soup(path)
    for tag, attr in [("script", "src"), ("img", "src"), ("iframe", "src"), ("source", "src"),
                      ("video", "src"), ("audio", "src"), ("embed", "src"), ("object", "data")]:
        for el in doc.find_all(tag):
            if REMOTE.match(el.get(attr) or ""):
                found.append(f"<{tag} {attr}={el[attr]}>")
    for el in doc.find_all("link"):
        rels = {r.lower() for r in el.get("rel") or []}
        if rels & FETCHING_RELS and REMOTE.match(el.get("href") or ""):
            found.append(f"<link rel={' '.join(sorted(rels))} href={el['href']}>")
    for el in doc.find_all("style"):
        found += [f"<style> {u}" for u in remote_css_urls(el.get_text())]
    for el in doc.find_all(style=True):
        found += [f"style= {u}" for u in remote_css_urls(el["style"])]
    return found


def remote_css_urls(css: str) -> list[str]:
    """``url(...)`` and ``@import`` targets of a stylesheet that point to another host."""
    urls = [m.group(2) if m.group(2) is not None else m.group(4) for m in CSS_URL.finditer(css)]
    return [u for u in urls if REMOTE.match(u.strip())]


# --- internal links ---------------------------------------------------------------------------


@functools.cache
def ids(path: Path) -> frozenset[str]:
    """Every ``id`` (and ``<a name>``) of the page, read once per page."""
    doc = soup(path)
    return frozenset({el["id"] for el in doc.find_all(id=True)}
                     | {el["name"] for el in doc.find_all("a", attrs={"name": True})})


def broken_links(path: Path) -> list[str]:
    """Relative ``href``/``src`` of the page whose file (or ``#anchor``) does not exist."""
    broken = []
    doc = soup(path)
    for el in doc.find_all(["a", "link", "script", "img", "iframe", "source"]):
        for attr in ("href", "src"):
            ref = el.get(attr)
            if not ref or REMOTE.match(ref) or NOT_A_FILE.match(ref):
                continue
            parts = urlsplit(ref)
            target = path if not parts.path else (path.parent / unquote(parts.path)).resolve()
            if target.is_dir():
                target = target / "index.html"
            if not target.is_file():
                broken.append(f"{ref} (no file {target})")
            elif parts.fragment and target.suffix == ".html" and unquote(parts.fragment) not in ids(target):
                broken.append(f"{ref} (no id {parts.fragment!r} in {target.name})")
    return broken


# --- serving and browsing ---------------------------------------------------------------------


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


@contextmanager
def serve(directory: Path) -> Iterator[str]:
    """Serve ``directory`` on 127.0.0.1 (a free port) from a thread; yield the base URL."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def find_chromium() -> tuple[str | None, str | None]:
    """Paths of Debian's ``chromium`` and ``chromedriver`` (or None)."""
    browser = shutil.which("chromium") or next((p for p in ("/usr/bin/chromium", "/usr/lib/chromium/chromium")
                                                 if os.access(p, os.X_OK)), None)
    driver = shutil.which("chromedriver") or ("/usr/bin/chromedriver" if os.access("/usr/bin/chromedriver", os.X_OK)
                                              else None)
    return browser, driver


CHROME_FLAGS = [
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--no-first-run", "--disable-quic", "--window-size=1280,2000",
    # Offline: any host but the local server fails to resolve, so a remote asset cannot load.
    "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1",
]


@contextmanager
def chromium(browser: str, driver: str) -> Iterator[object]:
    """A headless Chromium WebDriver with a fresh profile, its console log enabled."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = browser
    profile = tempfile.mkdtemp(prefix="mapbook-chromium-")
    for flag in [*CHROME_FLAGS, f"--user-data-dir={profile}"]:
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    web = webdriver.Chrome(options=options, service=Service(executable_path=driver))
    web.set_page_load_timeout(60)
    web.set_script_timeout(60)
    try:
        yield web
    finally:
        web.quit()
        shutil.rmtree(profile, ignore_errors=True)


def reset_browser(web, base: str | None = None) -> None:
    """Give the next test module a browser as new: no viewport override, the default window size,
    and (with ``base``) no theme mode stored by an earlier module for the served site."""
    web.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    web.set_window_size(1280, 2000)
    if base is not None:
        web.get(f"{base}search.html")
        web.execute_script("localStorage.clear(); sessionStorage.clear();")
    web.get_log("browser")  # drop what earlier pages logged


# --- JupyterLab -------------------------------------------------------------------------------


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def jupyterlab(work: Path) -> Iterator[tuple[str, str, Callable[[], None]]]:
    """``(base URL, token, started)``: ``jupyter lab`` from ``.venv`` serving ``work`` on a loopback
    port, with its settings, runtime files and log (``work/lab.log``) inside ``work``, and its app
    exposed to the page as ``window.jupyterapp`` (the tests open notebooks with its commands).
    ``started()`` waits until the server listens (the caller can start Chromium meanwhile).

    It is the JupyterLab of a reader (``python -m pip install jupyterlab``, README): nbgrader's
    server and lab extensions, in ``.venv`` for the course kit (``scripts/course.sh``), are off
    (its formgrader alone takes seconds to import when the server starts)."""
    import json
    import socket

    import pytest

    settings = work / ".settings" / "@jupyterlab" / "notebook-extension"
    settings.mkdir(parents=True, exist_ok=True)
    # render every cell (not only those in view) so that the whole notebook can be inspected
    (settings / "tracker.jupyterlab-settings").write_text(json.dumps({"windowingMode": "none"}))
    apputils = work / ".settings" / "@jupyterlab" / "apputils-extension"
    apputils.mkdir(parents=True, exist_ok=True)
    (apputils / "notification.jupyterlab-settings").write_text(json.dumps({"fetchNews": "false"}))  # no pop-up
    config = work / ".jupyter"  # JUPYTER_CONFIG_DIR below: read before .venv's own configuration
    (config / "labconfig").mkdir(parents=True, exist_ok=True)
    (config / "labconfig" / "page_config.json").write_text(
        json.dumps({"disabledExtensions": {"@jupyter/nbgrader": True}}))
    (config / "jupyter_server_config.json").write_text(json.dumps({"ServerApp": {"jpserver_extensions": {
        f"nbgrader.server_extensions.{name}": False
        for name in ("formgrader", "validate_assignment", "assignment_list", "course_list")}}}))
    port, token = _free_port(), "mapbook-test"
    env = {**os.environ, "JUPYTER_CONFIG_DIR": str(work / ".jupyter"), "JUPYTER_RUNTIME_DIR": str(work / ".runtime")}
    cmd = [str(Path(sys.executable).parent / "jupyter"), "lab", "--no-browser", "--allow-root", f"--port={port}",
           "--ip=127.0.0.1",
           f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={work}",
           f"--LabApp.user_settings_dir={work / '.settings'}", f"--LabApp.workspaces_dir={work / '.workspaces'}",
           "--LabApp.news_url=None", "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
           # window.jupyterapp: the tests open notebooks with JupyterLab's own commands, in one page
           "--LabApp.expose_app_in_browser=True"]
    log = open(work / "lab.log", "w")  # closed in the finally below
    server = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, env=env, cwd=work)

    def started() -> None:
        deadline = time.monotonic() + 300  # a guard against a hang, not a timing (a loaded machine is slow)
        while time.monotonic() < deadline and server.poll() is None:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    return
            except OSError:
                time.sleep(0.1)
        pytest.fail("JupyterLab did not start:\n" + (work / "lab.log").read_text()[-3000:])

    try:
        yield f"http://127.0.0.1:{port}", token, started
    finally:
        server.terminate()
        try:
            server.wait(20)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()


# --- running notebooks ------------------------------------------------------------------------

_RUN_NOTEBOOK = r"""
import sys
sys.path.append(sys.argv[4])  # scripts/: jsonschema's IRI grammar, unused by nbformat, not compiled
from jb import LAZY, defer_import
defer_import(LAZY)
import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

source, target, cwd = sys.argv[1:4]
nb = nbformat.read(source, as_version=4)
try:
    NotebookClient(nb, timeout=600, kernel_name="python3", allow_errors=True,
                   resources={"metadata": {"path": cwd}}).execute()
finally:
    nbformat.write(nb, target)
"""


def run_notebook(path: Path, out: Path) -> Path | str:
    """Run a notebook top to bottom in a fresh kernel, in its own process and its own empty working
    folder under ``out``; return the executed copy (errors in cells kept as error outputs, for the
    caller to name the cell), or the runner's error text when it could not run at all. Several can
    run at once (threads: each waits on its own process)."""
    out.mkdir(parents=True, exist_ok=True)
    runner = out / "run_notebook.py"
    if not runner.is_file():
        runner.write_text(_RUN_NOTEBOOK)
    cwd = out / path.stem
    cwd.mkdir(exist_ok=True)
    target = out / f"{path.stem}.executed.ipynb"
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, str(runner), str(path), str(target), str(cwd), str(ROOT / "scripts")],
                          capture_output=True, text=True, timeout=1200)
    record_work("kernel", f"{path.parent.name}/{path.name}", time.perf_counter() - start)
    return target if proc.returncode == 0 and target.is_file() else (proc.stdout + proc.stderr)[-3000:]
