"""``exposure._open_days`` counts over one row a kind of case week, not one a holder (fix33p
item 3): the same days as the matrix of one row a holder it replaced, on random holders
(weeks of five, fewer, six and seven days, patterns alternating by week, bank holidays)
and cases. The old matrix grew with holders x diary days: 187.0 MB at 4,000 holders over
two years (104 weeks, 80,000 cases), against 4.0 MB now (tracemalloc peak of the call).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from timestudy.panels import exposure

WEEKS = [
    "Mon-Fri",
    "Mon-Wed",
    "Mon-Sat",
    "Sun,Mon,Tue,Wed,Thu",
    "Mon-Sun",
    "Mon-Fri / Mon-Thu",
    "Mon-Sat / Mon-Fri",
    "Mon-Fri / Tue-Sat / off",
]
BITS = {
    "Mon-Fri": 0b0011111,
    "Mon-Wed": 0b0000111,
    "Mon-Sat": 0b0111111,
    "Sun,Mon,Tue,Wed,Thu": 0b1001111,
    "Mon-Sun": 0b1111111,
    "Mon-Fri / Mon-Thu": 0b0011111,
    "Mon-Sat / Mon-Fri": 0b0111111,
    "Mon-Fri / Tue-Sat / off": 0b0111111,
}


def _one_row_a_holder(span: exposure._Span) -> np.ndarray:
    """The function as it was before fix33p: one row a holder over the study's days."""
    start = span.first.min()
    dates = np.arange(start, span.last.max())
    holders, row = np.unique(span.holder, return_inverse=True)
    on = span.day_weight(np.repeat(holders, len(dates)), np.tile(dates, len(holders)))
    on = on.reshape(len(holders), len(dates)) * ~np.isin(dates, span.holidays)
    total = np.concatenate([np.zeros((len(holders), 1)), np.cumsum(on, axis=1)], axis=1)
    at = (span.first - start).astype(np.int64), (span.last - start).astype(np.int64)
    return total[row, at[1]] - total[row, at[0]]


@settings(max_examples=40, deadline=None)
@given(
    data=st.data(),
    n=st.integers(1, 6),
    weeks=st.integers(1, 10),
    monday=st.sampled_from(["2026-03-02", "2026-03-30", "2026-12-14", "2027-04-26"]),
)
def test_one_row_a_kind_of_week_counts_as_one_row_a_holder(data, n, weeks, monday):
    ids = [f"W{i}" for i in range(n)]
    pattern = data.draw(st.lists(st.sampled_from(WEEKS), min_size=n, max_size=n))
    anchors = data.draw(st.lists(st.integers(0, 2), min_size=n, max_size=n))
    dates = pd.date_range(monday, periods=7 * weeks)
    workers = pd.DataFrame(
        {
            "worker_id": ids,
            "workdays": pattern,
            "pattern_from": [dates[0] + pd.Timedelta(weeks=a) for a in anchors],
        }
    )
    days = pd.DataFrame(
        {
            "worker_id": np.repeat(ids, len(dates)),
            "diary_date": np.tile(dates, n),
            "workday_bits": np.repeat([BITS[p] for p in pattern], len(dates)),
        }
    )
    days = days.assign(contracted=True, status="complete", used=True)
    k = data.draw(st.integers(1, 12))
    opened = data.draw(st.lists(st.integers(-3, 7 * weeks), min_size=k, max_size=k))
    length = data.draw(st.lists(st.integers(1, 7 * weeks), min_size=k, max_size=k))
    cases = pd.DataFrame(
        {
            "case_id": [f"C{i}" for i in range(k)],
            "worker_id": data.draw(st.lists(st.sampled_from(ids), min_size=k, max_size=k)),
            "opened": [dates[0] + pd.Timedelta(days=o) for o in opened],
            "closed": [
                dates[0] + pd.Timedelta(days=o + m) for o, m in zip(opened, length, strict=True)
            ],
        }
    )
    span = exposure._Span(cases, days, (dates[0], dates[-1]), workers=workers)
    if not len(span.first):
        return
    np.testing.assert_array_equal(exposure._open_days(span), _one_row_a_holder(span))


def test_a_two_year_diary_counts_in_memory_that_does_not_grow_with_the_holders():
    """300 holders over 104 weeks, 6,000 cases: the old matrix's peak was 14 MB (47 MB at
    1,000 holders); one row a kind of week (four kinds here) keeps it under 1 MB."""
    import tracemalloc

    rng = np.random.default_rng(3)
    n, dates = 300, pd.date_range("2025-01-06", periods=7 * 104)
    ids = [f"W{i:03d}" for i in range(n)]
    bits = rng.choice([0b0011111, 0b0000111, 0b0111111, 0b1001111], n)
    days = pd.DataFrame(
        {
            "worker_id": np.repeat(ids, len(dates)),
            "diary_date": np.tile(dates, n),
            "workday_bits": np.repeat(bits, len(dates)),
        }
    )
    on = (days["workday_bits"].to_numpy() >> days["diary_date"].dt.day_of_week.to_numpy()) & 1
    days = days.loc[on == 1].assign(contracted=True, status="complete", used=True)
    opened = dates[0] + pd.to_timedelta(rng.integers(0, len(dates), 20 * n), unit="D")
    cases = pd.DataFrame(
        {
            "case_id": np.arange(20 * n).astype(str),
            "worker_id": rng.choice(ids, 20 * n),
            "opened": opened,
            "closed": opened + pd.to_timedelta(rng.integers(1, 300, 20 * n), unit="D"),
        }
    )
    span = exposure._Span(cases, days.reset_index(drop=True), (dates[0], dates[-1]))
    peaks = []
    for count in (_one_row_a_holder, exposure._open_days):
        tracemalloc.start()
        count(span)
        peaks.append(tracemalloc.get_traced_memory()[1] / 1e6)
        tracemalloc.stop()
    assert peaks[0] > 10 and peaks[1] < 1, peaks
