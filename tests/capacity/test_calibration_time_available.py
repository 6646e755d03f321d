"""A calibrated guide's time available is the local study's own working pattern.

Defect: ``Calibration.to_guide`` kept the reference's non-case hours (supervision,
training, admin per FTE-week) and pooled the hours for casework toward the
reference's, so the local hours for casework, cases per FTE and FTE needed rested on
another council's working pattern even where the local study measured its own.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from timestudy.capacity import max_caseload, staffing
from timestudy.capacity.calibration import calibrate
from timestudy.guide import TimeGuide

COLUMNS = ["estimate", "ci_low", "ci_high"]
ROWS = [
    "hours_worked_per_fte_week",
    "non_case_hours_per_fte_week",
    "available_case_hours_per_fte_week",
    "working_weeks_per_year",
    "available_case_hours_per_fte_year",
]


def _guide(non_case, ci, n_workers, worked=45.0, contracted=37.0, weeks=40.0):
    """One case type (CP, 10 hours per case-month, 9 to 11.1), one task (2 hours) and the
    time available: ``contracted - non_case`` hours for casework per FTE-week, times
    ``weeks`` a year."""
    ct = pd.DataFrame(
        {
            "hours_per_case_month": [10.0],
            "hours_per_case_month_ci_low": [9.0],
            "hours_per_case_month_ci_high": [11.1],
            "n_workers": [n_workers],
            "uplift": [1.0],
            "hours_per_case_month_should": [10.0],
        },
        index=pd.Index(["CP"], name="case_type"),
    )
    tasks = pd.DataFrame(
        {
            "full_hours": [2.0],
            "full_hours_ci_low": [1.8],
            "full_hours_ci_high": [2.2],
            "n_workers": [n_workers],
        },
        index=pd.Index(["statutory_visit"], name="task_type"),
    )
    week = [contracted - non_case, contracted - ci[1], contracted - ci[0]]
    av = pd.DataFrame(
        [
            [worked, worked - 2, worked + 2],
            [non_case, *ci],
            week,
            [weeks] * 3,
            [w * weeks for w in week],
        ],
        index=pd.Index(ROWS, name="measure"),
        columns=COLUMNS,
    )
    meta = {
        "level": 0.95,
        "n_workers": n_workers,
        "available_assumptions": {"contracted_per_fte": contracted},
        "headline": {"supported_cases_per_fte": {"estimate": 9.7}},
    }
    return TimeGuide(
        meta, tasks, ct, pd.DataFrame(), av, pd.DataFrame(), pd.DataFrame(), pd.DataFrame()
    )


def test_local_non_case_hours_make_the_hours_for_casework():
    """Reference: 8 non-case hours per FTE-week (7 to 9) of 37 contracted, so 29 hours for
    casework (28 to 30). Local study of 10 workers: 12 non-case hours (10 to 14), so 25
    (23 to 27), 47 hours worked. Both: CP 10 hours per case-month, 40 working weeks.

    Calibrated guide: non-case 12 (10 to 14), casework 25 a week (23 to 27) and
    25 x 40 = 1,000 a year (920 to 1,080), hours worked 47; CP stays 10 (the two agree).
    Cases per FTE = 1,000 / 12 / 10 = 8.33, the reference's 1,160 / 12 / 10 = 9.67 scaled
    by 25 / 29; FTE needed for 50 CP cases = 50 x 10 / (1,000 / 12) = 6.0 (reference 5.17).
    The old guide kept the reference's non-case 8 and 45 hours worked, and pooled the
    hours for casework toward 29: 27.05 (local weight 0.47), so 9.02 cases per FTE and
    5.55 FTE needed, and kept the reference's headline.
    """
    reference, local = _guide(8.0, (7.0, 9.0), 40), _guide(12.0, (10.0, 14.0), 10, worked=47.0)
    cal = calibrate(reference, local)
    g = cal.to_guide()
    av = g.available
    assert av.loc["non_case_hours_per_fte_week"].tolist() == [12.0, 10.0, 14.0]
    assert av.loc["available_case_hours_per_fte_week"].tolist() == [25.0, 23.0, 27.0]
    assert av.loc["available_case_hours_per_fte_year"].tolist() == [1000.0, 920.0, 1080.0]
    assert av.loc["hours_worked_per_fte_week", "estimate"] == 47.0
    assert g.case_types.loc["CP", "hours_per_case_month"] == pytest.approx(10.0)
    assert max_caseload(g, {"CP": 1.0}) == pytest.approx(1000 / 12 / 10)
    assert max_caseload(g, {"CP": 1.0}) / max_caseload(reference, {"CP": 1.0}) == (
        pytest.approx(25 / 29)
    )
    cases = pd.DataFrame({"worker_id": "W1", "case_type": ["CP"] * 50})
    fte = staffing(g, cases).table.loc["total", "fte_needed"]
    assert fte == pytest.approx(50 * 10 / (1000 / 12))
    row = cal.table.loc[("available hours per FTE-week", "all")]
    assert row[
        ["calibrated", "calibrated_ci_low", "calibrated_ci_high", "weight_local"]
    ].tolist() == [25.0, 23.0, 27.0, 1.0]
    assert "headline" not in g.meta  # the reference's caseload and cases per FTE
    assert any("not pooled" in n for n in g.meta["calibration_notes"])


def test_without_a_local_measure_the_reference_is_kept_and_said():
    """The local study has no time available (NaN): the guide keeps the reference's 8
    non-case hours and 29 for casework, weight 0, and its notes say whose they are."""
    reference, local = _guide(8.0, (7.0, 9.0), 40), _guide(12.0, (10.0, 14.0), 10)
    local.available.loc[:, COLUMNS] = np.nan
    g = calibrate(reference, local).to_guide()
    assert g.available.loc["non_case_hours_per_fte_week"].tolist() == [8.0, 7.0, 9.0]
    assert g.available.loc["available_case_hours_per_fte_week"].tolist() == [29.0, 28.0, 30.0]
    assert g.meta["available_assumptions"] == {"contracted_per_fte": 37.0}
    assert any(
        "no measure of time available" in n and "another authority" in n
        for n in g.meta["calibration_notes"]
    )


def test_hours_for_casework_do_not_move_the_pooling():
    """The working pattern is not pooled, so it no longer counts in tau^2: a local 12
    non-case hours (log 25/29 apart) leaves CP's pooling as with the same hours, tau^2 0
    (the old code: tau^2 0.0019 from the hours for casework alone, CP's local weight 0.53
    instead of 0.40)."""
    reference = _guide(8.0, (7.0, 9.0), 40)
    same = calibrate(reference, _guide(8.0, (7.0, 9.0), 10))
    other = calibrate(reference, _guide(12.0, (10.0, 14.0), 10))
    assert other.tau2 == same.tau2 == 0.0
    weight = [c.table.loc[("hours per case-month", "CP"), "weight_local"] for c in (same, other)]
    assert weight[0] == weight[1]
