"""Several teams' exports appended one after another (audit26): the header line again,
spelt otherwise, in another order, in a workbook, or with other columns.

Before: a repeated header spelt exactly as the first was skipped, but one spelt
otherwise (``Worker ID`` for ``worker_id``) was rejected as a bad row (exit 1, "correct"
it); a second part with its columns in another order had every row rejected; in an XLSX
the repeated header row was rejected; a header line with a column more or fewer had it
and every row after it rejected ``wrong_field_count``. Now a header again (each cell read
by the reader's header rule as the first header's column) is skipped and named; rows
under a reordered header are read by it; a header with other columns is refused, naming
the line and the fix.
"""

from __future__ import annotations

import io

import openpyxl
import pytest

from timestudy import read_diary
from timestudy.cli import main
from timestudy.errors import SchemaError

HEAD = "worker_id,start,end,activity,case_id\n"
PART1 = ("W1,09/03/2026 09:00,09/03/2026 10:30,visit,C1\n"      # 90 min, line 2
         "W1,09/03/2026 10:30,09/03/2026 11:00,notes,C1\n")     # 30 min, line 3
PART2 = ("W2,09/03/2026 09:00,09/03/2026 10:00,call,C2\n"       # 60 min
         "W2,09/03/2026 10:00,09/03/2026 10:45,notes,C2\n")     # 45 min


def _said(r, code):
    return [w["message"] for w in r.report.details.get("warnings", ()) if w["code"] == code]


def _write(tmp_path, text, name="teams.csv"):
    path = tmp_path / name
    path.write_text(text)
    return path


def test_a_header_again_spelt_otherwise_is_skipped_and_named(tmp_path):
    """audit26 diary_spelling.csv: line 4 is ``Worker ID,Start,End,Activity,Case ID``.
    By hand: 90 + 30 (W1) + 60 + 45 (W2) = 225 minutes in 4 episodes, no reject; the
    warning names line 4 and a spelling. Before: line 4 rejected (exit 1)."""
    path = _write(tmp_path, HEAD + PART1 + "Worker ID,Start,End,Activity,Case ID\n" + PART2)
    r = read_diary(path, warn=False)
    assert len(r.episodes) == 4 and r.episodes["duration_min"].sum() == 225
    assert r.rejects.empty
    said = _said(r, "repeated_header_spelt")
    assert said[0].startswith("repeated_header_spelt: line 4 (1 line) repeats the header")
    assert "'Worker ID' for worker_id" in said[0]
    assert r.episodes["source_row"].tolist() == [2, 3, 5, 6]


def test_validate_exits_0_for_a_header_spelt_otherwise(tmp_path, capsys):
    """Nothing to correct: exit 0 (before: 1, line 4 rejected)."""
    path = _write(tmp_path, HEAD + PART1 + "WORKER-ID, start ,End,activity,Case Id\n" + PART2)
    assert main(["validate", str(path), "--out", str(tmp_path / "v")]) == 0
    assert "repeated_header_spelt: line 4" in capsys.readouterr().out


def test_rows_under_a_reordered_header_are_read_by_it(tmp_path):
    """audit26 diary_reordered.csv: the second part's header is ``Case ID,Worker ID,End,
    Start,Activity`` and its rows are in that order. By hand: its rows are W2's 60 and
    45 minutes on C2 (lines 5 and 6), so 225 minutes in 4 episodes, no reject, and W2's
    episodes on C2 with activity call/notes; the warning names line 4, its order and
    lines 5-6. Before: lines 4-6 rejected (a start ``C2``), 120 minutes."""
    second = ("Case ID,Worker ID,End,Start,Activity\n"
              "C2,W2,09/03/2026 10:00,09/03/2026 09:00,call\n"
              "C2,W2,09/03/2026 10:45,09/03/2026 10:00,notes\n")
    r = read_diary(_write(tmp_path, HEAD + PART1 + second), warn=False)
    assert r.rejects.empty
    assert len(r.episodes) == 4 and r.episodes["duration_min"].sum() == 225
    w2 = r.episodes[r.episodes["worker_id"] == "W2"]
    assert w2["duration_min"].tolist() == [60, 45]
    assert w2["case_id"].tolist() == ["C2", "C2"]
    assert w2["activity"].tolist() == ["call", "notes"]
    assert w2["source_row"].tolist() == [5, 6]
    said = _said(r, "reordered_header")[0]
    assert "line 4 (Case ID, Worker ID, End, Start, Activity)" in said
    assert "its 2 rows (lines 5-6) read by it" in said


