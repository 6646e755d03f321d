"""The definitions section leaves out, in its figures too, the tasks that do not move.

audit11: the text says "Tasks that do not move are left out", yet when no task moved the
figure drew the first task (core group) as a flat line at 0%; and the figure kept any task
moving by more than 1e-9 while the tables kept those moving by more than 0.5%.

By hand: a statutory visit's full hours change by -12% with a 15-minute gap and +3% with
60 minutes, a core group's by 0 and 0.4% (under 0.5%: it does not move). The full-hours
figure draws the visit alone; the linking windows move nothing (every change 0), so there
is no figure for them, and a sentence says so.
"""

from __future__ import annotations

from types import SimpleNamespace

import matplotlib
import pandas as pd

from timestudy.plots import pieces_sensitivity_plot
from timestudy.report.pieces_sections import definitions_section

matplotlib.use("Agg")

SENSITIVITY = pd.DataFrame({
    "parameter": ["travel_gap_min"] * 4 + ["link_within_days"] * 4,
    "value": [15.0, 60.0, 15.0, 60.0, 0.0, 2.0, 0.0, 2.0],
    "task_type": ["statutory_visit", "statutory_visit", "core_group", "core_group"] * 2,
    "direct_change": [0.0] * 8,
    "full_change": [-0.12, 0.03, 0.0, 0.004, 0.0, 0.0, 0.0, 0.0],
})


def test_figures_draw_only_the_tasks_that_move():
    s = definitions_section(SimpleNamespace(sensitivity=SENSITIVITY))
    figures = {b.key: b for b in s.blocks if b.kind == "figure"}
    assert list(figures) == ["sensitivity_travel_gap_min"]
    texts = [b.text for b in s.blocks if b.kind == "text"]
    assert ("No task's direct minutes per piece move by more than 0.5% as the linking "
            "windows change.") in texts
    d = figures["sensitivity_travel_gap_min"].draw
    ax = pieces_sensitivity_plot(*d.args, **d.kwargs)
    assert [line.get_label() for line in ax.get_lines()][:-1] == ["statutory visit"]


def test_plot_with_no_task_moving_draws_no_task():
    ax = pieces_sensitivity_plot(SENSITIVITY, parameter="link_within_days",
                                 measure="direct_change")
    assert [line.get_label() for line in ax.get_lines() if line.get_label()[0] != "_"] == []
