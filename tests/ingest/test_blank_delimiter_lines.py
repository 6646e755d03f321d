"""A line of spaces and delimiters (``  ,  , ,``) is an empty line, as ``,,,,`` is (the
last stop's leftover: "a line of spaces and delimiters is still a row").

``,,,,`` was skipped and named (``empty_lines``); ``  ,  , ,`` (a spreadsheet's row of
cells holding a space, saved) was a row, rejected ``missing_required`` three times with a
fix to make where there was nothing to correct.
"""

from __future__ import annotations

import pytest

from timestudy import read_diary

ROWS = [["W1", "09/03/2026", "09:00", "10:30", "visit", "C1"],
        ["W1", "09/03/2026", "10:30", "11:00", "notes", "C1"]]
HEAD = ["Worker ID", "Date", "Start time", "End time", "Activity", "Case ID"]


def _text(sep, blank):
    lines = [HEAD, ROWS[0], blank, ROWS[1], [""] * 6]
    return "\n".join(sep.join(f) for f in lines) + "\n"


@pytest.mark.parametrize("sep, suffix", [(",", "csv"), ("\t", "txt"), (";", "csv"),
                                         ("|", "txt")], ids=["comma", "tab", "semicolon",
                                                              "pipe"])
def test_a_line_of_spaces_and_delimiters_is_skipped_and_named(tmp_path, sep, suffix):
    """By hand: line 2 (W1 09:00-10:30, 90 min) and line 4 (10:30-11:00, 30 min) are
    entries; line 3 is spaces (and a tab) between delimiters, line 5 delimiters only:
    2 episodes, 120 minutes, no reject; one ``empty_lines`` warning naming lines 3 and 5
    (2 lines). Before: line 3 was rejected ``missing_required`` (worker, date, start) and
    the warning named line 5 only."""
    path = tmp_path / f"d.{suffix}"
    path.write_text(_text(sep, ["  ", "  ", " ", " \t" if sep != "\t" else " ", "  ", ""]))
    r = read_diary(path, warn=False)
    assert r.rejects.empty and r.episodes["duration_min"].tolist() == [90, 30]
    said = [w for w in r.report.details["warnings"] if w["code"] == "empty_lines"]
    assert said[0]["rows"] == 2
    assert said[0]["message"].startswith("empty_lines: lines 3, 5 (2 lines) have every field")


def test_a_line_with_one_field_among_spaces_is_still_a_row(tmp_path):
    """``  ,  , , ,  ,C9``: its case is written, so it is a row, rejected with its reasons
    (source row 3), and no line is said empty but line 5."""
    path = tmp_path / "d.csv"
    path.write_text(_text(",", ["  ", "  ", " ", " ", "  ", "C9"]))
    r = read_diary(path, warn=False)
    assert r.rejects["source_row"].unique().tolist() == [3]
    said = [w for w in r.report.details["warnings"] if w["code"] == "empty_lines"]
    assert said[0]["message"].startswith("empty_lines: line 5 (1 line)")
