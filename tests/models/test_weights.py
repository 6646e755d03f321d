"""Survey weights: a worker with weight 2 counts as that worker twice, in every estimator."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from timestudy import simulate_study
from timestudy.models import fit_study


@pytest.mark.filterwarnings("ignore:the mixed model ignores")
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
                    pd.concat([s.workers, twin_worker]), n_boot=9)
    wtd = fit_study(weighted, s.cases, s.workers, n_boot=9, weight="weight")
    np.testing.assert_allclose(wtd.case_weights.table["hours_per_case_month"],
                               dup.case_weights.table["hours_per_case_month"])
    np.testing.assert_allclose(wtd.case_weights.table["event_hours_per_case_month"],
                               dup.case_weights.table["event_hours_per_case_month"])
    np.testing.assert_allclose(wtd.task_times.table["direct_min"],
                               dup.task_times.table["direct_min"])
    np.testing.assert_allclose(wtd.task_times.table["full_hours"],
                               dup.task_times.table["full_hours"])
    np.testing.assert_allclose(wtd.available.table["estimate"], dup.available.table["estimate"])
    np.testing.assert_allclose(wtd.task_regression.table["estimate"],
                               dup.task_regression.table["estimate"], rtol=1e-8)
    np.testing.assert_allclose(wtd.complexity.table["multiplier"],
                               dup.complexity.table["multiplier"], rtol=1e-5)
    assert wtd.options["weight"] == "weight"


def test_mixed_model_says_it_ignores_weights():
    from timestudy.errors import EstimationWarning

    s = simulate_study(n_workers=10, weeks=2, seed=6)
    ep = s.diary.rename(columns={"true_task_type": "task_type", "true_category": "category"})
    ep["weight"] = np.where(ep["worker_id"] == "W001", 3.0, 1.0)
    with pytest.warns(EstimationWarning, match="ignores survey weights"):
        fit_study(ep, s.cases, s.workers, n_boot=9, weight="weight")
