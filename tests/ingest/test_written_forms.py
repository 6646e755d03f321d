"""Values written as their writer meant them (audit 7, B3).

* ``09.03.26`` was refused (bad_date) while ``09/03/26`` was read: by hand both are
  9 March 2026; the dotted and dashed two-digit years now read as the slashed one.
* ``7,5 h`` was refused (bad_duration) while ``7.5 h`` and ``1,5`` were read: by hand
  7.5 x 60 = 450 minutes.
* Excel number cells ``9.3`` and ``10.3`` (09:30 and 10:30 typed into cells that keep
  9.30 as 9.3) were refused bad_time "use 09:30, 9.30am or 21:15", which does not say the
  trailing zero was lost; the reason now says so (the value is still not guessed).
"""

from __future__ import annotations

from datetime import datetime

import openpyxl
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from timestudy import read_diary
from timestudy.schema import parse


def test_two_digit_years_with_dots_read_as_with_slashes(tmp_path):
    path = tmp_path / "s4_yy.csv"
    path.write_text("worker_id;date;start_time;end_time;activity;case_id\n"
                    "W1;09.03.26;09:00;10:00;Visit;C1\nW1;10.03.26;09:00;10:30;Visit;C1\n")
    result = read_diary(path, warn=False)
    assert result.report.n_rejected == 0
    assert result.episodes["diary_date"].dt.strftime("%Y-%m-%d").tolist() == [
        "2026-03-09", "2026-03-10"]
    assert result.report.details["minutes"]["minutes_accepted"] == 150


@settings(max_examples=50, deadline=None)
@given(st.dates(min_value=datetime(2000, 1, 1).date(), max_value=datetime(2068, 12, 31).date()))
def test_every_separator_reads_the_same_date(day):
    """dd/mm/yy, dd.mm.yy and dd-mm-yy are the same date (day-first)."""
    texts = pd.Series([day.strftime(f"%d{sep}%m{sep}%y") for sep in "/.-"])
    got = parse.dates(texts).astype("M8[D]").astype(str).tolist()
    assert got == [day.isoformat()] * 3


def test_decimal_comma_before_a_unit(tmp_path):
    """By hand: 7.5 h, 7.5hrs and 7,5 h are each 450 minutes: 1,350 in all."""
    path = tmp_path / "d.csv"
    path.write_text('worker_id,start,duration_min,activity\n'
                    'W1,09/03/2026 09:00,7.5 h,Leave\nW1,10/03/2026 09:00,7.5hrs,Leave\n'
                    'W1,11/03/2026 09:00,"7,5 h",Leave\n')
    result = read_diary(path, warn=False)
    assert result.report.n_rejected == 0
    assert result.episodes["duration_min"].tolist() == [450.0, 450.0, 450.0]
    assert parse.durations(pd.Series(["1,000 min"])).tolist() != [1.0]  # no thousands guessed


def test_number_cells_that_lost_a_zero_say_so(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["worker_id", "date", "start_time", "end_time", "activity", "case_id"])
    ws.append(["W1", datetime(2026, 3, 9), 9.3, 10.3, "Visit", "C1"])
    ws.append(["W1", datetime(2026, 3, 9), 10.3, 12, "Notes", "C1"])
    ws.append(["W1", datetime(2026, 3, 9), "13:45", "14:05", "Call", "C1"])
    path = tmp_path / "s5_numtimes.xlsx"
    wb.save(path)
    result = read_diary(path, warn=False)
    reasons = result.rejects.set_index(["source_row", "column"])["reason"]
    assert "keeps 9.30 as 9.3 (the trailing zero is lost)" in reasons[(2, "start_time")]
    assert "type the time as 10:30" in reasons[(2, "end_time")]
    assert "if it means 12:00" in reasons[(3, "end_time")]
    assert result.report.rejected_by_reason == {"bad_time": 4}  # still refused, not guessed
    assert result.report.details["minutes"]["minutes_accepted"] == 20
