"""One figure style for the whole book, and the figures that several chapters draw.

A leaf: it imports the maths modules it draws, and no maths module imports it.

``book_style()`` is applied once per chapter; ``ESTIMATE_STYLE`` gives MAP, MLE, posterior mean
and median the same colour and line style in every figure, so a reader learns them once.
"""

from __future__ import annotations

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
import sympy as sp

from . import _text_layout_cache
from .modes import numeric_function
from .reparameterization import numeric_mass
from .ridge import least_squares, squared_error_surface
from .validation import check_count, check_expression, check_real, check_symbol, check_vector

__all__ = ["ESTIMATE_STYLE", "FONT_SIZE", "book_style", "mark_estimate", "new_figure", "plot_modes_in_two_coordinates",
           "plot_penalty_geometry"]

ESTIMATE_STYLE: dict[str, dict[str, object]] = {
    "MAP": {"color": "#d62728", "linestyle": "-"},
    "MLE": {"color": "#1f77b4", "linestyle": "--"},
    "posterior mean": {"color": "#2ca02c", "linestyle": ":"},
    "posterior median": {"color": "#9467bd", "linestyle": "-."},
    "prior mode": {"color": "#7f7f7f", "linestyle": (0, (1, 3))},
}


FONT_SIZE = 12.0
"""Points. Figures are 7 in wide at 100 dpi (700 CSS px, the width of the site's text column), so
12 pt text is 16.7 px on screen: as large as the body text at desktop width."""


def book_style() -> None:
    """Set the book's matplotlib defaults: page-width figures, readable fonts, light grid.

    - **Sharp**: in Jupyter (and so on the site) figures are PNGs at twice the density
      (``retina``) shown at their 100-dpi size; ``figure.dpi`` stays 100, so the
      ``<Figure size 700x400 with 1 Axes>`` text nbval compares does not change.
    - **Readable**: one text size, :data:`FONT_SIZE` (legends and tick labels included).
    - **Dark mode**: the figure and axes backgrounds are transparent; the site inverts figures in
      dark mode (``_static/mapbook.css``), so black text on no background reads as light text on
      the dark page.
    - **No legend over data**: legends go where they cover the fewest points (``loc="best"``).
    - **Drawn once per text**: the figures of a session share the sizes of their texts and the
      parses of their math strings (``mapmath._text_layout_cache``: the same pixels, about a third
      less time per figure).
    """
    mpl.rcParams.update(
        {
            "figure.figsize": (7.0, 4.0),
            "figure.dpi": 100,
            "savefig.dpi": 200,
            "font.size": FONT_SIZE,
            "axes.titlesize": FONT_SIZE + 1,
            "axes.labelsize": FONT_SIZE,
            "xtick.labelsize": FONT_SIZE,
            "ytick.labelsize": FONT_SIZE,
            "legend.fontsize": FONT_SIZE,
            "legend.loc": "best",
            "axes.grid": True,
            "grid.alpha": 0.3,
            "axes.spines.top": False,
            "axes.spines.right": False,
            "legend.frameon": False,
            "figure.constrained_layout.use": True,
            "figure.facecolor": "none",
            "axes.facecolor": "none",
            "savefig.facecolor": "none",
            "savefig.transparent": True,
        }
    )
    _text_layout_cache.install()
    _retina_in_jupyter()


def _retina_in_jupyter() -> None:
    """Figures in a notebook as double-density PNG (nbval does not compare PNG data; a vector
    SVG would be compared byte for byte). Outside IPython there is nothing to set."""
    try:
        from IPython import get_ipython
        from matplotlib_inline.backend_inline import set_matplotlib_formats
    except ImportError:
        return
    if get_ipython() is not None:
        set_matplotlib_formats("retina")


def new_figure(ncols: int = 1, *, width: float = 7.0, height: float = 4.0):
    """A figure with ``ncols`` side-by-side axes in the book style; returns ``(fig, axes)``."""
    book_style()
    return plt.subplots(1, ncols, figsize=(width, height), squeeze=ncols == 1)


def mark_estimate(ax, x: float, name: str, *, label: str | None = None) -> None:
    """Draw a vertical line at ``x`` in the style reserved for estimate ``name`` (e.g. ``"MAP"``)."""
    style = ESTIMATE_STYLE[name]
    ax.axvline(x, linewidth=2, label=label or f"{name} = {x:.3f}", **style)


