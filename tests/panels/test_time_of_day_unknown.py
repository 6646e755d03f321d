"""Rows without a time of day (ingest's ``dated`` layout, flag ``time_of_day_unknown``) are
never in hours or out of hours, and no time-of-day figure counts them.

Before: a dated row placed at 04:00-06:00 (its file order from the diary day's start)
counted as two hours out of hours, and a diary of only such rows reported its out-of-hours
work as every minute before 08:00 (or 0), never as not known.
"""

from __future__ import annotations

import io

import numpy as np
import pandas as pd
import pytest

from timestudy import read_diary
from timestudy.ingest.dated import time_of_day_known
from timestudy.ingest.quality import worker_quality
from timestudy.models.available import available_time
from timestudy.panels.workers import worker_day
from timestudy.report.tables import time_of_day

FLAG = "time_of_day_unknown"


def _episodes(rows):
    e = pd.DataFrame(rows, columns=["worker_id", "start", "end", "counted_min", "category",
                                    "flags"])
    e["start"], e["end"] = pd.to_datetime(e["start"]), pd.to_datetime(e["end"])
    return e.assign(task_type="t", case_id="C1", duration_min=e["counted_min"])


MIXED = [  # Wednesday 11 March 2026; working hours 08:00-18:00
    ("W1", "2026-03-11 04:00", "2026-03-11 06:00", 120.0, "recording", FLAG),
    ("W1", "2026-03-11 17:00", "2026-03-11 20:00", 180.0, "recording", ""),
    ("W2", "2026-03-11 04:00", "2026-03-11 07:00", 180.0, "direct_work", FLAG),
]


def test_out_of_hours_counts_only_the_minutes_with_a_time_by_hand():
    """W1: 120 placed minutes (04:00-06:00 by file order) and 17:00-20:00 timed: out of
    hours 18:00-20:00 = 2.0 h over 3.0 h with a time (was 4.0 h: the placed 04:00-06:00
    counted as early morning); hours worked 5.0. W2: only a placed row: 0 h out of hours
    over 0 h with a time (not known), 3.0 h worked."""
    d = worker_day(_episodes(MIXED)).set_index("worker_id")
    assert d.loc["W1", ["hours_worked", "hours_out_of_hours", "hours_time_known"]].tolist() \
        == [5.0, pytest.approx(2.0), 3.0]
    assert d.loc["W2", ["hours_worked", "hours_out_of_hours", "hours_time_known"]].tolist() \
        == [3.0, 0.0, 0.0]


def test_a_timed_diary_has_every_hour_known():
    """The same rows with their times known: W1 04:00-06:00 (2 h) and 18:00-20:00 (2 h)
    out of hours = 4.0 h, every hour known."""
    e = _episodes([r[:5] + ("",) for r in MIXED])
    d = worker_day(e)
    assert (d["hours_time_known"] == d["hours_worked"]).all()
    assert d.set_index("worker_id").loc["W1", "hours_out_of_hours"] == pytest.approx(4.0)


def test_time_of_day_known_reads_the_flag_among_others():
    e = pd.DataFrame({"flags": [f"instantaneous;{FLAG}", "gap_before", "", None]})
    assert time_of_day_known(e).tolist() == [False, True, True, True]
    assert time_of_day_known(pd.DataFrame({"x": [1]})).tolist() == [True]


def _weeks(known):
    return pd.DataFrame({"worker_id": [f"W{i}" for i in range(6)], "week_start":
                         pd.Timestamp("2026-03-09"), "hours_worked": 40.0,
                         "hours_non_case": 10.0, "hours_case": 30.0,
                         "hours_out_of_hours": [0.0] * 6 if known == 0 else 2.0,
                         "hours_time_known": 40.0 * known, "fte_weeks": 1.0,
                         "contracted_hours": 37.0})


def test_available_out_of_hours_is_not_known_without_a_time_of_day():
    """Six workers of 40 hours, none with a time of day: out of hours NaN (was 0.0), with a
    note; every other figure as before (non-case 10 h, available 37 - 10 = 27 h)."""
    a = available_time(_weeks(0), n_boot=19)
    t = a.table
    assert np.isnan(t.loc["out_of_hours_per_fte_week", ["estimate", "ci_low", "ci_high"]]
                    .to_numpy(float)).all()
    assert t.loc["available_case_hours_per_fte_week", "estimate"] == pytest.approx(27.0)
    assert any(n.startswith("Out-of-hours work is not known") for n in a.notes)


def test_available_out_of_hours_says_it_covers_only_the_timed_hours():
    """A quarter of the hours with a time of day: 2 h out of hours per FTE-week, marked as
    counting only those 25%."""
    a = available_time(_weeks(0.25), n_boot=19)
    assert a.table.loc["out_of_hours_per_fte_week", "estimate"] == pytest.approx(2.0)
    assert any("only the 25% of hours worked with a time of day" in n for n in a.notes)
    full = available_time(_weeks(1.0), n_boot=19)
    assert not any("time of day" in n for n in full.notes)


def test_time_of_day_profile_leaves_placed_rows_out():
    """W1's placed 04:00-06:00 is not at work at 04:00; its timed 17:00-20:00 is at 19:00.
    One worker-day of one worker: share 1.0 at 19:00, nothing at 04:30."""
    e = _episodes(MIXED[:2])
    t = time_of_day(e, (pd.Timestamp("2026-03-11"), pd.Timestamp("2026-03-11")))
    weekday = t[t["day_type"] == "weekday"].groupby("hour")["share_at_work"].sum()
    assert weekday.get(4.5, 0.0) == 0.0 and weekday[19.0] == pytest.approx(1.0)


def test_quality_page_out_of_hours_share_is_of_timed_minutes():
    """A dated diary read end to end: every row placed from 04:00, none out of hours and
    none in hours: the quality page's share is NaN (was 1.0: 04:00-06:00 all before 08:00)."""
    r = read_diary(io.StringIO("worker_id,date,activity,duration_min\n"
                               "W1,2026-03-11,notes,120\n"), name="d.csv", warn=False)
    q = worker_quality(r.episodes)
    assert np.isnan(q.loc["W1", "out_of_hours_share"])
