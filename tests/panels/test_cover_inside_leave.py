"""Cover on a day off inside a spell of leave holds the spell (fix35w).

The method sentence: "A spell of absence (days away with no day at work between them) in
which a colleague worked on a case was held by cover: its days stay in that case's
exposure". A spell runs over days off (a weekend, a part-timer's days off) from its first
day away to its last; a colleague's work on one of those days off is work in the spell.
Before, only work on a day away itself held the spell: a Tuesday-to-Thursday holder away a
fortnight, visited by a colleague on the Monday between, lost the fortnight from their
case's exposure while the colleague's hour stayed in its hours.

Every figure by hand: three weeks, Monday 13 April to Friday 1 May 2026 (no bank holiday),
1 h on the holder's case H1 each day at work, the rest of the day admin; a colleague C
(Monday to Friday, 1.0 FTE) on their own case, who visits H1 once, 16:30-17:30; a
case-month is 21.0744 working days (``MONTH``).
"""

from __future__ import annotations

import datetime as dt

import pytest
from _edges import cases, per_case, row, weekdays, workers
from test_exposure_part_time_week import _day, _holder

from timestudy.schema.standards import WORKING_DAYS_PER_MONTH as MONTH

SPAN = (dt.date(2026, 4, 13), dt.date(2026, 5, 1))
MON_FRI, TUE_THU = (1.0, "Mon-Fri"), (0.6, "Tue-Thu")


def _h1(
    holder: tuple,
    on: set[int],
    away: list[dt.date],
    colleague: tuple,
    c_on: set[int],
    visit: dt.date,
):
    """Case H1 of H (``holder``: fte, workdays; at work on weekdays ``on``, on leave on
    ``away``), with C's hour on it on ``visit``."""
    rows = _holder("H", on, SPAN, away=tuple(away), case="H1")
    rows += [r for d in weekdays(*SPAN) if d.weekday() in c_on for r in _day("C", d, "C1")]
    rows += [row("C", visit, "16:30", "17:30", "statutory_visit", "H1")]
    c = cases(("H1", "CIN", "H"), ("C1", "CIN", "C"))
    return per_case(rows, c, workers(("H", *holder), ("C", *colleague))).loc["H1"]


FORTNIGHT = [d for d in weekdays(dt.date(2026, 4, 21), dt.date(2026, 4, 30)) if d.weekday() < 4]


@pytest.mark.parametrize(
    "visit",
    [dt.date(2026, 4, 22), dt.date(2026, 4, 27)],
    ids=["wednesday-away", "monday-off-inside"],
)
def test_a_part_timers_day_off_inside_a_fortnights_leave_is_in_the_spell(visit):
    """H: Tuesday to Thursday at 0.6 FTE, on leave Tuesday 21 to Thursday 30 April (6 of
    their days, one spell: Friday 24 to Monday 27 are days off, no day at work between).
    9 own days x 5/3 = 15 days; 3 at work, 3 h. C visits H1 on Wednesday 22 (a day away)
    or on Monday 27 (H's day off inside the spell): covered either way, the spell's 6 days
    (10 days' worth) stay in: 15 days, 4 h, 4 / 15 x 21.0744 = 5.62 h per case-month.
    Before, on Monday 27: 15 - 10 = 5 days, 4 / 5 x 21.0744 = 16.86 (three times as much,
    the colleague's hour counted against exposure that dropped the fortnight)."""
    away = [d for d in FORTNIGHT if d.weekday() in (1, 2, 3)]
    got = _h1(TUE_THU, {1, 2, 3}, away, MON_FRI, {0, 1, 2, 3, 4}, visit)
    assert got["case_months"] * MONTH == pytest.approx(15.0, rel=1e-9)
    assert got["hours"] == pytest.approx(4.0)
    assert round(got["hours_per_month"], 2) == 5.62


def test_a_saturday_inside_leave_from_friday_to_monday_is_in_the_spell():
    """H: Monday to Friday, on leave Friday 17 and Monday 20 April (one spell over the
    weekend); C visits H1 on Saturday 18. 15 weekdays; 13 at work, 13 h, and C's 1: 14 h.
    Covered: 15 days, 14 / 15 x 21.0744 = 19.67 (as a visit on Monday 20 gives). Before:
    13 days, 22.70."""
    away = [dt.date(2026, 4, 17), dt.date(2026, 4, 20)]
    got = _h1(MON_FRI, {0, 1, 2, 3, 4}, away, MON_FRI, {0, 1, 2, 3, 4}, dt.date(2026, 4, 18))
    assert got["case_months"] * MONTH == pytest.approx(15.0, rel=1e-9)
    assert round(got["hours_per_month"], 2) == 19.67


@pytest.mark.parametrize(
    "colleague",
    [(MON_FRI, {0, 1, 2, 3, 4}), ((0.6, "Mon Tue Thu"), {0, 1, 3})],
    ids=["colleagues-own-day", "colleagues-day-off"],
)
def test_cover_on_the_colleagues_own_day_or_day_off_holds_the_spell_alike(colleague):
    """H: Monday to Friday, on leave Monday 20 to Friday 24 April; C visits H1 on Wednesday
    22, a day of C's own (Monday to Friday) or C's day off (C on Monday, Tuesday and
    Thursday). Whose day it is for C does not matter: covered, 15 days, 10 h of H's and C's
    1, 11 / 15 x 21.0744 = 15.45 (not covered: 10 days, 23.18). The same before."""
    away = list(weekdays(dt.date(2026, 4, 20), dt.date(2026, 4, 24)))
    got = _h1(MON_FRI, {0, 1, 2, 3, 4}, away, *colleague, dt.date(2026, 4, 22))
    assert got["case_months"] * MONTH == pytest.approx(15.0, rel=1e-9)
    assert got["hours"] == pytest.approx(11.0)
    assert round(got["hours_per_month"], 2) == 15.45


