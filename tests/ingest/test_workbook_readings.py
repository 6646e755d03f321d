"""What an Excel cell holds, as its number format shows it (audit of Excel workbooks).

Each workbook is rebuilt here with openpyxl from the audit's files in /tmp/audit3
(make_f4.py, make_x10.py, make_xlsx.py): a date-only cell used as the start, a typed
``24:00`` end, durations of more than a day in ``h:mm`` cells.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import openpyxl
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from timestudy import read_diary
from timestudy.ingest.files import read_table
from timestudy.ingest.workbook import format_kind
from timestudy.schema.parse import durations

D = dt.datetime
T = dt.time


def book(path, header, rows, formats):
    """A one-sheet workbook; ``formats`` maps a 0-based column to its number format."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Diary"
    ws.append(header)
    for row in rows:
        ws.append(row)
    for cells in ws.iter_rows(min_row=2):
        for j, fmt in formats.items():
            cells[j].number_format = fmt
    wb.save(path)
    return path


FORMS = {
    "columns": {
        "worker_id": "Email",
        "start": "Date of the work",
        "duration_min": "Time spent (minutes)",
        "activity": "Type of work",
    }
}


def forms_book(path, date_format="dd/mm/yyyy"):
    """f4_forms_clean.xlsx: a Microsoft Forms export whose work date is a date cell."""
    data = [(D(2026, 3, 9), "Statutory visit", 90), (D(2026, 3, 9), "Recording", 45),
            (D(2026, 3, 9), "Team meeting", 60), (D(2026, 3, 10), "Statutory visit", 75),
            (D(2026, 3, 10), "Recording", 30)]
    rows = [["sam.jones@example.org", d, a, m] for d, a, m in data]
    header = ["Email", "Date of the work", "Type of work", "Time spent (minutes)"]
    return book(path, header, rows, {1: date_format})


def test_date_only_cell_as_start_is_refused_like_the_csv(tmp_path):
    """A start that is a date cell shown as dd/mm/yyyy has no time of day.

    By hand: f4's five rows (90 + 45 + 60 + 75 + 30 = 300 min) each give only the date
    of the work, so no start is known: all 5 are rejected bad_datetime, as the same rows
    as CSV (``09/03/2026``) are. Before, each cell read as 2026-03-09T00:00:00: 5
    accepted at 00:00, on diary day 2026-03-08 (before the 04:00 day start), 3 of them
    flagged overlap, with exit 0.
    """
    result = read_diary(forms_book(tmp_path / "f4.xlsx"), mapping=FORMS, warn=False)
    assert result.report.n_accepted == 0
    assert result.report.rejected_by_reason == {"bad_datetime": 5}
    assert result.rejects["reason"].str.contains("a date with no time of day").all()
    assert "'2026-03-09'" in result.rejects["reason"].iloc[0]

    csv = tmp_path / "f4.csv"
    csv.write_text(
        "Email,Date of the work,Type of work,Time spent (minutes)\n"
        + "".join(f"sam.jones@example.org,{d:%d/%m/%Y},{a},{m}\n"
                  for d, a, m in [(D(2026, 3, 9), "Visit", 90)]),
        encoding="utf-8",
    )
    assert read_diary(csv, mapping=FORMS, warn=False).report.rejected_by_reason == {
        "bad_datetime": 1}


def test_date_time_cell_at_midnight_stays_a_time(tmp_path):
    """A cell formatted with a time (dd/mm/yyyy hh:mm) at 00:00 shows a time: it is one.

    By hand: 2026-03-09 00:00 plus 90 min is accepted, 90 minutes, and the text read is
    2026-03-09T00:00:00 (a date cell of a date-only format would read 2026-03-09).
    """
    path = forms_book(tmp_path / "f4dt.xlsx", "dd/mm/yyyy hh:mm")
    text = read_table(path).frame["Date of the work"]
    assert text.iloc[0] == "2026-03-09T00:00:00"
    result = read_diary(path, mapping=FORMS, warn=False)
    assert result.report.n_accepted == 5
    assert result.episodes["start"].iloc[0] == pd.Timestamp("2026-03-09 00:00")


