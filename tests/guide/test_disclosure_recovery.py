"""Suppressed figures cannot be had back from the published ones (the audit's recoveries).

Each test plays the reader: it takes only what ``guide.json`` shows (plus, as the worst
case, which cells of the full and direct matrices are equal) and the sums that tie the
figures together, and checks that no suppressed figure is determined by them. The
reader's algebra is written here on its own (a rank test), not borrowed from
:mod:`timestudy.guide.disclosure`.
"""

from __future__ import annotations

import json
import warnings

import numpy as np
import pandas as pd
import pytest
from _algebra import solvable

from timestudy import run_study, simulate_study
from timestudy.guide.diary import publish_sensitivity
from timestudy.guide.disclosure import Suppressed, complement, given_back
from timestudy.guide.estimates import task_case_hours


def _run(n_workers: int, seed: int, sensitivity: bool = False):
    s = simulate_study(n_workers=n_workers, weeks=4, seed=seed)
    diary = s.diary.drop(columns=[c for c in s.diary.columns if c.startswith("true_")])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return run_study(diary, s.cases, s.workers, n_boot=19, sensitivity=sensitivity)


#: The audit's studies: 15 workers (seeds 0, 1, 3), 6 and 4 workers (seed 1).
STUDIES = ((15, 0), (15, 1), (15, 3), (6, 1), (4, 1))


class _Runs(dict):
    """(workers, seed) -> run, each run when first asked for: a test process that draws
    only some of this module's tests runs only the studies they use."""

    def __missing__(self, key):
        self[key] = _run(*key)
        return self[key]


@pytest.fixture(scope="module")
def runs():
    return _Runs()


