"""Work before a case opened or after it closed is counted in its hours and now said.

Audit audit25j J_ddmm: case 0005201 (CLA, held by W05) opened on 16/03/2026 in a diary of
2-20 March 2026, with 1.5 h on it every weekday: the 10 weekdays of 2-13 March, 15.0 h, fell
before it opened. The rule counts them in its hours (a closing summary is the case's work)
but not in its case-months (its exposure starts on 16 March), so its hours per case-month
rose, and only guide.json's ``case_time.hours_outside_open`` (15.0 of 585 h) said so. Now
a warning says it: the rule is unchanged.
"""

from __future__ import annotations

import warnings

import pandas as pd
import pytest

from timestudy.errors import DataQualityWarning
from timestudy.models import estimate_case_weights
from timestudy.panels import case_month

DAYS = pd.bdate_range("2026-03-02", "2026-03-20")  # 15 weekdays, no bank holiday


def _month(opened=None, closed=None) -> pd.DataFrame:
    """W1 and W2, each 09:00-10:00 on a CIN case and 10:00-11:30 on a CLA case, every
    weekday; W2's CLA case C2 opened on ``opened`` and W1's CIN case N1 closed on ``closed``."""
    rows = []
    for i in (1, 2):
        for d in DAYS:
            for t, m, case, cat in (("09:00", 60, f"N{i}", "casework"),
                                    ("10:00", 90, f"C{i}", "casework")):
                s = pd.Timestamp(f"{d:%Y-%m-%d} {t}")
                rows.append((f"W{i}", s, s + pd.Timedelta(minutes=m), float(m), cat, case))
    e = pd.DataFrame(rows, columns=["worker_id", "start", "end", "duration_min", "category",
                                    "case_id"]).assign(task_type="case_notes")
    cases = pd.DataFrame({"case_id": ["N1", "C1", "N2", "C2"],
                          "case_type": ["CIN", "CLA", "CIN", "CLA"],
                          "worker_id": ["W1", "W1", "W2", "W2"],
                          "opened": pd.to_datetime([None, None, None, opened]),
                          "closed": pd.to_datetime([closed, None, None, None])})
    workers = pd.DataFrame({"worker_id": ["W1", "W2"], "fte": 1.0})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return case_month(e, cases, workers=workers)


PIECES = pd.DataFrame({"worker_id": ["W1"], "case_id": ["N1"], "task_type": ["visit"],
                       "full_min": [60.0]})


def _said(cm) -> list[str]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        estimate_case_weights(cm, PIECES, n_boot=9)
    return [str(w.message) for w in caught if issubclass(w.category, DataQualityWarning)
            and "opened or after it closed" in str(w.message)]


def test_work_before_the_case_opened_is_said():
    """J_ddmm in small: C2 opened Monday 16 March; 2-13 March is 10 weekdays x 1.5 h = 15.0 h
    on 1 case before it opened (of 15 x 2.5 x 2 = 75 h on cases)."""
    cm = _month(opened="2026-03-16")
    assert cm["hours"].sum() == pytest.approx(75.0)
    assert cm["hours_outside_open"].sum() == pytest.approx(15.0)
    assert _said(cm) == [
        "15.0 h of work on 1 case fall before the case opened or after it closed: counted in "
        "their hours, not their case-months; if the opening date is the plan's start rather "
        "than the allocation, correct the cases table's opened/closed"]


def test_before_opening_and_after_closing_on_two_cases():
    """And N1 closed on Friday 13 March: work on and after the closing day (13 and 16-20
    March, 6 weekdays x 1 h = 6.0 h) is outside too: 15.0 + 6.0 = 21.0 h on 2 cases."""
    said = _said(_month(opened="2026-03-16", closed="2026-03-13"))
    assert len(said) == 1 and said[0].startswith("21.0 h of work on 2 cases fall before")


def test_no_work_outside_the_open_dates_says_nothing():
    """Open dates blank: every hour is inside them, nothing said."""
    cm = _month()
    assert cm["hours_outside_open"].sum() == 0
    assert _said(cm) == []
