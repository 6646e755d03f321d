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


def prepare(episodes: pd.DataFrame, day_start_hour: float) -> pd.DataFrame:
    missing = {"worker_id", "start", "task_type", "category"} - set(episodes.columns)
    if missing:
        raise ValueError(
            f"episodes lack column(s) {sorted(missing)}: categorise them first "
            "(timestudy.categorise) so that each has a task_type and category"
        )
    e = episodes.copy()
    e["minutes"] = episode_minutes(episodes)
    if "diary_date" not in e:
        e["diary_date"] = diary_date(e["start"], day_start_hour)
    if "case_id" not in e:
        e["case_id"] = pd.NA
    e["case_id"] = e["case_id"].astype("string")
    return e


def study_period(episodes: pd.DataFrame, day_start_hour: float = 4.0
                 ) -> tuple[pd.Timestamp, pd.Timestamp]:
    """The diary period in whole weeks: the Monday on or before the first diary date to the
    Sunday on or after the last (a bank-holiday Monday or an empty last weekend does not
    shorten it).

    Parameters
    ----------
    episodes : DataFrame
        Episodes with ``diary_date`` (or ``start``).
    day_start_hour : float
        Hour at which a diary day starts (when ``diary_date`` is absent).

    Returns
    -------
    (Timestamp, Timestamp)
        The first Monday and the last Sunday.

    Examples
    --------
    >>> eps = pd.DataFrame({"start": pd.to_datetime(["2026-03-11 09:00", "2026-03-16 02:00"])})
    >>> [d.strftime("%a %d %b") for d in study_period(eps)]  # 02:00 on Monday 16th is Sunday
    ['Mon 09 Mar', 'Sun 15 Mar']
    """
    d = episodes["diary_date"] if "diary_date" in episodes else diary_date(episodes["start"],
                                                                          day_start_hour)
    return whole_weeks(d.min().normalize(), d.max().normalize())


def whole_weeks(start: pd.Timestamp, end: pd.Timestamp) -> tuple[pd.Timestamp, pd.Timestamp]:
    return (start - pd.Timedelta(days=start.day_of_week),
            end + pd.Timedelta(days=6 - end.day_of_week))
