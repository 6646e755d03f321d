"""The guide on pieces of work: sittings, completeness, sensitivity, definitions, old files."""

from __future__ import annotations

import json
from dataclasses import replace

import numpy as np
import pandas as pd
import pytest

from timestudy.guide import TimeGuide, build_guide
from timestudy.guide.deserialise import check_guide_shape
from timestudy.models import estimate_task_times, fit_study
from timestudy.panels.own_pieces import pieces_of_their_own


@pytest.fixture(scope="module")
def fitted(study):
    ep = study.diary.rename(columns={"true_task_type": "task_type", "true_category": "category"})
    return fit_study(ep, study.cases, study.workers, n_boot=49, seed=3)


@pytest.fixture(scope="module")
def guide(fitted):
    return build_guide(fitted)


def test_pieces_of_work_and_their_sittings_are_in_the_guide(guide, fitted):
    t = guide.tasks
    assert {"n_pieces", "sittings_per_piece", "n_censored", "estimates_disagree"} <= set(t)
    assert t.loc["court_statement", "sittings_per_piece"] > 2
    assert t.loc["statutory_visit", "sittings_per_piece"] == 1
    assert t.loc["court_statement", "n_censored"] > 0
    # the pieces of their own (travel and notes that no piece claims count; the rest are in
    # the full hours of the pieces that claim them)
    own = pieces_of_their_own(fitted.pieces).groupby("task_type").size()
    np.testing.assert_array_equal(t["n_pieces"], own.reindex(t.index).fillna(0))
    np.testing.assert_array_equal(t["n_pieces"], fitted.task_times.table.loc[t.index,
                                                                             "n_pieces"])
    every = estimate_task_times(fitted.pieces.drop(columns="attributed_min"), n_boot=2).table
    assert t.loc["travel", "n_pieces"] < every.loc["travel", "n_pieces"]
    item = next(x for x in guide.to_dict()["tasks"] if x["task_type"] == "court_statement")
    assert set(item["sittings_per_piece"]) == {"estimate", "ci_low", "ci_high"}
    assert item["n_pieces"] > 0 and "n_instances" not in item


def test_two_estimates_disagree_when_their_intervals_do_not_meet(fitted):
    reg = fitted.task_regression.table.copy()
    full = fitted.task_times.table.loc["statutory_visit", "full_hours_ci_high"]
    reg.loc["statutory_visit", ["estimate", "ci_low", "ci_high"]] = [full + 2, full + 1, full + 3]
    g = build_guide(replace(fitted, task_regression=replace(fitted.task_regression, table=reg)))
    assert g.tasks.loc["statutory_visit", "estimates_disagree"] is True or bool(
        g.tasks.loc["statutory_visit", "estimates_disagree"])
    assert pd.isna(g.tasks.loc["email_admin", "estimates_disagree"])  # no regression figure


def test_completeness_and_case_time_are_reported(guide, fitted):
    weeks = guide.completeness
    assert len(weeks) == 4 and (weeks["workers"] == 40).all()
    assert weeks[["complete", "partial", "missing", "absent", "extra"]].sum().sum() == len(
        fitted.days)
    m = guide.meta["completeness"]
    assert m["n_workers"] == 40 and set(m["share_complete_quantiles"]) == {
        "p25", "median", "p75"}  # not min nor max: each is one worker's figure
    assert guide.meta["case_time"]["hours_by_others"] > 0  # colleagues cover some visits
    assert guide.meta["case_time"]["hours_outside_open"] > 0  # closure summaries
    assert {"piece_of_work", "full_hours", "censoring", "completeness", "case_time"} <= set(
        guide.meta["definitions"])
    assert guide.meta["pieces"]["link_within_days"]["court_statement"] == 10  # working days
    assert guide.meta["period"] == ["2026-03-02", "2026-03-27"]  # a Friday: not padded


def test_a_small_study_withholds_its_weeks_and_distribution(fitted):
    g = build_guide(fitted, min_workers=50)
    assert g.completeness[["complete", "missing"]].isna().all().all()
    assert g.meta["completeness"]["share_complete_quantiles"] is None
    assert {s.table for s in g.suppressed} >= {"completeness"}
    assert g.sensitivity.empty  # every task type is withheld


def test_json_round_trip_and_schema(guide, tmp_path):
    path = tmp_path / "guide.json"
    guide.to_json(path)
    raw = json.loads(path.read_text())
    check_guide_shape(raw, "guide.json")
    assert raw["sensitivity"] and raw["completeness"]
    params = {(r["parameter"], r["value"]) for r in raw["sensitivity"]}
    assert ("link_within_days", 0.0) in params and ("travel_gap_min", 30.0) in params
    back = TimeGuide.from_json(path)
    np.testing.assert_allclose(back.tasks["sittings_per_piece"],
                               guide.tasks["sittings_per_piece"], rtol=1e-6)
    assert back.completeness["complete"].tolist() == guide.completeness["complete"].tolist()
    assert len(back.sensitivity) == len(guide.sensitivity)


def test_a_guide_written_before_pieces_of_work_still_reads(guide, tmp_path):
    raw = json.loads(guide.to_json())
    for item in raw["tasks"]:
        item["n_instances"] = item.pop("n_pieces")
        for key in ("sittings_per_piece", "estimates_disagree", "n_censored"):
            item.pop(key, None)
    for key in ("completeness", "sensitivity"):
        raw.pop(key)
    path = tmp_path / "old.json"
    path.write_text(json.dumps(raw))
    back = TimeGuide.from_json(path)
    assert back.tasks["n_pieces"].tolist() == guide.tasks["n_pieces"].tolist()
    assert back.completeness.empty and back.sensitivity.empty
