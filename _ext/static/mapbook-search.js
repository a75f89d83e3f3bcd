// mapbook: search snippets that show the matching text (loaded on search.html only, by
// _ext/mapbook_site.py). Sphinx's summary looks for the *stemmed* query ("jeffrei") in the page's
// [role=main] text, which in this theme starts with the toolbar ("Binder", ".ipynb", ".md"); when
// the stem is not found the snippet is the toolbar. Here the text is the article's, and the words
// are looked for as typed first, then as stems.
document.addEventListener("DOMContentLoaded", () => {
  if (typeof Search === "undefined") return;
  const typed = (new URLSearchParams(window.location.search).get("q") || "")
    .toLowerCase().split(/\s+/).filter((w) => w.length > 1);
  const textOf = (htmlString, anchor) => {
    const doc = new DOMParser().parseFromString(htmlString, "text/html");
    doc.querySelectorAll(".headerlink, script, style, mjx-container, .toggle-button").forEach((el) => el.remove());
    const article = doc.querySelector("article.bd-article") || doc.querySelector('[role="main"]');
    if (!article) return "";
    const part = anchor ? article.querySelector(anchor) : null;
    return (part || article).textContent.replace(/\s+/g, " ").trim();
  };
  Search.makeSearchSummary = (htmlText, keywords, anchor) => {
    let text = textOf(htmlText, anchor);
    const lower = () => text.toLowerCase();
    const find = (words) => words.map((k) => lower().indexOf(k.toLowerCase())).filter((i) => i > -1);
    let hits = find(typed);
    if (!hits.length) hits = find([...keywords]);
    if (!hits.length && anchor) { text = textOf(htmlText, ""); hits = find(typed).concat(find([...keywords])); }
    if (!text) return null;
    const at = hits.length ? Math.min(...hits) : 0;
    const start = Math.max(at - 100, 0);
    const summary = document.createElement("p");
    summary.classList.add("context");
    summary.textContent = (start > 0 ? "…" : "") + text.substr(start, 240).trim()
      + (start + 240 < text.length ? "…" : "");
    return summary;
  };
});
