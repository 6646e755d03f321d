"""The time guide: figures equal the models, JSON round trip, uplifts, disclosure control."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from timestudy.errors import ConfigError, EstimationWarning, TimestudyWarning
from timestudy.guide import (
    Adjustments,
    Suppressed,
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



def measured(g, table: str) -> pd.DataFrame:
    """The counts of a guide's table as measured (the tables carry them as published:
    NaN under the threshold, fix28g), for tests that compare them with the threshold."""
    counts = g._unsuppressed_counts(table)
    return getattr(g, table) if counts is None else counts

def test_guide_figures_equal_model_results(guide, fitted):
    cw = fitted.case_weights.table
    np.testing.assert_allclose(guide.case_types["hours_per_case_month"], cw["hours_per_case_month"])
    np.testing.assert_allclose(guide.case_types["relative_weight"], cw["relative_weight"])
    tt = fitted.task_times.table
    # the models' rows, travel and notes over their pieces of their own in both
    # (panels.own_pieces)
    gave = set(fitted.pieces.loc[fitted.pieces["attributed_min"] > 0, "task_type"])
    assert gave == {"travel", "case_notes"}
    for col, published in (("direct_min", "direct_minutes"),
                           ("full_hours_ci_high", "full_hours_ci_high"),
                           ("n_pieces", "n_pieces")):
        np.testing.assert_array_equal(guide.tasks[published], tt.loc[guide.tasks.index, col])
    reg = fitted.task_regression.table["estimate"]
    both = reg.index.intersection(guide.tasks.index)
    shown = both[reg[both] >= 0]  # a negative estimate is no time: withheld, with a record
    np.testing.assert_allclose(guide.tasks.loc[shown, "full_hours_regression"], reg[shown])
    assert guide.tasks.loc[both.difference(shown), "full_hours_regression"].isna().all()
    assert set(guide.reasons("tasks.full_hours_regression")) == set(both.difference(shown))
    assert guide.available.equals(fitted.available.table)
    assert guide.meta["n_workers"] == 40 and guide.meta["n_episodes"] == 1234
    # Every row is published; only a few task x case type cells rest on too few workers.
    assert not [x for x in guide.suppressed if x.table in ("tasks", "case_types", "all")]
    assert {x.table for x in guide.suppressed} <= {"task_case_hours", "task_case_direct_hours",
                                                   "tasks.full_hours_regression"}
    # Without uplifts "should" equals "is"; the task-by-case-type table adds up to the weights.
    np.testing.assert_allclose(guide.hours_per_case_month(True), guide.hours_per_case_month(False))
    np.testing.assert_allclose(guide._task_case_hours_unsuppressed.sum(axis=1),
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
    # guide.json keeps 6 decimals: a value under 0.5 may move by up to 5e-7 (over 1e-6 of it)
    np.testing.assert_allclose(back.tasks["full_hours"], guide.tasks["full_hours"], rtol=1e-6,
                               atol=5e-7)
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
    small = measured(g, "case_types")["n_workers"].reindex(g.case_types.index) < 30
    assert small.any() and (~small).any()
    assert g.case_types.loc[small, "hours_per_case_month"].isna().all()
    # a second row goes when the case hours per FTE-week would give one hidden row's back
    second = g.case_types.index.isin([k for k, r in g.reasons("case_types").items()
                                      if r.startswith("secondary")])
    assert (small & second).sum() == 0 and (~small & ~second).any()
    assert g.case_types.loc[~small & ~second, "hours_per_case_month"].notna().all()
    assert g.tasks.loc[measured(g, "tasks")["n_workers"].reindex(g.tasks.index) < 30,
                       "full_hours"].isna().all()
    raw = g.to_dict()
    few = set(g.case_types.index[small])  # guide.json words these counts (audit23)
    for item in raw["case_types"]:
        if item["case_type"] in few:
            assert item["n_workers"] is None and item["n_cases"] is None
            assert item["hours_per_case_month"] is None
            assert "fewer than 30 workers" in item["suppressed"]
    everything = build_guide(fitted, min_workers=41)
    assert everything.available["estimate"].isna().all()
    assert any(s.table == "all" for s in everything.suppressed)


def test_uplifts_is_versus_should(fitted, tmp_path):
    path = tmp_path / "adjustments.yaml"
    path.write_text("source: Expert panel, test council, 2026\nmethod: expert_panel\n"
                    "date: 2026-05-01\nuplifts:\n  task_types:\n    statutory_visit: 1.5\n"
                    "  case_types:\n    CLA: 1.2\n")
    g = build_guide(fitted, adjustments=path)
    assert g.adjustments.source.startswith("Expert panel")
    t = g.tasks.loc["statutory_visit"]
    assert t["full_hours_should"] == pytest.approx(1.5 * t["full_hours"])
    tch = g._task_case_hours_unsuppressed
    expected_cp = (tch.loc["CP"].sum() + 0.5 * tch.loc["CP", "statutory_visit"])
    assert g.case_types.loc["CP", "hours_per_case_month_should"] == pytest.approx(expected_cp)
    cla = g.case_types.loc["CLA"]
    share = tch.loc["CLA", "statutory_visit"] / tch.loc["CLA"].sum()
    assert cla["uplift"] == pytest.approx(1.2 * (1 + 0.5 * share))
    assert g.to_dict()["adjustments"]["method"] == "expert_panel"
    plain = with_adjustments(g, None)
    np.testing.assert_allclose(plain.hours_per_case_month(True), plain.hours_per_case_month(False))


def test_a_misspelt_uplift_is_named_not_ignored(fitted):
    adj = Adjustments("panel", "expert_panel", task_types={"statutory_vist": 1.3,
                                                          "statutory_visit": 1.2},
                      case_types={"CPP": 1.1})
    with pytest.warns(TimestudyWarning) as caught:
        g = build_guide(fitted, adjustments=adj)
    messages = " ".join(str(w.message) for w in caught)
    assert "uplifts.task_types names statutory_vist" in messages
    assert "uplifts.case_types names CPP" in messages
    assert g.tasks.loc["statutory_visit", "uplift"] == 1.2  # the right spelling still applies


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
    text = repr(guide)
    assert text.startswith("Time guide\n40 workers") and "hours per case-month: CP" in text
    assert list(guide.summary().columns) == ["estimate", "ci_low", "ci_high"]
    assert isinstance(guide.to_frame(), pd.DataFrame)
    assert guide.plot() is not None


# ------------------------------------------------------------- disclosure control
# A study where one case type (PROCEEDINGS) and every case in proceedings are held
# by 3 of 8 workers: its figures must not be published, directly or by arithmetic.
FEW = ("W001", "W002", "W003")


@pytest.fixture(scope="module")
def few_study():
    from timestudy import simulate_study

    s = simulate_study(n_workers=8, weeks=2, seed=3)
    cases = s.cases.copy()
    few = cases["worker_id"].isin(FEW)
    cases.loc[~few & cases["case_type"].eq("PROCEEDINGS"), "case_type"] = "CP"
    cases["in_proceedings"] = few & cases["case_type"].isin(["PROCEEDINGS", "CLA"])
    ep = s.diary.rename(columns={"true_task_type": "task_type", "true_category": "category"})
    return ep, cases, s.workers


@pytest.fixture(scope="module")
def few_fitted(few_study):
    # no test of it reads the pieces sensitivity (its suppression: test_disclosure_recovery)
    return fit_study(*few_study, n_boot=49, seed=1, sensitivity=False)


ADJ = Adjustments.from_dict({"source": "panel", "method": "expert_panel", "uplifts": {
    "task_types": {"court_statement": 2.0, "statutory_visit": 1.2, "chronology": 1.5}}})


@pytest.fixture(scope="module")
def few_guide(few_fitted):
    return build_guide(few_fitted, min_workers=5, adjustments=ADJ)


def _cell_workers(models, primary: bool) -> pd.DataFrame:
    cm = models.case_month.set_index("case_id")
    pieces = models.pieces
    keep = pieces["case_id"].isin(cm.index) & (pieces["primary"] if primary else True)
    x = pieces.loc[keep].assign(case_type=lambda d: d["case_id"].map(cm["case_type"]))
    return x.groupby(["case_type", "task_type"])["worker_id"].nunique().unstack(fill_value=0)


def test_suppressed_reference_type_blanks_every_relative_weight(few_study):
    g = build_guide(fit_study(*few_study, n_boot=49, seed=1, reference="PROCEEDINGS",
                              sensitivity=False), min_workers=5)
    ct = g.case_types
    assert g.meta["reference_case_type"] == "PROCEEDINGS"
    assert np.isnan(ct.loc["PROCEEDINGS", "hours_per_case_month"])
    # CLA (the fewest hours of the others) goes with it: the case hours per FTE-week less
    # the published types' hours would leave PROCEEDINGS' hours
    assert g.reasons("case_types")["CLA"].startswith("secondary suppression")
    assert ct["hours_per_case_month"].drop(["PROCEEDINGS", "CLA"]).notna().all()
    # hours / relative weight would give the suppressed reference figure back
    rw = ct[["relative_weight", "relative_weight_ci_low", "relative_weight_ci_high"]]
    assert rw.isna().all().all()
    assert {s.key for s in g.suppressed if s.table == "case_types.relative_weight"} == {
        "CIN", "CP"}
    assert all(c["relative_weight"] is None for c in g.to_dict()["case_types"])
    # so do the baseline and the case type multipliers, all against the reference
    m = g.multipliers
    terms = [t for t in m.index if t == "baseline_hours_per_month" or t.startswith("case_type=")]
    assert terms and m.loc[terms].isna().all().all()


def test_multipliers_of_suppressed_types_and_proceedings_are_suppressed(few_guide, few_fitted):
    m, raw = few_guide.multipliers, few_fitted.complexity.table
    assert raw.loc[["case_type=PROCEEDINGS", "in_proceedings"], "multiplier"].notna().all()
    gone = ["case_type=PROCEEDINGS", "case_type=CLA", "in_proceedings"]  # CLA: secondary
    for term in gone:
        assert m.loc[term, ["multiplier", "ci_low", "ci_high", "p_value"]].isna().all(), term
    kept = m.drop(index=gone)
    np.testing.assert_allclose(kept["multiplier"], raw.loc[kept.index, "multiplier"])
    keys = {s.key: s.reason for s in few_guide.suppressed if s.table == "multipliers"}
    assert set(keys) == set(gone)
    assert keys["case_type=CLA"] == "case type CLA is suppressed"
    assert "proceedings held by fewer than 5 workers" in keys["in_proceedings"]
    out = {x["term"]: x for x in few_guide.to_dict()["multipliers"]}
    assert out["in_proceedings"]["multiplier"] is None and out["in_proceedings"]["p_value"] is None


def test_matrix_cells_suppressed_by_the_workers_behind_them(few_guide, few_fitted):
    for matrix, primary in ((few_guide.task_case_hours, True),
                            (few_guide.task_case_direct, False)):
        w = _cell_workers(few_fitted, primary).reindex(
            index=matrix.index, columns=matrix.columns, fill_value=0)
        shown = matrix.notna() & (matrix != 0)
        assert ((w >= 5) | ~shown).all().all()  # every published non-zero cell: 5+ workers
        # ... and cells of published rows and columns are hidden one by one, not only whole
        rows = few_guide.case_types.index[few_guide.case_types["hours_per_case_month"].notna()]
        cols = few_guide.tasks.index[few_guide.tasks["n_workers"] >= 5]
        inner = matrix.loc[rows, matrix.columns.intersection(cols)]
        assert inner.isna().any().any() and inner.notna().any().any()
    # a row adds up to the published hours per case-month: never one hidden non-zero cell
    tch = few_guide.task_case_hours
    full = few_guide._task_case_hours_unsuppressed.reindex_like(tch)
    for k in few_guide.case_types.index[few_guide.case_types["hours_per_case_month"].notna()]:
        assert (tch.loc[k].isna() & (full.loc[k] != 0)).sum() != 1, k
        np.testing.assert_allclose(full.loc[k].sum(),
                                   few_guide.case_types.loc[k, "hours_per_case_month"])
    assert any(s.table == "task_case_hours" and "secondary" not in s.reason
               for s in few_guide.suppressed)


def _exposed_by_uplifts(g: TimeGuide, adjustments: Adjustments) -> list:
    """Cells a reader could solve for from a row's hours, uplift and published cells."""
    full = g._task_case_hours_unsuppressed.reindex_like(g.task_case_hours)
    u = pd.Series(adjustments.task_types, dtype=float).reindex(full.columns).fillna(1.0)
    out = []
    for k in g.case_types.index[np.isfinite(g.case_types["uplift"])]:
        hidden = g.task_case_hours.loc[k].isna() & (full.loc[k] != 0)
        groups = u[hidden].value_counts()
        if len(groups) <= 2 and (groups == 1).any():
            out.append(k)
    return out


