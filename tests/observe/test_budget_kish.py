"""Under survey weights observe counts workers in effect (Kish's number), not by head (obs24):
a time budget's t multiplier had ``m - 1`` degrees of freedom whatever the weights, and a
cell (a category, a group's category, the study) was withheld only by its head count."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from timestudy.observe import observation_study, time_budget


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


def _weighted(make) -> pd.DataFrame:
    """X (weight 4) and Y1..Y8 (weight 1), one session each: all nine travel 11:00-12:00;
    Y1..Y8 admin 12:00-12:10; X and Y1..Y4 phone 12:10-12:20."""
    parts = []
    for p in ["X"] + [f"Y{i}" for i in range(1, 9)]:
        rows = [(p, "11:00", "12:00", "travel")]
        if p != "X":
            rows.append((p, "12:00", "12:10", "admin"))
        if p in ("X", "Y1", "Y2", "Y3", "Y4"):
            rows.append((p, "12:10", "12:20", "phone"))
        e = make(rows)
        parts.append(e.assign(session_id=f"S{p}", w=4.0 if p == "X" else 1.0))
    return pd.concat(parts, ignore_index=True)


def test_a_cell_of_five_people_three_in_effect_is_withheld(make):
    """Phone: 5 people by head, but X weighs 4: (4 + 4)^2 / (16 + 4) = 64 / 20 = 3.2 in
    effect, fewer than 5, so withheld (was published: head count 5); admin (8 people, 8
    in effect) goes with it as the smallest other (the all row less the rest would give
    phone). Travel: (4 + 8)^2 / (16 + 8) = 144 / 24 = 6 in effect, shown: mean 60 min
    weighted (60 x 12 / 12). The study: 6 in effect, so it is published."""
    s = observation_study(_weighted(make), weight="w")
    b = s.tables()["time_budget"].set_index("category")
    assert b.loc[["phone", "admin"], "mean_min"].isna().all()
    assert b.loc["phone", "workers"] == 5
    assert b.loc["travel", "mean_min"] == pytest.approx(60.0)
    assert "study" not in s.withheld()
    heads = observation_study(_weighted(make)).tables()["time_budget"].set_index("category")
    assert heads.loc["phone", "mean_min"] == pytest.approx(5 * 10 / 9)


def test_a_study_of_nine_two_in_effect_is_withheld_whole(make):
    """X weighted 20 and Y1..Y8 1: (20 + 8)^2 / (400 + 8) = 784 / 408 = 1.92 workers in
    effect, fewer than 5: every figure withheld, the note says so."""
    eps = _weighted(make)
    eps["w"] = eps["w"].where(eps["worker_id"] != "X", 20.0)
    s = observation_study(eps, weight="w")
    assert "9 workers (1.92 in effect" in s.withheld()["study"]
    assert s.tables()["time_budget"]["mean_min"].isna().all()
