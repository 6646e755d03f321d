"""A case of a type with no case-month in the diary, held by a listed worker: not costed.

The guide has no row for such a type (no diarist held a case of it on a working day of
the diary), so its hours are unknown, as a suppressed type's. Before, the headline
stopped ("case type(s) ['CLA'] are not in the guide ... map them to one of these") when
the holder was in the workers table, and handled it when they were not.

Hand-worked on the guide of ``_guides.hand_guide`` (100 hours for casework per
FTE-month, "should" hours CIN 5 and CP 12 a case-month). Worker A
(1.0 FTE) holds CIN, CIN, CP; B (0.5 FTE) holds CP; S5 (1.0 FTE, kept no diary) holds
the one CLA case.

- FTE needed: the costed cases only, 5 + 5 + 12 + 12 = 34 hours a month, 0.34 FTE
  (at least: the CLA case needs hours too), against 2.5 FTE in post: 2.16 to spare.
- Cases held per FTE: every case held, 5 / 2.5 = 2.0; the costed ones, 4 / 2.5 = 1.6.
- Loads: A 22 / 100 = 0.22, B 12 / 50 = 0.24; S5 holds only the CLA case, not costed,
  and 0 costed hours stay under amber: no status (was blue, load 0, as if the case
  needed no hours; audit20b). None of the 2 with a status is over capacity.
- Every figure but the cases held and those left out, and the counts by status, is the
  one without the CLA case.
"""

from __future__ import annotations

import pandas as pd
import pytest
from _guides import hand_guide

from timestudy.capacity import headline
from timestudy.report.headline import headline_sentences

WORKERS = pd.DataFrame(
    {"worker_id": ["A", "B", "S5"], "fte": [1.0, 0.5, 1.0], "team": ["N", "S", "S"]}
)
COSTED = pd.DataFrame(
    {
        "worker_id": pd.array(["A", "A", "A", "B"], dtype="string"),
        "case_type": ["CIN", "CIN", "CP", "CP"],
    }
)
CASELOAD = pd.concat(
    [COSTED, pd.DataFrame({"worker_id": pd.array(["S5"], dtype="string"), "case_type": ["CLA"]})],
    ignore_index=True,
)
WHY = "no hours per case-month in this diary"


def test_a_listed_holder_of_a_type_with_no_case_month_by_hand():
    h = headline(hand_guide(min_workers=1), CASELOAD, WORKERS)  # stopped with a ConfigError before
    assert h["fte_needed"]["estimate"] == pytest.approx(0.34, abs=1e-4)
    assert h["fte_in_post"] == pytest.approx(2.5)
    assert h["gap_fte"]["estimate"] == pytest.approx(2.16, abs=1e-4)
    assert h["held_cases"] == 5 and h["held_cases_per_fte"] == pytest.approx(2.0)
    assert h["held_costed_cases"] == 4
    assert h["held_costed_cases_per_fte"] == pytest.approx(1.6)
    assert h["n_workers"] == 3 and h["n_over_capacity"] == 0 and h["n_no_status"] == 1
    assert h["share_over_capacity"]["estimate"] == 0  # 0 of the 2 with a status
    assert h["n_cases"] == 4 and h["cases_left_out"] == 1
    assert h["not_costed"] == [{"case_type": "CLA", "n_cases": 1, "why": WHY}]
    text = " ".join(headline_sentences({"headline": h}))
    assert f"1 CLA case not costed: {WHY}" in text


def test_every_other_figure_is_the_one_without_that_case():
    h = headline(hand_guide(min_workers=1), CASELOAD, WORKERS)
    without = headline(hand_guide(min_workers=1), COSTED, WORKERS)
    differ = {"held_cases", "held_cases_per_fte", "cases_left_out", "not_costed",
              # S5: no status with the CLA case, blue (no case) without it
              "n_no_status", "n_no_status_words", "n_over_capacity_words",
              "share_over_capacity"}
    assert {k for k in h if h[k] != without[k]} == differ
    assert without["held_cases"] == 4 and without["cases_left_out"] == 0


def test_a_holder_with_no_hours_for_casework_holding_only_such_a_case():
    workers = WORKERS.assign(fte=[1.0, 0.5, 0.0])  # S5: an FTE of 0
    h = headline(hand_guide(), CASELOAD, workers)
    assert h["no_hours_cases"] == 1 and h["no_hours_workers"] is None  # 1 worker: in words
    assert h["no_hours_workers_words"] == "1 to 2 of 3"  # 1 of the 3 listed holders
    assert h["held_cases"] == 4 and h["held_cases_per_fte"] == pytest.approx(4 / 1.5, abs=1e-4)
    assert h["fte_needed"]["estimate"] == pytest.approx(0.34, abs=1e-4)


def test_the_study_runs_with_a_listed_holder_of_such_a_type():
    """The path ``timestudy guide`` takes: S5 kept no diary and holds the one ADOPTION case
    (before: the run stopped, nothing written)."""
    import warnings

    from timestudy import run_study, simulate_study

    s = simulate_study(n_workers=6, weeks=1, seed=1)
    cases = pd.concat(
        [s.cases, s.cases.iloc[[0]].assign(case_id="Y1", case_type="ADOPTION", worker_id="S5")],
        ignore_index=True,
    )
    workers = pd.concat([s.workers, s.workers.iloc[[0]].assign(worker_id="S5")], ignore_index=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        h = run_study(s.diary, cases, workers, sensitivity=False, n_boot=19).guide.meta["headline"]
    assert {"case_type": "ADOPTION", "n_cases": 1, "why": WHY} in h["not_costed"]
