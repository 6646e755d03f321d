"""A diary without times (layout ``dated``) on the nights the clocks change (audit20d
dated_cc.csv, dated_cc2.csv).

Before: rows were placed on the clock as written whatever the ``timezone``: 04:00 + 1,290
minutes on 28 March 2026 put an end and a start at 01:30 on 29 March, a time that did not
happen in Europe/London, with no flag; the day's limit was 24 hours on both nights. Now, with
a time zone, each row is placed at the true minutes after the instant its diary day starts
and written on the zone's clock (as an end made from a start and a duration is), flagged
``clock_change`` where its clock times differ from its minutes, and a day may hold its true
length (23 hours in spring, 25 in autumn). Without a time zone the rows stay on the clock as
written, within 24 hours, flagged ``clock_change_unchecked`` as the duration layout's are.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from timestudy import read_diary
from timestudy.ingest.dated import OVER_DAY, place_in_zone

HEAD = "worker_id,date,duration_min,activity\n"
SPRING = HEAD + "W1,28/03/2026,1290,a\nW1,28/03/2026,30,b\nW1,28/03/2026,30,c\n"
LONDON = "Europe/London"


def _read(tmp_path, text, timezone=None):
    path = tmp_path / "d.csv"
    path.write_text(text)
    return read_diary(path, warn=False, timezone=timezone)


def _times(episodes: pd.DataFrame) -> list[tuple[str, str]]:
    fmt = "%d %H:%M"
    return list(zip(episodes["start"].dt.strftime(fmt), episodes["end"].dt.strftime(fmt),
                    strict=True))


def test_rows_after_the_spring_change_are_placed_at_true_minutes(tmp_path):
    """By hand, Europe/London: the day of 28 March starts 04:00 GMT = 04:00 UTC. 04:00 UTC +
    1,290 min (21 h 30) = 01:30 UTC on the 29th, 02:30 BST (the clocks went forward at
    01:00 GMT): a 02:30 - 03:00 BST, b 03:00 - 03:30. Row a's clock times (04:00 to 02:30,
    1,350 minutes on the clock as written) differ from its 1,290 minutes: ``clock_change``;
    b and c span no change. Minutes stay 1,290 + 30 + 30. The code before gave 04:00 -
    01:30, 01:30 - 02:00, 02:00 - 02:30: times that did not happen, no flag."""
    e = _read(tmp_path, SPRING, LONDON).episodes
    assert _times(e) == [("28 04:00", "29 02:30"), ("29 02:30", "29 03:00"),
                         ("29 03:00", "29 03:30")]
    assert e["counted_min"].tolist() == [1290.0, 30.0, 30.0]
    assert e["flags"].str.contains("clock_change;").tolist() == [True, False, False]
    assert not e["flags"].str.contains("unchecked").any()


def test_a_23_hour_day_ends_where_the_next_one_starts(tmp_path):
    """By hand, W3: 04:00 GMT on 28 March + 1,200 min = 00:00 GMT on the 29th; + 180 min =
    03:00 UTC = 04:00 BST, the instant the diary day of the 29th starts (its 04:00 BST), so
    the 29th's row 04:00 - 05:00 follows with no gap; the second row (00:00 to 04:00 on the
    clock, 180 minutes) is ``clock_change``. 1,200 + 180 = 1,380 minutes = the 23 hours of
    that day exactly: accepted. The code before ended W3's day at 03:00, an hour's false
    gap before 04:00."""
    text = HEAD + "W3,28/03/2026,1200,a\nW3,28/03/2026,180,b\nW3,29/03/2026,60,c\n"
    r = _read(tmp_path, text, LONDON)
    e = r.episodes
    assert _times(e) == [("28 04:00", "29 00:00"), ("29 00:00", "29 04:00"),
                         ("29 04:00", "29 05:00")]
    assert e["flags"].str.contains("clock_change;").tolist() == [False, True, False]
    assert r.rejects.empty


def test_a_day_of_the_spring_change_holds_23_hours_only(tmp_path):
    """By hand: 1,200 + 200 = 1,400 minutes (23.3 hours) dated 28 March, a day of 04:00 GMT
    to 04:00 BST = 23 hours = 1,380 minutes: both rows rejected ``day_over_24_hours``, the
    reason naming 23 hours; 1,400 minutes in = 0 accepted + 1,400 rejected. The code before
    accepted them (within 24 hours), the second running to 04:20 BST, past the day's end."""
    text = HEAD + "W1,28/03/2026,1200,a\nW1,28/03/2026,200,b\n"
    r = _read(tmp_path, text, LONDON)
    assert r.episodes.empty
    assert r.rejects["code"].tolist() == [OVER_DAY, OVER_DAY]
    assert "more than the 23 hours of that diary day" in r.rejects["reason"].iloc[0]
    m = r.report.details["minutes"]
    assert (m["minutes_in"], m["minutes_accepted"], m["minutes_rejected"]) == (1400, 0, 1400)


