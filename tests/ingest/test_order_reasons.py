"""An end before its start: the reason names the end as written and both times as read, to
the second where the times have seconds (the twentieth stop's audit: ``end 2026-03-09 08:00``
for a file that says ``09/03/2026 08:00``, and ``end 09:00 is before the start (09:00)`` for
times 15 seconds apart)."""

from __future__ import annotations

from timestudy import read_diary


def test_the_end_is_quoted_as_written_and_read(tmp_path):
    path = tmp_path / "d.csv"
    path.write_text("worker_id,start,end,activity,case_id\n"
                    "W1,09/03/2026 09:00,09/03/2026 08:00,visit,C1\n"
                    "W1,09/03/2026 10:00,09/03/2026 10:30,visit,C1\n")
    r = read_diary(path, warn=False)
    assert r.rejects["reason"].tolist() == [
        "end '09/03/2026 08:00' (2026-03-09 08:00) is before the start (2026-03-09 09:00)"]


def test_seconds_are_shown_when_the_times_have_them(tmp_path):
    path = tmp_path / "d.csv"
    path.write_text("worker_id,start,end,activity,case_id\n"
                    "W1,09/03/2026 09:00:45,09/03/2026 09:00:30,visit,C1\n")
    r = read_diary(path, warn=False)
    assert r.rejects["reason"].tolist() == [
        "end '09/03/2026 09:00:30' (2026-03-09 09:00:30) is before the start "
        "(2026-03-09 09:00:45)"]


def test_a_duration_is_not_quoted_as_the_end(tmp_path):
    """Review21: a duration layout rejecting a row of no length quoted ``end '0'``; the end is
    made from the duration, so it is named as read only."""
    path = tmp_path / "d.csv"
    path.write_text("worker_id,start,duration_min,activity,case_id\n"
                    "W1,2026-03-09 09:00,0,visit,C1\n")
    r = read_diary(path, mapping={"zero_length": "reject"}, warn=False)
    assert r.rejects["reason"].tolist() == [
        "end 2026-03-09 09:00 is the same as the start: the episode has no length "
        "(2026-03-09 09:00)"]
