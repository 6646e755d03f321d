"""A part-day of leave or sickness comes out of its holder's cases' exposure, as a whole day does.

The rule is the FTE-weeks' (``timestudy.panels.workdays.absent_share``): on a contracted day
used, the hours of the leave or sickness entries over the worker's contracted day (37 / 5 =
7.4 h at full time), clipped to [0, 1], are the share of the day away.
``diary_completeness`` keeps it as ``absent_part``; ``worker_week`` takes it out of the
FTE-weeks and ``case_exposure`` out of the working days each of the holder's cases was open.
Before, an afternoon's leave kept the whole day in the exposure while a whole day of leave
came out (audit23p, s6): the same 74 h and the same 37 h of leave gave 156.0 h a CLA
case-month as whole days and 104.0 as half days. A case-month is 21.0744 working days.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from _edges import FIRST, by_type, cases, frame, row, std, weekdays, workers

from timestudy.panels import case_month, diary_completeness, worker_week
from timestudy.schema.standards import WORKING_DAYS_PER_MONTH as MONTH

W = workers(("WF", 1.0, "Mon-Fri"), ("WR", 1.0, "Mon-Fri"))
C = cases(("F1", "CIN", "WF"), ("F2", "CP", "WF"), ("R1", "CLA", "WR"))


def _s6(half: bool) -> list[tuple]:
    """WF works the standard day on F1 and F2; WR holds R1 alone, 74 h on it and 37 h of
    leave: the first week's five days on leave (``half`` False) or the first ten
    afternoons (09:00-12:42 on R1, 3.7 h; 12:42-16:24 leave, 3.7 h), the rest 09:00-16:24
    on R1 (7.4 h)."""
    rows = []
    for d in weekdays():
        rows += std("WF", d, "F1", "F2")
        week = (d - FIRST).days // 7
        if half and week <= 1:
            rows += [row("WR", d, "09:00", "12:42", "case_notes", "R1"),
                     row("WR", d, "12:42", "16:24", "leave")]
        elif not half and week == 0:
            rows.append(row("WR", d, "09:00", "16:24", "leave"))
        else:
            rows.append(row("WR", d, "09:00", "16:24", "case_notes", "R1"))
    return rows


@pytest.mark.parametrize("half", [False, True], ids=["s6_wholedays", "s6_halfdays"])
def test_half_days_of_leave_come_out_of_the_exposure_as_whole_days_do(half):
    """s6: R1 has 74 h (whole days: 10 x 7.4; half days: 10 x 3.7 + 5 x 7.4). Its exposure:
    15 weekdays less 5 days on leave (whole days) or less 10 x 3.7 / 7.4 = 5 (half days),
    10 days: 74 / 10 x 21.0744 = 155.95 h a CLA case-month both ways (half days before the
    fix: 74 / 15 x 21.0744 = 103.97). WF's cases are untouched: CIN 2 x 21.0744 = 42.15."""
    got = by_type(_s6(half), C, W)
    assert got["CLA"] == pytest.approx(74 / 10 * MONTH, rel=1e-9)
    assert got["CLA"] == pytest.approx(155.95, abs=0.01)
    assert got["CIN"] == pytest.approx(2 * MONTH, rel=1e-9)


def test_the_exposure_takes_out_what_the_fte_weeks_take_out():
    """One rule: the days away ``worker_week`` counts in part (10 x 0.5 = 5) are the days
    ``diary_completeness`` marks ``absent_part`` and the exposure takes out."""
    e = frame(_s6(True))
    days = diary_completeness(e, W)
    ww = worker_week(e, W, days=days)
    assert days["absent_part"].sum() == pytest.approx(5.0)
    assert ww["days_absent_part"].sum() == pytest.approx(days["absent_part"].sum())


def test_an_afternoon_covered_by_a_colleague_stays_in_the_exposure():
    """s6_halfdays, and WF spends 13:00-14:00 of Monday 12 October on R1 while WR is on leave
    that afternoon: the half day was held by cover, as a covered spell of whole days is, and
    comes back into R1's exposure. R1: 74 + 1 = 75 h over 10 + 0.5 = 10.5 days:
    75 / 10.5 x 21.0744 = 150.53 h a case-month (without the cover: 74 / 10, 155.95)."""
    rows = [r for r in _s6(True) if not (r[0] == "WF" and r[1] == FIRST and r[2] == "12:30")]
    rows += [row("WF", FIRST, "12:30", "13:00", "case_notes", "F2"),
             row("WF", FIRST, "13:00", "14:00", "case_notes", "R1"),
             row("WF", FIRST, "14:00", "16:54", "case_notes", "F2")]
    e = frame(rows)
    cm = case_month(e, C, workers=W, days=diary_completeness(e, W)).set_index("case_id")
    assert cm.loc["R1", "hours"] == pytest.approx(75.0)
    assert cm.loc["R1", "case_months"] * MONTH == pytest.approx(10.5)
    assert cm.loc["R1", "hours_per_month"] == pytest.approx(75 / 10.5 * MONTH, rel=1e-9)


