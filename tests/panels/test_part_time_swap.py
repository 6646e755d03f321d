"""A part-timer who swaps a day: both figures it moves are named, with their size (fix35w).

The 33rd stop's note: a 0.6 FTE who swaps days read 18.97 h per case-month for 12.64 by
hand, and the warning named the size only of the hours per FTE-week. Reconstructed: the
fortnight of ``test_exposure_part_time_week`` (Monday 30 March to Sunday 12 April 2026,
Good Friday and Easter Monday bank holidays; 1 h on the holder's case P1 each day at
work, the rest of a 7.4 h day admin; a case-month 21.0744 working days), a Tuesday-to-
Thursday worker at 0.6 FTE who works Monday 30 March instead of Tuesday 31 and writes
nothing on the Tuesday. At abfc613 (before fix33q's own days, 5/n each) the case week was
Monday to Friday less the bank holidays, 8 days, times the used share 5/6: 6.67 days,
6 / 6.67 x 21.0744 = 18.97; now 10 x 5/6 = 8.33 days, 15.17.

By hand, two readings:

- the Tuesday a day off in lieu (the swap): 6 days at work, 6 own days x 5/3 = 10 days,
  6 h: 12.64 h per case-month; 44.4 h over 6 / 3 x 0.6 = 1.2 FTE-weeks: 37.0;
- the Tuesday a day at work not written (the method's missing day: "a contracted day with
  no work recorded and no leave, sickness or bank holiday ... left out of both the hours
  and the exposure") and the Monday extra work: 5 of 6 days seen, 8.33 days, 6 h: 15.17;
  44.4 h over 5 / 3 x 0.6 = 1.0 FTE-week: 44.4.

The diary cannot tell them apart (a Monday of overtime and a Tuesday not written leave the
same rows), so the figures stay as the method reads them, and the warning now says both
sizes, 20% each (6 / 5 - 1), and what to do: write the Tuesday as TOIL, which gives the
swap's figures.
"""

from __future__ import annotations

import datetime as dt
import warnings

import pytest
from _edges import frame, row, workers
from test_exposure_part_time_week import EASTER, MF, _case, _colleague, _day, _holder

from timestudy.errors import DataQualityWarning
from timestudy.panels import diary_completeness, worker_week
from timestudy.schema.standards import WORKING_DAYS_PER_MONTH as MONTH

MON, TUE = dt.date(2026, 3, 30), dt.date(2026, 3, 31)
TUE_THU = workers(("P", 0.6, "Tue-Thu"), MF)


def _swapped() -> list[tuple]:
    """P on Monday 30 March instead of Tuesday 31, beside the Monday-to-Friday colleague."""
    rows = [r for r in _holder("P", {1, 2, 3}, EASTER) if r[1] != TUE]
    return rows + _day("P", MON, "P1") + _colleague(EASTER)


def _per_fte_week(rows: list[tuple]) -> float:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DataQualityWarning)
        week = worker_week(frame(rows), TUE_THU)
    mine = week.loc[week["worker_id"] == "P"]
    return float(mine["hours_worked"].sum() / mine["fte_weeks"].sum())


def test_a_swapped_day_reads_as_a_day_missing_and_the_warning_sizes_both_figures():
    """As read: 8.33 days, 15.17 h per case-month, 44.4 h per FTE-week; both 20% over the
    swap's 12.64 and 37.0, and the warning says so of each (before: '20% too high' of the
    hours per FTE-week alone, the case-month's only 'too high')."""
    rows = _swapped()
    with warnings.catch_warnings(record=True) as got:
        warnings.simplefilter("always")
        diary_completeness(frame(rows), TUE_THU)
    said = " | ".join(str(w.message) for w in got if w.category is DataQualityWarning)
    assert "P (1 day: 20% too high per FTE-week, 20% per case-month of the cases they hold)" in (
        said
    )
    assert "write it in the diary as TOIL on the empty day" in said
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DataQualityWarning)
        case = _case(rows, TUE_THU)
    assert case["case_months"] * MONTH == pytest.approx(25 / 3, rel=1e-9)
    assert round(case["hours_per_month"], 2) == 15.17
    assert _per_fte_week(rows) == pytest.approx(44.4)
    assert case["hours_per_month"] / (6 / 10 * MONTH) - 1 == pytest.approx(0.2)
    assert _per_fte_week(rows) / 37.0 - 1 == pytest.approx(0.2)


def test_the_tuesday_written_as_toil_gives_the_swaps_figures():
    """The warning's advice: a TOIL entry on Tuesday 31 (no work) makes it a day at work:
    6 own days, 10 days, 6 h: 12.64 h per case-month, 37.0 h per FTE-week, no warning."""
    rows = _swapped() + [row("P", TUE, "09:00", "16:24", "toil", category="non_work")]
    with warnings.catch_warnings(record=True) as got:
        warnings.simplefilter("always")
        case = _case(rows, TUE_THU)
    assert not [w for w in got if "off-contract" in str(w.message)]
    assert case["case_months"] * MONTH == pytest.approx(10.0, rel=1e-9)
    assert round(case["hours_per_month"], 2) == 12.64
    assert _per_fte_week(rows) == pytest.approx(37.0)


def test_a_day_off_worked_every_week_leaves_the_cases_hours_per_case_month():
    """FL: 0.6 FTE, no workdays (taken as Monday to Wednesday), writes every weekday of 13
    April to 1 May 2026, 1 h on P1 a day: 15 h. A case's week is five days' worth whatever
    the fte ("so a week is five days' worth whatever their week"): 15 days read as Monday
    to Wednesday (9 x 5/3) or as Monday to Friday at 1.0, 21.07 h per case-month either
    way; per FTE-week 111 h over 9 / 3 x 0.6 = 1.8, 61.67, for 37.0. The warning said the
    case-month figure was too high too; it says it stands."""
    span = (dt.date(2026, 4, 13), dt.date(2026, 5, 1))
    rows = _holder("P", {0, 1, 2, 3, 4}, span) + _colleague(span)
    fl = workers(("P", 0.6, None), MF)
    with warnings.catch_warnings(record=True) as got:
        warnings.simplefilter("always")
        case = _case(rows, fl)
    said = " | ".join(str(w.message) for w in got if "written every week" in str(w.message))
    assert "P (Thursday, Friday written every week, not contracted: 67% too high)" in said
    assert "the hours per case-month of the cases they hold stand" in said
    assert "per case-month (too high)" not in said
    for w in (fl, workers(("P", 1.0, "Mon-Fri"), MF)):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DataQualityWarning)
            assert round(_case(rows, w)["hours_per_month"], 2) == 21.07
    assert case["case_months"] * MONTH == pytest.approx(15.0, rel=1e-9)
