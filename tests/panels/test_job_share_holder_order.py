"""A job share's case-months must not depend on which holder is named first (review33).

JS1 works Monday to Wednesday and JS2 Wednesday to Friday, 2-13 March 2026, each writing one
hour on case K every day at work. K is held by both (``"JS1; JS2"`` or ``"JS2; JS1"``) and
opened on Thursday 5 March. Since fix33q a case's days are its first-named holder's own days,
each 5/3 of a day: named JS1 first, K counts JS1's Monday 9, Tuesday 10 and Wednesday 11
(5 days, 50.58 h per case-month); named JS2 first, JS2's Thursday 5, Friday 6, Wednesday 11,
Thursday 12 and Friday 13 (8.33 days, 30.35 h). Opened on Thursday 12: named JS1 first, K has
no case-month and its 12 h fall in none; JS2 first, 3.33 days. Before fix33q (a Monday-to-
Friday case week for both): 7 days and 2 days in either order. The job's days are the
holders' days together (Monday to Friday here), so by hand K opened on Thursday 5 is open 7
of the job's days: 7 days, 8 h (JS1's 3, JS2's 5) over 7/21.07 case-months = 24.08 h per
case-month.
"""

from __future__ import annotations

import warnings

import pandas as pd
import pytest

from timestudy import run_study

MONTH = 21.074404761904763


def _study(holders: str, opened: str):
    rows = []
    for d in pd.date_range("2026-03-02", "2026-03-13", freq="B"):
        for w, days in (("JS1", (0, 1, 2)), ("JS2", (2, 3, 4))):
            if d.dayofweek in days:
                rows += [
                    {"worker_id": w, "activity": "home visit", "case_id": "K",
                     "start": d + pd.Timedelta("9h"), "end": d + pd.Timedelta("10h")},
                    {"worker_id": w, "activity": "emails", "case_id": None,
                     "start": d + pd.Timedelta("10h"), "end": d + pd.Timedelta("17h")},
                ]
    workers = pd.DataFrame({"worker_id": ["JS1", "JS2"], "fte": 0.6, "contracted_hours": 22.2,
                            "workdays": ["Mon Tue Wed", "Wed Thu Fri"]})
    cases = pd.DataFrame({"case_id": ["K", "F"], "case_type": ["CP", "CIN"],
                          "worker_id": [holders, "JS2"], "opened": [pd.Timestamp(opened), pd.NaT],
                          "closed": pd.NaT})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        run = run_study(pd.DataFrame(rows), cases, workers, n_boot=19, min_workers=1,
                        sensitivity=False)
    cm = run.models.case_month.set_index("case_id")
    return float(cm.loc["K", "case_months"]) * MONTH if "K" in cm.index else 0.0


@pytest.mark.parametrize(("opened", "days"), [("2026-03-05", 7.0), ("2026-03-12", 2.0)])
def test_a_job_shares_case_counts_the_jobs_days_whoever_is_named_first(opened, days):
    first, second = _study("JS1; JS2", opened), _study("JS2; JS1", opened)
    assert first == pytest.approx(second)
    assert first == pytest.approx(days)
