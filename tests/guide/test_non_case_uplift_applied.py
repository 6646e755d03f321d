"""An uplift on non-case work (supervision, training, admin) leaves fewer hours for casework.

Before, such an uplift was reported but not applied: the hours for casework, capacity and
FTE needed stayed as measured. Now the should hours for casework per FTE-week are the
contracted hours less the non-case hours, each non-case task's hours times its uplift.

Hand case (``_diary``): 5 workers, 1.0 FTE, 37 h contracted, one week (2-6 March 2026);
each day 48 minutes of supervision, 48 of emails (no case) and 5.4 h of case notes on a
CIN and a CP case. Non-case work 8 h per FTE-week (4 supervision, 4 email), so 37 - 8 = 29
h for casework. Supervision uplifted 1.25: 4 x 1.25 + 4 = 9 h non-case, 37 - 9 = 28 h
(1 h less). A year has 365.25 / 7 - 43 / 5 = 43.578571 working weeks, so 28 x 43.578571
/ 12 = 101.683 h per FTE-month (against 105.315 measured), and the FTE needed for the same
caseload rises by 29 / 28.
"""

from __future__ import annotations

import json
import warnings

import numpy as np
import openpyxl
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from timestudy import run_study
from timestudy.capacity import headline, staffing, weighted_load
from timestudy.errors import TimestudyWarning
from timestudy.guide import TimeGuide
from timestudy.guide.adjustments import Adjustments, with_adjustments
from timestudy.report.excel import CALCULATOR, write_workbook
from timestudy.report.tables import open_caseload

WEEKS = 365.25 / 7 - 43 / 5
APPLIED = "Uplifts on non-case work (supervision) are applied to the hours available"


def _diary(supervised: int = 5) -> pd.DataFrame:
    """The hand case; workers after the first ``supervised`` write emails, not supervision."""
    rows = []
    for w in range(1, 6):
        for d in pd.date_range("2026-03-02", periods=5).strftime("%Y-%m-%d"):
            first = "supervision" if w <= supervised else "emails"
            rows += [(f"W{w}", f"{d} 09:00", f"{d} 09:48", first, None),
                     (f"W{w}", f"{d} 09:48", f"{d} 10:36", "emails", None),
                     (f"W{w}", f"{d} 10:36", f"{d} 13:00", "case notes", f"C{w}1"),
                     (f"W{w}", f"{d} 13:30", f"{d} 16:30", "case notes", f"C{w}2")]
    return pd.DataFrame(rows, columns=["worker_id", "start", "end", "activity", "case_id"])


WORKERS = pd.DataFrame({"worker_id": [f"W{w}" for w in range(1, 6)], "fte": 1.0,
                        "contracted_hours": 37.0, "role": "social_worker", "team": "A"})
CASES = pd.DataFrame({"case_id": [f"C{w}{k}" for w in range(1, 6) for k in (1, 2)],
                      "case_type": ["CIN", "CP"] * 5,
                      "worker_id": [f"W{w}" for w in range(1, 6) for _ in (1, 2)]})
PANEL = Adjustments("a Delphi panel", "expert_panel", task_types={"supervision": 1.25})


def _run(adjustments=None, supervised: int = 5, **kw):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        # no test reads the pieces sensitivity: not run
        return run_study(_diary(supervised), CASES, WORKERS, n_boot=19,
                         adjustments=adjustments, sensitivity=False, **kw)


@pytest.fixture(scope="module")
def runs():
    return _run(), _run(PANEL)


def test_hand_case_29_to_28_hours_for_casework(runs):
    """37 - (4 x 1.25 + 4) = 28 h; measured 37 - 8 = 29 h stays as it was."""
    before, after = (r.guide for r in runs)
    assert after.available.loc["available_case_hours_per_fte_week", "estimate"] == 29.0
    measured = after.available_hours(should=False)
    should = after.available_hours()
    assert measured.loc["available_case_hours_per_fte_week", "estimate"] == pytest.approx(29)
    assert should.loc["available_case_hours_per_fte_week"].tolist() == pytest.approx([28] * 3)
    assert should.loc["non_case_hours_per_fte_week", "estimate"] == pytest.approx(9)
    assert after.available_hours_per_fte_month == pytest.approx(28 * WEEKS / 12)
    assert before.available_hours_per_fte_month == pytest.approx(29 * WEEKS / 12)
    assert after.available.drop(index="non_case_uplift_hours_per_fte_week").equals(
        before.available)  # the measured figures are untouched


