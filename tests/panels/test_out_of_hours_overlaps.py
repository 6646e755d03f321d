"""Out-of-hours time of an entry that overlaps an earlier one: the part counted, where it lies.

Ingest counts shared time once, for the entry that started first; the later entry's
counted minutes are what runs past the earlier ends. Their time of day is that part's.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from timestudy.panels.workers import counted_start, worker_day
from timestudy.report.tables import time_of_day


def _episodes(rows):
    e = pd.DataFrame(rows, columns=["worker_id", "start", "end", "counted_min", "category"])
    e["start"], e["end"] = pd.to_datetime(e["start"]), pd.to_datetime(e["end"])
    return e.assign(task_type="t", case_id="C1")


def test_the_counted_part_of_a_late_entry_is_out_of_hours_by_hand():
    # 09:00-17:00 (480), then 16:00-20:00 counted 180 (17:00-20:00): out of hours 18:00-20:00
    e = _episodes([("W1", "2026-03-11 09:00", "2026-03-11 17:00", 480.0, "recording"),
                   ("W1", "2026-03-11 16:00", "2026-03-11 20:00", 180.0, "recording")])
    d = worker_day(e)
    assert d["hours_worked"].tolist() == [11.0]
    assert d["hours_out_of_hours"].tolist() == [pytest.approx(2.0)]  # was 1.5


def test_an_entry_inside_another_counts_nothing_and_a_duration_keeps_its_proportion():
    e = _episodes([
        ("W1", "2026-03-11 09:00", "2026-03-11 20:00", 660.0, "recording"),
        ("W1", "2026-03-11 19:00", "2026-03-11 19:30", 0.0, "direct_work"),  # inside: 0
        # another worker, a source duration of 60 for a clock span of 120 (no overlap):
        # in hours in the same proportion as its span, as before
        ("W2", "2026-03-11 17:00", "2026-03-11 19:00", 60.0, "admin"),
    ])
    start = counted_start(e.rename(columns={"counted_min": "minutes"}))
    assert start.tolist() == e["start"].tolist()
    d = worker_day(e).set_index("worker_id")
    assert d.loc["W1", "hours_out_of_hours"] == pytest.approx(2.0)
    assert d.loc["W2", "hours_out_of_hours"] == pytest.approx(0.5)


def test_the_order_of_the_rows_does_not_matter():
    e = _episodes([("W1", "2026-03-11 16:00", "2026-03-11 20:00", 180.0, "recording"),
                   ("W2", "2026-03-11 07:00", "2026-03-11 09:00", 120.0, "admin"),
                   ("W1", "2026-03-11 09:00", "2026-03-11 17:00", 480.0, "recording")])
    start = counted_start(e.rename(columns={"counted_min": "minutes"}))
    assert start.dt.strftime("%H:%M").tolist() == ["17:00", "07:00", "09:00"]


def test_time_of_day_puts_the_counted_part_where_it_lies():
    e = _episodes([("W1", "2026-03-11 09:00", "2026-03-11 17:00", 480.0, "recording"),
                   ("W1", "2026-03-11 16:00", "2026-03-11 20:00", 180.0, "direct_work")])
    t = time_of_day(e, (pd.Timestamp("2026-03-11"), pd.Timestamp("2026-03-11")))
    day = t.loc[t["day_type"] == "weekday"].pivot(index="hour", columns="category",
                                                   values="share_at_work")
    assert day.loc[16.0, "direct_work"] == 0 and day.loc[16.0, "recording"] == 1.0
    assert day.loc[17.0, "direct_work"] == 1.0 and day.loc[19.5, "direct_work"] == 1.0
    assert day["direct_work"].sum() * 0.5 == pytest.approx(3.0)  # its 180 minutes, once


def _reference(e):
    """The rule written plainly: the latest end of the worker's entries that started before
    (ties in start by the source's line)."""
    s = e.sort_values(["start", "source_row"], kind="stable")
    before = s.groupby("worker_id")["end"].transform(lambda x: x.cummax().shift())
    part = s["start"].where(before.isna() | (before <= s["start"]), before)
    suffix = (s["end"] - part).dt.total_seconds() / 60
    use = (part > s["start"]) & (part < s["end"]) & ((suffix - s["minutes"]).abs() <= 1e-6)
    return s["start"].where(~use, part).reindex(e.index)


@pytest.mark.parametrize("seed", range(5))
def test_counted_start_equals_the_rule_written_plainly(seed):
    rng = np.random.default_rng(seed)
    n = 400
    # starts on a 15-minute grid: many ties, whose order is the source's line
    start = pd.Timestamp("2026-03-09") + pd.to_timedelta(
        15 * rng.integers(0, 5 * 24 * 4, n), unit="min")
    end = start + pd.to_timedelta(rng.integers(0, 240, n), unit="min")
    e = pd.DataFrame({"worker_id": rng.choice(["a", "b", "c", "d"], n), "start": start,
                      "end": end, "source_row": rng.permutation(n) + 2})
    # counted as ingest counts: past the latest earlier end (a few source durations instead)
    s = e.sort_values(["start", "source_row"], kind="stable")
    before = s.groupby("worker_id")["end"].transform(lambda x: x.cummax().shift())
    counted = ((s["end"] - s["start"].where(before.isna() | (before <= s["start"]), before))
               .dt.total_seconds().clip(lower=0) / 60).reindex(e.index)
    counted[rng.random(n) < 0.05] = 17.0
    e["minutes"] = counted.to_numpy()
    want = _reference(e)
    pd.testing.assert_series_equal(counted_start(e), want, check_names=False)
    by_worker = e.sort_values(["worker_id", "start", "source_row"])  # read_diary's order
    pd.testing.assert_series_equal(counted_start(by_worker), want.reindex(by_worker.index),
                                   check_names=False)
    backwards = e.iloc[::-1]
    pd.testing.assert_series_equal(counted_start(backwards), want.reindex(backwards.index),
                                   check_names=False)


def test_entries_that_start_together_follow_their_lines_in_any_row_order():
    # 16:00-17:00 on line 2 counts 60, 16:00-20:00 on line 3 counts 180 (17:00-20:00)
    e = _episodes([("W1", "2026-03-11 16:00", "2026-03-11 17:00", 60.0, "recording"),
                   ("W1", "2026-03-11 16:00", "2026-03-11 20:00", 180.0, "recording")])
    e["source_row"] = [2, 3]
    for rows in (e, e.iloc[::-1], e.sort_values("end", ascending=False)):
        assert worker_day(rows)["hours_out_of_hours"].tolist() == [pytest.approx(2.0)]


def test_time_zone_aware_entries_keep_their_zone():
    e = _episodes([("W1", "2026-03-11 09:00", "2026-03-11 17:00", 480.0, "recording"),
                   ("W1", "2026-03-11 16:00", "2026-03-11 20:00", 180.0, "recording")])
    for c in ("start", "end"):
        e[c] = e[c].dt.tz_localize("Europe/London")
    start = counted_start(e.rename(columns={"counted_min": "minutes"}))
    assert str(start.dt.tz) == "Europe/London"
    assert start.dt.strftime("%H:%M").tolist() == ["09:00", "17:00"]
    assert worker_day(e)["hours_out_of_hours"].tolist() == [pytest.approx(2.0)]


def test_the_start_keeps_its_unit():
    e = _episodes([("W1", "2026-03-11 09:00", "2026-03-11 17:00", 480.0, "recording"),
                   ("W1", "2026-03-11 16:00", "2026-03-11 20:00", 180.0, "recording")])
    e["start"], e["end"] = e["start"].astype("M8[s]"), e["end"].astype("M8[s]")
    assert counted_start(e.rename(columns={"counted_min": "minutes"})).dtype == "M8[s]"
