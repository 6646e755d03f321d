"""Older WOMBAT exports (``Observer``, ``Participant ID``, ``Duration``; no session start or
end): tasks after midnight are on the next day, as the task before them says.

The export carries only a ``session date`` and clock times without a date. No vendor
documentation of the export's columns was found (searched: the docs and pages corpora;
WOMBAT's own pages, https://www.mq.edu.au/research/research-centres-groups-and-facilities/
healthy-people/centres/australian-institute-of-health-innovation/our-projects/wombat/
more-about-wombat, say only that data are downloaded "in .csv format"); in the real exports
read (tests/ingest/conformance/README.md) ``session date`` is the date the observation
session started, and an analyst rewrote a session end after midnight as ``24:36:20`` by
hand. So a task whose start steps back past midnight from the task before it is on the
next calendar day, the same diary day.
"""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from timestudy import read_diary

T = pd.Timestamp
HEAD = (
    "Observer,Session ID,Participant ID,Session Date,Task ID,Start Time,End Time,Duration,"
    "What (Work Tasks),What (Work Tasks) (subcategories),Where,Comments,Multi With,"
    "Interrupted By\n"
)


def _read(tmp_path, rows: list[tuple], session: str = "S1"):
    lines = [
        f"OBS1,{session},SW04,01-Apr-2025,{k + 1},{start},{end},{took},Travel,0,Car,,,\n"
        for k, (start, end, took) in enumerate(rows)
    ]
    path = tmp_path / "wombat.csv"
    path.write_text(HEAD + "".join(lines))
    return read_diary(path, warn=False)


def test_tasks_after_midnight_follow_the_task_before_them(tmp_path):
    """The audit's file (w2.csv): tasks 3 and 4 were put on 1 April 00:10 and 00:30 (diary
    day 31 March), 24 hours before task 2, which ends at 00:10 on 2 April."""
    result = _read(tmp_path, [
        ("23:40:00", "23:55:00", "00:15:00"),
        ("23:55:00", "00:10:00", "00:15:00"),
        ("00:10:00", "00:30:00", "00:20:00"),
        ("00:30:00", "00:30:00", "00:00:00"),
    ])
    eps = result.episodes.sort_values("source_row")
    assert eps["start"].tolist() == [T("2025-04-01 23:40"), T("2025-04-01 23:55"),
                                     T("2025-04-02 00:10"), T("2025-04-02 00:30")]
    assert eps["end"].tolist() == [T("2025-04-01 23:55"), T("2025-04-02 00:10"),
                                   T("2025-04-02 00:30"), T("2025-04-02 00:30")]
    assert eps["diary_date"].unique().tolist() == [T("2025-04-01")]
    assert eps["duration_min"].tolist() == [15.0, 15.0, 20.0, 0.0]
    assert result.report.n_rejected == 0
    rolled = result.report.details["tasks_after_midnight"]
    assert (rolled["count"], rolled["first"]) == (2, ["3", "4"])  # listed, so it is seen
    flagged = eps["flags"].astype(str).str.contains("next_day_by_order").tolist()
    assert flagged == [False, False, True, True]  # and each such row flagged


def test_task_order_not_file_order_decides(tmp_path):
    """Rows written in another order are placed by their task number."""
    result = _read(tmp_path, [
        ("23:40:00", "23:55:00", "00:15:00"),
        ("23:55:00", "00:10:00", "00:15:00"),
        ("00:10:00", "00:30:00", "00:20:00"),
    ])
    path = tmp_path / "wombat.csv"
    head, *rows = path.read_text().splitlines(keepends=True)
    path.write_text(head + rows[2] + rows[0] + rows[1])
    shuffled = read_diary(path, warn=False)
    assert sorted(shuffled.episodes["start"]) == sorted(result.episodes["start"])


def test_a_day_session_moves_nothing(tmp_path):
    """A task a little before the one listed before it (steps back 5 minutes) stays on the
    session date; so does a session starting after midnight."""
    result = _read(tmp_path, [
        ("09:00:00", "09:30:00", "00:30:00"),
        ("09:25:00", "09:40:00", "00:15:00"),
        ("08:50:00", "09:00:00", "00:10:00"),
    ])
    assert result.episodes.sort_values("source_row")["start"].tolist() == [
        T("2025-04-01 09:00"), T("2025-04-01 09:25"), T("2025-04-01 08:50")]
    early = _read(tmp_path, [("00:20:00", "00:40:00", "00:20:00"),
                             ("00:40:00", "01:00:00", "00:20:00")])
    assert early.episodes["start"].dt.date.unique().tolist() == [T("2025-04-01").date()]
    assert "tasks_after_midnight" not in early.report.details


def test_sessions_are_separate(tmp_path):
    """A new session starts again on its own date: its 00:10 is not rolled by another
    session's 23:55."""
    result = _read(tmp_path, [("23:55:00", "00:05:00", "00:10:00")], session="S1")
    path = tmp_path / "wombat.csv"
    path.write_text(path.read_text()
                    + "OBS1,S2,SW05,01-Apr-2025,1,00:10:00,00:20:00,00:10:00,Travel,0,Car,,,\n")
    both = read_diary(path, warn=False).episodes.sort_values("source_row")
    assert both["start"].tolist() == [T("2025-04-01 23:55"), T("2025-04-01 00:10")]
    assert result.report.n_rejected == 0


@settings(deadline=None, max_examples=30)
@given(st.integers(0, 1439), st.lists(st.integers(0, 90), min_size=1, max_size=8))
def test_back_to_back_tasks_run_forward_across_midnight(tmp_path_factory, first, lengths):
    """Tasks back to back from any start: each starts where the one before ended, whatever
    day that is, and minutes in = minutes accepted."""
    rows, at = [], first
    for took in lengths:
        rows.append((f"{at // 60 % 24:02d}:{at % 60:02d}:00",
                     f"{(at + took) // 60 % 24:02d}:{(at + took) % 60:02d}:00",
                     f"{took // 60:02d}:{took % 60:02d}:00"))
        at += took
    result = _read(tmp_path_factory.mktemp("w"), rows)
    eps = result.episodes.sort_values("source_row")
    day = T("2025-04-01")
    expected = [day + pd.Timedelta(minutes=first + sum(lengths[:k])) for k in range(len(rows))]
    assert eps["start"].tolist() == expected
    assert eps["duration_min"].sum() == pytest.approx(sum(lengths))


def test_a_long_gap_forward_does_not_fold_back(tmp_path):
    """A session of 08:00-08:30, 21:00-21:30, 23:50-00:10 and 00:20-00:40: the 12.5-hour
    gap forward to 21:00 is a gap, not a step back, so the last task is on the next day
    (review of 2026-12-04: the gap was folded back and 00:20 put before 08:00)."""
    result = _read(tmp_path, [
        ("08:00:00", "08:30:00", "00:30:00"),
        ("21:00:00", "21:30:00", "00:30:00"),
        ("23:50:00", "00:10:00", "00:20:00"),
        ("00:20:00", "00:40:00", "00:20:00"),
    ])
    eps = result.episodes.sort_values("source_row")
    assert eps["start"].tolist() == [T("2025-04-01 08:00"), T("2025-04-01 21:00"),
                                     T("2025-04-01 23:50"), T("2025-04-02 00:20")]
    assert eps["duration_min"].sum() == 100.0
