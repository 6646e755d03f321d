"""A 24-hour weekend duty shift over the autumn clock change (audit25n,
/tmp/audit25n/probes: shift25_canonical.csv, dur.csv, dated.csv, dated2.csv).

Before: with ``timezone: Europe/London``, 09:00 on 24 October 2026 to 09:00 on the 25th was
rejected "more than 1440 minutes ... check the dates" (it lasted 1,500: the clocks went
back), the same shift as a start and 1,500 minutes, or as one dated row of 1,500 minutes,
``above_maximum``; while two dated rows of 750 were accepted as the 25-hour day. Now the
maximum of an entry that is not a timer (24 hours) is on the clock from its start: 1,500
real minutes over the autumn change, 1,380 over the spring one, in every layout.
"""

from __future__ import annotations

import io

from timestudy import read_diary

LONDON = "Europe/London"


def _read(text: str, timezone: str | None = LONDON):
    return read_diary(io.StringIO(text), warn=False, timezone=timezone)


def test_the_autumn_shift_is_accepted_in_each_layout():
    """By hand: 09:00 BST on 24 October to 09:00 GMT on the 25th is 24 h on the clock and
    24 + 1 = 25 h = 1,500 minutes passed. Written with both ends, as a start and 1,500
    minutes, or as one row of 1,500 minutes dated the 24th (its diary day, 04:00 to 04:00,
    holds 1,500 minutes): accepted, 1,500 counted each. The code before rejected all three
    ``above_maximum``."""
    ends = _read("worker_id,start,end,activity\nX1,2026-10-24T09:00,2026-10-25T09:00,EDT\n")
    dur = _read("worker_id,start,duration_min,activity\nZ1,2026-10-24T09:00,1500,EDT\n")
    dated = _read("worker_id,date,duration_min,activity\nY1,2026-10-24,1500,EDT\n")
    for r in (ends, dur, dated):
        assert r.rejects.empty
        assert r.episodes["counted_min"].tolist() == [1500.0]
    assert dur.episodes["end"].dt.strftime("%d %H:%M").tolist() == ["25 09:00"]


def test_a_day_without_the_change_holds_24_hours():
    """Control: 1,500 minutes dated 25 October: that diary day (04:00 GMT on the 25th to
    04:00 GMT on the 26th) has no change, 1,440 minutes: rejected ``above_maximum``, as
    before, the reason naming 1440 minutes (24 hours)."""
    r = _read("worker_id,date,duration_min,activity\nY2,2026-10-25,1500,EDT\n")
    assert r.rejects["code"].tolist() == ["above_maximum"]
    assert "above the maximum of 1440 minutes (24 hours)" in r.rejects["reason"].iloc[0]


def test_the_spring_day_is_24_hours_on_the_clock_too():
    """By hand: from 09:00 GMT on 28 March, 24 h on the clock is 09:00 BST on the 29th,
    1,440 - 60 = 1,380 minutes passed. 09:00 to 09:30 on the 29th is 24 h 30 min on the
    clock, 1,410 minutes passed: rejected ``above_maximum``, the reason naming both (the code
    before accepted it: 1,410 <= 1,440). A start and 1,400 minutes ends at 10:20 BST, past
    24 h on the clock: rejected, the reason naming the maximum of 1,380 minutes. 09:00 to
    09:00 (1,380 minutes) is accepted, as before."""
    ends = _read("worker_id,start,end,activity\nX2,2026-03-28T09:00,2026-03-29T09:30,EDT\n"
                 "X3,2026-03-28T09:00,2026-03-29T09:00,EDT\n")
    assert ends.rejects["code"].tolist() == ["above_maximum"]
    assert ("more than 1440 minutes after the start on the clock (1,410 minutes passed"
            in ends.rejects["reason"].iloc[0])
    assert ends.episodes["counted_min"].tolist() == [1380.0]
    dur = _read("worker_id,start,duration_min,activity\nZ2,2026-03-28T09:00,1400,EDT\n")
    assert dur.rejects["code"].tolist() == ["above_maximum"]
    assert "the maximum of 1380 minutes (24 hours on the clock" in dur.rejects["reason"].iloc[0]


def test_without_a_time_zone_a_day_is_1440_minutes():
    """No time zone: the clock as written, a day of 1,440 minutes: 09:00 to 09:00 is 1,440
    minutes, accepted; 1,500 minutes from 09:00 on 24 October, or dated that day, are
    rejected ``above_maximum``, as before, now with a reason that says Europe/London's
    clock went back within them (24 h on it from 09:00 BST is 1,500 minutes) and to set the
    time zone; 1,500 minutes dated 25 October (a day of 1,440 minutes there too) get no
    such hint."""
    ends = _read("worker_id,start,end,activity\nX1,2026-10-24T09:00,2026-10-25T09:00,EDT\n",
                 None)
    assert ends.episodes["counted_min"].tolist() == [1440.0]
    dur = _read("worker_id,start,duration_min,activity\nZ1,2026-10-24T09:00,1500,EDT\n", None)
    dated = _read("worker_id,date,duration_min,activity\nY1,2026-10-24,1500,EDT\n"
                  "Y2,2026-10-25,1500,EDT\n", None)
    assert dur.rejects["code"].tolist() == ["above_maximum"]
    assert dated.rejects["code"].tolist() == ["above_maximum"] * 2
    hint = "set timezone: Europe/London"
    assert [hint in why for why in [*dur.rejects["reason"], *dated.rejects["reason"]]] == [
        True, True, False]
