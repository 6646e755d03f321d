"""A calibrated guide carries no regression check of full hours.

Defect: :meth:`Calibration.to_guide` kept the reference's regression estimate of full hours
and its ``estimates_disagree`` flag beside the calibrated full hours, so a calibrated
report said "the two estimates differ for 1 of the 1 task types with both" of a flag that
compared the reference's own full hours (2.0 h, interval 1.8-2.2) with its regression
(3.0 h, 2.6-3.4), while the figure the reader sees is the calibrated one.

Hand-worked: reference statutory visit 2.0 h (se 0.05 on the log scale), regression 3.0 h,
flagged (2.2 < 2.6). Local study of 10 workers, 2.4 h. Whatever the pooling gives, the
calibrated guide's ``full_hours_regression`` (and its interval) is blank, its flag is
null in guide.json, and the report says a calibrated guide has no regression check.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

from timestudy.capacity.calibration import calibrate
from timestudy.guide import TimeGuide
from timestudy.guide.serialise import guide_to_dict
from timestudy.report.content import disagreement_sentence

Z = 1.959963984540054


def _guide(visit: float, n_workers: int, regression: bool) -> TimeGuide:
    ct = pd.DataFrame({
        "hours_per_case_month": [5.0], "hours_per_case_month_ci_low": [5.0 * np.exp(-0.1 * Z)],
        "hours_per_case_month_ci_high": [5.0 * np.exp(0.1 * Z)], "n_cases": [40],
        "n_workers": [n_workers], "uplift": [1.0], "hours_per_case_month_should": [5.0],
        "relative_weight": [1.0]}, index=pd.Index(["CIN"], name="case_type"))
    tasks = pd.DataFrame({
        "category": ["direct"], "full_hours": [visit],
        "full_hours_ci_low": [visit * np.exp(-0.05 * Z)],
        "full_hours_ci_high": [visit * np.exp(0.05 * Z)], "n_pieces": [40],
        "n_workers": [n_workers]}, index=pd.Index(["statutory_visit"], name="task_type"))
    if regression:
        tasks = tasks.assign(full_hours_regression=3.0, full_hours_regression_ci_low=2.6,
                             full_hours_regression_ci_high=3.4, estimates_disagree=True)
    av = pd.DataFrame({"estimate": [29.0, 40.0, 1160.0], "ci_low": [28.0, 40.0, 1120.0],
                       "ci_high": [30.0, 40.0, 1200.0]},
                      index=pd.Index(["available_case_hours_per_fte_week",
                                      "working_weeks_per_year",
                                      "available_case_hours_per_fte_year"], name="measure"))
    meta = {"level": 0.95, "n_workers": n_workers, "reference_case_type": "CIN"}
    return TimeGuide(meta, tasks, ct, pd.DataFrame(), av, pd.DataFrame(), pd.DataFrame(),
                     pd.DataFrame())


def test_the_reference_flag_says_they_differ():
    reference = _guide(2.0, 200, regression=True)
    assert disagreement_sentence(reference) == (
        "In this study the two estimates differ for 1 of the 1 task types with both "
        "(Statutory visit).")


def test_a_calibrated_guide_has_no_regression_check():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        g = calibrate(_guide(2.0, 200, regression=True), _guide(2.4, 10, False)).to_guide()
    row = g.tasks.loc["statutory_visit"]
    assert 2.0 < row["full_hours"] < 2.4  # calibrated between the two
    for c in ("full_hours_regression", "full_hours_regression_ci_low",
              "full_hours_regression_ci_high"):
        assert np.isnan(row[c])  # 3.0, 2.6, 3.4 (the reference's) before
    assert row["estimates_disagree"] is None  # True (the reference's) before
    item = guide_to_dict(g)["tasks"][0]
    assert item["estimates_disagree"] is None
    assert disagreement_sentence(g) == (
        "A calibrated guide has no regression check: the check compares one study's full "
        "hours with its own regression.")
