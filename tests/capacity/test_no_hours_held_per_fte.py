"""Cases held per FTE leave out the cases of a worker with no hours for casework.

Hand-worked on a guide of 100 hours for casework per FTE-month, "should" hours CIN 5
and CP 12 a case-month, and a role "manager" holding no caseload (allowance 0):

* A (1.0 FTE) holds 10 CIN and 5 CP: 110 hours;
* B (0.5 FTE) holds 6 CP: 72 hours;
* M (1.0 FTE, manager: 0 case-holding FTE) holds 4 CP: 48 hours.

The case-holding FTE is 1.0 + 0.5 + 0 = 1.5. M's cases were counted over that FTE,
which leaves M's out: 25 / 1.5 = 16.67 cases per FTE. Now M is like a holder not in the
workers table: M's 48 hours count in the FTE needed (230 hours, 2.3 FTE) and M is named
in the load table's notes, but M's cases are not in the cases held per FTE:
21 / 1.5 = 14.0. The report's table of loads gives cases per case-holding FTE the same
way (A 15, B 12, M blank; it divided M's 4 cases by M's 1.0 FTE).
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd
import pytest
from _guides import hand_guide

from timestudy.capacity import headline, weighted_load
from timestudy.report.headline import caseload_sentence
from timestudy.report.tables import capacity_tables

CASELOAD = pd.DataFrame(
    {
        "worker_id": ["A"] * 15 + ["B"] * 6 + ["M"] * 4,
        "case_type": ["CIN"] * 10 + ["CP"] * 5 + ["CP"] * 6 + ["CP"] * 4,
    }
)
WORKERS = pd.DataFrame(
    {
        "worker_id": ["A", "B", "M"],
        "fte": [1.0, 0.5, 1.0],
        "team": ["T"] * 3,
        "role": ["social worker"] * 2 + ["manager"],
    }
)


def _guide():
    g = hand_guide()
    return replace(g, meta=g.meta | {"role_allowances": {"manager": 0.0}})


def test_the_headline_leaves_a_no_hours_holders_cases_out_of_cases_per_fte():
    h = headline(_guide(), CASELOAD, WORKERS)
    assert h["held_cases_per_fte"] == pytest.approx(14.0)  # was 25 / 1.5 = 16.67
    assert h["fte_in_post"] == pytest.approx(1.5)
    assert h["fte_needed"]["estimate"] == pytest.approx(2.3)  # M's 48 hours count
    assert (h["no_hours_cases"], h["no_hours_workers"]) == (4, None)  # 1 worker: in words
    assert h["no_hours_workers_words"] == "1 to 2 of 3"  # 1 of the 3 listed holders
    text = caseload_sentence(h)
    assert (
        "workers hold 14.0 per FTE (not counting 4 cases held by 1 to 2 of the 3 workers "
        "with no hours for casework)"  # 1 worker: a count under 5, in words
    ) in text


def test_the_load_table_names_them():
    notes = weighted_load(_guide(), CASELOAD, WORKERS).notes
    assert (
        "4 cases held by 1 worker with no hours for casework (an FTE of 0 or a role "
        "holding no caseload: M): no load or status, and not in the cases held per "
        "FTE; their cases count in the hours and staff needed."
    ) in notes


def test_the_reports_loads_give_cases_per_case_holding_fte_as_the_headline():
    t = capacity_tables(_guide(), CASELOAD, WORKERS, min_workers=1)["loads"]
    got = dict(zip(t["n_cases"], t["cases_per_fte"], strict=True))
    assert got[15] == pytest.approx(15.0) and got[6] == pytest.approx(12.0)
    assert np.isnan(got[4])  # was 4.0: M's cases over M's FTE, with no hours for casework
    h = headline(_guide(), CASELOAD, WORKERS)
    rated = t.dropna(subset=["cases_per_fte"])  # the pooled figure from the table's rows
    pooled = rated["n_cases"].sum() / (rated["n_cases"] / rated["cases_per_fte"]).sum()
    assert pooled == pytest.approx(h["held_cases_per_fte"], abs=1e-4)
