"""The internal completeness table's ``usual_hours`` is the worker's usual day, not the
usual hours of the weekday of their first day (audit29: JS2 of a job share, 4 h Wednesday
afternoons and 8 h Thursdays and Fridays, showed 4.0 where JS1, 8 h Monday and Tuesday and 4 h
on Wednesday morning, showed 8.0)."""

from __future__ import annotations

import pandas as pd

from timestudy.panels import diary_completeness
from timestudy.report.internal import completeness_by_worker


def _days(worker: str, pattern: dict[str, float]) -> pd.DataFrame:
    days = pd.bdate_range("2026-03-02", "2026-03-27")
    rows = [(worker, d + pd.Timedelta(hours=9), pattern[f"{d:%a}"]) for d in days
            if f"{d:%a}" in pattern]
    return pd.DataFrame(rows, columns=["worker_id", "start", "hours"])


def test_usual_hours_is_the_workers_usual_day_whatever_weekday_comes_first():
    js = pd.concat([_days("JS1", {"Mon": 8, "Tue": 8, "Wed": 4}),
                    _days("JS2", {"Wed": 4, "Thu": 8, "Fri": 8})])
    ep = js.assign(task_type="visit", category="direct", duration_min=js["hours"] * 60)
    table = completeness_by_worker(diary_completeness(ep.drop(columns="hours")))
    # by hand: each worker's contracted days (12 in four weeks) are 8 of 8 h and 4 of 4 h:
    # the median of their usual hours is 8
    assert table["usual_hours"].to_dict() == {"JS1": 8.0, "JS2": 8.0}
