"""Exports appended whose first column is blank-headed (fix27b): pandas' ``to_csv`` writes
``,worker_id,start,...`` with a row number under the blank header, and a spreadsheet's
first column may be left empty; each appended export repeats that header line, its
first cell blank.

Before: header lines were looked for on the first column's values only, so a repeated
header with a blank first cell was never found: in a CSV it was rejected as a bad row
(``start 'start' is not a date and time``, exit 1 "correct them"), 225 minutes accepted
and the line rejected with no minutes known; in an XLSX whose blank-headed column holds
row numbers the same (row 4 rejected). Now they are found on the first column whose
header is not blank, by the same rule, skipped and named ``repeated_header`` as any
other repeated header; a reordered one is read by it, one with other columns refused.
"""

from __future__ import annotations

import io

import openpyxl
import pytest

from timestudy import read_diary
from timestudy.cli import main
from timestudy.errors import SchemaError

HEAD = ",worker_id,start,end,activity,case_id\n"
PART1 = ("0,W1,09/03/2026 09:00,09/03/2026 10:30,visit,C1\n"      # 90 min, line 2
         "1,W1,09/03/2026 10:30,09/03/2026 11:00,notes,C1\n")     # 30 min, line 3
PART2 = ("0,W2,09/03/2026 09:00,09/03/2026 10:00,call,C2\n"       # 60 min, line 5
         "1,W2,09/03/2026 10:00,09/03/2026 10:45,notes,C2\n")     # 45 min, line 6


def _said(r, code):
    return [w["message"] for w in r.report.details.get("warnings", ()) if w["code"] == code]


def _blank_first(text):
    """The same lines with the first cell of every line left empty (Excel)."""
    return "".join("," + line.split(",", 1)[1] + "\n" for line in text.splitlines())


def _csv(tmp_path, text):
    path = tmp_path / "teams.csv"
    path.write_text(text)
    return path


def _xlsx(tmp_path, text, numbers=True):
    book = openpyxl.Workbook()
    for line in text.splitlines():
        cells = [c or None for c in line.split(",")]
        if cells[0] is not None:
            cells[0] = int(cells[0]) if numbers else None
        book.active.append(cells)
    buf = io.BytesIO()
    book.save(buf)
    path = tmp_path / "teams.xlsx"
    path.write_bytes(buf.getvalue())
    return path


@pytest.mark.parametrize("make", [
    lambda tmp: _csv(tmp, HEAD + PART1 + HEAD + PART2),                   # pandas to_csv
    lambda tmp: _csv(tmp, _blank_first(HEAD + PART1 + HEAD + PART2)),     # first left empty
    lambda tmp: _xlsx(tmp, HEAD + PART1 + HEAD + PART2),                  # row numbers
    lambda tmp: _xlsx(tmp, HEAD + PART1 + HEAD + PART2, numbers=False),   # column empty
], ids=["pandas-csv", "blank-csv", "pandas-xlsx", "blank-xlsx"])
def test_a_header_again_with_a_blank_first_cell_is_skipped_and_named(tmp_path, make):
    """Line (row) 4 is ``,worker_id,start,end,activity,case_id`` again. By hand: W1 90 +
    30 = 120, W2 60 + 45 = 105, so 225 minutes in 4 episodes from lines 2, 3, 5, 6, no
    reject, line 4 named ``repeated_header``. Before (the CSVs and the numbered
    workbook): line 4 rejected (``start 'start' is not a date and time``)."""
    r = read_diary(make(tmp_path), warn=False)
    assert r.rejects.empty
    assert len(r.episodes) == 4 and r.episodes["duration_min"].sum() == 225
    assert r.episodes.groupby("worker_id")["duration_min"].sum().to_dict() == {
        "W1": 120, "W2": 105}
    assert r.episodes["source_row"].tolist() == [2, 3, 5, 6]
    said = _said(r, "repeated_header")
    assert said and " 4 (1 " in said[0] and "repeats the header field for field" in said[0]


def test_validate_exits_0_for_pandas_exports_appended(tmp_path, capsys):
    """Nothing to correct: exit 0 and the warning (before: exit 1, line 4 rejected)."""
    path = _csv(tmp_path, HEAD + PART1 + HEAD + PART2)
    assert main(["validate", str(path), "--out", str(tmp_path / "v")]) == 0
    out = capsys.readouterr().out
    assert "repeated_header: line 4 (1 line)" in out
    assert "225.00 in = 225.00 accepted + 0.00 rejected" in out


def test_a_reordered_header_with_a_blank_first_cell_is_read_by_it(tmp_path):
    """The second export wrote its columns in another order, still row-numbered:
    ``,case_id,worker_id,end,start,activity``. By hand: lines 5-6 are W2's 60 and 45
    minutes on C2, so 225 minutes in 4 episodes, no reject (before: lines 4-6 rejected,
    120 minutes)."""
    second = (",case_id,worker_id,end,start,activity\n"
              "0,C2,W2,09/03/2026 10:00,09/03/2026 09:00,call\n"
              "1,C2,W2,09/03/2026 10:45,09/03/2026 10:00,notes\n")
    r = read_diary(_csv(tmp_path, HEAD + PART1 + second), warn=False)
    assert r.rejects.empty and r.episodes["duration_min"].sum() == 225
    w2 = r.episodes[r.episodes["worker_id"] == "W2"]
    assert w2["duration_min"].tolist() == [60, 45] and w2["case_id"].tolist() == ["C2", "C2"]
    assert "its 2 rows (lines 5-6) read by it" in _said(r, "reordered_header")[0]


def test_a_header_again_with_a_blank_first_cell_and_a_column_more_is_refused(tmp_path):
    """``,worker_id,start,end,activity,case_id,team`` at line 4: its rows cannot be read
    by the first header. Refused naming line 4 and the extra column (before: line 4 and
    the rows after it rejected ``wrong_field_count``)."""
    rows = PART2.replace("\n", ",North\n")
    with pytest.raises(SchemaError) as err:
        read_diary(_csv(tmp_path, HEAD + PART1 + HEAD.replace("\n", ",team\n") + rows),
                   warn=False)
    assert "line 4 is a header again" in str(err.value)
    assert "not in the first: 'team'" in str(err.value)


def test_a_row_numbered_worker_named_like_a_header_is_still_a_row(tmp_path):
    """A row whose worker id is ``Start`` and other cells are data is a row, as before:
    180 minutes (90 + 30 + 60 for ``Start``), no repeated header said."""
    row = "2,Start,09/03/2026 09:00,09/03/2026 10:00,x,C9\n"
    r = read_diary(_csv(tmp_path, HEAD + PART1 + row), warn=False)
    assert r.episodes["duration_min"].sum() == 180 and not _said(r, "repeated_header")
