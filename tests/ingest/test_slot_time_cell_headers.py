"""Slot-grid headers typed as times in Excel are time cells, and reach the reader as
``09:00:00`` (audit22x t10_slots.py, t10b.py, t10c_mixhdr.py, t10d.py): they are the slot's
time. A grid of ``09:00``, ``09:30`` as text then ``10:00:00``, ``10:30:00`` as time cells
read 60 of 120 minutes a worker, the two time-cell columns kept as extra columns with no
warning; a grid whose every header was a time cell was refused "none of its headers is a
clock time". A header whose seconds are not 00 is refused, naming it.
"""

from __future__ import annotations

import datetime as dt

import pytest
import xlsxwriter

from timestudy import read_diary
from timestudy.errors import SchemaError

SLOTS = (dt.time(9, 0), dt.time(9, 30), dt.time(10, 0), dt.time(10, 30))
CELLS = ["visit", "visit", "notes", "travel"]


def grid(path, as_text=0, times=SLOTS, fmt="hh:mm", title=None):
    """W1 and W2 on 9 March 2026, slots 09:00-10:30 (visit, visit, notes, travel); the first
    ``as_text`` headers typed as text (``09:00``), the others time cells (format ``fmt``);
    with ``title``, that text in row 1 and the grid from row 3."""
    wb = xlsxwriter.Workbook(path)
    day, clock = wb.add_format({"num_format": "dd/mm/yyyy"}), wb.add_format({"num_format": fmt})
    ws = wb.add_worksheet("Grid")
    top = 0
    if title is not None:
        ws.write(0, 0, title)
        top = 2
    ws.write_row(top, 0, ["worker_id", "date"])
    for j, t in enumerate(times):
        if j < as_text:
            ws.write_string(top, 2 + j, t.strftime("%H:%M"))
        else:
            ws.write_datetime(top, 2 + j, t, clock)
    for i in range(2):
        ws.write(top + 1 + i, 0, f"W{i + 1}")
        ws.write_datetime(top + 1 + i, 1, dt.datetime(2026, 3, 9), day)
        ws.write_row(top + 1 + i, 2, CELLS)
    wb.close()
    return path


@pytest.mark.parametrize("as_text, fmt, kw", [
    (2, "hh:mm", {}), (2, "hh:mm", {"layout": "slots"}),
    (0, "hh:mm", {}), (0, "hh:mm", {"layout": "slots"}),
    (0, "h:mm AM/PM", {}), (0, "hh:mm", {"mapping": {"layout": "slots", "slot_minutes": 30}}),
], ids=["mixed", "mixed_slots", "time_cells", "time_cells_slots", "am_pm_format",
        "slot_minutes"])
def test_time_cell_headers_are_slot_times(tmp_path, as_text, fmt, kw):
    """By hand: 4 slots of 30 minutes from 09:00 = 120 minutes a worker: visit 09:00-10:00
    (60), notes 10:00-10:30 (30), travel 10:30-11:00 (30); 2 workers, 6 episodes, 240
    minutes, no extra column. Before: the mixed grid read 60 minutes a worker (the visit
    only, '10:00:00' and '10:30:00' extra columns) or was refused as having no slot
    header; the all-time-cell grid was refused."""
    r = read_diary(grid(tmp_path / "g.xlsx", as_text, fmt=fmt), warn=False, **kw)
    ep = r.episodes
    assert r.report.layout == "slots" and r.report.details["slot_columns"] == 4
    assert ep["activity"].tolist() == ["visit", "notes", "travel"] * 2
    assert ep["duration_min"].tolist() == [60, 30, 30] * 2
    assert ep["start"].dt.strftime("%H:%M").tolist() == ["09:00", "10:00", "10:30"] * 2
    assert not {"10:00:00", "10:30:00"} & set(ep.columns)


def test_a_header_with_seconds_is_refused_naming_it(tmp_path):
    """By hand: headers 09:00, 09:30:30, 10:00, 10:30: the second is no minute of the clock;
    the grid is refused with one line naming '09:30:30' and the fix ('09:30')."""
    times = (dt.time(9, 0), dt.time(9, 30, 30), dt.time(10, 0), dt.time(10, 30))
    path = grid(tmp_path / "g.xlsx", times=times)
    for kw in ({}, {"layout": "slots"}):
        with pytest.raises(SchemaError, match=r"'09:30:30' is a time with seconds") as err:
            read_diary(path, warn=False, **kw)
        assert "'09:30'" in str(err.value) and "g.xlsx" in str(err.value)
        assert "\n" not in str(err.value)


def test_csv_headers_with_zero_seconds(tmp_path):
    """A CSV with headers 08:00:00 and 08:30:00 (as a spreadsheet saves time cells): two
    30-minute slots, visit 08:00-09:00 = 60 minutes."""
    (tmp_path / "g.csv").write_text("worker_id,date,08:00:00,08:30:00\nW1,09/03/2026,visit,visit\n")
    r = read_diary(tmp_path / "g.csv", warn=False, layout="slots")
    assert r.episodes["duration_min"].tolist() == [60]


def test_a_title_above_time_cell_headers_is_passed_over(tmp_path):
    """audit22x t10_b: a title row above a header of time cells. The header search took
    only a row of text for a header, so it picked the title and the layout could not be
    told ("cannot tell how this diary is laid out"); time cells count as a header's text
    now: 120 minutes a worker, the title named as not read."""
    path = grid(tmp_path / "t.xlsx", title="Team A time diary, week of 9 March")
    got = read_diary(path, warn=False)
    assert got.episodes.groupby("worker_id")["duration_min"].sum().tolist() == [120.0, 120.0]
    said = " ".join(w["message"] for w in got.report.details["warnings"])
    assert "row 3 was read as the header" in said
