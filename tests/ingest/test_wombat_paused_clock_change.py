"""A WOMBAT task paused across the autumn clock change (fix27b), read with a time zone.

On 25 October 2026 in Europe/London the clocks go back at 02:00 BST to 01:00 GMT: the
clock passes 01:00-02:00 twice. WOMBAT writes bare clock times (``start time``,
``int start 1``, ``int end 1``, ``end time``) and its own ``elapsed time`` and ``total
time`` (time on task: the active fragments; sources in tests/ingest/conformance/README.md,
which finds the export's documentation silent on clock changes).

Before, the pauses were placed on the wall clock alone, so a pause that straddles the
change (01:20 BST to 01:00 GMT) or a task whose end is on the second pass (paused 01:10
to 01:30 BST, ended 01:20 GMT) had its pause "not within its task": the task was rejected
``bad_pause`` even with ``--timezone Europe/London``. Now, with a time zone, each of a
task's times is read at or after the one before it (first pass, else second,
:func:`timestudy.ingest.clock_limits.zoned_pauses`), and the fragments' instants (and
their shares of the task's minutes) are the instants between them, not the wall clock
shifted by the start's offset.
"""

from __future__ import annotations

import numpy as np

from timestudy import read_diary
from timestudy.cli import main
from timestudy.ingest.passes import episode_instants
from timestudy.schema import EXAMPLES

HEAD = ("session date,observer id,session id,location id,participant id,session start,"
        "session end,observer/session/task id,What (SW v1),What (SW v1) (subcategories),"
        "start time,end time,elapsed time,total time,is interrupting task?,interrupted by,"
        "num of interrupts,int task id 1,int start 1,int end 1,active 1,active 2,inactive 1\n")
S = "25-Oct-2026,10175,7,QEH,SW5,00:30:00,02:30:00"
LONDON = "Europe/London"

# task 1 from 00:50 BST (23:50 UTC), paused 01:20 BST (00:20 UTC) to 01:00 GMT (01:00
# UTC) by task 2, ended 01:30 GMT (01:30 UTC): elapsed 100, total 30 + 30 = 60
STRADDLES = HEAD + (
    f"{S},10175_7_1,Admin,0,00:50:00,01:30:00,01:40:00,01:00:00,false,10175_7_2,1,"
    "10175_7_2,01:20:00,01:00:00,00:30:00,00:30:00,00:40:00\n"
    f"{S},10175_7_2,Communication,0,01:20:00,01:00:00,00:40:00,00:40:00,true,,0,,,,"
    "00:40:00,,\n")
# task 1 from 00:40 BST (23:40 UTC), paused 01:10-01:30 BST (00:10-00:30 UTC), ended
# 01:20 GMT (01:20 UTC): elapsed 100, total 30 + 50 = 80
ENDS_SECOND = HEAD + (
    f"{S},10175_7_1,Admin,0,00:40:00,01:20:00,01:40:00,01:20:00,false,10175_7_2,1,"
    "10175_7_2,01:10:00,01:30:00,00:30:00,00:50:00,00:20:00\n"
    f"{S},10175_7_2,Communication,0,01:10:00,01:30:00,00:20:00,00:20:00,true,,0,,,,"
    "00:20:00,,\n")


def _read(tmp_path, text, tz=LONDON):
    path = tmp_path / "wombat.csv"
    path.write_text(text)
    return read_diary(path, layout="wombat", timezone=tz, warn=False)


def _minutes(r):
    return r.report.details["minutes"]


def test_a_pause_across_the_change_is_read_in_order(tmp_path):
    """By hand: task 1 is 00:50-01:20 BST (30) and 01:00-01:30 GMT (30), its pause 40
    minutes (00:20 to 01:00 UTC); task 2 (interrupting) 01:20 BST to 01:00 GMT, 40. In
    100 = accepted 100, nothing rejected. Before: task 1 rejected ``bad_pause`` (the
    pause's end 01:00 before its start 01:20 on the wall clock): 40 accepted + 60
    rejected."""
    r = _read(tmp_path, STRADDLES)
    assert r.rejects.empty
    assert (_minutes(r)["minutes_in"], _minutes(r)["minutes_accepted"], _minutes(r)["minutes_rejected"]) == (100, 100, 0)
    got = r.episodes[["task_id", "duration_min"]].values.tolist()
    assert got == [["10175_7_1", 30.0], ["10175_7_2", 40.0], ["10175_7_1", 30.0]]
    assert r.episodes["counted_min"].sum() == 100  # no fragment lies under another
    assert not r.episodes["flags"].str.contains("overlap").any()


