"""The generated notebooks in a real JupyterLab, as readers and students meet them.

The run's one ``jupyter lab`` from ``.venv`` on a loopback port, driven by the headless Chromium the
site tests use (the ``lab`` fixture, ``conftest.py``): every reader notebook renders with no MathJax
error and no raw MyST, opens unmodified, and shows each solution cell collapsed behind its neutral
first line; a student notebook shows its answer cells. Screenshots go to ``test-artifacts/``. The
notebooks come from the test run's one build (the ``generated`` fixture);
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
RAW_MYST = re.compile(r"```\{|\{glue|:label:|\{cite|\{ref\}|\{doc\}|\{prf:|\\newcommand|\$\$")


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
        elif "checks" in cell.metadata.get("tags", []):
            assert shown["inputCollapsed"] and shown["placeholder"].startswith("# The checks of the cell above"), (
                f"{name} cell {i}: a checks cell should be collapsed behind its first line: {shown['placeholder']!r}")
        elif "setup" in cell.metadata.get("tags", []):
            assert shown["inputCollapsed"] and shown["placeholder"].startswith("# Set-up: run this cell first"), (
                f"{name}: the set-up cell should be collapsed behind its first line: {shown['placeholder']!r}")
        else:
            assert not shown["inputCollapsed"], f"{name} cell {i}: a story cell is collapsed"


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
