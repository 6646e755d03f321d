"""The warning ``number_among_times`` under ``duration_unit: hours`` (audit 22: t05_dur).

hours.xlsx, built with XlsxWriter as the audit built it: start 09:00 on 9-14 March 2026 and
duration_min 1.5, 0.25 (General), 0.0625 ([h]:mm, 1:30), "1:30" (text), 1.5 (0.00), 7.5;
read with ``duration_unit: hours``. 0.25 hours is 15 minutes, and is read so. Before: the
warning said "0.25 is 6:00 ... it is read as the number written: format the cell as a time"
(wrong advice: the cell is in hours). After: it says the number is read in the column's
unit, and only if it is a fraction of a day to format the cell as a time; it names the
column, row 3 and the value for a later step. The sheet is read before the mapping, so the
warning cannot know the unit itself.
"""

from __future__ import annotations

import datetime as dt

import xlsxwriter

from timestudy import read_diary


def test_number_among_times_does_not_assume_a_fraction_of_a_day(tmp_path):
    path = tmp_path / "hours.xlsx"
    wb = xlsxwriter.Workbook(path)
    stamp = wb.add_format({"num_format": "dd/mm/yyyy hh:mm"})
    ws = wb.add_worksheet("Diary")
    ws.write_row(0, 0, ["worker_id", "start", "duration_min", "activity"])
    for r, d in enumerate([1.5, 0.25, (0.0625, "[h]:mm"), "1:30", (1.5, "0.00"), 7.5], 1):
        ws.write(r, 0, "W1")
        ws.write_datetime(r, 1, dt.datetime(2026, 3, 8 + r, 9), stamp)
        if isinstance(d, tuple):
            ws.write_number(r, 2, d[0], wb.add_format({"num_format": d[1]}))
        else:
            ws.write(r, 2, d)
        ws.write(r, 3, f"a{r}")
    wb.close()
    result = read_diary(path, warn=False, mapping={"duration_unit": "hours"})
    # 1.5 h, 0.25 h, 1:30, 1:30, 1.5 h, 7.5 h in minutes
    assert result.episodes["duration_min"].tolist() == [90.0, 15.0, 90.0, 90.0, 90.0, 450.0]
    said = {w["code"]: w for w in result.report.details["warnings"]}["number_among_times"]
    assert (said["column"], said["rows"], said["value"]) == ("duration_min", [3], 0.25)
    assert "read as the number written, in the column's unit (minutes, or the mapping's " \
           "duration_unit): if it is Excel's fraction of a day (0.25 is 6:00), format the " \
           "cell as a time" in said["message"]
