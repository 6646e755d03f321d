"""A study where every worker records the same week: intervals of width 0.

audit7's base week (5 workers, each the same 35 hours, CP 152.1875 h per case-month by
hand) made `timestudy guide` stop with "internal error (ValueError: 'yerr' must not
contain negative values)": an interval of width 0 differs from its estimate by rounding
(152.1875 against 152.18750000000003), and matplotlib refuses a negative error bar. Every
figure now takes its bars from one rule (``plots._axes.error_bars``).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from timestudy.cli import main
from timestudy.plots._axes import error_bars
from timestudy.plots.guide import case_weights_plot

DATA = Path(__file__).parents[1] / "data" / "worker_ids"


def test_bars_are_never_negative():
    est = np.array([152.1875, 1.0])
    low = np.nextafter(est, np.inf)  # above its estimate by rounding only
    assert (error_bars(est, low, est) == 0).all()


def test_case_weights_plot_with_an_interval_of_width_zero():
    ct = pd.DataFrame({"hours_per_case_month": [152.1875],
                       "hours_per_case_month_ci_low": [152.18750000000003],
                       "hours_per_case_month_ci_high": [152.1875], "uplift": [1.0]},
                      index=["CP"])
    assert case_weights_plot(ct).get_ylabel() == "hours per case-month"


def test_the_guide_of_identical_workers_is_written(tmp_path, capsys):
    out = tmp_path / "out"
    code = main(["guide", str(DATA / "s3_base.csv"), "--cases", str(DATA / "cases5.csv"),
                 "--workers", str(DATA / "workers5.csv"), "--out", str(out), "--quiet"])
    assert code == 0, capsys.readouterr().err
    assert {"report.pdf", "report.html", "guide.json"} <= {p.name for p in out.iterdir()}
