"""The names of the diary layouts ``read_diary`` knows (no pandas: the command line's options
are built from them before any table is read).

Examples
--------
>>> "canonical" in LAYOUTS and "wombat" in TIMER_LAYOUTS
True
"""

from __future__ import annotations

from typing import Literal

Layout = Literal["canonical", "duration", "split", "slots", "long_slots", "wombat", "toggl",
                 "dated"]
LAYOUTS: tuple[str, ...] = (
    "canonical", "duration", "split", "slots", "long_slots", "wombat", "toggl", "dated",
)
#: Layouts of timers (an entry is a timer started and stopped): a long entry is a timer left
#: running, and an entry with no end is a timer still running.
TIMER_LAYOUTS = ("wombat", "toggl")
#: The helper column marking the rows of a diary with times that have none, a duration
#: alone (a Harvest entry typed in as a duration): read as a diary without times reads
#: its rows, placed in file order and flagged ``time_of_day_unknown``
#: (:mod:`timestudy.ingest.untimed_rows`), the other rows keeping their times.
UNTIMED_COLUMN = "_no_time_of_day"