def test_uplifts_do_not_give_hidden_cells_back(few_guide):
    assert _exposed_by_uplifts(few_guide, ADJ) == []
    # (the row and column totals' complementary cells may already protect what the uplifts
    # would give back: protect_uplifts then has nothing left to do)
    other = Adjustments.from_dict({"source": "s", "method": "m",
                                   "uplifts": {"task_types": {"court_statement": 3.0}}})
    g = with_adjustments(few_guide, other)
    assert _exposed_by_uplifts(g, other) == []


@pytest.mark.parametrize("other", [
    None,
    Adjustments.from_dict({"source": "s", "method": "m",
                           "uplifts": {"task_types": {"court_statement": 3.0}}}),
    Adjustments.from_dict({"source": "s", "method": "m", "uplifts": {"task_types": {
        "statutory_visit": 1.4, "chronology": 1.1, "case_notes": 1.3}}}),
])
def test_other_uplifts_are_protected_as_build_guide_protects_them(few_guide, few_fitted, other):
    """with_adjustments (how evidence-based "should" uplifts reach a published guide) hides
    exactly what build_guide hides with the same uplifts: both matrices, the uplifts and
    the records (it protected the full matrix only, leaving a cell hidden there for an
    uplift readable in the direct matrix where the two are one figure)."""
    g = with_adjustments(few_guide, other)
    built = build_guide(few_fitted, min_workers=5, adjustments=other)
    pd.testing.assert_frame_equal(g.task_case_hours, built.task_case_hours)
    pd.testing.assert_frame_equal(g.task_case_direct, built.task_case_direct)
    pd.testing.assert_series_equal(g.case_types["uplift"], built.case_types["uplift"])
    assert sorted(map(str, g.suppressed)) == sorted(map(str, built.suppressed))
    hidden_f = g.task_case_hours.isna() & (g._task_case_hours_unsuppressed != 0)
    direct = g._protection.direct.reindex_like(g.task_case_direct)
    same = (g._task_case_hours_unsuppressed - direct).abs() < 1e-12
    assert not (hidden_f & same & g.task_case_direct.notna()).any().any()


