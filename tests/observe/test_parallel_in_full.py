"""Parallel tasks (WOMBAT's *multi with*) count their own minutes in full.

Defect: the time budget and the tempogram took each minute once (ingest's
``counted_min``), so a task recorded as parallel with a longer one that started first
got none of its time: a phone call 09:15-09:45 done while writing notes 09:00-10:00
counted 0 minutes. WOMBAT counts each parallel task in full for its own task's time
(shares may pass 100%), as the multitasking table does; the budget's ``all`` row and the
tempogram's denominator stay the time observed, counted once.
"""

from __future__ import annotations

import pytest
from _wombat_export import export, session

from timestudy import read_diary
from timestudy.observe import tempogram, time_budget

NOTES = dict(what="Documentation", sub="Case notes")
PHONE = dict(what="Communication", sub="Phone call")
TALK = dict(what="Communication", sub="Colleague")


def _study():
    """Session 1 (P1): notes 09:00-10:00 with a call 09:15-09:45 and a talk 09:30-09:40,
    all three recorded as parallel. Session 2 (P2): notes 09:00-09:30 alone."""
    rows = session("03-Apr-2025", "102", "1005", "QEH", "P4", "09:00", "10:00", [
        NOTES | dict(n=1, start="09:00", end="10:00", multi=[2, 3]),
        PHONE | dict(n=2, start="09:15", end="09:45", multi=[1, 3]),
        TALK | dict(n=3, start="09:30", end="09:40", multi=[1, 2]),
    ])
    rows += session("03-Apr-2025", "103", "1006", "QEH", "P5", "09:00", "09:30", [
        NOTES | dict(n=1, start="09:00", end="09:30"),
    ])
    return read_diary(export(rows), layout="wombat", warn=False).episodes


def test_budget_counts_each_parallel_task_in_full():
    """Two sessions (units). Phone: 30 min in session 1, 0 in 2: mean 15, participation
    1/2 (was 0 and 0: the notes, started first, kept the shared minutes). Talk: 10 in
    session 1: mean 5, participation 1/2. Notes: (60 + 30) / 2 = 45. ``all`` is the time
    observed, counted once: (60 + 30) / 2 = 45, so the activities' shares add up to
    (45 + 15 + 5) / 45 = 1.444, past 100%, as WOMBAT's."""
    b = time_budget(_study(), "activity").table.set_index("activity")
    assert b.loc["Communication: Phone call", "mean_min"] == pytest.approx(15.0)
    assert b.loc["Communication: Phone call", "participation"] == pytest.approx(0.5)
    assert b.loc["Communication: Colleague", "mean_min"] == pytest.approx(5.0)
    assert b.loc["Communication: Colleague", "participation"] == pytest.approx(0.5)
    assert b.loc["Documentation: Case notes", "mean_min"] == pytest.approx(45.0)
    assert b.loc["all", "mean_min"] == pytest.approx(45.0)
    assert b.loc[b.index != "all", "share_of_time"].sum() == pytest.approx(65 / 45)


def test_tempogram_counts_each_parallel_task_in_full():
    """Slot 09:15-09:30: both sessions observed (30 worker-minutes counted once). Notes 15
    + 15 = 30 of 30: 1.0; phone 15 (session 1) of 30: 0.5 (was 0). Slot 09:30-09:45: only
    session 1 (15 minutes): notes 1.0, phone 1.0, talk 10/15 = 0.667."""
    s = tempogram(_study(), "activity").shares
    assert s.loc["09:15", "Documentation: Case notes"] == pytest.approx(1.0)
    assert s.loc["09:15", "Communication: Phone call"] == pytest.approx(0.5)
    assert s.loc["09:30", "Communication: Phone call"] == pytest.approx(1.0)
    assert s.loc["09:30", "Communication: Colleague"] == pytest.approx(10 / 15)


def test_without_parallel_tasks_nothing_moves(make):
    """A call 13:00-13:15 written inside lunch 12:30-13:30 (not recorded as parallel) still
    counts once: call 15, lunch 45, all 60; slot 13:00 is the call's alone."""
    eps = make([("A", "12:30", "13:30", "lunch"), ("A", "13:00", "13:15", "call")])
    b = time_budget(eps).table.set_index("category")["mean_min"]
    assert b.to_dict() == pytest.approx({"call": 15.0, "lunch": 45.0, "all": 60.0})
    s = tempogram(eps).shares.loc["13:00"]
    assert s.to_dict() == pytest.approx({"call": 1.0, "lunch": 0.0})
