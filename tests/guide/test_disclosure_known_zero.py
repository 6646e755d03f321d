"""A withheld cell whose value is known to be zero protects nothing (audit28, finding 1).

The audit's study (``/tmp/audit28/make_study.py``, remade here): 10 workers, 15 weekdays
(W10 Mon-Wed only, W03 misses 12 November), every day the same: emails 09:00-09:30, travel
09:30-10:00, a statutory visit 10:00-11:00, travel back 11:00-11:30, case notes 11:30-12:00 on
one of the worker's three cases (CIN, CP, CLA in turn), lunch, a team meeting 12:30-13:30,
admin to 16:30. W01 alone writes up an assessment on his CIN case, 2 h on 2 November and
1.5 h on 3 November: one worker, 3.5 h. W02 makes one visit at night on his CP case. (The
audit's W04 row with a start of 25:30 is rejected by the reader; it is left out here.)

Every note follows its visit, so the visits' pieces take the notes and the travel: case notes
have no piece of their own (``tasks.case_notes.n_pieces`` 0, published), and the full hours
matrix's case-notes column is 0 on every case type. On main the CIN row of
``task_case_hours`` withheld assessment write-up (1 worker) and case notes (0, as its task
is withheld), and published the visit, 16.972675, beside CIN's 17.467711 hours per
case-month: the reader, knowing the notes cell is 0, has the assessment cell
17.467711 - 16.972675 = 0.495036 h per case-month, times 7.070188 case-months = 3.50 h:
W01's 2 h + 1.5 h. A zero cell is now known to the audit, so the CIN row hides its visit
too; and the direct matrix's visits go, whose column total is published: the audit takes
a cell equal in the two matrices as one figure (writing has no travel or notes), so the
direct assessment cell on CLA is its full one, 0, and CLA's direct case notes would be
16.619078 - 2 x 6.647631 = 3.323816.
"""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from _audit28 import audit_guide
from scipy.optimize import linprog

from timestudy.guide.matrix_disclosure import publish_matrix


@pytest.fixture(scope="module")
def published() -> dict:
    """guide.json of the audit's study, as a reader has it."""
    guide = audit_guide()
    return json.loads(guide.to_json())


def _reader_bounds(g: dict) -> dict:
    """The least and the most each withheld matrix cell can be, from guide.json alone.

    Unknowns: the null cells of both matrices (a row null whole is left out). Knowns: the
    published cells; each published row of either matrix adds up to the case type's hours
    per case-month; a task with ``n_pieces`` 0 has 0 full hours on every case type; hours
    are never negative; the direct matrix's column of a task whose ``hours_per_fte_week``
    and ``non_case_hours_per_fte_week`` are published, times the case-months, is its case
    hours per FTE-week times the FTE-weeks (the case hours of every type over
    ``available_hours.measures.case_hours_per_fte_week``). Bounds by linear programming.
    """
    types = {c["case_type"]: c for c in g["case_types"]}
    tasks = {t["task_type"]: t for t in g["tasks"]}
    cells = [(m, k, t) for m in ("task_case_hours", "task_case_direct_hours")
             for k, row in g[m].items() if row for t, v in row.items() if v is None]
    at = {c: i for i, c in enumerate(cells)}
    A, b = [], []

    def equation(coef: dict, rhs: float):
        e = np.zeros(len(cells))
        for c, x in coef.items():
            e[at[c]] = x
        A.append(e)
        b.append(rhs)

    for m in ("task_case_hours", "task_case_direct_hours"):
        for k, row in g[m].items():
            total = (types[k]["hours_per_case_month"] or {}).get("estimate")
            if row and total is not None:
                equation({(m, k, t): 1.0 for t, v in row.items() if v is None},
                         total - sum(v for v in row.values() if v is not None))
    for (m, k, t) in cells:
        if m == "task_case_hours" and tasks.get(t, {}).get("n_pieces") == 0:
            equation({(m, k, t): 1.0}, 0.0)
    months = {k: c["case_months"] for k, c in types.items()}
    case_hours = sum(types[k]["hours_per_case_month"]["estimate"] * months[k] for k in types)
    fte_weeks = case_hours / g["available_hours"]["measures"]["case_hours_per_fte_week"][
        "estimate"]
    direct = g["task_case_direct_hours"]
    for t, row in tasks.items():
        if row["hours_per_fte_week"] is None or row["non_case_hours_per_fte_week"] is None:
            continue
        coef = {("task_case_direct_hours", k, t): months[k] for k in direct
                if direct[k] and direct[k].get(t, 0) is None}
        known = sum((direct[k] or {}).get(t, 0) * months[k] for k in direct
                    if direct[k] and direct[k].get(t, 0) is not None)
        if coef:
            equation(coef, (row["hours_per_fte_week"] - row["non_case_hours_per_fte_week"])
                     * fte_weeks - known)
    out = {}
    for c, i in at.items():
        e = np.zeros(len(cells))
        e[i] = 1.0
        lo = linprog(e, A_eq=np.array(A), b_eq=b, bounds=(0, None), method="highs")
        hi = linprog(-e, A_eq=np.array(A), b_eq=b, bounds=(0, None), method="highs")
        out[c] = (lo.fun, -hi.fun)
    return out


