"""The generated notebooks as their users meet them: in a real JupyterLab, and copied out of the
repository into a fresh environment.

- **JupyterLab** (``jupyter lab`` from ``.venv`` on a loopback port, driven by the headless
  Chromium the site tests use): every reader notebook renders with no MathJax error and no raw
  MyST, opens unmodified, and shows each solution cell collapsed behind its neutral first line;
  a student notebook shows its answer cells. Screenshots go to ``test-artifacts/``.
- **Anywhere**: a reader notebook copied into an empty folder runs top to bottom in a new virtual
  environment that has only Jupyter's kernel and runner (not the project's ``.venv``, no clone on
  the path), with the package index reachable and the built site served on 127.0.0.1: its set-up
  cell installs the ``mapmath`` wheel the site publishes, with all its subpackages.

Both use the test run's one build (``built_site.shared_build``).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest
from built_site import ARTIFACTS, HTML, chromium, find_chromium, notebooks_dir, serve, shared_build

pytestmark = pytest.mark.build

ROOT = Path(__file__).resolve().parents[1]
CHAPTERS = sorted(p.stem for p in (ROOT / "chapters").glob("*.ipynb"))
RAW_MYST = re.compile(r"```\{|\{glue|:label:|\{cite|\{ref\}|\{doc\}|\{prf:|\\newcommand|\$\$")


@pytest.fixture(scope="module")
def generated() -> Path:
    build = shared_build()
    assert build.returncode == 0, "the book did not build:\n" + build.output[-4000:]
    folder = notebooks_dir()
    assert sorted(p.stem for p in (folder / "reader").glob("*.ipynb")) == CHAPTERS
    return folder


# --- JupyterLab -------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def lab(generated, tmp_path_factory):
    """JupyterLab serving a working copy of the reader notebooks and one student notebook."""
    browser, driver = find_chromium()
    if not (browser and driver):
        if os.environ.get("CI", "").lower() in {"1", "true", "yes"}:
            pytest.fail("JupyterLab tests need Debian's chromium and chromium-driver; CI must install them")
        pytest.skip("chromium/chromedriver not installed")
    work = tmp_path_factory.mktemp("lab")
    shutil.copytree(generated / "reader", work / "reader")
    shutil.copytree(generated / "student", work / "student")
    settings = work / ".settings" / "@jupyterlab" / "notebook-extension"
    settings.mkdir(parents=True)
    # render every cell (not only those in view) so that the whole notebook can be inspected
    (settings / "tracker.jupyterlab-settings").write_text(json.dumps({"windowingMode": "none"}))
    apputils = work / ".settings" / "@jupyterlab" / "apputils-extension"
    apputils.mkdir(parents=True)
    (apputils / "notification.jupyterlab-settings").write_text(json.dumps({"fetchNews": "false"}))  # no pop-up
    port, token = _free_port(), "mapbook-test"
    env = {**os.environ, "JUPYTER_CONFIG_DIR": str(work / ".jupyter"), "JUPYTER_RUNTIME_DIR": str(work / ".runtime")}
    cmd = [str(Path(sys.executable).parent / "jupyter"), "lab", "--no-browser", "--allow-root", f"--port={port}",
           "--ip=127.0.0.1",
           f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={work}",
           f"--LabApp.user_settings_dir={work / '.settings'}", f"--LabApp.workspaces_dir={work / '.workspaces'}",
           "--LabApp.news_url=None", "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate"]
    log = open(work / "lab.log", "w")  # closed in the finally below
    server = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, env=env, cwd=work)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and server.poll() is None:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                time.sleep(0.3)
        else:
            pytest.fail("JupyterLab did not start:\n" + (work / "lab.log").read_text()[-3000:])
        with chromium(browser, driver) as web:
            web.set_window_size(1400, 1000)
            yield web, base, token, work
    finally:
        server.terminate()
        try:
            server.wait(20)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()


NOTEBOOK_REPORT = """
const done = arguments[arguments.length - 1];
const t0 = Date.now();
let last = -1, stable = 0;
(function poll() {
  const panel = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden)');
  const cells = panel ? [...panel.querySelectorAll('.jp-Notebook .jp-Cell')] : [];
  const maths = panel ? panel.querySelectorAll('mjx-container').length : 0;
  const rendered = panel ? panel.querySelectorAll('.jp-MarkdownCell .jp-RenderedMarkdown').length : 0;
  if (cells.length && rendered && maths === last) { stable += 1; } else { stable = 0; }
  last = maths;
  if (stable >= 6 || Date.now() - t0 > 45000) {
    const tab = document.querySelector('.lm-DockPanel-tabBar .lm-TabBar-tab.lm-mod-current');
    done({
      timedOut: stable < 6,
      cells: cells.map(c => ({
        markdown: c.classList.contains('jp-MarkdownCell'),
        inputCollapsed: !!c.querySelector('.jp-InputPlaceholder') &&
                        getComputedStyle(c.querySelector('.jp-InputPlaceholder')).display !== 'none',
        placeholder: (c.querySelector('.jp-InputPlaceholder') || {}).innerText || '',
        outputCollapsed: !!c.querySelector('.jp-OutputPlaceholder'),
        outputPlaceholder: (c.querySelector('.jp-OutputPlaceholder') || {}).innerText || '',
        text: c.querySelector('.jp-RenderedMarkdown') ? c.querySelector('.jp-RenderedMarkdown').innerText : '',
      })),
      maths: maths,
      errors: panel ? [...panel.querySelectorAll('mjx-merror')].map(e => e.textContent.slice(0, 80)) : [],
      dirty: tab ? tab.classList.contains('jp-mod-dirty') : null,
      tabTitle: tab ? tab.innerText : null,
    });
  } else { setTimeout(poll, 250); }
})();
"""


def _shut_down_kernels(base: str, token: str) -> None:
    """Stop the kernels the notebooks opened so far (each opened notebook starts one)."""
    import urllib.request

    with urllib.request.urlopen(f"{base}/api/sessions?token={token}", timeout=10) as response:
        sessions = json.load(response)
    for session in sessions:
        request = urllib.request.Request(f"{base}/api/sessions/{session['id']}?token={token}", method="DELETE")
        urllib.request.urlopen(request, timeout=10).close()


def _open(lab, path: str, look_at: int | None = None) -> dict:
    """Open a notebook, wait until it is rendered, report what it shows; screenshot its top and,
    when ``look_at`` is a cell index, that cell (e.g. the first solution) in the middle of the view."""
    web, base, token, _ = lab
    _shut_down_kernels(base, token)
    web.get(f"{base}/lab/tree/{path}?token={token}&reset")
    time.sleep(1.0)
    report = web.execute_async_script(NOTEBOOK_REPORT)
    ARTIFACTS.mkdir(exist_ok=True)
    stem = f"jupyterlab-{path.replace('/', '-').removesuffix('.ipynb')}"
    web.save_screenshot(str(ARTIFACTS / f"{stem}.png"))
    if look_at is not None:
        web.execute_script("const c = document.querySelectorAll('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Cell');"
                           "c[arguments[0]].scrollIntoView({block: 'center'});", look_at)
        time.sleep(0.5)
        web.save_screenshot(str(ARTIFACTS / f"{stem}-cell{look_at}.png"))
    return report


@pytest.mark.browser
@pytest.mark.parametrize("name", CHAPTERS)
def test_reader_notebook_in_jupyterlab(lab, generated, name):
    nb = nbformat.read(generated / "reader" / f"{name}.ipynb", as_version=4)
    first = next((i for i, c in enumerate(nb.cells) if "solution" in c.metadata.get("tags", [])), None)
    report = _open(lab, f"reader/{name}.ipynb", look_at=first)
    assert not report["timedOut"], f"{name}: JupyterLab did not finish rendering the notebook"
    cells = report["cells"]
    assert len(cells) == len(nb.cells), f"{name}: {len(cells)} cells shown, {len(nb.cells)} in the notebook"
    assert report["maths"] > 0, f"{name}: no typeset math"
    assert not report["errors"], f"{name}: MathJax errors (an undefined macro?): {report['errors']}"
    raw = sorted({m.group(0) for c in cells for m in RAW_MYST.finditer(c["text"])})
    assert not raw, f"{name}: raw MyST/TeX in the rendered markdown: {raw}"
    assert report["dirty"] is False, f"{name}: the notebook opens marked as modified"
    for i, cell in enumerate(nb.cells):
        shown = cells[i]
        if "solution" in cell.metadata.get("tags", []):
            assert shown["inputCollapsed"], f"{name} cell {i}: a solution cell is not collapsed"
            visible = shown["placeholder"].strip()
            assert re.fullmatch(r"(\*\*|# )?Solution to Exercise \d+\.\d+ \(expand to reveal\)(\*\*)?", visible), (
                f"{name} cell {i}: the collapsed solution shows {visible!r}")
            if cell.cell_type == "code" and cell.outputs:
                assert shown["outputCollapsed"], f"{name} cell {i}: a solution's output is shown"
        elif "setup" in cell.metadata.get("tags", []):
            assert shown["inputCollapsed"] and shown["placeholder"].startswith("# Set-up: run this cell first"), (
                f"{name}: the set-up cell should be collapsed behind its first line: {shown['placeholder']!r}")
        else:
            assert not shown["inputCollapsed"], f"{name} cell {i}: a cell that is not a solution is collapsed"


@pytest.mark.browser
def test_student_notebook_in_jupyterlab_shows_its_answer_cells(lab, generated):
    name = "02_beta_bernoulli"
    nb = nbformat.read(generated / "student" / f"{name}.ipynb", as_version=4)
    answers = [i for i, c in enumerate(nb.cells) if "answer" in c.metadata.get("tags", [])]
    report = _open(lab, f"student/{name}.ipynb", look_at=answers[0] if answers else None)
    assert not report["errors"] and report["dirty"] is False
    assert answers, "the student notebook has no answer cell"
    for i in answers:
        assert not report["cells"][i]["inputCollapsed"], f"answer cell {i} is collapsed"
    hidden = [i for i, c in enumerate(report["cells"]) if c["inputCollapsed"]]
    assert hidden == [0], f"a student notebook hides only its set-up cell, not cells {hidden}"


# --- anywhere: a copied-out notebook in a fresh environment -----------------------------------

RUNNER = r"""
import sys
import nbformat
from nbclient import NotebookClient

