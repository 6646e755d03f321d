"""Times a hair under the second are rounded to it, not cut (audit 22: t06_noise).

Excel keeps times as fractions of a day; a value pasted or exported with 8 digits
(0.37499999 for 09:00) or a timer's seconds reads, through openpyxl, to the millisecond
(08:59:59.999), and the reader cut it to the second. Built here with XlsxWriter as the
audit built it, split layout (date, start_time, end_time formatted hh:mm), 9-13 March:

* row 2, 0.37499999 - 0.41666666: before 08:59:59 - 09:59:59; after 09:00 - 10:00, 60;
* row 3, 09:00 - 0.0006 s to 10:00 - 0.0003 s (08:59:59.9994 - 09:59:59.9997): before
  08:59:59 - 10:00:00, 60.0167 minutes; after 09:00 - 10:00, 60;
* row 4, 23:00 to 0.99999999 (23:59:59.999): before 23:00 - 23:59:59, 59.9833 minutes;
  after 23:00 - 24:00, 60.

Row 4's end rounds up to midnight: ``24:00:00``, the end of the day, not 00:00 of it.
"""

from __future__ import annotations

import datetime as dt

import xlsxwriter

from timestudy import read_diary


def test_times_are_rounded_to_the_nearest_second(tmp_path):
    path = tmp_path / "noise.xlsx"
    wb = xlsxwriter.Workbook(path)
    day, clock = wb.add_format({"num_format": "dd/mm/yyyy"}), wb.add_format(
        {"num_format": "hh:mm"})
    ws = wb.add_worksheet("Diary")
    ws.write_row(0, 0, ["worker_id", "date", "start_time", "end_time", "activity"])
    spans = [(0.37499999, 0.41666666),
             (9 / 24 - 0.0006 / 86400, 10 / 24 - 0.0003 / 86400),
             (23 / 24, 0.99999999)]
    for r, (start, end) in enumerate(spans, start=1):
        ws.write(r, 0, "W1")
        ws.write_datetime(r, 1, dt.datetime(2026, 3, 8 + r), day)
        ws.write_number(r, 2, start, clock)
        ws.write_number(r, 3, end, clock)
        ws.write(r, 4, f"a{r}")
    wb.close()
    episodes = read_diary(path, warn=False).episodes
    assert episodes["start"].dt.strftime("%d %H:%M:%S").tolist() == [
        "09 09:00:00", "10 09:00:00", "11 23:00:00"]
    assert episodes["end"].dt.strftime("%d %H:%M:%S").tolist() == [
        "09 10:00:00", "10 10:00:00", "12 00:00:00"]
    assert episodes["duration_min"].tolist() == [60.0, 60.0, 60.0]


def test_datetimes_are_rounded_to_the_nearest_second(tmp_path):
    """Canonical start and end (dd/mm/yyyy hh:mm): 46090.37499999 (9 March 2026, 08:59:59.999)
    to 46090.41666666 (09:59:59.999) was read 08:59:59 - 09:59:59; now 09:00 - 10:00, 60
    minutes. 46091 + 09:00 - 0.0006 s to 46091 + 10:00 was 60.0167 minutes; now 60."""
    path = tmp_path / "stamps.xlsx"
    wb = xlsxwriter.Workbook(path)
    stamp = wb.add_format({"num_format": "dd/mm/yyyy hh:mm"})
    ws = wb.add_worksheet("Diary")
    ws.write_row(0, 0, ["worker_id", "start", "end", "activity"])
    for r, (start, end) in enumerate([(46090.37499999, 46090.41666666),
                                      (46091 + 9 / 24 - 0.0006 / 86400, 46091 + 10 / 24)],
                                     start=1):
        ws.write(r, 0, "W1")
        ws.write_number(r, 1, start, stamp)
        ws.write_number(r, 2, end, stamp)
        ws.write(r, 3, "x")
    wb.close()
    episodes = read_diary(path, warn=False).episodes
    assert episodes["start"].dt.strftime("%d %H:%M:%S").tolist() == ["09 09:00:00",
                                                                     "10 09:00:00"]
    assert episodes["duration_min"].tolist() == [60.0, 60.0]
