"""A worker taken to work Monday to Friday who never records a Friday is named, with the fix.

The audit (/tmp/audit4, study A with its workers table's ``workdays`` column removed): W04,
1.0 FTE on compressed hours (Monday to Thursday, 9.25 h days), was taken to work Monday to
Friday; each Friday counted as a missing day, their hours per FTE-week became 74 h / 1.6 =
46.25 and the study's rose from 37.4 to 38.4, without a word.
"""

from __future__ import annotations

import warnings

import pandas as pd
import pytest

from timestudy.errors import DataQualityWarning
from timestudy.panels import diary_completeness


def _diary():
    days = pd.date_range("2026-03-09", "2026-03-20")
    rows = []
    for d in days:
        if d.weekday() < 5:
            rows.append(("W1", d + pd.Timedelta("9h"), 450))
        if d.weekday() < 4:
            rows.append(("W4", d + pd.Timedelta("8h"), 555))
    e = pd.DataFrame(rows, columns=["worker_id", "start", "minutes"])
    return e.assign(end=e["start"] + pd.to_timedelta(e["minutes"], unit="min"),
                    counted_min=e["minutes"].astype(float), category="direct_work",
                    task_type="visit", case_id=None, diary_date=e["start"].dt.normalize())


WORKERS = pd.DataFrame({"worker_id": ["W1", "W4"], "fte": [1.0, 1.0]})


def test_a_weekday_never_recorded_is_named():
    with pytest.warns(DataQualityWarning, match=r"1 worker never made an entry on a weekday "
                      r"taken as contracted .*too high as shown.*: W4 \(Friday: 25% too high\)$"):
        days = diary_completeness(_diary(), WORKERS)
    # the rule is unchanged: W4's Fridays are missing days, as the warning says
    w4 = days[days["worker_id"] == "W4"]
    assert (w4.loc[w4["diary_date"].dt.day_of_week == 4, "status"] == "missing").all()


def test_no_warning_when_workdays_are_given():
    with warnings.catch_warnings():
        warnings.simplefilter("error", DataQualityWarning)
        days = diary_completeness(_diary(), WORKERS.assign(workdays=["Mon-Fri", "Mon-Thu"]))
    assert not (days["status"] == "missing").any()


def test_a_weekend_worker_taken_to_work_weekdays_is_said_to_have_no_fte_day():
    """audit22p s6: X1 (0.4 FTE) works Saturday and Sunday, 7.5 h; without workdays they are
    taken to work Monday and Tuesday (the 2 of Monday to Friday with most entries: none,
    earlier first), so all their hours count with no FTE-day at all (in the audit's study
    37.5 h per FTE-week read 40.5). The warning said only that those days "count as
    missing"; now it says what that does. fix29p: the weekend is named as days written every
    week (one warning), no longer also as a swap each week ("X1 (4 days: ...)": a pattern
    of days, not swaps)."""
    days = pd.date_range("2026-11-28", "2026-12-13")  # three weekends, Mondays seen twice
    rows = [("X1", d + pd.Timedelta("9h"), 450) for d in days if d.weekday() >= 5]
    e = pd.DataFrame(rows, columns=["worker_id", "start", "minutes"])
    e = e.assign(end=e["start"] + pd.to_timedelta(e["minutes"], unit="min"),
                 counted_min=e["minutes"].astype(float), category="direct_work",
                 task_type="visit", case_id=None, diary_date=e["start"].dt.normalize())
    with warnings.catch_warnings(record=True) as got:
        warnings.simplefilter("always")
        diary_completeness(e, pd.DataFrame({"worker_id": ["X1"], "fte": [0.4]}))
    said = " ".join(str(w.message) for w in got)
    assert ("X1 (Monday, Tuesday; Saturday, Sunday written every week, not contracted: every "
            "hour counted with no FTE-day)") in said
    assert "X1 (4 days" not in said and "off-contract" not in said


