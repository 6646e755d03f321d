"""Session spans and quiet minutes worked on arrays (perf26c): no pandas group-by for the
sessions' clock times, no merge for what covers each span; the same figures."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from timestudy.observe._span import quiet_minutes, session_spans
from timestudy.observe._timeline import prepare

CLOCKS = ["09:00", "09:00:00", "08:30", "23:50", "00:10", "25:00", "", None, "x", " 10:00 "]


def test_hand_worked_quiet_minutes(monkeypatch):
    """W1's session S1 09:00-11:00 has tasks 09:00-09:30 and 10:30-11:00; S2 (O2's, 10:00-12:00,
    starts later) has one task 11:30-11:45. S1: 120 - 30 - 30 = 60 quiet minutes. S2: its
    120 minutes less 10:00-11:00 (S1's span, ranked first), 10:30-11:00 (inside it) and
    11:30-11:45: 120 - 60 - 15 = 45. Without group-bys or merges (before: 6 group-bys and
    2 merges)."""
    t = pd.to_datetime(["2026-03-09 09:00", "2026-03-09 10:30", "2026-03-09 11:30"])
    eps = pd.DataFrame({"worker_id": "W1", "session_id": ["S1", "S1", "S2"], "category": "n",
                        "start": t, "end": t + pd.to_timedelta([30, 30, 15], unit="min"),
                        "session_start": ["09:00", "09:00", "10:00"],
                        "session_end": ["11:00", "11:00", "12:00"]})
    p = prepare(eps, by="category")
    monkeypatch.setattr(pd.DataFrame, "merge", lambda *a, **k: pytest.fail("merged"))
    monkeypatch.setattr(pd.Series, "groupby", lambda *a, **k: pytest.fail("grouped"))
    assert quiet_minutes(p).tolist() == [60.0, 45.0]
    lo, hi, known = session_spans(p)
    assert known.tolist() == [True, True] and ((hi - lo) / 60e6).tolist() == [120.0, 120.0]


def reference_known(eps: pd.DataFrame, p) -> np.ndarray:
    """Which sessions' spans are known, by hand: one valid clock time to start and one to end
    on every episode of the session, and a start unlike the end."""
    def clock(v):
        try:
            h, m = str(v).strip().split(":")[:2]
            h, m = int(h), int(m)
        except (ValueError, AttributeError):
            return None
        return None if h > 23 or m > 59 else h * 60 + m
    out = []
    for k in range(len(p.streams)):
        rows = eps[p.stream == k]
        s = {clock(v) for v in rows["session_start"]}
        e = {clock(v) for v in rows["session_end"]}
        out.append(len(s) == 1 and len(e) == 1 and None not in s | e and s != e)
    return np.array(out)


@given(st.lists(st.tuples(st.integers(0, 2), st.sampled_from(CLOCKS), st.sampled_from(CLOCKS),
                          st.integers(0, 200), st.integers(0, 60)), min_size=1, max_size=12))
def test_known_spans_by_hand(rows):
    """Any sessions' clock texts (valid, out of range, blank, missing, padded): known as
    worked by hand, and quiet minutes between 0 and the span."""
    session, s0, s1, at, length = zip(*rows, strict=True)
    start = pd.Timestamp("2026-03-09 08:00") + pd.to_timedelta(list(at), unit="min")
    eps = pd.DataFrame({"worker_id": "W1", "session_id": [f"S{k}" for k in session],
                        "category": "n", "start": start,
                        "end": start + pd.to_timedelta(list(length), unit="min"),
                        "session_start": list(s0), "session_end": list(s1)})
    p = prepare(eps, by="category")
    lo, hi, known = session_spans(p)
    assert known.tolist() == reference_known(eps, p).tolist()
    quiet = quiet_minutes(p)
    assert (quiet >= 0).all() and (quiet <= (hi - lo) / 60e6 + 1e-9).all()
