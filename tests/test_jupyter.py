"""The generated notebooks in a real JupyterLab, as readers and students meet them.

The run's one ``jupyter lab`` from ``.venv`` on a loopback port, driven by the headless Chromium the
site tests use (the ``lab`` fixture, ``conftest.py``): every reader notebook renders with no MathJax
error and no raw MyST, opens unmodified, and shows each solution as one closed ``<details>`` whose
only visible text is "Solution to Exercise N.M"; a reader notebook stays so after Run All, saving
and reloading, and opening a solution shows its prose, math, code and figure without marking the
notebook modified; a student notebook shows its answer cells. Screenshots go to
``test-artifacts/jupyter/``. The notebooks come from the test run's one build (the ``generated``
fixture);
``tests/test_fresh_environment.py`` runs one outside the repository.
"""

from __future__ import annotations

import json
import re
import time

import nbformat
import pytest
from built_site import ARTIFACTS, ROOT

pytestmark = pytest.mark.build

CHAPTERS = sorted(p.stem for p in (ROOT / "chapters").glob("*.ipynb"))
from mapbook_structure import MYST_ONLY  # noqa: E402  (what only Jupyter Book renders, one owner)

RAW_TEX = re.compile(r"\\newcommand|\$\$")  # TeX that MathJax should have typeset
SOLUTION_SUMMARY = re.compile(r"Solution to Exercise \d+\.\d+")
JUPYTER_ARTIFACTS = ARTIFACTS / "jupyter"


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


# the chapter whose reader notebook is run, saved and reloaded: the one whose solution has a figure
RUN_ALL_CHAPTER = "11_exercises"

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
  } else { setTimeout(poll, 500); }
})();
"""


def _command(web, menu: str, item: str) -> None:
    """Click ``menu`` > ``item`` in JupyterLab's menu bar (what a reader does)."""
    from selenium.webdriver.common.by import By

    bar = [e for e in web.find_elements(By.CSS_SELECTOR, ".lm-MenuBar-itemLabel") if e.text.strip() == menu]
    assert bar, f"no {menu!r} menu"
    bar[0].click()
    time.sleep(0.5)
    entries = [e for e in web.find_elements(By.CSS_SELECTOR, ".lm-Menu-itemLabel") if e.text.strip() == item]
    assert entries, f"no {item!r} in the {menu!r} menu"
    entries[0].click()


def _scroll_to(web, index: int) -> None:
    web.execute_script("const c = document.querySelectorAll('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Cell');"
                       "c[arguments[0]].scrollIntoView({block: 'start'});", index)
    time.sleep(0.8)


def _toggle(web, index: int) -> None:
    """Click the summary of the solution in cell ``index`` (opens or closes it), as a reader does."""
    from selenium.webdriver.common.by import By

    _scroll_to(web, index)
    cell = web.find_elements(By.CSS_SELECTOR, ".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Cell")[index]
    cell.find_element(By.CSS_SELECTOR, "details > summary").click()
    time.sleep(1.5)


@pytest.mark.browser
def test_reader_solutions_stay_closed_after_run_all_save_and_reload(lab, generated):
    """Issue 16 item 5, measured: open a reader notebook, Run All (every solution stays closed, none
    of its text visible), open a solution (its prose, math, code and figure show; the modified mark
    does not change), save, reload: every solution is closed again, the notebook opens unmodified,
    and the saved file's solution cells are the generated ones, byte for byte."""
    web, base, token, work = lab
    name = RUN_ALL_CHAPTER
    path = f"reader/{name}.ipynb"
    nb = nbformat.read(generated / "reader" / f"{name}.ipynb", as_version=4)
    JUPYTER_ARTIFACTS.mkdir(parents=True, exist_ok=True)
    report = _open(lab, path)
    solutions = _solutions_closed(name, nb, report["cells"])
    assert solutions and report["dirty"] is False
    # opening and closing a solution of the unmodified notebook leaves it unmodified
    _toggle(web, solutions[0])
    opened = web.execute_async_script(NOTEBOOK_REPORT)
    assert opened["cells"][solutions[0]]["details"][0]["open"] is True
    assert opened["dirty"] is False, "opening a solution marks the notebook modified"
    _toggle(web, solutions[0])
    assert web.execute_async_script(NOTEBOOK_REPORT)["dirty"] is False

    # Run All: nothing of any solution shows
    _command(web, "Run", "Run All Cells")
    ran = web.execute_async_script(WAIT_FOR_KERNEL)
    assert ran["ran"] and not ran["busy"], f"Run All did not finish: {ran['prompts']}"
    after_run = web.execute_async_script(NOTEBOOK_REPORT)
    _solutions_closed(name, nb, after_run["cells"])  # a Markdown cell has nothing to run or re-show
    # open the solution with the figure: it shows all of itself, and the notebook stays unmodified by it
    # (the solution with a figure, or, when no solution of the chapter draws one, the longest)
    with_figure = next((i for i in solutions if "<img" in nb.cells[i].source),
                       max(solutions, key=lambda i: len(nb.cells[i].source)))
    _toggle(web, with_figure)
    web.save_screenshot(str(JUPYTER_ARTIFACTS / "reader-solution-opened.png"))
    opened = web.execute_async_script(NOTEBOOK_REPORT)
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
    time.sleep(2)
    saved = nbformat.read(work / path, as_version=4)
    assert all(c.execution_count for c in saved.cells if c.cell_type == "code"), "not every cell ran"
    errors = [i for i, c in enumerate(saved.cells) if c.cell_type == "code" for o in c.outputs
              if o.output_type == "error"]
    assert not errors, f"Run All: errors in cells {errors}"
    for i in solutions:
        assert saved.cells[i].source == nb.cells[i].source and saved.cells[i].cell_type == "markdown", i
        assert dict(saved.cells[i].metadata) == dict(nb.cells[i].metadata), (i, saved.cells[i].metadata)

    # reload: every solution is still closed and the notebook opens unmodified
    web.refresh()
    time.sleep(1.0)
    reloaded = web.execute_async_script(NOTEBOOK_REPORT)
    assert not reloaded["timedOut"] and reloaded["dirty"] is False
    _solutions_closed(name, nb, reloaded["cells"])
    _scroll_to(web, max(solutions[0] - 1, 0))
    web.save_screenshot(str(JUPYTER_ARTIFACTS / "reader-after-run-all.png"))
    _shut_down_kernels(base, token)


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
    expected = [0] + [i for i, c in enumerate(nb.cells) if "checks" in c.metadata.get("tags", [])]
    assert hidden == expected, f"a student notebook hides its set-up cell and its checks only, not {hidden}"
