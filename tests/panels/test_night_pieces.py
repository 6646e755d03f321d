"""Pieces of work across midnight and the diary day's start (04:00), worked by hand.

Diary days run 04:00 to 04:00. Travel and notes after midnight but before 04:00 are on the
visit's diary day already; a night's end after 04:00 (a handover 05:30-08:00, a visit's
second row from 04:00) is the night's work: the pieces read it on the night's diary day
(``timestudy.panels.shift_tails.night_dates``), as the completeness reads a tail-only day.
Before, a night's duty was two pieces split at 04:00 and a visit written as two rows across
04:00 two visits. Each night's handover stays a piece of its own (tails25, not merged,
folded only the tail-only days and put two nights' handovers in one piece).
"""

from __future__ import annotations

import sys
import warnings
from pathlib import Path

import pandas as pd
import pytest

import timestudy
from timestudy.errors import DataQualityWarning
from timestudy.panels import diary_completeness, pieces_of_work

pytestmark = pytest.mark.filterwarnings("ignore::timestudy.errors.DataQualityWarning")

# worker_id, start, end, activity, case_id (the default taxonomy reads the activities)
DIARY = """worker_id,start,end,activity,case_id
E1,2026-03-02 17:00,2026-03-02 22:30,EDT duty,
E1,2026-03-02 22:30,2026-03-02 23:00,travel to visit,C1
E1,2026-03-02 23:00,2026-03-03 00:40,home visit,C1
E1,2026-03-03 00:40,2026-03-03 01:10,travel back,C1
E1,2026-03-03 01:10,2026-03-03 01:40,case notes,C1
B1,2026-03-02 13:00,2026-03-02 17:00,team meeting,
B1,2026-03-02 21:00,2026-03-02 22:00,home visit,C2
B1,2026-03-03 00:15,2026-03-03 00:45,case notes,C2
D1,2026-03-02 10:00,2026-03-02 10:30,travel to visit,C3
D1,2026-03-02 10:30,2026-03-02 11:30,home visit,C3
D1,2026-03-02 11:30,2026-03-02 12:00,travel back,C3
D1,2026-03-02 12:00,2026-03-02 17:00,team meeting,
D1,2026-03-02 22:00,2026-03-02 23:30,case notes,C3
N1,2026-03-02 20:00,2026-03-03 00:30,EDT duty,
N1,2026-03-03 00:30,2026-03-03 01:00,travel to visit,C4
N1,2026-03-03 01:00,2026-03-03 03:00,home visit,C4
N1,2026-03-03 03:00,2026-03-03 03:30,travel back,C4
N1,2026-03-03 03:30,2026-03-03 05:30,EDT duty,
N1,2026-03-03 05:30,2026-03-03 06:30,case notes,C4
N1,2026-03-03 06:30,2026-03-03 08:00,handover to day duty team,
X1,2026-03-02 20:00,2026-03-03 02:00,EDT duty,
X1,2026-03-03 02:00,2026-03-03 03:30,writing assessment,C5
X1,2026-03-03 03:30,2026-03-03 08:00,EDT duty,
X1,2026-03-03 20:00,2026-03-04 03:00,EDT duty,
X1,2026-03-04 03:00,2026-03-04 05:00,writing assessment,C5
X1,2026-03-04 05:00,2026-03-04 08:00,EDT duty,
V1,2026-03-02 20:00,2026-03-03 02:30,EDT duty,
V1,2026-03-03 02:30,2026-03-03 03:00,travel to visit,C6
V1,2026-03-03 03:00,2026-03-03 04:00,home visit,C6
V1,2026-03-03 04:00,2026-03-03 05:00,home visit,C6
V1,2026-03-03 05:00,2026-03-03 05:30,travel back,C6
V1,2026-03-03 05:30,2026-03-03 08:00,handover to day duty team,
"""
CASES = ["C1", "C2", "C3", "C4", "C5", "C6"]
WORKERS = ["E1", "B1", "D1", "N1", "X1", "V1"]


