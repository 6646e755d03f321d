"""Calibrating to a reference guide with no per-task table, or with its task rows withheld.

Defect: ``calibrate`` stopped with ``KeyError: 'full_hours'`` (a reference made with no
task table) or ``KeyError: 'n_workers'`` (a guide.json whose ``tasks`` is ``[]``), so a
published guide that gives hours per case-month and hours available but no per-task
figures could not be calibrated at all; and where the reference withheld its task rows
the calibrated guide left them blank without a word.

Hand-worked. Reference: CIN 5 and CP 10 hours per case-month, each with a 95% interval
of +-0.1 on the log scale (se 0.1), 29 hours for casework per FTE-week over 40 weeks, no
task table. Local study of 10 workers: CIN 6 and CP 12 (se 0.1 each), one task
(statutory visit, 2 hours), 25 hours for casework per FTE-week.

- Local se, widened for 10 workers: 0.1 x sqrt(10/9) x t(0.975, 9) / z(0.975)
  = 0.1 x 1.05409 x 2.26216 / 1.95996 = 0.121663, so se_L^2 = 0.014802.
- Both types differ by log 1.2 = 0.182322: tau^2 = 0.033241 - 0.01 - 0.014802 = 0.008439.
- w = (0.01 + 0.008439) / (0.01 + 0.008439 + 0.014802) = 0.55471.
- Calibrated CIN = 5 x 1.2^w = 5 x exp(0.101136) = 5.5322; CP = 11.0643.
- Hours for casework are the local study's (25 a week, not pooled).
- Full hours per piece of work: not calibrated ("the reference publishes no per-task
  table"); the calibrated guide has no task rows (the local 2 hours alone, from a study
  built with min_workers=1, are not carried over).
"""

from __future__ import annotations

import json
import warnings

import numpy as np
import pandas as pd
import pytest

from timestudy.capacity import max_caseload
from timestudy.capacity.calibration import calibrate
from timestudy.errors import EstimationWarning
from timestudy.guide import TimeGuide
from timestudy.guide.deserialise import guide_fields
from timestudy.guide.disclosure import Suppressed
from timestudy.guide.serialise import guide_to_dict

Z = 1.959963984540054
NO_TABLE = {"figure": "full hours per piece of work", "key": "*",
            "why": "the reference publishes no per-task table"}


def _guide(cin: float, cp: float, week: float, n_workers: int, tasks: pd.DataFrame):
    ct = pd.DataFrame({
        "hours_per_case_month": [cin, cp],
        "hours_per_case_month_ci_low": [cin * np.exp(-0.1 * Z), cp * np.exp(-0.1 * Z)],
        "hours_per_case_month_ci_high": [cin * np.exp(0.1 * Z), cp * np.exp(0.1 * Z)],
        "n_cases": [40, 30], "n_workers": [n_workers] * 2, "uplift": [1.0, 1.0],
        "hours_per_case_month_should": [cin, cp],
        "relative_weight": [1.0, cp / cin]}, index=pd.Index(["CIN", "CP"], name="case_type"))
    av = pd.DataFrame({"estimate": [week, 40.0, week * 40], "ci_low": [week - 1, 40.0,
                                                                       (week - 1) * 40],
                       "ci_high": [week + 1, 40.0, (week + 1) * 40]},
                      index=pd.Index(["available_case_hours_per_fte_week",
                                      "working_weeks_per_year",
                                      "available_case_hours_per_fte_year"], name="measure"))
    meta = {"level": 0.95, "n_workers": n_workers, "reference_case_type": "CIN"}
    return TimeGuide(meta, tasks, ct, pd.DataFrame(), av, pd.DataFrame(), pd.DataFrame(),
                     pd.DataFrame())


VISIT = pd.DataFrame({"category": ["direct"], "full_hours": [2.0], "full_hours_ci_low": [1.8],
                      "full_hours_ci_high": [2.2], "n_pieces": [40], "n_workers": [10]},
                     index=pd.Index(["statutory_visit"], name="task_type"))
LOCAL = _guide(6.0, 12.0, 25.0, 10, VISIT)


def _from_json_with_no_tasks() -> TimeGuide:
    """The reference as guide.json gives it with ``"tasks": []`` (read back as a table of
    the estimate columns only, no ``n_workers``)."""
    raw = json.loads(json.dumps(guide_to_dict(_guide(5.0, 10.0, 29.0, 200, pd.DataFrame()))))
    return TimeGuide(**guide_fields(raw | {"tasks": []}))


REFERENCES = {"no task table": lambda: _guide(5.0, 10.0, 29.0, 200, pd.DataFrame()),
              "guide.json tasks []": _from_json_with_no_tasks}


