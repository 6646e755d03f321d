"""An ``unknown_worker`` reject echoes the diary as written, as every other reject does.

The data schema (data_schema/README.md) says rejects show values as the file wrote them.
The reader's own rejects do (``end_before_start`` below keeps ``2026-10-20T11:00``), but a
row whose worker is not in the workers table is rejected after the read
(:func:`timestudy.ingest.worker_ids.match_worker_ids`), and before the fix its times were
printed from the parsed timestamps: ``2026-10-20T09:00:00`` for the written
``2026-10-20T09:00``, ``2026-10-20T09:00:00`` for a written ``20/10/2026 09:00``, and a
workbook's text cell ``2026-10-20T12:00`` came back with seconds added.

The diaries (by hand): line 2 W1 09:00-10:00 (accepted), line 3 W9 09:00-10:00 (W9 is
not in the workers table: ``unknown_worker``), line 4 W1 11:00-10:30 (``end_before_start``).
1 accepted, 2 rejected; the rejects, in line order, are W9's (line 3) and W1's (line 4).
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from timestudy import read_diary
from timestudy.cli import main
from timestudy.ingest.worker_ids import match_worker_ids

ROWS = [("W1", "09:00", "10:00"), ("W9", "09:00", "10:00"), ("W1", "11:00", "10:30")]


def _csv(tmp_path, when=lambda t: f"2026-10-20T{t}"):
    lines = ["worker_id,start,end,activity,case_id"]
    lines += [f"{w},{when(s)},{when(e)},Home visit,C1" for w, s, e in ROWS]
    diary = tmp_path / "diary.csv"
    diary.write_text("\n".join(lines) + "\n")
    (tmp_path / "workers.csv").write_text("worker_id,fte\nW1,1\n")
    return diary


def _validate(tmp_path, diary) -> pd.DataFrame:
    code = main(["validate", str(diary), "--workers", str(tmp_path / "workers.csv"),
                 "--out", str(tmp_path / "v")])
    assert code == 1  # rows rejected
    return pd.read_csv(tmp_path / "v" / "rejects.csv", dtype=str, keep_default_na=False)


def test_validate_unknown_worker_reject_echoes_the_iso_time_as_written(tmp_path, capsys):
    """Written ``2026-10-20T09:00``: the W9 reject shows ``2026-10-20T09:00`` (before:
    ``2026-10-20T09:00:00``), as the end_before_start reject of line 4 shows its own."""
    got = _validate(tmp_path, _csv(tmp_path))
    assert got["code"].tolist() == ["unknown_worker", "end_before_start"]
    assert got["source_row"].tolist() == ["3", "4"]
    assert got.loc[0, ["worker_id", "start", "end", "activity", "case_id"]].tolist() == [
        "W9", "2026-10-20T09:00", "2026-10-20T10:00", "Home visit", "C1"]
    assert got.loc[1, ["start", "end"]].tolist() == ["2026-10-20T11:00", "2026-10-20T10:30"]


def test_validate_unknown_worker_reject_echoes_a_day_first_time_as_written(tmp_path, capsys):
    """Written ``20/10/2026 09:00`` (a column the CSV reader leaves as text): the reject
    shows ``20/10/2026 09:00`` (before: ``2026-10-20T09:00:00``)."""
    got = _validate(tmp_path, _csv(tmp_path, lambda t: f"20/10/2026 {t}"))
    assert got.loc[0, ["code", "start", "end"]].tolist() == [
        "unknown_worker", "20/10/2026 09:00", "20/10/2026 10:00"]


def test_workbook_unknown_worker_reject_echoes_the_cells_as_the_reader_shows_them(tmp_path):
    """A workbook: W9's row 3 with datetime cells shows them as the reader shows every
    datetime cell (``2026-10-20T09:00:00``, as the end_before_start reject of row 4 does);
    W9's row 5 with text cells ``2026-10-20T12:00`` shows that text (before:
    ``2026-10-20T12:00:00``). 4 rows: 1 accepted, 3 rejected."""
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["worker_id", "start", "end", "activity", "case_id"])
    for w, s, e in ROWS:
        sheet.append([w, dt.datetime.fromisoformat(f"2026-10-20T{s}"),
                      dt.datetime.fromisoformat(f"2026-10-20T{e}"), "Home visit", "C1"])
    sheet.append(["W9", "2026-10-20T12:00", "2026-10-20T13:00", "Home visit", "C1"])
    book.save(tmp_path / "diary.xlsx")
    workers = pd.DataFrame({"worker_id": ["W1"], "fte": [1.0]})
    got = match_worker_ids(read_diary(tmp_path / "diary.xlsx", workers=workers, warn=False),
                           workers)
    r = got.rejects
    assert (got.report.n_accepted, got.report.n_rejected) == (1, 3)
    assert r["code"].tolist() == ["unknown_worker", "end_before_start", "unknown_worker"]
    assert r["start"].tolist() == ["2026-10-20T09:00:00", "2026-10-20T11:00:00",
                                   "2026-10-20T12:00"]
    assert r["end"].tolist() == ["2026-10-20T10:00:00", "2026-10-20T10:30:00",
                                 "2026-10-20T13:00"]


def test_a_local_header_is_echoed_too(tmp_path):
    """A diary whose start column is headed ``Start`` (mapped): the reject's ``Start`` is
    the written ``2026-10-20T09:00`` (before: empty, the episodes have no ``Start``)."""
    diary = tmp_path / "d.csv"
    diary.write_text("worker_id,Start,end,activity,case_id\n"
                     "W1,2026-10-20T09:00,2026-10-20T10:00,Home visit,C1\n"
                     "W9,2026-10-20T09:00,2026-10-20T10:00,Home visit,C1\n")
    workers = pd.DataFrame({"worker_id": ["W1"], "fte": [1.0]})
    mapping = {"columns": {"start": "Start"}}
    got = match_worker_ids(read_diary(diary, mapping, workers=workers, warn=False), workers,
                           mapping)
    assert got.rejects.loc[0, ["code", "Start", "end"]].tolist() == [
        "unknown_worker", "2026-10-20T09:00", "2026-10-20T10:00"]


def test_read_without_the_workers_table_keeps_the_iso_form(tmp_path):
    """Read without a workers table, the read keeps no text to echo: the reject is built
    from the times as read (ISO 8601 with seconds), never a failure."""
    workers = pd.DataFrame({"worker_id": ["W1"], "fte": [1.0]})
    got = match_worker_ids(read_diary(_csv(tmp_path), warn=False), workers)
    assert got.rejects["code"].tolist() == ["unknown_worker", "end_before_start"]
    assert got.rejects.loc[0, "start"] == "2026-10-20T09:00:00"
