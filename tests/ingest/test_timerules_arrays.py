"""The rule for time worked in fewer arrays gives the same numbers, to the bit, as the plain
NumPy expressions it replaces (timestudy/ingest/timerules.py, accounting.py)."""

from __future__ import annotations

import numpy as np
import pytest

from timestudy.ingest.accounting import _nansum
from timestudy.ingest.timerules import NS_PER_MIN, _span, ns_to_minutes

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