@pytest.fixture(scope="module")
def episodes(tmp_path_factory) -> pd.DataFrame:
    path = Path(tmp_path_factory.mktemp("nights")) / "diary.csv"
    path.write_text(DIARY)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DataQualityWarning)
        return timestudy.categorise(timestudy.read_diary(path).episodes)


@pytest.fixture(scope="module")
def pieces(episodes) -> pd.DataFrame:
    return pieces_of_work(episodes, days=diary_completeness(episodes))


def _one(p: pd.DataFrame, worker: str, task: str) -> pd.DataFrame:
    return p.loc[(p["worker_id"] == worker) & (p["task_type"] == task)].sort_values(
        "first_date").reset_index(drop=True)


def _date(p: pd.DataFrame, col: str = "first_date") -> list[str]:
    return [str(d.date()) for d in p[col]]


@pytest.mark.parametrize(("worker", "direct", "travel", "notes"), [
    ("E1", 100.0, 60.0, 30.0),  # (a) 23:00-00:40; 22:30-23:00, 00:40-01:10; 01:10-01:40
    ("B1", 60.0, 0.0, 30.0),  # (b) 21:00-22:00; notes 00:15-00:45
    ("D1", 60.0, 60.0, 90.0),  # (c) control: 10:30-11:30; two legs of 30; notes 22:00-23:30
    ("N1", 120.0, 60.0, 60.0),  # (d) 01:00-03:00; 00:30-01:00, 03:00-03:30; notes 05:30-06:30
    ("V1", 120.0, 60.0, 0.0),  # a visit written as 03:00-04:00 and 04:00-05:00: one visit
])
def test_a_visit_after_midnight_keeps_its_travel_and_notes(pieces, worker, direct, travel,
                                                           notes):
    v = _one(pieces, worker, "statutory_visit")
    assert len(v) == 1  # V1 before: two visits of 60, each with one leg (90 + 90)
    assert v.loc[0, ["direct_min", "linked_travel_min", "linked_recording_min"]].tolist() \
        == [direct, travel, notes]
    assert v.loc[0, "full_min"] == direct + travel + notes
    assert _date(v) == ["2026-03-02"]  # the night's (or the day's) diary day


def test_a_nights_duty_and_its_handover_are_one_piece_on_the_nights_day(pieces):
    # N1: duty 20:00-00:30 (270) and 03:30-05:30 (120) on Monday's diary day, the
    # handover 06:30-08:00 (90) after 04:00: one duty of 480 on 2 March (before: 390 on
    # the 2nd and 90 on the 3rd, two pieces); its notes 05:30-06:30 the night's too.
    duty = _one(pieces, "N1", "duty")
    assert duty["direct_min"].tolist() == [480.0]
    assert _date(duty) == ["2026-03-02"]
    assert _date(_one(pieces, "N1", "case_notes")) == ["2026-03-02"]
    # V1: 20:00-02:30 (390) and the handover 05:30-08:00 (150): 540 (before 390 + 150)
    assert _one(pieces, "V1", "duty")["direct_min"].tolist() == [540.0]


def test_an_assessment_over_two_nights_is_one_piece_and_each_night_one_duty(pieces):
    # (e) X1 writes 02:00-03:30 on Monday's night and 03:00-05:00 on Tuesday's (window 5
    # working days): one piece of 90 + 120 = 210 on the 2nd and 3rd. Duty: Monday's night
    # 20:00-02:00 (360) + 03:30-08:00 (270, begun before 04:00) = 630; Tuesday's 20:00-03:00
    # (420) + 05:00-08:00 (180, after 04:00) = 600 (before: 420 and 180 on the 4th).
    a = _one(pieces, "X1", "assessment_writeup")
    assert a[["direct_min", "full_min", "n_sittings", "n_days"]].values.tolist() == [
        [210.0, 210.0, 2, 2]]
    assert (_date(a), _date(a, "last_date")) == (["2026-03-02"], ["2026-03-03"])
    duty = _one(pieces, "X1", "duty")
    assert duty["direct_min"].tolist() == [630.0, 600.0]
    assert _date(duty) == ["2026-03-02", "2026-03-03"]


