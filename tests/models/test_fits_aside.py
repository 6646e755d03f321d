"""fit_study's fits set aside for a forked child (the sensitivity and the task times:
stats/background.py) give what they give done here, in one process, and their warnings and
errors come where they come done here."""

from __future__ import annotations

import os
import warnings

import pandas as pd
import pytest

import timestudy.models as models_module
from timestudy import simulate_study
from timestudy.errors import EstimationWarning, TimestudyError
from timestudy.models import fit_study


@pytest.fixture(scope="module")
def diary():
    s = simulate_study(n_workers=10, weeks=2, seed=7)
    ep = s.diary.rename(columns={"true_task_type": "task_type", "true_category": "category"})
    return s, ep


def _tables(fit) -> dict:
    return {"task_times": fit.task_times.table, "task_regression": fit.task_regression.table,
            "available": fit.available.table, "sensitivity": fit.sensitivity,
            "case_weights": fit.case_weights.table, "worker_week": fit.worker_week,
            "complexity": fit.complexity.table, "mixed": fit.mixed.table}


def test_the_same_with_a_child_or_without(diary, monkeypatch):
    s, ep = diary
    fits = {}
    for helper in ("1", "0"):
        monkeypatch.setenv("TIMESTUDY_HELPER", helper)
        fits[helper] = fit_study(ep, s.cases, s.workers, n_boot=19)
    here, child = _tables(fits["0"]), _tables(fits["1"])
    for name, table in here.items():
        pd.testing.assert_frame_equal(child[name], table, check_exact=True, obj=name)
    assert fits["1"].available.assumptions == fits["0"].available.assumptions


def _noisy(monkeypatch, name: str):
    """``timestudy.models.<name>`` warning its name (in the child too: it is forked after)."""
    real = getattr(models_module, name)

    def noisy(*a, **k):
        warnings.warn(f"from {name}", EstimationWarning, stacklevel=2)
        return real(*a, **k)

    monkeypatch.setattr(models_module, name, noisy)


@pytest.mark.parametrize("helper", ["1", "0"])
def test_warnings_in_the_order_of_the_fits(diary, monkeypatch, helper):
    # the order fit_study takes them in: the case models, task times, regression, case
    # weights, hours available, then the sensitivity, child or not
    s, ep = diary
    monkeypatch.setenv("TIMESTUDY_HELPER", helper)
    for name in ("fit_mixed", "estimate_task_times", "regress_full_hours",
                 "estimate_case_weights", "available_time", "pieces_sensitivity"):
        _noisy(monkeypatch, name)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fit_study(ep, s.cases, s.workers, n_boot=9)
    ours = [str(w.message) for w in caught if str(w.message).startswith("from ")]
    assert ours == ["from fit_mixed", "from estimate_task_times", "from regress_full_hours",
                    "from estimate_case_weights", "from available_time",
                    "from pieces_sensitivity"]


@pytest.mark.parametrize("helper", ["1", "0"])
def test_an_error_of_a_fit_set_aside_is_raised(diary, monkeypatch, helper):
    s, ep = diary
    monkeypatch.setenv("TIMESTUDY_HELPER", helper)
    parent = os.getpid()

    def fails(*a, **k):
        raise TimestudyError(f"no task times ({'here' if os.getpid() == parent else 'child'})")

    monkeypatch.setattr(models_module, "estimate_task_times", fails)
    with pytest.raises(TimestudyError, match="no task times") as err:
        fit_study(ep, s.cases, s.workers, n_boot=9)
    assert ("child" in str(err.value)) == (helper == "1")  # raised from the child's work


def test_the_child_is_forked_before_the_worker_weeks_which_this_process_fits_from(
        diary, monkeypatch):
    """The child took the sensitivity (0.3 s of processor time at 120 workers), the task
    times (0.06 s), the task regression and the hours available (0.02 s each) and was forked
    once the worker-weeks (0.06 s) were built, while this process built the case-months
    (0.06 s) and fitted the case models (0.17 s): about 0.4 s against 0.23 s, this process
    waiting for the rest. Now the child is forked first and takes the sensitivity and the
    task times (0.34 s), and this process the worker-weeks, the case-months, the case models,
    the task regression and the hours available (0.33 s)."""
    s, ep = diary
    monkeypatch.setenv("TIMESTUDY_HELPER", "1")
    parent, here = os.getpid(), []  # what this process did, in order (the child's: its own)
    from timestudy.stats import background

    def noted(module, name):
        real = getattr(module, name)

        def run(*a, **k):
            if os.getpid() == parent:
                here.append(name)
            return real(*a, **k)

        monkeypatch.setattr(module, name, run)

    for name in ("worker_week", "regress_full_hours", "available_time", "estimate_task_times",
                 "pieces_sensitivity"):
        noted(models_module, name)
    noted(background, "start")
    fit = fit_study(ep, s.cases, s.workers, n_boot=9)
    assert here == ["start", "worker_week", "regress_full_hours", "available_time"]
    assert fit.sensitivity is not None and not fit.task_times.table.empty


