"""A case opened and closed inside one spell of its holder's days away, the spell covered,
is kept on the days cover gives it (fix36j2).

``case_month`` kept only the cases whose own exposure (``exposure.case_exposure``) was
over 0 before the cover (``exposure.covered_absence``) was added, so a case open on none
but days away was dropped, its hours "left out: open on no working day its holder wrote
in the diary", though a colleague held the spell: the rule of the method sentence ("its
days stay in that case's exposure") gave it days.

The study of ``test_job_share_spell_at_open_close`` (2-13 March 2026; C visits K on
Tuesday 10, a day of the spell): K held by JS1 (Monday, Tuesday, on leave Tuesday 10) and
JS2 (Thursday, Friday, on leave Thursday 12), each job day 5/4, 6 h of theirs on K and
C's 1; or by H alone (Monday to Friday, on leave Tuesday 10 to Thursday 12), 7 h of H's.
"""

from __future__ import annotations

import pytest
from test_job_share_spell_at_open_close import _k

from timestudy.schema.standards import WORKING_DAYS_PER_MONTH as MONTH


def test_a_job_share_opened_and_closed_inside_its_spell():
    """K opened on Wednesday 11 and closed on Friday 13: open on Wednesday (no day of the
    job) and Thursday 12 (away): no days of its own; the spell Tuesday 10 to Thursday 12 is
    covered by the Tuesday's visit, Thursday back: 1.25 days, 7 h, 7 / 1.25 x 21.0744 =
    118.02 h per case-month (review36j's 5a; before dropped, its 7 h left out)."""
    got = _k("2026-03-11", "2026-03-13", 10)
    assert got["case_months"] * MONTH == pytest.approx(1.25, rel=1e-9)
    assert got["hours"] == pytest.approx(7.0)
    assert round(got["hours_per_month"], 2) == 118.02


def test_a_lone_holders_case_open_on_one_day_of_their_leave():
    """H's K opened on Wednesday 11 and closed on Thursday 12: open on Wednesday alone, a
    day of H's leave, the spell covered: 1 day, 8 h, 8 x 21.0744 = 168.60 h per case-month
    (review36j's 5c; before dropped, its 8 h left out)."""
    got = _k("2026-03-11", "2026-03-12", 10, lone=True)
    assert got["case_months"] * MONTH == pytest.approx(1.0, rel=1e-9)
    assert got["hours"] == pytest.approx(8.0)
    assert round(got["hours_per_month"], 2) == 168.60


def test_not_covered_still_left_out():
    """Pinned: C's visit on Friday 13 instead, after the spell: no day back, K still in no
    row (the same before)."""
    with pytest.raises(KeyError):
        _k("2026-03-11", "2026-03-12", 13, lone=True)
