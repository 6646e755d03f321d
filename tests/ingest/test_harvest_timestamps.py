"""Harvest's start and end times read within the Date, its Hours cross-checked against
them (fix36x); an entry with Hours and no times counted from Hours (fix36x2).

An account with timestamps on records each entry's "Started-At: Start timestamp of timer
(if timestamps are enabled)" and "Ended-At"
(https://help.getharvest.com/api-v1/reports-api/reports/time-reports/); ``Hours`` are
decimal hours ("in decimal form ... 7.5, 3, 9.9",
https://support.getharvest.com/hc/en-us/articles/360048685111-Importing-and-exporting-data).
"""

from __future__ import annotations

import json
import warnings
from pathlib import Path

import pytest

import timestudy
from timestudy.cli import main

HARVEST = Path(__file__).resolve().parent / "conformance" / "harvest"
FILE, MAPPING = HARVEST / "timed.csv", HARVEST / "timed.mapping.yaml"
MIXED = HARVEST / "timestamps.csv"  # the same entries and one with Hours and no times


def _read(path: Path, **how) -> timestudy.ingest.IngestResult:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return timestudy.read_diary(path, warn=False, **how)


def _said(result) -> dict:
    return {w["code"]: w for w in result.report.details.get("warnings", [])}


def test_times_are_read_and_hours_checked_against_them():
    """Before: Started At and Ended At were dropped in silence, every row placed from
    04:00 and flagged time_of_day_unknown, 244.8 min accepted and nothing cross-checked.
    Now the entries keep their times (Ann Lee 22:30 to 00:15 the next day, 105 min), the
    0.5 h written for 11:00am-11:45am is counted (30 min) and flagged duration_mismatch,
    the warning giving both (30 counted, 45 on the clock): 90 + 30 + 19.8 + 105 = 244.8."""
    result = _read(FILE, mapping=MAPPING)
    eps = result.episodes.set_index("source_row")
    assert result.report.layout == "split"
    assert str(eps.loc[5, "end"]) == "2026-11-03 00:15:00"
    assert eps.loc[3, "duration_min"] == pytest.approx(30.0)
    assert "time_of_day_unknown" not in ";".join(eps["flags"].fillna(""))
    said = _said(result)
    assert said["harvest_clock_times"]["untimed_rows"] == 0
    assert "'Hours' is counted" in said["harvest_clock_times"]["message"]
    assert (said["duration_mismatch"]["minutes_counted"],
            said["duration_mismatch"]["minutes_clock"]) == (30.0, 45.0)
    account = result.report.details["minutes"]
    assert (account["minutes_accepted"], account["minutes_rejected"]) == (
        pytest.approx(244.8), pytest.approx(0.0))


def test_an_entry_with_hours_and_no_times_is_counted():
    """Harvest's times are optional per entry: Ann Lee's 1.0 h on 3 November has no
    Started At or Ended At (typed in as a duration). Before (fix36x): rejected
    missing_required, in 304.8 = accepted 244.8 + rejected 60. Then (1d689f36): counted,
    but the whole report read without times (every entry placed, time_of_day_unknown).
    Now (fix37h) counted from Hours, placed from 04:00 on its date and flagged
    time_of_day_unknown, while the four timed entries keep their times (Ann's call-out
    ends 00:15 on 3 November): in 304.8 = accepted 90 + 30 + 19.8 + 105 + 60 = 304.8,
    rejected 0; harvest_clock_times says 1 entry, 60 minutes, had no times."""
    result = _read(MIXED, mapping=MAPPING)
    eps = result.episodes.set_index("source_row")
    assert eps.loc[6, ["worker_id", "duration_min"]].tolist() == ["Ann Lee", 60.0]
    assert str(eps.loc[6, "diary_date"])[:10] == "2026-11-03"
    assert result.report.layout == "split"
    unknown = eps["flags"].fillna("").str.contains("time_of_day_unknown")
    assert unknown[unknown].index.tolist() == [6]
    assert str(eps.loc[5, "end"]) == "2026-11-03 00:15:00"
    account = result.report.details["minutes"]
    assert (account["minutes_in"], account["minutes_accepted"], account["minutes_rejected"]
            ) == (pytest.approx(304.8), pytest.approx(304.8), pytest.approx(0.0))
    said = _said(result)["harvest_clock_times"]
    assert (said["untimed_rows"], said["untimed_minutes"]) == (1, 60.0)
    assert ("1 entry (60.0 minutes) has 'Hours' but no 'Started At'" in said["message"])
    assert "counted from 'Hours' with the date and no time of day" in said["message"]


