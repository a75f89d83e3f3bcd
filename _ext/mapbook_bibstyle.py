"""Author-year labels for the bibliography, to match the author-year citations in the text.

The text cites as "Bishop (2006)" or "(Bishop, 2006)" (``bibtex_reference_style: author_year``);
pybtex's label styles give "[Bis06]" (alpha) or "[1]" (number) in the list of references. The
formatting style ``mapbook_author_year`` registered here is pybtex's ``unsrt`` with the labels
"Bishop, 2006", "Park and Casella, 2008", "Hastie et al., 2009" (a, b, ... for two works of the
same authors and year), sorted by author, year and title; the label itself is
``mapbook_structure.author_year``, which the reader notebooks' citations use too. ``_config.yml`` selects it with
``bibtex_default_style``. The PDF reads the same labels (Sphinx's LaTeX ``thebibliography``).
"""

from __future__ import annotations

from collections import Counter
from string import ascii_lowercase

from mapbook_structure import author_year  # one owner of the labels: the notebooks use it too
from pybtex.plugin import register_plugin
from pybtex.style.formatting.unsrt import Style as UnsrtStyle
from pybtex.style.labels import BaseLabelStyle

NAME = "mapbook_author_year"


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
