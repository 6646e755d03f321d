"""Hours on a case by a colleague, outside its open dates and outside its holder's window.

A hand-worked case (``panels/cases.py`` rules): the counted hours, the three reported
parts and the exposure are worked out below by hand, not by the code under test.

Holder W1 keeps a diary Monday 2 to Friday 13 March 2026 (10 weekdays, Wednesday 11
missing: used share 9/10; over the case's open days, 4 to 11 March, 5/6: the share the
case's exposure and its colleague's scale take, audit22c). Colleague W2 keeps one from 2 to 20 March (15 weekdays,
9, 10 and 18 missing: used share 12/15 = 0.8; over the case's open days, 4 to 11 March,
4/6: the colleague's share its scale takes, review22b). Case A is held by W1, opened
Wednesday 4 March and closed Thursday 12 March (the closing day is not open).

=====  ======  =====  =======================  ==========================
entry  worker  date   minutes                  rule
=====  ======  =====  =======================  ==========================
1      W1      5 Mar  120                      counted 120
2      W1      3 Mar  60                       before opening: counted 60, outside open
3      W1      12 Mar 45                       closing day: counted 45, outside open
4      W2      6 Mar  80                       colleague: x (5/6) / (4/6) = 100, by others
5      W2      2 Mar  50                       colleague, before opening: 62.5, both parts
6      W2      17 Mar 40                       after W1's window: not counted, outside window
=====  ======  =====  =======================  ==========================

Counted: 120 + 60 + 45 + 100 + 62.5 = 387.5 min. By others: 162.5 min. Outside open:
60 + 45 + 62.5 = 167.5 min. Outside window: 40 min = 0.6667 h (raw
minutes, left out of ``hours``). Exposure: open weekdays in W1's window, 4 to 11 March = 6,
x 5/6 = 5 days: the five open days W1 wrote (the day missing before, with the global
share 0.9, 5.4 days).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from timestudy.guide.diary import case_time
from timestudy.panels import case_month
from timestudy.panels.cases import case_hours
from timestudy.schema.standards import WORKING_DAYS_PER_MONTH

PERIOD = (pd.Timestamp("2026-03-02"), pd.Timestamp("2026-03-20"))
COUNTED = 120 + 60 + 45 + 100 + 62.5  # minutes, by hand (the table above)
BY_OTHERS = 100 + 62.5
OUTSIDE_OPEN = 60 + 45 + 62.5


def _days() -> pd.DataFrame:
    rows = []
    for worker, last, missing in (
        ("W1", "2026-03-13", {"2026-03-11"}),
        ("W2", "2026-03-20", {"2026-03-09", "2026-03-10", "2026-03-18"}),
    ):
        for d in pd.bdate_range("2026-03-02", last):
            gone = f"{d:%Y-%m-%d}" in missing
            rows.append(
                {
                    "worker_id": worker,
                    "diary_date": d,
                    "contracted": True,
                    "status": "missing" if gone else "complete",
                    "used": not gone,
                    "short": False,
                }
            )
    return pd.DataFrame(rows)


ENTRIES = [  # worker, date, minutes
    ("W1", "2026-03-05", 120.0),
    ("W1", "2026-03-03", 60.0),
    ("W1", "2026-03-12", 45.0),
    ("W2", "2026-03-06", 80.0),
    ("W2", "2026-03-02", 50.0),
    ("W2", "2026-03-17", 40.0),
]


def _episodes(entries=ENTRIES) -> pd.DataFrame:
    w, d, m = zip(*entries, strict=True)
    start = pd.to_datetime(list(d)) + pd.Timedelta(hours=10)
    return pd.DataFrame(
        {
            "worker_id": list(w),
            "case_id": "A",
            "task_type": "statutory_visit",
            "category": "direct",
            "start": start,
            "duration_min": list(m),
        }
    )


def _cases() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "case_id": ["A"],
            "case_type": ["CIN"],
            "worker_id": ["W1"],
            "opened": pd.to_datetime(["2026-03-04"]),
            "closed": pd.to_datetime(["2026-03-12"]),
        }
    )


def _month(entries=ENTRIES) -> pd.Series:
    cm = case_month(_episodes(entries), _cases(), period=PERIOD, days=_days())
    assert len(cm) == 1
    return cm.iloc[0]


def test_each_entry_is_flagged_and_counted_by_the_rules():
    e = _episodes().assign(
        minutes=lambda d: d["duration_min"], diary_date=lambda d: d["start"].dt.normalize()
    )
    h = case_hours(e, _cases(), _days(), PERIOD)
    assert h["counted"].tolist() == pytest.approx([120, 60, 45, 100, 62.5, 0])
    assert h["by_other"].tolist() == [False, False, False, True, True, True]
    assert h["outside_open"].tolist() == [False, True, True, False, True, True]
    assert h["outside_window"].tolist() == [False] * 5 + [True]


def test_case_month_hours_and_the_three_parts_by_hand():
    r = _month()
    assert r["hours"] == pytest.approx(COUNTED / 60)
    assert r["hours_direct"] == pytest.approx(COUNTED / 60)
    assert r["hours_by_others"] == pytest.approx(BY_OTHERS / 60)
    assert r["hours_outside_open"] == pytest.approx(OUTSIDE_OPEN / 60)
    assert r["hours_outside_window"] == pytest.approx(40 / 60)
    # 6 working days (no bank holiday) x used share 5/6 over them, over 21.0744 a month
    assert r["case_months"] == pytest.approx(5 / WORKING_DAYS_PER_MONTH)
    assert r["hours_per_month"] == pytest.approx(r["hours"] / r["case_months"])


def test_work_outside_the_window_is_left_out_whatever_its_size():
    more = [*ENTRIES[:-1], ("W2", "2026-03-17", 400.0), ("W2", "2026-03-19", 30.0)]
    r = _month(more)
    assert r["hours"] == pytest.approx(COUNTED / 60)  # unchanged: none of it counts
    assert r["hours_outside_window"] == pytest.approx(430 / 60)
    assert r["hours_by_others"] == pytest.approx(BY_OTHERS / 60)
    assert r["hours_outside_open"] == pytest.approx(OUTSIDE_OPEN / 60)


def test_colleague_scale_follows_the_two_used_shares():
    # W2 writes every day (share 1): the holder's 5/6 (over the open days) over 1.0 scales
    # W2's 80 + 50 minutes.
    days = _days().assign(status="complete", used=True)
    days.loc[
        (days["worker_id"] == "W1") & (days["diary_date"] == "2026-03-11"), ["status", "used"]
    ] = ["missing", False]
    cm = case_month(_episodes(), _cases(), period=PERIOD, days=days).iloc[0]
    assert cm["hours_by_others"] == pytest.approx((80 + 50) * 5 / 6 / 60)
    # without any work by a colleague there is none to report
    alone = case_month(_episodes(ENTRIES[:3]), _cases(), period=PERIOD, days=_days()).iloc[0]
    assert alone["hours_by_others"] == 0.0 and alone["hours_outside_window"] == 0.0
    assert alone["hours_outside_open"] == pytest.approx(105 / 60)


def test_guide_case_time_sums_and_shares_the_parts():
    cm = pd.DataFrame([_month()])
    t = case_time(cm)
    assert t["hours"] == pytest.approx(COUNTED / 60, abs=1e-6)
    assert t["hours_by_others"] == pytest.approx(BY_OTHERS / 60, abs=1e-6)
    assert t["hours_outside_open"] == pytest.approx(OUTSIDE_OPEN / 60, abs=1e-6)
    assert t["hours_outside_window"] == pytest.approx(40 / 60, abs=1e-6)
    assert t["share_by_others"] == pytest.approx(BY_OTHERS / COUNTED, abs=1e-6)
    assert t["share_outside_open"] == pytest.approx(OUTSIDE_OPEN / COUNTED, abs=1e-6)
    assert np.isfinite(t["share_by_others"])
