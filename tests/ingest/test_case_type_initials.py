"""A label with its words' own initials in brackets is the label without them (tables26).

``Child Protection (CP)`` folded with ``CP`` (its abbreviation a known type, its words a name
of it), but ``Leaving Care (LC)`` stayed its own type beside ``Leaving Care`` in one table
(``LC`` is no known type): two rows of one type split the type's case-months. Now a label
whose bracketed (or dashed) abbreviation is the initials of its words, small words left out
or not (``Family and Friends (FF)``), is those words: ``Leaving Care (LC)`` is ``Leaving
Care`` (a known name of the care-leaver type), ``Early Help (EH)`` is ``Early Help``. An
abbreviation that is not the words' initials may make a sub-type and is kept:
``Looked After Child (UASC)`` is its own type beside ``Looked After Child`` (CLA).

By hand: one worker, one working day (2 March 2026), one case-day is 1/21.0744 case-months.
W1 writes 1 h on C1 (``Leaving Care``), 3 h on C2 (``Leaving Care (LC)``), 1 h on C3
(``Looked After Child (UASC)``) and 2 h on C4 (``Looked After Child``); W2 1 h on C5 (CIN,
21.0744). Before: Leaving Care
1 x 21.0744 = 21.0744 and Leaving Care (LC) 3 x 21.0744 = 63.2232 h per case-month; now one
type, (1 + 3) h over 2 case-days: 2 x 21.0744 = 42.1488; UASC 21.0744 and CLA 42.1488 as
before.
"""

from __future__ import annotations

import warnings

import pandas as pd
import pytest

from timestudy import run_study
from timestudy.ingest.case_types import one_spelling


def test_leaving_care_with_and_without_its_initials_is_one_type():
    diary = pd.DataFrame({
        "worker_id": ["W1"] * 4 + ["W2"], "activity": "visit",
        "case_id": ["C1", "C2", "C3", "C4", "C5"],
        "start": pd.to_datetime(["2026-03-02 09:00", "2026-03-02 10:00", "2026-03-02 13:00",
                                 "2026-03-02 14:00", "2026-03-02 09:00"]),
        "end": pd.to_datetime(["2026-03-02 10:00", "2026-03-02 13:00", "2026-03-02 14:00",
                               "2026-03-02 16:00", "2026-03-02 10:00"])})
    cases = pd.DataFrame({"case_id": ["C1", "C2", "C3", "C4", "C5"],
                          "worker_id": ["W1"] * 4 + ["W2"],
                          "case_type": ["Leaving Care", "Leaving Care (LC)",
                                        "Looked After Child (UASC)", "Looked After Child", "CIN"]})
    with warnings.catch_warnings(record=True) as said:
        warnings.simplefilter("always")
        run = run_study(diary, cases, pd.DataFrame({"worker_id": ["W1", "W2"], "fte": 1.0}),
                        sensitivity=False, n_boot=19, min_workers=1)
    got = run.guide.case_types["hours_per_case_month"].to_dict()
    assert got == pytest.approx({"Leaving Care": 42.1488, "Looked After Child (UASC)": 21.0744,
                                 "CLA": 42.1488, "CIN": 21.0744}, abs=1e-4)
    assert any("'Leaving Care (LC)' (1 case) as 'Leaving Care' (1)" in str(w.message)
               for w in said)


@pytest.mark.parametrize(("types", "taken"), [
    (["Leaving Care (LC)", "Leaving Care (LC)", "Leaving Care"], ["Leaving Care (LC)"] * 3),
    (["Family and Friends (FF)", "Family and Friends", "Fostering (FF)"],
     ["Family and Friends (FF)", "Family and Friends (FF)", "Fostering (FF)"]),
    (["Looked After Child (UASC)", "Looked After Child"], ["Looked After Child (UASC)", "CLA"]),
    (["Disabled Children (DCT)", "Disabled Children"],
     ["Disabled Children (DCT)", "Disabled Children"]),
])
def test_only_the_words_own_initials_fold(types, taken):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert one_spelling(pd.Series(types)).tolist() == taken


def test_initials_naming_another_type_keep_the_label():
    """review26: 'Care Proceedings (CP)' folded into PROCEEDINGS by its words' initials,
    though CP names child protection: the label is in doubt, and a doubt keeps a label
    (the module's rule). 'Leaving Care (LC)' still folds (LC names no type)."""
    import pandas as pd

    from timestudy.ingest.case_types import one_spelling

    t = pd.Series(["Care Proceedings (CP)", "PROCEEDINGS", "Leaving Care (LC)", "Leaving Care"])
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        got = one_spelling(t).tolist()
    assert got[0] == "Care Proceedings (CP)" and got[1] == "PROCEEDINGS"
    assert got[2] == got[3]
