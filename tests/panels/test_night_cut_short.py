"""A night cut short, judged by its own hours, worked by hand (fix31n).

N1 works nights Sunday to Thursday, 22:00-07:00 (``Sun,Mon,Tue,Wed,Thu``, 37 contracted
hours), Sunday 8 to Friday 13 March 2026, each night written 22:00-04:00 and 04:00-07:00
(6 h and 3 h), but Monday night stops at 00:30 (2.5 h). 38.5 hours in all.

Monday's diary day holds Sunday night's 04:00-07:00 and Monday night's start. Read by the
night's day (``shift_tails.night_dates``), as the pieces, the worker-weeks and the
case-months read it: Sunday 9 h, Monday 2.5 h, Tuesday to Thursday 9 h each (Friday holds
only Thursday night's end: read with Thursday, no day of its own). The usual night is 9 h,
Monday's contracted day 37 / 5 = 7.4 h the shorter: 2.5 / 7.4 = 0.34, at least a quarter
and under half, so Monday is written in part. Before, the completeness kept Sunday night's
end on Monday when Monday held a night too: Sunday 6 h, Monday 3 + 2.5 = 5.5 h of a usual
6, complete, and its 3 hours of Sunday night were judged with Monday's.

Hours worked, worker_week alone and inside fit_study: the week of 2 March 9 h (Sunday's
night), the week of 9 March 27 h (Monday's 2.5 h written in part left out; Tuesday to
Thursday 27 h); every minute of the diary on one day of the completeness: 2310 minutes.
"""

from __future__ import annotations

import pandas as pd
import pytest

from timestudy.panels import diary_completeness, worker_week
from timestudy.panels.observed_days import used_episodes

pytestmark = pytest.mark.filterwarnings("ignore::timestudy.errors.DataQualityWarning")

WORKERS = pd.DataFrame(
    {
        "worker_id": ["N1"],
        "fte": [1.0],
        "contracted_hours": [37.0],
        "workdays": ["Sun,Mon,Tue,Wed,Thu"],
    }
)


def _nights(changed: list | None = None) -> pd.DataFrame:
    """The five nights, each (day, start, end) in hours from the day's midnight; by
    default Monday's cut short at 00:30 (``changed`` replaces it)."""
    nights = [
        ("2026-03-08", 22, 31),
        ("2026-03-09", 22, 24.5),
        ("2026-03-10", 22, 31),
        ("2026-03-11", 22, 31),
        ("2026-03-12", 22, 31),
    ]
    if changed is not None:  # Monday whole, the changed nights as given
        nights[1] = ("2026-03-09", 22, 31)
        nights = [next((c for c in changed if c[0] == n[0]), n) for n in nights]
    rows = []
    for day, start, end in nights:
        d = pd.Timestamp(day)
        for lo, hi in ((start, min(end, 28)), (max(start, 28), end)):
            if hi > lo:
                rows.append((d + pd.Timedelta(hours=lo), d + pd.Timedelta(hours=hi)))
    ep = pd.DataFrame(rows, columns=["start", "end"]).assign(
        worker_id="N1", task_type="visit", category="direct"
    )
    ep["duration_min"] = (ep["end"] - ep["start"]).dt.total_seconds() / 60
    return ep


def test_night_cut_short_judged_by_its_own_hours():
    ep = _nights()
    days = diary_completeness(ep, WORKERS).set_index("diary_date")
    assert days["hours_worked"].tolist() == [9.0, 2.5, 9.0, 9.0, 9.0]  # was 6, 5.5, 6, 9, 12
    assert days.loc["2026-03-09", "status"] == "partial"  # was complete
    assert days.loc["2026-03-09", "usual_hours"] == pytest.approx(7.4)
    assert days["hours_worked"].sum() * 60 == ep["duration_min"].sum() == 2310


def test_worker_week_alone_drops_the_night_written_in_part():
    weeks = worker_week(_nights(), WORKERS).set_index("week_start")
    assert weeks["hours_worked"].tolist() == [9.0, 27.0]
    assert weeks["days_partial"].tolist() == [0, 1]


def test_worker_week_alone_and_after_fit_studys_drop_agree():
    """Tuesday night written only 02:00-05:00 (2 h before 04:00, 1 h after): 3 h of a
    usual 7.4, written in part. Its 04:00-05:00 is Wednesday's diary day; Monday night's
    04:00-07:00 is Tuesday's. Read by the night's day: Sunday, Monday, Wednesday, Thursday
    9 h each, Tuesday 3 h left out. ``fit_study`` drops the days written in part before
    the worker-weeks read the nights (``used_episodes``, then ``worker_week`` on what is
    left): before, it dropped Monday night's 3 h with Tuesday's diary day and kept Tuesday
    night's last hour on Wednesday's: the week of 9 March 27 - 3 + 1 = 25 h, alone 27 h.
    """
    ep = _nights([("2026-03-10", 26, 29)])
    days = diary_completeness(ep, WORKERS)
    assert days["hours_worked"].tolist() == [9.0, 9.0, 3.0, 9.0, 9.0]
    assert days["status"].tolist()[2] == "partial"
    alone = worker_week(ep, WORKERS)
    used = used_episodes(ep, days)
    assert used["duration_min"].sum() == 36 * 60  # Tuesday night's 3 h dropped, no more
    inside = worker_week(used, WORKERS, days=days)  # as fit_study calls it
    assert alone["hours_worked"].tolist() == inside["hours_worked"].tolist() == [9.0, 27.0]
