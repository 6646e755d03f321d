"""Three readings of WOMBAT sessions across a clock change, left by fix27g (fix28w).

Europe/London: on 25 October 2026 the clocks go back at 02:00 BST to 01:00 GMT (01:00 UTC),
so 01:00-02:00 happens twice; on 29 March 2026 they go forward at 01:00 GMT to 02:00 BST,
so 01:00-02:00 does not happen. WOMBAT writes bare clock times and its own ``elapsed
time`` and ``total time``; a session's tasks are written in time order (task ids 1, 2, 3).

1. With ``--timezone``, tasks written after a task that ran into the second pass of the
   repeated hour were read on its first pass, an hour early, under that task (``overlap``).
2. Without one, a task whose elapsed time is its clock span plus the repeated hour got a
   ``duration_mismatch`` warning that spoke of rounding and ``minutes_from: clock``.
3. A pause time in the spring gap was rejected ``bad_pause``, apart from the other times
   in the gap (``nonexistent_time``) in the rejects' summary.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from timestudy import read_diary

HEAD = ("session date,observer id,session id,location id,participant id,session start,"
        "session end,observer/session/task id,What (SW v1),What (SW v1) (subcategories),"
        "start time,end time,elapsed time,total time\n")
PAUSED_HEAD = HEAD.rstrip("\n") + (",is interrupting task?,interrupted by,num of interrupts,"
                                   "int task id 1,int start 1,int end 1,active 1,active 2,"
                                   "inactive 1\n")
LONDON = "Europe/London"
AUTUMN = "25-Oct-2026,10175,7,QEH,SW5,00:30:00,02:30:00"
OTHER = "25-Oct-2026,10175,8,QEH,SW6,00:30:00,02:30:00"
SPRING = "29-Mar-2026,10175,7,QEH,SW5,00:30:00,02:30:00"

# session 7: task 1 00:50 BST to 01:20 GMT (elapsed 90), then 01:25-01:35 and 01:40-01:50;
# session 8 (another participant): one task 01:25-01:35, nothing before it
ORDERED = HEAD + (
    f"{AUTUMN},10175_7_1,Admin,0,00:50:00,01:20:00,01:30:00,01:30:00\n"
    f"{AUTUMN},10175_7_2,Communication,0,01:25:00,01:35:00,00:10:00,00:10:00\n"
    f"{AUTUMN},10175_7_3,Admin,0,01:40:00,01:50:00,00:10:00,00:10:00\n"
    f"{OTHER},10175_8_1,Admin,0,01:25:00,01:35:00,00:10:00,00:10:00\n")
# task 1 00:40 BST to 01:05 GMT (elapsed 85); task 2 01:05-01:45 paused 01:15-01:25 by
# task 3 (interrupting, 01:15-01:25)
PAUSED = PAUSED_HEAD + (
    f"{AUTUMN},10175_7_1,Admin,0,00:40:00,01:05:00,01:25:00,01:25:00,false,,0,,,,01:25:00,,\n"
    f"{AUTUMN},10175_7_2,Admin,0,01:05:00,01:45:00,00:40:00,00:30:00,false,10175_7_3,1,"
    "10175_7_3,01:15:00,01:25:00,00:10:00,00:20:00,00:10:00\n"
    f"{AUTUMN},10175_7_3,Communication,0,01:15:00,01:25:00,00:10:00,00:10:00,true,,0,,,,"
    "00:10:00,,\n")
# 00:50 GMT to 02:30 BST paused from 01:30 (did not happen); a task from 01:30 (the same)
IN_THE_GAP = PAUSED_HEAD + (
    f"{SPRING},10175_7_1,Admin,0,00:50:00,02:30:00,00:40:00,00:20:00,false,10175_7_9,1,"
    "10175_7_9,01:30:00,02:10:00,00:10:00,00:20:00,00:10:00\n"
    f"{SPRING},10175_7_2,Admin,0,01:30:00,02:40:00,00:10:00,00:05:00,false,10175_7_9,1,"
    "10175_7_9,02:10:00,02:15:00,00:10:00,00:05:00,00:05:00\n")


def _read(tmp_path, text, tz=LONDON):
    path = tmp_path / "wombat.csv"
    path.write_text(text)
    return read_diary(path, layout="wombat", timezone=tz, warn=False)


def _account(r):
    m = r.report.details["minutes"]
    return m["minutes_in"], m["minutes_accepted"], m["minutes_rejected"]


def _warning(r, code):
    return next((w for w in r.report.details.get("warnings", ()) if w["code"] == code), None)


def test_tasks_after_a_task_on_the_second_pass_are_on_it_too(tmp_path):
    """By hand: task 1 is 23:50 to 01:20 UTC (90 minutes, its elapsed time); tasks 2 and
    3, written after it, are 01:25-01:35 and 01:40-01:50 GMT (= UTC), 10 each, after it:
    counted 90 + 10 + 10 = 110, none under another, in 120 = accepted 120 (with session
    8's 10). Session 8's 01:25 has no task before it: read on the first pass (00:25 UTC),
    as any lone time. Before: tasks 2 and 3 were read at 00:25 and 00:40 UTC, inside task
    1 (23:50-01:20 UTC): 20 minutes under it, task 1 counted 70 and flagged ``overlap``."""
    r = _read(tmp_path, ORDERED)
    assert _account(r) == (120, 120, 0)
    e = r.episodes.set_index("task_id")
    assert e["counted_min"].to_dict() == {"10175_7_1": 90.0, "10175_7_2": 10.0,
                                          "10175_7_3": 10.0, "10175_8_1": 10.0}
    assert r.report.details["minutes"]["minutes_under_other_entries"] == 0
    assert not e["flags"].str.contains("overlap").any()
    # the source rows read on the second pass: task 1's end (line 2), tasks 2 and 3
    assert r.report.details["second_pass"] == {"start": [3, 4], "end": [2, 3, 4]}
    said = _warning(r, "second_pass_by_order")
    assert said["rows"] == 2 and "(10175_7_2, 10175_7_3)" in said["message"]
    assert r.report.details["tasks_on_second_pass_by_order"]["tasks"] == ["10175_7_2",
                                                                         "10175_7_3"]
    assert e.loc["10175_7_2", "start"].strftime("%H:%M") == "01:25"  # the wall clock kept


def test_a_task_that_ended_on_the_first_pass_moves_nothing(tmp_path):
    """By hand: task 1 00:50-01:20 with 30 minutes elapsed ended at 01:20 BST (00:20 UTC),
    before the clocks went back: tasks 2 and 3 are on the first pass (00:25, 00:40 UTC),
    after it; 30 + 10 + 10 + 10 = 60 counted, nothing said."""
    r = _read(tmp_path, ORDERED.replace("01:20:00,01:30:00,01:30:00", "01:20:00,00:30:00,"
                                        "00:30:00"))
    assert _account(r) == (60, 60, 0)
    assert r.episodes["counted_min"].sum() == 60
    assert _warning(r, "second_pass_by_order") is None
    assert "start" not in r.report.details.get("second_pass", {})


def test_a_paused_task_and_its_interruption_follow_the_order(tmp_path):
    """By hand: task 1 23:40-01:05 UTC (85); task 2 from 01:05 GMT (after task 1 ended),
    paused 01:15-01:25 GMT, ended 01:45 GMT: fragments 10 and 20 (its 30 of total time);
    task 3 (interrupting, written after task 2 had started at 01:05 GMT) 01:15-01:25 GMT
    inside the pause, 10. In 125 = accepted 125, all counted, none under another. Before
    (as test_wombat_paused_clock_change documents): tasks 2 and 3 read on the first pass,
    40 minutes under task 1, 85 counted."""
    r = _read(tmp_path, PAUSED)
    assert _account(r) == (125, 125, 0)
    got = r.episodes[["task_id", "duration_min", "counted_min"]].values.tolist()
    assert got == [["10175_7_1", 85.0, 85.0], ["10175_7_2", 10.0, 10.0],
                   ["10175_7_3", 10.0, 10.0], ["10175_7_2", 20.0, 20.0]]
    assert r.report.details["minutes"]["minutes_under_other_entries"] == 0


def test_without_a_time_zone_the_hour_is_named(tmp_path):
    """By hand: 00:50-01:20 is 30 minutes on the clock, its elapsed time 90: 60 more,
    exactly the hour passed twice that night; counted 90 (the source's own, as before),
    in 90 = accepted 90. The warning says it is the clock change, not a rounding, and
    names ``--timezone``. Before: "90 minutes counted from the durations where the clock
    gives 30 (+60): if the tool rounded them, count the clock with minutes_from: clock".
    The same task on 26 October (no change) and one 59 minutes off on the night keep the
    rounding words."""
    one = HEAD + f"{AUTUMN},10175_7_1,Admin,0,00:50:00,01:20:00,01:30:00,01:30:00\n"
    r = _read(tmp_path, one, tz=None)
    assert _account(r) == (90, 90, 0)
    assert r.episodes["duration_min"].tolist() == [90.0]
    said = _warning(r, "duration_mismatch")
    assert said["at_clock_change"] == {"rows": 1, "dates": ["2026-10-25"], "source_rows": [2]}
    message = said["message"]
    assert "exactly the hour the clocks changed that night" in message
    assert "not a rounding" in message and "--timezone" in message
    assert "minutes_from: clock" not in message
    for text in (one.replace("25-Oct-2026", "26-Oct-2026"),
                 one.replace("01:30:00,01:30:00", "01:29:00,01:29:00")):
        other = _warning(_read(tmp_path, text, tz=None), "duration_mismatch")
        assert "clocks changed" not in other["message"]
        assert "minutes_from: clock" in other["message"]


def test_a_pause_in_the_spring_gap_is_counted_with_the_gap(tmp_path):
    """By hand: 01:30 on 29 March 2026 did not happen; task 1's pause starts then (20
    minutes on task rejected), task 2 starts then (5 rejected): in 25 = accepted 0 +
    rejected 25, both ``nonexistent_time``, each reason naming its column and the gap.
    Before: {"bad_pause": 1, "nonexistent_time": 1} in the rejects' summary."""
    r = _read(tmp_path, IN_THE_GAP)
    assert _account(r) == (25, 0, 25)
    assert r.report.rejected_by_reason == {"nonexistent_time": 2}
    assert r.rejects["column"].tolist() == ["int start 1", "start time"]
    for reason in r.rejects["reason"]:
        assert "'01:30:00' is in the gap of a clock change" in reason


def test_a_task_done_beside_the_crossing_task_keeps_its_first_pass(tmp_path):
    """By hand: task 1 runs 23:50 to 01:20 UTC (00:50 BST to 01:20 GMT, 90 elapsed); task
    2, recorded as done beside it (``multi with`` 1), starts 01:10: no task before it had
    *started* after the clocks went back (task 1 started at 23:50 UTC), so it is at 01:10
    BST (00:10-00:20 UTC), inside task 1, recorded multitasking, not moved and not
    warned; task 3 (sequential, 01:25) is after task 1's end: 01:25 GMT. In 110 =
    accepted 110."""
    head = HEAD.rstrip("\n") + ",multi with\n"
    text = head + (
        f"{AUTUMN},10175_7_1,Admin,0,00:50:00,01:20:00,01:30:00,01:30:00,10175_7_2\n"
        f"{AUTUMN},10175_7_2,Communication,0,01:10:00,01:20:00,00:10:00,00:10:00,10175_7_1\n"
        f"{AUTUMN},10175_7_3,Admin,0,01:25:00,01:35:00,00:10:00,00:10:00,\n")
    r = _read(tmp_path, text)
    assert _account(r) == (110, 110, 0)
    said = r.report.details["tasks_on_second_pass_by_order"]
    assert said["tasks"] == ["10175_7_3"]
    assert r.report.details["second_pass"] == {"start": [4], "end": [2, 4]}


def test_a_task_beside_the_crossing_task_unmarked_keeps_its_own_reading():
    """conformance wombat/clock_change_beside (by hand in its expected file): tasks 2
    (00:55-01:05) and 3 (01:08-01:15), written after task 1 (23:50-01:20 UTC) but starting
    before its end on either pass, keep their first pass (23:55-00:05, 00:08-00:15 UTC):
    task 1 counted 90 - 17 = 73, 17 under other entries; task 4 (01:25) alone moved.
    Before: all three moved, task 2's end alone (70 minutes on the clock against its 10
    elapsed, ``duration_mismatch``), task 1 counted 13, 77 under other entries."""
    folder = Path(__file__).resolve().parent / "conformance" / "wombat"
    spec = yaml.safe_load((folder / "clock_change_beside.expected.yaml").read_text())
    r = read_diary(folder / spec["file"], **spec["read_with"], warn=False)
    counted = r.episodes.groupby("source_row")["counted_min"].sum().to_dict()
    assert counted == {row["source_row"]: row["counted_minutes"] for row in spec["rows"]}
    assert r.report.details["second_pass"] == spec["second_pass"]
    assert r.report.details["minutes"]["minutes_under_other_entries"] == pytest.approx(
        spec["totals"]["minutes_under_other_entries"])
    assert r.report.details["tasks_on_second_pass_by_order"]["tasks"] == ["10175_20032_4"]
