"""Published observation outputs carry no real identifier (audit 5, defect 4): workers,
participants, observers, sessions and task ids are labels, the same in every table."""

from __future__ import annotations

import re

import pandas as pd
from _wombat_export import export, session

from timestudy import read_diary
from timestudy.observe import observation_study
from timestudy.observe._result import published

OBSERVERS = ("ALICEOBS", "BOBOBS", "CAROLOBS")
RAW = ("ALICEOBS", "BOBOBS", "CAROLOBS", "SESSNINE", "SESSTEN", "SESSELEVEN", "SESSTWELVE",
       "PXNAME", "PYNAME", "SITEZED")


def _study() -> pd.DataFrame:
    """Three observers shadow PXNAME 09:00-10:00 (one pauses the visit for a call); one of
    them also shadows PYNAME alone."""
    tasks = [dict(n=1, what="Documentation", start="09:00", end="09:30"),
             dict(n=2, what="Direct", start="09:30", end="10:00", pauses=[(3, "09:40", "09:45")]),
             dict(n=3, what="Communication", start="09:40", end="09:45", interrupting=True)]
    rows = []
    for obs, sid in zip(OBSERVERS, ("SESSNINE", "SESSTEN", "SESSELEVEN"), strict=True):
        rows += session("10-Apr-2025", obs, sid, "SITEZED", "PXNAME", "09:00", "10:00", tasks)
    rows += session("10-Apr-2025", "ALICEOBS", "SESSTWELVE", "SITEZED", "PYNAME", "11:00",
                    "12:00", [dict(n=1, what="Travel", start="11:00", end="12:00")])
    return read_diary(export(rows), layout="wombat", warn=False).episodes


def test_no_raw_identifier_in_any_published_file(tmp_path):
    """Every CSV and the report (figures' base64 left out) is searched for each raw id
    (observers, sessions, participants, the site inside task ids): none is found, in the
    internal tables by stream and pair either."""
    study = observation_study(_study(), by="activity_code", min_workers=1)  # 2 workers
    assert study.multi_agreement is not None and len(study.pairs) == 3
    paths = study.write(tmp_path / "out", internal=tmp_path / "internal")
    for path in paths.values():
        text = re.sub(r"base64,[^\"']*", "", path.read_text(encoding="utf-8"))
        found = [raw for raw in RAW if raw in text.upper()]
        assert not found, f"{path.name} shows {found}"
    sources = pd.read_csv(tmp_path / "out" / "interruptions_sources.csv")
    assert sources["source"].tolist() == ["Communication"]  # the interrupting task's label
    joint = pd.read_csv(tmp_path / "internal" / "multi_agreement_sessions.csv")
    assert joint["observers"].tolist() == ["Observer 1, Observer 2, Observer 3"]


def test_a_worker_has_one_label_in_every_table():
    """W9 is `Worker 2` both as `worker` (a pair's table) and as `worker_id` (by stream);
    lists of observers are labelled item by item."""
    t = published({"pairs": pd.DataFrame({"worker": ["W9"], "session_a": ["S1"]}),
                   "by_stream": pd.DataFrame({"worker_id": ["W1", "W9"]}),
                   "joint": pd.DataFrame({"observers": ["O2, O1"], "sessions": ["S1, S2"]})})
    assert t["pairs"]["worker"].tolist() == ["Worker 2"]
    assert t["by_stream"]["worker_id"].tolist() == ["Worker 1", "Worker 2"]
    assert t["joint"].iloc[0].tolist() == ["Observer 2, Observer 1", "Session 1, Session 2"]
