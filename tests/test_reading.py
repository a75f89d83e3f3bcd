"""Reading the site in a browser, on any screen: every page at 1400 px and 400 px, in light and dark mode.

The book is built once per test run (the ``site`` fixture, the build ``test_site.py`` checks for
warnings), served on 127.0.0.1 and read in headless Chromium (the ``browser`` fixture), with the
viewport set through the DevTools protocol and the theme's mode stored where pydata-sphinx-theme reads it
(``localStorage`` ``mode`` and ``theme``; the page's ``<html data-theme>`` then says which applies)
or switched with the theme's own button. Each page is loaded once and read in all four settings
(``read_site``: a load, which typesets the page's math, costs far more than a change of width or mode).

On every page, in each of the four settings:

- nothing is wider than the viewport (``document.scrollWidth <= innerWidth``): no sideways scroll;
- at 1400 px no display equation is clipped (each ``mjx-container[display="true"]`` fits its box);
  an equation that must scroll (at 400 px) has a visible cue (``_static/mapbook.css``);
- figure text is at least :data:`MIN_FIGURE_TEXT_PX` on screen at 1400 px and 400 px: the text
  size is computed from what is known (``mapmath.plotting.FONT_SIZE`` points at the figures' 100 dpi,
  the PNG's pixel width halved for its retina factor, and the width Chromium shows the image at);
- (from the same page loads; these checks were in ``test_site.py``) math is typeset, figures load,
  the console is clean, nothing is fetched from the network, solutions start collapsed and open on
  click;
- search finds results; searching for "Jeffreys" gives snippets that contain "Jeffreys".

Screenshots (400 px and 1400 px, light and dark, of the intro and one chapter) are saved to
``test-artifacts/reading/``; the others (phone drawers, search, chapter 1) with ``MAPBOOK_SCREENSHOTS=1``.
"""

from __future__ import annotations

import os
import re
import time

import pytest
from built_site import ARTIFACTS, ROOT, chapter_docs, toc_docs

pytestmark = [pytest.mark.build, pytest.mark.browser]

DOCS = toc_docs()
WIDTHS = (1400, 400)
MODES = ("light", "dark")
SETTINGS = [(w, m) for w in WIDTHS for m in MODES]
SCREENSHOT_DOCS = ("intro", "chapters/05_reparameterization")
SHOTS = ARTIFACTS / "reading"
# Screenshots only for a person to look at (the ones the checks read are always taken): opt-in
SCREENSHOTS = os.environ.get("MAPBOOK_SCREENSHOTS", "") not in {"", "0"}
# Effective size of figure text on screen, in CSS px: body text is 16 px; a multi-panel figure
# (class mapbook-wide) scrolls at 760 px on a phone instead of shrinking; a single-panel figure
# uses the page's side margins (or, in an exercise or solution box, scrolls at 385 px): _static/mapbook.css.
MIN_FIGURE_TEXT_PX = {1400: 9.0, 400: 9.0}

# What a page looks like to a reader, measured once MathJax has typeset it (and ``arguments[0]`` ms
# later, 50 unless given: the page's own work after the typesetting is done). ``wide`` names what
# makes the page scroll sideways: it is looked for only when the page does (it reads the box of
# every element, which costs more than the rest of the report).
LAYOUT_REPORT = """
const done = arguments[arguments.length - 1];
const settle = arguments.length > 1 ? arguments[0] : 50;
const where = (el) => {
  const cell = el.closest('[id]');
  const tag = el.tagName.toLowerCase() + (el.className && typeof el.className === 'string'
    ? '.' + el.className.trim().split(/\\s+/).join('.') : '');
  return (cell ? '#' + cell.id + ' ' : '') + tag;
};
const report = () => {
  const vw = window.innerWidth;
  const scrollWidth = document.documentElement.scrollWidth;
  const wide = [];
  for (const el of scrollWidth > vw ? document.querySelectorAll('body *') : []) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.right <= vw + 1) continue;
    if (el.checkVisibility && !el.checkVisibility({visibilityProperty: true})) continue;
    // only the innermost offenders: an element whose child is also too wide is not listed
    if ([...el.children].some(c => c.getBoundingClientRect().right > vw + 1)) continue;
    let hidden = false;  // inside a box that scrolls or clips it: the page itself does not widen
    for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
      const s = getComputedStyle(p);
      if (s.overflowX !== 'visible' && p.getBoundingClientRect().right <= vw + 1) { hidden = true; break; }
    }
    if (!hidden) wide.push(`${where(el)} right=${Math.round(r.right)} "${(el.textContent || '').trim().slice(0, 50)}"`);
  }
  const equations = [...document.querySelectorAll('mjx-container[display="true"]')].map(m => {
    const s = getComputedStyle(m);
    return {
      where: where(m.parentElement),
      tex: (m.parentElement.getAttribute('data-tex') || m.closest('.math, .cell_output, p, div')
             .textContent || '').trim().slice(0, 60),
      scroll: m.scrollWidth, client: m.clientWidth,
      // a scroll shadow (_static/mapbook.css): a background or shadow on a box that scrolls
      cue: s.overflowX !== 'visible' && (s.backgroundImage !== 'none' || s.boxShadow !== 'none'),
    };
  });
  done({
    theme: document.documentElement.dataset.theme,
    innerWidth: vw, scrollWidth,
    wide: wide.slice(0, 8), equations,
    images: [...document.querySelectorAll('article img')].map(i => i.src.split('.').pop()),
  });
};
const t0 = Date.now();
(function wait() {
  if (!document.querySelector('.math')) { report(); return; }
  if (window.MathJax && MathJax.startup && MathJax.startup.promise) {
    MathJax.startup.promise.then(() => setTimeout(report, settle), e => done({failed: String(e)}));
  } else if (Date.now() - t0 > 30000) { done({failed: 'MathJax did not start within 30 s'}); }
  else { setTimeout(wait, 50); }
})();
"""


