"""The figure helpers of mapmath.plotting: they draw what they say and reject bad input."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")   # no display needed; must precede the pyplot import

import matplotlib.pyplot as plt
import numpy as np
import pytest

import mapmath
from mapmath.plotting import plot_penalty_geometry


def _problem():
    rng = np.random.default_rng(20260304)
    X = rng.normal(size=(40, 2))
    X[:, 1] = 0.6 * X[:, 0] + 0.8 * X[:, 1]
    y = X @ np.array([2.0, 0.4]) + rng.normal(size=40)
    return X, y, mapmath.lasso_map(X, y, 1.0, 0.02), mapmath.ridge_map(X, y, 1.0, 0.05)


def test_plot_penalty_geometry_draws_both_balls_contours_and_the_two_estimates():
    X, y, w_l1, w_l2 = _problem()
    fig, axes = plot_penalty_geometry(X, y, w_l1, w_l2)
    try:
        assert axes.shape == (1, 2)
        w_ls = np.linalg.lstsq(X, y, rcond=None)[0]
        for ax, sol, ball in [(axes[0, 0], w_l1, r"$\|w\|_1 \leq t$"), (axes[0, 1], w_l2, r"$\|w\|_2 \leq r$")]:
            labels = [t.get_text() for t in ax.get_legend().get_texts()]
            assert labels == [ball, "least squares", "MAP (constrained optimum)"]
            lines = {line.get_label(): line for line in ax.get_lines()}
            np.testing.assert_allclose(lines["least squares"].get_xydata()[0], w_ls)
            np.testing.assert_allclose(lines["MAP (constrained optimum)"].get_xydata()[0], sol)
            assert ax.get_xlabel() == "$w_1$" and ax.get_ylabel() == "$w_2$"
            assert len(ax.collections) == 1 and len(ax.patches) == 1   # the contour set; the shaded ball
        # the shaded L1 ball is the diamond of radius ‖w_l1‖₁: its vertices lie on the axes
        diamond = axes[0, 0].patches[0].get_xy()
        t = np.sum(np.abs(w_l1))
        np.testing.assert_allclose(np.max(np.abs(diamond), axis=0), [t, t])
        disc = axes[0, 1].patches[0].get_xy()
        np.testing.assert_allclose(np.linalg.norm(disc, axis=1), np.linalg.norm(w_l2), rtol=1e-12)
    finally:
        plt.close(fig)


@pytest.mark.parametrize("kwargs, exc, param", [
    ({"w_l1": [1.0, 0.0, 0.0]}, ValueError, "w_l1"),
    ({"w_l2": [np.nan, 1.0]}, ValueError, "w_l2"),
    ({"w1_range": (1.0, -1.0)}, ValueError, "w1_range"),
    ({"w2_range": (0.0,)}, ValueError, "w2_range"),
    ({"n_grid": 1}, ValueError, "n_grid"),
    ({"n_grid": 2.5}, TypeError, "n_grid"),
    ({"contour_scales": (1.0, 0.5)}, ValueError, "contour_scales"),
    ({"X": np.ones((40, 3))}, ValueError, "X"),
])
def test_plot_penalty_geometry_rejects_bad_input_naming_the_parameter(kwargs, exc, param):
    X, y, w_l1, w_l2 = _problem()
    args = {"X": X, "y": y, "w_l1": w_l1, "w_l2": w_l2} | kwargs
    X, y, w_l1, w_l2 = (args.pop(k) for k in ("X", "y", "w_l1", "w_l2"))
    with pytest.raises(exc, match=param):
        plot_penalty_geometry(X, y, w_l1, w_l2, **args)
    plt.close("all")


def _book_figure_png(label: str) -> bytes:
    """A figure with plain and math text on log axes, saved as Jupyter shows it (tight box)."""
    import io

    from mapmath.plotting import new_figure

    fig, ax = new_figure(width=4.0, height=2.5)
    grid = np.logspace(-1, 2, 50)
    ax.semilogx(grid, np.sin(np.log(grid)), label=r"$\hat w_1(\lambda)$")
    ax.set_xlabel(r"ridge strength $\lambda$ (log scale)")
    ax.set_title(label)
    ax.legend()
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=200, bbox_inches="tight")
    plt.close(fig)
    return buffer.getvalue()


def test_shared_text_layout_cache_draws_the_same_pixels_and_follows_rcparams(monkeypatch):
    """book_style() shares text sizes and math parses across figures (mapmath._text_layout_cache):
    the PNG bytes are those of Matplotlib's own per-renderer caches, for a first and a repeated
    figure, and a changed rcParam (the font family) is measured afresh, not served from the cache."""
    from mapmath import _text_layout_cache as cache

    install = cache.install
    with matplotlib.rc_context():
        try:
            cache.uninstall()
            monkeypatch.setattr(cache, "install", lambda: None)  # Matplotlib's own caches only
            plain = [_book_figure_png("first"), _book_figure_png("second")]
            matplotlib.rcParams["font.family"] = ["serif"]
            plain_serif = _book_figure_png("first")
            monkeypatch.setattr(cache, "install", install)
            matplotlib.rcParams["font.family"] = ["sans-serif"]
            shared = [_book_figure_png("first"), _book_figure_png("second")]
            assert cache.installed()
            matplotlib.rcParams["font.family"] = ["serif"]
            shared_serif = _book_figure_png("first")
        finally:
            install()
    assert shared == plain
    assert shared_serif == plain_serif != plain[0]
