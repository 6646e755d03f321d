"""Entries of a column of minutes that read as hours: named line by line, never changed.

**Hours among minutes** (``duration_hours_among_minutes``, :func:`hours_among_minutes`):
when the column as a whole reads as minutes, an entry whose duration read as minutes is
under 2, or not a whole number (``1,5``, ``0.75``, ``7.5``: decimal minutes are not what a
diary writes), and whose worker's next start on the same diary day is exactly that many
*hours* later (within the tolerance), with no end of its own, is named line by line
(s4_onehour.csv: ``1,5`` at 10:00 before 11:30 and ``0,75`` at 12:45 before 13:30 were 1.5
and 0.75 minutes, 197.25 minutes in all where the writer meant 330). It is read as written,
never changed: the warning gives both totals. An entry that fits as a spreadsheet's
fraction of a day instead (``0.0625`` at 09:00 before 10:30: 90 minutes) is named the same
way, said as a fraction of a day.

**Entries under two minutes** (``duration_under_two_minutes``, :func:`short_minutes`): a
plain number under 2 in a column of minutes, on a row with no end and no time of day to
check it by (a form's date of the work and ``1.30`` or ``1,5``: hours, hours.minutes or
minutes?), is named in a warning with its lines; it is read as written, never guessed.
When half or more of those entries are under 2, the column as a whole is in question and
:func:`timestudy.ingest.units.duration_unit_warning` judges it (a diary without times by
its worker-days' totals).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from timestudy.ingest.bare_numbers import bare_among_clock
from timestudy.ingest.hours_minutes import read_hours_minutes
from timestudy.ingest.mapping import DiaryMapping
from timestudy.schema import parse
from timestudy.schema.tables import load_schema, text_values

AMONG_CODE = "duration_hours_among_minutes"
SHORT_CODE = "duration_under_two_minutes"
_SHORT_MIN = 2.0  # a duration read as minutes under this is odd in a diary


def hours_among_minutes(episodes: pd.DataFrame, mapping: DiaryMapping,
                        label: str = "duration_min") -> dict | None:
    """The warning ``duration_hours_among_minutes`` when single entries of a column of
    minutes read as hours, or as a spreadsheet's fraction of a day, would fit their
    worker's next start exactly, else None.

    Parameters
    ----------
    episodes : DataFrame
        Accepted episodes sorted by worker and start (``worker_id``, ``start``, ``end``,
        ``duration_min``, ``diary_date``, optionally ``source_row``).
    mapping : DiaryMapping
        No warning when it gives ``duration_unit``; ``mismatch_tolerance_seconds`` is how
        near the next start must be.
    label : str
        The duration column's header in the file, for the message.

    Returns
    -------
    dict or None
        ``code``, ``message`` (one line naming the lines), ``rows`` (how many),
        ``lines`` (their source rows), ``minutes_as_read`` and ``minutes_if_hours`` (the
        accepted total as read, and with those entries read as hours).

    Examples
    --------
    Hand-worked: 1.5 at 10:00 is followed at 11:30 (90 minutes = 1.5 hours later); 60 at
    09:00 and 45 at 11:30 fit minutes. As read: 60 + 1.5 + 45 = 106.5 minutes; with 1.5 as
    hours: 60 + 90 + 45 = 195.

    >>> e = pd.DataFrame({"worker_id": ["W1"] * 3, "source_row": [2, 3, 4],
    ...     "start": pd.to_datetime(["2026-03-09 09:00", "2026-03-09 10:00",
    ...                              "2026-03-09 11:30"]),
    ...     "duration_min": [60, 1.5, 45]})
    >>> e["end"] = e["start"] + pd.to_timedelta(e["duration_min"], unit="min")
    >>> e["diary_date"] = e["start"].dt.normalize()
    >>> w = hours_among_minutes(e, DiaryMapping(), "Minutes")
    >>> w["lines"], w["minutes_as_read"], w["minutes_if_hours"]
    ([3], 106.5, 195.0)
    """
    if mapping.duration_unit is not None or len(episodes) < 2:
        return None
    minutes = episodes["duration_min"].to_numpy(float)
    # not whole: m != floor(m), as mod(m, 1) != 0 is for 0 < m <= 24 (a tenth of the time)
    odd = (minutes > 0) & (minutes <= 24)
    odd &= (minutes < _SHORT_MIN) | (minutes != np.floor(minutes))
    if not odd.any():  # the usual diary: no more is computed
        return None
    tol = mapping.mismatch_tolerance_seconds / 60
    start = in_minutes(episodes["start"])
    day = episodes["diary_date"].to_numpy().view("i8")
    gap = np.append(start[1:] - start[:-1], np.nan)
    paired = np.append((day[1:] == day[:-1]) & same_worker(episodes["worker_id"]), False)
    own_end = np.abs(in_minutes(episodes["end"]) - start - minutes) > tol
    # hours (x 60), or a spreadsheet's fraction of a day (x 1,440: 0.0625 is 90 minutes)
    per = np.where(np.abs(gap - minutes * 1440) <= tol, 1440, 60)
    fits = odd & paired & ~own_end & (np.abs(gap - minutes * per) <= tol)
    fits &= np.abs(gap - minutes) > tol  # (a next start that fits minutes too says nothing)
    at = np.flatnonzero(fits)
    if not len(at):
        return None
    lines = (episodes["source_row"].to_numpy()[at] if "source_row" in episodes
             else at + 1).astype(int).tolist()
    as_read = float(np.nansum(minutes))
    if_hours = as_read + float(np.sum(minutes[at] * (per[at] - 1)))
    unit = np.where(per[at] == 1440, " (a fraction of a day)", "")
    shown = "; ".join(
        f"{n}: {v:g}{u} read as {v:g} min, next start {g:g} min later"
        for n, v, g, u in zip(lines[:8], minutes[at][:8], gap[at][:8], unit[:8], strict=True)
    ) + (" ..." if len(at) > 8 else "")
    many = "entries" if len(at) > 1 else "entry"
    return {
        "code": AMONG_CODE,
        "message": (
            f"{AMONG_CODE}: {label!r} is read as minutes, but {len(at)} {many} under 2 "
            f"minutes or not whole would end exactly at the worker's next start if read as "
            f"hours, or as a fraction of a day where said (source rows {shown}); kept as "
            f"minutes ({as_read:g} min accepted; {if_hours:g} if those are hours or days): if "
            "they mean hours or days, correct them at those lines (1.5 -> 90, 0.0625 -> "
            "90), or set duration_unit: hours if the whole column is hours "
            "(duration_unit: minutes keeps minutes and silences this)"
        ),
        "rows": int(len(at)),
        "lines": lines,
        "minutes_as_read": round(as_read, 4),
        "minutes_if_hours": round(if_hours, 4),
    }


def in_minutes(stamps: pd.Series) -> np.ndarray:
    """Minutes since the epoch of a datetime column (NaN where missing)."""
    values = stamps.to_numpy()
    per_minute = np.timedelta64(1, "m") / np.timedelta64(1, np.datetime_data(values.dtype)[0])
    out = values.view("i8") / per_minute
    out[np.isnat(values)] = np.nan
    return out


def same_worker(workers: pd.Series) -> np.ndarray:
    """Whether each episode's worker is the next one's."""
    ids = pa.array(workers, from_pandas=True)
    same = pc.equal(ids.slice(1), ids.slice(0, len(ids) - 1))
    return pc.fill_null(same, False).to_numpy(zero_copy_only=False)


def worker_day_totals(episodes: pd.DataFrame, minutes: np.ndarray) -> np.ndarray:
    """Minutes of each worker-day, as read (episodes sorted by worker and start).

    Examples
    --------
    >>> e = pd.DataFrame({"worker_id": ["W1", "W1", "W2"],
    ...                   "diary_date": pd.to_datetime(["2026-03-09"] * 3)})
    >>> worker_day_totals(e, np.array([2.0, 3.0, 4.0])).tolist()
    [5.0, 4.0]
    """
    day = episodes["diary_date"].to_numpy().view("i8")
    new = np.ones(len(day), bool)
    new[1:] = ~((day[1:] == day[:-1]) & same_worker(episodes["worker_id"]))
    return np.bincount(np.cumsum(new) - 1, weights=np.nan_to_num(minutes))


def placed_rows(episodes: pd.DataFrame) -> np.ndarray:
    """Which episodes were placed in file order (flagged ``time_of_day_unknown``): no time
    of day of their own."""
    if "flags" not in episodes:
        return np.zeros(len(episodes), bool)
    return flag_rows(episodes["flags"], "time_of_day_unknown")


def flag_rows(flags: pd.Series, code: str) -> np.ndarray:
    """Where the text of ``flags`` holds ``code`` (False where missing): Arrow's substring
    search on Arrow-backed text, with no copy of the column into another string dtype
    first (``astype("str").str.contains``, as before, for other columns).

    Examples
    --------
    >>> flags = pd.Series(["", "gap_before;time_of_day_unknown", None], dtype="string")
    >>> flag_rows(flags, "time_of_day_unknown").tolist()
    [False, True, False]
    >>> flag_rows(pd.Series(["overlap", None], dtype=object), "overlap").tolist()
    [True, False]
    """
    if isinstance(flags.dtype, pd.StringDtype) and flags.dtype.storage == "pyarrow":
        found = pc.match_substring(pa.array(flags.array), code)
        return pc.fill_null(found, False).to_numpy(zero_copy_only=False).astype(bool, copy=False)
    text = flags.astype("str")
    return text.str.contains(code, regex=False).fillna(False).to_numpy(bool)


def short_minutes(frame: pd.DataFrame, label: str, mapping: DiaryMapping,
                  lines: np.ndarray) -> dict | None:
    """The warning ``duration_under_two_minutes`` when plain numbers of ``duration_min``
    read as minutes are above 0 and under 2 on rows with no end of their own and no time
    of day (a form's date of the work), else None.

    Parameters
    ----------
    frame : DataFrame
        Candidate episodes, values as written (``duration_min``, and ``start``, ``end``
        or ``end_time`` when the layout has them).
    label : str
        The duration column's header in the file, for the message.
    mapping : DiaryMapping
        No warning when it gives ``duration_unit``.
    lines : ndarray of int
        The line (source row) of each row of ``frame``.

    Returns
    -------
    dict or None
        ``code``, ``message`` (one line naming the first lines) and ``rows`` (how many).

    Examples
    --------
    >>> f = pd.DataFrame({"duration_min": ["1.5", "90", "1,5", "45", "60", "1.30", "30", "25"]})
    >>> w = short_minutes(f, "Time spent (minutes)", DiaryMapping(), np.arange(2, 10))
    >>> w["rows"], w["message"].split(";")[0]
    (3, "duration_under_two_minutes: 'Time spent (minutes)' is read as minutes, but 3 entries are under 2 minutes with no end or time of day to check them by (source rows 2, 4, 7: '1.5', '1,5', '1.30')")
    >>> short_minutes(f, "Minutes", DiaryMapping(duration_unit="minutes"), np.arange(8)) is None
    True
    """
    if mapping.duration_unit is not None or "duration_min" not in frame:
        return None
    raw = frame["duration_min"]
    missing = load_schema("episodes").missing_values
    text = None  # numbers typed by the reader: their text is needed only for the message
    if raw.dtype.kind in "iuf":
        values = read = raw.to_numpy(float)
    else:
        text = text_values(raw, missing)
        codes, uniques = pd.factorize(text, use_na_sentinel=True)
        distinct = pd.Series(np.asarray(uniques, dtype=object), dtype="str")
        values = np.append(parse.numbers(distinct), np.nan)[codes]  # plain numbers only
        read = np.append(parse.durations(distinct), np.nan)[codes]  # 1h30 and 01:30:00 too
    values, read = (read_hours_minutes(raw, label, None, v) for v in (values, read))
    unchecked = read > 0  # (1.30 under hh:mm read as 90, as counted)
    if not (unchecked & (values > 0) & (values < _SHORT_MIN)).any():  # the usual diary
        return None
    unchecked &= ~bare_among_clock(raw, label)  # (1.5 among 1:30: rejected, .bare_numbers)
    for col in ("end", "end_time"):  # an end of its own checks the duration
        if col in frame and unchecked.any():
            c = frame[col]
            unchecked &= (c.isna().to_numpy() if c.dtype.kind in "Mmiuf"
                          else text_values(c, missing).isna().to_numpy())
    short = unchecked & (values > 0) & (values < _SHORT_MIN)
    # half or more short in a column of values all 24 or less: the column as a whole is in
    # question, which duration_looks_like_hours judges on its evidence; with a value over 24
    # that judgement cannot be hours, so the short entries are named here, however many
    whole = np.nanmax(read[unchecked]) <= 24 if unchecked.any() else True
    if not short.any() or (whole and 2 * np.count_nonzero(short) >= np.count_nonzero(unchecked)):
        return None
    if "start" in frame:  # a time of day puts it on the clock, which the checks above use
        short &= _no_time_of_day(frame["start"], short, missing)
        if not short.any():
            return None
    at = np.flatnonzero(short)
    said = (parse.as_text(raw.iloc[at[:5]]) if text is None
            else np.asarray(text, dtype=object)[at[:5]])
    shown = ", ".join(repr(str(v)) for v in said)
    where = ", ".join(str(n) for n in lines[at[:5]]) + (" ..." if len(at) > 5 else "")
    many = "entries are" if len(at) > 1 else "entry is"
    return {
        "code": SHORT_CODE,
        "message": (
            f"{SHORT_CODE}: {label!r} is read as minutes, but {len(at)} {many} under 2 "
            f"minutes with no end or time of day to check them by (source rows {where}: {shown}); if they mean "
            "hours (1.5 = 90 min) or hours.minutes (1.30 = 1 h 30 min), correct them at those "
            "lines, or set duration_unit: hours if the whole column is hours (duration_unit: "
            "minutes keeps minutes and silences this)"
        ),
        "rows": int(len(at)),
    }


def _no_time_of_day(start: pd.Series, rows: np.ndarray, missing: tuple[str, ...]) -> np.ndarray:
    """Which of ``rows`` start at midnight or on a bare date: a form's date of the work, with
    no time of day to check a duration by."""
    out = np.zeros(len(start), bool)
    pos = np.flatnonzero(rows)
    if start.dtype.kind == "M":
        at = start.iloc[pos].to_numpy()
    else:
        text = text_values(start.iloc[pos], missing).fillna("").astype("str")
        at = parse.datetimes(text)[0]
    out[pos] = ~np.isnat(at) & (at == at.astype("M8[D]"))
    return out


def all_flagged(flags: pd.Series, code: str) -> bool:
    """Whether every one of ``flags`` holds ``code``: the first row asked first (in the usual
    diary it has not, which answers without a search of the column).

    Examples
    --------
    >>> all_flagged(pd.Series(["", "x"], dtype="string"), "x")
    False
    >>> all_flagged(pd.Series(["x;y", "x"], dtype="string"), "x")
    True
    """
    if not flag_rows(flags.iloc[:1], code).all():
        return False
    return bool(flag_rows(flags, code).all())
