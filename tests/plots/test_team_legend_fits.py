"""The team shares figure's legend fits inside the figure.

With the five categories of the shipped taxonomy written side by side (``ncols=5``), the
legend ran past both edges of a figure of 715 px (6.5 in at 110 dpi; its left edge at
-11.7 px): its first and last entries were cut off in the report's picture. Three columns (two rows)
keep it inside.
"""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402

from timestudy.plots.guide import team_shares_plot  # noqa: E402

CATEGORIES = ["admin, liaison and meetings", "direct work", "recording", "travel",
              "uncategorised"]


def test_legend_inside_the_figure():
    d = pd.DataFrame({"team": [f"Team {t}" for t in "ABCDEF" for _ in CATEGORIES],
                      "category": CATEGORIES * 6, "share": [0.21, 0.27, 0.38, 0.13, 0.01] * 6})
    fig, ax = plt.subplots(figsize=(6.5, 0.45 * 6 + 1.4), dpi=110)
    try:
        team_shares_plot(d, ax=ax)
        fig.tight_layout()
        fig.canvas.draw()
        box = ax.get_legend().get_window_extent()
        width = fig.bbox.width
        assert box.x0 >= 0 and box.x1 <= width, (box.x0, box.x1, width)
    finally:
        plt.close(fig)
