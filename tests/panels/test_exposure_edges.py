"""A case's exposure stops where its holder's time in post does, and the study period keeps
the weekdays no one is contracted to work (audit23p, s7 and s1).

Each standard day (``_edges.std``) is 2 h of visit on one case and 4.4 h of notes on the
other; a case-month is 21.0744 working days.

- s7: a part-time joiner's window was widened back over their days off before they came,
  and a part-time leaver's forward past their ``left`` date: their cases' 6 days of work
  were counted over 10 weekdays, not 8 (20% low). A window never runs on or after ``left``
  nor before ``joined``; without ``joined``, a diary that begins after a contracted day of
  the worker's inside the study is a joiner's: not widened back.
- s1: everyone on Monday-to-Thursday contracts: the study ended on Thursday 29 October and
  every case lost Friday 30 (14 weekdays, not 15: 7.1% high). The study period is widened,
  within its last (first) week, over days no diarist is contracted to work.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from _edges import by_type, cases, per_case, row, std, weekdays, workers

from timestudy.panels import exposure
from timestudy.schema.standards import WORKING_DAYS_PER_MONTH as MONTH

WED21 = dt.date(2026, 10, 21)
WF = ("WF", 1.0, "Mon-Fri")
F_CASES = (("F1", "CIN", "WF"), ("F2", "CP", "WF"))


def _joiner() -> list[tuple]:
    """WF full time throughout; WJ 0.6 FTE Wednesday to Friday from Wednesday 21 October."""
    return [r for d in weekdays() for r in std("WF", d, "F1", "F2")
            + (std("WJ", d, "J1", "J2") if d >= WED21 and d.weekday() >= 2 else [])]


def _leaver() -> list[tuple]:
    """WF full time throughout; WL 0.6 FTE Monday to Wednesday until Wednesday 21 October."""
    return [r for d in weekdays() for r in std("WF", d, "F1", "F2")
            + (std("WL", d, "L1", "L2") if d <= WED21 and d.weekday() <= 2 else [])]


@pytest.mark.parametrize("joined", [None, "2026-10-21"], ids=["no-joined", "joined"])
def test_a_part_time_joiner_is_not_counted_before_joining(joined):
    """s7_joiner: WJ's 6 days (Wed 21 - Fri 23, Wed 28 - Fri 30) hold 12 h on J1 (CLA) and
    26.4 h on J2 (PROCEEDINGS), over their 6 days from Wednesday 21 to Friday 30, each
    5/3 of a day (fix33q: a case's days are its holder's own): 12 / 10 x 21.0744 = 25.29
    and 26.4 / 10 x 21.0744 = 55.64, two of their weeks, as for a joiner in post since
    Monday 19 (before fix33q, Monday 26 and Tuesday 27 in, Monday 19 and Tuesday 20 out,
    each a whole day, 8: 31.61 and 69.55; before s7, widened back, 10 weekdays)."""
    w = workers(WF, ("WJ", 0.6, "Wed-Fri", joined))
    got = by_type(_joiner(), cases(*F_CASES, ("J1", "CLA", "WJ"),
                                   ("J2", "PROCEEDINGS", "WJ")), w)
    assert got["CLA"] == pytest.approx(12 / 10 * MONTH, rel=1e-9)
    assert got["PROCEEDINGS"] == pytest.approx(26.4 / 10 * MONTH, rel=1e-9)
    assert (round(got["CLA"], 2), round(got["PROCEEDINGS"], 2)) == (25.29, 55.64)


def test_a_joiner_in_post_before_their_diary_is_widened_back_to_joining():
    """``joined`` Monday 19 October: Monday 19 and Tuesday 20 are WJ's days off in post, their
    cases open: 12 h over 10 weekdays, 12 / 10 x 21.0744 = 25.29."""
    w = workers(WF, ("WJ", 0.6, "Wed-Fri", "2026-10-19"))
    got = by_type(_joiner(), cases(*F_CASES, ("J1", "CLA", "WJ"), ("J2", "CP", "WJ")), w)
    assert got["CLA"] == pytest.approx(12 / 10 * MONTH, rel=1e-9)


def test_a_part_time_leaver_is_not_counted_after_leaving():
    """s7_leaver: WL's 6 days (Mon 12 - Wed 14, Mon 19 - Wed 21) hold 12 h on L1 (CLA) and
    26.4 h on L2 (PROCEEDINGS) over their 6 days from Monday 12 to Wednesday 21, ``left``
    Thursday 22, each 5/3 of a day: 25.29 and 55.64 (before fix33q, the 8 weekdays from
    Monday 12 to Wednesday 21: 31.61 and 69.55)."""
    w = workers(WF, ("WL", 0.6, "Mon-Wed", None, "2026-10-22"))
    got = by_type(_leaver(), cases(*F_CASES, ("L1", "CLA", "WL"),
                                   ("L2", "PROCEEDINGS", "WL")), w)
    assert got["CLA"] == pytest.approx(12 / 10 * MONTH, rel=1e-9)
    assert got["PROCEEDINGS"] == pytest.approx(26.4 / 10 * MONTH, rel=1e-9)


@pytest.mark.parametrize("left", ["2026-10-26", None], ids=["left-monday", "no-left"])
def test_a_leaver_in_post_after_their_diary_keeps_their_days_off(left):
    """``left`` Monday 26 October: Thursday 22 and Friday 23 were WL's days off in post:
    12 h over 10 weekdays, 25.29. Without ``left`` a diary that stops is a worker's in post
    (the guide names it, asking for ``left``): the same."""
    w = workers(WF, ("WL", 0.6, "Mon-Wed", None, left))
    got = by_type(_leaver(), cases(*F_CASES, ("L1", "CLA", "WL"), ("L2", "CP", "WL")), w)
    assert got["CLA"] == pytest.approx(12 / 10 * MONTH, rel=1e-9)


def test_a_part_timer_in_post_throughout_keeps_the_days_off_at_either_end():
    """WP 0.6 FTE Wednesday to Friday, diary Wednesday 14 to Friday 30 October (their first
    contracted day of the study to their last): the window runs back over Monday 12 and
    Tuesday 13, as before: 9 days, 18 h on P1 over 15 weekdays, 18 / 15 x 21.0744 = 25.29."""
    rows = [r for d in weekdays() for r in std("WF", d, "F1", "F2")
            + (std("WP", d, "P1", "P2") if d.weekday() >= 2 else [])]
    w = workers(WF, ("WP", 0.6, "Wed-Fri"))
    got = by_type(rows, cases(*F_CASES, ("P1", "CLA", "WP"), ("P2", "CP", "WP")), w)
    assert got["CLA"] == pytest.approx(18 / 15 * MONTH, rel=1e-9)


def _s1() -> list[tuple]:
    """WC 1.0 FTE on 4 x 9.25 h and WP 0.8 FTE on 4 x 7.4 h, Monday to Thursday, 12-29 Oct."""
    rows = []
    for d in weekdays():
        if d.weekday() < 4:
            rows += [row("WC", d, "08:00", "10:00", "email_admin"),
                     row("WC", d, "10:00", "12:30", "statutory_visit", "C1"),
                     row("WC", d, "12:30", "13:00", "break"),
                     row("WC", d, "13:00", "15:00", "case_notes", "C1"),
                     row("WC", d, "15:00", "17:45", "direct_work_session", "C2"),
                     row("WP", d, "09:00", "11:00", "email_admin"),
                     row("WP", d, "11:00", "13:00", "statutory_visit", "P1"),
                     row("WP", d, "13:00", "13:30", "break"),
                     row("WP", d, "13:30", "16:54", "case_notes", "P2")]
    return rows


S1_CASES = (("C1", "CIN", "WC"), ("C2", "CP", "WC"), ("P1", "CIN", "WP"), ("P2", "CP", "WP"))


def test_a_friday_no_one_works_stays_in_the_study():
    """s1: 12 days each. CIN: C1 4.5 h x 12 = 54 h, P1 2 h x 12 = 24 h; CP: C2 2.75 x 12 = 33,
    P2 3.4 x 12 = 40.8. Each case is open the 15 weekdays of 12-30 October:
    CIN 78 / 30 x 21.0744 = 54.79, CP 73.8 / 30 x 21.0744 = 51.84 (before: the study ended on
    Thursday 29, 14 weekdays: 58.71 and 55.55, 7.1% high)."""
    w = workers(("WC", 1.0, "Mon-Thu"), ("WP", 0.8, "Mon-Thu"))
    got = by_type(_s1(), cases(*S1_CASES), w)
    assert got.to_dict() == pytest.approx({"CIN": 78 / 30 * MONTH, "CP": 73.8 / 30 * MONTH},
                                          rel=1e-9)
    assert (round(got["CIN"], 2), round(got["CP"], 2)) == (54.79, 51.84)


def test_a_mon_to_fri_colleague_changes_nothing_for_the_four_day_workers():
    """s1b: with WF on Monday to Friday the study ended on Friday 30 before the fix too: the
    four-day workers' cases keep 15 weekdays (C1 54 h / 15 x 21.0744 = 75.87)."""
    rows = _s1() + [r for d in weekdays() for r in std("WF", d, "F1", "F2")]
    w = workers(("WC", 1.0, "Mon-Thu"), ("WP", 0.8, "Mon-Thu"), WF)
    cm = per_case(rows, cases(*S1_CASES, ("F1", "CIN", "WF"), ("F2", "CP", "WF")), w)
    assert cm.loc["C1", "hours_per_month"] == pytest.approx(54 / 15 * MONTH, rel=1e-9)


