"""Three readings of a WOMBAT task paused at a clock change, found by review27 (fix27g).

With ``--timezone Europe/London`` a task's pause times are read each at or after the one
before it (:func:`timestudy.ingest.clock_limits.zoned_pauses`). Three rows were read
wrongly:

* a task paused across the autumn change with its ``elapsed time`` blank: the pause
  check read the end on the second pass (after the pause), the fragments the reader's
  first pass (before the pauses were read), so the second fragment had no length;
* a pause starting in the hour the clocks skip in spring: refused ``bad_pause`` as "not
  within its task", not told the time did not happen;
* a task whose own start is in that hour: refused ``nonexistent_time`` and also,
  spuriously, ``bad_pause`` for a pause well within it.
"""

from __future__ import annotations

from timestudy import read_diary

HEAD = ("session date,observer id,session id,location id,participant id,session start,"
        "session end,observer/session/task id,What (SW v1),What (SW v1) (subcategories),"
        "start time,end time,elapsed time,total time,is interrupting task?,interrupted by,"
        "num of interrupts,int task id 1,int start 1,int end 1,active 1,active 2,inactive 1\n")
LONDON = "Europe/London"
AUTUMN = "25-Oct-2026,10175,7,QEH,SW5,00:30:00,02:30:00"
SPRING = "29-Mar-2026,10175,7,QEH,SW5,00:30:00,02:30:00"
# 00:50 BST (23:50 UTC), paused 01:20 BST (00:20 UTC) to 01:00 GMT (01:00 UTC), ended
# 01:30 (GMT after the pause: 01:30 UTC); elapsed blank, total 01:00
NO_ELAPSED = HEAD + (
    f"{AUTUMN},10175_7_1,Admin,0,00:50:00,01:30:00,,01:00:00,false,10175_7_9,1,"
    "10175_7_9,01:20:00,01:00:00,00:30:00,00:30:00,00:40:00\n")
WITH_ELAPSED = NO_ELAPSED.replace(",01:30:00,,01:00:00,", ",01:30:00,01:40:00,01:00:00,")
# 00:50 GMT to 02:30 BST, paused from 01:30 (did not happen: 01:00 GMT is 02:00 BST)
PAUSE_IN_GAP = HEAD + (
    f"{SPRING},10175_7_1,Admin,0,00:50:00,02:30:00,00:40:00,00:20:00,false,10175_7_9,1,"
    "10175_7_9,01:30:00,02:10:00,00:10:00,00:20:00,00:10:00\n")
# start 01:30 (did not happen), paused 02:10-02:15 BST, ended 02:40 BST
START_IN_GAP = HEAD + (
    f"{SPRING},10175_7_1,Admin,0,01:30:00,02:40:00,00:10:00,00:05:00,false,10175_7_9,1,"
    "10175_7_9,02:10:00,02:15:00,00:10:00,00:05:00,00:05:00\n")


def _read(tmp_path, text):
    path = tmp_path / "wombat.csv"
    path.write_text(text)
    return read_diary(path, layout="wombat", timezone=LONDON, warn=False)


def test_a_blank_elapsed_time_ends_after_the_pause(tmp_path):
    """By hand: fragment 1 00:50-01:20 BST (23:50-00:20 UTC) is 30 minutes, fragment 2
    01:00-01:30 GMT (01:00-01:30 UTC) 30; the pause 40; the task 100 minutes from start
    to end, 100 - 40 = 60 on it = its total time 01:00, shared 30 + 30. Before: the end
    read on the first pass (01:30 BST, 00:30 UTC), so fragment 2 ran 01:00 to 00:30 UTC
    (no length): 60 + 0, flagged ``duration_mismatch``. Now as with its elapsed time
    written (01:40): the same fragments, minutes and flags (``clock_change``, as a row
    ending on the second pass)."""
    r = _read(tmp_path, NO_ELAPSED)
    assert r.rejects.empty
    assert r.episodes["duration_min"].tolist() == [30.0, 30.0]
    assert r.episodes["counted_min"].tolist() == [30.0, 30.0]
    assert r.report.details["minutes"]["minutes_accepted"] == 60
    flags = r.episodes["flags"].tolist()
    assert flags == ["clock_change;interrupted"] * 2
    same = _read(tmp_path, WITH_ELAPSED)
    assert same.episodes["duration_min"].tolist() == [30.0, 30.0]
    assert same.episodes["flags"].tolist() == flags
    assert r.report.details.get("second_pass") == same.report.details.get("second_pass")


def test_a_pause_in_the_spring_gap_is_told_so(tmp_path):
    """By hand: 01:30 on 29 March 2026 did not happen in Europe/London (01:00 GMT is
    02:00 BST); the row (40 minutes elapsed, 20 on the task) is rejected
    ``nonexistent_time`` (fix28w: the code of every other time in the gap, counted with
    them; ``bad_pause`` before) with the reader's own words for a start in the gap, its 20
    minutes rejected. Before review27: "not within its task ... check the interruption
    times"."""
    r = _read(tmp_path, PAUSE_IN_GAP)
    assert r.rejects["code"].tolist() == ["nonexistent_time"]
    reason = r.rejects["reason"].iloc[0]
    assert reason.startswith("int start 1 '01:30:00' is in the gap of a clock change")
    assert "01:30 did not happen on that day; correct the time (02:30?) or the date" in reason
    assert "not within its task" not in reason
    assert r.report.details["minutes"]["minutes_rejected"] == 20


def test_a_start_in_the_gap_is_not_also_a_bad_pause(tmp_path):
    """By hand: the start 01:30 did not happen: rejected ``nonexistent_time`` once; its
    pause 02:10-02:15 BST (5 minutes) is within 01:30-02:40 on the clock and gets no
    ``bad_pause``. Before: both codes for the one row."""
    r = _read(tmp_path, START_IN_GAP)
    assert r.rejects["code"].tolist() == ["nonexistent_time"]
    assert r.rejects["column"].tolist() == ["start time"]