def test_full_hours_rest_on_workers_with_pieces_of_full_time(fitted):
    tt = fitted.task_times.table.copy()
    pieces = fitted.pieces
    counted = pieces.loc[pieces["primary"]].groupby("task_type")["worker_id"].nunique()
    # without the column the guide counts them from the pieces
    g = build_guide(replace(fitted, task_times=replace(
        fitted.task_times, table=tt.drop(columns="n_workers_primary", errors="ignore"))))
    np.testing.assert_array_equal(measured(g, "tasks")["n_workers_primary"].reindex(g.tasks.index),
                                  counted.reindex(g.tasks.index).fillna(0))
    # a task many record but few record as primary: its full hours are not published
    tt["n_workers_primary"] = counted.reindex(tt.index).fillna(0).astype(int)
    tt.loc["statutory_visit", "n_workers_primary"] = 3
    g = build_guide(replace(fitted, task_times=replace(fitted.task_times, table=tt)),
                    adjustments=ADJ)
    row = g.tasks.loc["statutory_visit"]
    counts = measured(g, "tasks").loc["statutory_visit"]
    assert counts["n_workers"] >= 5 and counts["n_workers_primary"] == 3
    assert np.isnan(row["n_workers_primary"])  # published as the guide.json words it
    assert row[["full_hours", "full_hours_ci_low", "full_hours_ci_high",
                "full_hours_should"]].isna().all()
    assert np.isfinite(row["direct_minutes"]) and row["uplift"] == 1.2
    assert Suppressed("tasks.full_hours", "statutory_visit",
            "fewer than 5 workers with pieces of full time") in g.suppressed
    item = next(t for t in g.to_dict()["tasks"] if t["task_type"] == "statutory_visit")
    # 3 of the study's workers: in words in guide.json (the count rule, audit23)
    assert item["full_hours"] is None and item["n_workers_primary"] is None
    assert item["n_workers_primary_words"].startswith("fewer than 5 of ")
    assert item["suppressed"] is None  # the row itself is published