def test_a_date_column_reads_the_same_either_way(tmp_path):
    """The split layout's date column: ``2026-03-09`` and the old ``2026-03-09T00:00:00``
    are the same date, so a diary with date cells reads as before (9:30-10:15 = 45 min)."""
    path = book(tmp_path / "s.xlsx", ["worker_id", "date", "start_time", "end_time", "activity"],
                [["W1", D(2026, 3, 9), T(9, 30), T(10, 15), "visit"]],
                {1: "dd/mm/yyyy", 2: "hh:mm", 3: "hh:mm"})
    assert read_table(path).frame["date"].tolist() == ["2026-03-09"]
    eps = read_diary(path, warn=False).episodes
    assert eps["start"].tolist() == [pd.Timestamp("2026-03-09 09:30")]
    assert eps["duration_min"].tolist() == [45.0]


def x10_book(path):
    """x10_text_times.xlsx rows 5 and 6: a midnight start, and an end typed 24:00 (1.0)."""
    rows = [["W001", D(2026, 3, 11), T(0, 0), T(1, 30), "midnight start"],
            ["W001", D(2026, 3, 11), T(22, 0), 1.0, "end typed 24:00"],
            ["W001", D(2026, 3, 12), T(22, 0), 1.0625, "end typed 25:30"]]
    return book(path, ["worker_id", "date", "start_time", "end_time", "activity"], rows,
                {1: "dd/mm/yyyy", 2: "hh:mm", 3: "hh:mm"})


def test_end_typed_24_00_is_the_end_of_the_day(tmp_path):
    """Excel stores a typed 24:00 as 1.0 in an hh:mm cell: the end of the day.

    By hand: 22:00 to 24:00 on 11 March is 120 minutes, ending 2026-03-12 00:00. Before,
    the end read as 1900-01-01T00:00:00 and the row was rejected "outside the study's
    dates". A time of day of 25:30 (1.0625) is no time of day: rejected as not a time.
    """
    path = x10_book(tmp_path / "x10.xlsx")
    assert read_table(path).frame["end_time"].tolist() == ["01:30:00", "24:00:00", "25:30:00"]
    result = read_diary(path, warn=False)
    eps = result.episodes
    assert eps["duration_min"].tolist() == [90.0, 120.0]
    assert eps["end"].iloc[1] == pd.Timestamp("2026-03-12 00:00")
    assert result.report.n_rejected == 1
    assert "'25:30:00' is not a time" in result.rejects["reason"].iloc[0]


def test_durations_over_a_day_in_h_mm_cells(tmp_path):
    """x2_durations.xlsx: 1.0625 days is 25:30 whether the cell shows [h]:mm or h:mm.

    By hand: 0.0625 x 1440 = 90 min, 0.03125 x 1440 = 45 min, 1.0625 x 1440 = 1530 min,
    above the 1440-minute maximum, so both 25:30 rows are rejected above_maximum with the
    usual reason. Before, the h:mm one read '1900-01-01T01:30:00' and was rejected "is not
    a duration".
    """
    rows = [["W001", D(2026, 3, 9, 9), 0.0625, "visit", "[h]:mm"],
            ["W001", D(2026, 3, 9, 11), 0.03125, "notes", "h:mm"],
            ["W001", D(2026, 3, 9, 12), 1.0625, "left on", "[h]:mm"],
            ["W001", D(2026, 3, 10, 13), 1.0625, "visit", "h:mm"]]
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["worker_id", "start", "duration_min", "activity"])
    for r, (*row, fmt) in enumerate(rows, 2):
        ws.append(row)
        ws.cell(r, 2).number_format = "dd/mm/yyyy hh:mm"
        ws.cell(r, 3).number_format = fmt
    path = tmp_path / "x2.xlsx"
    wb.save(path)
    assert read_table(path).frame["duration_min"].tolist() == [
        "01:30:00", "00:45:00", "25:30:00", "25:30:00"]
    result = read_diary(path, warn=False)
    assert result.episodes["duration_min"].tolist() == [90.0, 45.0]
    assert result.report.rejected_by_reason == {"above_maximum": 2}
    assert result.rejects["reason"].str.contains(
        "'25:30:00' is above the maximum of 1440 minutes").all()