# Every figure of a page (collapsed solutions opened first): the width Chromium shows it at and
# the PNG's own pixel width, once the image is decoded. With ``arguments[0]`` true, what was opened
# is closed again once measured (the page is as before: the same elements collapsed, the same
# attributes), so that the page can still be read as loaded.
FIGURE_REPORT = """
const [restore, done] = arguments;
const closed = [...document.querySelectorAll('details')].filter(d => !d.open);
closed.forEach(d => { d.open = true; });
const hidden = [...document.querySelectorAll('.toggle-hidden')];
hidden.forEach(e => e.classList.remove('toggle-hidden'));
const imgs = [...document.querySelectorAll('.bd-article .cell_output img')];
const loading = imgs.map(i => i.getAttribute('loading'));
Promise.all(imgs.map(i => { i.loading = 'eager'; return i.decode().catch(() => null); })).then(() => {
  setTimeout(() => {
    const figures = imgs.map(i => ({
      src: i.src.split('/').pop(), shown: i.getBoundingClientRect().width, natural: i.naturalWidth,
      wide: i.classList.contains('mapbook-wide'),
      section: (i.closest('section[id]') || {}).id || '',
    }));
    if (restore) {
      imgs.forEach((i, k) => { if (loading[k] === null) i.removeAttribute('loading'); else i.loading = loading[k]; });
      hidden.forEach(e => e.classList.add('toggle-hidden'));
      closed.forEach(d => { d.open = false; });
    }
    done(figures);
  }, 50);
});
"""


# Inline formulas that run past the right edge of their line without the scroll cue of
# _static/mapbook.css (class mapbook-inline-scroll, set by _ext/static/mapbook-page.js), measured
# after FIGURE_REPORT opened the solutions: a resize event makes the page mark what is now visible.
INLINE_REPORT = """
const done = arguments[arguments.length - 1];
window.dispatchEvent(new Event('resize'));
setTimeout(() => {  // after the page's own resize handler, 150 ms after the event (_ext/static/mapbook-page.js):
                    // its timer was set first, for an earlier time, so it runs first
  const unseen = [];
  for (const m of document.querySelectorAll('.bd-article mjx-container:not([display="true"])')) {
    const r = m.getBoundingClientRect();
    if (r.width === 0) continue;
    let box = m.parentElement;
    while (box && getComputedStyle(box).display.startsWith('inline')) box = box.parentElement;
    const room = box.getBoundingClientRect().right - parseFloat(getComputedStyle(box).paddingRight || '0');
    const scrolls = m.classList.contains('mapbook-inline-scroll') && getComputedStyle(m).overflowX !== 'visible';
    if (r.right > room + 1 && !scrolls) {
      unseen.push(`#${(m.closest('[id]') || {}).id}: ${Math.round(r.right - room)} px past the line: `
                  + (box.textContent || '').trim().slice(0, 60));
    }
  }
  done(unseen);
}, 160);
"""


def set_viewport(web, width: int, height: int = 1000) -> None:
    web.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                        {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False})


# After a viewport change on a loaded page: done once the window has its new width, the resize
# event has been handled (it runs before the next animation frame) and the page's own resize
# work is done (_ext/static/mapbook-page.js re-marks the inline formulas 150 ms after a resize).
RESIZED = """
const [width, done] = arguments;
const t0 = Date.now();
(function wait() {
  if (window.innerWidth === width) {
    requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(() => done(true), 160)));
  } else if (Date.now() - t0 > 10000) { done(false); }
  else { requestAnimationFrame(wait); }
})();
"""


def resize(web, width: int) -> None:
    """Give the loaded page a viewport ``width`` px wide, as a reader turning a tablet or resizing a window."""
    set_viewport(web, width)
    assert web.execute_async_script(RESIZED, width), f"the page did not take the width {width} px"


def set_mode(web, base: str, mode: str) -> None:
    """Store ``mode`` where the theme reads a reader's choice (set on a page of the site with next to
    nothing to load, :data:`BLANK`: the storage is the site's)."""
    web.get(f"{base}{BLANK}")
    web.execute_script("localStorage.setItem('mode', arguments[0]); localStorage.setItem('theme', arguments[0]);",
                       mode)