def test_a_phased_return_with_afternoons_written_as_sickness():
    """s5b: WR's first week is 09:00-09:30 admin, 09:30-11:00 on R1 (CIN, 1.5 h), 11:00-12:30
    on R2 (CP, 1.5 h) and 12:30-16:54 sick (4.4 h), then the standard day on R1 and R2 (2 and
    4.4 h); WF the standard day on F1 (CIN) and F2 (CP) throughout. WR's week 1 is
    5 x 4.4 / 7.4 = 2.973 days away: R1 and R2 are each open 15 - 2.973 = 12.027 days.
    CIN: (30 + 7.5 + 20) h / (15 + 12.027) days x 21.0744 = 44.84 (40.39 before, the
    afternoons in); CP: (66 + 7.5 + 44) / 27.027 x 21.0744 = 91.62 (82.54 before)."""
    rows = []
    for d in weekdays():
        rows += std("WF", d, "F1", "F2")
        if d < dt.date(2026, 10, 19):
            rows += [row("WR", d, "09:00", "09:30", "email_admin"),
                     row("WR", d, "09:30", "11:00", "statutory_visit", "R1"),
                     row("WR", d, "11:00", "12:30", "case_notes", "R2"),
                     row("WR", d, "12:30", "16:54", "sickness")]
        else:
            rows += std("WR", d, "R1", "R2")
    c = cases(("F1", "CIN", "WF"), ("F2", "CP", "WF"), ("R1", "CIN", "WR"), ("R2", "CP", "WR"))
    got = by_type(rows, c, W)
    days = 15 + 15 - 5 * 4.4 / 7.4
    assert got.to_dict() == pytest.approx({"CIN": 57.5 / days * MONTH,
                                           "CP": 117.5 / days * MONTH}, rel=1e-9)
    assert (round(got["CIN"], 2), round(got["CP"], 2)) == (44.84, 91.62)


def test_a_day_without_absence_entries_loses_nothing():
    """Only absence entries count: a short day of work (4 h, no leave written) is a day at
    work whole, ``absent_part`` 0."""
    e = frame([row("W1", d, "09:00", "13:00" if d.day == 16 else "16:24", "case_notes", "A")
               for d in weekdays()])
    days = diary_completeness(e, workers(("W1", 1.0, "Mon-Fri")))
    assert float(days["absent_part"].sum()) == 0.0
    assert pd.api.types.is_float_dtype(days["absent_part"])


def test_a_part_day_beside_blank_days_is_taken_out_once():
    """review23a expo1.py: W1 full time, 15 weekdays from Monday 12 October 2026, writes only
    Monday, Wednesday and Friday (9 days: 6 missing), 7.4 h a day on case A; Wednesday 14
    October is 3.7 h on A and 3.7 h of leave. By hand: all of W1's work is on A, at 7.4 h a
    working day: 62.9 h over 8.5 observed days at work (9 - 0.5) = 7.4. Exposure (15 - 0.5)
    x (9 - 0.5) / (15 - 0.5) = 8.5 days, as a whole day of leave gives (15 - 1) x 8 / 14 =
    8. Before: (15 - 0.5) x 9 / 15 = 8.7 days, 7.23 h a day (the part taken out of the open
    days, not out of the share of them observed)."""
    out = []
    for d in weekdays():
        if d.weekday() in (1, 3):
            continue
        if d == dt.date(2026, 10, 14):
            out += [row("W1", d, "09:00", "12:42", "case_notes", "A"),
                    row("W1", d, "12:42", "16:24", "leave")]
        else:
            out.append(row("W1", d, "09:00", "16:24", "case_notes", "A"))
    e, w = frame(out), workers(("W1", 1.0, "Mon-Fri"))
    days = diary_completeness(e, w)
    cm = case_month(e, cases(("A", "CIN", "W1")), workers=w, days=days).set_index("case_id")
    exposure = cm.loc["A", "case_months"] * MONTH
    assert exposure == pytest.approx(8.5)
    assert cm.loc["A", "hours"] / exposure == pytest.approx(7.4)