def _matrix_exposures(run) -> list:
    """Hidden cells solvable from the row totals (the hours per case-month, which both
    matrices add up to), the cells equal in the two matrices, and the direct matrix's
    column totals (a published task's hours_per_fte_week less non_case_hours_per_fte_week,
    times the FTE-weeks, is its column times the case-months)."""
    g, m = run.guide, run.models
    full = g._task_case_hours_unsuppressed.reindex_like(g.task_case_hours).fillna(0)
    direct = task_case_hours(m, "direct_min").reindex_like(g.task_case_direct).fillna(0)
    rows, cols = full.index, full.columns
    R, n = len(rows), len(cols)
    vals = np.r_[full.to_numpy().ravel(), direct.to_numpy().ravel()]
    size = 2 * R * n
    eqs = []
    for r, k in enumerate(rows):
        if np.isfinite(g.case_types.loc[k, "hours_per_case_month"]):
            for j in (0, 1):
                e = np.zeros(size)
                e[(j * R + r) * n:(j * R + r + 1) * n] = 1
                eqs.append(e)
    for c in range(R * n):
        if vals[c] != 0 and abs(vals[c] - vals[R * n + c]) < 1e-12:
            e = np.zeros(size)
            e[c], e[R * n + c] = 1, -1
            eqs.append(e)
    months = m.case_month.groupby("case_type")["case_months"].sum().reindex(rows).fillna(0)
    shown = g.tasks[["hours_per_fte_week", "non_case_hours_per_fte_week"]].notna().all(axis=1)
    for t, col in enumerate(cols):
        if shown.get(col, False):
            e = np.zeros(size)
            e[R * n + np.arange(R) * n + t] = months.to_numpy()
            eqs.append(e)
    A = np.array(eqs)  # a null cell is unknown, even one that is zero (a row or column out)
    hidden = np.r_[g.task_case_hours.isna().to_numpy().ravel(),
                   g.task_case_direct.isna().to_numpy().ravel()]
    # the cells hidden for their own sake: from too few workers, or of a row or column out
    own = {(t, s.key) for s in g.suppressed if s.table in ("task_case_hours", "task_case_direct_hours")
           and not s.reason.startswith(("secondary", "the same figure"))}
    out_rows = set(g.reasons("case_types"))
    out_cols = set(g.reasons("tasks"))
    labels = ("task_case_hours", "task_case_direct_hours")
    found = []
    for c in np.flatnonzero(solvable(A, hidden)):
        k, t = rows[c % (R * n) // n], cols[c % n]
        if vals[c] == 0:  # no time at all: a task never done on the type (known as such)
            continue
        if (labels[c // (R * n)], f"{k}/{t}") in own or k in out_rows or t in out_cols:
            found.append((labels[c // (R * n)], k, t, round(float(vals[c]), 4)))
    return found


def test_direct_row_gives_back_its_one_hidden_cell_on_main(runs):
    """15 workers, seed 0: strategy meeting (4 workers) is suppressed. On main the CP row of
    the direct matrix had it as its only hidden cell: CP's hours per case-month (published)
    minus the published CP cells = 0.0918 h, the hidden cell. Now it has a second one."""
    g = runs[(15, 0)].guide
    row = g.task_case_direct.loc["CP"]
    direct = task_case_hours(runs[(15, 0)].models, "direct_min").loc["CP"].reindex(row.index)
    hidden = row.isna() & (direct.fillna(0) != 0)
    assert hidden["strategy_meeting"] and hidden.sum() >= 2
    left = g.case_types.loc["CP", "hours_per_case_month"] - row.fillna(0).sum()
    assert left == pytest.approx(direct[hidden].sum())  # only the sum of the hidden cells
    assert left > direct["strategy_meeting"] + 1e-6


@pytest.mark.parametrize("key", [(15, 0), (15, 1), (15, 3), (6, 1)])
def test_no_hidden_matrix_cell_comes_back_from_the_totals(runs, key):
    """Seeds 1 and 3: the full matrix hid referral on CIN (secondary), the direct matrix
    showed it (0.088 h: referral is writing, full = direct), and the CIN row gave case
    notes back (0.0115 h, 1 worker). Column totals gave more back (6 workers: PROCEEDINGS,
    a suppressed row, cell by cell). No such cell is solvable now."""
    assert _matrix_exposures(runs[key]) == []


def _share_exposures(guide) -> list:
    """Hidden tasks' hours per FTE-week or hidden shares solvable from: share x hours worked
    per FTE-week = the category's tasks' hours per FTE-week; the shares add up to 1."""
    tasks, shares = guide.tasks, guide.category_shares.drop("out_of_hours")
    hours = guide.available.loc["hours_worked_per_fte_week", "estimate"]
    nt, cats = len(tasks), list(shares.index)
    A = np.zeros((len(cats) + 1, nt + len(cats)))
    for j, c in enumerate(cats):
        A[j, :nt] = (tasks["category"] == c).to_numpy()
        A[j, nt + j] = -hours
    A[-1, nt:] = 1
    hidden = np.r_[tasks["hours_per_fte_week"].isna(), shares["share"].isna()]
    names = [*tasks.index, *cats]
    return [names[i] for i in np.flatnonzero(solvable(A, hidden & A.any(axis=0)))]


def test_a_suppressed_task_does_not_come_back_from_the_category_shares(runs):
    """On main (12 workers, seed 1) admin share x hours worked per FTE-week minus the published
    admin tasks' hours per FTE-week gave strategy meeting's 0.10489 h back; with 15 workers,
    seed 0, strategy meeting is the only suppressed task and the hours worked per FTE-week
    minus every published task's hours per FTE-week gives it back even without shares."""
    for key in ((15, 0), (15, 1), (15, 3), (6, 1)):
        g = runs[key].guide
        assert _share_exposures(g) == [], key
    g = runs[(15, 0)].guide
    hidden = g.tasks["hours_per_fte_week"].isna()
    assert hidden["strategy_meeting"] and hidden.sum() >= 2  # a second task goes with it
    hours = g.available.loc["hours_worked_per_fte_week", "estimate"]
    left = hours - g.tasks["hours_per_fte_week"].sum()  # all a reader gets: the hidden sum
    assert left > 1e-3


def test_category_shares_count_the_workers_with_time_in_them(runs):
    """6 workers, seed 1: uncategorised time from 4 workers was printed ("1%") with n_workers
    6; it is suppressed with its count, and a second share hides with it."""
    run = runs[(6, 1)]
    ww = run.models.worker_week
    with_time = ww.loc[ww["hours_uncategorised"] > 0, "worker_id"].nunique()
    shares = run.guide.category_shares
    measured = run.guide._unsuppressed_counts("category_shares")  # (published: NaN, words)
    assert measured.loc["uncategorised", "n_workers"] == with_time < 5
    assert np.isnan(shares.loc["uncategorised", "n_workers"])
    assert np.isnan(shares.loc["uncategorised", "share"])
    assert "fewer than 5 workers" in run.guide.reasons("category_shares")["uncategorised"]
    assert shares["share"].drop("out_of_hours").isna().sum() >= 2


def test_a_suppressed_case_type_does_not_come_back_from_the_case_time(runs):
    """6 workers, seed 1: PROCEEDINGS (3 workers) is suppressed. On main total hours on cases
    (813.05) minus the published hours per case-month x case-months of the other types,
    over PROCEEDINGS' case-months (4.60), gave its 22.962 back. Its case-months are null
    and the case time counts the published types only; the case hours per FTE-week (hours
    worked less non-case hours, both published) times the FTE-weeks less that case time
    would still leave PROCEEDINGS' own hours, so CLA (the smallest other type) goes too."""
    g = runs[(6, 1)].guide
    raw = json.loads(g.to_json())
    gone = [c for c in raw["case_types"] if c["suppressed"]]
    assert [c["case_type"] for c in gone] == ["CLA", "PROCEEDINGS"]
    assert g.reasons("case_types")["CLA"].startswith("secondary suppression")
    assert all(c["case_months"] is None for c in gone)
    shown = [c for c in raw["case_types"] if not c["suppressed"]]
    counted = sum(c["hours_per_case_month"]["estimate"] * c["case_months"] for c in shown)
    assert raw["meta"]["case_time"]["hours"] == pytest.approx(counted, abs=1e-3)
    # 4 workers: every figure suppressed, and no case time to divide by the case-months
    # (10.7 h per case-month on main); the case-months alone are exposure, as n_cases
    few = json.loads(runs[(4, 1)].guide.to_json())
    assert few["meta"]["case_time"] is None
    assert few["available_hours"]["measures"]["case_hours_per_fte_week"] is None


def test_sensitivity_follows_every_suppression_of_a_task():
    """12 workers, seed 1: case notes' full hours are suppressed (3 workers with pieces of full
    time) yet on main the sensitivity table gave them (0.661111) under every setting."""
    run = _run(12, 1, sensitivity=True)
    g = run.guide
    for key in g.reasons("tasks.full_hours"):
        rows = g.sensitivity.loc[g.sensitivity["task_type"] == key]
        assert len(rows) and rows["full_hours"].isna().all() and rows["full_change"].isna().all()
    assert not set(g.sensitivity["task_type"]) & set(g.reasons("tasks"))
    raw = json.loads(g.to_json())
    hidden = set(g.reasons("tasks.full_hours"))
    assert all(r["full_hours"] is None for r in raw["sensitivity"] if r["task_type"] in hidden)


def test_publish_sensitivity_by_hand():
    table = pd.DataFrame({"parameter": "travel_gap_min", "value": [30.0, 30.0, 30.0],
                          "task_type": ["a", "b", "c"], "direct_min": [10.0, 20.0, 30.0],
                          "full_hours": [1.0, 2.0, 3.0], "full_change": [0.1, 0.2, 0.3]})
    sup = [Suppressed("tasks", "a", "few"), Suppressed("tasks.full_hours", "b", "few")]
    out = publish_sensitivity(table, sup)
    assert out["task_type"].tolist() == ["b", "c"]
    assert out["full_hours"].isna().tolist() == [True, False]
    assert out["direct_min"].tolist() == [20.0, 30.0]
    assert publish_sensitivity(table, [Suppressed("all", "*", "few")]).empty


def test_regression_estimates_are_never_negative_nor_outside_their_interval(runs):
    """On main a task's regression estimate of -0.71 h was printed with the interval 0.00 to
    1.18 (only ci_low was clipped). A negative estimate is now withheld with a record."""
    for run in (runs[k] for k in STUDIES):
        raw = json.loads(run.guide.to_json())
        reg = run.models.task_regression.table["estimate"]
        for t in raw["tasks"]:
            e = t["full_hours_regression"]
            if e is not None:
                assert 0 <= e["estimate"] and e["ci_low"] <= e["estimate"] <= e["ci_high"]
            elif t["task_type"] in reg and reg[t["task_type"]] < 0:
                assert t["task_type"] in run.guide.reasons("tasks.full_hours_regression")
    negative = [k for key in STUDIES for k in runs[key].guide.reasons("tasks.full_hours_regression")]
    assert negative  # the audit's case is among these studies


def test_given_back_and_complement_by_hand():
    # cells x1..x4 of one row add up to a published total; x1 hidden alone is given back
    A = np.array([[1.0, 1.0, 1.0, 1.0]])
    assert given_back(A, np.array([True, False, False, False])).tolist() == [True, False, False, False]
    # two tables with the same total, x1 = y1 (the same figure): hiding x1 and x2 in the
    # first while the second shows y1 and hides only y2 gives both back (x1 = y1, then x2)
    A = np.array([[1, 1, 0, 0], [0, 0, 1, 1], [1, 0, -1, 0]], dtype=float)
    assert given_back(A, np.array([True, True, False, True]))[[0, 1, 3]].all()
    assert not given_back(A, np.array([True, True, True, True])).any()
    # complement: the option that protects is taken
    hidden, picked = complement(A, np.array([True, True, False, True]),
                                lambda i, h: [(j, [j]) for j in np.flatnonzero(~h)])
    assert hidden.all() and picked == [2]
