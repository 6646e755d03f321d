"""A jointly held case's days are its holders' days together, whoever is named first (fix34j).

The rule (``panels/windows.job_day_weights``, ``panels/co_held``): a job's week is the union
of its holders' contracted days in each calendar week, each 5 over the union's days (a week
wholly open is five days); one holder's job is their own week. A day of the job is out
only when every holder whose day it is is away (absent, or outside their own window), the
part of a day away the least part any of them was away; a co-holder's day off holds
nothing; a bank holiday on a day of the job is out. A spell of the job's days away on
which someone not away worked the case is held by cover.

Each study: 2-13 March 2026 (two weeks, no bank holiday) unless said; every holder writes
1 h on case K and 7 h of emails on each day at work; K open throughout. By hand, days =
case-months x 21.0744.
"""

from __future__ import annotations

import itertools
import warnings

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from timestudy.ingest.co_worked import split_co_held
from timestudy.panels import case_month

MONTH = 21.074404761904763
DAYS = {"Mon": 0, "Tue": 1, "Wed": 2, "Thu": 3, "Fri": 4}


def _episodes(on: dict, start: str, end: str, leave=(), extra=(), half=(), blank=()
              ) -> pd.DataFrame:
    """``on``: worker -> weekdays at work (or a function of the date); ``leave``: (worker,
    date) on leave; ``extra``: (worker, date) 1 h on K on a day off; ``half``: (worker, date)
    an afternoon's leave (4 h) after 1 h on K and 3 h of emails."""
    rows = []
    for d in pd.bdate_range(start, end):
        for w, days in on.items():
            works = days(d) if callable(days) else d.day_of_week in days
            if (w, f"{d:%Y-%m-%d}") in blank:  # nothing written that day
                continue
            if works and (w, f"{d:%Y-%m-%d}") in half:
                rows += [
                    {
                        "worker_id": w,
                        "start": d + pd.Timedelta(f"{h}h"),
                        "duration_min": m,
                        "task_type": t,
                        "category": c,
                        "case_id": k,
                    }
                    for h, m, t, c, k in (
                        (9, 60.0, "case_notes", "case_work", "K"),
                        (10, 180.0, "email_admin", "admin", None),
                        (13, 240.0, "leave", "non_work", None),
                    )
                ]
            elif (w, f"{d:%Y-%m-%d}") in leave:
                rows.append(
                    {
                        "worker_id": w,
                        "start": d + pd.Timedelta("9h"),
                        "duration_min": 450.0,
                        "task_type": "leave",
                        "category": "non_work",
                        "case_id": None,
                    }
                )
            elif works or (w, f"{d:%Y-%m-%d}") in extra:
                rows += [
                    {
                        "worker_id": w,
                        "start": d + pd.Timedelta("9h"),
                        "duration_min": 60.0,
                        "task_type": "case_notes",
                        "category": "case_work",
                        "case_id": "K",
                    },
                    {
                        "worker_id": w,
                        "start": d + pd.Timedelta("10h"),
                        "duration_min": 0.0 if not works else 420.0,
                        "task_type": "email_admin",
                        "category": "admin",
                        "case_id": None,
                    },
                ]
    e = pd.DataFrame(rows)
    return e.loc[e["duration_min"] > 0].reset_index(drop=True)


def _k(holders: str, workers: pd.DataFrame, e: pd.DataFrame, opened=None) -> pd.Series:
    cases = pd.DataFrame(
        {
            "case_id": ["K"],
            "case_type": ["CP"],
            "worker_id": [holders],
            "opened": [pd.Timestamp(opened) if opened else pd.NaT],
            "closed": pd.NaT,
        }
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        cm = case_month(e, split_co_held(cases, workers, "cases"), workers=workers)
    cm = cm.set_index("case_id")
    if "K" not in cm.index:  # open on no day of its job: no case-month, its hours in none
        return pd.Series(0.0, index=cm.columns)
    return cm.loc["K"]


def _workers(workdays: dict, **more) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "worker_id": list(workdays),
            "fte": 0.6,
            "contracted_hours": 22.2,
            "workdays": list(workdays.values()),
            **more,
        }
    )


def _one_study_per_order(workdays: dict, on: dict, start="2026-03-02", end="2026-03-13",
                         **kw) -> list[pd.Series]:
    """K's row with its holders named in each order, one study (one ``case_month``) each."""
    workers = _workers(workdays, **kw.pop("more", {}))
    e = _episodes(on, start, end, **kw)
    return [_k("; ".join(p), workers, e) for p in itertools.permutations(workdays)]


