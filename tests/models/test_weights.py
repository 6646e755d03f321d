"""Survey weights: a worker with weight 2 counts as that worker twice, in every estimator."""

from __future__ import annotations

import numpy as np
import pandas as pd

from timestudy import simulate_study
from timestudy.models import fit_study
from timestudy.models.tasks import regress_full_hours


def test_weight_two_equals_a_duplicated_worker():
    s = simulate_study(n_workers=12, weeks=2, seed=5)
    ep = s.diary.rename(columns={"true_task_type": "task_type", "true_category": "category"})
    heavy = "W003"
    weighted = ep.assign(weight=np.where(ep["worker_id"] == heavy, 2.0, 1.0))
    # The duplicate: the same worker's episodes and cases again under new ids.
    twin_ep = ep[ep["worker_id"] == heavy].assign(
        worker_id="W999", case_id=lambda d: d["case_id"].str.replace("C", "D", regex=False))
    twin_cases = s.cases[s.cases["worker_id"] == heavy].assign(
        worker_id="W999", case_id=lambda d: d["case_id"].str.replace("C", "D", regex=False))
    twin_worker = s.workers[s.workers["worker_id"] == heavy].assign(worker_id="W999")
    dup = fit_study(pd.concat([ep, twin_ep]), pd.concat([s.cases, twin_cases]),
                    pd.concat([s.workers, twin_worker]), sensitivity=False, n_boot=9)
    wtd = fit_study(weighted, s.cases, s.workers, sensitivity=False, n_boot=9, weight="weight")
    np.testing.assert_allclose(wtd.case_weights.table["hours_per_case_month"],
                               dup.case_weights.table["hours_per_case_month"])
    np.testing.assert_allclose(wtd.case_weights.table["event_hours_per_case_month"],
                               dup.case_weights.table["event_hours_per_case_month"])
    np.testing.assert_allclose(wtd.task_times.table["direct_min"],
                               dup.task_times.table["direct_min"])
    np.testing.assert_allclose(wtd.task_times.table["full_hours"],
                               dup.task_times.table["full_hours"])
    np.testing.assert_allclose(wtd.available.table["estimate"], dup.available.table["estimate"])
    # the regression pools rare tasks by the pieces recorded (the duplicate records more):
    # with the same terms (none pooled), its estimates are the duplicate's too
    np.testing.assert_allclose(regress_full_hours(wtd.worker_week, min_pieces=0).table["estimate"],
                               regress_full_hours(dup.worker_week, min_pieces=0).table["estimate"],
                               rtol=1e-8)
    np.testing.assert_allclose(wtd.complexity.table["multiplier"],
                               dup.complexity.table["multiplier"], rtol=1e-5)
    assert wtd.options["weight"] == "weight"


def test_mixed_model_honours_weights_and_says_how():
    """Weights multiply each case-month's log-likelihood in the GLMM: a worker of weight 2
    moves the fixed effects towards the study with that worker twice (not onto it: the
    duplicate is a second worker with a random effect of its own)."""
    from timestudy.models import fit_mixed
    from timestudy.panels import case_month

    s = simulate_study(n_workers=16, weeks=4, seed=6)  # workers differ detectably here
    ep = s.diary.rename(columns={"true_task_type": "task_type", "true_category": "category"})
    heavy = "W001"
    cm = case_month(ep, s.cases, workers=s.workers)
    plain = fit_mixed(cm, family="tweedie", power=1.3)
    weighted = fit_mixed(cm.assign(weight=np.where(cm["worker_id"] == heavy, 2.0, 1.0)),
                         family="tweedie", power=1.3)
    twin = cm[cm["worker_id"] == heavy].assign(worker_id="W999")
    dup = fit_mixed(pd.concat([cm, twin]), family="tweedie", power=1.3)
    assert not weighted.variance["singular"]
    assert any("Survey weights" in n for n in weighted.notes)
    assert not any("Survey weights" in n for n in plain.notes)
    b = {k: np.log(m.table["multiplier"]) for k, m in
         (("plain", plain), ("weighted", weighted), ("dup", dup))}
    assert np.abs(b["weighted"] - b["dup"]).sum() < np.abs(b["plain"] - b["dup"]).sum()
