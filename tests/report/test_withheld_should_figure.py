"""A case type's withheld should figure reads "not shown", named as the should figure.

audit20c g1: the guide withholds PROCEEDINGS' uplift and should hours (``case_types.uplift``:
with the case type's hours they would give a suppressed task x case type cell back) and
shows its measured 25.9 h. The report printed "–" (a figure not estimated) with no note;
the workbook's case weights row had an empty "why not shown" and "should: method" said
"mix of task uplifts" for a figure never computed; "Figures not shown" called it "Hours per
case-month: PROCEEDINGS"; the headline and statements said "not shown in the guide" and
"the guide publishes no hours for PROCEEDINGS cases".
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd
import pytest

from timestudy import workload_statements
from timestudy.capacity.headlines import not_costed
from timestudy.guide import Suppressed
from timestudy.report.excel import _cases_frame, _why
from timestudy.report.excel_should import should_columns
from timestudy.report.rows import case_rows, not_shown_note

REASON = "with the case type's hours it would give a suppressed task x case type cell back"
HIDDEN = "hidden so that a figure not shown cannot be worked out from the totals"


@pytest.fixture(scope="module")
def withheld(sim_run):
    """sim_run's guide (the example uplifts) with CP's uplift and should hours withheld as
    the guide's matrix disclosure withholds them (NaN, and a ``case_types.uplift`` record),
    its measured hours shown; its uplifts marked as from evidence, none chosen for CP."""
    s, run = sim_run
    g = run.guide
    ct = g.case_types.copy()
    assert np.isfinite(ct.loc["CP", "hours_per_case_month"])
    ct.loc["CP", ["uplift", "hours_per_case_month_should"]] = np.nan
    evidence = ({"level": "case_type", "item": "CLA", "method": "delphi", "chosen": True,
                 "should_ci_low": 1.0, "should_ci_high": 2.0},)
    adj = replace(g.adjustments, evidence=evidence)
    g = replace(g, case_types=ct, adjustments=adj,
                suppressed=[*g.suppressed, Suppressed("case_types.uplift", "CP", REASON)])
    return s, g


def test_report_rows_say_not_shown_with_a_note(withheld):
    """By hand: CP's measured hours are shown (a number), its uplift and should hours
    read "not shown" (the README: a withheld figure), not "–" (a figure not estimated),
    and the table's note names them and why. The code before gave "–" and no note."""
    _, g = withheld
    row = next(r for r in case_rows(g) if r["case type"] == "CP")
    assert row["hours per case-month (is)"] not in ("not shown", "–")
    assert row["uplift"] == "not shown"
    assert row["hours per case-month (should)"] == "not shown"
    note = not_shown_note(g, "case_types", g.case_types.index, str)
    assert f"CP: the uplift and the hours per case-month (should) ({HIDDEN})" in note
    other = next(r for r in case_rows(g) if r["case type"] == "CIN")
    assert other["hours per case-month (should)"] not in ("not shown", "–")


def test_workbook_case_weights_say_why_and_no_method(withheld):
    """By hand: the CP row's "why not shown" names the withheld uplift and should figure
    with the reason, and "should: method" is empty (no figure, so no method): the code
    before left "why" empty and said "mix of task uplifts"."""
    _, g = withheld
    frame = _cases_frame(g).set_index("case type")
    assert frame.loc["CP", "why not shown"] == (
        f"uplift and hours per case-month (should): {HIDDEN}")
    assert frame.loc["CP", "should: method"] == ""
    assert frame.loc["CIN", "should: method"] == "mix of task uplifts"
    assert frame.loc["CIN", "why not shown"] == ""
    assert should_columns(g).loc["CLA", "should: method"] != ""
    assert _why(g, "case_types", ["CP"]) == [""]  # the whole row is not withheld


def test_figures_not_shown_name_the_should_figure():
    """The withheld record is of CP's should figure: named so, not as its measured hours."""
    from timestudy.report.labels import figure_name

    named = figure_name(Suppressed("case_types.uplift", "CP", REASON))
    assert named == "Hours per case-month (should) and uplift: CP"


def test_not_costed_names_the_should_hours(withheld):
    """Three CP cases on should hours: not costed because the should hours are withheld
    (the measured are shown), by one rule: the headline's words and the statement's. On
    the measured hours they are costed (nothing left out)."""
    s, g = withheld
    caseload = pd.DataFrame({"case_type": ["CP", "CP", "CP", "CIN"]})
    assert not_costed(g, caseload)[0]["why"].startswith("should hours withheld: ")
    from timestudy.capacity.need import SHOULD_WITHHELD

    assert not_costed(g, caseload) == [
        {"case_type": "CP", "n_cases": 3, "why": f"should hours withheld: {SHOULD_WITHHELD}"}]
    assert not_costed(g, caseload, should=False) == []
    w = str(s.workers["worker_id"].iloc[0])
    day = pd.Timestamp(g.meta["period"][1])
    held = pd.DataFrame({"case_id": ["X1", "X2"], "case_type": ["CIN", "CP"],
                         "worker_id": w, "opened": day, "closed": pd.NaT})
    (st,) = workload_statements(g, held, s.workers, worker=w, date="2026-12-05")
    assert st.no_status.startswith(
        f"the guide publishes no should hours for CP cases ({SHOULD_WITHHELD}) and you hold 1")
    md = st.to_markdown()
    assert "not shown in the guide" not in md
    assert "publishes no hours for CP" not in md
    (m,) = workload_statements(g, held, s.workers, worker=w, date="2026-12-05", should=False)
    assert m.not_costed == ""
