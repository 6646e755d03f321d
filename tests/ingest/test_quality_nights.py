"""The quality page reads a night as the guide does: one diary day (fix36p's patch).

``timestudy validate --out`` gave an Emergency Duty Team worker on nights 17:00-09:00
(written 17:00-18:00, 18:00-00:00, 00:00-05:00, 05:00-09:00; Thursday and Saturday nights
of 12 to 25 October 2026, the night of the 24th 17 hours as the clocks go back) 8 diary
days of 8.12 h (the 05:00-09:00 of each night a day of its own), 13.00 h the longest and
0.44 of the contracted day (18.50 h: 37 h over 2 workdays), while the guide reads 4 nights
of 16.25 h (65 h). Now 4 days, 16.25 h, 17.00 h the longest, 0.88; the out-of-hours share
0.91 (59 of 65 h) as before.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from timestudy.ingest import read_diary
from timestudy.ingest.quality import worker_quality
from timestudy.ingest.tables import read_workers


def test_a_night_workers_nights_are_one_diary_day_each(tmp_path):
    rows = ["worker_id,start,end,activity_code,activity,case_id"]
    for d in pd.date_range("2026-10-12", "2026-10-25"):
        if d.day_of_week in (3, 5):
            n = d + dt.timedelta(days=1)
            rows += [f"N,{d:%Y-%m-%d}T17:00,{d:%Y-%m-%d}T18:00,REC,notes,CN",
                     f"N,{d:%Y-%m-%d}T18:00,{n:%Y-%m-%d}T00:00,ADM,emails,",
                     f"N,{n:%Y-%m-%d}T00:00,{n:%Y-%m-%d}T05:00,ADM,emails,",
                     f"N,{n:%Y-%m-%d}T05:00,{n:%Y-%m-%d}T09:00,ADM,emails,"]
    (tmp_path / "diary.csv").write_text("\n".join(rows) + "\n")
    (tmp_path / "workers.csv").write_text("worker_id,fte,contracted_hours,workdays\n"
                                          "N,1.0,37,Thu Sat\n")
    eps = read_diary(tmp_path / "diary.csv", timezone="Europe/London").episodes
    q = worker_quality(eps, read_workers(tmp_path / "workers.csv")).loc["N"]
    assert q["diary_days"] == 4
    assert q["recorded_hours_per_day"] == pytest.approx(65 / 4)
    assert q["max_day_hours"] == pytest.approx(17.0)
    assert q["recorded_vs_contracted"] == pytest.approx(65 / 4 / 18.5)
    assert q["out_of_hours_share"] == pytest.approx(59 / 65)