path, kernel = sys.argv[1], sys.argv[2]
nb = nbformat.read(path, as_version=4)
nb.cells.append(nbformat.v4.new_code_cell(
    "import importlib, pkgutil, mapmath\n"
    "subpackages = [m.name for m in pkgutil.walk_packages(mapmath.__path__, 'mapmath.')]\n"
    "[importlib.import_module(m) for m in subpackages]\n"
    "print('MAPMATH', mapmath.__file__, len(subpackages))"))
NotebookClient(nb, timeout=900, kernel_name=kernel, resources={"metadata": {"path": "."}}).execute()
print(nb.cells[-1].outputs[-1]["text"])
"""


def _base_python() -> str:
    for candidate in (getattr(sys, "_base_executable", None), shutil.which("python3.11"), shutil.which("python3")):
        if candidate and Path(candidate).is_file() and not str(candidate).startswith(str(ROOT)):
            return candidate
    pytest.skip("no Python outside the project's .venv")


def test_a_copied_out_reader_notebook_runs_in_a_fresh_environment(generated, tmp_path):
    venv, work = tmp_path / "fresh-venv", tmp_path / "work"
    work.mkdir()
    name = "02_beta_bernoulli.ipynb"
    shutil.copy(generated / "reader" / name, work / name)  # the notebook alone: no wheel beside it
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV", "JUPYTER"))}
    env["PATH"] = os.pathsep.join(p for p in env.get("PATH", "").split(os.pathsep) if not p.startswith(str(ROOT)))
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    env["PIP_NO_COMPILE"] = "1"  # no .pyc at install time: saves half the install, changes nothing else
    subprocess.run([_base_python(), "-m", "venv", str(venv)], check=True, env=env)
    py = venv / "bin" / "python"
    install = subprocess.run([str(py), "-m", "pip", "install", "--quiet", "ipykernel", "nbclient", "nbformat"],
                             capture_output=True, text=True, env=env)
    assert install.returncode == 0, install.stderr[-3000:]
    subprocess.run([str(py), "-m", "ipykernel", "install", "--prefix", str(venv), "--name", "fresh"],
                   check=True, capture_output=True, env=env)
    assert subprocess.run([str(py), "-c", "import mapmath"], capture_output=True, env=env, cwd=work).returncode != 0, \
        "mapmath is importable before the notebook installs it: the environment is not fresh"
    (tmp_path / "run.py").write_text(RUNNER)
    with serve(HTML) as site:
        env["MAPBOOK_SITE"] = site.rstrip("/")
        start = time.perf_counter()
        run = subprocess.run([str(py), str(tmp_path / "run.py"), name, "fresh"], capture_output=True, text=True,
                             env=env, cwd=work, timeout=1500)
        seconds = time.perf_counter() - start
    assert run.returncode == 0, f"the copied-out notebook failed in a fresh environment:\n{run.stderr[-5000:]}"
    where, count = re.search(r"MAPMATH (\S+) (\d+)", run.stdout).groups()
    assert Path(where).is_relative_to(venv), f"mapmath came from {where}, not from the fresh environment"
    assert int(count) >= 8, f"only {count} mapmath modules installed: subpackages missing from the wheel"
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "fresh-environment.txt").write_text(f"{name} ran in {seconds:.0f} s in {venv}; mapmath at {where}\n")
