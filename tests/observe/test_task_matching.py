"""Task-pair agreement matches whole tasks, not the fragments of a paused task (audit 5,
defect 2)."""

from __future__ import annotations

import pandas as pd
import pytest
from _wombat_export import export, session
from hypothesis import given, settings
from hypothesis import strategies as st

from timestudy import read_diary
from timestudy.observe import observer_agreement


def _pair_of_study_a() -> pd.DataFrame:
    """Audit 5's study_a, pair 30001/30002 (observers 501 and 502 of QEH/P1, 09:00-12:00)."""
    rows = session("07-Apr-2025", "501", "30001", "QEH", "P1", "09:00", "12:00", [
        dict(n=1, what="Documentation", sub="Case notes", start="09:00", end="09:40",
             pauses=[(2, "09:10", "09:20")]),
        dict(n=2, what="Communication", sub="Phone call", start="09:10", end="09:20",
             pauses=[(3, "09:14", "09:16")], interrupting=True),
        dict(n=3, what="Communication", sub="Colleague", start="09:14", end="09:16",
             interrupting=True),
        dict(n=4, what="Meeting", sub="Core group", start="09:40", end="10:40", multi=[5]),
        dict(n=5, what="Documentation", sub="Case notes", start="10:00", end="10:20",
             multi=[4]),
        dict(n=6, what="Travel", start="10:40", end="11:00"),
        dict(n=7, what="Direct", sub="Home visit", start="11:00", end="12:00"),
    ])
    rows += session("07-Apr-2025", "502", "30002", "QEH", "P1", "09:00", "12:00", [
        dict(n=1, what="Documentation", sub="Case notes", start="09:00", end="09:40",
             pauses=[(2, "09:10", "09:20")]),
        dict(n=2, what="Communication", sub="Phone call", start="09:10", end="09:20",
             interrupting=True),
        dict(n=3, what="Meeting", sub="Core group", start="09:42", end="10:40", multi=[4]),
        dict(n=4, what="Documentation", sub="Case notes", start="10:00", end="10:20",
             multi=[3]),
        dict(n=5, what="Travel", start="10:40", end="11:00"),
        dict(n=6, what="Direct", sub="Home visit", start="11:00", end="12:00"),
    ])
    return read_diary(export(rows), layout="wombat", warn=False).episodes


def test_paused_tasks_match_as_whole_tasks():
    """A records 7 tasks (9 fragments), B 6. Whole tasks match 6 to 6 (A's colleague call,
    inside A's phone call, is unmatched): case notes 09:00-09:40 both (30 min on task each),
    phone call 09:10-09:20 both (A 8 min: paused 2; B 10), meeting A 09:40, B 09:42 to 10:40
    (60, 58), case notes 10:00-10:20 (20, 20), travel (20, 20), visit (60, 60).
    Start gaps 0, 0, 120, 0, 0, 0 s: mean abs 20 s; end gaps all 0.
    CCC of (30,30),(8,10),(60,58),(20,20),(20,20),(60,60): means 33 and 33, variances
    (over n) 2430/6 = 405 and 2230/6 = 371.67, covariance 2326/6 = 387.67:
    2 * 387.67 / (405 + 371.67 + 0) = 0.99828.
    The old code matched A's 09:10-09:14 fragment to B's whole call (end gap 360 s):
    tasks_a 9, mean abs end gap 51.43 s, CCC 0.99323."""
    r = observer_agreement(_pair_of_study_a(), "activity_code")
    row = r.pairs.iloc[0]
    assert (row["tasks_a"], row["tasks_b"], row["matched"]) == (7, 6, 6)
    assert row["mean_abs_start_gap_s"] == pytest.approx(20.0)
    assert row["mean_abs_end_gap_s"] == pytest.approx(0.0)
    assert r.matches["minutes_a"].tolist() == pytest.approx([30, 8, 60, 20, 20, 60])
    assert r.matches["minutes_b"].tolist() == pytest.approx([30, 10, 58, 20, 20, 60])
    assert r.stats.loc["duration_ccc", "estimate"] == pytest.approx(0.99828, abs=5e-6)
    assert r.stats.loc["task_pairs", ["n", "excluded"]].tolist() == [6.0, 1.0]
    episodes = observer_agreement(_pair_of_study_a(), "activity_code", task=None)
    assert episodes.pairs.iloc[0]["tasks_a"] == 9  # each fragment alone, as before


@st.composite
def _tasks(draw):
    """Back-to-back tasks of W1 (minutes from 09:00), some paused in the middle."""
    rows, at = [], 0
    for k in range(draw(st.integers(1, 6))):
        length = draw(st.integers(4, 60))
        pause = draw(st.one_of(st.none(), st.integers(1, length - 3)))
        rows.append((k, at, at + length, draw(st.sampled_from("abc")), pause))
        at += length
    return rows


@settings(max_examples=30, deadline=None)
@given(_tasks())
def test_pausing_a_task_does_not_unmatch_it(rows):
    """A records each task, some paused for 1 minute (two fragments); B records the same
    tasks unpaused: every task matches, with no timing gaps, and A's time on task is B's
    less a minute per pause."""
    day = pd.Timestamp("2026-03-09 09:00")
    a, b = [], []
    for k, lo, hi, cat, pause in rows:
        b.append((k, lo, hi, cat))
        a += [(k, lo, lo + pause, cat), (k, lo + pause + 1, hi, cat)] if pause else [
            (k, lo, hi, cat)]

    def frame(part):
        return pd.DataFrame({"worker_id": "W1", "category": [r[3] for r in part],
                             "task_id": [f"T{r[0]}" for r in part],
                             "start": [day + pd.Timedelta(minutes=r[1]) for r in part],
                             "end": [day + pd.Timedelta(minutes=r[2]) for r in part]})

    r = observer_agreement(frame(a), other=frame(b))
    assert len(r.matches) == len(rows)
    assert (r.matches[["start_gap_s", "end_gap_s"]] == 0).all().all()
    less = [1 if pause else 0 for *_, pause in rows]
    assert (r.matches["minutes_b"] - r.matches["minutes_a"]).tolist() == pytest.approx(less)
