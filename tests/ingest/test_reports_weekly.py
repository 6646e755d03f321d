"""Toggl Track's and Clockify's **Weekly** report read as the day totals it is.

A Weekly report has a row per user and project, a column per day headed by its date and
the week's total ("Weekly report ... shows time entries grouped by user or project within
a fixed week range", https://clockify.me/help/getting-started/understand-use-your-reports;
Toggl's Reports API lists "Summary Reports, Detailed Reports, Weekly Reports",
https://engineering.toggl.com/docs/reports_start). Its column set is observed in public
code reading ``Clockify_Time_Report_Weekly_14_04_2025-20_04_2025.csv``: ``User``,
``Project``, ``14/04/2025`` .. ``20/04/2025`` holding ``hh:mm:ss``, then the week's total
(:mod:`timestudy.ingest.tool_reports`). Toggl's weekly column set was not found: the
Toggl file takes Clockify's shape with ISO dates.

Before (7bc88346): the Clockify file was refused as a layout it could not tell ("cannot
tell how this diary is laid out"), the Toggl file as a slot grid ("its time-slot columns
2026-03-09 and 2026-03-10 are the same time"): neither named the report or the export
that works. After: each filled day cell is a dated duration (no time of day), placed from
04:00 in file order and flagged ``time_of_day_unknown``; the Total column never counted.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from timestudy import read_diary
from timestudy.cli import main
from timestudy.errors import SchemaError

HERE = Path(__file__).parent / "conformance" / "reports"


def _episodes(result) -> list[tuple]:
    e = result.episodes.sort_values(["worker_id", "start"])
    return [(w, str(s), str(x), m) for w, s, x, m in
            zip(e["worker_id"], e["start"], e["end"], e["duration_min"], strict=True)]


def test_clockify_weekly_day_cells_are_dated_durations():
    """By hand (day-first: ``14/04/2025`` reads only that way): Sam's visit 02:00:00 on 14
    April and 01:30:00 on 16 April, recording 01:00:00 on 14 April and 00:45:00 on 15
    April: 120 + 90 + 60 + 45 = 315 = 03:30:00 + 01:45:00. Ana's visit 03:00:00 on 15
    April (its Total 04:00:00 is not the sum: named, not counted) and court 08:00:00 on
    five days (Total 40:00:00 = 2,400: a week's total over 24 h, never read as a day):
    180 + 2,400 = 2,580. In 2,895 = accepted 2,895 (before: refused, 0 read)."""
    result = read_diary(HERE / "clockify_weekly_report.csv", warn=False)
    assert result.report.layout == "dated"
    assert _episodes(result) == [
        ("Ana Lee", "2025-04-14 04:00:00", "2025-04-14 12:00:00", 480.0),
        ("Ana Lee", "2025-04-15 04:00:00", "2025-04-15 07:00:00", 180.0),
        ("Ana Lee", "2025-04-15 07:00:00", "2025-04-15 15:00:00", 480.0),
        ("Ana Lee", "2025-04-16 04:00:00", "2025-04-16 12:00:00", 480.0),
        ("Ana Lee", "2025-04-17 04:00:00", "2025-04-17 12:00:00", 480.0),
        ("Ana Lee", "2025-04-18 04:00:00", "2025-04-18 12:00:00", 480.0),
        ("Sam Jones", "2025-04-14 04:00:00", "2025-04-14 06:00:00", 120.0),
        ("Sam Jones", "2025-04-14 06:00:00", "2025-04-14 07:00:00", 60.0),
        ("Sam Jones", "2025-04-15 04:00:00", "2025-04-15 04:45:00", 45.0),
        ("Sam Jones", "2025-04-16 04:00:00", "2025-04-16 05:30:00", 90.0),
    ]
    assert (result.episodes["flags"] == "time_of_day_unknown").all()
    assert set(result.episodes["activity_code"]) == {"Statutory visit", "Recording", "Court"}
    minutes = result.report.details["minutes"]
    assert (minutes["minutes_in"], minutes["minutes_accepted"]) == (2895.0, 2895.0)
    said = {w["code"]: w for w in result.report.details["warnings"]}
    total = said["weekly_total_column"]
    assert total["rows"] == 1 and "line 4: 240 min against 180" in total["message"]
    assert "'Total (h)' column is the week's sum" in total["message"]


def test_toggl_weekly_total_row_and_decimal_cell():
    """By hand: Sam's visit 02:00:00 on 9 March and ``1.50`` (decimal hours, the Decimal
    duration format: 90 min, not 1.5) on 11 March; recording 01:00:00 on 9 March and
    00:45:00 on 10 March: 120 + 90 + 60 + 45 = 315. The report's ``Total`` row (03:00:00,
    00:45:00, 01:30:00: 315) is rejected ``total_row`` cell by cell, its 315 minutes said
    apart; the ``Total`` column (05:15:00) is not counted. Accepted 315 (before: refused
    as a slot grid)."""
    result = read_diary(HERE / "toggl_weekly_report.csv", warn=False)
    assert _episodes(result) == [
        ("Sam Jones", "2026-03-09 04:00:00", "2026-03-09 06:00:00", 120.0),
        ("Sam Jones", "2026-03-09 06:00:00", "2026-03-09 07:00:00", 60.0),
        ("Sam Jones", "2026-03-10 04:00:00", "2026-03-10 04:45:00", 45.0),
        ("Sam Jones", "2026-03-11 04:00:00", "2026-03-11 05:30:00", 90.0),
    ]
    assert result.rejects["code"].tolist() == ["total_row"] * 3
    assert set(result.rejects["source_row"]) == {4}
    minutes = result.report.details["minutes"]
    assert (minutes["minutes_accepted"], minutes["minutes_totals"]) == (315.0, 315.0)
    codes = [w["code"] for w in result.report.details["warnings"]]
    assert "duration_read_as_hours" in codes and "weekly_total_column" in codes


def test_weekly_report_validates_from_the_command_line(tmp_path, capsys):
    """``timestudy validate`` writes the episodes (exit 0: nothing rejected)."""
    code = main(["validate", str(HERE / "clockify_weekly_report.csv"),
                 "--out", str(tmp_path / "out")])
    assert code == 0
    written = pd.read_parquet(tmp_path / "out" / "episodes.parquet")
    assert written["duration_min"].sum() == pytest.approx(2895.0)


def test_a_weekly_report_by_project_alone_needs_its_person(tmp_path):
    """Grouped by Project with no User, the day totals are everyone's: refused in one line
    (before: refused as "cannot tell how this diary is laid out"); with the worker given
    (one person's report), 02:00:00 on 14 April and 01:00:00 on 15 April: 120 + 60."""
    path = tmp_path / "weekly.csv"
    path.write_text('"Project","14/04/2025","15/04/2025","Total (h)"\n'
                    '"Statutory visit","02:00:00","01:00:00","03:00:00"\n')
    with pytest.raises(SchemaError, match=r"^weekly.csv: this is a Weekly report with no User"):
        read_diary(path, warn=False)
    result = read_diary(path, mapping={"defaults": {"worker_id": "W1"}}, warn=False)
    assert result.episodes["duration_min"].tolist() == [120.0, 60.0]
