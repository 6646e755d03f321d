"""A figure the API draws on a new Axes keeps its labels inside it when saved plainly.

audit28 (minor): ``TaskTimes.plot()`` without ``ax`` and saved with ``fig.savefig("x.png")``
(no ``bbox_inches="tight"``) cut the long task names at the figure's left edge: the first
label began 165 pixels outside it. A new figure is now laid out when it is drawn.
"""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pandas as pd

from timestudy.plots._axes import new_axes
from timestudy.plots.models import task_times_plot


def test_long_task_names_are_inside_a_plainly_saved_figure(tmp_path):
    table = pd.DataFrame(
        {
            "full_hours": [2.0, 0.5],
            "full_hours_ci_low": [1.5, 0.4],
            "full_hours_ci_high": [2.5, 0.7],
        },
        index=["child protection conference report", "email"],
    )
    ax = task_times_plot(table)
    fig = ax.figure
    fig.savefig(tmp_path / "tasks.png")  # no bbox_inches: what a user writes first
    renderer = fig.canvas.get_renderer()
    left = min(label.get_window_extent(renderer).x0 for label in ax.get_yticklabels())
    width = fig.get_size_inches()[0] * fig.dpi
    right = max(ax.xaxis.label.get_window_extent(renderer).x1, ax.get_window_extent(renderer).x1)
    plt.close(fig)
    assert left >= 0
    assert right <= width


def test_a_given_axes_keeps_its_figure_as_the_caller_made_it():
    fig, ax = plt.subplots()
    assert new_axes(ax) is ax
    assert fig.get_layout_engine() is None
    plt.close(fig)
