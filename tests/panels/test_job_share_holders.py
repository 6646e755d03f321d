"""Which holders a job share's days are read with: one who kept no diary, one whose diary
stops, one who joins mid-study, and the one reading of a holder cell (review35, fix35j).

The fortnight of ``test_job_share_days``: 2-13 March 2026, JS1 Monday to Wednesday, JS2 (or
JS3) Wednesday to Friday, each writing 1 h on case K and 7 h of emails on each day at work;
by hand, days = case-months x 21.0744 and hours per case-month = hours / days x 21.0744.

The reading (``panels/co_held``): a holder's days outside their own diary window (no diary
at all, before joining, after leaving, after their diary stops) are days they did not hold
the job; such a day is out of its case-months unless a holder whose day it is kept a diary
that day. A blank day inside a holder's window is a missing day (their used share).
"""

from __future__ import annotations

import warnings

import pandas as pd
import pytest
from test_job_share_days import JS, MONTH, ON, _each_order, _episodes, _workers

from timestudy.errors import DataQualityWarning
from timestudy.ingest.co_worked import split_co_held
from timestudy.panels import case_month
from timestudy.panels.absence_cover import absence_covered

NO_DIARY = {"JS1": "Mon Tue Wed", "JS3": "Wed Thu Fri"}


def test_a_co_holder_who_kept_no_diary_holds_none_of_their_days():
    """JS3 (Wednesday to Friday) is listed and kept no diary. The job's week is Monday to
    Friday, a day each; JS3's Thursdays and Fridays no holder who kept a diary held: out;
    JS1's Monday to Wednesday held: 6 days, JS1's 6 h, 21.07 h per case-month, either order
    (before: JS3 dropped from the job, JS1's week alone at 5/3 a day, 10 days, 12.64)."""
    days, hours = _each_order(NO_DIARY, {"JS1": (0, 1, 2)})
    assert (days, hours) == pytest.approx((6.0, 6.0))
    assert hours / days * MONTH == pytest.approx(21.0744, abs=1e-4)


def test_a_co_holder_who_kept_no_diary_is_named():
    """One line naming the holder and the first case, and what to do."""
    workers = _workers(NO_DIARY)
    e = _episodes({"JS1": (0, 1, 2)}, "2026-03-02", "2026-03-13")
    cases = pd.DataFrame(
        {
            "case_id": ["K", "L"],
            "case_type": "CP",
            "worker_id": ["JS1; JS3", "JS1"],
            "opened": pd.NaT,
            "closed": pd.NaT,
        }
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        cases = split_co_held(cases, workers, "cases")
    with pytest.warns(DataQualityWarning) as got:
        case_month(e, cases, workers=workers)
    said = [str(w.message) for w in got if "kept no diary" in str(w.message)]
    assert said == [
        "1 jointly held case names a holder who kept no diary (JS3: first case 'K', held by "
        "JS1 and JS3): their days of the job are read as days they did not hold it (Monday to "
        "Friday when the workers table gives them no workdays), out of its case-months unless "
        "a co-holder whose day it is was at work that day or a colleague covered the spell, "
        "and their time on it is not in the hours; add their diary, or take them out of the "
        "holder cell if they did not hold the case"
    ]


def test_a_holders_blank_last_day_reads_as_outside_their_window():
    """Pinned (review35 item 2): JS2 writes nothing on Friday 13, the study's last day, with
    no ``left``: their window ends on Thursday 12, as a lone holder's would (a diarist who
    stops writing reads as one who left: ``windows.diary_windows``), so Friday 13, JS2's
    day alone, is a day no holder held: out, 9 days; 6 + 5 = 11 h, 25.76 h per case-month
    (a blank Wednesday 11 inside the window is missing, 9.17 days, 25.29). The same as
    before this change."""
    days, hours = _each_order(JS, ON, blank={("JS2", "2026-03-13")})
    assert (days, hours) == pytest.approx((9.0, 11.0))


def test_a_holder_joining_mid_study():
    """Pinned (review35 item 3): JS2 joins on Monday 9 (``joined``; the same with no
    ``joined`` and a diary that begins that day, read as a joiner). Week 1 is the job's
    week all the same, Monday to Friday, a day each; JS2's Thursday and Friday are days no
    holder held (JS2 not yet in post), out, as after a holder leaves
    (``test_job_share_days.test_a_holder_leaving_mid_study``): 3 + 5 = 8 days, 3 + 6 = 9 h,
    23.71 h per case-month (the job is not JS1's alone that week, 5 days at 5/3: 10 days,
    18.97). The same as before this change."""
    on = {"JS1": (0, 1, 2), "JS2": lambda d: d.day_of_week in (2, 3, 4) and d.day >= 9}
    joined = {"joined": pd.to_datetime([None, "2026-03-09"]), "left": pd.NaT}
    assert _each_order(JS, on, more=joined) == pytest.approx((8.0, 9.0))
    assert _each_order(JS, on) == pytest.approx((8.0, 9.0))


def test_one_reading_of_a_holder_cell():
    """A co-holder's name with spaces about it is the same holder in the cover
    (``absence_cover``) as in the job's days and windows (``co_held.case_holders``, the one
    reading): JS2's blank Monday 9, a colleague X on K that day, JS1 on leave, is absence
    covered, as with the name written plainly (before: the cover alone did not trim the
    name, read ``' JS2 '`` as no diarist and left JS2's day missing)."""
    cases = pd.DataFrame(
        {"case_id": ["K"], "worker_id": ["JS1"], "co_workers": pd.array([" JS2 "], dtype="string")}
    )
    days = pd.DataFrame(
        {
            "worker_id": ["JS1", "JS2", "X"],
            "diary_date": pd.Timestamp("2026-03-09"),
            "contracted": True,
            "status": ["absent", "missing", "complete"],
            "absent": [True, False, False],
            "used": [False, False, True],
        }
    )
    work = pd.DataFrame(
        {"case_id": ["K"], "worker_id": ["X"], "diary_date": pd.to_datetime(["2026-03-09"])}
    )
    assert absence_covered(days, work, cases)["status"].tolist() == ["absent", "absent", "complete"]
    from timestudy.panels.co_held import case_holders, job_holders

    assert case_holders(cases)["holder"].tolist() == ["JS1", "JS2"]
    assert job_holders(cases, pd.Index(["JS1", "JS2"]), [0]).tolist() == [[0, 1]]