def test_a_visit_on_a_day_off_after_the_spell_is_not_cover():
    """H: Tuesday to Thursday, on leave Tuesday 21 to Thursday 23 April; C visits H1 on
    Friday 24, a day off after the spell's last day away (H back on Tuesday 28): not inside
    it, the spell stays out. 9 own days less 3, x 5/3: 10 days; 6 h of H's and C's 1:
    7 / 10 x 21.0744 = 14.75."""
    away = [dt.date(2026, 4, 21), dt.date(2026, 4, 22), dt.date(2026, 4, 23)]
    got = _h1(TUE_THU, {1, 2, 3}, away, MON_FRI, {0, 1, 2, 3, 4}, dt.date(2026, 4, 24))
    assert got["case_months"] * MONTH == pytest.approx(10.0, rel=1e-9)
    assert round(got["hours_per_month"], 2) == 14.75


def test_a_day_off_of_a_job_share_inside_its_spell_is_in_the_spell():
    """K held by JS1 (Monday, Tuesday) and JS2 (Thursday, Friday), 0.4 FTE each, 2-13 March
    2026: the job's week is Monday, Tuesday, Thursday and Friday, each 5/4 (Wednesday no
    holder's day); 8 days x 5/4 = 10. JS1 on leave Tuesday 10 and JS2 on Thursday 12: the
    job's days away, one spell over Wednesday 11. C (Monday to Friday) visits K on that
    Wednesday: the spell is covered, 10 days; 3 + 3 + 1 = 7 h (as a visit on Tuesday 10
    gives). Before: 10 - 2 x 5/4 = 7.5 days."""
    rows = []
    for d in weekdays(dt.date(2026, 3, 2), dt.date(2026, 3, 13)):
        for w, on in (("JS1", (0, 1)), ("JS2", (3, 4))):
            if (w, d) in {("JS1", dt.date(2026, 3, 10)), ("JS2", dt.date(2026, 3, 12))}:
                rows += [row(w, d, "09:00", "16:24", "leave")]
            elif d.weekday() in on:
                rows += _day(w, d, "K")
        rows += _day("C", d, "C1")
    rows += [row("C", dt.date(2026, 3, 11), "16:30", "17:30", "statutory_visit", "K")]
    w = workers(("JS1", 0.4, "Mon Tue"), ("JS2", 0.4, "Thu Fri"), ("C", *MON_FRI))
    c = cases(("K", "CP", "JS1"), ("C1", "CIN", "C")).assign(co_workers=["JS2", None])
    got = per_case(rows, c, w).loc["K"]
    assert got["case_months"] * MONTH == pytest.approx(10.0, rel=1e-9)
    assert got["hours"] == pytest.approx(7.0)


@pytest.mark.parametrize("day", [11, 12], ids=["wednesday_no_holders_day", "thursday_js2s_day"])
def test_a_holders_own_work_inside_their_own_leave_is_not_cover(day):
    """K held by JS1 (Monday, Tuesday) and JS2 (Thursday, Friday), 0.4 FTE each, 2-13 March
    2026 (job days Monday, Tuesday, Thursday, Friday, each 5/4). JS1 on leave Monday 9 and
    Tuesday 10, JS2 Thursday 12 and Friday 13: one spell of the job's days away, the whole
    second week. JS1 writes an hour on K on Wednesday 11 (no holder's day) or Thursday 12
    (JS2's day): JS1's own work inside JS1's own leave, not cover, as a lone holder's own
    work is not. 10 - 4 x 5/4 = 5 days; 4 h in the first week and JS1's hour: 5 h,
    5 / 5 x 21.0744 = 21.07 h per case-month (review35; before 10 days, 10.54)."""
    away = {("JS1", dt.date(2026, 3, 9)), ("JS1", dt.date(2026, 3, 10)),
            ("JS2", dt.date(2026, 3, 12)), ("JS2", dt.date(2026, 3, 13))}
    rows = []
    for d in weekdays(dt.date(2026, 3, 2), dt.date(2026, 3, 13)):
        for w, on in (("JS1", (0, 1)), ("JS2", (3, 4))):
            if (w, d) in away:
                rows += [row(w, d, "09:00", "16:24", "leave")]
            elif d.weekday() in on:
                rows += _day(w, d, "K")
        rows += _day("C", d, "C1")
    rows += [row("JS1", dt.date(2026, 3, day), "16:30", "17:30", "statutory_visit", "K")]
    w = workers(("JS1", 0.4, "Mon Tue"), ("JS2", 0.4, "Thu Fri"), ("C", *MON_FRI))
    c = cases(("K", "CP", "JS1"), ("C1", "CIN", "C")).assign(co_workers=["JS2", None])
    got = per_case(rows, c, w).loc["K"]
    assert got["case_months"] * MONTH == pytest.approx(5.0, rel=1e-9)
    assert round(got["hours_per_month"], 2) == 21.07