# --- what the browser shows of a page: the facts of the checks moved here from test_site.py ----

FAVICON = re.compile(r"favicon\.ico")
# TeX that MathJax did not typeset: $$..., \[..., \(..., \begin{...}, or an unparsed inline $...$.
RAW_TEX = re.compile(r"\$\$.{0,60}|\\[\[(].{0,60}|\\begin\{.{0,60}|(?<![\w$])\$[^$\s][^$\n]{0,60}\$")

MATH_REPORT = """
const done = arguments[arguments.length - 1];
const report = () => {
  const article = document.querySelector('article') || document.body;
  const maths = [...article.querySelectorAll('.math')];
  const clone = article.cloneNode(true);
  clone.querySelectorAll('pre, code, script, style, mjx-container, .toggle-button').forEach(e => e.remove());
  done({
    math: maths.length,
    typeset: article.querySelectorAll('mjx-container').length,
    untypeset: maths.filter(m => !m.querySelector('mjx-container')).map(m => m.textContent.trim().slice(0, 80)),
    errors: [...article.querySelectorAll('mjx-merror')].map(e => e.textContent.slice(0, 80)),
    text: clone.textContent,
  });
};
if (!document.querySelector('article .math')) { report(); return; }
const t0 = Date.now();
(function wait() {
  if (window.MathJax && MathJax.startup && MathJax.startup.promise) {
    MathJax.startup.promise.then(report, e => done({failed: String(e)}));
  } else if (Date.now() - t0 > 30000) {
    done({failed: 'MathJax did not start within 30 s'});
  } else { setTimeout(wait, 50); }
})();
"""

# Every image of the article, once each has loaded or failed (at most 15 s).
IMAGES_REPORT = """
const done = arguments[arguments.length - 1];
const t0 = Date.now();
(function wait() {
  const imgs = [...document.querySelectorAll('article img')];
  if (imgs.every(i => i.complete) || Date.now() - t0 > 15000) {
    done(imgs.map(i => ({src: i.getAttribute('src'), complete: i.complete, width: i.naturalWidth})));
  } else { setTimeout(wait, 50); }
})();
"""

RESOURCES = "return performance.getEntriesByType('resource').map(e => e.name);"


# The search controls a reader sees (issue 19: the header and the sidebar each had a search box).
SEARCH_CONTROL_PAGE = "chapters/02_beta_bernoulli"
SEARCH_CONTROLS = ("return [...document.querySelectorAll('.search-button__button')].filter(b => b.checkVisibility()"
                   " && b.getBoundingClientRect().width > 0).map(b => b.className)")


def visit(web, base: str, doc: str) -> dict:
    """What the browser saw of the page just loaded: math, images, console errors (logged since the
    load), what it fetched from another host. Chapter 1 is screenshot with MAPBOOK_SCREENSHOTS=1."""
    math = web.execute_async_script(MATH_REPORT)
    facts = {
        "math": math,
        "images": web.execute_async_script(IMAGES_REPORT),
        "console": [e for e in web.get_log("browser")
                    if e["level"] == "SEVERE" and not FAVICON.search(e["message"])],
        "remote": [u for u in web.execute_script(RESOURCES) if not u.startswith((base, "data:", "blob:"))],
    }
    if SCREENSHOTS and doc == (chapter_docs() or DOCS)[0]:
        ARTIFACTS.mkdir(exist_ok=True)
        web.save_screenshot(str(ARTIFACTS / f"{doc.replace('/', '_')}.png"))
    return facts


