"""The duplicate rule compares identifiers as the reader reads them: trimmed.

The reader trims every identifier (``W1 `` is read ``W1``), so a second export of the same
entries with spaces around the ids is the same entries: exact duplicates, counted once. It
compared the rows as written, and kept such copies as rows of their own.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from timestudy import read_diary
from timestudy.ingest.duplicates import duplicates_and_order, exact_duplicates

WEEK = """worker_id,date,start_time,end_time,activity,case_id
W1,09/03/2026,09:00,10:00,Home visit,C1
W1,09/03/2026,10:00,10:30,Case notes,C1
W2,09/03/2026,09:00,11:00,Core group,C2
"""
AGAIN = (  # the spaces around the ids are the point
    "W1 ,09/03/2026,09:00,10:00,Home visit,C1\n"
    " W1,09/03/2026,10:00,10:30,Case notes, C1\n"
    "W2,09/03/2026,09:00,11:00,Core group,C2 \n"
    "W2,09/03/2026,11:00,11:30,Case notes,C2\n"
)


def test_a_second_export_with_spaces_around_the_ids_is_counted_once(tmp_path):
    """WEEK (3 entries: 60 + 30 + 120 = 210 min) and a second export of it with spaces
    around the worker and case ids, plus one new entry of 30 min. By hand: the 3 copies
    read exactly as WEEK's rows, so 7 read = 4 accepted + 0 rejected + 3 duplicates, and
    240 min in = 240 accepted (+ 210 in the 3 duplicates), no overlap. Before: 7 accepted,
    the 3 copies each 0 counted minutes and flagged ``overlap``."""
    path = tmp_path / "d.csv"
    path.write_text(WEEK + AGAIN)
    result = read_diary(path, warn=False)
    r = result.report
    assert (r.n_read, r.n_accepted, r.n_rejected, r.n_duplicates) == (7, 4, 0, 3)
    assert r.n_read == r.n_accepted + r.n_rejected + r.n_duplicates
    a = r.details["minutes"]
    assert (a["minutes_in"], a["minutes_accepted"], a["minutes_rejected"]) == (240, 240, 0)
    assert (a["minutes_duplicates"], a["rows_duplicates"]) == (210, 3)
    assert result.episodes["source_row"].tolist() == [2, 3, 4, 8]  # the first copies kept
    assert result.episodes["counted_min"].sum() == 240
    assert "overlap" not in r.warnings_by_code


def test_ids_are_trimmed_in_the_whole_row_comparison_and_in_the_key():
    """Three rows alike but for spaces around ``W1`` and ``C1``: the second and third are
    copies of the first. Given codes made from the text as written (three workers),
    the codes are folded as read. Other columns are compared as written: ``Visit `` is
    not ``Visit``."""
    frame = pd.DataFrame(
        {
            "worker_id": ["W1", "W1 ", " W1", "W1"],
            "start": [1, 1, 1, 1],
            "case_id": ["C1", " C1", "C1 ", "C1"],
            "activity": ["Visit", "Visit", "Visit", "Visit "],
        }
    )
    assert exact_duplicates(frame).tolist() == [False, True, True, False]
    written = {"worker_id": np.array([1, 2, 0, 1])}  # sorted codes as written
    dup, _ = duplicates_and_order(frame, written)
    assert dup.tolist() == [False, True, True, False]


def test_numbers_and_distinct_ids_are_left_alone():
    """Numeric worker ids are compared as they are; ids that differ after trimming
    (``W1`` and ``W11``) stay different."""
    frame = pd.DataFrame({"worker_id": [1, 1, 2], "start": [5, 5, 5]})
    assert exact_duplicates(frame).tolist() == [False, True, False]
    frame = pd.DataFrame({"worker_id": ["W1", "W11", "W1 1"], "start": [5, 5, 5]})
    assert exact_duplicates(frame).tolist() == [False, False, False]
