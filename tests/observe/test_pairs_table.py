"""The pairs of sessions formed on the sessions' arrays (perf26c), not by merging the sessions'
table with itself: the same pairs, in the same order, with the same columns and dtypes."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from timestudy.observe.pairing import _pairs_of, _same_worker

T0 = np.datetime64("2026-03-09T09:00", "us").astype(np.int64)
US_PER_MIN = 60_000_000


def merged(sessions: pd.DataFrame, given: bool = False):
    """The pairs as the merge made them before (the reference); ``_order`` as it is."""
    from timestudy.observe.pairing import _order

    link = ["link"] if "link" in sessions.columns else []
    ranked = sessions.assign(rank=_order(sessions))
    both = ranked.merge(ranked, on=["worker", *link], suffixes=("_a", "_b"))
    different = both["observer_a"].astype(str) != both["observer_b"].astype(str)
    first = (both["observer_a"].astype(str) < both["observer_b"].astype(str) if given
             else both["rank_a"] < both["rank_b"])
    both = both[different & first].sort_values(["rank_a", "rank_b"], kind="stable")
    start, end = np.maximum(both["lo_a"], both["lo_b"]), np.minimum(both["hi_a"], both["hi_b"])
    both = both.assign(start=start, end=end)[end > start].reset_index(drop=True)
    out = pd.DataFrame({
        "pair": np.arange(len(both)), "worker": both["worker"],
        "session_a": both["session_a"], "session_b": both["session_b"],
        "observer_a": both["observer_a"], "observer_b": both["observer_b"],
        "start": pd.to_datetime(both["start"].to_numpy().astype("datetime64[us]")),
        "end": pd.to_datetime(both["end"].to_numpy().astype("datetime64[us]")),
        "common_min": (both["end"] - both["start"]).to_numpy() / US_PER_MIN})
    return out, both["code_a"].to_numpy(), both["code_b"].to_numpy()


def sessions_of(rows, link: bool) -> pd.DataFrame:
    worker, observer, lo, span, linked = (np.array(c) for c in zip(*rows, strict=True))
    s = pd.DataFrame({"worker": [f"W{w}" for w in worker], "observer": [f"O{o}" for o in observer],
                      "session": [f"S{i}" for i in range(len(rows))]})
    if link:
        s["link"] = [f"L{k}" for k in linked]
    s = s.astype(str)
    lo = T0 + lo.astype(np.int64) * US_PER_MIN
    return s.assign(lo=lo, hi=lo + span.astype(np.int64) * US_PER_MIN,
                    times=np.arange(len(rows), dtype=np.uint64), code=np.arange(len(rows)))


def test_hand_worked_pairs(monkeypatch):
    """W1: S0 by O1 09:00-10:00, S1 by O2 09:30-10:30, S2 by O1 09:45-09:50; W2: S3 by O2.
    Pairs: S0 with S1 (09:30-10:00, 30 min; S0 starts first), S1 with S2 (S2 is in S1's
    time: S1 starts first, 5 min); S0 and S2 are one observer's; S3 is alone. No merge
    (before: the table merged with itself)."""
    s = sessions_of([(1, 1, 0, 60, 0), (1, 2, 30, 60, 0), (1, 1, 45, 5, 0), (2, 2, 0, 9, 0)],
                    link=False)
    monkeypatch.setattr(pd.DataFrame, "merge", lambda *a, **k: pytest.fail("merged"))
    out, a, b = _pairs_of(s)
    assert out[["session_a", "session_b", "common_min"]].values.tolist() == [
        ["S0", "S1", 30.0], ["S1", "S2", 5.0]]
    assert a.tolist() == [0, 1] and b.tolist() == [1, 2]


def test_every_ordered_pair_of_a_worker():
    """Workers W1, W2, W1: rows 0 and 2 with each other and themselves, row 1 with itself."""
    a, b = _same_worker(pd.DataFrame({"worker": ["W1", "W2", "W1"]}), ["worker"])
    assert sorted(zip(a.tolist(), b.tolist(), strict=True)) == [(0, 0), (0, 2), (1, 1), (2, 0),
                                                               (2, 2)]


@given(st.lists(st.tuples(st.integers(0, 2), st.integers(0, 3), st.integers(0, 60),
                          st.integers(0, 40), st.integers(0, 1)), min_size=1, max_size=25),
       st.booleans(), st.booleans())
def test_the_same_pairs_as_the_merge(rows, link, given_order):
    """Any sessions (workers, observers, links, times, empty ones): the same table, codes and
    order as the merge, with *a* by rank or (``given``) by observer."""
    s = sessions_of(rows, link)
    (got, a, b), (want, wa, wb) = _pairs_of(s, given_order), merged(s, given_order)
    pd.testing.assert_frame_equal(got, want, check_exact=True)
    assert np.array_equal(a, wa) and np.array_equal(b, wb)


def test_clipped_members_without_a_merge(monkeypatch):
    """O1's session 09:00-10:00 (tasks 09:00-09:40, 09:40-10:00) and O2's 09:30-10:30 (task
    09:30-10:30): one pair, common window 09:30-10:00. Clipped: O1's tasks to 09:30-09:40
    and 09:40-10:00 (side 0), O2's to 09:30-10:00 (side 1); no merge (before: one)."""
    from timestudy.observe.pairing import session_pairs
    from timestudy.observe.reliability import _clipped_members

    t = pd.to_datetime(["2026-03-09 09:00", "2026-03-09 09:40", "2026-03-09 09:30"])
    eps = pd.DataFrame({"worker_id": "W1", "observer": ["O1", "O1", "O2"],
                        "session_id": ["S1", "S1", "S2"], "category": "n", "start": t,
                        "end": t + pd.to_timedelta([40, 20, 60], unit="min")})
    from timestudy.observe._timeline import prepare

    table, code, a, b = session_pairs(eps, "session", "observer", "session_id", "worker_id")
    p = prepare(eps, by="category")
    monkeypatch.setattr(pd.DataFrame, "merge", lambda *x, **k: pytest.fail("merged"))
    row, pair, side, cs, ce = _clipped_members(p, table, code, a, b)
    assert row.tolist() == [0, 1, 2] and side.tolist() == [0, 0, 1] and pair.tolist() == [0] * 3
    minutes = ((cs - T0) // US_PER_MIN).tolist(), ((ce - T0) // US_PER_MIN).tolist()
    assert minutes == ([30, 40, 30], [40, 60, 60])


def test_task_matching_without_sorting_frames(monkeypatch):
    """A's tasks 0-10 and 10-20, B's 0-12 and 12-20 (one pair): A0 with B0 (overlap 10, iou
    10/12) and A1 with B1 (8, iou 8/10), each the other's best; A1 and B0 overlap 2 (iou
    2/12) and are not matched. On arrays (before: two frame sorts, two drops and a merge)."""
    from timestudy.observe._matching import match_tasks

    for name in ("merge", "sort_values", "drop_duplicates"):
        monkeypatch.setattr(pd.DataFrame, name, lambda *a, **k: pytest.fail("a frame sorted"))
    m = match_tasks(np.zeros(4, int), np.array([0, 0, 1, 1]), np.array([0, 10, 0, 12]),
                    np.array([10, 20, 12, 20]), 1)
    assert m[["a", "b", "overlap"]].values.tolist() == [[0, 2, 10], [1, 3, 8]]
    assert m["iou"].tolist() == pytest.approx([10 / 12, 8 / 10])
