"""A job share's spell of days away runs over the case's opening or closing (fix36j).

The method sentence: "A spell of absence (days away with no day at work between them) in
which a colleague worked on a case, on one of its days away or on a day off between two of
them, was held by cover: its days stay in that case's exposure", and "work before a case
opened or after it closed counts". A lone holder's spell is theirs whatever the case's
dates (``exposure.covered_absence``: the spell's days from max(its first day, the case's
first) to min(its last day + 1, the case's last) count back). A job share's spell is the
job's (``co_held.job_cover``); before, it was read over the case's open days alone, so a
spell the case opened or closed inside was cut there and a visit on its far side, or on a
day off of the job at the cut, held nothing.

Every figure by hand: K held by JS1 (Monday, Tuesday) and JS2 (Thursday, Friday), 0.4 FTE
each, 2-13 March 2026: the job's week is Monday, Tuesday, Thursday and Friday, each 5/4
(Wednesday no holder's day). JS1 on leave Tuesday 10, JS2 on Thursday 12: one spell of the
job's days away, over Wednesday 11. 1 h on K on each holder's day at work (6 h) and C's
visit (1 h): 7 h, all counted (work outside the open dates is the case's). A case-month is
21.0744 working days (``MONTH``).
"""

from __future__ import annotations

import datetime as dt

import pytest
from _edges import cases, per_case, row, weekdays, workers
from test_exposure_part_time_week import _day

from timestudy.schema.standards import WORKING_DAYS_PER_MONTH as MONTH

AWAY = {("JS1", dt.date(2026, 3, 10)), ("JS2", dt.date(2026, 3, 12))}


def _k(opened: str | None, closed: str | None, visit: int, lone: bool = False,
       extra: tuple = ()):
    """Case K's row, opened and closed as given, C visiting it on ``visit`` March; ``lone``:
    held by H alone (Monday to Friday, on leave Tuesday 10 to Thursday 12); ``extra``: more
    entries."""
    rows = list(extra)
    for d in weekdays(dt.date(2026, 3, 2), dt.date(2026, 3, 13)):
        if lone:
            rows += ([row("H", d, "09:00", "16:24", "leave")] if 10 <= d.day <= 12
                     else _day("H", d, "K"))
        for w, on in (("JS1", (0, 1)), ("JS2", (3, 4))) if not lone else ():
            if (w, d) in AWAY:
                rows += [row(w, d, "09:00", "16:24", "leave")]
            elif d.weekday() in on:
                rows += _day(w, d, "K")
        rows += _day("C", d, "C1")
    rows += [row("C", dt.date(2026, 3, visit), "16:30", "17:30", "statutory_visit", "K")]
    mon_fri = ("C", 1.0, "Mon-Fri")
    w = (workers(("H", 1.0, "Mon-Fri"), mon_fri) if lone else
         workers(("JS1", 0.4, "Mon Tue"), ("JS2", 0.4, "Thu Fri"), mon_fri))
    c = cases(("K", "CP", "H" if lone else "JS1"), ("C1", "CIN", "C"))
    c = c.assign(opened=c["opened"].mask(c["case_id"].eq("K"), opened),
                 closed=c["closed"].mask(c["case_id"].eq("K"), closed))
    if not lone:
        c = c.assign(co_workers=["JS2", None])
    return per_case(rows, c, w).loc["K"]


@pytest.mark.parametrize("visit", [10, 11], ids=["tuesday-before-opening", "wednesday-opened"])
def test_a_job_share_opened_inside_its_spell(visit):
    """K opened on Wednesday 11: its open job days are Thursday 12 (away, in the spell) and
    Friday 13 (JS2 at work). C visits on Wednesday 11 (a day off of the job inside the
    spell) or on Tuesday 10 (a day of it away, before K opened): the spell is covered, its
    open day Thursday is back: 2 x 5/4 = 2.5 days, 7 / 2.5 x 21.0744 = 59.01 h per
    case-month (review36; before 1.25 days, 118.02: the spell cut at the opening, Thursday
    alone in it, the visit outside it)."""
    got = _k("2026-03-11", None, visit)
    assert got["case_months"] * MONTH == pytest.approx(2.5, rel=1e-9)
    assert got["hours"] == pytest.approx(7.0)
    assert round(got["hours_per_month"], 2) == 59.01


@pytest.mark.parametrize("visit", [11, 12], ids=["wednesday-last-open", "thursday-closed"])
def test_a_job_share_closed_inside_its_spell(visit):
    """K closed on Thursday 12 (its last open day Wednesday 11): open job days Monday 2,
    Tuesday 3, Thursday 5, Friday 6, Monday 9, Tuesday 10 (away). C visits on Wednesday 11 or
    on Thursday 12 (away, the day K closed): covered, Tuesday 10 back: 6 x 5/4 = 7.5 days,
    7 / 7.5 x 21.0744 = 19.67 h per case-month (review36; before 6.25 days, 23.60)."""
    got = _k(None, "2026-03-12", visit)
    assert got["case_months"] * MONTH == pytest.approx(7.5, rel=1e-9)
    assert round(got["hours_per_month"], 2) == 19.67


@pytest.mark.parametrize("visit", [10, 11, 12])
def test_a_lone_holders_spell_the_rule_it_follows(visit):
    """Pinned, the lone holder's rule the job share now follows: H (Monday to Friday) on
    leave Tuesday 10 to Thursday 12, K opened on Wednesday 11; a visit on any day of the
    spell (Tuesday, before K opened, too) holds it: Wednesday to Friday, 3 days; H's 7 h
    and C's 1, 8 / 3 x 21.0744 = 56.20. The same before this change."""
    got = _k("2026-03-11", None, visit, lone=True)
    assert got["case_months"] * MONTH == pytest.approx(3.0, rel=1e-9)
    assert round(got["hours_per_month"], 2) == 56.20
