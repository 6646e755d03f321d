"""The simulated study: determinism, truth consistency, calibration to England figures."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from timestudy import simulate_study
from timestudy.cli import main
from timestudy.simulate import compute_truth, params
from timestudy.simulate.faults import FAULT_OUTCOME


def test_same_seed_same_study():
    a = simulate_study(n_workers=8, weeks=2, seed=5)
    b = simulate_study(n_workers=8, weeks=2, seed=5)
    pd.testing.assert_frame_equal(a.diary, b.diary)
    pd.testing.assert_frame_equal(a.cases, b.cases)
    assert a.truth == b.truth
    c = simulate_study(n_workers=8, weeks=2, seed=6)
    assert not a.diary["start"].equals(c.diary["start"])


def test_canonical_tables(study):
    assert list(study.workers.columns) == ["worker_id", "fte", "contracted_hours", "role", "team"]
    assert list(study.cases.columns) == [
        "case_id", "case_type", "worker_id", "travel_miles", "n_professionals", "n_children",
        "in_proceedings", "opened", "closed",
    ]
    d = study.diary
    assert (d["end"] > d["start"]).all()
    minutes = (d["end"] - d["start"]).dt.total_seconds() / 60
    np.testing.assert_array_equal(minutes, d["duration_min"])
    assert set(d["true_task_type"]) <= set(params.TASK_CATEGORY)
    assert d["case_id"].dropna().isin(study.cases["case_id"]).all()
    assert d["worker_id"].isin(study.workers["worker_id"]).all()
    assert study.workers["fte"].between(0.5, 1.0).all()
    np.testing.assert_allclose(study.workers["contracted_hours"], 37 * study.workers["fte"])
    assert set(study.workers["role"]) == {"social_worker", "senior_practitioner", "asye"}
    assert set(study.cases["case_type"]) == {"CIN", "CP", "CLA", "PROCEEDINGS"}


def test_episodes_of_a_worker_do_not_overlap(study):
    d = study.diary.sort_values(["worker_id", "start"])
    prev_end = d.groupby("worker_id")["end"].shift()
    assert (d["start"] >= prev_end).loc[prev_end.notna()].all()


def test_truth_recomputed_from_labelled_episodes(study):
    start = pd.Timestamp(study.design["start"])
    again = compute_truth(study.diary, study.cases, study.workers, start, study.design["weeks"],
                          study.sittings, tuple(study.design["window"]))
    for key, value in again.items():
        assert study.truth[key] == value, key


def test_truth_by_hand_for_one_case_type(study):
    # Hours per case-month of CP, computed independently of compute_truth: all work on CP
    # cases over the days each was open in the period (opening day in, closing day out).
    d, c = study.diary, study.cases
    start = pd.Timestamp(study.design["start"])
    end = start + pd.Timedelta(days=28)
    cp = c[c["case_type"] == "CP"]
    work = d[(d["true_category"] != "non_work") & d["case_id"].isin(cp["case_id"])]
    days = 0.0
    for opened, closed in zip(cp["opened"], cp["closed"], strict=True):
        lo = max(opened, start)
        hi = end if pd.isna(closed) else min(closed, end)
        days += max(0, (hi - lo).days)
    expected = work["duration_min"].sum() / 60 / (days / (365.25 / 12))
    assert study.truth["hours_per_case_month"]["CP"] == pytest.approx(expected, rel=1e-6)


def test_truth_of_pieces_from_the_generator(study):
    s = study.sittings
    piece = s.groupby("piece").agg(first=("day_index", "min"), n=("day_index", "size"),
                                   direct=("direct_min", "sum"), task=("task_type", "first"))
    lo, hi = study.design["window"]
    begun = piece[(piece["first"] >= lo) & (piece["first"] < hi)]
    st = begun[begun["task"] == "court_statement"]
    truth = study.truth
    assert truth["n_pieces"]["court_statement"] == len(st)
    assert truth["direct_minutes_per_piece"]["court_statement"] == pytest.approx(
        st["direct"].mean(), abs=1e-5)
    assert truth["sittings_per_piece"]["court_statement"] > 2
    assert truth["sittings_per_piece"]["statutory_visit"] == 1
    # Every case episode carries the piece it belongs to (its travel and notes too).
    d = study.diary
    assert d.loc[d["case_id"].notna(), "true_piece_id"].notna().all()
    assert d.loc[d["case_id"].isna(), "true_piece_id"].isna().all()


def test_the_simulator_writes_work_the_way_social_workers_do(study):
    d, s = study.diary, study.sittings
    lo, hi = study.design["window"]
    # Pieces over several sittings on different days, open at both edges of the diary.
    span = s.groupby("piece")["day_index"].agg(["min", "max"])
    assert ((span["min"] < lo) & (span["max"] >= lo)).sum() > 10
    assert ((span["min"] < hi) & (span["max"] >= hi)).sum() > 10
    # Several tasks on one case on one day.
    work = d.loc[d["case_id"].notna() & ~d["true_task_type"].isin(["travel", "case_notes"])]
    per_day = work.groupby([work["case_id"], work["start"].dt.date])["true_task_type"].nunique()
    assert (per_day > 1).sum() > 20
    # Cover visits by colleagues, and work on a case after it closed.
    holder = study.cases.set_index("case_id")["worker_id"]
    cover = d["case_id"].notna() & (d["worker_id"] != d["case_id"].map(holder))
    assert cover.sum() > 10
    closed = study.cases.set_index("case_id")["closed"]
    after = d["start"] >= d["case_id"].map(closed)
    assert (after & d["activity"].str.contains("clos", case=False)).sum() > 0
    # Some workers keep a piece-of-work reference, others not.
    kept = d.groupby("worker_id")["instance_id"].apply(lambda x: x.notna().any())
    assert 0 < kept.mean() < 1


@pytest.fixture(scope="module")
def full_30():
    """The complete 30-worker, 2-week diary (seed 4) both ways of leaving days unwritten are
    compared with: simulated once, not once for each."""
    return simulate_study(n_workers=30, weeks=2, seed=4)


@pytest.mark.parametrize("missing", ["random", "workload"])
def test_days_left_unwritten(full_30, missing):
    full = full_30
    gaps = simulate_study(n_workers=30, weeks=2, seed=4, missing_days=0.2, missing=missing,
                          partial_days=0.05)
    assert full.truth == gaps.truth  # the truth is that of the complete diary
    days = lambda d: d.groupby("worker_id")["start"].apply(lambda x: x.dt.date.nunique())  # noqa: E731
    lost = 1 - days(gaps.diary).sum() / days(full.diary).sum()
    assert 0.12 < lost < 0.28
    assert gaps.design["n_missing_days"] > 0 and gaps.design["n_partial_days"] > 0
    assert len(gaps.diary) < len(full.diary)


def test_missing_not_at_random_falls_on_heavier_caseloads():
    s = simulate_study(n_workers=60, weeks=4, seed=8, missing_days=0.2, missing="workload")
    full = simulate_study(n_workers=60, weeks=4, seed=8)
    days = lambda d: d.groupby("worker_id")["start"].apply(lambda x: x.dt.date.nunique())  # noqa: E731
    lost = 1 - days(s.diary) / days(full.diary)
    load = s.cases.groupby("worker_id").size() / s.workers.set_index("worker_id")["fte"]
    assert np.corrcoef(lost.reindex(load.index).fillna(0), load)[0, 1] > 0.3


def test_calibrated_to_england_figures():
    s = simulate_study(n_workers=120, weeks=4, seed=0)
    t = s.truth
    share = t["category_share"]
    assert 0.15 <= share["direct_work"] <= 0.30
    assert 0.40 <= share["recording"] + share["admin"] <= 0.65
    assert 0.10 <= share["travel"] <= 0.15
    assert 43 <= t["hours_worked_per_fte_week"] <= 48
    assert 16 <= t["cases_per_fte"] <= 18
    assert 0.05 <= t["out_of_hours_share"] <= 0.25
    hpcm = t["hours_per_case_month"]
    assert hpcm["CIN"] < hpcm["CP"] < hpcm["PROCEEDINGS"]


def test_time_drivers(study):
    d, c = study.diary, study.cases
    travel = d[d["true_task_type"] == "travel"].groupby("case_id")["duration_min"].mean()
    miles = c.set_index("case_id")["travel_miles"].reindex(travel.index)
    assert np.corrcoef(travel, miles)[0, 1] > 0.6
    visits = d[d["true_task_type"] == "statutory_visit"].merge(c, on="case_id")
    by_children = visits.groupby(visits["n_children"].clip(upper=3))["duration_min"].mean()
    assert by_children.is_monotonic_increasing
    liaison = d[d["true_task_type"] == "professional_liaison"].groupby("case_id").size()
    profs = c.set_index("case_id")["n_professionals"]
    counts = liaison.reindex(c["case_id"], fill_value=0).to_numpy()
    assert np.corrcoef(counts, profs.to_numpy())[0, 1] > 0.3


def test_diary_realism(study):
    d = study.diary
    from timestudy.schema.clock import diary_date

    # Evening recording, some of it across midnight, stays on its diary day.
    late = d[(d["start"].dt.hour >= 19) & (d["true_category"] == "recording")]
    assert len(late) > 0
    crossing = d[d["end"].dt.normalize() > d["start"].dt.normalize()]
    assert len(crossing) > 0
    assert (diary_date(d["start"]) == diary_date(d["end"] - pd.Timedelta(minutes=1))).mean() > 0.999
    # Lunch is recorded as a break; some codes and some lower-case text appear.
    assert (d["true_task_type"] == "break").sum() > 0.8 * study.truth["fte_weeks"] * 4
    assert 0.25 < d["activity_code"].notna().mean() < 0.45
    assert d["activity"].str.contains("SV|CLA|ICPC|s47|C&F", regex=True).any()
    # ASYE workers hold smaller caseloads.
    per_worker = study.cases.groupby("worker_id").size() / study.workers.set_index(
        "worker_id")["fte"]
    role = study.workers.set_index("worker_id")["role"]
    assert per_worker[role == "asye"].mean() < per_worker[role == "social_worker"].mean()


def test_faults_are_listed():
    s = simulate_study(n_workers=5, weeks=1, seed=2, faults=0.05)
    assert set(s.faults["fault"]) == set(FAULT_OUTCOME)
    assert s.faults["row"].is_unique
    assert s.faults["row"].max() < len(s.diary)
    dup_rows = s.faults.loc[s.faults["fault"] == "duplicate", "row"]
    assert len(dup_rows) > 0
    assert s.diary.duplicated(keep="first").iloc[dup_rows.to_numpy()].all()
    assert s.diary.duplicated(keep="first").sum() == len(dup_rows)
    bad = s.faults.loc[s.faults["fault"] == "end_before_start", "row"]
    rows = s.diary.iloc[bad.to_numpy()]
    assert (pd.to_datetime(rows["end"]) < pd.to_datetime(rows["start"])).all()


def test_cli_writes_study(tmp_path, capsys):
    code = main(["simulate", "--workers", "4", "--weeks", "1", "--seed", "1",
                 "--out", str(tmp_path), "--format", "parquet"])
    assert code == 0
    diary = pd.read_parquet(tmp_path / "diary.parquet")
    truth = json.loads((tmp_path / "truth.json").read_text())
    assert truth["design"]["n_workers"] == 4
    assert diary["worker_id"].nunique() == 4
    assert "4 workers" in capsys.readouterr().out


def test_cli_help_and_version(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["--version"])
    assert exc.value.code == 0
    assert "timestudy" in capsys.readouterr().out
    with pytest.raises(SystemExit):
        main(["simulate", "--help"])
    assert "--workers" in capsys.readouterr().out


def test_rejects_bad_design():
    with pytest.raises(ValueError, match="Monday"):
        simulate_study(n_workers=2, weeks=1, start="2026-03-03")


def test_a_new_cases_next_statement_or_care_plan_comes_a_full_interval_after_the_first():
    from timestudy.simulate import params as P
    from timestudy.simulate.events import _case_pieces

    for ctype, task in (("PROCEEDINGS", "court_statement"), ("CLA", "care_plan")):
        interval = P.RHYTHMS[ctype][task]
        first = 3 * P.OPENING_WORK[ctype].index(task)
        for seed in range(50):
            tasks, days = _case_pieces(np.random.default_rng(seed), ctype, False, 0, 300,
                                       True, 0.0)
            d = np.sort(days[tasks == task])
            assert d[0] == first  # the opening one
            assert d[1] - d[0] >= interval - 6  # the next: an interval later, give or take
