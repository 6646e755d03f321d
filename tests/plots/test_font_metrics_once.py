"""A font's line metrics read once, not once a text layout (issue 18, item 6).

matplotlib 3.11 lays out every text (``Text._get_layout``, five or so times a text while a
figure is laid out and drawn) with its font's ascent, descent and line gap, looking the
font up and building its OS/2 and head tables as dictionaries each time: about 1,000 times
for the report's ten figures, each time the same two or three fonts. ``draw_png`` gives
its renderer matplotlib's hook for those metrics (:mod:`timestudy.plots._fonts`), which
reads each font, size and resolution once. The layouts, and so the pixels, are the same.
"""

from __future__ import annotations

import matplotlib
import matplotlib.text as mtext
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties

from timestudy.plots import draw_png

NEW_LAYOUT = tuple(int(x) for x in matplotlib.__version__.split(".")[:2]) >= (3, 11)


def _labelled(ax):
    ax.plot([0, 1], [0, 1], label="hours")
    ax.set_xticks([0, 0.5, 1], ["none", "half", "all"])
    ax.set_xlabel("share of the week")
    ax.set_title("Hours by task")
    ax.legend(title="measured")


@pytest.mark.skipif(not NEW_LAYOUT, reason="matplotlib before 3.11 reads no font tables here")
def test_fonts_not_looked_up_for_each_text_layout(monkeypatch):
    """Eight texts and more ticks, each laid out several times: no font looked up by
    ``Text._get_layout`` (before: one look-up a layout, 40 or more here)."""
    calls = []
    real = mtext.get_font

    def counted(*args, **kwargs):
        calls.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(mtext, "get_font", counted)
    draw_png(_labelled, (4, 3), 150)
    assert calls == []


TEXTS = ["0.5 h", "Statutory visits and assessments", "two\nlines", "", "$x^2$ h", "Ågé — ½"]
PROPS = [
    FontProperties(size=10),
    FontProperties(size=7.5, weight="bold"),
    FontProperties(family="serif", size=12),
    FontProperties(family="monospace", size=9),
    FontProperties(size=14, style="italic"),
]


@pytest.mark.parametrize("dpi", [72, 110, 150])
@pytest.mark.parametrize("prop", PROPS, ids=lambda p: p.get_fontconfig_pattern()[:40])
def test_layout_the_same_as_matplotlibs_own(prop, dpi):
    """Each text's layout (its box, each line's width, ascent and descent, and where it
    goes) is exactly what matplotlib works out without the hook."""
    from timestudy.plots._fonts import attach

    fig = Figure(figsize=(3, 2), dpi=dpi)
    plain = FigureCanvasAgg(fig).get_renderer()
    hooked = FigureCanvasAgg(Figure(figsize=(3, 2), dpi=dpi)).get_renderer()
    attach(hooked, fig)
    for s in TEXTS:
        text = fig.text(0.1, 0.5, s, fontproperties=prop, rotation=30)
        assert repr(text._get_layout(hooked)) == repr(text._get_layout(plain)), s
