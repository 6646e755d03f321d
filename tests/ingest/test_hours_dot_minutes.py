"""``1.30`` under a ``Duration (hh:mm)`` header is 1 h 30 min (the last stop's leftover:
"a Duration (hh:mm) of 1.30 is refused, not read as 90").

A worker who writes 1.30 under a header naming hours and minutes means 90 minutes. The
values written with a point are read so when every one of them has two digits after the
point, below 60, and a warning says how many were; a value that cannot be hours.minutes
(``1.5``: 90 min as decimal hours or 1 h 50 min?; ``1.75``: 75 is not minutes) refuses
the file as before, naming the row and the fix.
"""

from __future__ import annotations

import io

import pytest
import xlsxwriter

from timestudy import read_diary
from timestudy.cli import main
from timestudy.errors import SchemaError

HEAD = "Worker ID,Date,Duration (hh:mm),Activity,Case ID\n"
MAP = {"dayfirst": True, "columns": {"duration_min": "Duration (hh:mm)"}}


def _rows(*values):
    return "".join(f"W1,09/03/2026,{v},visit,C{i}\n" for i, v in enumerate(values, 1))


def _said(r):
    return [w for w in r.report.details.get("warnings", ())
            if w["code"] == "duration_read_as_hours_minutes"]


def test_hours_and_minutes_written_with_a_point_are_read_as_such():
    """By hand: 1.30 = 1 h 30 min = 90, 0.45 = 45, 2.05 = 2 h 5 min = 125, and 1:15 = 75 as
    h:mm: 335 minutes; the warning counts the 3 values read with a point (source rows 2,
    3, 4), not the 1:15. Before: refused ("1.3 is read as 1.3 min"), nothing read."""
    r = read_diary(io.StringIO(HEAD + _rows("1.30", "0.45", "2.05", "1:15")), mapping=MAP,
                   warn=False)
    assert r.episodes["duration_min"].tolist() == [90, 45, 125, 75]
    said = _said(r)
    assert said and said[0]["rows"] == 3
    assert "3 values of 'Duration (hh:mm)' written with a point were read as hours and " \
        "minutes" in said[0]["message"]
    assert "source rows 2, 3, 4;" in said[0]["message"]


def test_validate_reads_them_and_exits_0(tmp_path, capsys):
    """The same file through ``validate``: exit 0 and the warning printed (before: exit 2)."""
    path = tmp_path / "hhmm_dots.csv"
    path.write_text(HEAD + _rows("1.30", "0.45", "2.05"))
    (tmp_path / "m.yaml").write_text('columns: {duration_min: "Duration (hh:mm)"}\n')
    assert main(["validate", str(path), "--mapping", str(tmp_path / "m.yaml"),
                 "--out", str(tmp_path / "v")]) == 0
    assert "duration_read_as_hours_minutes: 3 values" in capsys.readouterr().out


@pytest.mark.parametrize("odd, row, why", [
    ("1.5", 3, "'1.5' has one digit after its point: 90 min as decimal hours, or 1 h 50 min"),
    ("1.75", 3, "'1.75' has 75 minutes after its point, 60 or more"),
    ("0.125", 3, "'0.125' has 3 digits after its point"),
], ids=["one_digit", "sixty_or_more", "three_digits"])
def test_a_value_that_cannot_be_hours_minutes_refuses_the_file(tmp_path, capsys, odd, row,
                                                               why):
    """By hand: 1.30 then ``odd`` at source row 3: 1.5 has one digit (90 min as decimal
    hours, or 1 h 50 min?), 1.75's 75 is no minutes, 0.125 three digits: refused, exit 2,
    one line naming the file, the column, row 3 and the fix. Before: refused for row 2's
    1.30 (read as 1.3 min), and without it 1.75 and 0.125 were read as 1.75 and 0.125
    minutes, unsaid."""
    path = tmp_path / "odd.csv"
    path.write_text(HEAD + _rows("1.30", odd))
    with pytest.raises(SchemaError, match=f"source row {row}: " + why.replace("(", r"\(")):
        read_diary(path, mapping=MAP, warn=False)
    (tmp_path / "m.yaml").write_text('columns: {duration_min: "Duration (hh:mm)"}\n')
    assert main(["validate", str(path), "--mapping", str(tmp_path / "m.yaml"),
                 "--out", str(tmp_path / "v")]) == 2
    err = capsys.readouterr().err.strip()
    assert "\n" not in err and "odd.csv" in err and "'Duration (hh:mm)'" in err
    assert "write the durations as h:mm (1:30) at those rows" in err


def test_a_workbooks_number_cells_read_by_their_digits(tmp_path):
    """A workbook's number cells under ``Duration (hh:mm)``: 1.45 and 0.3 (a 0.30 typed
    into a number cell keeps one digit): 0.3 is ambiguous (18 min as decimal hours, or
    30 min?): refused naming source row 3. Without it, 1.45 and 2.15 read as 105 + 135 =
    240 minutes."""
    def book(values):
        path = tmp_path / "b.xlsx"
        wb = xlsxwriter.Workbook(path)
        ws = wb.add_worksheet()
        ws.write_row(0, 0, HEAD.strip().split(","))
        for i, v in enumerate(values, 1):
            ws.write_row(i, 0, ["W1", "09/03/2026", v, "visit", "C1"])
        wb.close()
        return path
    with pytest.raises(SchemaError, match="source row 3: '0.3' has one digit"):
        read_diary(book([1.45, 0.3]), mapping=MAP, warn=False)
    r = read_diary(book([1.45, 2.15]), mapping=MAP, warn=False)
    assert r.episodes["duration_min"].tolist() == [105, 135]
    assert _said(r)[0]["rows"] == 2


def test_a_unit_in_the_mapping_reads_them_as_it_says():
    """``duration_unit: hours``: 1.30 is decimal hours, 78 min, and 0.45 27 min; nothing
    read as hours.minutes, no warning."""
    r = read_diary(io.StringIO(HEAD + _rows("1.30", "0.45")),
                   mapping={**MAP, "duration_unit": "hours"}, warn=False)
    assert r.episodes["duration_min"].round(6).tolist() == [78, 27]
    assert not _said(r)
