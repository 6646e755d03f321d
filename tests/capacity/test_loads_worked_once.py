"""The weighted load reads each worker's role share once, and the loads and the staff needed
take the hours for casework a month from one rule (perf32g).

On main :func:`~timestudy.capacity.weighted_load` worked out the role shares of the workers
table twice (once for the workers holding no case, once for the table), and ``staffing`` and
``weighted_load`` each wrote the month's hours as their own expression (the year's hours
for casework / 12, NaN when withheld with ``on_suppressed="nan"``): now
:func:`~timestudy.capacity.need.available_month` is that rule for both.

Worked by hand on the small guide of 10 workers (tests/guide/_small_guide.py): hours for
casework 1,400 a year, 1,400 / 12 = 116.67 a month; CIN 5 h and CP 9 h a case-month. W1
(1.0 FTE) holds two CIN cases: 10 / 116.67 = 0.0857; W2 (0.5 FTE) one CP case:
9 / (0.5 x 116.67) = 0.1543; W3 (1.0 FTE) none: load 0, blue.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

sys.path.insert(0, str(Path(__file__).parents[1] / "guide"))
from _small_guide import small_guide  # noqa: E402

from timestudy.capacity import loads, staff  # noqa: E402
from timestudy.capacity.need import available_month  # noqa: E402
from timestudy.errors import ConfigError  # noqa: E402

CASES = pd.DataFrame(
    {
        "case_id": ["c1", "c2", "c3"],
        "worker_id": ["W1", "W1", "W2"],
        "case_type": ["CIN", "CIN", "CP"],
    }
)
WORKERS = pd.DataFrame(
    {
        "worker_id": ["W1", "W2", "W3"],
        "fte": [1.0, 0.5, 1.0],
        "team": ["A", "A", "B"],
        "role": ["social_worker"] * 3,
    }
)


def test_role_shares_read_once_with_the_loads_by_hand(monkeypatch):
    calls = []
    real = loads.role_shares

    def counted(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(loads, "role_shares", counted)
    t = loads.weighted_load(small_guide(10, (10, 10)), CASES, WORKERS, should=False).table
    assert len(calls) == 1  # on main 2
    month = 1400 / 12
    np.testing.assert_allclose(
        t.loc[["W1", "W2", "W3"], "load"], [10 / month, 9 / (0.5 * month), 0.0], rtol=1e-12
    )
    assert t.loc["W3", "status"] == "blue"
    np.testing.assert_allclose(t["hours_available_per_month"], [month, 0.5 * month, month])


def test_loads_and_staff_take_the_month_from_one_rule(monkeypatch):
    """Both ask :func:`available_month` (on main neither did with ``on_suppressed="nan"``)."""
    asked = []

    def month(guide, should=True, on_suppressed="raise"):
        asked.append(on_suppressed)
        return 100.0

    monkeypatch.setattr(loads, "available_month", month)
    monkeypatch.setattr(staff, "available_month", month)
    guide = small_guide(10, (10, 10))
    t = loads.weighted_load(guide, CASES, WORKERS, should=False, on_suppressed="nan").table
    s = staff.staffing(guide, CASES, WORKERS, should=False, on_suppressed="nan").table
    assert asked == ["nan", "nan"]
    assert t.loc["W1", "hours_available_per_month"] == 100.0
    assert s.loc["total", "fte_needed"] == pytest.approx((10 + 9) / 100.0)


def test_the_month_withheld_is_nan_or_an_error():
    guide = small_guide(10, (10, 10))
    assert available_month(guide) == pytest.approx(1400 / 12)
    av = guide.available.copy()
    av["estimate"] = np.nan
    withheld = guide.derive(available=av)
    assert np.isnan(available_month(withheld, on_suppressed="nan"))
    with pytest.raises(ConfigError, match="no hours available"):
        available_month(withheld)
