"""A holder on n days a week: each of their own days is 5/n of a working day in their cases'
exposure, and their days off are none (fix33q, after fix33s's hand-worked patterns).

A case-month is the share of its holder's working time the case is open: a case open a
whole month is one case-month whatever the holder's week. A holder on more than five days
had their own days, each 5/n (fix32w); a holder on fewer (part-time, compressed) had a
Monday-to-Friday case week, less the bank holidays some diary had a row on, each day a
whole one. So a bank holiday on their day off took exposure and no work, a day of leave
took a fifth of a week of their cases' exposure for a third (or a quarter) of their week
of work, and the figure depended on whether a colleague's diary held the bank holiday.

Every figure is worked by hand: 1 h on the holder's case on each day at work, the rest of
the contracted day admin; a case-month is 21.0744 working days (``MONTH``); Good Friday
(3 April 2026) and Easter Monday (6 April) are bank holidays.
"""

from __future__ import annotations

import datetime as dt
import warnings

import numpy as np
import pandas as pd
import pytest
from _edges import cases, per_case, row, weekdays, workers
from hypothesis import given, settings
from hypothesis import strategies as st

from timestudy.errors import DataQualityWarning
from timestudy.panels.windows import case_day_weight, case_week
from timestudy.schema.standards import WORKING_DAYS_PER_MONTH as MONTH

EASTER = (dt.date(2026, 3, 30), dt.date(2026, 4, 12))  # Monday 30 March to Sunday 12 April
PLAIN = (dt.date(2026, 4, 20), dt.date(2026, 5, 1))  # no bank holiday
BANK = {dt.date(2026, 4, 3), dt.date(2026, 4, 6)}
DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
MF = ("MF", 1.0, "Mon-Fri")


def _days(first: dt.date, last: dt.date) -> list[dt.date]:
    return [d.date() for d in pd.date_range(first, last)]


def _day(w: str, d: dt.date, case: str | None, minutes: int = 444) -> list[tuple]:
    """1 h on ``case`` from 09:00, then admin to the end of a day of ``minutes``."""
    end = (pd.Timestamp("2026-01-01 10:00") + pd.Timedelta(minutes=minutes - 60)).strftime("%H:%M")
    return [
        row(w, d, "09:00", "10:00", "statutory_visit", case),
        row(w, d, "10:00", end, "email_admin"),
    ]


def _leave(w: str, d: dt.date, start: str = "09:00", end: str = "16:24") -> list[tuple]:
    return [row(w, d, start, end, "leave")]


def _holder(
    w: str, on: set[int], span: tuple, away: tuple = (), minutes: int = 444, case: str = "P1"
) -> list[tuple]:
    """``w`` writes a day on ``case`` on each of their weekdays ``on`` in ``span`` that is not
    a bank holiday; leave on the days ``away``."""
    rows = []
    for d in _days(*span):
        if d.weekday() in on and d not in BANK:
            rows += _leave(w, d) if d in away else _day(w, d, case, minutes)
    return rows


def _colleague(span: tuple) -> list[tuple]:
    """A Monday-to-Friday colleague on their own case: their diary holds both bank holidays
    (``diary_completeness`` writes a row for each contracted day of it)."""
    return [r for d in weekdays(*span) if d not in BANK for r in _day("MF", d, "M1")]


def _case(rows: list[tuple], w: pd.DataFrame, holder: str = "P", case: str = "P1") -> pd.Series:
    c = cases((case, "CIN", holder), ("M1", "CP", "MF"))
    return per_case(rows, c, w).loc[case]


@pytest.mark.parametrize("colleague", [True, False], ids=["beside-mon-fri", "alone"])
def test_a_part_timers_bank_holidays_on_days_off_take_nothing(colleague):
    """Tuesday to Thursday at 0.6 FTE across Easter: 6 days at work, 6 h on P1; both bank
    holidays fall on their days off. Own days 6 x 5/3 = 10: 10 / 21.0744 case-months,
    6 / 10 x 21.0744 = 12.64 h per case-month, a week with no bank holiday's figure, beside
    a Monday-to-Friday colleague or alone (before: beside them, Monday to Friday less the
    two bank holidays their diary held, 8 days, 15.81; alone, 10, 12.64)."""
    rows = _holder("P", {1, 2, 3}, EASTER) + (_colleague(EASTER) if colleague else [])
    got = _case(rows, workers(("P", 0.6, "Tue-Thu"), MF))
    assert got["case_months"] * MONTH == pytest.approx(10.0, rel=1e-9)
    assert got["hours_per_month"] == pytest.approx(6 / 10 * MONTH, rel=1e-9)
    assert round(got["hours_per_month"], 2) == 12.64


