"""Notes written straight after a call on their case, given to an earlier visit, are warned
of (audit26).

In the audit's study every 90-minute liaison with school (a call: ``professional_liaison``
is ``call: true``) was followed straight away by 2 h of case notes on the same case; calls
take no notes (the attribution rule, which stays), so 130 of the 194 notes hours went to the
case's visit up to 3 working days before, and statutory visit full hours read 4.30 h against
3.00 h by hand, with no word to the user. Now a warning gives the hours and the fix.

By hand: W1 visits C1 on Monday 2 March 2026 10:00-11:00; on Tuesday a liaison call on C1
13:30-15:00, then notes on C1 15:00-17:00 (120 min = 2.0 h, 1 entry): the notes follow the
call, no other case work between, and the visit of the day before (1 working day, within
3) takes them. Notes written straight after the visit itself (Monday 11:00-12:00) are its
own and are not warned of; nor are notes after a call on a case with no earlier visit
(they stay a piece of their own).
"""

from __future__ import annotations

import warnings

import pandas as pd
import pytest

from timestudy.errors import DataQualityWarning
from timestudy.panels import pieces_of_work

VISIT = ("W1", "C1", "2026-03-02 10:00", "2026-03-02 11:00", "statutory_visit", "direct_work")
CALL = ("W1", "C1", "2026-03-03 13:30", "2026-03-03 15:00", "professional_liaison", "admin")
NOTES = ("W1", "C1", "2026-03-03 15:00", "2026-03-03 17:00", "case_notes", "recording")


def _diary(rows) -> pd.DataFrame:
    e = pd.DataFrame(rows, columns=["worker_id", "case_id", "start", "end", "task_type",
                                    "category"])
    e["start"], e["end"] = pd.to_datetime(e["start"]), pd.to_datetime(e["end"])
    return e.assign(duration_min=(e["end"] - e["start"]).dt.total_seconds() / 60)


def _said(rows) -> tuple[pd.DataFrame, list[str]]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        p = pieces_of_work(_diary(rows))
    return p, [str(w.message) for w in caught if issubclass(w.category, DataQualityWarning)
               and "straight after a call" in str(w.message)]


def test_notes_after_a_call_given_to_the_visit_before_are_warned():
    p, said = _said([VISIT, CALL, NOTES])
    visit = p.loc[p["task_type"] == "statutory_visit"]
    assert visit["full_min"].tolist() == pytest.approx([60.0 + 120.0])  # the rule stays
    assert len(said) == 1
    assert said[0].startswith("2.0 h of case notes (1 entry) written straight after a call")
    assert "write a call's notes in its own entry" in said[0]
    assert "call: false" in said[0]


def test_notes_after_the_visit_or_with_no_earlier_visit_are_not_warned():
    own = ("W1", "C1", "2026-03-02 11:00", "2026-03-02 12:00", "case_notes", "recording")
    assert _said([VISIT, own])[1] == []
    assert _said([CALL, NOTES])[1] == []  # no earlier piece: the notes are their own
