"""A night worker's missed night is missing, not a short day (audit25n).

Night shifts 20:00-08:00 are written 20:00-00:00, a break 00:00-00:30, 00:30-05:30 and
a handover 05:30-08:00: 11.5 hours of work a night. Diary days run 04:00 to 04:00, so
each night's handover (2.5 h) lands on the next diary day. On a night not worked that
next day held only the handover: 2.5 h of a usual 11.5 h is under a quarter, a short day,
complete; the missed night was never missing. A day holding only the end of a shift
begun the day before is now that day's (``timestudy.panels.shift_tails``).
"""

from __future__ import annotations

import warnings

import pandas as pd
import pytest

from timestudy.errors import DataQualityWarning
from timestudy.panels import diary_completeness, worker_week

PARTS = [("20:00", 0, "00:00", 1, "visit", "direct_work"),
         ("00:00", 1, "00:30", 1, "break", "non_work"),
         ("00:30", 1, "05:30", 1, "visit", "direct_work"),
         ("05:30", 1, "08:00", 1, "handover", "recording")]


def _nights(worker: str, nights: list[str]) -> pd.DataFrame:
    rows = []
    for night in pd.to_datetime(nights):
        for s, ds, e, de, task, cat in PARTS:
            start = night + pd.Timedelta(days=ds) + pd.Timedelta(s + ":00")
            end = night + pd.Timedelta(days=de) + pd.Timedelta(e + ":00")
            rows.append((worker, start, end, task, cat))
    ep = pd.DataFrame(rows, columns=["worker_id", "start", "end", "task_type", "category"])
    return ep.assign(duration_min=(ep["end"] - ep["start"]).dt.total_seconds() / 60)


def _weekdays(start: str, weeks: int) -> list[str]:
    return [str(d.date()) for d in pd.bdate_range(start, periods=5 * weeks)]


def _audit_study() -> tuple[pd.DataFrame, pd.DataFrame]:
    """The audit's study: N2 to N6 on Mon-Fri nights 2-13 March 2026, N2 not Wed 11 Mar."""
    nights = _weekdays("2026-03-02", 2)
    ep = pd.concat([_nights(w, [n for n in nights if w != "N2" or n != "2026-03-11"])
                    for w in ["N2", "N3", "N4", "N5", "N6"]], ignore_index=True)
    workers = pd.DataFrame({"worker_id": ["N2", "N3", "N4", "N5", "N6"], "fte": 1.0,
                            "contracted_hours": 37.0, "workdays": "Mon-Fri"})
    return ep, workers


def test_a_missed_night_is_missing_and_hours_per_fte_week_are_57_50():
    # By hand: 5 workers x 10 nights - 1 = 49 nights of 11.5 h = 563.5 h, over 49 days
    # of 0.2 FTE-weeks = 9.8 FTE-weeks: 57.50 h per FTE-week (before: Wednesday 11 Mar
    # held only Tuesday's 2.5 h handover, a short day, complete: 563.5 / 10.0 = 56.35).
    ep, workers = _audit_study()
    with pytest.warns(DataQualityWarning, match="diary_day_start"):
        days = diary_completeness(ep, workers)
    n2 = days[days["worker_id"] == "N2"].set_index("diary_date")
    assert n2.loc["2026-03-11", "status"] == "missing"
    # its own night, the handover on Wednesday's diary day with it, Monday night's on
    # Monday (fix31n; before, 11.5 + 2.5 = 14.0 with Monday's handover)
    assert n2.loc["2026-03-10", "hours_worked"] == pytest.approx(11.5)
    assert (days["status"] == "missing").sum() == 1
    assert not days["short"].any()
    # the Saturdays' handovers (Friday night's) are Friday's, not extra days
    assert (days["status"] == "extra").sum() == 0
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DataQualityWarning)
        ww = worker_week(ep, workers, days=days)
    assert ww["hours_worked"].sum() == pytest.approx(563.5)
    assert ww["fte_weeks"].sum() == pytest.approx(9.8)
    assert ww["hours_worked"].sum() / ww["fte_weeks"].sum() == pytest.approx(57.5)
    by = ww.groupby("worker_id")[["hours_worked", "fte_weeks"]].sum()
    # N2: 9 nights, 103.5 h over 1.8 FTE-weeks = 57.5 (before 103.5 / 2.0 = 51.75)
    assert by.loc["N2", "hours_worked"] / by.loc["N2", "fte_weeks"] == pytest.approx(57.5)


