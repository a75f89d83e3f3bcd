"""The book's structure, declared once: how a chapter marks its exercises, solutions, labels,
checkers and glued numbers, what only Jupyter Book renders, and how a work is cited.

Every tool that reads a chapter's MyST uses these patterns, never its own copy
(``tests/test_structure.py`` checks that no other file defines them):

- ``_ext/mapbook_notebooks.py`` (the reader and student notebooks), ``_ext/mapbook_bibstyle.py``
  (the bibliography's author–year labels);
- ``scripts/solutions.py`` (hide and strip solutions);
- the tests (``tests/test_solutions.py``, ``tests/test_pdf.py``, ``tests/test_exercise_checkers.py``, ...).

It lives in ``_ext/`` because that is where Sphinx imports the book's extensions from (and where
every copy of the book that is built has it); ``scripts/`` and ``tests/`` import it from there
(:data:`EXT` is the folder to put on ``sys.path``).

A chapter writes (sphinx-exercise's gated syntax; see CONTRIBUTING.md)::

    ```{exercise} Title
    :label: ex-name

    Question ... `mapmath.exercises.<module>.check_<name>(answer)`.
    ```
    +++
    ```{solution-start} ex-name
    :class: dropdown
    ```
    +++
    prose and code cells
    +++
    ```{solution-end}
    ```

and glues numbers with ``{glue:text}`key:spec```.
"""

from __future__ import annotations

import re
from pathlib import Path

EXT = Path(__file__).resolve().parent

# --- directives and roles -----------------------------------------------------------------------

_FENCE = r"^\s*(`{3,}|:{3,})"  # a directive's opening fence, at the start of a line
_OPTIONS = r"(?P<options>(?:[ \t]*:[\w-]+:[^\n]*(?:\n|$))*)"  # ":label: x" lines after it

#: an exercise directive's first line and its options (``:label:`` among them)
EXERCISE = re.compile(_FENCE + r"\{exercise(?:-start)?\}[^\n]*(?:\n|$)" + _OPTIONS, re.MULTILINE)
#: a gated solution's opening directive and the label of the exercise it answers
SOLUTION_START = re.compile(_FENCE + r"\{solution-start\}[ \t]*(?P<label>\S+)?", re.MULTILINE)
#: a gated solution's closing directive
SOLUTION_END = re.compile(_FENCE + r"\{solution-end\}", re.MULTILINE)
#: a plain (ungated) solution directive, which the book does not use (the student edition could not strip it)
PLAIN_SOLUTION = re.compile(_FENCE + r"\{solution\}", re.MULTILINE)
#: a markdown cell that holds one solution-start/-end directive and nothing else
SOLUTION_FENCE_ONLY = re.compile(
    r"\s*(`{3,}|:{3,})\{(solution-start|solution-end)\}[^\n]*\n(?:\s*:[\w-]+:[^\n]*\n)*\s*\1\s*")
#: a directive option ``:label: name``
LABEL = re.compile(r"^[ \t]*:label:[ \t]*(?P<label>\S+)", re.MULTILINE)
#: the name of an answer checker (``check_ridge_1d``) in an exercise's text
CHECKER = re.compile(r"\b(check_\w+)\b")
#: ``{glue:text}`key:spec``` (spec optional): a glued number in the prose
GLUE_ROLE = re.compile(r"\{glue:text\}`(?P<key>[^`:]+)(?::(?P<spec>[^`]*))?`")

#: what only Jupyter Book renders (roles, directives, option and label lines): none of it may reach
#: a generated notebook's Markdown
MYST_ONLY = re.compile(r"\{glue|```\{|:::\{|^\s*:label:|^\([\w-]+\)=|\{cite|\{ref\}|\{numref\}|\{prf:|\{eq\}|\{doc\}",
                       re.MULTILINE)
#: MyST markup left as text in a rendered book (the PDF's text): a role or directive name in braces
#: or a code/directive fence
MYST_MARKUP = re.compile(r"\{(glue|glue:text|cite|cite:t|cite:p|doc|ref|prf:ref|numref|exercise|solution|"
                         r"solution-start|solution-end|prf:\w+|only|admonition|note)\}|```|:::")

SOLUTION_TITLE = "Solution to {exercise}"  # "Solution to Exercise 2.3": the site, the PDF, the notebooks


def solution_title(exercise: str) -> str:
    """The one visible line of a closed solution: ``Solution to Exercise 2.3``."""
    return SOLUTION_TITLE.format(exercise=exercise)


