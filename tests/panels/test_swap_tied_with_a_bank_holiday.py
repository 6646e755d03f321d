"""A part-timer's swap that reads as no swap: their weekdays taken by the default rule, the
day worked tied with the day it replaced, and the other day a bank holiday (fix36p).

The 35th stop left open "Swap tied with a day off reads 15.17 h per case-month without
warning". Found: the fortnight of ``test_part_time_swap`` (Monday 30 March to Sunday 12
April 2026, Good Friday 3 and Easter Monday 6 April bank holidays; 1 h a day on the case
P1, 7.4 h days), P at 0.6 FTE on Tuesday to Thursday works Monday 30 for Tuesday 31, with
*no workdays in the workers table*. Days written: Monday 1 (the 30th; the 6th a bank
holiday), Tuesday 1 (the 7th), Wednesday 2, Thursday 2. The default rule takes the
round(5 x 0.6) = 3 weekdays most written, earlier weekdays winning ties: Monday,
Wednesday, Thursday. Then Tuesday 31 is no contracted day, Monday 6 a bank holiday on a
contracted day ('holiday') and Tuesday 7 'extra': no week holds a missing day, so the swap
warning (a week with a day missing and a day extra) said nothing, while the figures are
the declared swap's as read:

- 6 h on P1 over 5 own days used x 5/3 = 8.33 days: 6 / 8.33 x 21.0744 = 15.17 h per
  case-month (12.64 if swapped: 6 days, 10 days' worth);
- 44.4 h over 5 / 3 x 0.6 = 1.0 FTE-week: 44.4 h per FTE-week (37.0 if swapped: 1.2).

Both 20% too high (6 / 5 - 1), as with workdays given. Now, for a worker whose weekdays
the default rule chose from their counts (part time, none declared), a bank holiday on a
chosen weekday left empty, in a week with a day worked off-contract, is the empty day of a
possible swap (the weekday the rule chose may not be theirs): the warning names P, 1 day,
20% and 20%. The figures are not changed. Declared weekdays are the contract's, so a bank
holiday on one is theirs off, and a full-timer's Monday to Friday is no guess: neither is
named for a day worked in a bank holiday's week.
"""

from __future__ import annotations

import datetime as dt
import warnings

import pandas as pd
import pytest
from _edges import frame, workers
from test_exposure_part_time_week import EASTER, MF, _case, _colleague, _day, _holder
from test_part_time_swap import _swapped

from timestudy.errors import DataQualityWarning
from timestudy.panels import diary_completeness, worker_week
from timestudy.schema.standards import WORKING_DAYS_PER_MONTH as MONTH

NONE_GIVEN = workers(("P", 0.6, None), MF)
SWAP = "had weeks with a contracted day left empty"


def _said(rows: list[tuple], w) -> str:
    with warnings.catch_warnings(record=True) as got:
        warnings.simplefilter("always")
        diary_completeness(frame(rows), w)
    return " | ".join(str(g.message) for g in got if g.category is DataQualityWarning)


def _figures(rows: list[tuple], w) -> tuple[float, float, float]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DataQualityWarning)
        case = _case(rows, w)
        week = worker_week(frame(rows), w)
    mine = week.loc[week["worker_id"] == "P"]
    return (case["case_months"] * MONTH, case["hours_per_month"],
            float(mine["hours_worked"].sum() / mine["fte_weeks"].sum()))


