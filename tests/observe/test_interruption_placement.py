"""The observation measures put an interruption's counted minutes where it lies.

Ingest counts a call 13:00-13:15 written inside lunch 12:30-13:30 as the call's 15
minutes and lunch's 45 (each minute for the entry that ends first). Those minutes lie on
the clock where each entry keeps its time: the call 13:00-13:15, lunch 12:30-13:00 and
13:15-13:30 (``flags.counted_pieces``), not one span of lunch's 45 from 12:30 and the
call's 15 after lunch's end.
"""

from __future__ import annotations

import warnings

import pandas as pd
import pytest

from timestudy import categorise, read_diary
from timestudy.observe import multitasking, tempogram, time_budget


def _lunch_with_a_call() -> pd.DataFrame:
    diary = pd.DataFrame({
        "worker_id": ["W1", "W1"],
        "start": ["2026-03-09 12:30", "2026-03-09 13:00"],
        "end": ["2026-03-09 13:30", "2026-03-09 13:15"],
        "activity": ["Lunch", "Call with parent"],
    })
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return categorise(read_diary(diary, warn=False).episodes)


def test_the_tempogram_puts_the_call_at_13_00_and_lunch_around_it():
    """Quarter-hour slots by hand: 12:30 and 12:45 lunch 15 each, 13:00 the call 15 (lunch
    0), 13:15 lunch 15. (Before: lunch 11.25 in each of its four slots, the call's 15 at
    13:15.)"""
    e = _lunch_with_a_call()
    assert e["counted_min"].tolist() == [45.0, 15.0]
    m = tempogram(e, by="activity", slot=15).minutes
    got = m.loc[["12:30", "12:45", "13:00", "13:15"], ["Lunch", "Call with parent"]]
    assert got.to_dict("list") == {"Lunch": [15.0, 15.0, 0.0, 15.0],
                                   "Call with parent": [0.0, 0.0, 15.0, 0.0]}


def test_the_multitasking_table_gives_the_call_its_15_minutes():
    """The worker's counted time where each activity goes on: the call 13:00-13:15 holds
    the call's 15 minutes; lunch 12:30-13:30 holds all 60 (its 45 and the call's 15), of
    which the call's 15 are at two activities at once. (Before: the call 26.25, lunch's
    45 spread at 0.75 a minute over 13:00-13:15 and the call's 15 at a point.)"""
    m = multitasking(_lunch_with_a_call(), by="activity")
    assert m.table["minutes"].to_dict() == pytest.approx({"Call with parent": 15.0, "Lunch": 60.0})
    assert m.table["multitasking_min"].to_dict() == pytest.approx(
        {"Call with parent": 15.0, "Lunch": 15.0})
    assert m.totals["observed_min"].iloc[0] == pytest.approx(60.0)
    b = time_budget(_lunch_with_a_call(), by="activity").summary()["mean_min"]
    assert b.to_dict() == pytest.approx({"Call with parent": 15.0, "Lunch": 45.0, "all": 60.0})
