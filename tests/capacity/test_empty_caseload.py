"""A listed worker with hours for casework and no case: load 0, blue, everywhere.

Hand-worked on a guide of 100 hours for casework per FTE-month, "should" hours CP 12 a
case-month. A (1.0 FTE) holds 10 CP: 120 hours, load 1.2, red. E (1.0 FTE) holds no
case: 0 hours needed of 100, load 0, blue. M (1.0 FTE, a manager: role allowance 0)
holds no case and has no hours for casework: no row, as before.

Before, E was in no table: no load-table row and no statement, while the headline's
FTE in post (2.0) counted E: "1 of 1 workers over capacity" and 10 cases held per FTE
(10 over A's 1.0 FTE) beside 2.0 FTE in post. Now E is blue in the load table, the
report's table of loads and E's statement, and the headline counts E as it counts E's
FTE: 1 of 2 over capacity, 10 / 2.0 = 5.0 cases held per FTE.
"""

from __future__ import annotations

from dataclasses import replace

import pandas as pd
import pytest
from _guides import hand_guide

from timestudy import workload_statements
from timestudy.capacity import headline, weighted_load
from timestudy.errors import ConfigError
from timestudy.report.tables import capacity_tables

CASELOAD = pd.DataFrame(
    {"case_id": [f"c{i}" for i in range(10)], "worker_id": ["A"] * 10, "case_type": ["CP"] * 10}
)
WORKERS = pd.DataFrame(
    {
        "worker_id": ["A", "E", "M"],
        "fte": [1.0, 1.0, 1.0],
        "team": ["T"] * 3,
        "role": ["social worker", "social worker", "manager"],
    }
)


def _guide():
    g = hand_guide(min_workers=1)  # counts of 1 and 2 workers shown: not what is tested
    return replace(g, meta=g.meta | {"role_allowances": {"manager": 0.0}})


def test_the_load_table_and_the_statement_give_load_0_blue():
    t = weighted_load(_guide(), CASELOAD, WORKERS).table
    assert list(t.index) == ["A", "E"]  # M: no case and no hours, no row
    assert t.loc[
        "E", ["n_cases", "hours_needed_per_month", "hours_available_per_month"]
    ].tolist() == (pytest.approx([0, 0.0, 100.0]))
    assert (t.loc["E", "load"], t.loc["E", "status"]) == (0.0, "blue")
    st = {s.worker_id: s for s in workload_statements(_guide(), CASELOAD, WORKERS)}
    assert sorted(st) == ["A", "E"]
    assert (st["E"].load, st["E"].status, st["E"].hours_needed_per_month) == (0.0, "blue", 0.0)
    assert st["E"].cases.empty and st["A"].status == "red"


def test_the_headline_and_the_report_count_them_as_the_fte_in_post_does():
    g = _guide()
    h = headline(g, CASELOAD, WORKERS)
    assert h["fte_in_post"] == pytest.approx(2.0)
    assert (h["n_workers"], h["n_over_capacity"]) == (2, 1)  # was 1 of 1
    assert h["share_over_capacity"]["estimate"] == pytest.approx(0.5)
    assert h["held_cases_per_fte"] == pytest.approx(5.0)  # was 10.0
    t = capacity_tables(g, CASELOAD, WORKERS, min_workers=1)
    assert sorted(t["loads"]["status"]) == ["blue", "red"]
    assert t["status"].loc[["red", "blue"], "workers"].tolist() == [1, 1]


def test_the_statement_of_one_listed_worker_with_no_case_is_the_same():
    # before: workload_statements(worker="E") raised "holds no case", while the statements
    # of every worker carried E's (load 0, blue)
    g = _guide()
    every = {s.worker_id: s for s in workload_statements(g, CASELOAD, WORKERS, date="2026-04-01")}
    [e] = workload_statements(g, CASELOAD, WORKERS, worker="E", date="2026-04-01")
    assert e.to_markdown() == every["E"].to_markdown()
    assert (e.load, e.status, len(e.cases)) == (0.0, "blue", 0)
    with pytest.raises(ConfigError, match="'M' holds no case open .* no hours for casework"):
        workload_statements(g, CASELOAD, WORKERS, worker="M")  # listed, no hours
    with pytest.raises(ConfigError, match="'X' holds no case .* not in the workers table"):
        workload_statements(g, CASELOAD, WORKERS, worker="X")
    with pytest.raises(ConfigError, match="'E' holds no case .* not in the workers table"):
        workload_statements(g, CASELOAD, worker="E")  # no workers table: E is unknown
