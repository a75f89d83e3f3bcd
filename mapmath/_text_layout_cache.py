"""Text measured once per session, not once per renderer: the same figures, drawn faster.

Matplotlib caches the size of a text and the parse of a ``$...$`` math string *per renderer*.
Jupyter saves a figure with ``bbox_inches="tight"``, which draws it with two renderers (one to
find the tight box, one at the cropped size), and every figure gets new ones: each label, tick
label and legend entry is measured, and each math string parsed with pyparsing, two or more
times per figure and again in the next figure, which shows the same tick labels. In a chapter
that is about a third of the time a figure takes.

:func:`install` keys both caches by what their results depend on instead of the renderer: the
text, the font properties, the dpi, the output type, and the ``font.*``, ``text.*`` and
``mathtext.*`` rcParams (and the number of fonts the font manager knows), so a figure drawn after
an rcParams change is measured afresh. The pixels are the same (``tests/test_plotting.py``
compares the PNG bytes with and without). Only the Agg renderer (PNG) is shared; TeX strings,
PDF, SVG and other renderers keep Matplotlib's own caches. If Matplotlib's internals change
shape, :func:`install` leaves them alone.
"""

from __future__ import annotations

import functools
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any

import matplotlib as mpl
import matplotlib.text as mtext
from matplotlib.backends.backend_agg import RendererAgg
from matplotlib.font_manager import fontManager
from matplotlib.mathtext import MathTextParser

__all__ = ["install", "installed", "uninstall"]

_RC_PREFIXES = ("font.", "text.", "mathtext.")
_SIZE = 4096  # entries per cache; Matplotlib's own per-renderer text cache has the same size


class _LRU:
    """A bounded least-recently-used mapping filled on demand."""

    def __init__(self, size: int) -> None:
        self._data: OrderedDict[Hashable, Any] = OrderedDict()
        self._size = size

    def get(self, key: Hashable, compute: Callable[[], Any]) -> Any:
        """The value under ``key``, computed by ``compute()`` the first time."""
        try:
            value = self._data[key]
        except KeyError:
            value = self._data[key] = compute()
            if len(self._data) > self._size:
                self._data.popitem(last=False)
            return value
        self._data.move_to_end(key)
        return value

    def clear(self) -> None:
        self._data.clear()


_RC_KEYS: tuple[str, ...] = tuple(k for k in mpl.rcParams if k.startswith(_RC_PREFIXES))
_metrics = _LRU(_SIZE)
_parses = _LRU(_SIZE)
_original: dict[str, Any] = {}


def _frozen(value: object) -> Hashable:
    return tuple(value) if isinstance(value, list) else value  # font families are lists


def _state() -> tuple:
    """What a text's size and a math parse depend on besides their arguments: the rcParams
    ``font.*``, ``text.*``, ``mathtext.*`` and the fonts the font manager knows."""
    get = mpl.rcParams._get  # bypasses validation; Matplotlib keeps it stable (see its docstring)
    return (len(fontManager.ttflist), *(_frozen(get(k)) for k in _RC_KEYS))


def _text_metrics(renderer, text, fontprop, ismath, dpi):
    """``renderer.get_text_width_height_descent`` for an Agg renderer, shared by all of them."""
    if type(renderer) is not RendererAgg or ismath == "TeX":
        return _original["metrics"](renderer, text, fontprop, ismath, dpi)
    prop = fontprop.copy()  # FontProperties is mutable, its hash follows its state
    key = (text, prop, ismath, dpi, renderer.dpi, _state())
    return _metrics.get(key, lambda: renderer.get_text_width_height_descent(text, prop, ismath))


def _parse_cached(self, s, dpi, prop, antialiased, load_glyph_flags):
    """``MathTextParser._parse_cached`` keyed by the output type instead of the parser."""
    key = (self._output_type, s, dpi, prop, antialiased, load_glyph_flags, _state())
    return _parses.get(key, lambda: _original["parse"](self, s, dpi, prop, antialiased, load_glyph_flags))


def installed() -> bool:
    """Whether the shared caches are in place."""
    return bool(_original)


def install() -> None:
    """Share Matplotlib's text-size and math-parse caches across renderers (idempotent)."""
    if _original:
        return
    metrics = getattr(mtext, "_get_text_metrics_with_cache", None)
    parse = getattr(MathTextParser, "_parse_cached", None)
    wrapped = getattr(parse, "__wrapped__", None)
    if metrics is None or not isinstance(parse, functools._lru_cache_wrapper) or wrapped is None:
        return  # Matplotlib's internals changed: keep its own caches
    _original.update(metrics=metrics, parse=wrapped, parse_cached=parse)
    mtext._get_text_metrics_with_cache = _text_metrics
    MathTextParser._parse_cached = _parse_cached


def uninstall() -> None:
    """Restore Matplotlib's own caches (for the tests) and empty the shared ones."""
    if not _original:
        return
    mtext._get_text_metrics_with_cache = _original["metrics"]
    MathTextParser._parse_cached = _original["parse_cached"]
    _original.clear()
    _metrics.clear()
    _parses.clear()
