"""``timestudy categorise`` on a start/end diary counts its minutes (audit 23t, finding 3).

A diary of ``worker_id,start,end,activity,activity_code,case_id`` (CSV or workbook) was
taken for a table timestudy wrote and passed through without minutes: the coverage report
gave hours "-", share uncategorised "-" and its uncategorised texts 0.0 minutes. Only a
table with its minutes (``duration_min``) passes through now; any other is read as a
diary, as ``validate`` reads it.
"""

from __future__ import annotations

import json

import pandas as pd
import pytest

from timestudy.cli import main

ROWS = [("W1", "2026-03-09T09:00:00", "2026-03-09T10:00:00", "SV - Smith", "SV", "C1"),
        ("W1", "2026-03-09T10:00:00", "2026-03-09T12:00:00", "ZZ - Smith", "", "C1"),
        ("W1", "2026-03-09T12:00:00", "2026-03-09T12:30:00", "Lunch", "", ""),
        ("W2", "2026-03-09T13:00:00", "2026-03-09T14:00:00", "ZZ - Smith", "", "C2")]


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_start_end_diary_gives_its_minutes(tmp_path, capsys, suffix):
    """By hand: 60 + 120 + 30 + 60 = 270 minutes, 4.5 hours; "ZZ - Smith" is uncategorised
    (no rule of the shipped taxonomy reads "ZZ"), 120 + 60 = 180 minutes in 2 episodes:
    share of time uncategorised 180 / 270 = 0.667 (before: hours and share None, and
    "ZZ - Smith" 0.0 minutes). The text was "HV - Smith" until the taxonomy read "HV" as
    the home visit it is (tests/categorise/test_diary_words.py)."""
    frame = pd.DataFrame(ROWS, columns=["worker_id", "start", "end", "activity",
                                        "activity_code", "case_id"])
    path = tmp_path / f"diary{suffix}"
    if suffix == ".csv":
        frame.to_csv(path, index=False)
    else:
        frame.to_excel(path, index=False)
    out = tmp_path / "cat.csv"
    assert main(["categorise", str(path), "--out", str(out)]) == 0
    capsys.readouterr()
    report = json.loads((tmp_path / "cat_coverage.json").read_text())
    assert report["summary"]["hours"] == pytest.approx(4.5)
    assert report["summary"]["share of time uncategorised"] == pytest.approx(180 / 270)
    assert report["uncategorised"] == [{"activity": "ZZ - Smith", "episodes": 2,
                                        "minutes": 180.0}]
    table = pd.read_csv(out)
    assert table["duration_min"].tolist() == [60.0, 120.0, 30.0, 60.0]
    assert table["task_type"].tolist()[::2] == ["statutory_visit", "break"]