def _swap_diary():
    """audit22p s4: S1 (0.6 FTE, Monday to Wednesday) works Monday to Wednesday in the
    week of 30 November 2026, then Tuesday to Thursday, Monday empty, 7.5 h a day."""
    dates = pd.to_datetime(["2026-11-30", "2026-12-01", "2026-12-02", "2026-12-08",
                            "2026-12-09", "2026-12-10"])
    e = pd.DataFrame({"worker_id": "S1", "start": dates + pd.Timedelta("9h"), "minutes": 450})
    return e.assign(end=e["start"] + pd.to_timedelta(e["minutes"], unit="min"),
                    counted_min=450.0, category="direct_work", task_type="visit",
                    case_id=None, diary_date=dates)


def test_a_day_swapped_in_a_week_is_named_with_what_it_does():
    """By hand: 6 days x 7.5 h = 45 h. Read as the rule reads it (Monday 7 December missing,
    Thursday 10 December extra): 45 h over 5 contracted days used, one FTE-week of 3 days,
    45.0 h per FTE-week; if the days were swapped, over 6 days, 1.2 FTE-weeks: 37.5. One
    swap possible over 5 contracted days used: 20% too high; a case of S1's has 5 of their
    6 days seen, 6 if swapped: 20% too high per case-month too, now said (fix35w). The
    rule is unchanged and said."""
    workers = pd.DataFrame({"worker_id": ["S1"], "fte": [0.6], "workdays": ["Mon Tue Wed"]})
    with pytest.warns(DataQualityWarning, match=r"1 worker had weeks with a contracted day "
                      r"left empty and another day worked off-contract.*: S1 \(1 day: 20% too "
                      r"high per FTE-week, 20% per case-month of the cases they hold\)$"):
        days = diary_completeness(_swap_diary(), workers)
    status = dict(zip(days["diary_date"].dt.strftime("%d"), days["status"], strict=True))
    assert status["07"] == "missing" and status["10"] == "extra"


def test_no_swap_is_named_where_the_empty_day_and_the_extra_day_are_in_different_weeks():
    """Monday 30 November empty and Thursday 10 December worked: two weeks apart, no swap
    that week can explain; no warning of swaps."""
    e = _swap_diary()
    e = e.loc[e["diary_date"] != "2026-11-30"]
    e = pd.concat([e, _swap_diary().iloc[[0]].assign(
        diary_date=pd.Timestamp("2026-12-07"), start=pd.Timestamp("2026-12-07 09:00"),
        end=pd.Timestamp("2026-12-07 16:30"))])
    workers = pd.DataFrame({"worker_id": ["S1"], "fte": [0.6], "workdays": ["Mon Tue Wed"]})
    with warnings.catch_warnings(record=True) as got:
        warnings.simplefilter("always")
        diary_completeness(e, workers)
    assert not [w for w in got if "off-contract" in str(w.message)]


def test_the_share_too_high_is_the_workers_own_whatever_their_diarys_length():
    """review22b: W4 (Monday to Thursday, 9.25 h days) keeps a diary 16 to 26 March while
    W1's runs 2 to 27 March. By hand: 74 h over 8 days used, 1.6 FTE-weeks: 46.25 h per
    FTE-week for 37, 25% too high (1 of 5 weekdays not worked: 1 / 4). The warning said
    50%, having counted the study's four Fridays, not W4's two."""
    rows = [("W1", d, 450) for d in pd.bdate_range("2026-03-02", "2026-03-27")]
    rows += [("W4", d, 555) for d in pd.bdate_range("2026-03-16", "2026-03-26")
             if d.weekday() < 4]
    e = pd.DataFrame(rows, columns=["worker_id", "day", "minutes"])
    e = e.assign(start=e.pop("day") + pd.Timedelta("9h"))
    e = e.assign(end=e["start"] + pd.to_timedelta(e["minutes"], unit="min"),
                 counted_min=e["minutes"].astype(float), category="direct_work",
                 task_type="visit", case_id=None, diary_date=e["start"].dt.normalize())
    with pytest.warns(DataQualityWarning, match=r"W4 \(Friday: 25% too high\)"):
        diary_completeness(e, WORKERS)
