"""No hour on any case of the caseload's types: no headline, and a warning saying why.

Audit audit25j X1_xlsx (its CSV tables): every case id of the diary missed the cases table
('1001' for '0001001'), so every case type had case-months and 0 hours per case-month, and
the headline divided the hours for casework per FTE-month by the mix's 0 hours a case:
``ZeroDivisionError``, "internal error", nothing written. Now there is no headline (no
caseload rests on 0 hours a case: it would be infinite, the staff needed 0) and a warning
names the cases, their types and what to check; the rest of the guide is written.
"""

from __future__ import annotations

import warnings

import pandas as pd
import pytest

from timestudy.capacity import headline
from timestudy.errors import DataQualityWarning
from timestudy.guide import TimeGuide


def guide(cin: float, cp: float) -> TimeGuide:
    """1200 hours for casework per FTE-year: 100 h per FTE-month; CIN and CP as given."""
    case_types = pd.DataFrame({
        "n_cases": [6, 6], "n_workers": [6, 6], "case_months": [6.0, 6.0],
        "hours_per_case_month": [cin, cp], "hours_per_case_month_ci_low": [cin, cp],
        "hours_per_case_month_ci_high": [cin, cp], "uplift": [1.0, 1.0],
        "hours_per_case_month_should": [cin, cp],
    }, index=pd.Index(["CIN", "CP"], name="case_type"))
    available = pd.DataFrame({
        "estimate": [1200.0, 43.6, 37.0, 5.0], "ci_low": [1200.0, 43.6, 37.0, 5.0],
        "ci_high": [1200.0, 43.6, 37.0, 5.0]}, index=pd.Index(
        ["available_case_hours_per_fte_year", "working_weeks_per_year",
         "hours_worked_per_fte_week", "non_case_hours_per_fte_week"], name="measure"))
    meta = {"reference_case_type": "CIN", "level": 0.95, "min_workers": 1,
            "available_assumptions": {"contracted_per_fte": 37.0}}
    return TimeGuide(meta, pd.DataFrame(), case_types, pd.DataFrame(), available,
                     pd.DataFrame(), pd.DataFrame(), pd.DataFrame())


CASELOAD = pd.DataFrame({"worker_id": ["A", "A", "B"], "case_type": ["CIN", "CP", "CP"]})
WORKERS = pd.DataFrame({"worker_id": ["A", "B"], "fte": [1.0, 1.0], "team": ["N", "N"]})


def test_zero_hours_a_case_gives_no_headline_and_says_why():
    """CIN 0 and CP 0 hours per case-month: the mix's mean is 0 (was 100 / 0: an error)."""
    with pytest.warns(DataQualityWarning) as said:
        assert headline(guide(0.0, 0.0), CASELOAD, WORKERS) is None
    text = str(said[0].message)
    assert text.startswith("no headline: the 3 cases of the caseload are of types with 0 "
                           "hours per case-month (CIN, CP)")
    assert "case ids" in text and "\n" not in text


def test_one_type_with_hours_still_gives_the_headline():
    """CIN 0, CP 15 hours per case-month; caseload 1 CIN and 2 CP: mean 2/3 x 15 = 10 hours
    a case, 100 / 10 = 10 cases per FTE; nothing said."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", DataQualityWarning)
        h = headline(guide(0.0, 15.0), CASELOAD, WORKERS)
    assert h["supported_cases_per_fte"]["estimate"] == pytest.approx(10.0)


def test_a_study_whose_case_ids_all_miss_the_cases_table_is_written():
    """The audit's run in small: a simulated study's diary with every case id spelt 'X' +
    id, so no case id is the cases table's: every type 0 hours per case-month, the guide
    made, no headline, the warning said (was ZeroDivisionError)."""
    from timestudy import run_study, simulate_study

    s = simulate_study(n_workers=6, weeks=1, seed=3)
    diary = s.diary.assign(case_id=s.diary["case_id"].where(s.diary["case_id"].isna(),
                                                           "X" + s.diary["case_id"]))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        run = run_study(diary, s.cases, s.workers, sensitivity=False, n_boot=19, min_workers=1)
    assert (run.guide.case_types["hours_per_case_month"] == 0).all()
    assert run.guide.meta["headline"] is None
    assert any(str(w.message).startswith("no headline: the ") for w in caught)
    # published with the run's other warnings (the headline is made after they are taken)
    assert any(w["message"].startswith("no headline: the ") for w in run.guide.meta["warnings"])
