"""Fixtures shared by tests/guide's modules."""

from __future__ import annotations

import pytest

from timestudy.guide import counts

#: The small guide's counted tables by their first columns.
COUNTED_BY_FIRST_COLUMN = {
    "category": "tasks",
    "hours_per_case_month": "case_types",
    "share": "category_shares",
}


@pytest.fixture
def published(monkeypatch):
    """The calls of the count rule (``counts.published_counts``), by table name."""
    calls = []
    real = counts.published_counts

    def counted(table, *args, **kwargs):
        calls.append(COUNTED_BY_FIRST_COLUMN[table.columns[0]])
        return real(table, *args, **kwargs)

    monkeypatch.setattr(counts, "published_counts", counted)
    return calls
