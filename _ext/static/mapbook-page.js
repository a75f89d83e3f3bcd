/* mapbook: two fixes to the theme's behaviour on every page (added by _ext/mapbook_site.py).
 *
 * 1. The sidebar buttons work at every width. sphinx-book-theme draws its own header buttons
 *    (the ☰ "Toggle primary sidebar" and the "Toggle secondary sidebar" on the right), while
 *    pydata-sphinx-theme binds its drawer to the FIRST ".primary-toggle" / ".secondary-toggle" of
 *    the page, a copy in a header that sphinx-book-theme hides. On a phone the visible buttons then
 *    did nothing. Every other copy of a toggle now forwards its click to the bound one.
 *
 * 2. A solution's title opens the solution. sphinx-exercise makes the title "Solution to
 *    Exercise N.M (...)" mostly a link back to the exercise, so clicking the title jumped away
 *    instead of opening it (sphinx-togglebutton makes the whole title row the toggle). The link
 *    becomes plain text, and a small separate link "↑ exercise" in the
 *    title row keeps the way back (a click on it navigates and does not toggle).
 *
 * 3. An inline formula never runs past its line unseen. MathJax 3 does not break inline math, so
 *    on a phone a long one ran off the right edge of the text. Once MathJax has typeset the page
 *    (and again when the window is resized), an inline formula wider than the room its line has
 *    gets the class "mapbook-inline-scroll" (_static/mapbook.css): it takes a line of its own and
 *    scrolls, with the same cue as display equations.
 *
 * 4. Figure text stays readable on a phone. A figure drawn wider than the column (a legend outside
 *    the axes makes the PNG wider than 700 px) would shrink its text below 9 px at phone width: such
 *    an image keeps the width that gives 9 px text and its output box scrolls sideways
 *    (mapmath.plotting draws text at 12 pt at 100 dpi, saved at twice that, "retina").
 */
(function () {
  "use strict";

  function forwardToggles(selector) {
    const all = Array.from(document.querySelectorAll(selector));
    if (all.length < 2) return;
    const bound = all[0];
    all.slice(1).forEach(function (button) {
      button.addEventListener("click", function (event) {
        event.preventDefault();
        event.stopPropagation();
        bound.click();
      });
    });
  }

  function solutionTitles() {
    document.querySelectorAll(".solution > .admonition-title").forEach(function (title) {
      const link = title.querySelector("a.reference.internal");
      if (!link) return;
      const text = document.createElement("span");
      text.className = "mapbook-solution-of";
      text.textContent = link.textContent;
      link.replaceWith(text);
      const back = document.createElement("a");
      back.className = "mapbook-backlink";
      back.href = link.getAttribute("href");
      back.textContent = "↑ exercise";
      back.title = "Back to" + link.textContent;
      // the link navigates; it must not also open or close the solution
      back.addEventListener("click", function (event) { event.stopPropagation(); });
      text.insertAdjacentElement("afterend", back);
    });
  }

  function lineBox(el) {
    let box = el.parentElement;
    while (box && getComputedStyle(box).display.startsWith("inline")) box = box.parentElement;
    return box;
  }

  function markWideInlineMath() {
    const inline = document.querySelectorAll('.bd-article mjx-container[jax="CHTML"]:not([display="true"])');
    inline.forEach(function (m) { m.classList.remove("mapbook-inline-scroll"); });
    inline.forEach(function (m) {
      const box = lineBox(m);
      if (!box) return;
      const style = getComputedStyle(box);
      const room = box.getBoundingClientRect().right - parseFloat(style.paddingRight || "0");
      if (m.getBoundingClientRect().right > room + 1) m.classList.add("mapbook-inline-scroll");
    });
  }

  function afterMathJax(fn) {
    const started = Date.now();
    (function wait() {
      if (window.MathJax && MathJax.startup && MathJax.startup.promise) {
        MathJax.startup.promise.then(fn);
      } else if (Date.now() - started < 30000) {
        setTimeout(wait, 100);
      }
    })();
  }

  const FIGURE_TEXT_PX = 12 * 100 / 72;  // mapmath.plotting.FONT_SIZE at the figures' 100 dpi
  const MIN_TEXT_PX = 9;

  function keepFigureTextReadable(img) {
    if (!img.naturalWidth || img.classList.contains("mapbook-wide")) return;
    img.style.removeProperty("width");
    img.style.removeProperty("max-width");
    const need = (img.naturalWidth / 2) * MIN_TEXT_PX / FIGURE_TEXT_PX;
    if (window.innerWidth <= 576 && img.getBoundingClientRect().width + 0.5 < need) {
      img.style.setProperty("width", Math.ceil(need) + "px", "important");
      img.style.setProperty("max-width", "none", "important");
      const box = img.closest(".cell_output");
      if (box) { box.style.overflowX = "auto"; box.style.scrollbarWidth = "thin"; }
    }
  }

  function figures() {
    document.querySelectorAll(".bd-article .cell_output img").forEach(function (img) {
      if (img.complete) keepFigureTextReadable(img);
      else img.addEventListener("load", function () { keepFigureTextReadable(img); }, { once: true });
    });
  }

  function ready(fn) {
    if (document.readyState !== "loading") fn();
    else document.addEventListener("DOMContentLoaded", fn);
  }

  ready(function () {
    forwardToggles(".primary-toggle");
    forwardToggles(".secondary-toggle");
    solutionTitles();
    figures();
    window.addEventListener("resize", figures);
    if (document.querySelector(".math")) {
      afterMathJax(markWideInlineMath);
      let timer = null;
      const later = function () {
        clearTimeout(timer);
        timer = setTimeout(markWideInlineMath, 150);
      };
      window.addEventListener("resize", later);
      // a formula inside a collapsed solution has no size until the solution is opened
      document.addEventListener("click", function (event) {
        if (event.target.closest && event.target.closest(".toggle, details")) later();
      });
    }
  });
})();
