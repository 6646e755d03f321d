"""A calibrated guide gives no local figure resting on fewer than ``min_workers`` local workers.

A calibrated figure is ``local^w x reference^(1-w)``. The reference guide is public, the
calibrated interval gives the posterior variance, and ``meta["calibration_tau2"]`` the
prior's, so a reader solves ``w = 1 - se_cal^2 / (se_ref^2 + tau^2)`` and then
``local = (calibrated / reference^(1-w))^(1/w)``: with any weight above 0 the local figure
comes back (a 3-worker study's hours per case-month came back from ``guide.json`` within
0.06% at a weight of 0.0006). So a local figure from fewer than ``min_workers`` local
workers gets weight 0 (the reference's figure and interval as published), and the time
available of a local study with fewer case-holding workers is not taken.
"""

from __future__ import annotations

import json
import warnings

import numpy as np
import pandas as pd
import pytest

from timestudy import categorise, simulate_study
from timestudy.capacity.calibration import calibrate
from timestudy.guide import TimeGuide, build_guide
from timestudy.models import fit_study
from timestudy.report import write_outputs

Z = 1.959963984540054


def _solve_local(ref: tuple, cal: tuple, tau2: float) -> float:
    """A reader's attack on published figures: (estimate, low, high) of the reference and
    of the calibrated figure, and tau^2, give the local figure back (NaN at weight 0)."""
    se_r = (np.log(ref[2]) - np.log(ref[1])) / (2 * Z)
    se_c = (np.log(cal[2]) - np.log(cal[1])) / (2 * Z)
    w = 1 - se_c**2 / (se_r**2 + tau2)
    if w < 1e-9:
        return float("nan")
    return float(np.exp(np.log(ref[0]) + (np.log(cal[0]) - np.log(ref[0])) / w))


def _guide(est: float, n_workers: int, *, week: float = 29.0, holders: int | None = None):
    """One case type (CP, ``est`` hours per case-month, interval est x e^(+-0.1 z)), no
    tasks, ``week`` hours for casework per FTE-week (week - 1 to week + 1)."""
    ct = pd.DataFrame({"hours_per_case_month": [est],
                       "hours_per_case_month_ci_low": [est * np.exp(-0.1 * Z)],
                       "hours_per_case_month_ci_high": [est * np.exp(0.1 * Z)],
                       "n_workers": [n_workers]}, index=pd.Index(["CP"], name="case_type"))
    tasks = pd.DataFrame({"full_hours": [], "full_hours_ci_low": [], "full_hours_ci_high": [],
                          "n_workers": []}, index=pd.Index([], name="task_type"))
    av = pd.DataFrame({"estimate": [37 - week, week], "ci_low": [36 - week, week - 1],
                       "ci_high": [38 - week, week + 1]},
                      index=["non_case_hours_per_fte_week", "available_case_hours_per_fte_week"])
    meta = {"level": 0.95, "n_workers": n_workers,
            "available_assumptions": {"case_holding_workers": holders or n_workers}}
    return TimeGuide(meta, tasks, ct, pd.DataFrame(), av, pd.DataFrame(), pd.DataFrame(),
                     pd.DataFrame())


def _cp(cal) -> tuple:
    row = cal.table.loc[("hours per case-month", "CP")]
    return tuple(row[["calibrated", "calibrated_ci_low", "calibrated_ci_high"]])


def test_a_local_figure_from_three_workers_cannot_be_solved_by_hand():
    """Reference CP 10 (8.220 to 12.165, se 0.1 on the log scale); local CP 12 from 3
    workers, se 0.1 widened for 3 workers by sqrt(3/2) x t(2) / z = 1.2247 x 4.3027 / 1.96
    = 2.6886, so se_l^2 = 0.07229; tau^2 = max(0, (log 1.2)^2 - 0.07229 - 0.01) = 0.

    The old code pooled with w = 0.01 / (0.01 + 0.07229) = 0.1215: calibrated 10 x
    1.2^0.1215 = 10.224, interval 10.224 x e^(+-1.96 x sqrt(0.008785)) = 8.508 to 12.286
    (posterior variance 1 / (100 + 13.83) = 0.008785). A reader: w = 1 - 0.008785 / 0.01 =
    0.1215, local = 10 x (10.224 / 10)^(1 / 0.1215) = 12.0, the 3 workers' figure.

    Now the figure rests on 3 < 5 local workers: weight 0, calibrated 10 (8.220 to 12.165),
    the reference's as published, and the reader's equation has no solution.
    """
    ref = _guide(10.0, 40)
    cal = calibrate(ref, _guide(12.0, 3, holders=6))
    row = cal.table.loc[("hours per case-month", "CP")]
    assert row["weight_local"] == 0
    assert _cp(cal) == (10.0, 10 * np.exp(-0.1 * Z), 10 * np.exp(0.1 * Z))
    ref_cp = tuple(ref.case_types.loc["CP", ["hours_per_case_month",
                                             "hours_per_case_month_ci_low",
                                             "hours_per_case_month_ci_high"]])
    assert np.isnan(_solve_local(ref_cp, _cp(cal), cal.tau2))
    assert cal.tau2 == 0  # no figure from 5 or more local workers: none pooled
    assert any("No local figure rests on 5 or more" in n for n in cal.notes)
    assert any("fewer than 5 local workers (by head" in n and "of CP" in n
               for n in cal.notes)


