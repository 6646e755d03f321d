"""Harvest's start and end times read within the Date, its Hours cross-checked against
them (fix36x).

An account with timestamps on records each entry's "Started-At: Start timestamp of timer
(if timestamps are enabled)" and "Ended-At"
(https://help.getharvest.com/api-v1/reports-api/reports/time-reports/); ``Hours`` are
decimal hours ("in decimal form ... 7.5, 3, 9.9",
https://support.getharvest.com/hc/en-us/articles/360048685111-Importing-and-exporting-data).
"""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest

import timestudy

HARVEST = Path(__file__).resolve().parent / "conformance" / "harvest"
FILE, MAPPING = HARVEST / "timestamps.csv", HARVEST / "timestamps.mapping.yaml"


def _read(path: Path, **how) -> timestudy.ingest.IngestResult:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return timestudy.read_diary(path, warn=False, **how)


def _said(result) -> dict:
    return {w["code"]: w for w in result.report.details.get("warnings", [])}


def test_times_are_read_and_hours_checked_against_them():
    """Before: Started At and Ended At were dropped in silence, every row placed from
    04:00 and flagged time_of_day_unknown, 304.8 min accepted and nothing cross-checked.
    Now the entries keep their times (Ann Lee 22:30 to 00:15 the next day, 105 min), the
    0.5 h written for 11:00am-11:45am is counted (30 min) and flagged duration_mismatch,
    the warning giving both (30 counted, 45 on the clock); the entry with no times is
    rejected (60 min) and counted in harvest_clock_times: 244.8 + 60 = 304.8."""
    result = _read(FILE, mapping=MAPPING)
    eps = result.episodes.set_index("source_row")
    assert result.report.layout == "split"
    assert str(eps.loc[5, "end"]) == "2026-11-03 00:15:00"
    assert eps.loc[3, "duration_min"] == pytest.approx(30.0)
    assert "time_of_day_unknown" not in ";".join(eps["flags"].fillna(""))
    said = _said(result)
    assert said["harvest_clock_times"]["untimed_rows"] == 1
    assert "'Hours' is counted" in said["harvest_clock_times"]["message"]
    assert (said["duration_mismatch"]["minutes_counted"],
            said["duration_mismatch"]["minutes_clock"]) == (30.0, 45.0)
    account = result.report.details["minutes"]
    assert (account["minutes_accepted"], account["minutes_rejected"]) == (
        pytest.approx(244.8), pytest.approx(60.0))


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
