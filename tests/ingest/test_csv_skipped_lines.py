"""Lines of a CSV that are no entry: delimiters only, and the header repeated (audit23m
appended.csv).

Excel saves an empty row that had a format as ``,,,,,``; two exports appended each keep
their header. Both were rows: the first rejected ``missing_required`` and the second
``bad_date`` and ``bad_time`` (a date ``Date``), each with a fix to make where there was
nothing to correct, and ``validate`` exited 1. Now each is skipped like a blank line and
named in a warning.
"""

from __future__ import annotations

from timestudy import read_diary
from timestudy.cli import main
from timestudy.ingest.csvhead import title_lines

HEAD = "Worker ID,Date,Start time,End time,Activity,Case ID,,\n"
ROWS = ("W1,09/03/2026,09:00,10:30,visit,C1,,\n", "W1,09/03/2026,10:30,11:00,notes,C1,,\n")
MORE = "W2,09/03/2026,09:00,10:00,visit,C2,,\n"


def _file(tmp_path):
    path = tmp_path / "appended.csv"
    path.write_text(HEAD + "".join(ROWS) + ",,,,,,,\n" + HEAD + MORE + ",,,,,,,\n")
    return path


def _said(r, code):
    return [w["message"] for w in r.report.details.get("warnings", ()) if w["code"] == code]


def test_empty_lines_and_a_repeated_header_are_skipped_and_said(tmp_path):
    """By hand: lines 2-3 (90 + 30 minutes of W1) and line 6 (60 of W2) are entries; line 4
    is delimiters only, line 5 the header again, line 7 delimiters again: 3 episodes,
    180 minutes, no reject; warnings name lines 4 and 7 (empty) and 5 (header). Before:
    3 rows rejected (``missing_required`` twice, ``bad_date`` and ``bad_time`` on line 5)."""
    r = read_diary(_file(tmp_path), warn=False)
    assert len(r.episodes) == 3 and r.episodes["duration_min"].sum() == 180
    assert r.rejects.empty
    assert _said(r, "empty_lines")[0].startswith("empty_lines: lines 4, 7 (2 lines) have every")
    assert _said(r, "repeated_header")[0].startswith("repeated_header: line 5 (1 line) repeats")


def test_validate_exits_0_for_them(tmp_path, capsys):
    """Nothing to correct: exit 0 (before: 1, three rows rejected)."""
    assert main(["validate", str(_file(tmp_path)), "--out", str(tmp_path / "v")]) == 0
    assert "repeated_header: line 5" in capsys.readouterr().out


def test_a_line_with_one_field_is_still_a_row(tmp_path):
    """A line with only its case written (``,,,,,C9,,``) is not empty: rejected with its
    reasons, as before."""
    path = tmp_path / "d.csv"
    path.write_text(HEAD + "".join(ROWS) + ",,,,,C9,,\n")
    r = read_diary(path, warn=False)
    assert r.rejects["source_row"].unique().tolist() == [4]
    assert not _said(r, "empty_lines")


def test_a_title_above_the_header(tmp_path):
    """audit23m title.csv, title2.csv: a report title (``Team A time log,,,,,`` as a
    spreadsheet saves it, or two lines of one field with a blank line between) above the
    header. By hand: W1 90 + W2 60 = 150 minutes; the header is found below the title and
    the title named in a warning. Before: refused, "cannot tell how this diary is laid
    out", its columns the title and column_2..., with advice (a mapping) that cannot skip
    a line."""
    body = HEAD + ROWS[0] + MORE
    for title in ("Team A time log - March 2026,,,,,,,\n",
                  "sep=,\nTeam A time log\n\nExported 06/12/2026\n"):
        path = tmp_path / "titled.csv"
        path.write_text(title + body)
        r = read_diary(path, warn=False)
        assert r.episodes["duration_min"].tolist() == [90, 60]
        assert r.episodes["source_row"].tolist() == [title.count("\n") + 2, title.count("\n") + 3]
        said = _said(r, "title_lines")
        assert said and "Team A time log" in said[0]


def test_a_first_line_of_two_or_more_fields_is_the_header():
    """A first line with two fields written is a header, never a title, whatever follows;
    a title of one field is passed over only when a line of three or more follows within
    five lines."""
    assert title_lines(["date,duration_min\n", "W1,09/03/2026,60,visit\n"], None) == 0
    assert title_lines(["Log\n", "a\n", "b\n", "c\n", "d\n", "e\n", "W,D,S\n"], None) == 0
    assert title_lines(["Log\n", "W,D,S\n"], None) == 1


def test_a_repeated_header_after_its_byte_order_mark(tmp_path):
    """review23a bom_twice.csv: two CSV UTF-8 exports appended, each starting with a
    byte-order mark: the second header (``\\ufeffworker_id,...``) is skipped and named.
    By hand: W1 60 + W2 60 = 120 minutes, no reject. Before: its ``start`` rejected
    ``bad_datetime``, exit 1."""
    part = "worker_id,start,end,activity\r\n{}\r\n"
    path = tmp_path / "twice.csv"
    path.write_bytes(("\ufeff" + part.format("W1,09/03/2026 09:00,09/03/2026 10:00,visit")
                      + "\ufeff" + part.format("W2,09/03/2026 09:00,09/03/2026 10:00,call"))
                     .encode())
    r = read_diary(path, warn=False)
    assert r.rejects.empty and r.episodes["duration_min"].sum() == 120
    assert _said(r, "repeated_header")[0].startswith("repeated_header: line 3 (1 line)")


def test_a_header_cell_across_two_lines_is_not_a_title(tmp_path):
    """review23a hdr_break2.csv: the first header cell is ``"Case\\nref"`` (a quoted line
    break). Its first physical line (``"Case``) leaves a quote open: never a title, so the
    column is not silently renamed ``ref"`` with the case ids lost. Refused as before
    (the header is read from the first line), not read wrong."""
    assert title_lines(['"Case\n', 'ref",worker_id,start,end,activity\n'], None) == 0
