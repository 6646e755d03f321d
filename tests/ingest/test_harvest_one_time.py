"""A Harvest entry with Hours and one of its two times alone: never dropped in silence
(fix38h).

Harvest's times are optional per entry ("Started-At: Start timestamp of timer (if
timestamps are enabled)", "Ended-At: End timestamp of timer", "Hours-With-Timer: Running
timers will return the currently tracked value in decimal time",
https://help.getharvest.com/api-v1/reports-api/reports/time-reports/; "started_time",
"ended_time": "if tracking by start/end times",
https://help.getharvest.com/api-v2/timesheets-api/timesheets/time-entries/), while
``Hours`` is always the time tracked, what Harvest's reports sum (conformance
harvest/one_time.csv: line 2 timed, line 3 Ended At alone, line 4 Started At alone,
line 5 no times).
"""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest

import timestudy

HARVEST = Path(__file__).resolve().parent / "conformance" / "harvest"


def _read():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return timestudy.read_diary(HARVEST / "one_time.csv", warn=False,
                                    mapping=HARVEST / "one_time.mapping.yaml")


def test_every_minute_is_accounted_for():
    """in 225 = accepted 90 + 30 + 45 + rejected 60 (line 4, a running timer, rejected
    running_timer with its reason, as before): no minute lost or counted twice."""
    result = _read()
    account = result.report.details["minutes"]
    assert (account["minutes_in"], account["minutes_accepted"], account["minutes_rejected"]
            ) == (pytest.approx(225.0), pytest.approx(165.0), pytest.approx(60.0))
    assert result.rejects.set_index("source_row").loc[4, "code"] == "running_timer"


def test_an_end_alone_is_counted_and_placed():
    """Line 3 (0.5 h, Ended At 11:30am alone) read as line 5 (no times): placed from 04:00
    in file order (04:00-04:30, then line 5 04:30-05:15), time_of_day_unknown."""
    eps = _read().episodes.set_index("source_row")
    assert [str(eps.loc[r, "start"])[11:16] for r in (3, 5)] == ["04:00", "04:30"]
    assert eps.loc[3, "duration_min"] == pytest.approx(30.0)
    assert "time_of_day_unknown" in eps.loc[3, "flags"]


def test_the_warning_names_the_end_not_used():
    """Before: "2 entries (75.0 minutes) have 'Hours' but no 'Started At'" and no word of
    line 3's Ended At, dropped. After: the same, and 1 entry (30 minutes) giving
    'Ended At' alone, line 3, that time not used."""
    said = {w["code"]: w for w in _read().report.details["warnings"]}["harvest_clock_times"]
    assert (said["untimed_rows"], said["untimed_minutes"]) == (2, 75.0)
    assert (said["end_alone_rows"], said["end_alone_minutes"]) == (1, 30.0)
    assert "gives 'Ended At' alone (first: line 3): that time is not used" in said["message"]
