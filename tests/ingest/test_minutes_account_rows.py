"""The account of every minute: exact duplicates and total rows are said, not lost.

Audit 7 (C1, C2).

* s3_dup.csv: 11 rows, 3 of them exact copies of rows 2-4 (60 + 30 + 120 = 210 min). The
  line said "660 in = 660 accepted + 0 rejected"; the file holds 870. By hand: 870 in =
  660 accepted + 0 rejected + 210 in 3 exact duplicates.
* s1_total.csv: 3 entries (60 + 30 + 120 = 210 min) and 4 sums under them: a day total of
  90 (= 60 + 30, no start), a subtotal of 120 (no worker, "Subtotal"), a total of 210
  (worker "Total") and a grand total of 210. The line said "840 in = 210 accepted + 630
  rejected", reasons "start_time is missing". By hand: 210 in = 210 accepted + 0 rejected;
  630 more in 4 total rows, each rejected total_row.
"""

from __future__ import annotations

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from timestudy import read_diary
from timestudy.cli import main

DUP = """worker_id,date,start_time,end_time,activity,case_id
W1,09/03/2026,09:00,10:00,Home visit,C1
W1,09/03/2026,10:00,10:30,Case notes,C1
W2,09/03/2026,09:00,11:00,Core group,C2
W1,09/03/2026,09:00,10:00,Home visit,C1
W1,09/03/2026,10:00,10:30,Case notes,C1
W2,09/03/2026,09:00,11:00,Core group,C2
W1,09/03/2026,09:00,10:00,home visit ,C1
W1,09/03/2026,10:00,10:30,Recording,C1
W2,09/03/2026,09:00,11:00,Core Group mtg,c2
W2,09/03/2026,9:00,11:00,Core group,C2
W2,9/3/2026,09:00,11:00,Core group,C2
"""
TOTAL = """worker_id,date,start_time,end_time,duration_min,activity,case_id
W1,09/03/2026,09:00,10:00,60,Home visit,C1
W1,09/03/2026,10:00,10:30,30,Case notes,C1
W1,09/03/2026,,,90,Total,
W2,09/03/2026,09:00,11:00,120,Home visit,C2
,,,,120,Subtotal,
Total,,,,210,,
,,,,210,Grand total,
"""


def _read(tmp_path, text, name="d.csv"):
    path = tmp_path / name
    path.write_text(text)
    return read_diary(path, warn=False)


def test_exact_duplicates_are_in_the_account(tmp_path):
    a = _read(tmp_path, DUP).report.details["minutes"]
    assert (a["minutes_read"], a["minutes_accepted"], a["minutes_rejected"]) == (870, 660, 0)
    assert (a["minutes_duplicates"], a["rows_duplicates"]) == (210, 3)
    assert a["minutes_in"] == 660  # the rows kept, each once


def test_total_rows_are_rejected_as_totals_and_kept_out_of_minutes_in(tmp_path):
    result = _read(tmp_path, TOTAL)
    a = result.report.details["minutes"]
    assert (a["minutes_in"], a["minutes_accepted"], a["minutes_rejected"]) == (210, 210, 0)
    assert (a["minutes_totals"], a["rows_totals"]) == (630, 4)
    rejects = result.rejects
    assert rejects["source_row"].tolist() == [4, 6, 7, 8]
    assert set(rejects["code"]) == {"total_row"}
    assert result.report.rejected_by_reason == {"total_row": 4}


def test_an_entry_missing_its_start_is_not_a_total(tmp_path):
    """A blank-start row of 30 under 60 and 30: the sum of only one row above, no 'total'
    in it: an entry missing its start, rejected as before, its minutes rejected."""
    text = TOTAL.splitlines()[:3] + ["W1,09/03/2026,,,30,Phone call,C1"]
    result = _read(tmp_path, "\n".join(text) + "\n")
    a = result.report.details["minutes"]
    assert (a["minutes_in"], a["minutes_rejected"], a["rows_totals"]) == (120, 30, 0)
    assert result.report.rejected_by_reason == {"missing_required": 1}