# Each solution of the loaded page, in page order, clicked open as a reader does (what
# open_solutions did with WebDriver round trips, several per solution, in one script): wait (10 s at
# most) for its toggle button; count its body elements and those shown (Selenium's isDisplayed
# atom, as ``shown``); scroll the button to the middle of the view and click it as WebDriver's
# element click does: the button must be displayed, and the element at the centre of its in-view
# box must be the button or inside it (else another element would take the reader's click), which
# then gets the pointer and mouse events of a click. Once every solution is clicked: wait (5 s at
# most, asked at every frame) until each clicked solution shows all of its body (togglebutton fades
# it in; a solution that a later click closed again counts as not opened).
OPEN_SOLUTIONS = """
const done = arguments[arguments.length - 1];
const shown = %s;  // Selenium's isDisplayed atom
class Failure extends Error { constructor(name, message) { super(message); this.name = name; } }
const until = async (test, ms, what, next = (r) => setTimeout(r, 50)) => {
  const t0 = Date.now();
  for (;;) {
    const value = test();
    if (value) return value;
    if (Date.now() - t0 > ms) throw new Failure('TimeoutException', what);
    await new Promise(next);
  }
};
const click = (button) => {
  if (!shown(button)) throw new Failure('ElementNotInteractableException', 'element not interactable');
  const r = button.getClientRects()[0];
  const x = (Math.max(r.left, 0) + Math.min(r.right, innerWidth)) / 2;
  const y = (Math.max(r.top, 0) + Math.min(r.bottom, innerHeight)) / 2;
  const hit = document.elementFromPoint(x, y);
  if (!hit || !button.contains(hit)) {
    throw new Failure('ElementClickInterceptedException', 'element click intercepted: Element is not clickable at '
                      + `point (${Math.round(x)}, ${Math.round(y)}). Other element would receive the click: `
                      + (hit ? hit.outerHTML.slice(0, 200) : 'none'));
  }
  const at = {bubbles: true, cancelable: true, composed: true, view: window, clientX: x, clientY: y,
              button: 0, detail: 1, pointerId: 1, pointerType: 'mouse', isPrimary: true};
  hit.dispatchEvent(new PointerEvent('pointermove', at));
  hit.dispatchEvent(new MouseEvent('mousemove', at));
  hit.dispatchEvent(new PointerEvent('pointerdown', {...at, buttons: 1}));
  hit.dispatchEvent(new MouseEvent('mousedown', {...at, buttons: 1}));
  hit.dispatchEvent(new PointerEvent('pointerup', at));
  hit.dispatchEvent(new MouseEvent('mouseup', at));
  hit.dispatchEvent(new MouseEvent('click', at));
};
(async () => {
  const facts = [], clicked = [];
  for (const solution of document.querySelectorAll('.solution.admonition')) {
    const fact = {id: solution.getAttribute('id'), button: false, body: 0, shown_before: null, opened: false};
    facts.push(fact);
    try {
      const button = await until(() => solution.querySelector('.admonition-title button.toggle-button'), 10000,
                                 "no toggle button in the solution's title within 10 s");
      fact.button = true;
      const body = [...solution.children].filter(e => !(e.getAttribute('class') || '').includes('admonition-title'));
      fact.body = body.length;
      if (!body.length) continue;
      fact.shown_before = body.filter(e => shown(e)).length;
      button.scrollIntoView({block: 'center'});
      click(button);
      clicked.push([fact, body]);
    } catch (error) {
      fact.error = `${error.name}: ${String(error.message).trim().slice(0, 300)}`;
    }
  }
  const open = () => clicked.every(([fact, body]) => fact.opened || (fact.opened = body.every(e => shown(e))));
  try {
    await until(open, 5000, 'the solution did not show all of its body within 5 s', requestAnimationFrame);
  } catch (error) {
    clicked.filter(([fact]) => !fact.opened).forEach(([fact]) => {
      fact.error = `${error.name}: ${String(error.message).trim().slice(0, 300)}`;
    });
  }
  return facts;
})().then(done, e => done([{id: null, button: false, body: 0, shown_before: null, opened: false, error: String(e)}]));
"""


def open_solutions(web) -> list[dict]:
    """Click each solution of the loaded page open, as a reader does (:data:`OPEN_SOLUTIONS`); per
    solution: its id, whether its toggle button appeared, how many body elements it has, how many
    showed before the click, whether all showed after it (``error``: what went wrong, if something
    did). Visibility is Selenium's own ``is_displayed`` (its isDisplayed atom)."""
    web.set_script_timeout(600)  # 10 + 5 s at most per solution: a guard against a hang
    try:
        return web.execute_async_script(OPEN_SOLUTIONS.replace("%s", _is_displayed_atom(), 1))
    finally:
        web.set_script_timeout(60)


def _is_displayed_atom() -> str:
    import pkgutil

    return pkgutil.get_data("selenium.webdriver.remote", "isDisplayed.js").decode("utf8")


# Switch the loaded page to ``arguments[0]`` with the theme's own button (each click goes to the
# next of auto, dark, light), as a reader does; done once the change is painted.
SWITCH_MODE = """
const [mode, done] = arguments;
const button = document.querySelector('.theme-switch-button');
for (let i = 0; i < 3 && button && document.documentElement.dataset.mode !== mode; i++) button.click();
requestAnimationFrame(() => requestAnimationFrame(() => done(document.documentElement.dataset.mode)));
"""


def switch_mode(web, mode: str) -> None:
    got = web.execute_async_script(SWITCH_MODE, mode)
    assert got == mode, f"the theme's switch gave the mode {got!r}, not {mode!r}"


