"""Rates per hour of observation: a session from its start to its end, quiet time included.

Interruptions per hour, switches per hour and the multitasking share used to divide by
the union of the recorded tasks' time, so a quiet stretch of a session (observed, no
task recorded) was left out and every rate was too high: a session 09:00-11:00 with
tasks 09:00-09:30 and 10:30-11:00 and 2 interruptions gave 2.0 an hour, not 1.0.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from timestudy.observe import interruptions, multitasking, observation_study, transitions

DAY = pd.Timestamp("2026-03-09")


def _eps(rows, session_start="09:00:00", session_end="11:00:00", **extra):
    """Episodes of W1's session S1 from (start, end, category) clock times."""
    out = pd.DataFrame({
        "worker_id": "W1", "session_id": "S1",
        "start": [pd.Timestamp(f"{DAY:%Y-%m-%d} {s}") for s, _, _ in rows],
        "end": [pd.Timestamp(f"{DAY:%Y-%m-%d} {e}") for _, e, _ in rows],
        "category": [c for _, _, c in rows],
        "session_start": session_start, "session_end": session_end,
    })
    return out.assign(**extra)


def test_hand_worked_session_with_a_quiet_hour():
    """Session 09:00-11:00; notes 09:00-09:30 interrupted by a call, admin 10:30-11:00
    interrupted by a call; a 10-minute email 10:35-10:45 inside the admin.

    Observed: 2 hours (09:30-10:30 is quiet but observed). Interruptions 2 / 2 h = 1.0 an
    hour (the old code: 2 / 1 h = 2.0). Multitasking: 10 of 120 minutes (old: 10 of 60).
    Levels: 60 minutes with nothing recorded, 50 with one task, 10 with two. Switches:
    notes -> admin -> email, 2 in 2 hours = 1.0 an hour (old 2.0).
    """
    eps = _eps([("09:00", "09:30", "notes"), ("10:30", "11:00", "admin"),
                ("10:35", "10:45", "email")],
               interrupted_by=["call", "call", None])
    r = interruptions(eps)
    assert r.per_hour == pytest.approx(1.0)
    assert r.table.loc["all", "hours"] == pytest.approx(2.0)
    assert r.by_stream[["hours", "interruptions_per_hour"]].values.tolist() == [[2.0, 1.0]]
    # per label the hours are the label's own time: notes 0.5 h, 1 interruption
    assert r.table.loc["notes", "interruptions_per_hour"] == pytest.approx(2.0)
    m = multitasking(eps, method="overlap")
    assert m.totals[["observed_min", "multitasking_min"]].iloc[0].tolist() == [120.0, 10.0]
    assert m.share == pytest.approx(10 / 120)
    assert m.levels["minutes"].to_dict() == {0: 60.0, 1: 50.0, 2: 10.0}
    assert m.levels["share_of_observed"].sum() == pytest.approx(1.0)
    assert m.table.loc["notes", "share_of_observed"] == pytest.approx(30 / 120)
    tr = transitions(eps)
    assert tr.rates[["switches", "hours", "switches_per_hour"]].iloc[0].tolist() == [2.0, 2.0, 1.0]


def test_without_a_recorded_end_the_tasks_are_the_time_observed():
    """No session_end (blank), or no session columns at all, or equal start and end: the
    span is unknown and the observed time is the union of the tasks, as documented
    (2 interruptions in 1 hour)."""
    rows = [("09:00", "09:30", "notes"), ("10:30", "11:00", "admin")]
    for eps in (_eps(rows, session_end=""), _eps(rows, session_end=None),
                _eps(rows).drop(columns=["session_start", "session_end"]),
                _eps(rows, session_end="09:00:00")):
        r = interruptions(eps.assign(interrupted_by=["call", "call"]))
        assert r.per_hour == pytest.approx(2.0)


def test_session_past_midnight():
    """Session 23:00-01:00 whose only task is 00:10-00:40 the next day: the span starts
    at 23:00 the evening before (the day nearest the first task), 120 minutes observed,
    90 of them quiet; 1 interruption in 2 hours = 0.5 an hour."""
    eps = pd.DataFrame({
        "worker_id": "W1", "session_id": "S1", "category": "notes",
        "start": [pd.Timestamp("2026-03-10 00:10")], "end": [pd.Timestamp("2026-03-10 00:40")],
        "session_start": "23:00:00", "session_end": "01:00:00", "interrupted_by": "call",
    })
    assert interruptions(eps).per_hour == pytest.approx(0.5)
    assert multitasking(eps).totals["observed_min"].iloc[0] == pytest.approx(120.0)


def test_two_sessions_of_one_person_count_shared_time_once():
    """O1 shadows W1 09:00-11:00 (task 09:00-09:30), O2 10:00-12:00 (task 11:30-12:00).
    Their tasks do not overlap, so they are not a pair, but their spans share 10:00-11:00:
    it is counted once, from O1's session (started first). Observed: O1 2 h (1.5 quiet),
    O2 10:00-12:00 less 10:00-11:00 = 1 h (0.5 quiet); 3 hours in all = 09:00-12:00."""
    o1 = _eps([("09:00", "09:30", "notes")]).assign(observer="O1")
    o2 = _eps([("11:30", "12:00", "admin")], session_start="10:00", session_end="12:00")
    eps = pd.concat([o1, o2.assign(observer="O2", session_id="S2")], ignore_index=True)
    r = interruptions(eps.assign(interrupted_by=None))
    assert r.by_stream["hours"].tolist() == [2.0, 1.0]
    s = observation_study(eps)
    assert s.summary().loc["observed_hours", "value"] == pytest.approx(3.0)


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 60), st.integers(1, 180),
       st.lists(st.tuples(st.integers(-30, 240), st.integers(0, 60)), min_size=1, max_size=6))
def test_observed_time_is_the_span_and_the_tasks_together(lo, length, tasks):
    """Property: with one session, the observed minutes are those of the union of the
    session span and the tasks, counted on a minute grid by brute force."""
    t0 = DAY + pd.Timedelta(hours=8)
    start = [t0 + pd.Timedelta(minutes=s) for s, _ in tasks]
    end = [t0 + pd.Timedelta(minutes=s + d) for s, d in tasks]
    span_lo, span_hi = t0 + pd.Timedelta(minutes=lo), t0 + pd.Timedelta(minutes=lo + length)
    eps = pd.DataFrame({"worker_id": "W1", "session_id": "S1", "category": "x",
                        "start": start, "end": end,
                        "session_start": span_lo.strftime("%H:%M:%S"),
                        "session_end": span_hi.strftime("%H:%M:%S")})
    grid = np.zeros(24 * 60, bool)
    grid[480 + lo: 480 + lo + length] = True
    for s, d in tasks:
        grid[480 + s: 480 + s + d] = True
    observed = multitasking(eps).totals["observed_min"].iloc[0]
    assert observed == pytest.approx(grid.sum())
    r = transitions(eps)
    assert r.rates["hours"].iloc[0] == pytest.approx(grid.sum() / 60)
