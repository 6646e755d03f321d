"""Audit 7, A3: a visit written again at the same times as another task changes no figure.

``s6_resub.csv``: five workers, each with one CP case, a week of home visits 09:00-12:00,
lunch, and case notes 12:30-16:30; then the five Monday visits written again at the same
times as "Court hearing" (a Google Forms resubmission, a second team's export). Entries of the
same start and end share their minutes, whatever the order of the rows: no minute is added (the
hours per case-month are the base week's) and the copies are named in a warning.
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


def _guide(tmp_path, resubmitted: bool, seen: list | None = None):
    """The guide of the five workers' week; the warnings given go to ``seen`` if given."""
    diary = tmp_path / f"diary_{resubmitted}.csv"
    diary.write_text(_diary(resubmitted))
    cases = pd.DataFrame({"case_id": [f"C{w}" for w in range(1, 6)], "case_type": "CP",
                          "worker_id": [f"W{w}" for w in range(1, 6)]})
    workers = pd.DataFrame({"worker_id": [f"W{w}" for w in range(1, 6)], "fte": 1.0,
                            "contracted_hours": 37.0, "role": "social_worker", "team": "A",
                            "workdays": "Mon-Fri"})
    with warnings.catch_warnings(record=True) as caught:  # estimation warnings expected
        warnings.simplefilter("always")
        guide = run_study(str(diary), cases, workers, min_workers=1, n_boot=19).guide
    if seen is not None:
        seen += [str(w.message) for w in caught]
    return guide


def test_the_resubmitted_visits_share_their_time_and_no_minute_is_added(tmp_path):
    """Entries of the same start and end share their minutes (data_schema/README.md, the
    ``overlap`` flag), so a visit written again as "Court hearing" at the same times is no
    longer dropped in favour of the row listed first: the order of rows never decides.

    By hand, per worker and week: 4 visits of 180 min, each followed by 240 min of notes
    on its case the same day (420 min); on Monday the visit and the hearing share
    09:00-12:00 (90 min each) and the notes after them are contested between the two (both
    end at 12:00) and split by the attribution's shares. Statutory visit: 25 pieces of
    (20 x 180 + 5 x 90) / 25 = 162 direct min; court hearing 5 pieces of 90; each worker's
    five visits and one hearing hold 5 x 420 min in all. No minute is added: the case's
    hours are 5 x 7 = 35 h over 5 working days of exposure (21.0744 a case-month):
    35 / (5 / 21.0744) = 147.52 h per case-month, as without the copies. The copies are
    named in a ``same_times_shared`` warning so that the diary can be corrected.
    (Before: the row listed first kept all the time, and the copy made no piece.)"""
    seen: list[str] = []
    g = _guide(tmp_path, resubmitted=True, seen=seen)
    assert any("same_times_shared: 10 entries share their minutes" in m for m in seen)
    visit, hearing = g.tasks.loc["statutory_visit"], g.tasks.loc["court_hearing"]
    assert visit["n_pieces"] == 25 and hearing["n_pieces"] == 5
    assert visit["direct_minutes"] == pytest.approx(162.0)  # (20 x 180 + 5 x 90) / 25
    assert hearing["direct_minutes"] == pytest.approx(90.0)
    # Monday's notes are contested between the two sittings ending at 12:00 and split by the
    # attribution's shares (visits are always written up, hearings here never): together the
    # visit and the hearing hold 90 + 90 + 240 = 420 min, as the visit alone did.
    mean_min = 60 * (visit["full_hours"] * 25 + hearing["full_hours"] * 5) / 25
    assert mean_min == pytest.approx(420.0)
    cp = g.case_types.loc["CP"]
    assert cp["hours_per_case_month"] == pytest.approx(35 / (5 / WORKING_DAYS_PER_MONTH))
    base = _guide(tmp_path, resubmitted=False)
    assert base.case_types.loc["CP", "hours_per_case_month"] == pytest.approx(
        cp["hours_per_case_month"])
    assert base.tasks.loc["statutory_visit", "full_hours"] == pytest.approx(7.0)