def test_headline_loads_and_staffing_follow_the_28_hours(runs):
    """The same caseload needs 29 / 28 times the FTE; each load is 29 / 28 times higher."""
    (b, a) = runs
    hb, ha = b.guide.meta["headline"], a.guide.meta["headline"]
    assert ha["fte_needed"]["estimate"] == pytest.approx(
        hb["fte_needed"]["estimate"] * 29 / 28, abs=1e-4)
    assert ha["supported_cases_per_fte"]["estimate"] == pytest.approx(
        hb["supported_cases_per_fte"]["estimate"] * 28 / 29, abs=1e-4)
    load = weighted_load(a.guide, CASES, WORKERS).table
    assert load["hours_available_per_month"].tolist() == pytest.approx([28 * WEEKS / 12] * 5)
    need = staffing(a.guide, CASES, WORKERS).table.loc["total", "fte_needed"]
    assert need == pytest.approx(weighted_load(b.guide, CASES, WORKERS).table[
        "hours_needed_per_month"].sum() / (28 * WEEKS / 12))


def test_guide_json_carries_the_should_hours_and_reads_them_back(runs, tmp_path):
    g = runs[1].guide
    path = tmp_path / "guide.json"
    g.to_json(path)
    measures = json.loads(path.read_text())["available_hours"]["measures"]
    assert measures["available_case_hours_per_fte_week_should"]["estimate"] == 28.0
    assert measures["available_case_hours_per_fte_week"]["estimate"] == 29.0
    assert measures["non_case_uplift_hours_per_fte_week"]["estimate"] == 1.0
    again = TimeGuide.from_json(path)
    assert again.available_hours_per_fte_month == pytest.approx(g.available_hours_per_fte_month)
    assert "available_case_hours_per_fte_week_should" not in again.available.index  # derived


def test_the_excel_calculator_uses_the_28_hours(runs, tmp_path):
    """The calculator's FTE needed is the headline's; its month is 28 x 43.578571 / 12."""
    run = runs[1]
    caseload = open_caseload(run.cases, pd.Timestamp(run.models.period[1]))
    path = tmp_path / "guide.xlsx"
    layout = write_workbook(run.guide, path, caseload=caseload, workers=run.workers)
    ws = openpyxl.load_workbook(path, data_only=True)[CALCULATOR]
    assert ws["C3"].value == pytest.approx(28 * WEEKS / 12)
    assert ws[layout.total_cell("fte_needed")].value == pytest.approx(
        run.guide.meta["headline"]["fte_needed"]["estimate"], abs=1e-4)
    pytest.importorskip("formulas")
    from _workbook import assert_formulas_give_the_cached_values

    refs = ["C3", layout.total_cell("fte_needed"), layout.result_cell("hours_available", 0)]
    assert assert_formulas_give_the_cached_values(path, CALCULATOR, refs) == 3


def test_the_interval_carries_the_uplifts_in_quadrature(runs):
    """Uplift 1.25 (1.1 to 1.5) on 4 h: 1 h (0.4 to 2.0) more; the measured hours have no
    spread here, so 28 h (29 - 2 = 27 to 29 - 0.4 = 28.6)."""
    g = runs[0].guide
    ev = ({"level": "task_type", "item": "supervision", "chosen": True, "uplift": 1.25,
           "uplift_ci_low": 1.1, "uplift_ci_high": 1.5},)
    adj = Adjustments("a survey", "evidence: survey", task_types={"supervision": 1.25},
                      evidence=ev)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", TimestudyWarning)
        week = with_adjustments(g, adj).available_hours().loc["available_case_hours_per_fte_week"]
    assert week.tolist() == pytest.approx([28.0, 27.0, 28.6])


