"""The audit28 study (``/tmp/audit28/make_study.py``), remade for the tests of its findings.

10 workers, 15 weekdays (W10 Mon-Wed only, W03 misses 12 November), every day the same:
emails 09:00-09:30, travel 09:30-10:00, a statutory visit 10:00-11:00, travel back 11:00-11:30,
case notes 11:30-12:00 on one of the worker's three cases (CIN, CP, CLA in turn), lunch, a team
meeting 12:30-13:30, admin to 16:30. W01 alone writes up an assessment on his CIN case, 2 h on
2 November and 1.5 h on 3 November. W02 makes one visit at night on his CP case. (The
audit's W04 row with a start of 25:30, rejected by the reader, is left out.)
"""

from __future__ import annotations

import datetime as dt
import warnings
from functools import cache

import pandas as pd

WORKERS = [f"W{i:02d}" for i in range(1, 11)]
TYPES = ["CIN", "CP", "CLA"]


def audit_study() -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """The audit's diary, cases and workers (a few hundred rows: built by loops once)."""
    days = [dt.date(2026, 11, 2) + dt.timedelta(d) for d in range(19)]
    days = [d for d in days if d.weekday() < 5]
    cases = pd.DataFrame([
        {"case_id": f"C{i * 3 + j + 1:03d}", "case_type": t, "worker_id": w,
         "opened": "2026-01-01"} for i, w in enumerate(WORKERS) for j, t in enumerate(TYPES)])
    case_of = {(r.worker_id, r.case_type): r.case_id for r in cases.itertuples()}
    rows = []

    def add(w, start, minutes, code, case=""):
        end = start + dt.timedelta(minutes=minutes)
        rows.append({"worker_id": w, "start": start.isoformat(timespec="minutes"),
                     "end": end.isoformat(timespec="minutes"), "activity": code,
                     "activity_code": code, "case_id": case})
        return end

    for w in WORKERS:
        k = 0  # the case of the day: CIN, CP, CLA in turn over the days worked
        for d in days:
            if w == "W10" and d.weekday() > 2:
                continue
            k += 1
            if w == "W03" and d.day == 12:
                continue  # a day missing: the turn goes on
            c = case_of[(w, TYPES[(k - 1) % 3])]
            t = add(w, dt.datetime(d.year, d.month, d.day, 9), 30, "ADM")
            for minutes, code in ((30, "TRV"), (60, "SV"), (30, "TRV"), (30, "REC")):
                t = add(w, t, minutes, code, c)
            t = add(w, add(w, t, 30, "BRK"), 60, "TM")
            if w == "W01" and d.day in (2, 3):
                t = add(w, t, 120 if d.day == 2 else 90, "ASW", case_of[(w, "CIN")])
            add(w, t, int((dt.datetime(d.year, d.month, d.day, 16, 30) - t).seconds / 60),
                "ADM")
            if w == "W02" and d.day == 4:
                cp = case_of[(w, "CP")]
                t = add(w, dt.datetime(2026, 11, 4, 23), 30, "TRV", cp)
                t = add(w, add(w, t, 60, "SV", cp), 30, "TRV", cp)
                add(w, t, 30, "REC", cp)
    workers = pd.DataFrame({"worker_id": WORKERS, "fte": [1.0] * 9 + [0.6],
                            "contracted_hours": [37.0] * 9 + [22.2],
                            "role": "social_worker",
                            "workdays": [""] * 9 + ["Mon Tue Wed"]})
    return pd.DataFrame(rows), cases, workers


@cache
def audit_guide():
    """The guide of :func:`audit_study` (n_boot 19), built once a test process: the three
    modules of audit28's findings run in one (conftest ``guide-audit28``) and share it.
    Read it, never change it."""
    from timestudy import run_study

    diary, cases, workers = audit_study()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return run_study(diary, cases, workers, n_boot=19).guide
