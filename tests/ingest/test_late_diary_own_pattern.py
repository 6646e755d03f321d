"""A late diary is counted in the worker's own working days, not Monday to Friday (fix27a,
review26 F7).

:func:`~timestudy.ingest.holder_ids.late_diaries` names a worker whose diary begins 5 or
more working days after the study's first diary day with no ``joined`` date. It counted
Monday to Friday whatever the workers table's ``workdays`` declared, so a part-timer whose
first contracted day came a week in was named as late: a false alarm.

By hand, the study's first diary day Monday 2 March 2026 (W1, Monday to Friday):

- P works Mon-Wed (``workdays`` "Mon-Wed"), first entry Monday 9 March: their days before
  are 2, 3, 4 March: 3, under 5, not named (before: "5 weekdays in", named).
- Q's rota is a week off then a week on ("off / Mon-Fri", ``pattern_from`` 2 March: week 1
  is the week off), first entry Monday 9 March: 0 of their days before, not named
  (before: 5 weekdays, named).
- R works Mon-Wed, first entry Monday 16 March: 2-4 and 9-11 March, 6 of their days,
  named "6 of their working days in" (before: "10 weekdays in").
- S declares nothing, first entry Monday 9 March: Monday to Friday, 5 weekdays, named as
  before.
"""

from __future__ import annotations

import warnings

import pandas as pd
import pytest

from timestudy import run_study
from timestudy.ingest.holder_ids import late_diaries, working_days_before

WORKERS = pd.DataFrame({"worker_id": ["W1", "P", "Q", "R", "S"],
                        "fte": [1.0, 0.6, 0.5, 0.6, 1.0],
                        "workdays": ["Mon-Fri", "Mon-Wed", "off / Mon-Fri", "Mon-Wed", None],
                        "pattern_from": pd.to_datetime([None, None, "2026-03-02", None, None])})
FIRST = {"W1": "2026-03-02", "P": "2026-03-09", "Q": "2026-03-09", "R": "2026-03-16",
         "S": "2026-03-09"}


def _eps(first: dict) -> pd.DataFrame:
    return pd.DataFrame({"worker_id": list(first), "diary_date": pd.to_datetime(list(first.values()))})


def test_the_days_counted_are_the_workers_own():
    first = _eps(FIRST).set_index("worker_id")["diary_date"]
    days, declared = working_days_before(first, pd.Timestamp("2026-03-02"), WORKERS)
    assert days.to_dict() == {"W1": 0, "P": 3, "Q": 0, "R": 6, "S": 5}
    assert sorted(declared) == ["P", "Q", "R", "W1"]


def test_a_part_timer_whose_first_day_comes_later_is_not_named():
    """P and Q are not named (before: both, 5 weekdays in); R is, 6 of their days; S as
    before, 5 weekdays."""
    said = late_diaries(_eps(FIRST), WORKERS)
    assert "P (" not in said and "Q (" not in said  # before: both named
    assert "R (first diary day 2026-03-16, 6 of their working days in)" in said
    assert "S (first diary day 2026-03-09, 5 weekdays in)" in said
    assert said.startswith("2 workers' diaries begin 5 or more working days (weekdays, or "
                           "the days of the worker's own pattern where the workers table's "
                           "workdays gives one) after the study's first diary day (2026-03-02)")


def test_only_a_part_timer_a_week_in_gives_no_warning():
    """W1 and P alone: nothing to say (before: P named, 5 weekdays in)."""
    assert late_diaries(_eps({"W1": FIRST["W1"], "P": FIRST["P"]}), WORKERS) is None


def test_the_guide_names_no_part_timer_whose_days_begin_later():
    """Through run_study: P's Mon-Wed diary from 9 March beside W1's from 2 March."""
    days = pd.bdate_range("2026-03-02", "2026-03-13")
    p_days = days[(days >= "2026-03-09") & (days.day_of_week < 3)]
    rows = [{"worker_id": w, "case_id": c, "activity": "visit",
             "start": d + pd.Timedelta(hours=9), "end": d + pd.Timedelta(hours=10)}
            for w, c, ds in (("W1", "A", days), ("P", "B", p_days)) for d in ds]
    cases = pd.DataFrame({"case_id": ["A", "B"], "case_type": ["CIN", "CP"],
                          "worker_id": ["W1", "P"]})
    with warnings.catch_warnings(record=True) as got:
        warnings.simplefilter("always")
        run_study(pd.DataFrame(rows), cases, WORKERS.iloc[:2], sensitivity=False, n_boot=19,
                  min_workers=1)
    assert not [w for w in got if "diary begins" in str(w.message)]


@pytest.mark.parametrize("workers", [None, WORKERS.drop(columns=["workdays", "pattern_from"])])
def test_no_pattern_declared_counts_weekdays_as_before(workers):
    """No workers table: nothing said (as before); no workdays: P, Q, R and S all named."""
    said = late_diaries(_eps(FIRST), workers)
    if workers is None:
        assert said is None
    else:
        assert said.startswith("4 of 5 workers' diaries begin 5 or more weekdays after")