def _range(name: str, value: object) -> tuple[float, float]:
    low, high = check_vector(name, value, length=2, length_name="(low, high)")
    if not low < high:
        raise ValueError(f"{name} must be (low, high) with low < high, got ({low}, {high})")
    return float(low), float(high)


def plot_penalty_geometry(X: object, y: object, w_l1: object, w_l2: object, *,
                          w1_range: object = (-1.0, 2.6), w2_range: object = (-1.2, 1.6),
                          n_grid: int = 300,
                          contour_scales: object = (0.1, 0.4, 1.0, 2.0, 3.5)):
    """The constrained-least-squares picture of the lasso and ridge for two weights.

    Two panels, both showing contours of ``RSS(w) = ‖y - Xw‖²`` (``X`` must have 2 columns)
    around the least-squares point ``ŵ_LS``. The left panel shades the L1 ball
    ``‖w‖₁ <= t`` with ``t = ‖w_l1‖₁`` (a diamond) and marks ``w_l1``, the lasso MAP; the right
    panel shades the L2 ball ``‖w‖₂ <= r`` with ``r = ‖w_l2‖₂`` (a disc) and marks ``w_l2``, the
    ridge MAP. Because a penalized minimizer ``ŵ`` is also the minimizer of RSS over the ball of
    its own norm, the contour through ``ŵ`` touches the ball there. The contour levels are
    ``RSS(ŵ_LS) + s·(RSS(ŵ) - RSS(ŵ_LS))`` for ``s`` in ``contour_scales`` (``s = 1`` is the
    touching contour). ``w1_range``/``w2_range`` bound the grid of ``n_grid × n_grid`` points.

    Returns ``(fig, axes)`` with ``axes`` of shape ``(1, 2)``; the caller ends with ``plt.show()``.
    """
    w_l1 = check_vector("w_l1", w_l1, length=2, length_name="one entry per weight")
    w_l2 = check_vector("w_l2", w_l2, length=2, length_name="one entry per weight")
    w1_lo, w1_hi = _range("w1_range", w1_range)
    w2_lo, w2_hi = _range("w2_range", w2_range)
    n_grid = check_count("n_grid", n_grid)
    if n_grid < 2:
        raise ValueError(f"n_grid must be an integer >= 2, got {n_grid}")
    scales = check_vector("contour_scales", contour_scales)
    if np.any(scales <= 0) or np.any(np.diff(scales) <= 0):
        raise ValueError("contour_scales must be positive and strictly increasing")
    w_ls = least_squares(X, y)                     # also validates X and y
    g1, g2 = np.meshgrid(np.linspace(w1_lo, w1_hi, n_grid), np.linspace(w2_lo, w2_hi, n_grid))
    rss = squared_error_surface(X, y, g1, g2)       # checks that X has 2 columns
    rss_min = squared_error_surface(X, y, w_ls[0], w_ls[1])
    t_l1, r_l2 = float(np.sum(np.abs(w_l1))), float(np.linalg.norm(w_l2))

    fig, axes = new_figure(2, width=9.0, height=4.2)
    panels = [(axes[0, 0], w_l1, "L1 ball (Laplace prior): corner"),
              (axes[0, 1], w_l2, "L2 ball (Gaussian prior): smooth point")]
    for i, (ax, sol, title) in enumerate(panels):
        level = squared_error_surface(X, y, sol[0], sol[1])
        cs = ax.contour(g1, g2, rss, levels=rss_min + (level - rss_min) * scales, colors="#1f77b4",
                        linewidths=1)
        ax.clabel(cs, fmt="%.0f", fontsize=FONT_SIZE - 2)
        if i == 0:
            ax.fill([t_l1, 0, -t_l1, 0], [0, t_l1, 0, -t_l1], color="#d62728", alpha=0.2,
                    label=r"$\|w\|_1 \leq t$")
        else:
            ang = np.linspace(0, 2 * np.pi, 200)
            ax.fill(r_l2 * np.cos(ang), r_l2 * np.sin(ang), color="#d62728", alpha=0.2,
                    label=r"$\|w\|_2 \leq r$")
        ax.plot(*w_ls, "o", color=ESTIMATE_STYLE["MLE"]["color"], label="least squares")
        ax.plot(*sol, "*", markersize=14, color=ESTIMATE_STYLE["MAP"]["color"], label="MAP (constrained optimum)")
        ax.set_aspect("equal")
        ax.set_xlabel("$w_1$")
        ax.set_ylabel("$w_2$")
        ax.set_title(title)
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.18), ncols=1)  # below the panel
    return fig, axes


