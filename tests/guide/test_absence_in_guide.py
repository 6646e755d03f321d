"""The guide's hours on audit 7's diaries, worked by hand (A2: a sick child's visit read
as the worker's sickness; A4: absences the taxonomy did not know counted as work).

Five full-time CP workers (37 h, Monday to Friday), one case each. A usual day: home
visit 09:00-12:00 and case notes 12:30-16:30 on the worker's case (7 h of work) with
lunch 12:00-12:30.
"""

from __future__ import annotations

import warnings
from datetime import date, timedelta

import pandas as pd
import pytest

from timestudy import run_study
from timestudy.schema.standards import WORKING_DAYS_PER_MONTH

USUAL = [("09:00", "12:00", "Home visit", True), ("12:00", "12:30", "Lunch", False),
         ("12:30", "16:30", "Case notes", True)]


def _study(tmp_path, monday: date, fridays: dict[str, list[tuple]]):
    """Diary, cases and workers files; ``fridays`` replaces a worker's Friday."""
    rows = []
    for w in range(1, 6):
        worker, case = f"W{w}", f"C{w}"
        for k in range(5):
            day = monday + timedelta(days=k)
            entries = fridays.get(worker, USUAL) if k == 4 else USUAL
            rows += [(worker, f"{day:%d/%m/%Y}", s, e, text, case if on_case else "")
                     for s, e, text, on_case in entries]
    pd.DataFrame(rows, columns=["worker_id", "date", "start_time", "end_time", "activity",
                                "case_id"]).to_csv(tmp_path / "diary.csv", index=False)
    pd.DataFrame({"case_id": [f"C{w}" for w in range(1, 6)], "case_type": "CP",
                  "worker_id": [f"W{w}" for w in range(1, 6)]}).to_csv(
        tmp_path / "cases.csv", index=False)
    pd.DataFrame({"worker_id": [f"W{w}" for w in range(1, 6)], "fte": 1,
                  "contracted_hours": 37, "role": "social_worker", "team": "A",
                  "workdays": "Mon-Fri"}).to_csv(tmp_path / "workers.csv", index=False)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        run = run_study(tmp_path / "diary.csv", tmp_path / "cases.csv",
                        tmp_path / "workers.csv", min_workers=1, n_boot=19, seed=0)
    worked = run.guide.available.loc["hours_worked_per_fte_week", "estimate"]
    return run, worked, run.guide.case_types.loc["CP", "hours_per_case_month"]


def test_visit_to_a_sick_child_is_case_work(tmp_path):
    """s2_sickchild: W1's Friday is "Visit to sick child in hospital" 09:00-12:00 on C1,
    lunch, and case notes 12:30-13:15 on C1 (3.75 h of work on C1).

    By hand: W1 works 4 x 7 + 3.75 = 31.75 h, the others 35 h each: 171.75 h over 5
    FTE-weeks = 34.35 h per FTE-week (was 35.16: the Friday read as sickness, an absent
    day). CP: every case is open 5 working days (no bank holiday, no absence) = 5 /
    21.0744 case-months (a month of working days), so 171.75 h / (5 x 5 / 21.0744) =
    144.78 h per case-month (149.36 while a case-month was 365.25 / 12 calendar days of
    weekdays x 7/5: 171.75 / (5 x 7 / 30.4375); 146.75 with the Friday read as sickness).
    """
    friday = [("09:00", "12:00", "Visit to sick child in hospital", True),
              ("12:00", "12:30", "Lunch", False), ("12:30", "13:15", "Case notes", True)]
    run, worked, cp = _study(tmp_path, date(2026, 3, 9), {"W1": friday})
    assert worked == pytest.approx(34.35, abs=1e-9)
    assert cp == pytest.approx(171.75 / (5 * 5 / WORKING_DAYS_PER_MONTH), rel=1e-9)
    assert round(cp, 1) == 144.8
    e = run.episodes
    assert set(e.loc[e["activity"].str.startswith("Visit to sick"), "task_type"]) == {
        "statutory_visit"}


def test_absences_the_taxonomy_did_not_know_are_not_work(tmp_path):
    """s2_guide: Friday 13 March 2026 is "Annual leave" (W1), "Bank Hol" (W2), "Doctors"
    (W3) and "Strike" (W4), 09:00-16:30 each; W5 works it as usual.

    By hand: W1-W4 work 4 x 7 = 28 h over 4 of their 5 contracted days, an absent day
    out of both, so 28 / 4 x 5 = 35 h per FTE-week; W5 35 h: 35.0 (was 35.3: "Bank
    Hol", "Doctors" and "Strike" uncategorised, 7.5 h each counted as worked).
    """
    off = {w: [("09:00", "16:30", text, False)] for w, text in
           (("W1", "Annual leave"), ("W2", "Bank Hol"), ("W3", "Doctors"), ("W4", "Strike"))}
    run, worked, _cp = _study(tmp_path, date(2026, 3, 9), off)
    assert worked == pytest.approx(35.0, abs=1e-9)
    fridays = run.episodes[run.episodes["diary_date"] == pd.Timestamp("2026-03-13")]
    assert (fridays.loc[fridays["worker_id"] != "W5", "category"] == "non_work").all()


def test_a_bank_holiday_written_as_leave_is_no_day_worked(tmp_path):
    """s2_bankhol: Good Friday 3 April 2026 written "Bank holiday", "Bank Hol", "BH",
    left blank and "Good Friday" by W1-W5.

    By hand: each worker works Monday to Thursday, 4 x 7 = 28 h, and Good Friday is a
    holiday (out of the days): 28 / 4 x 5 = 35.0 h per FTE-week (was 35.2: "Bank Hol"
    and "Good Friday" counted as 7.5 h worked on a complete day).
    """
    off = {w: [("09:00", "16:30", text, False)] for w, text in
           (("W1", "Bank holiday"), ("W2", "Bank Hol"), ("W3", "BH"), ("W5", "Good Friday"))}
    off["W4"] = []
    run, worked, _cp = _study(tmp_path, date(2026, 3, 30), off)
    assert worked == pytest.approx(35.0, abs=1e-9)
    friday = run.episodes[run.episodes["diary_date"] == pd.Timestamp("2026-04-03")]
    assert friday["task_type"].eq("leave").all() and len(friday) == 4
