"""A night written under its shift's date (audit25n, /tmp/audit25n/shiftdate/diary.csv).

A paper rota writes an Emergency Duty Team night, 17:00 on Monday 16 March 2026 to 09:00
on the Tuesday, as five rows all dated 16/03. Before: the 02:00, 03:30 and 07:00 rows were
placed on 16 March, before the 17:00 start, silently: a 5 h Sunday diary day (02:00-07:00 is
before 04:00's diary day start) before the diary's period. Now, within one worker's date in
the file's order, the rows from a start that steps back (02:00 after 22:00-02:00) are read on
the next day, flagged ``next_day_by_order``, and a warning names them
(:mod:`timestudy.ingest.shift_dates`); ``times_stepping_back: same_day`` reads them as before.
"""

from __future__ import annotations

import io

import numpy as np

from timestudy import read_diary

HEAD = "worker_id,date,start_time,end_time,activity\n"
NIGHT = ("{d},17:00,22:00,EDT duty calls\n{d},22:00,02:00,EDT duty calls\n"
         "{d},02:00,03:30,EDT call out\n{d},03:30,07:00,EDT duty calls\n"
         "{d},07:00,09:00,EDT handover\n")
TWO = HEAD + NIGHT.format(d="E1,16/03/2026") + NIGHT.format(d="E1,17/03/2026")


def _read(text: str, mapping: dict | None = None):
    return read_diary(io.StringIO(text), mapping=mapping, warn=False, timezone="Europe/London")


def _hours_by_day(episodes) -> dict[str, float]:
    by = episodes.groupby(episodes["diary_date"].dt.strftime("%a %d"))["counted_min"].sum()
    return (by / 60).to_dict()


def test_two_nights_are_read_as_the_nights_they_were():
    """By hand, diary days from 04:00: Monday 16th, 17:00-22:00 (5 h) + 22:00-02:00 (4 h) +
    02:00-03:30 (1.5 h) + 03:30-07:00 (3.5 h, it starts before 04:00) = 14 h; Tuesday 17th,
    07:00-09:00 (2 h) + the second night's 14 h = 16 h; Wednesday 18th, 07:00-09:00 = 2 h.
    1,920 minutes in all, either way. Moved: rows 4, 5, 6 and 9, 10, 11 (90 + 210 + 120 =
    420 minutes a night, 840 in all). The code before: Sun 15th 5 h, Mon 16th 2 + 9 + 5 =
    16 h, Tue 17th 11 h, nothing flagged or warned."""
    r = _read(TWO)
    e = r.episodes
    assert _hours_by_day(e) == {"Mon 16": 14.0, "Tue 17": 16.0, "Wed 18": 2.0}
    assert e["counted_min"].sum() == 1920.0
    moved = e["flags"].str.contains("next_day_by_order")
    assert sorted(e.loc[moved, "source_row"].tolist()) == [4, 5, 6, 9, 10, 11]
    assert e.loc[e["source_row"] == 4, "start"].dt.strftime("%d %H:%M").tolist() == ["17 02:00"]
    (w,) = [w for w in r.report.details["warnings"] if w["code"] == "next_day_by_order"]
    assert (w["rows"], w["minutes"], w["first_source_row"]) == (6, 840.0, 4)
    assert "source row 4 as 2026-03-17 02:00" in w["message"]
    assert "times_stepping_back: same_day" in w["message"]


def test_same_day_reads_every_row_on_its_date():
    """``times_stepping_back: same_day``: as the code before, Sun 15th 02:00-03:30 + 03:30-
    07:00 = 5 h, Mon 16th 07:00-09:00 + 17:00-22:00 + 22:00-02:00 = 11 h, plus the 17th's
    02:00-07:00 (5 h, before that day's 04:00) = 16 h; Tue 17th 2 + 9 = 11 h. 1,920
    minutes; nothing flagged, no warning."""
    r = _read(TWO, {"times_stepping_back": "same_day"})
    assert _hours_by_day(r.episodes) == {"Sun 15": 5.0, "Mon 16": 16.0, "Tue 17": 11.0}
    assert not r.episodes["flags"].str.contains("next_day_by_order").any()
    assert not [w for w in r.report.details.get("warnings", ())
                if w["code"] == "next_day_by_order"]