def test_the_audit_study_is_the_audits(published):
    """The figures the audit read: CIN 17.467711 h per case-month over 7.070188
    case-months, case notes with no piece (0, published), assessment write-up withheld
    (fewer than 5 workers)."""
    cin = next(c for c in published["case_types"] if c["case_type"] == "CIN")
    assert cin["hours_per_case_month"]["estimate"] == pytest.approx(17.467711, abs=1e-6)
    assert cin["case_months"] == pytest.approx(7.070188, abs=1e-6)
    tasks = {t["task_type"]: t for t in published["tasks"]}
    assert tasks["case_notes"]["n_pieces"] == 0
    assert tasks["assessment_writeup"]["suppressed"] == "fewer than 5 workers"
    assert published["task_case_hours"]["CIN"]["assessment_writeup"] is None


def test_one_workers_assessment_is_not_given_back(published):
    """On main the reader's bounds of CIN's assessment write-up were one point: 17.467711 -
    16.972675 = 0.495036 h per case-month, x 7.070188 = 3.50 h, W01's 2 h + 1.5 h. Now the
    visit is withheld beside it and the cell lies anywhere from 0 to 0.495036 or more."""
    lo, hi = _reader_bounds(published)[("task_case_hours", "CIN", "assessment_writeup")]
    assert hi - lo > 0.4, (lo, hi, lo * 7.070188)
    assert published["task_case_hours"]["CIN"]["statutory_visit"] is None


def test_no_withheld_matrix_cell_is_given_back(published):
    """No withheld cell that is not zero has one value only in the reader's bounds (on main:
    CIN's assessment write-up, 0.495036, alone)."""
    bounds = _reader_bounds(published)
    points = {c: lo for c, (lo, hi) in bounds.items() if hi - lo < 1e-6 and hi > 1e-9}
    assert not points


def test_a_zero_cell_is_no_complement():
    """Hand-made: CIN = 0.5 (1 worker) + 0 (notes, withheld whole: its task is out) + 17.0
    (visit, 10 workers) = 17.5 published; CLA = 0 + 0 + 16.0. The notes cell is 0 and known
    to be: hidden, it protected nothing (17.5 - 17.0 = 0.5, the one worker's cell). The
    visit on CIN goes with it; CLA has no hidden cell that is not zero and keeps its
    16.0."""
    m = pd.DataFrame({"writeup": [0.5, 0.0], "notes": [0.0, 0.0], "visit": [17.0, 16.0]},
                     index=["CIN", "CLA"])
    w = pd.DataFrame({"writeup": [1, 0], "notes": [0, 0], "visit": [10, 10]}, index=m.index)
    out, notes = publish_matrix(m, w, 5, "task_case_hours", set(), {"notes"},
                                row_totals=True)
    assert out.isna().to_numpy().tolist() == [[True, True, True], [False, True, False]]
    assert [(s.key, s.reason.split(":")[0]) for s in notes] == [
        ("CIN/writeup", "fewer than 5 workers"), ("CIN/visit", "secondary suppression")]
