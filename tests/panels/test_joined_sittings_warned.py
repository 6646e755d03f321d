"""Sittings joined across a break are counted, in one warning (review24c d1.csv).

pieces24 joins two sittings of one task on one case on one day up to 60 minutes apart with
nothing but a break between (a conference broken for lunch is one conference). Two visits
to one family that morning (10:00-11:00 and 11:45-12:45, nothing written between) read so
too: one visit of 120 where the diarist may mean two of 60, and nothing said. By hand: C1's
two visits and C2's two visits (lunch between) are 2 joined pieces; C3's visit with an
email between stays two pieces and is not counted; the warning names the first, a
statutory visit on 2026-03-09.
"""

from __future__ import annotations

import pandas as pd
import pytest

from timestudy.errors import DataQualityWarning
from timestudy.panels import pieces_of_work


def test_pieces_joined_across_a_break_are_warned():
    rows = [("C1", "2026-03-09 10:00", 60, "statutory_visit", "direct_work"),
            ("C1", "2026-03-09 11:45", 60, "statutory_visit", "direct_work"),
            ("C2", "2026-03-10 10:00", 60, "statutory_visit", "direct_work"),
            (None, "2026-03-10 11:00", 30, "lunch", "non_work"),
            ("C2", "2026-03-10 11:45", 60, "statutory_visit", "direct_work"),
            ("C3", "2026-03-11 10:00", 60, "statutory_visit", "direct_work"),
            ("C9", "2026-03-11 11:00", 15, "email_admin", "admin"),
            ("C3", "2026-03-11 11:30", 60, "statutory_visit", "direct_work")]
    e = pd.DataFrame(rows, columns=["case_id", "start", "minutes", "task_type", "category"])
    e["start"] = pd.to_datetime(e["start"])
    e["duration_min"] = e.pop("minutes").astype(float)
    with pytest.warns(DataQualityWarning, match=r"2 visit\(s\) or meeting\(s\) are two "
                      r"sittings of one day joined as one piece.*a statutory visit on "
                      r"2026-03-09"):
        p = pieces_of_work(e.assign(worker_id="W1"), link_within_days={})
    visits = p.loc[p["task_type"].eq("statutory_visit"), "direct_min"].sort_values().tolist()
    assert visits == [60.0, 60.0, 120.0, 120.0]
