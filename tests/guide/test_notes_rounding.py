"""The guide's notes show their figures as the workbook shows figures (fixround20).

Notes of guide.json, should.json and the report (a negative regression estimate withheld,
the share of cases that met a standard, the survey's share short of time, the uplifts
that scaled times per piece) rounded with f-strings, half to even on the binary value; they
go through the one rule of ``timestudy._lib.rounding`` now: guide.json's value, its
shortest decimal, half away from zero. Each test has a half worked by hand.
"""

from __future__ import annotations

import warnings
from dataclasses import replace
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest

from timestudy import run_study, simulate_study
from timestudy.errors import TimestudyWarning
from timestudy.guide.build import _task_table
from timestudy.guide.should_sources import _met_note, events_rows, survey_rows


@pytest.fixture(scope="module")
def run():
    s = simulate_study(n_workers=6, weeks=1, seed=3)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", TimestudyWarning)
        return run_study(s.diary, s.cases, s.workers, n_boot=19)


@pytest.fixture(scope="module")
def models(run):
    return run.models


@pytest.fixture(scope="module")
def guide(run):
    return run.guide


def test_a_negative_regression_estimate_is_said_as_shown(models):
    """A task's regression estimate -0.125 h (interval -1.125 to 0.875): withheld, and its
    record says "-0.13 h, interval -1.13 to 0.88" (half away from zero; the f-string said
    -0.12, -1.12 and 0.88)."""
    reg = models.task_regression.table.copy()
    task = models.task_times.table.index[0]  # a task the guide has
    reg.loc[task, ["estimate", "ci_low", "ci_high"]] = [-0.125, -1.125, 0.875]
    m = replace(models, task_regression=replace(models.task_regression, table=reg))
    _, notes = _task_table(m)
    why = next(n.reason for n in notes if n.key == str(task))
    assert why.startswith(
        "the regression estimate is negative (-0.13 h, interval -1.13 to 0.88)"
    ), why


def test_the_share_of_cases_that_met_a_standard_at_a_half():
    """5 of 8 cases met it: 0.625 is 62.5%, shown 63% (the f-string said 62%)."""
    assert _met_note(5 / 8, 8, 0, "") == "63% of 8 cases met the standard"


def test_the_survey_share_short_of_time_at_a_half(guide):
    """5 of 8 respondents lacked time for a task: "63% of 8 lack time" (was 62%)."""
    task = guide.tasks.index[np.isfinite(guide.tasks["full_hours"].to_numpy(float))][0]
    table = pd.DataFrame(
        {
            "uplift": [1.2],
            "uplift_ci_low": [1.1],
            "uplift_ci_high": [1.3],
            "suppressed": [False],
            "share_insufficient": [0.625],
            "n_respondents": [8],
            "review": [False],
        },
        index=[task],
    )
    rows = survey_rows(guide, SimpleNamespace(table=table, min_respondents=5))
    assert rows["note"].tolist() == ["63% of 8 lack time"]


def test_the_uplifts_that_scaled_the_times_at_a_half(guide):
    """A chosen task uplift of 1.125 scaled the times per piece: the note says 1.13 (the
    f-string said 1.12), 1.2 stays 1.20."""
    k = guide.case_types.index[0]
    ev = SimpleNamespace(
        table=pd.DataFrame(
            {
                "should_hours_per_case_month": [10.0],
                "should_hours_per_case_month_ci_low": [9.0],
                "should_hours_per_case_month_ci_high": [11.0],
            },
            index=[k],
        ),
        items=pd.DataFrame(
            {"case_type": [k], "piece": ["visit"], "pooled": [False], "should_hours": [1.0]}
        ),
    )
    rows = events_rows(
        guide,
        ev,
        SimpleNamespace(name="s", source="t"),
        "standards",
        uplifts=pd.Series({"visit": 1.125, "case_notes": 1.2}),
    )
    assert rows["note"].tolist() == [
        "times per piece scaled by the chosen task uplifts (visit 1.13, case_notes 1.20)"
    ]
