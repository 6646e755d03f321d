"""Day-first or month-first: read from the file's own dates when the mapping does not say.

A date such as ``03/25/2026`` can only be month-first and ``25/03/2026`` only
day-first; ``03/04/2026`` could be either. When the mapping gives no ``dayfirst``:

* some dates can only be month-first and none only day-first: the file is month-first;
* some can only be day-first, or every date is ambiguous: day-first (the UK default),
  except in a Toggl report, where the date format is each user's own preference: a
  report of only ambiguous dates is refused until the mapping says which;
* dates of both kinds: refused (a file mixes two date orders).

What was decided, and why, goes into the ingest report.

**The other reading far more compact** (``dates_read_either_way``,
:func:`other_order_warning`): when every written date reads either way, the order used is
checked against each worker's dates. A worker whose dates span 14 days or more as read, and
a quarter of that or less read the other way, is named with the two spans and the lines;
nothing is switched (s4_ambig.csv: W1's ``03/09/2026`` and ``03/10/2026`` were read 3
September and 3 October, 30 days apart, where month-first puts them on 9 and 10 March, one
day apart). A diary of a few weeks read in its own order spans less than the other reading,
so it is quiet.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from timestudy.errors import SchemaError

AMBIGUOUS_CODE = "dates_read_either_way"
_MIN_SPAN_DAYS = 14  # a worker's dates spread at least this far, as read, before a warning
_COMPACT = 4  # ... and the other reading at least this many times more compact
_DMY = r"^\s*(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2,4})\b"
#: :data:`_DMY` as it reads ASCII text, in Arrow's regular expressions (RE2: ``\d``, ``\s``
#: and ``\b`` are ASCII there; Python's ``\s`` takes ``\x1c``-``\x1f`` too)
_DMY_ASCII = (r"^[ \t\n\x0b\x0c\r\x1c-\x1f]*(?P<a>[0-9]{1,2})[/.\-](?P<b>[0-9]{1,2})[/.\-]"
              r"(?P<y>[0-9]{2,4})\b")
DATE_COLUMNS = ("date", "end_date", "start", "end", "week_commencing")


def infer_dayfirst(
    frame: pd.DataFrame, layout: str, name: str, encoded: dict | None = None
) -> tuple[bool, str]:
    """``dayfirst`` for the file, and the reason, from its date columns.

    ``encoded`` may give date columns held as Arrow text already dictionary-encoded (the
    read's clock columns: :class:`~timestudy.ingest.encoded.Encoded`, by name): their
    distinct values are then looked at, not every row again (a UK file's 2M start and end
    times: 45 ms to hash them anew).

    Examples
    --------
    >>> infer_dayfirst(pd.DataFrame({"date": ["03/04/2026", "03/25/2026"]}), "split", "x")
    (False, "month-first: '03/25/2026' can only be read that way")
    >>> infer_dayfirst(pd.DataFrame({"date": ["2026-03-04"]}), "split", "x")
    (True, 'day-first (the default; no date in the file is ambiguous)')
    """
    names = [c for c in DATE_COLUMNS if c in frame and frame[c].dtype.kind not in "Mf"]
    if not names:
        return True, "day-first (the default; the file has no written dates)"
    if encoded and all(c in encoded for c in names):
        text = _distinct_text([encoded[c].dictionary for c in names])
    else:
        values = [frame[c] for c in names]
        text = pd.Series(pd.unique(pd.concat(values, ignore_index=True).dropna().astype("str")))
    first, second, _ = _dmy_numbers(text)
    month_first = (second > 12) & (first <= 12)
    day_first = (first > 12) & (second <= 12)
    shaped = ~np.isnan(first)
    if month_first.any() and day_first.any():
        a, b = text[month_first].iloc[0], text[day_first].iloc[0]
        raise SchemaError(
            f"mixes month-first and day-first dates ({a!r} can only be month-first, {b!r} only "
            "day-first): export the file again with one date format, or say which with "
            "dayfirst: true or false in the mapping",
            source=name,
        )
    if month_first.any():
        return False, f"month-first: {text[month_first].iloc[0]!r} can only be read that way"
    if day_first.any():
        return True, f"day-first: {text[day_first].iloc[0]!r} can only be read that way"
    if shaped.any() and layout == "toggl":
        raise SchemaError(
            f"has dates such as {text[shaped].iloc[0]!r} that read as day-first or month-first, "
            "and a Toggl report follows its user's own date format: say which with dayfirst: "
            "true (31/03/2026) or dayfirst: false (03/31/2026) in a mapping (--mapping)",
            source=name,
        )
    if shaped.any():
        return True, "day-first (the default; every written date reads either way)"
    return True, "day-first (the default; no date in the file is ambiguous)"


def _distinct_text(dictionaries: list[pa.Array]) -> pd.Series:
    """The values of the columns' dictionaries (each column's distinct values, in the order
    they first appear, no missing value), one column after another, each value once: the
    distinct values of the columns joined, in the order they first appear there, as
    ``pd.unique`` gives them.

    Examples
    --------
    >>> _distinct_text([pa.array(["02/03", "01/03"]), pa.array(["01/03", "05/03"])]).tolist()
    ['02/03', '01/03', '05/03']
    """
    joined = pa.chunked_array([d.cast(pa.large_string()) for d in dictionaries], pa.large_string())
    unique = pc.unique(joined)  # (in the order of first appearance)
    return pd.Series(pd.arrays.ArrowStringArray(unique), dtype="str")


def _dmy_numbers(text: pd.Series) -> list[np.ndarray]:
    """The three numbers of each value of ``text`` written as :data:`_DMY` (``09/03/2026``,
    day or month first; dots or dashes too), NaN where a value is not: the values of
    ``text.str.extract(_DMY)`` as numbers. ASCII text is searched in Arrow
    (:data:`_DMY_ASCII`: a tenth of the time); other text by Python's regular expression,
    leaving out values that begin with three ASCII digits (an ISO date), which cannot match.

    Examples
    --------
    >>> [x.tolist() for x in _dmy_numbers(pd.Series(["09/03/26", "2026-03-09", "1.2.2026"]))]
    [[9.0, nan, 1.0], [3.0, nan, 2.0], [26.0, nan, 2026.0]]
    >>> [x.tolist() for x in _dmy_numbers(pd.Series(["\u00a009/03/26", "é"]))]
    [[9.0, nan], [3.0, nan], [26.0, nan]]
    """
    arr = pa.array(text, from_pandas=True)
    arr = arr.combine_chunks() if isinstance(arr, pa.ChunkedArray) else arr
    if pc.all(pc.string_is_ascii(arr)).as_py() is not False:  # (True, or no value at all)
        found = pc.extract_regex(arr, _DMY_ASCII)
        return [pc.struct_field(found, [i]).cast(pa.float64()).to_numpy(zero_copy_only=False)
                for i in range(3)]
    out = [np.full(len(text), np.nan) for _ in range(3)]
    maybe = ~text.str.match("[0-9]{3}", na=False).to_numpy(bool)
    if maybe.any():
        parts = text[maybe].str.extract(_DMY)
        for number, i in zip(out, range(3), strict=True):
            number[maybe] = pd.to_numeric(parts[i], errors="coerce").to_numpy(float)
    return out


def other_order_warning(frame: pd.DataFrame, dayfirst: bool, lines: np.ndarray,
                        label: str | None = None, dates: tuple | None = None,
                        workers: np.ndarray | None = None) -> dict | None:
    """The warning ``dates_read_either_way`` when every written date reads either way and,
    for some worker, the other order fits their dates into a far shorter span, else None.

    Parameters
    ----------
    frame : DataFrame
        Candidate episodes, values as written (``worker_id`` and ``date`` or ``start``).
    dayfirst : bool
        The order the dates were read in.
    lines : ndarray of int
        The line (source row) of each row of ``frame``.
    label : str, optional
        The date column's header in the file, for the message.
    dates : tuple, optional
        The date column encoded already: each row's code (-1 where missing) and the
        distinct values (read from ``frame`` when None).
    workers : ndarray of int, optional
        Each row's worker as an integer code (read from ``frame`` when None).

    Returns
    -------
    dict or None
        ``code``, ``message`` (one line naming the workers, spans and lines), ``workers``
        (those named) and ``lines``.

    Examples
    --------
    By hand: read day-first, 03/09/2026 and 03/10/2026 are 3 September and 3 October, 30
    days apart; month-first, 9 and 10 March, 1 day apart (30 >= 14 and 30 >= 4 x 1).

    >>> f = pd.DataFrame({"worker_id": ["W1", "W1", "W2", "W2"],
    ...                   "date": ["03/09/2026", "03/10/2026", "09/03/2026", "10/03/2026"]})
    >>> w = other_order_warning(f, True, np.array([2, 3, 4, 5]))
    >>> w["workers"], w["lines"]
    (['W1'], [2, 3])
    >>> other_order_warning(f.iloc[2:], True, np.array([4, 5])) is None
    True
    """
    col = next((c for c in ("date", "start") if c in frame and frame[c].dtype.kind not in "Mf"),
               None)
    if col is None or "worker_id" not in frame or not len(frame):
        return None
    codes, uniques = dates if dates is not None else pd.factorize(frame[col])
    a, b, y = _dmy_numbers(pd.Series(np.asarray(uniques, dtype=object), dtype="str"))
    if np.isnan(a).all() or ((a > 12) | (b > 12)).any():
        return None  # no written date, or one that can be read only one way: the file says
    y = np.where(y < 100, y + 2000, y)
    as_read, other = (_days(y, b, a), _days(y, a, b)) if dayfirst else (_days(y, a, b),
                                                                          _days(y, b, a))
    row_read = np.append(as_read, np.nan)[codes]
    row_other = np.append(other, np.nan)[codes]
    if workers is None:
        workers = pd.factorize(frame["worker_id"])[0]
    workers = np.asarray(workers)
    spans = _spans(workers, row_read, row_other)
    far = spans[(spans["read"] >= _MIN_SPAN_DAYS) & (spans["other"] * _COMPACT <= spans["read"])]
    if far.empty:
        return None
    at = np.flatnonzero(np.isin(workers, far.index.to_numpy()) & ~np.isnan(row_read))
    names = frame["worker_id"].iloc[at].astype("str").to_numpy(object)
    first = pd.unique(workers[at])  # each worker named once, by first line
    named = [names[np.argmax(workers[at] == w)] for w in first[:6]]
    spans = spans.loc[first[:6]].set_axis(named)
    where = [int(n) for n in lines[at]]
    used, alt = ("day-first", "month-first") if dayfirst else ("month-first", "day-first")
    shown = "; ".join(f"{w}: {spans.at[w, 'read']:g} days read {used}, {spans.at[w, 'other']:g} "
                      f"read {alt}" for w in named[:5]) + (" ..." if len(far) > 5 else "")
    more = " ..." if len(where) > 8 else ""
    return {
        "code": AMBIGUOUS_CODE,
        "message": (
            f"{AMBIGUOUS_CODE}: every date in {label or col!r} reads day-first or month-first "
            f"and they were read {used}, but {alt} fits {len(far)} worker(s)' dates into a "
            f"far shorter span ({shown}; lines {', '.join(map(str, where[:8]))}{more}); if the "
            f"file is {alt}, set dayfirst: {'false' if dayfirst else 'true'} in the mapping; "
            "if only those workers' part is, correct their dates at those lines or export "
            "the file again with ISO dates (2026-03-09); the dates are kept as read"
        ),
        "workers": [str(w) for w in named],
        "lines": where,
    }


def _spans(workers: np.ndarray, read: np.ndarray, other: np.ndarray) -> pd.DataFrame:
    """Each worker's span of days (last less first, NaN days left out) both ways, indexed by
    worker code in order: what ``groupby(worker).max() - .min()`` gives, on sorted arrays.

    Examples
    --------
    >>> _spans(np.array([1, 0, 1, 0]), np.array([5.0, 1.0, 9.0, np.nan]),
    ...        np.array([2.0, 3.0, 4.0, 3.0])).to_dict("index")
    {0: {'read': 0.0, 'other': 0.0}, 1: {'read': 4.0, 'other': 2.0}}
    """
    order = np.argsort(workers, kind="stable")
    w = workers[order]
    starts = np.flatnonzero(np.r_[True, w[1:] != w[:-1]]) if len(w) else np.array([], int)
    out = {}
    for name, days in (("read", read), ("other", other)):
        d = np.asarray(days, float)[order]
        out[name] = (np.fmax.reduceat(d, starts) - np.fmin.reduceat(d, starts)
                     if len(starts) else np.array([]))
    return pd.DataFrame(out, index=pd.Index(w[starts], name="w"))


def _days(year: np.ndarray, month: np.ndarray, day: np.ndarray) -> np.ndarray:
    """Days since the epoch of each (year, month, day); NaN where that is no date (a month
    outside 1-12, a day past its month's end, a year outside 0-999999; as pandas reads them).

    Examples
    --------
    >>> _days(np.array([2026, 2026, 2026, 2024]), np.array([3, 2, 13, 2]),
    ...       np.array([9, 29, 1, 29])).tolist()
    [20521.0, nan, nan, 19782.0]
    """
    year, month, day = (np.asarray(x, float) for x in (year, month, day))
    ok = ((year >= 0) & (year <= 999_999) & (month >= 1) & (month <= 12) & (day >= 1)
          & (day <= 31) & (year == np.round(year)) & (month == np.round(month))
          & (day == np.round(day)))  # (NaN fails every test)
    months = np.where(ok, (year - 1970) * 12 + month - 1, 0).astype(np.int64)
    start = months.astype("M8[M]").astype("M8[D]")
    at = start + np.where(ok, day - 1, 0).astype(np.int64).astype("m8[D]")
    ok &= at.astype("M8[M]") == start.astype("M8[M]")  # the day is in its month
    return np.where(ok, at.astype(np.int64), np.nan)