def test_with_times_before_day_start_next_day_the_morning_moves_too():
    """``times_before_day_start: next_day`` put 02:00 and 03:30 on the 17th already; the
    07:00 row then steps back from 03:30 on the 17th and is read at 07:00 on the 17th. Mon
    14 h, Tue 16 h, Wed 2 h, as above; moved: rows 6 and 11 only (120 + 120 minutes). The
    code before left 07:00-09:00 on the 16th: Mon 16 h, Tue 16 h."""
    r = _read(TWO, {"times_before_day_start": "next_day"})
    e = r.episodes
    assert _hours_by_day(e) == {"Mon 16": 14.0, "Tue 17": 16.0, "Wed 18": 2.0}
    assert sorted(e.loc[e["flags"].str.contains("next_day_by_order"), "source_row"]) == [6, 11]


def test_a_24_hour_shift_on_one_date_in_three_rows():
    """By hand: 09:00-17:00, 17:00-01:00, 01:00-09:00 dated Saturday 21 March: the third
    steps back from 17:00 and follows 01:00 (the second rolled) with no gap: read at 01:00
    on the 22nd (on its date it would end at 09:00, the first start: a gap of 0 either way,
    and the file's order decides). 480 + 480 + 480 = 1,440 minutes, all in Saturday's diary
    day (01:00 on the 22nd is before its 04:00 end). The code before put 01:00-09:00 on the
    21st, 8 h in Friday's diary day."""
    r = _read(HEAD + "E1,21/03/2026,09:00,17:00,a\nE1,21/03/2026,17:00,01:00,b\n"
              "E1,21/03/2026,01:00,09:00,c\n")
    e = r.episodes
    assert e["start"].dt.strftime("%d %H:%M").tolist() == ["21 09:00", "21 17:00", "22 01:00"]
    assert _hours_by_day(e) == {"Sat 21": 24.0}


def test_rows_written_out_of_order_in_a_day_stay_on_their_date():
    """Controls. W1: 09:00-12:00, 13:00-17:00, then 08:00-09:00 (a row forgotten): on its
    date it ends at 09:00, the date's first start, a gap of 0; on the next day it would
    start 15 h after 17:00: stays. W2: a 10:00-10:15 call after a 09:00-12:00 visit lies
    inside the visit on its date (an interruption): stays. W3 on a 12-hour clock (9:00-
    11:30, 11:30-1:00, 1:00-2:30): no start at 13:00 or later before the step: stays as
    read (the 12-hour clock's warning speaks of it)."""
    r = _read(HEAD + "W1,09/03/2026,09:00,12:00,a\nW1,09/03/2026,13:00,17:00,b\n"
              "W1,09/03/2026,08:00,09:00,c\nW2,09/03/2026,09:00,12:00,visit\n"
              "W2,09/03/2026,10:00,10:15,call\nW3,09/03/2026,9:00,11:30,a\n"
              "W3,09/03/2026,11:30,1:00,b\nW3,09/03/2026,1:00,2:30,c\n")
    e = r.episodes
    assert not e["flags"].str.contains("next_day_by_order").any()
    by_row = e.set_index("source_row")["start"].dt.strftime("%d %H:%M")
    assert (by_row[4], by_row[6], by_row[9]) == ("09 08:00", "09 10:00", "09 01:00")


def test_workers_interleaved_in_the_file_are_judged_each_on_their_own():
    """E1's night and E2's day written row by row in turn: E1's 02:00 follows E1's 22:00-
    02:00 (E2's 13:00 between them in the file): moved; E2's rows go forward: none moved.
    E1: 300 + 240 + 90 = 630 minutes on Monday's diary day."""
    r = _read(HEAD + "E1,16/03/2026,17:00,22:00,a\nE2,16/03/2026,09:00,13:00,a\n"
              "E1,16/03/2026,22:00,02:00,b\nE2,16/03/2026,13:00,17:00,b\n"
              "E1,16/03/2026,02:00,03:30,c\n")
    e = r.episodes
    moved = e.loc[e["flags"].str.contains("next_day_by_order"), "source_row"].tolist()
    assert moved == [6]
    e1 = e[e["worker_id"] == "E1"]
    assert np.isclose(e1["counted_min"].sum(), 630.0) and _hours_by_day(e1) == {"Mon 16": 10.5}


def _day_minutes(episodes) -> dict[str, float]:
    return episodes.groupby(episodes["start"].dt.strftime("%a %d"))["counted_min"].sum().to_dict()


