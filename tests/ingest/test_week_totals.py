"""A week's total in a timesheet without clock times is a total, not a day's work (the
last stop's leftover: "weekly totals dated by week commencing read as minutes").

A ``dated`` diary (worker, date, duration) may close a worker's week with a row such as
``W/C 02/03/2026, Weekly total, 37:30`` or a Monday's ``Week 1 total``. A label of more
than one word before ``total`` (``Week 1 total``, ``Total this week``) or a date cell
naming the week (``W/C 02/03/2026``) with nothing else was read as work or rejected as a
bad date; a Monday's 37:30 on top of that Monday's 7:30 made a 45-hour day, every entry
of which was rejected, and a decimal-hours diary's worker-day over 24 silenced the check
that says the durations look like hours.
"""

from __future__ import annotations

import pytest

from timestudy import read_diary

HEAD = "Worker ID,Date,Activity,Case ID,Duration\n"
W1 = ("W1,02/03/2026,visit,C1,07:30\nW1,03/03/2026,visit,C1,07:30\n"
      "W1,04/03/2026,visit,C2,07:30\nW1,05/03/2026,visit,C2,07:30\n"
      "W1,06/03/2026,visit,C1,07:30\n")


def _read(tmp_path, text):
    path = tmp_path / "weeks.csv"
    path.write_text(HEAD + text)
    return read_diary(path, warn=False)


def _account(r):
    m = r.report.details["minutes"]
    return (m["minutes_in"], m["minutes_accepted"], m["minutes_rejected"],
            m["minutes_totals"], m["rows_totals"])


def _said(r):
    return next(w["message"] for w in r.report.details["warnings"]
                if w["code"] == "week_total_row")


def test_a_mondays_week_total_is_not_a_45_hour_day(tmp_path):
    """By hand: W1 works 7:30 (450 min) a day Monday 2 to Friday 6 March 2026 = 2,250 min;
    a row dated Monday 2 March ``Week 1 total, 37:30`` (2,250 min) is the week's total:
    2,250 in = 2,250 accepted + 0 rejected, 2,250 in 1 total row, named equal to the
    week's 2,250. Before: read as Monday's work, Monday was 450 + 2,250 = 2,700 min (45 h,
    over 24) and both its rows rejected ``day_over_24_hours``: 4,500 in = 1,800 accepted
    + 2,700 rejected, no total row."""
    r = _read(tmp_path, W1 + "W1,02/03/2026,Week 1 total,,37:30\n")
    assert _account(r) == (2250, 2250, 0, 2250, 1)
    assert r.report.rejected_by_reason == {"total_row": 1}
    assert ("source row 7 (W1, week from 2026-03-02: 2,250 min, equal to the 2,250 min of "
            "its entries that week)") in _said(r)


def test_a_row_dated_by_the_week_it_commences(tmp_path):
    """By hand: W2's 8:00 + 8:00 = 960 min on 2 and 3 March, then ``W/C 02/03/2026`` with
    no activity or case and 16:00 (960): a week's total: 960 accepted, 960 in 1 total row,
    equal. Before: rejected ``bad_date`` ('W/C 02/03/2026' is not a date), its 960 min
    counted as rejected work (1,920 in = 960 + 960)."""
    r = _read(tmp_path, "W2,02/03/2026,visit,C1,08:00\nW2,03/03/2026,visit,C1,08:00\n"
                        "W2,W/C 02/03/2026,,,16:00\n")
    assert _account(r) == (960, 960, 0, 960, 1)
    assert "source row 4 (W2, week from 2026-03-02: 960 min, equal to the 960" in _said(r)


@pytest.mark.parametrize("label", ["Total this week", "Weekly total", "total for week"])
def test_a_week_total_that_is_not_its_weeks_sum_is_named_with_both(tmp_path, label):
    """By hand: W3's 8:00 + 8:00 = 960 min, then a Monday row saying ``label`` of 15:00
    (900 min), not their sum: still a total (it says so), named not equal with both
    figures, 900 and 960: 960 accepted, 900 in 1 total row. Before: ``Total this week``
    was read as Monday's work (960 + 900 = 1,860 accepted; Monday 8 + 15 = 23 h, under a
    day, so nothing said); ``Weekly total`` and ``total for week`` were total rows
    already, but no warning named them."""
    r = _read(tmp_path, f"W3,02/03/2026,visit,C1,08:00\nW3,03/03/2026,visit,C1,08:00\n"
                        f"W3,02/03/2026,{label},,15:00\n")
    assert _account(r) == (960, 960, 0, 900, 1)
    said = _said(r)
    assert said.startswith("week_total_row: 1 row is a week's total")
    assert "0 equal and 1 do not equal" in said
    assert "900 min, not equal to the 960 min of its entries that week" in said


def test_a_week_ending_row_sums_the_six_days_before(tmp_path):
    """By hand: ``W/E 08/03/2026`` is the week 2 to 8 March; W1's 5 x 450 = 2,250 all
    fall in it: equal. A visit of 60 on 9 March (the next week) is not summed."""
    r = _read(tmp_path, W1 + "W1,09/03/2026,visit,C1,01:00\n"
                             "W1,W/E 08/03/2026,Week total,,37:30\n")
    assert _account(r) == (2310, 2310, 0, 2250, 1)
    assert "week from 2026-03-02: 2,250 min, equal to the 2,250" in _said(r)


def test_a_week_total_no_longer_silences_the_hours_check(tmp_path):
    """A decimal-hours timesheet read as minutes: W1's 7, 8, 7 and W2's 6, 8; a Monday row
    ``Week 1 total`` of 22. By hand, without the total: worker-days 7, 8, 7, 6, 8 (36 min
    as read), average 7.2, none over 24 hours: ``duration_looks_like_hours``. Before: the
    22 was W1's Monday work, 7 + 22 = 29 > 24, and the check said nothing (58 min
    accepted)."""
    r = _read(tmp_path, "W1,02/03/2026,visit,C1,7\nW1,03/03/2026,visit,C1,8\n"
                        "W1,04/03/2026,visit,C1,7\nW1,02/03/2026,Week 1 total,,22\n"
                        "W2,02/03/2026,visit,C1,6\nW2,03/03/2026,visit,C1,8\n")
    assert _account(r) == (36, 36, 0, 22, 1)
    codes = [w["code"] for w in r.report.details["warnings"]]
    assert "duration_looks_like_hours" in codes and "week_total_row" in codes


def test_a_weekly_activity_with_work_of_its_own_is_an_entry(tmp_path):
    """By hand: ``Weekly supervision`` (C1, 60 min), ``Weekly total review`` (C2, 30 min:
    an activity, not a label) and a ``W/C`` date cell on a row with an activity and case of
    its own are not totals: the first two are accepted (90 min), the third rejected
    ``bad_date`` as before (60 min); no week_total_row warning."""
    r = _read(tmp_path, "W1,02/03/2026,Weekly supervision,C1,01:00\n"
                        "W1,03/03/2026,Weekly total review,C2,00:30\n"
                        "W1,W/C 02/03/2026,visit,C1,01:00\n")
    assert _account(r)[1:] == (90, 60, 0, 0)
    assert r.report.rejected_by_reason == {"bad_date": 1}
    assert "week_total_row" not in [w["code"] for w in r.report.details.get("warnings", ())]
