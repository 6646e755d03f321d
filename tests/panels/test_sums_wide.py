"""sums_wide is pivot_table's table of sums (fill 0) without pivot_table: the same frame, to the
last bit and dtype, on the shapes the panels give it."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from timestudy.panels.episodes import sums_wide


def _pivot(frame, index, columns, values):
    return frame.pivot_table(
        index=index, columns=columns, values=values, aggfunc="sum", fill_value=0.0, observed=True
    )


def _frame(n: int = 400) -> pd.DataFrame:
    rng = np.random.default_rng(3)
    return pd.DataFrame(
        {
            "worker_id": pd.array(rng.choice(["W1", "W2", "W3"], n), dtype="string"),
            "diary_date": pd.to_datetime("2026-03-02")
            + pd.to_timedelta(rng.integers(0, 5, n), "D"),
            "category": pd.array(rng.choice(["admin", "travel", "direct_work"], n), dtype="str"),
            "minutes": rng.gamma(2.0, 17.3, n),  # sums whose order matters in the last bit
        }
    )


@pytest.mark.parametrize("rows", [slice(None), slice(0, 0), slice(0, 1)])
def test_same_as_pivot_table(rows):
    f = _frame().iloc[rows]
    keys = ["worker_id", "diary_date"]
    pd.testing.assert_frame_equal(
        sums_wide(f, keys, "category", "minutes"),
        _pivot(f, keys, "category", "minutes"),
        check_exact=True,
    )
    pd.testing.assert_frame_equal(
        sums_wide(f, "worker_id", "category", "minutes"),
        _pivot(f, "worker_id", "category", "minutes"),
        check_exact=True,
    )


def test_missing_values_and_keys():
    """A NaN minute is skipped in its sum; a row with no key is in no group (as pivot_table)."""
    f = _frame(60)
    f.loc[f.index[:3], "minutes"] = np.nan
    f.loc[f.index[3:5], "category"] = pd.NA
    got = sums_wide(f, "worker_id", "category", "minutes")
    pd.testing.assert_frame_equal(
        got, _pivot(f, "worker_id", "category", "minutes"), check_exact=True
    )
