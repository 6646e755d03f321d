"""Every should row of the time-available table says it is one (audit23s, finding 7).

The report's table mixed should and measured rows without labels: "hours of work not
linked to a case per FTE-week | 8.7" was the should figure (8.650 with the uplift on
non-case work, 8.471 measured), and so were the FTE-month and FTE-year rows.

Hand case (as tests/guide/test_non_case_uplift_applied.py): non-case work 8 h per FTE-week
(4 supervision, 4 emails), supervision uplifted 1.25: 4 x 1.25 + 4 = 9.0 h should, 8.0 h
measured; casework 37 - 9 = 28.0 h should, 29.0 measured; 28 x 43.578571 / 12 = 101.7 h
per FTE-month and 28 x 43.578571 = 1,220.2 h per FTE-year, both should.
"""

from __future__ import annotations

import warnings

import pandas as pd

from timestudy import run_study
from timestudy.guide.adjustments import Adjustments
from timestudy.report.rows import available_rows


def _diary() -> pd.DataFrame:
    """5 workers, one week (2-6 March 2026), each day 48 minutes of supervision, 48 of
    emails (no case) and 5.4 h of case notes on a CIN and a CP case."""
    rows = []
    for w in range(1, 6):
        for d in pd.date_range("2026-03-02", periods=5).strftime("%Y-%m-%d"):
            rows += [(f"W{w}", f"{d} 09:00", f"{d} 09:48", "supervision", None),
                     (f"W{w}", f"{d} 09:48", f"{d} 10:36", "emails", None),
                     (f"W{w}", f"{d} 10:36", f"{d} 13:00", "case notes", f"C{w}1"),
                     (f"W{w}", f"{d} 13:30", f"{d} 16:30", "case notes", f"C{w}2")]
    return pd.DataFrame(rows, columns=["worker_id", "start", "end", "activity", "case_id"])


WORKERS = pd.DataFrame({"worker_id": [f"W{w}" for w in range(1, 6)], "fte": 1.0,
                        "contracted_hours": 37.0, "role": "social_worker", "team": "A"})
CASES = pd.DataFrame({"case_id": [f"C{w}{k}" for w in range(1, 6) for k in (1, 2)],
                      "case_type": ["CIN", "CP"] * 5,
                      "worker_id": [f"W{w}" for w in range(1, 6) for _ in (1, 2)]})
PANEL = Adjustments("a Delphi panel", "expert_panel", task_types={"supervision": 1.25})

SAID = " (with the uplifts on non-case work)"


def test_each_should_row_is_labelled_and_the_measured_ones_say_measured():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        # no test reads the pieces sensitivity (the rows of hours available): not run
        g = run_study(_diary(), CASES, WORKERS, n_boot=19, adjustments=PANEL,
                      sensitivity=False).guide
    rows = {r["figure"]: r["estimate"] for r in available_rows(g)}
    assert rows["hours for casework per FTE-week" + SAID] == "28.0"
    assert rows["hours for casework per FTE-week (measured)"] == "29.0"
    assert rows["hours for casework per FTE-month" + SAID] == "101.7"  # was unlabelled
    assert rows["hours for casework per FTE-year" + SAID] == "1,220.2"  # was unlabelled
    assert rows["hours of work not linked to a case per FTE-week" + SAID] == "9.0"
    assert rows["hours of work not linked to a case per FTE-week (measured)"] == "8.0"


def test_without_uplifts_nothing_is_labelled_should():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        g = run_study(_diary(), CASES, WORKERS, n_boot=19, sensitivity=False).guide
    figures = [r["figure"] for r in available_rows(g)]
    assert not any(SAID in f for f in figures)
    assert "hours for casework per FTE-month" in figures