def test_an_end_on_the_second_pass_after_a_pause_on_the_first(tmp_path):
    """By hand: task 1's fragments 00:40-01:10 BST (30) and 01:30 BST to 01:20 GMT (00:30
    to 01:20 UTC, 50); its 80 minutes of total time shared 30 and 50 (in proportion to
    the fragments' true lengths, not the wall clock's 30 and -10); task 2 20. In 100 =
    accepted 100. Before: task 1 rejected ``bad_pause`` (its pause ends 01:30, after its
    end 01:20 on the wall clock): 20 accepted + 80 rejected."""
    r = _read(tmp_path, ENDS_SECOND)
    assert r.rejects.empty and _minutes(r)["minutes_accepted"] == 100
    task1 = r.episodes[r.episodes["task_id"] == "10175_7_1"]
    assert task1["duration_min"].tolist() == [30.0, 50.0]
    assert task1["end"].dt.strftime("%H:%M").tolist() == ["01:10", "01:20"]


def test_validate_exits_0_with_the_time_zone(tmp_path, capsys):
    """``timestudy validate --layout wombat --timezone Europe/London``: exit 0, 100
    minutes accepted (before: exit 1, 60 rejected)."""
    path = tmp_path / "wombat.csv"
    path.write_text(STRADDLES)
    code = main(["validate", str(path), "--layout", "wombat", "--timezone", LONDON,
                 "--out", str(tmp_path / "v")])
    assert code == 0
    assert "100.00 in = 100.00 accepted + 0.00 rejected" in capsys.readouterr().out


def test_the_fragments_read_again_are_on_their_own_pass():
    """:func:`episode_instants` (the instants worked out again once worker spellings
    are folded) reads a paused row's fragments in order: task 1's second fragment 01:00-
    01:30 is 01:00-01:30 UTC (GMT). Before: on its row's start's offset (BST), 00:00-
    00:30 UTC, 20 minutes before its first fragment ended (00:20 UTC)."""
    start = np.array(["2026-10-25T00:50", "2026-10-25T01:00"], "M8[ns]")
    end = np.array(["2026-10-25T01:20", "2026-10-25T01:30"], "M8[ns]")
    s_at, e_at = episode_instants(start, end, np.array([2, 2]), LONDON, {},
                                  fragment=np.array([1, 2]))
    shown = np.datetime_as_string(np.r_[s_at, e_at].view("M8[ns]"), unit="m").tolist()
    assert shown == ["2026-10-24T23:50", "2026-10-25T01:00",
                     "2026-10-25T00:20", "2026-10-25T01:30"]


def test_without_a_time_zone_the_pause_is_still_refused(tmp_path):
    """Conformance: without ``--timezone`` the clock times are read as written, and a
    pause from 01:20 to 01:00 is not within its task: rejected ``bad_pause`` as before
    (60 minutes rejected), the interrupting task's end before its start rejected
    ``wrap_too_long``; each reason names the clock change and ``--timezone`` (before: the
    pause's said only "check the interruption times")."""
    r = _read(tmp_path, STRADDLES, tz=None)
    assert sorted(r.rejects["code"]) == ["bad_pause", "wrap_too_long"]
    for reason in r.rejects["reason"]:
        assert "the clocks changed that night in Europe/London" in reason
        assert "--timezone" in reason
    assert r.report.details["minutes"]["minutes_rejected"] == 100


def test_a_bad_pause_on_an_ordinary_night_is_not_told_of_a_clock_change(tmp_path):
    """A pause 10:20 to 10:00 on 26 October 2026: rejected ``bad_pause`` with no word of
    the clock change (no change that night)."""
    r = _read(tmp_path, STRADDLES.replace("25-Oct-2026", "26-Oct-2026").replace(
        "01:20:00,01:00:00", "10:20:00,10:00:00"), tz=None)
    reason = r.rejects.loc[r.rejects["code"] == "bad_pause", "reason"].iloc[0]
    assert reason.endswith("check the interruption times")


