"""Workload statements count the cases open on a day, as the guide's capacity figures do.

At 7652f0a `timestudy workload` put every case of the caseload on the statements, closed
ones too (the audit's sim12: W002 17 cases against 14 in the calculator, W006 amber ->
red, 10 red / 1 amber / 1 green against the guide's 9 / 2 / 1). A case now counts when it
is open on the last day of the guide's diary (opened by then, not closed by then), or on
the day given with ``as_of`` / ``--as-of``; the statement says which day.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from timestudy import weighted_load, workload_statements
from timestudy.cli import main
from timestudy.errors import ConfigError
from timestudy.report.tables import case_state, open_caseload

# six_run (tests/report/conftest.py): the audit's sim6 (6 workers, 4 weeks, seed 1): 4 cases
# closed in the diary, one opened the day after it, PROCEEDINGS suppressed (3 workers).


def _last_day(run) -> pd.Timestamp:
    return pd.Timestamp(run.models.period[1])


def test_the_study_has_cases_that_are_not_open(six_run):
    s, run = six_run
    state = case_state(s.cases, _last_day(run)).value_counts()
    assert state["closed"] >= 3 and state["not_opened"] >= 1


def test_statements_hold_only_the_open_cases(six_run):
    s, run = six_run
    statements = workload_statements(run.guide, s.cases, s.workers, date="2026-04-01")
    held = open_caseload(s.cases, _last_day(run))
    shown = {c for st in statements for c in st.cases["case_id"]}
    assert shown == set(held["case_id"])
    gone = set(s.cases["case_id"]) - set(held["case_id"])
    assert gone and not any(c in st.to_markdown() for st in statements for c in gone)
    wl = weighted_load(run.guide, held, s.workers, on_suppressed="nan").table
    for st in statements:
        row = wl.loc[st.worker_id]
        assert len(st.cases) == row["n_cases"]
        floor = st.cases["hours_per_month"].sum() / row["hours_available_per_month"]
        np.testing.assert_allclose(
            st.load, floor if st.at_least or st.figures_at_least else row["load"])
        assert st.as_of == f"{_last_day(run):%Y-%m-%d}"


def test_counts_agree_with_the_guide_headline(six_run):
    """The headline (capacity) counts the cases open on the last day with published hours."""
    s, run = six_run
    statements = workload_statements(run.guide, s.cases, s.workers)
    published = set(run.guide.hours_per_case_month().dropna().index)
    n = sum(int(st.cases["case_type"].isin(published).sum()) for st in statements)
    assert n == run.guide.meta["headline"]["n_cases"]


def test_the_statement_says_which_day_and_what_was_left_out(six_run):
    s, run = six_run
    day = f"{_last_day(run):%Y-%m-%d}"
    statements = workload_statements(run.guide, s.cases, s.workers)
    for st in statements:
        text = st.to_markdown()
        assert f"cases open on {day}" in text and "the last day of the study's diary" in text
        assert f"cases open on {day}" in st.to_html()
    closed = case_state(s.cases, _last_day(run)) == "closed"
    owners = set(s.cases.loc[closed, "worker_id"])
    noted = {st.worker_id for st in statements if any(f"closed by {day}" in n for n in st.notes)}
    assert noted == owners


def test_as_of_counts_the_cases_open_on_that_day(six_run):
    s, run = six_run
    later = _last_day(run) + pd.Timedelta(days=5)
    statements = workload_statements(run.guide, s.cases, s.workers, as_of=later.date())
    held = open_caseload(s.cases, later)
    assert {c for st in statements for c in st.cases["case_id"]} == set(held["case_id"])
    assert (s.cases["opened"] > _last_day(run)).any()  # the new case is counted now
    assert all(st.as_of == f"{later:%Y-%m-%d}" and "the day asked for" in st.basis
               for st in statements)
    with pytest.raises(ConfigError, match="not a date"):
        workload_statements(run.guide, s.cases, as_of="27/03/2026")
    with pytest.raises(ConfigError, match="no case of worker 'W001' is open on 2020-01-01"):
        workload_statements(run.guide, s.cases, worker="W001", as_of="2020-01-01")


def test_the_command_counts_open_cases_and_takes_as_of(six_run, tmp_path, capsys):
    s, run = six_run
    paths = s.write(tmp_path / "study")
    guide = tmp_path / "guide.json"
    run.guide.to_json(guide)
    base = ["workload", "--guide", str(guide), "--caseload", str(paths["cases"]),
            "--workers", str(paths["workers"]), "--date", "2026-04-01"]
    assert main([*base, "--out", str(tmp_path / "a")]) == 0
    out = capsys.readouterr().out
    day = f"{_last_day(run):%Y-%m-%d}"
    state = case_state(s.cases, _last_day(run)).value_counts()
    assert f"cases open on {day}: {state['open']} counted" in out
    assert f"{state['closed']} closed by {day} not counted" in out and "--as-of" in out
    held = open_caseload(s.cases, _last_day(run))
    w = held["worker_id"].iloc[0]
    md = (tmp_path / "a" / f"statement_{w}.md").read_text()
    assert f"| cases open on {day} | {int((held['worker_id'] == w).sum())} |" in md
    assert main([*base, "--out", str(tmp_path / "b"), "--as-of", "2026-04-30"]) == 0
    assert "cases open on 2026-04-30" in capsys.readouterr().out
    with pytest.raises(SystemExit, match="2"):
        main([*base, "--out", str(tmp_path / "c"), "--as-of", "30/04/2026"])
