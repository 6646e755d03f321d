"""Model comparison: folds of whole workers, AIC/BIC, cross-validated error, diagnostics."""

from __future__ import annotations

import numpy as np
import pandas as pd

from timestudy.models import fit_study
from timestudy.models.compare import worker_folds


def test_folds_keep_each_worker_together():
    ids = pd.Series(np.random.default_rng(0).choice([f"W{i}" for i in range(23)], 500))
    folds = worker_folds(ids, n_folds=5, seed=3)
    assert (pd.Series(folds).groupby(ids).nunique() == 1).all()
    sizes = pd.Series(folds).groupby(ids).first().value_counts()
    assert sizes.max() - sizes.min() <= 1 and len(sizes) == 5


def test_compare_models_on_a_simulated_study(study):
    ep = study.diary.rename(columns={"true_task_type": "task_type", "true_category": "category"})
    comparison = fit_study(ep, study.cases, study.workers, n_boot=19).compare(n_folds=4)
    t = comparison.table
    assert {"ratio by case type", "GLM: case type", "GLM: case type + drivers",
            "mixed: case type + drivers"} <= set(t.index)
    assert np.isnan(t.loc["ratio by case type", "aic"])
    # Travel, children and proceedings drive time: the drivers improve the GLM.
    assert t.loc["GLM: case type + drivers", "aic"] < t.loc["GLM: case type", "aic"]
    assert t.loc["GLM: case type + drivers", "cv_mae"] < t.loc["GLM: case type", "cv_mae"]
    assert (t["cv_mae"] > 0).all()
    axes = comparison.plot()
    assert len(axes) == 2
    assert "Model comparison" in comparison._repr_html_()
