"""The calculator's rows when the workers table gives no role (the column is optional).

Found by audit20b: a workers table without ``role`` (read with the column added, every
value missing, as ``string``) made ``timestudy guide`` stop with an internal error
("Could not convert '' ... to double") writing guide.xlsx: the roles were mapped to
their words through an empty table, which pandas typed as numbers.
"""

from __future__ import annotations

import pandas as pd

from timestudy.report.prefill import prefill


def test_no_role_given_is_a_blank_role_not_an_error(sim_run):
    """Each worker's row has role "" (no role given), as a blank role in a table with the
    column; published, the 30 workers pool into one row "No role given (30 workers)",
    every case held counted once."""
    s, run = sim_run
    workers = s.workers.drop(columns=["role"]).assign(role=pd.Series(pd.NA, dtype="string",
                                                                      index=s.workers.index))
    cases = s.cases
    rows = prefill(run.guide, cases, workers, {}, per_worker=True)
    assert rows and {r["role"] for r in rows if r["label"] != "Cases no listed worker holds"} == {""}
    published = prefill(run.guide, cases, workers, {})
    assert [r["label"] for r in published][0].startswith("No role given (")
    held = sum(sum(r["counts"].values()) for r in published)
    typed = cases["case_type"].astype(str).isin(run.guide.case_types.index.astype(str))
    assert held == typed.sum()
