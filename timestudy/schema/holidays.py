"""Bank holidays: which days they are, how many a year, and the working days of a month.

A bank holiday is a day off for everyone (:mod:`timestudy.panels.workdays` says how the
diary's days are read on one). Which days they are is :func:`bank_holidays`: the lists of
England and Wales (the default, the project's setting), Scotland or Northern Ireland
shipped in ``data_schema/bank_holidays.csv``, none, or dates given. How many a year is
the study's number (:func:`study_holidays_a_year`: the number given, else the list's
usual one, :func:`holidays_a_year`), the one number the hours a worker has and the length
of a case-month (:func:`month_working_days`) both take out of the year.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from functools import cache

import numpy as np
import pandas as pd

from timestudy.errors import DataQualityWarning
from timestudy.schema.standards import BANK_HOLIDAYS_A_YEAR, WORKING_DAYS_PER_MONTH

#: Bank holiday lists shipped in ``data_schema/bank_holidays.csv`` (gov.uk's lists).
BANK_HOLIDAY_LISTS = ("england-and-wales", "scotland", "northern-ireland")
#: The bank holidays of a study when none are given: a study in England.
DEFAULT_BANK_HOLIDAYS = "england-and-wales"


@cache
def _shipped() -> pd.DataFrame:
    """``data_schema/bank_holidays.csv``: division, date, title, notes, source."""
    from timestudy.schema import PUBLISHED

    return pd.read_csv(PUBLISHED / "bank_holidays.csv", parse_dates=["date"],
                       keep_default_na=False)


def bank_holidays(which: str | Sequence | None = DEFAULT_BANK_HOLIDAYS) -> pd.DatetimeIndex:
    """The dates of the bank holidays: a shipped list by name, none, or the dates given.

    The lists (``data_schema/bank_holidays.csv``) are gov.uk's (gov.uk/bank-holidays)
    for 2020 to 2027, with the one-off days (the early May holiday moved to 8 May 2020;
    the Platinum Jubilee, 2-3 June 2022; the State Funeral of Queen Elizabeth II, 19
    September 2022; the coronation, 8 May 2023), and for 2028 to 2030 the usual
    pattern, substitute days included (gov.uk had not published them; a one-off day
    announced later must be given as a list).

    Parameters
    ----------
    which : str, sequence of dates or None
        ``"england-and-wales"`` (the default: a study in England), ``"scotland"`` or
        ``"northern-ireland"``; ``"none"`` or None for no bank holidays; or the dates
        themselves (``["2026-04-03", "2026-04-06"]``: a year not shipped, a local list).

    Returns
    -------
    DatetimeIndex
        The dates, sorted and unique.

    Raises
    ------
    ValueError
        For a name not listed (naming the allowed values), or a value that is not a date.

    Examples
    --------
    >>> [f"{d:%a %d %b}" for d in bank_holidays() if d.year == 2026][:3]
    ['Thu 01 Jan', 'Fri 03 Apr', 'Mon 06 Apr']
    >>> len(bank_holidays("scotland")[bank_holidays("scotland").year == 2026])
    9
    >>> len(bank_holidays("none")), list(bank_holidays(["2026-04-06"]).strftime("%Y-%m-%d"))
    (0, ['2026-04-06'])
    """
    if which is None:
        return pd.DatetimeIndex([])
    if isinstance(which, str):
        name = which.strip().lower()
        if name == "none":
            return pd.DatetimeIndex([])
        if name not in BANK_HOLIDAY_LISTS:
            raise ValueError(
                f"bank holidays {which!r}: use one of {', '.join(BANK_HOLIDAY_LISTS)} or "
                "none, or a list of dates such as ['2026-04-03', '2026-04-06']")
        t = _shipped()
        return pd.DatetimeIndex(t.loc[t["division"] == name, "date"]).unique().sort_values()
    values = list(which)
    try:
        dates = pd.to_datetime(pd.Series(values, dtype=object), format="mixed")
    except (ValueError, TypeError) as exc:
        raise ValueError(f"bank holidays {values!r}: not all dates ({exc}); write them as "
                         "2026-04-03") from None
    return pd.DatetimeIndex(dates.dt.normalize()).unique().sort_values()


#: Bank holidays a year in time available when the list gives no usual number (a list of
#: dates): England and Wales' usual eight.
USUAL_BANK_HOLIDAYS = 8.0


def holidays_a_year(which: str | Sequence | None = DEFAULT_BANK_HOLIDAYS) -> float:
    """The usual number of bank holidays a year of a list (:func:`bank_holidays`): the
    number most years of a shipped list have (England and Wales 8, Scotland 9, Northern
    Ireland 10; a year with a one-off day has more), none (or an empty list) 0, and for a
    list of dates (which may cover only the diary's weeks) England and Wales' usual 8: give
    the number as well (``bank_holidays``) when it differs.

    Time available (:func:`timestudy.models.available_time`) takes these days out of the
    year, so a study in Scotland does not count its ninth bank holiday as a working day.

    Parameters
    ----------
    which : str, sequence of dates or None
        As :func:`bank_holidays` takes it.

    Returns
    -------
    float
        Bank holidays a year.

    Examples
    --------
    >>> holidays_a_year(), holidays_a_year("scotland"), holidays_a_year("northern-ireland")
    (8.0, 9.0, 10.0)
    >>> holidays_a_year("none"), holidays_a_year([]), holidays_a_year(["2026-04-03"])
    (0.0, 0.0, 8.0)
    """
    if which is None or (isinstance(which, str) and which.strip().lower() == "none"):
        return 0.0
    if not isinstance(which, str):
        return USUAL_BANK_HOLIDAYS if len(bank_holidays(which)) else 0.0
    days = bank_holidays(which)
    per_year = pd.Series(days.year).value_counts()  # holidays in each year
    return float(per_year.value_counts().idxmax())  # the count most years have


def study_holidays_a_year(which: str | Sequence | None = DEFAULT_BANK_HOLIDAYS,
                          given: float | None = None) -> float:
    """A study's bank holidays a year: the number ``given``, else the list's usual one
    (:func:`holidays_a_year`), the user told once
    (:class:`~timestudy.errors.DataQualityWarning`) when the number and the list disagree.

    This one number is what the length of a case-month (:func:`month_working_days`) and
    the hours a worker has (:func:`timestudy.models.available_time`) both take out of the
    year; the list (``which``) decides which diary days are bank holidays. They disagree
    when the number given is not a named list's usual number (``none``: 0), or when a list
    of dates holds more dates in a year than the number used (it may hold fewer: a list
    of the diary's weeks only).

    Parameters
    ----------
    which : str, sequence of dates or None
        The bank holiday list, as :func:`bank_holidays` takes it.
    given : float, optional
        Bank holidays a year as the study gives them (``available_time.bank_holidays``).

    Returns
    -------
    float
        Bank holidays a year.

    Examples
    --------
    >>> study_holidays_a_year("scotland"), study_holidays_a_year(["2026-01-02"], 9)
    (9.0, 9.0)

    Northern Ireland's number with England and Wales' dates: 10 is used, and said once.

    >>> import textwrap, warnings
    >>> with warnings.catch_warnings(record=True) as w:
    ...     warnings.simplefilter("always")
    ...     n = study_holidays_a_year("england-and-wales", 10)
    >>> n, len(w)
    (10.0, 1)
    >>> print(textwrap.fill(str(w[0].message), 88))
    bank holidays: 10 a year given (available_time.bank_holidays), but the england-and-wales
    list has 8 in most years: 10 a year are taken out of the working year and of a case-
    month (20.91 working days), the england-and-wales dates out of the diary; give the
    number and the dates of one region
    """
    usual = holidays_a_year(which)
    n = usual if given is None else float(given)
    dates = None if which is None or isinstance(which, str) else bank_holidays(which)
    number = f"{n:g} a year given (available_time.bank_holidays), but"
    if dates is None or not len(dates):  # a list by name, or none
        if n != usual:
            _tell_holidays(f"{number} the {which} list has {usual:g} in most years" if usual
                           else f"{number} bank_holiday_dates is none", n,
                           f"the {which} dates" if usual else "no day")
        return n
    per_year = pd.Series(dates.year).value_counts()
    if per_year.max() > n:
        held = f"the dates given hold {per_year.max()} in {per_year.idxmax()}"
        _tell_holidays(f"{number} {held}" if given is not None else
                       f"{held} and no number a year was given (available_time.bank_holidays)",
                       n, "those dates")
    return n


def _tell_holidays(what: str, n: float, days: str) -> None:
    """The one warning of :func:`study_holidays_a_year`: what disagrees and what is used."""
    warnings.warn(f"bank holidays: {what}: {n:g} a year are taken out of the working year and "
                  f"of a case-month ({month_working_days(n):.2f} working days), {days} out of the "
                  "diary; give the number and the dates of one region",
                  DataQualityWarning, stacklevel=3)


def month_working_days(holidays: float = BANK_HOLIDAYS_A_YEAR) -> float:
    """Working days in a month with ``holidays`` bank holidays a year: a case-month.

    :data:`~timestudy.schema.standards.WORKING_DAYS_PER_MONTH` (21.07, England and
    Wales' 8), a twelfth of a day more for each holiday fewer: the days that time
    available per FTE (:func:`timestudy.models.available_time`) counts as working days.

    Parameters
    ----------
    holidays : float
        Bank holidays a year (England and Wales' 8 by default).

    Returns
    -------
    float
        Working days in a case-month: ``(365.25 * 5 / 7 - holidays) / 12``.

    Examples
    --------
    >>> round(month_working_days(), 4), round(month_working_days(0), 4)
    (21.0744, 21.7411)
    >>> round(month_working_days(10), 4)  # Northern Ireland: 21.0744 - 2 / 12
    20.9077
    """
    return WORKING_DAYS_PER_MONTH + (BANK_HOLIDAYS_A_YEAR - holidays) / 12


def holiday_days(dates: pd.Series, which: str | Sequence | None = DEFAULT_BANK_HOLIDAYS
                 ) -> np.ndarray:
    """Whether each diary date is a bank holiday (:func:`bank_holidays` of ``which``).

    Warns (:class:`~timestudy.errors.DataQualityWarning`) when ``which`` names a shipped
    list and the dates run outside its years: no day there is taken as a bank holiday.

    Examples
    --------
    >>> holiday_days(pd.Series(pd.to_datetime(["2026-04-02", "2026-04-03"]))).tolist()
    [False, True]
    """
    days = bank_holidays(which)
    if isinstance(which, str) and which.strip().lower() in BANK_HOLIDAY_LISTS and len(dates):
        years = _shipped()["date"].dt.year
        lo, hi = pd.Timestamp(dates.min()), pd.Timestamp(dates.max())
        if lo.year < years.min() or hi.year > years.max():
            warnings.warn(
                f"the diary runs {lo:%Y-%m-%d} to {hi:%Y-%m-%d}, outside the {which} bank "
                f"holidays shipped ({years.min()}-{years.max()}): no day outside them is taken "
                "as a bank holiday; give the dates (bank_holiday_dates in the study file, "
                "holidays= in Python)", DataQualityWarning, stacklevel=3)
    return pd.Series(dates).isin(days).to_numpy()
