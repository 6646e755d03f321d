"""The measures run alone count two observers' shadowing of one worker once.

Defect: ``observation_study`` counts the time two observers' sessions of one person share
from one session only, but ``interruptions``, ``tempogram`` and the other measures run on
their own counted both sessions, so the worker shadowed twice weighed twice (study1 of
the audit: 6 interruptions over 9.583 h = 0.626 an hour alone, 5 over 8.5 = 0.588 in the
study). Both now take the one rule (:func:`~timestudy.observe.pairing.counted_once`),
and the measure run alone says so in a warning.
"""

from __future__ import annotations

import warnings

import pytest
from _wombat_export import export, session

from timestudy import read_diary
from timestudy.errors import DataQualityWarning
from timestudy.observe import interruptions, observation_study, tempogram, time_budget

NOTES = dict(what="Documentation", sub="Case notes")
PHONE = dict(what="Communication", sub="Phone call", interrupting=True)
TRAVEL = dict(what="Travel")


def _study():
    """Observers 101 and 102 both shadow P1 09:00-10:00: notes 09:00-09:40 paused for a
    call (09:20-09:25 by 101, 09:21-09:25 by 102), travel 09:40-10:00. Observer 101 also
    shadows P2 09:00-10:00: notes throughout."""
    rows = []
    for obs, sid, call in (("101", "1", "09:20"), ("102", "2", "09:21")):
        rows += session("01-Apr-2025", obs, sid, "QEH", "P1", "09:00", "10:00", [
            NOTES | dict(n=1, start="09:00", end="09:40", pauses=[(2, call, "09:25")]),
            PHONE | dict(n=2, start=call, end="09:25"),
            TRAVEL | dict(n=3, start="09:40", end="10:00"),
        ])
    rows += session("01-Apr-2025", "101", "3", "QEH", "P2", "09:00", "10:00", [
        NOTES | dict(n=1, start="09:00", end="10:00"),
    ])
    return read_diary(export(rows), layout="wombat", warn=False).episodes


def test_interruptions_alone_count_the_shared_session_once():
    """Sessions 1 and 2 start and end together: session 1 (lower id) keeps the hour. 1
    interruption over 2 hours observed (P1 once, P2) = 0.5 an hour (was 2 over 3 =
    0.667), with a warning; the same as observation_study's."""
    eps = _study()
    with pytest.warns(DataQualityWarning, match="counted from one session only"):
        r = interruptions(eps, "activity")
    assert r.table.loc["all", "interruptions"] == 1
    assert r.table.loc["all", "hours"] == pytest.approx(2.0)
    assert r.per_hour == pytest.approx(0.5)
    assert observation_study(eps, "activity").interruptions.per_hour == pytest.approx(0.5)


def test_tempogram_and_budget_alone_count_the_shared_session_once():
    """Slot 09:15-09:30: P1 (session 1) notes 10, call 5; P2 notes 15: call 5 / 30 = 1/6
    (was (5 + 4) / 45 = 0.2 with session 2 counted too). Budget, sessions as units: call
    5 min in 1 of 2 sessions, mean 2.5 (was 3 sessions, (5 + 4) / 3 = 3.0)."""
    eps = _study()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DataQualityWarning)
        t = tempogram(eps, "activity").shares
        b = time_budget(eps, "activity").table.set_index("activity")
    assert t.loc["09:15", "Communication: Phone call"] == pytest.approx(1 / 6)
    assert b.loc["Communication: Phone call", "mean_min"] == pytest.approx(2.5)
    assert b.loc["Communication: Phone call", "units"] == 2


def test_observation_study_warns_nothing_more():
    """The study pairs the sessions itself: its measures take its episodes, counted once,
    without pairing (or warning) again."""
    eps = _study()
    with warnings.catch_warnings():
        warnings.simplefilter("error", DataQualityWarning)
        study = observation_study(eps, "activity")
    assert len(study.pairs) == 1
