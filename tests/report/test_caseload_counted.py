"""A caseload given to the guide counts only its cases open on the caseload's day.

The audit found ``timestudy guide --caseload`` counting every row of the caseload, closed
cases included, while the workload statements count the cases open on the last diary day.
The six-worker study of the audit (tests/report/conftest.py ``six_run``) has 3 cases closed by
its last day and one opened after it.
"""

from __future__ import annotations

import warnings

import pandas as pd
import pytest

from timestudy import run_study
from timestudy.errors import ConfigError, TimestudyWarning
from timestudy.report import render_markdown
from timestudy.report.outputs import caseload_for
from timestudy.report.tables import case_state, counted_caseload


@pytest.fixture(scope="module")
def given_run(six_run):
    """The six study run again with its own cases given as the caseload, as of the day after
    the diary (so the case opened that day counts and the closed ones do not)."""
    s, run = six_run
    day = pd.Timestamp(run.models.period[1]) + pd.Timedelta(days=1)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", TimestudyWarning)
        again = run_study(s.diary, s.cases, s.workers, n_boot=19, caseload=s.cases,
                          as_of=f"{day:%Y-%m-%d}")
    return s, again, day


def test_the_study_cases_left_out_are_named(six_run):
    s, run = six_run
    last = pd.Timestamp(run.models.period[1])
    state = case_state(run.cases, last)
    n_open = int((state == "open").sum())
    where = run.guide.meta["headline"]["caseload"]
    assert where.startswith(f"the {n_open} cases open on {last:%Y-%m-%d}")
    assert "3 closed by then and 1 opened after it not counted" in where


def test_a_given_caseload_counts_only_its_open_cases(six_run):
    s, run = six_run
    last = pd.Timestamp(run.models.period[1])
    held, where = counted_caseload(run.cases, None, last, "the last day of the diary")
    assert len(held) == int((case_state(run.cases, last) == "open").sum()) == len(run.cases) - 4
    assert not set(held["case_id"]) & set(
        run.cases.loc[case_state(run.cases, last) != "open", "case_id"])
    assert where.startswith("the caseload given: the ")


def test_as_of_counts_the_cases_of_that_day(given_run):
    s, run, day = given_run
    assert run.guide.meta["caseload_as_of"] == f"{day:%Y-%m-%d}"
    state = case_state(run.cases, day)
    n_open = int((state == "open").sum())
    where = run.guide.meta["headline"]["caseload"]
    assert where.startswith(f"the caseload given: the {n_open} cases open on {day:%Y-%m-%d}")
    assert "opened after it" not in where  # the case opened that day counts
    # the workbook's calculator and the report's capacity section count the same cases
    counted, words = caseload_for(run.guide, run, run.cases)
    assert words.startswith(f"the caseload given: the {n_open} cases open on {day:%Y-%m-%d}")
    assert sorted(counted["case_id"]) == sorted(run.cases.loc[state == "open", "case_id"])
    text = render_markdown(run, caseload=run.cases)
    assert f"the {n_open} cases open on {day:%Y-%m-%d}" in text


def test_the_headline_costs_exactly_the_open_cases(six_run, given_run):
    for run, day in ((six_run[1], pd.Timestamp(six_run[1].models.period[1])),
                     (given_run[1], given_run[2])):
        h = run.guide.meta["headline"]
        n_open = int((case_state(run.cases, day) == "open").sum())
        assert h["n_cases"] + h["cases_left_out"] == n_open
    # the day after the diary: the case opened then counts, the closed ones still do not
    assert (given_run[1].guide.meta["headline"]["n_cases"]
            + given_run[1].guide.meta["headline"]["cases_left_out"]
            == six_run[1].guide.meta["headline"]["n_cases"]
            + six_run[1].guide.meta["headline"]["cases_left_out"] + 1)


def test_a_caseload_with_no_open_case_is_refused(six_run):
    _, run = six_run
    closed = run.cases.assign(closed=pd.Timestamp("2020-01-01"), opened=pd.Timestamp("2019-01-01"))
    with pytest.raises(ConfigError, match=r"no case of the caseload given is open on .*--as-of"):
        counted_caseload(closed, None, pd.Timestamp("2026-03-27"), "the last day of the diary")


def test_a_caseload_without_dates_is_not_said_to_be_checked(six_run):
    """Review of the stop: a caseload with no opened or closed columns was described as 'the
    N cases open on <day>', as if its dates had been checked (the statements already said
    they could not be)."""
    _, run = six_run
    bare = run.cases[["case_id", "case_type", "worker_id"]]
    held, where = counted_caseload(bare, None, pd.Timestamp("2026-03-27"), "the last day")
    assert len(held) == len(bare)
    assert "open on" not in where and "no opened or closed dates" in where
