"""A co-worked case: one case held by two workers (tables26, audit25j's left-over).

Children's services allocate some cases to two workers (a social worker and a co-worker, a
student and their practice educator). A case system exports it as one case id on two rows
with the same dates and two holders, or one row with ``W1; W2`` or ``W1 & W2`` in the holder
column. Before, the two rows were refused ("case 'K' is listed more than once"), and the
one cell was taken for a holder who kept no diary: the case's hours fell out of every
case-month (warned) and it sat on no worker's caseload.

Now each is a co-worked case: one row per period, the first-named holder in ``worker_id``
and the others in ``co_workers``; its case-months counted once (on the first-named holder's
diary days), every worker's time on it counted once; it sits on each co-worker's caseload
with an equal share of its hours (the case's hours per case-month already hold both
workers' time: given whole to each it would count twice in the staff needed); a warning
says how many cases are co-worked and the rule.

By hand: W1 and W2 keep a diary on Monday 2 March 2026 (one working day: 1/21.0744 of a
case-month a case). K (CP) is co-worked by W1 and W2, L (CP) is W1's, M (CIN) is W2's.
W1 writes 1 h on K and 1 h on L; W2 2 h on K and 1 h on M.

* CP: K's 3 h (both workers') and L's 1 h over 2 case-days: 4 / 2 x 21.0744 = 42.1488 h per
  case-month (K's case-month twice would give 4 / 3 x 21.0744 = 28.0992; before, for the
  one cell, K in no case-month: L's 1 h alone, 21.0744). CIN: 21.0744.
* Loads: W1 holds L (42.1488) and half of K (21.0744): 63.2232 h a month, 2 cases; W2 holds
  M (21.0744) and half of K: 42.1488, 2 cases. Staff needed: 105.372 h a month in all (K
  once: 42.1488 + 42.1488 + 21.0744).
"""

from __future__ import annotations

import warnings

import pandas as pd
import pytest

from timestudy import run_study
from timestudy.capacity import staffing, weighted_load

DIARY = pd.DataFrame({
    "worker_id": ["W1", "W1", "W2", "W2"], "activity": "visit",
    "case_id": ["K", "L", "K", "M"],
    "start": pd.to_datetime(["2026-03-02 09:00", "2026-03-02 11:00", "2026-03-02 09:00",
                             "2026-03-02 13:00"]),
    "end": pd.to_datetime(["2026-03-02 10:00", "2026-03-02 12:00", "2026-03-02 11:00",
                           "2026-03-02 14:00"])})
WORKERS = pd.DataFrame({"worker_id": ["W1", "W2"], "fte": 1.0})
TWO_ROWS = pd.DataFrame({"case_id": ["K", "K", "L", "M"], "case_type": ["CP", "CP", "CP", "CIN"],
                         "worker_id": ["W1", "W2", "W1", "W2"]})


def _one_cell(cell: str) -> pd.DataFrame:
    return pd.DataFrame({"case_id": ["K", "L", "M"], "case_type": ["CP", "CP", "CIN"],
                         "worker_id": [cell, "W1", "W2"]})


@pytest.mark.parametrize("cases", [TWO_ROWS, _one_cell("W1; W2"), _one_cell("W1 & W2"),
                                   TWO_ROWS.assign(worker_id=["W1", "w2 ", "W1", "W2"]),
                                   _one_cell("W1 & w2")],
                         ids=["two rows", "semicolon", "ampersand", "two rows, w2",
                              "ampersand, w2"])
def test_a_co_worked_case_counts_once_and_sits_on_both_caseloads(cases):
    with warnings.catch_warnings(record=True) as said:
        warnings.simplefilter("always")
        run = run_study(DIARY, cases, WORKERS, sensitivity=False, n_boot=19, min_workers=1)
    assert run.guide.case_types["hours_per_case_month"].to_dict() == pytest.approx(
        {"CP": 42.1488, "CIN": 21.0744}, abs=1e-4)  # before: refused; or CP 21.0744
    assert any("1 case is co-worked" in str(w.message) or "1 case names several workers"
               in str(w.message) for w in said)
    held = run.cases.set_index("case_id")
    assert (held.loc["K", "worker_id"], held.loc["K", "co_workers"]) == ("W1", "W2")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        loads = weighted_load(run.guide, run.cases, WORKERS).table
        staff = staffing(run.guide, run.cases, WORKERS).table
    assert loads["n_cases"].to_dict() == {"W1": 2, "W2": 2}  # 'w2' spelt as the table
    assert loads["hours_needed_per_month"].to_dict() == pytest.approx(
        {"W1": 63.2232, "W2": 42.1488}, abs=1e-3)
    assert float(staff["hours_needed_per_month"].iloc[0]) == pytest.approx(105.372, abs=1e-3)


def test_two_rows_of_one_case_over_other_dates_are_still_periods_or_refused():
    """Two holders over overlapping but different dates are no co-working: refused as
    before (a transfer lists each period, one after the other)."""
    from timestudy.errors import SchemaError
    from timestudy.ingest import read_cases

    cases = TWO_ROWS.assign(opened=["2026-01-05", "2026-02-02", None, None])
    with pytest.raises(SchemaError, match="listed more than once"):
        read_cases(cases)
