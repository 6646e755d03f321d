"""Where each entry's counted minutes lie on the clock (:func:`flags.counted_pieces`).

Each minute several entries of a worker cover is counted for the one that ends first
(``counted_min``), so an entry's counted minutes lie on the pieces of its clock span it
keeps, which may be several (lunch around a call), not one span from the earlier ends.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from timestudy import read_diary
from timestudy.ingest.overlaps import NS_PER_MIN, counted_pieces, overlap_minutes

DAY = "2026-03-09"


def _clock(p: pd.DataFrame) -> list[tuple[int, str, str, float]]:
    t0 = pd.Timestamp(DAY)
    at = [(t0 + pd.Timedelta(int(v), "ns")).strftime("%H:%M") for v in p["start"]]
    to = [(t0 + pd.Timedelta(int(v), "ns")).strftime("%H:%M") for v in p["end"]]
    return list(zip(p["row"].tolist(), at, to, p["minutes"].tolist(), strict=True))


def _ns(times: list[str]) -> np.ndarray:
    since = pd.to_datetime([f"{DAY} {t}" for t in times]) - pd.Timestamp(DAY)
    return since.to_numpy("m8[ns]").view("i8")


def test_lunch_with_a_call_keeps_two_pieces_and_the_call_its_own():
    """Lunch 12:30-13:30 (counted 45) and a call 13:00-13:15 (15): the call 13:00-13:15,
    lunch 12:30-13:00 (30) and 13:15-13:30 (15); in any row order."""
    for order in ([0, 1], [1, 0]):
        start = _ns(["12:30", "13:00"])[order]
        end = _ns(["13:30", "13:15"])[order]
        p = counted_pieces(np.zeros(2, np.int64), start, end)
        lunch, call = order.index(0), order.index(1)
        assert sorted(_clock(p)) == sorted(
            [(lunch, "12:30", "13:00", 30.0), (lunch, "13:15", "13:30", 15.0),
             (call, "13:00", "13:15", 15.0)]
        )


def test_a_partial_overlap_as_before_and_same_times_in_equal_parts():
    """09:00-10:00 then 09:30-10:30: the later keeps 10:00-10:30. Two entries of 11:00-11:30
    (siblings' visits) own 15 minutes each, one after the other in ``tie`` order: the first
    11:00-11:15, the second 11:15-11:30 (the old rule gave the first listed all 30)."""
    start = _ns(["09:00", "09:30", "11:00", "11:00"])
    end = _ns(["10:00", "10:30", "11:30", "11:30"])
    p = counted_pieces(np.zeros(4, np.int64), start, end)
    assert _clock(p) == [(0, "09:00", "10:00", 60.0), (1, "10:00", "10:30", 30.0),
                         (2, "11:00", "11:15", 15.0), (3, "11:15", "11:30", 15.0)]
    p = counted_pieces(np.zeros(4, np.int64), start, end, tie=np.array([0, 1, 3, 2]))
    assert _clock(p)[2:] == [(2, "11:15", "11:30", 15.0), (3, "11:00", "11:15", 15.0)]


def test_a_timer_whose_own_duration_differs_from_its_clock():
    """As read from Toggl: B 10:00-11:00 (60 min), C 10:10-10:17:30 timed 15 min, inside B,
    A 09:00-09:00 timed 15. counted_min 15 / 52.5 / 15. C's 15 lie on its 7.5 clock
    minutes (two a minute), B's 52.5 on 10:00-10:10 and 10:17:30-11:00 (one a minute), A's
    15 at a point, 09:00: the minutes of each entry sum to its counted_min."""
    start = _ns(["09:00", "10:00", "10:10"])
    end = start + (np.array([0, 60, 7.5]) * NS_PER_MIN).astype(np.int64)
    own = np.array([15.0, 60.0, 15.0])
    p = counted_pieces(np.zeros(3, np.int64), start, end, own=own)
    assert p["row"].tolist() == [0, 1, 1, 2]
    assert p["minutes"].tolist() == [15.0, 10.0, 42.5, 15.0]
    assert p["rate"].tolist() == [0.0, 1.0, 1.0, 2.0]
    assert (p["end"] - p["start"]).tolist() == [0, 10 * NS_PER_MIN, 42.5 * NS_PER_MIN,
                                                7.5 * NS_PER_MIN]
    # the same with ingest's counted_min given
    given_ = counted_pieces(np.zeros(3, np.int64), start, end, np.array([15.0, 52.5, 15.0]))
    pd.testing.assert_frame_equal(given_, p)


def test_the_minutes_sum_to_counted_min_as_read():
    """A diary read by ``read_diary``: the pieces' minutes by entry are its counted_min."""
    diary = pd.DataFrame({
        "worker_id": ["W1"] * 4 + ["W2"],
        "start": [f"{DAY} {t}" for t in ("09:00", "09:30", "12:30", "13:00", "09:00")],
        "end": [f"{DAY} {t}" for t in ("10:00", "10:30", "13:30", "13:15", "09:45")],
        "activity": ["visit", "notes", "lunch", "call", "admin"],
    })
    e = read_diary(diary, warn=False).episodes
    code = pd.factorize(e["worker_id"])[0]
    start, end = (e[c].to_numpy("M8[ns]").view("i8") for c in ("start", "end"))
    p = counted_pieces(code, start, end, own=e["duration_min"].to_numpy(float))
    total = p.groupby("row")["minutes"].sum().reindex(range(len(e)), fill_value=0.0)
    assert total.tolist() == e["counted_min"].tolist()
    assert dict(zip(e["activity"], e["counted_min"], strict=True))["lunch"] == 45.0


ROWS = st.lists(
    st.tuples(st.integers(0, 2), st.integers(0, 60), st.integers(0, 40), st.booleans()),
    max_size=14,
)


@settings(deadline=None, max_examples=300)
@given(rows=ROWS, everyone=st.booleans(), seed=st.integers(0, 2**16))
def test_pieces_are_disjoint_inside_their_entry_and_make_up_the_union(rows, everyone, seed):
    """For any interval sets per worker, in any row order: each worker's pieces do not
    overlap, each lies inside its entry's span, their union is the union of the entries,
    and each entry's clock time in them is its span less what overlap_minutes counts for
    others (its counted minutes where the clock is its duration)."""
    rows = sorted((w, s, d, ok or everyone) for w, s, d, ok in rows)
    worker = np.array([r[0] for r in rows], np.int64)
    start = np.array([r[1] for r in rows], np.int64) * NS_PER_MIN
    end = start + np.array([r[2] for r in rows], np.int64) * NS_PER_MIN
    may = None if everyone else np.array([r[3] for r in rows], bool)
    covered, _ = overlap_minutes(worker, start, end, may)
    counted = (end - start) / NS_PER_MIN - covered
    shuffle = np.random.default_rng(seed).permutation(len(rows))  # rows in any order
    p = counted_pieces(worker[shuffle], start[shuffle], end[shuffle],
                       interrupts=None if may is None else may[shuffle],
                       tie=np.arange(len(rows))[shuffle])
    row = shuffle[p["row"].to_numpy()]  # back to the sorted rows
    lo, hi = p["start"].to_numpy(), p["end"].to_numpy()
    assert (lo >= start[row]).all() and (hi <= end[row]).all() and (hi > lo).all()
    assert p["minutes"].tolist() == ((hi - lo) / NS_PER_MIN).tolist()
    kept = np.bincount(row, weights=hi - lo, minlength=len(rows)) / NS_PER_MIN
    assert kept.tolist() == pytest.approx(counted.tolist(), abs=1e-9)  # shares: whole ns
    for w in set(worker.tolist()):
        mine = worker[row] == w
        a, b = lo[mine], hi[mine]
        order = np.argsort(a)
        assert (a[order][1:] >= b[order][:-1]).all()  # disjoint
        union = set()
        for s, e in zip(start[worker == w], end[worker == w], strict=True):
            union.update(range(s // NS_PER_MIN, e // NS_PER_MIN))
        mine_minutes = set()
        for s, e in zip(a, b, strict=True):
            mine_minutes.update(range(s // NS_PER_MIN, e // NS_PER_MIN))
        assert mine_minutes == union


@pytest.mark.parametrize("shift", [0, 7])
def test_counted_minutes_spread_in_proportion(shift):
    """Given counted minutes differing from the clock (a clock change: 210 on 270 clock
    minutes) spread evenly over the pieces; an entry of 0 counted keeps its pieces at
    rate 0; the minutes of each row sum to the figure given."""
    start = np.array([0, 100, 300 + shift]) * NS_PER_MIN
    end = np.array([270, 130, 300 + shift]) * NS_PER_MIN
    p = counted_pieces(np.zeros(3, np.int64), start, end, np.array([210.0, 0.0, 0.0]))
    # 0-270 keeps 0-100 and 130-270 (240 clock minutes): 210 / 240 a minute
    assert p["row"].tolist() == [0, 0, 1]
    assert p["minutes"].tolist() == pytest.approx([100 * 210 / 240, 140 * 210 / 240, 0.0])
    assert p.groupby("row")["minutes"].sum().tolist() == pytest.approx([210.0, 0.0])