def test_a_fit_not_estimable_warns_from_the_same_place_child_or_not(diary, monkeypatch):
    """The task regression's "not estimable" warning (``_or_unavailable``, two frames up)
    came from ``stats/background.py`` when a child fitted it and from ``fit_study``'s module
    otherwise (review18): a ``module=`` filter saw one and not the other. Now from
    ``timestudy/models/__init__.py`` either way, on the same line."""
    s, ep = diary

    def singular(*a, **k):
        raise ValueError("singular")

    monkeypatch.setattr(models_module, "regress_full_hours", singular)
    where = {}
    for helper in ("1", "0"):
        monkeypatch.setenv("TIMESTUDY_HELPER", helper)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            fit = fit_study(ep, s.cases, s.workers, n_boot=9)
        assert fit.task_regression.table.empty
        places = {(w.filename, w.lineno) for w in caught
                  if "not estimable" in str(w.message) and w.category is EstimationWarning}
        assert len(places) == 1, places
        where[helper] = places.pop()
    assert where["1"] == where["0"]
    assert where["1"][0] == models_module.__file__


def test_a_module_filter_applies_to_a_warning_of_work_done_by_a_child(diary, monkeypatch):
    s, ep = diary

    def singular(*a, **k):
        raise ValueError("singular")

    monkeypatch.setattr(models_module, "regress_full_hours", singular)
    monkeypatch.setenv("TIMESTUDY_HELPER", "1")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        warnings.filterwarnings("ignore", "not estimable", EstimationWarning,
                                module="timestudy.models")
        fit_study(ep, s.cases, s.workers, n_boot=9)
    assert not [w for w in caught if "not estimable" in str(w.message)]


def test_the_coded_diary_is_let_go_once_the_child_has_it(diary, monkeypatch):
    """With a child working out the sensitivity, ``fit_study`` kept the coded diary alive
    through the case-months and the case models (about 18 MB at 114,501 rows, review18)."""
    import gc
    import weakref

    s, ep = diary
    monkeypatch.setenv("TIMESTUDY_HELPER", "1")
    coded, alive = [], []
    real_code, real_case_month = models_module.code_diary, models_module.case_month

    def code(*a, **k):
        out = real_code(*a, **k)
        coded.append(weakref.ref(out))
        return out

    def months(*a, **k):
        gc.collect()
        alive.append(coded[-1]() is not None)
        return real_case_month(*a, **k)

    monkeypatch.setattr(models_module, "code_diary", code)
    monkeypatch.setattr(models_module, "case_month", months)
    fit_study(ep, s.cases, s.workers, n_boot=9)
    assert alive == [False]


def test_each_model_not_estimable_is_named(diary, monkeypatch):
    """audit29: "not estimable from these data (TimestudyError)" was said once in a run where
    both case models failed (two equal messages shown as one), naming neither. Each failing
    model is now named, so the analyst knows which figures are missing."""
    s, ep = diary

    def singular(*a, **k):
        raise ValueError("singular")

    for name in ("fit_complexity", "fit_mixed", "regress_full_hours"):
        monkeypatch.setattr(models_module, name, singular)
    monkeypatch.setenv("TIMESTUDY_HELPER", "0")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fit_study(ep, s.cases, s.workers, n_boot=9)
    said = sorted(str(w.message).split(" (ValueError)")[0] for w in caught
                  if str(w.message).startswith("not estimable"))
    assert said == [
        "not estimable from these data: the complexity model (multipliers of hours per "
        "case-month)",
        "not estimable from these data: the mixed model (how much workers differ)",
        "not estimable from these data: the task regression (the cross-check of full hours "
        "per piece of work)",
    ]
