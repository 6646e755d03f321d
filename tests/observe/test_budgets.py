"""Time budgets: hand-computed means, participation and clustered standard errors."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from timestudy import categorise
from timestudy.errors import TimestudyError
from timestudy.observe import time_budget


@pytest.fixture
def diary(make):
    # A (North, weight 2) day 1: direct 60, recording 30; day 2: recording 90.
    # B (North, weight 1) day 1: direct 30.   C (South, weight 1) day 1: travel 20, recording 40.
    return make(
        [
            ("A", "09:00", "10:00", "direct_work"),
            ("A", "10:00", "10:30", "recording"),
            ("A", "2026-03-10 09:00", "2026-03-10 10:30", "recording"),
            ("B", "09:00", "09:30", "direct_work"),
            ("C", "09:00", "09:20", "travel"),
            ("C", "09:20", "10:00", "recording"),
        ]
    )


@pytest.fixture
def workers():
    return pd.DataFrame(
        {"worker_id": ["A", "B", "C"], "team": ["North", "North", "South"], "w": [2.0, 1, 1]}
    )


def test_hand_computed(diary, workers):
    b = time_budget(diary, group="team", weight="w", workers=workers).summary()
    north = b.loc["North"]
    # units A1 (w 2), A2 (w 2), B1 (w 1): total weight 5
    # direct: (2*60 + 2*0 + 1*30) / 5 = 30; participation (2 + 1) / 5; among them 150 / 3
    assert north.loc[
        "direct_work", ["mean_min", "participation", "mean_participants_min"]
    ].tolist() == [
        30.0,
        0.6,
        50.0,
    ]
    # recording: (2*30 + 2*90) / 5 = 48; participation 4 / 5; among them 240 / 4 = 60
    assert north.loc["recording", "mean_min"] == 48.0
    assert north.loc["recording", "mean_participants_min"] == 60.0
    # all: (2*90 + 2*90 + 1*30) / 5 = 78
    assert north.loc["all", "mean_min"] == 78.0
    assert north.loc["direct_work", "share_of_time"] == pytest.approx(30 / 78)
    assert north.loc["recording", "units"] == 3
    # Clustered SE of recording: residuals z = w (y - 48) / 5: A1 -7.2, A2 16.8, B1 -9.6;
    # cluster sums A 9.6, B -9.6; var = 2 / (2 - 1) * (9.6^2 + 9.6^2) = 368.64 -> se 19.2
    assert north.loc["recording", "se"] == pytest.approx(19.2)
    # South has one worker: no clustered SE.
    assert np.isnan(b.loc[("South", "recording"), "se"])
    assert b.loc[("South", "recording"), "mean_min"] == 40.0


def test_week_unit_and_day_boundary(make):
    # 03:00-05:00 crosses the 04:00 start of the diary day: 60 minutes on each day.
    eps = make(
        [
            ("A", "03:00", "05:00", "recording"),
            ("A", "2026-03-10 09:00", "2026-03-10 10:00", "admin"),
        ]
    )
    day = time_budget(eps).summary()
    assert day.loc["recording", "units"] == 3  # 8, 9 and 10 March
    assert day.loc["recording", "mean_min"] == pytest.approx(120 / 3)
    # 9 March 2026 is a Monday: 03:00-04:00 belongs to Sunday's diary day, so to the week
    # before; the other 60 + 60 minutes to the week from Monday 04:00 -> mean (60 + 120) / 2.
    week = time_budget(eps, unit="week").summary()
    assert week.loc["recording", "units"] == 2 and week.loc["all", "mean_min"] == 90


def test_overlaps_count_once(make):
    eps = make([("A", "09:00", "10:00", "recording"), ("A", "09:30", "10:30", "admin")])
    b = time_budget(eps).summary()
    assert b.loc["all", "mean_min"] == 90  # not 120
    assert b.loc["admin", "mean_min"] == 30  # the earlier-started recording keeps 09:30-10:00


def test_matches_statsmodels_clustered_wls(small_study):
    # statsmodels is imported here, by the one test comparing with it: at the top of the module
    # every test process imported it while collecting (0.9 s of processor time each)
    from statsmodels.regression.linear_model import WLS

    eps = categorise(small_study.diary)
    b = time_budget(eps, group="team", workers=small_study.workers).to_frame()
    # Reference: WLS of each worker-day's recording minutes on a constant, clustered by worker
    # (statsmodels' small-sample factor (N-1)/(N-K) is 1 with one regressor).
    days = eps.assign(day=(eps["start"] - pd.Timedelta(hours=4)).dt.normalize())
    team = small_study.workers.set_index("worker_id")["team"]
    for name, rows in b[b["category"] == "recording"].groupby("team"):
        keep = days["worker_id"].map(team) == name
        units = days[keep].groupby(["worker_id", "day"])
        mins = units.apply(
            lambda g: (g["duration_min"] * (g["category"] == "recording")).sum(),
            include_groups=False,
        )
        if mins.index.get_level_values(0).nunique() < 2:
            continue
        fit = WLS(mins.to_numpy(), np.ones(len(mins))).fit(
            cov_type="cluster", cov_kwds={"groups": pd.factorize(mins.index.get_level_values(0))[0]}
        )
        assert rows["mean_min"].iloc[0] == pytest.approx(fit.params[0], rel=1e-9)
        assert rows["se"].iloc[0] == pytest.approx(fit.bse[0], rel=1e-6)


def test_errors(diary, workers):
    with pytest.raises(TimestudyError, match=r"no column `team`.*workers="):
        time_budget(diary, group="team")
    dup = pd.concat([workers, workers.iloc[:1]])
    with pytest.raises(TimestudyError, match="more than once"):
        time_budget(diary, group="team", workers=dup)
    with pytest.raises(TimestudyError, match="`unit`"):
        time_budget(diary, unit="month")
    with pytest.raises(TimestudyError, match=r"`w` has 1 rows"):
        time_budget(diary.assign(w=[1, 1, 1, 1, 1, -1.0]), weight="w")


def test_plot(diary, workers):
    ax = time_budget(diary, group="team", workers=workers).plot()
    assert ax.get_title() == "Time budget"
    assert "Time budget" in repr(time_budget(diary))
