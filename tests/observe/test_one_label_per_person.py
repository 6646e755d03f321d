"""One label per person in every observe table (audit 23, defect 3): the pair tables name
the person by ``participant_key`` and were labelled apart from the per-stream tables'
``worker_id``, so one person was ``Worker 1`` in ``paired_sessions.csv`` and ``Worker 2`` in
``interruptions_by_stream.csv``."""

from __future__ import annotations

import pandas as pd
from _wombat_export import export, session

from timestudy import read_diary
from timestudy.ingest.mapping import DiaryMapping
from timestudy.observe import observation_study

TASKS = [dict(n=1, what="Documentation", start="14:00", end="15:00")]


def _raw(scope: str) -> pd.DataFrame:
    """SW1 shadowed 14:00-15:00 by O1 (session 20105) and O2 (20106), and alone 09:00-10:00
    by O1 (20101); SW2 alone 10:00-11:00 (20102). Site QEH."""
    rows = (session("02-Apr-2025", "O1", "20101", "QEH", "SW1", "09:00", "10:00",
                    [dict(n=1, what="Travel", start="09:00", end="10:00")])
            + session("03-Apr-2025", "O1", "20102", "QEH", "SW2", "10:00", "11:00",
                      [dict(n=1, what="Travel", start="10:00", end="11:00")])
            + session("05-Apr-2025", "O1", "20105", "QEH", "SW1", "14:00", "15:00", TASKS)
            + session("05-Apr-2025", "O2", "20106", "QEH", "SW1", "14:00", "15:00", TASKS))
    mapping = DiaryMapping(layout="wombat", participant_ids=scope)
    return read_diary(export(rows), mapping=mapping, warn=False).episodes


def _written(tmp_path, scope):
    study = observation_study(_raw(scope), by="activity_code", min_workers=1)
    study.write(tmp_path / "out", internal=tmp_path / "internal")  # tables by pair, stream
    return (pd.read_csv(tmp_path / "internal" / "paired_sessions.csv"),
            pd.read_csv(tmp_path / "internal" / "interruptions_by_stream.csv"))


def test_person_scoped_ids_give_the_pair_the_workers_label(tmp_path):
    """Ids name people (``participant_ids: person``): workers SW1, SW2 are Worker 1 and
    Worker 2; the pair's person, QEH/SW1, is SW1, so Worker 1 there too (before: the labels
    ran over QEH/SW1, SW1, SW2 together, so the pair's QEH/SW1 was Worker 1 and the same
    person's streams, SW1, Worker 2)."""
    pairs, streams = _written(tmp_path, "person")
    assert pairs["worker"].tolist() == ["Worker 1"]
    assert sorted(set(streams["worker_id"])) == ["Worker 1", "Worker 2"]
    first = streams.loc[streams["session_id"] == "Session 1", "worker_id"]
    assert first.tolist() == ["Worker 1"]  # session 20101 is SW1's


def test_session_scoped_ids_give_the_pair_a_participant_label(tmp_path):
    """Ids are session-scoped (the default): each session's participant is its own worker
    (20101/SW1, 20102/SW2, 20105/SW1: Worker 1, 2, 3), and no worker is the pair's person
    QEH/SW1, so the pair names a ``Participant 1``, never a ``Worker`` label (before:
    ``Worker 4``, read with the workers' labels as a fourth worker)."""
    pairs, streams = _written(tmp_path, "session")
    assert "worker" not in pairs.columns
    assert pairs["participant"].tolist() == ["Participant 1"]
    assert streams["worker_id"].tolist() == ["Worker 1", "Worker 2", "Worker 3"]
