"""A decimal-hour duration among minute durations is named line by line, never changed.

Audit 7 (A5), s4_onehour.csv (``;``-separated, decimal commas): six entries of W1 on
09/03/2026, durations 60, 1,5, 45, 30, 0,75, 60 with starts 09:00, 10:00, 11:30, 12:15,
12:45, 13:30. The column reads as minutes (three entries end exactly at the next start read
as minutes), so the column-level check stays quiet, and ``1,5`` and ``0,75`` were read as
1.5 and 0.75 minutes with no warning: 197.25 minutes in all. Their next starts are exactly
90 and 45 minutes later: read as hours, the file holds 60 + 90 + 45 + 30 + 45 + 60 = 330.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from timestudy import read_diary
from timestudy.ingest.hour_entries import AMONG_CODE, hours_among_minutes
from timestudy.ingest.mapping import DiaryMapping

ONE_HOUR = """worker_id;start;duration_min;activity;case_id
W1;09.03.2026 09:00;60;Hausbesuch;C1
W1;09.03.2026 10:00;1,5;Notizen;C1
W1;09.03.2026 11:30;45;Fahrt;C1
W1;09.03.2026 12:15;30;Telefon;C1
W1;09.03.2026 12:45;0,75;Akte;C1
W1;09.03.2026 13:30;60;Besuch;C1
"""


def _codes(result) -> list[str]:
    return [w["code"] for w in result.report.details.get("warnings", [])]


def test_audit_file_names_both_lines_and_keeps_the_minutes(tmp_path):
    """By hand: lines 3 and 6 fit hours (next starts 90 and 45 min later); as read
    60 + 1.5 + 45 + 30 + 0.75 + 60 = 197.25, as hours 330."""
    path = tmp_path / "s4_onehour.csv"
    path.write_text(ONE_HOUR)
    result = read_diary(path, warn=False)
    assert result.report.details["minutes"]["minutes_accepted"] == 197.25  # never changed
    (w,) = [w for w in result.report.details["warnings"] if w["code"] == AMONG_CODE]
    assert w["lines"] == [3, 6]
    assert (w["minutes_as_read"], w["minutes_if_hours"]) == (197.25, 330.0)
    assert "source rows 3: 1.5" in w["message"] and "6: 0.75" in w["message"]
    assert "duration_unit: minutes" in w["message"]


def test_said_unit_silences_it(tmp_path):
    path = tmp_path / "s4_onehour.csv"
    path.write_text(ONE_HOUR)
    result = read_diary(path, mapping={"duration_unit": "minutes"}, warn=False)
    assert AMONG_CODE not in _codes(result)


def test_an_end_of_its_own_or_a_gap_that_does_not_fit_is_not_named(tmp_path):
    """1,5 followed 20 minutes later (not 90) fits neither: only line 6 is named."""
    path = tmp_path / "d.csv"
    path.write_text(ONE_HOUR.replace("11:30;45", "10:20;45"))
    warned = read_diary(path, warn=False).report.details["warnings"]
    assert [w["lines"] for w in warned if w["code"] == AMONG_CODE] == [[6]]


def test_whole_minutes_before_a_long_gap_are_not_named():
    """5 minutes then a 5-hour gap (lunch, a court day) is a whole number of minutes: quiet."""
    e = pd.DataFrame({"worker_id": ["W1"] * 2, "start": pd.to_datetime(
        ["2026-03-09 08:00", "2026-03-09 13:00"]), "duration_min": [5.0, 30.0]})
    e["end"] = e["start"] + pd.to_timedelta(e["duration_min"], unit="min")
    e["diary_date"] = e["start"].dt.normalize()
    assert hours_among_minutes(e, DiaryMapping()) is None


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(2, 240), min_size=2, max_size=30), st.data())
def test_a_diary_of_whole_minutes_never_fires_and_a_planted_hour_is_found(durations, data):
    """Back-to-back entries of whole minutes: never named. One entry replaced by its length in
    hours (a quarter-hour multiple under 2 h, next start unchanged): exactly that line named."""
    minutes = np.array(durations, float)
    start = pd.Timestamp("2026-03-09 07:00") + pd.to_timedelta(
        np.concatenate([[0], np.cumsum(minutes[:-1])]), unit="min")
    e = pd.DataFrame({"worker_id": "W1", "start": start, "duration_min": minutes,
                      "source_row": np.arange(2, len(minutes) + 2)})
    e["end"] = e["start"] + pd.to_timedelta(e["duration_min"], unit="min")
    e["diary_date"] = pd.Timestamp("2026-03-09")
    assert hours_among_minutes(e, DiaryMapping()) is None
    k = data.draw(st.integers(0, len(minutes) - 2))
    hours = data.draw(st.sampled_from([0.25, 0.5, 0.75, 1.25, 1.5, 1.75]))
    planted = e.copy()
    planted.loc[k + 1:, "start"] = planted["start"].iloc[k] + pd.Timedelta(hours=hours) + (
        planted["start"].iloc[k + 1:] - planted["start"].iloc[k + 1])
    planted.loc[k, "duration_min"] = hours
    planted["end"] = planted["start"] + pd.to_timedelta(planted["duration_min"], unit="min")
    w = hours_among_minutes(planted, DiaryMapping())
    assert w is not None and w["lines"] == [k + 2]
    assert w["minutes_if_hours"] - w["minutes_as_read"] == hours * 59
