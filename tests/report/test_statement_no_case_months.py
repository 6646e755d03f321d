"""Statements for a caseload with a case type the guide has no hours per case-month for.

Defect: :func:`timestudy.workload_statements` (and ``timestudy workload``) stopped with
"case type(s) ['CLA'] are not in the guide" when any worker held a case of a type no
diarist held on a working day of the diary, so no worker got a statement; the headline
already said "1 CLA case not costed: no hours per case-month in this diary" and went on.

Hand-worked on the guide of ``_guides.hand_guide``: 1,200 hours for casework per
FTE-year, so 100 per FTE-month, over 43.6 working weeks; "should" hours CIN 5 and CP 12
a case-month (measured CIN 5, CP 10); no CLA row.

- A (1.0 FTE): CIN, CIN, CP: 5 + 5 + 12 = 22 hours of 100, load 22%, blue.
- B (0.5 FTE): CP: 12 of 50, 24%, blue.
- S5 (1.0 FTE, kept no diary): the one CLA case: its hours are unknown (not 0), so no
  hours needed, no load, no status; the statement names "1 CLA case not costed: no
  hours per case-month in this diary".
- D (0.5 FTE): 5 CP and 1 CLA: the CP cases alone need 5 x 12 = 60 hours of 50, a load
  of at least 60 / 50 = 120%, at or above the red edge (110%): "at least red",
  60 hours needed "at least", 60 x 12 / 43.6 = 16.5 hours a week; the CLA case is named
  as left out of both.
"""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from timestudy import workload_statements
from timestudy.capacity import headline

sys.path.insert(0, str(Path(__file__).parents[1] / "capacity"))
from _guides import hand_guide  # noqa: E402

WHY = "1 CLA case not costed: no hours per case-month in this diary"
WORKERS = pd.DataFrame({"worker_id": ["A", "B", "S5", "D"], "fte": [1.0, 0.5, 1.0, 0.5],
                        "team": ["N", "S", "S", "N"]})
HOLDERS = ["A", "A", "A", "B", "S5", *["D"] * 6]
TYPES = ["CIN", "CIN", "CP", "CP", "CLA", *["CP"] * 5, "CLA"]
CASELOAD = pd.DataFrame({"case_id": [f"c{i}" for i in range(1, 12)],
                         "worker_id": pd.array(HOLDERS, dtype="string"), "case_type": TYPES})


def _statements(**kw):
    return {s.worker_id: s for s in workload_statements(hand_guide(), CASELOAD, WORKERS,
                                                        date="2026-04-01", **kw)}


def test_every_worker_gets_a_statement_by_hand():
    st = _statements()  # stopped with "case type(s) ['CLA'] are not in the guide" before
    assert sorted(st) == ["A", "B", "D", "S5"]
    assert st["A"].hours_needed_per_month == pytest.approx(22.0)
    assert st["A"].load == pytest.approx(0.22) and st["A"].status == "blue"
    assert st["B"].load == pytest.approx(0.24) and st["B"].status == "blue"
    assert not st["A"].not_costed and not any("not costed" in n for n in st["A"].notes)


def test_a_worker_holding_only_such_a_case_has_no_load_not_zero():
    s5 = _statements()["S5"]
    assert s5.status == "none" and np.isnan(s5.load) and np.isnan(s5.hours_needed_per_month)
    assert s5.cases["case_type"].tolist() == ["CLA"] and s5.cases["hours_per_month"].isna().all()
    assert s5.not_costed == WHY
    assert any(n.startswith(WHY + ". They are not counted as zero") for n in s5.notes)
    assert "CLA cases (no hours per case-month in this diary)" in s5.no_status
    md = s5.to_markdown()
    assert "| c5 | CLA | not costed |" in md
    assert f"| hours needed a month | – ({WHY}) |" in md
    assert f"| weighted load | – ({WHY}) |" in md


def test_the_other_cases_alone_reach_red_at_least_by_hand():
    d = _statements()["D"]
    assert d.status == "red" and d.at_least
    assert d.hours_needed_per_month == pytest.approx(60.0)
    assert d.load == pytest.approx(1.2)
    assert d.hours_needed_per_week == pytest.approx(60 * 12 / 43.6)
    assert d.not_costed == WHY
    md = d.to_markdown()
    assert f"| hours needed a month | at least 60.0 ({WHY}) |" in md
    assert f"| weighted load | at least 120% ({WHY}) |" in md
    assert "Status: at least red: over capacity" in md
    assert any(WHY in n and "at least that" in n for n in d.notes)


def test_the_statements_and_the_headline_count_the_same_cases():
    """The headline's rule: the same case left out, for the same reason."""
    h = headline(hand_guide(), CASELOAD, WORKERS)
    assert h["not_costed"] == [{"case_type": "CLA", "n_cases": 2,
                                "why": "no hours per case-month in this diary"}]
    st = _statements()
    assert sum(s.cases["hours_per_month"].isna().sum() for s in st.values()) == 2
    costed = sum(s.cases["hours_per_month"].sum() for s in st.values())
    assert costed == pytest.approx(22 + 12 + 60)  # the headline's 0.94 FTE needed
    assert h["fte_needed"]["estimate"] == pytest.approx(0.94, abs=1e-4)


def test_with_multipliers_such_a_case_gets_no_multiplier_by_hand():
    """Multipliers: baseline 5 hours a month, CP x 2.0, measured hours. A: 5 + 5 + 10 =
    20 of 100 (20%). S5's CLA case has no multiplier term: its hours are unknown, not the
    reference type's 5 (a CLA case taken as a CIN one, S5 at 5%, blue)."""
    mult = pd.DataFrame({"multiplier": [5.0, 2.0], "ci_low": [4.0, 1.5], "ci_high": [6.0, 2.5]},
                        index=pd.Index(["baseline_hours_per_month", "case_type=CP"], name="term"))
    g = replace(hand_guide(), multipliers=mult)
    st = {s.worker_id: s for s in workload_statements(
        g, CASELOAD, WORKERS, should=False, use_multipliers=True, date="2026-04-01")}
    assert st["A"].hours_needed_per_month == pytest.approx(20.0)
    assert st["A"].load == pytest.approx(0.20)
    assert st["S5"].status == "none" and np.isnan(st["S5"].load)
    assert st["S5"].not_costed == WHY


def test_a_caseload_with_no_type_the_guide_knows_is_still_an_error():
    """Every case of a type the guide has no row for: its names are not the diary's (a
    mapping to give), so one clear error, not a statement of no status for everyone."""
    from timestudy.errors import ConfigError

    with pytest.raises(ConfigError, match=r"case type\(s\) \['ADOPTION'\] are not in the guide"):
        workload_statements(hand_guide(), CASELOAD.assign(case_type="ADOPTION"), WORKERS)
