"""A case is held on its holder's days off: part-time and compressed-hours windows.

Each case's exposure counts the working days it was open in its holder's window
(weekdays less bank holidays and the holder's days absent), x the holder's used share,
over 21.07 working days a case-month (``panels/cases.py``; until the exposure fix,
weekdays x 7/5 over 365.25 / 12 days: the figures below were 3.2% lower then). The window used to run from the holder's first to last diary
day, so a worker whose last contracted weekday is a Wednesday lost that week's
Thursday and Friday (the same days of earlier weeks counted), and one whose first is
a Wednesday lost Monday and Tuesday: their hours per case-month came out 10-25% too
high. The window now runs from the day after the holder's last contracted day before
their first diary day to the day before their first contracted day after their last
(within the study period): days off at either edge are in it, a day at work with no
entries (a worker who joins or leaves mid-study) is not.

Every figure below is worked by hand in the docstrings, not by the code under test.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from timestudy.panels import case_month, diary_completeness
from timestudy.panels.cases import case_hours
from timestudy.panels.exposure import case_exposure, diary_windows
from timestudy.panels.windows import case_week
from timestudy.schema.standards import WORKING_DAYS_PER_MONTH
from timestudy.schema.weekdays import DAY_NAMES

MONTH = WORKING_DAYS_PER_MONTH  # 21.0744 working days
TWO_WEEKS = 10 / MONTH  # 10 working days = 0.474509 case-months


def _episodes(rows: list[tuple[str, dt.date, float, str | None]]) -> pd.DataFrame:
    """One episode per (worker, day, minutes, case): case work, or admin without a case."""
    w, d, m, c = zip(*rows, strict=True)
    return pd.DataFrame({
        "worker_id": list(w),
        "start": pd.to_datetime([dt.datetime.combine(x, dt.time(9)) for x in d]),
        "duration_min": list(m),
        "task_type": ["case_notes" if x else "email_admin" for x in c],
        "category": ["recording" if x else "admin" for x in c],
        "case_id": list(c),
    })


def _weekdays(first: str, last: str) -> list[dt.date]:
    return [d.date() for d in pd.bdate_range(first, last)]


def _cases(holders: dict[str, str]) -> pd.DataFrame:
    return pd.DataFrame({"case_id": list(holders), "case_type": "CIN",
                         "worker_id": list(holders.values()),
                         "opened": pd.Timestamp("2025-01-01"), "closed": pd.NaT})


def study_b() -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """The audit's study B: Monday 9 to Friday 20 March 2026, every case open throughout.

    W1 full time (Mon-Fri) writes 4 h a day on case A (20 h a week), W2 (Mon-Thu) 4.75 h
    on B (19 h a week), W3 (0.6 FTE, Mon-Wed) 6 h on C (18 h a week); each also writes
    an hour of admin a day. Every contracted day is written in full (used share 1).
    """
    rows = []
    for d in _weekdays("2026-03-09", "2026-03-20"):
        rows += [("W1", d, 60.0, None), ("W1", d, 240.0, "A")]
        if d.weekday() < 4:
            rows += [("W2", d, 60.0, None), ("W2", d, 285.0, "B")]
        if d.weekday() < 3:
            rows += [("W3", d, 60.0, None), ("W3", d, 360.0, "C")]
    workers = pd.DataFrame({"worker_id": ["W1", "W2", "W3"], "fte": [1.0, 1.0, 0.6],
                            "workdays": ["Mon-Fri", "Mon Tue Wed Thu", "Mon Tue Wed"]})
    return _episodes(rows), _cases({"A": "W1", "B": "W2", "C": "W3"}), workers


def test_study_b_compressed_and_part_time_cases_keep_their_case_months():
    """Every case was open all 10 weekdays of the study, no bank holiday: 10 / 21.0744 =
    0.474509 case-months.

    ========  ========  ====================  ===========  =======  ==============
    case      contract  window (old)          weekdays     hours    h / case-month
    ========  ========  ====================  ===========  =======  ==============
    A (W1)    Mon-Fri   9-20 (9-20)           10 (10)      40       84.30 (86.96)
    B (W2)    Mon-Thu   9-20 (9-19)           10 (9)       38       80.08 (91.80)
    C (W3)    Mon-Wed   9-20 (9-18)           10 (8)       36       75.87 (97.84)
    ========  ========  ====================  ===========  =======  ==============

    W2's last diary day is Thursday 19; their next contracted day is Monday 23, so the
    window runs to Sunday 22, cut at the period's end, Friday 20. W3's last is
    Wednesday 18: the same. Old: 9 weekdays x 7/5 / 30.4375 = 0.413963 and 8 weekdays
    0.367967 case-months; 38 / 0.413963 = 91.80 and 36 / 0.367967 = 97.84 h. Then, in
    calendar days, each 0.459959 (86.96, 82.62, 78.27 h); now in working days each
    0.474509: 40 / 0.474509 = 84.30, 38 / 0.474509 = 80.08, 36 / 0.474509 = 75.87 h.
    The three together: 114 h / 1.423527 = 80.08 h a case-month (was 114 / 1.241897 =
    91.80, then 82.62).
    """
    eps, cases, workers = study_b()
    cm = case_month(eps, cases, workers=workers).set_index("case_id")
    assert cm["case_months"].to_numpy() == pytest.approx([TWO_WEEKS] * 3, rel=1e-12)
    assert cm["hours"].to_list() == pytest.approx([40.0, 38.0, 36.0])
    assert cm["hours_per_month"].to_numpy() == pytest.approx([84.30, 80.08, 75.87], abs=0.005)
    assert cm["hours"].sum() / cm["case_months"].sum() == pytest.approx(80.083, abs=0.001)


def test_study_b_part_timer_without_workdays_is_read_from_fte_and_entries():
    """Without ``workdays`` a 0.6 FTE worker works the round(5 x 0.6) = 3 weekdays they
    wrote most (Mon-Wed, as ``diary_completeness`` infers them): W3's window still runs
    to Friday 20 (0.474509 case-months). W2, at 1.0 FTE, is then taken as Mon-Fri: their
    Friday 20 is a contracted day with no entry, so the window stops on Thursday 19
    (9 weekdays), and Friday 13 is a missing day (used share 8 of 9): 9 x 8/9 = 8
    working days, 0.379607 case-months. A compressed-hours contract must be written in
    ``workdays``.
    """
    eps, cases, workers = study_b()
    cm = case_month(eps, cases, workers=workers.drop(columns="workdays")).set_index("case_id")
    assert cm.loc["C", "case_months"] == pytest.approx(TWO_WEEKS, rel=1e-12)
    assert cm.loc["B", "case_months"] == pytest.approx(8 / MONTH, rel=1e-12)


def test_study_c_easter_part_timers_keep_their_own_days():
    """The audit's study C: Monday 30 March to Friday 10 April 2026, Good Friday (3 April)
    and Easter Monday (6 April) bank holidays, five CIN cases open throughout.

    Every worker writes 1 h of admin and the rest of a 7.4 h day (6.4 h; W4 9.25 h with
    8.25 h) on their case, on each contracted day that is not a bank holiday (W5 works
    Good Friday on a rota and is off on Easter Monday).

    ====  ===========  ===================  ==================  =====================
    case  contract     days written         hours               own days x 5 / n
    ====  ===========  ===================  ==================  =====================
    A     W1 Mon-Fri   10 - 2 holidays = 8  8 x 6.4 = 51.2      8 x 1 = 8
    B     W2 Mon-Wed   6 - 1 (Easter Mon)   5 x 6.4 = 32        5 x 5/3 = 8.3333
    C     W3 Wed-Fri   6 - 1 (Good Fri)     5 x 6.4 = 32        5 x 5/3 = 8.3333
    D     W4 Mon-Thu   8 - 1 (Easter Mon)   7 x 8.25 = 57.75    7 x 5/4 = 8.75
    E     W5 Mon-Fri   10 - 1 (Easter Mon)  9 x 6.4 = 57.6      9 x 1 = 9
    ====  ===========  ===================  ==================  =====================

    W3's first diary day is Wednesday 1 April; their last contracted day before it is
    Friday 27 March, so the window starts on Saturday 28, cut at the period's start,
    Monday 30 (Monday 30 and Tuesday 31 are days off of theirs: in the window, no day of
    their case week). Bank holidays are days off, not days lost (used share 1 for all),
    and out of a case's working days when they fall on a day of its holder's week: a
    case's days are its holder's own, each 5 / their days a week, so a bank holiday on
    a part-timer's day off takes nothing (fix33q; before, every case week was Monday to
    Friday less both bank holidays, 8 days for A to D: B and C 84.30 h per case-month,
    D 152.13, all 118.50). W5 worked Good Friday as a day at work, so E has 9.
    Case-months: 42.4167 / 21.0744 = 2.012710. Hours per case-month: B and C
    32 / 8.3333 x 21.0744 = 80.93 (6.4 h a day x 21.0744 x 3/5, as in a week with no
    bank holiday), D 57.75 / 8.75 x 21.0744 = 139.09, all 230.55 / 2.012710 = 114.55.
    """
    holidays = {dt.date(2026, 4, 3), dt.date(2026, 4, 6)}
    rows = []
    for d in _weekdays("2026-03-30", "2026-04-10"):
        wd = d.weekday()
        for w, days_on, case, minutes in (("W1", range(5), "A", 444), ("W2", (0, 1, 2), "B", 444),
                                          ("W3", (2, 3, 4), "C", 444), ("W4", range(4), "D", 555)):
            if wd in days_on and d not in holidays:
                rows += [(w, d, 60.0, None), (w, d, minutes - 60.0, case)]
        if d != dt.date(2026, 4, 6):
            rows += [("W5", d, 60.0, None), ("W5", d, 384.0, "E")]
    workers = pd.DataFrame({"worker_id": [f"W{i}" for i in range(1, 6)],
                            "fte": [1.0, 0.6, 0.6, 1.0, 1.0],
                            "workdays": ["Mon-Fri", "Mon Tue Wed", "Wed Thu Fri",
                                         "Mon Tue Wed Thu", "Mon-Fri"]})
    cases = _cases({"A": "W1", "B": "W2", "C": "W3", "D": "W4", "E": "W5"})
    cm = case_month(_episodes(rows), cases, workers=workers).set_index("case_id")
    own = np.array([8, 25 / 3, 25 / 3, 8.75, 9])
    assert cm["case_months"].to_numpy() == pytest.approx(own / MONTH, rel=1e-12)
    assert cm["hours"].to_list() == pytest.approx([51.2, 32.0, 32.0, 57.75, 57.6])
    assert cm["hours_per_month"].to_numpy() == pytest.approx(
        [134.88, 80.93, 80.93, 139.09, 134.88], abs=0.005)
    assert cm["hours"].sum() / cm["case_months"].sum() == pytest.approx(114.55, abs=0.005)


def test_joiners_and_leavers_windows_stop_where_their_entries_stop():
    """Monday 9 to Friday 20 March 2026 (W1 writes every weekday, setting the period).

    - W6, Mon-Fri, writes Mon 9 to Wed 11 and leaves: Thursday 12 is contracted, so the
      window is 9-11: 3 weekdays.
    - W7, Mon-Fri, joins on Thursday 12: Wednesday 11 is contracted, so the window is
      12-20: 7 weekdays.
    - W8, Mon-Wed, writes the first week only (Mon 9 to Wed 11): their next contracted
      day is Monday 16, so the window runs to Sunday 15: Thursday 12 and Friday 13 are
      days off in it (5 weekdays); the second week is not. W1: 10 weekdays.
    """
    rows = [("W1", d, 420.0, "A") for d in _weekdays("2026-03-09", "2026-03-20")]
    rows += [("W6", d, 420.0, "F") for d in _weekdays("2026-03-09", "2026-03-11")]
    rows += [("W7", d, 420.0, "G") for d in _weekdays("2026-03-12", "2026-03-20")]
    rows += [("W8", d, 420.0, "H") for d in _weekdays("2026-03-09", "2026-03-11")]
    workers = pd.DataFrame({"worker_id": ["W1", "W6", "W7", "W8"], "fte": [1.0, 1.0, 1.0, 0.6],
                            "workdays": ["Mon-Fri", "Mon-Fri", "Mon-Fri", "Mon Tue Wed"]})
    cases = _cases({"A": "W1", "F": "W6", "G": "W7", "H": "W8"})
    cm = case_month(_episodes(rows), cases, workers=workers).set_index("case_id")
    days = cm["case_months"] * MONTH
    assert days.to_numpy() == pytest.approx([10.0, 3.0, 7.0, 5.0], rel=1e-12)


def test_colleague_work_on_the_holders_day_off_at_the_edge_counts():
    """Study B, and W1 writes an hour on W3's case C on Friday 20 March, a day off of
    W3 (Mon-Wed) after their last diary day (Wednesday 18). It is inside W3's window
    now (to Friday 20) and counts: 60 x W3's used share 1 / W1's 1 = 60 minutes (it
    was left out as outside the holder's window).
    """
    eps, cases, workers = study_b()
    extra = _episodes([("W1", dt.date(2026, 3, 20), 60.0, "C")])
    eps = pd.concat([eps, extra], ignore_index=True)
    days = diary_completeness(eps, workers)
    work = eps.assign(minutes=eps["duration_min"], diary_date=eps["start"].dt.normalize())
    h = case_hours(work, cases, days, (pd.Timestamp("2026-03-09"), pd.Timestamp("2026-03-20")))
    friday = h.loc[(h["case_id"] == "C") & (h["worker_id"] == "W1")]
    assert friday["counted"].to_list() == [60.0]
    assert not friday["outside_window"].any()
    assert case_month(eps, cases, workers=workers).set_index("case_id").loc["C", "hours"] == 37.0


_DAY = np.timedelta64(1, "D")


# Three contracts a drawn period, each its own holder and case in one study (the holders
# share nothing: each one's window and case-months are its own): 20 examples x 3 = 60
# (contract, period) pairs, as the 60 examples of one contract each were (under the "ci"
# profile), in a third of the studies.
@settings(max_examples=20, deadline=None)
@given(contracts=st.lists(st.integers(1, 127), min_size=3, max_size=3, unique=True),
       start=st.integers(0, 6), length=st.integers(7, 27))
def test_a_diary_kept_on_every_contracted_day_sees_the_whole_period(contracts, start, length):
    """Recovery, whatever the contract: a holder who writes every contracted day of the
    period (Monday 2 March 2026 + ``start`` days, ``length`` + 1 days long, no bank
    holidays) holds a case open throughout for the whole period: its case-months are
    the period's days of the holder's week / 21.0744 (``holidays="none"``: 21.7411):
    their own days, each 5 / their days of a day, five days a week as for a full-time
    holder (``windows.case_week``; fix31n: a Sunday-to-Thursday holder's Sundays were out
    of it and their Fridays in; fix32w: a Monday-to-Saturday holder's Saturdays; fix33q: a
    part-timer's days off were in it, each a whole day). Their window runs
    from the day after a contracted day (or the period's start) to the day before one
    (or the period's end), and holds no contracted day they did not write.
    """
    p0 = np.datetime64("2026-03-02") + start
    p1 = p0 + length
    dates = np.arange(p0, p1 + _DAY)
    weekday = (dates.astype(np.int64) + 3) % 7
    rows = [("W0", d, 420.0, None) for d in pd.to_datetime(dates[[0, -1]]).date]
    holders, workdays = {}, ["0,1,2,3,4,5,6"]
    for k, bits in enumerate(contracts, start=1):
        on = dates[(bits >> weekday) & 1 == 1]
        rows += [(f"W{k}", d, 420.0, f"A{k}") for d in pd.to_datetime(on).date]
        # by name: a lone day number ('0') is refused as a count of days (fix33p)
        workdays.append(",".join(DAY_NAMES[d][:3] for d in range(7) if bits >> d & 1))
        holders[f"A{k}"] = f"W{k}"
    workers = pd.DataFrame({"worker_id": [f"W{k}" for k in range(len(workdays))], "fte": 1.0,
                            "workdays": workdays})
    days = diary_completeness(_episodes(rows), workers, holidays="none")
    period = (pd.Timestamp(p0), pd.Timestamp(p1))
    windows = diary_windows(days, period)
    months = case_exposure(_cases(holders), days, period)
    for k, bits in enumerate(contracts, start=1):
        win = windows.loc[f"W{k}"]
        assert (win["lo"], win["hi"]) == period, bits
        week = [bool(case_week(np.array([bits]))[0] >> d & 1) for d in range(7)]
        open_days = np.busday_count(p0, p1 + _DAY, weekmask=week) * 5 / sum(week)
        assert months.loc[f"A{k}"] == pytest.approx(open_days / (MONTH + 8 / 12), rel=1e-12), bits


def test_exposure_recovered_on_the_held_out_generators_complete_diary(tmp_path):
    """Recovery on a generator the code has never seen (``benchmarks/heldout``): a complete
    diary (no day missing or short, so every used share is 1) of 20 workers over four
    weeks, part-timers at 0.6 and 0.8 FTE on their own weekdays. Each case's exposure
    must be the days of its holder's week it was open in the study period (no bank
    holiday in it) less the days its holder wrote leave or sickness (the generator's
    ``AL`` and ``SICK`` entries, all on contracted weekdays), each 5 / the holder's days
    a week of a day, over 21.0744 working days a case-month, exactly (fix33q: each
    weekday open and each day away was one day whatever the holder's week; 16 of the 265
    cases differ, each a part-timer's case with leave or opened or closed in the study).

    Measured at 100 workers, seed 0 (2026-12-04): every one of 1,329 cases exact; with
    the first-to-last-diary-day window, 69 of 155 cases of 0.6 FTE holders were short
    (-2.9% on average) and 172 of 240 of 0.8 FTE holders (-3.9%).
    """
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
    from heldout import generate

    from timestudy import categorise, read_cases, read_diary
    from timestudy.panels import observed_share
    from timestudy.panels.episodes import study_period

    study = generate(20, seed=3, missing=False, light=0.0)
    study.diary.to_csv(tmp_path / "diary.csv", index=False)
    study.cases.to_csv(tmp_path / "cases.csv", index=False)
    eps = categorise(read_diary(tmp_path / "diary.csv", warn=False).episodes)
    cases = read_cases(tmp_path / "cases.csv")
    workers = study.workers.assign(workdays=study.workers["workdays"].replace("", None))
    days = diary_completeness(eps, workers)
    p0, p1 = study_period(eps)
    months = case_exposure(cases, days, (p0, p1))
    after = (p1 + pd.Timedelta(days=1)).to_datetime64().astype("datetime64[D]")
    lo = pd.to_datetime(cases["opened"]).clip(lower=p0).fillna(p0)
    hi = pd.to_datetime(cases["closed"]).fillna(pd.Timestamp(after)).clip(upper=pd.Timestamp(after))
    week = cases["worker_id"].map(workers.set_index("worker_id")["workdays"].fillna(
        "Mon Tue Wed Thu Fri")).to_numpy()
    open_days = np.array([np.busday_count(a, b, weekmask=m) for a, b, m in zip(
        lo.to_numpy().astype("datetime64[D]"),
        np.maximum(hi, lo).to_numpy().astype("datetime64[D]"), week, strict=True)])
    per_day = 5 / np.array([len(m.split()) for m in week])  # each own day 5 / their days
    part_time = cases["worker_id"].map(workers.set_index("worker_id")["fte"]).lt(1).to_numpy()
    assert part_time.sum() >= 10  # the held-out study has part-timers' cases to test
    assert (observed_share(days) == 1).all()  # leave written in is absence, not a day lost
    away = study.diary.loc[study.diary["activity_code"].isin(["AL", "SICK"])]
    away = pd.DataFrame({"worker_id": away["worker_id"],
                         "day": pd.to_datetime(away["start"]).dt.normalize()}).drop_duplicates()
    both = cases[["case_id", "worker_id"]].assign(lo=lo.to_numpy(), hi=hi.to_numpy()).merge(
        away, on="worker_id")
    inside = both.loc[(both["day"] >= both["lo"]) & (both["day"] < both["hi"])]
    absent = inside.groupby("case_id").size().reindex(cases["case_id"], fill_value=0)
    assert absent.sum() > 0  # the held-out study has leave written in on open cases
    expected = (open_days - absent.to_numpy()) * per_day / MONTH
    assert months.to_numpy() == pytest.approx(expected, rel=1e-12, abs=1e-12)
