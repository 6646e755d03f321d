"""A second export appended: the times are read once, not again for the rows kept.

The times of every candidate are read beside the search for duplicates; where a file has
copies, the kept rows' times were then read a second time (80-110 ms on the 1M-row
"overlap" shape of ``benchmarks/bench_ingest.py``). Where every row is read on its own
(:func:`timestudy.ingest.times.read_alone`), the kept rows' times are now taken from that
first read, and give what the second read gave; elsewhere (rows rejected, a split diary
whose night rows are read by file order) the kept rows are still read again.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from timestudy import read_diary
from timestudy.ingest import times, validate
from timestudy.ingest.mapping import DiaryMapping
from timestudy.ingest.times import read_alone, resolve_times

_ROWS = [
    "W1,2026-03-09T09:00,2026-03-09T10:00,calls,C1",
    "W1,2026-03-09T10:00,2026-03-09T10:45,visit,C2",
    "W2,2026-03-09T08:30,2026-03-09T12:00,notes,",
    "W2,2026-03-10T23:30,2026-03-11T00:30,night,C3",
]
_HEAD = "worker_id,start,end,activity,case_id"


def _file(tmp_path, body: list[str], name: str = "d.csv", head: str = _HEAD) -> str:
    path = tmp_path / name
    path.write_text("\n".join([head, *body]) + "\n")
    return str(path)


def _reads(monkeypatch) -> list[int]:
    """Count the calls of resolve_times made by validation (the rows each read)."""
    calls: list[int] = []

    def counted(frame, *args, **kwargs):
        calls.append(len(frame))
        return resolve_times(frame, *args, **kwargs)

    monkeypatch.setattr(validate, "resolve_times", counted)  # every row's read
    monkeypatch.setattr(times, "resolve_times", counted)  # the kept rows' (kept_times)
    return calls


def test_copies_read_once(tmp_path, monkeypatch):
    # 4 rows and a second export of the first 3: 7 rows read, before: two reads (7, then
    # the 4 kept), after: one (7)
    calls = _reads(monkeypatch)
    r = read_diary(_file(tmp_path, [*_ROWS, *_ROWS[:3]]), warn=False)
    assert calls == [7]
    assert (r.report.n_accepted, r.report.n_duplicates) == (4, 3)


def test_copies_as_read_again(tmp_path, monkeypatch):
    # the times taken from the first read are the second read's: every output the same
    path = _file(tmp_path, [*_ROWS, *_ROWS[:3], _ROWS[3]])
    once = read_diary(path, warn=False)
    monkeypatch.setattr(times, "read_alone", lambda every, layout: False)
    again = read_diary(path, warn=False)
    pd.testing.assert_frame_equal(once.episodes, again.episodes)
    pd.testing.assert_frame_equal(once.rejects, again.rejects)
    assert once.report.to_dict() == again.report.to_dict()
    assert once.episodes["duration_min"].tolist() == [60.0, 45.0, 210.0, 60.0]


def test_rejects_read_again(tmp_path, monkeypatch):
    # a row rejected (its reason may name other rows): the kept rows are read again
    calls = _reads(monkeypatch)
    bad = "W3,2026-03-09T12:00,soon,calls,C1"
    r = read_diary(_file(tmp_path, [*_ROWS, bad, _ROWS[0]]), warn=False)
    assert calls == [6, 5]
    assert (r.report.n_rejected, r.report.n_duplicates) == (1, 1)


def test_split_read_again(tmp_path, monkeypatch):
    # a split diary (a night's rows read by the file's order): read again
    calls = _reads(monkeypatch)
    rows = ["W1,09/03/2026,22:00,23:00,a", "W1,09/03/2026,01:00,02:00,b"]
    path = _file(tmp_path, [*rows, rows[0]], head="worker_id,date,start_time,end_time,activity")
    r = read_diary(path, warn=False)
    assert calls == [3, 2]
    assert r.report.n_duplicates == 1


@pytest.mark.parametrize("layout,alone", [("canonical", True), ("split", False),
                                          ("dated", False)])
def test_read_alone_layouts(layout, alone):
    f = pd.DataFrame({"start": ["2026-03-09 09:00"], "end": ["2026-03-09 09:30"]})
    assert read_alone(resolve_times(f, {}, DiaryMapping()), layout) is alone


def test_rows_keep_views():
    # without a time zone the instants are the stamps' own memory, in the rows taken too
    f = pd.DataFrame({"start": ["2026-03-09 09:00", "2026-03-09 10:00", "2026-03-09 11:00"],
                      "end": ["2026-03-09 09:30", "2026-03-09 10:20", "2026-03-09 11:05"]})
    t = resolve_times(f, {}, DiaryMapping()).rows(np.array([0, 2]))
    assert t.minutes.tolist() == [30.0, 5.0]
    assert np.shares_memory(t.start, t.start_at) and np.shares_memory(t.end, t.end_at)
