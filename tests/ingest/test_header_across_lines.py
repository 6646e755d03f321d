"""A header cell written across two lines (Excel's wrap text, Alt+Enter) is read with its
line break as a space (the last stop's leftover: "a header cell written across two lines
is refused").

Saved as CSV, the cell is quoted with the break inside: ``"Start\\ntime"``. The header was
taken to end at the first line break, so its fields were ``Worker ID``, ``Date`` and
``Start`` (an open quote), every row had more fields than the header, and the layout could
not be told: refused.
"""

from __future__ import annotations

import pytest
import xlsxwriter

from timestudy import read_diary
from timestudy.errors import SchemaError

HEAD = 'Worker ID,Date,"Start\ntime","End\ntime",Activity,"Case\nID"\n'
ROWS = "W1,09/03/2026,09:00,10:30,visit,C1\nW1,09/03/2026,10:30,11:00,notes,C1\n"


def _said(r):
    return [w["message"] for w in r.report.details.get("warnings", ())
            if w["code"] == "header_across_lines"]


def test_a_wrapped_header_is_read_and_named(tmp_path):
    """By hand: the header takes lines 1-4 (three cells wrapped), so the rows are lines 5
    and 6: W1 09:00-10:30 (90) and 10:30-11:00 (30), 120 minutes, layout split; the
    warning names 'Start time', 'End time', 'Case ID'. Before: refused ("cannot tell how
    this diary is laid out", columns 'Worker ID', 'Date', 'Start\\ntime...')."""
    path = tmp_path / "wrapped.csv"
    path.write_text(HEAD + ROWS)
    r = read_diary(path, warn=False)
    assert r.report.layout == "split"
    assert r.episodes["duration_min"].tolist() == [90, 30]
    assert r.episodes["source_row"].tolist() == [5, 6]
    assert r.episodes["case_id"].tolist() == ["C1", "C1"]
    said = _said(r)
    assert said and said[0].startswith("header_across_lines: 3 header cells written across")
    assert "'Start time', 'End time', 'Case ID'" in said[0]


def test_a_wrapped_duration_header_and_a_mapping_naming_it(tmp_path):
    """``"Duration\\r\\n(mins)"`` (Windows line ends) is ``Duration (mins)``: a dated
    diary of 90 + 30 = 120 minutes, with no mapping or with one naming the header as it
    reads on screen. Before: refused."""
    path = tmp_path / "d.csv"
    path.write_bytes(b'Worker ID,Date,"Duration\r\n(mins)",Activity\r\n'
                     b"W1,09/03/2026,90,visit\r\nW1,09/03/2026,30,notes\r\n")
    for mapping in (None, {"columns": {"duration_min": "Duration (mins)"}}):
        r = read_diary(path, mapping=mapping, warn=False)
        assert r.report.layout == "dated"
        assert r.episodes["duration_min"].sum() == 120
        assert r.episodes["source_row"].tolist() == [3, 4]
        assert "'Duration (mins)'" in _said(r)[0]


def test_a_large_file_streamed_counts_its_lines_from_the_headers_last(tmp_path):
    """A CSV over 128 kB is streamed (csvfile.read_csv_file): 4,000 rows of 60 minutes after
    a header of 4 lines: the first row is line 5, the last line 4,004; 240,000 minutes."""
    rows = "".join(f"W{i % 7},09/03/2026,09:00,10:00,visit,C{i}\n" for i in range(4000))
    path = tmp_path / "big.csv"
    path.write_text(HEAD + rows)
    assert path.stat().st_size > 1 << 17
    r = read_diary(path, warn=False)
    assert r.episodes["duration_min"].sum() == 240_000
    assert sorted(r.episodes["source_row"])[::3999] == [5, 4004]
    assert _said(r)


def test_a_workbooks_wrapped_header_cell(tmp_path):
    """A workbook cell ``Duration\\n(mins)`` (Alt+Enter): read as ``Duration (mins)``, 90
    minutes, named. Before: refused, the column ``Duration\\n(mins)`` matching no name."""
    path = tmp_path / "w.xlsx"
    wb = xlsxwriter.Workbook(path)
    ws = wb.add_worksheet()
    ws.write_row(0, 0, ["Worker ID", "Date", "Duration\n(mins)", "Activity"])
    ws.write_row(1, 0, ["W1", "09/03/2026", 90, "visit"])
    wb.close()
    r = read_diary(path, warn=False)
    assert r.episodes["duration_min"].tolist() == [90]
    assert "'Duration (mins)'" in _said(r)[0]


def test_a_quote_never_closed_is_not_taken_for_a_wrapped_cell(tmp_path):
    """A header whose quote is never closed (``"Start time,End time,Activity``) is read as
    before, its first line alone, not swallowing the rows below: refused as before (one
    column ``Start time,End time,Activity``), no header_across_lines."""
    path = tmp_path / "d.csv"
    path.write_text('Worker ID,Date,"Start time,End time,Activity\n' + ROWS)
    with pytest.raises(SchemaError, match="cannot tell how this diary is laid out") as err:
        read_diary(path, warn=False)
    assert "'Start time,End time,Activity" in str(err.value)
