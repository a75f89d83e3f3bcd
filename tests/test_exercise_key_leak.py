"""Nothing to read off (issue 16, item 4): no checker's key appears in the book before its exercise.

Each checker's key (``reference_answer``: ``right[0]`` of its data table) is rendered as a reader would
meet it — plain text (its own spelling, SymPy's, with ``^`` and with Greek letters), LaTeX (the book's
``mapmath.display.latex`` and SymPy's), numbers at the printed precision (3 significant figures, and
an exact fraction as ``a/b`` and ``\\frac{a}{b}``) — and searched in every markdown source, code source
and stored output of the chapter notebooks that come before the exercise in reading order: the earlier
chapters, and the cells of its own chapter above the exercise cell (the ``{exercise}`` cell that names
the checker). Keys that are one symbol or one digit are skipped (naming a symbol is not a leak).
"""

from __future__ import annotations

import json
import re
from functools import cache

import pytest
import sympy as sp
from built_site import ROOT

from mapmath.display import latex as book_latex
from mapmath.exercises import answer_table
from mapmath.parsing import parse_expression

CHAPTERS = sorted((ROOT / "chapters").glob("*.ipynb"))
TABLE = answer_table()

#: Exercises whose chapter states the answer today; rewritten in parallel on the chapter branches.
#: The lead drops these marks after merging them.
KNOWN_LEAKS: dict[str, str] = {}  # 4.4-4.6, 7.4, 8.2, 8.3 and 9.1 were rewritten (issue 16)
#: Leaks this test found that issue 16 does not list: the chapter states the answer earlier (in the
#: chapter itself or an earlier one). Left to the lead and the chapter helpers.
FOUND_LEAKS = {
    "check_beta_mode_in_logit": "5.2 (the same formula is the posterior mean of chapter 02)",
}


def _cell_texts(cell: dict) -> list[str]:
    texts = ["".join(cell.get("source", []))]
    for output in cell.get("outputs", []):
        if "text" in output:
            texts.append("".join(output["text"]))
        for kind, data in output.get("data", {}).items():
            if kind.startswith("text/"):
                texts.append("".join(data) if isinstance(data, list) else str(data))
    return texts


@cache
def _book() -> list[tuple[str, int, dict]]:
    """Every cell of the chapters in reading order: (chapter file, index, cell)."""
    out = []
    for path in CHAPTERS:
        for i, cell in enumerate(json.loads(path.read_text(encoding="utf-8"))["cells"]):
            out.append((path.name, i, cell))
    return out


def _exercise_position(name: str) -> int | None:
    for position, (_, _, cell) in enumerate(_book()):
        source = "".join(cell.get("source", []))
        if cell["cell_type"] == "markdown" and "{exercise}" in source and re.search(rf"\b{name}\b", source):
            return position
    return None


def _normalize(text: str) -> str:
    text = re.sub(r"\\left|\\right|\\,|\\!|\\;|\\displaystyle|\{|\}", "", text)
    text = re.sub(r"\s*([+\-*/^=,·−()\[\]|])\s*", r"\1", re.sub(r"\s+", " ", text)).strip()
    return text.replace("\\cdot", "*").replace("−", "-").replace("·", "*").replace("**", "^")


def _expression(key: str) -> sp.Expr:
    names = {w: sp.Symbol(w) for w in re.findall(r"([A-Za-z_]\w*)(?!\w|\s*\()", key) if w not in ("e", "E", "pi")}
    return parse_expression(key, names)


_LATEX_NAMES = {"sigma2": r"\sigma^2", "tau2": r"\tau^2", "alpha": r"\alpha", "lam": r"\lambda",
                "theta": r"\theta", "gamma": r"\gamma", "eta": r"\eta", "rho": r"\rho", "mu0": r"\mu_0",
                "pi": r"\pi", "xbar": r"\bar x"}


def _latexish(form: str) -> set[str]:
    """A formula as prose would type it in LaTeX: ``e^{...}``, ``\\sigma^2``, juxtaposed products."""
    text = re.sub(r"exp\(([^()]*)\)", r"e^{\1}", form.replace("**", "^"))
    for name, tex in _LATEX_NAMES.items():
        text = re.sub(rf"\b{name}\b", lambda _m, tex=tex: tex, text)
    return {text, re.sub(r"\*(?=[A-Za-z\\(])", "", text)}


