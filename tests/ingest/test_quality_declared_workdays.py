"""The quality page divides a worker's week by their declared workdays, not by 5."""

import pandas as pd
import pytest

from timestudy.ingest import read_diary
from timestudy.ingest.quality import quality_html, worker_quality


def _study(tmp_path):
    """W3 writes 09:00-17:00 (8 h) on Mon 19, Tue 20, Wed 21 Oct 2026; W4 writes
    09:00-18:45 (9.75 h) on Mon 19 to Thu 22 Oct; W9 (no workdays declared) 09:00-16:24
    (7.4 h) on Mon 19 Oct."""
    rows = [("W3", d, "17:00") for d in (19, 20, 21)]
    rows += [("W4", d, "18:45") for d in (19, 20, 21, 22)] + [("W9", 19, "16:24")]
    pd.DataFrame({"worker_id": [w for w, _, _ in rows],
                  "start": [f"2026-10-{d}T09:00" for _, d, _ in rows],
                  "end": [f"2026-10-{d}T{e}" for _, d, e in rows]}
                 ).to_csv(tmp_path / "d.csv", index=False)
    pd.DataFrame({"worker_id": ["W3", "W4", "W9"], "fte": [0.6, 1.0, 1.0],
                  "contracted_hours": [22.2, 37, 37],
                  "workdays": ["Mon Tue Wed", "Mon-Thu", None]}
                 ).to_csv(tmp_path / "w.csv", index=False)
    return read_diary(tmp_path / "d.csv", workers=tmp_path / "w.csv", warn=False)


def test_contracted_day_is_the_week_over_the_declared_days(tmp_path):
    """By hand: W3 contracts 22.2 h on Mon-Wed: 22.2 / 3 = 7.4 h a day, recorded 8.0 h a
    day: 8.0 / 7.4 = 1.08 (the old page: 22.2 / 5 = 4.44, ratio 8.0 / 4.44 = 1.80).
    W4 contracts 37 h on Mon-Thu: 37 / 4 = 9.25 h, recorded 9.75: 9.75 / 9.25 = 1.054
    (old: 7.4 h, 1.32). W9 declares no days: 37 / 5 = 7.4 h, recorded 7.4: 1.00."""
    r = _study(tmp_path)
    q = worker_quality(r.episodes, r.workers)
    assert q.loc["W3", "contracted_days_per_week"] == 3
    assert q.loc["W3", "contracted_hours_per_day"] == pytest.approx(7.4)
    assert q.loc["W3", "recorded_vs_contracted"] == pytest.approx(8.0 / 7.4)
    assert q.loc["W4", "contracted_hours_per_day"] == pytest.approx(9.25)
    assert q.loc["W4", "recorded_vs_contracted"] == pytest.approx(9.75 / 9.25)
    assert q.loc["W9", "contracted_days_per_week"] == 5
    assert q.loc["W9", "recorded_vs_contracted"] == pytest.approx(1.0)


def test_page_says_which_days_it_used(tmp_path):
    """By hand: 2 of the 3 workers declare workdays; W9 has none, so 5 is used for it,
    and the page names W9."""
    page = quality_html(_study(tmp_path))
    assert "contracted days a week" in page
    assert "for 2 workers; 5 for the 1 with none declared (W9)" in page
    assert "/ 5." not in page
