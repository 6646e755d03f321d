"""Formulas saved as 0 by a writer that asks Excel to recalculate on opening (audit 22:
t08_formula, t08b_formula_mixed).

XlsxWriter does not calculate formulas: it saves 0 as each one's value and sets
``fullCalcOnLoad="1"`` in workbook.xml, so Excel shows the real value and the file holds 0.
Built here with XlsxWriter as the audit built them:

* canonical.xlsx: start 09:00, 11:00, 13:00 and end 10:30, 12:30, 14:30 on 9 March 2026,
  duration_min ``=(C2-B2)*1440`` (90 in Excel, 0 in the file). Before: each row counted 0
  minutes (``duration_mismatch``) and a warning that the durations look like fractions of
  a day. After: the formula cells read as empty, so each duration is end - start = 90
  minutes (270 in all), and ``formula_without_value`` names D2, D3, D4.
* dated.xlsx: date and duration_min 60, 45, ``=45+30`` (75 in Excel, 0 in the file), 30.
  Before: 4 rows accepted, the third of 0 minutes (``instantaneous``), 135 minutes. After:
  the third is rejected ``formula_without_value`` naming C4 (=45+30) and the fix; 60 + 45 +
  30 = 135 minutes accepted from the other three.
* given.xlsx: as dated.xlsx, the formula written with its value (75) saved: a value other
  than 0 is what the writer calculated, and is read: 60 + 45 + 75 + 30 = 210 minutes.
"""

from __future__ import annotations

import datetime as dt

import xlsxwriter

from timestudy import read_diary


def _codes(result):
    return {w["code"]: w["message"] for w in result.report.details.get("warnings", [])}


def _canonical(path):
    wb = xlsxwriter.Workbook(path)
    stamp = wb.add_format({"num_format": "dd/mm/yyyy hh:mm"})
    ws = wb.add_worksheet("Diary")
    ws.write_row(0, 0, ["worker_id", "start", "end", "duration_min", "activity"])
    for r in range(1, 4):
        ws.write(r, 0, "W1")
        ws.write_datetime(r, 1, dt.datetime(2026, 3, 9, 7 + 2 * r), stamp)
        ws.write_datetime(r, 2, dt.datetime(2026, 3, 9, 8 + 2 * r, 30), stamp)
        ws.write_formula(r, 3, f"=(C{r + 1}-B{r + 1})*1440")
        ws.write(r, 4, "visit")
    wb.close()
    return path


def _dated(path, formula_value=None):
    wb = xlsxwriter.Workbook(path)
    day = wb.add_format({"num_format": "dd/mm/yyyy"})
    ws = wb.add_worksheet("Diary")
    ws.write_row(0, 0, ["worker_id", "date", "duration_min", "activity"])
    for r, minutes in enumerate([60, 45, "=45+30", 30], start=1):
        ws.write(r, 0, "W1")
        ws.write_datetime(r, 1, dt.datetime(2026, 3, 9), day)
        if isinstance(minutes, str):
            ws.write_formula(r, 2, minutes, None, *([formula_value] if formula_value else []))
        else:
            ws.write_number(r, 2, minutes)
        ws.write(r, 3, f"a{r}")
    wb.close()
    return path


def test_canonical_duration_formulas_saved_as_zero_are_not_read_as_zero(tmp_path):
    result = read_diary(_canonical(tmp_path / "canonical.xlsx"), warn=False)
    assert result.episodes["duration_min"].tolist() == [90.0, 90.0, 90.0]
    said = _codes(result)
    assert "duration_looks_like_days" not in said
    assert "(D2, D3, D4) saved as 0 or with no value, read as empty" in said[
        "formula_without_value"]
    assert "paste the values over the formulas" in said["formula_without_value"]


def test_dated_formula_saved_as_zero_is_rejected_naming_the_cell(tmp_path):
    result = read_diary(_dated(tmp_path / "dated.xlsx"), warn=False)
    assert result.episodes["duration_min"].sum() == 135.0  # 60 + 45 + 30
    assert (result.episodes["duration_min"] > 0).all()
    reject = result.rejects.iloc[0]
    assert (reject["source_row"], reject["code"]) == (4, "formula_without_value")
    assert reject["reason"].startswith("C4 (=45+30): a formula saved as 0 or with no value")
    assert "open the file in Excel and save it" in reject["reason"]


def test_a_formula_value_the_writer_saved_is_read(tmp_path):
    result = read_diary(_dated(tmp_path / "given.xlsx", formula_value=75), warn=False)
    assert result.episodes["duration_min"].tolist() == [60.0, 45.0, 75.0, 30.0]
    assert len(result.rejects) == 0
    assert "formula_without_value" not in _codes(result)