def test_the_cli_line_says_duplicates_and_totals(tmp_path, capsys):
    (tmp_path / "dup.csv").write_text(DUP)
    (tmp_path / "total.csv").write_text(TOTAL)
    main(["validate", str(tmp_path / "dup.csv")])
    out = capsys.readouterr().out
    assert ("minutes: 870.00 in = 660.00 accepted + 0.00 rejected + 210.00 in 3 exact "
            "duplicates") in out
    main(["validate", str(tmp_path / "total.csv")])
    out = capsys.readouterr().out
    assert "minutes: 210.00 in = 210.00 accepted + 0.00 rejected; 630.00 more in 4 total rows" \
        in out


@st.composite
def _diaries(draw):
    """A diary of entries, copies of earlier rows, entries missing their start, and total
    rows (a day's sum with no start, or a 'Total' row), in any order; and its file total."""
    rows, entries, clock = [], [], 8 * 60
    for _ in range(draw(st.integers(1, 25))):
        kind = draw(st.sampled_from(["entry"] * 4 + ["copy", "nostart", "total", "grand"]))
        if kind == "copy" and rows:
            rows.append(rows[draw(st.integers(0, len(rows) - 1))])
        elif kind == "nostart":
            rows.append(("W1", "09/03/2026", "", "", draw(st.integers(1, 120)), "Phone"))
        elif kind in ("total", "grand") and entries:
            k = draw(st.integers(1, len(entries)))
            label = ("", "", "", "", sum(entries[-k:]), "Total") if kind == "grand" else (
                "W1", "09/03/2026", "", "", sum(entries[-k:]), "")
            rows.append(label)
        else:
            d = draw(st.integers(1, 120))
            start = f"{clock // 60 % 24:02d}:{clock % 60:02d}"
            end = f"{(clock + d) // 60 % 24:02d}:{(clock + d) % 60:02d}"
            clock += d
            entries.append(d)
            rows.append(("W1", "09/03/2026", start, end, d, "Visit"))
    return rows


@settings(max_examples=40, deadline=None)
@given(_diaries())
def test_every_minute_is_accounted_for(tmp_path_factory, rows):
    """Whatever the rows: minutes in the file = accepted + rejected + duplicates + totals
    (+ the difference when the clock is counted), and rows read = accepted + rejected +
    duplicates."""
    frame = pd.DataFrame(rows, columns=["worker_id", "date", "start_time", "end_time",
                                        "duration_min", "activity"])
    path = tmp_path_factory.mktemp("acc") / "d.csv"
    frame.to_csv(path, index=False)
    r = read_diary(path, warn=False).report
    a = r.details["minutes"]
    assert r.n_read == r.n_accepted + r.n_rejected + r.n_duplicates
    parts = (a["minutes_accepted"] + a["minutes_rejected"] + a["minutes_duplicates"]
             + a["difference"])
    assert abs(a["minutes_read"] - parts) < 1e-6
    assert abs(a["minutes_read"] + a["minutes_totals"] - frame["duration_min"].sum()) < 1e-6
    assert a["rows_duplicates"] == r.n_duplicates


def test_a_slot_grids_total_row_is_a_total(tmp_path):
    """s1_slots.csv: a 'Total' row under a slot grid counts slots (3, 4, 3, 2) and is no
    worker's time: its 4 runs were rejected 'date is missing'; now total_row, minutes
    unknown, and the account unchanged: W1 Visit 60 + Notes 30, W2 Travel 30 + Visit 90 =
    210 in = 210 accepted."""
    grid = ("worker_id,date,09:00,09:30,10:00,10:30,Total hours\n"
            "W1,09/03/2026,Visit,Visit,Notes,,1.5\nW2,09/03/2026,Travel,Visit,Visit,Visit,2\n"
            "Total,,3,4,3,2,3.5\n")
    result = _read(tmp_path, grid, "s1_slots.csv")
    a = result.report.details["minutes"]
    assert (a["minutes_in"], a["minutes_accepted"], a["rows_totals"]) == (210, 210, 4)
    assert result.report.rejected_by_reason == {"total_row": 4}
    assert set(result.rejects["source_row"]) == {4}


def test_the_cli_says_total_rows_need_no_correction(tmp_path, capsys):
    (tmp_path / "total.csv").write_text(TOTAL)
    assert main(["validate", str(tmp_path / "total.csv")]) == 1  # rejected rows, as before
    err = capsys.readouterr().err
    assert "4 of 7 rows rejected" in err and "all are total rows" in err
    assert "correct them" not in err
