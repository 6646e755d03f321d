"""Result objects display well in a notebook: HTML with a table and no script, a DataFrame summary.

Jupyter shows an object through ``_repr_html_``; a researcher computes with
``summary()``. Every result a notebook displays is checked here on one small
simulated study, and the objects that quote workers' own words are checked with
a description that tries to inject a script.
"""

from __future__ import annotations

import re
import warnings

import matplotlib.axes
import numpy as np
import pandas as pd
import pytest

from timestudy import agreement, categorise, coverage, read_diary, simulate_study
from timestudy.capacity import (
    case_mix_scenario,
    staffing,
    support_staff_scenario,
    weighted_load,
)
from timestudy.capacity.calibration import calibrate
from timestudy.guide import build_guide
from timestudy.models import fit_study
from timestudy.pipeline import run_study

HOSTILE = "<script>alert(1)</script>"


@pytest.fixture(scope="module")
def study():
    return simulate_study(n_workers=12, weeks=2, seed=3)


@pytest.fixture(scope="module")
def run(study):
    return run_study(study.diary, study.cases, study.workers, n_boot=49, seed=1)


@pytest.fixture(scope="module")
def objects(study, run):
    """Every displayable result, by name."""
    models = run.models
    guide = run.guide
    episodes = run.episodes.assign(manual_task_type=study.diary["true_task_type"].to_numpy())
    open_cases = study.cases.loc[study.cases["closed"].isna()]
    local = simulate_study(n_workers=6, weeks=2, seed=4)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        local_models = fit_study(categorise(local.diary), local.cases, local.workers, n_boot=49)
    mix = open_cases["case_type"].value_counts().to_dict()
    return {
        "SimulatedStudy": study,
        "IngestResult": run.ingest,
        "IngestReport": run.ingest.report,
        "CategoriseReport": run.coverage,
        "Agreement": agreement(episodes),
        "TaskTimes": models.task_times,
        "TaskRegression": models.task_regression,
        "CaseWeights": models.case_weights,
        "ComplexityModel": models.complexity,
        "MixedModel": models.mixed,
        "AvailableTime": models.available,
        "ModelComparison": models.compare(),
        "StudyModels": models,
        "TimeGuide": guide,
        "StudyRun": run,
        "WeightedLoad": weighted_load(guide, open_cases, study.workers),
        "staffing": staffing(guide, open_cases, study.workers),
        "support_staff_scenario": support_staff_scenario(guide, ["payments", "email_admin"]),
        "case_mix_scenario": case_mix_scenario(guide, mix, {**mix, "CP": mix.get("CP", 0) + 5}),
        "Calibration": calibrate(guide, build_guide(local_models, min_workers=1)),
    }


NAMES = [
    "SimulatedStudy",
    "IngestResult",
    "IngestReport",
    "CategoriseReport",
    "Agreement",
    "TaskTimes",
    "TaskRegression",
    "CaseWeights",
    "ComplexityModel",
    "MixedModel",
    "AvailableTime",
    "ModelComparison",
    "StudyModels",
    "TimeGuide",
    "StudyRun",
    "WeightedLoad",
    "staffing",
    "support_staff_scenario",
    "case_mix_scenario",
    "Calibration",
]
PLOTTED = [
    "CategoriseReport",
    "Agreement",
    "TaskTimes",
    "TaskRegression",
    "CaseWeights",
    "ComplexityModel",
    "MixedModel",
    "ModelComparison",
    "TimeGuide",
    "WeightedLoad",
    "Calibration",
]


def _check_html(html: str, name: str) -> None:
    assert isinstance(html, str) and html.strip(), f"{name}: empty HTML"
    assert "<table" in html, f"{name}: no table in the HTML"
    assert not re.search(r"<\s*script", html, re.IGNORECASE), f"{name}: HTML holds a script"


@pytest.mark.parametrize("name", NAMES)
def test_html_has_a_table_and_no_script(objects, name):
    _check_html(objects[name]._repr_html_(), name)


@pytest.mark.parametrize("name", NAMES)
def test_text_repr_is_short(objects, name):
    text = repr(objects[name])
    assert text.strip()
    if name != "SimulatedStudy":  # a dataclass repr; the notebook shows its HTML
        assert len(text.splitlines()) < 120, f"{name}: repr of {len(text.splitlines())} lines"


@pytest.mark.parametrize("name", NAMES)
def test_summary_is_a_dataframe(objects, name):
    obj = objects[name]
    if not hasattr(obj, "summary"):
        pytest.skip(f"{name} has no summary()")
    summary = obj.summary()
    assert isinstance(summary, pd.DataFrame), f"{name}.summary() is a {type(summary).__name__}"
    assert len(summary) > 0


@pytest.mark.parametrize("name", PLOTTED)
def test_plot_returns_axes(objects, name):
    out = objects[name].plot()
    axes = np.atleast_1d(out)
    assert all(isinstance(ax, matplotlib.axes.Axes) for ax in axes), f"{name}.plot() -> {out!r}"


def test_workers_words_are_escaped(study):
    """A description holding markup shows as text, in the rejects and in the coverage report."""
    diary = study.diary.copy()
    diary["activity"] = diary["activity"].astype(object)
    diary.loc[diary.index[:5], "activity"] = HOSTILE
    diary.loc[diary.index[:5], "activity_code"] = pd.NA
    diary.loc[diary.index[0], "end"] = diary.loc[diary.index[0], "start"] - pd.Timedelta("1h")
    result = read_diary(diary, warn=False)
    assert len(result.rejects) and (result.rejects["activity"] == HOSTILE).any()
    report = coverage(result.episodes)
    assert (report.uncategorised["activity"] == HOSTILE).any()
    for name, obj in (("IngestResult", result), ("CategoriseReport", report)):
        html = obj._repr_html_()
        _check_html(html, name)
        assert "&lt;script&gt;" in html, f"{name}: the description is not shown escaped"
