"""A week's total is told by its label columns, never by a note, and a row with work of its
own is a week's total only when it is its week's sum (review24b dated_weekly.csv).

The week-total rule matched its label anywhere in a row: an activity ``Weekly totals -
data return`` (30 min) and a phone call on case C2 noted ``Total this week so far fine``
(20 min) were both rejected ``total_row``, though the warning itself said neither was the
week's 270; a supervision noted ``Weekly total of visits discussed with TM`` (45 min) was
rejected by its note as a day's total label. 270 minutes counted of the diary's 365.
"""

from __future__ import annotations

import io

import pytest

from timestudy import read_diary

HEAD = "worker_id,date,duration,activity,case_id,notes\n"
REVIEW = ("W1,02/03/2026,120,Home visit,C1,\n"
          "W1,02/03/2026,30,Weekly totals - data return,,performance return to manager\n"
          "W1,03/03/2026,60,Case notes,C1,\n"
          "W1,03/03/2026,45,Supervision,,Weekly total of visits discussed with TM\n"
          "W1,04/03/2026,90,Home visit,C2,\n"
          "W1,04/03/2026,20,Phone call,C2,Total this week so far fine\n")


def _read(text, head=HEAD):
    return read_diary(io.StringIO(head + text), warn=False)


def _account(r):
    m = r.report.details["minutes"]
    return (m["minutes_in"], m["minutes_accepted"], m["minutes_rejected"],
            m["minutes_totals"], m["rows_totals"])


def _codes(r):
    return [w["code"] for w in r.report.details.get("warnings", ())]


def test_entries_that_mention_a_weekly_total_are_work():
    """By hand: 120 + 30 + 60 + 45 + 90 + 20 = 365 min, every row work of its own: the data
    return (30) says a week's total with more after it (not the label, the whole cell) and
    is not the week's 335 of the others; the supervision (45) and the phone call (20) say
    total only in their notes. 365 in = 365 accepted, no total row, no week_total_row.
    Before: 270 accepted, 95 min in 3 total rows (30 + 45 + 20)."""
    r = _read(REVIEW)
    assert _account(r) == (365, 365, 0, 0, 0)
    assert r.report.n_accepted == 6 and not r.report.rejected_by_reason
    assert "week_total_row" not in _codes(r)


def test_a_row_with_work_of_its_own_that_is_its_weeks_sum_is_the_total():
    """By hand: W1's 120 + 60 + 90 = 270 in the week of 2 March 2026; ``Weekly totals -
    data return`` of 270 (work of its own by its words, but exactly the week's sum of 3
    entries) is the week's total: 270 accepted, 270 in 1 total row, named equal. A data
    return of 30 in the same diary is an entry (not 270)."""
    r = _read("W1,02/03/2026,120,Home visit,C1,\nW1,03/03/2026,60,Case notes,C1,\n"
              "W1,04/03/2026,90,Home visit,C2,\n"
              "W1,05/03/2026,270,Weekly totals - data return,,\n")
    assert _account(r) == (270, 270, 0, 270, 1)
    said = next(w["message"] for w in r.report.details["warnings"]
                if w["code"] == "week_total_row")
    assert "source row 5 (W1, week from 2026-03-02: 270 min, equal to the 270" in said
    r = _read("W1,02/03/2026,120,Home visit,C1,\nW1,03/03/2026,60,Case notes,C1,\n"
              "W1,04/03/2026,90,Home visit,C2,\n"
              "W1,05/03/2026,30,Weekly totals - data return,,\n")
    assert _account(r) == (300, 300, 0, 0, 0)


@pytest.mark.parametrize("row, accepted, totals", [
    ("W1,05/03/2026,270,Phone call,C2,Weekly total", 540, (0, 0)),
    ("W1,05/03/2026,200,Weekly total,C2,", 470, (0, 0)),
    ("W1,05/03/2026,270,Weekly total,C2,", 270, (270, 1)),
    ("W1,05/03/2026,200,Weekly total: 4.5 hrs,,", 270, (200, 1)),
], ids=["note_only", "case_not_the_sum", "case_and_the_sum", "label_with_figures"])
def test_a_note_never_and_a_case_only_by_the_sum(row, accepted, totals):
    """By hand, under W1's 120 + 60 + 90 = 270 (week of 2 March 2026): a phone call of 270
    on C2 noted ``Weekly total`` is a phone call whatever its minutes (a note is never a
    label): 540 accepted. ``Weekly total`` with a case of its own is a total only as the
    week's sum: 200 is work (470 accepted), 270 is the total. ``Weekly total: 4.5 hrs``
    with no case is the label, the whole cell (figures and units after it): a total,
    whatever its minutes (200 said apart, named not equal). Before: the first two were
    totals too (270 accepted)."""
    r = _read("W1,02/03/2026,120,Home visit,C1,\nW1,03/03/2026,60,Case notes,C1,\n"
              "W1,04/03/2026,90,Home visit,C2,\n" + row + "\n")
    assert _account(r)[1] == accepted and _account(r)[3:] == totals


def test_a_note_does_not_make_a_row_without_its_start_a_total():
    """A diary with clock times: a home visit with no start, its note ``Total this week so
    far fine``, is an entry missing its start (rejected ``missing_required``, its 20 min
    rejected), not a total row. By hand: 60 accepted + 20 rejected = 80 in; no total row.
    Before: rejected ``total_row``, its 20 min said apart as a sheet's sum."""
    r = _read("W1,09/03/2026,09:00,10:00,60,Home visit,C1,\n"
              "W1,09/03/2026,,,20,Phone call,C2,Total this week so far fine\n",
              head="worker_id,date,start_time,end_time,duration,activity,case_id,notes\n")
    assert _account(r) == (80, 60, 20, 0, 0)
    assert "total_row" not in r.report.rejected_by_reason
