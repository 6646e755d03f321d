"""A workload statement from the Python API reads a holder cell as the guide does (fix37t2).

``report.statement_cases.open_held`` read ``worker_id`` as written (``notna()``,
``astype(str)``) while ``capacity.holders.co_held`` and ``weighted_load`` trimmed it: a
case of W001's written ``' W001 '`` counted in W001's total but was listed under another
worker. Measured on ``simulate_study(8, 1, 2)`` (``n_boot=19``), two of W001's cases
written ``' W001 '``, ``workload_statements(..., worker="W001", date="2026-04-01")``:
144.17 h needed a month (load 1.65) with 13 cases listed summing to 125.83 h before;
15 cases, 144.17 h after (the holders read by ``co_worked.holders_read``).
"""

from __future__ import annotations

import warnings

import pandas as pd
import pytest

from timestudy import run_study, simulate_study
from timestudy.errors import TimestudyWarning
from timestudy.report.statement import workload_statements
from timestudy.report.statement_cases import open_held


@pytest.fixture(scope="module")
def study():
    s = simulate_study(8, 1, 2)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", TimestudyWarning)
        return s, run_study(s.diary, s.cases, s.workers, n_boot=19)


def test_a_statement_lists_the_cases_its_total_counts(study):
    s, run = study
    cases = s.cases.copy()
    two = cases.index[cases["worker_id"].eq("W001")][:2]
    cases.loc[two, "worker_id"] = " W001 "
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", TimestudyWarning)
        st = workload_statements(run.guide, cases, s.workers, worker="W001",
                                 date="2026-04-01")[0]
    assert round(st.hours_needed_per_month, 2) == 144.17
    assert len(st.cases) == 15  # before: 13
    assert st.cases["hours_per_month"].sum() == pytest.approx(st.hours_needed_per_month)


def test_open_held_reads_the_holder_trimmed():
    """Before: the open cases of W1 were ``['W1', ' W1 ']``, two workers to a statement."""
    c = pd.DataFrame({"case_id": ["A", "B"], "case_type": "CP", "worker_id": ["W1", " W1 "],
                      "opened": pd.NaT, "closed": pd.NaT})
    held, gone = open_held(c, pd.Timestamp("2026-03-13"), "W1")
    assert held["worker_id"].tolist() == ["W1", "W1"]
    assert gone.index.tolist() == ["W1"]
