"""Audit 7, A3: a visit written again at the same times as another task changes no figure.

``s6_resub.csv``: five workers, each with one CP case, a week of home visits 09:00-12:00,
lunch, and case notes 12:30-16:30; then the five Monday visits written again at the same
times as "Court hearing" (a Google Forms resubmission, a second team's export). Ingest counts
the copies 0 minutes (the visits cover them: flag ``overlap``). The guide must be the base
week's.
"""

from __future__ import annotations

import warnings

import pandas as pd
import pytest

from timestudy.pipeline import run_study
from timestudy.schema.standards import WORKING_DAYS_PER_MONTH

DAYS = ["09", "10", "11", "12", "13"]


def _diary(resubmitted: bool) -> str:
    lines = ["worker_id,date,start_time,end_time,activity,case_id"]
    for w in range(1, 6):
        for d in DAYS:
            lines += [f"W{w},{d}/03/2026,09:00,12:00,Home visit,C{w}",
                      f"W{w},{d}/03/2026,12:00,12:30,Lunch,",
                      f"W{w},{d}/03/2026,12:30,16:30,Case notes,C{w}"]
    if resubmitted:
        lines += [f"W{w},09/03/2026,09:00,12:00,Court hearing,C{w}" for w in range(1, 6)]
    return "\n".join(lines) + "\n"


def _guide(tmp_path, resubmitted: bool):
    diary = tmp_path / f"diary_{resubmitted}.csv"
    diary.write_text(_diary(resubmitted))
    cases = pd.DataFrame({"case_id": [f"C{w}" for w in range(1, 6)], "case_type": "CP",
                          "worker_id": [f"W{w}" for w in range(1, 6)]})
    workers = pd.DataFrame({"worker_id": [f"W{w}" for w in range(1, 6)], "fte": 1.0,
                            "contracted_hours": 37.0, "role": "social_worker", "team": "A",
                            "workdays": "Mon-Fri"})
    with warnings.catch_warnings():  # five identical workers: estimation warnings expected
        warnings.simplefilter("ignore")
        return run_study(str(diary), cases, workers, min_workers=1, n_boot=19).guide


def test_the_resubmitted_visits_change_no_figure(tmp_path):
    """By hand, per worker and week: 5 visits of 180 min, each followed by 240 min of notes
    on its case the same day: a visit is 180 + 240 = 420 min, 7.00 full hours; no court
    hearing was held. The case's hours are 5 x 7 = 35 h over 5 working days of exposure
    (21.0744 a case-month): 35 / (5 / 21.0744) = 147.52 h per case-month, and the
    event-based figure the same: 5 visits in 5 working days (21.07 a case-month) x 7.00 h
    = 147.5 (152.2 while a case-month was 365.25 / 12 calendar days, 7 days of exposure,
    35 / (7 / 30.4375)). Before: a court-hearing
    piece of 0 direct minutes took each Monday's notes (4.00 h, 5 pieces), the visits fell
    to (25 x 420 - 5 x 240) / 25 = 372 min (6.20 h) and the event-based CP figure to
    134.8."""
    g = _guide(tmp_path, resubmitted=True)
    assert "court_hearing" not in g.tasks.index
    visit = g.tasks.loc["statutory_visit"]
    assert visit["full_hours"] == pytest.approx(7.0)
    assert visit["n_pieces"] == 25
    cp = g.case_types.loc["CP"]
    assert cp["hours_per_case_month"] == pytest.approx(35 / (5 / WORKING_DAYS_PER_MONTH))
    assert cp["event_hours_per_case_month"] == pytest.approx(35 / (5 / WORKING_DAYS_PER_MONTH))
    assert round(cp["event_hours_per_case_month"], 1) == 147.5
    base = _guide(tmp_path, resubmitted=False)
    cols = ["full_hours", "direct_minutes", "n_pieces"]
    pd.testing.assert_frame_equal(g.tasks[cols], base.tasks[cols])
    cols = ["hours_per_case_month", "event_hours_per_case_month", "relative_weight"]
    pd.testing.assert_frame_equal(g.case_types[cols], base.case_types[cols])
