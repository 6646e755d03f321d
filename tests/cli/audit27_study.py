"""The audit27 study, built by hand (no timestudy import): 8 workers, 2026-10-19 to
2026-11-06, declared workdays, one co-worked CLA case (C03, 'W1; W2').

Holders by case type (the guide counts the workers with case-months of a type, a co-worked
case's on its first-named holder): CIN W1 W2 W3 W4 W6 W8 (6), CP W1 W2 W4 W6 W7 W8 (6),
CLA W1 W3 W7 W8 (4: C03, C07, C14, C17). No core group, review conference or CLA review is
ever written: only visits, notes, chronologies, liaison, travel, duty and placement finding.
"""

from __future__ import annotations

import csv
import datetime as dt

D = dt.date
WORKERS = [("W1", 1.0, 37, "North", "Mon-Fri"), ("W2", 1.0, 37, "North", "Mon-Fri"),
           ("W3", 0.6, 22.2, "North", "Mon Tue Wed"), ("W4", 1.0, 37, "South", "Mon-Thu"),
           ("W5", 1.0, 37, "EDT", "Wed Thu Fri Sat"), ("W6", 1.0, 37, "South", "Mon-Fri"),
           ("W7", 1.0, 37, "South", "Mon-Fri"), ("W8", 1.0, 37, "South", "Mon-Fri")]
CASES = [("C01", "CP", "W1", ""), ("C02", "CIN", "W1", ""), ("C03", "CLA", "W1; W2", ""),
         ("C04", "CP", "W2", ""), ("C05", "CIN", "W2", "2026-10-28"), ("C06", "CIN", "W3", ""),
         ("C07", "CLA", "W3", ""), ("C08", "CP", "W4", ""), ("C09", "CIN", "W4", ""),
         ("C11", "CP", "W6", ""), ("C12", "CIN", "W6", ""), ("C13", "CP", "W7", ""),
         ("C14", "CLA", "W7", ""), ("C15", "CIN", "W8", ""), ("C16", "CP", "W8", ""),
         ("C17", "CLA", "W8", "")]
OWN = {"W1": ["C01", "C02", "C03"], "W2": ["C04", "C05", "C03"], "W3": ["C06", "C07"],
       "W4": ["C08", "C09"], "W6": ["C11", "C12"], "W7": ["C13", "C14"],
       "W8": ["C15", "C16", "C17"]}


def _diary() -> list[list[str]]:
    rows: list[list[str]] = []

    def add(w, d, s, e, act, code, case="", inst="", endday=None):
        sd = dt.datetime.combine(d, dt.time(*s))
        ed = dt.datetime.combine(endday or d, dt.time(*e))
        rows.append([w, f"{sd:%Y-%m-%dT%H:%M}", f"{ed:%Y-%m-%dT%H:%M}", act, code, case, inst])

    def dayjob(w, d, i, cs):
        v, y, z = cs[i % len(cs)], cs[(i + 1) % len(cs)], cs[(i + 2) % len(cs)]
        add(w, d, (9, 0), (9, 30), "Emails", "ADM")
        add(w, d, (9, 30), (10, 0), "Drive to visit", "TRV", v)
        add(w, d, (10, 0), (11, 0), "Home visit", "SV", v)
        add(w, d, (11, 0), (11, 30), "Drive back to office", "TRV")
        add(w, d, (11, 30), (12, 15), "Case notes after visit", "REC", v)
        add(w, d, (12, 15), (12, 45), "Lunch", "BRK")
        if w == "W1" and d in (D(2026, 10, 20), D(2026, 10, 22)):
            add(w, d, (12, 45), (14, 45), "C&F assessment write-up", "ASW", "C02", "ASW-001")
        else:
            add(w, d, (12, 45), (14, 45), "Chronology", "CHR", y)
        add(w, d, (14, 45), (15, 45), "Liaison with school", "LIA", z)
        add(w, d, (15, 45), (17, 0), ["Team meeting", "Supervision", "Emails and admin"][i % 3],
            ["TM", "SUP", "ADM"][i % 3])

    for w, *_ in WORKERS:
        i = 0
        for d in (D(2026, 10, 19) + dt.timedelta(k) for k in range(19)):
            x = d.weekday()
            if w in ("W1", "W2", "W6", "W7", "W8") and x < 5:
                if w == "W6" and d in (D(2026, 10, 27), D(2026, 10, 28)):
                    add(w, d, (9, 0), (17, 0), "Off sick - flu",
                        "SICK" if d.day == 27 else "")
                    continue
                if w == "W7" and d == D(2026, 10, 29):
                    continue
                cs = ["C04", "C03"] if w == "W2" and d >= D(2026, 10, 28) else OWN[w]
                dayjob(w, d, i, cs)
                i += 1
                if w == "W1" and d == D(2026, 10, 21):
                    add(w, d, (19, 0), (20, 30), "Case notes catch-up", "REC", "C01")
            elif w == "W3" and x < 3:
                dayjob(w, d, i, OWN[w])
                i += 1
            elif w == "W4" and x < 4:
                dayjob(w, d, i, OWN[w])
                i += 1
                add(w, d, (17, 0), (18, 45), "Case notes", "REC", OWN[w][i % 2])
            elif w == "W5" and x in (2, 3, 4, 5):
                n = d + dt.timedelta(1)
                add(w, d, (17, 0), (17, 30), "EDT handover", "DUTY")
                add(w, d, (17, 30), (19, 30), "EDT duty calls", "DUTY")
                add(w, d, (19, 30), (20, 0), "Drive to visit", "TRV", "C04")
                add(w, d, (20, 0), (21, 0), "Out of hours visit", "SV", "C04")
                add(w, d, (21, 0), (21, 30), "Drive back", "TRV")
                add(w, d, (21, 30), (22, 0), "Break", "BRK")
                add(w, d, (22, 0), (23, 30), "Placement search for YP", "PLF", "C14")
                add(w, d, (23, 30), (0, 30), "Case notes", "REC", "C04", endday=n)
                add(w, n, (0, 30), (2, 15), "EDT duty calls", "DUTY")
    return rows


def write_study(folder) -> dict:
    """Write diary.csv, cases.csv and workers.csv to ``folder``; their paths by name."""
    paths = {k: folder / f"{k}.csv" for k in ("diary", "cases", "workers")}
    tables = {
        "diary": (["worker_id", "start", "end", "activity", "activity_code", "case_id",
                   "instance_id"], _diary()),
        "cases": (["case_id", "case_type", "worker_id", "opened", "closed"],
                  [[c, t, w, "", closed] for c, t, w, closed in CASES]),
        "workers": (["worker_id", "fte", "contracted_hours", "role", "team", "workdays"],
                    [[w, f, h, "social_worker", t, d] for w, f, h, t, d in WORKERS]),
    }
    for name, (head, rows) in tables.items():
        with open(paths[name], "w", newline="") as f:
            csv.writer(f).writerows([head, *rows])
    return paths
