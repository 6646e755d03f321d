"""Clockify detailed reports: ``Duration (h)`` in the user's duration format, and the
duration given twice (the audit of Clockify exports, /tmp/audit3 c1, c3, c5).

Clockify has three duration formats, Full (hh:mm:ss), Compact (h:mm) and Decimal (h.hh),
and in Decimal "'2' = 2 hours" (https://clockify.me/help/track-time-and-expenses/
duration-format); the detailed report's CSV carries ``Duration (h)`` in that format and
``Duration (decimal)``, hours to two places (a public export:
https://gist.github.com/mdnurahmed/cd65d2d141f3b29d0fe1a47f130a5484).
"""

from __future__ import annotations

import io

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from timestudy import read_diary, simulate_study

HEAD = ("Project,Client,Description,Task,User,Group,Email,Tags,Billable,Start Date,Start Time,"
        "End Date,End Time,Duration (h),Duration (decimal)\n")


def _row(start: str, end: str, hours: str, decimal: str, day: str = "16/03/2026",
         end_day: str | None = None) -> str:
    return (f"Admin,,Work,,Sam Jones,North,sam@example.org,,No,{day},{start},"
            f"{end_day or day},{end},{hours},{decimal}\n")


def _read(text: str, **mapping):
    return read_diary(io.StringIO(HEAD + text), mapping=mapping or None, warn=False)


def _codes(result) -> list[str]:
    return [w["code"] for w in result.report.details.get("warnings", [])]


def _flagged(result) -> list[int]:
    eps = result.episodes
    return eps.loc[eps["flags"].str.contains("duration_mismatch", na=False),
                   "source_row"].tolist()


# the audit's c3_decimal.csv: Duration (h) in the Decimal format
C3 = (_row("09:00:00", "10:30:00", "1.50", "1.50", "09/03/2026")
      + _row("10:30:00", "11:15:00", "0.75", "0.75", "09/03/2026")
      + _row("23:00:00", "01:00:00", "2.00", "2.00", "09/03/2026", "10/03/2026")
      + _row("13:00:00", "13:07:00", "0.25", "0.25", "10/03/2026")
      + _row("14:00:00", "14:00:30", "0.01", "0.01", "13/03/2026"))


def test_decimal_duration_h_is_hours():
    """c3_decimal.csv. By hand: 1.50 h = 90, 0.75 h = 45, 2.00 h = 120, 0.25 h = 15 and
    0.01 h = 0.6 min: 270.6 minutes in and accepted (the old reading: 1.5 + 0.75 + 2 +
    0.25 + 0.01 = 4.51 minutes, warned duration_looks_like_hours). Line 5 (0.25 h against
    7 min on the clock) is flagged duration_mismatch, as its hh:mm:ss twin is."""
    result = _read(C3)
    assert result.episodes["duration_min"].tolist() == pytest.approx([90, 45, 120, 15, 0.6])
    account = result.report.details["minutes"]
    assert account["minutes_in"] == pytest.approx(270.6)
    assert account["minutes_accepted"] == pytest.approx(270.6)
    assert _codes(result) == ["duration_read_as_hours", "duration_mismatch"]
    note, apart = result.report.details["warnings"]
    assert "'Duration (h)'" in note["message"] and "read as hours" in note["message"]
    assert "15 minutes counted from the durations where the clock gives 7 (+8)" in apart[
        "message"]  # line 5's minutes summed (a report rounding, or a clock time wrong)
    assert note["rows"] == 5
    assert _flagged(result) == [5]


def test_clock_notation_stays_clock_notation():
    """Full (01:30:00) and Compact (1:30) values are read as written: 90 min each; a file
    of them is not noted as hours."""
    result = _read(_row("09:00:00", "10:30:00", "01:30:00", "1.50")
                   + _row("11:00:00", "12:30:00", "1:30", "1.50"))
    assert result.episodes["duration_min"].tolist() == [90.0, 90.0]
    assert _codes(result) == [] and _flagged(result) == []


def test_the_mapping_unit_wins():
    """``duration_unit: minutes`` keeps the numbers as minutes (1.50 = 1.5 min, flagged
    against the 90-minute clock); ``hours`` reads them as hours, with no note."""
    minutes = _read(_row("09:00:00", "10:30:00", "1.50", "1.50"), duration_unit="minutes")
    assert minutes.episodes["duration_min"].tolist() == [1.5]
    assert "duration_read_as_hours" not in _codes(minutes)
    hours = _read(_row("09:00:00", "10:30:00", "1.50", "1.50"), duration_unit="hours")
    assert hours.episodes["duration_min"].tolist() == [90.0] and _codes(hours) == []


def test_a_number_cell_is_hours_too():
    """c5_clockify.xlsx row 5: an Excel number 0.25 under Duration (h) beside hh:mm:ss
    text. By hand: 0.25 h = 15 min (was 0.25 min), 01:30:00 = 90 min."""
    frame = pd.DataFrame({
        "User": "Sam Jones", "Email": "sam@example.org",
        "Start Date": ["2026-03-16", "2026-03-16"], "Start Time": ["09:00:00", "13:00:00"],
        "End Date": ["2026-03-16", "2026-03-16"], "End Time": ["10:30:00", "13:15:00"],
        "Duration (h)": pd.Series(["01:30:00", 0.25], dtype=object),
        "Duration (decimal)": [1.5, 0.25]})
    result = read_diary(frame, warn=False)
    assert result.episodes["duration_min"].tolist() == [90.0, 15.0]
    frame["Duration (h)"] = [1.5, 0.25]  # a column of numbers only
    assert read_diary(frame, warn=False).episodes["duration_min"].tolist() == [90.0, 15.0]


