"""A time the clocks pass twice, told apart by the row's own length (:func:`timestudy.ingest.
passes.by_length`, used by the reader with a ``timezone``).

WOMBAT writes clock times without offsets, and an elapsed time and a total time for each task.
On the autumn night (25 October 2026, Europe/London: 01:00-02:00 happens twice) a task from
01:10 to 02:30 whose elapsed time is 01:20 started on the second pass. Before, the reader
read 01:10 on the first pass: 140 minutes on the clock, ``duration_mismatch``, and 60 of its
80 minutes lost as overlap with the tasks before it. Now the elapsed time (else the duration
written) picks the pass where the rule's reading disagrees with it and the other agrees.
Every figure is worked by hand.
"""

from __future__ import annotations

import csv

import pandas as pd

from timestudy import read_diary
from timestudy.schema import EXAMPLES

LONDON = "Europe/London"


def _wombat(path, tasks):
    """A WOMBAT web-app export of one session, 23:30 to 02:30, on 24 October 2026."""
    head = (EXAMPLES / "wombat_export.csv").read_text().splitlines()[0].split(",")
    with open(path, "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=head, restval="")
        w.writeheader()
        for i, (start, end, elapsed) in enumerate(tasks, 1):
            w.writerow({
                "session date": "24-Oct-2026", "observer id": "1", "session id": "30001",
                "location id": "QEH", "participant id": "SW1", "session start": "23:30:00",
                "session end": "02:30:00", "observer/session/task id": f"1_30001_{i}",
                "What (SW v1)": "Documentation", "What (SW v1) (subcategories)": "Case notes",
                "start time": start, "end time": end, "elapsed time": elapsed,
                "total time": elapsed, "num of multitask fragments": "0",
                "total overlapping time": "00:00:00", "is interrupting task?": "false",
                "num of interrupts": "0", "is session complete?": "TRUE"})
    return path


TASKS = [("23:30:00", "00:50:00", "01:20:00"), ("00:50:00", "01:40:00", "00:50:00"),
         ("01:40:00", "01:10:00", "00:30:00"), ("01:10:00", "02:30:00", "01:20:00")]


def test_a_wombat_task_after_the_repeated_hour_keeps_its_minutes(tmp_path):
    """By hand: 23:30 BST (22:30 UTC) to 00:50 BST, 80; 00:50 to 01:40 BST (00:40 UTC), 50;
    01:40 BST to 01:10 GMT (00:40-01:10 UTC), 30, across the change; 01:10 GMT to 02:30 GMT
    (01:10-02:30 UTC), 80. 240 minutes = 22:30 to 02:30 UTC, none shared. Before: the last
    task 140 minutes on the clock, ``duration_mismatch``, counted 20."""
    got = read_diary(_wombat(tmp_path / "w.csv", TASKS), warn=False, timezone=LONDON)
    e = got.episodes.sort_values("source_row")
    assert e["counted_min"].tolist() == [80.0, 50.0, 30.0, 80.0]
    assert e["flags"].tolist() == ["crossed_midnight", "", "clock_change", ""]
    assert got.report.n_rejected == 0
    # the reader's order is the instants': the task across the change before the last one
    assert got.episodes["source_row"].tolist() == [2, 3, 4, 5]
    assert got.report.details["second_pass"] == {"start": [5], "end": [4]}


def test_without_a_time_zone_the_task_across_the_change_is_refused_with_the_fix(tmp_path):
    """No zone: 01:40 to 01:10 rolled to the next day would last 23 h 30; refused, its reason
    saying the clocks changed that night and how to have it read (as before)."""
    got = read_diary(_wombat(tmp_path / "w.csv", TASKS), warn=False)
    r = got.rejects
    assert r["source_row"].tolist() == [4] and r["code"].tolist() == ["wrap_too_long"]
    assert "set timezone: Europe/London" in r["reason"].iloc[0]


def test_a_duration_written_tells_the_pass_of_a_start_without_an_offset():
    """Canonical columns with ``duration_min`` too: 01:20 to 01:40 written 20 minutes is
    read on the first pass (either pass is 20: the rule's); 01:30 to 02:10 written 40 is
    01:30 GMT (from 01:30 BST it would be 100). 01:20 BST = 00:20 UTC."""
    diary = pd.DataFrame({"worker_id": ["W1", "W1"],
                          "start": ["2026-10-25T01:20", "2026-10-25T01:30"],
                          "end": ["2026-10-25T01:40", "2026-10-25T02:10"],
                          "duration_min": [20, 40], "activity": ["a", "b"]})
    got = read_diary(diary, warn=False, timezone=LONDON)
    e = got.episodes
    assert e["counted_min"].tolist() == [20.0, 40.0]
    assert not e["flags"].str.contains("duration_mismatch|overlap").any()
    assert got.report.details["second_pass"] == {"start": [2]}


def test_a_written_duration_that_fits_neither_pass_is_a_mismatch_as_before():
    """01:30 to 02:10 written 55 minutes: 100 on the rule's reading, 40 on the other pass;
    neither is 55, so the rule's stands and the row is ``duration_mismatch`` (55 counted,
    as the source's own duration)."""
    diary = pd.DataFrame({"worker_id": ["W1"], "start": ["2026-10-25T01:30"],
                          "end": ["2026-10-25T02:10"], "duration_min": [55],
                          "activity": ["a"]})
    e = read_diary(diary, warn=False, timezone=LONDON).episodes
    assert e["counted_min"].tolist() == [55.0]
    assert "duration_mismatch" in e["flags"].iloc[0]
