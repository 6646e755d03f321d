"""A swap across a week's end: the day worked in one week, the day taken in the next
(fix36p).

The swap warning paired a day missing with a day extra only within one week, Monday to
Sunday. A Tuesday-to-Thursday worker at 0.6 FTE (P) who works Friday 24 April 2026 and
takes Tuesday 28 April off in lieu, writing nothing on it, reads as a day extra in one week
and a day missing in the next: the same figures as a swap within a week, unsaid. By hand
(20 April to 1 May 2026, no bank holiday; 1 h a day on P's case P1, 7.4 h days, beside a
Monday-to-Friday colleague): 6 days written, 5 contracted days used of 6, 44.4 h over
5 / 3 x 0.6 = 1.0 FTE-week: 44.4 h per FTE-week (37.0 if swapped); P1 6 h over
5 x 5/3 = 8.33 days: 15.17 h per case-month (12.64 if swapped); both 20% too high.
Now the days are paired within any seven days in a row (the most pairs over the seven
ways of cutting weeks): P is named, 1 day, 20% and 20%. A day worked and a day left
empty 8 or more days apart are paired too since fix37t, said to be further apart
(test_swap_far_apart); the figures are not changed.
"""

from __future__ import annotations

import datetime as dt
import warnings

import pytest
from _edges import frame, workers
from test_exposure_part_time_week import MF, PLAIN, _case, _colleague, _day, _holder
from test_part_time_swap import _per_fte_week

from timestudy.errors import DataQualityWarning
from timestudy.panels import diary_completeness

TUE_THU = workers(("P", 0.6, "Tue-Thu"), MF)
NAMED = "P (1 day: 20% too high per FTE-week, 20% per case-month of the cases they hold)"


def _rows(worked: dt.date, empty: dt.date) -> list[tuple]:
    rows = [r for r in _holder("P", {1, 2, 3}, PLAIN) if r[1] != empty]
    return rows + _day("P", worked, "P1") + _colleague(PLAIN)


def _said(rows: list[tuple]) -> str:
    with warnings.catch_warnings(record=True) as got:
        warnings.simplefilter("always")
        diary_completeness(frame(rows), TUE_THU)
    return " | ".join(str(w.message) for w in got if w.category is DataQualityWarning)


@pytest.mark.parametrize(("worked", "empty"), [
    (dt.date(2026, 4, 24), dt.date(2026, 4, 28)),  # Friday worked, next Tuesday taken
    (dt.date(2026, 4, 25), dt.date(2026, 4, 28)),  # a Saturday, then Tuesday
    (dt.date(2026, 4, 20), dt.date(2026, 4, 21)),  # within the week: named before too
], ids=["friday-then-tuesday", "saturday-then-tuesday", "same-week"])
def test_a_day_worked_and_a_day_left_empty_within_seven_days_are_named(worked, empty):
    """Before: the first two unsaid (the days in two weeks). After: named, 20% and 20%;
    15.17 h per case-month and 44.4 h per FTE-week as before."""
    rows = _rows(worked, empty)
    assert NAMED in _said(rows)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DataQualityWarning)
        assert round(_case(rows, TUE_THU)["hours_per_month"], 2) == 15.17
        assert _per_fte_week(rows) == pytest.approx(44.4)


def test_days_eight_or_more_apart_are_not_paired():
    """Monday 20 April worked, Thursday 30 April left empty: not named, since Thursday 30
    is P's last diary day, left empty: outside their window, not a day missing (days 9
    apart inside the window are named: test_swap_far_apart)."""
    assert "had weeks with a contracted day left empty" not in _said(
        _rows(dt.date(2026, 4, 20), dt.date(2026, 4, 30)))
