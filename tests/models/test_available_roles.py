"""Hours for casework over the case-holding workers only (audit 4, capacity).

A worker whose role holds no caseload (a manager, an out-of-hours duty worker) put all of
their hours into non-case work, and available_time averaged them in: study A gave 24.1 h
for casework per FTE-week with ``--role manager=0 --role out_of_hours=0`` where the
case-holding workers have 31.74 h, and study E 28.0 h for 32.0 h. A role's share of a
caseload now decides who counts: 0 leaves the worker out; a share between 0 and 1 (an
ASYE at 0.9) counts the worker whole, as every measured figure does (the allowance is their
capacity, applied in timestudy.capacity); with no share given, a worker with no case and
no case time is kept and named in a warning.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from timestudy.errors import DataQualityWarning, TimestudyError
from timestudy.models.available import available_time, caseload_shares

DAYS = pd.bdate_range("2026-03-09", "2026-03-20")  # two working weeks, no bank holiday


def week(rows) -> pd.DataFrame:
    """Worker-weeks from (worker, fte_weeks, non_case, case) rows, 37 h per FTE."""
    f = pd.DataFrame(rows, columns=["worker_id", "fte_weeks", "hours_non_case", "hours_case"])
    return f.assign(contracted_hours=37.0 * f["fte_weeks"],
                    hours_worked=f["hours_non_case"] + f["hours_case"], hours_out_of_hours=0.0)


def study_a() -> tuple[pd.DataFrame, pd.DataFrame]:
    """Study A's worker-weeks over the two weeks, summed by worker, and its workers table.

    Each working day of a case-holding worker has 1 h of email (non-case) and the rest on
    cases: W01 10 days (2.0 FTE-weeks); W02 0.6 FTE on 3 days a week, 6 days (1.2); W03
    0.5 FTE, 10 days (1.0); W04 on 4 days a week, 8 days (2.0); W05 week 2 only (1.0); W06
    week 1 only (1.0); W07 on leave 3 days, 7 days (1.4); W09 agency, 10 days (2.0). The
    manager W08 writes 7.4 h of email and supervision on 7 days (51.8 h, 1.4); the
    out-of-hours worker W10 8 h of duty on 10 days (80 h, 2.0).
    """
    holders = [("W01", 2.0, 10), ("W02", 1.2, 6), ("W03", 1.0, 10), ("W04", 2.0, 8),
               ("W05", 1.0, 5), ("W06", 1.0, 5), ("W07", 1.4, 7), ("W09", 2.0, 10)]
    rows = [(w, fw, float(days), 6.4 * days) for w, fw, days in holders]
    rows += [("W08", 1.4, 51.8, 0.0), ("W10", 2.0, 80.0, 0.0)]
    roles = {"W08": "manager", "W10": "out_of_hours", "W09": "agency"}
    workers = pd.DataFrame({"worker_id": [r[0] for r in rows],
                            "role": [roles.get(r[0], "social_worker") for r in rows]})
    return week(rows), workers


def estimate(av, measure: str) -> float:
    return float(av.table.loc[measure, "estimate"])


def test_study_a_zero_share_roles_leave_the_average():
    """Hand-worked, audit study A. Every worker: non-case 61 + 51.8 + 80 = 192.8 h over
    11.6 + 1.4 + 2.0 = 15.0 FTE-weeks, 12.853 h a FTE-week: 37 - 12.853 = 24.147 h for
    casework (the old figure, with or without the roles). Case-holding workers only:
    non-case 10 + 6 + 10 + 8 + 5 + 5 + 7 + 10 = 61 h over 2 + 1.2 + 1 + 2 + 1 + 1 + 1.4 + 2
    = 11.6 FTE-weeks, 5.259 h: 37 - 5.259 = 31.741 h; a year of 52.18 - (27 + 0 + 8) / 5 =
    45.18 working weeks gives 31.741 x 45.18 / 12 = 119.50 h a month."""
    ww, workers = study_a()
    roles = {"manager": 0, "out_of_hours": 0}
    everyone = available_time(ww, n_boot=99, bank_holidays=0)
    holders = available_time(ww, workers=workers, roles=roles, n_boot=99, bank_holidays=0)
    assert estimate(everyone, "available_case_hours_per_fte_week") == pytest.approx(
        37 - 192.8 / 15.0)
    assert estimate(holders, "non_case_hours_per_fte_week") == pytest.approx(61 / 11.6)
    assert estimate(holders, "available_case_hours_per_fte_week") == pytest.approx(
        37 - 61 / 11.6)
    assert round(estimate(holders, "available_case_hours_per_fte_week"), 2) == 31.74
    month = estimate(holders, "available_case_hours_per_fte_year") / 12
    assert month == pytest.approx((37 - 61 / 11.6) * (365.25 / 7 - 35 / 5) / 12)
    assert round(month, 1) == 119.5
    assert holders.assumptions["case_holding_workers"] == 8
    assert holders.assumptions["workers_left_out"] == 2
    assert "2 whose role holds no caseload" in holders.notes[-1]


def test_study_e_manager_left_out():
    """Hand-worked, audit study E: seven social workers with 1 h of email and 6.4 h on
    their case each day (37 h, 5 h non-case a week) and a manager with 7.4 h of email a
    day (37 h non-case), two full weeks each. Everyone: (7 x 10 + 74) / 16 = 9 h non-case
    a FTE-week, 28 h for casework (old). Manager at share 0: 70 / 14 = 5 h, 32 h."""
    rows = [(f"W{i}", 1.0, 5.0, 32.0) for i in range(1, 8) for _ in range(2)]
    ww = week(rows + [("M1", 1.0, 37.0, 0.0)] * 2)
    workers = pd.DataFrame({"worker_id": [*(f"W{i}" for i in range(1, 8)), "M1"],
                            "role": ["social_worker"] * 7 + ["manager"]})
    old = available_time(ww, n_boot=99)
    new = available_time(ww, workers=workers, roles={"Manager": 0.0}, n_boot=99)
    assert estimate(old, "available_case_hours_per_fte_week") == pytest.approx(28.0)
    assert estimate(new, "available_case_hours_per_fte_week") == pytest.approx(32.0)
    assert estimate(new, "hours_worked_per_fte_week") == pytest.approx(37.0)


def test_part_share_counts_whole():
    """Hand-worked: A (share 1) 5 h non-case in 1 FTE-week, B an ASYE at 0.5 with 15 h.
    The allowance is B's capacity, not a weight on what was measured: B counts whole,
    (5 + 15) / (1 + 1) = 10 h non-case, 37 - 10 = 27 h for casework, as with no roles
    (the old weighing by the share gave (5 + 0.5 x 15) / 1.5 = 8.333 h, 28.667 h)."""
    ww = week([("A", 1.0, 5.0, 32.0), ("B", 1.0, 15.0, 22.0)])
    workers = pd.DataFrame({"worker_id": ["A", "B"], "role": ["social_worker", "asye"]})
    av = available_time(ww, workers=workers, roles={"ASYE": 0.5}, n_boot=99)
    assert estimate(av, "non_case_hours_per_fte_week") == pytest.approx(20 / 2)
    assert estimate(av, "available_case_hours_per_fte_week") == pytest.approx(27.0)
    pd.testing.assert_frame_equal(av.table, available_time(ww, n_boot=99).table)
    assert "counts whole here" in av.notes[-1]


def test_warns_once_naming_workers_with_no_case_and_no_share_given():
    """W08 and W10 hold no case, record no case time and have no share given: kept (24.147
    h, as before) and named once, with the fix. With their roles given a share (0 or 1) or
    a case held, no warning."""
    ww, workers = study_a()
    holders = ["W01", "W02", "W03", "W04", "W05", "W06", "W07", "W09"]
    with pytest.warns(DataQualityWarning) as caught:
        av = available_time(ww, workers=workers, holders=holders, n_boot=99)
    mine = [w for w in caught if "no case in the cases table" in str(w.message)]
    assert len(mine) == 1
    text = str(mine[0].message)
    assert text.startswith("2 workers with no case") and text.endswith(
        "(W08 manager, W10 out_of_hours)")
    assert "--role manager=0 --role out_of_hours=0" in text
    assert "roles: {manager: 0, out_of_hours: 0}" in text and "\n" not in text
    assert estimate(av, "available_case_hours_per_fte_week") == pytest.approx(37 - 192.8 / 15)
    with warnings.catch_warnings():
        warnings.simplefilter("error", DataQualityWarning)
        available_time(ww, workers=workers, holders=holders, n_boot=19,
                       roles={"manager": 0, "out_of_hours": 1})
        available_time(ww, workers=workers, holders=[*holders, "W08", "W10"], n_boot=19)


def test_every_role_at_zero_is_an_error():
    ww, workers = study_a()
    with pytest.raises(TimestudyError, match="every worker's role holds no caseload"):
        available_time(ww, workers=workers.assign(role="manager"), roles={"manager": 0})


def test_caseload_shares_match_role_names_loosely():
    w = pd.DataFrame({"worker_id": ["a", "b", "c"], "role": ["Out of hours", "asye", None]})
    got = caseload_shares(pd.Series(["a", "b", "c", "x"]), w, {"out_of_hours": 0, "ASYE": 0.9})
    assert got.tolist()[:2] == [0.0, 0.9] and got.iloc[2:].isna().all()


@st.composite
def panels(draw):
    n = draw(st.integers(2, 6))
    rows = []
    for i in range(n):
        for _ in range(draw(st.integers(1, 3))):
            fw = draw(st.floats(0.2, 1.0))
            nc = draw(st.floats(0.0, 30.0))
            rows.append((f"W{i}", fw, nc, draw(st.floats(0.0, 30.0))))
    shares = draw(st.lists(st.sampled_from([0.0, 0.5, 0.9, 1.0]), min_size=n, max_size=n))
    return week(rows), shares


@settings(max_examples=40, deadline=None)
@given(panels(), st.floats(0.1, 3.0))
def test_shares_leave_out_only_at_0(panel, scale):
    """Property: a share of 0 is the same as leaving the worker's rows out; any share over
    0 (a part share too) the same as a share of 1; the estimates do not change when every
    share is scaled alike."""
    ww, shares = panel
    if not any(shares):
        shares[0] = 1.0
    ids = sorted(ww["worker_id"].unique())
    workers = pd.DataFrame({"worker_id": ids, "role": [f"r{i}" for i in range(len(ids))]})
    roles = {f"r{i}": s for i, s in enumerate(shares)}
    got = available_time(ww, workers=workers, roles=roles, n_boot=9).table["estimate"]
    scaled = available_time(ww, workers=workers, n_boot=9,
                            roles={k: v * scale for k, v in roles.items()}).table["estimate"]
    np.testing.assert_allclose(got, scaled, rtol=1e-9, atol=1e-9)  # 0 h may come out as 5e-324
    kept = [w for w, s in zip(ids, shares, strict=True) if s > 0]
    alone = available_time(ww[ww["worker_id"].isin(kept)], n_boot=9).table["estimate"]
    np.testing.assert_allclose(got, alone, rtol=1e-9, atol=1e-9)


def test_warning_without_a_role_column_says_to_give_one():
    """No workers table: the idle worker is named by id, and the fix says to give a role."""
    ww = week([("A", 1.0, 5.0, 32.0), ("B", 1.0, 37.0, 0.0)])
    with pytest.warns(DataQualityWarning, match=r"--role ROLE=0 with a role in the workers "
                                                r"table.*\(B\)$"):
        available_time(ww, holders=["A"], n_boot=9)


def test_a_manager_added_to_a_simulated_study_changes_nothing_at_share_0():
    """Recovery through fit_study's panels: a simulated study of 8 workers, and the same
    study with a manager who writes 7.4 h of email every diary day and holds no case. With
    ``roles={"manager": 0}`` the time available is the 8 workers' to the last digit
    (intervals too: the same workers resampled); with no roles the manager lowers it, and
    is named in a warning."""
    from timestudy import fit_study, simulate_study

    s = simulate_study(n_workers=8, weeks=1, seed=2)
    ep = s.diary.rename(columns={"true_task_type": "task_type", "true_category": "category"})
    days = pd.to_datetime(ep["start"]).dt.normalize().drop_duplicates()
    start = days + pd.Timedelta(hours=9)
    boss = pd.DataFrame({"worker_id": "M01", "start": start,
                         "end": start + pd.Timedelta(minutes=444), "duration_min": 444.0,
                         "task_type": "email_admin", "category": "admin"})
    ep2 = pd.concat([ep, boss], ignore_index=True).astype({"worker_id": ep["worker_id"].dtype})
    workers = pd.concat([s.workers, pd.DataFrame({
        "worker_id": ["M01"], "fte": [1.0], "contracted_hours": [37.0], "role": ["manager"],
        "team": ["South"]})], ignore_index=True).astype({"worker_id": s.workers["worker_id"].dtype})
    opts = {"n_boot": 49, "sensitivity": False}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        base = fit_study(ep, s.cases, s.workers, **opts).available.table
        left = fit_study(ep2, s.cases, workers, available_options={"roles": {"manager": 0}},
                         **opts).available.table
    with pytest.warns(DataQualityWarning, match=r"\(M01 manager\)$"):
        kept = fit_study(ep2, s.cases, workers, **opts).available.table
    pd.testing.assert_frame_equal(left, base)
    assert kept.loc["non_case_hours_per_fte_week", "estimate"] > base.loc[
        "non_case_hours_per_fte_week", "estimate"]
