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
    comparison = fit_study(ep, study.cases, study.workers, sensitivity=False, n_boot=19).compare(
        n_folds=4)
    t = comparison.table
    assert {"ratio by case type", "GLM: case type", "GLM: case type + drivers",
            "GLMM: case type + drivers", "LMM: case type + drivers"} <= set(t.index)
    assert np.isnan(t.loc["ratio by case type", "aic"])
    # Travel, children and proceedings drive time: the drivers improve the GLM.
    assert t.loc["GLM: case type + drivers", "aic"] < t.loc["GLM: case type", "aic"]
    assert t.loc["GLM: case type + drivers", "cv_mae"] < t.loc["GLM: case type", "cv_mae"]
    # The GLMM nests the GLM (same response, same family, one variance more): its likelihood is
    # at least the GLM's, so its AIC is at most 2 above it (exactly 2 at the boundary, where
    # this study's worker variance sits; recovery of the variance is tested in test_case_models).
    assert t.loc["GLMM: case type + drivers", "aic"] <= t.loc["GLM: case type + drivers", "aic"] + 2 + 1e-6
    assert (t["cv_mae"] > 0).all()
    # One design and one family for every candidate.
    fits = comparison.fits
    assert fits["GLM: case type + drivers"].power == fits["GLMM: case type + drivers"].power
    assert fits["GLM: case type"].column_names == tuple(
        c for c in comparison.design.columns if c == "intercept" or c.startswith("case_type="))
    assert comparison.family.reason in comparison.notes[1]
    axes = comparison.plot()
    assert len(axes) == 2
    assert "Model comparison" in comparison._repr_html_()
    res = comparison.residuals("GLMM: case type + drivers")
    assert len(res) == len(comparison.design.hours) and np.isfinite(res.to_numpy()).all()
