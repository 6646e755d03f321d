"""Small hand-built episode tables for the observation tests."""

from __future__ import annotations

import pandas as pd
import pytest

DAY = "2026-03-09"


def episodes(rows, day: str = DAY, **columns) -> pd.DataFrame:
    """Episodes from ``(worker, start, end, category)`` tuples with clock times on ``day``.

    A time may carry its own date (``"2026-03-10 01:00"``); extra columns are lists.
    """

    def at(clock: str) -> pd.Timestamp:
        return pd.Timestamp(clock if " " in clock else f"{day} {clock}")

    out = pd.DataFrame(
        {
            "worker_id": [r[0] for r in rows],
            "start": [at(r[1]) for r in rows],
            "end": [at(r[2]) for r in rows],
            "category": [r[3] for r in rows],
        }
    )
    for name, values in columns.items():
        out[name] = values
    return out


@pytest.fixture
def make():
    return episodes