def test_uplifts_are_suppressed_with_their_row(few_guide):
    ct, tasks = few_guide.case_types, few_guide.tasks
    assert np.isnan(ct.loc["PROCEEDINGS", "uplift"])
    assert np.isnan(ct.loc["CLA", "uplift"])  # CLA: secondary (see test_disclosure_recovery)
    assert ct["uplift"].drop(["PROCEEDINGS", "CLA"]).notna().all()
    small = measured(few_guide, "tasks")["n_workers"].reindex(tasks.index) < 5
    assert small.any() and tasks.loc[small, ["uplift", "full_hours_should"]].isna().all().all()
    raw = few_guide.to_dict()
    assert next(c for c in raw["case_types"] if c["case_type"] == "PROCEEDINGS")["uplift"] is None
    assert all(t["uplift"] is None for t in raw["tasks"] if t["suppressed"])


def test_same_adjustments_keep_the_uplifts_of_a_suppressed_guide(few_guide, tmp_path):
    again = with_adjustments(few_guide, ADJ)
    np.testing.assert_allclose(again.case_types["uplift"], few_guide.case_types["uplift"])
    np.testing.assert_allclose(again.tasks["uplift"], few_guide.tasks["uplift"])
    plain = with_adjustments(with_adjustments(few_guide, None), ADJ)
    np.testing.assert_allclose(plain.case_types["uplift"], few_guide.case_types["uplift"])
    assert "_task_case_hours_unsuppressed" not in few_guide.to_json()
    path = tmp_path / "guide.json"
    few_guide.to_json(path)
    back = TimeGuide.from_json(path)
    assert back._task_case_hours_unsuppressed is None
    np.testing.assert_allclose(with_adjustments(back, ADJ).case_types["uplift"],
                               few_guide.case_types["uplift"], rtol=1e-6)
    # other uplifts on a guide read from JSON: a mix over the published cells, said so
    other = Adjustments.from_dict({"source": "s", "method": "m",
                                   "uplifts": {"task_types": {"chronology": 2.0}}})
    with pytest.warns(EstimationWarning, match="published cells only"):
        approx = with_adjustments(back, other)
    assert np.isnan(approx.case_types.loc["PROCEEDINGS", "uplift"])


