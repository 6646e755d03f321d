"""A bare number under a plain ``Duration`` header among values written ``h:mm``: ``2``
on the line after ``1:30`` is two hours or two minutes?

A person who writes ``1:30`` for an hour and a half and ``2`` on the next line means two
hours far more often than two minutes; read as a plain number it was 2 minutes, unsaid
(under a header naming ``h:mm`` such a number refuses the file already:
:mod:`timestudy.ingest.hours_minutes`). Where more than half of a duration column's values
(by row) are clock notation and its header names no unit, a bare number above 0 and at
most 24 (:func:`bare_among_clock`) is told by the row's own start and end where it has
them (``2`` beside 13:00-15:00 is 120 minutes, ``1.30`` beside 13:00-14:30 is 90, as h.mm:
:func:`settle_bare`), and otherwise the row
is rejected ``duration_hours_or_minutes``, its reason naming the fix (``2:00`` or
``0:02``, or ``duration_unit`` in the mapping). The warning ``duration_told_by_clock``
(:func:`told_warning`) says what was told and how. Nothing changes when the mapping gives
``duration_unit``, for a column of numbers (a workbook's), or above 24 (no entry's hours:
minutes, as before).
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from timestudy.ingest.hours_minutes import names_hours_minutes
from timestudy.schema import parse

#: A bare number under a plain ``Duration`` among clock notation: 2 h or 2 min? The reject
#: code of a row with no start and end of its own to tell, and the warning on those told.
UNTOLD = "duration_hours_or_minutes"
TOLD = "duration_told_by_clock"
#: The most hours of one entry (a day): a bare number above it is minutes.
_MOST_HOURS = 24
#: Clock notation: ``1:30`` or ``01:30:00``.
_CLOCK = r"^\s*\d+:[0-5]\d(?::[0-5]\d(?:[.,]\d+)?)?\s*$"
#: A header naming a unit (minutes, hours, seconds) says what a bare number is.
_UNIT_NAMED = re.compile(r"(?:^|[^a-z])(?:mins?|minutes?|hours?|hrs?|seconds?|secs?)"
                         r"(?:[^a-z]|$)|\(\s*[hs]\s*\)")


def _names_unit(label: str) -> bool:
    """Whether a duration column's header names what its numbers are in (minutes, hours,
    seconds, or hours and minutes).

    Examples
    --------
    >>> [_names_unit(h) for h in ("Duration", "Time spent", "Duration (mins)", "duration_min",
    ...     "Hours", "Duration (h)", "Duration (s)", "Duration (hh:mm)", "Visit's length")]
    [False, False, True, True, True, True, True, True, False]
    """
    return bool(_UNIT_NAMED.search(str(label).strip().lower())) or names_hours_minutes(label)


def bare_among_clock(values: pd.Series, label: str) -> np.ndarray:
    """Which values of a duration column read as minutes are a bare number that cannot be
    told: above 0 and at most 24 (``2``, ``1.5``: 2 h or 2 min?) where more than half of
    the column's values, by row, are clock notation (``1:30``, ``01:30:00``), under a
    header that names no unit (``Duration``; not ``Duration (mins)``, ``duration_min``,
    ``Hours`` nor ``Duration (hh:mm)``, whose bare numbers
    :func:`~timestudy.ingest.hours_minutes.hours_dot_minutes` judges). A person who writes ``1:30`` for an hour and a half and ``2`` on the next
    line means two hours far more often than two minutes. Over 24 a number cannot be one
    entry's hours and stays minutes; a column of numbers (a workbook's) is left as read.

    Parameters
    ----------
    values : Series
        The duration column as written.
    label : str
        Its header.

    Returns
    -------
    ndarray of bool
        One per value.

    Examples
    --------
    >>> v = pd.Series(["1:30", "0:45", "2", "2:15", "30", "1,5", "01:00:00", None])
    >>> bare_among_clock(v, "Duration").tolist()
    [False, False, True, False, False, True, False, False]

    Under a header naming minutes, or where clock notation is not most of the column, a
    bare number is minutes as before:

    >>> bool(bare_among_clock(v, "Duration (mins)").any())
    False
    >>> bool(bare_among_clock(v[2:], "Duration").any())
    False
    """
    if values.dtype.kind in "iufb" or _names_unit(label):
        return np.zeros(len(values), bool)
    codes, uniques = pd.factorize(values, use_na_sentinel=True)  # (then the few distinct)
    distinct = pd.Series(np.asarray(uniques, dtype=object), dtype="string").str.strip()
    return np.append(_untold(distinct.replace("", pd.NA), codes), False)[codes]


def _untold(distinct: pd.Series, codes: np.ndarray) -> np.ndarray:
    """By distinct value (``codes``: each row's, -1 blank): :func:`bare_among_clock`."""
    rows = np.bincount(codes[codes >= 0], minlength=len(distinct))
    clock = distinct.str.match(_CLOCK).fillna(False).to_numpy(bool)
    if 2 * rows[clock].sum() <= rows.sum():
        return np.zeros(len(distinct), bool)
    n = parse.numbers(distinct.fillna(""))
    return (n > 0) & (n <= _MOST_HOURS)


def settle_bare(r, minutes: np.ndarray, start: np.ndarray | None = None,
                end: np.ndarray | None = None) -> np.ndarray:
    """``minutes`` of ``r``'s (a :class:`~timestudy.ingest._reader.ColumnReader`) duration
    column with its bare numbers among clock notation (:func:`bare_among_clock`) told by
    each row's own ``start`` and ``end``, written (not made from the duration): ``2``
    beside 13:00-15:00 is 120 minutes (the clock fits it as hours and not as minutes), and
    ``1.30`` beside 13:00-14:30 is 90 (as h.mm, 1 h 30 min; as hours it is 78); one
    whose clock fits it as minutes, or none of these, is left as read (neither: flagged
    ``duration_mismatch`` as any such row). A row with no start and end of its own is
    rejected :data:`UNTOLD`, its minutes NaN, the reason naming the fix: ``2:00`` for two
    hours, ``0:02`` for two minutes, or ``duration_unit`` in the mapping. Nothing changes
    when the mapping gives ``duration_unit``. :func:`told_warning` says what was told.

    Parameters
    ----------
    r : ColumnReader
        The candidates' reader; its ``failures`` take the rejects.
    minutes : ndarray of float
        The duration column read as minutes.
    start, end : ndarray of datetime64, optional
        Each row's own start and end (NaT where none); None: no row has them (a diary
        without times).

    Returns
    -------
    ndarray of float
        ``minutes``, the bare numbers told as hours x 60, those not told NaN.

    Examples
    --------
    >>> from timestudy.ingest._reader import ColumnReader
    >>> from timestudy.ingest.mapping import DiaryMapping

    Of 1:30, 0:45, 2:15 and two bare 2s, the first 2 is 13:00 to 15:00 by its own clock
    (120 minutes: 2 hours); the second has no end, and is rejected:

    >>> f = pd.DataFrame({"duration_min": ["1:30", "0:45", "2:15", "2", "2"]})
    >>> r = ColumnReader(f, {"duration_min": "Duration"}, DiaryMapping())
    >>> start = np.array(["2026-03-09T09:00", "2026-03-09T11:00", "2026-03-09T12:00",
    ...                   "2026-03-09T13:00", "2026-03-09T16:00"], "M8[ns]")
    >>> end = np.array(["2026-03-09T10:30", "2026-03-09T11:45", "2026-03-09T14:15",
    ...                 "2026-03-09T15:00", "NaT"], "M8[ns]")
    >>> settle_bare(r, np.array([90.0, 45, 135, 2, 2]), start, end).tolist()
    [90.0, 45.0, 135.0, 120.0, nan]
    >>> r.failures[0][["row", "code"]].values.tolist()
    [[4, 'duration_hours_or_minutes']]
    """
    m = r.mapping
    if m.duration_unit is not None or "duration_min" not in r.frame \
            or r.frame["duration_min"].dtype.kind in "iufb":
        return minutes
    label = r.label("duration_min")
    if _names_unit(label):
        return minutes
    _, codes, uniques = r.coded("duration_min")
    by_value = _untold(pd.Series(uniques, dtype="string"), codes)
    if not by_value.any():  # (the usual diary: no bare number among clock notation)
        return minutes
    bare = np.append(by_value, False)[codes]
    own = np.zeros(len(bare), bool) if start is None or end is None else \
        ~np.isnat(start) & ~np.isnat(end)
    if (bare & own).any():
        span = (end - start) / np.timedelta64(1, "m")
        span = np.where(span < 0, span + 1440, span)  # (a bare end past midnight)
        tol = m.mismatch_tolerance_seconds / 60
        fits = bare & own & ~(np.abs(span - minutes) <= tol)  # (minutes fit: as read)
        dotted = np.append(_dotted(pd.Series(uniques, dtype="string")), np.nan)[codes]
        for told in (minutes * 60, dotted):  # hours (1.5 = 90), then h.mm (1.30 = 90)
            hit = fits & (np.abs(span - told) <= tol)
            minutes, fits = np.where(hit, told, minutes), fits & ~hit
    untold = bare & ~own
    if untold.any():
        _reject_untold(r, untold, codes, uniques, label, by_value)
    return np.where(untold, np.nan, minutes)


def _dotted(distinct: pd.Series) -> np.ndarray:
    """Minutes of values written h.mm, two digits under 60 after the point (``1.30``: 1 h
    30 min = 90), NaN for any other.

    Examples
    --------
    >>> _dotted(pd.Series(["1.30", "0.45", "1.5", "1.75", "2"], dtype="string")).tolist()
    [90.0, 45.0, nan, nan, nan]
    """
    parts = distinct.str.strip().str.extract(r"^\+?(?P<h>\d*)\.(?P<m>[0-5]\d)$")
    hours = pd.to_numeric(parts["h"].replace("", "0"), errors="coerce").to_numpy(float)
    return hours * 60 + pd.to_numeric(parts["m"], errors="coerce").to_numpy(float)


def _reject_untold(r, untold: np.ndarray, codes: np.ndarray, uniques, label: str,
                   by_value: np.ndarray) -> None:
    """Reject the rows ``untold`` :data:`UNTOLD`, each reason naming its value's two
    readings (worked once per distinct value)."""
    rows = np.bincount(codes[codes >= 0], minlength=len(uniques))
    clock = pd.Series(uniques, dtype="string").str.match(_CLOCK).fillna(False).to_numpy(bool)
    many, total = int(rows[clock].sum()), int(rows.sum())
    reasons = np.full(len(uniques), "", dtype=object)
    dotted = _dotted(pd.Series(uniques, dtype="string"))
    for k in np.flatnonzero(by_value):  # (a few distinct values: 1, 2, 1.5)
        text = str(uniques[k]).strip()
        n = float(parse.numbers(pd.Series([text], dtype="string"))[0])
        hm = dotted[k]
        also = "" if np.isnan(hm) else f", or {_hm(hm)} written h.mm"
        fix = "" if np.isnan(hm) else f", {_hm(hm)} for {hm // 60:.0f} h {hm % 60:.0f} min"
        reasons[k] = (
            f"{label} '{text}' is a bare number among durations written as h:mm ({many:,} "
            f"of the column's {total:,}): {n:g} hour{'s' if n != 1 else ''} ({_hm(n * 60)}) "
            f"or {n:g} minute{'s' if n != 1 else ''} ({_hm(n)}){also}? The row has no start "
            f"and end of its own to tell: write it {_hm(n * 60)} for {n:g} h{fix} or "
            f"{_hm(n)} for {n:g} min, or set duration_unit (hours or minutes) in the mapping "
            "if every plain number of the column is in that unit")
    pos = np.flatnonzero(untold)
    r.failures.append(pd.DataFrame({
        "row": pos.astype(np.int64), "column": "duration_min", "code": UNTOLD,
        "value": pd.Series(uniques, dtype="string").iloc[codes[pos]].str.slice(0, 60).tolist(),
        "reason": reasons[codes[pos]]}))


def _hm(minutes: float) -> str:
    """``minutes`` as h:mm, with seconds where there are any (``0:01:30``).

    Examples
    --------
    >>> _hm(120), _hm(2), _hm(90), _hm(1.5)
    ('2:00', '0:02', '1:30', '0:01:30')
    """
    seconds = round(minutes * 60)
    h, rest = divmod(seconds, 3600)
    mm, ss = divmod(rest, 60)
    return f"{h}:{mm:02d}" + (f":{ss:02d}" if ss else "")


def told_warning(episodes: pd.DataFrame, written: pd.Series | None, label: str) -> dict | None:
    """The warning :data:`TOLD` when the duration column ``written`` (as written, indexed by
    source row) holds bare numbers among clock notation (:func:`bare_among_clock`): how
    many of the accepted ``episodes`` (with ``source_row`` and ``duration_min``) were read
    as hours by their own start and end, how many were left as minutes (their clock fits
    minutes, or neither: flagged ``duration_mismatch``), and how many are not accepted
    (rejected :data:`UNTOLD` where the row has no start and end of its own); else None.

    Parameters
    ----------
    episodes : DataFrame
        Accepted episodes, with ``source_row`` and ``duration_min``.
    written : Series or None
        The duration column as written, indexed by source row (None: not one row each).
    label : str
        Its header.

    Returns
    -------
    dict or None
        ``code``, ``message``, ``rows`` (bare numbers), ``read_as_hours`` and
        ``not_accepted``.

    Examples
    --------
    >>> w = pd.Series(["1:30", "0:45", "2", "1", "2:15"], index=[2, 3, 4, 5, 6])
    >>> e = pd.DataFrame({"source_row": [2, 3, 4, 6], "duration_min": [90.0, 45, 120, 135]})
    >>> said = told_warning(e, w, "Duration")
    >>> said["rows"], said["read_as_hours"], said["not_accepted"]
    (2, 1, 1)
    >>> print(said["message"])  # doctest: +ELLIPSIS
    duration_told_by_clock: 'Duration' is written h:mm on most rows (3 of 5), and 2 bare numbers of 24 or less in it are hours or minutes?: 1 read as hours by its row's own start and end (source row 4: 2 = 120 min); 1 not accepted, rejected duration_hours_or_minutes: no start and end of its own (source row 5)...
    """
    if written is None or "source_row" not in episodes:
        return None
    bare = bare_among_clock(written, label)
    if not bare.any():
        return None
    said = written[bare].astype("string").str.strip()
    said = said[~said.index.duplicated()]  # (by source row, as written)
    kept = episodes[episodes["source_row"].isin(said.index)].drop_duplicates("source_row")
    text = said.reindex(kept["source_row"])
    n, got = parse.numbers(text.fillna("")), kept["duration_min"].to_numpy(float)
    hours = (np.abs(got - n * 60) < 1e-6) | (np.abs(got - _dotted(text)) < 1e-6)
    apart = kept["flags"].fillna("").str.contains("duration_mismatch").to_numpy(bool) \
        if "flags" in kept else np.zeros(len(kept), bool)
    mins = (np.abs(got - n) < 1e-6) & ~hours & ~apart
    out = ~said.index.isin(kept["source_row"])
    at, shown = kept["source_row"].to_numpy(), text.to_numpy(object)
    parts = [_part(hours, "read as hours by its row's own start and end", at, shown, got),
             _part(mins, "left as minutes, its row's own start and end fitting minutes", at,
                   shown, got),
             _part(~hours & ~mins, "fitting neither by its own start and end: flagged "
                   "duration_mismatch, counted as minutes_from says", at, shown, got),
             _part(out, f"not accepted, rejected {UNTOLD}: no start and end of its own",
                   said.index.to_numpy())]
    clock = int(written.astype("string").str.match(_CLOCK).fillna(False).sum())
    total = int(written.notna().sum())
    k = int(bare.sum())
    return {"code": TOLD, "rows": k, "read_as_hours": int(hours.sum()),
            "not_accepted": int(out.sum()), "message": (
                f"{TOLD}: {label!r} is written h:mm on most rows ({clock:,} of {total:,}), "
                f"and {k:,} bare number{'s' if k > 1 else ''} of 24 or less in it "
                f"{'are' if k > 1 else 'is'} hours or minutes?: "
                + "; ".join(p for p in parts if p)
                + "; write them as h:mm (2:00 for 2 h, 0:02 for 2 min), or set duration_unit "
                "in the mapping if every plain number of the column is in one unit")}


def _part(rows: np.ndarray, what: str, at: np.ndarray, shown=None, got=None) -> str:
    """One part of :func:`told_warning`'s message: the ``rows`` (a mask over ``at``, their
    source rows) ``what``, the first named with its value as written and minutes counted."""
    k = int(np.count_nonzero(rows))
    if not k:
        return ""
    first = int(np.flatnonzero(rows)[0])
    value = "" if shown is None else f": {shown[first]} = {got[first]:g} min"
    return f"{k:,} {what} (source row {at[first]}{value})"
