"""An entry written inside a longer entry is an interruption: it counts its own minutes.

The overlap rule gave every minute to the entry that started first, so a call taken
during lunch (``Lunch 12:30-13:30``, ``Call with parent re contact 13:00-13:15``) counted
0 minutes: 15 minutes of casework silently lost, and no piece of work for the call. Each
minute several entries of a worker cover now goes to the one that ends first: an entry
wholly inside a longer one that started earlier counts its own minutes and the longer
entry loses them (the day's total unchanged); partial overlaps are counted as before; of
entries starting together the one that ends first counts, and entries of the same start
and end share (:func:`timestudy.ingest.overlaps.overlap_minutes`).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from timestudy import categorise, read_diary
from timestudy.ingest.flags import flag_episodes
from timestudy.ingest.mapping import DiaryMapping
from timestudy.ingest.overlaps import NS_PER_MIN, overlap_minutes
from timestudy.panels import pieces_of_work

DAY = "2026-03-09"


def _read(rows) -> pd.DataFrame:
    """Episodes read from ``(start, end, activity, case_id)`` rows of worker W1 on DAY."""
    diary = pd.DataFrame(rows, columns=["start", "end", "activity", "case_id"])
    diary["start"] = DAY + " " + diary["start"]
    diary["end"] = DAY + " " + diary["end"]
    return read_diary(diary.assign(worker_id="W1"), warn=False).episodes


def _counted(episodes: pd.DataFrame) -> dict[str, float]:
    return dict(zip(episodes["activity"], episodes["counted_min"], strict=True))


def _flags(episodes: pd.DataFrame) -> dict[str, str]:
    return dict(zip(episodes["activity"], episodes["flags"].fillna(""), strict=True))


def test_a_call_taken_during_lunch_counts_its_own_minutes():
    """By hand: visit 09:00-12:00 (180 min), lunch 12:30-13:30 (60) and a call 13:00-13:15
    written inside lunch (15). The call counts its 15 minutes, lunch 60 - 15 = 45 (flagged
    ``overlap``: part of its time is the call's), the visit 180: the day is 180 + 45 + 15
    = 240 min, the time covered, as before. The call on C1 is a piece of work of 15 direct
    minutes. Before: lunch 60, the call 0 (flagged ``overlap``) and no piece for it."""
    e = _read(
        [
            ("09:00", "12:00", "Home visit", "C1"),
            ("12:30", "13:30", "Lunch", None),
            ("13:00", "13:15", "Call with parent re contact", "C1"),
        ]
    )
    assert _counted(e) == {"Home visit": 180.0, "Lunch": 45.0, "Call with parent re contact": 15.0}
    assert e["counted_min"].sum() == 240.0
    assert _flags(e) == {"Home visit": "", "Lunch": "overlap", "Call with parent re contact": ""}
    pieces = pieces_of_work(categorise(e))
    call = pieces.loc[pieces["task_type"] == "family_contact"]
    assert call["direct_min"].tolist() == [15.0]
    assert pieces["direct_min"].sum() == 195.0  # visit 180 + call 15; lunch is no work


def test_an_interruption_inside_an_interruption():
    """By hand: a training day 09:00-16:00 (420 min), a visit 10:00-12:00 inside it (120)
    and a call 10:30-10:40 inside the visit (10). The innermost counts: call 10, visit
    120 - 10 = 110, training 420 - 120 = 300; 420 in all, the time covered. A second call
    at 14:00-14:20 is inside the training day only: 20, training 280. Before: training
    420, the rest 0."""
    e = _read(
        [
            ("09:00", "16:00", "Training day", None),
            ("10:00", "12:00", "Home visit", "C1"),
            ("10:30", "10:40", "Phone call", "C1"),
            ("14:00", "14:20", "Phone call to school", "C2"),
        ]
    )
    assert _counted(e) == {
        "Training day": 280.0,
        "Home visit": 110.0,
        "Phone call": 10.0,
        "Phone call to school": 20.0,
    }
    assert e["counted_min"].sum() == 420.0
    assert _flags(e)["Training day"] == "overlap" and _flags(e)["Home visit"] == "overlap"


def test_a_partial_overlap_is_counted_as_before():
    """A 09:00-10:00 and B 09:30-10:30: neither lies inside the other. The entry that
    started first keeps 09:30-10:00: A 60, B 30 (flagged ``overlap``), 90 in all."""
    e = _read([("09:00", "10:00", "Home visit", "C1"), ("09:30", "10:30", "Case notes", "C1")])
    assert _counted(e) == {"Home visit": 60.0, "Case notes": 30.0}
    assert _flags(e) == {"Home visit": "", "Case notes": "overlap"}


def test_entries_starting_together_by_their_ends_and_same_times_shared():
    """A visit 09:00-12:00, the same times written again as a court hearing and a core
    group 09:00-10:00, in any row order: of entries starting together the one that ends
    first counts its time (core group 09:00-10:00: 60, not flagged) and the two of the
    same start and end share the rest, 10:00-12:00, equally: 60 each (both flagged
    ``overlap``). Under the old rule the first listed kept all of it (180, 0, 0). A call
    10:00-10:15 inside the visit is an interruption all the same: 15; the visit and the
    hearing share 165: 82.5 each."""
    rows = [("09:00", "12:00", "Home visit", "C1"), ("09:00", "12:00", "Court hearing", "C1"),
            ("09:00", "10:00", "Core group", "C1")]
    for order in ([0, 1, 2], [2, 1, 0], [1, 2, 0]):
        e = _read([rows[i] for i in order])
        assert _counted(e) == {"Home visit": 60.0, "Court hearing": 60.0, "Core group": 60.0}
        assert _flags(e) == {"Home visit": "overlap", "Court hearing": "overlap",
                             "Core group": ""}
    rows[2] = ("10:00", "10:15", "Phone call", "C1")
    for order in ([0, 1, 2], [1, 0, 2]):
        e = _read([rows[i] for i in order])
        assert _counted(e) == {"Home visit": 82.5, "Court hearing": 82.5, "Phone call": 15.0}


@pytest.mark.parametrize(("held", "inner"), [("multitasking", 0.0),
                                             ("time_of_day_unknown", 15.0)])
def test_recorded_multitasking_is_no_interruption(held, inner):
    """An observation export recording the inner task as done in parallel
    (``multitasking``) is no interruption: it is counted as before (outer 0-60 keeps 60,
    the inner 30-45 counts 0). A row placed without a time of day beside a timed one (a
    Harvest entry typed in as a duration, :mod:`timestudy.ingest.untimed_rows`) is no
    interruption either, nor covered: its clock is made up, so it counts its own 15 (was
    0, fix37h: 15 of 75 minutes lost)."""
    worker, start = np.zeros(2, np.int64), np.array([0, 30]) * NS_PER_MIN
    end = np.array([60, 45]) * NS_PER_MIN
    eps = pd.DataFrame(
        {"worker_id": ["W1", "W1"], "case_id": [None, None], "duration_min": [60.0, 15.0]}
    )
    day = np.zeros(2, np.int64)
    counted, _, _ = flag_episodes(eps, worker, start, end, DiaryMapping(), {}, day=day)
    assert counted.tolist() == [45.0, 15.0]
    mask = {held: np.array([False, True])}
    counted, _, _ = flag_episodes(eps, worker, start, end, DiaryMapping(), mask, day=day)
    assert counted.tolist() == [60.0, inner]


def _owned(rows) -> list[float]:
    """Minutes each row counts, minute by minute, by the rule as a diarist states it:
    rows ``(worker, start, length, may_interrupt)`` in any order. Ranked by worker and
    start, then those that may interrupt first, then by end, a minute goes to the first
    row covering it; then, while a row covering it that may interrupt lies inside the
    current one (it starts later and ends no later, taking as its end the latest end of
    the rows ranked up to it at its start), to the first such row. Rows alike in all four
    then share what they own equally."""
    rank = sorted(range(len(rows)), key=lambda i: (rows[i][0], rows[i][1], not rows[i][3],
                                                   rows[i][2]))
    got = _owned_ranked([rows[i] for i in rank])
    owned = [0.0] * len(rows)
    for k, i in enumerate(rank):
        owned[i] = got[k]
    for i, r in enumerate(rows):
        alike = [j for j, q in enumerate(rows) if q == r]
        owned[i] = sum(got[rank.index(j)] for j in alike) / len(alike)
    return owned


def _owned_ranked(rows) -> list[int]:
    """:func:`_owned` on rows already ranked, before sharing."""
    owned = [0] * len(rows)

    def reach(i):
        return max(r[1] + r[2] for r in rows[: i + 1] if r[:2] == rows[i][:2])

    for t in range(120):
        cover = [i for i, r in enumerate(rows) if r[1] <= t < r[1] + r[2]]
        for w in {rows[i][0] for i in cover}:
            mine = [i for i in cover if rows[i][0] == w]
            cur = mine[0]
            while inner := [
                i
                for i in mine
                if rows[i][3]
                and rows[i][1] > rows[cur][1]
                and reach(i) <= rows[cur][1] + rows[cur][2]
            ]:
                cur = inner[0]
            owned[cur] += 1
    return owned


ROWS = st.lists(
    st.tuples(st.integers(0, 2), st.integers(0, 60), st.integers(0, 40), st.booleans()), max_size=12
)


@settings(deadline=None, max_examples=300)
@given(rows=ROWS, everyone=st.booleans())
def test_each_minute_goes_to_one_entry_by_the_rule(rows, everyone):
    """For any rows the minutes counted are those of :func:`_owned`, minute by minute; so
    a worker's counted minutes are the length of the union of its entries."""
    rows = [(w, s, d, ok or everyone) for w, s, d, ok in rows]
    rows.sort(key=lambda r: r[:2])  # by worker and start; rows starting together in any order
    worker = np.array([r[0] for r in rows], np.int64)
    start = np.array([r[1] for r in rows], np.int64) * NS_PER_MIN
    end = start + np.array([r[2] for r in rows], np.int64) * NS_PER_MIN
    may = None if everyone else np.array([r[3] for r in rows], bool)
    covered, _ = overlap_minutes(worker, start, end, may)
    counted = (end - start) / NS_PER_MIN - covered
    assert counted.tolist() == pytest.approx(_owned(rows), abs=1e-9)
    for w in set(worker.tolist()):
        union = set()
        for s, d in zip(start[worker == w], end[worker == w], strict=True):
            union.update(range(s // NS_PER_MIN, d // NS_PER_MIN))
        assert counted[worker == w].sum() == pytest.approx(len(union), abs=1e-9)


@settings(deadline=None, max_examples=40)
@given(
    rows=st.lists(
        st.tuples(st.integers(0, 1), st.integers(0, 600), st.integers(1, 240)),
        min_size=1,
        max_size=15,
    )
)
def test_a_worker_days_counted_minutes_are_the_time_covered(rows):
    """Read as a diary, any entries of two workers on one day: each worker-day's counted
    minutes equal the length of the union of its entries (each minute counted once)."""
    t0 = pd.Timestamp(f"{DAY} 06:00")
    diary = pd.DataFrame(
        {
            "worker_id": [f"W{w}" for w, _, _ in rows],
            "start": [t0 + pd.Timedelta(minutes=s) for _, s, _ in rows],
            "end": [t0 + pd.Timedelta(minutes=s + d) for _, s, d in rows],
            "activity": [f"entry {i}" for i in range(len(rows))],  # no two rows alike
        }
    )
    e = read_diary(diary, warn=False).episodes
    for w, mine in e.groupby("worker_id"):
        union = set()
        for _, s, d in (r for r in rows if f"W{r[0]}" == w):
            union.update(range(s, s + d))
        assert mine["counted_min"].sum() == pytest.approx(len(union))
