"""The minutes of the rows whose durations are not their clock times, summed (audit24c).

A Toggl report rounding each entry up to 15 minutes: six calls of 7 minutes on the clock
(09:00-09:07 ...) with Duration 00:15:00 counted 90 minutes where the clock gives 6 x 7 =
42, with six ``duration_mismatch`` flags and no sum or fix. Now one warning gives 90
against 42 (+48), names the 15-minute rounding and the rule that counts the clock; with
``minutes_from: clock`` the 42 are counted and the warning gives the durations' 90.
"""

from __future__ import annotations

import pytest

from timestudy.errors import DataQualityWarning
from timestudy.ingest import read_diary

HEAD = ("User,Email,Client,Project,Task,Description,Billable,Start date,Start time,End date,"
        "End time,Duration,Tags,Amount ()\n")


def _toggl(tmp_path, durations):
    rows = "".join(f"Ann Smith,ann@x.org,C1,Calls,,Phone call,No,2026-03-10,{9 + i:02d}:00:00,"
                   f"2026-03-10,{9 + i:02d}:07:00,{d},,\n" for i, d in enumerate(durations))
    path = tmp_path / "toggl.csv"
    path.write_text(HEAD + rows, encoding="utf-8")
    return path


def _said(path, **kw):
    with pytest.warns(DataQualityWarning) as said:
        res = read_diary(path, **kw)
    return res, next((w for w in res.report.details.get("warnings", ())
                      if w["code"] == "duration_mismatch"), None), said


def test_rounded_durations_are_summed_against_the_clock(tmp_path):
    res, w, _ = _said(_toggl(tmp_path, ["00:15:00"] * 6))
    assert res.episodes["duration_min"].sum() == 90
    assert (w["rows"], w["minutes_counted"], w["minutes_clock"]) == (6, 90, 42)
    assert "90 minutes counted from the durations where the clock gives 42 (+48)" in w["message"]
    assert "a report rounding up to 15 minutes" in w["message"]
    assert "minutes_from: clock" in w["message"]


def test_the_clock_counted_gives_the_durations_minutes(tmp_path):
    (tmp_path / "m.yaml").write_text("minutes_from: clock\n", encoding="utf-8")
    res, w, _ = _said(_toggl(tmp_path, ["00:15:00"] * 6), mapping=tmp_path / "m.yaml")
    assert res.episodes["duration_min"].sum() == 42
    assert "42 minutes counted from the clock where the durations give 90 (+48)" in w["message"]


def test_durations_not_of_one_step_name_no_rounding(tmp_path):
    """20 and 13 beside 7 on the clock: 33 counted, 14 on the clock, no common step at
    or above the clock by less than a step (20 - 7 = 13 is above 10 and 5)."""
    _, w, _ = _said(_toggl(tmp_path, ["00:20:00", "00:13:00"]))
    assert "33 minutes counted from the durations where the clock gives 14 (+19)" in w["message"]
    assert "rounding" not in w["message"]