def test_no_minute_is_counted_twice_or_dropped(episodes, pieces):
    worked = episodes.loc[episodes["category"] != "non_work", "duration_min"].sum()
    # by hand: E1 520, B1 330, D1 510, N1 720, X1 1,440, V1 720 = 4,240 minutes worked;
    # on cases 190 + 90 + 210 + 240 + 210 + 180 = 1,120
    assert pieces["full_min"].sum() == worked == 4_240.0
    on_case = episodes["case_id"].notna()
    assert pieces.loc[pieces["case_id"].notna(), "full_min"].sum() == \
        episodes.loc[on_case, "duration_min"].sum() == 1_120.0


def test_the_guides_task_times_read_each_night_once(episodes):
    # Duty pieces: E1 330, N1 480, X1 630 and 600, V1 540 = 2,580 over 5 (before: 8
    # pieces of 322.5: N1 390 + 90, X1 420 + 180, V1 390 + 150). Visits: 190 + 90 + 210 + 240
    # + 180 = 910 full minutes over 5 (before 6: V1's two rows two visits): 3.0333 h.
    cases = pd.DataFrame({"case_id": CASES, "case_type": "CIN", "worker_id": WORKERS,
                          "open_date": pd.Timestamp("2026-01-01")})
    workers = pd.DataFrame({"worker_id": WORKERS, "fte": 1.0, "contracted_hours": 37.0})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        fit = timestudy.fit_study(episodes, cases, workers, n_boot=19, sensitivity=False)
    t = fit.task_times.table
    assert t.loc["duty", ["n_pieces", "direct_min"]].tolist() == [5, 516.0]
    assert t.loc["statutory_visit", "n_pieces"] == 5
    assert t.loc["statutory_visit", "direct_min"] == pytest.approx(460 / 5)
    assert t.loc["statutory_visit", "full_hours"] == pytest.approx(910 / 5 / 60)


def test_each_nights_handover_stays_a_piece_of_its_own():
    # audit25n's nights (tests/panels/test_night_shift_tails.py): 49 nights, each with a
    # handover 05:30-08:00 after 04:00 and a night's visits. 49 handovers of 150 and 49
    # nights' visits of 540 (tails25 made 38 handover pieces of 193: two nights' on a Friday)
    sys.path.insert(0, str(Path(__file__).parent))
    from test_night_shift_tails import _audit_study

    ep, workers = _audit_study()
    p = pieces_of_work(ep, days=diary_completeness(ep, workers))
    by = p.groupby("task_type")["full_min"].agg(["size", "mean"])
    assert by.loc["handover"].tolist() == [49, 150.0]
    assert by.loc["visit"].tolist() == [49, 540.0]


def test_a_break_across_the_day_start_neither_joins_nor_breaks_the_night(tmp_path):
    # N3's night: duty 20:00-03:45 (465), a break 03:45-04:15, the handover 04:15-08:00
    # (225), no night on Tuesday. The handover is the night's: Tuesday held only it, so the
    # completeness reads it on Monday (11.5 h worked) and the pieces make one duty of 690
    # on 2 March (before: the break broke the run, Tuesday a day of 3.75 h, two pieces).
    path = tmp_path / "n3.csv"
    path.write_text("worker_id,start,end,activity,case_id\n"
                    "N3,2026-03-02 20:00,2026-03-03 03:45,EDT duty,\n"
                    "N3,2026-03-03 03:45,2026-03-03 04:15,break,\n"
                    "N3,2026-03-03 04:15,2026-03-03 08:00,handover to day duty team,\n")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DataQualityWarning)
        ep = timestudy.categorise(timestudy.read_diary(path).episodes)
        days = diary_completeness(ep)
    assert ep["category"].tolist() == ["admin", "non_work", "admin"]
    worked = days.set_index("diary_date")["hours_worked"]
    assert worked.loc["2026-03-02"] == pytest.approx(11.5)
    assert "2026-03-03" not in worked.index or worked.loc["2026-03-03"] == 0
    duty = _one(pieces_of_work(ep, days=days), "N3", "duty")
    assert duty["direct_min"].tolist() == [690.0]
    assert _date(duty) == ["2026-03-02"]
