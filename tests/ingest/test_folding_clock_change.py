"""Spellings folded on the nights the clocks change (:mod:`timestudy.ingest.worker_ids`,
:mod:`timestudy.ingest.case_ids`), with a ``timezone``.

Before: once two spellings of a worker (or of a case) were made one, the worker's overlaps and
gaps were worked out again on the wall clock, while the reader works them out on instants. On
the autumn night a row of 01:10-01:50 BST and one of 01:20-01:40 GMT (written with their UTC
offsets) are half an hour apart, but on the wall clock one holds the other: 20 of the first
row's 40 minutes were lost as overlap, flagged ``overlap``, with no other word. A diary without
times placed again had its rows' ends moved by their old clock length, not their true
minutes: an end at 02:00 on the spring night, a time that did not happen, or an hour late
on the autumn night, without ``clock_change``. Every figure below is worked by hand.
"""

from __future__ import annotations

import pandas as pd

from timestudy import read_diary
from timestudy.ingest.case_ids import match_case_ids
from timestudy.ingest.worker_ids import match_worker_ids

LONDON = "Europe/London"
WORKERS = pd.DataFrame({"worker_id": ["W1"]})
CASES = pd.DataFrame({"case_id": ["C1", "C2"], "case_type": ["CIN", "CIN"]})


def _timed(ids, cases, start, end):
    return pd.DataFrame({"worker_id": ids, "start": start, "end": end,
                         "activity": ["a", "b", "c"][:len(ids)], "case_id": cases})


def _times(e: pd.DataFrame) -> list[tuple[str, str, float, str]]:
    e = e.sort_values("source_row")
    return list(zip(e["start"].dt.strftime("%d %H:%M"), e["end"].dt.strftime("%d %H:%M"),
                    e["counted_min"], e["flags"].astype(str), strict=True))


OFFSETS = (["2026-10-25T00:30+01:00", "2026-10-25T01:10+01:00", "2026-10-25T01:20+00:00"],
           ["2026-10-25T01:10+01:00", "2026-10-25T01:50+01:00", "2026-10-25T01:40+00:00"])


def test_rows_half_an_hour_apart_on_the_autumn_night_keep_their_minutes():
    """By hand: 00:30-01:10 BST (23:30-00:10 UTC), 01:10-01:50 BST (00:10-00:50 UTC) and
    01:20-01:40 GMT (01:20-01:40 UTC): no minute shared; 40 + 40 + 20. The code before gave
    the second row 20 minutes and ``overlap`` once ``w1`` was folded into ``W1``."""
    got = match_worker_ids(read_diary(_timed(["W1", "W1", "w1"], ["C1", "C1", "C2"], *OFFSETS),
                                      warn=False, timezone=LONDON), WORKERS)
    assert got.episodes["counted_min"].tolist() == [40.0, 40.0, 20.0]
    assert (got.episodes["flags"] == "").all() and (got.episodes["worker_id"] == "W1").all()
    assert got.report.details["second_pass"] == {"start": [3], "end": [3]}


def test_a_case_spelling_folded_changes_no_minute():
    """The same rows, one worker, a case spelt ``c1``: folding it changes no overlap, so
    every minute stays as read (the code before lost 20 minutes here too)."""
    read = read_diary(_timed(["W1"] * 3, ["C1", "c1", "C2"], *OFFSETS), warn=False,
                      timezone=LONDON)
    got = match_case_ids(read, CASES)
    assert got.episodes["counted_min"].tolist() == read.episodes["counted_min"].tolist() \
        == [40.0, 40.0, 20.0]
    assert got.episodes["case_id"].tolist() == ["C1", "C1", "C2"]
    assert (got.episodes["flags"] == "").all()


def test_an_end_on_the_second_pass_without_an_offset_is_read_as_the_reader_read_it():
    """No offsets: W1 01:30 to 01:10 is read 01:30 BST to 01:10 GMT (the end's first pass is
    before the start: 00:30-01:10 UTC, 40 minutes); w1 01:15-01:25 is 00:15-00:25 UTC, 10
    minutes, before it: no overlap. The reader gives W1 the flag ``clock_change``."""
    diary = _timed(["W1", "w1"], ["C1", "C2"], ["2026-10-25T01:30", "2026-10-25T01:15"],
                   ["2026-10-25T01:10", "2026-10-25T01:25"])
    got = match_worker_ids(read_diary(diary, warn=False, timezone=LONDON), WORKERS)
    e = got.episodes
    assert e["counted_min"].tolist() == [10.0, 40.0]  # in the reader's order: by instant
    assert e["source_row"].tolist() == [2, 1]
    assert e["flags"].tolist() == ["", "clock_change"]


def _dated(date):
    return pd.DataFrame({"worker_id": ["W1", "w1", "W1"], "date": [date] * 3,
                         "duration_min": [600, 120, 600], "activity": ["a", "b", "c"]})