def test_five_workers_are_pooled_and_the_threshold_is_a_parameter():
    """From 5 local workers the figure is pooled (a local guide would publish it): widening
    sqrt(5/4) x t(4) / z = 1.118 x 2.7764 / 1.96 = 1.5838, se_l^2 = 0.025084, tau^2 = 0,
    w = 0.01 / 0.035084 = 0.2850, calibrated 10 x 1.2^0.2850 = 10.533; a reader gets 12
    back, as they may. With ``min_workers=3`` the 3-worker figure of the test above is
    pooled again, as before (10.224)."""
    ref = _guide(10.0, 40)
    five = calibrate(ref, _guide(12.0, 5))
    assert five.table["weight_local"].iloc[0] == pytest.approx(0.2850, abs=1e-4)
    assert _cp(five)[0] == pytest.approx(10.533, abs=1e-3)
    ref_cp = (10.0, 10 * np.exp(-0.1 * Z), 10 * np.exp(0.1 * Z))
    assert _solve_local(ref_cp, _cp(five), five.tau2) == pytest.approx(12.0)
    three = calibrate(ref, _guide(12.0, 3), min_workers=3)
    assert _cp(three)[0] == pytest.approx(10.224, abs=1e-3)
    assert three.to_guide().meta["calibration_min_workers"] == 3


def test_time_available_of_too_few_case_holders_is_not_the_local_one():
    """Reference 29 hours for casework a week (28 to 30), 8 non-case; local 25 (24 to 26),
    12 non-case, from 6 workers of whom 4 hold cases. The old code took the local 25 whole;
    now 4 < 5 case-holders: the reference's 29 and 8 are kept, weight 0, and said."""
    ref = _guide(10.0, 40)
    cal = calibrate(ref, _guide(10.0, 6, week=25.0, holders=4))
    row = cal.table.loc[("available hours per FTE-week", "all")]
    assert row[["calibrated", "calibrated_ci_low", "calibrated_ci_high", "weight_local"]
               ].tolist() == [29.0, 28.0, 30.0, 0.0]
    g = cal.to_guide()
    assert g.available["estimate"].tolist() == [8.0, 29.0]
    assert g.meta["available_assumptions"] == {"case_holding_workers": 40}
    assert any("rests on 4 case-holding workers, fewer than 5" in n for n in cal.notes)


def _study_guide(n_workers: int, seed: int, min_workers: int) -> TimeGuide:
    s = simulate_study(n_workers=n_workers, weeks=1, seed=seed)
    models = fit_study(categorise(s.diary), s.cases, s.workers, n_boot=19, seed=1, sensitivity=False)
    return build_guide(models, min_workers=min_workers)


@pytest.fixture(scope="module")
def reference() -> TimeGuide:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return _study_guide(16, 24, 5)


@pytest.mark.parametrize("n_local", [3, 6])
def test_no_published_figure_gives_back_a_local_figure_from_too_few(reference, n_local,
                                                                    tmp_path):
    """A simulated local study of 3 or 6 workers (guide built with min_workers=1), written
    as a council would publish it: in ``guide.json`` every hours per case-month and full
    hours whose local figure rests on fewer than 5 local workers is the reference's as
    published, so the reader's equation gives nothing; with 3 workers the time available
    is the reference's too."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        local = _study_guide(n_local, 22, 1)
        cal = calibrate(reference, local)
        write_outputs(cal.to_guide(), tmp_path, formats=("json", "md"))
    pub = json.loads((tmp_path / "guide.json").read_text())
    few = cal.table.index[(cal.table["n_workers_local"].fillna(0) < 5).to_numpy()
                          & cal.table["local"].notna().to_numpy()]
    assert len(few) > 0
    tables = {"hours per case-month": ("case_types", "case_type", "hours_per_case_month"),
              "full hours per piece of work": ("tasks", "task_type", "full_hours")}
    ref_json = json.loads(reference.to_json())
    checked = 0
    for figure, key in few:
        if figure not in tables:
            continue
        table, idx, col = tables[figure]
        got = next(r[col] for r in pub[table] if r[idx] == key)
        want = next(r[col] for r in ref_json[table] if r[idx] == key)
        assert got == want, (figure, key)
        trio = tuple((got or {}).get(k) for k in ("estimate", "ci_low", "ci_high"))
        if None not in trio:  # the same figure twice: weight 0, nothing to solve
            assert np.isnan(_solve_local(trio, trio, pub["meta"]["calibration_tau2"]))
            checked += 1
    assert checked > 0
    if n_local == 3:
        assert pub["available_hours"] == ref_json["available_hours"]
    report = (tmp_path / "report.md").read_text()
    assert "fewer than 5 local workers is not pooled" in report


def test_models_of_a_survey_weighted_study_pool_only_what_it_would_publish(reference):
    """Six local workers, one weighted 20 and five 1: 6 by head, (20 + 5)^2 / (400 + 5) =
    1.54 in effect, so a local guide at min_workers 5 withholds every figure. Given the
    models, the calibration pools none of them (weight 0: the reference's figures as
    published) and keeps the reference's time available; the old code pooled every figure
    of 5 or more workers by head and took the local time available."""
    from timestudy import run_study

    s = simulate_study(n_workers=6, weeks=1, seed=22)
    first = s.diary["worker_id"].iloc[0]
    diary = s.diary.assign(w=np.where(s.diary["worker_id"] == first, 20.0, 1.0))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        models = run_study(diary, s.cases, s.workers, weight="w", min_workers=1,
                           sensitivity=False, n_boot=19).models
        cal = calibrate(reference, models)
    t = cal.table
    assert (t["weight_local"] == 0).all()
    given = t["reference"].notna()
    assert (t.loc[given, "calibrated"] == t.loc[given, "reference"]).all()
    assert any("fewer than 5 in effect under their survey weights" in n for n in cal.notes)
    assert cal.to_guide().available.equals(reference.available)
