"""A bank holiday worked with a long break: what the quality page can know (fix31n).

BB works Monday to Friday (37 hours), on the spring bank holiday, Monday 25 May 2026, a
visit 09:00-12:00 and lunch 12:00-13:00, then 09:00-17:00 Tuesday 26 to Friday 29 May.
The usual day is the shorter of the median day worked (8 h) and the contracted day (37 / 5
= 7.4 h); a bank holiday is a day at work with half of it, 3.7 h. The guide leaves the
break out (it is not work): 3 h, under 3.7, so the bank holiday is a day off, its 3 hours
out of hours: 180 / (180 + 4 x 480) = 0.085714. Ingest comes before categorising, so the
page cannot know the lunch is a break: 4 h, a day at work, nothing out of hours (0). The
page says so, beside its out-of-hours share.
"""

import pandas as pd
import pytest

from timestudy import categorise
from timestudy.ingest import read_diary
from timestudy.ingest.quality import quality_html, worker_quality
from timestudy.panels import diary_completeness
from timestudy.panels.workers import worker_day


def _diary(tmp_path):
    rows = [
        (25, "09:00", "12:00", "statutory visit", "statutory_visit"),
        (25, "12:00", "13:00", "lunch", ""),
    ]
    rows += [(d, "09:00", "17:00", "statutory visit", "statutory_visit") for d in range(26, 30)]
    pd.DataFrame(
        {
            "worker_id": "BB",
            "start": [f"2026-05-{d}T{s}" for d, s, *_ in rows],
            "end": [f"2026-05-{d}T{e}" for d, _, e, *_ in rows],
            "activity": [r[3] for r in rows],
            "task_type": [r[4] for r in rows],
            "case_id": ["C1", "", "C1", "C1", "C1", "C1"],
        }
    ).to_csv(tmp_path / "d.csv", index=False)
    pd.DataFrame(
        {"worker_id": ["BB"], "fte": 1.0, "contracted_hours": 37.0, "workdays": ["Mon-Fri"]}
    ).to_csv(tmp_path / "w.csv", index=False)
    return read_diary(tmp_path / "d.csv", workers=tmp_path / "w.csv", warn=False)


@pytest.mark.filterwarnings("ignore")
def test_a_bank_holidays_break_is_work_on_the_page_and_the_page_says_so(tmp_path):
    r = _diary(tmp_path)
    eps = categorise(r.episodes)
    days = diary_completeness(eps, r.workers).set_index("diary_date")
    assert days.loc["2026-05-25", "hours_worked"] == 3.0  # the break left out
    assert not days.loc["2026-05-25", "contracted"]  # under 3.7 h: not a day at work
    d = worker_day(eps, days=days.reset_index()).sum(numeric_only=True)
    assert d["hours_out_of_hours"] / d["hours_time_known"] == pytest.approx(180 / 2100)
    assert worker_quality(r.episodes, r.workers).loc["BB", "out_of_hours_share"] == 0.0
    page = " ".join(quality_html(r).split())
    assert "breaks are not known here" in page
    assert "may take a bank holiday worked with long breaks as a day at work" in page
