"""Rows and cells with no ``r=`` attribute (audit 22: t15_raw).

The OOXML spec lets a sheet's ``<row>`` and ``<c>`` leave out ``r=``: a row then follows
the row before it, a cell the cell before it. openpyxl reads them so; the checks of the
sheet's XML looked only at tags with ``r=``. Built here with openpyxl, then every ``r=``
of a row or cell taken out of the sheet's XML (as the audit's hand-written files have
none). Split layout, 9 March 2026:

* row 2, 09:00-10:30 (90 minutes); row 3, hidden in Excel, 10:30-12:00 (90); row 4, 12:00
  and end_time ``=C4+1/24`` with no saved value.
* Before: rows 2 and 3 read (180 minutes) with no word of the hidden row; row 4 rejected
  "there is no end" (missing_end). After: the same 180 minutes, ``hidden_rows_read`` naming
  row 3, and row 4 rejected ``formula_without_value`` naming D4 (=C4+1/24).
* With the rows numbered but not their cells, the same.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile

import openpyxl
import pytest

from timestudy import read_diary


def _book(path, strip: bytes):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Diary"
    ws.append(["worker_id", "date", "start_time", "end_time", "activity"])
    ws.append(["W1", dt.datetime(2026, 3, 9), dt.time(9), dt.time(10, 30), "a"])
    ws.append(["W1", dt.datetime(2026, 3, 9), dt.time(10, 30), dt.time(12), "draft"])
    ws.append(["W1", dt.datetime(2026, 3, 9), dt.time(12), "=C4+1/24", "c"])
    ws["D4"].number_format = "hh:mm"
    ws.row_dimensions[3].hidden = True
    buf = io.BytesIO()
    wb.save(buf)
    src, out = zipfile.ZipFile(buf), io.BytesIO()
    with zipfile.ZipFile(out, "w") as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = re.sub(rb"(<(?:" + strip + rb")\b[^>]*?) r=\"[^\"]*\"", rb"\1", data)
                assert b'<c r="' not in data
            dst.writestr(item, data)
    path.write_bytes(out.getvalue())
    return path


@pytest.mark.parametrize("strip", [b"row|c", b"c"], ids=["rows-and-cells", "cells"])
def test_unnumbered_rows_and_cells_are_checked_by_their_place(tmp_path, strip):
    result = read_diary(_book(tmp_path / "unnumbered.xlsx", strip), warn=False)
    assert result.episodes["duration_min"].tolist() == [90.0, 90.0]
    warned = {w["code"]: w for w in result.report.details.get("warnings", [])}
    assert warned["hidden_rows_read"]["rows"] == [3]
    assert warned["formula_without_value"]["cells"] == ["D4"]
    reject = result.rejects.iloc[0]
    assert (reject["source_row"], reject["code"]) == (4, "formula_without_value")
    assert reject["reason"].startswith("D4 (=C4+1/24): a formula with no saved value")
