"""fit_study's forked children (the sensitivity, the case models): the same models and
the same warnings, in the same order, whether they ran in children or in this process."""

from __future__ import annotations

import warnings

import pandas as pd
import pytest

from timestudy import simulate_study
from timestudy.models import fit_study


@pytest.fixture(scope="module")
def diary():
    s = simulate_study(n_workers=12, weeks=3, seed=5)
    ep = s.diary.rename(columns={"true_task_type": "task_type", "true_category": "category"})
    return s, ep


def _fit(diary, monkeypatch, helper: str):
    s, ep = diary
    monkeypatch.setenv("TIMESTUDY_HELPER", helper)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fit = fit_study(ep, s.cases, s.workers, n_boot=9)
    return fit, [(w.category.__name__, str(w.message)) for w in caught]


def test_case_models_the_same_in_a_child(diary, monkeypatch):
    here, said_here = _fit(diary, monkeypatch, "0")
    there, said_there = _fit(diary, monkeypatch, "1")
    for name in ("complexity", "mixed"):
        a, b = getattr(here, name), getattr(there, name)
        pd.testing.assert_frame_equal(a.table, b.table, check_exact=True)
        assert a.notes == b.notes
    pd.testing.assert_frame_equal(here.case_weights.table, there.case_weights.table,
                                  check_exact=True)
    assert said_here == said_there  # every warning, in the order of fits done in turn


def test_warnings_keep_the_order_of_fits_in_turn(diary, monkeypatch):
    # the case models warn first, the fits after them next, forked or not
    import timestudy.models as models_module

    real_complexity, real_available = models_module.fit_complexity, models_module.available_time

    def complexity(*a, **k):
        warnings.warn("from the case models", UserWarning, stacklevel=1)
        return real_complexity(*a, **k)

    def available(*a, **k):
        warnings.warn("from available time", UserWarning, stacklevel=1)
        return real_available(*a, **k)

    monkeypatch.setattr(models_module, "fit_complexity", complexity)
    monkeypatch.setattr(models_module, "available_time", available)
    for helper in ("0", "1"):
        _, said = _fit(diary, monkeypatch, helper)
        mine = [m for _k, m in said if m.startswith("from ")]
        assert mine == ["from the case models", "from available time"], helper
