// mapbook: search snippets that show the matching text (loaded on search.html only, by
// _ext/mapbook_site.py). Sphinx's summary looks for the *stemmed* query ("jeffrei") in the page's
// [role=main] text, which in this theme starts with the toolbar ("Binder", ".ipynb", ".md"); when
// the stem is not found the snippet is the toolbar. Here the text is the article's, and the words
// are looked for as typed first, then as stems. Formulas are shown as text (λ‖w‖²), not as the
// TeX source the fetched page holds before MathJax runs (\(\lambda\|w\|^2\)).
const TEX_SYMBOLS = {
  alpha: "α", beta: "β", gamma: "γ", delta: "δ", epsilon: "ε", varepsilon: "ε", zeta: "ζ", eta: "η",
  theta: "θ", iota: "ι", kappa: "κ", lambda: "λ", mu: "μ", nu: "ν", xi: "ξ", pi: "π", rho: "ρ",
  sigma: "σ", tau: "τ", phi: "φ", varphi: "φ", chi: "χ", psi: "ψ", omega: "ω", Gamma: "Γ",
  Delta: "Δ", Theta: "Θ", Lambda: "Λ", Sigma: "Σ", Phi: "Φ", Psi: "Ψ", Omega: "Ω", sum: "∑",
  prod: "∏", int: "∫", infty: "∞", cdot: "·", times: "×", le: "≤", leq: "≤", ge: "≥", geq: "≥",
  ne: "≠", neq: "≠", approx: "≈", propto: "∝", to: "→", rightarrow: "→", mid: "∣", in: "∈",
  partial: "∂", nabla: "∇", sqrt: "√", pm: "±", top: "⊤", ell: "ℓ", "|": "‖", ",": " ", ";": " ",
  quad: " ", qquad: " ", R: "ℝ", E: "𝔼",
};
const SUPERSCRIPTS = { "0": "⁰", "1": "¹", "2": "²", "3": "³", "4": "⁴", "5": "⁵", "6": "⁶", "7": "⁷",
  "8": "⁸", "9": "⁹", "-": "⁻", "T": "ᵀ" };
const texAsText = (tex) => tex
  .replace(/^\s*(\\\(|\\\[|\$\$?)|(\\\)|\\\]|\$\$?)\s*$/g, "")
  .replace(/\\(?:left|right|big|Big|bigl|bigr|Bigl|Bigr|displaystyle)\b/g, "")
  .replace(/\\(?:operatorname\*?|mathrm|mathbf|mathit|text|boldsymbol|mathcal|mathbb)\{([^{}]*)\}/g, "$1")
  .replace(/\\(?:hat|bar|tilde)\{([^{}]*)\}/g, "$1\u0302".replace("\u0302", "̂"))
  .replace(/\\frac\{([^{}]*)\}\{([^{}]*)\}/g, "($1)/($2)")
  .replace(/\^\\top\b/g, "ᵀ")
  .replace(/\^(?:\{([^{}]*)\}|([0-9A-Za-z]))/g, (m, group, one) => {
    const power = group !== undefined ? group : one;
    return [...power].every((c) => c in SUPERSCRIPTS)
      ? [...power].map((c) => SUPERSCRIPTS[c]).join("") : (power.length > 1 ? `^(${power})` : "^" + power);
  })
  .replace(/\\([A-Za-z]+|[|,;])/g, (m, name) => (name in TEX_SYMBOLS ? TEX_SYMBOLS[name] : (/^[a-z]+$/.test(name) ? name + " " : "")))
  .replace(/[{}]/g, "")
  .replace(/\s+/g, " ");

document.addEventListener("DOMContentLoaded", () => {
  if (typeof Search === "undefined") return;
  const typed = (new URLSearchParams(window.location.search).get("q") || "")
    .toLowerCase().split(/\s+/).filter((w) => w.length > 1);
  const textOf = (htmlString, anchor) => {
    const doc = new DOMParser().parseFromString(htmlString, "text/html");
    doc.querySelectorAll(".headerlink, script, style, mjx-container, .toggle-button").forEach((el) => el.remove());
    doc.querySelectorAll(".math").forEach((el) => { el.textContent = texAsText(el.textContent); });
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
