"""An interruption written inside the row it interrupts (a layout without pause columns).

Defect: with no pause columns (TimeCaT-like canonical files, or a WOMBAT row whose
*interrupted by* has no int start / int end) the interrupted task is one row around its
interruption. Read as it was, the task counted as never resumed (its last row was
interrupted) though it ran on after the call, its time on task kept the call's
minutes, and, with no ``multitask_with`` column, the call's minutes counted as
multitasking.
"""

from __future__ import annotations

import warnings

import pytest

from timestudy import read_diary
from timestudy.observe import interruptions, multitasking

HEAD = "worker_id,observer,session_id,session_start,session_end,task_id,start,end,activity"
ROWS = [("t1", "09:00", "09:30", "Case notes"), ("t2", "09:10", "09:20", "Phone call"),
        ("t3", "10:20", "11:00", "Case notes"), ("t4", "10:30", "10:35", "Phone call")]


def _eps(tmp_path, multi: bool, call=("10:30", "10:35")):
    """Session 09:00-11:00: notes t1 09:00-09:30 with a call t2 09:10-09:20 (parallel when
    ``multi``, else a plain overlap), notes t3 10:20-11:00 interrupted by call t4
    (10:30-10:35), written inside it: the canonical layout, no pause columns."""
    rows = [*ROWS[:3], ("t4", *call, "Phone call")]
    lines = [HEAD + (",multitask_with" if multi else "") + ",interrupted_by"]
    for tid, a, b, what in rows:
        mt = {"t1": "t2", "t2": "t1"}.get(tid, "") if multi else None
        cells = ["W1", "O1", "1", "09:00:00", "11:00:00", tid, f"2025-04-01T{a}",
                 f"2025-04-01T{b}", what, *([mt] if multi else []), "t4" if tid == "t3" else ""]
        lines.append(",".join(cells))
    path = tmp_path / "timecat_like.csv"
    path.write_text("\n".join(lines) + "\n")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return read_diary(path, warn=False).episodes


def test_a_task_that_runs_on_after_its_interruption_was_resumed(tmp_path):
    """t3 10:20-11:00 holds its call 10:30-10:35 and runs on to 11:00: resumed, so never
    resumed 0 of 1 (was 1.0). Time on task leaves the interruption out: t1 30, t2 10, t3
    40 - 5 = 35, t4 5: mean (30 + 10 + 35 + 5) / 4 = 20.0 (was 21.25). The note says so."""
    r = interruptions(_eps(tmp_path, multi=True), "activity")
    assert r.table.loc["all", "share_never_resumed"] == pytest.approx(0.0)
    assert r.table.loc["all", "mean_task_min"] == pytest.approx(20.0)
    assert r.tasks["task_min"].tolist() == [30.0, 10.0, 35.0, 5.0]
    assert "1 interrupted row(s) ran around the interruption they name" in r.note


def test_an_interruption_ending_the_row_leaves_it_never_resumed(tmp_path):
    """The same call at 10:55-11:00 ends with the row: nothing of t3 after it, never resumed
    1 of 1; time on task 40 - 5 = 35."""
    r = interruptions(_eps(tmp_path, multi=True, call=("10:55", "11:00")), "activity")
    assert r.table.loc["all", "share_never_resumed"] == pytest.approx(1.0)
    assert r.tasks["task_min"].tolist()[2] == 35.0


def test_the_interruption_inside_is_not_multitasking(tmp_path):
    """No multitask_with column (derived from overlaps): the call 09:10-09:20 inside notes
    is 10 minutes of multitasking; the call 10:30-10:35 named as t3's interruption pauses
    t3, so not: 10 / 120 observed = 0.083 (was 15 / 120 = 0.125)."""
    m = multitasking(_eps(tmp_path, multi=False), "activity")
    assert m.totals["multitasking_min"].iloc[0] == pytest.approx(10.0)
    assert m.share == pytest.approx(10 / 120)