def test_a_day_of_the_autumn_change_holds_25_hours(tmp_path):
    """By hand: 24 October 2026 runs 04:00 BST to 04:00 GMT = 25 hours = 1,500 minutes, so
    1,200 + 280 = 1,480 minutes are accepted. 04:00 BST = 03:00 UTC; + 1,200 min = 23:00 UTC
    = 00:00 BST on the 25th; + 280 min = 03:40 UTC = 03:40 GMT (the clocks went back at
    02:00 BST). The second row's clock times (00:00 to 03:40, 220 minutes) differ from its
    280: ``clock_change``. The code before rejected the day (over 24 hours)."""
    text = HEAD + "W2,24/10/2026,1200,a\nW2,24/10/2026,280,b\n"
    r = _read(tmp_path, text, LONDON)
    e = r.episodes
    assert r.rejects.empty
    assert _times(e) == [("24 04:00", "25 00:00"), ("25 00:00", "25 03:40")]
    assert e["counted_min"].tolist() == [1200.0, 280.0]
    assert e["flags"].str.contains("clock_change;").tolist() == [False, True]


def test_without_a_zone_placed_rows_london_would_read_otherwise_are_unchecked(tmp_path):
    """By hand, no time zone: on the clock as written a runs 04:00 - 01:30, b 01:30 - 02:00,
    c 02:00 - 02:30 (minutes as written). In Europe/London a's end (04:00 GMT + 1,290 min)
    is 02:30 BST, with b and c of the same worker before it: a flagged
    ``clock_change_unchecked``; b starts at 01:30, in the hour London skips: flagged; c
    (02:00 + 30 = 02:30 either way) not. One warning. The code before flagged none."""
    r = _read(tmp_path, SPRING)
    e = r.episodes
    assert _times(e) == [("28 04:00", "29 01:30"), ("29 01:30", "29 02:00"),
                         ("29 02:00", "29 02:30")]
    assert e["flags"].str.contains("clock_change_unchecked").tolist() == [True, True, False]
    assert r.report.warnings_by_code.get("clock_change_unchecked") == 2


def test_without_a_zone_a_day_holds_24_hours_on_the_clock_as_written(tmp_path):
    """No time zone: the rows are placed on the clock as written, whose every day is 24
    hours, so 1,480 minutes dated 24 October 2026 (25 hours in Europe/London) are rejected
    ``day_over_24_hours`` (placed, they would run to 04:40 on the 25th, into the next diary
    day), the reason naming 24 hours as before, and now the fix: 1,480 <= 1,500, so the
    rows would fit that day in Europe/London, and the reason says to set the time zone.
    780 + 700 = 1,480 minutes on 1 July (24 hours there too) get no such hint."""
    text = HEAD + ("W2,24/10/2026,1200,a\nW2,24/10/2026,280,b\n"
                   "W4,01/07/2026,780,c\nW4,01/07/2026,700,d\n")
    r = _read(tmp_path, text)
    assert r.rejects["code"].tolist() == [OVER_DAY] * 4
    reasons = r.rejects["reason"].tolist()
    assert all("more than the 24 hours of a diary day" in t for t in reasons)
    hint = "the clocks went back that night in Europe/London, a day of 25 hours"
    assert [hint in t for t in reasons] == [True, True, False, False]


def test_place_in_zone_by_hand():
    """By hand, Europe/London, day start 04:00: 28 March 2026 is 1,380 minutes long, 24
    October 1,500, 2 March 1,440. W0 on 24 October: 1,200 then 100 minutes: the second
    starts 03:00 UTC + 1,200 min = 23:00 UTC = 00:00 BST on the 25th; a row not usable
    gets NaT and no total."""
    day = np.array(["2026-03-28", "2026-10-24", "2026-10-24", "2026-03-02", "2026-03-02"],
                   "M8[D]")
    worker = np.array([0, 0, 0, 1, 1])
    usable = np.array([True, True, True, True, False])
    p = place_in_zone(worker, day, np.array([60.0, 1200.0, 100.0, 30.0, 5.0]), usable, 4.0,
                      LONDON)
    shown = pd.DatetimeIndex(p.start[:4]).strftime("%m-%d %H:%M").tolist()
    assert shown == ["03-28 04:00", "10-24 04:00", "10-25 00:00", "03-02 04:00"]
    assert np.isnat(p.start[4])
    assert p.day_minutes[:4].tolist() == [1380.0, 1500.0, 1500.0, 1440.0]
    assert p.total[:4].tolist() == [60.0, 1300.0, 1300.0, 30.0] and np.isnan(p.total[4])
    assert (np.diff(p.start_at[1:3]) == 1200 * 60_000_000_000).all()
    assert not p.over.any()
