"""A day worked in part and on leave (or sick) in part counts its absent share out of the FTE-weeks.

The rule (``timestudy.panels.workdays.absent_share``, used by ``worker_week``): on a
contracted day used, the hours of the absence entries over the worker's contracted
day (``contracted_hours / days_per_week``: 37 / 5 = 7.4 hours at full time),
clipped to [0, 1], come out of the FTE-weeks and the contracted hours. A whole day
of leave (an absence entry and under an hour of work) is absent and out of the
FTE-weeks whole, as before. Time available is contracted time less leave and
sickness (DOMAIN.md, "How established workload studies compute"): half a day's
leave counted as a day at work overstates the time the worker had.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from timestudy import categorise, read_diary, simulate_study
from timestudy.models import available_time
from timestudy.panels import diary_completeness, worker_week
from timestudy.panels.workdays import absent_share

HEADER = "worker_id,start,end,activity,task_type,case_id\n"
MON_THU = "".join(f"W1,2026-03-{d:02d}T09:00,2026-03-{d:02d}T17:00,case notes,case_notes,C1\n"
                  for d in (9, 10, 11, 12))
FRIDAY_MORNING = "W1,2026-03-13T09:00,2026-03-13T13:00,case notes,case_notes,C1\n"
FRIDAY_AFTERNOON_LEAVE = "W1,2026-03-13T13:00,2026-03-13T17:00,annual leave (half day),leave,\n"
FRIDAY_LEAVE = "W1,2026-03-13T09:00,2026-03-13T17:00,annual leave,leave,\n"


def _weeks(tmp_path, rows: str, workers: pd.DataFrame | None = None) -> pd.DataFrame:
    """The worker-weeks of a diary, read and categorised as ``timestudy guide`` does."""
    path = tmp_path / "diary.csv"
    path.write_text(HEADER + rows)
    return worker_week(categorise(read_diary(path, warn=False).episodes), workers)


def _week(tmp_path, rows: str, workers: pd.DataFrame | None = None) -> pd.Series:
    """The one worker-week of a diary."""
    w = _weeks(tmp_path, rows, workers)
    assert len(w) == 1
    return w.iloc[0]


def test_an_afternoon_of_leave_counts_its_hours_of_a_contracted_day_out(tmp_path):
    # The audit's worker (/tmp/audit2/half.csv): 8 hours Monday to Thursday, Friday
    # 09:00-13:00 worked and 13:00-17:00 on annual leave, 37 hours over 5 days.
    # Contracted day 37 / 5 = 7.4 h; the leave is 4 h of it: 4 / 7.4 = 0.5405 of a day.
    # Days at work 5 - 4 / 7.4 = 4.4595; FTE-weeks 1 x 4.4595 / 5 = 1 - 4 / 37 = 0.8919
    # (not 1.0); contracted hours 37 x (1 - 4 / 37) = 37 - 4 = 33.0 (not 37.0); hours
    # worked 4 x 8 + 4 = 36; overtime 36 - 33 = +3.0 (not -1.0). The leave is 4 h, over
    # half the 7.4-hour contracted day, so the week is 33.0 contracted hours, not the
    # 4.5 x 7.4 = 33.3 of a day counted as a half.
    w = _week(tmp_path, MON_THU + FRIDAY_MORNING + FRIDAY_AFTERNOON_LEAVE)
    assert w["fte_weeks"] == pytest.approx(1 - 4 / 7.4 / 5, rel=1e-12)
    assert w["days_absent_part"] == pytest.approx(4 / 7.4, rel=1e-12)
    assert (w["days_worked"], w["days_absent"]) == (5, 0)
    assert w["hours_worked"] == 36.0
    assert w["hours_absence"] == 4.0
    assert w["fte_weeks"] == pytest.approx(33 / 37, rel=1e-12)
    assert w["contracted_hours"] == pytest.approx(33.0, rel=1e-12)
    assert w["overtime_hours"] == pytest.approx(3.0, rel=1e-12)


def test_an_afternoon_off_sick_counts_as_an_afternoon_of_leave(tmp_path):
    sick = FRIDAY_AFTERNOON_LEAVE.replace("annual leave (half day),leave", "off sick,sickness")
    w = _week(tmp_path, MON_THU + FRIDAY_MORNING + sick)
    assert w["fte_weeks"] == pytest.approx(33 / 37, rel=1e-12)
    assert w["contracted_hours"] == pytest.approx(33.0, rel=1e-12)


def test_hours_per_fte_week_and_contract_per_fte_follow(tmp_path):
    # available_time: contracted hours per FTE-week stay 37 (33 / (33/37)); hours worked
    # per FTE-week are 36 / (33/37) = 40.36, not 36 / 1.
    av = available_time(_weeks(tmp_path, MON_THU + FRIDAY_MORNING + FRIDAY_AFTERNOON_LEAVE),
                        n_boot=19)
    assert av.assumptions["contracted_per_fte"] == pytest.approx(37.0, rel=1e-12)
    assert av.table.loc["hours_worked_per_fte_week", "estimate"] == pytest.approx(36 * 37 / 33)


def test_a_whole_friday_of_leave_gives_what_it_gave(tmp_path):
    # Under an hour worked and an absence entry: absent, out of the FTE-weeks whole, and
    # no part of a day at work: 4 / 5 FTE-weeks, 0.8 x 37 = 29.6 contracted hours, 32
    # worked, +2.4 (as before this change, exactly). An afternoon's leave the same week
    # would count 4 / 7.4 of the day more: the whole day is not its hours' share.
    whole = _week(tmp_path, MON_THU + FRIDAY_LEAVE)
    half = _week(tmp_path, MON_THU + FRIDAY_MORNING + FRIDAY_AFTERNOON_LEAVE)
    assert half["fte_weeks"] - whole["fte_weeks"] == pytest.approx((1 - 4 / 7.4) / 5)
    assert (whole["days_worked"], whole["days_absent"], whole["days_absent_part"]) == (4, 1, 0.0)
    assert whole["fte_weeks"] == 4 / 5
    assert whole["contracted_hours"] == 37.0 * (4 / 5)
    assert whole["overtime_hours"] == 32.0 - 37.0 * (4 / 5)


def test_a_part_time_worker_counts_the_share_of_their_own_contracted_day(tmp_path):
    # 0.6 FTE, 22.2 hours over Monday to Wednesday: a contracted day of 22.2 / 3 = 7.4 h.
    # Monday and Tuesday 7.4 h worked; Wednesday 3.7 h worked and 3.7 h on leave: half of
    # the contracted day. Days at work 3 - 0.5 = 2.5; FTE-weeks 0.6 x 2.5 / 3 = 0.5;
    # contracted hours 22.2 x 2.5 / 3 = 18.5; worked 7.4 + 7.4 + 3.7 = 18.5: overtime 0
    # (not 0.6 FTE-weeks, 22.2 hours and -3.7 as a whole day at work).
    rows = ("W2,2026-03-09T09:00,2026-03-09T16:24,case notes,case_notes,C1\n"
            "W2,2026-03-10T09:00,2026-03-10T16:24,case notes,case_notes,C1\n"
            "W2,2026-03-11T09:00,2026-03-11T12:42,case notes,case_notes,C1\n"
            "W2,2026-03-11T12:42,2026-03-11T16:24,annual leave,leave,\n")
    workers = pd.DataFrame({"worker_id": ["W2"], "fte": [0.6], "contracted_hours": [22.2],
                            "workdays": ["Mon-Wed"]})
    w = _week(tmp_path, rows, workers)
    assert (w["days_worked"], w["fte"]) == (3, 0.6)
    assert w["hours_worked"] == pytest.approx(18.5, rel=1e-12)
    assert w["fte_weeks"] == pytest.approx(0.5, rel=1e-12)
    assert w["contracted_hours"] == pytest.approx(18.5, rel=1e-12)
    assert w["days_absent_part"] == pytest.approx(0.5, rel=1e-12)
    assert w["overtime_hours"] == pytest.approx(0.0, abs=1e-9)


def test_a_day_of_leave_with_no_work_stays_whole_beside_a_half_day(tmp_path):
    # Thursday 4 h of leave and nothing worked: absent (under an hour worked), out whole
    # (1 day, not 4 / 7.4 of one). Friday the afternoon's leave: 4 / 7.4 of a day.
    # FTE-weeks (5 - 1 - 4 / 7.4) / 5 = 0.6919; contracted 37 x that = 25.6.
    rows = (MON_THU.rsplit("W1,2026-03-12", 1)[0]
            + "W1,2026-03-12T09:00,2026-03-12T13:00,annual leave,leave,\n"
            + FRIDAY_MORNING + FRIDAY_AFTERNOON_LEAVE)
    w = _week(tmp_path, rows)
    assert (w["days_worked"], w["days_absent"]) == (4, 1)
    assert w["fte_weeks"] == pytest.approx((4 - 4 / 7.4) / 5, rel=1e-12)
    assert w["days_absent_part"] == pytest.approx(4 / 7.4, rel=1e-12)
    assert w["contracted_hours"] == pytest.approx(37 * (4 - 4 / 7.4) / 5, rel=1e-12)


def test_leave_longer_than_the_contracted_day_takes_the_whole_day_and_no_more(tmp_path):
    # Friday: 8 h of leave written, and 2 h worked that evening. The share is clipped at
    # 1: the day is out of the FTE-weeks (0.8), its 2 hours in the hours worked (34).
    rows = MON_THU + FRIDAY_LEAVE + "W1,2026-03-13T18:00,2026-03-13T20:00,case notes,case_notes,C1\n"
    w = _week(tmp_path, rows)
    assert w["fte_weeks"] == pytest.approx(0.8, rel=1e-12)
    assert w["hours_worked"] == 34.0
    assert (w["days_worked"], w["days_absent_part"]) == (5, 1.0)


def test_absent_share_by_hand():
    share = absent_share(np.array([4.0, 3.7, 7.4, 9.0, 0.0, 2.0, 1.0]),
                         np.array([7.4, 7.4, 7.4, 7.4, 7.4, 7.4, 0.0]),
                         np.array([True, True, True, True, True, False, True]))
    assert share.tolist() == pytest.approx([4 / 7.4, 0.5, 1.0, 1.0, 0.0, 0.0, 1.0])


def test_whole_days_of_absence_give_exactly_days_over_contracted_days():
    # The simulator writes every leave and sickness day whole: no part of a day at work
    # is taken, and the FTE-weeks are FTE x days worked / days a week, exactly.
    s = simulate_study(n_workers=12, weeks=2, seed=5)
    episodes = categorise(s.diary)
    days = diary_completeness(episodes, s.workers)
    w = worker_week(episodes, s.workers, days=days)
    assert (w["days_absent_part"] == 0).all() and w["days_absent"].sum() > 0
    per_week = w["worker_id"].map(days.groupby("worker_id")["days_per_week"].first())
    fte = w["worker_id"].map(s.workers.set_index("worker_id")["fte"]).astype(float)
    expected = fte * (w["days_worked"] / per_week.astype(float))
    assert np.array_equal(w["fte_weeks"].to_numpy(), expected.to_numpy())