def test_the_tie_reads_monday_as_contracted_and_easter_tuesday_as_extra():
    """The default rule's reading: Monday 30 complete, Monday 6 a holiday, Tuesday 7 extra."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DataQualityWarning)
        d = diary_completeness(frame(_swapped()), NONE_GIVEN)
    p = d.loc[d["worker_id"] == "P"].set_index("diary_date")["status"]
    assert p[pd.Timestamp("2026-03-30")] == "complete"
    assert p[pd.Timestamp("2026-04-06")] == "holiday"
    assert p[pd.Timestamp("2026-04-07")] == "extra" and not p.eq("missing").any()


def test_the_swap_tied_with_a_bank_holiday_is_named_with_both_sizes():
    """Before: no swap warning (15.17 h per case-month, 44.4 h per FTE-week, unsaid). After:
    'P (1 day: 20% too high per FTE-week, 20% per case-month ...)'; figures unchanged."""
    said = _said(_swapped(), NONE_GIVEN)
    assert SWAP in said
    assert ("P (1 day: 20% too high per FTE-week, 20% per case-month of the cases they hold)"
            in said)
    days, per_month, per_week = _figures(_swapped(), NONE_GIVEN)
    assert days == pytest.approx(25 / 3, rel=1e-9)
    assert round(per_month, 2) == 15.17 and per_week == pytest.approx(44.4)
    assert per_month / (6 / 10 * MONTH) - 1 == pytest.approx(0.2)


def test_the_same_swap_with_workdays_given_is_named_once_as_before():
    """Tuesday to Thursday declared: Monday 30 extra, Tuesday 31 missing, the same figures,
    the same warning (the bank holiday of a declared day is not an empty day of a swap)."""
    tue_thu = workers(("P", 0.6, "Tue-Thu"), MF)
    said = _said(_swapped(), tue_thu)
    assert said.count("P (1 day: 20% too high per FTE-week") == 1
    assert round(_figures(_swapped(), tue_thu)[1], 2) == 15.17


@pytest.mark.parametrize("who", ["full-timer", "declared"])
def test_a_day_worked_in_a_bank_holidays_week_is_not_a_swap_of_a_known_week(who):
    """MF (Monday to Friday, no workdays, 1.0 FTE: no guess) works Saturday 4 April in Good
    Friday's week; D (0.6, 'Mon Wed Thu' declared) works Tuesday 7 in Easter Monday's week:
    neither is named (a bank holiday of a contract's day is a day off, the day worked extra)."""
    if who == "full-timer":
        rows = _colleague(EASTER) + _day("MF", dt.date(2026, 4, 4), "M1")
        rows += _holder("P", {1, 2, 3}, EASTER)
        w = workers(("P", 0.6, "Tue-Thu"), ("MF", 1.0, None))
    else:
        rows = _holder("P", {0, 2, 3}, EASTER) + _day("P", dt.date(2026, 4, 7), "P1")
        rows += _colleague(EASTER)
        w = workers(("P", 0.6, "Mon Wed Thu"), MF)
    assert SWAP not in _said(rows, w)


def test_through_the_guide_the_swap_is_named_and_the_figures_stand(tmp_path, capsys):
    """End to end (``timestudy guide``, the same fortnight written as files, MF on a CP
    case): CIN 15.173571 h per case-month, hours per FTE-week (59.2 + 44.4) / (1.6 + 1.0)
    = 39.846154, and the swap named on the console (before: not named)."""
    import json

    from test_pattern_studies_end_to_end import _guide

    rows = []
    for d in pd.bdate_range(*EASTER):
        if d.date() in (dt.date(2026, 4, 3), dt.date(2026, 4, 6)):
            continue
        rows += [f"MF,{d:%Y-%m-%d}T09:00,{d:%Y-%m-%d}T10:00,REC,notes,CMF",
                 f"MF,{d:%Y-%m-%d}T10:00,{d:%Y-%m-%d}T16:24,ADM,emails,"]
        if d.day_of_week in (1, 2, 3) and d.day != 31 or d.day == 30:
            rows += [f"P,{d:%Y-%m-%d}T09:00,{d:%Y-%m-%d}T10:00,REC,notes,CP",
                     f"P,{d:%Y-%m-%d}T10:00,{d:%Y-%m-%d}T16:24,ADM,emails,"]
    g = _guide(tmp_path, rows, ["MF,1.0,37,social_worker,North,Mon-Fri,",
                                "P,0.6,22.2,social_worker,North,,"], types={"MF": "CP"})
    err = capsys.readouterr().err
    assert "P (1 day: 20% too high per FTE-week, 20% per case-month" in err
    hours = {c["case_type"]: c["hours_per_case_month"]["estimate"] for c in g["case_types"]}
    assert hours["CIN"] == pytest.approx(15.173571, abs=1e-6)
    assert g["available_hours"]["measures"]["hours_worked_per_fte_week"]["estimate"] == (
        pytest.approx(103.6 / 2.6, abs=1e-6))
    assert json.dumps(g).count("off-contract") == 1
