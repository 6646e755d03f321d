"""A Weekly report's day order and sum rows, read from its grid (found by review38r).

Before (integ38): month-first day headers (a US account's ``03/02/2026`` for 2 March)
were read day first (3 February, 3 March, 3 April), a weekday beside them contradicted in
silence; a blank-labelled bottom total or a group's row (``Sam`` above his projects) was
counted as work. After: the day order is the one that makes the columns consecutive days,
a weekday name must agree with its date, and a row equal to the sum of the rows under or
above it is rejected ``total_row`` (:mod:`timestudy.ingest.weekly_days`).
"""

from __future__ import annotations

import pytest

from timestudy import read_diary
from timestudy.errors import SchemaError


def _write(tmp_path, text: str, name: str = "w.csv"):
    path = tmp_path / name
    path.write_text(text)
    return path


def _days(result) -> list[tuple[str, float]]:
    e = result.episodes.sort_values("start")
    return [(str(s)[:10], m) for s, m in zip(e["start"], e["duration_min"], strict=True)]


def test_month_first_day_headers_with_weekdays_are_consecutive_days(tmp_path):
    """By hand: Mon 03/02/2026 .. Wed 03/04/2026 month first are Monday 2 .. Wednesday 4
    March 2026 (day first 3 Feb, 3 Mar, 3 Apr: before, read so in silence): 60, 120, 180."""
    path = _write(tmp_path, "User,Project,Mon 03/02/2026,Tue 03/03/2026,Wed 03/04/2026,Total\n"
                            "Sam,Visit,1:00,2:00,3:00,6:00\n")
    result = read_diary(path, warn=False)
    assert _days(result) == [("2026-03-02", 60.0), ("2026-03-03", 120.0),
                             ("2026-03-04", 180.0)]
    codes = [w["code"] for w in result.report.details["warnings"]]
    assert "weekly_day_order" in codes


def test_a_week_of_month_first_days_is_one_week(tmp_path):
    """By hand: 03/02/2026 .. 03/08/2026 month first, 8 h on the first five: Monday 2 to
    Friday 6 March, 2,400 min in one week (before: 3 Feb .. 3 Jun, five months)."""
    path = _write(tmp_path, "User,Project," + ",".join(f"03/0{d}/2026" for d in range(2, 9))
                  + ",Total (h)\nSam,Visit," + "08:00:00," * 5 + "00:00:00,00:00:00,40:00:00\n")
    result = read_diary(path, warn=False)
    assert _days(result) == [(f"2026-03-0{d}", 480.0) for d in range(2, 7)]


def test_a_weekday_that_disagrees_with_its_date_is_refused(tmp_path):
    """3 March 2026 is a Tuesday, not the Monday the header says (before: read, exit 0)."""
    path = _write(tmp_path, "User,Project,Mon 03/03/2026,Tue 03/04/2026,Total\n"
                            "Sam,Visit,1:00,2:00,3:00\n")
    with pytest.raises(SchemaError, match=r"'Mon 03/03/2026' says Monday but its date is a "
                                          r"Tuesday \(2026-03-03"):
        read_diary(path, warn=False)


def test_a_blank_labelled_bottom_total_is_a_total_row(tmp_path):
    """By hand: Visit 120 + 60, Recording 30, then a blank-labelled row 150 + 60: the sums.
    Accepted 210 (before: 420, the sums counted); the two cells 150 + 60 set apart."""
    path = _write(tmp_path, "Project,09/03/2026,10/03/2026,Total (h)\n"
                            "Visit,02:00:00,01:00:00,03:00:00\nRecording,00:30:00,,00:30:00\n"
                            ",02:30:00,01:00:00,03:30:00\n")
    mapping = _write(tmp_path, "defaults: {worker_id: W1}\n", "m.yaml")
    result = read_diary(path, mapping=mapping, warn=False)
    assert result.episodes["duration_min"].sum() == 210
    assert result.rejects["code"].tolist() == ["total_row", "total_row"]
    assert result.rejects["source_row"].tolist() == [4, 4]


BY_USER = ("User,Project,09/03/2026,10/03/2026,11/03/2026,Total (h)\n"
           "Sam,,02:30:00,01:00:00,,03:30:00\n,Visit,02:00:00,01:00:00,,03:00:00\n"
           ",Recording,00:30:00,,,00:30:00\nAna,,01:00:00,,,01:00:00\n"
           ",Visit,01:00:00,,,01:00:00\n")


