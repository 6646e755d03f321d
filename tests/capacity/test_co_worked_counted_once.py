"""A co-worked case counts once everywhere a count or hours go over holders (cowork26,
review26's findings F1-F4, F6).

tables26 made a co-worked case (one case id on two rows alike but for the holder, or
``W1; W2`` in one holder cell) one case, on each co-worker's caseload with an equal share of
its hours. The load table shared it; the rest did not:

* F1: the headline's cases held per FTE summed each holder's ``n_cases``, so K counted once
  per holder (``held_cases`` 4 for 3 cases, 2.0 per FTE) while ``held_costed_cases`` said 3.
* F2: the staff needed by team put the whole case on its first-named holder's team.
* F3: a statement listed a co-worked case on its first-named holder's list only, at its
  whole hours, while the total held its share (W2: M 21.1 listed, 42.1 said).
* F4: a co-worker missing from the workers table went unnoticed (no note, counted as a
  listed worker with no hours); the cell ``W1; W9`` was not split at all.
* F6: a co-worker's row reading ``W2 & W3`` became a made-up worker ``'W2 & W3'``;
  ``W1; w1`` put K twice on W1's caseload.

By hand (as in tests/ingest/test_co_worked_cases.py): one diary day, Monday 2 March 2026
(a case open that day is 1/21.0744 of a case-month). W1 writes 1 h on K and 1 h on L; W2
2 h on K and 1 h on M. K (CP) is W1's and W2's, L (CP) W1's, M (CIN) W2's. CP: (3 + 1) h
over 2 case-days = 42.1488 h a case-month; CIN 21.0744.

* Cases held: K half W1's, half W2's, L and M: 3 cases over 2 FTE = 1.5 per FTE (before
  4, 2.0).
* Teams (W1 team A, W2 team B): A holds L (42.1488) and half of K (21.0744) = 63.2232 h and
  1.5 cases; B M and half of K = 42.1488 h and 1.5 cases; 105.372 h and 3 cases in all
  (before A 84.2976 h, 2 cases; B 21.0744 h, 1 case).
* Statements: W1 lists L 42.1488 and K 21.0744 (co-worked by 2): 63.2232, the total; W2
  lists M 21.0744 and K 21.0744: 42.1488.
"""

from __future__ import annotations

import functools
import warnings

import pandas as pd
import pytest

from timestudy import run_study
from timestudy.capacity import staffing, weighted_load
from timestudy.capacity.headlines import headline
from timestudy.report.statement import workload_statements

T = pd.to_datetime
WORKERS = pd.DataFrame({"worker_id": ["W1", "W2"], "fte": 1.0, "team": ["A", "B"]})
W3 = pd.DataFrame({"worker_id": ["W1", "W2", "W3"], "fte": 1.0, "team": ["A", "B", "B"]})


def _diary(rows) -> pd.DataFrame:
    return pd.DataFrame([{"worker_id": w, "case_id": c, "activity": "visit",
                          "start": T(f"2026-03-02 {s}:00"), "end": T(f"2026-03-02 {e}:00")}
                         for w, c, s, e in rows])


DIARY = _diary([("W1", "K", "09", "10"), ("W1", "L", "11", "12"), ("W2", "K", "09", "11"),
                ("W2", "M", "13", "14")])
DIARY3 = _diary([("W1", "K", "09", "10"), ("W1", "L", "11", "12"), ("W2", "K", "09", "11"),
                 ("W2", "M", "13", "14"), ("W3", "K", "09", "12")])


def _cases(*holders: str) -> pd.DataFrame:
    """K on a row per holder given, then L (W1's) and M (W2's)."""
    return pd.DataFrame({"case_id": ["K"] * len(holders) + ["L", "M"],
                         "case_type": ["CP"] * len(holders) + ["CP", "CIN"],
                         "worker_id": [*holders, "W1", "W2"]})


def _run(diary, cases, workers):
    with warnings.catch_warnings(record=True) as said:
        warnings.simplefilter("always")
        run = run_study(diary, cases, workers, sensitivity=False, n_boot=19, min_workers=1)
    return run, [str(m.message) for m in said]


@functools.cache
def _co_worked(*holders: str):
    """``_run`` of DIARY with K held by ``holders`` (and WORKERS), once per process: the run
    of K on W1's row and W2's is read by three tests (1.0 s of processor time a run); the
    run is deterministic and no test changes what it reads."""
    return _run(DIARY, _cases(*holders), WORKERS)


@pytest.mark.parametrize("holders", [("W1", "W2"), ("W1; W2",)], ids=["two rows", "one cell"])
def test_cases_held_per_fte_count_a_co_worked_case_once(holders):
    """F1: 3 cases held over 2 FTE: 1.5 per FTE, every case costed (before 4 and 2.0)."""
    run, _ = _co_worked(*holders)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        h = headline(run.guide, run.cases, WORKERS)
    assert (h["held_cases"], h["held_cases_per_fte"]) == (3, 1.5)
    assert (h["held_costed_cases"], h["held_costed_cases_per_fte"]) == (3, 1.5)