@pytest.mark.parametrize("make", REFERENCES.values(), ids=REFERENCES.keys())
def test_a_reference_with_no_task_rows_is_calibrated_by_hand(make):
    with pytest.warns(EstimationWarning, match="full hours per piece of work: the reference "
                                               "publishes no per-task table"):
        c = calibrate(make(), LOCAL)  # KeyError before
    se_l2 = 0.01 * (10 / 9) * (2.262157162740992 / Z) ** 2
    tau2 = np.log(1.2) ** 2 - 0.01 - se_l2
    w = (0.01 + tau2) / (0.01 + tau2 + se_l2)
    assert (se_l2, tau2, w) == pytest.approx((0.014802, 0.008439, 0.55471), abs=2e-5)
    assert c.tau2 == pytest.approx(tau2, rel=1e-6)
    t = c.table.loc["hours per case-month"]
    assert t["weight_local"].tolist() == pytest.approx([w, w], rel=1e-6)
    assert t["calibrated"].tolist() == pytest.approx([5.5322, 11.0643], abs=1e-4)
    assert "full hours per piece of work" not in c.table.index.get_level_values("figure")
    assert c.not_calibrated.to_dict("records") == [NO_TABLE]
    g = c.to_guide()  # KeyError before
    assert g.case_types["hours_per_case_month"].tolist() == pytest.approx([5.5322, 11.0643],
                                                                           abs=1e-4)
    assert g.case_types.loc["CP", "relative_weight"] == pytest.approx(2.0)
    assert g.tasks.empty
    assert g.available.loc["available_case_hours_per_fte_week", "estimate"] == 25.0
    assert g.meta["calibration_not_calibrated"] == [NO_TABLE]
    assert any("the reference publishes no per-task table" in n
               for n in g.meta["calibration_notes"])
    # capacity runs on it: 25 x 40 / 12 = 83.33 hours a month over (5.5322 + 11.0643) / 2
    assert max_caseload(g, {"CIN": 1.0, "CP": 1.0}) == pytest.approx(
        (25 * 40 / 12) / ((5.5322 + 11.0643) / 2), rel=1e-4)


def test_the_calibration_says_it_in_its_report_and_guide_json(tmp_path):
    with pytest.warns(EstimationWarning):
        c = calibrate(REFERENCES["no task table"](), LOCAL)
    assert "the reference publishes no per-task table" in c._repr_html_()
    assert "the reference publishes no per-task table" in c.to_markdown()
    raw = guide_to_dict(c.to_guide())
    assert raw["tasks"] == []
    assert raw["meta"]["calibration_not_calibrated"] == [NO_TABLE]
    assert json.loads(json.dumps(raw))["meta"]["calibration_tau2"] == pytest.approx(
        c.tau2, abs=1e-6)


def test_task_rows_all_withheld_are_named_by_hand():
    """Reference with one task row, withheld (fewer than 5 workers (3)): the calibrated
    guide keeps the row blank (not the local 2 hours) and names it with its reason; the
    case types are calibrated as above (5.5322, 11.0643)."""
    blank = VISIT.assign(full_hours=np.nan, full_hours_ci_low=np.nan,
                         full_hours_ci_high=np.nan, n_workers=3)
    ref = _guide(5.0, 10.0, 29.0, 200, blank)
    ref = TimeGuide(**{**ref.__dict__, "suppressed": [
        Suppressed("tasks", "statutory_visit", "fewer than 5 workers (3)")]})
    with pytest.warns(EstimationWarning, match=r"statutory_visit \(withheld in the reference: "
                                               r"fewer than 5 workers \(3\)\)"):
        c = calibrate(ref, LOCAL)
    assert c.not_calibrated.to_dict("records") == [{
        "figure": "full hours per piece of work", "key": "statutory_visit",
        "why": "withheld in the reference: fewer than 5 workers (3)"}]
    g = c.to_guide()
    assert np.isnan(g.tasks.loc["statutory_visit", "full_hours"])
    assert g.case_types["hours_per_case_month"].tolist() == pytest.approx([5.5322, 11.0643],
                                                                           abs=1e-4)
    assert g.meta["calibration_not_calibrated"] == c.not_calibrated.to_dict("records")


def test_every_figure_calibrated_says_nothing_more():
    ref = _guide(5.0, 10.0, 29.0, 200, VISIT.assign(n_workers=50))
    with warnings.catch_warnings():
        warnings.simplefilter("error", EstimationWarning)
        c = calibrate(ref, LOCAL)
    assert c.not_calibrated.empty and c.to_guide().meta["calibration_not_calibrated"] == []
    assert not any("Not calibrated" in n for n in c.notes)


def test_no_hours_for_casework_in_either_guide_is_named():
    """Neither guide gives hours for casework per FTE-week (nor an uplift column): the
    hours per case-month are still calibrated (CIN 5.5322, CP 11.0643 as above) and the
    week figure is named as not calibrated (blank), with the per-task table."""
    def bare(guide):
        return TimeGuide(guide.meta, pd.DataFrame(), guide.case_types.drop(columns="uplift"),
                         pd.DataFrame(), guide.available.iloc[:0], pd.DataFrame(),
                         pd.DataFrame(), pd.DataFrame())

    with pytest.warns(EstimationWarning, match="; available hours per FTE-week: neither the "
                                               "reference nor the local study gives it"):
        c = calibrate(bare(REFERENCES["no task table"]()), bare(LOCAL))
    assert c.not_calibrated["key"].tolist() == ["*", "all"]
    g = c.to_guide()
    assert g.case_types["hours_per_case_month_should"].tolist() == pytest.approx(
        [5.5322, 11.0643], abs=1e-4)