def read_site(web, base: str, docs: list[str], *, shots: bool = True) -> dict:
    """``{(width, mode): {doc: report}}`` for every page in every setting (see ``LAYOUT_REPORT``),
    plus ``{"visits": {doc: facts}}`` (:func:`visit`), ``{"solutions": {doc: facts}}``
    (:func:`open_solutions`) and, on :data:`SEARCH_CONTROL_PAGE`, the visible search controls
    (``{"search_controls": {width: [class names]}}``).

    A page load (MathJax typesets the whole page) costs about three times a change of width, and a
    change of mode (colours only) next to nothing, so each page is loaded once, at 1400 px with the
    light mode stored as the theme stores a reader's choice, and then read in every setting:

    1. 1400 px light (as loaded): the layout, the browser facts of ``test_site.py`` (math typeset,
       figures loaded, console, network), then the figures at 1400 px (``FIGURE_REPORT``, which
       opens every collapsed solution and closes them again once measured);
    2. the theme's switch to dark: 1400 px dark; resized to 400 px: 400 px dark;
    3. switched back to light: 400 px light; every solution opened by a click (``OPEN_SOLUTIONS``),
       the figures (``FIGURE_REPORT``, which opens what is still collapsed) and the inline formulas
       (``INLINE_REPORT``).

    Before the next page loads, the window goes back to 1400 px on a one-image page of the site (a
    change of width on the page just read, all of it open, would cost as much as a load).

    Then the pages of :data:`SCREENSHOT_DOCS` are loaded again with dark stored, at 400 px, and
    resized to 1400 px: their dark reports (and screenshots) are those of a page loaded in dark,
    at a phone's width."""
    seen: dict = {"visits": {}, "solutions": {}, "search_controls": {}}

    def layout(width: int, mode: str, doc: str, *, loaded: bool = False, shot: bool = True) -> dict:
        # just loaded: 50 ms after the typesetting; after a switch or a resize (which waited for
        # the page to take the change): at once
        report = web.execute_async_script(LAYOUT_REPORT, 50 if loaded else 0)
        if shots and shot and doc in SCREENSHOT_DOCS:
            SHOTS.mkdir(parents=True, exist_ok=True)
            web.save_screenshot(str(SHOTS / f"{doc.replace('/', '_')}-{width}px-{mode}.png"))
        seen.setdefault((width, mode), {})[doc] = report
        return report

    set_viewport(web, 1400)
    set_mode(web, base, "light")
    for doc in docs:
        web.get_log("browser")  # drop what earlier pages logged
        web.get(f"{base}{doc}.html")
        light = layout(1400, "light", doc, loaded=True)
        seen["visits"][doc] = visit(web, base, doc)
        if doc == SEARCH_CONTROL_PAGE:
            seen["search_controls"][1400] = web.execute_script(SEARCH_CONTROLS)
        if isinstance(light, dict):
            light["figures"] = web.execute_async_script(FIGURE_REPORT, True)  # opened, measured, closed
        switch_mode(web, "dark")
        # (a page of SCREENSHOT_DOCS is shot in dark once it is loaded in dark, below: not here)
        layout(1400, "dark", doc, shot=False)
        resize(web, 400)
        layout(400, "dark", doc, shot=False)
        switch_mode(web, "light")
        phone = layout(400, "light", doc)
        if doc == SEARCH_CONTROL_PAGE:
            seen["search_controls"][400] = web.execute_script(SEARCH_CONTROLS)
        if doc in CHAPTERS:
            seen["solutions"][doc] = open_solutions(web)
        if isinstance(phone, dict):
            phone["figures"] = web.execute_async_script(FIGURE_REPORT, False)
            phone["inline_unseen"] = web.execute_async_script(INLINE_REPORT)
        web.get(f"{base}{BLANK}")
        set_viewport(web, 1400)
    set_mode(web, base, "dark")
    for doc in sorted(SCREENSHOT_DOCS, key=len):  # the intro first: a cheap page to change width on
        set_viewport(web, 400)
        web.get(f"{base}{doc}.html")
        layout(400, "dark", doc, loaded=True)
        resize(web, 1400)
        layout(1400, "dark", doc)
    return seen


# A page of the site with next to nothing to lay out (an image of Sphinx's theme), loaded to change
# the window's width between two pages.
BLANK = "_static/file.png"


def clipped(report: dict) -> list[str]:
    return [f"{e['where']} ({e['scroll']} px in {e['client']} px): {e['tex']}"
            for e in report.get("equations", []) if e["scroll"] > e["client"] + 1]


@pytest.fixture(scope="module")
def reading(browser):
    web, base = browser
    return read_site(web, base, DOCS)


@pytest.mark.parametrize(("width", "mode"), SETTINGS)
def test_the_theme_mode_is_the_one_asked_for(reading, width, mode):
    themes = {doc: r.get("theme") for doc, r in reading[(width, mode)].items()}
    assert all(t == mode for t in themes.values()), f"{width} px, {mode}: data-theme per page {themes}"


@pytest.mark.parametrize(("width", "mode"), SETTINGS)
def test_no_page_scrolls_sideways(reading, width, mode):
    failed = {doc: r["failed"] for doc, r in reading[(width, mode)].items() if "failed" in r}
    assert not failed, f"pages not measured: {failed}"
    wide = {doc: f"scrollWidth {r['scrollWidth']} > {r['innerWidth']}: {r['wide']}"
            for doc, r in reading[(width, mode)].items() if r["scrollWidth"] > r["innerWidth"]}
    assert not wide, f"{width} px, {mode}: pages wider than the screen:\n" + "\n".join(
        f"{doc}: {why}" for doc, why in wide.items())


