"""A Harvest entry typed in as a duration, read beside timed ones, takes no clock time from
them (review37x, found in this stop's merge of fix37h's patch).

Such an entry is placed from the diary day's start (04:00) and flagged
``time_of_day_unknown``; `panels.working_hours.counted_spans` shared clock time over every
row, the entry ending first keeping it, so a placed block ending after a timed entry's start
took that entry's real minutes. By hand, Ann Lee, Wednesday 4 November, working hours
08:00-18:00:

- 5.0 h untimed (placed 04:00-09:00), a visit 07:00-09:30, a call 10:00-11:00: the visit's
  07:00-08:00 is out of hours: 1.0 h of the 3.5 h with times (was 0.0);
- 14.0 h untimed (placed 04:00-18:00), an entry 17:00-18:30: 18:00-18:30 out of hours,
  0.5 h of 1.5 (was 1.5).
"""

from __future__ import annotations

import pytest

from timestudy import categorise, read_diary
from timestudy.panels.workers import worker_day

HEAD = ("Date,Client,Project,Project Code,Task,Notes,Hours,Hours Rounded,Billable?,"
        "Invoiced?,Approved?,First Name,Last Name,Roles,Employee?,Started At,Ended At,"
        "Billable Rate,Billable Amount,Cost Rate,Cost Amount,Currency,External Reference URL")


def _row(task: str, hours: float, start: str = "", end: str = "") -> str:
    return (f"2026-11-04,Smith family,CP Smith,C00001,{task},,{hours},{hours},No,No,Yes,"
            f"Ann,Lee,Social worker,Yes,{start},{end},0,0,0,0,British Pound - GBP,")


@pytest.mark.parametrize(("rows", "ooh", "known", "worked"), [
    ([_row("Case recording", 5.0), _row("Home visit", 2.5, "7:00am", "9:30am"),
      _row("Phone call", 1.0, "10:00am", "11:00am")], 1.0, 3.5, 8.5),
    ([_row("Case recording", 14.0), _row("Home visit", 1.5, "5:00pm", "6:30pm")],
     0.5, 1.5, 15.5),
])
def test_placed_rows_take_no_clock_from_timed_ones(tmp_path, rows, ooh, known, worked):
    path = tmp_path / "harvest.csv"
    path.write_text("\n".join([HEAD, *rows]) + "\n", encoding="utf-8")
    mapping = tmp_path / "mapping.yaml"
    mapping.write_text('columns: {case_id: "Project Code"}\n', encoding="utf-8")
    e = read_diary(path, mapping=mapping, warn=False).episodes
    assert e["flags"].fillna("").str.contains("time_of_day_unknown").sum() == 1
    d = worker_day(categorise(e)).iloc[0]
    assert d["hours_worked"] == pytest.approx(worked)
    assert d["hours_time_known"] == pytest.approx(known)
    assert d["hours_out_of_hours"] == pytest.approx(ooh)