def test_the_guide_counts_the_entry_without_times(tmp_path):
    """The guide on that export (Sam Jones and Ann Lee, 1.0 FTE, 37 h over 5 days): by
    hand, 304.8 min = 5.08 h over 3 worker-days (Sam 2 November; Ann 2 and 3 November),
    3 / 5 = 0.6 FTE-weeks, 5.08 / 0.6 = 8.466667 hours per FTE-week. Before (fix36x):
    the 60 min rejected and Ann's 3 November gone with it: 4.08 h / 0.4 = 10.2."""
    workers = tmp_path / "workers.csv"
    workers.write_text("worker_id,fte,contracted_hours,role,team\n"
                       "Sam Jones,1.0,37.0,social_worker,South\n"
                       "Ann Lee,1.0,37.0,social_worker,South\n")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        code = main(["guide", str(MIXED), "--mapping", str(MAPPING), "--workers",
                     str(workers), "--min-workers", "1", "--n-boot", "19", "--formats",
                     "json", "--out", str(tmp_path / "g"), "--quiet"])
    assert code == 0
    guide = json.loads((tmp_path / "g" / "guide.json").read_text(encoding="utf-8"))
    hours = guide["available_hours"]["measures"]["hours_worked_per_fte_week"]["estimate"]
    assert hours == pytest.approx(5.08 / 0.6, abs=1e-6)


def test_start_time_headers_are_read_not_refused(tmp_path):
    """The same report headed Start Time and End Time: before, refused ("required column
    worker_id is missing from this split diary": the Harvest reading was given up); now
    read as with Started At and Ended At."""
    text = FILE.read_text().replace("Started At,Ended At", "Start Time,End Time", 1)
    (tmp_path / "h.csv").write_text(text)
    result = _read(tmp_path / "h.csv", mapping=MAPPING)
    assert sorted(result.episodes["worker_id"].unique()) == ["Ann Lee", "Sam Jones"]
    assert result.episodes["duration_min"].sum() == pytest.approx(244.8)


def test_the_clock_counted_when_the_mapping_says_so(tmp_path):
    """minutes_from: clock counts 11:00am-11:45am as 45 minutes, and the warning says the
    clock is counted and Hours checked."""
    mapping = tmp_path / "m.yaml"
    mapping.write_text(MAPPING.read_text() + "minutes_from: clock\n")
    result = _read(FILE, mapping=mapping)
    eps = result.episodes.set_index("source_row")
    assert eps.loc[3, "duration_min"] == pytest.approx(45.0)
    assert "'Started At' to 'Ended At' is counted" in _said(result)["harvest_clock_times"][
        "message"]


def test_a_timer_still_running_is_rejected(tmp_path):
    """Harvest's "Started-At: Start timestamp of timer" with no "Ended-At": the timer was
    still running when the report was exported, and its Hours (0.75) are the time so far,
    as Toggl's and Clockify's running timers (rejected ``running_timer`` there). Before
    (review36x): read 10:15-11:00 as a finished entry, 45 minutes with a made-up end and no
    flag. Now rejected ``running_timer`` on ``Ended At``: 60 of 105 minutes accepted."""
    head = ("Date,Client,Project,Project Code,Task,Notes,Hours,Hours Rounded,First Name,"
            "Last Name,Started At,Ended At\n")
    path = tmp_path / "running.csv"
    path.write_text(head
                    + "2026-11-02,Evans,CP Evans,C00003,Home visit,,1.0,1.0,Sam,Jones,"
                      "9:00am,10:00am\n"
                    + "2026-11-02,Evans,CP Evans,C00003,Home visit,,0.75,0.75,Sam,Jones,"
                      "10:15am,\n")
    result = _read(path)
    assert result.rejects["code"].tolist() == ["running_timer"]
    assert result.rejects["column"].tolist() == ["Ended At"]
    assert result.rejects["source_row"].tolist() == [3]
    account = result.report.details["minutes"]
    assert (account["minutes_accepted"], account["minutes_rejected"]) == (
        pytest.approx(60.0), pytest.approx(45.0))
