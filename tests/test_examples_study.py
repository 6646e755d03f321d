"""The example study the docstring examples share (timestudy/examples.py).

It must be the study its docstring says (``simulate_study(n_workers=8, weeks=1,
seed=2)`` run with ``n_boot=19``), computed once per seed, and a caller that changes
what it got must not change what the next caller gets.
"""

from __future__ import annotations

import pandas as pd

from timestudy import run_study, simulate_study
from timestudy.examples import _run, _study, example_run, example_study


def test_the_example_run_is_the_study_its_docstring_names():
    s = simulate_study(n_workers=8, weeks=1, seed=2)
    pd.testing.assert_frame_equal(example_study().diary, s.diary)
    pd.testing.assert_frame_equal(example_study().workers, s.workers)
    run = run_study(s.diary, s.cases, s.workers, n_boot=19)
    example = example_run()
    pd.testing.assert_frame_equal(example.guide.case_types, run.guide.case_types)
    pd.testing.assert_frame_equal(example.guide.tasks, run.guide.tasks)
    assert example.guide.meta["n_workers"] == 8


def test_computed_once_per_seed():
    example_run()
    hits, runs = _run.cache_info().hits, _run.cache_info().currsize
    example_run()
    example_study()
    assert _run.cache_info().hits == hits + 1 and _run.cache_info().currsize == runs
    assert _study.cache_info().currsize == runs  # the run's study, not simulated again


def test_a_caller_changing_what_it_got_changes_nothing_for_the_next():
    run = example_run()
    hours = run.guide.case_types["hours_per_case_month"].copy()
    run.guide.case_types.loc[:, "hours_per_case_month"] = 0.0
    run.episodes["worker_id"] = "W999"
    run.guide.meta["n_workers"] = 0
    again = example_run()
    pd.testing.assert_series_equal(again.guide.case_types["hours_per_case_month"], hours)
    assert "W999" not in set(again.episodes["worker_id"]) and again.guide.meta["n_workers"] == 8
    s = example_study()
    s.diary["worker_id"] = "W999"
    s.truth.clear()
    assert "W999" not in set(example_study().diary["worker_id"]) and example_study().truth
