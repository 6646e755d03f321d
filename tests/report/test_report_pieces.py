"""The report on pieces of work: wording, completeness, sensitivity and definitions."""

from __future__ import annotations

import pytest

from timestudy.guide import build_guide
from timestudy.models import fit_study
from timestudy.report import build_report
from timestudy.report.markdown import render_markdown


@pytest.fixture(scope="module")
def report(study):
    ep = study.diary.rename(columns={"true_task_type": "task_type", "true_category": "category"})
    return build_report(build_guide(fit_study(ep, study.cases, study.workers, n_boot=29)))


def test_time_per_piece_of_work_with_sittings(report):
    s = report.section("tasks")
    assert s.title == "Time per piece of work"
    table = next(b for b in s.blocks if b.kind == "table").frame.set_index("task")
    assert {"sittings per piece", "pieces of work", "two estimates"} <= set(table.columns)
    assert float(table.loc["Court statement", "sittings per piece"]) > 2
    assert "instances" not in table.columns


def test_definitions_and_completeness_sections(report):
    d = report.section("definitions")
    tables = [b for b in d.blocks if b.kind == "table"]
    assert tables and "window: same day only" in tables[0].frame.columns
    assert len([b for b in d.blocks if b.kind == "figure"]) == 2
    c = report.section("diary")
    weeks = next(b for b in c.blocks if b.kind == "table").frame
    assert len(weeks) == 4 and "missing" in weeks.columns
    method = [b.text for b in report.section("method").blocks if b.kind == "heading"]
    assert {"Pieces of work", "Pieces cut by the diary's edges",
            "How complete the diaries were"} <= set(method)


def test_markdown_says_piece_of_work(report):
    text = render_markdown(report)
    assert "piece of work" in text and "per instance" not in text
