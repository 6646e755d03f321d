"""A case held jointly (a job share, 'JS1; JS2') loses exposure only on the days all its
holders are away (audit29 finding 4; ``panels/co_held.py``).

JS1 works Monday to Wednesday, JS2 Wednesday to Friday, Monday 2 to Friday 13 March 2026.
Case K (CP) is held by both. Each writes 1 h on K on each of their working days and
emails for the rest of the day; JS1 is on annual leave Monday 9 to Wednesday 11, and JS2
does not touch K on those days (emails all Wednesday 11: no cover by the old rule).

By hand (fix34j), K's days are the job's, its holders' days together: Monday to Friday,
each a day, 10 days. On Monday 9 and Tuesday 10 only JS1 is contracted, and away: no holder
whose day it is holds K, out (a co-holder's day off holds nothing, as a one-holder case's
holder's day off is no day of it). On Wednesday 11 JS2 is at work: held. 8 days. Hours: JS1
3 days (2, 3 and 4 March), JS2 5 days (4, 5, 6, 12 and 13 March): 8 h. 8 / (8 / 21.0744) =
21.0744 h per case-month. Before (fix33q, the first-named holder's days, each 5/3, and a
co-holder's day off holding the case): 10 days, 16.8595; before that 10 whole days; before
audit29, 7.

With JS2 off sick on Wednesday 11 too, both are away that day: out, a day of the job's
week of five, 7 days, 8 / (7 / 21.0744) = 24.0850 (fix33q: 10 - 5/3 = 8.3333 days,
20.2314).
"""

from __future__ import annotations

import warnings

import pandas as pd
import pytest

from timestudy import run_study


def _day(worker: str, day: pd.Timestamp, leave: str | None = None) -> list[dict]:
    if leave:
        return [
            {
                "worker_id": worker,
                "activity": leave,
                "case_id": None,
                "start": day + pd.Timedelta("9h"),
                "end": day + pd.Timedelta("17h"),
            }
        ]
    if worker == "JS2" and day == pd.Timestamp("2026-03-11"):  # not on K: no cover
        return [
            {
                "worker_id": worker,
                "activity": "emails",
                "case_id": None,
                "start": day + pd.Timedelta("9h"),
                "end": day + pd.Timedelta("17h"),
            }
        ]
    return [
        {
            "worker_id": worker,
            "activity": "home visit",
            "case_id": "K",
            "start": day + pd.Timedelta("9h"),
            "end": day + pd.Timedelta("10h"),
        },
        {
            "worker_id": worker,
            "activity": "emails",
            "case_id": None,
            "start": day + pd.Timedelta("10h"),
            "end": day + pd.Timedelta("17h"),
        },
    ]


def _diary(js2_sick_on_the_11th: bool) -> pd.DataFrame:
    rows = []
    for day in pd.date_range("2026-03-02", "2026-03-13", freq="B"):
        if day.dayofweek <= 2:
            away = "annual leave" if pd.Timestamp("2026-03-09") <= day else None
            rows += _day("JS1", day, away if day <= pd.Timestamp("2026-03-11") else None)
        if day.dayofweek >= 2:
            sick = js2_sick_on_the_11th and day == pd.Timestamp("2026-03-11")
            rows += _day("JS2", day, "off sick" if sick else None)
    return pd.DataFrame(rows)


WORKERS = pd.DataFrame(
    {
        "worker_id": ["JS1", "JS2"],
        "fte": 0.6,
        "contracted_hours": 22.2,
        "workdays": ["Mon Tue Wed", "Wed Thu Fri"],
    }
)
CASES = pd.DataFrame({"case_id": ["K"], "case_type": ["CP"], "worker_id": ["JS1; JS2"]})


@pytest.mark.parametrize(
    ("sick", "days", "hours"),
    [(False, 8, 8.0), (True, 7, 8.0)],
    ids=["JS2 at work", "both away on the 11th"],
)
def test_a_job_share_keeps_the_days_another_holder_works(sick, days, hours):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        run = run_study(_diary(sick), CASES, WORKERS, n_boot=19, min_workers=1)
    k = run.models.case_month.set_index("case_id").loc["K"]
    assert float(k["case_months"]) * 21.0744 == pytest.approx(days, abs=1e-3)
    assert float(k["hours"]) == pytest.approx(hours)
    assert float(run.guide.case_types.loc["CP", "hours_per_case_month"]) == pytest.approx(
        hours / days * 21.0744, abs=1e-3
    )


def test_a_job_share_takes_its_holders_blank_days_together():
    """JS1 leaves Monday 9 and Tuesday 10 blank (not on leave: written on Wednesday 11,
    1 h on K); JS2 writes every day of theirs. The case's share observed is its holders'
    full working days written taken together, 10 of 12 (JS1 4 of 6, JS2 6 of 6): 10 days
    x 10/12 = 8.3333 case-days; each holder's hours over their own share times it: JS1 4 h
    x (10/12) / (4/6) = 5, JS2 5 h x 10/12 = 4.1667 (before, JS1's share alone, 4/6: 6.6667
    case-days and JS2's 5 h counted as 3.3333). The hours per case-month are 23.1818 either
    way (11 h over 10 days: JS1's 4 h over 4 of 6 days are 6)."""
    d = _diary(False)
    blank = (d["worker_id"] == "JS1") & d["start"].dt.day.isin([9, 10])
    wed = _day("JS1", pd.Timestamp("2026-03-11"))
    d = pd.concat(
        [
            d.loc[~blank & ~((d["worker_id"] == "JS1") & (d["start"].dt.day == 11))],
            pd.DataFrame(wed),
        ],
        ignore_index=True,
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        run = run_study(d, CASES, WORKERS, n_boot=19, min_workers=1)
    k = run.models.case_month.set_index("case_id").loc["K"]
    assert float(k["case_months"]) * 21.0744 == pytest.approx(10 * 10 / 12, abs=1e-3)
    assert float(k["hours"]) == pytest.approx(5 + 5 * 10 / 12)
    assert float(k["hours_per_month"]) == pytest.approx(11 / 10 * 21.0744, abs=1e-3)
