"""A working-day standard counted from a weekend or a bank holiday counts its first working
day as the next one, not the one after (England standards, England and Wales bank holidays).

Hand-worked over a diary of Saturday 28 March to Tuesday 28 April 2026 (Good Friday 3 April
and Easter Monday 6 April are bank holidays). The working days after Saturday 28 March are
Monday 30 March (1st), ... Thursday 2 April (4th), Tuesday 7 April (5th), ... Tuesday 14 April
(10th), ... Tuesday 21 April (15th), ... Tuesday 28 April (20th):

* B (CP): strategy meeting on Saturday 28 March, so the initial conference is due within 15
  working days, by Tuesday 21 April; held on Wednesday 22 April it was late (numpy's
  ``busday_offset`` rolled the Saturday forward to Monday first, and made it Wednesday);
* E (CP): strategy meeting on Good Friday, so the deadline is the 15th working day after it,
  Monday 27 April; held that day, on time;
* C (CLA, opened Saturday 28 March): review at 20 working days, Tuesday 28 April, inside
  the diary: due (it was put on 29 April, after the diary);
* D (CP, opened Saturday 28 March): seen every 10 working days, on 14 and 28 April: two
  visits due (one before).
"""

from __future__ import annotations

import pandas as pd

from timestudy.models.standards import pieces_due
from timestudy.schema.standards import read_standards

PERIOD = ("2026-03-28", "2026-04-28")
CASES = pd.DataFrame(
    {
        "case_id": ["B", "E", "C", "D"],
        "case_type": ["CP", "CP", "CLA", "CP"],
        "worker_id": ["W1"] * 4,
        "opened": pd.to_datetime(["2020-01-01", "2020-01-01", "2026-03-28", "2026-03-28"]),
        "closed": pd.to_datetime([None] * 4),
        "case_months": [1.0] * 4,
    }
)
WORK = pd.DataFrame(
    {
        "case_id": ["B", "B", "E", "E"],
        "task_type": ["strategy_meeting", "initial_cp_conference"] * 2,
        "diary_date": pd.to_datetime(["2026-03-28", "2026-04-22", "2026-04-03", "2026-04-27"]),
    }
)


def test_deadlines_and_schedules_count_from_a_weekend_or_a_bank_holiday():
    p = pieces_due(CASES, WORK, read_standards(), PERIOD).set_index(["case_id", "piece"])
    assert p.loc[("B", "initial_conference"), ["due", "done", "met"]].tolist() == [1, 0, False]
    assert p.loc[("E", "initial_conference"), ["due", "done", "met"]].tolist() == [1, 1, True]
    assert p.loc[("C", "cla_review"), "due"] == 1
    assert p.loc[("D", "statutory_visit"), "due"] == 2


def test_a_day_later_the_conference_is_late_after_good_friday():
    late = WORK.assign(diary_date=WORK["diary_date"].where(
        WORK["diary_date"] != pd.Timestamp("2026-04-27"), pd.Timestamp("2026-04-28")))
    p = pieces_due(CASES, late, read_standards(), PERIOD).set_index(["case_id", "piece"])
    assert p.loc[("E", "initial_conference"), ["due", "done"]].tolist() == [1, 0]
