"""What every panel starts from: categorised episodes with their minutes, diary day and period.

Minutes are taken from ``counted_min`` when present (overlapping time counted
once), else from ``duration_min``, so the panels' hours add up to the accepted
episodes' hours. A case-month is 365.25 / 12 days of a case being open.
"""

from __future__ import annotations

import pandas as pd

from timestudy.schema.clock import diary_date

DAYS_PER_MONTH = 365.25 / 12
NON_WORK = ("non_work",)
ABSENCE_TASKS = ("leave", "sickness")


def episode_minutes(episodes: pd.DataFrame) -> pd.Series:
    col = "counted_min" if "counted_min" in episodes else "duration_min"
    return episodes[col].astype(float)


def with_diary_date(episodes: pd.DataFrame, day_start_hour: float = 4.0) -> pd.DataFrame:
    """The episodes with a ``diary_date`` column: theirs when they have one, else the day
    each starts on, days starting at ``day_start_hour`` (the frame itself when it has one).

    Examples
    --------
    >>> e = pd.DataFrame({"start": pd.to_datetime(["2026-03-02 05:00", "2026-03-03 03:00"])})
    >>> with_diary_date(e, 6.0)["diary_date"].dt.day.tolist()
    [1, 2]
    """
    if "diary_date" in episodes:
        return episodes
    return episodes.assign(diary_date=diary_date(episodes["start"], day_start_hour))


def prepare(episodes: pd.DataFrame, day_start_hour: float) -> pd.DataFrame:
    missing = {"worker_id", "start", "task_type", "category"} - set(episodes.columns)
    if missing:
        raise ValueError(
            f"episodes lack column(s) {sorted(missing)}: categorise them first "
            "(timestudy.categorise) so that each has a task_type and category"
        )
    # shallow: pandas' copy-on-write keeps the columns set below to the copy, and a deep
    # copy of every column of a million rows cost 0.7 s at 4,000 workers
    e = with_diary_date(episodes, day_start_hour).copy(deep=False)
    e["minutes"] = episode_minutes(episodes)
    if "case_id" not in e:
        e["case_id"] = pd.NA
    e["case_id"] = e["case_id"].astype("string")
    return e


def study_period(episodes: pd.DataFrame, day_start_hour: float = 4.0
                 ) -> tuple[pd.Timestamp, pd.Timestamp]:
    """The diary period actually used: the first and the last diary date of the episodes.

    Parameters
    ----------
    episodes : DataFrame
        Episodes with ``diary_date`` or ``start``.
    day_start_hour : float
        Hour at which a diary day starts (work before it belongs to the day
        before); used when the episodes have no ``diary_date``.

    Returns
    -------
    (Timestamp, Timestamp)
        The first and the last diary date, at midnight.

    Examples
    --------
    >>> e = pd.DataFrame({"start": pd.to_datetime(["2026-03-04 10:00", "2026-03-27 23:30"])})
    >>> [str(d.date()) for d in study_period(e)]
    ['2026-03-04', '2026-03-27']
    """
    d = episodes["diary_date"] if "diary_date" in episodes else diary_date(episodes["start"],
                                                                          day_start_hour)
    return d.min().normalize(), d.max().normalize()


def whole_weeks(start: pd.Timestamp, end: pd.Timestamp) -> tuple[pd.Timestamp, pd.Timestamp]:
    return (start - pd.Timedelta(days=start.day_of_week),
            end + pd.Timedelta(days=6 - end.day_of_week))
