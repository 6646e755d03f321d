"""worker_week reads a night's days once (fix32w): its episodes are on their night's day
(``shift_tails.on_night_dates``) before ``used_episodes`` drops the days written in part,
which no longer reads the nights again (``on_nights``); the same episodes are kept."""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd
import pytest

from timestudy.panels import diary_completeness, worker_week
from timestudy.panels.episodes import prepare
from timestudy.panels.observed_days import used_episodes
from timestudy.panels.shift_tails import on_night_dates

sys.path.insert(0, str(Path(__file__).resolve().parent))
from test_night_cut_short import WORKERS, _nights  # noqa: E402

pytestmark = pytest.mark.filterwarnings("ignore::timestudy.errors.DataQualityWarning")


@pytest.mark.parametrize(
    "changed",
    [None, [("2026-03-10", 26, 29)], [("2026-03-10", 27.5, 28.5)], [("2026-03-08", 27, 31)]],
)
def test_a_nights_days_read_once_keep_the_same_episodes(changed):
    ep = _nights(changed)
    days = diary_completeness(ep, WORKERS)
    moved = on_night_dates(prepare(ep, 4.0))
    again = used_episodes(moved, days)
    once = used_episodes(moved, days, on_nights=True)
    pd.testing.assert_frame_equal(once, again)
    assert worker_week(ep, WORKERS)["hours_worked"].sum() == pytest.approx(
        once["duration_min"].sum() / 60
    )
