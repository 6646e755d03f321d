"""A dated diary's total rows are worked out once a read (perf26a).

Before: :func:`timestudy.ingest.totals.dated_totals` ran three times on every read of a
diary without clock times (the layout's ``time_of_day_unknown`` note, the placing of the
rows in their day, the rejects), each trying every total pattern through pandas, which
parsed each pattern again to tell whether pyarrow could try it: a 30-row dated diary took
ten times as long to read as a 30-row diary with clock times. Now the rows are worked out
once (:class:`~timestudy.ingest.totals.OncePerRead`, given back only where the columns it
reads and the minutes are the same) and the patterns are tried with Python's ``re``, as
pandas tried them: the same rows, reasons and warnings. The flags' text of a dated diary
(bit 20, ``time_of_day_unknown``) is made through a table of the patterns present, not of
every pattern up to 2**20.
"""

from __future__ import annotations

import io
import warnings

import numpy as np
import pandas as pd
import pytest

from timestudy import read_diary
from timestudy.ingest import totals, week_totals

SHEET = ("worker_id,date,duration_min,activity,case_id\n"
         "W1,09/03/2026,60,visit,C1\nW1,09/03/2026,45,notes,C1\nW1,09/03/2026,105,,\n"
         "W1,10/03/2026,30,call,C2\n")


def test_a_dated_diarys_total_rows_are_worked_out_once(monkeypatch):
    """By hand: 60 + 45 = 105 on 9 March, then a row of 105 with no activity or case (line
    4): a total row, its 105 minutes said apart; in 60 + 45 + 30 = 135, all accepted. The
    rows are worked out once (three times before), and the note counts 3 rows, 135 min."""
    calls = []
    real = totals.dated_totals

    def counted(*args, **kw):
        calls.append(1)
        return real(*args, **kw)

    monkeypatch.setattr(totals, "dated_totals", counted)
    r = read_diary(io.StringIO(SHEET), name="d.csv", warn=False)
    assert len(calls) == 1
    assert r.rejects[["source_row", "code"]].values.tolist() == [[4, "total_row"]]
    m = r.report.details["minutes"]
    assert (m["minutes_in"], m["minutes_accepted"], m["minutes_totals"]) == (135, 135, 105)
    note = next(w for w in r.report.details["warnings"] if w["code"] == "time_of_day_unknown")
    assert "3 rows (135 minutes" in note["message"]
    assert totals.TOTALS_ONCE not in r.report.details


CELLS = ["Total", " total ", "Subtotal", "Sub-total", "Grand total", "Totals", "W1 Total",
         "Day total", "Total:", "Total for 9 March", "Total hours", "Total knee review",
         "Weekly total", "Week 1 total hours", "Weekly totals - data return", "Total for week",
         "W/C 02/03/2026", "w/e 06/03/2026", "week commencing 2 March", "WC 2/3",
         "Total\x0bweek", "Total\u00a0for week", "Tötal", "ΣTotal", "total\n", "Total\nfor",
         "visit", "", "  ", None, "Weekly total: 37.5 hrs", "Total this week so far fine"]
PATTERNS = {"SAYS_TOTAL": week_totals.SAYS_TOTAL, "WEEK_LABEL": week_totals.WEEK_LABEL,
            "WEEK_WHOLE": week_totals.WEEK_WHOLE, "WEEK_DATE": week_totals.WEEK_DATE,
            "_TOTAL": totals._TOTAL, "_LABEL": totals._LABEL, "_KEY_TOTAL": totals._KEY_TOTAL}


@pytest.mark.parametrize("name", sorted(PATTERNS))
@pytest.mark.parametrize("search", [False, True])
def test_the_patterns_match_as_pandas_matched_them(name, search):
    """Each total pattern, at the start and anywhere, finds the cells pandas' str.match and
    str.contains found (Unicode and vertical-tab whitespace, a trailing newline, non-ASCII
    letters, blanks), each cell repeated to try the distinct values once."""
    column = pd.Series(CELLS * 2, dtype="string")
    text = column.str.contains if search else column.str.match
    with warnings.catch_warnings():  # (pandas: "has match groups", of str.contains)
        warnings.simplefilter("ignore", UserWarning)
        expected = text(PATTERNS[name]).fillna(False).to_numpy(bool).tolist()
    assert week_totals.matches(column, PATTERNS[name], search).tolist() == expected


def test_flag_text_of_a_high_bit_is_the_table_of_the_patterns_present():
    """A dated diary's rows all carry ``time_of_day_unknown`` (bit 20 of the flags): the text
    was made through a table of every pattern up to 2**20 (a million entries, 46 ms of a
    30-row read); now of the 3 patterns present. By hand: 0 -> '', 2**20 ->
    'time_of_day_unknown', 2**20 + 3 -> 'overlap;gap_before;time_of_day_unknown', and 5 ->
    'overlap;long_episode' (bits 0 and 2), the same by either table."""
    from timestudy.ingest.flags import _bits_to_text

    high = np.array([0, 1 << 20, (1 << 20) | 3, 1 << 20, 5], np.uint32)
    assert _bits_to_text(high).tolist() == [
        "", "time_of_day_unknown", "overlap;gap_before;time_of_day_unknown",
        "time_of_day_unknown", "overlap;long_episode"]
    low = np.array([0, 1, 3, 5, 3], np.uint32)
    assert _bits_to_text(low).tolist() == ["", "overlap", "overlap;gap_before",
                                           "overlap;long_episode", "overlap;gap_before"]
