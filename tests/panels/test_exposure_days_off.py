"""Case exposure counts the days a case can be worked, however a day off is written.

The audit's hand-checkable studies (audit 8): each worker-day Monday to Friday is 09:00-10:00
admin, 10:00-12:00 case notes on the worker's CIN case (2 h), a lunch break, 12:30-15:30
direct work on their CP case (3 h) and 15:30-17:00 admin. A case-month is 21.0744 working
days (``WORKING_DAYS_PER_MONTH``: the weekdays of a year less England and Wales' 8 bank
holidays, over 12), the days time available per FTE counts. So on every study below:

- CIN: 2 h a working day x 21.0744 = 42.149 h a case-month;
- CP: 3 h a working day x 21.0744 = 63.223 h a case-month.

Before the fix a case-month was 365.25 / 12 calendar days of weekdays x 7/5 (21.7411 weekdays,
the bank holidays in), so a diary without a bank holiday gave 2 x 21.7411 = 43.48 and 65.22
h (3.2% more than now: time available took the bank holidays out of the year as well), a
diary with Good Friday and Easter Monday 34.79 and 52.18 (-20%: the holidays counted as days
the cases were open with no work), and leave written in as entries -25% against the same
leave left blank. Every figure here is worked by hand in the docstrings.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from timestudy.panels import case_month, diary_completeness
from timestudy.schema.standards import WEEKDAYS_PER_MONTH, WORKING_DAYS_PER_MONTH

MONTH = WORKING_DAYS_PER_MONTH  # 21.0744
CIN, CP = 2 * MONTH, 3 * MONTH  # 42.149, 63.223
GOOD_FRIDAY, EASTER_MONDAY = dt.date(2026, 4, 3), dt.date(2026, 4, 6)


def _weekdays(first: dt.date, n: int) -> list[dt.date]:
    return [d.date() for d in pd.bdate_range(first, periods=n)]


def _day(w: str, d: dt.date) -> list[tuple]:
    """The base pattern of one worker-day: 7.5 h at work, 2 h on N<i>, 3 h on P<i>."""
    i = w[1:]
    return [(w, d, "09:00", 60, "email_admin", "admin", None),
            (w, d, "10:00", 120, "case_notes", "recording", f"N{i}"),
            (w, d, "12:00", 30, "break", "non_work", None),
            (w, d, "12:30", 180, "statutory_visit", "direct_work", f"P{i}"),
            (w, d, "15:30", 90, "email_admin", "admin", None)]


def _off(w: str, d: dt.date, task: str = "leave") -> list[tuple]:
    """A day off written in: 09:00-17:00 of leave (or sickness), no case."""
    return [(w, d, "09:00", 480, task, "non_work", None)]


def _frame(rows: list[tuple]) -> pd.DataFrame:
    w, d, t, m, task, cat, case = zip(*rows, strict=True)
    start = pd.to_datetime([f"{x} {y}" for x, y in zip(d, t, strict=True)])
    return pd.DataFrame({"worker_id": list(w), "start": start, "duration_min": list(m),
                         "end": start + pd.to_timedelta(list(m), unit="min"),
                         "task_type": list(task), "category": list(cat),
                         "case_id": list(case)})


def _study(n: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    workers = pd.DataFrame({"worker_id": [f"W{i}" for i in range(1, n + 1)], "fte": 1.0,
                            "contracted_hours": 37.0, "workdays": "Mon-Fri"})
    ids = workers["worker_id"].str[1:]
    cases = pd.DataFrame({"case_id": [*("N" + ids), *("P" + ids)],
                          "case_type": ["CIN"] * n + ["CP"] * n,
                          "worker_id": [*workers["worker_id"]] * 2,
                          "opened": pd.NaT, "closed": pd.NaT})
    return workers, cases


def _by_type(rows: list[tuple], n: int = 6, **options) -> pd.Series:
    """Hours per case-month by case type: the ratio of sums (the guide's ratio estimator)."""
    workers, cases = _study(n)
    e = _frame(rows)
    days = diary_completeness(e, workers, **options)
    cm = case_month(e, cases, workers=workers, days=days)
    s = cm.groupby("case_type")[["hours", "case_months"]].sum()
    return s["hours"] / s["case_months"]


def _easter(written: bool) -> list[tuple]:
    rows = []
    for i in range(1, 7):
        for d in _weekdays(dt.date(2026, 3, 30), 10):
            if d in (GOOD_FRIDAY, EASTER_MONDAY):
                rows += _off(f"W{i}", d, "bank_holiday") if written else []
            else:
                rows += _day(f"W{i}", d)
    return rows


def test_a_diary_without_days_off_gives_the_rate_a_working_day_times_21_07():
    """Base study: 6 workers, Monday 2 to Friday 13 March 2026 (no bank holiday). Each CIN
    case has 10 x 2 = 20 h over 10 working days = 10 / 21.0744 = 0.474509 case-months:
    20 / 0.474509 = 42.149 h; each CP case 30 / 0.474509 = 63.223 h (43.48 / 65.22 before).
    """
    rows = [r for i in range(1, 7) for d in _weekdays(dt.date(2026, 3, 2), 10)
            for r in _day(f"W{i}", d)]
    got = _by_type(rows)
    assert got.to_dict() == pytest.approx({"CIN": CIN, "CP": CP}, rel=1e-9)
    assert got["CIN"] == pytest.approx(42.149, abs=0.001)


@pytest.mark.parametrize("written", [False, True], ids=["blank", "bank-holiday-entries"])
def test_easter_in_the_diary_takes_nothing_off_the_hours_per_case_month(written):
    """s6_easter: Monday 30 March to Friday 10 April 2026, no work on Good Friday or Easter
    Monday (left blank, or written as a day of "bank holiday"). Each CIN case: 8 working
    days x 2 h = 16 h over 10 weekdays - 2 bank holidays = 8 working days, 8 / 21.0744 =
    0.379607 case-months: 16 / 0.379607 = 42.149 h; CP 24 / 0.379607 = 63.223 h. Before
    the fix: 16 h over 10 weekdays x 7/5 / 30.4375 = 0.459959 months, 34.79 h (-20%).
    """
    got = _by_type(_easter(written))
    assert got.to_dict() == pytest.approx({"CIN": CIN, "CP": CP}, rel=1e-9)


def test_with_no_bank_holidays_the_month_holds_every_weekday():
    """``holidays="none"``: Good Friday and Easter Monday left blank are missing days (used
    share 8 of 10), time available takes no bank holiday out, and a case-month is 21.7411
    weekdays: 16 h over 10 x 0.8 = 8 days, 16 / (8 / 21.7411) = 43.482 h a CIN case-month
    (as before the fix), 65.223 CP.
    """
    got = _by_type(_easter(False), holidays="none")
    assert got.to_dict() == pytest.approx({"CIN": 2 * WEEKDAYS_PER_MONTH,
                                           "CP": 3 * WEEKDAYS_PER_MONTH}, rel=1e-9)
    assert got["CIN"] == pytest.approx(43.482, abs=0.001)


def test_four_weeks_with_the_early_may_bank_holiday():
    """s6d: Monday 27 April to Friday 22 May 2026, no entries on Monday 4 May. Each CIN case:
    19 x 2 = 38 h over 20 - 1 = 19 working days: 38 / (19 / 21.0744) = 42.149 h (41.31
    before: 38 h over 20 x 7/5 / 30.4375 = 0.919918 months, -5%).
    """
    rows = [r for i in range(1, 7) for d in _weekdays(dt.date(2026, 4, 27), 20)
            if d != dt.date(2026, 5, 4) for r in _day(f"W{i}", d)]
    assert _by_type(rows).to_dict() == pytest.approx({"CIN": CIN, "CP": CP}, rel=1e-9)


def _half_term(written: bool, task: str = "leave") -> list[tuple]:
    rows = []
    for i in range(1, 7):
        for d in _weekdays(dt.date(2026, 2, 9), 10):
            if i <= 3 and d >= dt.date(2026, 2, 16):
                rows += _off(f"W{i}", d, task) if written else []
            else:
                rows += _day(f"W{i}", d)
    return rows


@pytest.mark.parametrize("written", [False, True], ids=["blank", "leave-entries"])
def test_leave_written_in_or_left_blank_gives_the_same_figure(written):
    """s6_halfterm: Monday 9 to Friday 20 February 2026; W1-W3 on leave all of the second
    week, W4-W6 at work both weeks. W1's CIN case: 5 x 2 = 10 h over 5 working days, blank
    (10 weekdays x used share 5/10) or written in (10 weekdays - 5 days absent, share 1).
    CIN: (3 x 10 + 3 x 20) h / (3 x 5 + 3 x 10) working days = 90 / 45 = 2 h a day, x
    21.0744 = 42.149 h; CP 63.223. Before the fix the entries kept the week in the
    exposure with no hours: 90 h / (60 x 7/5 / 30.4375) = 32.61 h (-25%).
    """
    got = _by_type(_half_term(written))
    assert got.to_dict() == pytest.approx({"CIN": CIN, "CP": CP}, rel=1e-9)


def test_long_term_sickness_written_in_or_left_blank():
    """s3: 8 workers, 2-13 March 2026; W7 joins on Monday 9, W8 leaves after Friday 6, W6 is
    off sick from Monday 9 (written in: "off sick" each day; or left blank). Every case's
    hours are 2 (CIN) or 3 (CP) h a day over the days its holder was at work: CIN 42.149 h
    both ways (before the fix 40.38 written in against 43.48 blank)."""
    out = []
    for written in (False, True):
        rows = []
        for i in range(1, 9):
            for d in _weekdays(dt.date(2026, 3, 2), 10):
                week2 = d >= dt.date(2026, 3, 9)
                if (i == 7 and not week2) or (i == 8 and week2):
                    continue
                if i == 6 and week2:
                    rows += _off("W6", d, "sickness") if written else []
                    continue
                rows += _day(f"W{i}", d)
        out.append(_by_type(rows, n=8))
    for got in out:
        assert got.to_dict() == pytest.approx({"CIN": CIN, "CP": CP}, rel=1e-9)


@pytest.mark.parametrize("written", [True, False], ids=["s2c_sick", "s2c_blank"])
def test_cover_while_the_holder_is_off_sick_keeps_the_days_in_the_exposure(written):
    """s2c: 6 workers, 2-20 March 2026 (15 working days); W1 off sick all of week 2
    (written in, s2c_sick; or left blank, s2c_blank), while W2 covers W1's CIN case N1
    (15:30-16:30, 1 h a day, 5 h) and W3 W1's CP case P1 (5 h). A case worked by a
    colleague while its holder was away was held by cover: the days stay in its exposure
    and the colleague's hours are its work. Left blank, W1's days on which a colleague
    worked W1's cases are read as that absence (not missing days of W1's own work): the
    same figures. N1: 25 h over 15 working days, 25 / (15 / 21.0744) = 35.12 h a
    case-month (36.2 in the old calendar month). Before the fix s2c_blank counted N1's
    cover against exposure that had dropped the week: 10 x 2 + 5 x 10/15 = 23.33 h over
    10 x 7/5 / 30.4375 months, 50.7 h (CIN 44.34 against 42.27 written in).

    N1: 10 x 2 + 5 = 25 h over 15 working days; N2-N6 30 h each over 15. CIN: 175 h over
    90 working days = 90 / 21.0744 = 4.270580 case-months: 40.978 h (42.27 before, in
    calendar months: 175 / (90 x 7/5 / 30.4375)). CP: P1 10 x 3 + 5 = 35 h, P2-P6 45 h
    each: 260 h / 4.270580 = 60.882 h (62.81 before).
    """
    rows = []
    for i in range(1, 7):
        for d in _weekdays(dt.date(2026, 3, 2), 15):
            week2 = dt.date(2026, 3, 9) <= d <= dt.date(2026, 3, 13)
            if i == 1 and week2:
                rows += _off("W1", d, "sickness") if written else []
                continue
            day = _day(f"W{i}", d)
            if week2 and i in (2, 3):
                day = [*day[:-1], (f"W{i}", d, "15:30", 60, "statutory_visit", "direct_work",
                                   "N1" if i == 2 else "P1"),
                       (f"W{i}", d, "16:30", 30, "email_admin", "admin", None)]
            rows += day
    workers, cases = _study(6)
    e = _frame(rows)
    cm = case_month(e, cases, workers=workers, days=diary_completeness(e, workers))
    n1 = cm.set_index("case_id").loc["N1"]
    assert (n1["hours"], n1["case_months"]) == pytest.approx((25.0, 15 / MONTH), rel=1e-9)
    assert n1["hours_per_month"] == pytest.approx(35.12, abs=0.005)
    got = _by_type(rows)
    assert got["CIN"] == pytest.approx(175 / (90 / MONTH), rel=1e-9)
    assert got["CP"] == pytest.approx(260 / (90 / MONTH), rel=1e-9)
    assert (got["CIN"], got["CP"]) == pytest.approx((40.978, 60.882), abs=0.001)


def _blank_and_written(away: list[set], task: str) -> tuple[pd.Series, pd.Series]:
    """Hours per case-month by case type of the study of :func:`test_absence_written_in_or_
    left_blank_gives_the_same_hours_per_case_month` with its days away left blank, and with
    them written in, from one ``case_month`` call: the blank study's workers W1-W3 (cases
    N1-N3, P1-P3), the written one's W4-W6 (N4-N6, P4-P6), who share nothing with them."""
    dates = _weekdays(dt.date(2026, 3, 2), 10)
    rows = []
    for copy, written in enumerate((False, True)):
        for i, off in enumerate(away, start=1 + 3 * copy):
            for k, d in enumerate(dates):
                if k in off:
                    rows += _off(f"W{i}", d, task) if written else []
                else:
                    rows += _day(f"W{i}", d)
    workers, cases = _study(6)
    e = _frame(rows)
    cm = case_month(e, cases, workers=workers, days=diary_completeness(e, workers))
    copy = cm["case_id"].str[1:].astype(int).gt(3).map({False: "blank", True: "written"})
    s = cm.groupby([copy, cm["case_type"]])[["hours", "case_months"]].sum()
    rate = s["hours"] / s["case_months"]
    return rate.loc["blank"], rate.loc["written"]


@settings(max_examples=15, deadline=None)
@given(away=st.lists(st.sets(st.integers(0, 9), max_size=6), min_size=3, max_size=3),
       task=st.sampled_from(["leave", "sickness"]))
def test_absence_written_in_or_left_blank_gives_the_same_hours_per_case_month(away, task):
    """Property: 3 workers over 2-13 March 2026, each away on any set of their weekdays (at
    most 6 of 10, so that each keeps enough days for a usual day); writing those days as
    leave (or sickness) entries or leaving them blank gives the same hours per case-month
    by case type, and the same for each case: 2 h (CIN) or 3 h (CP) a day at work,
    x 21.0744. No one covers another's cases here (cover keeps a day in the exposure).
    Both ways in one call (:func:`_blank_and_written`); the tests above run each alone.
    """
    figures = _blank_and_written(away, task)
    assert figures[0].to_dict() == pytest.approx(figures[1].to_dict(), rel=1e-9)
    assert figures[1].to_numpy() == pytest.approx(np.array([CIN, CP]), rel=1e-9)


def test_cover_keeps_only_the_spell_it_was_given_in():
    """s2s: 6 workers, Monday 2 to Friday 27 March 2026 (20 working days). W1 at work in
    weeks 1 and 3, off sick all of week 2 (9-13 March) and on leave all of week 4 (23-27
    March), both written in: two spells, as the week at work between them ends the first.
    W2 visits W1's CIN case N1 once, on Wednesday 11 March (15:30-16:30, 1 h); nobody
    touches N1 in week 4, nor W1's CP case P1 in either week.

    N1: 10 x 2 + 1 = 21 h. The sick week was covered: its 5 days stay in the exposure; the
    week of leave was not: its 5 days are out. 20 - 5 = 15 working days, 15 / 21.0744 =
    0.711764 case-months: 21 / 0.711764 = 29.504 h a case-month. Before, the one visit
    brought back every day away, both weeks: 20 days, 21 / (20 / 21.0744) = 22.128 h
    (-25%). P1 (no cover): 30 h over 10 days = 63.223 h both ways. CIN: N1 21 h and N2-N6
    40 h each, 221 h over 15 + 5 x 20 = 115 working days, 221 / (115 / 21.0744) = 40.499 h
    (38.812 before: 221 / (120 / 21.0744)).
    """
    rows = []
    for i in range(1, 7):
        for d in _weekdays(dt.date(2026, 3, 2), 20):
            week = (d - dt.date(2026, 3, 2)).days // 7 + 1
            if i == 1 and week in (2, 4):
                rows += _off("W1", d, "sickness" if week == 2 else "leave")
                continue
            day = _day(f"W{i}", d)
            if i == 2 and d == dt.date(2026, 3, 11):
                day = [*day[:-1], ("W2", d, "15:30", 60, "statutory_visit", "direct_work", "N1"),
                       ("W2", d, "16:30", 30, "email_admin", "admin", None)]
            rows += day
    workers, cases = _study(6)
    e = _frame(rows)
    cm = case_month(e, cases, workers=workers,
                    days=diary_completeness(e, workers)).set_index("case_id")
    assert (cm.loc["N1", "hours"], cm.loc["N1", "case_months"]) == pytest.approx(
        (21.0, 15 / MONTH), rel=1e-9)
    assert cm.loc["N1", "hours_per_month"] == pytest.approx(29.504, abs=0.0005)
    assert cm.loc["P1", "case_months"] == pytest.approx(10 / MONTH, rel=1e-9)
    got = _by_type(rows)
    assert got["CIN"] == pytest.approx(221 / (115 / MONTH), rel=1e-9)
    assert (got["CIN"], got["CP"]) == pytest.approx((40.499, CP), abs=0.001)


@pytest.mark.parametrize("between, back", [("holiday", 4), ("missing", 2), ("complete", 2)])
def test_a_spell_runs_over_bank_holidays_and_ends_at_a_day_at_work(between, back):
    """W1 away Wednesday 1 and Thursday 2 April 2026, then Good Friday and Easter Monday,
    then away Tuesday 7 and Wednesday 8; W2 works W1's case A on Tuesday 7 only. With the
    bank holidays off (``holiday``), the four days away are one spell, all covered: 4 days
    back. Had W1 been at work on Good Friday and Easter Monday (written, or at work but not
    written: ``missing``), the spell would start on the Tuesday: 2 days back."""
    from timestudy.panels.exposure import covered_absence

    d = pd.to_datetime(["2026-03-31", "2026-04-01", "2026-04-02", "2026-04-03", "2026-04-06",
                        "2026-04-07", "2026-04-08", "2026-04-09"])
    status = ["complete", "absent", "absent", between, between, "absent", "absent", "complete"]
    bank = d.isin([pd.Timestamp("2026-04-03"), pd.Timestamp("2026-04-06")])
    days = pd.DataFrame({"worker_id": "W1", "diary_date": d, "status": status,
                         "contracted": [s != "holiday" for s in status], "bank_holiday": bank,
                         "used": [s == "complete" for s in status], "holidays_a_year": 8.0})
    cases = pd.DataFrame({"case_id": ["A"], "worker_id": ["W1"], "opened": pd.NaT,
                          "closed": pd.NaT})
    hours = pd.DataFrame({"case_id": ["A"], "diary_date": d[[5]], "by_other": True,
                          "outside_window": False})
    added = covered_absence(cases, days, hours, (d[0], d[-1]))
    share = 2 / (2 + 2 * (between == "missing"))  # the used share of W1's days at work
    assert added[0] * MONTH == pytest.approx(back * share, rel=1e-9)


# ------------------------------------------ bank holidays a year given apart from the list
def _bank_holiday_warnings(caught) -> list[str]:
    return [str(w.message) for w in caught if str(w.message).startswith("bank holidays:")]


def _fit(rows: list[tuple], **options):
    """fit_study on the pattern's 6 workers; its case-month panel and the warnings it gave."""
    import warnings

    from timestudy.models import fit_study

    workers, cases = _study(6)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        m = fit_study(_frame(rows), cases, workers, n_boot=9, sensitivity=False, **options)
    s = m.case_month.groupby("case_type")[["hours", "case_months"]].sum()
    return m, (s["hours"] / s["case_months"]).to_dict(), _bank_holiday_warnings(caught)


def test_ten_bank_holidays_a_year_given_apart_make_the_case_month_shorter():
    """Northern Ireland's 10 a year given (``available_time.bank_holidays``) with England and
    Wales' dates, over the base study (2-13 March 2026, no bank holiday in it). A case-month
    is 21.0744 - 2 / 12 = 20.9077 working days, the days the hours a worker has count with
    10 holidays out: CIN 2 h a day x 20.9077 = 41.815 h, CP 62.723 h. Before, the case-month
    kept the list's 8 (21.0744 days: 42.149 and 63.223 h) while time available took 10 out
    of the year. The number and the list disagree: the user is told, once."""
    rows = [r for i in range(1, 7) for d in _weekdays(dt.date(2026, 3, 2), 10)
            for r in _day(f"W{i}", d)]
    m, got, told = _fit(rows, available_options={"bank_holidays": 10})
    month = MONTH - 2 / 12
    assert got == pytest.approx({"CIN": 2 * month, "CP": 3 * month}, rel=1e-9)
    assert (got["CIN"], got["CP"]) == pytest.approx((41.815, 62.723), abs=0.001)
    assert m.available.assumptions["bank_holidays"] == 10
    assert m.days["holidays_a_year"].eq(10).all()
    assert len(told) == 1 and "the england-and-wales list has 8 in most years" in told[0]
    assert "10 a year are taken out of the working year and of a case-month (20.91" in told[0]


def test_a_scottish_bank_holiday_listed_is_taken_out_with_the_number_given():
    """Scotland's 2 January given as a date, with 9 a year: 6 workers, Monday 29 December 2025
    to Friday 9 January 2026, nobody working on 1 or 2 January. The list
    ``[2026-01-01, 2026-01-02]`` makes both days holidays (not missing: used share 1), so
    each case is open 10 - 2 = 8 working days, in a case-month of 21.0744 - 1 / 12 =
    20.9911 days: 8 / 20.9911 = 0.381114 case-months, CIN 16 h / 0.381114 = 41.982 h (2 h
    a day x 20.9911), CP 62.973 h. Before, the case-month was the list's 8 (a list of dates
    gave England and Wales' 8 whatever the number): 42.149 h. Two dates in 2026, within the
    9: nothing to tell."""
    rows = [r for i in range(1, 7) for d in _weekdays(dt.date(2025, 12, 29), 10)
            if d not in (dt.date(2026, 1, 1), dt.date(2026, 1, 2)) for r in _day(f"W{i}", d)]
    m, got, told = _fit(rows, diary_options={"holidays": ["2026-01-01", "2026-01-02"]},
                        available_options={"bank_holidays": 9})
    second = m.days.loc[m.days["diary_date"] == pd.Timestamp("2026-01-02"), "status"]
    assert len(second) == 6 and second.eq("holiday").all()
    month = MONTH - 1 / 12
    cm = m.case_month.set_index("case_id")
    assert cm.loc["N1", "case_months"] == pytest.approx(8 / month, rel=1e-9)
    assert got == pytest.approx({"CIN": 2 * month, "CP": 3 * month}, rel=1e-9)
    assert got["CIN"] == pytest.approx(41.982, abs=0.001)
    assert m.available.assumptions["bank_holidays"] == 9 and told == []


def test_a_list_and_a_number_that_disagree_are_told_plainly():
    """A whole year of Scotland's dates (9 in 2026) with no number: England and Wales' usual
    8 is used, and said; with 9 given nothing is said; Scotland's list with 10 is said."""
    import warnings

    from timestudy.models.available import available_arguments
    from timestudy.panels import bank_holidays, study_holidays_a_year

    sc = bank_holidays("scotland")
    dates = list(sc[sc.year == 2026].strftime("%Y-%m-%d"))
    cases = ((None, 8, "the dates given hold 9 in 2026 and no number a year was given "
                       "(available_time.bank_holidays): 8 a year are taken"),
             (9, 9, None),
             (7, 7, "7 a year given (available_time.bank_holidays), but the dates given "
                    "hold 9 in 2026"))
    for stated, number, said in cases:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            got = available_arguments({"bank_holidays": stated}, {"holidays": dates})
        told = _bank_holiday_warnings(caught)
        assert got == {"bank_holidays": number}
        assert (told == []) if said is None else (len(told) == 1 and said in told[0])
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert study_holidays_a_year("scotland", 10) == 10
        assert study_holidays_a_year(["2026-01-02"]) == 8  # a list of the diary's weeks
        assert study_holidays_a_year("none", 0) == 0 and study_holidays_a_year([], None) == 0
    told = _bank_holiday_warnings(caught)
    assert len(told) == 1 and "the scotland list has 9 in most years" in told[0]


def test_the_visiting_standard_counts_the_days_in_the_studys_case_month():
    """A case open 126 working days in a year of 10 bank holidays: 126 / 20.9077 case-months.
    Back in working days with the days' 10 a year, 126: a visit every working day needs 126,
    met with 126 visits. With England and Wales' 21.0744 (before, from the list) it was
    127.004: 127 needed, not met. And 50 days (50 / 20.9077 x 20.9077 is
    49.99999999999999 in floating point) need 5 visits every 10 days, not 4."""
    from types import SimpleNamespace

    from timestudy.guide.estimates import met_visiting_standard

    month = MONTH - 2 / 12
    days = pd.DataFrame({"worker_id": ["W1"], "holidays_a_year": [10.0]})
    for open_days, every, visits, met in ((126, 1, 126, True), (50, 10, 4, False),
                                          (50, 10, 5, True)):
        cm = pd.DataFrame({"case_id": ["P1"], "case_type": ["CP"],
                           "case_months": [open_days / month]})
        pieces = pd.DataFrame({"case_id": ["P1"] * visits, "task_type": "statutory_visit"})
        models = SimpleNamespace(case_month=cm, pieces=pieces, options={}, days=days)
        assert met_visiting_standard(models, {"CP": every}).iloc[0] == met


@settings(max_examples=40, deadline=None)
@given(status=st.lists(st.lists(st.sampled_from(["complete", "absent", "absent", "missing",
                                                 "holiday"]), min_size=15, max_size=15),
                       min_size=2, max_size=2),
       cover=st.lists(st.tuples(st.integers(0, 3), st.integers(0, 14)), max_size=6),
       opened=st.lists(st.integers(-2, 16), min_size=4, max_size=4),
       length=st.lists(st.integers(1, 20), min_size=4, max_size=4))
def test_cover_by_spell_agrees_with_counting_by_hand(status, cover, opened, length):
    """Property: two holders over three weeks (2-20 March 2026, weekdays), each day at work,
    away, at work but not written, or a bank holiday; four cases (A, B of W1; C, D of W2)
    open on any days; colleagues' work on any case on any day. covered_absence gives each
    case the days of the spells (runs of days away with no day at work between) in which a
    colleague worked on it (on a day away or a bank holiday inside the spell), counted one
    by one here, times the holder's used share over the
    case's open days (their whole share where it was open on none of their days at work)
    over 21.0744."""
    from timestudy.panels import observed_share
    from timestudy.panels.exposure import covered_absence

    d = pd.to_datetime(_weekdays(dt.date(2026, 3, 2), 15))
    days = pd.concat([pd.DataFrame({"worker_id": w, "diary_date": d, "status": s,
                                    "contracted": [x != "holiday" for x in s],
                                    "bank_holiday": [x == "holiday" for x in s],
                                    "used": [x == "complete" for x in s]})
                      for w, s in zip(("W1", "W2"), status, strict=True)], ignore_index=True)
    first = [d[0] + pd.Timedelta(days=7 * (k // 5) + k % 5) if k >= 0 else d[0]
             for k in opened]
    cases = pd.DataFrame({"case_id": list("ABCD"), "worker_id": ["W1", "W1", "W2", "W2"],
                          "opened": first,
                          "closed": [f + pd.Timedelta(days=n) for f, n in zip(first, length,
                                                                              strict=True)]})
    hours = pd.DataFrame({"case_id": [list("ABCD")[c] for c, _ in cover],
                          "diary_date": [d[k] for _, k in cover], "by_other": True,
                          "outside_window": False})
    got = covered_absence(cases, days, hours, (d[0], d[-1]))
    share = observed_share(days)
    for i, case in cases.iterrows():
        s = status[int(case["worker_id"][1]) - 1]
        spell, back = 0, {}
        for k, x in enumerate(s):  # number the spells: a day at work ends one
            if x in ("complete", "missing"):
                spell += 1
            elif x == "absent" and case["opened"] <= d[k] < case["closed"]:
                back.setdefault(spell, []).append(k)
        covered = {sp for sp, ks in back.items() for c, k in cover
                   if list("ABCD")[c] == case["case_id"] and _inside(s, k)
                   and any(k2 == k or _same_spell(s, k, k2) for k2 in ks)}
        n = sum(len(back[sp]) for sp in covered)
        # the holder's used share over the case's open days (audit22c), else their whole one
        open_days = [k for k in range(15) if case["opened"] <= d[k] < case["closed"]]
        at = [k for k in open_days if s[k] in ("complete", "missing")]
        own = (sum(s[k] == "complete" for k in at) / len(at) if at
               else share[case["worker_id"]])
        assert got[i] * MONTH == pytest.approx(n * own, abs=1e-9)


def _inside(s: list[str], k: int) -> bool:
    """Whether day ``k`` is inside a spell: a day away, or a day off (a bank holiday) with
    days away of one spell on both sides (fix35w: cover on it holds the spell)."""
    return (s[k] not in ("complete", "missing")
            and any(s[a] == "absent" and _same_spell(s, a, k) for a in range(k + 1))
            and any(s[b] == "absent" and _same_spell(s, k, b) for b in range(k, len(s))))


def _same_spell(s: list[str], a: int, b: int) -> bool:
    """Whether days ``a`` and ``b``, both away, have no day at work between them."""
    lo, hi = sorted((a, b))
    return not any(x in ("complete", "missing") for x in s[lo:hi + 1])
