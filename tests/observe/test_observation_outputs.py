"""What an observation study writes: the agreement CSV's measure names, the report's
hourly tempogram, the methods' wording (audit 5, defects 3, 5 and 6)."""

from __future__ import annotations

import pandas as pd
import pytest

from timestudy.observe import observation_study
from timestudy.observe._result import whole_hours


@pytest.fixture(scope="module")
def paired():
    """O1 and O2 both record W1 09:00-10:00 (notes then a call from 09:40), and O1 also
    10:00-12:00, 13:00-14:00 and 14:30-15:00 (no slot at 12:00-12:45 nor 14:00-14:15)."""
    rows = [("09:00", "09:40", "notes"), ("09:40", "10:00", "call"),
            ("09:00", "09:40", "notes"), ("09:40", "10:00", "call"),
            ("10:00", "12:00", "visit"), ("13:00", "14:00", "notes"),
            ("14:30", "15:00", "call")]
    return pd.DataFrame({
        "worker_id": "W1",
        "start": [pd.Timestamp(f"2026-03-09 {r[0]}") for r in rows],
        "end": [pd.Timestamp(f"2026-03-09 {r[1]}") for r in rows],
        "category": [r[2] for r in rows],
        "observer": ["O1", "O1", "O2", "O2", "O1", "O1", "O1"],
        "session_id": ["S1", "S1", "S2", "S2", "S1", "S1", "S1"],
    })


@pytest.fixture(scope="module")
def study(paired):
    """The study of ``paired``, run once for the three tests below (none changes it)."""
    return observation_study(paired)


@pytest.fixture(scope="module")
def written(study, tmp_path_factory) -> dict:
    """What the study writes (its report.html is ``study.to_html()``), written once."""
    return study.write(tmp_path_factory.mktemp("observation"))


def test_agreement_csv_names_every_measure(written):
    """agreement.csv: slices_1s, slices_60s, task_pairs, duration_ccc, start_gap_abs_s,
    end_gap_abs_s in a `measure` column; the gap rows' statistic is mean_abs_s."""
    table = pd.read_csv(written["report"].parent / "agreement.csv")
    assert table["measure"].tolist() == ["slices_1s", "slices_60s", "task_pairs",
                                         "duration_ccc", "start_gap_abs_s", "end_gap_abs_s"]
    assert table["statistic"].notna().all()
    assert table["statistic"].tolist()[-2:] == ["mean_abs_s", "mean_abs_s"]


def test_report_tempogram_shows_whole_hours(study, written):
    """Slots of 15 minutes 09:00-11:45, 13:00-13:45 and 14:30-14:45: the report's table
    shows 09:00, 10:00, 11:00, 13:00 (the old code, every 4th of the 18 rows, also
    showed 14:30)."""
    shown = whole_hours(study.tempogram.summary()).index.tolist()
    assert shown == ["09:00", "10:00", "11:00", "13:00"]
    t = pd.DataFrame({"slot": ["09:00", "09:15", "13:00", "14:15", "14:30", "23:00"]})
    assert whole_hours(t)["slot"].tolist() == ["09:00", "13:00", "23:00"]
    html = written["report"].read_text(encoding="utf-8")
    assert "09:15" not in html and "14:30" not in html and "13:00" in html


def test_methods_wording(study):
    """The methods table says 'has no column' (not 'has no the column')."""
    chosen = study.methods()["chosen"].tolist()
    assert chosen == ["auto: the layout has no column `interrupted_by`",
                      "auto: the layout has no column `multitask_with`"]
