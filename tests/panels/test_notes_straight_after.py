"""Notes written straight after a piece of work, on its case and day, belong to it (the
audit's s2 and s1), before any contested split."""

from __future__ import annotations

import pandas as pd
import pytest

from timestudy.models.piece_sums import piece_sums, task_point_estimates
from timestudy.panels import pieces_of_work


def _diary(rows) -> pd.DataFrame:
    e = pd.DataFrame(rows, columns=["worker_id", "case_id", "start", "end", "task_type",
                                    "category"])
    e["start"], e["end"] = pd.to_datetime(e["start"]), pd.to_datetime(e["end"])
    return e.assign(duration_min=(e["end"] - e["start"]).dt.total_seconds() / 60)


def _s2(n_workers: int = 5) -> pd.DataFrame:
    rows = []
    for i in range(1, n_workers + 1):
        w, c = f"W{i}", f"C{i}"
        rows += [
            (w, c, "2026-10-19 09:00", "2026-10-19 10:00", "statutory_visit", "direct_work"),
            (w, c, "2026-10-19 10:00", "2026-10-19 11:00", "case_notes", "recording"),
            (w, None, "2026-10-19 11:00", "2026-10-19 17:00", "email_admin", "admin"),
            (w, c, "2026-10-20 09:00", "2026-10-20 10:30", "core_group", "direct_work"),
            (w, c, "2026-10-20 10:30", "2026-10-20 11:00", "case_notes", "recording"),
            (w, None, "2026-10-20 11:00", "2026-10-20 17:00", "email_admin", "admin")]
        rows += [(w, None, f"2026-10-{d} 09:00", f"2026-10-{d} 17:00", "email_admin", "admin")
                 for d in (21, 22, 23)]
    return _diary(rows)


def test_core_group_notes_go_to_the_core_group_not_the_visit_before():
    """s2 by hand. Monday: visit 09-10, notes 10-11; Tuesday: core group 09:00-10:30, notes
    10:30-11:00, each worker on their own case. Each day's notes follow that day's piece
    with no other case work between: the visit 60 + 60 = 120 min (2.0 h), the core group
    90 + 30 = 120 min (2.0 h). The old split learnt the core group's notes rate from notes
    nobody else could claim (none): W1's visit took 90 min of notes, core groups ~0
    (visit 2.5 h, core group 1.5 h)."""
    p = pieces_of_work(_s2())
    for task in ("statutory_visit", "core_group"):
        full = p.loc[p["task_type"] == task, "full_min"]
        assert full.tolist() == pytest.approx([120.0] * 5), task
    est = task_point_estimates(piece_sums(p))
    assert est.loc["statutory_visit", "full_hours"] == pytest.approx(2.0)
    assert est.loc["core_group", "full_hours"] == pytest.approx(2.0)
    assert p["full_min"].sum() == pytest.approx(_s2()["duration_min"].sum())


def test_identical_days_give_identical_visits():
    """s1's rhythm: one worker, a visit 10:30-11:30 then (after lunch) notes 12:30-13:30 on
    the same case each day for five days. Each day's notes follow that day's visit: every
    visit is 60 + 60 = 120 min. The old split shared each day's notes with the visits of
    the 3 working days before: 120 + 60/2 + 60/3 + ... , first visit longest, last
    shortest."""
    rows = []
    for d in range(23, 28):
        rows += [("W1", "C1", f"2026-03-{d} 10:30", f"2026-03-{d} 11:30", "statutory_visit",
                  "direct_work"),
                 ("W1", None, f"2026-03-{d} 12:00", f"2026-03-{d} 12:30", "lunch", "non_work"),
                 ("W1", "C1", f"2026-03-{d} 12:30", f"2026-03-{d} 13:30", "case_notes",
                  "recording")]
    p = pieces_of_work(_diary(rows))
    assert p.loc[p["task_type"] == "statutory_visit", "full_min"].tolist() == [120.0] * 5


def test_other_case_work_between_leaves_the_notes_contested():
    """Visit on C1 Monday; Tuesday a court statement on P1 then notes on C1 (a case-work
    sitting on another case came between): the notes are not the statement's (another case),
    nor straight after a C1 piece, so they go to Monday's visit as before (the only
    candidate). Wednesday: visit on C1, a call on C1, notes on C1: the call came between, so
    nothing is straight before the notes; both visits are candidates (the call never is)
    and split the 30 min by the visits' rate, equal for one task type: 15 each. Monday's
    visit 60 + 30 + 15 = 105 min, Wednesday's 60 + 15 = 75."""
    e = _diary([
        ("W1", "C1", "2026-03-02 09:00", "2026-03-02 10:00", "statutory_visit", "direct_work"),
        ("W1", "P1", "2026-03-03 09:00", "2026-03-03 10:00", "court_statement", "recording"),
        ("W1", "C1", "2026-03-03 10:00", "2026-03-03 10:30", "case_notes", "recording"),
        ("W1", "C1", "2026-03-04 09:00", "2026-03-04 10:00", "statutory_visit", "direct_work"),
        ("W1", "C1", "2026-03-04 10:00", "2026-03-04 10:15", "family_contact", "direct_work"),
        ("W1", "C1", "2026-03-04 10:15", "2026-03-04 10:45", "case_notes", "recording")])
    p = pieces_of_work(e).set_index(["task_type", "first_date"])
    assert p.loc[("statutory_visit", pd.Timestamp("2026-03-02")), "full_min"] == 105.0
    assert p.loc[("statutory_visit", pd.Timestamp("2026-03-04")), "full_min"] == 75.0
