"""One case type, one spelling: the cases table's case types and holders (audit23w).

A guide publishes hours per case type as the cases table spells it. Before, "cin" and
"CIN", or "LAC" and "CLA", were two types each costed on part of its cases (the audit's
c_types.csv: 9 types, CP 11.6 and "Child Protection" 13.5 h for one CP of 12.59), with no
warning; and a case held by "w001" where the workers table says "W001" was held by no
worker in post (c_holder.csv: 15.77 cases per FTE for 18.85).
"""

from __future__ import annotations

import warnings

import pandas as pd
import pytest

from timestudy import run_study, simulate_study
from timestudy.errors import DataQualityWarning
from timestudy.ingest.diary import read_cases
from timestudy.ingest.holder_ids import fold_holders


def _cases(types, holders=None):
    n = len(types)
    return pd.DataFrame({"case_id": [f"C{i}" for i in range(n)], "case_type": types,
                         "worker_id": holders or ["W1"] * n})


def test_spellings_differing_in_capitals_or_spaces_are_one_type():
    """CIN x3, 'cin' x1, ' Cin ' x1: 5 CIN cases (the most common spelling, 'CIN'); CP x1
    alone. Before: 'CIN' 3, 'cin' 1, 'Cin' 1 (spaces around were trimmed), 3 types."""
    t = _cases(["CIN", "CIN", "cin", " Cin ", "CIN", "CP"])
    with pytest.warns(DataQualityWarning, match=r"'cin' \(1 case\) as 'CIN' \(3\)"):
        got = read_cases(t)
    assert got["case_type"].value_counts().to_dict() == {"CIN": 5, "CP": 1}


def test_known_names_of_one_type_are_one_type_and_named():
    """LAC x2, CLA x1, 'Looked After' x1: 4 cases of CLA (the type's usual name, over the
    more common 'LAC'); 'Child in Need' x1 with CIN x2: 3 CIN; 'child protection plan' x1
    alone: CP, the usual name (as the shipped standards and the workload name it)."""
    t = _cases(["LAC", "CLA", "LAC", "Looked After", "Child in Need", "CIN", "CIN",
                "child protection plan"])
    with pytest.warns(DataQualityWarning) as w:
        got = read_cases(t)
    said = str(w[0].message)
    assert "'LAC' (2 cases) as 'CLA' (1) (LAC and CLA are one type)" in said
    assert "'Child in Need' (1 case) as 'CIN' (2) (Child in Need and CIN are one type)" in said
    assert got["case_type"].value_counts().to_dict() == {
        "CLA": 4, "CIN": 3, "CP": 1}


def test_one_spelling_each_is_left_alone_without_a_warning():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        got = read_cases(_cases(["CIN", "CP", "CLA", "PROCEEDINGS", "NEW"]))
    assert got["case_type"].tolist() == ["CIN", "CP", "CLA", "PROCEEDINGS", "NEW"]


def test_holder_ids_take_the_workers_tables_spelling():
    """Cases held by 'w1' (2) and ' W2' (trimmed on reading, so 'W2': as listed) against a
    workers table of W1 and W2: both of w1's cases are W1's; 'X9' matches no one, kept."""
    cases = _cases(["CIN", "CP", "CP", "CIN"], ["w1", "w1", "W2", "X9"])
    workers = pd.DataFrame({"worker_id": ["W1", "W2"]})
    with pytest.warns(DataQualityWarning, match="'w1' is 'W1' of the workers table .*2 cases"):
        got = fold_holders(cases, workers)
    assert got["worker_id"].tolist() == ["W1", "W1", "W2", "X9"]


@pytest.fixture(scope="module")
def study():
    s = simulate_study(n_workers=6, weeks=1, seed=1)  # CIN 36, CLA 34, CP 29, PROC. 5
    return s, run_study(s.diary, s.cases, s.workers, sensitivity=False, n_boot=19).guide


def test_a_guide_of_many_spellings_is_the_guide_of_one(study):
    """The simulated study (6 workers, 104 cases) with CLA renamed 'LAC' on even rows (20
    of 34), CIN 'cin ' on every third row (13 of 36), and W001's 19 cases held by 'w001':
    the same hours per case-month (CIN 4.662, CP 8.103 h) and cases per FTE (18.39) as the
    clean study, CLA published as 'CLA' (its usual name, written in the table, over the
    more common 'LAC': 20 of 34). Before: six
    types ('cin' and 'LAC' too), and 19 of 103 held cases held by no worker in post."""
    s, clean = study
    c = s.cases.copy()
    c.loc[c["case_type"].eq("CLA") & (c.index % 2 == 0), "case_type"] = "LAC"
    c.loc[c["case_type"].eq("CIN") & (c.index % 3 == 0), "case_type"] = "cin "
    c.loc[c["worker_id"].eq("W001"), "worker_id"] = "w001"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        messy = run_study(s.diary, c, s.workers, sensitivity=False, n_boot=19).guide
    want = clean.hours_per_case_month(False)
    got = messy.hours_per_case_month(False)
    assert sorted(got.index) == sorted(want.index) == ["CIN", "CLA", "CP", "PROCEEDINGS"]
    pd.testing.assert_series_equal(got.sort_index(), want.sort_index())
    assert round(got["CIN"], 3) == 4.662 and round(got["CP"], 3) == 8.103
    h, h0 = messy.meta["headline"], clean.meta["headline"]
    assert h["held_cases_per_fte"] == pytest.approx(h0["held_cases_per_fte"])
    assert round(h["held_cases_per_fte"], 2) == 18.39


def test_a_known_type_written_only_by_another_name_takes_its_usual_name():
    """review23c: a table writing only 'LAC' kept LAC, so the shipped standard for CLA said
    "CLA is not a case type of this study" and LAC had no should figure. Now 'LAC' x3 is
    CLA (3); 'CIN plan' and 'Court proceedings' are no other names of CIN or PROCEEDINGS
    (kept as spelt: a council may keep them apart)."""
    t = _cases(["LAC", "LAC", "LAC", "CIN plan", "Court proceedings", "CIN"])
    with pytest.warns(DataQualityWarning) as w:
        got = read_cases(t)
    assert got["case_type"].value_counts().to_dict() == {
        "CLA": 3, "CIN plan": 1, "Court proceedings": 1, "CIN": 1}
    assert ("'LAC' (3 cases) as 'CLA', the usual name of the type (no row spells it so)"
            in str(w[0].message))  # review25a: was "as 'CLA' (0)", a count of no case
