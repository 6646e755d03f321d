"""The NCCD figure (cases that met the standard) says when nothing was due in a short diary.

Audit 6: a case with nothing due in its window counts as meeting the standard, so over a
two-week diary a six-weekly visit made every CLA case "meet" it, and the note read "100% of
6 cases met the standard" as if that were evidence of work done to standard.

Diary 2 to 13 March 2026: 10 working days, no bank holiday. Standards: CLA visit every 6
weeks (30 weekdays: floor(10 / 30) = 0 due); CP visit every 10 working days (1 due) and
core group every 6 weeks (0 due). Six CLA and eight CP cases, each on its own worker; six
CP cases had a visit.
"""

from __future__ import annotations

from types import SimpleNamespace

import pandas as pd

from timestudy.guide.should_sources import met_rows
from timestudy.models.standards import standards_met
from timestudy.schema.standards import standards_from_dict

PERIOD = (pd.Timestamp("2026-03-02"), pd.Timestamp("2026-03-13"))
VISIT = {"task_types": ["statutory_visit"], "source": "t"}
STANDARDS = standards_from_dict({"standards_version": 1, "name": "t", "source": "t",
                                 "case_types": {
                                     "CLA": [VISIT | {"piece": "visit", "every": "6 weeks"}],
                                     "CP": [VISIT | {"piece": "visit",
                                                     "every": "10 working days"},
                                            {"piece": "core_group", "task_types": ["core_group"],
                                             "every": "6 weeks", "source": "t"}]}})


def _models():
    ids = [f"L{i}" for i in range(6)] + [f"P{i}" for i in range(8)]
    cm = pd.DataFrame({"case_id": ids, "case_type": ["CLA"] * 6 + ["CP"] * 8,
                       "worker_id": [f"W{i}" for i in range(14)],
                       "opened": pd.Timestamp("2025-01-01"), "closed": pd.NaT,
                       "case_months": 0.46, "hours": [3.0] * 6 + [5.0] * 6 + [2.0] * 2})
    inst = pd.DataFrame({"worker_id": [f"W{i}" for i in range(6, 12)],
                         "case_id": [f"P{i}" for i in range(6)], "task_type": "statutory_visit",
                         "diary_date": pd.Timestamp("2026-03-04"), "full_min": 90.0,
                         "primary": True})
    return SimpleNamespace(case_month=cm, instances=inst, period=PERIOD,
                           options={"n_boot": 49, "seed": 0, "level": 0.95})


def _guide():
    return SimpleNamespace(meta={"min_workers": 5}, case_types=pd.DataFrame(
        {"hours_per_case_month": [6.52, 8.70]}, index=["CLA", "CP"]))


def test_nothing_due_is_counted_and_said():
    b = standards_met(_models(), STANDARDS).by_type
    assert b.loc["CLA", ["n_cases", "n_met", "n_nothing_due"]].tolist() == [6, 6, 6]
    assert b.loc["CLA", "not_judged"] == "visit"
    assert b.loc["CP", ["n_cases", "n_met", "n_nothing_due"]].tolist() == [8, 6, 0]
    assert b.loc["CP", "not_judged"] == "core_group"


def test_the_evidence_row_says_so_and_a_type_with_nothing_due_is_not_used():
    rows = met_rows(_guide(), standards_met(_models(), STANDARDS), STANDARDS).set_index("item")
    cla = rows.loc["CLA"]
    assert "nothing was due in the diary period for any of the 6 cases" in cla["note"]
    assert "not judged: visit" in cla["note"] and "not used" in cla["note"]
    assert not cla["eligible"]
    cp = rows.loc["CP"]
    assert cp["note"].startswith("75% of 8 cases met the standard")
    assert "not judged (due for no case in the diary period" in cp["note"]
    assert "core_group" in cp["note"] and bool(cp["eligible"])
