"""An Emergency Duty Team's weeknight 17:00-09:00 in split date and time columns (audit25n,
/tmp/audit25n/probe_split.csv lines 3, 7, 8).

Before: the row was rejected ``wrap_too_long``, "would last 16 h, more than 16 h: check the
end time": 16 h is not more than 16 h, and the end was right. The limit was exclusive
(``span >= max_wrap_hours``). Now an end rolls when the episode is then no longer than
``max_wrap_hours`` on the clock, and a reason gives the hours that would pass: on 28 March
2026 with ``timezone: Europe/London`` the old reason said 16 h where 15 h passed.
"""

from __future__ import annotations

import io

from timestudy import read_diary

HEAD = "worker_id,date,start_time,end_time,activity\n"
LONDON = "Europe/London"


def _read(text: str, timezone: str | None = None):
    return read_diary(io.StringIO(HEAD + text), warn=False, timezone=timezone)


def test_a_16_hour_night_shift_rolls_to_the_next_morning():
    """By hand: 17:00 on 17 March to 09:00 on the 18th is 7 + 9 = 16 h = 960 minutes, not
    more than the 16 h of ``max_wrap_hours``: accepted, flagged ``crossed_midnight``. The
    code before rejected it ``wrap_too_long``."""
    r = _read("E1,2026-03-17,17:00,09:00,EDT shift\n")
    assert r.rejects.empty
    e = r.episodes
    assert e["end"].dt.strftime("%d %H:%M").tolist() == ["18 09:00"]
    assert e["counted_min"].tolist() == [960.0]
    assert "crossed_midnight" in e["flags"].iloc[0]


def test_the_night_shift_counts_the_hours_that_passed_on_the_nights_of_change():
    """By hand, Europe/London: 17:00 GMT on 28 March to 09:00 BST on the 29th is 16 h on
    the clock less the hour skipped at 01:00 = 15 h = 900 minutes; 17:00 BST on 24 October
    to 09:00 GMT on the 25th is 16 h plus the hour passed twice = 17 h = 1,020 minutes. Both
    16 h on the clock: accepted. The code before rejected both."""
    r = _read("E1,2026-03-28,17:00,09:00,EDT\nE2,2026-10-24,17:00,09:00,EDT\n", LONDON)
    assert r.rejects.empty
    assert r.episodes["counted_min"].tolist() == [900.0, 1020.0]


def test_a_reason_gives_the_hours_that_would_pass():
    """By hand: 16:30 on 28 March to 09:00 is 16 h 30 min on the clock, more than 16 h:
    rejected. In Europe/London the clocks went forward at 01:00, so 15 h 30 min would pass:
    the reason says 15 h 30 min, and 16 h 30 min on the clock. The code before said "would
    last 16 h 30 min" whatever the zone."""
    r = _read("E1,2026-03-28,16:30,09:00,EDT\n", LONDON)
    assert r.rejects["code"].tolist() == ["wrap_too_long"]
    why = r.rejects["reason"].iloc[0]
    assert "would last 15 h 30 min (16 h 30 min on the clock, which changed that night)" in why
    assert "more than 16 h on the clock" in why and "max_wrap_hours" in why


def test_one_minute_over_the_limit_is_still_refused():
    """Control: 17:00 to 09:01 is 16 h 1 min, more than 16 h: rejected ``wrap_too_long``,
    the reason saying 16 h 1 min (no zone: the clock's hours are the hours that passed)."""
    r = _read("E1,2026-03-17,17:00,09:01,EDT shift\n")
    assert r.rejects["code"].tolist() == ["wrap_too_long"]
    assert "would last 16 h 1 min, more than 16 h on the clock" in r.rejects["reason"].iloc[0]


def test_a_half_day_across_noon_on_a_12_hour_clock_is_not_a_16_hour_night():
    """review25b, /tmp/review25b/T12b.csv: D3 writes 9:00-1:00 on 17 March (a 12-hour clock
    without am or pm: 9 am to 1 pm, 4 h). By hand: rolled, 09:00 to 01:00 on the 18th is
    15 + 1 = 16 h = 960 minutes, not more than 16 h, and the code before accepted it as 960
    minutes (flagged long_episode only). A roll of 12 h or more now needs a start of 13:00 or
    later: 09:00 is before, so rejected ``wrap_too_long``, the reason naming the 12-hour
    clock: 960 - 720 = 240 minutes = 4 h if 1:00 is 13:00. The day's other rows stand: 210 +
    240 = 450 minutes accepted (the code before: 1,410)."""
    r = _read("D3,17/03/2026,9:00,1:00,home visit\nD3,18/03/2026,8:30,12:00,team meeting\n"
              "D3,18/03/2026,13:00,17:00,court statement\n")
    assert r.rejects["code"].tolist() == ["wrap_too_long"]
    why = r.rejects["reason"].iloc[0]
    assert "would last 16 h, 12 h or more from a start before 13:00" in why
    assert "09:00 to 01:00 is 4 h if 01:00 is 13:00" in why and "am/pm" in why
    assert r.episodes["counted_min"].sum() == 450.0


def test_a_night_from_the_afternoon_and_a_short_wrap_from_any_hour_still_roll():
    """Controls. 17:00-09:00 (the EDT night: 16 h from a start at 17:00, after 13:00) and
    13:00-05:00 (16 h from 13:00 exactly) roll: 960 minutes each. 22:00-02:00 (4 h) and
    12:30-00:15 (11 h 45 min, under 12 h: rolls from any start) roll as before: 240 and 705.
    12:00-00:00 is 12 h from a start before 13:00: rejected ``wrap_too_long``, the reason
    giving no 12-hour reading (00:00 + 12 h is the start itself)."""
    r = _read("E1,17/03/2026,17:00,09:00,a\nE2,17/03/2026,13:00,05:00,b\n"
              "E3,17/03/2026,22:00,02:00,c\nE4,17/03/2026,12:30,00:15,d\n"
              "E5,17/03/2026,12:00,00:00,e\n")
    assert r.episodes["counted_min"].tolist() == [960.0, 960.0, 240.0, 705.0]
    assert r.rejects["code"].tolist() == ["wrap_too_long"]
    why = r.rejects["reason"].iloc[0]
    assert "12 h or more from a start before 13:00" in why and "12-hour clock" not in why


def test_a_long_roll_from_the_morning_stands_when_its_own_duration_says_so():
    """An ATUS-like row 12:00 to 02:00 with its own 840 minutes (the conformance file
    timeuse/atus_activity, line 13): rolled, 12 + 2 = 14 h = 840 minutes, as its duration
    says: accepted, 840 counted. Without the duration it is refused ``wrap_too_long`` (14 h
    from a start before 13:00; 2 h if 02:00 is 14:00)."""
    r = read_diary(io.StringIO("worker_id,date,start_time,end_time,duration_min,activity\n"
                               "A1,2026-03-17,12:00,02:00,840,sleep\n"
                               "A2,2026-03-17,12:00,02:00,,sleep\n"), warn=False)
    assert r.episodes["counted_min"].tolist() == [840.0]
    assert r.rejects["code"].tolist() == ["wrap_too_long"]
    assert "12:00 to 02:00 is 2 h if 02:00 is 14:00" in r.rejects["reason"].iloc[0]
