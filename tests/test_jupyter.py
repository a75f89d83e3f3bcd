"""The generated notebooks in a real JupyterLab, as readers and students meet them.

The run's one ``jupyter lab`` from ``.venv`` on a loopback port, driven by the headless Chromium the
site tests use (the ``lab`` fixture, ``conftest.py``): every reader notebook renders with no MathJax
error and no raw MyST, opens unmodified, and shows each solution as one closed ``<details>`` whose
only visible text is "Solution to Exercise N.M"; a reader notebook stays so after Run All, saving
and reloading, and opening a solution shows its prose, math, code and figure without marking the
notebook modified; a student notebook shows its answer cells. The notebooks come from the test run's
one build (the ``generated`` fixture); ``tests/test_fresh_environment.py`` runs one outside the
repository.

One JupyterLab page serves every test: a notebook is opened the way the file browser and the
``/lab/tree/...`` address open it (the ``docmanager:open`` command, through the app the test server
exposes as ``window.jupyterapp``), after the previous one is closed and its kernel stopped (a
notebook closed and opened again finds its kernel running, as a reader's does); the page is loaded
once. The JupyterLab is a reader's: nbgrader's extensions (in ``.venv`` for the course kit) are off
(``built_site.jupyterlab``). The Run All test begins with the notebook that the per-notebook test
opened last, as that test left it. Each step waits for what it needs
(the notebook rendered, its math typeset, its kernel started, a menu shown, the file saved), never
for a fixed time. Screenshots (``test-artifacts/jupyter/`` and ``test-artifacts/jupyterlab-*.png``)
are taken with ``MAPBOOK_SCREENSHOTS=1``.
"""

from __future__ import annotations

import json
import os
import re

import nbformat
import pytest
from built_site import ARTIFACTS, ROOT

pytestmark = pytest.mark.build

CHAPTERS = sorted(p.stem for p in (ROOT / "chapters").glob("*.ipynb"))
# The chapter whose reader notebook is run, saved and reloaded: one whose solution has a figure
# (none has, today), else this one, the quickest to run of the chapters whose solutions show math
# and code (what the test opens). What a Run All shows is the point, not the chapter's code: nbval
# and tests/test_student_notebooks.py run every chapter. test_reader_notebook_in_jupyterlab opens
# it last, and the Run All test, next, begins with it as that test opened it.
RUN_ALL_CHAPTER = "02_beta_bernoulli"
from mapbook_structure import MYST_ONLY  # noqa: E402  (what only Jupyter Book renders, one owner)

RAW_TEX = re.compile(r"\\newcommand|\$\$")  # TeX that MathJax should have typeset
SOLUTION_SUMMARY = re.compile(r"Solution to Exercise \d+\.\d+")
SCREENSHOTS = os.environ.get("MAPBOOK_SCREENSHOTS", "") not in {"", "0"}  # for a person to look at: opt-in


