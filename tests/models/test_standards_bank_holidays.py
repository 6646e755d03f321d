"""A standard counted in working days does not count bank holidays as working days.

Hand-worked on the England standards over a diary of 30 March to 28 April 2026, in
which Good Friday (3 April) and Easter Monday (6 April) are bank holidays:

* A (CP, closed 10 April): "seen every 10 working days"; its window has 10 weekdays but
  8 working days, so no visit is due (before: 10 working days, 1 visit due);
* B (CP): "initial conference within 15 working days of the strategy meeting"; the
  meeting on 30 March puts the deadline at 22 April, when the conference was held
  (before: 30 March + 21 days = 20 April, so the conference was late);
* C (CLA, opened 30 March): "review at 20 working days"; that is 29 April, after the
  diary, so no review is due in it (before: 30 March + 28 days = 27 April, due).

With no bank holidays (``holidays="none"``) the old figures come back: only the
holidays make the difference. "Every 6 weeks" and "3 months" stay calendar intervals.
"""

from __future__ import annotations

import pandas as pd
import yaml

from timestudy.models.standards import pieces_due
from timestudy.schema.standards import read_standards, standards_from_dict

PERIOD = ("2026-03-30", "2026-04-28")
CASES = pd.DataFrame(
    {
        "case_id": ["A", "B", "C"],
        "case_type": ["CP", "CP", "CLA"],
        "worker_id": ["W1"] * 3,
        "opened": pd.to_datetime(["2020-01-01", "2020-01-01", "2026-03-30"]),
        "closed": pd.to_datetime(["2026-04-10", None, None]),
        "case_months": [0.4, 1.0, 1.0],
    }
)
WORK = pd.DataFrame(
    {
        "case_id": ["B", "B"],
        "task_type": ["strategy_meeting", "initial_cp_conference"],
        "diary_date": pd.to_datetime(["2026-03-30", "2026-04-22"]),
    }
)


def _pieces(holidays=None):
    args = () if holidays is None else (holidays,)
    p = pieces_due(CASES, WORK, read_standards(), PERIOD, *args)
    return p.set_index(["case_id", "piece"])


def test_working_day_standards_leave_bank_holidays_out():
    p = _pieces()
    assert p.loc[("A", "statutory_visit"), ["window_working_days", "due"]].tolist() == [8, 0]
    assert p.loc[("B", "initial_conference"), ["due", "done", "met"]].tolist() == [1, 1, True]
    assert p.loc[("C", "cla_review"), "due"] == 0
    assert p.loc[("C", "statutory_visit"), "window_working_days"] == 22  # 6 weeks: calendar


def test_without_bank_holidays_the_weekday_figures_come_back():
    p = _pieces("none")
    assert p.loc[("A", "statutory_visit"), ["window_working_days", "due"]].tolist() == [10, 1]
    assert p.loc[("B", "initial_conference"), ["due", "done", "met"]].tolist() == [1, 0, False]
    assert p.loc[("C", "cla_review"), "due"] == 1


def test_a_standards_file_keeps_its_units_when_written_back():
    """to_dict wrote every interval as working days ('3 months' as '65.2... working days'),
    which would now count bank holidays out of a calendar interval."""
    s = read_standards()
    back = standards_from_dict(yaml.safe_load(yaml.safe_dump(s.to_dict())))
    cla = {i["piece"]: i for i in s.to_dict()["case_types"]["CLA"]}
    assert cla["cla_review"]["first"] == ["20 working days", "3 months"]
    cp = {i["piece"]: i for i in s.to_dict()["case_types"]["CP"]}
    assert cp["initial_conference"]["within"] == "15 working days"
    key = ["case_type", "piece"]
    cols = ["first", "within", "every", "first_working_days", "within_working_days"]
    pd.testing.assert_frame_equal(
        back.items.set_index(key).sort_index()[cols], s.items.set_index(key).sort_index()[cols]
    )
    same = pieces_due(CASES, WORK, back, PERIOD).set_index(["case_id", "piece"]).sort_index()
    want = pieces_due(CASES, WORK, s, PERIOD).set_index(["case_id", "piece"]).sort_index()
    pd.testing.assert_frame_equal(same, want)
