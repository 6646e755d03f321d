"""Local calibration: precision weighting by hand, and more local weight with more local data."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from timestudy import simulate_study
from timestudy.capacity.calibration import calibrate
from timestudy.guide import TimeGuide, build_guide
from timestudy.models import fit_study


def _guide(est: float, lo: float, hi: float, n_workers: int) -> TimeGuide:
    ct = pd.DataFrame({"hours_per_case_month": [est], "hours_per_case_month_ci_low": [lo],
                       "hours_per_case_month_ci_high": [hi], "n_workers": [n_workers]},
                      index=pd.Index(["CP"], name="case_type"))
    tasks = pd.DataFrame({"full_hours": [], "full_hours_ci_low": [], "full_hours_ci_high": [],
                          "n_workers": []}, index=pd.Index([], name="task_type"))
    av = pd.DataFrame({"estimate": [np.nan], "ci_low": [np.nan], "ci_high": [np.nan]},
                      index=["available_case_hours_per_fte_week"])
    return TimeGuide({"level": 0.95, "n_workers": n_workers}, tasks, ct, pd.DataFrame(), av,
                     pd.DataFrame(), pd.DataFrame(), pd.DataFrame())


def test_precision_weighting_by_hand():
    z = 1.959963984540054
    ref = _guide(10.0, 10 * np.exp(-0.1 * z), 10 * np.exp(0.1 * z), 1000)
    loc = _guide(12.0, 12 * np.exp(-0.1 * z), 12 * np.exp(0.1 * z), 10**6)
    c = calibrate(ref, loc)
    row = c.table.loc[("hours per case-month", "CP")]
    # One figure: tau^2 = max(0, (log 1.2)^2 - 0.01 - 0.01 * inflation) > 0.
    se_l2 = 0.01 * (10**6 / (10**6 - 1))
    tau2 = max(0.0, np.log(1.2) ** 2 - se_l2 - 0.01)
    w = (0.01 + tau2) / (0.01 + tau2 + se_l2)
    assert c.tau2 == pytest.approx(tau2, rel=1e-3)
    assert row["weight_local"] == pytest.approx(w, rel=1e-3)
    assert row["calibrated"] == pytest.approx(np.exp(w * np.log(12) + (1 - w) * np.log(10)),
                                              rel=1e-3)
    assert row["reference_ci_low"] < row["calibrated"] < 12


def test_weight_grows_with_local_precision():
    z = 1.959963984540054
    ref = _guide(10.0, 10 * np.exp(-0.1 * z), 10 * np.exp(0.1 * z), 1000)
    weights = []
    for se in (0.5, 0.2, 0.1, 0.02):
        loc = _guide(10.5, 10.5 * np.exp(-se * z), 10.5 * np.exp(se * z), 50)
        weights.append(calibrate(ref, loc).table["weight_local"].iloc[0])
    assert weights == sorted(weights) and weights[-1] > 0.9 and weights[0] < 0.1


def test_one_worker_gets_no_local_weight():
    ref = _guide(10.0, 9.0, 11.0, 1000)
    c = calibrate(ref, _guide(20.0, 19.0, 21.0, 1))
    assert c.table["weight_local"].iloc[0] == 0
    assert c.table["calibrated"].iloc[0] == pytest.approx(10.0)


def _simulated_guide(n_workers: int, seed: int, min_workers: int = 5) -> TimeGuide:
    s = simulate_study(n_workers=n_workers, weeks=4, seed=seed)
    ep = s.diary.rename(columns={"true_task_type": "task_type", "true_category": "category"})
    return build_guide(fit_study(ep, s.cases, s.workers, sensitivity=False, n_boot=99, seed=seed),
                       min_workers=min_workers)


@pytest.fixture(scope="module")
def reference() -> TimeGuide:
    """An 80-worker, 4-week reference guide, built once for the tests calibrating to it."""
    return _simulated_guide(80, 1)


@pytest.fixture(scope="module")
def small_local() -> TimeGuide:
    """A 5-worker, 4-week local guide (every figure published: ``min_workers=1``), built
    once for the two tests calibrating it to the reference."""
    return _simulated_guide(5, 21, min_workers=1)


def test_more_local_workers_more_local_weight(reference, small_local):
    ref = reference
    small = calibrate(ref, small_local)
    large = calibrate(ref, _simulated_guide(60, 22, min_workers=1))
    w_small = small.table.xs("hours per case-month", level="figure")["weight_local"].mean()
    w_large = large.table.xs("hours per case-month", level="figure")["weight_local"].mean()
    assert w_small < w_large
    t = large.table
    assert ((t["calibrated_ci_high"] - t["calibrated_ci_low"])
            <= (t["local_ci_high"] - t["local_ci_low"]) + 1e-9)[t["weight_local"] > 0].all()
    assert large.plot() is not None
    assert "Local calibration" in large._repr_html_()


def test_calibrated_guide_feeds_capacity(reference, small_local):
    """The calibrated guide's figures are the calibration table's and feed capacity as any
    guide's: an identity of the table and the guide, whatever the reference's size or the
    local guide's (so the shared 80-worker reference, not a 40-worker one of its own, and
    the shared 5-worker local guide, not an 8-worker one of its own)."""
    from timestudy.capacity import max_caseload

    ref = reference
    c = calibrate(ref, small_local)
    g = c.to_guide()
    cal = c.table.xs("hours per case-month", level="figure")["calibrated"]
    np.testing.assert_allclose(g.case_types["hours_per_case_month"], cal.reindex(
        g.case_types.index))
    week = c.table.loc[("available hours per FTE-week", "all"), "calibrated"]
    assert g.available_hours_per_fte_month == pytest.approx(
        week * ref.available.loc["working_weeks_per_year", "estimate"] / 12)
    assert g.meta["calibrated"] and not ref.meta.get("calibrated")
    mix = {"CIN": 1.0, "CP": 1.0}
    assert max_caseload(g, mix) == pytest.approx(g.available_hours_per_fte_month / (
        (g.hours_per_case_month()["CIN"] + g.hours_per_case_month()["CP"]) / 2))
