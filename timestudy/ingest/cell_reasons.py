"""Why a workbook's cell is not a time or a date, in the words of what the cell holds.

A rejected row of a workbook says what the cell holds when the bare reason ("is not a
time", "is not a date") would leave the user looking at a cell that seems right in Excel:

* a number cell's ``9.3`` (9.30 typed, the trailing zero lost) or a whole ``12``;
* a time cell of a day or more in a clock column (``24:30:00``: the sheet reads a time cell
  of 1.0208 as 24:30, as the data dictionary says, while its ``h:mm`` format shows 0:30);
* a date written as Excel's date serial (``46092`` in a General cell: 2026-03-11), by the
  rule the cases and workers tables use (:func:`excel_serial_days`);
* a time written as Excel's fraction of a day (``0.375`` in a General cell: 09:00), by the
  same rule: the cell's number format shows the number, not the time (:func:`_fractions`);
* a date with no time in a clock column (2026-01-07 in an ``hh:mm`` cell, which Excel
  shows as 00:00): a whole day is not a time of day (:func:`_whole_days`; the review of
  2026-12-06, /tmp/review24b/timecells.xlsx row 5, read it as 00:00 and counted 600
  minutes to the 10:00 end).

A leaf module: the tables' reader and the sheet's both import it.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

#: Excel's date serials read as dates: whole numbers from 20000 to 80000 (1954 to 2119),
#: days from 1899-12-30 (Excel's 1900 system, past its 29 February 1900).
SERIALS = (20000, 80000)
_EPOCH = pd.Timestamp("1899-12-30")


def excel_serial_days(values: pd.Series) -> pd.Series:
    """The ISO date each value is as an Excel date serial (a whole number of 5 digits from
    20000 to 80000), NaN where it is not one.

    Parameters
    ----------
    values : Series
        Text as read.

    Returns
    -------
    Series
        ``YYYY-MM-DD`` or NaN, on the index of ``values``.

    Examples
    --------
    >>> excel_serial_days(pd.Series(["45672", "46092", "12", "2026-03-09", None])).tolist()
    ['2025-01-15', '2026-03-11', nan, nan, nan]
    """
    text = values.astype("string").str.strip()
    serial = pd.to_numeric(text.where(text.str.fullmatch(r"\d{5}").fillna(False)),
                           errors="coerce")
    serial = serial.where((serial >= SERIALS[0]) & (serial <= SERIALS[1]))
    day = (_EPOCH + pd.to_timedelta(serial, unit="D")).dt.strftime("%Y-%m-%d")
    return day.astype(object).where(serial.notna(), np.nan)


def number_time_reasons(failures: pd.DataFrame) -> pd.DataFrame:
    """``failures`` of a workbook with the reason a cell gives for a time or date it cannot
    be: ``9.3`` or ``10.3`` (hours.minutes typed into a number cell, which keeps 9.30 as 9.3:
    the trailing zero is lost), a whole ``12`` (an hour with no minutes), a time of 24:00 or
    more in a clock column (:func:`_past_midnight`) and a date serial (:func:`_serials`).

    Parameters
    ----------
    failures : DataFrame
        ``column``, ``code``, ``value`` and ``reason`` of each failure.

    Returns
    -------
    DataFrame

    Examples
    --------
    >>> f = pd.DataFrame({"row": [0, 1], "column": ["start_time", "end_time"],
    ...                   "code": ["bad_time", "bad_time"], "value": ["9.3", "12"],
    ...                   "reason": ["start_time '9.3' is not a time", "end_time '12' is not a time"]})
    >>> for reason in number_time_reasons(f)["reason"]:
    ...     print(reason)
    start_time '9.3' is not a time: a number cell keeps 9.30 as 9.3 (the trailing zero is lost), and 9.3 is not read as 09:30: if that is what it means, type the time as 09:30 (or format the column as text or time) and read it again
    end_time '12' is not a time: a number cell holds 12, not a time of day: if it means 12:00, type that (or format the column as time) and read it again
    """
    if failures.empty or "value" not in failures:
        return failures
    failures = _whole_days(_fractions(_serials(_past_midnight(failures))))
    value = failures["value"].fillna("").astype("str")
    time = failures["code"].eq("bad_time")
    hour = r"(?:[1-9]|1\d|2[0-3])"  # (0.5 is a fraction of a day: number_among_times says so)
    lost = (time & value.str.fullmatch(hour + r"\.\d")).to_numpy(bool)
    whole = (time & value.str.fullmatch(hour)).to_numpy(bool)
    if not (lost.any() or whole.any()):
        return failures
    out = failures.copy()
    reasons = out["reason"].to_numpy(object).copy()
    v = value.to_numpy(object)
    for k in np.flatnonzero(lost):
        h, m = v[k].split(".")
        reasons[k] = (f"{out['column'].iloc[k]} '{v[k]}' is not a time: a number cell keeps "
                      f"{h}.{m}0 as {v[k]} (the trailing zero is lost), and {v[k]} is not "
                      f"read as {int(h):02d}:{m}0: if that is what it means, type the time as "
                      f"{int(h):02d}:{m}0 (or format the column as text or time) and read it "
                      "again")
    for k in np.flatnonzero(whole):
        reasons[k] = (f"{out['column'].iloc[k]} '{v[k]}' is not a time: a number cell holds "
                      f"{v[k]}, not a time of day: if it means {int(v[k]):02d}:00, type that "
                      "(or format the column as time) and read it again")
    out["reason"] = reasons
    return out


def _past_midnight(failures: pd.DataFrame) -> pd.DataFrame:
    """``failures`` with the reason of a clock time of 24:00 or more (a time cell of a day or
    more, which the sheet reads as the data dictionary says: 1.0208 is 24:30; its ``h:mm``
    format shows 0:30). Such a time is not a time of day, and the day it hides is not
    dropped: the row is rejected, saying how to write the time.

    Examples
    --------
    >>> f = pd.DataFrame({"column": ["end_time"], "code": ["bad_time"], "value": ["24:30:00"],
    ...                   "reason": ["End time '24:30:00' is not a time: use 09:30"]})
    >>> print(_past_midnight(f)["reason"][0])  # doctest: +ELLIPSIS
    End time '24:30:00' is not a time: the cell holds a day and 00:30 (Excel's 1.0208, ...
    """
    value = failures["value"].fillna("").astype("str")
    past = value.str.extract(r"^(\d{2,}):([0-5]\d):([0-5]\d)$")
    hours = pd.to_numeric(past[0], errors="coerce")
    hit = (failures["code"].eq("bad_time") & hours.ge(24)).to_numpy(bool)
    if not hit.any():
        return failures
    h = hours.to_numpy(float)
    shown = [f"{int(x) % 24:02d}:{m}" for x, m in zip(h[hit], past[1].to_numpy(object)[hit],
                                                   strict=True)]
    serial = (h[hit] * 60 + pd.to_numeric(past[1][hit]).to_numpy(float)) / 1440
    said = [
        f"{_head(r)}: the cell holds {_days(x)} and {t} (Excel's {s:.4f}, which an h:mm "
        f"format shows as {t}; a formula past midnight, a start plus TIME(1,30,0), gives it), "
        f"read as {int(x):02d}:{t[3:]}, as a time cell of a day or more is read (a duration "
        f"may be one): if it is {t} on the next day, type {t} or write the formula inside "
        "MOD(..., 1) (an end before its start is read as the next day) and read it again"
        for r, x, t, s in zip(failures["reason"].to_numpy(object)[hit], h[hit], shown, serial,
                              strict=True)]
    return _reasoned(failures, hit, said)


def _serials(failures: pd.DataFrame) -> pd.DataFrame:
    """``failures`` with the reason of a date written as Excel's date serial (a General or
    number cell of a date column shows the serial, 46092, not 11/03/2026).

    Examples
    --------
    >>> f = pd.DataFrame({"column": ["date"], "code": ["bad_date"], "value": ["46092"],
    ...                   "reason": ["Date '46092' is not a date: use 2026-03-09"]})
    >>> print(_serials(f)["reason"][0])
    Date '46092' is not a date: it is Excel's date serial for 2026-03-11, in a cell formatted as a number or General, which shows the serial: format the column as a date (dd/mm/yyyy) in the workbook, or type the date, and read it again
    """
    dated = failures["code"].isin(["bad_date", "bad_datetime"]).to_numpy(bool)
    day = excel_serial_days(failures["value"].where(dated))
    hit = day.notna().to_numpy(bool)
    if not hit.any():
        return failures
    return _reasoned(failures, hit, [
        f"{_head(r)}: it is Excel's date serial for {d}, in a cell formatted as a number or "
        "General, which shows the serial: format the column as a date (dd/mm/yyyy) in the "
        "workbook, or type the date, and read it again"
        for r, d in zip(failures["reason"].to_numpy(object)[hit], day.to_numpy(object)[hit],
                                      strict=True)])


def _fractions(failures: pd.DataFrame) -> pd.DataFrame:
    """``failures`` with the reason of a time written as Excel's fraction of a day (a General
    or number cell of a time column shows the fraction, 0.375, not 09:00).

    Examples
    --------
    >>> f = pd.DataFrame({"column": ["start_time"], "code": ["bad_time"], "value": ["0.375"],
    ...                   "reason": ["start_time '0.375' is not a time: use 09:30"]})
    >>> print(_fractions(f)["reason"][0])
    start_time '0.375' is not a time: it is Excel's 09:00 (0.375 of a day), in a cell formatted as a number or General, which shows the fraction: format the column as a time (hh:mm) in the workbook, or type the time, and read it again
    """
    value = failures["value"].fillna("").astype("str").str.strip()
    fraction = pd.to_numeric(value.where(value.str.fullmatch(r"0?\.\d+")), errors="coerce")
    hit = (failures["code"].eq("bad_time") & fraction.gt(0) & fraction.lt(1)).to_numpy(bool)
    if not hit.any():
        return failures
    seconds = np.round(fraction.to_numpy(float)[hit] * 86400).astype(np.int64)
    shown = [f"{s // 3600:02d}:{s % 3600 // 60:02d}" + (f":{s % 60:02d}" if s % 60 else "")
             for s in seconds]
    return _reasoned(failures, hit, [
        f"{_head(r)}: it is Excel's {t} ({v} of a day), in a cell formatted as a number or "
        "General, which shows the fraction: format the column as a time (hh:mm) in the "
        "workbook, or type the time, and read it again"
        for r, t, v in zip(failures["reason"].to_numpy(object)[hit], shown, value.to_numpy(object)[hit],
                                      strict=True)])


def _whole_days(failures: pd.DataFrame) -> pd.DataFrame:
    """``failures`` with the reason of a clock-time cell that holds a date with no time (a
    whole day): Excel shows it as 00:00 in a time format, but no time was typed.

    Examples
    --------
    >>> f = pd.DataFrame({"column": ["start_time"], "code": ["bad_time"],
    ...                   "value": ["2026-01-07T00:00:00"],
    ...                   "reason": ["Start time '2026-01-07T00:00:00' is not a time: use 09:30"]})
    >>> print(_whole_days(f)["reason"][0])
    Start time '2026-01-07T00:00:00' is not a time: the cell holds the date 2026-01-07 with no time (a whole day, which a time format shows as 00:00): type the time of day in the cell (00:00 if it truly is midnight) and read it again
    """
    value = failures["value"].fillna("").astype("str").str.strip()
    day = value.str.extract(r"^(\d{4}-\d{2}-\d{2})(?:[T ]00:00(?::00)?)?$")[0]
    hit = (failures["code"].eq("bad_time") & day.notna()).to_numpy(bool)
    if not hit.any():
        return failures
    return _reasoned(failures, hit, [
        f"{_head(r)}: the cell holds the date {d} with no time (a whole day, which a time "
        "format shows as 00:00): type the time of day in the cell (00:00 if it truly is "
        "midnight) and read it again"
        for r, d in zip(failures["reason"].to_numpy(object)[hit], day.to_numpy(object)[hit],
                                      strict=True)])


def _days(hours: float) -> str:
    """Whole days in ``hours``, in words: "a day", "2 days"."""
    n = int(hours) // 24
    return "a day" if n == 1 else f"{n} days"


def _head(reason: str) -> str:
    """A reason up to its first colon: what it says is wrong, without the fix."""
    return str(reason).split(": ", 1)[0]


def _reasoned(failures: pd.DataFrame, hit: np.ndarray, said: list[str]) -> pd.DataFrame:
    """``failures`` with the reasons of the rows ``hit`` replaced by ``said`` (in order).

    Examples
    --------
    >>> f = pd.DataFrame({"reason": ["a", "b"]})
    >>> _reasoned(f, np.array([False, True]), ["c"])["reason"].tolist()
    ['a', 'c']
    """
    out = failures.copy()
    reasons = out["reason"].to_numpy(object).copy()
    reasons[hit] = said
    out["reason"] = reasons
    return out
