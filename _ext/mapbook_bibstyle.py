"""Author-year labels for the bibliography, to match the author-year citations in the text.

The text cites as "Bishop (2006)" or "(Bishop, 2006)" (``bibtex_reference_style: author_year``);
pybtex's label styles give "[Bis06]" (alpha) or "[1]" (number) in the list of references. The
formatting style ``mapbook_author_year`` registered here is pybtex's ``unsrt`` with the labels
"Bishop, 2006", "Park and Casella, 2008", "Hastie et al., 2009" (a, b, ... for two works of the
same authors and year), sorted by author, year and title. ``_config.yml`` selects it with
``bibtex_default_style``. The PDF reads the same labels (Sphinx's LaTeX ``thebibliography``).
"""

from __future__ import annotations

from collections import Counter
from string import ascii_lowercase

from pybtex.plugin import register_plugin
from pybtex.style.formatting.unsrt import Style as UnsrtStyle
from pybtex.style.labels import BaseLabelStyle

NAME = "mapbook_author_year"


def _last_name(person) -> str:
    parts = list(person.rich_prelast_names) + list(person.rich_last_names)  # van der Vaart
    return " ".join(part.render_as("text") for part in parts)


def author_year(entry) -> str:
    people = entry.persons.get("author") or entry.persons.get("editor") or []
    names = [_last_name(p) for p in people]
    if not names:
        who = entry.fields.get("key") or entry.fields.get("organization") or entry.key
    elif len(names) == 1:
        who = names[0]
    elif len(names) == 2:
        who = f"{names[0]} and {names[1]}"
    else:
        who = f"{names[0]} et al."
    return f"{who}, {entry.fields.get('year', 'n.d.')}"


class AuthorYearLabelStyle(BaseLabelStyle):
    """"Author, year" labels, made unique with a letter after the year."""

    def format_labels(self, sorted_entries):
        entries = list(sorted_entries)
        labels = [author_year(e) for e in entries]
        counts, seen = Counter(labels), Counter()
        for label in labels:
            if counts[label] > 1:
                seen[label] += 1
                yield label + ascii_lowercase[seen[label] - 1]
            else:
                yield label


class AuthorYearStyle(UnsrtStyle):
    default_label_style = AuthorYearLabelStyle
    default_sorting_style = "author_year_title"


def register() -> None:
    try:
        register_plugin("pybtex.style.formatting", NAME, AuthorYearStyle)
    except Exception:  # already registered (a second build in the same process)
        pass


register()


def setup(app):
    register()
    return {"parallel_read_safe": True, "parallel_write_safe": True}
