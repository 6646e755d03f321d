"""A TOIL day is a day used, not a day worked, and part-day TOIL does not cover a day unwritten
(review14).

1. W1 (37 h, Mon-Fri, 2-20 March 2026): travel on C1 10:00-10:30 and a statutory visit
   10:30-12:00 on Wednesday 11; a whole day of TOIL (or annual leave) on Thursday 12, Friday 13
   and Monday 16; case notes on C1 10:00-11:00 on Tuesday 17. Days off never split a piece
   of work: the notes are one working day after the visit, within its three, so the visit
   is 90 + 30 travel + 60 notes = 180 minutes whichever the days off were. (Counted as days
   worked, the TOIL days put the notes four working days after it: a visit of 120 minutes
   and the notes a piece of their own.)
2. W1 works 09:00-16:30 (7.5 h) on 9 weekdays of 9-20 March; Wednesday 11 holds only "TOIL
   2 hrs" 15:00-17:00. The morning's work was not written: with the TOIL's 2 hours the day
   is still under half a 7.4-hour contracted day, so it is written in part and not used
   (hours per used day 67.5 / 9 = 7.5, not 67.5 / 10 = 6.75).
"""

from __future__ import annotations

import warnings

import pandas as pd
import pytest

from timestudy import categorise, run_study
from timestudy.panels import diary_completeness


def _visit_with_days_off(tmp_path, off: str) -> float:
    rows = []
    for day in pd.bdate_range("2026-03-02", "2026-03-20"):
        d = f"{day:%Y-%m-%d}"
        if day.day in (12, 13, 16):
            rows.append(("W1", f"{d}T09:00", f"{d}T17:00", off, ""))
            continue
        rows.append(("W1", f"{d}T09:00", f"{d}T10:00", "emails", ""))
        if day.day == 11:
            rows += [("W1", f"{d}T10:00", f"{d}T10:30", "travel to visit", "C1"),
                     ("W1", f"{d}T10:30", f"{d}T12:00", "statutory visit", "C1"),
                     ("W1", f"{d}T12:00", f"{d}T17:00", "case recording", "C2")]
        elif day.day == 17:
            rows += [("W1", f"{d}T10:00", f"{d}T11:00", "case notes", "C1"),
                     ("W1", f"{d}T11:00", f"{d}T17:00", "case recording", "C2")]
        else:
            rows.append(("W1", f"{d}T10:00", f"{d}T17:00", "case recording", "C2"))
    rows += [("W2", f"{d:%Y-%m-%d}T09:00", f"{d:%Y-%m-%d}T17:00", "case recording", "C3")
             for d in pd.bdate_range("2026-03-02", "2026-03-20")]
    pd.DataFrame(rows, columns=["worker_id", "start", "end", "activity", "case_id"]).to_csv(
        tmp_path / "diary.csv", index=False)
    pd.DataFrame({"case_id": ["C1", "C2", "C3"], "case_type": "CIN",
                  "worker_id": ["W1", "W1", "W2"]}).to_csv(tmp_path / "cases.csv", index=False)
    pd.DataFrame({"worker_id": ["W1", "W2"], "fte": 1.0, "contracted_hours": 37,
                  "role": "social_worker", "team": "T", "workdays": "Mon-Fri"}).to_csv(
        tmp_path / "workers.csv", index=False)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        # the pieces sensitivity is not read here (the pieces): not run
        run = run_study(tmp_path / "diary.csv", tmp_path / "cases.csv",
                        tmp_path / "workers.csv", min_workers=1, n_boot=19, seed=0,
                        sensitivity=False)
    p = run.models.pieces
    visit = p.loc[p["case_id"].astype(str).eq("C1") & p["task_type"].eq("statutory_visit")]
    return float(visit["full_min"].sum())


@pytest.mark.parametrize("off", ["TOIL", "Annual leave"])
def test_days_of_toil_do_not_split_a_piece_of_work(tmp_path, off):
    assert _visit_with_days_off(tmp_path, off) == pytest.approx(180.0)


def test_part_day_toil_does_not_cover_a_day_left_unwritten():
    rows = []
    for day in pd.bdate_range("2026-03-09", "2026-03-20"):
        d = f"{day:%Y-%m-%d}"
        if day.day == 11:
            rows.append(("W1", pd.Timestamp(f"{d} 15:00"), pd.Timestamp(f"{d} 17:00"),
                         "TOIL 2 hrs", None))
            continue
        rows.append(("W1", pd.Timestamp(f"{d} 09:00"), pd.Timestamp(f"{d} 16:30"),
                     "case recording", "C1"))
    e = pd.DataFrame(rows, columns=["worker_id", "start", "end", "activity", "case_id"])
    e["duration_min"] = (e["end"] - e["start"]).dt.total_seconds() / 60
    w = pd.DataFrame({"worker_id": ["W1"], "fte": 1.0, "contracted_hours": 37.0,
                      "workdays": "Mon-Fri"})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        c = categorise(e)
        d = diary_completeness(c, w)
    assert c["task_type"].iloc[2] == "toil"
    wed = d.loc[d["diary_date"].eq("2026-03-11")].iloc[0]
    assert (wed["status"], bool(wed["used"])) == ("partial", False)
    assert d.loc[d["used"], "hours_worked"].sum() / d["used"].sum() == pytest.approx(7.5)
