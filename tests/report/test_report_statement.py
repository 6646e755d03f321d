"""Workload statements: totals equal weighted_load, only the worker's own cases, nothing more."""

from __future__ import annotations

import numpy as np
import pytest

from timestudy import TimestudyError, weighted_load, workload_statements, write_statements
from timestudy.capacity import case_hours
from timestudy.report.tables import open_caseload


@pytest.fixture(scope="module")
def caseload(sim_run):
    study, _ = sim_run
    cases = study.cases.copy()
    cases["child_name"] = "Jayden Okafor-Smith"  # a column that must never be shown
    return cases


def test_totals_equal_weighted_load(sim_run, caseload):
    study, run = sim_run
    statements = workload_statements(run.guide, caseload, study.workers, date="2026-04-01")
    # the cases open on the last day of the diary, as the capacity figures count them
    wl = weighted_load(run.guide, open_caseload(caseload, run.models.period[1]),
                       study.workers).table
    assert [s.worker_id for s in statements] == sorted(wl.index)
    for s in statements:
        row = wl.loc[s.worker_id]
        assert len(s.cases) == row["n_cases"]
        np.testing.assert_allclose(s.hours_needed_per_month, row["hours_needed_per_month"])
        np.testing.assert_allclose(s.hours_available_per_month, row["hours_available_per_month"])
        assert s.status == row["status"]
        weeks = run.guide.available.loc["working_weeks_per_year", "estimate"]
        np.testing.assert_allclose(
            s.hours_needed_per_week, row["hours_needed_per_month"] * 12 / weeks
        )


def test_multipliers_change_case_hours(sim_run, caseload):
    study, run = sim_run
    [s] = workload_statements(
        run.guide, caseload, study.workers, worker="W001", use_multipliers=True
    )
    held = open_caseload(caseload, run.models.period[1])
    want = case_hours(run.guide, held.loc[held["worker_id"] == "W001"], use_multipliers=True)
    np.testing.assert_allclose(sorted(s.cases["hours_per_month"]), sorted(want))
    assert "complexity multipliers" in s.basis


def test_statement_shows_only_the_workers_cases(sim_run, caseload, tmp_path):
    study, run = sim_run
    [s] = workload_statements(run.guide, caseload, study.workers, worker="W002", date="2026-04-01")
    paths = write_statements([s], tmp_path)["W002"]
    html = paths["html"].read_text(encoding="utf-8")
    md = paths["md"].read_text(encoding="utf-8")
    own = set(caseload.loc[caseload["worker_id"] == "W002", "case_id"])
    others = set(caseload["case_id"]) - own
    for text in (html, md):
        assert all(c in text for c in own)
        assert not any(c in text for c in others)
        assert "Jayden" not in text
        assert "2026-04-01" in text and "W002" in text
        assert "supervision" in text and "What this means" in text
        assert run.guide.meta["data_fingerprint"] in text
    assert "<script" not in html and "http" not in html.replace('content="width=device-width', "")
    assert f"status-{s.status}" in html
    assert s.cases.columns.tolist()[:2] == ["case_id", "case_type"]
    assert "child_name" not in s.cases
    assert s.cases["hours_per_month"].is_monotonic_decreasing


def test_unknown_worker_and_case_type(sim_run, caseload):
    study, run = sim_run
    with pytest.raises(TimestudyError, match="holds no case"):
        workload_statements(run.guide, caseload, worker="nobody")
    bad = caseload.assign(case_type="ADOPTION")
    with pytest.raises(TimestudyError, match="not in the guide"):
        workload_statements(run.guide, bad)
    with pytest.raises(TimestudyError, match="worker_id"):
        workload_statements(run.guide, caseload.drop(columns="worker_id"))


def test_statement_from_a_suppressed_guide(tiny_run):
    study, run = tiny_run
    statements = workload_statements(run.guide, study.cases, study.workers)
    assert {s.status for s in statements} == {"none"}
    s = statements[0]
    assert "no status" in s.to_markdown()
    assert "suppressed" in s.to_markdown()
    assert any("suppresses" in n for n in s.notes)
    assert np.isnan(s.hours_needed_per_month) and np.isnan(s.load)


def test_file_names_are_safe_and_distinct(sim_run, caseload, tmp_path):
    study, run = sim_run
    [a] = workload_statements(run.guide, caseload, worker="W001")
    b = a.__class__(**{**a.__dict__, "worker_id": "../W 001"})
    c = a.__class__(**{**a.__dict__, "worker_id": "W_001"})
    paths = write_statements([a, b, c], tmp_path)
    names = [p["html"].name for p in paths.values()]
    assert len(set(names)) == 3
    assert all(p["html"].parent == tmp_path for p in paths.values())
