"""Clock arithmetic: diary days and minutes within working hours, against a minute-by-minute count."""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from timestudy.schema.clock import diary_date, minutes_in_hours

BASE = pd.Timestamp("2026-03-06 00:00")  # a Friday: episodes run into the weekend


def brute_force(start, end, lo=8 * 60, hi=18 * 60, workdays=(0, 1, 2, 3, 4)) -> float:
    """Minutes in hours by walking the episode one minute at a time (whole-minute times)."""
    minutes = pd.date_range(start, end, freq="min", inclusive="left")
    inside = minutes.day_of_week.isin(workdays) & (minutes.hour * 60 + minutes.minute >= lo)
    return float((inside & (minutes.hour * 60 + minutes.minute < hi)).sum())


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(0, 4 * 24 * 60), st.integers(1, 40 * 60)), min_size=1, max_size=8
    )
)
def test_minutes_in_hours_matches_a_minute_by_minute_count(episodes):
    start = pd.Series([BASE + pd.Timedelta(minutes=s) for s, _ in episodes])
    end = pd.Series([BASE + pd.Timedelta(minutes=s + d) for s, d in episodes])
    got = minutes_in_hours(start, end)
    want = [brute_force(s, e) for s, e in zip(start, end, strict=True)]
    np.testing.assert_array_equal(got, want)


def test_minutes_in_hours_by_hand():
    start = pd.Series(pd.to_datetime(["2026-03-09 17:00", "2026-03-09 22:00", "2026-03-13 17:30"]))
    end = pd.Series(pd.to_datetime(["2026-03-09 19:00", "2026-03-10 09:00", "2026-03-16 08:30"]))
    # Monday 17:00-19:00: one hour in; Monday 22:00 to Tuesday 09:00: one hour in;
    # Friday 17:30 to Monday 08:30: half an hour on Friday, the weekend out, half an hour Monday
    assert minutes_in_hours(start, end).tolist() == [60.0, 60.0, 60.0]
    assert minutes_in_hours(start, end, workdays=(0,)).tolist() == [60.0, 0.0, 30.0]


def test_missing_times_count_no_minutes():
    start = pd.Series(pd.to_datetime(["2026-03-09 09:00", None]))
    end = pd.Series(pd.to_datetime([None, "2026-03-09 10:00"]))
    assert minutes_in_hours(start, end).tolist() == [0.0, 0.0]


def test_diary_date_keeps_index_name_and_unit():
    start = pd.Series(
        pd.to_datetime(["2026-03-09 03:59", "2026-03-09 04:00", None]).astype("M8[us]"),
        index=[5, 6, 7],
        name="start",
    )
    got = diary_date(start)
    assert got.dtype == "M8[us]" and got.index.tolist() == [5, 6, 7] and got.name == "start"
    assert got.dt.day.tolist()[:2] == [8, 9] and pd.isna(got.iloc[2])


def test_diary_date_with_a_time_zone():
    start = pd.Series(pd.to_datetime(["2026-03-29 03:30"]).tz_localize("Europe/London"))
    assert diary_date(start).iloc[0] == pd.Timestamp("2026-03-28", tz="Europe/London")


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(-3 * 86_400 * 10**6, 9 * 86_400 * 10**6),
                  st.integers(0, 3 * 86_400 * 10**6), st.booleans()),
        min_size=1, max_size=10,
    ),
    st.sampled_from([("08:00", "18:00"), ("07:30", "16:45"), ("00:00", "23:59")]),
)
def test_microsecond_stamps_give_the_nanosecond_minutes_to_the_bit(episodes, hours):
    """Stamps in microseconds (the episodes' unit) are worked in that unit: every minute
    count must be the one the same stamps give in nanoseconds, bit for bit (any microsecond,
    before and after the epoch, NaT included)."""
    base = BASE.value // 1000
    start = np.array([base + s for s, _, _ in episodes], "M8[us]")
    end = np.array([base + s + d for s, d, _ in episodes], "M8[us]")
    start[[missing for _, _, missing in episodes]] = np.datetime64("NaT")
    us = minutes_in_hours(pd.Series(start), pd.Series(end), *hours)
    ns = minutes_in_hours(pd.Series(start.astype("M8[ns]")), pd.Series(end.astype("M8[ns]")),
                          *hours)
    np.testing.assert_array_equal(us.view(np.int64), ns.view(np.int64))