def test_the_two_durations_are_cross_checked():
    """c1_full.csv lines 5 and 10: 01:00:00 with a decimal of 2.00 (60 min apart) and
    00:30:00 with 5.00 (270 min apart) were accepted unflagged; now flagged
    duration_mismatch, Duration (h) counted (60 + 30). The decimal's rounding is not a
    mismatch: 0.17 h is 10.2 min against 00:10:00 (12 s); 0.18 h (48 s) is within 18 s of
    rounding plus the 60 s tolerance; 0.20 h (120 s) is not."""
    result = _read(_row("09:00:00", "10:00:00", "01:00:00", "2.00")
                   + _row("11:00:00", "11:30:00", "00:30:00", "5.00")
                   + _row("12:00:00", "12:10:00", "00:10:00", "0.17")
                   + _row("13:00:00", "13:10:00", "00:10:00", "0.18")
                   + _row("14:00:00", "14:10:00", "00:10:00", "0.20"))
    assert _flagged(result) == [2, 3, 6]
    assert result.episodes["duration_min"].tolist() == [60.0, 30.0, 10.0, 10.0, 10.0]
    assert "Duration (decimal)" in result.episodes  # the column is kept as it was


def test_without_tolerance_only_the_rounding_is_allowed():
    """``mismatch_tolerance_seconds: 0``: 0.17 h (12 s off: rounding) is not flagged,
    0.18 h (48 s off, beyond 18 s) is."""
    result = _read(_row("12:00:00", "12:10:00", "00:10:00", "0.17")
                   + _row("13:00:00", "13:10:00", "00:10:00", "0.18"),
                   mismatch_tolerance_seconds=0)
    assert _flagged(result) == [3]


@settings(deadline=None, max_examples=30)
@given(st.integers(1, 8 * 3600), st.sampled_from([0, 0, 3, 7, 50, -3]))
def test_rounded_decimals_never_flag_and_wrong_ones_do(seconds, off):
    """Any entry of ``seconds`` (clock and Duration (h) agreeing): its decimal rounded to
    two places, as Clockify writes it, is never flagged; one off by 0.03 h (108 s) or more
    always is; Duration (h) is what is counted either way."""
    end = pd.Timestamp("2026-03-16 09:00") + pd.Timedelta(seconds=seconds)
    h, rest = divmod(seconds, 3600)
    decimal = round(seconds / 3600, 2) + off / 100
    if decimal < 0:
        return
    result = _read(_row("09:00:00", end.strftime("%H:%M:%S"),
                        f"{h:02d}:{rest // 60:02d}:{rest % 60:02d}", f"{decimal:.2f}"))
    assert result.episodes["duration_min"].tolist() == pytest.approx([seconds / 60])
    assert _flagged(result) == ([2] if off else [])


def test_a_simulated_decimal_export_gives_back_its_minutes():
    """Recovery: a simulated week (8 workers) exported as Clockify does in the Decimal
    format (Duration (h) and Duration (decimal) both hours to two places) reads back to
    the simulated minutes within the rounding (0.3 min an entry), with no mismatch; the
    old reading gave a sixtieth."""
    diary = simulate_study(n_workers=8, weeks=1, seed=1).diary
    hours = (diary["duration_min"] / 60).map(lambda x: f"{x:.2f}")
    frame = pd.DataFrame({
        "User": diary["worker_id"], "Email": diary["worker_id"] + "@example.org",
        "Project": diary["activity_code"], "Description": diary["activity"],
        "Start Date": diary["start"].dt.strftime("%d/%m/%Y"),
        "Start Time": diary["start"].dt.strftime("%H:%M:%S"),
        "End Date": diary["end"].dt.strftime("%d/%m/%Y"),
        "End Time": diary["end"].dt.strftime("%H:%M:%S"),
        "Duration (h)": hours, "Duration (decimal)": hours})
    result = read_diary(frame, mapping={"dayfirst": True}, warn=False)
    assert result.report.n_accepted == len(diary)
    got = result.episodes.sort_values("source_row")["duration_min"].to_numpy()
    assert abs(got - diary["duration_min"].to_numpy()).max() <= 0.3 + 1e-9
    assert got.sum() == pytest.approx(diary["duration_min"].sum(), abs=0.3 * len(diary))
    assert "duration_mismatch" not in result.report.warnings_by_code


def test_a_day_late_end_names_the_duration_too():
    """c1_full.csv line 9: End Date a day late, Duration (h) 00:45:00. Rejected
    long_running_timer (24 h 45 min on the clock); the reason must name both figures, the
    clock's end and the 45 minutes the source gives."""
    result = _read(_row("09:00:00", "09:45:00", "00:45:00", "0.75", "16/03/2026",
                        "17/03/2026"))
    (reason,) = result.rejects["reason"].tolist()
    assert "more than 16 h after the start" in reason and "00:45:00" in reason
