"""A hand-made guide of 10 workers whose counts the count rule partly withholds (fix29g):
small enough to work by hand (tests/guide/test_measured_counts_follow_tables.py,
tests/capacity/test_calibration_counts_measured.py)."""

from __future__ import annotations

import pandas as pd

from timestudy.guide import TimeGuide

#: The reference's figures: (estimate, ci_low, ci_high) by row.
HOURS = ([5.0, 9.0], [4.0, 7.0], [6.0, 11.0])
FULL_HOURS = ([2.0, 3.0], [1.8, 2.0], [2.2, 4.0])


def small_guide(writeup_workers: int = 1, case_workers=(10, 3), min_workers: int = 5,
                hours=HOURS, full_hours=FULL_HOURS) -> TimeGuide:
    """Ten workers: statutory visits by 10 and the assessment write-up by
    ``writeup_workers``; CIN and CP cases by ``case_workers``; out of hours by 2. With
    ``min_workers`` 5 a count under 5 is "fewer than 5 of 10", one of 6 to 9 "at least 6 of
    10"; with 1 every count is a number."""
    tasks = pd.DataFrame({
        "category": ["direct", "recording"], "full_hours": full_hours[0],
        "full_hours_ci_low": full_hours[1], "full_hours_ci_high": full_hours[2],
        "n_workers": [10, writeup_workers], "n_pieces": [144, 9],
        "n_workers_primary": [10, writeup_workers]},
        index=pd.Index(["statutory_visit", "assessment_writeup"], name="task_type"))
    cases = pd.DataFrame({
        "hours_per_case_month": hours[0], "hours_per_case_month_ci_low": hours[1],
        "hours_per_case_month_ci_high": hours[2], "n_workers": list(case_workers),
        "n_cases": [30, 4], "case_months": [30.0, 4.0]},
        index=pd.Index(["CIN", "CP"], name="case_type"))
    shares = pd.DataFrame({"share": [0.9, 0.1], "n_workers": [10, 2]},
                          index=pd.Index(["admin", "out_of_hours"], name="category"))
    available = pd.DataFrame({"estimate": [30.0, 1400.0], "ci_low": [28.0, 1300.0],
                              "ci_high": [32.0, 1500.0]}, index=pd.Index(
        ["available_case_hours_per_fte_week", "available_case_hours_per_fte_year"],
        name="measure"))
    mult = pd.DataFrame(columns=["multiplier", "ci_low", "ci_high", "p_value"], dtype=float)
    meta = {"n_workers": 10, "min_workers": min_workers, "n_cases": 34, "level": 0.95}
    return TimeGuide(meta, tasks, cases, mult, available, shares, pd.DataFrame(),
                     pd.DataFrame())