@pytest.mark.parametrize("colleague", [True, False], ids=["beside-mon-fri", "alone"])
def test_a_compressed_week_loses_a_quarter_of_a_week_to_easter_monday(colleague):
    """Monday to Thursday, 4 x 9.25 h: 8 own days less Easter Monday, 7 at work, 7 h on P1;
    each day 5/4: 8.75 days, 7 / 8.75 x 21.0744 = 16.86 (before: beside a colleague 8 days,
    18.44; alone, Good Friday in their case week as no diary held it, 9 days, 16.39)."""
    rows = _holder("P", {0, 1, 2, 3}, EASTER, minutes=555) + (
        _colleague(EASTER) if colleague else []
    )
    got = _case(rows, workers(("P", 1.0, "Mon-Thu"), MF))
    assert got["case_months"] * MONTH == pytest.approx(8.75, rel=1e-9)
    assert round(got["hours_per_month"], 2) == 16.86


def test_a_mon_fri_holder_alone_over_easter_is_unchanged():
    """Monday to Friday alone: their diary holds both bank holidays (a row each, written or
    not), 10 - 2 = 8 days, 8 h: 21.07, as before and as beside colleagues."""
    got = per_case(_colleague(EASTER), cases(("M1", "CP", "MF")), workers(MF)).loc["M1"]
    assert got["case_months"] * MONTH == pytest.approx(8.0, rel=1e-9)
    assert got["hours_per_month"] == pytest.approx(MONTH, rel=1e-9)


def test_a_part_timers_day_of_leave_takes_a_third_of_their_week():
    """20 April - 1 May 2026 (no bank holiday), Tuesday to Thursday at 0.6 FTE, leave on
    Tuesday 21: 5 days at work, 5 h. Own days 6 less 1, each 5/3: 8.33 days,
    5 / 8.33 x 21.0744 = 12.64, as in a fortnight with no leave (before: 10 weekdays less
    one, 9: 11.71, 7.4% low)."""
    rows = _holder("P", {1, 2, 3}, PLAIN, away=(dt.date(2026, 4, 21),)) + _colleague(PLAIN)
    got = _case(rows, workers(("P", 0.6, "Tue-Thu"), MF))
    assert got["case_months"] * MONTH == pytest.approx(25 / 3, rel=1e-9)
    assert got["hours_per_month"] == pytest.approx(6 / 10 * MONTH, rel=1e-9)


def test_a_part_timers_afternoon_of_leave_takes_half_of_one_of_their_days():
    """As above, but Wednesday 22 is a morning on P1 (09:00-12:42, 1 h on the case) and an
    afternoon's leave (3.7 h of a 7.4 h contracted day: 22.2 h / 3): half of a day of 5/3,
    5/6. Exposure 10 - 5/6 = 9.1667 (before: 10 - 1/2 = 9.5)."""
    wed = dt.date(2026, 4, 22)
    rows = [r for r in _holder("P", {1, 2, 3}, PLAIN) if r[1] != wed] + _colleague(PLAIN)
    rows += [
        row("P", wed, "09:00", "10:00", "statutory_visit", "P1"),
        row("P", wed, "10:00", "12:42", "email_admin"),
        *_leave("P", wed, "12:42", "16:24"),
    ]
    got = _case(rows, workers(("P", 0.6, "Tue-Thu"), MF))
    assert got["case_months"] * MONTH == pytest.approx(10 - 5 / 6, rel=1e-9)


def test_a_bank_holiday_worked_on_a_part_timers_day_counts_one_of_their_days():
    """Monday to Wednesday at 0.6 FTE, and they work Easter Monday (a rota): 6 own days, all
    at work, 6 h; each 5/3: 10 days, 12.64 (before: Monday to Friday less the two bank
    holidays, plus Easter Monday worked as a day, 9: 14.05)."""
    rows = _holder("P", {0, 1, 2}, EASTER) + _day("P", dt.date(2026, 4, 6), "P1")
    got = _case(rows + _colleague(EASTER), workers(("P", 0.6, "Mon-Wed"), MF))
    assert got["case_months"] * MONTH == pytest.approx(10.0, rel=1e-9)
    assert got["hours_per_month"] == pytest.approx(6 / 10 * MONTH, rel=1e-9)


def test_a_spell_a_colleague_covered_gives_back_the_part_timers_days():
    """Tuesday to Thursday, on leave Tuesday 31 March to Thursday 2 April (one spell); the
    Monday-to-Friday colleague visits P1 on Wednesday 1: the spell is covered, its 3 days
    (5 days' worth) stay in. 6 own days x 5/3 = 10; hours 3 + 1 = 4 (before: Monday to
    Friday less the two bank holidays, 8)."""
    away = (dt.date(2026, 3, 31), dt.date(2026, 4, 1), dt.date(2026, 4, 2))
    rows = _holder("P", {1, 2, 3}, EASTER, away=away) + _colleague(EASTER)
    rows += [row("MF", dt.date(2026, 4, 1), "16:30", "17:30", "statutory_visit", "P1")]
    got = _case(rows, workers(("P", 0.6, "Tue-Thu"), MF))
    assert got["case_months"] * MONTH == pytest.approx(10.0, rel=1e-9)
    assert got["hours"] == pytest.approx(4.0)


