"""Dates that read either way: the order used is checked against each worker's dates.

Audit 7 (A6), s4_ambig.csv: every day is 12 or less, so every date reads day-first or
month-first and the file was read day-first (the default) with no warning. W1 wrote
03/09/2026 and 03/10/2026: day-first 3 September and 3 October (30 days apart), month-first
9 and 10 March (1 day apart). The warning names W1, both spans and lines 2-3, and the key
``dayfirst``; the dates are kept as read.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from timestudy import read_diary
from timestudy.ingest.dayorder import AMBIGUOUS_CODE, other_order_warning

AMBIG = """worker_id,date,start_time,end_time,activity,case_id
W1,03/09/2026,09:00,10:00,Visit,C1
W1,03/10/2026,09:00,10:30,Visit,C1
W2,09/03/2026,09:00,10:00,Visit,C1
W2,10/03/2026,09:00,10:00,Visit,C1
"""


def _said(result) -> list[dict]:
    return [w for w in result.report.details.get("warnings", []) if w["code"] == AMBIGUOUS_CODE]


def test_audit_file_names_w1_and_keeps_the_dates(tmp_path):
    """By hand: W1 day-first spans 30 days (3 Sep - 3 Oct), month-first 1 day (9-10 Mar):
    30 >= 14 and 30 >= 4 x 1, so W1 is named; W2 day-first spans 1 day: not named."""
    path = tmp_path / "s4_ambig.csv"
    path.write_text(AMBIG)
    result = read_diary(path, warn=False)
    (w,) = _said(result)
    assert w["workers"] == ["W1"] and w["lines"] == [2, 3]
    assert "dayfirst: false" in w["message"] and "30 days read day-first" in w["message"]
    days = result.episodes.groupby("worker_id")["diary_date"].agg(["min", "max"])
    assert days.loc["W1"].tolist() == [pd.Timestamp("2026-09-03"), pd.Timestamp("2026-10-03")]


def test_read_month_first_the_other_worker_is_named(tmp_path):
    """dayfirst: false: W1 spans 1 day, W2 (3 Sep - 3 Oct) 30, day-first 1: W2 is named."""
    path = tmp_path / "s4_ambig.csv"
    path.write_text(AMBIG)
    (w,) = _said(read_diary(path, mapping={"dayfirst": False}, warn=False))
    assert w["workers"] == ["W2"] and "dayfirst: true" in w["message"]


def test_a_date_that_reads_one_way_only_decides(tmp_path):
    path = tmp_path / "d.csv"
    path.write_text(AMBIG + "W3,13/03/2026,09:00,10:00,Visit,C1\n")
    assert _said(read_diary(path, warn=False)) == []


@settings(max_examples=40, deadline=None)
@given(st.integers(1, 12), st.integers(1, 12), st.integers(0, 11), st.booleans())
def test_a_short_diary_in_its_own_order_is_quiet(month, first_day, length, dayfirst):
    """Any worker's consecutive days (up to 12, all days <= 12), written in the order they are
    read: quiet, since the other order moves each date to another month."""
    last = min(12, first_day + length)
    days = pd.date_range(f"2026-{month:02d}-{first_day:02d}", f"2026-{month:02d}-{last:02d}")
    fmt = "%d/%m/%Y" if dayfirst else "%m/%d/%Y"
    f = pd.DataFrame({"worker_id": "W1", "date": days.strftime(fmt)})
    assert other_order_warning(f, dayfirst, np.arange(2, len(f) + 2)) is None
    swapped = other_order_warning(f, not dayfirst, np.arange(2, len(f) + 2))
    if len(days) > 1 and first_day != last:  # read the wrong way: a month or more apart
        assert swapped is not None and swapped["workers"] == ["W1"]
