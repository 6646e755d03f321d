"""WOMBAT tasks with recorded ids: one task whatever the pause; sources by label (audit 5, 1 and 4)."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from timestudy.observe import interruptions

DAY = "2025-04-15"


def wombat(rows) -> pd.DataFrame:
    """Episodes as the WOMBAT reader gives them: one row per active fragment.

    Rows are ``(task_id, start, end, activity_code, interrupted_by)``, one session.
    """
    t = lambda c: pd.Timestamp(f"{DAY} {c}")  # noqa: E731
    return pd.DataFrame(
        {
            "worker_id": "60001/P1",
            "session_id": "60001",
            "task_id": [r[0] for r in rows],
            "start": [t(r[1]) for r in rows],
            "end": [t(r[2]) for r in rows],
            "activity_code": [r[3] for r in rows],
            "interrupted_by": pd.array([r[4] for r in rows], dtype="string"),
        }
    )


# Audit 5's study_d: one session 09:00-12:00, 7 recorded tasks.
STUDY_D = [
    ("T1", "09:00", "09:10", "Documentation", "T2"),  # paused 09:10-09:50 for a meeting
    ("T2", "09:10", "09:50", "Meeting", None),
    ("T1", "09:50", "10:30", "Documentation", None),
    ("T3", "10:30", "10:35", "Communication", "T4"),  # email, two pauses
    ("T4", "10:35", "10:40", "Communication", None),
    ("T3", "10:40", "10:45", "Communication", "T5"),
    ("T5", "10:45", "10:50", "Communication", None),
    ("T3", "10:50", "11:00", "Communication", None),
    ("T6", "11:00", "11:30", "Documentation", "T7"),  # interrupted by travel, never resumed
    ("T7", "11:30", "12:00", "Travel", None),
]


def test_study_d_by_hand():
    """Audit 5's study_d, worked by hand.

    7 recorded tasks. T1 is one task of 10 + 40 = 50 minutes although its pause (40
    min) is over resume_within (30): the export records the resumption. Interrupted
    tasks: T1, T3 (twice), T6: 3 of 7 = 0.4286 (the old code split T1 in two: 8 tasks,
    0.375). Never resumed: T6 only, 1 of 3 (was 2 of 3). Mean time on task 180 / 7 =
    25.71 (was 22.5); interrupted tasks (50 + 20 + 30) / 3 = 33.33 (was 20.0).
    """
    r = interruptions(wombat(STUDY_D), by="activity_code")
    total = r.table.loc["all"]
    assert total["tasks"] == 7
    assert total["interrupted_tasks"] == 3
    assert total["interruptions"] == 4
    assert total["share_interrupted"] == pytest.approx(3 / 7)
    assert total["share_never_resumed"] == pytest.approx(1 / 3)
    assert total["mean_task_min"] == pytest.approx(180 / 7)
    assert r.durations.loc["interrupted", "mean_min"] == pytest.approx(100 / 3)
    t1 = r.tasks.set_index(r.tasks["start"].dt.strftime("%H:%M")).loc["09:00"]
    assert (t1["parts"], t1["task_min"], bool(t1["never_resumed"])) == (2, 50.0, False)
    assert sorted(r.resumption_lag_min.tolist()) == [5.0, 5.0, 40.0]


def test_study_d_sources_by_label():
    """Interruptions come from: Communication (T4, T5), Meeting (T2), Travel (T7).

    The old table had a row per task id (T2, T4, T5, T7), a share of 1/4 each.
    """
    r = interruptions(wombat(STUDY_D), by="activity_code")
    assert r.sources["interruptions"].to_dict() == {"Communication": 2, "Meeting": 1, "Travel": 1}
    assert r.sources.loc["Communication", "share"] == pytest.approx(0.5)


def test_source_naming_no_task_is_kept_as_written():
    """A source that is not a task id of the stream ('phone') stays as written."""
    rows = [("T1", "09:00", "09:10", "Documentation", "phone"),
            ("T1", "09:20", "09:30", "Documentation", None)]
    r = interruptions(wombat(rows), by="activity_code")
    assert r.sources.index.tolist() == ["phone"]
    assert r.table.loc["all", "tasks"] == 1


def test_inferred_resumption_still_bounded(make):
    """Without task ids a resumption is inferred, so resume_within still bounds it.

    Notes 09:00-09:10 interrupted by a call, notes again at 09:50 (40 min later): with
    resume_within=30 two tasks of notes (the first never resumed), with None one task.
    """
    eps = make(
        [("A", "09:00", "09:10", "recording"), ("A", "09:10", "09:50", "admin"),
         ("A", "09:50", "10:30", "recording")],
        activity=["notes", "meeting", "notes"], interrupted_by=["meeting", None, None],
    )
    assert interruptions(eps).table.loc["all", "tasks"] == 3
    assert interruptions(eps, resume_within=None).table.loc["all", "tasks"] == 2


@settings(max_examples=40, deadline=None)
@given(
    pause=st.integers(1, 600),
    resume_within=st.one_of(st.none(), st.floats(0, 120)),
)
def test_recorded_task_is_one_task_whatever_the_pause(pause, resume_within):
    """A task paused for any length (and any resume_within) is one task of its active time."""
    end = pd.Timestamp(f"{DAY} 09:10") + pd.Timedelta(minutes=pause)
    rows = [("T1", "09:00", "09:10", "Documentation", "T2"),
            ("T2", "09:10", end.strftime("%H:%M"), "Meeting", None),
            ("T1", end.strftime("%H:%M"), (end + pd.Timedelta(minutes=20)).strftime("%H:%M"),
             "Documentation", None)]
    r = interruptions(wombat(rows), by="activity_code", resume_within=resume_within)
    assert r.table.loc["all", "tasks"] == 2
    assert r.table.loc["all", "share_never_resumed"] == 0
    notes = r.tasks[r.tasks["activity_code"] == "Documentation"].iloc[0]
    assert notes["task_min"] == pytest.approx(30)
