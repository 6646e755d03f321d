"""A job share's spell of days away ends at a day one of its holders was at work (fix36j2).

The method sentence: "A spell of absence (days away with no day at work between them)";
a lone holder's spell ends at any day they worked, their contracted day or not
(``exposure._spells``: ``WORKING_STATUSES``). A job share's spell ended only at a day of
the job held (``co_held.job_cover``), so a holder at work on a day off of the job, between
two of its days away, joined them into one spell, and a visit on one held both.

The study of ``test_job_share_spell_at_open_close``: K held by JS1 (Monday, Tuesday) and
JS2 (Thursday, Friday), 2-13 March 2026, the job's week Monday, Tuesday, Thursday, Friday,
each 5/4; JS1 on leave Tuesday 10, JS2 on Thursday 12; 1 h on K on each holder's day at
work (6 h) and C's visit on Tuesday 10 (1 h): 7 h. Here JS1 also writes a day of admin on
Wednesday 11 (7.4 h, no case): a day at work between the two days away, two spells.
"""

from __future__ import annotations

import datetime as dt

import pytest
from _edges import row
from test_job_share_spell_at_open_close import _k

from timestudy.schema.standards import WORKING_DAYS_PER_MONTH as MONTH

WED = (row("JS1", dt.date(2026, 3, 11), "09:00", "16:24", "email_admin"),)


def test_a_holder_at_work_on_a_day_off_of_the_job_ends_its_spell():
    """K open throughout: its job days 8 x 5/4 = 10; Tuesday 10 (C's visit) is held by
    cover, Thursday 12 is of the second spell, no one's work on it: 10 - 1.25 = 8.75 days,
    7 / 8.75 x 21.0744 = 16.86 h per case-month (review36j's 16a; before 10.0 days, 14.75:
    one spell over the Wednesday, the Tuesday's visit holding the Thursday too)."""
    got = _k(None, None, 10, extra=WED)
    assert got["case_months"] * MONTH == pytest.approx(8.75, rel=1e-9)
    assert got["hours"] == pytest.approx(7.0)
    assert round(got["hours_per_month"], 2) == 16.86


def test_a_job_share_opened_on_the_day_at_work():
    """K opened on Wednesday 11: open job days Thursday 12 (away, a spell of its own, not
    covered) and Friday 13: 1.25 days, 7 h (work before the opening counts), 7 / 1.25 x
    21.0744 = 118.02 h per case-month (review36j's 16c; before 2.5 days, 59.01)."""
    got = _k("2026-03-11", None, 10, extra=WED)
    assert got["case_months"] * MONTH == pytest.approx(1.25, rel=1e-9)
    assert round(got["hours_per_month"], 2) == 118.02


def test_without_the_day_at_work_one_spell():
    """Pinned: without JS1's Wednesday the two days away are one spell, the Tuesday's visit
    holds both: 10 days, 7 / 10 x 21.0744 = 14.75 (the same before)."""
    got = _k(None, None, 10)
    assert got["case_months"] * MONTH == pytest.approx(10.0, rel=1e-9)
    assert round(got["hours_per_month"], 2) == 14.75