def test_n2_observed_share_is_nine_tenths():
    from timestudy.panels.observed_days import observed_share

    ep, workers = _audit_study()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DataQualityWarning)
        days = diary_completeness(ep, workers)
    # 9 nights used of 10 contracted (before: 10 of 10, the short Wednesday not counted
    # as seen nor lost: 9 of 9 = 1.0)
    assert observed_share(days).loc["N2"] == pytest.approx(0.9)


def test_an_edt_17_to_09_handover_is_its_nights():
    from timestudy.panels.shift_tails import fold_tails

    # 17:00-07:00 then a handover 07:00-09:00: 2 h of 16 on the next diary day. A
    # Monday and Wednesday night, Tuesday not: Tuesday holds Monday's 2 h only and
    # is Monday's; Thursday's 2 h are Wednesday's.
    nights = pd.to_datetime(["2026-03-02", "2026-03-04"])
    ep = pd.DataFrame({"worker_id": "E1",
                       "start": [t for n in nights for t in (n + pd.Timedelta("17h"),
                                                             n + pd.Timedelta("31h"))],
                       "end": [t for n in nights for t in (n + pd.Timedelta("31h"),
                                                           n + pd.Timedelta("33h"))],
                       "minutes": [840.0, 120.0] * 2})
    ep["diary_date"] = (ep["start"] - pd.Timedelta("4h")).dt.normalize()  # days from 04:00
    folded, moved = fold_tails(ep)
    assert folded["diary_date"].dt.day.tolist() == [2, 2, 4, 4]
    assert moved["diary_date"].dt.day.tolist() == [3, 5]


def test_a_day_worker_late_notes_and_a_true_short_day_stay_as_they_are():
    # Mon-Fri 09:00-17:00 (8 h); Monday's late notes 22:00-23:30 (1.5 h, Monday's diary
    # day, 9.5 h); Wednesday 09:00-10:00 only: 1 h of a usual 8 h, a short day, complete.
    # Nothing starts within 30 minutes of the end of the day before: no tail, no warning.
    from timestudy.panels.shift_tails import carried_rows

    days = pd.bdate_range("2026-03-02", periods=5)
    ep = pd.DataFrame({"worker_id": "W1",
                       "start": [d + pd.Timedelta("9h") for d in days]
                       + [days[0] + pd.Timedelta("22h")],
                       "duration_min": [480.0, 480.0, 60.0, 480.0, 480.0, 90.0],
                       "task_type": "visit", "category": "direct_work"})
    ep["end"] = ep["start"] + pd.to_timedelta(ep["duration_min"], unit="min")
    assert not carried_rows(ep.assign(diary_date=ep["start"].dt.normalize(),
                                      minutes=ep["duration_min"]))["carried"].any()
    with warnings.catch_warnings():
        warnings.simplefilter("error", DataQualityWarning)
        d = diary_completeness(ep)
    assert d["status"].tolist() == ["complete"] * 5
    assert d["short"].tolist() == [False, False, True, False, False]
    assert d["hours_worked"].tolist() == [9.5, 8.0, 1.0, 8.0, 8.0]


