"""A row missing its start whose minutes happen to equal a sum of rows above is a total row
only where it reads as one (audit20a total_zero.csv, total_other_worker.csv): no activity or
case of its own, two or more rows above with minutes, all of its worker where it names one.
Otherwise it is an entry, rejected with its own reason (the start is missing) and its minutes
rejected, never 'nothing to correct'."""

from __future__ import annotations

import pytest

from timestudy import read_diary
from timestudy.cli import main

HEAD = "worker_id,start,end,activity,case_id,duration_min\n"
ZERO = ("W1,2026-03-09T09:00,2026-03-09T09:00,note,C1,0\n"
        "W1,2026-03-09T09:00,2026-03-09T09:30,call,C1,30\n")
OTHER = ("W1,2026-03-09T09:00,2026-03-09T09:10,note,C1,10\n"
         "W1,2026-03-09T09:10,2026-03-09T09:30,call,C1,20\n")


def _read(tmp_path, text):
    path = tmp_path / "d.csv"
    path.write_text(HEAD + text)
    return read_diary(path, warn=False)


@pytest.mark.parametrize("text", [
    ZERO + "W1,,2026-03-09T10:30,visit,C2,30\n",   # total_zero.csv
    OTHER + "W2,,2026-03-09T10:30,visit,C2,30\n",  # total_other_worker.csv
    ZERO + "W1,,2026-03-09T10:30,,,30\n",          # bare, but 0 + 30 is one row of minutes
    OTHER + "W2,,2026-03-09T10:30,,,30\n",         # bare, but the rows above are W1's
    OTHER + "W1,,2026-03-09T10:30,visit,C2,30\n",  # 10 + 20 of W1, but a visit to C2
], ids=["total_zero", "total_other_worker", "one_row_of_minutes", "other_worker", "own_case"])
def test_an_entry_missing_its_start_is_rejected_as_one(tmp_path, text):
    """By hand: 30 minutes in the two rows above (0 + 30, or 10 + 20), 30 in the row with no
    start: minutes in 60 = 30 accepted + 30 rejected, the row rejected ``missing_required``,
    no total row. The code before took each as a total row: 30 in = 30 accepted, and 30 in
    1 total row, the row's minutes out of the account."""
    r = _read(tmp_path, text)
    a = r.report.details["minutes"]
    assert (a["minutes_in"], a["minutes_accepted"], a["minutes_rejected"]) == (60, 30, 30)
    assert (a["minutes_totals"], a["rows_totals"]) == (0, 0)
    assert r.report.rejected_by_reason == {"missing_required": 1}


def test_a_bare_sum_of_its_workers_rows_is_still_a_total(tmp_path):
    """By hand: W1's 10 + 20 = 30 above a W1 row with no start, activity or case: a total
    row; 30 in = 30 accepted, 30 in 1 total row."""
    r = _read(tmp_path, OTHER + "W1,,,,,30\n")
    a = r.report.details["minutes"]
    assert (a["minutes_in"], a["minutes_accepted"], a["minutes_rejected"]) == (30, 30, 0)
    assert (a["minutes_totals"], a["rows_totals"]) == (30, 1)
    assert r.report.rejected_by_reason == {"total_row": 1}


def test_the_cli_asks_for_the_missing_start(tmp_path, capsys):
    """total_zero.csv: the line says to correct the row, not that there is nothing to."""
    (tmp_path / "t.csv").write_text(HEAD + ZERO + "W1,,2026-03-09T10:30,visit,C2,30\n")
    assert main(["validate", str(tmp_path / "t.csv"), "--out", str(tmp_path / "o")]) == 1
    captured = capsys.readouterr()
    assert "start is missing" in captured.out
    assert "correct them at the lines listed" in captured.err
    assert "total rows" not in captured.err
