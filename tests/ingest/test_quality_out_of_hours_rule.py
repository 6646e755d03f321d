"""The quality page's out-of-hours share is the guide's: one rule for what is in hours.

A hand-made week with the spring bank holiday, Monday 25 May 2026:

- TS works Tuesday to Saturday (declared ``Tue-Sat``), 09:00-17:30 Tue 26 to Sat 30 May:
  5 x 510 = 2,550 minutes, all in hours (their Saturday is a contracted day): 0. Without
  a workers table the Saturday is a weekend: 510 / 2,550 = 0.2 (guide and page alike).
  The page before: 0.2 with the table too.
- MF works Mon-Fri 09:00-17:00 Mon 25 (the bank holiday, a full day: a day at work) to
  Fri 29, with one evening visit 19:00-21:00 on Wed 27: 120 / (5 x 480 + 120) = 0.047619.
- BH works 2 hours (10:00-12:00) on the bank holiday and Tue-Fri 09:00-17:00: under half
  their usual 8-hour day, so the bank holiday is not a day at work and its 2 hours are out
  of hours: 120 / (120 + 4 x 480) = 0.058824. The page before: 0.
"""

import numpy as np
import pandas as pd
import pytest

from timestudy import categorise
from timestudy.ingest import read_diary
from timestudy.ingest.quality import quality_html, worker_quality
from timestudy.panels import diary_completeness
from timestudy.panels.workers import worker_day

BY_HAND = {"TS": 0.0, "MF": 120 / 2520, "BH": 120 / 2040}


def _week(tmp_path, workers=True):
    rows = [("TS", d, "09:00", "17:30") for d in (26, 27, 28, 29, 30)]
    rows += [("MF", d, "09:00", "17:00") for d in (25, 26, 27, 28, 29)]
    rows += [("MF", 27, "19:00", "21:00"), ("BH", 25, "10:00", "12:00")]
    rows += [("BH", d, "09:00", "17:00") for d in (26, 27, 28, 29)]
    pd.DataFrame(
        {
            "worker_id": [r[0] for r in rows],
            "start": [f"2026-05-{d}T{s}" for _, d, s, _ in rows],
            "end": [f"2026-05-{d}T{e}" for _, d, _, e in rows],
            "task_type": "statutory_visit",
            "case_id": "C1",
        }
    ).to_csv(tmp_path / "d.csv", index=False)
    pd.DataFrame(
        {
            "worker_id": ["TS", "MF", "BH"],
            "fte": 1.0,
            "contracted_hours": 37.0,
            "workdays": ["Tue-Sat", "Mon-Fri", "Mon-Fri"],
        }
    ).to_csv(tmp_path / "w.csv", index=False)
    return read_diary(
        tmp_path / "d.csv", workers=tmp_path / "w.csv" if workers else None, warn=False
    )


def _guide_rule(r) -> pd.Series:
    """Each worker's out-of-hours share as the guide computes it (worker_day on the
    panels' days)."""
    eps = categorise(r.episodes)
    d = (
        worker_day(eps, days=diary_completeness(eps, r.workers))
        .groupby("worker_id")[["hours_out_of_hours", "hours_time_known"]]
        .sum()
    )
    return d["hours_out_of_hours"] / d["hours_time_known"]


@pytest.mark.filterwarnings("ignore")
def test_out_of_hours_share_is_the_guides_with_a_workers_table(tmp_path):
    r = _week(tmp_path)
    page = worker_quality(r.episodes, r.workers)["out_of_hours_share"]
    for worker, share in BY_HAND.items():
        assert page[worker] == pytest.approx(share, abs=1e-12), worker
    guide = _guide_rule(r)
    np.testing.assert_allclose(page[guide.index].to_numpy(), guide.to_numpy(), atol=1e-12)


@pytest.mark.filterwarnings("ignore")
def test_without_a_workers_table_a_saturday_is_a_weekend(tmp_path):
    r = _week(tmp_path, workers=False)
    page = worker_quality(r.episodes, r.workers)["out_of_hours_share"]
    assert page["TS"] == pytest.approx(510 / 2550)
    assert page["BH"] == pytest.approx(120 / 2040)  # bank holidays apply all the same
    guide = _guide_rule(r)
    np.testing.assert_allclose(page[guide.index].to_numpy(), guide.to_numpy(), atol=1e-12)


def test_the_page_says_what_out_of_hours_is(tmp_path):
    page = " ".join(quality_html(_week(tmp_path)).split())
    assert "a bank holiday not worked as a day at work" in page
    assert "a weekend day they are not contracted to work" in page
