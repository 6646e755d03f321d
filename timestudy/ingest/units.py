"""Whether a duration column read as minutes holds hours (or seconds): the source checked
against itself, and its header.

A council export's ``Hours spent`` of ``1.5`` mapped to ``duration_min`` is read as 1.5
minutes unless the mapping says ``duration_unit: hours``
(:meth:`~timestudy.ingest.mapping.DiaryMapping.in_minutes`). When the mapping gives no
unit, :func:`duration_unit_warning` looks in the accepted episodes for evidence of hours.

An entry is *checked* when its duration is above 0 and it has a next entry of its worker
later on the same diary day, or an end of its own (one more than
``mismatch_tolerance_seconds`` away from start + duration). It *fits hours* when the next
start, or its end, is the duration x 60 minutes after its start (within the tolerance),
*fits minutes* when the next start is the duration in minutes after it, and *agrees with
hours* when, read as hours, it ends by the next start and its end (if any) fits.

* **Strong evidence**: at least two entries fit hours, and at least a quarter of all
  entries; more fit hours than fit minutes; more than half of those checked agree with
  hours. (Most entries of a diary in minutes are checked; so are those of a timesheet in
  hours, of which a third to all fit hours, depending on the gaps between entries.)
* **Weak evidence**, only when no entry can be checked (one entry a worker-day, no ends):
  at least three durations, all 24 or less, their median under 10 and at least a quarter
  of them in quarter or half hours (``7.5``, ``1.25``).

**Seconds** (``duration_looks_like_seconds``): at least two entries, and a quarter of all,
fit seconds (the next start, or an end of its own after the start, is the duration / 60
minutes after the start); more than fit minutes; and more than half of those checked.

**A header that names its unit.** A duration column headed ``Hours``, ``Hours spent``,
``hrs``, ``Seconds``, ``secs`` or ``Duration (s)`` (:func:`header_unit`), read with no
``duration_unit``, is refused (:class:`~timestudy.errors.SchemaError`: one line naming the
column and the fix, ``duration_unit: hours`` or ``seconds``): read as minutes it would be
wrong on every row, and nothing else may tell (h1.csv: seven entries of 1 to 6 hours, not
back to back, were 19 minutes). A bare ``(h)`` names no unit here: Clockify writes
``Duration (h)`` over ``hh:mm:ss``, ``h:mm`` or decimal hours, as its user's duration
format says, and its reader reads the plain numbers as hours
(:func:`timestudy.ingest.toggl.clockify_hours`).

**Hours among minutes** (``duration_hours_among_minutes``): single entries of a column of
minutes that fit their worker's next start exactly when read as hours are named line by
line (:mod:`timestudy.ingest.hour_entries`).

**Entries under two minutes** (``duration_under_two_minutes``, :func:`short_minutes`): a
plain number under 2 in a column of minutes, on a row with no end and no time of day to
check it by (a form's date of the work and ``1.30`` or ``1,5``: hours, hours.minutes or
minutes?), is named in a warning with its lines; it is read as written, never guessed. When half or more of those entries
are under 2, the column as a whole is in question and the checks above judge it.

A diary in minutes has entries that follow one another (the next start the duration in
minutes later) or leave gaps; read as hours nearly all of them would overlap the next, and
a next start falls exactly an hour per minute of duration later only by chance. Neither
rule fires on the simulated diaries, the layouts' examples or the test files.
``duration_unit: minutes`` in the mapping says the unit and silences the warning.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from timestudy.errors import SchemaError
from timestudy.ingest.hour_entries import hours_among_minutes, in_minutes, same_worker
from timestudy.ingest.mapping import DiaryMapping
from timestudy.schema import parse
from timestudy.schema.tables import load_schema, text_values

CODE = "duration_looks_like_hours"
SECONDS_CODE = "duration_looks_like_seconds"
SHORT_CODE = "duration_under_two_minutes"
_SHORT_MIN = 2.0  # a plain number under this, read as minutes, is named
_MIN_FIT = 2  # entries that must fit hours before a warning
_FIX = (
    "if the column holds {unit}, set duration_unit: {unit} in the mapping (duration_unit: "
    "minutes keeps minutes and silences this)"
)
# clock minutes per unit of a number read as minutes, and the words of a header naming it;
# not a bare ``(h)``: Clockify's ``Duration (h)`` is hh:mm:ss, h:mm or h.hh (toggl.py)
_BLOCK = 1 << 16  # rows counted at a time by _fits_at_most
_PER_UNIT = {"hours": 60.0, "seconds": 1 / 60}
_HEADER_UNITS = (
    ("hours", re.compile(r"(?:^|[^a-z])(?:hours?|hrs?)(?:[^a-z]|$)")),
    ("seconds", re.compile(r"(?:^|[^a-z])(?:seconds?|secs?)(?:[^a-z]|$)|\(\s*s\s*\)")),
)


# minutes named too (hours:minutes), or a time of day: no single unit of the numbers
_NOT_A_UNIT = re.compile(r"(?:^|[^a-z])(?:mins?|minutes?)(?:[^a-z]|$)|of\s+(?:the\s+)?day|o'clock")


def header_unit(label: str) -> str | None:
    """The unit a duration column's header names, ``hours`` or ``seconds`` (else None).

    Examples
    --------
    >>> [header_unit(h) for h in ("Hours", "Hours spent", "time_hrs", "Seconds", "secs",
    ...                           "Duration (s)", "Duration (h)", "duration_min", "Shours")]
    ['hours', 'hours', 'hours', 'seconds', 'seconds', 'seconds', None, None, None]

    A header that also names minutes (``hours:minutes``, ``hrs:mins``: values such as
    ``1:30``, read as they are), or a time of day, names no single unit:

    >>> [header_unit(h) for h in ("Duration (hours:minutes)", "Time spent (hrs:mins)",
    ...                           "Contact hours (mins)", "Hour of day")]
    [None, None, None, None]
    """
    text = str(label).strip().lower()
    if _NOT_A_UNIT.search(text):
        return None
    return next((unit for unit, words in _HEADER_UNITS if words.search(text)), None)


def duration_unit_warning(
    episodes: pd.DataFrame, mapping: DiaryMapping, label: str = "duration_min",
    source: str | None = None,
) -> dict | None:
    """The warning ``duration_looks_like_hours`` (or ``duration_looks_like_seconds``) when a
    duration read as minutes looks like hours (seconds), else None; a duration column whose
    header names hours or seconds, with no ``duration_unit`` in the mapping, is refused.

    Parameters
    ----------
    episodes : DataFrame
        Accepted episodes sorted by worker and start (``worker_id``, ``start``, ``end``,
        ``duration_min``, ``diary_date``), as :func:`~timestudy.read_diary` returns them.
    mapping : DiaryMapping
        The mapping read with: no warning when it gives ``duration_unit``; its
        ``mismatch_tolerance_seconds`` is how near a time must be to fit.
    label : str
        The duration column's header in the file, for the message.
    source : str, optional
        The file's name, which a refusal names.

    Returns
    -------
    dict or None
        ``code``, ``message`` (one line), ``checked`` (entries that could be checked),
        ``fit_hours`` (or ``fit_seconds``) and ``fit_minutes`` (how many fit each unit).

    Raises
    ------
    SchemaError
        The header names hours or seconds (``Hours``, ``hrs``, ``Seconds``, ``secs``,
        ``Duration (s)``) and the mapping gives no ``duration_unit``.

    Examples
    --------
    >>> e = pd.DataFrame({"worker_id": ["W1"] * 4,
    ...     "start": pd.to_datetime(["2026-03-09 09:00", "2026-03-09 10:30",
    ...                              "2026-03-09 10:45", "2026-03-09 13:00"]),
    ...     "duration_min": [1.5, 0.25, 2, 3.5]})
    >>> e["end"] = e["start"] + pd.to_timedelta(e["duration_min"], unit="min")
    >>> e["diary_date"] = e["start"].dt.normalize()
    >>> w = duration_unit_warning(e, DiaryMapping(), "Time spent")
    >>> w["code"], w["checked"], w["fit_hours"], w["fit_minutes"]
    ('duration_looks_like_hours', 3, 2, 0)
    >>> duration_unit_warning(e, DiaryMapping(duration_unit="minutes")) is None
    True
    >>> duration_unit_warning(e, DiaryMapping(), "Hours")
    Traceback (most recent call last):
    ...
    timestudy.errors.SchemaError: the duration column 'Hours' names hours, ...
    """
    if mapping.duration_unit is not None:
        return None
    _refuse_named_unit(episodes, label, source)
    if len(episodes) < 2:
        return None
    return _evidence(episodes, mapping, label, "hours") or \
        _evidence(episodes, mapping, label, "seconds") or \
        hours_among_minutes(episodes, mapping, label)


def _refuse_named_unit(episodes: pd.DataFrame, label: str, source: str | None = None) -> None:
    """Refuse a duration column whose header names hours or seconds, read as minutes."""
    unit = header_unit(label)
    if unit is None:
        return
    example = ""
    if len(episodes):
        row = episodes.iloc[0]
        where = f"source row {row['source_row']}: " if "source_row" in episodes else ""
        example = f" ({where}{row['duration_min']:g} would be {row['duration_min']:g} min)"
    raise SchemaError(
        f"the duration column {label!r} names {unit}, but the mapping gives no "
        f"duration_unit, so its numbers would be read as minutes{example}: set "
        f"duration_unit: {unit} in the mapping (duration_unit: minutes if they are minutes)",
        source=source)


def _evidence(episodes: pd.DataFrame, mapping: DiaryMapping, label: str,
              unit: str) -> dict | None:
    """The warning for ``unit`` (``hours`` or ``seconds``) on the evidence of the module
    notes, else None."""
    tol = mapping.mismatch_tolerance_seconds / 60
    minutes = episodes["duration_min"].to_numpy(float)
    per = _PER_UNIT[unit]
    need = max(_MIN_FIT, len(episodes) / 4)  # entries that must fit the unit
    weak = unit == "hours" and minutes.max() <= 24  # (the weaker evidence may apply)
    if not weak and _fits_at_most(episodes, minutes * per, tol) < need:
        return None  # (the usual diary: no more is computed)
    start = in_minutes(episodes["start"])
    day = episodes["diary_date"].to_numpy().view("i8")
    gap = np.append(start[1:] - start[:-1], np.nan)  # to the next entry
    paired = np.append((day[1:] == day[:-1]) & same_worker(episodes["worker_id"]), False)
    paired &= gap > 0
    span = in_minutes(episodes["end"]) - start
    ended = np.abs(span - minutes) > tol  # an end of its own, not start + duration
    clock = minutes * per
    ends_fit = np.abs(span - clock) <= tol
    next_fits = np.abs(gap - clock) <= tol
    own = ended & (span > 0) if unit == "seconds" else ended  # (a 0-length end fits seconds)
    fit, checked = _fit(next_fits, ends_fit, paired, own, minutes > 0)
    n_fit, n_checked = int(np.count_nonzero(fit)), int(np.count_nonzero(checked))
    n_minutes = int(np.count_nonzero(paired & (np.abs(gap - minutes) <= tol) & checked))
    if unit == "seconds":
        if n_fit < need or n_fit <= n_minutes or 2 * n_fit <= n_checked:
            return None
        return _seconds(episodes, fit, label, n_fit, n_checked, n_minutes)
    agree = checked & ~(paired & (gap < clock - tol)) & ~(ended & ~ends_fit)
    n_agree = int(np.count_nonzero(agree))
    if n_fit < need or n_fit <= n_minutes or 2 * n_agree <= n_checked:
        return None if n_checked else _weak(minutes, label)
    return {
        "code": CODE,
        "message": (
            f"{CODE}: {label!r} was read as minutes, but on {n_fit} of {n_checked} entries "
            f"checked ({n_fit / n_checked:.0%}) the next start or the end is that many hours "
            f"after the start, and {n_agree / n_checked:.0%} end by the next start when read "
            f"as hours; {n_minutes} fit minutes ({_first(episodes, fit)}); "
            f"{_FIX.format(unit='hours')}"
        ),
        "checked": n_checked,
        "fit_hours": n_fit,
        "fit_minutes": n_minutes,
    }


def _seconds(episodes, fit, label, n_fit, n_checked, n_minutes) -> dict:
    """The warning ``duration_looks_like_seconds``."""
    return {
        "code": SECONDS_CODE,
        "message": (
            f"{SECONDS_CODE}: {label!r} was read as minutes, but on {n_fit} of {n_checked} "
            f"entries checked ({n_fit / n_checked:.0%}) the end or the next start is that "
            f"many seconds after the start (the duration is 60 times the clock); {n_minutes} "
            f"fit minutes ({_first(episodes, fit)}); {_FIX.format(unit='seconds')}"
        ),
        "checked": n_checked,
        "fit_seconds": n_fit,
        "fit_minutes": n_minutes,
    }


def _fits_at_most(episodes: pd.DataFrame, clock: np.ndarray, tol: float) -> int:
    """At most how many entries fit a unit: their next start or end, on any day and of any
    worker, ``clock`` minutes (the duration in that unit) after their start."""
    start = episodes["start"].to_numpy()
    per_minute = np.timedelta64(1, "m") / np.timedelta64(1, np.datetime_data(start.dtype)[0])
    at = start.view("i8")
    end = episodes["end"].to_numpy().astype(start.dtype, copy=False).view("i8")
    near = tol * per_minute + 1  # (a unit more: never fewer than the check below finds)
    # |end - start - expected| <= near and |next start - start - expected| <= near, counted a
    # block at a time: the same operations on the same types as on whole columns, in
    # arrays small enough to stay in the processor's cache (whole columns of a million
    # values each were faulted in afresh)
    n, last = 0, len(at) - 1
    for i in range(0, len(at), _BLOCK):
        j = min(i + _BLOCK, len(at))
        expected = clock[i:j] * per_minute
        n += np.count_nonzero(np.abs((end[i:j] - at[i:j]) - expected) <= near)
        k = min(j, last)  # rows i..k-1 have a next start
        if k > i:
            n += np.count_nonzero(np.abs((at[i + 1 : k + 1] - at[i:k]) - expected[: k - i]) <= near)
    return n


def _fit(next_fits, ends_fit, paired, ended, positive) -> tuple[np.ndarray, np.ndarray]:
    """Which entries fit hours, and which were checked."""
    checked = (paired | ended) & positive
    return ((next_fits & paired) | (ends_fit & ended)) & positive, checked


def _first(episodes: pd.DataFrame, fit: np.ndarray) -> str:
    """The first entry that fits hours, as read."""
    row = episodes.iloc[int(np.argmax(fit))]
    value = row["duration_min"]
    where = f"source row {row['source_row']}: " if "source_row" in episodes else ""
    return f"{where}{value:g} read as {value:g} min"


def _weak(minutes: np.ndarray, label: str) -> dict | None:
    """The weaker evidence, when no entry can be checked against a next start or an end."""
    values = minutes[~np.isnan(minutes)]
    if len(values) < 3 or values.max() > 24:
        return None
    median = float(np.median(values))
    share = float(np.mean((np.mod(values * 4, 1) == 0) & (np.mod(values, 1) != 0)))
    if median >= 10 or share < 0.25:
        return None
    return {
        "code": CODE,
        "message": (
            f"{CODE}: {label!r} was read as minutes, but all {len(values)} values are 24 or "
            f"less (median {median:g}), {share:.0%} of them in quarter or half hours, and no "
            f"entry has a next start or an end to check them by; "
            f"{_FIX.format(unit='hours')}"
        ),
        "checked": 0,
        "fit_hours": 0,
        "fit_minutes": 0,
    }


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
    unchecked = read > 0
    if not (unchecked & (values > 0) & (values < _SHORT_MIN)).any():  # the usual diary
        return None
    for col in ("end", "end_time"):  # an end of its own checks the duration
        if col in frame and unchecked.any():
            c = frame[col]
            unchecked &= (c.isna().to_numpy() if c.dtype.kind in "Mmiuf"
                          else text_values(c, missing).isna().to_numpy())
    short = unchecked & (values > 0) & (values < _SHORT_MIN)
    # half or more short: the column as a whole is in question, which duration_looks_like_hours
    # judges on its evidence; here only the odd entry in a column of minutes is named
    if not short.any() or 2 * np.count_nonzero(short) >= np.count_nonzero(unchecked):
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
