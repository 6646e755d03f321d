"""A day off in lieu taken more than a week after the day worked (fix37t).

The swap warning pairs a day missing with a day extra within any seven days in a row
(fix36p). A Tuesday-to-Thursday worker at 0.6 FTE (P) who works Monday 20 April 2026 and
takes Wednesday 29 April off in lieu, writing nothing on it, 9 days later, reads exactly as
the swap within a week does: 6 days written, 5 contracted days used of 6, 44.4 h over
5 / 3 x 0.6 = 1.0 FTE-week, 44.4 h per FTE-week (37.0 if swapped); P's case P1 6 h over
5 x 5/3 = 8.33 days, 15.17 h per case-month (12.64 if swapped); both 20% too high. TOIL is
commonly taken a week or more after the day worked, and the warning's advice (write the
empty day as TOIL) is the same, so it is named now, saying the days are more than a week
apart (before: unsaid). The figures are unchanged: the warning is all that changes.

(``test_swap_across_a_weekend``'s days 10 apart, Monday 20 and Thursday 30 April, are still
not named: Thursday 30 is P's last diary day, left empty, so outside their window, not a
day missing.)
"""

from __future__ import annotations

import datetime as dt
import warnings

import pandas as pd
import pytest
from test_exposure_part_time_week import _case
from test_part_time_swap import _per_fte_week
from test_swap_across_a_weekend import NAMED, TUE_THU, _rows, _said

from timestudy.errors import DataQualityWarning
from timestudy.panels.unrecorded_weekdays import swapped_weeks

FAR = ("P (1 day, more than a week from the day worked: 20% too high per FTE-week, 20% per "
       "case-month of the cases they hold)")


@pytest.mark.parametrize(("worked", "empty"), [
    (dt.date(2026, 4, 20), dt.date(2026, 4, 29)),  # Monday worked, Wednesday 9 days on
    (dt.date(2026, 5, 1), dt.date(2026, 4, 22)),  # Wednesday empty, Friday 9 days on
], ids=["nine-days-later", "empty-day-first"])
def test_a_day_off_in_lieu_more_than_a_week_later_is_named(worked, empty):
    """Named, 1 day more than a week apart, 20% and 20%; 15.17 h per case-month and 44.4 h
    per FTE-week, as a swap within the week reads (before: unsaid)."""
    rows = _rows(worked, empty)
    said = _said(rows)
    assert FAR in said
    assert "further apart" in said
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DataQualityWarning)
        assert round(_case(rows, TUE_THU)["hours_per_month"], 2) == 15.17
        assert _per_fte_week(rows) == pytest.approx(44.4)


def test_near_pairs_word_unchanged():
    """A swap within seven days is named as before, with no word of days further apart."""
    said = _said(_rows(dt.date(2026, 4, 24), dt.date(2026, 4, 28)))
    assert NAMED in said
    assert "further apart" not in said


def test_far_pairs_counted_once():
    """Two days missing, one extra 10 days from one of them and 3 from the other: one pair,
    near (the days within a week paired first), none far."""
    d = pd.to_datetime(["2026-04-20", "2026-04-21", "2026-04-23", "2026-04-30"])
    days = pd.DataFrame({"worker_id": "P", "diary_date": d,
                         "status": ["extra", "missing", "complete", "missing"]})
    days = days.assign(contracted=days["status"].ne("extra"),
                       used=days["status"].ne("missing"))
    assert swapped_weeks(days) == {"P": (1, 1.0, 1.0, 0)}
