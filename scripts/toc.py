"""The book's table of contents (``_toc.yml``), read in one place.

Used by the tests (``tests/built_site.py``), the benchmark and anything else that needs the
documents of the book in reading order, so that every tool agrees with the site on what the book
contains. Paths are relative to the book's root, without suffix (``chapters/01_map_estimator``).
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
SUFFIX = re.compile(r"\.(md|ipynb|rst)$")


def documents(root: Path = ROOT) -> list[str]:
    """Every document of ``root/_toc.yml`` in reading order: the root page, then each ``file``
    of its parts, chapters and sections, depth first."""
    toc = yaml.safe_load((Path(root) / "_toc.yml").read_text())
    docs: list[str] = []

    def walk(node: object) -> None:
        if isinstance(node, dict):
            for key in ("root", "file"):
                if key in node:
                    docs.append(SUFFIX.sub("", str(node[key])))
            for key in ("parts", "chapters", "sections"):
                walk(node.get(key, []))
        elif isinstance(node, list):
            for child in node:
                walk(child)

    walk(toc)
    return docs


def chapter_documents(root: Path = ROOT) -> list[str]:
    """The chapters (the notebooks in ``chapters/``), in reading order."""
    return [doc for doc in documents(root) if doc.startswith("chapters/")]


def chapter_notebooks(root: Path = ROOT) -> list[Path]:
    """The chapter notebooks' paths, in reading order."""
    return [Path(root) / f"{doc}.ipynb" for doc in chapter_documents(root)]