def test_a_reordered_part_then_the_first_order_again(tmp_path):
    """Three parts: the first order, another, the first again (spelt as the first). By
    hand: only lines 5-6 are reordered; line 7 is skipped as a repeated header and line 8
    (W3, 09:00-09:15, 15 min) is read in the first order: 240 minutes in 5 episodes."""
    second = ("case_id,worker_id,end,start,activity\n"
              "C2,W2,09/03/2026 10:00,09/03/2026 09:00,call\n"
              "C2,W2,09/03/2026 10:45,09/03/2026 10:00,notes\n")
    third = HEAD + "W3,09/03/2026 09:00,09/03/2026 09:15,call,C3\n"
    r = read_diary(_write(tmp_path, HEAD + PART1 + second + third), warn=False)
    assert r.rejects.empty and r.episodes["duration_min"].sum() == 240
    assert r.episodes["source_row"].tolist() == [2, 3, 5, 6, 8]
    assert _said(r, "repeated_header")[0].startswith("repeated_header: line 7 (1 line)")
    assert "its 2 rows (lines 5-6)" in _said(r, "reordered_header")[0]


@pytest.mark.parametrize("head, fix", [
    ("worker_id,start,end,activity,case_id,team\n", "not in the first: 'team'"),
    ("worker_id,start,end,activity\n", "missing: 'case_id'"),
    ("worker_id,start,end,activity,team\n", "not in the first: 'team'; missing: 'case_id'"),
])
def test_a_header_again_with_other_columns_is_refused(tmp_path, head, fix):
    """A column more, fewer, or another: the rows after line 4 cannot be read by the first
    header. Refused on one line naming line 4 and the fix (before: line 4 and every row
    after it rejected, or read under the wrong columns)."""
    n = head.count(",")
    rows = "".join(",".join(line.split(",")[:n] + ["North"] * (n - 4)) + "\n"
                   for line in PART2.splitlines())
    with pytest.raises(SchemaError) as err:
        read_diary(_write(tmp_path, HEAD + PART1 + head + rows), warn=False)
    said = str(err.value)
    assert "line 4 is a header again" in said and fix in said
    assert "export every team with the same columns" in said


def test_validate_refuses_other_columns_on_one_line(tmp_path, capsys):
    """Exit 2 and one line naming the file and line 4 (no traceback)."""
    path = _write(tmp_path, HEAD + PART1 + "worker_id,start,end,activity,case_id,team\n"
                  + PART2.replace("\n", ",North\n"))
    assert main(["validate", str(path), "--out", str(tmp_path / "v")]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "teams.csv: line 4 is a header again" in err[0]


def test_a_worker_named_like_a_header_is_still_a_row(tmp_path):
    """A first cell that reads as a header (a worker id ``Start``) on a row whose other
    cells are data is a row, as before: rejected for its own reasons, nothing refused."""
    path = _write(tmp_path, HEAD + PART1 + "Start,09/03/2026 09:00,09/03/2026 10:00,x,C9\n")
    r = read_diary(path, warn=False)
    assert r.episodes["duration_min"].sum() == 180 and not _said(r, "repeated_header")


def _xlsx(tmp_path, rows):
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    buf = io.BytesIO()
    book.save(buf)
    path = tmp_path / "teams.xlsx"
    path.write_bytes(buf.getvalue())
    return path


def _cells(text):
    return [line.split(",") for line in text.splitlines()]


def test_a_header_row_again_in_a_workbook(tmp_path):
    """audit26 diary.xlsx: the header row again at row 4 (as written, then spelt
    otherwise at row 7). By hand: 90 + 30 + 60 + 45 + 20 (W3) = 245 minutes in 5
    episodes, no reject, rows 4 and 7 named. Before: rows 4 and 7 rejected (exit 1)."""
    spelt = "Worker ID,Start,End,Activity,Case ID\n"
    third = "W3,09/03/2026 09:00,09/03/2026 09:20,call,C3\n"
    path = _xlsx(tmp_path, _cells(HEAD + PART1 + HEAD + PART2 + spelt + third))
    r = read_diary(path, warn=False)
    assert r.rejects.empty
    assert len(r.episodes) == 5 and r.episodes["duration_min"].sum() == 245
    assert _said(r, "repeated_header")[0].startswith("repeated_header: row 4 (1 row)")
    assert _said(r, "repeated_header_spelt")[0].startswith("repeated_header_spelt: row 7")


def test_a_reordered_header_row_in_a_workbook(tmp_path):
    """The workbook's second part in another order is read by its header. By hand: 225
    minutes in 4 episodes (as the CSV above)."""
    second = ("Case ID,Worker ID,End,Start,Activity\n"
              "C2,W2,09/03/2026 10:00,09/03/2026 09:00,call\n"
              "C2,W2,09/03/2026 10:45,09/03/2026 10:00,notes\n")
    r = read_diary(_xlsx(tmp_path, _cells(HEAD + PART1 + second)), warn=False)
    assert r.rejects.empty and r.episodes["duration_min"].sum() == 225
    assert "row 4 (Case ID, Worker ID, End, Start, Activity)" in _said(r, "reordered_header")[0]
