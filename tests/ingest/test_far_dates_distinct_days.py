"""The diary's distinct days counted on their range, not sorted (issue 20, perf27c).

``far_dates_warning`` looks at the distinct diary days of every accepted episode: for a
1M-episode diary ``np.unique`` sorted a million dates (15 ms of a read whose every step
runs after the episodes are made); a diary's days lie within weeks, so they are counted
on their range instead (``far_dates.distinct_days``, 2 ms). The same days either way.
"""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from timestudy.ingest import far_dates

DAYS = st.lists(st.integers(-200_000, 200_000), max_size=60)


@settings(max_examples=200, deadline=None)
@given(DAYS, st.sampled_from([1, 10, 1 << 22]))
def test_distinct_days_are_numpy_unique(days, span):
    """Any dates (days from 1970, either side of it), counted or sorted by their span."""
    day = np.array(days, np.int64).view("M8[D]")
    got = far_dates.distinct_days(day, span=span)
    assert got.dtype == np.dtype("M8[D]")
    assert got.tolist() == np.unique(day).tolist()


def test_four_weeks_of_days():
    """By hand: 2 to 29 March 2026, each day 3 times, shuffled: 28 days, 2 March first."""
    day = np.repeat(np.arange(28), 3)[np.random.default_rng(0).permutation(84)]
    got = far_dates.distinct_days(np.datetime64("2026-03-02") + day.astype("m8[D]"))
    assert len(got) == 28 and str(got[0]) == "2026-03-02" and str(got[-1]) == "2026-03-29"