# What the open notebook shows, once it is settled: its tab is the current one
# (``arguments[0]``, the file name), every cell is shown and every Markdown cell rendered, its
# kernel has started and answered (connected, idle or busy: JupyterLab has had its kernel_info
# reply and writes the kernel's language_info then, which could mark the notebook modified) and
# MathJax is done: no TeX delimiter is left in the rendered text outside code (then 3 polls, 0.3 s,
# without change), or, should some text keep a literal "$", the count of typeset formulas has not
# changed for 1.5 s (the fallback, as before).
NOTEBOOK_REPORT = """
const done = arguments[arguments.length - 1];
const title = arguments[0];
const t0 = Date.now();
let last = -1, stable = 0;
const TEX = /\\$|\\\\\\(|\\\\\\[|\\\\begin\\{/;
const rawMath = (panel) => [...panel.querySelectorAll('.jp-RenderedMarkdown')].filter(r => {
  const clone = r.cloneNode(true);
  clone.querySelectorAll('pre, code, mjx-container').forEach(e => e.remove());
  return TEX.test(clone.textContent);
}).length;
(function poll() {
  const tab = document.querySelector('.lm-DockPanel-tabBar .lm-TabBar-tab.lm-mod-current');
  const current = !title || (tab && tab.innerText.trim() === title);
  const panel = current ? document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden)') : null;
  const cells = panel ? [...panel.querySelectorAll('.jp-Notebook .jp-Cell')] : [];
  const maths = panel ? panel.querySelectorAll('mjx-container').length : 0;
  const markdown = panel ? panel.querySelectorAll('.jp-MarkdownCell').length : 0;
  const rendered = panel ? panel.querySelectorAll('.jp-MarkdownCell .jp-RenderedMarkdown').length : 0;
  const widget = window.jupyterapp && window.jupyterapp.shell.currentWidget;
  // the kernel has answered: connected and idle (or busy) after JupyterLab's kernel_info request,
  // not only a session that exists (sessionContext.isReady)
  const session = widget && widget.sessionContext;
  const k = session && session.isReady && session.session && session.session.kernel;
  const kernel = !widget || !session || (!!k && k.connectionStatus === 'connected'
                                         && (k.status === 'idle' || k.status === 'busy'));
  const shown = cells.length && rendered && rendered === markdown && kernel;
  if (shown && maths === last) { stable += 1; } else { stable = 0; }
  last = maths;
  const settled = stable >= 6 || (stable === 3 && rawMath(panel) === 0);  // (read once: it is not cheap)
  if (settled || Date.now() - t0 > 45000) {
    done({
      timedOut: !settled,
      kernelStarted: !!kernel,
      cells: cells.map(c => ({
        markdown: c.classList.contains('jp-MarkdownCell'),
        inputCollapsed: !!c.querySelector('.jp-InputPlaceholder') &&
                        getComputedStyle(c.querySelector('.jp-InputPlaceholder')).display !== 'none',
        placeholder: (c.querySelector('.jp-InputPlaceholder') || {}).innerText || '',
        outputCollapsed: !!c.querySelector('.jp-OutputPlaceholder'),
        outputPlaceholder: (c.querySelector('.jp-OutputPlaceholder') || {}).innerText || '',
        text: c.querySelector('.jp-RenderedMarkdown') ? c.querySelector('.jp-RenderedMarkdown').innerText : '',
        details: [...c.querySelectorAll('.jp-RenderedMarkdown details')].map(d => ({
          open: d.open,
          summary: d.querySelector('summary') ? d.querySelector('summary').innerText.trim() : null,
          // what of the body the browser shows (a closed details shows none of it: no element, no height)
          shownBody: [...d.children].filter(e => e.tagName !== 'SUMMARY' && e.checkVisibility()).length,
          extraHeight: d.getBoundingClientRect().height -
                       (d.querySelector('summary') ? d.querySelector('summary').getBoundingClientRect().height : 0),
          bodyText: [...d.children].filter(e => e.tagName !== 'SUMMARY').map(e => e.textContent).join(' ').length,
          maths: d.querySelectorAll('mjx-container').length,
          images: [...d.querySelectorAll('img')].map(i => ({loaded: i.complete && i.naturalWidth > 0,
                                                              width: i.getBoundingClientRect().width})),
          codeBlocks: d.querySelectorAll('pre').length,
        })),
      })),
      maths: maths,
      errors: panel ? [...panel.querySelectorAll('mjx-merror')].map(e => e.textContent.slice(0, 80)) : [],
      dirty: tab ? tab.classList.contains('jp-mod-dirty') : null,
      tabTitle: tab ? tab.innerText : null,
    });
  } else { setTimeout(poll, 100); }
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


# Close every open document (the notebooks the tests opened are unmodified or saved) and open
# ``arguments[0]`` as JupyterLab's file browser and /lab/tree/... addresses do; done when its
# context is ready.
OPEN = """
const [path, done] = arguments;
const app = window.jupyterapp;
for (const w of [...app.shell.widgets('main')]) { w.dispose(); }
app.commands.execute('docmanager:open', {path: path, factory: 'Notebook'})
  .then(w => w.context.ready.then(() => done('opened')), e => done('failed: ' + e));
