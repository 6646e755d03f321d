"""Should by events adds to the guide's "is" figure (its ``is_hours``, or the models' case
weights), not to its pieces' own sum.

By hand (after the models of tests/models/test_should_models.py): CP cases A (W1), B (W2)
and C (W3), 1.0 case-month each; visits of 120, 100, 140 and 120 min (2 h a piece, 4/3 a
case-month), liaison 30, 60 and 30 min. CP's standard, a visit every 10 working days, is
2.107 a case-month: the pieces measure 600 min / 3 = 3.3333 h a case-month and the
standard adds (2.107 - 1.3333) x 2 h = 1.5482 h. Say the guide's hours are 3.20 (a
colleague's cover scaled by its holder's observed share there): is 3.20, should 3.20 +
1.5482 = 4.7482 (was 3.3333 + 1.5482 = 4.8815 beside an "is" of 3.3333 that the guide
does not publish).
"""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest

from timestudy.models.should_events import should_by_events
from timestudy.schema.standards import WORKING_DAYS_PER_MONTH, standards_from_dict

PERIOD = (pd.Timestamp("2026-03-02"), pd.Timestamp("2026-03-29"))
RATE = WORKING_DAYS_PER_MONTH / 10
STD = standards_from_dict({"standards_version": 1, "name": "t", "source": "t", "case_types": {
    "CP": [{"piece": "visit", "task_types": ["statutory_visit"], "source": "t",
            "every": "10 working days"}]}})


def _models(case_weights=None):
    cm = pd.DataFrame({"case_id": ["A", "B", "C"], "case_type": "CP",
                       "worker_id": ["W1", "W2", "W3"], "opened": pd.Timestamp("2025-01-01"),
                       "closed": pd.NaT, "case_months": 1.0, "hours": [3.2, 3.2, 3.2]})
    inst = pd.DataFrame({
        "worker_id": ["W1", "W1", "W1", "W2", "W2", "W3", "W3"],
        "case_id": ["A", "A", "A", "B", "B", "C", "C"],
        "task_type": ["statutory_visit", "statutory_visit", "liaison", "statutory_visit",
                      "liaison", "statutory_visit", "liaison"],
        "diary_date": pd.to_datetime(["2026-03-03", "2026-03-16", "2026-03-04", "2026-03-05",
                                      "2026-03-06", "2026-03-09", "2026-03-10"]),
        "full_min": [120.0, 100.0, 30.0, 140.0, 60.0, 120.0, 30.0], "primary": True})
    extra = {} if case_weights is None else {"case_weights": SimpleNamespace(
        table=pd.DataFrame({"hours_per_case_month": case_weights}))}
    return SimpleNamespace(case_month=cm, instances=inst, period=PERIOD,
                           options={"n_boot": 49, "seed": 1, "level": 0.95}, **extra)


def test_should_adds_to_the_guides_figure():
    added = (RATE - 4 / 3) * 2.0
    t = should_by_events(_models(), STD, is_hours=pd.Series({"CP": 3.20})).table.loc["CP"]
    assert t["is_hours_per_case_month"] == 3.20  # was 3.3333
    assert t["added_hours"] == pytest.approx(added)  # 1.5482
    assert t["should_hours_per_case_month"] == pytest.approx(3.20 + added)  # was 4.8815
    assert t["uplift"] == pytest.approx((3.20 + added) / 3.20)
    assert t["listed_hours"] + t["unlisted_hours"] == pytest.approx(3.20 + added)
    assert t["task_uplift_hours"] == 0.0


def test_the_models_case_weights_are_the_default_and_hand_models_keep_their_pieces():
    with_cw = should_by_events(_models({"CP": 3.20}), STD).table.loc["CP"]
    assert with_cw["is_hours_per_case_month"] == 3.20
    bare = should_by_events(_models(), STD).table.loc["CP"]
    assert bare["is_hours_per_case_month"] == pytest.approx(600 / 180)


def test_nothing_added_is_an_uplift_of_exactly_one():
    """A standard below the measured rate (a visit every 20 working days: 1.054 < 1.333)
    adds nothing: should = is = 3.20 and the uplift is 1, not 1 +- 1e-16."""
    std = standards_from_dict({"standards_version": 1, "name": "t", "source": "t",
                               "case_types": {"CP": [{"piece": "visit", "source": "t",
                                                      "task_types": ["statutory_visit"],
                                                      "every": "20 working days"}]}})
    t = should_by_events(_models(), std, is_hours=pd.Series({"CP": 3.20})).table.loc["CP"]
    assert t["added_hours"] == 0.0
    assert t["should_hours_per_case_month"] == 3.20
    assert t["uplift"] == 1.0


def test_the_interval_is_about_the_guides_figure():
    """Each replicate's measured part is scaled by 3.20 / 3.3333, so the interval (three
    workers) sits about should, 4.75, as it sat about 4.88 before: each replicate lower by
    its measured part x 4% (0.13 h at the estimate)."""
    t = should_by_events(_models(), STD, is_hours=pd.Series({"CP": 3.20})).table.loc["CP"]
    old = should_by_events(_models(), STD).table.loc["CP"]
    assert not np.isnan(t["should_hours_per_case_month_ci_low"])
    assert t["should_hours_per_case_month_ci_low"] < t["should_hours_per_case_month"] \
        < t["should_hours_per_case_month_ci_high"]
    assert t["should_hours_per_case_month_ci_high"] < old["should_hours_per_case_month_ci_high"]
    assert t["should_hours_per_case_month_ci_low"] < old["should_hours_per_case_month_ci_low"]
