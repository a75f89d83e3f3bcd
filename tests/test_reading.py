"""Reading the site on any screen: every page at 1400 px and 400 px, in light and dark mode.

The book is built once per test run (the ``site`` fixture, the build ``test_site.py`` checks for
warnings), served on 127.0.0.1 and read in headless Chromium (the ``browser`` fixture), with the
viewport set through the DevTools protocol and the theme's mode stored where pydata-sphinx-theme reads it
(``localStorage`` ``mode`` and ``theme``; the page's ``<html data-theme>`` then says which applies).

On every page, in each of the four settings:

- nothing is wider than the viewport (``document.scrollWidth <= innerWidth``): no sideways scroll;
- at 1400 px no display equation is clipped (each ``mjx-container[display="true"]`` fits its box);
  an equation that must scroll (at 400 px) has a visible cue (``_static/mapbook.css``);
- figure text is at least :data:`MIN_FIGURE_TEXT_PX` on screen at 1400 px and 400 px: the text
  size is computed from what is known (``mapmath.plotting.FONT_SIZE`` points at the figures' 100 dpi,
  the PNG's pixel width halved for its retina factor, and the width Chromium shows the image at);
- searching for "Jeffreys" gives snippets that contain "Jeffreys".

Screenshots (400 px and 1400 px, light and dark, of the intro and one chapter) are saved to
``test-artifacts/reading/``.
"""

from __future__ import annotations

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
# Effective size of figure text on screen, in CSS px: body text is 16 px; a multi-panel figure
# (class mapbook-wide) scrolls at 760 px on a phone instead of shrinking; a single-panel figure
# uses the page's side margins (or, in an exercise or solution box, scrolls at 385 px): _static/mapbook.css.
MIN_FIGURE_TEXT_PX = {1400: 9.0, 400: 9.0}

# What a page looks like to a reader, measured once MathJax has typeset it.
LAYOUT_REPORT = """
const done = arguments[arguments.length - 1];
const where = (el) => {
  const cell = el.closest('[id]');
  const tag = el.tagName.toLowerCase() + (el.className && typeof el.className === 'string'
    ? '.' + el.className.trim().split(/\\s+/).join('.') : '');
  return (cell ? '#' + cell.id + ' ' : '') + tag;
};
const report = () => {
  const vw = window.innerWidth;
  const wide = [];
  for (const el of document.querySelectorAll('body *')) {
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
    innerWidth: vw, scrollWidth: document.documentElement.scrollWidth,
    wide: wide.slice(0, 8), equations,
    images: [...document.querySelectorAll('article img')].map(i => i.src.split('.').pop()),
  });
};
const t0 = Date.now();
(function wait() {
  if (!document.querySelector('.math')) { report(); return; }
  if (window.MathJax && MathJax.startup && MathJax.startup.promise) {
    MathJax.startup.promise.then(() => setTimeout(report, 50), e => done({failed: String(e)}));
  } else if (Date.now() - t0 > 30000) { done({failed: 'MathJax did not start within 30 s'}); }
  else { setTimeout(wait, 50); }
})();
"""


# Every figure of a page (collapsed solutions opened first): the width Chromium shows it at and
# the PNG's own pixel width, once the image is decoded.
FIGURE_REPORT = """
const done = arguments[arguments.length - 1];
document.querySelectorAll('details').forEach(d => { d.open = true; });
document.querySelectorAll('.toggle-hidden').forEach(e => e.classList.remove('toggle-hidden'));
const imgs = [...document.querySelectorAll('.bd-article .cell_output img')];
Promise.all(imgs.map(i => { i.loading = 'eager'; return i.decode().catch(() => null); })).then(() => {
  setTimeout(() => done(imgs.map(i => ({
    src: i.src.split('/').pop(), shown: i.getBoundingClientRect().width, natural: i.naturalWidth,
    wide: i.classList.contains('mapbook-wide'),
    section: (i.closest('section[id]') || {}).id || '',
  }))), 50);
});
"""


