"""A night's end in the worker-weeks and the case-months, worked by hand (fix30n).

N1 (Emergency Duty Team, ``Mon-Thu Sun``, 45 contracted hours) works ten nights, Sunday 31
May to Thursday 4 June and Sunday 7 to Thursday 11 June 2026, each 22:00-07:00 (9 h):
duty 22:00-01:00, travel 01:00-01:30, a visit to A 01:30-03:00, travel back 03:00-03:30,
duty 03:30-04:30, case notes on A 04:30-05:30, a visit to B 05:30-06:30 (wholly after the
diary day's start, 04:00) and a handover 06:30-07:00: 6.5 h before 04:00, 2.5 h after it,
and 4.5 h on cases (travel 1, visit A 1.5, notes 1, visit B 1). On the first night the
visit and notes are on C, child in need to 1 June and child protection from it (a case
listed once per period). D1 works Monday 1 to Friday 12 June, 09:00-17:00, 4 h a day on
D and E.

The pieces read each night's end on the night's day (``shift_tails.night_dates``): the
night of Sunday 31 May is a piece of the week of 25 May. Before, the worker-weeks kept the
diary's own dates for a night's end (only a tail-only day, Friday, was read with its
night): the week of 25 May had 6.5 hours (2.5 on cases) for its 2 visits, the week of 8
June 38.5 (20.0) for 8, where by hand each night is 9 hours and 4.5 on cases: 9.0 (4.5),
45.0 (22.5), 36.0 (18.0). Every minute is counted once either way: 90 hours worked, 45 on
cases. The case periods split the first night's notes (on 1 June's diary day) from its
visit (on 31 May's), a notes piece of their own on the child protection period.

A night split evenly at 04:00 (00:00-04:00 and 04:00-08:00) is the night's, one day and one
piece: before, the part after 04:00 stayed on its own day, and a night worker's diary day
held one night's end and the next night's start as one piece of two nights.
"""

from __future__ import annotations

import warnings
from pathlib import Path

import pandas as pd
import pytest

import timestudy
from timestudy.errors import DataQualityWarning
from timestudy.models.study_inputs import prepared
from timestudy.panels import case_month, diary_completeness, pieces_of_work, worker_week
from timestudy.panels.shift_tails import carried_rows

pytestmark = pytest.mark.filterwarnings("ignore::timestudy.errors.DataQualityWarning")

NIGHTS = ["2026-05-31", "2026-06-01", "2026-06-02", "2026-06-03", "2026-06-04",
          "2026-06-07", "2026-06-08", "2026-06-09", "2026-06-10", "2026-06-11"]
# start, end (hours from the night's day's midnight), activity, case
NIGHT = [(22, 25, "EDT duty", ""), (25, 25.5, "travel to visit", "A"),
         (25.5, 27, "home visit", "A"), (27, 27.5, "travel back", "A"),
         (27.5, 28.5, "EDT duty", ""), (28.5, 29.5, "case notes", "A"),
         (29.5, 30.5, "home visit", "B"), (30.5, 31, "handover to day duty team", "")]
DAY = [(9, 10, "checking emails", ""), (10, 11, "home visit", "D"), (11, 12, "case notes", "D"),
       (12, 13, "admin", ""), (13, 14, "home visit", "E"), (14, 15, "case notes", "E"),
       (15, 17, "admin", "")]
CASES = """case_id,case_type,worker_id,opened,closed
A,CP,N1,2026-01-05,
B,CIN,N1,2026-02-02,
C,CIN,N1,2026-03-02,2026-06-01
C,CP,N1,2026-06-01,
D,CIN,D1,2026-02-02,
E,CP,D1,2026-01-05,
"""
WORKERS = """worker_id,fte,contracted_hours,workdays
N1,1.0,45,Mon-Thu Sun
D1,1.0,40,Mon-Fri
"""


def _rows(worker: str, day: str, entries: list, first: bool = False) -> list[str]:
    d = pd.Timestamp(day)
    out = []
    for start, end, activity, case in entries:
        case = "C" if first and case == "A" else case
        s, e = (d + pd.Timedelta(hours=h) for h in (start, end))
        out.append(f"{worker},{s:%Y-%m-%dT%H:%M},{e:%Y-%m-%dT%H:%M},{activity},{case}")
    return out


@pytest.fixture(scope="module")
def study(tmp_path_factory) -> dict:
    folder = Path(tmp_path_factory.mktemp("night_weeks"))
    rows = ["worker_id,start,end,activity,case_id"]
    for k, night in enumerate(NIGHTS):
        rows += _rows("N1", night, NIGHT, first=k == 0)
    for day in pd.bdate_range("2026-06-01", "2026-06-12"):
        rows += _rows("D1", str(day.date()), DAY)
    (folder / "diary.csv").write_text("\n".join(rows) + "\n")
    (folder / "cases.csv").write_text(CASES)
    (folder / "workers.csv").write_text(WORKERS)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DataQualityWarning)
        return {"episodes": timestudy.categorise(timestudy.read_diary(folder / "diary.csv")
                                                 .episodes),
                "cases": timestudy.read_cases(folder / "cases.csv"),
                "workers": timestudy.read_workers(folder / "workers.csv")}


