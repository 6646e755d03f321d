"""met_visiting_standard does not count a bank holiday as a working day.

A CP case open through a two-week diary, 6 to 19 April 2026, with no statutory visit:
10 weekdays, but Easter Monday (6 April) is a bank holiday in England and Wales, so 9
working days, fewer than the 10 between visits the standard allows: no visit was due
and the standard is met. Before, the 10 weekdays needed one visit (not met). With no
bank holidays the case needs its visit.
"""

from __future__ import annotations

from types import SimpleNamespace

import pandas as pd

from timestudy.guide import met_visiting_standard

CM = pd.DataFrame(
    {
        "case_id": ["A"],
        "case_type": ["CP"],
        "opened": pd.to_datetime(["2026-01-05"]),
        "closed": [pd.NaT],
        "case_months": [14 / (365.25 / 12)],
    }
)
PIECES = pd.DataFrame({"case_id": ["X"], "task_type": ["statutory_visit"]})
PERIOD = (pd.Timestamp("2026-04-06"), pd.Timestamp("2026-04-19"))


def _models(diary):
    return SimpleNamespace(case_month=CM, pieces=PIECES, period=PERIOD, options={"diary": diary})


def test_a_bank_holiday_is_not_a_working_day_of_the_visiting_standard():
    assert met_visiting_standard(_models({})).tolist() == [True]
    assert met_visiting_standard(_models({"holidays": "england-and-wales"})).tolist() == [True]


def test_without_bank_holidays_the_visit_is_due():
    assert met_visiting_standard(_models({"holidays": "none"})).tolist() == [False]