def renderings(key: object, others: tuple = ()) -> set[str]:
    """The key (and the equivalent ``others``, the table's other right forms) as text, LaTeX, and (for
    a number) at the printed precision, normalized."""
    text = str(key)
    out = {text}
    expr = _expression(text)
    if expr.free_symbols:
        out |= {str(expr), book_latex(expr), sp.latex(expr)}
        out |= {form for form in others if isinstance(form, str)}
        for form in list(out):
            out |= _latexish(form)
        greek = {"sigma2": "σ²", "tau2": "τ²", "alpha": "α", "lam": "λ", "theta": "θ", "gamma": "γ", "eta": "η",
                 "rho": "ρ"}
        for form in list(out):
            for name, letter in greek.items():
                form = re.sub(rf"\b{name}\b", letter, form)
            out.add(form)
    else:
        if expr.is_Rational and expr.q != 1:
            out |= {f"{expr.p}/{expr.q}", rf"\frac{{{expr.p}}}{{{expr.q}}}"}
        printed = f"{float(expr):.3g}"
        if not expr.is_Rational or len(re.sub(r"\D|^0+", "", printed.replace("-", ""))) >= 3:
            out.add(printed)  # an exact value with a short decimal (-1.5) is any number in code
    return {_normalize(form) for form in out if form}


@cache
def _flat_texts() -> list[list[str]]:
    """:func:`_normalize` of every text of every cell of :func:`_book` (in its order), done once for
    all the checkers' searches."""
    return [[_normalize(text) for text in _cell_texts(cell)] for _, _, cell in _book()]


def _trivial(key: object) -> bool:
    return bool(re.fullmatch(r"-?\d|[A-Za-z]\w*", str(key).strip()))


def _pattern(form: str) -> re.Pattern:
    if re.fullmatch(r"-?[\d.]+(e-?\d+)?", form):  # a number: more digits after it still read it off
        return re.compile(rf"(?<![\w.]){re.escape(form)}")
    # a formula counts where it stands as a whole term (``= σ²/(nα),``), not inside a larger formula
    # (``(e^η + 1)^2`` does not state ``e^η``)
    return re.compile(rf"(?<![\w.\\(+\-*/^]){re.escape(form)}(?![\w(+\-*/^]|\.\d)")


CASES = []
for _name in sorted(TABLE):
    _marks = ()
    if _name in KNOWN_LEAKS:  # rewritten on branch chB/chC
        _marks = (pytest.mark.xfail(strict=False, reason=f"exercise {KNOWN_LEAKS[_name]} states its answer "
                                                         "before; rewritten on branch chB/chC"),)
    if _name in FOUND_LEAKS:
        _marks = (pytest.mark.xfail(strict=False, reason=f"exercise {FOUND_LEAKS[_name]}: found by this test, "
                                                         "not listed in issue 16"),)
    CASES.append(pytest.param(_name, id=_name, marks=_marks))


@pytest.mark.parametrize("name", CASES)
def test_no_key_appears_before_its_exercise(name):
    key = TABLE[name].right[0]
    if _trivial(key):
        pytest.skip(f"the key {key!r} is one symbol or one digit")
    position = _exercise_position(name)
    if position is None:
        pytest.skip(f"no {{exercise}} cell names {name} (the checker serves the chapter's text)")
    # (a pattern matches only where its form stands as it is: the plain substring test first is cheap)
    patterns = [(form, _pattern(form)) for form in renderings(key, TABLE[name].right[1:])]
    found = []
    for (chapter, index, cell), flats in zip(_book()[:position], _flat_texts(), strict=False):
        for flat in flats:
            for form, pattern in patterns:
                if form in flat and pattern.search(flat):
                    found.append(f"{chapter} cell {index} ({cell['cell_type']}): {pattern.pattern}")
    assert not found, f"{name}'s key {key!r} can be read off before the exercise:\n" + "\n".join(found[:10])


def test_renderings_cover_text_latex_and_printed_numbers():
    forms = renderings("sigma2/(n*alpha)")
    assert _normalize(r"\frac{\sigma^{2}}{\alpha n}") in forms
    assert any("σ²" in f for f in forms)
    assert "0.0406" in renderings("0.0406")
    assert _normalize(r"\frac{20}{11}") in renderings("20/11")
    assert _normalize(r"\sigma^2/(n\alpha)") in renderings("sigma2/(n*alpha)")
    assert _normalize(r"e^{d/2}") in renderings("exp(d/2)")
    assert _normalize("1/A + 1/B") in renderings("(A + B)/(A*B)", ("1/A + 1/B",))
