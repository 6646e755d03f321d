"""A caseload case type spelt otherwise than the guide's, and a case with no case type.

Defects (review 15): since the headline's rule (``with_uncosted_types``) was shared with
the statements, a misspelt type ('cin' or 'CIN ' beside the guide's 'CIN') was taken for
a type the diary held no case of: its cases were "not costed: no hours per case-month in
this diary", a false reason, and the FTE needed left them out. And a case with no case
type was dropped from ``not_costed`` without a word (the cases left out counted it, the
words did not name it).

The rule now (``timestudy.capacity.need``): a type equal to one of the guide's once
trimmed and case-folded is a spelling error, one ConfigError naming the type, the
guide's spelling, the cases and the fix; only a type truly absent from the guide is not
costed; a case with no type is not costed, "no case type given".

Hand-worked on the guide of ``_guides.hand_guide``: 100 hours for casework per
FTE-month, "should" hours CIN 5 and CP 12 a case-month. A (1.0 FTE) holds CP, CIN and a
case with no type: the costed cases need 12 + 5 = 17 hours a month, 0.17 FTE (at least:
the case with no type needs hours too); 3 cases held, 2 costed, 1 left out.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from _guides import hand_guide

from timestudy.capacity import case_hours, headline
from timestudy.capacity.need import (
    check_case_types,
    missing_type,
    misspelt_types,
    with_uncosted_types,
)
from timestudy.errors import ConfigError
from timestudy.report.headline import headline_sentences

WORKERS = pd.DataFrame({"worker_id": ["A"], "fte": [1.0], "team": ["N"]})


def _caseload(types: list) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "case_id": [f"c{i}" for i in range(1, len(types) + 1)],
            "worker_id": ["A"] * len(types),
            "case_type": pd.Series(types, dtype=object),
        }
    )


SPELT = (
    "case type(s) ['CIN ', 'cin'] are not in the guide as spelt (it has ['CIN', 'CP']): "
    "'CIN ' is the guide's 'CIN' (case c3); 'cin' is the guide's 'CIN' (case c2); "
    "spell them as the guide does in the caseload's case_type column (capitals, "
    "spaces and other names of a type count), or they cannot be costed"
)


def test_the_headline_stops_on_a_type_spelt_otherwise():
    """Before: exit 0, "1 cin case and 1 CIN  case not costed: no hours per case-month in
    this diary" and 0.12 FTE needed (the CP case only)."""
    with pytest.raises(ConfigError) as err:
        headline(hand_guide(), _caseload(["CP", "cin", "CIN "]), WORKERS)
    assert str(err.value) == SPELT
    assert "\n" not in str(err.value)


def test_the_headline_stops_even_when_no_case_is_spelt_right():
    """Every case misspelt: before, None (no usable case) without a word."""
    with pytest.raises(ConfigError, match=r"\['cp'\] are not in the guide as spelt"):
        headline(hand_guide(), _caseload(["cp", "cp"]), WORKERS)


def test_a_type_truly_absent_is_still_not_costed():
    """'CLA' folds to no guide type: not costed, no error (12 hours: 0.12 FTE)."""
    h = headline(hand_guide(), _caseload(["CP", "CLA"]), WORKERS)
    assert h["not_costed"] == [
        {"case_type": "CLA", "n_cases": 1, "why": "no hours per case-month in this diary"}
    ]
    assert h["fte_needed"]["estimate"] == pytest.approx(0.12)


@pytest.mark.parametrize("blank", [None, np.nan, pd.NA, "", "  "])
def test_a_case_with_no_type_is_named_as_not_costed_by_hand(blank):
    """CP 12 + CIN 5 = 17 hours of 100: 0.17 FTE needed, 1 FTE in post; the case with no
    type is held (3 held) but not costed (2 costed), and named."""
    h = headline(hand_guide(), _caseload(["CP", blank, "CIN"]), WORKERS)
    assert h["not_costed"] == [{"case_type": None, "n_cases": 1, "why": "no case type given"}]
    assert h["n_cases"] == 2 and h["cases_left_out"] == 1
    assert h["held_cases"] == 3 and h["held_costed_cases"] == 2
    assert h["fte_needed"]["estimate"] == pytest.approx(0.17)
    text = " ".join(headline_sentences({"headline": h}))
    assert "1 case not costed: no case type given" in text


def test_cases_with_no_type_beside_a_type_not_in_the_guide_most_first():
    """Two with no type, one CLA: both named, two first."""
    h = headline(hand_guide(), _caseload(["CP", None, "CLA", None]), WORKERS)
    assert h["not_costed"] == [
        {"case_type": None, "n_cases": 2, "why": "no case type given"},
        {"case_type": "CLA", "n_cases": 1, "why": "no hours per case-month in this diary"},
    ]
    text = " ".join(headline_sentences({"headline": h}))
    assert (
        "2 cases (no case type given) and 1 CLA case (no hours per case-month in this "
        "diary) not costed"
    ) in text


def test_the_rule_in_need():
    g = hand_guide()
    cl = _caseload(["CP", "cin", "CIN ", "CLA", None, " cp"])
    assert misspelt_types(g, cl) == {" cp": "CP", "CIN ": "CIN", "cin": "CIN"}
    assert missing_type(cl).tolist() == [False, False, False, False, True, False]
    with pytest.raises(ConfigError, match="as spelt"):
        with_uncosted_types(g, cl)
    with pytest.raises(ConfigError, match="as spelt"):  # the statements' path, no type known
        case_hours(g, _caseload(["cin"]), on_suppressed="nan")
    check_case_types(g, _caseload(["CP", "CLA", None]))  # nothing misspelt: no error
    wider = with_uncosted_types(g, _caseload(["CP", "CLA", None]))
    assert wider.case_types.index.tolist() == ["CIN", "CP", "CLA"]  # no row for "no type"


def test_case_hours_of_a_case_with_no_type():
    """Never a type "nan" or "None": NaN hours with on_suppressed="nan", an error with
    "raise" (before: NaN hours whatever on_suppressed said)."""
    cl = _caseload(["CP", None])
    assert case_hours(hand_guide(), cl, on_suppressed="nan").tolist() == [
        12.0,
        pytest.approx(np.nan, nan_ok=True),
    ]
    with pytest.raises(ConfigError, match=r"1 case\(s\) of the caseload have no case type"):
        case_hours(hand_guide(), cl)
