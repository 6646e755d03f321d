"""Diary completeness by worker: an internal table from the panels' own classification.

The guide and the report publish completeness by week and as a distribution over
unnamed workers; the table that names workers (whose diaries to chase) is written only
to an internal folder, outside the published outputs.
"""

from __future__ import annotations

import json
import re

import pandas as pd
import pytest

from timestudy.panels import diary_completeness
from timestudy.panels.observed_days import completeness_by, observed_share
from timestudy.report import completeness_by_worker, write_internal
from timestudy.report.internal import BY_WORKER_COLUMNS


def _diary() -> pd.DataFrame:
    """W1: Mon 2 to Fri 6 March, usual 8 h; Tue 2 h (partial), Wed 1 h (short), Thu none
    (missing) and Fri annual leave (absent), plus 3 h on Saturday (extra). W2: 7 h each day."""
    rows = [
        ("W1", "2026-03-02 09:00", 480, "visit", "direct"),
        ("W1", "2026-03-03 09:00", 120, "visit", "direct"),
        ("W1", "2026-03-04 09:00", 60, "visit", "direct"),
        ("W1", "2026-03-06 09:00", 450, "leave", "non_work"),
        ("W1", "2026-03-07 10:00", 180, "email_admin", "admin"),
        ("W1", "2026-03-09 09:00", 480, "visit", "direct"),
    ]
    rows += [("W2", f"2026-03-{d:02d} 09:00", 420, "visit", "direct") for d in (2, 3, 4, 5, 6)]
    w, s, m, t, c = zip(*rows, strict=True)
    return pd.DataFrame(
        {
            "worker_id": w,
            "start": pd.to_datetime(s),
            "duration_min": m,
            "task_type": t,
            "category": c,
        }
    )


def test_hand_worked_worker_days():
    days = diary_completeness(_diary())
    t = completeness_by_worker(days)
    assert list(t.columns) == BY_WORKER_COLUMNS
    w1 = t.loc["W1"]
    # W1's window: Mon 2 to Mon 9 March; contracted: 6 weekdays. Usual day: median of
    # 8, 2, 1, 8 = 5 h; 2 h is 40% (partial, at least a quarter), 1 h 20% (short).
    assert w1[
        ["contracted_days", "complete", "short", "partial", "missing", "absent", "extra"]
    ].tolist() == [6, 3, 1, 1, 1, 1, 1]
    assert w1["share_complete"] == pytest.approx(3 / 5)
    # full working days: complete, partial, missing less the short one = 4; used: 2
    assert w1["observed_share"] == pytest.approx(2 / 4)
    assert w1["hours_recorded"] == pytest.approx(8 + 2 + 1 + 3 + 8)
    assert w1["usual_hours"] == pytest.approx(5.0)
    w2 = t.loc["W2"]
    assert w2[
        ["contracted_days", "complete", "missing", "observed_share", "hours_recorded"]
    ].tolist() == [5, 5, 0, 1.0, 35.0]
    assert t.index.tolist() == ["W1", "W2"]  # lowest observed share first


def test_reuses_the_panels_rule_not_a_second_one():
    days = diary_completeness(_diary(), short_below=0.0)  # every short day partial
    t = completeness_by_worker(days)
    by = completeness_by(days, "worker_id")
    for status in ("complete", "partial", "missing", "absent", "extra"):
        assert t[status].tolist() == by.loc[t.index, status].tolist()
    assert t["observed_share"].tolist() == observed_share(days).loc[t.index].tolist()
    assert t.loc["W1", "short"] == 0 and t.loc["W1", "partial"] == 2


def test_simulated_run_counts_every_worker_day(sim_run):
    _, run = sim_run
    days = run.models.days
    t = completeness_by_worker(days)
    assert len(t) == days["worker_id"].nunique()
    statuses = ["complete", "partial", "missing", "absent", "extra"]
    assert int(t[statuses].to_numpy().sum()) == len(days)
    assert t["hours_recorded"].sum() == pytest.approx(days["hours_worked"].sum())
    assert t["observed_share"].is_monotonic_increasing


def test_write_internal_names_workers_and_refuses_the_published_folder(sim_run, tmp_path):
    _, run = sim_run
    paths = write_internal(run, tmp_path / "internal")
    page = paths["completeness.html"].read_text()
    data = json.loads(paths["completeness.json"].read_text())
    csv = pd.read_csv(paths["completeness_by_worker.csv"])
    ids = sorted(run.models.days["worker_id"].unique())
    assert sorted(r["worker_id"] for r in data["by_worker"]) == ids
    assert sorted(csv["worker_id"]) == ids
    assert all(w in page for w in ids) and "names workers" in page
    assert data["rule"].startswith("Each day of a worker's diary window")
    assert len(data["by_week"]) == run.models.days["week_start"].nunique()
    with pytest.raises(ValueError, match="inside the published outputs"):
        write_internal(run, tmp_path / "out" / "internal", published=tmp_path / "out")


def test_published_outputs_point_to_it_and_name_no_worker(sim_run, outputs, sim_report):
    _, run = sim_run
    ids = run.models.days["worker_id"].unique()
    whole = re.compile(rf"\b(?:{'|'.join(map(re.escape, ids))})\b")
    quality = json.loads(outputs["data_quality.json"].read_text())
    assert quality["completeness"]["n_workers"] == len(ids)
    assert quality["completeness_by_worker"].startswith("Diary completeness by worker names")
    assert len(quality["completeness_by_week"]) == len(run.guide.completeness)
    section = sim_report.section("diary")  # build_report(run)
    text = " ".join(b.text for b in section.blocks if b.kind == "text")
    assert "--internal DIR" in text and "completeness.html" in text
    for name in ("report.md", "report.html", "data_quality.json", "guide.json"):
        assert whole.findall(outputs[name].read_text()) == [], name
