"""Should from evidence: precedence, disagreement, the adjustments file and the guide with both."""

from __future__ import annotations

import json
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from timestudy.errors import ConfigError
from timestudy.guide import Adjustments, TimeGuide, build_guide, with_adjustments
from timestudy.guide.should import choose, method_order, should_evidence
from timestudy.models import fit_study
from timestudy.schema import EXAMPLES


@pytest.fixture(scope="module")
def fitted(study):
    ep = study.diary.rename(columns={"true_task_type": "task_type", "true_category": "category"})
    # the evidence and the should figures read no pieces sensitivity: not run
    return fit_study(ep, study.cases, study.workers, n_boot=99, seed=2, sensitivity=False)


@pytest.fixture(scope="module")
def guide(fitted):
    return build_guide(fitted)


@pytest.fixture(scope="module")
def evidence(guide, fitted):
    return should_evidence(guide, fitted, standards="england", survey=EXAMPLES / "survey.csv",
                           delphi=EXAMPLES / "delphi.csv", min_respondents=3)


def _rows(methods, uplifts, lows, highs, eligible=True):
    return pd.DataFrame({"level": "case_type", "item": "CP", "method": methods,
                         "uplift": uplifts, "uplift_ci_low": lows, "uplift_ci_high": highs,
                         "eligible": eligible})


def test_default_precedence_standards_then_delphi_then_survey():
    r = choose(_rows(["survey", "delphi", "standards_met", "standards_events"],
                     [1.3, 1.2, 1.1, 1.05], [1.2, 1.1, 1.0, 1.0], [1.4, 1.3, 1.2, 1.1]))
    assert r.loc[r["chosen"], "method"].tolist() == ["standards_events"]
    assert r["agrees"].tolist() == [False, True, True, True]
    r = choose(_rows(["survey", "delphi"], [1.3, 1.2], [1.2, 1.1], [1.4, 1.3]),
               ["survey", "delphi"])
    assert r.loc[r["chosen"], "method"].tolist() == ["survey"]


def test_an_ineligible_or_missing_figure_is_never_chosen():
    r = choose(_rows(["delphi", "survey"], [1.2, 1.3], [1.1, 1.2], [1.3, 1.4],
                     eligible=[False, True]))
    assert r.loc[r["chosen"], "method"].tolist() == ["survey"]
    r = choose(_rows(["standards_events", "survey"], [np.nan, 1.3], [np.nan, 1.2],
                     [np.nan, 1.4]))
    assert r.loc[r["chosen"], "method"].tolist() == ["survey"]


def test_without_intervals_agreement_is_within_ten_percent():
    r = choose(_rows(["standards_events", "delphi", "survey"], [1.0, 1.08, 1.2],
                     [np.nan] * 3, [np.nan] * 3))
    assert r["agrees"].tolist() == [True, True, False]


def test_unknown_precedence_is_refused():
    with pytest.raises(ConfigError, match="precedence: 'court'"):
        method_order(["court"])
    assert method_order(["survey"])[0] == "survey"


def test_evidence_holds_every_method_and_one_choice_per_item(evidence):
    t = evidence.table
    assert {"standards_events", "standards_met", "delphi", "survey"} <= set(t["method"])
    assert t.groupby(["level", "item"])["chosen"].sum().le(1).all()
    cp = t.loc[(t["item"] == "CP") & (t["level"] == "case_type")].set_index("method")
    assert bool(cp.loc["standards_events", "chosen"]) and not cp.loc["delphi", "chosen"]
    np.testing.assert_allclose(cp["uplift"], cp["should_value"] / cp["is_value"])
    assert "met the standard" in cp.loc["standards_met", "note"]


def test_adjustments_round_trip_and_apply(evidence, guide, tmp_path):
    path = evidence.to_yaml(tmp_path / "adj.yaml", when="2026-12-01")
    with warnings.catch_warnings():
        warnings.simplefilter("error", DeprecationWarning)  # evidence: no deprecation
        back = Adjustments.from_yaml(path)
    assert back == evidence.adjustments(when="2026-12-01") and back.from_evidence
    pick = evidence.summary()
    cases = pick.loc[pick["level"] == "case_type"].set_index("item")
    g = with_adjustments(guide, back)
    np.testing.assert_allclose(g.case_types.loc[cases.index, "hours_per_case_month_should"],
                               cases["should_value"], rtol=1e-3)
    tasks = pick.loc[pick["level"] == "task_type"].set_index("item")
    np.testing.assert_allclose(g.tasks.loc[tasks.index, "full_hours_should"],
                               tasks["should_value"], rtol=1e-3)


def test_guide_json_keeps_the_evidence(evidence, guide, tmp_path):
    import jsonschema

    g = with_adjustments(guide, evidence.adjustments())
    path = tmp_path / "guide.json"
    g.to_json(path)
    raw = json.loads(path.read_text())
    schema = json.loads((Path(__file__).parents[2] / "data_schema" / "guide.json").read_text())
    assert list(jsonschema.Draft202012Validator(schema).iter_errors(raw)) == []
    back = TimeGuide.from_json(path)
    assert back.adjustments == g.adjustments
    np.testing.assert_allclose(back.case_types["hours_per_case_month_should"],
                               g.case_types["hours_per_case_month_should"])