def test_json_round_trip_of_a_suppressed_guide(few_guide, tmp_path):
    import jsonschema

    path = tmp_path / "guide.json"
    few_guide.to_json(path)
    raw = json.loads(path.read_text())
    schema = json.loads((Path(__file__).parents[2] / "data_schema" / "guide.json").read_text())
    assert list(jsonschema.Draft202012Validator(schema).iter_errors(raw)) == []
    assert raw["task_case_hours"]["PROCEEDINGS"] is None  # a suppressed case type: null row
    assert any(v is None for row in raw["task_case_hours"].values() if row for v in row.values())
    back = TimeGuide.from_json(path)
    for name in ("task_case_hours", "task_case_direct"):
        before, after = getattr(few_guide, name), getattr(back, name)
        after = after.reindex(index=before.index, columns=before.columns)
        pd.testing.assert_frame_equal(after.isna(), before.isna(), check_names=False)
        np.testing.assert_allclose(after.to_numpy(), before.to_numpy(), rtol=1e-5, atol=1e-6)
    # a count guide.json gives in words reads back as its band's lowest, on the same side
    # of min_workers (audit23), so the guide read back words it the same
    k = few_guide.meta["min_workers"]
    assert ((back.tasks["n_workers_primary"] < k).tolist()
            == (few_guide.tasks["n_workers_primary"] < k).tolist())
    assert [t.get("n_workers_primary_words") for t in json.loads(back.to_json())["tasks"]] == [
        t.get("n_workers_primary_words") for t in raw["tasks"]]
    # a guide whose complexity model could not be fitted has no multipliers
    empty = replace(few_guide, multipliers=few_guide.multipliers.iloc[:0])
    empty.to_json(path)
    back = TimeGuide.from_json(path)
    assert back.multipliers.empty
    assert {"multiplier", "ci_low", "ci_high", "p_value"} <= set(back.multipliers.columns)


def test_task_hours_split_between_cases_and_non_case_work(few_guide, few_fitted):
    pieces = few_fitted.pieces
    fte_weeks = few_fitted.worker_week["fte_weeks"].sum()
    non_case = pieces.loc[pieces["case_id"].isna()].groupby("task_type")["direct_min"].sum() / 60
    t = few_guide.tasks
    shown = t["non_case_hours_per_fte_week"].notna()
    np.testing.assert_allclose(t.loc[shown, "non_case_hours_per_fte_week"],
                               (non_case / fte_weeks).reindex(t.index[shown]).fillna(0))
    assert (t.loc[shown, "non_case_hours_per_fte_week"]
            <= t.loc[shown, "hours_per_fte_week"] + 1e-12).all()
