"""What the guide says about the case models: engines, family, intervals; case weights fitted once."""

from __future__ import annotations

import json

import pytest

import timestudy.guide.build as build
from timestudy.guide import build_guide
from timestudy.guide.deserialise import read_guide_json
from timestudy.models import fit_study


@pytest.fixture(scope="module")
def fitted(study):
    ep = study.diary.rename(columns={"true_task_type": "task_type", "true_category": "category"})
    # no test reads the pieces sensitivity (the guide's meta): not fitted
    return fit_study(ep, study.cases, study.workers, n_boot=19, sensitivity=False)


def test_meta_names_engines_family_and_variance_interval(fitted, tmp_path):
    meta = build_guide(fitted).meta
    engines = meta["engines"]
    assert engines["multipliers"] == "timestudy.stats.fit_glm"
    assert engines["between_worker_variance"] == "timestudy.stats.fit_glmm"
    assert engines["tasks.full_hours_regression"].startswith("timestudy.stats.wls_fit")
    assert meta["complexity_family"] == fitted.complexity.family == fitted.mixed.family
    assert fitted.complexity.power == fitted.mixed.power  # published to 4 significant figures
    assert meta["complexity_power"] == pytest.approx(fitted.complexity.power, rel=5e-4)
    assert meta["complexity_family_rule"] == fitted.complexity.choice.reason
    assert meta["complexity_interval"].startswith("CR2")
    assert meta["sandwich_bread"] == "expected information"
    lo, hi = meta["between_worker_variance_interval"]
    assert meta["between_worker_scale"] == "log"
    if fitted.mixed.variance["singular"]:  # at the boundary, as lme4 reports it: 0, from 0
        assert meta["between_worker_variance"] == 0 and lo == 0
    else:
        assert lo < meta["between_worker_variance"] < hi
    path = tmp_path / "guide.json"
    build_guide(fitted).to_json(path)
    raw = read_guide_json(path)  # checked against data_schema/guide.json
    assert raw["meta"]["engines"] == json.loads(json.dumps(engines))


def test_case_weights_are_not_fitted_again(fitted, monkeypatch):
    calls = []
    real = build.estimate_case_weights

    def counted(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(build, "estimate_case_weights", counted)
    guide = build_guide(fitted)
    assert not calls
    assert guide.case_types["hours_per_case_month"].to_dict() == pytest.approx(
        fitted.case_weights.table["hours_per_case_month"].to_dict())
    build_guide(fitted, met_standard_only=True)  # a subset of cases: fitted for it
    assert len(calls) == 1
