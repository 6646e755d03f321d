"""The mixed model is fitted the same way every time: no "failed to converge" from a flat
likelihood at the boundary, the same estimate whatever the row order (issue 16)."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

from timestudy import simulate_study
from timestudy.models import fit_mixed
from timestudy.panels import case_month, study_period


@pytest.mark.parametrize(("n", "weeks", "seed"), [(8, 1, 2), (12, 2, 1)])
def test_same_fit_no_warning(n, weeks, seed):
    # statsmodels' default BFGS "failed to converge" on both (the first is at the boundary)
    s = simulate_study(n, weeks, seed)
    ep = s.diary.rename(columns={"true_task_type": "task_type", "true_category": "category"})
    cm = case_month(ep, s.cases, period=study_period(ep), workers=s.workers)
    fits = []
    for order in (None, 1, 2):
        data = cm if order is None else cm.sample(frac=1, random_state=order)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            fits.append(fit_mixed(data))
        assert [str(w.message) for w in caught] == []
    values = [f.variance["between_worker"] for f in fits]
    np.testing.assert_allclose(values, values[0], rtol=1e-6, atol=1e-9)
    assert all(f.variance["converged"] for f in fits)
    if fits[0].variance["between_worker"] == 0:
        assert any("boundary (zero)" in n for n in fits[0].notes)
