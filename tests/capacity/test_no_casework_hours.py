"""No hours for casework: the headline withholds what would rest on zero hours, and says why.

Audit s2: five full-time workers (37 contracted hours) recorded 38.2 hours a week of work
not linked to a case. The guide printed "-1.2 h" for casework, "-0.3 cases per full-time
worker ... 499% fewer", "needs -20.0 FTE ... 25.0 FTE to spare", and blamed "an FTE of 0
or a role holding no caseload". Hand-worked here on a guide with 0 hours available (the
non-case work, 38.2 h per FTE-week, takes all 37 contracted hours), CP 17.4 hours a
case-month, workers A and B (1.0 FTE each) holding 1 CP case each.

- Cases held per FTE: 2 / 2.0 = 1.0.
- Cases supported, share over capacity, FTE needed, gap and WISN ratio: none (a caseload,
  a load or a staff need computed from 0 hours is no figure).
- At the hours actually worked (42.2 h): (42.2 - 38.2) x 43.6 / 12 = 14.53 hours a
  month, 14.53 / 17.4 = 0.835 cases per FTE.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest

from timestudy.capacity import headline, weighted_load
from timestudy.guide import TimeGuide
from timestudy.report.headline import headline_sentences

WEEKS = 43.6


def zero_hours_guide(available_week: float = 0.0) -> TimeGuide:
    case_types = pd.DataFrame({
        "n_cases": [5], "n_workers": [5], "case_months": [5.0],
        "hours_per_case_month": [17.4], "hours_per_case_month_ci_low": [15.0],
        "hours_per_case_month_ci_high": [20.0], "uplift": [1.0],
        "hours_per_case_month_should": [17.4],
    }, index=pd.Index(["CP"], name="case_type"))
    year = available_week * WEEKS
    available = pd.DataFrame({
        "estimate": [year, WEEKS, 42.2, 38.2, available_week],
        "ci_low": [0.0, WEEKS, 40.0, 36.0, 0.0],
        "ci_high": [43.6, WEEKS, 47.0, 43.0, 1.0]}, index=pd.Index(
        ["available_case_hours_per_fte_year", "working_weeks_per_year",
         "hours_worked_per_fte_week", "non_case_hours_per_fte_week",
         "available_case_hours_per_fte_week"], name="measure"))
    meta = {"reference_case_type": "CP", "level": 0.95, "min_workers": 5,
            "available_assumptions": {"contracted_per_fte": 37.0}}
    return TimeGuide(meta, pd.DataFrame(), case_types, pd.DataFrame(), available,
                     pd.DataFrame(), pd.DataFrame(), pd.DataFrame())


CASELOAD = pd.DataFrame({"worker_id": ["A", "B"], "case_type": ["CP", "CP"]})
WORKERS = pd.DataFrame({"worker_id": ["A", "B"], "fte": [1.0, 1.0], "team": ["N", "N"]})


def test_no_negative_or_infinite_capacity_figure_by_hand():
    h = headline(zero_hours_guide(), CASELOAD, WORKERS)
    assert h["no_hours_for_casework"] is True
    for k in ("supported_cases_per_fte", "share_over_capacity", "fte_needed", "gap_fte",
              "staffing_ratio"):
        assert h[k] is None, k
    assert h["held_cases_per_fte"] == pytest.approx(1.0)
    assert h["non_case_hours_per_fte_week"]["estimate"] == pytest.approx(38.2)
    assert h["supported_cases_per_fte_at_hours_worked"] == pytest.approx(
        (42.2 - 38.2) * WEEKS / 12 / 17.4, abs=1e-3)


def test_the_headline_names_the_real_cause():
    text = " ".join(headline_sentences({"headline": headline(zero_hours_guide(), CASELOAD,
                                                              WORKERS)}))
    assert ("Work not linked to a case took 38.2 hours per FTE-week (interval 36.0 to "
            "43.0 h), all of the 37.0 contracted: no hours are left for casework") in text
    assert "workers hold 1.0 cases per FTE" in text
    assert "FTE of 0" not in text and "role holding no caseload" not in text
    assert re.search(r"-\d", text) is None  # no negative figure anywhere
    assert "to spare" not in text and "fewer" not in text.split("beyond")[0]
    assert "this mix would support 0.8 cases per FTE" in text


def test_the_load_table_says_why_no_worker_has_a_status():
    wl = weighted_load(zero_hours_guide(), CASELOAD, WORKERS)
    assert (wl.table["status"] == "none").all()
    assert any("Non-case work takes every contracted hour" in n for n in wl.notes)


def test_a_lower_limit_of_zero_hours_leaves_the_staff_needed_open_above():
    """Hours available 2 h per FTE-week with an interval from 0: the cases supported may
    be 0 and the FTE needed has no upper limit (not a finite figure made up from a
    log-scale standard error of 0, which the old code took and so gave no width at
    all from the hours available)."""
    h = headline(zero_hours_guide(2.0), CASELOAD, WORKERS)
    assert "no_hours_for_casework" not in h
    s, need = h["supported_cases_per_fte"], h["fte_needed"]
    assert s["estimate"] == pytest.approx(2.0 * WEEKS / 12 / 17.4, abs=1e-3)
    assert s["ci_low"] == 0.0 and s["ci_high"] > s["estimate"]
    assert need["ci_high"] is None and need["ci_low"] < need["estimate"]
    assert h["gap_fte"]["ci_low"] is None


def test_symmetric_log_interval_unchanged():
    """Hours available 10 h (interval 5 to 20, symmetric on the log scale): the factors
    are the old exp(+-z x hypot(se_a, se_h)), so the staff needed's interval is that of
    the cases supported turned over."""
    g = zero_hours_guide(10.0)
    g.available.loc["available_case_hours_per_fte_year", ["ci_low", "ci_high"]] = [
        5 * WEEKS, 20 * WEEKS]
    h = headline(g, CASELOAD, WORKERS)
    s, need = h["supported_cases_per_fte"], h["fte_needed"]
    assert s["ci_low"] * s["ci_high"] == pytest.approx(s["estimate"] ** 2, rel=1e-3)
    assert need["ci_low"] * s["ci_high"] == pytest.approx(need["estimate"] * s["estimate"],
                                                          rel=1e-3)
    assert np.isfinite(need["ci_high"])


def test_staffing_table_gives_no_fte_from_zero_hours():
    """0 hours a month per FTE: the 2 CP cases need 2 x 17.4 = 34.8 hours a month, but
    34.8 / 0 FTE is no figure (the old table held an infinite FTE needed and gap)."""
    from timestudy.capacity import staffing

    st = staffing(zero_hours_guide(), CASELOAD, WORKERS)
    t = st.table
    assert t.loc["total", "hours_needed_per_month"] == pytest.approx(34.8)
    assert t[["fte_needed", "gap_fte", "ratio"]].isna().all().all()
    assert any("no hours are left for casework" in n for n in st.notes)
