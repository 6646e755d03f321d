"""The 12-hour clock warning counts the entries a 12-hour clock would read otherwise, not
every small-hours entry of the workers it names (the last stop's leftover).

``times_look_twelve_hour`` named W1 rightly (9:00, 11:30, 1:00, 2:30 on Monday wrap at
1:00) but counted every entry of W1 starting from 01:00 to 06:59: Tuesday's early start at
05:30, written first, and Wednesday's forgotten 05:30 written after 08:00-10:00 (7 h 30
after it on a 12-hour clock: no wrap) were counted as afternoons read as night work.
"""

from __future__ import annotations

import io

from timestudy import read_diary

DIARY = """Worker ID,Date,Start time,End time,Activity,Case ID
W1,09/03/2026,9:00,11:30,visit,C1
W1,09/03/2026,11:30,1:00,court,C1
W1,09/03/2026,1:00,2:30,notes,C1
W1,09/03/2026,2:30,4:45,visit,C2
W1,10/03/2026,5:30,7:00,visit,C1
W1,10/03/2026,7:00,12:00,notes,C1
W1,11/03/2026,8:00,10:00,visit,C1
W1,11/03/2026,5:30,7:00,phone,C1
W1,11/03/2026,10:00,12:00,notes,C1
W2,09/03/2026,09:00,12:30,visit,C3
W2,09/03/2026,12:30,13:15,notes,C3
"""


def test_only_the_entries_a_twelve_hour_clock_would_reread_are_counted():
    """By hand: W1 has 9 entries, 4 starting from 01:00 to 06:59: Monday's 1:00 and 2:30
    (after Monday's 9:00 and 11:30, a day that wraps: afternoons on a 12-hour clock),
    Tuesday's 5:30 (written first: an early start) and Wednesday's 5:30 (written after
    8:00-10:00, 7 h 30 later on a 12-hour clock: a forgotten entry; Wednesday does not
    wrap). Counted: 2 of their 9. Before: 4 of their 9 (every small-hours start)."""
    r = read_diary(io.StringIO(DIARY), mapping={"dayfirst": True}, warn=False)
    w = next(w for w in r.report.details["warnings"] if w["code"] == "times_look_twelve_hour")
    assert w["workers"] == ["W1"] and w["episodes"] == 2
    assert "2 of their 8 entries start between 01:00 and 06:59 after a morning"  # (11:30-1:00 refused) in w["message"]