def _clipped_in(reading, docs) -> dict[str, list[str]]:
    return {doc: found for doc in docs if (found := clipped(reading[(1400, "light")][doc]))}


CHAPTERS = set(chapter_docs())


def test_no_display_equation_is_clipped_at_1400px_outside_the_chapters(reading):
    offenders = _clipped_in(reading, [d for d in DOCS if d not in CHAPTERS])
    assert not offenders, "display equations cut off at 1400 px:\n" + "\n".join(
        f"{doc}: {eq}" for doc, eqs in offenders.items() for eq in eqs)


def test_no_display_equation_is_clipped_at_1400px_in_the_chapters(reading):
    offenders = _clipped_in(reading, [d for d in DOCS if d in CHAPTERS])
    assert not offenders, "display equations cut off at 1400 px:\n" + "\n".join(
        f"{doc}: {eq}" for doc, eqs in offenders.items() for eq in eqs)


def test_equations_that_scroll_at_400px_show_a_cue(reading):
    silent = {doc: [e["where"] for e in r["equations"] if e["scroll"] > e["client"] + 1 and not e["cue"]]
              for doc, r in reading[(400, "light")].items()}
    silent = {doc: found for doc, found in silent.items() if found}
    assert not silent, f"equations that scroll at 400 px without a visible cue: {silent}"


def figure_cells(doc: str) -> list[str]:
    """Where each figure of a chapter comes from, in page order: "cell N (<Figure size ...>)"."""
    import json

    path = ROOT / f"{doc}.ipynb"
    if not path.is_file():
        return []
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    return [f"cell {i} ({''.join(out['data'].get('text/plain', ['figure']))})"
            for i, cell in enumerate(cells) if cell["cell_type"] == "code"
            for out in cell.get("outputs", []) if "image/png" in out.get("data", {})]


@pytest.mark.parametrize("width", WIDTHS)
def test_figure_text_is_readable(reading, width):
    """The text of every figure, on screen, is at least MIN_FIGURE_TEXT_PX[width] CSS px.

    matplotlib draws it at FONT_SIZE points at the figure's 100 dpi, FONT_SIZE * 100 / 72 px of the
    figure's own pixels; the inline backend saves the PNG at twice that (retina), so the figure is
    naturalWidth / 2 px wide, and Chromium shows it ``shown`` px wide."""
    font_px = mapmath_font_px()
    small, unmeasured, measured = [], [], 0
    for doc, report in reading[(width, "light")].items():
        figures = report.get("figures", [])
        origins = figure_cells(doc)
        for k, fig in enumerate(figures):
            origin = origins[k] if len(origins) == len(figures) else f"figure {k + 1}"
            if not fig["natural"] or not fig["shown"]:
                unmeasured.append(f"{doc}: {origin} ({fig['src']})")
                continue
            measured += 1
            text_px = font_px * fig["shown"] / (fig["natural"] / 2)
            if text_px < MIN_FIGURE_TEXT_PX[width]:
                small.append(f"{doc}: {origin}, #{fig['section']}: text {text_px:.1f} px "
                             f"(shown {fig['shown']:.0f} px of {fig['natural'] / 2:.0f} px"
                             f"{', wide' if fig['wide'] else ''})")
    assert measured, f"{width} px: no figure measured"
    assert not unmeasured, f"{width} px: figures without a size on screen: {unmeasured}"
    assert not small, (f"{width} px: figure text under {MIN_FIGURE_TEXT_PX[width]} px:\n"
                       + "\n".join(small))


def mapmath_font_px() -> float:
    from mapmath.plotting import FONT_SIZE

    return FONT_SIZE * 100 / 72


def test_search_snippets_show_the_matching_text(browser):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    web, base = browser
    set_viewport(web, 1400)
    web.get(f"{base}search.html?q=Jeffreys")
    WebDriverWait(web, 30).until(lambda w: w.find_elements(By.CSS_SELECTOR, "#search-results ul.search li"),
                                 message="search.html?q=Jeffreys shows no results")
    deadline = time.monotonic() + 15  # snippets are filled in as each page's text is fetched
    while time.monotonic() < deadline:
        snippets = web.execute_script(
            "return [...document.querySelectorAll('#search-results ul.search li')].map(li => "
            "[li.querySelector('a').textContent, (li.querySelector('p.context') || {}).textContent || ''])")
        if all(s for _, s in snippets):
            break
        time.sleep(0.05)
    if SCREENSHOTS:
        SHOTS.mkdir(parents=True, exist_ok=True)
        web.save_screenshot(str(SHOTS / "search-jeffreys.png"))
    without = [f"{title}: {snippet!r}" for title, snippet in snippets if "jeffreys" not in snippet.lower()]
    assert snippets and not without, f"search results whose snippet does not show 'Jeffreys': {without}"


