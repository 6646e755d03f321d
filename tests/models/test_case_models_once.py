"""The case models of one study build their design once (issue 18: the guide in seconds).

``fit_study`` fits the complexity GLM and the mixed model on the same case-months with
the same reference, pressure and formula: the mixed model takes the GLM's design rather
than building it again, and fits to the same numbers as when it builds its own.
"""

from __future__ import annotations

import pandas as pd
from case_data import gamma_cases

import timestudy.models.complexity as complexity_module
import timestudy.models.mixed as mixed_module
from timestudy.models import _case_models, fit_mixed
from timestudy.models.design import case_design


def test_the_study_builds_the_case_design_once(monkeypatch):
    calls = []

    def counted(*args, **kwargs):
        calls.append(kwargs)
        return case_design(*args, **kwargs)

    monkeypatch.setattr(complexity_module, "case_design", counted)
    monkeypatch.setattr(mixed_module, "case_design", counted)
    complexity, mixed = _case_models(
        gamma_cases(n_workers=12, per_worker=8, seed=3), None, False, None, 0.95
    )
    assert len(calls) == 1
    assert complexity.design is not None and mixed.kind == "glmm" and not mixed.table.empty


def test_a_design_given_fits_the_same_numbers_as_one_built():
    cm = gamma_cases(n_workers=12, per_worker=8, seed=3)
    built = fit_mixed(cm)
    given = fit_mixed(cm, design=case_design(cm))
    pd.testing.assert_frame_equal(given.table, built.table, check_exact=True)
    assert repr(given.variance) == repr(built.variance)  # to the last digit printed
    assert (given.model.coef == built.model.coef).all() and given.notes == built.notes
