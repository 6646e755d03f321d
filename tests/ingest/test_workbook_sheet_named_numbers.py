"""A number that is also a sheet's name reads the sheet of that name, and says so.

The review of 2026-12-06 (/tmp/review24b/sheets.xlsx): a council's weekly tabs ``1``, ``2``,
a hidden ``Lookup``, then ``3``; W1 on 9 March in each, 09:00 to 10:00 (60 min) in ``1``,
to 11:00 (120 min) in ``2``, to 12:00 (180 min) in ``3``. ``--sheet 1`` read ``2`` (counted
from 0: ``1`` is 0, ``2`` is 1), 120 minutes, and the suggested ``--sheet '2'`` is the same
argument once the shell strips the quotes (it read ``Lookup``, tab 2 from 0). Now a number
that is a sheet's name reads that sheet: ``--sheet 1`` is ``1``, 60 minutes; the warning
``sheet_by_number`` names ``2``, what the count would read, and how to read it (its name).
A number no sheet is named is counted as before (0 is ``1``).
"""

from __future__ import annotations

import openpyxl
import pandas as pd

from timestudy.ingest import read_diary

HEAD = ["worker_id", "date", "start_time", "end_time", "activity", "case_id"]


def _book(path):
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for title, end in (("1", "10:00"), ("2", "11:00"), ("Lookup", None), ("3", "12:00")):
        ws = wb.create_sheet(title)
        if end is None:
            ws.append(["code", "label"])
            ws.sheet_state = "hidden"
            continue
        ws.append(HEAD)
        ws.append(["W1", "09/03/2026", "09:00", end, f"week {title} visit", "C1"])
    wb.save(path)
    return path


def _minutes(result) -> list[float]:
    e = result.episodes
    return ((e["end"] - e["start"]).dt.total_seconds() / 60).tolist()


def _note(result):
    found = [w for w in result.report.details.get("warnings", ())
             if w["code"] == "sheet_by_number"]
    return found[0]["message"] if found else None


def test_a_number_that_is_a_sheets_name_reads_that_sheet(tmp_path):
    path = _book(tmp_path / "sheets.xlsx")
    one = read_diary(path, sheet=1, mapping={"dayfirst": True}, warn=False)
    assert one.report.details["sheet"] == "1" and _minutes(one) == [60]  # before: '2', 120
    assert _note(one) == (
        "sheet_by_number: sheet 1 is read as the sheet named '1' (a number that is a "
        "sheet's name reads that sheet; counted from 0 over every tab, 1 would be '2', read "
        "so before 2026-12-06): to read '2', give its name (--sheet 2, or sheet: '2' in the "
        "mapping)")
    two = read_diary(path, sheet=2, mapping={"dayfirst": True}, warn=False)
    assert two.report.details["sheet"] == "2" and _minutes(two) == [120]  # before: Lookup
    three = read_diary(path, sheet=3, mapping={"dayfirst": True}, warn=False)
    assert _minutes(three) == [180]
    assert _note(three) == ("sheet_by_number: sheet 3 is read as the sheet named '3' (a "
                            "number that is a sheet's name reads that sheet)")


def test_a_number_no_sheet_is_named_is_still_counted(tmp_path):
    """0 names no sheet: counted from 0, it is ``1`` (60 min), as before."""
    zero = read_diary(_book(tmp_path / "sheets.xlsx"), sheet=0, mapping={"dayfirst": True},
                      warn=False)
    assert zero.report.details["sheet"] == "1" and _minutes(zero) == [60]
    assert _note(zero).startswith("sheet_by_number: sheet 0 is '1', the sheet read")


def test_the_command_line_reads_the_tab_named(tmp_path):
    """``timestudy validate sheets.xlsx --sheet 1``: the shell gives the text 1, read as a
    number (sheet_of), which is tab ``1``'s name: 60 minutes."""
    from timestudy.cli import main

    path = _book(tmp_path / "sheets.xlsx")
    (tmp_path / "m.yaml").write_text("dayfirst: true\n", encoding="utf-8")
    out = tmp_path / "out"
    code = main(["validate", str(path), "--sheet", "1", "--mapping", str(tmp_path / "m.yaml"),
                 "--out", str(out)])
    assert code == 0
    e = pd.read_parquet(out / "episodes.parquet")
    assert ((e["end"] - e["start"]).dt.total_seconds() / 60).tolist() == [60]