"""

# Done once the JupyterLab page (a fresh load) has started and restored its layout.
APP_READY = """
const done = arguments[arguments.length - 1];
const t0 = Date.now();
(function wait() {
  if (window.jupyterapp) { window.jupyterapp.restored.then(() => done(true)); }
  else if (Date.now() - t0 > 120000) { done(false); }
  else { setTimeout(wait, 100); }
})();
"""


def _load_lab(web, url: str) -> None:
    """Load JupyterLab at ``url`` and wait until it has started (a guard against a hang, not a timing)."""
    web.get(url)
    assert web.execute_async_script(APP_READY), f"JupyterLab did not start at {url}"


@pytest.fixture(scope="module")
def one_lab(lab):
    """The ``lab`` fixture with JupyterLab loaded once for this file (a fresh workspace)."""
    web, base, token, _ = lab
    _load_lab(web, f"{base}/lab?token={token}&reset")
    return lab


def _screenshot(web, name: str) -> None:
    """Save a screenshot to ``test-artifacts/<name>`` if MAPBOOK_SCREENSHOTS=1."""
    if SCREENSHOTS:
        (ARTIFACTS / name).parent.mkdir(parents=True, exist_ok=True)
        web.save_screenshot(str(ARTIFACTS / name))


def _open(lab, path: str, look_at: int | None = None, *, new_kernel: bool = True) -> dict:
    """Open a notebook, wait until it is rendered, report what it shows; with MAPBOOK_SCREENSHOTS=1,
    screenshot its top and, when ``look_at`` is a cell index, that cell (e.g. the first solution) in
    the middle of the view. The kernels of the notebooks opened before are stopped first, so that
    the notebook starts its own, unless ``new_kernel`` is false (a notebook closed and opened again:
    closing its tab left its kernel running, and JupyterLab connects to it again)."""
    web, base, token, _ = lab
    _LAST_OPENED.clear()
    if new_kernel:
        _shut_down_kernels(base, token)
    opened = web.execute_async_script(OPEN, path)
    assert opened == "opened", f"JupyterLab could not open {path}: {opened}"
    report = web.execute_async_script(NOTEBOOK_REPORT, path.rsplit("/", 1)[-1])
    _LAST_OPENED.update(path=path, report=report)
    stem = f"jupyterlab-{path.replace('/', '-').removesuffix('.ipynb')}"
    _screenshot(web, f"{stem}.png")
    if look_at is not None and SCREENSHOTS:
        web.execute_script("const c = document.querySelectorAll('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Cell');"
                           "c[arguments[0]].scrollIntoView({block: 'center'});", look_at)
        _settle(web)
        _screenshot(web, f"{stem}-cell{look_at}.png")
    return report


# The notebook the last _open opened and its report, until the page is next changed: a test that
# begins with the notebook just opened and not touched since takes it as it is (see RUN_ALL_CHAPTER).
_LAST_OPENED: dict = {}


def _opened(lab, path: str) -> dict:
    """``_open(lab, path)``, unless ``path`` is the notebook the previous test opened and left as
    opened (its report is then that of the same page, as ``_open`` would give it)."""
    if _LAST_OPENED.get("path") == path:
        return _LAST_OPENED["report"]
    return _open(lab, path)


def _settle(web) -> None:
    """Wait for two animation frames: what a scroll or a click changed has been laid out and painted."""
    web.execute_async_script("const d = arguments[0]; requestAnimationFrame(() => requestAnimationFrame(() => d()));")


def _solutions_closed(name: str, nb, cells: list[dict]) -> list[int]:
    """Assert that every solution of ``nb`` shows as one closed <details> whose only visible text is
    "Solution to Exercise N.M"; return the solution cells' indices."""
    found = []
    for i, cell in enumerate(nb.cells):
        if "solution" not in cell.metadata.get("tags", []):
            continue
        found.append(i)
        shown = cells[i]
        assert shown["markdown"] and len(shown["details"]) == 1, f"{name} cell {i}: not one <details>: {shown}"
        details = shown["details"][0]
        assert details["open"] is False, f"{name} cell {i}: the solution is open"
        assert SOLUTION_SUMMARY.fullmatch(details["summary"] or ""), f"{name} cell {i}: summary {details['summary']!r}"
        assert shown["text"].strip() == details["summary"], (
            f"{name} cell {i}: the closed solution shows {shown['text'].strip()[:200]!r}")
        assert details["shownBody"] == 0 and details["extraHeight"] < 2 and details["bodyText"] > 0, (
            f"{name} cell {i}: the closed solution shows some of its body: {details}")
        assert not shown["inputCollapsed"], f"{name} cell {i}: a solution is a rendered cell, not a collapsed one"
    return found