def test_a_nights_hours_fall_in_the_week_its_pieces_count_in(study):
    """By hand (module notes): N1's weeks of 25 May, 1 and 8 June have 1, 5 and 4 nights,
    9.0, 45.0 and 36.0 hours worked, 4.5, 22.5 and 18.0 on cases, for 2, 10 and 8 visits
    (before: 6.5, 45.0, 38.5 and 2.5, 22.5, 20.0, the visits the same); 90 and 45 in all,
    before and after. D1: 40 hours, 20 on cases, 10 visits each week."""
    ww = worker_week(study["episodes"], study["workers"])
    n1 = ww.loc[ww["worker_id"] == "N1"]
    assert n1["week_start"].dt.strftime("%d %b").tolist() == ["25 May", "01 Jun", "08 Jun"]
    assert n1["hours_worked"].tolist() == pytest.approx([9.0, 45.0, 36.0])
    assert n1["hours_case"].tolist() == pytest.approx([4.5, 22.5, 18.0])
    assert n1["n_statutory_visit"].tolist() == pytest.approx([2.0, 10.0, 8.0])
    assert n1["fte_weeks"].tolist() == pytest.approx([0.2, 1.0, 0.8])
    d1 = ww.loc[ww["worker_id"] == "D1"]
    assert d1["hours_worked"].tolist() == pytest.approx([40.0, 40.0])
    assert d1["hours_case"].tolist() == pytest.approx([20.0, 20.0])
    assert ww["hours_worked"].sum() == pytest.approx(170.0)
    assert ww["hours_case"].sum() == pytest.approx(85.0)


def test_a_nights_notes_stay_with_its_visit_on_the_case_period_of_its_night(study):
    """The first night's visit (01:30, on 31 May's diary day) and its notes (04:30 on 1
    June, the night's) are on C's child in need period: one piece of 90 direct and 60 notes
    minutes, not a visit on the child in need period and a notes piece on the child
    protection period (before). The case-months: C#2 (child protection from 1 June) has no
    hour of that night (before 1.0); C#1 was open within N1's window on Sunday 31 May
    alone, a day of N1's week (``Mon-Thu Sun``: ``windows.case_week``), so its 3.5 hours
    (travel 1, visit 1.5, notes 1; before 2.5) are its own over 1 / 21.0744 case-months
    (fix31n; before, no weekday: in no case-month and said so, 81.5 + 3.5 left out); the
    hours on cases add up to 85 before and after."""
    e, c = prepared(study["episodes"], study["cases"], None, {}, {})
    p = pieces_of_work(e)
    on_c = p.loc[(p["worker_id"] == "N1") & p["case_id"].astype(str).str.startswith("C")]
    assert sorted(on_c["task_type"]) == ["case_notes", "statutory_visit", "travel"]
    assert set(on_c["case_id"]) == {"C#1"}
    first = on_c.loc[on_c["task_type"] == "statutory_visit"]
    assert first[["direct_min", "linked_recording_min"]].values.tolist() == [[90.0, 60.0]]
    cm = case_month(e, c, workers=study["workers"]).set_index("case_id")
    assert cm.loc["C#2", "hours"] == pytest.approx(0.0)
    assert "hours_left_out" not in cm.attrs
    assert cm.loc["C#1", "hours"] == pytest.approx(3.5)
    assert cm.loc["C#1", "case_months"] == pytest.approx(1 / 21.074404761904763)
    assert cm["hours"].sum() == pytest.approx(85.0)


def _even_nights() -> pd.DataFrame:
    """Q1 on five nights 00:00-08:00, Tuesday 3 to Saturday 7 March 2026 by the clock, each
    written 00:00-04:00 and 04:00-08:00; D1 on days, 09:00-17:00, Monday to Friday."""
    rows = []
    for d in range(3, 8):
        for h in (0, 4):
            rows.append({"worker_id": "Q1", "start": pd.Timestamp(f"2026-03-0{d}")
                         + pd.Timedelta(hours=h), "duration_min": 240.0, "task_type": "duty",
                         "category": "admin", "case_id": None})
    rows += [{"worker_id": "D1", "start": pd.Timestamp(f"2026-03-0{d} 09:00"),
              "duration_min": 480.0, "task_type": "meeting", "category": "admin",
              "case_id": None} for d in range(2, 7)]
    ep = pd.DataFrame(rows)
    return ep.assign(end=ep["start"] + pd.to_timedelta(ep["duration_min"], unit="min"))


def test_a_night_split_evenly_at_the_day_start_is_one_night_on_its_day():
    """By hand: each night's 240 minutes before 04:00 are on the day before's diary day,
    and so are its 240 after (as many as before: the night's end, not a day begun at 04:00).
    Q1 has five diary days, Monday 2 to Friday 6, and five duty pieces of 480 minutes, one
    a night. Before: the part after 04:00 stayed on its own day, so Saturday 7 was a day of
    its own (extra, 4 h) and Tuesday to Friday each held one night's end and the next
    night's start, 16 hours apart, as one piece of 480: pieces of 240, 480 x 4 and 240."""
    ep = _even_nights()
    assert carried_rows(ep.assign(diary_date=pd.to_datetime(
        ep["start"] - pd.Timedelta(hours=4)).dt.normalize()))["night"].tolist() == \
        [False, True] * 5 + [False] * 5
    days = diary_completeness(ep)
    q1 = days.loc[days["worker_id"] == "Q1"]
    assert q1["diary_date"].dt.day.tolist() == [2, 3, 4, 5, 6]
    p = pieces_of_work(ep, days=days)
    q = p.loc[p["worker_id"] == "Q1"]
    assert q["first_date"].dt.day.tolist() == [2, 3, 4, 5, 6]
    assert q["direct_min"].tolist() == [480.0] * 5
    ww = worker_week(ep, days=days).set_index("worker_id")
    assert ww.loc["Q1", ["hours_worked", "days_worked", "fte_weeks"]].tolist() == \
        pytest.approx([40.0, 5, 1.0])
