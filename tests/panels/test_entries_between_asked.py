"""``link_sittings`` asks :func:`~timestudy.panels.linking._entries_between` only about the
pairs whose answer it reads (perf34g, from perf33g's patch): same-day sittings of a window-0
task with a gap longer than ``same_day_gap_min`` and no longer than ``break_min``.

Before, every consecutive pair of the link order was asked (24,017 on /tmp/s120 per linking,
of which the rule reads a few hundred), and each start's place among the distinct starts was
searched for twice. The pieces must not move: a property compares ``link_sittings`` with a
row-by-row statement of the rule on random sorted diaries (several workers, equal starts,
entries of no length), and ``_entries_between`` with a brute-force count on random pairs.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from timestudy.panels import linking
from timestudy.panels.linking import _entries_between, link_order, link_sittings

MIN = 60_000_000_000  # a minute in ns


@st.composite
def diaries(draw: st.DrawFn) -> tuple[pd.DataFrame, np.ndarray]:
    """A coded diary of a few workers, cases and task types on a few days: starts on a
    coarse grid (so several rows start together), lengths of 0 to 90 minutes."""
    n = draw(st.integers(1, 40))
    ints = st.lists
    worker = draw(ints(st.integers(0, 2), min_size=n, max_size=n))
    case = draw(ints(st.integers(-1, 2), min_size=n, max_size=n))
    task = draw(ints(st.integers(0, 1), min_size=n, max_size=n))
    day = draw(ints(st.integers(0, 2), min_size=n, max_size=n))
    at = draw(ints(st.integers(0, 40), min_size=n, max_size=n))  # 15-minute slots
    length = draw(ints(st.sampled_from([0, 1, 5, 15, 30, 90]), min_size=n, max_size=n))
    window = draw(ints(st.sampled_from([0, 0, 3]), min_size=2, max_size=2))
    start = (np.array(day) * 1440 + np.array(at) * 15) * MIN
    s = pd.DataFrame(
        {
            "worker": worker,
            "case": case,
            "task": task,
            "iid": -1,
            "day": day,
            "start": start,
            "end": start + np.array(length) * MIN,
        }
    )
    return s, np.array(window)[np.array(task)]


def _pieces_by_hand(
    s: pd.DataFrame, windows: np.ndarray, gap_min: float, break_min: float
) -> np.ndarray:
    """The rule row by row over the link order: a new piece at a new worker, case or task,
    a day gap beyond the window, or (window 0, both case work) a gap beyond ``gap_min``
    minutes that is beyond ``break_min`` or has an entry of the worker starting in it."""
    o = link_order(s)
    r = s.to_dict("list")
    piece, code = np.full(len(s), -1), -1
    for i, (p, q) in enumerate(zip(np.r_[-1, o[:-1]], o, strict=True)):
        new = i == 0 or any(r[c][p] != r[c][q] for c in ("worker", "case", "task"))
        if not new:
            gap = r["start"][q] - r["end"][p]
            between = any(
                r["worker"][k] == r["worker"][q] and r["end"][p] <= r["start"][k] < r["start"][q]
                for k in range(len(s))
            )
            new = r["day"][q] - r["day"][p] > windows[q] or (
                windows[q] == 0
                and r["case"][p] >= 0
                and r["case"][q] >= 0
                and gap > gap_min * MIN
                and (gap > break_min * MIN or between)
            )
        code += new
        piece[q] = code
    return piece


@settings(max_examples=200, deadline=None)
@given(diaries(), st.sampled_from([0.0, 1.0, 20.0]), st.sampled_from([0.0, 30.0, 120.0]))
def test_pieces_as_the_rule_says(
    d: tuple[pd.DataFrame, np.ndarray], gap_min: float, break_min: float
) -> None:
    s, windows = d
    got = link_sittings(s, windows, same_day_gap_min=gap_min, break_min=break_min)
    assert got.tolist() == _pieces_by_hand(s, windows, gap_min, break_min).tolist()


@settings(max_examples=200, deadline=None)
@given(diaries(), st.data())
def test_entries_between_by_brute_force(
    d: tuple[pd.DataFrame, np.ndarray], data: st.DataObject
) -> None:
    s, _ = d
    w, start, end = (s[c].to_numpy() for c in ("worker", "start", "end"))
    pick = st.lists(st.integers(0, len(s) - 1), max_size=10)
    a, b = np.array(data.draw(pick), int), np.array(data.draw(pick), int)
    a, b = a[: min(len(a), len(b))], b[: min(len(a), len(b))]
    want = [
        bool(((w == w[i]) & (start >= end[i]) & (start < start[j])).any())
        for i, j in zip(a, b, strict=True)
    ]
    assert _entries_between(w, start, a, b, end).tolist() == want


def test_only_the_pairs_read_are_asked(monkeypatch) -> None:
    """Four sittings of one visit task on one case and day (9:00, 9:40, 12:00, 12:01) and an
    other entry at 10:00: the gaps are 30, 110 (with the 10:00 entry in it) and 0 minutes.
    With a break of 60 minutes only the 30-minute gap needs the question (110 > 60 splits
    anyway, 0 <= 1 joins anyway); the pieces are [0, 0, 1, 1] (the other entry: 2)."""
    asked = []

    def spy(worker, start, a, b, end):
        asked.append(len(a))
        return _entries_between(worker, start, a, b, end)

    monkeypatch.setattr(linking, "_entries_between", spy)
    h = 60 * MIN
    start = np.array([9 * h, 9 * h + 40 * MIN, 12 * h, 12 * h + MIN, 10 * h])
    s = pd.DataFrame(
        {
            "worker": 0,
            "case": [0, 0, 0, 0, 1],
            "task": [0, 0, 0, 0, 1],
            "iid": -1,
            "day": 0,
            "start": start,
            "end": start + np.array([10, 30, 1, 10, 5]) * MIN,
        }
    )
    got = link_sittings(s, np.zeros(5, int), break_min=60.0)
    assert got.tolist() == [0, 0, 1, 1, 2]
    assert asked == [1]  # before: all 4 consecutive pairs of the link order
