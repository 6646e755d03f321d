"""The contracted day speaks only for a weekday short every time it is seen (review14).

W1 (37 h, Mon-Fri: 7.4 h a day) works 09:00-18:00 (9 h) on the weekdays of 9-20 March 2026
but 09:00-13:00 (4 h) on Wednesday 11. One short Wednesday beside an ordinary one is judged
against the worker's own days: 4 h is under half of 9, so written in part and left out;
hours per FTE-week 81 h / 1.8 = 45.0. (Judged against the 7.4-hour contracted day it was
complete: 85 / 2.0 = 42.5.) A job share's Wednesday half day, short every week, is still
judged against the contracted day (tests/panels/test_job_share_half_day.py).
"""

from __future__ import annotations

import warnings

import pandas as pd
import pytest

from timestudy.panels import diary_completeness, worker_week


def test_one_short_day_beside_an_ordinary_one_is_judged_against_the_workers_own_days():
    rows = []
    for day in pd.bdate_range("2026-03-09", "2026-03-20"):
        end = "13:00" if day.day == 11 else "18:00"
        rows.append(("W1", pd.Timestamp(f"{day:%Y-%m-%d} 09:00"),
                     pd.Timestamp(f"{day:%Y-%m-%d} {end}")))
    e = pd.DataFrame(rows, columns=["worker_id", "start", "end"])
    e = e.assign(duration_min=(e["end"] - e["start"]).dt.total_seconds() / 60,
                 task_type="case_notes", category="recording", case_id="C1")
    w = pd.DataFrame({"worker_id": ["W1"], "fte": 1.0, "contracted_hours": 37.0,
                      "workdays": "Mon-Fri"})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        d = diary_completeness(e, w)
        ww = worker_week(e, w, days=d)
    wed = d.loc[d["diary_date"].eq("2026-03-11")].iloc[0]
    assert (wed["usual_hours"], wed["status"]) == (9.0, "partial")
    assert ww["hours_worked"].sum() / ww["fte_weeks"].sum() == pytest.approx(45.0)
