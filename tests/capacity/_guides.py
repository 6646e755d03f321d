"""A hand-made guide shared by the capacity tests of cases with no holder or no listed holder."""

from __future__ import annotations

import pandas as pd

from timestudy.guide import TimeGuide


def hand_guide(min_workers: int | None = None) -> TimeGuide:
    """100 h per FTE-month; CIN 5 and CP 10 measured, 5 and 12 should; with intervals.

    ``min_workers`` (the disclosure threshold in ``meta``): 1 shows the headline's counts
    of workers whatever their size (the count rule: tests/capacity/test_over_capacity_counts.py).
    """
    case_types = pd.DataFrame({
        "n_cases": [50, 40], "n_workers": [10, 10], "case_months": [60.0, 40.0],
        "hours_per_case_month": [5.0, 10.0], "hours_per_case_month_ci_low": [4.0, 8.0],
        "hours_per_case_month_ci_high": [6.0, 12.0], "uplift": [1.0, 1.2],
        "hours_per_case_month_should": [5.0, 12.0],
    }, index=pd.Index(["CIN", "CP"], name="case_type"))
    available = pd.DataFrame({
        "estimate": [1200.0, 43.6, 40.0, 10.0], "ci_low": [1100.0, 43.6, 39.0, 9.0],
        "ci_high": [1300.0, 43.6, 41.0, 11.0]}, index=pd.Index(
        ["available_case_hours_per_fte_year", "working_weeks_per_year",
         "hours_worked_per_fte_week", "non_case_hours_per_fte_week"], name="measure"))
    meta = {"reference_case_type": "CIN", "level": 0.95,
            "available_assumptions": {"contracted_per_fte": 37.0}}
    if min_workers is not None:
        meta["min_workers"] = min_workers
    return TimeGuide(meta, pd.DataFrame(), case_types, pd.DataFrame(), available,
                     pd.DataFrame(), pd.DataFrame(), pd.DataFrame())