def _every_order_at_once(workdays: dict, on: dict, start="2026-03-02", end="2026-03-13",
                         opened=None, more=None, **kw) -> list[pd.Series]:
    """K's row with its holders named in each order, as :func:`_one_study_per_order` gives
    them, from one ``case_month`` call: a copy of the study for each order (``P<j>:`` before
    each name, K<j> for K), each copy's holders their own workers who work only their own
    copy's case (the copies share no one, so each case's figures are its study's alone; the
    prefix the same within a copy, the names sort among themselves as before)."""
    orders = list(itertools.permutations(workdays))
    e_one = _episodes(on, start, end, **kw)
    e, cases, workers = [], [], []
    for j, order in enumerate(orders):
        name = {w: f"P{j}:{w}" for w in workdays}
        e.append(e_one.assign(worker_id=e_one["worker_id"].map(name),
                              case_id=e_one["case_id"].where(e_one["case_id"].isna(), f"K{j}")))
        cases.append({"case_id": f"K{j}", "case_type": "CP",
                      "worker_id": "; ".join(name[w] for w in order),
                      "opened": pd.Timestamp(opened) if opened else pd.NaT, "closed": pd.NaT})
        workers.append(_workers({name[w]: d for w, d in workdays.items()}, **(more or {})))
    workers = pd.concat(workers, ignore_index=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        cm = case_month(pd.concat(e, ignore_index=True),
                        split_co_held(pd.DataFrame(cases), workers, "cases"), workers=workers)
    cm = cm.set_index("case_id")
    none = pd.Series(0.0, index=cm.columns)  # open on no day of its job: no case-month
    return [cm.loc[f"K{j}"] if f"K{j}" in cm.index else none for j in range(len(orders))]


def _each_order(workdays: dict, on: dict, start="2026-03-02", end="2026-03-13", *,
                alone: bool = False, **kw):
    """K's (days, hours) with its holders named in every order: all equal, returned once.
    ``alone``: one study per order (:func:`_one_study_per_order`); else every order in one
    call (:func:`_every_order_at_once`)."""
    get = _one_study_per_order if alone else _every_order_at_once
    got = dict(zip(itertools.permutations(workdays), get(workdays, on, start, end, **kw),
                   strict=True))
    first = next(iter(got.values()))
    for p, k in got.items():
        assert float(k["case_months"]) == pytest.approx(float(first["case_months"])), p
        assert float(k["hours"]) == pytest.approx(float(first["hours"])), p
    return float(first["case_months"]) * MONTH, float(first["hours"])


JS = {"JS1": "Mon Tue Wed", "JS2": "Wed Thu Fri"}
ON = {"JS1": (0, 1, 2), "JS2": (2, 3, 4)}


def test_the_jobs_week_is_its_holders_days_together():
    """Monday to Friday, a day each: 10 days; 6 h by JS1 and 6 by JS2 (fix33q: named JS1
    first, JS1's six days each 5/3, 10 days too: a case open throughout was order-free).
    One study per order, as in the next but three; the rest take every order at once."""
    assert _each_order(JS, ON, alone=True) == pytest.approx((10.0, 12.0))


def test_one_holder_on_leave_on_a_day_the_other_works_is_held():
    """JS1 on leave Wednesday 11, JS2 at work: the job is held, 10 days; 5 + 6 = 11 h."""
    assert _each_order(JS, ON, leave={("JS1", "2026-03-11")}) == pytest.approx((10.0, 11.0))


def test_both_on_leave_the_day_is_out():
    """Both away on Wednesday 11: 9 days; 5 + 5 = 10 h (before: 10 - 5/3 = 8.33 days, a
    day of the first-named holder's week of three)."""
    leave = {("JS1", "2026-03-11"), ("JS2", "2026-03-11")}
    assert _each_order(JS, ON, leave=leave) == pytest.approx((9.0, 10.0))


def test_a_co_holders_day_off_holds_nothing():
    """JS1 on leave Monday 9, JS2's day off: no holder whose day it is holds K, out: 9 days
    (before: 10 either order, kept by JS2's day off named JS1 first, no day of JS2's week
    named JS2 first). 5 + 6 = 11 h."""
    assert _each_order(JS, ON, leave={("JS1", "2026-03-09")}) == pytest.approx((9.0, 11.0))


def test_a_co_holder_working_the_case_on_a_day_off_covers_it():
    """As above, JS2 writes 1 h on K on Monday 9, a day off: the spell is held by cover,
    10 days; 5 + 7 = 12 h."""
    got = _each_order(JS, ON, leave={("JS1", "2026-03-09")}, extra={("JS2", "2026-03-09")},
                      alone=True)
    assert got == pytest.approx((10.0, 12.0))


@pytest.mark.parametrize(
    ("half", "days"),
    [
        ({("JS1", "2026-03-09")}, 10 - 4 / 7.4),
        ({("JS1", "2026-03-11")}, 10.0),
        ({("JS1", "2026-03-11"), ("JS2", "2026-03-11")}, 10 - 4 / 7.4),
    ],
    ids=["own day", "other at work", "both"],
)
def test_an_afternoons_leave(half, days):
    """4 h of leave on a 7.4-hour day (22.2 / 3) is 0.54 of it away. JS1's afternoon off on
    Monday 9, JS1's day only: 10 - 0.54 = 9.46 days (JS1's own hour on K that morning is no
    cover); on Wednesday 11, JS2 at work: held, 10; both away that afternoon: the least part
    away, 9.46. 12 h. (Before: 10 days in all three, a co-holder at hand on a day off.)"""
    assert _each_order(JS, ON, half=half) == pytest.approx((days, 12.0))


def test_a_bank_holiday_on_one_holders_day_only():
    """30 March to 10 April 2026: Good Friday 3 April is JS2's day, Easter Monday 6 April
    JS1's: both days of the job, out: 10 - 2 = 8 days (fix33q: 10 - 5/3 = 8.33 either way,
    each holder's own five thirds). JS1 5 h (not Easter Monday), JS2 5 h (not Good Friday)."""
    on = {
        "JS1": lambda d: d.day_of_week in (0, 1, 2) and d != pd.Timestamp("2026-04-06"),
        "JS2": lambda d: d.day_of_week in (2, 3, 4) and d != pd.Timestamp("2026-04-03"),
    }
    got = _each_order(JS, on, start="2026-03-30", end="2026-04-10")
    assert got == pytest.approx((8.0, 10.0))


def test_holders_on_the_same_days():
    """Monday-Tuesday and Monday-Tuesday: the union's 2 days, each 5/2: 4 x 5/2 = 10 days; one
    on leave Monday 9 with the other at work: held, 10; 4 + 3 = 7 h."""
    same = {"JS1": "Mon Tue", "JS2": "Mon Tue"}
    on = {"JS1": (0, 1), "JS2": (0, 1)}
    assert _each_order(same, on) == pytest.approx((10.0, 8.0))
    assert _each_order(same, on, leave={("JS1", "2026-03-09")}) == pytest.approx((10.0, 7.0))


def test_three_holders_in_any_order():
    """A Monday-Tuesday, B Wednesday, C Thursday-Friday: Monday to Friday, 10 days, in all six
    orders; B on leave Wednesday 11 (no one else's day): 9 days; 4 + 1 + 4 = 9 h (before:
    10 days in every order, B's day away kept by A's or C's day off)."""
    three = {"A": "Mon Tue", "B": "Wed", "C": "Thu Fri"}
    on = {"A": (0, 1), "B": (2,), "C": (3, 4)}
    assert _each_order(three, on) == pytest.approx((10.0, 10.0))
    assert _each_order(three, on, leave={("B", "2026-03-11")}) == pytest.approx((9.0, 9.0))


def test_a_holder_leaving_mid_study():
    """JS2 left on Monday 9 (diary to Friday 6). The case's window is its holders' together
    (2 to 13 March, whoever is named first; before, named JS2 first, it ended on Sunday 8).
    Week 1: 5 days; week 2: JS2's Thursday and Friday are days of the job no holder whose day
    it is holds (JS2 gone), out, as a holder's leave is: Monday to Wednesday, 3; 8 days.
    JS1 6 h, JS2 3 h (before: named JS1 first 10 days and 9 h; JS2 first 5 days and 6 h,
    JS1's week 2 outside JS2's window)."""
    on = {"JS1": (0, 1, 2), "JS2": lambda d: d.day_of_week in (2, 3, 4) and d.day < 9}
    left = {"joined": pd.NaT, "left": pd.to_datetime([None, "2026-03-09"])}
    assert _each_order(JS, on, more=left) == pytest.approx((8.0, 9.0))


def test_alternating_patterns():
    """JS1 "Mon-Wed / Mon-Tue", JS2 "Wed-Fri / Thu-Fri" from 2 March: week 1 the union is
    Monday to Friday (a day each), week 2 Monday, Tuesday, Thursday, Friday (5/4 each):
    5 + 4 x 5/4 = 10 days; 5 + 5 = 10 h."""
    alt = {"JS1": "Mon-Wed / Mon-Tue", "JS2": "Wed-Fri / Thu-Fri"}
    on = {
        "JS1": lambda d: d.day_of_week in ((0, 1, 2) if d.day < 9 else (0, 1)),
        "JS2": lambda d: d.day_of_week in ((2, 3, 4) if d.day < 9 else (3, 4)),
    }
    got = _each_order(alt, on, more={"pattern_from": "2026-03-02"})
    assert got == pytest.approx((10.0, 10.0))


def test_blank_workdays_read_as_monday_to_friday():
    """JS1's workdays blank (Monday to Friday), JS2 Wednesday to Friday: the union is Monday
    to Friday, 10 days; 10 + 6 = 16 h."""
    blank = {"JS1": None, "JS2": "Wed Thu Fri"}
    on = {"JS1": (0, 1, 2, 3, 4), "JS2": (2, 3, 4)}
    assert _each_order(blank, on) == pytest.approx((10.0, 16.0))


WEEKDAYS = st.lists(st.sampled_from(range(5)), min_size=1, max_size=5, unique=True)


DAY = st.tuples(st.integers(0, 2), st.integers(0, 9))


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(WEEKDAYS, min_size=2, max_size=3),
    st.sets(DAY, max_size=4),
    st.sets(DAY, max_size=2),
    st.sets(DAY, max_size=2),
    st.integers(0, 9),
)
def test_the_order_of_names_never_matters(patterns, away, extra, half, opened):
    """Any two or three holders on any weekdays, any days of leave, afternoons of leave and
    work on a day off (cover), any opening day: every order of the names gives the same
    case-months, hours and hours by others (each order a copy of the study in one call:
    :func:`_every_order_at_once`; the first tests above run one study per order)."""
    names = [f"H{i}" for i in range(len(patterns))]
    days = pd.bdate_range("2026-03-02", "2026-03-13")
    workdays = {
        n: " ".join(list(DAYS)[d] for d in sorted(p)) for n, p in zip(names, patterns, strict=True)
    }
    on = {n: tuple(p) for n, p in zip(names, patterns, strict=True)}
    leave, extra, half = (
        {(names[i], f"{days[d]:%Y-%m-%d}") for i, d in x if i < len(names)}
        for x in (away, extra, half)
    )
    got = _every_order_at_once(workdays, on, opened=days[opened], leave=leave, extra=extra,
                               half=half)
    for k in got[1:]:
        for col in ("case_months", "hours", "hours_by_others", "hours_outside_window"):
            assert float(k[col]) == pytest.approx(float(got[0][col])), col


def test_a_blank_day_of_one_holder_the_other_worked_is_missing_in_either_order():
    """review34: JS2 writes nothing on Wednesday 11 (a day of both), JS1 works K that day.
    Nobody covered: JS2's day is missing, whichever is named first: 11 of the holders' 12
    days written, 10 x 11/12 = 9.17 days, 11 h (25.29 h per case-month). Before: 9.17 named
    JS1 first; named JS2 first JS1's hour read as cover and the day as JS2's absence, 10
    days (23.18)."""
    got = _each_order(JS, ON, blank={("JS2", "2026-03-11")})
    assert got[1] == pytest.approx(11.0)
    assert got[0] == pytest.approx(10 * 11 / 12)


def test_a_co_holder_on_a_day_off_covers_a_blank_day():
    """JS1 writes nothing on Monday 9 (JS2's day off), JS2 writes 1 h on K that day: JS1 was
    away and JS2 covered, as with the leave written in (10 days, 5 + 7 = 12 h). Before:
    9.17 days and 11 h in one order of the names."""
    got = _each_order(JS, ON, blank={("JS1", "2026-03-09")}, extra={("JS2", "2026-03-09")})
    assert got == pytest.approx((10.0, 12.0))
