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

Only a working day left empty AFTER the day worked, and at most four weeks after it, is
paired beyond the seven days (fix37t2): before, any day missing and any day extra were
paired, however far apart and in either order, so a full-timer's Saturday overtime on
14 March and a Thursday 16 April left unrecorded 33 days later were named a swap (1 day,
far), and a Tuesday 10 March left empty with a Saturday 18 April worked was "a day off in
lieu taken later" though the empty day came first; now neither is named.

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

FAR = ("P (1 day, left empty more than a week after the day worked: 20% too high per "
       "FTE-week, 20% per case-month of the cases they hold)")
LATER = "the empty day more than a week after the day worked, up to four weeks"


def test_a_day_off_in_lieu_more_than_a_week_later_is_named():
    """Monday 20 April worked, Wednesday 29 April left empty 9 days on: named, 1 day left
    empty more than a week after the day worked, 20% and 20%; 15.17 h per case-month and
    44.4 h per FTE-week, as a swap within the week reads (before fix37t: unsaid)."""
    rows = _rows(dt.date(2026, 4, 20), dt.date(2026, 4, 29))
    said = _said(rows)
    assert FAR in said
    assert LATER in said
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DataQualityWarning)
        assert round(_case(rows, TUE_THU)["hours_per_month"], 2) == 15.17
        assert _per_fte_week(rows) == pytest.approx(44.4)


def test_near_pairs_word_unchanged():
    """A swap within seven days is named as before, with no word of days further apart."""
    said = _said(_rows(dt.date(2026, 4, 24), dt.date(2026, 4, 28)))
    assert NAMED in said
    assert LATER not in said


def test_an_empty_day_before_the_day_worked_is_not_named_far():
    """Wednesday 22 April left empty, Friday 1 May worked 9 days on: not a day off in lieu
    (taken after the day worked), not named (before, fix37t: named, "further apart")."""
    assert "had weeks with a contracted day left empty" not in _said(
        _rows(dt.date(2026, 5, 1), dt.date(2026, 4, 22)))


def _full_timer(worked: str, empty: str) -> pd.DataFrame:
    """A full-timer's days, 2 March to 30 April 2026: every weekday written but ``empty``,
    and the weekend day ``worked``."""
    d = pd.bdate_range("2026-03-02", "2026-04-30").append(pd.DatetimeIndex([worked]))
    status = pd.Series("complete", index=d).sort_index()
    status[pd.Timestamp(empty)], status[pd.Timestamp(worked)] = "missing", "extra"
    days = pd.DataFrame({"worker_id": "W001", "diary_date": status.index,
                         "status": status.to_numpy()})
    return days.assign(contracted=days["status"].ne("extra"),
                       used=days["status"].ne("missing"))


@pytest.mark.parametrize(("worked", "empty"), [
    ("2026-03-14", "2026-04-16"),  # Saturday overtime, a Thursday unrecorded 33 days on
    ("2026-04-18", "2026-03-10"),  # a Tuesday empty, a Saturday worked 39 days on
], ids=["overtime-then-33-days", "empty-day-first"])
def test_overtime_and_an_empty_day_far_apart_are_no_swap(worked, empty):
    """Before (fix37t): {'W001': (1, 0.0233, 0.0233, 1)}, one day named a swap far apart
    (43 days used); after: none."""
    assert swapped_weeks(_full_timer(worked, empty)) == {}


def test_far_pairs_counted_once():
    """Two days missing, one extra 10 days from one of them and 3 from the other: one pair,
    near (the days within a week paired first), none far."""
    d = pd.to_datetime(["2026-04-20", "2026-04-21", "2026-04-23", "2026-04-30"])
    days = pd.DataFrame({"worker_id": "P", "diary_date": d,
                         "status": ["extra", "missing", "complete", "missing"]})
    days = days.assign(contracted=days["status"].ne("extra"),
                       used=days["status"].ne("missing"))
    assert swapped_weeks(days) == {"P": (1, 1.0, 1.0, 0)}
