"""Only the time after a session's last recorded task that a runaway timer alone covers is cut.

Defect (review25a, ``runaway.py``): a session 09:00-12:00 with a call timer left running from
09:30 (rejected) and tasks recorded to 12:00 had its span cut at 09:30: the warning said
"2.50 h taken out" while observed hours went from 3.0 to 2.833 (the tasks after 09:40 still
counted, the 09:30-09:40 call did not), and switches per hour were 2 / 2.833 = 0.706 where
2 / 3 = 0.667. The observer was watching while tasks went on being recorded: the span now
ends at the later of the runaway's start and the last kept task's end, and the warning gives
the hours that takes out.
"""

from __future__ import annotations

import warnings

import pytest
from _wombat_export import export, session

from timestudy import read_diary
from timestudy.errors import DataQualityWarning
from timestudy.observe import observation_study
from timestudy.schema import EXAMPLES


def _read(tasks):
    """Session 20005 (SW7) 09:00-12:00 with ``tasks``; task 2 is a phone call 09:30-09:40 whose
    timer was left running (1 week and 00:10), rejected."""
    rows = session("01-Apr-2025", "10154", "20005", "ECPC", "SW7", "09:00", "12:00", tasks)
    rows[1]["elapsed time"] = rows[1]["total time"] = "1 week and 00:10:00"
    read = read_diary(export(rows), layout="wombat", warn=False)
    assert read.rejects[["start time", "code"]].values.tolist() == [
        ["09:30:00", "long_running_timer"]]
    return read


def _study(read):
    with warnings.catch_warnings(record=True) as told:
        warnings.simplefilter("always")
        study = observation_study(read.episodes, "activity", rejects=read.rejects,
                                  min_workers=1)
    cut = [str(w.message) for w in told if "taken out" in str(w.message)]
    return study.summary()["value"], cut


NOTES = dict(what="Documentation", sub="Case notes")
CALL = dict(what="Communication", sub="Phone call")


def test_tasks_recorded_to_the_sessions_end_take_nothing_out():
    """Notes 09:00-09:30, the runaway call 09:30-09:40, notes 09:40-11:00, a call 11:00-11:20,
    notes 11:20-12:00. The last kept task ends at 12:00, the session's end: max(09:30, 12:00)
    = 12:00, nothing taken out and nothing said. Observed 09:00-12:00 = 3.0 h (was 0.5 h of
    span to 09:30 + the tasks 09:40-12:00, 2.333 h = 2.833 h); switches notes -> call -> notes
    = 2 (notes 09:00-09:30 to notes 09:40 is none), 2 / 3 = 0.667 an hour (was 2 / 2.833 =
    0.706), as without the rejects."""
    read = _read([
        dict(n=1, start="09:00", end="09:30", **NOTES),
        dict(n=2, start="09:30", end="09:40", **CALL),
        dict(n=3, start="09:40", end="11:00", **NOTES),
        dict(n=4, start="11:00", end="11:20", **CALL),
        dict(n=5, start="11:20", end="12:00", **NOTES),
    ])
    value, cut = _study(read)
    assert cut == []
    assert value["observed_hours"] == pytest.approx(3.0)
    assert value["switches_per_hour"] == pytest.approx(2 / 3)


def test_the_span_ends_at_the_last_kept_tasks_end_after_the_runaway():
    """Notes 09:00-09:30, the runaway call 09:30-09:40, notes 09:40-10:30, a call 10:30-11:00;
    nothing after 11:00 but the runaway timer. Cut at max(09:30, 11:00) = 11:00: 12:00 - 11:00
    = 1.00 h taken out (the old rule said 2.50 h). Observed 09:00-11:00 = 2.0 h (was 0.5 h +
    the tasks 09:40-11:00, 1.333 h = 1.833 h); one switch (notes -> call), 1 / 2 = 0.5 an hour
    (was 1 / 1.833 = 0.545)."""
    read = _read([
        dict(n=1, start="09:00", end="09:30", **NOTES),
        dict(n=2, start="09:30", end="09:40", **CALL),
        dict(n=3, start="09:40", end="10:30", **NOTES),
        dict(n=4, start="10:30", end="11:00", **CALL),
    ])
    value, cut = _study(read)
    assert len(cut) == 1
    assert "session 20005: its span ends at 11:00:00, where its last task kept ended" in cut[0]
    assert "from 09:30:00" in cut[0] and "(1.00 h taken out)" in cut[0]
    assert value["observed_hours"] == pytest.approx(2.0)
    assert value["switches_per_hour"] == pytest.approx(0.5)


