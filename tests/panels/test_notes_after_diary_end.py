"""Notes written after the diary's end are not seen: warned, with the share of full time
they leave out (audit24p, ``d5.csv``).

By hand: W1 visits a case each weekday 2-13 March 2026 (10 working days, 60 minutes each at
10:00) and writes 30 minutes of notes on it the next morning at 09:00; the last visit's
notes (Monday 16 March) fall after the diary. Full minutes: 10 x 60 + 9 x 30 = 870 (87 a
visit, where 90 is meant). The notes window is 3 working days: the visits of days 7, 8 and 9
(of 0-9) are cut (9 - 7 = 2 < 3), with 30, 30 and 0 minutes of notes (20 a piece); the 7
inside have 30 each. Short: (30 - 20) x 3 = 30 minutes of 870, 3.4%. Before, nothing said so
(the report said the diary's edges do not make long work look short).
"""

from __future__ import annotations

import pandas as pd
import pytest

from timestudy.errors import DataQualityWarning
from timestudy.panels import pieces_of_work


def test_notes_cut_by_the_diarys_end_are_warned_with_their_share():
    days = pd.bdate_range("2026-03-02", "2026-03-13")
    visits = pd.DataFrame({"case_id": [f"V{i}" for i in range(10)],
                           "start": days + pd.Timedelta(hours=10), "duration_min": 60.0,
                           "task_type": "statutory_visit", "category": "direct_work"})
    notes = pd.DataFrame({"case_id": [f"V{i}" for i in range(9)],
                          "start": days[1:] + pd.Timedelta(hours=9), "duration_min": 30.0,
                          "task_type": "case_notes", "category": "recording"})
    e = pd.concat([visits, notes], ignore_index=True).assign(worker_id="W1")
    with pytest.warns(DataQualityWarning, match=r"fewer notes than the others for 1 task "
                      r"type\(s\) \(statutory visit 3\.4%\)"):
        p = pieces_of_work(e, link_within_days={})
    assert p["full_min"].sum() == 870.0  # every minute once: nothing added
