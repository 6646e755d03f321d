"""Copies are found as written whether the CSV reader typed the times or read them as text.

Found by audit20a: ``2026-03-09T09:00`` and ``2026-03-09 09:00:00`` on two otherwise equal
rows were one entry and a copy when every time of the file was ISO (the reader's fast path
typed them as it read, and the copies were sought on the values), and two entries sharing
the hour when one unrelated row was written ``09/03/2026 08:00`` (text path, compared as
written, the documented rule: data_schema/README.md, "every other value as written"). The
same for ``duration_min`` ``60`` and ``60.0``. Now both paths give the documented answer.
"""

from __future__ import annotations

import pytest

from timestudy.ingest import read_diary

HEAD = "worker_id,start,end,activity,case_id,duration_min\n"
TWINS = ("W1,2026-03-09T09:00,2026-03-09T10:00,visit,C1,60\n"
         "W1,2026-03-09 09:00:00,2026-03-09 10:00:00,visit,C1,60\n")
DURATIONS = ("W1,2026-03-09T09:00,2026-03-09T10:00,visit,C1,60\n"
             "W1,2026-03-09T09:00,2026-03-09T10:00,visit,C1,60.0\n")
COPY = "W1,2026-03-09T09:00,2026-03-09T10:00,visit,C1,60\n"
TEXT_ROW = "W1,09/03/2026 08:00,09/03/2026 08:30,call,C1,30\n"
FILLER = "".join(f"X{w},2026-03-{d:02d}T{h:02d}:00,2026-03-{d:02d}T{h:02d}:30,admin,,30\n"
                 for w in range(12) for d in range(10, 28) for h in range(8, 17))  # > 128 kB


def _read(tmp_path, body, big):
    path = tmp_path / "diary.csv"
    rows = body + (FILLER if big else "")
    path.write_text(HEAD + rows)
    return read_diary(path, warn=False)


@pytest.mark.parametrize("big", [False, True])
@pytest.mark.parametrize("text_row", ["", TEXT_ROW])
@pytest.mark.parametrize("twins", [TWINS, DURATIONS])
def test_spellings_of_one_value_are_two_entries_on_every_path(tmp_path, twins, text_row, big):
    """By hand: the two rows are written differently, so neither is a copy: 0 duplicates,
    and both accepted, sharing the hour (30 minutes each)."""
    r = _read(tmp_path, text_row + twins, big)
    assert r.report.n_duplicates == 0
    visits = r.episodes[r.episodes["activity"] == "visit"]
    assert visits["counted_min"].tolist() == [30.0, 30.0]


@pytest.mark.parametrize("big", [False, True])
def test_a_copy_as_written_is_still_a_copy(tmp_path, big):
    """The same line twice, and a third time with `` W1`` for ``W1`` (identifiers as read):
    2 duplicates, one visit of 60 minutes."""
    r = _read(tmp_path, COPY + COPY + COPY.replace("W1,", " W1,", 1), big)
    assert r.report.n_duplicates == 2
    visits = r.episodes[r.episodes["activity"] == "visit"]
    assert visits["counted_min"].tolist() == [60.0]
