"""The day numbers the day-order check compares (``dayorder._days``) are pandas' own reading of
(year, month, day), computed on NumPy's calendar: the same day, and NaN for the same
impossible dates (30 February, month 13, day 0, a fraction), on 200,000 drawn triples."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from timestudy.ingest.dayorder import _days


@pytest.mark.parametrize("years", [(1600, 2300), (0, 100), (9000, 12000)])
def test_days_are_pandas_days(years):
    rng = np.random.default_rng(years[0])
    n = 200_000
    y = rng.integers(*years, n).astype(float)
    m = rng.integers(0, 15, n).astype(float)
    d = rng.integers(0, 33, n).astype(float)
    y[::97], m[::89], d[5::83] = np.nan, np.nan, 1.5
    stamps = pd.to_datetime(pd.DataFrame({"year": y, "month": m, "day": d}), errors="coerce")
    want = stamps.to_numpy().astype("M8[D]").astype(np.int64).astype(float)
    want[stamps.isna().to_numpy()] = np.nan
    np.testing.assert_array_equal(_days(y, m, d), want)


def test_hand_worked_days():
    """9 March 2026 is day 20,521 after 1 January 1970 (56 years, 14 of them leap: 56 x 365
    + 14 = 20,454, plus 67 days of 2026 before 9 March: 31 + 28 + 8); 29 February 2024 is
    2024's 60th day: 54 x 365 + 13 + 59 = 19,782."""
    got = _days(np.array([2026.0, 2024, 2026]), np.array([3.0, 2, 2]), np.array([9.0, 29, 29]))
    assert got[:2].tolist() == [20521.0, 19782.0] and np.isnan(got[2])


def test_spans_are_the_groupby_spans():
    """Each worker's span of days both ways (``dayorder._spans``) is pandas' groupby max less
    min, NaN days left out and a worker with none NaN, on 300 drawn tables."""
    import warnings

    from timestudy.ingest.dayorder import _spans

    rng = np.random.default_rng(3)
    for _ in range(300):
        n = int(rng.integers(1, 60))
        w, r, o = rng.integers(-1, 6, n), rng.normal(size=n) * 100, rng.normal(size=n) * 100
        r[rng.random(n) < 0.3], o[rng.random(n) < 0.3] = np.nan, np.nan
        g = pd.DataFrame({"w": w, "read": r, "other": o}).groupby("w", sort=True)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # an all-NaN worker
            want = g[["read", "other"]].max() - g[["read", "other"]].min()
        pd.testing.assert_frame_equal(_spans(w, r, o), want, check_names=False)
