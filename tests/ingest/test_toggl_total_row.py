"""A Toggl Track detailed report with a ``Total`` row at the bottom: one reason, not two.

A report copied or exported with its sum (``Total`` under User, the Duration ``01:30:00``,
no dates or times) is a total row (:mod:`timestudy.ingest.totals`): rejected
``total_row``, its 90 minutes said apart, never counted. Its blank End date and End time
beside a Duration also matched the running timer's shape (a Toggl entry gets its end when
its timer is stopped: :func:`timestudy.ingest.toggl.still_running`).

Before (7bc88346): line 4 was rejected twice, ``total_row`` and ``running_timer`` ("no End
date: the timer was still running when the data were exported ..."), a false reason in
rejects.csv (minutes right: 90 accepted, 90 of totals). After: ``total_row`` alone.
"""

from __future__ import annotations

from timestudy import read_diary

REPORT = """User,Email,Client,Project,Task,Description,Billable,Start date,Start time,End date,End time,Duration,Tags
Sam Jones,sam@x.org,C1,Visit,,Visit,No,2026-03-09,09:00:00,2026-03-09,10:00:00,01:00:00,
Sam Jones,sam@x.org,C1,Notes,,Notes,No,2026-03-09,10:00:00,2026-03-09,10:30:00,00:30:00,
Total,,,,,,,,,,,01:30:00,
"""


def test_a_total_row_is_not_a_running_timer(tmp_path):
    """By hand: 60 + 30 = 90 accepted; the Total row's 01:30:00 (90) said apart."""
    path = tmp_path / "toggl.csv"
    path.write_text(REPORT)
    result = read_diary(path, warn=False)
    assert result.rejects[["source_row", "code"]].values.tolist() == [[4, "total_row"]]
    minutes = result.report.details["minutes"]
    assert (minutes["minutes_accepted"], minutes["minutes_totals"]) == (90.0, 90.0)