@pytest.mark.browser
@pytest.mark.parametrize("name", sorted(CHAPTERS, key=lambda name: name == RUN_ALL_CHAPTER))  # that one last
def test_reader_notebook_in_jupyterlab(one_lab, generated, name):
    nb = nbformat.read(generated / "reader" / f"{name}.ipynb", as_version=4)
    first = next((i for i, c in enumerate(nb.cells) if "solution" in c.metadata.get("tags", [])), None)
    report = _open(one_lab, f"reader/{name}.ipynb", look_at=first)
    assert not report["timedOut"], (f"{name}: JupyterLab did not finish rendering the notebook "
                                    f"(kernel started: {report['kernelStarted']})")
    cells = report["cells"]
    assert len(cells) == len(nb.cells), f"{name}: {len(cells)} cells shown, {len(nb.cells)} in the notebook"
    assert report["maths"] > 0, f"{name}: no typeset math"
    assert not report["errors"], f"{name}: MathJax errors (an undefined macro?): {report['errors']}"
    raw = sorted({m.group(0) for c in cells for rx in (MYST_ONLY, RAW_TEX) for m in rx.finditer(c["text"])})
    assert not raw, f"{name}: raw MyST/TeX in the rendered markdown: {raw}"
    assert report["dirty"] is False, f"{name}: the notebook opens marked as modified"
    solutions = _solutions_closed(name, nb, cells)
    for i, cell in enumerate(nb.cells):
        shown = cells[i]
        if i in solutions:
            continue
        if "checks" in cell.metadata.get("tags", []):
            assert shown["inputCollapsed"] and shown["placeholder"].startswith("# The checks of the cell above"), (
                f"{name} cell {i}: a checks cell should be collapsed behind its first line: {shown['placeholder']!r}")
        elif "setup" in cell.metadata.get("tags", []):
            assert shown["inputCollapsed"] and shown["placeholder"].startswith("# Set-up: run this cell first"), (
                f"{name}: the set-up cell should be collapsed behind its first line: {shown['placeholder']!r}")
        else:
            assert not shown["inputCollapsed"], f"{name} cell {i}: a story cell is collapsed"




def _run_all_chapter(generated) -> str:
    for name in CHAPTERS:
        nb = nbformat.read(generated / "reader" / f"{name}.ipynb", as_version=4)
        if any("solution" in c.metadata.get("tags", []) and "<img" in c.source for c in nb.cells):
            return name
    return RUN_ALL_CHAPTER

WAIT_FOR_KERNEL = """
const done = arguments[arguments.length - 1];
const t0 = Date.now();
(function poll() {
  const panel = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden)');
  const prompts = panel ? [...panel.querySelectorAll('.jp-CodeCell .jp-InputArea-prompt')].map(p => p.innerText) : [];
  const busy = prompts.some(p => p.includes('*'));
  const ran = prompts.length && prompts.every(p => /\\[\\d+\\]/.test(p));
  if ((ran && !busy) || Date.now() - t0 > 170000) {
    done({prompts: prompts, ran: !!ran, busy: busy});
  } else { setTimeout(poll, 200); }
})();
"""