def test_rows_placed_again_across_the_autumn_change_take_true_minutes():
    """24 October 2026 starts 04:00 BST (03:00 UTC) and runs 25 hours. W1's 600, w1's 120
    and W1's 600 minutes one after another: 04:00-14:00, 14:00-16:00 BST, then 16:00 BST
    (15:00 UTC) + 600 minutes = 01:00 UTC = 01:00 GMT on the 25th (540 minutes on the clock:
    ``clock_change``). The code before ended it at 02:00, W1's own row's clock length (14:00
    to 00:00) after 16:00, with no ``clock_change``."""
    got = match_worker_ids(read_diary(_dated("24/10/2026"), warn=False, timezone=LONDON),
                           WORKERS)
    t = _times(got.episodes)
    assert [x[:3] for x in t] == [("24 04:00", "24 14:00", 600.0), ("24 14:00", "24 16:00", 120.0),
                                  ("24 16:00", "25 01:00", 600.0)]
    assert "clock_change" in t[2][3] and "crossed_midnight" in t[2][3]
    assert "clock_change" not in t[1][3] and "crossed_midnight" not in t[1][3]


def test_rows_placed_again_across_the_spring_change_never_end_at_a_time_that_did_not_happen():
    """28 March 2026 starts 04:00 GMT and runs 23 hours: 16:00 GMT + 600 minutes = 02:00 UTC
    = 03:00 BST on the 29th (660 minutes on the clock: ``clock_change``). The code before
    ended it at 02:00, in the hour the clocks skipped."""
    got = match_worker_ids(read_diary(_dated("28/03/2026"), warn=False, timezone=LONDON),
                           WORKERS)
    t = _times(got.episodes)
    assert [x[:3] for x in t][2] == ("28 16:00", "29 03:00", 600.0)
    assert "clock_change" in t[2][3]
    assert got.episodes["counted_min"].sum() == 1320.0


def test_without_a_time_zone_rows_are_placed_on_the_clock_as_written():
    """No zone: 16:00 + 600 minutes = 02:00 on the 25th, the clock as written (the reader's
    rule without a zone), flagged ``crossed_midnight`` as the reader flags it when the diary
    is spelt one way (review22: as W1's own row, 14:00 to 00:00, it was not)."""
    diary = _dated("24/10/2026")
    got = match_worker_ids(read_diary(diary, warn=False), WORKERS)
    t = _times(got.episodes)
    assert t[2][:3] == ("24 16:00", "25 02:00", 600.0)
    one = read_diary(diary.assign(worker_id="W1"), warn=False).episodes
    assert t == _times(one)
    assert "crossed_midnight" in t[2][3]


def test_a_folded_diary_reads_every_row_on_the_passes_the_reader_read():
    """review22: 01:10-01:50 written 100 minutes is read 01:10 BST to 01:50 GMT (00:10-01:50
    UTC, the only reading 100 long); w1's 01:20-01:40 GMT (01:20-01:40 UTC) lies inside it:
    20 of W1's minutes are shared, counted for w1's row, which ends first. Folded, the rows
    are read on the same passes as the diary spelt one way: the same times, minutes and
    flags."""
    diary = pd.DataFrame({"worker_id": ["W1", "w1"],
                          "start": ["2026-10-25T01:10", "2026-10-25T01:20+00:00"],
                          "end": ["2026-10-25T01:50", "2026-10-25T01:40+00:00"],
                          "duration_min": [100, 20], "activity": ["a", "b"]})
    got = match_worker_ids(read_diary(diary, warn=False, timezone=LONDON), WORKERS)
    one = read_diary(diary.assign(worker_id="W1"), warn=False, timezone=LONDON)
    assert _times(got.episodes) == _times(one.episodes)
    assert got.episodes.sort_values("source_row")["counted_min"].tolist() == [80.0, 20.0]


def test_a_diary_read_without_a_zone_is_folded_without_one_whatever_the_mapping():
    """The folding takes the zone the read used, none included: a mapping with a zone given
    to the folding alone does not make it judge on instants the reader never used (review22).
    29 March 2026, no zone: 00:00-01:00 then 02:00-03:00 leave an hour's gap on the clock as
    written (``gap_before`` with ``gap_minutes`` 30, as the diary spelt one way is read); in
    Europe/London they would touch (01:00 GMT is 02:00 BST)."""
    diary = _timed(["W1", "w1"], ["C1", "C2"], ["2026-03-29T00:00", "2026-03-29T02:00"],
                   ["2026-03-29T01:00", "2026-03-29T03:00"])
    gap = {"gap_minutes": 30}
    got = match_worker_ids(read_diary(diary, gap, warn=False), WORKERS,
                           {**gap, "timezone": LONDON})
    one = read_diary(diary.assign(worker_id="W1"), gap, warn=False)
    assert _times(got.episodes) == _times(one.episodes)
    assert "gap_before" in _times(got.episodes)[1][3]
