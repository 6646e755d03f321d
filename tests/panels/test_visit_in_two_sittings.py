"""A visit or conference written in two sittings around a break is one piece (audit24p,
``d6.csv``).

By hand: a conference on C1 10:00-12:00, lunch 12:00-12:30 (not work), 12:30-13:30 is one
conference of 120 + 60 = 180 minutes; a visit on C2 10:00-11:00, a 10-minute break,
11:10-12:00 is one visit of 60 + 50 = 110. Before, any break split them: two conferences of
120 and 60 (mean 90) and two visits of 60 and 50 (mean 55), twice as many pieces, half as
long. Still two: an email between the sittings (other work came between), or a break of
90 minutes (over ``SITTING_BREAK_MIN``, 60).
"""

from __future__ import annotations

import pandas as pd
import pytest

from timestudy.panels import pieces_of_work


def _diary(rows):
    e = pd.DataFrame(rows, columns=["case_id", "start", "minutes", "task_type", "category"])
    e["start"] = pd.to_datetime(e["start"])
    e["duration_min"] = e.pop("minutes").astype(float)
    return e.assign(worker_id="W1")


def _task(p, task):
    return sorted(p.loc[p["task_type"].eq(task), "direct_min"].tolist())


def test_two_sittings_around_a_break_are_one_piece():
    e = _diary([
        ("C1", "2026-03-02 10:00", 120, "initial_cp_conference", "direct_work"),
        (None, "2026-03-02 12:00", 30, "break", "non_work"),
        ("C1", "2026-03-02 12:30", 60, "initial_cp_conference", "direct_work"),
        ("C2", "2026-03-03 10:00", 60, "statutory_visit", "direct_work"),
        (None, "2026-03-03 11:00", 10, "break", "non_work"),
        ("C2", "2026-03-03 11:10", 50, "statutory_visit", "direct_work"),
        ("C3", "2026-03-04 10:00", 60, "statutory_visit", "direct_work"),  # nothing between
        ("C3", "2026-03-04 11:20", 40, "statutory_visit", "direct_work"),
    ])
    p = pieces_of_work(e, link_within_days={})
    assert _task(p, "initial_cp_conference") == [180.0]
    assert _task(p, "statutory_visit") == [100.0, 110.0]


@pytest.mark.parametrize("between", [
    [(None, "2026-03-03 11:00", 10, "email_admin", "admin")],  # other work between
    [(None, "2026-03-03 11:00", 90, "break", "non_work")],  # a break over 60 minutes
])
def test_other_work_or_a_long_break_between_keeps_two_pieces(between):
    start = pd.Timestamp("2026-03-03 11:00") + pd.Timedelta(minutes=between[0][2])
    e = _diary([("C2", "2026-03-03 10:00", 60, "statutory_visit", "direct_work"), *between,
                ("C2", start.strftime("%Y-%m-%d %H:%M"), 50, "statutory_visit", "direct_work")])
    assert _task(pieces_of_work(e, link_within_days={}), "statutory_visit") == [50.0, 60.0]
