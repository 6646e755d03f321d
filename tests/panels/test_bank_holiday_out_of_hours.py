"""Work on a bank holiday that is not a day at work is out of hours all day, as at a
weekend (audit22o).

W1 works Monday 30 March to Thursday 2 April 2026, 09:00-12:00 and 13:00-17:00 (7 h a day),
and a statutory visit on Good Friday, 3 April, 10:00-13:00: work on a day off (``extra``, under
half the usual day). By hand: 31 hours worked, the 3 on Good Friday out of hours, 3/31 =
9.7%. Before, the visit was counted in hours (its weekday a working day): 0 hours out of
hours, "0% of the time worked". A bank holiday worked as a day at work (a rota's full day)
keeps its working hours in hours (tests/panels/test_bank_holidays.py).
"""

from __future__ import annotations

import pandas as pd
import pytest

from timestudy.panels import worker_week


def _episodes() -> pd.DataFrame:
    rows = []
    for d in pd.date_range("2026-03-30", "2026-04-02"):
        rows += [(d + pd.Timedelta("9h"), 180), (d + pd.Timedelta("13h"), 240)]
    rows.append((pd.Timestamp("2026-04-03 10:00"), 180))
    e = pd.DataFrame(rows, columns=["start", "duration_min"])
    return e.assign(end=e["start"] + pd.to_timedelta(e["duration_min"], unit="min"),
                    worker_id="W1", category="direct_work", task_type="statutory_visit",
                    case_id="C1")


def test_a_visit_on_good_friday_is_out_of_hours_in_the_worker_weeks():
    w = worker_week(_episodes())
    assert w["hours_worked"].sum() == pytest.approx(31.0)
    assert w["hours_out_of_hours"].sum() == pytest.approx(3.0)
