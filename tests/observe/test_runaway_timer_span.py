"""A session's observed span ends where a task rejected as a runaway timer began.

Defect: ingest rejects a timer left running (WOMBAT's elapsed time of a week), but the
session kept its span to ``session end`` (the runaway's end), so hours nobody observed
counted as quiet observed time (the example export's session 20005: 11.058 hours
observed instead of 5.641, every rate per hour halved), while a session whose tasks are
all rejected is dropped. Given ingest's rejects, the span now ends at the runaway's
start, with a warning naming the session and the hours taken out (or at the last kept
task's end where tasks were recorded after the runaway began:
test_runaway_after_last_task.py).
"""

from __future__ import annotations

import pytest
from _wombat_export import export, session

from timestudy import read_diary
from timestudy.errors import DataQualityWarning
from timestudy.observe import observation_study


def _read():
    """Session 20005 (SW7) 11:00-16:27: notes 11:00-11:02, then travel 11:02-16:27 timed as
    1 week and 05:25 (rejected). Session 20006 (SW8) 09:00-10:00: notes 09:00-09:40, a call
    09:40-10:00."""
    rows = session("01-Apr-2025", "10154", "20005", "ECPC", "SW7", "11:00", "16:27", [
        dict(n=1, what="Documentation", sub="Case notes", start="11:00", end="11:02"),
        dict(n=2, what="Travel", start="11:02", end="16:27"),
    ])
    rows[1]["elapsed time"] = rows[1]["total time"] = "1 week and 05:25:00"
    rows += session("01-Apr-2025", "10155", "20006", "ECPC", "SW8", "09:00", "10:00", [
        dict(n=1, what="Documentation", sub="Case notes", start="09:00", end="09:40"),
        dict(n=2, what="Communication", sub="Phone call", start="09:40", end="10:00"),
    ])
    return read_diary(export(rows), layout="wombat", warn=False)


def test_the_span_ends_at_the_runaway_timers_start():
    """Observed: session 20005 11:00-11:02 (2 min; was to 16:27, 327 min) and 20006 60 min:
    62 min = 1.0333 h (was 387 min = 6.45 h). Switches: notes to travel is gone with the
    travel; notes to call in 20006: 1 / 1.0333 = 0.968 an hour (was 1 / 6.45 = 0.155). The
    warning names the session and 16:27 - 11:02 = 5.42 h."""
    read = _read()
    assert read.rejects[["start time", "code"]].values.tolist() == [
        ["11:02:00", "long_running_timer"]]
    before = observation_study(read.episodes, "activity").summary()["value"]
    assert before["observed_hours"] == pytest.approx(387 / 60)
    with pytest.warns(DataQualityWarning, match=r"session 20005: its span ends at 11:02:00.*5\.42 h taken out"):
        study = observation_study(read.episodes, "activity", rejects=read.rejects)
    after = study.summary()["value"]
    assert after["observed_hours"] == pytest.approx(62 / 60)
    assert after["switches_per_hour"] == pytest.approx(60 / 62)


def test_no_runaway_no_change():
    """Rejects of other codes, or none, change nothing and say nothing."""
    read = _read()
    other = read.rejects.assign(code="above_maximum")
    a = observation_study(read.episodes, "activity", rejects=other).summary()["value"]
    assert a["observed_hours"] == pytest.approx(387 / 60)