# --- exercises and solutions in a notebook ------------------------------------------------------


def exercise_labels(source: str) -> list[str | None]:
    """The ``:label:`` of every exercise directive in one markdown source (None if unlabelled)."""
    labels = []
    for m in EXERCISE.finditer(source):
        found = LABEL.search(m.group("options"))
        labels.append(found.group("label") if found else None)
    return labels


def exercises_in(source: str) -> list[tuple[str | None, list[str]]]:
    """``(label, checkers named)`` of every exercise directive in one markdown source.

    The checkers are the ``check_...`` names in the directive's body (up to its closing fence)."""
    found = []
    for m in EXERCISE.finditer(source):
        label = LABEL.search(m.group("options"))
        fence = m.group(1)
        rest = source[m.end():]
        close = re.search(rf"^[ \t]*{re.escape(fence[0])}{{{len(fence)},}}[ \t]*$", rest, re.MULTILINE)
        body = rest[:close.start()] if close else rest
        found.append((label.group("label") if label else None, list(dict.fromkeys(CHECKER.findall(body)))))
    return found


def exercises(nb) -> list[tuple[int, str | None, list[str]]]:
    """``(cell index, label, checkers named)`` of every exercise of a notebook, in order."""
    return [(i, label, checkers) for i, cell in enumerate(nb.cells) if cell.cell_type == "markdown"
            for label, checkers in exercises_in(cell.source)]


def solution_labels(nb) -> list[str | None]:
    """The exercise label of every ``{solution-start}`` of a notebook, in order."""
    return [m.group("label") for cell in nb.cells if cell.cell_type == "markdown"
            for m in SOLUTION_START.finditer(cell.source)]


def is_solution_directive_only(source: str) -> bool:
    """True when a markdown cell holds one solution-start/-end directive and nothing else."""
    return bool(SOLUTION_FENCE_ONLY.fullmatch(source.strip() + "\n"))


def solution_spans(nb) -> list[tuple[int, int]]:
    """Index ranges ``(first, last)`` (inclusive) of the cells of each gated solution.

    The cells holding ``{solution-start}`` and ``{solution-end}`` must contain that directive and
    nothing else (separate cells with ``+++`` in the MyST text): the student edition drops them
    whole, so any other text in them (the next exercise, say) would vanish with them.
    Raises ValueError, naming the cell, for a malformed solution.
    """
    spans, start = [], None
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "markdown":
            continue
        opens, closes = SOLUTION_START.search(cell.source), SOLUTION_END.search(cell.source)
        if (opens or closes) and not is_solution_directive_only(cell.source):
            raise ValueError(
                f"cell {i}: a markdown cell with {{solution-start}} or {{solution-end}} must hold that "
                "directive and nothing else (in the MyST text, put a line `+++` before and after it)")
        if opens:
            if start is not None:
                raise ValueError(f"cell {i}: solution-start inside an open solution (from cell {start})")
            start = i
        if closes:
            if start is None:
                raise ValueError(f"cell {i}: solution-end without solution-start")
            spans.append((start, i))
            start = None
    if start is not None:
        raise ValueError(f"cell {start}: solution-start is never closed by solution-end")
    return spans


def solution_cells(nb) -> list[int]:
    """Indices of every cell that belongs to a solution (its start and end cells included)."""
    return [i for a, b in solution_spans(nb) for i in range(a, b + 1)]


# --- citations ----------------------------------------------------------------------------------


def last_name(person) -> str:
    """A pybtex person's surname as the book prints it, with its particles: "van der Vaart"."""
    parts = list(person.rich_prelast_names) + list(person.rich_last_names)
    return " ".join(part.render_as("text") for part in parts)


def authors(entry) -> str:
    """Who a pybtex entry is cited as: "Bishop", "Park and Casella", "Hastie et al.", "van der Vaart"
    (the editors when there is no author; else the key, organization or entry key)."""
    people = entry.persons.get("author") or entry.persons.get("editor") or []
    names = [last_name(p) for p in people]
    if not names:
        return entry.fields.get("key") or entry.fields.get("organization") or entry.key
    if len(names) == 1:
        return names[0]
    if len(names) == 2:
        return f"{names[0]} and {names[1]}"
    return f"{names[0]} et al."


def year(entry) -> str:
    return entry.fields.get("year", "n.d.")


def author_year(entry) -> str:
    """The label of an entry in the bibliography and in every citation: "van der Vaart, 1998"."""
    return f"{authors(entry)}, {year(entry)}"
