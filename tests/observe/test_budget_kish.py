"""A weighted time budget's interval uses the workers in effect (Kish's number), not their
head count (obs24): the t multiplier's degrees of freedom were ``m - 1`` workers whatever
their survey weights."""

from __future__ import annotations

import numpy as np
import pytest

from timestudy.observe import time_budget


def test_three_workers_weighted_1_1_4_are_two_in_effect(make):
    """Workers A, B, C, one day each: 10, 20 and 60 minutes, weights 1, 1 and 4.

    Weighted mean (10 + 20 + 4 x 60) / 6 = 270 / 6 = 45. Residuals w (y - 45) / 6: -35/6,
    -25/6, 60/6; SE = sqrt(3 / 2 x (1225 + 625 + 3600) / 36) = sqrt(227.08) = 15.069.
    Kish: (1 + 1 + 4)^2 / (1 + 1 + 16) = 36 / 18 = 2 workers in effect, so t(0.975, 1) =
    12.7062: 45 + 191.47 = 236.47 (low clipped to 0). Before: t on 3 - 1 = 2 df, 4.3027,
    high 109.84."""
    eps = make([("A", "09:00", "09:10", "recording"), ("B", "09:00", "09:20", "recording"),
                ("C", "09:00", "10:00", "recording")], w=[1.0, 1.0, 4.0])
    row = time_budget(eps, weight="w").table.set_index("category").loc["recording"]
    se = np.sqrt(1.5 * 5450 / 36)
    assert row["mean_min"] == pytest.approx(45.0)
    assert row["se"] == pytest.approx(se)
    assert row["ci_high"] == pytest.approx(45 + 12.706205 * se, rel=1e-6)
    assert row["ci_high"] == pytest.approx(236.47, abs=0.01)
    assert row["ci_low"] == 0


def test_equal_weights_keep_the_head_count(make):
    """Weights 3, 3, 3 are 3 workers in effect: t on 2 df (4.3027), as without weights:
    mean 30, SE sqrt(1400 / 6), high 30 + 4.3027 x 15.275 = 95.72."""
    eps = make([("A", "09:00", "09:10", "recording"), ("B", "09:00", "09:20", "recording"),
                ("C", "09:00", "10:00", "recording")], w=[3.0, 3.0, 3.0])
    row = time_budget(eps, weight="w").table.set_index("category").loc["recording"]
    assert row["ci_high"] == pytest.approx(30 + 4.302653 * np.sqrt(1400 / 6), rel=1e-6)
    plain = time_budget(eps).table.set_index("category").loc["recording"]
    assert row["ci_high"] == pytest.approx(plain["ci_high"])
