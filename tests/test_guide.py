"""The time guide: figures equal the models, JSON round trip, uplifts, disclosure control."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from timestudy.errors import ConfigError
from timestudy.guide import (
    Adjustments,
    TimeGuide,
    build_guide,
    met_visiting_standard,
    with_adjustments,
)
from timestudy.models import fit_study


@pytest.fixture(scope="module")
def fitted(study):
    ep = study.diary.rename(columns={"true_task_type": "task_type", "true_category": "category"})
    return fit_study(ep, study.cases, study.workers, n_boot=99, seed=2)


@pytest.fixture(scope="module")
def guide(fitted):
    return build_guide(fitted, n_episodes=1234, taxonomy="uk_children_social_work")


def test_guide_figures_equal_model_results(guide, fitted):
    cw = fitted.case_weights.table
    np.testing.assert_allclose(guide.case_types["hours_per_case_month"], cw["hours_per_case_month"])
    np.testing.assert_allclose(guide.case_types["relative_weight"], cw["relative_weight"])
    tt = fitted.task_times.table
    np.testing.assert_allclose(guide.tasks["direct_minutes"], tt["direct_min"])
    np.testing.assert_allclose(guide.tasks["full_hours_ci_high"], tt["full_hours_ci_high"])
    reg = fitted.task_regression.table["estimate"]
    both = reg.index.intersection(guide.tasks.index)
    np.testing.assert_allclose(guide.tasks.loc[both, "full_hours_regression"], reg[both])
    assert guide.available.equals(fitted.available.table)
    assert guide.meta["n_workers"] == 40 and guide.meta["n_episodes"] == 1234
    assert guide.suppressed == []
    # Without uplifts "should" equals "is"; the task-by-case-type table adds up to the weights.
    np.testing.assert_allclose(guide.hours_per_case_month(True), guide.hours_per_case_month(False))
    np.testing.assert_allclose(guide.task_case_hours.sum(axis=1),
                               guide.case_types["hours_per_case_month"])


def test_category_shares_add_up(guide):
    shares = guide.category_shares["share"].drop("out_of_hours")
    assert shares.sum() == pytest.approx(1.0)
    assert 0 < guide.category_shares.loc["out_of_hours", "share"] < 0.5


def test_json_round_trip(guide, tmp_path):
    path = tmp_path / "guide.json"
    guide.to_json(path)
    raw = json.loads(path.read_text())
    assert {"meta", "tasks", "case_types", "multipliers", "available_hours",
            "category_shares"} <= set(raw)
    assert set(raw["available_hours"]) >= {"per_fte_week", "per_fte_year"}
    cp = next(c for c in raw["case_types"] if c["case_type"] == "CP")
    assert set(cp["hours_per_case_month"]) == {"estimate", "ci_low", "ci_high"}
    back = TimeGuide.from_json(path)
    np.testing.assert_allclose(back.case_types["hours_per_case_month"],
                               guide.case_types["hours_per_case_month"], rtol=1e-6)
    np.testing.assert_allclose(back.tasks["full_hours"], guide.tasks["full_hours"], rtol=1e-6)
    assert back.available_hours_per_fte_month == pytest.approx(guide.available_hours_per_fte_month)


def test_guide_carries_no_identifiers_or_free_text(guide, study):
    text = guide.to_json()
    for value in list(study.workers["worker_id"]) + list(study.cases["case_id"][:50]):
        assert f'"{value}"' not in text
    for activity in study.diary["activity"].dropna().unique()[:200]:
        if len(activity) > 12:
            assert activity not in text


def test_suppression_below_min_workers(fitted):
    g = build_guide(fitted, min_workers=30)
    small = g.case_types["n_workers"] < 30
    assert small.any() and (~small).any()
    assert g.case_types.loc[small, "hours_per_case_month"].isna().all()
    assert g.case_types.loc[~small, "hours_per_case_month"].notna().all()
    assert g.tasks.loc[g.tasks["n_workers"] < 30, "full_hours"].isna().all()
    raw = g.to_dict()
    for item in raw["case_types"]:
        if item["n_workers"] < 30:
            assert item["hours_per_case_month"] is None
            assert "fewer than 30 workers" in item["suppressed"]
    everything = build_guide(fitted, min_workers=41)
    assert everything.available["estimate"].isna().all()
    assert any(s["table"] == "all" for s in everything.suppressed)


def test_uplifts_is_versus_should(fitted, tmp_path):
    path = tmp_path / "adjustments.yaml"
    path.write_text("source: Expert panel, test council, 2026\nmethod: expert_panel\n"
                    "date: 2026-05-01\nuplifts:\n  task_types:\n    statutory_visit: 1.5\n"
                    "  case_types:\n    CLA: 1.2\n")
    g = build_guide(fitted, adjustments=path)
    assert g.adjustments.source.startswith("Expert panel")
    t = g.tasks.loc["statutory_visit"]
    assert t["full_hours_should"] == pytest.approx(1.5 * t["full_hours"])
    tch = g.task_case_hours
    expected_cp = (tch.loc["CP"].sum() + 0.5 * tch.loc["CP", "statutory_visit"])
    assert g.case_types.loc["CP", "hours_per_case_month_should"] == pytest.approx(expected_cp)
    cla = g.case_types.loc["CLA"]
    share = tch.loc["CLA", "statutory_visit"] / tch.loc["CLA"].sum()
    assert cla["uplift"] == pytest.approx(1.2 * (1 + 0.5 * share))
    assert g.to_dict()["adjustments"]["method"] == "expert_panel"
    plain = with_adjustments(g, None)
    np.testing.assert_allclose(plain.hours_per_case_month(True), plain.hours_per_case_month(False))


@pytest.mark.parametrize("body, message", [
    ("method: x\nuplifts: {}\n", "lacks source"),
    ("source: s\nmethod: m\nuplifts:\n  task_types:\n    statutory_visit: fast\n",
     "statutory_visit = 'fast' must be a number"),
    ("[1, 2", "not valid YAML"),
])
def test_bad_adjustments_name_the_problem(tmp_path, body, message):
    path = tmp_path / "adj.yaml"
    path.write_text(body)
    with pytest.raises(ConfigError, match=message) as exc:
        Adjustments.from_yaml(path)
    assert "adj.yaml" in str(exc.value)


def test_estimate_only_from_cases_meeting_their_standard(fitted):
    ok = met_visiting_standard(fitted)
    assert 0.3 < ok.mean() < 1.0
    g = build_guide(fitted, met_standard_only=True)
    assert g.meta["met_standard_only"]
    assert (g.case_types["n_cases"] <= fitted.case_weights.table["n_cases"]).all()
    cm = fitted.case_month
    kept = cm[cm["case_id"].map(ok) & (cm["case_type"] == "CP")]
    assert g.case_types.loc["CP", "n_cases"] == len(kept)
    assert g.case_types.loc["CP", "hours_per_case_month"] == pytest.approx(
        kept["hours"].sum() / kept["case_months"].sum())


def test_display(guide):
    html = guide._repr_html_()
    assert "Hours per case-month" in html and "<table" in html
    assert "TimeGuide(40 workers" in repr(guide)
    assert list(guide.summary().columns) == ["estimate", "ci_low", "ci_high"]
    assert isinstance(guide.to_frame(), pd.DataFrame)
    assert guide.plot() is not None