@settings(max_examples=40, deadline=None)
@given(minutes=st.lists(st.integers(0, 59 * 1440 - 1), min_size=1, max_size=8),
       fmt=st.sampled_from(["h:mm", "[h]:mm", "hh:mm:ss", "[h]:mm:ss"]))
def test_time_cells_recover_their_minutes(tmp_path_factory, minutes, fmt):
    """Recovery: any whole number of minutes under 59 days written as Excel's day
    fraction in a time cell reads back as exactly those minutes."""
    path = tmp_path_factory.mktemp("p") / "d.xlsx"
    book(path, ["worker_id", "d"], [["W1", m / 1440] for m in minutes], {1: fmt})
    text = read_table(path).frame["d"]
    np.testing.assert_allclose(durations(text), minutes)


@pytest.mark.parametrize(("fmt", "kind"), [
    ("dd/mm/yyyy", "date"), ("yyyy-mm-dd", "date"), ("d-mmm", "date"), ("mmm-yy", "date"),
    ("hh:mm", "time"), ("[h]:mm", "time"), ("mm:ss", "time"), ("h:mm AM/PM", "time"),
    ("m/d/yy h:mm:ss", "datetime"), ("dd/mm/yyyy hh:mm", "datetime"),
    ("General", ""), ("0.00", ""), ('"day" 0', ""), ("[Red]0.0", ""),
    ("[$-en-GB]dd/mm/yyyy", "date"),
])
def test_format_kind(fmt, kind):
    assert format_kind(fmt) == kind


def test_day_fraction_among_time_cells_is_named(tmp_path):
    """x2_durations.xlsx row 8: 0.0625 in a General cell of a column of [h]:mm durations.

    By hand: 0.0625 x 1440 = 90 min is what the worker meant; the cell is read as the
    number written (0.0625 minutes), and a warning names the row and says 0.0625 is 1:30.
    Before: accepted as 0.0625 min with no word.
    """
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["worker_id", "start", "duration_min", "activity"])
    for r, (value, fmt) in enumerate([(0.0625, "[h]:mm"), (0.03125, "[h]:mm"),
                                      (0.0625, "General")], 2):
        ws.append(["W001", D(2026, 3, 9, 9 + 2 * r), value, "visit"])
        ws.cell(r, 2).number_format = "dd/mm/yyyy hh:mm"
        ws.cell(r, 3).number_format = fmt
    wb.save(tmp_path / "x2.xlsx")
    result = read_diary(tmp_path / "x2.xlsx", warn=False)
    assert result.episodes["duration_min"].tolist() == [90.0, 45.0, 0.0625]
    notes = {w["code"]: w["message"] for w in result.report.details["warnings"]}
    assert "1 cell (row 4) holds a plain number below 1 (0.0625)" in notes["number_among_times"]
    assert "0.0625 is 1:30" in notes["number_among_times"]
    assert "duration_looks_like_days" not in notes  # 90 and 45 minutes are not


def test_durations_all_under_a_minute_look_like_days(tmp_path):
    """A duration column of General numbers 0.0625 and 0.03125 (1:30 and 0:45 as Excel's
    fractions of a day): read as 0.0625 and 0.03125 minutes, all under a minute, so the
    warning duration_looks_like_days is given (median 0.046875)."""
    path = book(tmp_path / "g.xlsx", ["worker_id", "start", "duration_min", "activity"],
                [["W001", D(2026, 3, 9, 9), 0.0625, "visit"],
                 ["W001", D(2026, 3, 9, 11), 0.03125, "notes"]], {1: "dd/mm/yyyy hh:mm"})
    result = read_diary(path, warn=False)
    assert result.episodes["duration_min"].tolist() == [0.0625, 0.03125]
    notes = {w["code"]: w["message"] for w in result.report.details["warnings"]}
    assert "every duration in 'duration_min' is under a minute (median 0.046875)" in notes[
        "duration_looks_like_days"]
