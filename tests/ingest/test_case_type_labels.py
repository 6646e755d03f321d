"""Case types as case systems label them, one type each (audit25j D2_labels, D_types).

Before, ``CP`` and ``Child Protection (CP)``, ``CIN`` and ``CIN - Child in Need``, ``CLA`` and
``Looked After Child (LAC)`` were six types of 3 cases each (D2_labels: 8 types where the
study has 5); ``Pre proceedings`` and ``Pre-proceedings`` two (hyphens were not folded) and
``PLO`` a third (D_types: 7 types); and ``Care Leaver``, written so in every row, was
published as ``CARE_LEAVER`` with a warning that it had been respelt.
"""

from __future__ import annotations

import warnings

import pandas as pd
import pytest

from timestudy.errors import DataQualityWarning
from timestudy.ingest.tables import read_cases


def _cases(types):
    return pd.DataFrame({"case_id": [f"C{i}" for i in range(len(types))],
                         "case_type": types, "worker_id": "W1"})


def test_a_label_with_its_abbreviation_is_read_by_the_abbreviation():
    """CP x1 + 'Child Protection (CP)' x2 = 3 CP; CIN x1 + 'CIN - Child in Need' x1 = 2 CIN;
    CLA x1 + 'Looked After Child (LAC)' x1 = 2 CLA (LAC is CLA): 3 types, 7 cases."""
    t = _cases(["CP", "Child Protection (CP)", "Child Protection (CP)", "CIN",
                "CIN - Child in Need", "CLA", "Looked After Child (LAC)"])
    with pytest.warns(DataQualityWarning) as w:
        got = read_cases(t)
    said = str(w[0].message)
    assert "'Child Protection (CP)' (2 cases) as 'CP' (1)" in said
    assert "'CIN - Child in Need' (1 case) as 'CIN' (1)" in said
    assert "'Looked After Child (LAC)' (1 case) as 'CLA' (1)" in said
    assert got["case_type"].value_counts().to_dict() == {"CP": 3, "CIN": 2, "CLA": 2}


def test_an_unknown_label_with_its_abbreviation_is_its_own_type():
    """'Disabled Children (DCT)' x1 with 'DCT' x2: two types, 1 and 2 cases, unwarned. Before
    (to review25a) 3 DCT: a label joined any label of its abbreviation, and 'Looked After
    Child (UASC)' so became 'Child in Need (UASC)'; an abbreviation no known type has is
    no evidence the words beside it are no sub-type."""
    t = _cases(["DCT", "Disabled Children (DCT)", "DCT"])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        got = read_cases(t)
    assert got["case_type"].tolist() == ["DCT", "Disabled Children (DCT)", "DCT"]


def test_words_naming_another_type_than_the_abbreviation_are_left_alone():
    """'Child in Need (CP)' names CIN in words and CP in brackets: neither is taken."""
    t = _cases(["Child in Need (CP)", "CP", "CIN"])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        got = read_cases(t)
    assert got["case_type"].tolist() == ["Child in Need (CP)", "CP", "CIN"]


def test_hyphens_are_folded_and_plo_is_pre_proceedings():
    """'Pre proceedings' x1, 'Pre-proceedings' x1, 'Pre-Proceedings' x1, PLO x2: one type of
    5 cases, PLO (the usual name, an abbreviation; DOMAIN: "Pre-proceedings (PLO)"); care
    proceedings stay their own type. Before: 'Pre proceedings' 1, 'Pre-proceedings' 2, PLO 2."""
    t = _cases(["Pre proceedings", "Pre-proceedings", "Pre-Proceedings", "PLO", "PLO",
                "Care proceedings"])
    with pytest.warns(DataQualityWarning, match=r"'Pre proceedings' \(1 case\) as 'PLO' \(2\)"):
        got = read_cases(t)
    assert got["case_type"].value_counts().to_dict() == {"PLO": 5, "PROCEEDINGS": 1}


def test_care_leaver_is_published_as_written():
    """'Care Leaver' in every row: kept, no warning (before: 'CARE_LEAVER', warned as a
    respelling of 6 cases to a spelling with 0). With 'Care Leavers' x1 and 'Leaving Care'
    x1 beside 'Care Leaver' x2: 4 cases of 'Care Leaver', the most common spelling."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        got = read_cases(_cases(["Care Leaver"] * 6 + ["CIN"]))
    assert got["case_type"].tolist() == ["Care Leaver"] * 6 + ["CIN"]
    with pytest.warns(DataQualityWarning, match=r"'Leaving Care' \(1 case\) as 'Care Leaver' "
                      r"\(2\)"):
        got = read_cases(_cases(["Care Leaver", "Care Leavers", "Leaving Care", "Care Leaver"]))
    assert got["case_type"].tolist() == ["Care Leaver"] * 4


def test_a_plus_is_not_punctuation_folded_away():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        got = read_cases(_cases(["Care Leaver 16+", "Care Leaver 16", "CIN"]))
    assert got["case_type"].nunique() == 3
