"""Pieces worked wholly inside the diary near its edges: censored or not, their days are
recovered (the audit's s3a: write-ups on Tue and Thu of a diary begun on a Monday)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from timestudy.models.piece_sums import piece_sums, task_point_estimates
from timestudy.panels import pieces_of_work
from timestudy.panels.censoring import days_per_piece

DAYS = pd.bdate_range("2026-03-09", "2026-03-20")  # Mon 9 to Fri 20 March: 10 working days


def _diary(sittings: dict[int, int], n_workers: int = 5) -> pd.DataFrame:
    """Each worker: admin 09:00-16:30 every day, but on the days of ``sittings`` (working day
    number -> minutes) a write-up on their own case from 09:00, admin after it."""
    rows = []
    for i in range(1, n_workers + 1):
        for k, day in enumerate(DAYS):
            t = pd.Timestamp(day) + pd.Timedelta(hours=9)
            m = sittings.get(k, 0)
            if m:
                rows.append((f"W{i}", f"C{i}", t, m, "assessment_writeup", "recording"))
            rows.append((f"W{i}", None, t + pd.Timedelta(minutes=m), 450 - m, "email_admin",
                         "admin"))
    e = pd.DataFrame(rows, columns=["worker_id", "case_id", "start", "duration_min",
                                    "task_type", "category"])
    return e.assign(end=e["start"] + pd.to_timedelta(e["duration_min"], unit="min"))


def _estimate(e: pd.DataFrame) -> pd.Series:
    p = pieces_of_work(e, link_within_days={"assessment_writeup": 7})
    return task_point_estimates(piece_sums(p)).loc["assessment_writeup"]


def test_write_ups_on_tuesday_and_thursday_are_two_sittings_of_three_hours():
    """s3a by hand. 5 workers, each a write-up of 120 min on Tue 10 and 60 min on Thu 12.

    The gap between the sittings is 2 working days, so the margin is 2 and Tuesday (1 day
    after the first diary day) is within it: each piece is left-censored (a sitting on Fri
    6 March would have the same gap), which is right; its end is seen. Kaplan-Meier
    (backward from the ends seen): day 1 from the end at risk 5, ending 0; day 2 has no
    margin before it, nobody at risk, the curve ends: E[D] = 2. Steady flow: forward sees
    no start, so its days (Thursday, 5) are left out; backward 10 days over 5 ends = 2.
    Edge rule (2 + 2) / 2 = 2 days; 180 min over 10 days = 90 min a day: 180 min a piece,
    3.0 h full. The old rule pooled (5 + 10) / 5 = 3 with Kaplan-Meier's 2: 2.5 days,
    225 min and 3.75 h.
    """
    e = _diary({1: 120, 3: 60})
    p = pieces_of_work(e, link_within_days={"assessment_writeup": 7})
    p = p.loc[p["task_type"] == "assessment_writeup"]
    assert p["left_censored"].all() and not p["right_censored"].any()
    assert days_per_piece(p)["assessment_writeup"] == pytest.approx(2.0)
    est = _estimate(e)
    assert est["sittings_per_piece"] == pytest.approx(2.0)
    assert est["direct_min"] == pytest.approx(180.0)
    assert est["full_hours"] == pytest.approx(3.0)


def test_wednesday_and_friday_were_already_right():
    """s3b by hand: sittings on Wed 11 and Fri 13, 2 working days after the diary's start
    (the margin): not censored, 2 days a piece by both rules, 180 min."""
    est = _estimate(_diary({2: 120, 4: 60}))
    assert est["sittings_per_piece"] == pytest.approx(2.0)
    assert est["direct_min"] == pytest.approx(180.0)


def test_the_mirror_at_the_diary_end():
    """Sittings on Tue 17 and Thu 19, the diary ending Fri 20: right-censored (Monday 23
    would have the gap of 2), start seen. Kaplan-Meier forward: day 1 at risk, day 2 has no
    margin after it: E[D] = 2. Steady flow: backward sees no end and is left out; forward
    2 days over 1 start. 2 days, 180 min (the old rule: 2.5 days, 225 min)."""
    est = _estimate(_diary({6: 120, 8: 60}))
    assert est["sittings_per_piece"] == pytest.approx(2.0)
    assert est["direct_min"] == pytest.approx(180.0)


@pytest.mark.parametrize("n_days, gap", [(2, 1), (2, 2), (3, 2), (2, 3), (3, 1)])
@pytest.mark.parametrize("edge", ["start", "end"])
def test_recovery_of_days_per_piece_for_every_offset_near_an_edge(n_days, gap, edge):
    """Recovery near the edges: pieces of ``n_days`` sittings ``gap`` working days apart,
    all begun the same number of days after the diary's start (or ended before its end),
    for every offset inside the margin (= ``gap``) and past it: the days and minutes per
    piece are recovered exactly (60 min a sitting), censored or not."""
    span = (n_days - 1) * gap
    for offset in range(gap + 1):
        first = offset if edge == "start" else len(DAYS) - 1 - offset - span
        e = _diary({first + i * gap: 60 for i in range(n_days)})
        est = _estimate(e)
        assert est["sittings_per_piece"] == pytest.approx(n_days), offset
        assert est["direct_min"] == pytest.approx(60.0 * n_days), offset


def test_pieces_cut_by_the_edge_still_count_longer_than_seen():
    """What the censoring rule is for is kept: in a steady flow, with pieces of 3 sittings
    2 days apart begun on every working day (before the diary too), those cut at the edges
    still count 3 days, not the fewer the diary shows (each direction sees starts or ends)."""
    rng = np.random.default_rng(1)
    rows = []
    for i in range(40):
        first = int(rng.integers(-4, 10))
        for k in range(3):
            d = first + 2 * k
            if 0 <= d < len(DAYS):
                rows.append((f"W{i}", f"C{i}", pd.Timestamp(DAYS[d]) + pd.Timedelta(hours=9),
                             60.0, "assessment_writeup", "recording"))
        rows += [(f"W{i}", None, pd.Timestamp(d) + pd.Timedelta(hours=12), 60.0,
                  "email_admin", "admin") for d in DAYS]
    e = pd.DataFrame(rows, columns=["worker_id", "case_id", "start", "duration_min",
                                    "task_type", "category"])
    e = e.assign(end=e["start"] + pd.to_timedelta(e["duration_min"], unit="min"))
    p = pieces_of_work(e, link_within_days={"assessment_writeup": 7})
    seen = p.loc[p["task_type"] == "assessment_writeup", "n_days"].mean()
    est = _estimate(e)
    assert seen < 2.7
    assert est["sittings_per_piece"] == pytest.approx(3.0, abs=0.35)
