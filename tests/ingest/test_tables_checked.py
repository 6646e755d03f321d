"""A cases or workers table the reader returned is not checked again while unchanged.

``run_study`` reads the cases and workers, then hands the tables to ``read_diary``, which
reads them again; the second check found nothing new. These tests hold that skipping it
gives what checking again gives, and that a table changed after its check is checked.
"""

from __future__ import annotations

import pandas as pd
import pytest

import timestudy.ingest.tables as tables
from timestudy import simulate_study
from timestudy.errors import SchemaError
from timestudy.ingest.diary import read_diary
from timestudy.ingest.tables import read_cases, read_workers
from timestudy.schema import EXAMPLES


@pytest.fixture
def counted(monkeypatch):
    """How many times the schema's checker ran."""
    calls = []
    check = tables.check_table

    def counting(*args, **kwargs):
        calls.append(1)
        return check(*args, **kwargs)

    monkeypatch.setattr(tables, "check_table", counting)
    return calls


def _sources():
    s = simulate_study(n_workers=8, weeks=1, seed=2)
    return [(read_cases, EXAMPLES / "cases.csv"), (read_workers, EXAMPLES / "workers.csv"),
            (read_cases, s.cases), (read_workers, s.workers)]


@pytest.mark.parametrize("case", range(4))
def test_a_table_read_again_is_not_checked_and_equals_a_full_check(case, counted):
    read, source = _sources()[case]
    table = read(source)
    assert len(counted) == 1
    again = read(table)
    assert len(counted) == 1  # not checked again
    assert again is not table  # a table of its own, as a read gives
    full = read(table.copy())  # a copy is not marked: read and checked in full
    assert len(counted) == 2
    pd.testing.assert_frame_equal(again, full, check_exact=True)
    pd.testing.assert_frame_equal(again, table, check_exact=True)


def test_the_copy_given_back_leaves_the_table_read_as_it_was():
    workers = read_workers(EXAMPLES / "workers.csv")
    again = read_workers(workers)
    again.loc[0, "fte"] = 0.5
    assert workers.loc[0, "fte"] == 1.0


def test_a_table_changed_after_its_check_is_checked_again(counted):
    workers = read_workers(EXAMPLES / "workers.csv")
    workers.loc[0, "fte"] = -1.0  # in place: the same object, its content changed
    with pytest.raises(SchemaError, match="fte '-1' is below the minimum"):
        read_workers(workers)
    cases = read_cases(EXAMPLES / "cases.csv")
    cases.loc[0, "closed"] = pd.Timestamp("2000-01-01")
    with pytest.raises(SchemaError, match="closed 2000-01-01, before it opened"):
        read_cases(cases)


def test_a_changed_table_given_to_read_diary_is_checked():
    workers = read_workers(EXAMPLES / "workers.csv")
    workers["fte"] = workers["fte"].where(workers.index > 0, 0.0)  # a new column, same frame
    with pytest.raises(SchemaError, match="below the minimum"):
        read_diary(EXAMPLES / "episodes.csv", workers=workers)


def test_a_columns_change_is_seen():
    cases = read_cases(EXAMPLES / "cases.csv")
    cases = cases.drop(columns="case_type")  # a new frame: not marked
    with pytest.raises(SchemaError, match="case_type"):
        read_cases(cases)
    workers = read_workers(EXAMPLES / "workers.csv")
    workers.columns = ["FTE" if c == "fte" else c for c in workers.columns]  # the same frame
    assert tables._read_before(workers, "workers") is None


def test_the_tables_of_another_reader_are_checked():
    workers = read_workers(EXAMPLES / "workers.csv")
    with pytest.raises(SchemaError, match="the cases table needs the column"):
        read_cases(workers)
