"""The reasons a Harvest report's rows are rejected for, in Harvest's own words: a
``Started At`` or ``Ended At`` holding a date and a time, with or without a zone, and a
row with neither ``Hours`` nor times (:mod:`timestudy.ingest.harvest`, which reads the
report; :func:`timestudy.ingest.toggl.still_running` calls :func:`harvest_reasons`)."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from timestudy.ingest.weekly_days import DATE_TEXT  # one rule for a date's spelling
from timestudy.schema.tables import load_schema, text_values

#: A date and a time in one cell (``2026-11-02 09:00``, ``2026-11-02T09:00:00``,
#: ``11/2/2026 9:00 AM``): its time is the second group.
_DATED_TIME = re.compile(r"^\s*(" + DATE_TEXT + r")[ T]+(\d.*?)\s*$")
#: Harvest's own words for its times: a time of day ("<started_at>8:00am</started_at>",
#: http://www.getharvest.com/api/time-tracking; "started_time: time",
#: https://help.getharvest.com/api-v2/timesheets-api/timesheets/time-entries/).
TIME_WORDS = "the time of day within the row's Date, as Harvest writes it (8:00am)"


#: A time ending in a zone (``11:00:00Z``, ``23:05+01:00``, ``9:00 PM GMT``, ``11:00 BST``:
#: an offset, or a zone's abbreviation in capitals): the clock, the zone.
_ZONED = re.compile(r"^(.*?(?:\d|[ap]\.?m\.?))\s*(Z|[+-]\d{2}(?::?\d{2})?|UTC|GMT"
                    r"|(?-i:[A-Z]{3,5}))$", re.IGNORECASE)
#: A clock's hours and minutes, and its am or pm if written.
_CLOCK = re.compile(r"^(\d{1,2})[:.](\d{2})(?:[:.]\d{2}(?:\.\d+)?)?\s*([ap])?", re.IGNORECASE)


def _time_to_write(time: str) -> str:
    """The advice for the time of a date and a time: the time alone as written; for one
    with a time zone, which no Harvest time has (nor the reader reads), the time of day in
    Harvest's form (``11:00am``), to be written as the account's zone shows it.

    Examples
    --------
    >>> print(_time_to_write("10:45"))
    write the time alone ('10:45') on the row of its Date
    >>> print(_time_to_write("9:00 PM GMT").split("(")[2].split(")")[0])
    '9:00pm' if that zone is 'GMT'
    >>> print(_time_to_write("11:00:00Z"))
    it carries a time zone ('Z'), as no Harvest time does: write the time of day as the account's time zone shows it, in Harvest's form ('11:00am' if that zone is 'Z'), on the row of the Date it falls on there
    """
    zoned = _ZONED.match(time)
    if zoned is None:
        return f"write the time alone ({time!r}) on the row of its Date"
    clock, zone = zoned.groups()
    parts = _CLOCK.match(clock)
    shown = "the time"
    if parts is not None:
        hour, minute, half = int(parts[1]), parts[2], (parts[3] or "").lower()
        half = half or ("p" if hour >= 12 else "a")
        shown = f"'{(hour - 1) % 12 + 1}:{minute}{half}m' if that zone is {zone!r}"
    return (f"it carries a time zone ({zone!r}), as no Harvest time does: write the time of "
            f"day as the account's time zone shows it, in Harvest's form ({shown}), on the "
            "row of the Date it falls on there")


def harvest_reasons(failures: pd.DataFrame, work: pd.DataFrame, labels: dict
                    ) -> pd.DataFrame:
    """``failures`` of a Harvest report read with its times, their reasons saying what
    Harvest writes: a ``Started At`` or ``Ended At`` holding a date and a time
    (``bad_time``) is not Harvest's (a time of day within the Date: :data:`TIME_WORDS`),
    so the line gives the time to write; a row with no ``Hours`` and no times, or one time
    alone, is missing its ``Hours`` (an entry typed in as a duration has Hours alone), and
    the line says which time is there, in the report's names (before, an ``Ended At``
    alone was called missing and a ``Started At`` alone lacked "duration_min").

    Examples
    --------
    >>> f = pd.DataFrame({"row": [0, 1], "column": ["start_time", "start_time"],
    ...                   "code": ["bad_time", "missing_required"],
    ...                   "value": ["2026-11-02 09:00", ""], "reason": ["", ""]})
    >>> w = pd.DataFrame({"duration_min": ["1.5", None]})
    >>> labels = {"duration_min": "Hours", "start_time": "Started At", "end_time": "Ended At"}
    >>> for line in harvest_reasons(f, w, labels)["reason"]: print(line)
    Started At '2026-11-02 09:00' is a date and a time, not the time of day within the row's Date, as Harvest writes it (8:00am): write the time alone ('09:00') on the row of its Date
    Hours is missing, and Started At and Ended At too: every entry needs its Hours (decimal hours, 1.5), or its start and end times
    """
    if failures.empty:
        return failures
    out = failures.copy()
    col, code = out["column"].to_numpy(object), out["code"].to_numpy(object)
    timed = np.isin(col, ["start_time", "end_time"])
    dated = timed & (code == "bad_time")
    if dated.any():
        found = out.loc[dated, "value"].astype(str).str.extract(_DATED_TIME)
        has = found[1].notna().to_numpy(bool)
        at = out.index[dated][has]
        out.loc[at, "reason"] = [
            f"{labels.get(c, c)} {v!r} is a date and a time, not {TIME_WORDS}: "
            + _time_to_write(t)
            for c, v, t in zip(out.loc[at, "column"], out.loc[at, "value"], found[1][has],
                               strict=True)]
    none = timed & np.isin(code, ["missing_required", "missing_end"])
    if none.any() and "duration_min" in work:
        out.loc[none, "reason"] = _no_hours(out.loc[none], work, labels).fillna(
            out.loc[none, "reason"])
    return out


def _no_hours(failures: pd.DataFrame, work: pd.DataFrame, labels: dict) -> pd.Series:
    """The reasons of ``failures`` (a missing start or end) on rows with no ``Hours``, in
    the report's own names, saying which time is there (NA on rows with ``Hours``)."""
    missing = load_schema("episodes").missing_values
    rows = failures["row"].to_numpy(np.int64)
    blank = text_values(work["duration_min"].iloc[rows], missing).isna().to_numpy(bool)
    hours = labels.get("duration_min", "Hours")
    start, end = labels.get("start_time", "Started At"), labels.get("end_time", "Ended At")
    given = {c: (text_values(work[c].iloc[rows], missing).reset_index(drop=True)
                 if c in work else pd.Series(pd.NA, index=range(len(rows)), dtype="string"))
             for c in ("start_time", "end_time")}
    need = (f"every entry needs its {hours} (decimal hours, 1.5), or its start and end "
            "times")
    has = {c: v.notna().to_numpy(bool) for c, v in given.items()}
    shown = {c: v.astype(object).map(repr, na_action="ignore").fillna("").astype(str)
             for c, v in given.items()}
    words = np.select(
        [has["end_time"], has["start_time"]],
        [f"{hours} is missing, and {start} too ({end} " + shown["end_time"] + " alone): " + need,
         f"{hours} is missing, and {end} too ({start} " + shown["start_time"] + " alone): "
         + need],
        f"{hours} is missing, and {start} and {end} too: {need}")
    return pd.Series(np.where(blank, words, None), index=failures.index, dtype=object)
