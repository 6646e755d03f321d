"""The report's count of task types whose two estimates of full hours differ follows the data.

It once printed a fixed "6 of 23 task types differed" from a simulation, in every report.
"""

from __future__ import annotations

import dataclasses
import re

import pandas as pd

from timestudy.report import build_report
from timestudy.report.content import disagreement_sentence


def _task_text(guide) -> str:
    blocks = build_report(guide).section("tasks").blocks
    return " ".join(b.text for b in blocks if b.kind == "text")


def _count(text: str) -> tuple[int, int]:
    m = re.search(r"differ for (\d+) of the (\d+) task types with both", text)
    assert m, text
    return int(m.group(1)), int(m.group(2))


def test_sentence_counts_the_guides_own_flags(sim_run):
    _, run = sim_run
    guide = run.guide
    flags = guide.tasks["estimates_disagree"].dropna().astype(bool)
    assert len(flags) >= 5  # enough task types with both estimates to count
    text = _task_text(guide)
    assert "simulated study" not in text and "6 of 23" not in text
    if flags.any():
        assert _count(text) == (int(flags.sum()), len(flags))
    else:
        assert f"agree for all {len(flags)} task types" in text


def test_sentence_changes_when_the_flags_change(sim_run):
    _, run = sim_run
    guide = run.guide
    tasks = guide.tasks.copy()
    both = tasks.index[tasks["estimates_disagree"].notna()]
    tasks["estimates_disagree"] = tasks["estimates_disagree"].astype(object)
    tasks.loc[both, "estimates_disagree"] = False
    tasks.loc[both[:3], "estimates_disagree"] = True
    three = dataclasses.replace(guide, tasks=tasks)
    text = _task_text(three)
    assert _count(text) == (3, len(both))
    for task in both[:3]:
        assert guide.meta["labels"]["task_types"].get(task, task) in text
    tasks.loc[both, "estimates_disagree"] = False
    assert f"agree for all {len(both)} task types with both" in disagreement_sentence(
        dataclasses.replace(guide, tasks=tasks)
    )


def test_tasks_with_one_estimate_or_withheld_are_not_counted(sim_run):
    _, run = sim_run
    tasks = run.guide.tasks.assign(
        estimates_disagree=pd.Series(
            [True] + [None] * (len(run.guide.tasks) - 1), index=run.guide.tasks.index, dtype=object
        )
    )
    text = disagreement_sentence(dataclasses.replace(run.guide, tasks=tasks))
    assert "differ for 1 of the 1 task types with both" in text
    none = run.guide.tasks.assign(estimates_disagree=None)
    assert "no task type had both estimates" in disagreement_sentence(
        dataclasses.replace(run.guide, tasks=none)
    )
