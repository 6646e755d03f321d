"""A second export appended is found as copies on its whole lines, not parsed a second time.

Issue 20 (perf27c): the CSV reader types ISO times as it reads, so rows equal in value
were read back from the file and parsed again (:mod:`timestudy.ingest.echo`) to compare
their typed columns as written: 400,000 lines of the benchmark's ``overlap`` file (a fifth
of it a copy of the first fifth), 0.19 s of the 0.28 s its search for duplicates took.
Where every row equal in value to an earlier one is on a line byte for byte that one's,
the lines say the same and nothing is parsed (``duplicates._by_lines``); a row on another
line (``W1 `` for ``W1``, ``09:00:00`` for ``09:00``) is compared column by column as
before. And the rows kept are taken from the checked text one column at a time when one
is wanted (``kept.KeptRows``), not all at once: the text columns of a sorted file
are already taken in order beside the search.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from timestudy.ingest import echo, read_diary
from timestudy.schema.tables import CheckResult

HEAD = "worker_id,start,end,activity,case_id,duration_min\n"
#: > 128 kB, so the reader streams the file and types the times (its fast path)
FILLER = "".join(f"X{w},2026-03-{d:02d}T{h:02d}:00,2026-03-{d:02d}T{h:02d}:30,admin,,30\n"
                 for w in range(12) for d in range(10, 28) for h in range(8, 17))
VISIT = "W1,2026-03-09T09:00,2026-03-09T10:00,visit,C1,60\n"
CALL = "W1,2026-03-09T10:00,2026-03-09T10:30,call,C1,30\n"


def _read(tmp_path, body: str, monkeypatch=None):
    path = tmp_path / "diary.csv"
    path.write_text(HEAD + body)
    parsed = []
    if monkeypatch is not None:  # count the lines the echo parses again (its own pyarrow.csv)
        real = echo.pacsv

        class Spy:
            def __getattr__(self, name):
                return getattr(real, name)

            def read_csv(self, *args, **kwargs):
                table = real.read_csv(*args, **kwargs)
                parsed.append(table.num_rows)
                return table

        monkeypatch.setattr(echo, "pacsv", Spy())
    return read_diary(path, warn=False), parsed


def test_an_export_appended_again_is_copies_without_a_second_parse(tmp_path, monkeypatch):
    """By hand: the filler (1,944 rows), the visit and the call, then the whole again: 1,946
    copies, 1,946 episodes, one visit of 60 minutes and one call of 30; every copy on a line
    equal to its first's, so no line is parsed again (before: the 3,892 rows equal in value
    were read back, one parse of 3,892 lines)."""
    body = FILLER + VISIT + CALL
    r, parsed = _read(tmp_path, body + body, monkeypatch)
    assert r.report.n_duplicates == 1_946
    assert len(r.episodes) == 1_946
    mine = r.episodes[r.episodes["worker_id"] == "W1"]
    assert mine["counted_min"].tolist() == [60.0, 30.0]
    assert parsed == []


def test_a_copy_spelt_otherwise_is_still_compared_as_written(tmp_path, monkeypatch):
    """By hand: the visit, the visit with ``2026-03-09 09:00:00`` for ``2026-03-09T09:00``
    (another spelling: not a copy), and the visit with `` W1`` for ``W1`` (a copy: identifiers
    as read). The lines differ, so they are parsed: 1 duplicate, two visits sharing the hour
    (30 minutes each)."""
    other = VISIT.replace("T09:00", " 09:00:00", 1)
    r, parsed = _read(tmp_path, FILLER + VISIT + other + " " + VISIT, monkeypatch)
    assert r.report.n_duplicates == 1
    visits = r.episodes[r.episodes["activity"] == "visit"]
    assert visits["counted_min"].tolist() == [30.0, 30.0]
    assert parsed == [3]  # the three visits, equal in value


@pytest.mark.parametrize("final_break", [True, False])
def test_the_last_line_without_a_break_is_compared_as_written(tmp_path, final_break):
    """By hand: the visit twice, the second the file's last line (with or without a line
    break after it): its bytes differ only by the break, its text is the same: 1 copy."""
    body = FILLER + VISIT + VISIT
    r, _ = _read(tmp_path, body if final_break else body[:-1])
    assert r.report.n_duplicates == 1
    assert (r.episodes["activity"] == "visit").sum() == 1


def test_whole_lines_as_python_splits_them():
    """Lines 4, 2 and 3 of ``head / ab / a,b / ab`` (no break after the last): ``ab`` (no
    break), ``ab\\n`` and ``a,b\\n``."""
    data = b"head\nab\na,b\nab"
    whole_lines = echo.whole_lines
    assert whole_lines(data, np.array([4, 2, 3])).to_pylist() == [b"ab", b"ab\n", b"a,b\n"]
    assert whole_lines(data, np.array([], np.int64)).to_pylist() == []


def test_rows_kept_are_taken_a_column_at_a_time_when_asked():
    """By hand: rows 2 and 0 of ``a`` = x, y, z and ``b`` = 1, 2, 3 are z, x and 3, 1; the
    failure at row 2 moves to row 0, that at row 1 (a duplicate dropped) goes; no column is
    taken until one is asked for (before: every column at once)."""
    values = pd.DataFrame({"a": ["x", "y", "z"], "b": [1, 2, 3]})
    failures = pd.DataFrame({"column": ["a", "b"], "code": ["bad", "bad"]})
    checked = CheckResult(values, failures, [], np.array([2, 1]))
    from timestudy.ingest.kept import KeptRows, checked_rows

    kept = checked_rows(checked, np.array([2, 0]))
    assert isinstance(kept.values, KeptRows) and kept.values._taken == {}
    assert kept.values["a"].tolist() == ["z", "x"] and list(kept.values._taken) == ["a"]
    assert kept.values.frame().to_dict("list") == {"a": ["z", "x"], "b": [3, 1]}
    assert kept.rows.tolist() == [0] and kept.failures["column"].tolist() == ["a"]
