"""The notes written straight after a call are found once a piece build (fix30r): the
warning of ``notes_pairs`` and ``notes_of_their_own`` (the diary's end check) read the same
rows, which do not depend on the linking's gap or notes window.

A visit on Monday; on Tuesday a call 9-10 and notes 10-12 on the same case. On main
``straight_after`` ran three times a build (the notes' pieces, then ``after_calls`` for the
warning and again for the diary's end); now twice, with the same pieces and warning.
"""

from __future__ import annotations

import warnings

import pandas as pd
import pytest

from timestudy.panels import claims
from timestudy.panels.coded_diary import code_diary
from timestudy.panels.pieces import build_pieces


def _diary() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "worker_id": "W1",
            "case_id": "C1",
            "duration_min": [60.0, 60.0, 120.0],
            "start": pd.to_datetime(["2026-03-02 09:00", "2026-03-03 09:00", "2026-03-03 10:00"]),
            "task_type": ["statutory_visit", "family_contact", "case_notes"],
            "category": ["direct", "direct", "recording"],
        }
    )


def test_notes_after_calls_found_once_a_build(monkeypatch):
    calls = []
    found = claims.straight_after

    def counted(*args, **kwargs):
        calls.append(1)
        return found(*args, **kwargs)

    monkeypatch.setattr(claims, "straight_after", counted)
    with warnings.catch_warnings(record=True) as said:
        warnings.simplefilter("always")
        pieces = build_pieces(code_diary(_diary()))
    assert len(calls) == 2
    visit = pieces.loc[pieces["task_type"] == "statutory_visit"].iloc[0]
    assert visit["direct_min"] == pytest.approx(60.0)
    assert visit["full_min"] == pytest.approx(180.0)  # the 2 h of notes go to the visit
    assert any("written straight after a call" in str(w.message) for w in said)
