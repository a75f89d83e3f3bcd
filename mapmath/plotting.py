"""One figure style for the whole book.

``book_style()`` is applied once per chapter; ``ESTIMATE_STYLE`` gives MAP, MLE, posterior mean
and median the same colour and line style in every figure, so a reader learns them once.
"""

from __future__ import annotations

import matplotlib as mpl
import matplotlib.pyplot as plt

__all__ = ["ESTIMATE_STYLE", "book_style", "mark_estimate", "new_figure"]

ESTIMATE_STYLE: dict[str, dict[str, object]] = {
    "MAP": {"color": "#d62728", "linestyle": "-"},
    "MLE": {"color": "#1f77b4", "linestyle": "--"},
    "posterior mean": {"color": "#2ca02c", "linestyle": ":"},
    "posterior median": {"color": "#9467bd", "linestyle": "-."},
    "prior mode": {"color": "#7f7f7f", "linestyle": (0, (1, 3))},
}


def book_style() -> None:
    """Set the book's matplotlib defaults: page-width figures, readable fonts, light grid."""
    mpl.rcParams.update(
        {
            "figure.figsize": (7.0, 4.0),
            "figure.dpi": 100,
            "savefig.dpi": 150,
            "font.size": 11,
            "axes.titlesize": 12,
            "axes.labelsize": 11,
            "axes.grid": True,
            "grid.alpha": 0.3,
            "axes.spines.top": False,
            "axes.spines.right": False,
            "legend.frameon": False,
            "figure.constrained_layout.use": True,
        }
    )


def new_figure(ncols: int = 1, *, width: float = 7.0, height: float = 4.0):
    """A figure with ``ncols`` side-by-side axes in the book style; returns ``(fig, axes)``."""
    book_style()
    return plt.subplots(1, ncols, figsize=(width, height), squeeze=ncols == 1)


def mark_estimate(ax, x: float, name: str, *, label: str | None = None) -> None:
    """Draw a vertical line at ``x`` in the style reserved for estimate ``name`` (e.g. ``"MAP"``)."""
    style = ESTIMATE_STYLE[name]
    ax.axvline(x, linewidth=2, label=label or f"{name} = {x:.3f}", **style)
