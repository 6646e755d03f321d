"""The rule for time worked in fewer arrays gives the same numbers, to the bit, as the plain
NumPy expressions it replaces (timestudy/ingest/timerules.py, accounting.py)."""

from __future__ import annotations

import numpy as np
import pytest

from timestudy.ingest.accounting import _nansum
from timestudy.ingest.clock_limits import roll_bare_ends
from timestudy.ingest.timerules import (
    DAY,
    NS_PER_MIN,
    _span,
    midnight,
    ns_to_minutes,
    on_day,
)
from timestudy.schema import parse

RNG = np.random.default_rng(11)


def _stamps(n: int) -> tuple[np.ndarray, np.ndarray]:
    start = np.datetime64("2026-03-02T08:00", "ns") + RNG.integers(0, 40 * 86_400_000_000_000, n)
    end = start + RNG.integers(-3 * NS_PER_MIN, 50 * 60 * NS_PER_MIN, n)  # some before the start
    end[RNG.random(n) < 0.02] += RNG.integers(1, 999, 1)[0]  # odd nanoseconds
    start[RNG.random(n) < 0.05] = np.datetime64("NaT")
    end[RNG.random(n) < 0.05] = np.datetime64("NaT")
    return start.astype("M8[ns]"), end.astype("M8[ns]")


@pytest.mark.parametrize("n", [0, 1, 7, 70_001])
def test_span_is_the_timedelta_division_to_the_bit(n):
    start, end = _stamps(n)
    valid = ~np.isnat(start) & ~np.isnat(end) & (RNG.random(n) < 0.9)
    expected = np.where(valid, (end - start) / np.timedelta64(1, "m"), np.nan)
    got = _span(start, end, valid)
    assert got.dtype == np.float64
    np.testing.assert_array_equal(got.view("i8"), expected.view("i8"))


def test_span_of_other_units_falls_back_to_the_plain_expression():
    start = np.array(["2026-03-09T10:00", "NaT"], "M8[s]")
    end = np.array(["2026-03-09T10:30", "2026-03-09T11:00"], "M8[s]")
    valid = np.array([True, False])
    np.testing.assert_array_equal(_span(start, end, valid), [30.0, np.nan])


def test_ns_to_minutes_works_over_its_input_block_by_block():
    ns = RNG.integers(-(2**62), 2**62, 10_001)
    expected = ns / NS_PER_MIN
    got = ns_to_minutes(ns.copy(), block=1_000)
    np.testing.assert_array_equal(got.view("i8"), expected.view("i8"))
    frozen = ns.copy()
    frozen.flags.writeable = False  # not its own to write over: a new array, as before
    np.testing.assert_array_equal(ns_to_minutes(frozen), expected)
    assert np.array_equal(frozen, ns)


def test_nansum_without_nan_is_numpy_nansum():
    values = RNG.normal(60, 40, 100_003)
    assert _nansum(values) == np.nansum(values)
    values[::7] = np.nan
    assert _nansum(values) == np.nansum(values)
    assert _nansum(values, np.isnan(values)) == np.nansum(values)
    assert _nansum(np.array([np.nan])) == 0.0


@pytest.mark.parametrize("n", [0, 1, 7, 70_001])
def test_midnight_is_the_cast_to_days_to_the_bit(n):
    start, _ = _stamps(n)
    start[: n // 3] -= np.timedelta64(60 * 365, "D")  # before 1970 too: the cast floors
    expected = start.astype("M8[D]").astype("M8[ns]")
    np.testing.assert_array_equal(midnight(start).view("i8"), expected.view("i8"))


def test_midnight_of_a_stamp_on_the_first_day_of_the_ns_range_is_the_cast():
    first = np.array([np.iinfo(np.int64).min + 1, 0], "i8").view("M8[ns]")
    with np.errstate(over="ignore"):
        expected = first.astype("M8[D]").astype("M8[ns]")
    np.testing.assert_array_equal(midnight(first).view("i8"), expected.view("i8"))


def _on_day_as_written(day, minutes):
    offset = np.round(np.nan_to_num(minutes) * NS_PER_MIN).astype("i8").astype("m8[ns]")
    out = day + offset
    out[np.isnan(minutes)] = parse.NAT
    return out


@pytest.mark.parametrize("holes", [False, True])
@pytest.mark.parametrize("n", [0, 1, 70_001])
def test_on_day_is_the_plain_expression_to_the_bit(n, holes):
    day, _ = _stamps(n)
    day = day.astype("M8[D]").astype("M8[ns]")
    minutes = RNG.integers(0, 2_880, n) + RNG.choice([0.0, 0.5, 1 / 3, 0.999999], n)
    if holes and n:
        minutes[RNG.random(n) < 0.1] = np.nan
        minutes[0] = np.inf
    got = on_day(day, minutes)
    np.testing.assert_array_equal(got.view("i8"), _on_day_as_written(day, minutes).view("i8"))
    ints = RNG.integers(0, 1_440, n)  # whole minutes held as integers
    np.testing.assert_array_equal(on_day(day, ints).view("i8"),
                                  _on_day_as_written(day, ints).view("i8"))


def _roll_as_written(start, end, bare, limit):
    valid = ~np.isnat(start) & ~np.isnat(end)
    wrap = valid & bare & (end < start)
    rolled = np.where(wrap, end + DAY, end)
    span = (rolled - start) / np.timedelta64(1, "m")
    morning = (start.view("i8") % 86_400_000_000_000) < 13 * 3_600_000_000_000
    too_long = wrap & ((span > limit) | ((span >= 720) & morning))  # (night25b)
    return np.where(too_long, end, rolled), too_long


@pytest.mark.parametrize("n", [1, 7, 70_001])
def test_roll_bare_ends_works_the_wrapping_rows_only_with_the_same_result(n):
    from types import SimpleNamespace

    start, end = _stamps(n)
    end = end - np.timedelta64(20, "h")  # many ends before their start, some by more than 16 h
    bare = RNG.random(n) < 0.8
    frame = {"end_time": parse.as_text(__import__("pandas").Series(end))}
    r = SimpleNamespace(mapping=SimpleNamespace(max_wrap_hours=16), failures=[], frame=frame,
                        label=lambda c: c)
    got, rejected = roll_bare_ends(r, start, end, bare, np.full(n, np.nan), None)
    want, want_rejected = _roll_as_written(start, end, bare, 16 * 60)
    np.testing.assert_array_equal(got.view("i8"), want.view("i8"))
    np.testing.assert_array_equal(rejected, want_rejected)
    failed = r.failures[0]["row"].tolist() if r.failures else []
    assert failed == np.flatnonzero(want_rejected).tolist()
