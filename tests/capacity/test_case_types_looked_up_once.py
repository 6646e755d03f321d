"""The other names of the guide's case types are looked up only when the caseload has a
type the guide has not (issue 18: the guide in seconds).

Before: :func:`misspelt_types` looked up the guide's types' other names
(:func:`timestudy.ingest.case_types.synonym_of`, a few pandas string passes) on every
call, even for a caseload whose types are all the guide's, and a guide run calls it seven
times (the headline, the loads, the report's capacity tables). On the 120-worker study
that was 0.13 s of processor time for an answer of ``{}`` every time.

Hand-worked on ``_guides.hand_guide`` (types CIN and CP):

- ``CP, CIN, CP`` and a case with no type: every type is the guide's, so no type is
  misspelt (``{}``) and no other name need be looked up (0 look-ups; 2 before);
- ``CP, cin``: ``cin`` is not the guide's as spelt; trimmed and case-folded it is ``CIN``,
  so ``{'cin': 'CIN'}``, as before (the look-ups are made).
"""

from __future__ import annotations

import pandas as pd
from _guides import hand_guide

from timestudy.capacity import caseload_types
from timestudy.capacity.need import misspelt_types


def _counted(monkeypatch) -> list:
    calls: list = []
    real = caseload_types.synonym_of

    def counted(types):
        calls.append(list(types))
        return real(types)

    monkeypatch.setattr(caseload_types, "synonym_of", counted)
    return calls


def test_no_other_name_is_looked_up_when_every_type_is_the_guides(monkeypatch):
    calls = _counted(monkeypatch)
    caseload = pd.DataFrame({"case_type": pd.Series(["CP", "CIN", "CP", None], dtype=object)})
    assert misspelt_types(hand_guide(), caseload) == {}
    assert calls == []


def test_a_type_spelt_otherwise_is_still_found(monkeypatch):
    calls = _counted(monkeypatch)
    caseload = pd.DataFrame({"case_type": pd.Series(["CP", "cin"], dtype=object)})
    assert misspelt_types(hand_guide(), caseload) == {"cin": "CIN"}
    assert calls  # looked up: a type the guide has not
