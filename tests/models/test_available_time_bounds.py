"""Time available for casework: never negative, and intervals within the workers' own range.

Audit s2 (five full-time workers, 37 contracted hours, about 38 hours a week of email)
gave "hours for casework per FTE-week: -1.2 h"; audit s1 gave out-of-hours work of 1.6 h
per FTE-week with an interval of 0.2 to 15.9 h while no worker did more than 7 h (a
log-scale t interval reaches far above a skewed figure's workers).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from timestudy.models.cases import available_time, worker_mean_interval


def week(non_case, out_of_hours=None, case=None, fte=None) -> pd.DataFrame:
    """One worker-week per worker, contracted 37 hours per FTE."""
    n = len(non_case)
    fte = np.ones(n) if fte is None else np.asarray(fte, float)
    case = np.full(n, 4.0) if case is None else np.asarray(case, float)
    ooh = np.zeros(n) if out_of_hours is None else np.asarray(out_of_hours, float)
    nc = np.asarray(non_case, float)
    return pd.DataFrame({"worker_id": [f"W{i}" for i in range(n)], "fte_weeks": fte,
                         "contracted_hours": 37.0 * fte, "hours_worked": nc + case,
                         "hours_non_case": nc, "hours_case": case,
                         "hours_out_of_hours": ooh})


def test_non_case_work_over_contract_leaves_zero_hours_not_negative():
    """Hand-worked: non-case 38, 36, 40 h (1 FTE each): 38 h per FTE-week against 37
    contracted; 37 - 38 = -1 h is no hours for casework: 0 h, per year 0 h. The
    non-case interval lies within 36 to 40, so the hours available lie within
    max(0, 37 - 40) = 0 and 37 - 36 = 1. The old code gave -1.0 h per FTE-week."""
    av = available_time(week([38.0, 36.0, 40.0]), n_boot=199, seed=1)
    t = av.table
    assert t.loc["non_case_hours_per_fte_week", "estimate"] == pytest.approx(38.0)
    for m in ("available_case_hours_per_fte_week", "available_case_hours_per_fte_year"):
        assert t.loc[m, "estimate"] == 0.0
        assert t.loc[m, "ci_low"] == 0.0
    assert 0.0 <= t.loc["available_case_hours_per_fte_week", "ci_high"] <= 1.0
    assert any("no hours are left for casework" in n for n in av.notes)


def test_hours_available_when_positive_are_as_before():
    """Hand-worked: non-case 20, 22, 24 h: 22 h, so 37 - 22 = 15 h per FTE-week, and
    15 x 43.58 working weeks a year (365.25/7 - 43/5) = 653.7 h."""
    t = available_time(week([20.0, 22.0, 24.0]), n_boot=199, seed=1).table
    assert t.loc["available_case_hours_per_fte_week", "estimate"] == pytest.approx(15.0)
    assert t.loc["available_case_hours_per_fte_year", "estimate"] == pytest.approx(
        15.0 * (365.25 / 7 - 43 / 5))
    lo, hi = t.loc["available_case_hours_per_fte_week", ["ci_low", "ci_high"]]
    assert 37 - 24 <= lo < 15 < hi <= 37 - 20


def test_out_of_hours_interval_stays_within_the_workers():
    """Hand-worked, as audit s1's six workers: out of hours 0, 1.5, 1, 0, 8, 0 h per
    FTE-week (1 FTE each): mean 10.5 / 6 = 1.75 h; no resample of these workers can give
    an average below 0 or above 8, so neither can the interval (the old log-scale t
    interval was 0.16 to 19.6 h)."""
    t = available_time(week([20.0] * 6, out_of_hours=[0, 1.5, 1, 0, 8, 0]), n_boot=499,
                       seed=0).table
    est, lo, hi = t.loc["out_of_hours_per_fte_week", ["estimate", "ci_low", "ci_high"]]
    assert est == pytest.approx(1.75)
    assert 0.0 <= lo <= est <= hi <= 8.0


def test_worker_mean_interval_by_hand():
    """Three workers of 1 FTE with 0, 0 and 6 h: the t interval 2 +- t(0.975, 2) x se is
    far wider than 0 to 6, so it is cut to the workers' range, 0 to 6."""
    num = np.array([[0.0], [0.0], [6.0]])
    den = np.ones((3, 1))
    reps = np.array([[0.0], [2.0], [4.0], [6.0], [2.0]])
    lo, hi = worker_mean_interval(np.array([2.0]), reps, num, den)
    assert (lo[0], hi[0]) == (0.0, 6.0)
    lo, hi = worker_mean_interval(np.array([2.0]), reps[:, :1], num[:2], den[:2])
    assert np.isnan(lo[0]) and np.isnan(hi[0])  # fewer than 3 workers: no interval


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.floats(0, 50), st.floats(0, 20), st.floats(0.2, 1.0)),
                min_size=3, max_size=12), st.integers(0, 10))
def test_every_interval_lies_within_what_a_resample_can_give(rows, seed):
    """Property: each hours-per-FTE-week interval lies within the lowest and highest
    worker's own ratio (the hours available within 37 less those of the non-case work,
    floored at 0), and the estimate is never negative."""
    nc, ooh, fte = (np.array(x) for x in zip(*rows, strict=True))
    ww = week(nc * fte, out_of_hours=ooh * fte, case=np.full(len(nc), 4.0) * fte, fte=fte)
    t = available_time(ww, n_boot=99, seed=seed).table
    per = {"non_case_hours_per_fte_week": nc, "out_of_hours_per_fte_week": ooh,
           "hours_worked_per_fte_week": nc + 4.0}
    for m, own in per.items():
        lo, hi = t.loc[m, ["ci_low", "ci_high"]]
        assert own.min() - 1e-9 <= lo <= hi <= own.max() + 1e-9
    a = t.loc["available_case_hours_per_fte_week"]
    assert a["estimate"] >= 0 and a["ci_low"] >= 0
    assert np.maximum(37 - nc.max(), 0) - 1e-9 <= a["ci_low"] <= a["ci_high"] <= (
        np.maximum(37 - nc.min(), 0) + 1e-9)
