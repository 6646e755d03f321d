"""A second export appended: its copies found on their whole lines first.

Rows whose worker and start repeat were compared on codes of every column, then (equal in
value) on their lines; a row on a line byte for byte an earlier one's is a copy whatever
its values, so where each candidate is its own line's (:data:`LINE_LAYOUTS`, nothing
filled down) those are now settled on the lines alone, and only the rows left whose keys
still repeat are compared column by column (on the 1M-row "overlap" shape of
``benchmarks/bench_ingest.py``: 400,000 rows coded column by column before, none after).
"""

from __future__ import annotations

import pandas as pd

from timestudy import read_diary
from timestudy.ingest import duplicates
from timestudy.ingest.mapping import DiaryMapping

_HEAD = "worker_id,start,end,activity,case_id"
_ROWS = [
    "W1,2026-03-09T09:00,2026-03-09T10:00,calls,C1",
    "W1,2026-03-09T10:00,2026-03-09T10:45,visit,C2",
    "W2,2026-03-09T08:30,2026-03-09T12:00,notes,",
]


def _file(tmp_path, body: list[str], head: str = _HEAD) -> str:
    path = tmp_path / "d.csv"
    path.write_text("\n".join([head, *body]) + "\n")
    return str(path)


def _compared(monkeypatch) -> list[int]:
    """The rows each column-by-column comparison was given."""
    seen: list[int] = []
    plain = duplicates._duplicated

    def counted(frame, at, *args, **kwargs):
        seen.append(len(at))
        return plain(frame, at, *args, **kwargs)

    monkeypatch.setattr(duplicates, "_duplicated", counted)
    return seen


def test_copies_on_lines_alone(tmp_path, monkeypatch):
    # 3 rows, then the 3 again: before, the 6 rows compared column by column; after, none
    seen = _compared(monkeypatch)
    r = read_diary(_file(tmp_path, _ROWS * 2), warn=False)
    assert seen == []
    assert (r.report.n_accepted, r.report.n_duplicates) == (3, 3)


def test_other_spellings_still_compared(tmp_path, monkeypatch):
    # "W1 " is W1 as read (a copy); 09:00:00 is not the line's 09:00 as written (not one):
    # only the rows whose lines differ and whose keys still repeat are compared
    seen = _compared(monkeypatch)
    body = [*_ROWS, _ROWS[0], "W1 ,2026-03-09T10:00,2026-03-09T10:45,visit,C2",
            "W2,2026-03-09T08:30:00,2026-03-09T12:00,notes,"]
    r = read_diary(_file(tmp_path, body), warn=False)
    assert seen == [4]  # rows 2, 3, 5 and 6 (W1 at 10:00 twice, W2 at 08:30 twice)
    assert (r.report.n_accepted, r.report.n_duplicates) == (4, 2)


def test_filled_down_lines_not_copies(tmp_path):
    # the same line under two dates filled down from the rows above: two entries, no copy
    head = "worker_id,date,start_time,end_time,activity"
    body = ["W1,09/03/2026,09:00,10:00,a", ",,11:00,12:00,b",
            "W1,10/03/2026,09:00,10:00,a", ",,11:00,12:00,b"]
    m = DiaryMapping(fill_down=("worker_id", "date"))
    r = read_diary(_file(tmp_path, body, head), mapping=m, warn=False)
    assert (r.report.n_accepted, r.report.n_duplicates) == (4, 0)


def test_same_as_compared_whole(tmp_path, monkeypatch):
    # every output as the column-by-column comparison gives it
    body = [*_ROWS, *_ROWS[:2], "W1 ,2026-03-09T10:00,2026-03-09T10:45,visit,C2", _ROWS[2]]
    path = _file(tmp_path, body)
    lines = read_diary(path, warn=False)
    monkeypatch.setattr(duplicates, "copied_lines", lambda at, key, written: None)
    whole = read_diary(path, warn=False)
    pd.testing.assert_frame_equal(lines.episodes, whole.episodes)
    assert lines.report.to_dict() == whole.report.to_dict()
    assert lines.report.n_duplicates == 4
