"""The report's "Staff needed by team" counts the staff in post the headline counts.

The audit's study E (/tmp/audit4/make_E.py): seven social workers, one CIN case each, and a
manager with no cases (``roles={"manager": 0}``), two weeks from Monday 2026-03-09. W7's only
case closed on 2026-03-13, so on the caseload day (the diary's last, 03-20) W7 holds no open
case. By hand: FTE in post = 7 social workers x 1.0 + the manager x 1.0 x 0 = 7.0. The
headline, guide.json and the workbook said 7.0; the report's table dropped every worker
holding no open case of a published type and said 6.0 (gap -3.0 against the headline's -2.0).
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

from timestudy import run_study
from timestudy.report.tables import capacity_tables, open_caseload


def _study_e():
    days = [d for d in pd.date_range("2026-03-09", "2026-03-20") if d.weekday() < 5]
    rows = []
    for d in days:
        for i in range(1, 8):
            rows += [(f"W{i}", d + pd.Timedelta(hours=9), d + pd.Timedelta(hours=10), "emails",
                      "ADM", None),
                     (f"W{i}", d + pd.Timedelta(hours=10), d + pd.Timedelta(minutes=1044),
                      "case notes", "REC", f"C{i}")]
        rows.append(("M1", d + pd.Timedelta(hours=9), d + pd.Timedelta(minutes=984), "emails",
                     "ADM", None))
    diary = pd.DataFrame(rows, columns=["worker_id", "start", "end", "activity",
                                        "activity_code", "case_id"])
    workers = pd.DataFrame({
        "worker_id": [f"W{i}" for i in range(1, 8)] + ["M1"], "fte": 1.0,
        "contracted_hours": 37.0, "role": ["social_worker"] * 7 + ["manager"], "team": "T",
        "workdays": "Mon-Fri"})
    cases = pd.DataFrame({
        "case_id": [f"C{i}" for i in range(1, 8)], "case_type": "CIN",
        "worker_id": [f"W{i}" for i in range(1, 8)], "opened": pd.Timestamp("2025-01-01"),
        "closed": [pd.NaT] * 6 + [pd.Timestamp("2026-03-13")]})
    return diary, cases, workers


@pytest.fixture(scope="module")
def study_e():
    diary, cases, workers = _study_e()
    with warnings.catch_warnings():  # a small study: estimation warnings are expected
        warnings.simplefilter("ignore")
        # no test reads the pieces sensitivity (the staffing table and headline): not run
        run = run_study(diary, cases, workers, roles={"manager": 0}, n_boot=49,
                        sensitivity=False)
    return run


def test_the_staffing_table_counts_every_worker_in_post(study_e):
    run = study_e
    held = open_caseload(run.cases, pd.Timestamp(run.models.period[1]))
    assert "C7" not in set(held["case_id"])  # closed on 03-13: W7 holds no open case
    staff = capacity_tables(run.guide, held, run.workers)["staffing"]
    total = staff.loc[staff["team"].astype(str).str.startswith("all")].iloc[0] \
        if "team" in staff else staff.iloc[-1]
    h = run.guide.meta["headline"]
    assert h["fte_in_post"] == pytest.approx(7.0)
    assert float(total["fte_in_post"]) == pytest.approx(7.0)  # was 6.0
    assert float(total["gap_fte"]) == pytest.approx(h["gap_fte"]["estimate"], abs=1e-3)
    assert np.isfinite(float(total["fte_needed"]))


def test_no_team_row_rests_on_fewer_than_five_workers_in_post():
    """Review of the stop: with every worker in post counted, a team pooled by its
    case-holding workers alone could be a row of 2: 12 simulated workers in North and two
    in Adoption with no case (0.6 + 1.0 FTE) gave 'other teams (pooled)' with 1.6 FTE in
    post, which the total less North gives back. Teams are now pooled by all their workers
    in post: Adoption (2) cannot stand alone, nor North beside it, so only the total is
    shown."""
    from timestudy import simulate_study

    s = simulate_study(n_workers=12, weeks=2, seed=3)
    w = s.workers.assign(team="North")
    extra = pd.DataFrame({"worker_id": ["X1", "X2"], "fte": [0.6, 1.0],
                          "contracted_hours": [22.2, 37.0], "role": "social_worker",
                          "team": "Adoption"})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        run = run_study(s.diary, s.cases, w, n_boot=19, sensitivity=False)
    staff = capacity_tables(run.guide, s.cases, pd.concat([w, extra], ignore_index=True))[
        "staffing"]
    teams = [str(t) for t in (staff["team"] if "team" in staff else staff.index)]
    assert not any("pooled" in t or t in ("North", "Adoption") for t in teams), teams
    total = staff.iloc[-1]
    # case-holding FTE: an ASYE at 0.9 of a caseload (the study file's default, run_study's
    # too since audit28), the other roles and the two Adoption workers at their FTE
    share = w["role"].map({"asye": 0.9}).fillna(1.0)
    assert float(total["fte_in_post"]) == pytest.approx((w["fte"] * share).sum() + 1.6)