def test_the_period_is_widened_within_its_weeks_only():
    """Everyone Monday to Thursday: a period of Monday 12 to Thursday 29 October runs to Sunday
    1 November (Friday 30 in); its Monday is not widened back into the week before. Everyone
    Wednesday to Friday from Wednesday 14: widened back to Monday 12. Someone on a Friday:
    Thursday 29 stays last."""
    def span(bits, first, last):
        days = pd.DataFrame({"worker_id": ["A"], "workday_bits": [bits]})
        return [f"{d:%a %d}" for d in exposure.study_span((pd.Timestamp(first), pd.Timestamp(last)),
                                                  days)]
    assert span(0b0001111, "2026-10-12", "2026-10-29") == ["Mon 12", "Sun 01"]
    assert span(0b0011100, "2026-10-14", "2026-10-30") == ["Mon 12", "Sun 01"]
    assert span(0b0011111, "2026-10-12", "2026-10-29") == ["Mon 12", "Thu 29"]


def test_a_diary_before_joined_or_after_left_is_not_cut():
    """A date that disagrees with the diary (entries before ``joined``, after ``left``) never
    takes the diary's own days out of the window: Monday 12 to Friday 16 October."""
    days = pd.DataFrame({"worker_id": "W1", "diary_date": pd.to_datetime(
        ["2026-10-12", "2026-10-16"]), "workday_bits": 0b0011111})
    w = workers(("W1", 1.0, "Mon-Fri", "2026-10-14", "2026-10-15"))
    got = exposure.diary_windows(days, (pd.Timestamp("2026-10-12"), pd.Timestamp("2026-10-30")), w)
    assert [f"{d:%a %d}" for d in got.loc["W1"]] == ["Mon 12", "Fri 16"]


def test_joined_is_read_from_the_workers_file(tmp_path):
    """A workers CSV with a ``joined`` column (blank for WF) is read as dates and bounds
    the window: WJ joined on Monday 19 October, the joiner test's 25.29 (12 h over 10
    weekdays)."""
    from timestudy.ingest import read_workers

    path = tmp_path / "workers.csv"
    path.write_text("worker_id,fte,workdays,joined\nWF,1.0,Mon-Fri,\nWJ,0.6,Wed-Fri,2026-10-19\n")
    w = read_workers(path)
    assert str(w.set_index("worker_id").loc["WJ", "joined"].date()) == "2026-10-19"
    got = by_type(_joiner(), cases(*F_CASES, ("J1", "CLA", "WJ"), ("J2", "CP", "WJ")), w)
    assert got["CLA"] == pytest.approx(12 / 10 * MONTH, rel=1e-9)
