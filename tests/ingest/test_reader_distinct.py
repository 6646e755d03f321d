"""The column reader works dates and clock times on their distinct values: the same rows,
blanks and rejects as a reading row by row."""

from __future__ import annotations

import numpy as np
import pandas as pd

from timestudy.ingest._reader import ColumnReader
from timestudy.ingest.mapping import DiaryMapping
from timestudy.ingest.times import resolve_times


def _reader(frame: pd.DataFrame) -> ColumnReader:
    return ColumnReader(frame, {}, DiaryMapping(date_range=[2020, 2030]))


def test_dates_and_clock_blanks_and_rejects_by_row():
    """Rows 0-5: a date, a blank, a missing spelling (NA), the same date padded, a year
    outside 2020-2030 (rejected as out of range, not blank), a date twice outside."""
    frame = pd.DataFrame({
        "date": ["2026-03-09", None, "NA", " 2026-03-09 ", "1999-01-01", "1999-01-01"],
        "start_time": ["09:30", "", "N/A", "9:30 ", "25:00", "10:00"],
    })
    r = _reader(frame)
    day, blank = r.dates("date")
    assert blank.tolist() == [False, True, True, False, False, False]
    assert [str(d)[:10] for d in day] == ["2026-03-09", "NaT", "NaT", "2026-03-09", "NaT", "NaT"]
    clock, clock_blank = r.clock("start_time")
    assert clock_blank.tolist() == [False, True, True, False, False, False]
    np.testing.assert_array_equal(clock, [570, np.nan, np.nan, 570, np.nan, 600])
    failures = pd.concat(r.failures)
    assert sorted(zip(failures["row"], failures["code"], strict=True)) == [
        (4, "bad_time"), (4, "date_out_of_range"), (5, "date_out_of_range")]


def test_split_diary_times_whatever_the_spelling():
    """09/03/2026 (day first) 23:30 to 0:30: 60 minutes over midnight; the same with a
    padded date; a year out of range is rejected whichever row it is on."""
    frame = pd.DataFrame({"date": ["09/03/2026", "1999-03-09", " 09/03/2026"],
                          "start_time": ["23:30", "23:30", "23:30"],
                          "end_time": ["0:30", "0:30", "00:30"]})
    t = resolve_times(frame, {}, DiaryMapping(date_range=[2020, 2030]))
    np.testing.assert_array_equal(t.minutes, [60.0, np.nan, 60.0])
    assert set(pd.concat(t.failures)["row"]) == {1}
