"""The notes cut by the diary's end are measured on the notes a piece's own sittings were
followed by, not on notes written after a later call (fix27a).

Notes written straight after a call on a case go to an earlier visit of that case (the
notes-after-a-call rule, warned of on its own: :func:`~timestudy.panels.claims.after_calls`).
The call comes after the visit, so a visit at the diary's end never gets them: counted in
the notes per piece, they made a shortfall of the diary's end that was theirs alone (audit26:
all of a 9.3%), the wrong way.

By hand: W1 visits case Vi each weekday i = 0-9, 2-13 March 2026, 10:00-11:00 (60 min); the
next day (i = 0-8) a liaison call on Vi 13:30-15:00 (a call) and 120 minutes of notes on Vi
straight after it, which go to Vi's visit. The notes window is 3 working days: the visits of
days 7, 8 and 9 are cut (V7 and V8 have their call notes, V9 none).

(a) Each visit's own 30 minutes of notes straight after it (11:00-11:30, all seen). Full
    minutes of the visits 600 + 300 + 9 x 120 = 1,980. Before: notes a piece inside
    30 + 120 = 150, cut (150 + 150 + 30) / 3 = 110, short (150 - 110) x 3 = 120 of 1,980,
    6.1%, warned. After: own notes 30 inside and 30 cut, nothing short, nothing said.
(b) Each visit's own 30 minutes the next morning at 09:00 (V9's fall after the diary). Full
    600 + 270 + 1,080 = 1,950. Before: inside 150, cut (150 + 150 + 0) / 3 = 100, short
    50 x 3 = 150, 7.7%. After: inside 30, cut 20, short 10 x 3 = 30 of 1,950, 1.5%.
"""

from __future__ import annotations

import warnings

import pandas as pd

from timestudy.errors import DataQualityWarning
from timestudy.panels import pieces_of_work

DAYS = pd.bdate_range("2026-03-02", "2026-03-13")
H = pd.Timedelta(hours=1)


def _rows(case, start, minutes, task, category) -> pd.DataFrame:
    return pd.DataFrame({"case_id": case, "start": start, "duration_min": minutes,
                         "task_type": task, "category": category})


def _diary(own_at: str) -> pd.DataFrame:
    cases = [f"V{i}" for i in range(10)]
    visits = _rows(cases, DAYS + 10 * H, 60.0, "statutory_visit", "direct_work")
    calls = _rows(cases[:9], DAYS[1:] + 13.5 * H, 90.0, "professional_liaison", "admin")
    after = _rows(cases[:9], DAYS[1:] + 15 * H, 120.0, "case_notes", "recording")
    own = (_rows(cases, DAYS + 11 * H, 30.0, "case_notes", "recording") if own_at == "after"
           else _rows(cases[:9], DAYS[1:] + 9 * H, 30.0, "case_notes", "recording"))
    e = pd.concat([visits, calls, after, own], ignore_index=True).assign(worker_id="W1")
    return e.assign(end=e["start"] + pd.to_timedelta(e["duration_min"], unit="min"))


def _cut_said(own_at: str) -> tuple[pd.DataFrame, list[str]]:
    with warnings.catch_warnings(record=True) as got:
        warnings.simplefilter("always")
        p = pieces_of_work(_diary(own_at), link_within_days={})
    return p, [str(w.message) for w in got if issubclass(w.category, DataQualityWarning)
               and "notes written after the diary's end" in str(w.message)]


def test_notes_after_calls_make_no_shortfall_of_the_end():
    """(a): before, "statutory visit 6.1%"; after, nothing (every visit's own notes seen)."""
    p, said = _cut_said("after")
    visits = p.loc[p["task_type"] == "statutory_visit", "full_min"]
    assert visits.sum() == 1980.0  # the attribution is as it was: the call notes in it
    assert said == []


def test_the_shortfall_is_that_of_the_pieces_own_notes():
    """(b): before 7.7%, after 1.5% (V9's next-morning notes, after the diary)."""
    p, said = _cut_said("next morning")
    assert p.loc[p["task_type"] == "statutory_visit", "full_min"].sum() == 1950.0
    assert len(said) == 1
    assert "(statutory visit 1.5%)" in said[0]


def test_notes_carrying_the_visits_id_stay_its_own():
    """(a) with each call's notes carrying their visit's instance id: the diarist said they
    are the visit's, so they are its own notes, and the figure is (a)'s before: 120 of
    1,980, 6.1% (the rule leaves out only the notes the notes-after-a-call rule gave)."""
    e = _diary("after")
    e["instance_id"] = pd.Series(pd.NA, index=e.index, dtype="string")
    e.loc[e["task_type"] == "statutory_visit", "instance_id"] = [f"I{i}" for i in range(10)]
    after = (e["task_type"] == "case_notes") & (e["start"].dt.hour == 15)
    e.loc[after, "instance_id"] = [f"I{i}" for i in range(9)]
    with warnings.catch_warnings(record=True) as got:
        warnings.simplefilter("always")
        pieces_of_work(e, link_within_days={})
    said = [str(w.message) for w in got if "notes written after the diary's end" in str(w.message)]
    assert len(said) == 1 and "(statutory visit 6.1%)" in said[0]
