"""The report's figures are drawn without pyplot (issue 18, perf31f).

:func:`timestudy.plots.draw_png` draws on a bare Figure and its Agg canvas: nothing of pyplot
is used. ``timestudy.plots`` imported pyplot at the top of three modules (``_axes``,
``models``, ``render``) for the figures of their own that notebooks draw, 21-25 ms of
processor time (measured: ``import matplotlib.pyplot`` once ``matplotlib.figure`` and the Agg
backend are imported) in every process that draws the report's figures. With a backend
named (``MPLBACKEND=Agg``), drawing every kind of report figure now imports no pyplot; a
figure of its own (``new_axes()``) still does.
"""

from __future__ import annotations

import os
import subprocess
import sys

SCRIPT = """
import sys
import numpy as np
import pandas as pd
from timestudy.plots import draw_png, team_shares_plot, time_of_day_plot, worker_hours_plot
d = pd.DataFrame({"category": ["travel"] * 3 + ["recording"] * 3,
                  "hours_per_fte_week": [4.0, 5.5, 6.0, 15.0, 18.0, 20.5]})
draw_png(lambda ax: worker_hours_plot(d, ax=ax), (3, 2), 20)
t = pd.DataFrame({"team": ["N", "N"], "category": ["a", "b"], "share": [0.2, 0.8]})
draw_png(lambda ax: team_shares_plot(t, ax=ax), (3, 2), 20)
h = pd.DataFrame({"hour": [8.0, 8.5], "category": ["a", "a"], "share_at_work": [0.2, 0.3]})
draw_png(lambda ax: time_of_day_plot(h, ax=ax), (3, 2), 20)
print("matplotlib.pyplot" in sys.modules)
from timestudy.plots import new_axes
new_axes()
print("matplotlib.pyplot" in sys.modules)
"""


def test_report_figures_import_no_pyplot():
    env = {**os.environ, "MPLBACKEND": "Agg"}
    out = subprocess.run(
        [sys.executable, "-c", SCRIPT], capture_output=True, text=True, env=env, check=True
    ).stdout.split()
    assert out == ["False", "True"]
