"""Nothing lost, end to end: every row accounted for, every minute carried through the panels."""

from __future__ import annotations

import pandas as pd
import pytest
from _journeys import journeys_back

from timestudy import categorise, read_diary, simulate_study
from timestudy.panels import (
    case_month,
    diary_completeness,
    pieces_of_work,
    task_instances,
    worker_day,
    worker_week,
)
from timestudy.schema import EXAMPLES


@pytest.fixture(scope="module")
def faulty():
    return simulate_study(n_workers=12, weeks=2, seed=8, faults=0.03)


def test_rows_and_minutes_conserved_from_a_faulty_diary(faulty):
    result = read_diary(faulty.diary, cases=faulty.cases, workers=faulty.workers, warn=False)
    r = result.report
    assert r.n_read == len(faulty.diary)
    assert r.n_read == r.n_accepted + r.n_rejected + r.n_duplicates
    assert r.n_rejected > 0 and r.n_duplicates > 0
    episodes = categorise(result.episodes)
    assert len(episodes) == r.n_accepted
    assert episodes["counted_min"].sum() == pytest.approx(result.episodes["counted_min"].sum())
    total = episodes["counted_min"].sum() / 60
    work = episodes.loc[episodes["category"] != "non_work", "counted_min"].sum() / 60
    days = worker_day(episodes)
    cats = [c for c in days if c.startswith("hours_") and c[6:] in set(episodes["category"])]
    assert days[cats].sum().sum() == pytest.approx(total)  # every category, breaks and leave too
    assert days["hours_worked"].sum() == pytest.approx(work)
    # Every day used (partial ones too): a day is left out only by the completeness rule.
    every = diary_completeness(episodes, faulty.workers, use_partial=True)
    weeks = worker_week(episodes, faulty.workers, days=every)
    assert weeks["hours_worked"].sum() == pytest.approx(work)
    non_work = episodes.loc[episodes["category"] == "non_work"]
    breaks_leave = non_work["counted_min"].sum() / 60
    assert days["hours_non_work"].sum() == pytest.approx(breaks_leave)
    inst = task_instances(episodes)
    on_case_primary = inst.loc[inst["primary"] & inst["case_id"].notna(), "full_min"].sum()
    non_case = inst.loc[inst["case_id"].isna(), "direct_min"].sum()
    assert on_case_primary + non_case == pytest.approx(work * 60)
    pieces = pieces_of_work(episodes, days=every)  # full time: every minute once
    assert pieces["full_min"].sum() == pytest.approx(work * 60)
    # Case time, over the workers the workers table knows: the unknown_worker fault's few
    # rows leave days between them missing, and a colleague's missing days scale their
    # case work (case_month's rule), which this identity leaves out.
    listed = episodes["worker_id"].isin(faulty.workers["worker_id"])
    every = every.loc[every["worker_id"].isin(faulty.workers["worker_id"])]
    known = episodes["case_id"].isin(faulty.cases["case_id"]) & listed
    on_case = episodes.loc[known & (episodes["category"] != "non_work"), "counted_min"].sum()
    cm = case_month(episodes.loc[listed], faulty.cases, workers=faulty.workers, days=every)
    assert (every["status"] != "missing").all()  # every holder's days used: no scaling
    assert cm["hours"].sum() + cm["hours_outside_window"].sum() == pytest.approx(on_case / 60)


def test_overlapping_time_is_counted_once(faulty):
    result = read_diary(faulty.diary, warn=False)
    e = result.episodes
    overlapped = e["flags"].str.contains("overlap")
    assert overlapped.any()
    assert (e.loc[overlapped, "counted_min"] < e.loc[overlapped, "duration_min"]).all()
    # Covered time per worker never exceeds the span of their episodes.
    span = e.groupby("worker_id").apply(
        lambda g: (g["end"].max() - g["start"].min()).total_seconds() / 60, include_groups=False)
    assert (e.groupby("worker_id")["counted_min"].sum() <= span + 1e-9).all()


@pytest.mark.parametrize("name", sorted(p.name for p in EXAMPLES.iterdir()
                                        if p.suffix in {".csv", ".xlsx", ".jsonl", ".parquet"}
                                        and not p.name.startswith(("cases", "workers", "survey",
                                                                   "delphi"))))
@pytest.mark.filterwarnings("ignore::timestudy.DataQualityWarning")
def test_every_example_layout_accounts_for_every_row(name):
    own = EXAMPLES / name.replace(".csv", ".mapping.yaml")
    mapping = EXAMPLES / "mapping.yaml" if name == "episodes_local.csv" else (
        own if own.exists() else None)
    result = read_diary(EXAMPLES / name, mapping=mapping, warn=False)
    r = result.report
    assert r.n_read == r.n_accepted + r.n_rejected + r.n_duplicates
    # a WOMBAT task paused for an interruption is one row read, one episode per active part
    parts = int((result.episodes["fragment"] > 1).sum()) if "fragment" in result.episodes else 0
    assert len(result.episodes) == r.n_accepted + parts and len(result.rejects) == r.n_rejected
    account = r.details["minutes"]  # minutes in (the source's own) = accepted + rejected
    assert account["minutes_in"] == pytest.approx(
        account["minutes_accepted"] + account["minutes_rejected"] + account["difference"])
    assert account["minutes_accepted"] == pytest.approx(result.episodes["duration_min"].sum())
    episodes = categorise(result.episodes)
    days = worker_day(episodes)
    cats = [c for c in days if c.startswith("hours_") and c[6:] in set(episodes["category"])]
    assert days[cats].sum().sum() == pytest.approx(episodes["counted_min"].sum() / 60)
    assert isinstance(days, pd.DataFrame)


def test_caseless_return_journeys_are_case_time_in_pieces_weeks_and_case_months(study):
    from timestudy.panels.attribution import return_journeys

    ep, back = journeys_back(study)
    filled = return_journeys(ep.assign(case_id=ep["case_id"].where(~back)))
    assert filled["return_journey"].sum() > 0.95 * back.sum()
    work = filled["category"] != "non_work"
    on_case = filled.loc[work & filled["case_id"].notna(), "duration_min"].sum()
    every = diary_completeness(filled, study.workers, use_partial=True)
    pieces = pieces_of_work(filled, days=every)
    assert pieces.loc[pieces["case_id"].notna(), "full_min"].sum() == pytest.approx(on_case)
    weeks = worker_week(filled, study.workers, days=every, pieces=pieces)
    assert weeks["hours_case"].sum() * 60 == pytest.approx(on_case)
    assert (weeks["hours_case"] + weeks["hours_non_case"]).sum() * 60 == pytest.approx(
        filled.loc[work, "duration_min"].sum())
    # Hours per case-month count the filled journeys as the case's work, as the original
    # diary (every journey written with its case) does.
    cm = case_month(filled, study.cases, workers=study.workers, days=every)
    full = case_month(ep, study.cases, workers=study.workers, days=every)
    got, want = (c["hours"].sum() + c["hours_outside_window"].sum() for c in (cm, full))
    assert got == pytest.approx(want, rel=0.002)
