"""A case listed with a period closed before the diary began (a re-referral exported with its
history): work before its new period opened is the new period's (audit22c F4).

R1 was open 1 October 2025 to 20 February 2026 and again from Monday 9 March 2026; the diary
runs from Monday 2 March. The 60 minutes written on R1 on 4 March (the new referral's
assessment) fall between the two periods. Before, they were the period before's (a closing
summary is the case's work): a period with no day in the diary, so no case-months, and the
hour was left out, warned as on a case "not open while the holder kept the diary". Now they
are the new period's, as work before a case listed once opened is its own; a period that
closed within the diary keeps the work after it (its closing summary), as before.
"""

from __future__ import annotations

import pandas as pd

from timestudy.panels.case_periods import case_periods


def _cases(first_closed: str) -> pd.DataFrame:
    return pd.DataFrame({"case_id": ["R1", "R1"], "case_type": ["CIN", "CIN"],
                         "opened": pd.to_datetime(["2025-10-01", "2026-03-09"]),
                         "closed": pd.to_datetime([first_closed, None])})


def _episodes() -> pd.DataFrame:
    return pd.DataFrame({"case_id": pd.Series(["X", "R1", "R1"], dtype="string"),
                         "diary_date": pd.to_datetime(["2026-03-02", "2026-03-04",
                                                       "2026-03-10"])})


def test_work_before_a_new_period_is_its_own_when_the_old_closed_before_the_diary():
    ep, cases = case_periods(_episodes(), _cases("2026-02-20"))
    assert ep["case_id"].tolist() == ["X", "R1#2", "R1#2"]
    assert cases["case_id"].tolist() == ["R1#1", "R1#2"]


def test_a_period_closed_in_the_diary_keeps_its_closing_summary():
    """Closed Tuesday 3 March, within the diary: the 4 March hour is its closing summary."""
    ep, _ = case_periods(_episodes(), _cases("2026-03-03"))
    assert ep["case_id"].tolist() == ["X", "R1#1", "R1#2"]


def test_the_holders_own_first_diary_day_is_the_one_that_counts():
    """review22b: the study starts 2 March but R1's holder W1 starts 16 March; R1's first
    period closed 6 March, its second opens 20 March, and W1 works R1 on 17 March: the
    second period's (the first closed before W1's diary began)."""
    cases = pd.DataFrame({"case_id": ["R1", "R1"], "case_type": "CIN", "worker_id": "W1",
                          "opened": pd.to_datetime(["2025-10-01", "2026-03-20"]),
                          "closed": pd.to_datetime(["2026-03-06", None])})
    ep = pd.DataFrame({"case_id": pd.Series(["X", "R1", "R1"], dtype="string"),
                       "worker_id": ["W2", "W1", "W1"],
                       "diary_date": pd.to_datetime(["2026-03-02", "2026-03-17",
                                                     "2026-03-24"])})
    got, _ = case_periods(ep, cases)
    assert got["case_id"].tolist() == ["X", "R1#2", "R1#2"]


def test_work_while_a_period_was_open_stays_its_own_whoever_did_it():
    """review22c: R1#1 (CIN, held by W1, whose diary starts 16 March) closed 6 March; R1#2
    (CP, held by W3) opened 20 March. W2 worked on R1 on 4 March, while R1#1 was open: R1#1's
    (the first fix moved it to R1#2, CIN work counted as CP time: 56.20 hours per case-month
    for 21.07). W3's work on 24 March is R1#2's."""
    cases = pd.DataFrame({"case_id": ["R1", "R1"], "case_type": ["CIN", "CP"],
                          "worker_id": ["W1", "W3"],
                          "opened": pd.to_datetime(["2025-10-01", "2026-03-20"]),
                          "closed": pd.to_datetime(["2026-03-06", None])})
    ep = pd.DataFrame({"case_id": pd.Series(["R1", "X", "R1", "R1"], dtype="string"),
                       "worker_id": ["W2", "W1", "W1", "W3"],
                       "diary_date": pd.to_datetime(["2026-03-04", "2026-03-16",
                                                     "2026-03-17", "2026-03-24"])})
    got, _ = case_periods(ep, cases)
    assert got["case_id"].tolist() == ["R1#1", "X", "R1#2", "R1#2"]