def test_staff_needed_by_team_share_a_co_worked_case():
    """F2: team A 63.2232 h and 1.5 cases, B 42.1488 h and 1.5 (before A 84.2976, B 21.0744)."""
    run, _ = _co_worked("W1", "W2")
    r = staffing(run.guide, run.cases, WORKERS)
    t = r.table
    assert t.loc[["A", "B", "total"], "hours_needed_per_month"].round(4).tolist() == [
        63.2232, 42.1488, 105.372]
    assert any("share of a co-worked case" in n for n in r.notes)
    assert t.loc[["A", "B", "total"], "n_cases"].tolist() == [1.5, 1.5, 3.0]


def test_three_co_workers_by_team():
    """F2, three holders: CP (1 + 2 + 3 h on K, 1 h on L) = 7 / 2 x 21.0744 = 73.7604; K's
    third 24.5868 each. A: L + a third of K = 98.3472 h, 4/3 cases; B: M 21.0744 + two thirds
    of K 49.1736 = 70.248 h, 5/3 cases (before A 147.5208, B 21.0744)."""
    run, _ = _run(DIARY3, _cases("W1; W2; W3"), W3)
    t = staffing(run.guide, run.cases, W3).table
    assert t.loc[["A", "B"], "hours_needed_per_month"].round(4).tolist() == [98.3472, 70.248]
    assert t.loc[["A", "B", "total"], "n_cases"].tolist() == [1.33, 1.67, 3.0]


def test_each_statement_lists_its_share_of_a_co_worked_case():
    """F3: W1 lists L 42.1488 and K 21.0744 (63.2232, its total); W2 lists M and K at
    21.0744 each (42.1488; before M alone at 21.0744 under a total of 42.1488)."""
    run, _ = _co_worked("W1", "W2")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        st = {s.worker_id: s for s in workload_statements(run.guide, run.cases, WORKERS)}
    for wid, listed, total in [("W1", {"L": 42.1488, "K": 21.0744}, 63.2232),
                               ("W2", {"M": 21.0744, "K": 21.0744}, 42.1488)]:
        c = st[wid].cases.set_index("case_id")
        assert c["hours_per_month"].round(4).to_dict() == listed
        assert round(c["hours_per_month"].sum(), 4) == round(st[wid].hours_needed_per_month,
                                                             4) == total
        assert int(c.loc["K", "shared_by"]) == 2
        assert "K (co-worked: 1/2 of its hours)" in st[wid].to_markdown()
    one = workload_statements(run.guide, run.cases, WORKERS, worker="W2")[0]
    assert sorted(one.cases["case_id"]) == ["K", "M"]


@pytest.mark.parametrize("cases", [_cases("W1", "W9"), _cases("W1; W9")],
                         ids=["two rows", "one cell"])
def test_a_co_worker_not_in_the_workers_table_is_named(cases):
    """F4: W9, not listed, co-works K. Both forms: CP 42.1488 (the cell was not split before:
    K's 3 h in no case-month, CP 21.0744); the usual note names W9; the headline counts W9
    as not listed (before: 0 not listed, 1 with no hours), and its half of K (0.5 case)."""
    run, said = _run(DIARY, cases, WORKERS)
    assert round(float(run.guide.case_types.loc["CP", "hours_per_case_month"]), 4) == 42.1488
    assert run.cases.set_index("case_id").loc["K", "co_workers"] == "W9"
    with warnings.catch_warnings(record=True) as more:
        warnings.simplefilter("always")
        h = headline(run.guide, run.cases, WORKERS)
        weighted_load(run.guide, run.cases, WORKERS)
    notes = said + [str(m.message) for m in more]
    assert any("not in the workers table (W9)" in s for s in notes)
    assert (h["unlisted_workers"], h["no_hours_workers"], h["unlisted_cases"]) == (1, 0, 0.5)
    assert (h["n_workers"], h["held_cases"]) == (2, 2.5)


def test_a_co_workers_row_naming_two_workers_is_split():
    """F6: K on W1's row and a row 'W2 & W3' is the three co-workers' case, as 'W1; W2; W3':
    W1 holds L and a third of K, 98.3472 h (before: a worker 'W2 & W3' got half of K)."""
    run, _ = _run(DIARY3, _cases("W1", "W2 & W3"), W3)
    assert run.cases.set_index("case_id").loc["K", "co_workers"] == "W2; W3"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        t = weighted_load(run.guide, run.cases, W3).table
    assert sorted(t.index) == ["W1", "W2", "W3"]
    assert round(float(t.loc["W1", "hours_needed_per_month"]), 4) == 98.3472


def test_one_worker_named_twice_in_a_cell_holds_the_case_once():
    """F6: 'W1; w1' is W1's case: W1 holds K and L, 2 cases, 84.2976 h (before 3 cases)."""
    run, said = _run(DIARY, _cases("W1; w1"), WORKERS)
    assert pd.isna(run.cases.set_index("case_id").loc["K", "co_workers"])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        t = weighted_load(run.guide, run.cases, WORKERS).table
    assert int(t.loc["W1", "n_cases"]) == 2
    assert round(float(t.loc["W1", "hours_needed_per_month"]), 4) == 84.2976
    assert any("'W1; w1' names one worker more than once" in s for s in said)
