"""The time-of-day figure: a day missing from a diary is left out, not a day not at work.

Its share of workers at work divided by every weekday x every worker, so a diary with a
quarter of its days missing showed a quarter fewer workers at work (sim40 at 7652f0a: 0.837
at 10:30 fell to 0.629 with 25% of worker-days deleted). The denominator is now the
worker-days of the diaries (panels' completeness): days at work, on leave, off sick or off
count; days missing, and days written in part that the panels leave out, do not.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from timestudy import simulate_study
from timestudy.panels import days_in_diaries, diary_completeness
from timestudy.report.day_profile import time_of_day
from timestudy.report.run_sections import time_use_section

WEEK = (pd.Timestamp("2026-03-02"), pd.Timestamp("2026-03-06"))  # Monday to Friday


def _day(worker: str, day: str, start="09:00", end="17:00", task="visit", category="direct"):
    s, e = pd.Timestamp(f"{day} {start}"), pd.Timestamp(f"{day} {end}")
    return {"worker_id": worker, "task_type": task, "category": category, "start": s, "end": e,
            "duration_min": (e - s).total_seconds() / 60}


def _week(skip: dict | None = None, extra: list | None = None) -> pd.DataFrame:
    """Two workers at work 09:00-17:00 Monday to Friday, less the days in ``skip``."""
    skip = skip or {}
    rows = [_day(w, d.strftime("%Y-%m-%d")) for w in ("a", "b")
            for d in pd.date_range(*WEEK) if d.strftime("%a") not in skip.get(w, ())]
    return pd.DataFrame(rows + (extra or []))


def _weekday(t: pd.DataFrame) -> pd.Series:
    return t.loc[t["day_type"] == "weekday"].groupby("hour")["share_at_work"].sum()


def test_a_missing_day_is_left_out_not_a_day_not_at_work():
    ep = _week(skip={"b": ("Wed", "Thu")})
    days = diary_completeness(ep)
    assert (days["status"] == "missing").sum() == 2
    share = _weekday(time_of_day(ep, WEEK, days=days))
    # everyone whose day is known was at work all day: 8 of 8 worker-days (main: 8 of 10)
    assert share[10.5] == pytest.approx(1.0)
    assert share[16.5] == pytest.approx(1.0) and share[17.0] == 0
    assert days_in_diaries(days, WEEK).tolist() == [8.0, 0.0]


def test_a_day_on_leave_is_a_day_not_at_work():
    leave = _day("b", "2026-03-04", task="leave", category="non_work")
    ep = _week(skip={"b": ("Wed",)}, extra=[leave])
    days = diary_completeness(ep)
    assert days.loc[days["absent"], "diary_date"].dt.strftime("%a").tolist() == ["Wed"]
    share = _weekday(time_of_day(ep, WEEK, days=days))
    assert share[10.5] == pytest.approx(9 / 10)


def test_a_partial_day_left_out_takes_its_entries_with_it():
    part = _day("b", "2026-03-05", start="09:00", end="11:00")  # 2 h of a usual 8: partial
    ep = _week(skip={"b": ("Thu",)}, extra=[part])
    days = diary_completeness(ep)
    assert days.loc[days["status"] == "partial", "used"].tolist() == [False]
    share = _weekday(time_of_day(ep, WEEK, days=days))
    assert share[10.5] == pytest.approx(1.0) and share[14.0] == pytest.approx(1.0)
    assert share.max() <= 1.0 + 1e-12


def test_days_off_and_weekends_count_as_days_not_at_work():
    """A weekend day in a worker's diary window is a day (not at work) as before."""
    sat = _day("a", "2026-03-07", start="10:00", end="12:00", category="recording")
    mon = [_day(w, "2026-03-09") for w in ("a", "b")]
    ep = pd.DataFrame([*_week().to_dict("records"), sat, *mon])
    period = (WEEK[0], pd.Timestamp("2026-03-09"))
    days = diary_completeness(ep)
    assert days_in_diaries(days, period).tolist() == [12.0, 4.0]
    t = time_of_day(ep, period, days=days)
    weekend = t.loc[t["day_type"] == "weekend"].groupby("hour")["share_at_work"].sum()
    assert weekend[10.5] == pytest.approx(1 / 4)  # one of the four weekend worker-days


def test_without_days_every_day_of_the_period_counts_as_before():
    ep = _week(skip={"b": ("Wed", "Thu")})
    share = _weekday(time_of_day(ep, WEEK))
    assert share[10.5] == pytest.approx(8 / 10)


def _study_episodes(seed: int) -> pd.DataFrame:
    s = simulate_study(n_workers=12, weeks=2, seed=seed)
    return s.diary.rename(columns={"true_task_type": "task_type", "true_category": "category"})


@pytest.mark.parametrize("seed", [1, 2])
def test_a_quarter_of_days_missing_barely_moves_the_profile(seed):
    """Recovery: a quarter of worker-days deleted at random (leave days too) leaves the
    profile where it was (main: the 09:00-17:00 mean fell by about a quarter)."""
    ep = _study_episodes(seed)
    period = (ep["start"].min().normalize(), ep["start"].max().normalize())
    key = ep["worker_id"] + (ep["start"] - pd.Timedelta(hours=4)).dt.strftime("%Y-%m-%d")
    gone = pd.Series(key.unique()).sample(frac=0.25, random_state=seed)
    kept = ep.loc[~key.isin(gone)]
    means = []
    for e in (ep, kept):
        share = _weekday(time_of_day(e, period, days=diary_completeness(e)))
        means.append(share.loc[9:16.5].mean())
    assert means[0] > 0.5
    np.testing.assert_allclose(means[1], means[0], atol=0.04)


def test_the_caption_says_what_the_share_is_of(sim_run):
    _, run = sim_run
    [fig] = [b for b in time_use_section(run.guide, run).blocks
             if getattr(b, "key", "") == "time_of_day"]
    assert "day not at work" in fig.caption and "misses" in fig.caption
