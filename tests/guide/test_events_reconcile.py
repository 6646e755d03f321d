"""Should by events adds up when a task uplift is chosen too (audit23s, finding 8).

The audit's CIN row: measured 5.41 h a case-month, added_hours 2.18, should 7.75; 5.41 +
2.18 = 7.59, 0.16 short: the Delphi uplift on statutory visits (1.07) lengthens the visits
already done, a part no column showed. Now ``task_uplift_hours`` is that part: 5.41 + 2.18
+ 0.16 = 7.75 (CP: 11.17 + 6.51 + 0.23 = 17.91), and it is 0 without task uplifts.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

from timestudy import simulate_study
from timestudy.guide import build_guide
from timestudy.guide.should_sources import events_from_guide
from timestudy.models import fit_study
from timestudy.models.should_events import should_by_events
from timestudy.schema.standards import read_standards

UP = pd.Series({"statutory_visit": 1.2})


@pytest.fixture(scope="module")
def models():
    sim = simulate_study(n_workers=12, weeks=4, seed=3)
    ep = sim.diary.rename(columns={"true_task_type": "task_type",
                                   "true_category": "category"})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return fit_study(ep, sim.cases, sim.workers, n_boot=19, sensitivity=False)


def _adds_up(t):
    """The parts add up to should, and the task uplift's part is bounded on its own: a 20%
    longer statutory visit adds at most 20% of the measured hours of the case type (all of
    them visits), never less than 0 (review23c: the sum alone holds by the column's
    definition, should - is - added, and could not fail)."""
    parts = t["is_hours_per_case_month"] + t["added_hours"] + t["task_uplift_hours"]
    ok = t["should_hours_per_case_month"].notna()
    assert ok.any()
    assert np.allclose(parts[ok], t.loc[ok, "should_hours_per_case_month"])
    up = t.loc[ok, "task_uplift_hours"]
    assert (up >= -1e-9).all()
    assert (up <= 0.2 * t.loc[ok, "is_hours_per_case_month"] + 1e-9).all()


def test_is_plus_added_plus_task_uplift_is_should(models):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        plain = should_by_events(models, read_standards()).table
        up = should_by_events(models, read_standards(), task_uplifts=UP).table
    assert np.allclose(plain["task_uplift_hours"], 0.0)
    _adds_up(plain)
    _adds_up(up)
    # visits take 20% longer: a part of should beside the shortfall, above 0 wherever
    # statutory visits were done
    assert (up["task_uplift_hours"] > 0).any()


def test_from_the_guide_alone_too(models):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        g = build_guide(models)
        _adds_up(events_from_guide(g, read_standards()).table)
        t = events_from_guide(g, read_standards(), UP).table
    _adds_up(t)
    assert (t["task_uplift_hours"] > 0).any()
