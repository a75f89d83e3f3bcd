"""The rule behind ``test_prose_numbers``: which numbers in prose count as typed results.

Prose may type integers (inputs such as "7 heads in 10 flips") and formulas. A decimal (``0.6``),
a percentage (``50%``) or a numeric fraction (``3/5``, ``\\frac{3}{5}``) is a computed result and
must come from a glue role instead, unless the notebook declares it as an input in its metadata
(``"mapbook": {"inputs": ["0.5"]}``). The constant one half (``1/2``, ``\\frac{1}{2}``) is part of
formulas and always allowed. Numbers inside glue roles, code, citations, section signs (§3.1) and
directive options are not prose.
"""

from __future__ import annotations

import re

ALWAYS_ALLOWED = {"1/2", r"\frac{1}{2}", r"\tfrac{1}{2}", r"\dfrac{1}{2}", r"\frac12", r"\tfrac12"}

_NOT_PROSE = [
    re.compile(r"```.*?```", re.DOTALL),  # fenced code
    re.compile(r"\{[\w:-]+\}`[^`]*`"),  # roles: {glue:text}`k:.3f`, {cite}`x`, {ref}`y`, {eq}`z`
    re.compile(r"`[^`]*`"),  # inline code
    re.compile(r"<!--.*?-->", re.DOTALL),  # comments
    re.compile(r"https?://\S+"),  # addresses
    re.compile(r"§\s*\d+(\.\d+)*"),  # section numbers
    re.compile(r"^\s*:[\w-]+:.*$", re.MULTILINE),  # directive options
    re.compile(r"\]\([^)]*\)"),  # link targets
]
# Order matters: longest forms first so that "0.5%" is reported once, as a percentage.
_RESULT_LIKE = re.compile(
    r"\\[dt]?frac\s*\{\s*\d+\s*\}\s*\{\s*\d+\s*\}"  # \frac{3}{5}
    r"|\\[dt]?frac\d\d"  # \frac35
    r"|(?<![\w.\\])\d+(?:\.\d+)?\s*\\?%"  # 50%, 0.1\%
    r"|(?<![\w.])\d+\.\d+(?![\w])"  # 0.6, 12.25
    r"|(?<![\w./])\d+\s*/\s*\d+(?![\w./])"  # 3/5
)


def strip_non_prose(text: str) -> str:
    """Remove the parts of a markdown cell in which numbers are not prose."""
    for pattern in _NOT_PROSE:
        text = pattern.sub(" ", text)
    return text


def typed_results(text: str, inputs: set[str] = frozenset()) -> list[str]:
    """Result-like numbers typed in ``text`` that are neither declared inputs nor always allowed."""
    found = []
    for m in _RESULT_LIKE.finditer(strip_non_prose(text)):
        token = re.sub(r"\s+", "", m.group(0))
        bare = token.rstrip("%").rstrip("\\")
        if token in ALWAYS_ALLOWED or token in inputs or bare in inputs:
            continue
        found.append(token)
    return found
