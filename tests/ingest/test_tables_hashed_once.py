"""A table read again is hashed once (perf35g): ``_read_before`` hashes the table given to
see that it is unchanged, and the copy it gives back has that same content, so the copy is
marked with that hash rather than hashed a second time (``run_study`` reads its cases and
workers again in ``read_diary``: two hashes a run saved, the cases' of 2,011 rows at
/tmp/s120 among them). The copy must still be known as checked, and a change to it seen.
"""

from __future__ import annotations

import pytest

import timestudy.ingest.tables as tables
from timestudy.ingest.tables import read_cases, read_workers
from timestudy.schema import EXAMPLES


@pytest.mark.parametrize(
    ("read", "name"), [(read_cases, "cases.csv"), (read_workers, "workers.csv")]
)
def test_a_table_read_again_is_hashed_once(read, name, monkeypatch):
    table = read(EXAMPLES / name)
    calls = []
    content = tables._content

    def counting(frame):
        calls.append(1)
        return content(frame)

    monkeypatch.setattr(tables, "_content", counting)
    again = read(table)
    assert len(calls) == 1  # fails before: 2 (the table's, then its copy's)
    assert tables._CHECKED[id(again)][2] == content(again)  # the copy's own content
    calls.clear()
    read(again)  # the copy, unchanged, is known as checked: hashed once, not read
    assert len(calls) == 1


def test_a_copy_given_back_then_changed_is_checked_again():
    again = read_workers(read_workers(EXAMPLES / "workers.csv"))
    again.loc[0, "fte"] = 0.25
    assert tables._read_before(again, "workers") is None