def test_example_export_session_20005_still_cut_after_its_first_task():
    """The example export's session 20005 runs 11:00:00-16:27:07: notes 11:00:00-11:02:08, then
    travel from 11:02:08 timed as 1 week and 05:24:59 (rejected). Cut at max(11:02:08,
    11:02:08) = 11:02:08: 16:27:07 - 11:02:08 = 5 h 24 min 59 s = 5.42 h taken out (the old
    rule, reading the rejected row's start as 11:00:00, said 11:00:00 and 5.45 h). Observed:
    11.0575 h uncut - 20005's span 5 h 27 min 07 s (5.45194 h) + its 2 min 08 s (0.03556 h)
    = 5.64111 h, as before."""
    read = read_diary(EXAMPLES / "wombat_export.csv", layout="wombat", warn=False)
    value, cut = _study(read)
    assert value["observed_hours"] == pytest.approx(11.0575 - 5.451944 + 0.035556, abs=1e-5)
    assert value["observed_hours"] == pytest.approx(5.641111, abs=1e-5)
    assert len(cut) == 1
    assert "session 20005: its span ends at 11:02:08" in cut[0]
    assert "(5.42 h taken out)" in cut[0]


def test_a_runaway_after_the_last_task_still_cuts_at_its_start():
    """Notes 09:00-09:30, the runaway call from 09:30: nothing kept after 09:30. Cut at
    max(09:30, 09:30) = 09:30, 2.50 h taken out, observed 0.5 h: the rule for a timer left
    running at the end is unchanged."""
    read = _read([
        dict(n=1, start="09:00", end="09:30", **NOTES),
        dict(n=2, start="09:30", end="09:40", **CALL),
    ])
    with pytest.warns(DataQualityWarning, match=r"ends at 09:30:00, where a task rejected as "
                      r"a timer left running began \(2\.50 h taken out\)"):
        value = observation_study(read.episodes, "activity", rejects=read.rejects,
                                  min_workers=1).summary()["value"]
    assert value["observed_hours"] == pytest.approx(0.5)


def test_across_midnight_the_last_task_is_read_on_the_sessions_night():
    """Session 22:30-01:00: notes 22:30-23:00, the runaway call from 23:00 (1 week and
    00:10), notes 23:10-00:20 (ending the next day). Cut at max(23:00, 00:20) = 00:20, 01:00
    - 00:20 = 40 min = 0.67 h taken out; observed 22:30-00:20 = 110 min = 1.833 h (the old
    rule: 30 min of span + the notes 23:10-00:20, 70 min = 1.667 h)."""
    rows = session("01-Apr-2025", "10154", "20002", "ECPC", "SW7", "22:30", "01:00", [
        dict(n=1, start="22:30", end="23:00", **NOTES),
        dict(n=2, start="23:00", end="23:10", **CALL),
        dict(n=3, start="23:10", end="00:20", **NOTES),
    ])
    rows[1]["elapsed time"] = rows[1]["total time"] = "1 week and 00:10:00"
    value, cut = _study(read_diary(export(rows), layout="wombat", warn=False))
    assert len(cut) == 1 and "ends at 00:20:00" in cut[0] and "(0.67 h taken out)" in cut[0]
    assert value["observed_hours"] == pytest.approx(110 / 60)