def test_screenshots_are_saved(reading):
    missing = [f"{doc}-{w}px-{m}" for doc in SCREENSHOT_DOCS for w, m in SETTINGS
               if not (SHOTS / f"{doc.replace('/', '_')}-{w}px-{m}.png").is_file()]
    assert not missing, f"screenshots not saved: {missing}"


def test_no_inline_formula_runs_past_its_line_unseen_at_400px(reading):
    """Issue 19: about 30 inline formulas ran off the right edge at 400 px (Exercise 2.1 lost
    "(prior mode of p_j)"). Each one, solutions opened, fits its line or scrolls with a cue."""
    unseen = {doc: r.get("inline_unseen") for doc, r in reading[(400, "light")].items()}
    assert all(v is not None for v in unseen.values()), "inline formulas not measured"
    unseen = {doc: found for doc, found in unseen.items() if found}
    assert not unseen, "inline formulas cut off at 400 px:\n" + "\n".join(
        f"{doc}: {line}" for doc, lines in unseen.items() for line in lines)


# --- moved from test_site.py: each page in the browser, from the light pass of ``reading`` ---------


@pytest.mark.parametrize("doc", DOCS)
def test_math_is_typeset(reading, doc):
    math = reading["visits"][doc]["math"]
    assert "failed" not in math, f"{doc}: {math.get('failed')}"
    assert not math["untypeset"], f"{doc}: math left as TeX source: {math['untypeset']}"
    assert not math["errors"], f"{doc}: MathJax errors: {math['errors']}"
    assert math["typeset"] >= math["math"], f"{doc}: {math['math']} math elements, {math['typeset']} typeset"
    raw = [m.group(0) for m in RAW_TEX.finditer(math["text"])]
    assert not raw, f"{doc}: raw TeX in the visible text (unparsed math): {raw}"


@pytest.mark.parametrize("doc", DOCS)
def test_figures_load(reading, doc):
    broken = [i for i in reading["visits"][doc]["images"] if not (i["complete"] and i["width"] > 0)]
    assert not broken, f"{doc}: images that did not load: {broken}"


@pytest.mark.parametrize("doc", DOCS)
def test_console_has_no_errors(reading, doc):
    errors = reading["visits"][doc]["console"]
    assert not errors, f"{doc}: console errors: {[e['message'] for e in errors]}"


@pytest.mark.parametrize("doc", DOCS)
def test_page_fetches_nothing_from_the_network(reading, doc):
    remote = reading["visits"][doc]["remote"]
    assert not remote, f"{doc}: fetched from another host (offline, these fail): {remote}"


@pytest.mark.parametrize("doc", chapter_docs())
def test_solutions_open_on_click(reading, doc):
    for solution in reading["solutions"][doc]:
        name = solution["id"]
        assert "error" not in solution or solution["button"], f"{doc}: solution {name}: {solution.get('error')}"
        assert solution["body"], f"{doc}: solution {name} is empty"
        assert solution["shown_before"] == 0, f"{doc}: solution {name} is not collapsed on load"
        assert solution["opened"], f"{doc}: solution {name} did not open on click ({solution.get('error')})"


def test_search_finds_pages(browser):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    web, base = browser
    web.get(f"{base}search.html?q=posterior")
    results = WebDriverWait(web, 30, poll_frequency=0.1).until(
        lambda w: w.find_elements(By.CSS_SELECTOR, "#search-results ul.search li"),
        message="search.html?q=posterior shows no results")
    assert results


# --- on a phone and in the search page ----------------------------------------------------------


def _becomes_true(web, script: str, *args, timeout: float = 5) -> bool:
    """Whether ``script`` (given ``args``) returns a true value within ``timeout`` seconds (asked every 50 ms)."""
    deadline = time.monotonic() + timeout
    while not (value := web.execute_script(script, *args)) and time.monotonic() < deadline:
        time.sleep(0.05)
    return bool(value)


def _visible(web, selector: str):
    from selenium.webdriver.common.by import By

    shown = [e for e in web.find_elements(By.CSS_SELECTOR, selector) if e.is_displayed()]
    assert shown, f"no visible {selector}"
    return shown[0]


def test_phone_navigation_drawer_opens_and_a_link_in_it_navigates(browser):
    """Issue 19: at 400 px the visible ☰ did nothing (the theme's handler sat on a hidden copy)."""
    web, base = browser
    set_viewport(web, 400)
    set_mode(web, base, "light")
    web.get(f"{base}chapters/02_beta_bernoulli.html")
    _visible(web, "button.primary-toggle").click()
    assert _becomes_true(web, "return document.getElementById('pst-primary-sidebar-modal').open"), \
        "the navigation drawer did not open"
    if SCREENSHOTS:
        SHOTS.mkdir(parents=True, exist_ok=True)
        web.save_screenshot(str(SHOTS / "phone-navigation-drawer-400px.png"))
    # (a short page: the click waits for the page it opens to load)
    link = _visible(web, "#pst-primary-sidebar-modal a.reference.internal[href$='about.html']")
    link.click()
    deadline = time.monotonic() + 10
    while "about.html" not in web.current_url and time.monotonic() < deadline:
        time.sleep(0.05)
    assert "about.html" in web.current_url, f"the drawer's link did not navigate: {web.current_url}"


