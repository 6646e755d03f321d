"""The published interruption sources are the interrupting tasks' labels (audit 23, defect 1):
``interruptions_sources.csv`` read ``Task 1``, ``Task 2`` where the categories belong, the
sources' names relabelled as if they were still task ids."""

from __future__ import annotations

import pandas as pd
from _wombat_export import export, session

from timestudy import read_diary
from timestudy.observe import observation_study


def _episodes() -> pd.DataFrame:
    """Two workers, one session each.

    P1, 09:00-10:00: Documentation 09:00-10:00 paused 09:10-09:15 by a Communication task and
    09:30-09:40 by a Direct task. P2, 11:00-12:00: Documentation paused 11:20-11:30 by a
    Communication task.
    """
    one = [dict(n=1, what="Documentation", start="09:00", end="10:00",
                pauses=[(2, "09:10", "09:15"), (3, "09:30", "09:40")]),
           dict(n=2, what="Communication", start="09:10", end="09:15", interrupting=True),
           dict(n=3, what="Direct", start="09:30", end="09:40", interrupting=True)]
    two = [dict(n=1, what="Documentation", start="11:00", end="12:00",
                pauses=[(2, "11:20", "11:30")]),
           dict(n=2, what="Communication", start="11:20", end="11:30", interrupting=True)]
    rows = (session("10-Apr-2025", "O1", "S1", "X", "P1", "09:00", "10:00", one)
            + session("10-Apr-2025", "O1", "S2", "X", "P2", "11:00", "12:00", two))
    return read_diary(export(rows), layout="wombat", warn=False).episodes


def test_published_sources_are_the_interrupting_tasks_labels(tmp_path):
    """Three interruptions: two by Communication tasks (09:10, 11:20), one by a Direct task
    (09:30), so Communication 2 (share 2/3) and Direct 1 (1/3), in the published table as in
    the unpublished one. Before: ``Task 1`` 2, ``Task 2`` 1."""
    study = observation_study(_episodes(), by="activity_code", min_workers=1)  # 2 workers
    raw = study.interruptions.tables()["interruptions_sources"]
    study.write(tmp_path)
    got = pd.read_csv(tmp_path / "interruptions_sources.csv").set_index("source")
    assert got["interruptions"].to_dict() == {"Communication": 2, "Direct": 1}
    assert got["share"].round(4).to_dict() == {"Communication": 0.6667, "Direct": 0.3333}
    assert raw["interruptions"].to_dict() == got["interruptions"].to_dict()
