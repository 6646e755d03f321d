"""Time-budget intervals from few workers use Student's t on (workers - 1) df (audit 5, defect 2)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from timestudy.observe import time_budget
from timestudy.stats.distributions import t_ppf


def test_two_workers_use_t_on_one_df(make):
    """Audit 5's canon1, reduced to its recording.

    Worker A: one day, 120 min. Worker B: two days, 30 min each. Units 3, mean
    (120 + 30 + 30) / 3 = 60. Residuals over the weight sum (60, -30, -30) / 3 =
    (20, -10, -10); worker sums 20 and -20; SE = sqrt(2 / 1 * (400 + 400)) = 40.
    With 2 workers the 95% multiplier is t(0.975, 1) = 12.7062, so the interval is
    60 +- 508.25: 0 (clipped) to 568.25. The normal z gave 0 to 138.4.
    """
    eps = make(
        [
            ("A", "09:00", "11:00", "recording"),
            ("B", "2026-03-10 09:00", "2026-03-10 09:30", "recording"),
            ("B", "2026-03-11 09:00", "2026-03-11 09:30", "recording"),
        ]
    )
    row = time_budget(eps).table.set_index("category").loc["recording"]
    assert row["units"] == 3
    assert row["mean_min"] == pytest.approx(60)
    assert row["se"] == pytest.approx(40)
    assert row["ci_high"] == pytest.approx(60 + 12.706205 * 40, rel=1e-6)
    assert row["ci_low"] == 0


def test_three_workers_use_t_on_two_df(make):
    """Three workers, one day each, 10, 20 and 60 minutes.

    Mean 30; residuals over the weight sum (-20, -10, 30) / 3; SE =
    sqrt(3 / 2 * (400 + 100 + 900) / 9) = sqrt(233.33) = 15.275. t(0.975, 2) =
    4.3027, so 30 +- 65.72: low clipped to 0, high 95.72.
    """
    eps = make(
        [
            ("A", "09:00", "09:10", "recording"),
            ("B", "09:00", "09:20", "recording"),
            ("C", "09:00", "10:00", "recording"),
        ]
    )
    row = time_budget(eps).table.set_index("category").loc["recording"]
    assert row["se"] == pytest.approx(np.sqrt(1400 / 6))
    assert row["ci_high"] == pytest.approx(30 + 4.302653 * np.sqrt(1400 / 6), rel=1e-6)
    assert row["ci_low"] == 0


def test_one_worker_has_no_interval(make):
    """One worker: no variance between clusters, so no SE and no interval."""
    eps = make([("A", "09:00", "10:00", "recording")])
    row = time_budget(eps).table.set_index("category").loc["recording"]
    assert np.isnan(row["se"]) and np.isnan(row["ci_low"]) and np.isnan(row["ci_high"])


@settings(max_examples=40, deadline=None)
@given(
    minutes=st.lists(st.integers(1, 300), min_size=2, max_size=12),
    level=st.sampled_from([0.8, 0.9, 0.95, 0.99]),
)
def test_interval_is_t_on_workers_minus_one(minutes, level):
    """For any workers' minutes, the half-width is t(G - 1) x SE and the low end is >= 0."""
    start = pd.Timestamp("2026-03-09 09:00")
    eps = pd.DataFrame(
        {
            "worker_id": [f"W{i}" for i in range(len(minutes))],
            "start": start,
            "end": [start + pd.Timedelta(minutes=m) for m in minutes],
            "category": "recording",
        }
    )
    row = time_budget(eps, level=level).table.set_index("category").loc["recording"]
    q = float(t_ppf(0.5 + level / 2, len(minutes) - 1))
    assert row["mean_min"] == pytest.approx(np.mean(minutes))
    assert row["ci_high"] == pytest.approx(row["mean_min"] + q * row["se"])
    assert row["ci_low"] == pytest.approx(max(0.0, row["mean_min"] - q * row["se"]), abs=1e-9)
    assert row["ci_low"] >= 0