def test_a_paused_task_on_an_ordinary_day_is_read_alike_with_a_time_zone():
    """Conformance: the example export (pauses on 1 April 2025, BST all day) gives the
    same episodes, minutes and rejects with and without ``--timezone Europe/London``."""
    path = EXAMPLES / "wombat_export.csv"
    plain = read_diary(path, layout="wombat", warn=False)
    zoned = read_diary(path, layout="wombat", timezone=LONDON, warn=False)
    cols = ["task_id", "start", "end", "duration_min", "counted_min"]
    assert zoned.episodes[cols].equals(plain.episodes[cols])
    assert zoned.rejects["code"].tolist() == plain.rejects["code"].tolist()


# task 1 00:40 BST to 01:05 GMT (23:40 to 01:05 UTC, elapsed 85); task 2 01:05-01:45,
# paused 01:15-01:25 by task 3: written once, so read on the first pass (00:05-00:45 UTC)
AFTER_THE_CHANGE = HEAD + (
    f"{S},10175_7_1,Admin,0,00:40:00,01:05:00,01:25:00,01:25:00,false,,0,,,,01:25:00,,\n"
    f"{S},10175_7_2,Admin,0,01:05:00,01:45:00,00:40:00,00:30:00,false,10175_7_3,1,"
    "10175_7_3,01:15:00,01:25:00,00:10:00,00:20:00,00:10:00\n"
    f"{S},10175_7_3,Communication,0,01:15:00,01:25:00,00:10:00,00:10:00,true,,0,,,,"
    "00:10:00,,\n")


def test_a_task_across_the_change_keeps_its_instants_beside_paused_tasks(tmp_path):
    """Task 1 (no pause) runs 23:40-01:05 UTC; tasks 2 and 3, written after it in the hour
    passed twice, are read on the second pass by their session's order (fix28w,
    ``second_pass_by_order``: task 1 had run past the moment the clocks went back), so they
    lie after task 1, not under it: 125 counted of 125 accepted, nothing under other
    entries, as the same file without the pause columns reads. Before fix28w: on the first
    pass (00:05-00:45 UTC), 40 minutes under task 1, 85 counted; before review27: with a
    pause in the file every episode was put on its row's start's offset, task 1's end at
    00:05 UTC (an hour early), and nothing was flagged."""
    r = _read(tmp_path, AFTER_THE_CHANGE)
    assert r.rejects.empty and _minutes(r)["minutes_accepted"] == 125
    assert _minutes(r)["minutes_under_other_entries"] == 0
    assert r.episodes["counted_min"].sum() == 125
    lines = AFTER_THE_CHANGE.splitlines()  # tasks 1 and 2 alone, task 2 unpaused
    task2 = lines[2].replace("00:30:00,false,10175_7_3,1,10175_7_3,01:15:00,01:25:00,"
                             "00:10:00,00:20:00,00:10:00", "00:40:00,false,,0,,,,00:40:00,,")
    plain = _read(tmp_path, "\n".join([*lines[:2], task2, ""]))
    assert "interrupted" not in "".join(plain.episodes["flags"].fillna(""))
    assert _minutes(plain)["minutes_under_other_entries"] == 0


def test_a_paused_task_past_midnight_keeps_its_wall_clock_with_a_time_zone(tmp_path):
    """A task 23:30-01:00 on 10 March 2026 (no clock change), paused 00:10-00:20: with a
    time zone its fragments are 23:30 to 00:10 on the 11th and 00:20 to 01:00 on the 11th,
    40 + 40 minutes, both on the diary day of the 10th, as without one (review27 F2: the
    pause times were never moved to the next day, ``~roll`` being -2 on a Python bool: the
    first fragment ended at 00:10 on the 10th, before it began, and the second was put on
    the 9th's diary day)."""
    text = HEAD + ("10-Mar-2026,10175,7,QEH,SW5,23:00:00,01:30:00,10175_7_1,Admin,0,"
                   "23:30:00,01:00:00,01:30:00,01:20:00,false,10175_7_9,1,10175_7_9,"
                   "00:10:00,00:20:00,00:40:00,00:40:00,00:10:00\n")
    want = [("2026-03-10 23:30", "2026-03-11 00:10", "2026-03-10"),
            ("2026-03-11 00:20", "2026-03-11 01:00", "2026-03-10")]
    for tz in (LONDON, None):
        e = _read(tmp_path, text, tz).episodes
        got = list(zip(e["start"].dt.strftime("%Y-%m-%d %H:%M"),
                       e["end"].dt.strftime("%Y-%m-%d %H:%M"),
                       e["diary_date"].dt.strftime("%Y-%m-%d"), strict=True))
        assert got == want, tz
        assert e["duration_min"].tolist() == [40.0, 40.0]
