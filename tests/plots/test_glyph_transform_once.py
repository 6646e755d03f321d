"""A text's glyph transform built once, not once a glyph (issue 18, the figures' time).

matplotlib 3.11's Agg renderer built each glyph's rotation matrix afresh from NumPy arrays,
the same integers for every glyph of a text: 69 ms of the 287 ms of processor time the
report's ten figures spent drawing glyphs. ``draw_png`` gives its renderer a drawer that
builds the matrix once a text (:mod:`timestudy.plots._glyphs`); the pixels are the same.
"""

from __future__ import annotations

import matplotlib.backends.backend_agg as backend_agg
import numpy as np
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from timestudy.plots import _glyphs, draw_png

FOLLOWED = _glyphs._version() in _glyphs.FOLLOWS


class _CountingNumpy:
    """``numpy`` as ``backend_agg`` sees it, counting its ``np.array`` calls."""

    def __init__(self):
        self.arrays = 0

    def __getattr__(self, name):
        return getattr(np, name)

    def array(self, *args, **kwargs):
        self.arrays += 1
        return np.array(*args, **kwargs)


def _texts(ax):
    ax.plot([0, 1], [0, 1], label="hours per piece of work")
    ax.set_xticks([0, 0.5, 1], ["none", "half", "all"])
    ax.set_xlabel("share of the week (Ågé — ½)")
    ax.set_ylabel("hours")  # drawn at 90 degrees
    ax.set_title(r"Hours $\frac{1}{2}$ by task")  # mathtext: glyphs and a rule (a box)
    ax.text(0.2, 0.6, "slanted", rotation=30, fontstyle="italic", family="serif")
    ax.text(0.6, 0.2, "jagged", antialiased=False, fontsize=14)
    ax.legend(title="measured")


@pytest.mark.skipif(not FOLLOWED, reason="another matplotlib: its own glyph drawing is used")
def test_no_matrix_built_for_each_glyph(monkeypatch):
    """Not one NumPy array made by the Agg renderer for the texts' glyphs (before: one a
    glyph, well over a hundred here)."""
    counting = _CountingNumpy()
    monkeypatch.setattr(backend_agg, "np", counting)
    draw_png(_texts, (4, 3), 150)
    assert counting.arrays == 0


@pytest.mark.parametrize("dpi", [72, 150])
def test_pixels_the_same_as_matplotlibs_own(dpi):
    """Rotated, italic, serif, mathtext (with its rule) and unsmoothed texts: the very
    pixels matplotlib draws without the drawer."""

    def drawn(hooked: bool) -> np.ndarray:
        fig = Figure(figsize=(4, 3), dpi=dpi)
        _texts(fig.subplots())
        canvas = FigureCanvasAgg(fig)
        if hooked:
            _glyphs.attach(canvas.get_renderer())
        canvas.draw()
        return np.asarray(canvas.buffer_rgba()).copy()

    plain, hooked = drawn(False), drawn(True)
    assert plain.shape == hooked.shape
    assert np.array_equal(plain, hooked)
    assert (plain[..., :3] < 128).any()  # something was drawn
