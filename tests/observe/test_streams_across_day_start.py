"""Streams are not cut at the diary day's start while work goes on (audit 5, defect 3)."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from timestudy.observe import interruptions, time_budget, transitions

NIGHT = [  # audit 5's canon_night.csv: the same pattern at night and by day
    ("W1", "2026-03-10 03:30", "2026-03-10 03:50", "R", "case notes"),
    ("W1", "2026-03-10 03:50", "2026-03-10 04:10", "P", "phone call"),
    ("W1", "2026-03-10 04:10", "2026-03-10 04:30", "R", "case notes"),
    ("W2", "2026-03-10 13:30", "2026-03-10 13:50", "R", "case notes"),
    ("W2", "2026-03-10 13:50", "2026-03-10 14:10", "P", "phone call"),
    ("W2", "2026-03-10 14:10", "2026-03-10 14:30", "R", "case notes"),
]


def frame(rows) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "worker_id": [r[0] for r in rows],
            "start": pd.to_datetime([r[1] for r in rows]),
            "end": pd.to_datetime([r[2] for r in rows]),
            "activity_code": [r[3] for r in rows],
            "activity": [r[4] for r in rows],
        }
    )


def test_canon_night_by_hand():
    """W1 (03:30-04:30) and W2 (13:30-14:30): case notes 20 min, a call 20, notes 20.

    Each is one stream: notes interrupted by the call and resumed (one task of 40 min),
    the call (one task): 2 tasks, 1 interruption each. The old code cut W1 at 04:00:
    0 interruptions and 3 tasks. Transitions R->P, P->R for each: 4 in 2 hours, 2.0 an
    hour (was 3, 1.5).
    """
    eps = frame(NIGHT)
    r = interruptions(eps, by="activity_code")
    s = r.by_stream.set_index("worker_id")
    assert s["tasks"].to_dict() == {"W1": 2, "W2": 2}
    assert s["interruptions"].to_dict() == {"W1": 1, "W2": 1}
    tr = transitions(eps, by="activity_code").rates.iloc[0]
    assert (tr["transitions"], tr["hours"], tr["switches_per_hour"]) == (4.0, 2.0, 2.0)


def test_gap_across_day_start_still_separates_days():
    """A night ending 03:00 and a morning from 09:00 are two streams: no transition.

    Notes 02:00-03:00 (diary day before, 04:00 start) then a call 09:00-09:30: a gap
    of 6 hours across 04:00, so 0 transitions. Within one day a 90-minute break does
    not end the stream (10:00 -> 11:30: one transition).
    """
    rows = [
        ("A", "2026-03-10 02:00", "2026-03-10 03:00", "R", "notes"),
        ("A", "2026-03-10 09:00", "2026-03-10 09:30", "P", "call"),
        ("B", "2026-03-10 09:00", "2026-03-10 10:00", "R", "notes"),
        ("B", "2026-03-10 11:30", "2026-03-10 12:00", "P", "call"),
    ]
    tr = transitions(frame(rows), by="activity_code")
    assert tr.counts.to_numpy().sum() == 1
    assert tr.counts.loc["R", "P"] == 1


def test_session_is_one_budget_unit():
    """Audit 5's study_night: one WOMBAT session 03:00-05:00, 120 minutes of work.

    Notes 03:00-04:30 (90 min), travel 04:30-05:00 (30). One session is one unit:
    units 1, mean 120 (was 2 worker-days, mean 60), notes 90, travel 30.
    """
    eps = frame(
        [
            ("S1/P1", "2025-04-15 03:00", "2025-04-15 04:30", "Documentation", "notes"),
            ("S1/P1", "2025-04-15 04:30", "2025-04-15 05:00", "Travel", "travel"),
        ]
    ).assign(session_id="S1")
    t = time_budget(eps, by="activity_code").table.set_index("activity_code")
    assert t.loc["all", "units"] == 1
    assert t.loc["all", "mean_min"] == pytest.approx(120)
    assert t.loc["Documentation", "mean_min"] == pytest.approx(90)
    # Without the session the unit is the worker-day, cut at 04:00 as a diary day is.
    days = time_budget(eps, by="activity_code", session=None).table.set_index("activity_code")
    assert days.loc["all", "units"] == 2


@settings(max_examples=40, deadline=None)
@given(offset=st.integers(0, 1439))
def test_contiguous_work_measures_do_not_depend_on_clock_time(offset):
    """The canon_night pattern started at any minute of the day gives the same figures."""
    eps = frame(NIGHT[:3])
    shift = pd.Timedelta(minutes=offset) - pd.Timedelta(hours=3, minutes=30)
    eps = eps.assign(start=eps["start"] + shift, end=eps["end"] + shift)
    r = interruptions(eps, by="activity_code").table.loc["all"]
    assert (r["tasks"], r["interruptions"]) == (2, 1)
    tr = transitions(eps, by="activity_code").rates.iloc[0]
    assert tr["transitions"] == 2