def _command(web, menu: str, item: str) -> None:
    """Click ``menu`` > ``item`` in JupyterLab's menu bar (what a reader does)."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    bar = [e for e in web.find_elements(By.CSS_SELECTOR, ".lm-MenuBar-itemLabel") if e.text.strip() == menu]
    assert bar, f"no {menu!r} menu"
    bar[0].click()

    def entry(_):
        found = [e for e in web.find_elements(By.CSS_SELECTOR, ".lm-Menu-itemLabel") if e.text.strip() == item]
        return found[0] if found and found[0].is_displayed() else None

    WebDriverWait(web, 30, poll_frequency=0.1).until(entry, message=f"no {item!r} in the {menu!r} menu").click()


def _scroll_to(web, index: int) -> None:
    web.execute_script("const c = document.querySelectorAll('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Cell');"
                       "c[arguments[0]].scrollIntoView({block: 'start'});", index)
    _settle(web)


def _toggle(web, index: int) -> None:
    """Click the summary of the solution in cell ``index`` (opens or closes it), as a reader does;
    wait until the solution has changed state."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    _scroll_to(web, index)
    cell = web.find_elements(By.CSS_SELECTOR, ".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Cell")[index]
    details = cell.find_element(By.CSS_SELECTOR, "details")
    was_open = web.execute_script("return arguments[0].open", details)
    details.find_element(By.CSS_SELECTOR, ":scope > summary").click()
    WebDriverWait(web, 30, poll_frequency=0.05).until(
        lambda _: web.execute_script("const d = arguments[0];"
                                     "return [d.open, [...d.querySelectorAll('img')].every(i => i.complete)]",
                                     details) == [not was_open, True],
        message=f"clicking the summary of cell {index} did not {'close' if was_open else 'open'} it")
    _settle(web)


def _saved(web, timeout: float = 60) -> None:
    """Wait until the current notebook's tab no longer shows the modified mark (the save is done)."""
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(web, timeout, poll_frequency=0.1).until(lambda _: web.execute_script(
        "const t = document.querySelector('.lm-DockPanel-tabBar .lm-TabBar-tab.lm-mod-current');"
        "return !!t && !t.classList.contains('jp-mod-dirty');"), message="the notebook was not saved")