def test_a_group_row_above_its_projects_is_a_total_row(tmp_path):
    """By hand: Sam 150, 60 = Visit 120, 60 + Recording 30; Ana 60 = Visit 60. With the
    user filled down: accepted 120 + 60 + 30 + 60 = 270 (before: 540, each group counted
    again); the group rows' 3 cells (150, 60, 60) rejected ``total_row``."""
    mapping = _write(tmp_path, "columns: {worker_id: User, activity_code: Project}\n"
                               "fill_down: [worker_id]\n", "m.yaml")
    result = read_diary(_write(tmp_path, BY_USER), mapping=mapping, warn=False)
    assert result.episodes["duration_min"].sum() == 270
    assert sorted(result.rejects["source_row"].tolist()) == [2, 2, 5]
    assert set(result.rejects["code"]) == {"total_row"}


def test_without_fill_down_the_group_rows_are_not_accepted_as_work(tmp_path):
    """Without a mapping the project rows have no user (rejected, to correct) and the group
    rows are total rows: 0 accepted (before: the group rows' 270 accepted as entries)."""
    result = read_diary(_write(tmp_path, BY_USER), warn=False)
    assert len(result.episodes) == 0
    assert sorted(result.rejects.loc[result.rejects["code"] == "total_row",
                                     "source_row"].tolist()) == [2, 2, 5]


WEEK = ("User,Project,2026-03-09,2026-03-10,Total\n"
        "Sam,Visit,02:00:00,01:00:00,03:00:00\n")


def test_layout_dated_reads_a_weekly_report_as_one(tmp_path):
    """``layout: dated`` on a Weekly report: its day cells read, 120 + 60 = 180 (before:
    "required column worker_id is missing", the report not named)."""
    mapping = _write(tmp_path, "layout: dated\n", "m.yaml")
    result = read_diary(_write(tmp_path, WEEK), mapping=mapping, warn=False)
    assert _days(result) == [("2026-03-09", 120.0), ("2026-03-10", 60.0)]


def test_a_workbook_whose_day_headers_are_dates_reads_like_the_csv(tmp_path):
    """A Weekly report saved as a workbook, its day headers date cells (read as
    ``2026-03-09T00:00:00``): Sam 120 + 60, Ana 90 (a time cell), 270 as the CSV (before:
    "cannot tell how this diary is laid out")."""
    import datetime as dt

    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["User", "Project", dt.datetime(2026, 3, 9), dt.datetime(2026, 3, 10),
                  "Total (h)"])
    sheet.append(["Sam", "Visit", "02:00:00", "01:00:00", "03:00:00"])
    sheet.append(["Ana", "Visit", None, dt.time(1, 30), "01:30:00"])
    book.save(tmp_path / "w.xlsx")
    result = read_diary(tmp_path / "w.xlsx", warn=False)
    assert result.report.layout == "dated"
    assert result.episodes["duration_min"].sum() == 270


def test_a_slot_grid_headed_with_dotted_times_is_no_weekly_report(tmp_path):
    """Headers ``04.00.00``, ``04.10.00`` are no date either way (month 00): no day
    columns, so no Weekly report, and no "mixes month-first and day-first dates" (before:
    that refusal; at 7bc88346 and now: the layout not told, as before the Weekly reader)."""
    header = "worker_id,date," + ",".join(f"{h:02d}.{m:02d}.00" for h in (4, 13)
                                          for m in (0, 10, 20))
    path = _write(tmp_path, header + "\nW1,09/03/2026," + ",".join(["visit"] * 6) + "\n")
    with pytest.raises(SchemaError) as caught:
        read_diary(path, warn=False)
    assert "month-first" not in str(caught.value)


def test_a_dated_diary_headed_time_h_is_read_as_a_dated_diary(tmp_path):
    """``worker_id, Date, Time (h), activity``: every row names its worker, so no Summary
    report of everyone: 0.5 h + 1.25 h read as hours, 30 + 75 = 105 (before: refused as a
    Clockify Summary "of everyone the report covers")."""
    path = _write(tmp_path, "worker_id,Date,Time (h),activity\n"
                            "W1,2026-03-09,0.5,admin\nW1,2026-03-09,1.25,visit\n")
    result = read_diary(path, warn=False)
    assert result.report.layout == "dated"
    assert result.episodes["duration_min"].tolist() == [30.0, 75.0]


def test_the_report_says_its_rows_are_day_cells(tmp_path):
    """A Weekly report's rows read are its day cells (2 here, from 1 line): the report
    says so (``details.rows_are``; before: absent, and the command line said "3 of 7
    rows rejected" of a 3-line file). The command line's words need the patch
    /work/notes/fix38r2_patches/cli_validate_rows_are.patch."""
    result = read_diary(_write(tmp_path, WEEK), warn=False)
    assert result.report.n_read == 2
    assert result.report.details["rows_are"] == "day cells"
