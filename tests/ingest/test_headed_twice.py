"""Two columns headed alike: refused, naming both, never the first read in silence.

audit22x F3: a workbook with ``end_time`` in column D (old end times 09:15, 11:15, 13:15,
the column hidden) and again in column E (the ends meant: 10:30, 12:30, 14:30) was read
from column D: 45 minutes for the 270 meant, the visible column kept aside as
``end_time.1``, and no word. A CSV's ``end`` twice, or ``end`` and ``End``, the same.
"""

from __future__ import annotations

import datetime as dt

import pytest
import xlsxwriter

from timestudy import read_diary
from timestudy.cli import main
from timestudy.errors import SchemaError


def test_a_workbook_with_a_hidden_column_headed_as_another_is_refused(tmp_path):
    path = tmp_path / "d.xlsx"
    wb = xlsxwriter.Workbook(path)
    day, clock = wb.add_format({"num_format": "dd/mm/yyyy"}), wb.add_format({"num_format": "hh:mm"})
    ws = wb.add_worksheet("Diary")
    ws.write_row(0, 0, ["worker_id", "date", "start_time", "end_time", "end_time", "activity"])
    ws.set_column(3, 3, None, None, {"hidden": True})
    for i in range(3):
        ws.write(1 + i, 0, "W1")
        ws.write_datetime(1 + i, 1, dt.datetime(2026, 3, 9), day)
        ws.write_datetime(1 + i, 2, dt.time(9 + 2 * i), clock)
        ws.write_datetime(1 + i, 3, dt.time(9 + 2 * i, 15), clock)
        ws.write_datetime(1 + i, 4, dt.time(10 + 2 * i, 30), clock)
        ws.write(1 + i, 5, "visit")
    wb.close()
    with pytest.raises(SchemaError, match=r"the 4th and 5th columns are both headed "
                       r"'end_time': timestudy cannot tell which to read as end_time; delete "
                       r"or rename one"):
        read_diary(path, warn=False)


def test_headers_alike_but_for_case_are_refused_with_the_mapping_fix(tmp_path, capsys):
    path = tmp_path / "d.csv"
    path.write_text("worker_id,start,end,End ,activity\n"
                    "W1,2026-03-09T09:00,2026-03-09T09:15,2026-03-09T10:30,visit\n")
    assert main(["validate", str(path)]) == 2
    err = capsys.readouterr().err
    assert ("the 3rd and 4th columns are both headed 'end' and 'End'" in err
            and "(columns: end: 'End')" in err and "Traceback" not in err)


def test_the_mapping_saying_which_column_to_read_is_read(tmp_path):
    """With the mapping naming ``End``: that column is read, 09:00 to 10:30, 90 minutes (the
    first column would give 15), and the other kept aside."""
    path = tmp_path / "d.csv"
    path.write_text("worker_id,start,end,End ,activity\n"
                    "W1,2026-03-09T09:00,2026-03-09T09:15,2026-03-09T10:30,visit\n")
    got = read_diary(path, {"columns": {"end": "End"}}, warn=False)
    assert got.episodes["duration_min"].tolist() == [90.0]


def test_a_column_that_is_no_column_the_reader_takes_may_be_headed_twice(tmp_path):
    path = tmp_path / "d.csv"
    path.write_text("worker_id,start,end,activity,note,note\n"
                    "W1,2026-03-09T09:00,2026-03-09T09:15,visit,a,b\n")
    assert read_diary(path, warn=False).episodes["duration_min"].tolist() == [15.0]