def test_phone_page_contents_button_opens_the_contents(browser):
    web, base = browser
    set_viewport(web, 400)
    web.get(f"{base}chapters/02_beta_bernoulli.html")
    _visible(web, "button.secondary-toggle").click()
    assert _becomes_true(web, "return document.getElementById('pst-secondary-sidebar-modal').open"), \
        "the page-contents drawer did not open"
    assert web.execute_script(
        "return document.querySelectorAll('#pst-secondary-sidebar-modal a.nav-link').length") > 3


@pytest.mark.parametrize("width", WIDTHS)
def test_a_solution_title_opens_the_solution_and_the_backlink_goes_to_the_exercise(browser, width):
    """Issue 19: clicking a solution's title followed its link back to the exercise instead."""
    web, base = browser
    set_viewport(web, width)
    web.get(f"{base}chapters/02_beta_bernoulli.html")
    title = _visible(web, ".solution > .admonition-title")
    web.execute_script("arguments[0].scrollIntoView({block: 'center'})", title)
    where = web.current_url
    web.execute_script("""
      const t = arguments[0], r = t.getBoundingClientRect();  // the middle of the title's text
      const el = document.elementFromPoint(r.left + 40, r.top + r.height / 2);
      el.click();""", title)
    opened = _becomes_true(web, "return !arguments[0].parentElement.classList.contains('toggle-hidden')", title)
    assert web.current_url == where, f"clicking the title navigated to {web.current_url}"
    assert opened, "clicking the title did not open the solution"
    if width == 400 and SCREENSHOTS:
        SHOTS.mkdir(parents=True, exist_ok=True)
        web.save_screenshot(str(SHOTS / "phone-solution-opened-400px.png"))
    back = title.find_element("css selector", "a.mapbook-backlink")
    back.click()
    deadline = time.monotonic() + 5
    while not web.current_url.endswith("#ex-beta-weight") and time.monotonic() < deadline:
        time.sleep(0.05)
    assert web.current_url.endswith("#ex-beta-weight"), web.current_url
    assert web.execute_script("return !arguments[0].parentElement.classList.contains('toggle-hidden')", title), \
        "the back-link also closed the solution"


def test_exercise_2_1_at_400px_screenshot(browser):
    web, base = browser
    set_viewport(web, 400)
    web.get(f"{base}chapters/02_beta_bernoulli.html#ex-beta-weight")
    web.execute_async_script("const d = arguments[0]; MathJax.startup.promise.then(() => setTimeout(d, 300));")
    SHOTS.mkdir(parents=True, exist_ok=True)
    web.save_screenshot(str(SHOTS / "phone-exercise-2.1-400px.png"))
    assert (SHOTS / "phone-exercise-2.1-400px.png").stat().st_size > 10_000


def test_search_snippets_show_formulas_as_text_not_tex(browser):
    """Issue 19: snippets showed the TeX source (``\\(\\lambda\\|w\\|^2\\)``)."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    web, base = browser
    set_viewport(web, 1400)
    web.get(f"{base}search.html?q=penalty")
    WebDriverWait(web, 30).until(lambda w: w.find_elements(By.CSS_SELECTOR, "#search-results ul.search li"),
                                 message="search.html?q=penalty shows no results")
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        snippets = web.execute_script(
            "return [...document.querySelectorAll('#search-results ul.search li p.context')]"
            ".map(p => p.textContent)")
        if snippets and all(snippets):
            break
        time.sleep(0.05)
    import re

    tex = [s for s in snippets if re.search(r"\\[(\[)\]]|\\[A-Za-z]+|\$\$", s)]
    assert snippets and not tex, f"search snippets with TeX source: {tex[:3]}"


@pytest.mark.parametrize("width", WIDTHS)
def test_one_search_control_is_shown(reading, width):
    """Issue 19: the header and the sidebar each had a search box (measured in the light pass)."""
    shown = reading["search_controls"].get(width)
    assert shown is not None, f"{SEARCH_CONTROL_PAGE} was not read at {width} px"
    assert len(shown) == 1, f"{width} px: visible search controls {shown}"


def test_back_to_top_does_not_cover_the_text_on_a_phone(browser):
    web, base = browser
    set_viewport(web, 400)
    web.get(f"{base}chapters/02_beta_bernoulli.html")
    web.execute_script("window.scrollTo(0, 4000)")
    time.sleep(0.2)
    web.execute_script("window.scrollTo(0, 3000)")  # the theme shows the button on scrolling up
    time.sleep(0.5)
    shown = web.execute_script("const b = document.getElementById('pst-back-to-top');"
                               " return !!b && b.checkVisibility() && b.getBoundingClientRect().width > 0")
    assert not shown, "the 'Back to top' button floats over the text at 400 px"
