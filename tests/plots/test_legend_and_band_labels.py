"""Two pictures a council reads (audit28, plots): the case weights' legend lay over the
first bar (CIN), and the weighted loads' band lines at 95, 100 and 110% had no label."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

from timestudy.plots.capacity import capacity_plot  # noqa: E402
from timestudy.plots.guide import case_weights_plot  # noqa: E402


def test_the_legend_is_above_every_bar():
    """The tallest of bar, interval and should mark is CIN's 11.0 (its interval): the y axis
    runs to 11.0 x 1.35 = 14.85 and the legend's box lies above 11.0 on the picture."""
    ct = pd.DataFrame({"hours_per_case_month": [10.0, 4.0],
                       "hours_per_case_month_ci_low": [9.0, 3.0],
                       "hours_per_case_month_ci_high": [11.0, 5.0],
                       "uplift": [1.2, 1.0], "hours_per_case_month_should": [10.5, 4.0]},
                      index=["CIN", "CP"])
    ax = case_weights_plot(ct)
    fig = ax.figure
    fig.canvas.draw()
    assert np.isclose(ax.get_ylim()[1], 14.85)
    box = ax.get_legend().get_window_extent(fig.canvas.get_renderer())
    top_of_data = ax.transData.transform((0, 11.0))[1]
    assert box.y0 >= top_of_data


def test_band_edges_are_named_at_their_lines():
    d = pd.DataFrame({"cases_per_fte": [12, 18], "load": [0.8, 1.2], "status": ["blue", "red"]})
    ax = capacity_plot(d, bands=(0.9, 1.0, 1.2))
    texts = {t.get_text(): t.get_position()[1] for t in ax.texts}
    assert texts == {"90%": 90.0, "100%": 100.0, "120%": 120.0}
