"""A statement without a status gives the true reason.

At 7652f0a every such statement said "no status: the guide publishes no time available
(too few workers)", also when the same page showed 106.1 hours available and the reason
was a case type whose hours are withheld (the audit's g6, PROCEEDINGS suppressed, and CLA with it).
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd
import pytest

from timestudy import workload_statements


@pytest.fixture(scope="module")
def six(six_run):
    """The audit's sim6: PROCEEDINGS has 3 workers, so its hours are suppressed."""
    s, run = six_run
    assert np.isnan(run.guide.hours_per_case_month()["PROCEEDINGS"])
    assert np.isfinite(run.guide.available_hours_per_fte_month)
    return s, run


def _held(st, case_type: str) -> int:
    return int((st.cases["case_type"] == case_type).sum())


def _want(st, reasons: dict) -> str:
    """The reason by hand: each withheld type the worker holds, named with its count."""
    held = {t: _held(st, t) for t in ("CLA", "PROCEEDINGS") if _held(st, t)}
    if len(held) == 1:
        (t, n), = held.items()
        return (f"the guide publishes no hours for {t} cases ({reasons[t]}) and you hold {n}, "
                "so their time cannot be costed")
    return ("the guide publishes no hours for CLA or PROCEEDINGS cases (CLA: "
            f"{reasons['CLA']}; PROCEEDINGS: {reasons['PROCEEDINGS']}) and you hold "
            f"{sum(held.values())} of them (CLA {held['CLA']}, PROCEEDINGS "
            f"{held['PROCEEDINGS']}), so their time cannot be costed")


def test_a_suppressed_case_type_is_named_with_its_count(six):
    """PROCEEDINGS (3 workers) is withheld, and CLA with it (secondary: the case hours per
    FTE-week less the published types' hours would give PROCEEDINGS' hours back)."""
    s, run = six
    reasons = run.guide.reasons("case_types")
    assert reasons["PROCEEDINGS"] == "fewer than 5 workers"  # in words only (audit25f)
    assert reasons["CLA"].startswith("secondary suppression") and "PROCEEDINGS" in reasons["CLA"]
    statements = workload_statements(run.guide, s.cases, s.workers)
    # no status, or (the other cases alone reaching amber or red) "at least" that status
    none = [st for st in statements if st.status == "none" or st.at_least]
    assert none and {st.worker_id for st in none} == {
        st.worker_id for st in statements if _held(st, "CLA") + _held(st, "PROCEEDINGS")}
    assert any(_held(st, "CLA") and _held(st, "PROCEEDINGS") for st in none)
    assert any(_held(st, "CLA") and not _held(st, "PROCEEDINGS") for st in none)
    for st in none:
        assert np.isfinite(st.hours_available_per_month) and st.hours_available_per_month > 0
        want = _want(st, reasons)
        assert st.no_status == want
        shown = (f"at least {st.status}" if st.at_least else "no status") + ": "
        for text in (st.to_markdown(), st.to_html(), repr(st)):
            assert shown in text and want in text
            assert "publishes no time available" not in text
            assert "no hours available" not in text
        assert want in st.meaning()[0] or st.at_least
    assert all(st.no_status == "" for st in statements if st.status != "none" and not st.at_least)


def test_no_hours_available_is_said_when_that_is_the_reason(six):
    s, run = six
    g = run.guide
    available = g.available.copy()
    available.loc[:, available.select_dtypes("number").columns] = np.nan
    blind = replace(g, available=available)
    assert np.isnan(blind.available_hours_per_fte_month)
    shown = g.hours_per_case_month(True).dropna().index  # CIN, CP: not CLA or PROCEEDINGS
    cases = s.cases.loc[s.cases["case_type"].isin(shown)]
    statements = workload_statements(blind, cases, s.workers)
    assert {st.status for st in statements} == {"none"}
    for st in statements:
        assert st.no_status.startswith("the guide publishes no hours available for casework")
        assert "publishes no hours for " not in st.no_status
        assert "PROCEEDINGS" not in st.no_status and "CLA" not in st.no_status


def test_a_worker_with_no_fte_is_told_so(six):
    s, run = six
    workers = s.workers.assign(fte=np.where(s.workers["worker_id"] == "W001", 0.0,
                                            s.workers["fte"]))
    cases = s.cases.loc[s.cases["case_type"] != "PROCEEDINGS"]
    [st] = workload_statements(run.guide, cases, workers, worker="W001")
    assert st.status == "none" and "no hours available for casework (an FTE of 0" in st.no_status


def test_a_suppressed_multiplier_is_named(six):
    s, run = six
    g = run.guide
    m = g.multipliers.copy()
    if "case_type=CP" not in m.index:
        pytest.skip("no CP multiplier in this guide")
    m.loc["case_type=CP", "multiplier"] = np.nan
    blind = replace(g, multipliers=m)
    cases = s.cases.loc[s.cases["case_type"].isin(["CP", "CIN"])]
    statements = workload_statements(blind, cases, s.workers, use_multipliers=True)
    cp = [st for st in statements if (st.cases["case_type"] == "CP").any()]
    assert cp and all(st.status == "none" for st in cp)
    for st in cp:
        n = int((st.cases["case_type"] == "CP").sum())
        assert st.no_status.startswith(f"{n} of your cases need a complexity multiplier")
        assert "case_type=CP" in st.no_status


def test_the_reason_is_shown_in_the_totals(six):
    s, run = six
    [st] = [x for x in workload_statements(run.guide, s.cases, s.workers) if _held(x, "PROCEEDINGS")][:1]
    totals = dict(st.totals())
    if st.at_least:  # the costed cases alone reach amber or red: a floor, with the reason
        assert totals["status"].startswith(f"at least {st.status}") and st.no_status in \
            totals["status"] and totals["weighted load"].startswith("at least ")
    else:
        assert totals["status"] == f"no status: {st.no_status}"
        # the costed cases' load, "at least" (audit20c st4), or none with none costed
        assert pd.isna(st.load) or (st.figures_at_least
                                    and totals["weighted load"].startswith("at least "))
