"""A worker's statement and the load table give one status and one floor.

The "at least" floor was written twice: in ``capacity.status`` (the load table, the
headline) and in the statements. They disagreed when a worker had no hours available:
the load table divided by 0 and said red, the statement said no status.

Hand-worked on a guide of 100 hours for casework per FTE-month, "should" hours CIN 5,
CP 12 and PROCEEDINGS suppressed (no hours), a role "manager" holding no caseload:

* N (1.0 FTE) holds 8 CP: 96 hours, load 0.96, green;
* U (1.0 FTE) holds 9 CP and 1 PROCEEDINGS: hours unknown, the 108 costed hours
  already reach amber: at least amber, floor 1.08;
* L (1.0 FTE) holds 2 CIN and 1 PROCEEDINGS: 10 costed hours, under amber: no status;
* M (1.0 FTE, manager: 0 hours available) holds 10 CP and 1 PROCEEDINGS: was "red"
  in the load table (120 / 0 is infinite) and no status in the statement;
* Z (0 FTE) holds 2 CP: 24 hours against 0, was "red" in the load table, no status
  in the statement. With no hours there is no load: no status, with the reason.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd
import pytest
from _guides import hand_guide

from timestudy import workload_statements
from timestudy.capacity import headline, weighted_load, worker_status

CASELOAD = pd.DataFrame(
    {
        "case_id": [f"C{i:02d}" for i in range(34)],
        "worker_id": ["N"] * 8 + ["U"] * 10 + ["L"] * 3 + ["M"] * 11 + ["Z"] * 2,
        "case_type": ["CP"] * 8
        + ["CP"] * 9
        + ["PROCEEDINGS"]
        + ["CIN", "CIN", "PROCEEDINGS"]
        + ["CP"] * 10
        + ["PROCEEDINGS"]
        + ["CP"] * 2,
    }
)
WORKERS = pd.DataFrame(
    {
        "worker_id": ["N", "U", "L", "M", "Z"],
        "fte": [1.0, 1.0, 1.0, 1.0, 0.0],
        "team": ["T"] * 5,
        "role": ["social worker"] * 3 + ["manager", "social worker"],
    }
)
WANT = {  # status, load, floor ("at least"), hours needed as shown on the statement
    "N": ("green", 0.96, np.nan, 96.0),
    "U": ("amber", np.nan, 1.08, 108.0),
    "L": ("none", np.nan, np.nan, np.nan),
    "M": ("none", np.nan, np.nan, np.nan),
    "Z": ("none", np.nan, np.nan, 24.0),
}


def _guide():
    g = hand_guide()
    types = pd.concat(
        [
            g.case_types,
            pd.DataFrame({c: [np.nan] for c in g.case_types}, index=pd.Index(["PROCEEDINGS"])),
        ]
    )
    types.index.name = "case_type"
    return replace(g, case_types=types, meta=g.meta | {"role_allowances": {"manager": 0.0}})


def test_the_rule_by_hand():
    got = worker_status(
        [96.0, np.nan, np.nan, np.nan, 24.0],
        [96.0, 108.0, 10.0, 120.0, 24.0],
        [100.0, 100.0, 100.0, 0.0, 0.0],
    )
    assert got["status"].tolist() == [WANT[w][0] for w in "NULMZ"]
    np.testing.assert_allclose(got["load"], [WANT[w][1] for w in "NULMZ"])
    np.testing.assert_allclose(got["load_at_least"], [WANT[w][2] for w in "NULMZ"])


def test_statement_and_load_table_agree():
    g = _guide()
    table = weighted_load(g, CASELOAD, WORKERS, on_suppressed="nan").table
    statements = {st.worker_id: st for st in workload_statements(g, CASELOAD, WORKERS)}
    assert sorted(statements) == sorted(WANT)
    for wid, (state, load, floor, need) in WANT.items():
        row, st = table.loc[wid], statements[wid]
        assert (row["status"], st.status) == (state, state), wid
        np.testing.assert_allclose([row["load"], row["load_at_least"]], [load, floor])
        assert st.at_least == np.isfinite(floor), wid
        # no status with some cases costed: the costed cases' hours and load, "at least"
        # (as the calculator; audit20c st4), else the load table's
        costed = st.cases["hours_per_month"]
        shown = (costed.sum() / st.hours_available_per_month
                 if st.figures_at_least and st.hours_available_per_month > 0 else load)
        np.testing.assert_allclose(st.load, floor if st.at_least else shown)
        np.testing.assert_allclose(st.hours_needed_per_month,
                                   costed.sum() if st.figures_at_least else need)
    assert statements["U"].status_words.startswith("at least amber")
    for wid in ("M", "Z"):  # no hours: no status, and the reason
        st = statements[wid]
        assert st.hours_available_per_month == 0
        assert "you have no hours available for casework" in st.no_status
        assert "no status: you have no hours available" in st.to_markdown()
    assert "PROCEEDINGS" in statements["M"].no_status


def test_the_headline_does_not_count_a_worker_with_no_hours_over_capacity():
    """Of the costed cases: N green, U amber (108 h), L blue (10 h), M and Z no hours.
    Over capacity: 1 of the 3 workers with a status (was 3 of 5 with M and Z red, then
    1 of 5 with M and Z in the share though they have no status)."""
    from timestudy.report.headline import over_capacity_sentence

    g = _guide()
    g = replace(g, meta=g.meta | {"min_workers": 1})  # counts of 1 to 3 shown: not tested here
    costed = CASELOAD.loc[CASELOAD["case_type"] != "PROCEEDINGS"]
    h = headline(g, costed, WORKERS)
    assert (h["n_workers"], h["n_over_capacity"], h["n_no_status"]) == (5, 1, 2)
    assert h["share_over_capacity"]["estimate"] == pytest.approx(1 / 3, abs=1e-4)
    text = over_capacity_sentence(h)
    assert "(1 of 3;" in text
    assert (
        "2 workers holding cases with no hours available (an FTE of 0 or a role holding "
        "no caseload) have no status and are not counted" in text
    )
