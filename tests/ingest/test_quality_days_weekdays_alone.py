"""The quality page's in-hours minutes read no worker's days where the rule can only give
Monday to Friday (no bank holiday in the diary, no declared weekend day): the same minutes
as reading them, and read where either is present."""

import numpy as np
import pandas as pd
import pytest

from timestudy.ingest import quality_days

DAY = np.iinfo(np.int64).min


def _diary(first: str, days: int) -> tuple[pd.DataFrame, np.ndarray, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(7)
    dates = pd.date_range(first, periods=days, freq="D")
    n = 400
    on = dates[rng.integers(0, days, n)]
    start = on + pd.to_timedelta(rng.integers(6 * 60, 22 * 60, n), unit="min")
    end = start + pd.to_timedelta(rng.integers(10, 180, n), unit="min")
    worker = rng.integers(0, 3, n)
    names = np.array(["A", "B", "C"], object)
    eps = pd.DataFrame({"worker_id": names[worker], "start": start, "end": end,
                        "counted_min": ((end - start).total_seconds() / 60).to_numpy()})
    day = np.asarray(on.normalize()).astype("M8[ns]").view("i8")
    return eps, worker, names, day


@pytest.mark.parametrize("workdays", [None, ["Mon Tue Wed", "Mon-Fri", None]])
def test_same_minutes_as_reading_the_days(monkeypatch, workdays):
    eps, worker, names, day = _diary("2026-03-02", 21)  # no bank holiday in March 2026
    workers = None if workdays is None else pd.DataFrame(
        {"worker_id": names, "fte": [0.6, 1.0, 1.0], "workdays": workdays})
    assert quality_days._weekdays_alone(workers, names, day)
    quick = quality_days.in_hours(eps, workers, worker, names, day)
    monkeypatch.setattr(quality_days, "_weekdays_alone", lambda *a: False)
    read = quality_days.in_hours(eps, workers, worker, names, day)
    np.testing.assert_array_equal(quick, read)


def test_days_read_with_a_bank_holiday_or_a_weekend_day():
    eps, worker, names, day = _diary("2026-03-30", 14)  # Good Friday 3 Apr, Easter Monday 6 Apr
    assert not quality_days._weekdays_alone(None, names, day)
    eps, worker, names, day = _diary("2026-03-02", 21)
    workers = pd.DataFrame({"worker_id": names, "fte": 1.0,
                            "workdays": ["Tue Wed Thu Fri Sat", None, None]})
    assert not quality_days._weekdays_alone(workers, names, day)
    assert quality_days._weekdays_alone(workers.iloc[1:], names, day)