# Inline formulas that run past the right edge of their line without the scroll cue of
# _static/mapbook.css (class mapbook-inline-scroll, set by _ext/static/mapbook-page.js), measured
# after FIGURE_REPORT opened the solutions: a resize event makes the page mark what is now visible.
INLINE_REPORT = """
const done = arguments[arguments.length - 1];
window.dispatchEvent(new Event('resize'));
setTimeout(() => {
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
}, 400);
"""


def set_viewport(web, width: int, height: int = 1000) -> None:
    web.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                        {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False})


def set_mode(web, base: str, mode: str) -> None:
    web.get(f"{base}search.html")
    web.execute_script("localStorage.setItem('mode', arguments[0]); localStorage.setItem('theme', arguments[0]);",
                       mode)


def read_site(web, base: str, docs: list[str], *, shots: bool = True) -> dict:
    """``{(width, mode): {doc: report}}`` for every page in every setting (see ``LAYOUT_REPORT``).

    Each report also holds ``figures`` (see ``FIGURE_REPORT``), measured after the layout report
    and the screenshot, because it opens the collapsed solutions to give their figures a size."""
    seen: dict = {}
    for width, mode in SETTINGS:
        set_viewport(web, width)
        set_mode(web, base, mode)
        for doc in docs:
            web.get(f"{base}{doc}.html")
            report = web.execute_async_script(LAYOUT_REPORT)
            if shots and doc in SCREENSHOT_DOCS:
                SHOTS.mkdir(parents=True, exist_ok=True)
                web.save_screenshot(str(SHOTS / f"{doc.replace('/', '_')}-{width}px-{mode}.png"))
            if isinstance(report, dict) and mode == "light":
                report["figures"] = web.execute_async_script(FIGURE_REPORT)
                if width == 400:
                    report["inline_unseen"] = web.execute_async_script(INLINE_REPORT)
            seen.setdefault((width, mode), {})[doc] = report
    return seen


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
        time.sleep(0.2)
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
    time.sleep(0.3)
    assert web.execute_script("return document.getElementById('pst-primary-sidebar-modal').open"), \
        "the navigation drawer did not open"
    SHOTS.mkdir(parents=True, exist_ok=True)
    web.save_screenshot(str(SHOTS / "phone-navigation-drawer-400px.png"))
    link = _visible(web, "#pst-primary-sidebar-modal a.reference.internal[href*='03_ridge']")
    link.click()
    deadline = time.monotonic() + 10
    while "03_ridge" not in web.current_url and time.monotonic() < deadline:
        time.sleep(0.1)
    assert "03_ridge" in web.current_url, f"the drawer's link did not navigate: {web.current_url}"


def test_phone_page_contents_button_opens_the_contents(browser):
    web, base = browser
    set_viewport(web, 400)
    web.get(f"{base}chapters/02_beta_bernoulli.html")
    _visible(web, "button.secondary-toggle").click()
    time.sleep(0.3)
    assert web.execute_script("return document.getElementById('pst-secondary-sidebar-modal').open"), \
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
    time.sleep(0.3)
    assert web.current_url == where, f"clicking the title navigated to {web.current_url}"
    assert web.execute_script("return !arguments[0].parentElement.classList.contains('toggle-hidden')", title), \
        "clicking the title did not open the solution"
    if width == 400:
        SHOTS.mkdir(parents=True, exist_ok=True)
        web.save_screenshot(str(SHOTS / "phone-solution-opened-400px.png"))
    back = title.find_element("css selector", "a.mapbook-backlink")
    back.click()
    time.sleep(0.3)
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
        time.sleep(0.2)
    import re

    tex = [s for s in snippets if re.search(r"\\[(\[)\]]|\\[A-Za-z]+|\$\$", s)]
    assert snippets and not tex, f"search snippets with TeX source: {tex[:3]}"


@pytest.mark.parametrize("width", WIDTHS)
def test_one_search_control_is_shown(browser, width):
    """Issue 19: the header and the sidebar each had a search box."""
    web, base = browser
    set_viewport(web, width)
    web.get(f"{base}chapters/02_beta_bernoulli.html")
    shown = web.execute_script(
        "return [...document.querySelectorAll('.search-button__button')].filter(b => b.checkVisibility()"
        " && b.getBoundingClientRect().width > 0).map(b => b.className)")
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
