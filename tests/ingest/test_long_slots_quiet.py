"""A long-slot diary with a slot number that names no slot is read without a Python warning
reaching the terminal (a NaN slot length was cast to an integer: ``RuntimeWarning: invalid
value encountered in cast``, audit of 2026-12-04); the row is rejected with its reason."""

from __future__ import annotations

import warnings

from timestudy import read_diary
from timestudy.ingest.mapping import DiaryMapping


def test_a_slot_number_that_names_no_slot_is_rejected_quietly(tmp_path):
    path = tmp_path / "long.csv"
    path.write_text(
        "diary,date,slot,activity\n"
        "D1,2026-03-09,1,sleep\n"
        "D1,2026-03-09,2,work\n"
        "D1,2026-03-09,2.5,work\n"
    )
    mapping = DiaryMapping(columns={"worker_id": "diary", "slot_number": "slot"},
                           layout="long_slots", first_slot_start="04:00", slot_minutes=10)
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)
        r = read_diary(path, mapping=mapping, warn=False)
    assert r.episodes["duration_min"].tolist() == [10.0, 10.0]
    assert r.report.n_rejected == 1