@pytest.mark.browser
def test_reader_solutions_stay_closed_after_run_all_save_and_reload(one_lab, generated):
    """Issue 16 item 5, measured: open a reader notebook, Run All (every solution stays closed, none
    of its text visible), open a solution (its prose, math, code and figure show; the modified mark
    does not change), save, reload: every solution is closed again, the notebook opens unmodified,
    and the saved file's solution cells are the generated ones, byte for byte."""
    web, _, _, work = one_lab
    name = _run_all_chapter(generated)
    path = f"reader/{name}.ipynb"
    title = f"{name}.ipynb"
    nb = nbformat.read(generated / "reader" / f"{name}.ipynb", as_version=4)
    report = _opened(one_lab, path)
    _LAST_OPENED.clear()  # the page changes from here on
    solutions = _solutions_closed(name, nb, report["cells"])
    assert solutions and report["dirty"] is False
    # opening and closing a solution of the unmodified notebook leaves it unmodified
    _toggle(web, solutions[0])
    opened = web.execute_async_script(NOTEBOOK_REPORT, title)
    assert opened["cells"][solutions[0]]["details"][0]["open"] is True
    assert opened["dirty"] is False, "opening a solution marks the notebook modified"
    _toggle(web, solutions[0])
    assert web.execute_async_script(NOTEBOOK_REPORT, title)["dirty"] is False

    # Run All: nothing of any solution shows
    _command(web, "Run", "Run All Cells")
    ran = web.execute_async_script(WAIT_FOR_KERNEL)
    assert ran["ran"] and not ran["busy"], f"Run All did not finish: {ran['prompts']}"
    after_run = web.execute_async_script(NOTEBOOK_REPORT, title)
    _solutions_closed(name, nb, after_run["cells"])  # a Markdown cell has nothing to run or re-show
    # open the solution with the figure: it shows all of itself, and the notebook stays unmodified by it
    # (the solution with a figure, or, when no solution of the chapter draws one, the longest)
    with_figure = next((i for i in solutions if "<img" in nb.cells[i].source),
                       max(solutions, key=lambda i: len(nb.cells[i].source)))
    _toggle(web, with_figure)
    _screenshot(web, "jupyter/reader-solution-opened.png")
    opened = web.execute_async_script(NOTEBOOK_REPORT, title)
    details = opened["cells"][with_figure]["details"][0]
    assert details["open"] is True and details["shownBody"] > 0 and details["extraHeight"] > 100, details
    if "<img" in nb.cells[with_figure].source:
        assert details["images"] and all(i["loaded"] and i["width"] > 100 for i in details["images"]), details
    assert details["codeBlocks"] > 0, details
    assert not opened["errors"], opened["errors"]
    dirty_before = after_run["dirty"]  # (Run All itself marks it modified: new outputs and counts)
    assert opened["dirty"] is dirty_before, "opening a solution changes the notebook's modified mark"
    with_math = [i for i in solutions if "$" in nb.cells[i].source]
    assert all(opened["cells"][i]["details"][0]["maths"] > 0 for i in with_math), (
        "math inside a solution is not typeset")

    # save
    _command(web, "File", "Save Notebook")
    _saved(web)
    saved = nbformat.read(work / path, as_version=4)
    assert all(c.execution_count for c in saved.cells if c.cell_type == "code"), "not every cell ran"
    errors = [i for i, c in enumerate(saved.cells) if c.cell_type == "code" for o in c.outputs
              if o.output_type == "error"]
    assert not errors, f"Run All: errors in cells {errors}"
    for i in solutions:
        assert saved.cells[i].source == nb.cells[i].source and saved.cells[i].cell_type == "markdown", i
        assert dict(saved.cells[i].metadata) == dict(nb.cells[i].metadata), (i, saved.cells[i].metadata)

    # reload: every solution is still closed and the notebook opens unmodified (closed and opened
    # again: JupyterLab reads the saved file from the server and renders it anew, on the kernel
    # that closing the tab left running, as for a reader)
    reloaded = _open(one_lab, path, new_kernel=False)
    assert not reloaded["timedOut"] and reloaded["dirty"] is False
    _solutions_closed(name, nb, reloaded["cells"])
    if SCREENSHOTS:
        _scroll_to(web, max(solutions[0] - 1, 0))
        _screenshot(web, "jupyter/reader-after-run-all.png")


@pytest.mark.browser
def test_student_notebook_in_jupyterlab_shows_its_answer_cells(one_lab, generated):
    name = "02_beta_bernoulli"
    nb = nbformat.read(generated / "student" / f"{name}.ipynb", as_version=4)
    answers = [i for i, c in enumerate(nb.cells) if "answer" in c.metadata.get("tags", [])]
    report = _open(one_lab, f"student/{name}.ipynb", look_at=answers[0] if answers else None)
    assert not report["errors"] and report["dirty"] is False
    assert answers, "the student notebook has no answer cell"
    for i in answers:
        assert not report["cells"][i]["inputCollapsed"], f"answer cell {i} is collapsed"
    hidden = [i for i, c in enumerate(report["cells"]) if c["inputCollapsed"]]
    expected = [0] + [i for i, c in enumerate(nb.cells) if "checks" in c.metadata.get("tags", [])]
    assert hidden == expected, f"a student notebook hides its set-up cell and its checks only, not {hidden}"
