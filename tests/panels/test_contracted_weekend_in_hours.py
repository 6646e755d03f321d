"""A worker's contracted weekend day is a working day: in hours within working hours, as
a bank holiday worked as a day at work is (audit29 finding 3; one rule,
``schema.clock.working_days``).

TS works Tuesday to Saturday (``workdays`` 'Tue-Sat'), 09:00-17:30 less a 30-minute lunch
(8 h a day), from Tuesday 3 to Saturday 7 March 2026, and 18:00-19:00 on the Saturday too;
W1 works Monday to Friday, the same days, and 10:00-12:00 on Saturday 7 March. By hand:
TS 41 h worked, out of hours only the Saturday's 18:00-19:00, 1 h (before: the whole
Saturday, 9 h); W1 2 h out of hours, the Saturday not being theirs. A bank holiday not
worked as a day at work stays out of hours all day for TS too
(tests/panels/test_bank_holiday_out_of_hours.py).
"""

from __future__ import annotations

import pandas as pd
import pytest

from timestudy.panels import worker_week


def _day(worker: str, day: str) -> list[tuple]:
    d = pd.Timestamp(day)
    return [
        (worker, d + pd.Timedelta("9h"), 180, "direct_work"),
        (worker, d + pd.Timedelta("12h"), 30, "non_work"),
        (worker, d + pd.Timedelta("12h30min"), 300, "direct_work"),
    ]


def _episodes(extra: list[tuple]) -> pd.DataFrame:
    rows = [r for d in pd.date_range("2026-03-03", "2026-03-07") for r in _day("TS", str(d))]
    rows += [r for d in pd.date_range("2026-03-02", "2026-03-06") for r in _day("W1", str(d))]
    rows += extra
    e = pd.DataFrame(rows, columns=["worker_id", "start", "duration_min", "category"])
    return e.assign(
        end=e["start"] + pd.to_timedelta(e["duration_min"], unit="min"),
        task_type="statutory_visit",
        case_id="C1",
    )


WORKERS = pd.DataFrame(
    {
        "worker_id": ["TS", "W1"],
        "fte": 1.0,
        "contracted_hours": 37.0,
        "workdays": ["Tue-Sat", "Mon-Fri"],
    }
)


def test_a_contracted_saturday_is_in_hours():
    w = (
        worker_week(
            _episodes(
                [
                    ("TS", pd.Timestamp("2026-03-07 18:00"), 60, "direct_work"),
                    ("W1", pd.Timestamp("2026-03-07 10:00"), 120, "direct_work"),
                ]
            ),
            WORKERS,
        )
        .groupby("worker_id")[["hours_worked", "hours_out_of_hours"]]
        .sum()
    )
    assert w.loc["TS"].tolist() == pytest.approx([41.0, 1.0])
    assert w.loc["W1"].tolist() == pytest.approx([42.0, 2.0])


def test_a_bank_holiday_off_is_still_out_of_hours_for_a_tuesday_to_saturday_worker():
    # Good Friday 3 April 2026, 10:00-13:00, a day off (under half the usual day)
    rows = [r for d in pd.date_range("2026-03-31", "2026-04-02") for r in _day("TS", str(d))]
    rows.append(("TS", pd.Timestamp("2026-04-03 10:00"), 180, "direct_work"))
    rows += _day("TS", "2026-04-04")
    e = pd.DataFrame(rows, columns=["worker_id", "start", "duration_min", "category"])
    e = e.assign(
        end=e["start"] + pd.to_timedelta(e["duration_min"], unit="min"),
        task_type="statutory_visit",
        case_id="C1",
    )
    w = worker_week(e, WORKERS.iloc[:1])
    assert w["hours_worked"].sum() == pytest.approx(35.0)
    assert w["hours_out_of_hours"].sum() == pytest.approx(3.0)
