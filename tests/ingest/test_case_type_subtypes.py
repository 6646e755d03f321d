"""A bracketed or dashed label is not folded into another type by its abbreviation (review25a).

Before, a label giving an abbreviation joined every other label of that abbreviation, and a
label whose abbreviation was a known type was read by it whatever its words added:
``Looked After Child (UASC)`` (25 cases in the review's study) became ``Child in Need (UASC)``
(57 cases published as one type), ``CWD - Looked After`` became ``CWD - Child in Need``,
``Family and Friends (FF)`` became ``Fostering (FF)``, ``CP - Child in Need step-down`` became
``CP`` and ``CIN - Plus`` and ``CIN+`` became ``CIN``, each warned as "one case type spelt more
than one way". Now a label is read by its abbreviation only when the abbreviation is a known
type and the label's other words are a name of that same type; any other label is its own.
"""

from __future__ import annotations

import warnings

import pandas as pd
import pytest

from timestudy.errors import DataQualityWarning
from timestudy.ingest.case_types import one_spelling, spelling_key, synonym_of
from timestudy.ingest.tables import read_cases


def _read(types):
    t = pd.DataFrame({"case_id": [f"C{i}" for i in range(len(types))], "case_type": types,
                      "worker_id": "W1"})
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter("always")
        got = read_cases(t)
    return got["case_type"].value_counts().to_dict(), " ".join(str(x.message) for x in w)


@pytest.mark.parametrize("types", [
    ["Looked After Child (UASC)", "Child in Need (UASC)", "Child in Need (UASC)", "CIN", "CLA"],
    ["CWD - Child in Need", "CWD - Looked After", "CIN", "CLA"],
    ["Fostering (FF)", "Family and Friends (FF)"],
    ["CP", "CP", "CIN", "CP - Child in Need step-down"],
    ["CIN", "CIN - Plus", "CIN+", "CIN plus"],
    ["CIN - CP step down", "CP"],
    ["Child Protection (S47)", "S47 - Section 47 enquiry", "CP"],
])
def test_each_of_the_reviews_labels_is_its_own_type(types):
    """Every label as written, one type each, no warning: the UASC set is 1 'Looked After
    Child (UASC)' + 2 'Child in Need (UASC)' + 1 CIN + 1 CLA = 4 types of 5 cases (before:
    3 'Child in Need (UASC)', 3 types); 'CP - Child in Need step-down' 1 beside CP 2 (before:
    CP 3); 'CIN - Plus', 'CIN+', 'CIN plus' 1 each beside CIN 1 (before: CIN 3)."""
    counts, said = _read(types)
    assert counts == pd.Series(types).value_counts().to_dict()
    assert "spells one case type more than one way" not in said


def test_the_audits_labels_still_fold():
    """'Child Protection (CP)' x2 + CP x1 = CP 3; 'CIN - Child in Need' x1 + CIN x1 = CIN 2;
    'Looked After Child (LAC)' x1 + CLA x1 = CLA 2 (words a name of the abbreviation's type)."""
    counts, said = _read(["CP", "Child Protection (CP)", "Child Protection (CP)", "CIN",
                          "CIN - Child in Need", "CLA", "Looked After Child (LAC)"])
    assert counts == {"CP": 3, "CIN": 2, "CLA": 2}
    assert "'Looked After Child (LAC)' (1 case) as 'CLA' (1)" in said


def test_one_label_written_with_brackets_or_a_dash_is_one_type():
    """'Early Help (EH)' x1 and 'EH - Early Help' x1: the same words and abbreviation, one
    type ('Early Help (EH)', first met); 'early-help' is the same words without the
    abbreviation, their initials (tables26: before, kept as a second type): 1 type of 3."""
    got = pd.Series(["Early Help (EH)", "EH - Early Help", "early-help"])
    with pytest.warns(DataQualityWarning, match=r"'EH - Early Help' \(1 case\) as 'Early Help "
                      r"\(EH\)' \(1\)"):
        out = one_spelling(got)
    assert out.tolist() == ["Early Help (EH)"] * 3


def test_a_plus_is_kept_by_the_known_names_too():
    """spelling_key kept '+' ('cin+') while the known-name lookup stripped it ('cin': CIN):
    one folding now, so 'CIN+' is no name of CIN. Before: one_spelling(['CIN', 'CIN+']) gave
    ['CIN', 'CIN'], warned '(CIN+ and CIN are one type)'."""
    s = pd.Series(["CIN+", "C.P.", "Looked-After"])
    assert spelling_key(s).tolist() == ["cin+", "cp", "lookedafter"]
    assert synonym_of(s).tolist()[1:] == ["CP", "CLA"] and pd.isna(synonym_of(s)[0])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert one_spelling(pd.Series(["CIN", "CIN+"])).tolist() == ["CIN", "CIN+"]


def test_a_usual_name_no_row_spells_is_not_counted_as_zero():
    """'Care Proceedings' x1 is PROCEEDINGS, a name no row writes: said so, where the
    warning read "as 'PROCEEDINGS' (0)"; 'Pre-proceedings' x1 as 'PLO' (1) keeps its count."""
    counts, said = _read(["PLO", "Care Proceedings", "Pre-proceedings", "CP"])
    assert counts == {"PLO": 2, "PROCEEDINGS": 1, "CP": 1}
    assert ("'Care Proceedings' (1 case) as 'PROCEEDINGS', the usual name of the type (no row "
            "spells it so)") in said
    assert "(0)" not in said and "'Pre-proceedings' (1 case) as 'PLO' (1)" in said
