"""Parameter recovery: the whole pipeline on a 120-worker, 4-week study against its truth.

Time per piece of work is compared with the study's own truth, which the simulator
computes from its labels (every sitting of every piece, in the diary or not, and
the travel and notes each piece brought): the bounds (issue 15) are 5% for direct
minutes and 10% for full hours of every task type with at least 200 pieces,
multi-sitting write-ups and statements included. Pieces cut by the diary's edges
make statements the least precise (over 10 seeds the largest error was 7.5%:
``benchmarks/RESULTS.md``), so the bound holds for most seeds, not all; seed 9 was
fixed before this test was written. Case weights and time available are compared
with the population values (``tests/data/population_truth.json``, eight studies
of 4,000 workers pooled; ``benchmarks/population_truth.py`` writes them) up to sampling
error. The calibrated check of the intervals is ``benchmarks/coverage.py``.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pandas as pd
import pytest

from timestudy import simulate_study
from timestudy.panels import used_episodes
from timestudy.pipeline import run_study

ROOT = Path(__file__).resolve().parents[2]
POPULATION = json.loads((ROOT / "tests" / "data" / "population_truth.json").read_text())


def _fingerprint() -> str:
    spec = importlib.util.spec_from_file_location("pt", ROOT / "benchmarks" / "population_truth.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.simulator_fingerprint()


def test_population_values_are_for_this_simulator():
    assert POPULATION["simulator"] == _fingerprint(), (
        "tests/data/population_truth.json is stale: run "
        "`.venv/bin/python benchmarks/population_truth.py`")


@pytest.fixture(scope="module")
def study():
    return simulate_study(n_workers=120, weeks=4, seed=9)


@pytest.fixture(scope="module")
def run(study):
    # no test reads the pieces sensitivity (every other table is the same without it)
    return run_study(study.diary, study.cases, study.workers, n_boot=199, seed=1,
                     sensitivity=False)


def _pieces_compared(run, study):
    """Task types with at least 200 pieces that are pieces in the truth too (travel and
    case notes count their pieces of their own in both, a few: see below)."""
    tt = run.models.task_times.table
    truth = study.truth["direct_minutes_per_piece"]
    keep = tt.index[tt["n_pieces"] >= 200]
    return tt, keep.intersection(list(truth))


def test_travel_and_notes_are_counted_as_the_truth_counts_them(run, study):
    """The truth's travel and case notes are the pieces that serve no other piece: no
    journey (travel is not in it), 48 notes of 48.54 direct minutes and 0.809 full hours.
    The task times count them by the same rule (pieces of their own): travel 0 pieces, notes
    38 (the attribution gives 10 more to a piece on their case) of 47.39 minutes and 0.790
    hours, 2.4% short, each interval holding the truth (seed 9). Before, the table counted
    every note (several thousand, none of them the truth's pieces) and every journey."""
    tt = run.models.task_times.table
    truth = study.truth
    assert "travel" not in truth["n_pieces"] and tt.loc["travel", "n_pieces"] == 0
    notes = tt.loc["case_notes"]
    assert 0 < notes["n_pieces"] <= truth["n_pieces"]["case_notes"]
    for col, key in (("direct_min", "direct_minutes_per_piece"),
                     ("full_hours", "full_hours_per_piece")):
        assert notes[col] == pytest.approx(truth[key]["case_notes"], rel=0.10), col
        assert notes[f"{col}_ci_low"] <= truth[key]["case_notes"] <= notes[f"{col}_ci_high"]


def test_direct_minutes_per_piece_within_5_percent(run, study):
    tt, tasks = _pieces_compared(run, study)
    assert {"court_statement", "chronology", "care_plan", "statutory_visit"} <= set(tasks)
    rel = tt.loc[tasks, "direct_min"] / pd.Series(study.truth["direct_minutes_per_piece"])[
        tasks] - 1
    assert rel.abs().max() <= 0.05, rel.round(3).to_dict()
    sittings = tt.loc["court_statement", "sittings_per_piece"]
    assert sittings == pytest.approx(study.truth["sittings_per_piece"]["court_statement"],
                                     rel=0.05)


def test_full_hours_per_piece_within_10_percent(run, study):
    tt, tasks = _pieces_compared(run, study)
    rel = tt.loc[tasks, "full_hours"] / pd.Series(study.truth["full_hours_per_piece"])[tasks] - 1
    assert rel.abs().max() <= 0.10, rel.round(3).to_dict()


def test_full_time_is_never_counted_twice(run):
    p = run.models.pieces
    e = used_episodes(run.episodes, run.models.days)
    case_minutes = e.loc[e["case_id"].notna() & (e["category"] != "non_work"), "counted_min"]
    assert p.loc[p["case_id"].notna(), "full_min"].sum() == pytest.approx(case_minutes.sum(),
                                                                          rel=1e-12)


def test_hours_per_case_month_within_10_percent(run):
    cw = run.models.case_weights.table["hours_per_case_month"]
    rel = cw / pd.Series(POPULATION["hours_per_case_month"]) - 1
    assert rel.abs().max() <= 0.10, rel.round(3).to_dict()
    ev = run.models.case_weights.table["event_hours_per_case_month"]
    assert (ev / cw - 1).abs().max() <= 0.15  # the event-based estimate agrees with the ratio


def test_regression_cross_check_agrees_roughly(run):
    # The regression rests on assumptions of its own (a fixed time per piece, case hours
    # of a week explained by its counts): on this study (seed 9) it is within 1% of the
    # attributed full hours of visits and 3% of statements, whose truth the attribution
    # recovers within 1% (written work with fewer pieces swings by 10-15% either way).
    reg = run.models.task_regression.table
    full = run.models.task_times.table["full_hours"]
    for task in ("statutory_visit", "court_statement"):
        assert reg.loc[task, "estimate"] == pytest.approx(full[task], rel=0.2), task
    flags = run.guide.tasks["estimates_disagree"]
    assert set(flags.dropna().map(type)) == {bool}
    assert not flags["court_statement"]


def test_available_time_and_shares(run):
    av = run.models.available.table["estimate"]
    assert av["non_case_hours_per_fte_week"] == pytest.approx(
        POPULATION["non_case_hours_per_fte_week"], rel=0.05)
    assert run.guide.meta["period"] == ["2026-03-02", "2026-03-27"]  # the days used, unpadded
    assert av["hours_worked_per_fte_week"] == pytest.approx(
        POPULATION["hours_worked_per_fte_week"], rel=0.05)


def test_complexity_drivers_push_time_up(run):
    m = run.models.complexity.table
    for term in ("travel_miles", "n_children", "in_proceedings"):
        assert m.loc[term, "ci_low"] > 1, term
    assert m.loc["case_type=CP", "multiplier"] > 1
