"""A published warning carries no figure resting on fewer than ``min_workers`` workers (audit23).

Run g1 copied into the report and guide.json ``meta.warnings``: "2.5 of 800.8 hours of work on
cases are in no case-month (2.5 h on 1 case open on no working day its holder wrote in the diary)":
152 minutes by one worker on one case. ``meta.case_time`` gave the same 2.5 h
(``hours_left_out_no_case_months``). Now both are withheld when the workers with time on the
cases left out are fewer than ``min_workers``; the console keeps the figures.
"""

from __future__ import annotations

import json
from dataclasses import replace

import pandas as pd

from timestudy.guide.diary import case_time
from timestudy.report.method import method_sections

DETAILED = ("2.5 of 800.8 hours of work on cases are in no case-month (2.5 h on 1 case open "
            "on no day its holder wrote in the diary); a case needs case-months in the diary "
            "period to be in the hours per case-month.")


def _case_month(hours_left: float) -> pd.DataFrame:
    cm = pd.DataFrame({"case_id": ["A", "B"], "case_type": "CP", "case_months": [1.0, 0.0],
                       "hours": [10.0, 0.0], "hours_by_others": 0.0, "hours_outside_open": 0.0,
                       "hours_outside_window": 0.0})
    cm.attrs["hours_left_out"] = {"no_case_months": {"n_cases": 1, "n_episodes": 3,
                                                     "hours": hours_left}}
    return cm


def _pieces(on_b: list[str]) -> pd.DataFrame:
    rows = [("A", f"W{i}") for i in range(1, 9)] + [("B", w) for w in on_b]
    return pd.DataFrame(rows, columns=["case_id", "worker_id"])


def test_hours_left_out_of_one_worker_are_withheld():
    """By hand: case B has no case-months, 152 minutes (2.533333 h) on it by W1 alone: 1
    worker, fewer than 5: hours_left_out and its reason null, withheld "fewer than 5
    workers". With B's time from W1-W5 (5 workers) the 2.533333 h stay."""
    one = case_time(_case_month(152 / 60), (), _pieces(["W1"]), 5)
    assert one["hours_left_out"] is None and one["hours_left_out_no_case_months"] is None
    assert one["hours_left_out_withheld"] == "fewer than 5 workers"
    assert one["hours"] == 10.0
    five = case_time(_case_month(152 / 60), (), _pieces([f"W{i}" for i in range(1, 6)]), 5)
    assert five["hours_left_out"] == round(152 / 60, 6) == 2.533333
    assert "hours_left_out_withheld" not in five


def test_published_warning_is_count_free_and_the_guide_keeps_the_figures(six_run):
    """guide.json and the report's method give the warning without its figures ("Some hours
    ... (of fewer than 5 workers: the figures are not shown)"); the TimeGuide's own meta,
    whose warnings the console prints, keeps "2.5 of 800.8"."""
    g = six_run[1].guide
    meta = g.meta | {"warnings": [{"kind": "DataQualityWarning", "message": DETAILED}],
                     "case_time": case_time(_case_month(152 / 60), (), _pieces(["W1"]), 5)}
    guide = replace(g, meta=meta)
    raw = json.loads(guide.to_json())
    text = raw["meta"]["warnings"][0]["message"]
    assert text.startswith("Some hours of work on cases are in no case-month (of fewer than 5 "
                           "workers: the figures are not shown); a case needs case-months")
    assert "2.5" not in text and "800.8" not in text and "1 case" not in text
    assert raw["meta"]["case_time"]["hours_left_out_no_case_months"] is None
    said = dict(method_sections(guide.meta))["Warnings of this run"]
    assert not any("2.5" in p for p in said)
    assert any("no case's hours per case-month" in p for p in said)  # still explained
    assert guide.meta["warnings"][0]["message"] == DETAILED
