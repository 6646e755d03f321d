"""The quality page's contracted days a week are the guide's: one rule
(``schema.contract_days.weekly_pattern``), called by ``ingest.quality.contracted_days`` and
by the panels (``diary_completeness``' ``days_per_week``).

By hand: ``Mon Tue Wed`` 3 days; ``Mon-Fri / Mon-Thu`` (a 9-day fortnight) (5 + 4) / 2 =
4.5; ``Tue-Sat`` 5; none declared at full time 5; none declared at 0.6 FTE round(5 x 0.6)
= 3 (the page before: 5, so its contracted day was 22.2 / 5 = 4.44 hours, not 7.4).
"""

import pandas as pd
import pytest

from timestudy.ingest.quality import contracted_days, worker_quality
from timestudy.panels import diary_completeness

WORKERS = pd.DataFrame(
    {
        "worker_id": ["A", "F", "T", "N", "P"],
        "fte": [0.6, 1.0, 1.0, 1.0, 0.6],
        "contracted_hours": [22.2, 37.0, 37.0, 37.0, 22.2],
        "workdays": ["Mon Tue Wed", "Mon-Fri / Mon-Thu", "Tue-Sat", None, None],
        "pattern_from": [None, "2026-11-02", None, None, None],
    }
)
BY_HAND = {"A": 3.0, "F": 4.5, "T": 5.0, "N": 5.0, "P": 3.0}


def _diary() -> pd.DataFrame:
    """Each worker 09:00-16:24 (7.4 h) on Tue 3 to Thu 5 November 2026."""
    ids = list(BY_HAND)
    starts = [f"2026-11-0{d} 09:00" for d in (3, 4, 5)]
    return pd.DataFrame(
        {
            "worker_id": [w for w in ids for _ in starts],
            "start": pd.to_datetime(starts * len(ids)),
            "duration_min": 444.0,
            "task_type": "statutory_visit",
            "category": "direct",
        }
    ).assign(
        end=lambda d: d["start"] + pd.Timedelta(minutes=444),
        counted_min=444.0,
        flags="",
        diary_date=lambda d: d["start"].dt.normalize(),
    )


@pytest.mark.filterwarnings("ignore")
def test_both_places_give_the_same_days():
    ids = pd.Index(list(BY_HAND))
    page = contracted_days(WORKERS, ids)
    assert page.to_dict() == BY_HAND
    panels = diary_completeness(_diary(), WORKERS).groupby("worker_id")["days_per_week"].first()
    assert panels.reindex(ids).astype(float).to_dict() == page.to_dict()


def test_a_part_time_worker_with_no_days_has_a_full_contracted_day():
    """P: 22.2 h over round(5 x 0.6) = 3 days is 7.4 h a day; 7.4 h written a day: 1.00."""
    q = worker_quality(_diary(), WORKERS)
    assert q.loc["P", "contracted_hours_per_day"] == pytest.approx(7.4)
    assert q.loc["P", "recorded_vs_contracted"] == pytest.approx(1.0)