def test_a_day_begun_straight_after_a_night_is_not_a_tail():
    # Monday 20:00 to Tuesday 05:30 (9.5 h), then on without a break 05:30-14:00
    # (8.5 h): a day's work of its own is not the night's tail only when it is the
    # longer part; here the night (570 min) is longer, so it is a tail. Made 10 h
    # (600 min, 05:30-15:30), the day's part is longer: Tuesday stays a day of its own.
    from timestudy.panels.shift_tails import carried_rows

    def run(minutes: float) -> pd.DataFrame:
        start = pd.to_datetime(["2026-03-02 20:00", "2026-03-03 05:30"])
        e = pd.DataFrame({"worker_id": "W", "start": start, "minutes": [570.0, minutes],
                          "diary_date": pd.to_datetime(["2026-03-02", "2026-03-03"])})
        return e.assign(end=e["start"] + pd.to_timedelta(e["minutes"], unit="min"))

    assert carried_rows(run(510.0))["tail"].tolist() == [False, True]
    assert carried_rows(run(600.0))["tail"].tolist() == [False, False]


def test_episodes_with_a_repeated_index_fold_by_position():
    # Two workers' frames put together without a new index (0..3 twice): N2's Monday
    # night and the tail of it alone on Tuesday, Wednesday not worked; N3 Monday and
    # Tuesday nights. N2's Tuesday handover is Monday's; N3's Tuesday holds its own night
    # too, and Monday's handover is Monday's all the same (fix31n: it stayed on Tuesday);
    # N3's Wednesday (Tuesday's handover only) is Tuesday's. The days moved are the
    # tail-only days alone.
    from timestudy.panels.shift_tails import fold_tails

    ep = pd.concat([_nights("N2", ["2026-03-02"]), _nights("N3", ["2026-03-02", "2026-03-03"])])
    ep["diary_date"] = (ep["start"] - pd.Timedelta("4h")).dt.normalize()
    ep["minutes"] = ep["duration_min"]
    folded, moved = fold_tails(ep)
    assert moved[["worker_id", "minutes"]].values.tolist() == [["N2", 150.0], ["N3", 150.0]]
    assert folded["diary_date"].dt.day.tolist() == [2] * 4 + [2] * 4 + [3] * 4


def test_time_off_written_between_two_days_joins_no_run():
    """review25b S24_contiguous: a day worker writes each evening's time off ("off work",
    not work) from 17:00 to the next morning's 08:00, as a 24-hour diary records it. Mon
    07:30-17:00 (9.5 h), Tue-Fri 08:00-17:00 (9 h each): by hand 45.5 h over 5 days, no day
    missing, 45.5 h per FTE-week. Before, the off-work rows joined the days into one run and
    Monday's part (9.5 h worked + 15 h off) outweighed Tuesday's: Tuesday a tail, missing,
    Mon 18.5 h, 45.5 h over 0.8 FTE-weeks = 56.9."""
    days = pd.bdate_range("2026-03-02", periods=5)
    work = pd.DataFrame({"worker_id": "W1",
                         "start": [d + pd.Timedelta(hours=7.5 if i == 0 else 8)
                                   for i, d in enumerate(days)],
                         "end": [d + pd.Timedelta(hours=17) for d in days],
                         "task_type": "visit", "category": "direct_work"})
    off = pd.DataFrame({"worker_id": "W1", "start": [d + pd.Timedelta(hours=17) for d in days],
                        "end": [d + pd.Timedelta(days=1, hours=8 if i < 4 else 7.5)
                                for i, d in enumerate(days)],
                        "task_type": "break", "category": "non_work"})
    ep = pd.concat([work, off], ignore_index=True)
    ep = ep.assign(duration_min=(ep["end"] - ep["start"]).dt.total_seconds() / 60)
    workers = pd.DataFrame({"worker_id": ["W1"], "fte": 1.0, "contracted_hours": 37.0,
                            "workdays": "Mon-Fri"})
    with warnings.catch_warnings():
        warnings.simplefilter("error", DataQualityWarning)  # no night shift to name
        d = diary_completeness(ep, workers)
    weekdays = d[d["diary_date"].dt.dayofweek < 5]
    assert (weekdays["status"] == "complete").all() and len(weekdays) == 5
    assert weekdays["hours_worked"].tolist() == pytest.approx([9.5, 9, 9, 9, 9])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DataQualityWarning)
        ww = worker_week(ep, workers, days=d)
    assert ww["hours_worked"].sum() == pytest.approx(45.5)
    assert ww["fte_weeks"].sum() == pytest.approx(1.0)
