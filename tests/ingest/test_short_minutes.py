"""A number under two minutes in a column of minutes, with nothing to check it by, is named
in a warning, never guessed (the audit's f1_msforms.xlsx read with fm2.yaml: ``1.30``,
``1.5`` and ``1,5`` under ``Time spent (minutes)`` were 1.3 and 1.5 minutes, unflagged)."""

from __future__ import annotations

import pandas as pd
import pytest

from timestudy import read_diary

MAPPING = {"columns": {"worker_id": "Email", "start": "Date of the work",
                       "duration_min": "Time spent (minutes)"}}
# f1_msforms.xlsx's answers, one a row (source rows 2 to 15)
F1 = ["1.5", "90", "1h30", "45 mins", "1 hour", "1hr 30", "2 hrs", "1.30", "half an hour",
      "1,5", "30-45", "0", 75, 1.5]


def _form(values, path):
    """An Excel workbook as Microsoft Forms writes one: a date cell, answers as typed."""
    import datetime as dt

    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Id", "Email", "Date of the work", "Time spent (minutes)"])
    for i, value in enumerate(values, start=1):
        sheet.append([i, "sam@example.org", dt.datetime(2026, 3, 9), value])
    book.save(path)
    return path


def test_the_form_is_read_and_its_short_entries_named(tmp_path):
    """f1 with fm2: rejected before, 4 rows (1h30, 1hr 30, half an hour, 30-45); now 2.
    By hand, accepted: 1.5 + 90 + 90 + 45 + 60 + 90 + 120 + 1.3 + 1.5 + 0 + 75 + 1.5 =
    575.8 minutes. The four numbers under 2 minutes (source rows 2, 9, 11, 15: 1.5, 1.30,
    1,5 and a number cell 1.5) are named in one warning, read as written; 0 is an
    instantaneous entry, not named."""
    form = _form(F1, tmp_path / "f1.xlsx")
    result = read_diary(form, mapping=MAPPING, warn=False)
    assert sorted(result.rejects["source_row"]) == [10, 12]
    assert result.episodes["duration_min"].sum() == pytest.approx(575.8)
    # (every row starts at midnight and ends at its minutes: same times share, and say so)
    (warning,) = [w for w in result.report.details["warnings"]
                  if w["code"] != "same_times_shared"]
    assert warning["code"] == "duration_under_two_minutes" and warning["rows"] == 4
    assert "source rows 2, 9, 11, 15" in warning["message"]
    said = read_diary(form, mapping={**MAPPING, "duration_unit": "minutes"}, warn=False)
    assert [w for w in said.report.details.get("warnings", [])
            if w["code"] != "same_times_shared"] == []


def test_a_short_entry_on_the_clock_is_not_named():
    """1.5 minutes with its own end 1.5 minutes later, or with a start time of day (the
    next start, the clock checks of duration_looks_like_hours apply), is not named: only a
    date and a number leave nothing to check it by."""
    ended = pd.DataFrame({"worker_id": "W1",
                          "start": ["2026-03-09T09:00:00", "2026-03-09T10:00:00"],
                          "end": ["2026-03-09T09:01:30", "2026-03-09T10:45:00"],
                          "duration_min": ["1.5", "45"]})
    assert read_diary(ended, warn=False).report.details.get("warnings", []) == []
    timed = pd.DataFrame({"worker_id": "W1",
                          "start": ["2026-03-09T09:00", "2026-03-09T09:02",
                                    "2026-03-09T09:32"],
                          "duration_min": ["30", "30", "1.5"]})
    assert read_diary(timed, warn=False).report.details.get("warnings", []) == []