_ETA_MODE_STYLE = {"color": "#ff7f0e", "linestyle": "--", "linewidth": 2}


def plot_modes_in_two_coordinates(density_p: sp.Expr, p: sp.Symbol, density_eta: sp.Expr, eta: sp.Symbol, *,
                                  mode_p: float, mode_eta: float, p_grid: object, eta_grid: object,
                                  medians: tuple[float, float] | None = None, name: str = "posterior"):
    """Draw one distribution as a density in ``p ∈ (0, 1)`` (left) and in ``η = logit p`` (right).

    Both densities are normalized numerically (:func:`mapmath.reparameterization.numeric_mass`). Each
    panel marks both modes, with one style per estimate: the mode in p (``mode_p``) as a solid red MAP
    line, at ``logit(mode_p)`` in the η panel; the mode in η (``mode_eta``) as a dashed orange line, at
    ``σ(mode_eta)`` in the p panel. ``medians = (median in p, median in η)`` adds the posterior median
    to each panel. Where the lines of one estimate do not coincide with its partner's, the mode depends
    on the coordinates.
    Returns ``(fig, (ax_p, ax_eta))``; the caller ends the cell with ``plt.show()``.
    """
    p, eta = check_symbol("p", p), check_symbol("eta", eta)
    density_p = check_expression("density_p", density_p, depends_on=p)
    density_eta = check_expression("density_eta", density_eta, depends_on=eta)
    mode_p = check_real("mode_p", mode_p, low=0.0, high=1.0, low_open=True, high_open=True)
    mode_eta = check_real("mode_eta", mode_eta)
    p_grid = check_vector("p_grid", p_grid)
    eta_grid = check_vector("eta_grid", eta_grid)
    if np.any((p_grid <= 0) | (p_grid >= 1)):
        raise ValueError("p_grid must lie strictly inside (0, 1)")
    if medians is not None:
        if not isinstance(medians, tuple | list) or len(medians) != 2:
            raise TypeError(f"medians must be a pair (median in p, median in eta), got {medians!r}")
        median_p = check_real("medians[0]", medians[0], low=0.0, high=1.0, low_open=True, high_open=True)
        median_eta = check_real("medians[1]", medians[1])

    f_p = numeric_function(density_p, p, "density_p")
    f_eta = numeric_function(density_eta, eta, "density_eta")
    mass_p, mass_eta = numeric_mass(density_p, p, (0, 1)), numeric_mass(density_eta, eta, (-sp.oo, sp.oo))
    back = 1.0 / (1.0 + np.exp(-mode_eta))
    logit_mode_p = float(np.log(mode_p / (1.0 - mode_p)))

    fig, axes = new_figure(2, width=10, height=4)
    ax_p, ax_eta = axes[0]
    ax_p.plot(p_grid, np.array([f_p(x) for x in p_grid]) / mass_p, color="black", label=f"{name} of $p$")
    mark_estimate(ax_p, mode_p, "MAP", label=f"mode in $p$ = {mode_p:.3f}")
    ax_p.axvline(back, label=rf"mode in $\eta$, mapped back = {back:.3f}", **_ETA_MODE_STYLE)
    ax_eta.plot(eta_grid, np.array([f_eta(x) for x in eta_grid]) / mass_eta, color="black", label=rf"{name} of $\eta$")
    ax_eta.axvline(mode_eta, label=rf"mode in $\eta$ = {mode_eta:.3f}", **_ETA_MODE_STYLE)
    mark_estimate(ax_eta, logit_mode_p, "MAP", label=f"logit(mode in $p$) = {logit_mode_p:.3f}")
    if medians is not None:
        mark_estimate(ax_p, median_p, "posterior median", label=f"median = {median_p:.3f}")
        mark_estimate(ax_eta, median_eta, "posterior median", label=f"median = {median_eta:.3f}")
    ax_p.set(xlabel="probability of heads $p$", ylabel="density in $p$", title="in $p$")
    ax_eta.set(xlabel=r"log-odds $\eta = \mathrm{logit}\, p$", ylabel=r"density in $\eta$",
               title=r"the same distribution in $\eta$")
    for ax in (ax_p, ax_eta):  # below each panel: the labels are long and the curves fill the axes
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.2))
    return fig, (ax_p, ax_eta)