def test_a_case_open_only_on_a_part_timers_days_off_is_in_no_case_month():
    """Tuesday to Thursday; case Z opened Friday 24 April and closed Monday 27: open on none
    of its holder's days, as a Monday-to-Friday holder's case open only on a Sunday. The
    colleague's hour on it that Friday is left out and named (before: Friday as a day of
    the holder's case week, 1 / 21.0744 case-months)."""
    rows = _holder("P", {1, 2, 3}, PLAIN) + _colleague(PLAIN)
    rows += [row("MF", dt.date(2026, 4, 24), "16:30", "17:30", "statutory_visit", "Z")]
    c = cases(("P1", "CIN", "P"), ("Z", "CIN", "P"), ("M1", "CP", "MF"))
    c.loc[c["case_id"].eq("Z"), ["opened", "closed"]] = [
        pd.Timestamp("2026-04-24"),
        pd.Timestamp("2026-04-27"),
    ]
    with pytest.warns(DataQualityWarning, match="open on no working day its holder wrote"):
        got = per_case(rows, c, workers(("P", 0.6, "Tue-Thu"), MF))
    assert "Z" not in got.index or got.loc["Z", "case_months"] == 0


def test_a_nine_day_fortnights_short_week_is_its_own_days():
    """ "Mon-Fri / Mon-Thu" from the week of 9 November 2026 (the week of 2 November is the
    one with Friday 6 off): that week's case week is Monday to Thursday, each 5/4 of a day,
    the next Monday to Friday, each a day. Leave on Monday 2: 5 - 5/4 + 5 = 8.75 days
    (before: the short week read as Monday to Friday, Friday 6 a day of it, the leave a
    whole day: 9).
    """
    span = (dt.date(2026, 11, 2), dt.date(2026, 11, 13))
    rows = [
        r
        for d in weekdays(*span)
        if d != dt.date(2026, 11, 6)
        for r in (_leave("P", d) if d == dt.date(2026, 11, 2) else _day("P", d, "P1"))
    ]
    w = workers(("P", 1.0, "Mon-Fri / Mon-Thu"), MF).assign(
        pattern_from=pd.to_datetime(["2026-11-09", None])
    )
    got = _case(rows + _colleague(span), w)
    assert got["case_months"] * MONTH == pytest.approx(8.75, rel=1e-9)


def test_one_rule_for_every_week():
    """Own days, each 5/n; none: Monday to Friday."""
    bits = np.array([0b0001110, 0b0001111, 0b0011111, 0b0111111, 0b1100000, 0])
    assert case_week(bits).tolist() == [
        0b0001110,
        0b0001111,
        0b0011111,
        0b0111111,
        0b1100000,
        0b0011111,
    ]
    assert case_day_weight(bits).tolist() == pytest.approx([5 / 3, 5 / 4, 1, 5 / 6, 5 / 2, 1])


# Three holders an example, each their own worker and case in one study (they share
# nothing: each case's figures are its holder's alone): 9 examples x 3 = 27 holders, for
# the 25 examples of one holder each before, in a third of the studies.
@settings(max_examples=9, deadline=None)
@given(holders=st.lists(st.tuples(st.sets(st.integers(0, 6), min_size=1),
                                  st.sets(st.integers(0, 13))), min_size=3, max_size=3))
def test_hours_per_case_month_is_the_holders_rate_whatever_their_week(holders):
    """Property: a holder on any days ``days`` who spends 1 h on their case each day at work
    across Easter (Monday 30 March to Sunday 12 April, beside a Monday-to-Friday colleague),
    on leave on the days ``away`` (of the fortnight, when theirs), has 1 h per own day at
    work, so n/5 h per working day of their time: 21.0744 x n / 5 h per case-month,
    whatever bank holidays and leave fall on (before, hypothesis's first counterexample: a
    Monday-only holder, 5.27 for 4.21)."""
    rows, held, staff, rate = _colleague(EASTER), [("M1", "CP", "MF")], [MF], {}
    for k, (days, away) in enumerate(holders):
        off = {EASTER[0] + dt.timedelta(days=d) for d in away}
        mine = _holder(f"P{k}", days, EASTER, away=tuple(off), case=f"P{k}1")
        if not any(r[5] == "statutory_visit" for r in mine):
            continue  # no day at work: no case-months to divide by
        rows += mine
        held.append((f"P{k}1", "CIN", f"P{k}"))
        staff.append((f"P{k}", min(len(days) / 5, 1.0), " ".join(DAYS[d] for d in sorted(days))))
        rate[f"P{k}1"] = MONTH * len(days) / 5
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DataQualityWarning)  # a short diary for some weeks
        got = per_case(rows, cases(*held), workers(*staff))
    for case, want in rate.items():
        assert got.loc[case, "hours_per_month"] == pytest.approx(want, rel=1e-9), case