def test_evidence_from_the_guide_alone_is_close_to_the_bootstrap(guide, fitted):
    alone = should_evidence(guide, standards="england")
    full = should_evidence(guide, fitted, standards="england")
    a = alone.table.set_index("item")["should_value"]
    b = full.table.loc[full.table["method"] == "standards_events"].set_index(
        "item")["should_value"]
    # the guide pools time per piece over case types: close, not equal
    np.testing.assert_allclose(a.reindex(b.index), b, rtol=0.10)
    assert (alone.table["should_ci_low"] < alone.table["should_value"]).all()
    assert "standards_met" not in set(alone.table["method"])  # needs the cases


def test_hand_written_uplifts_still_work_with_a_deprecation_note(guide):
    with pytest.warns(DeprecationWarning, match="timestudy should"):
        adj = Adjustments.from_yaml(EXAMPLES / "adjustments.yaml")
    g = with_adjustments(guide, adj)
    assert g.case_types.loc["CLA", "uplift"] > 1.1
    assert not adj.from_evidence


def test_a_case_type_total_replaces_the_mix(guide):
    adj = Adjustments("s", "m", task_types={"statutory_visit": 2.0},
                      case_type_totals={"CP": 1.1})
    g = with_adjustments(guide, adj)
    assert g.case_types.loc["CP", "uplift"] == pytest.approx(1.1)
    assert g.case_types.loc["CIN", "uplift"] > 1.1  # its visits doubled
    with pytest.warns(Warning, match="case_type_totals names XX"):
        with_adjustments(guide, Adjustments("s", "m", case_type_totals={"XX": 1.1}))


def test_evidence_that_gives_nothing_leaves_the_guide_and_says_so(guide):
    from timestudy.errors import EstimationWarning
    from timestudy.guide.should import apply_evidence

    few = pd.DataFrame({"respondent_id": ["a", "b"], "task_type": "statutory_visit",
                        "sufficient": [False, True], "extra_minutes": [30.0, 0.0]})
    with pytest.warns(EstimationWarning, match="no usable should figure"):
        same = apply_evidence(guide, survey=few)
    assert same is guide
    with pytest.raises(ConfigError, match="not both"):
        apply_evidence(guide, adjustments=Adjustments("s", "m"), standards="england")


def test_should_evidence_reads_a_survey_frame_by_the_survey_rule(guide):
    """Audit 4 defect 7 through should_evidence: five respondents on statutory visits, one
    lacking time (30 min more), one with enough time who wrote 30 min: the extra time is
    30 / 5 = 6 min a piece, so the uplift is 1 + 6 / (measured minutes per piece); it was
    1 + 12 / (measured minutes), counting the 30 min of the one with enough time."""
    s = pd.DataFrame({"respondent_id": list("abcde"), "task_type": "statutory_visit",
                      "sufficient": [False, True, True, True, True],
                      "extra_minutes": [30.0, 30.0, 0.0, 0.0, 0.0]})
    ev = should_evidence(guide, survey=s, precedence=["survey"])
    m = guide.tasks.loc["statutory_visit", "full_hours"] * 60
    row = ev.table.set_index(["method", "item"]).loc[("survey", "statutory_visit")]
    assert row["uplift"] == pytest.approx(1 + 6 / m)


def test_survey_interval_carries_the_measured_figures_error_too():
    """Audit: Court statement measured 9.16 (7.21-11.64) gave should 10.06 (9.36-10.76),
    narrower than the figure it rests on. Should = is x uplift; each side of its interval
    adds the two errors in quadrature."""
    from types import SimpleNamespace

    from timestudy.guide.should_sources import survey_rows

    tasks = pd.DataFrame({"full_hours": [9.16], "full_hours_ci_low": [7.21],
                          "full_hours_ci_high": [11.64]}, index=["court"])
    u, lo, hi = 10.06 / 9.16, 9.36 / 9.16, 10.76 / 9.16
    table = pd.DataFrame({"uplift": [u], "uplift_ci_low": [lo], "uplift_ci_high": [hi],
                          "suppressed": [False], "share_insufficient": [0.4],
                          "n_respondents": [10], "review": [False]}, index=["court"])
    r = survey_rows(SimpleNamespace(tasks=tasks),
                    SimpleNamespace(table=table, min_respondents=5)).iloc[0]
    # below: sqrt(1.95^2 + 0.70^2) = 2.0718; above: sqrt(2.48^2 + 0.70^2) = 2.5769
    assert r["should_value"] == pytest.approx(10.06)
    assert r["should_ci_low"] == pytest.approx(10.06 - np.hypot(1.95, 0.70))
    assert r["should_ci_high"] == pytest.approx(10.06 + np.hypot(2.48, 0.70))
    assert r["should_ci_low"] == pytest.approx(7.9882, abs=1e-4)
    assert r["should_ci_high"] == pytest.approx(12.6369, abs=1e-4)