def test_a_withheld_task_uplift_is_not_applied_and_said():
    """Supervision from 4 workers (under 5) is withheld: its uplift is not applied."""
    with pytest.warns(TimestudyWarning, match="supervision are withheld"):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            g = run_study(_diary(4), CASES, WORKERS, n_boot=19, adjustments=PANEL,
                          sensitivity=False).guide
    assert g.available_hours().equals(g.available_hours(should=False))
    assert "non_case_uplift_hours_per_fte_week" not in g.available.index


def test_a_survey_through_run_study_gives_28_hours(tmp_path):
    """Five respondents all lack 12 minutes a supervision of 0.8 h: uplift 1 + 12 / 48 = 1.25,
    so 28 h for casework; the row of the evidence says it is applied."""
    pd.DataFrame({"respondent_id": [f"R{i}" for i in range(5)], "task_type": "supervision",
                  "sufficient": "no", "extra_minutes": 12.0}).to_csv(tmp_path / "s.csv",
                                                                      index=False)
    g = _run(should={"survey": tmp_path / "s.csv"}).guide
    assert g.tasks.loc["supervision", "uplift"] == pytest.approx(1.25)
    assert g.available_hours_per_fte_month == pytest.approx(28 * WEEKS / 12)
    assert APPLIED in g.adjustments.notes
    (row,) = [e for e in g.adjustments.evidence if e["item"] == "supervision"]
    assert "applied to the hours available for casework" in row["note"]


def test_too_few_respondents_apply_nothing(tmp_path):
    """A survey of 4 respondents on supervision (5 needed) is withheld: as measured."""
    pd.DataFrame({"respondent_id": [f"R{i}" for i in range(4)],
                           "task_type": "supervision", "sufficient": "no",
                  "extra_minutes": 60.0}).to_csv(tmp_path / "survey.csv", index=False)
    g = _run(should={"survey": tmp_path / "survey.csv"}).guide
    assert g.available_hours_per_fte_month == pytest.approx(29 * WEEKS / 12)


@pytest.fixture(scope="module")
def measured(runs):
    """The measured guide's headline and hours available, which no uplift ``u`` changes:
    computed once, not in each example."""
    g = runs[0].guide
    return headline(g, CASES, WORKERS), g.available_hours(should=False)


@settings(max_examples=15, deadline=None)
@given(u=st.floats(1.0, 3.0))
def test_fte_needed_rises_with_a_non_case_uplift(runs, measured, u):
    """FTE needed x 29 / (29 - 4 (u - 1)); with no non-case uplift every figure as before."""
    g, caseload = runs[0].guide, CASES
    base, hours = measured
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", TimestudyWarning)
        up = with_adjustments(g, Adjustments("p", "expert_panel",
                                             task_types={"supervision": u}))
        case_only = with_adjustments(g, Adjustments("p", "expert_panel",
                                                    task_types={"case_notes": u}))
    assert headline(case_only, caseload, WORKERS)["fte_needed"]["estimate"] == pytest.approx(
        base["fte_needed"]["estimate"] * u, rel=1e-3)  # case hours x u, hours as measured
    assert case_only.available_hours().equals(hours)
    got = headline(up, caseload, WORKERS)["fte_needed"]["estimate"]
    assert got == pytest.approx(base["fte_needed"]["estimate"] * 29 / (29 - 4 * (u - 1)),
                                rel=1e-3)
    assert got >= base["fte_needed"]["estimate"] - 1e-9
    assert np.isclose(up.available_hours_per_fte_month, (29 - 4 * (u - 1)) * WEEKS / 12)


def test_the_report_and_the_terminal_show_the_hours_the_capacity_uses(runs):
    """The report's hours-available rows and the headline read the same 28 h (the measured
    29 h beside it), and the headline's non-case hours are the uplifted 9 h: no output
    pairs the should capacity with the measured hours."""
    from timestudy.report.rows import available_rows

    (b, a) = runs
    rows = {r["figure"]: r["estimate"] for r in available_rows(a.guide)}
    assert rows["hours for casework per FTE-week (with the uplifts on non-case work)"] == "28.0"
    assert rows["hours for casework per FTE-week (measured)"] == "29.0"
    assert {r["figure"] for r in available_rows(b.guide)} >= {"hours for casework per FTE-week"}
    assert "hours for casework per FTE-week (measured)" not in {
        r["figure"] for r in available_rows(b.guide)}
