"""diary_rule_bounds: the completeness rule and its two bounds bracket the truth."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from timestudy import simulate_study
from timestudy.capacity import diary_rule_bounds
from timestudy.models import fit_study

REN = {"true_task_type": "task_type", "true_category": "category"}


def _light_days(diary: pd.DataFrame, share: float, seed: int) -> tuple[pd.DataFrame, float]:
    """``share`` of worker-days made light (only their first work entry worked), and the
    hours of work taken away."""
    rng = np.random.default_rng(seed)
    day = diary["start"].dt.normalize()
    work = diary["true_category"].ne("non_work").to_numpy()
    first = diary.loc[work].groupby([diary["worker_id"], day])["start"].transform("min")
    keys = pd.MultiIndex.from_arrays([diary["worker_id"], day])
    pick = pd.Index(keys[work].unique())
    light = pick[rng.random(len(pick)) < share]
    gone = keys.isin(light) & work & (diary["start"] > first.reindex(diary.index)).to_numpy()
    return diary.loc[~gone], float(diary.loc[gone, "duration_min"].sum() / 60)


@pytest.fixture(scope="module")
def study():
    s = simulate_study(n_workers=60, weeks=4, seed=23, partial_days=0.05)
    diary, removed = _light_days(s.diary, 0.05, seed=2)
    truth = s.truth["hours_worked_per_fte_week"] - removed / s.truth["fte_weeks"]
    return diary.rename(columns=REN), s, truth


def test_the_bounds_bracket_the_truth_and_the_rule_is_fit_study(study):
    ep, s, truth = study
    b = diary_rule_bounds(ep, s.cases, s.workers)
    h = b.loc["hours_worked_per_fte_week"]
    assert h["partial_days_kept_whole"] < truth < h["short_days_left_out"]
    assert h["rule"] == pytest.approx(truth, rel=0.02)
    fit = fit_study(ep, s.cases, s.workers, n_boot=9, sensitivity=False)
    pd.testing.assert_series_equal(
        b["rule"].loc[[f"hours_per_case_month_{k}" for k in ("CIN", "CLA", "CP", "PROCEEDINGS")]],
        fit.case_weights.table["hours_per_case_month"].set_axis(
            [f"hours_per_case_month_{k}" for k in ("CIN", "CLA", "CP", "PROCEEDINGS")]
        ),
        check_names=False,
    )


def test_each_bound_sets_both_options_whatever_the_shared_diary_options(monkeypatch):
    # With use_partial=True shared, 'short days left out' must still leave the days out
    # (it kept them, and equalled the other bound); 'rule' keeps the options as given.
    import timestudy.models as models

    seen = []

    class Fit:
        available = type("A", (), {"table": pd.DataFrame({"estimate": [1.0]},
                                                         index=["hours_worked_per_fte_week"])})
        case_weights = type("C", (), {"table": pd.DataFrame({"hours_per_case_month": [1.0]},
                                                            index=["CIN"])})

    def spy(*args, diary_options=None, **kwargs):
        seen.append(dict(diary_options))
        return Fit

    monkeypatch.setattr(models, "fit_study", spy)
    diary_rule_bounds(pd.DataFrame(), pd.DataFrame(), diary_options={"use_partial": True,
                                                                    "short_below": 0.2})
    left_out, rule, kept = seen
    assert left_out["short_below"] == 0.0 and left_out["use_partial"] is False
    assert rule == {"use_partial": True, "short_below": 0.2}
    assert kept["use_partial"] is True