def test_a_day_workers_evening_then_morning_stays_on_its_date():
    """review25b, /tmp/review25b/D_two_visits.csv and D3_friday.csv. F2 writes under 17/03
    19:00-21:30 then 07:30-08:30 (two visits, written out of order). By hand: on the 18th the
    07:30 row would start 24 h - 21:30 + 07:30 = 10 h after 21:30, more than 60 minutes: not
    a continuous night, so it stays on the 17th: 150 + 60 = 210 minutes on Tue 17, nothing
    flagged or warned. The code before read 07:30 on the 18th (flagged next_day_by_order).
    F3 on Friday 20/03, 17:30-22:00 then 07:00-08:00: 9 h apart: the morning stays on
    Friday (270 + 60 = 330 minutes); the code before moved it to Saturday."""
    r = _read(HEAD + "F2,17/03/2026,19:00,21:30,evening contact\n"
              "F2,17/03/2026,07:30,08:30,breakfast visit\n"
              "F3,20/03/2026,17:30,22:00,evening visit\nF3,20/03/2026,07:00,08:00,early visit\n")
    e = r.episodes
    assert not e["flags"].str.contains("next_day_by_order").any()
    assert _day_minutes(e[e["worker_id"] == "F2"]) == {"Tue 17": 210.0}
    assert _day_minutes(e[e["worker_id"] == "F3"]) == {"Fri 20": 330.0}
    assert not [w for w in r.report.details.get("warnings", ())
                if w["code"] == "next_day_by_order"]


def test_the_evening_and_morning_keep_clear_of_the_next_days_own_rows():
    """review25b, /tmp/review25b/D2_overlap_next.csv: F2 also writes 08:00-12:00 and
    12:30-16:00 under 18/03. By hand: 150 + 60 + 240 + 210 = 660 minutes in, all counted
    (the code before put 07:30-08:30 on the 18th, 30 minutes under 08:00-12:00: 630
    counted); 150 + 60 = 210 on the 17th, 450 on the 18th."""
    r = _read(HEAD + "F2,17/03/2026,19:00,21:30,evening contact\n"
              "F2,17/03/2026,07:30,08:30,breakfast visit\n"
              "F2,18/03/2026,08:00,12:00,office duty\nF2,18/03/2026,12:30,16:00,office duty\n")
    e = r.episodes
    assert e["counted_min"].sum() == 660.0
    assert _day_minutes(e) == {"Tue 17": 210.0, "Wed 18": 450.0}
    assert not e["flags"].str.contains("overlap|next_day_by_order").any()


def test_a_row_is_not_moved_onto_the_workers_own_rows_of_the_next_date():
    """The 24-hour shift above (09:00-17:00, 17:00-01:00, 01:00-09:00 under Saturday 21/03),
    with the worker's own 08:00-12:00 under Sunday 22/03. By hand: read on the 22nd the third
    row, 01:00-09:00, would lie an hour (08:00-09:00) on the 08:00 row: it stays at 01:00 on
    the 21st, not flagged, and the warning names it (source row 4); 3 x 480 + 240 = 1,680
    minutes counted, none overlapping. The code before moved it: 60 minutes under the 08:00
    row, 1,620 counted."""
    r = _read(HEAD + "E1,21/03/2026,09:00,17:00,a\nE1,21/03/2026,17:00,01:00,b\n"
              "E1,21/03/2026,01:00,09:00,c\nE1,22/03/2026,08:00,12:00,d\n")
    e = r.episodes
    by_row = e.set_index("source_row")["start"].dt.strftime("%d %H:%M")
    assert by_row[4] == "21 01:00"
    assert e["counted_min"].sum() == 1680.0
    assert not e["flags"].str.contains("overlap|next_day_by_order").any()
    (w,) = [w for w in r.report.details["warnings"] if w["code"] == "next_day_by_order"]
    assert (w["rows"], w["left_source_rows"]) == (0, [4])
    assert "1 row left on its date (source row 4 as 2026-03-21 01:00)" in w["message"]


def test_a_night_with_a_gap_of_an_hour_still_moves_and_one_over_does_not():
    """The step's start within 60 minutes of the latest end before it. By hand: 18:00-22:00,
    22:00-01:00, then 02:00-03:00: 01:00 to 02:00 on the 17th is 60 minutes: moved, 240 +
    180 + 60 = 480 minutes on Mon 16's diary day. The same with 02:01-03:00: 61 minutes:
    stays at 02:01 on the 16th."""
    night = "{w},16/03/2026,18:00,22:00,a\n{w},16/03/2026,22:00,01:00,b\n"
    r = _read(HEAD + night.format(w="N1") + "N1,16/03/2026,02:00,03:00,c\n"
              + night.format(w="N2") + "N2,16/03/2026,02:01,03:00,c\n")
    e = r.episodes.set_index("source_row")
    assert e["start"].dt.strftime("%d %H:%M")[[4, 7]].tolist() == ["17 02:00", "16 02:01"]
    assert e["flags"].str.contains("next_day_by_order")[[4, 7]].tolist() == [True, False]
