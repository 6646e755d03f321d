"""Durations under a header naming hours and minutes (``Duration (hh:mm)``): ``1.30``
written with a point is 1 h 30 min.

A worker who writes 1.30 under an hh:mm header means 90 minutes; read as a number it was
1.3 minutes. :func:`hours_dot_minutes` reads such values as hours and minutes when every
one written with a point has two digits after it, below 60 (the reader,
:func:`timestudy.ingest.times.resolve_times`, then counts 90), and
:func:`dot_minutes_warning` says how many were read so; a value that cannot be (``1.5``,
``1.75``) refuses the file, naming the row and the fix (:func:`refuse_hours_minutes`, from
:func:`timestudy.ingest.units.duration_unit_warning`).
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from timestudy.errors import SchemaError

# hours then minutes, and no seconds after them: h:mm, hh.mm, hours:minutes, hrs:mins
_HOURS_MINUTES = re.compile(
    r"(?:^|[^a-z])(?:hh?|hours?|hrs?)\s*[:.]\s*(?:mm?|minutes?|mins?)(?![a-z]|\s*[:.]\s*s)")


def names_hours_minutes(label: str) -> bool:
    """Whether a duration column's header says its values are hours and minutes (``h:mm``).

    Examples
    --------
    >>> [names_hours_minutes(h) for h in ("Duration (hh:mm)", "Time (h:mm)", "hrs:mins",
    ...     "Duration (hours:minutes)", "hh.mm", "Duration (hh:mm:ss)", "Duration", "hhmm")]
    [True, True, True, True, True, False, False, False]
    """
    return bool(_HOURS_MINUTES.search(str(label).strip().lower()))


#: A plain number written with a point: its hours and the digits after the point.
_DOTTED = r"^\s*\+?(?P<h>\d*)\.(?P<m>\d+)\s*$"
#: A whole number with no point (``1``), and a value written h:mm (``1:30``, or with
#: seconds, ``01:30:00``: a bare 2 among those was read as 2 minutes, unsaid).
_WHOLE = r"^\s*\+?\d+\s*$"
_COLON = r"^\s*\d+:[0-5]\d(?::[0-5]\d)?\s*$"
#: The largest whole number that could be hours of one entry (a day): 1 to 24 under a
#: column written as hours and minutes is 1 h or 1 min?
_MOST_HOURS = 24


def hours_dot_minutes(values: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Minutes of durations written ``h.mm`` under a header naming hours and minutes
    (``Duration (hh:mm)``: ``1.30`` for 1 h 30 min), and which values written with a point
    cannot be hours.minutes.

    A value is read as hours.minutes when the part after its point has two digits below
    60 (1.30 -> 90, 0.45 -> 45, 2.05 -> 125). One digit (``1.5``: 1 h 30 min as decimal
    hours, 1 h 50 min as ``1.50``?), three or more, or 60 or more (``1.75``) cannot be: such
    a value is ``odd``. A number cell (a workbook's) is read by its shortest spelling
    (1.3 is ``1.3``: odd); text that is not a plain number (``1:30``, ``0:10:30``) is
    neither.

    A whole number with no point is minutes (``90``), as it was, unless the column is
    written as hours and minutes (a value read so, like ``1.30``, or written ``1:30``) and
    the number could be hours of one entry, 1 to 24: then ``1`` is 1 h (``1.00``) or 1 min,
    and ``2`` 2 h or 2 min, and nothing in the file tells which: such a value is ``odd``
    too (the file refused naming the row, :func:`refuse_hours_minutes`). Over 24 it cannot
    be hours of a day's entry and stays minutes; 0 is 0 either way.

    Parameters
    ----------
    values : Series
        The duration column as written (text, or numbers).

    Returns
    -------
    (ndarray, ndarray)
        Minutes (NaN where not hours.minutes) and which values are odd.

    Examples
    --------
    >>> m, odd = hours_dot_minutes(pd.Series(["1.30", "0.45", "2.05", "1:30", "90", "1.5",
    ...                                       "1.75", None]))
    >>> m.tolist()[:5], odd.tolist()
    ([90.0, 45.0, 125.0, nan, nan], [False, False, False, False, False, True, True, False])

    Among values read as hours and minutes, a bare 1 or 2 is 1 h or 1 min? (odd); 90 and
    0 are minutes:

    >>> hours_dot_minutes(pd.Series(["1.30", "1", "2", "90", "0"]))[1].tolist()
    [False, True, True, False, False]

    So it is among values written with seconds (``01:30:00``):

    >>> hours_dot_minutes(pd.Series(["01:30:00", "00:45:00", "2"]))[1].tolist()
    [False, False, True]
    """
    if values.dtype.kind in "iufb":
        number = values.to_numpy(float)
        whole = ~np.isnan(number) & (np.abs(number - np.round(number)) < 1e-9)
        text = values.astype("string").mask(whole, pd.Series(number).round().astype("Int64")
                                            .astype("string").to_numpy())
    else:
        text = values.astype("string")
    codes, uniques = pd.factorize(text, use_na_sentinel=True)
    distinct = pd.Series(uniques, dtype="string")
    parts = distinct.str.extract(_DOTTED)
    digits = parts["m"].str.len().to_numpy(float)
    hours = pd.to_numeric(parts["h"].replace("", "0"), errors="coerce").to_numpy(float)
    mins = pd.to_numeric(parts["m"], errors="coerce").to_numpy(float)
    good = (digits == 2) & (mins < 60)
    odd = parts["m"].notna().to_numpy(bool) & ~good
    if good.any() or distinct.str.match(_COLON).fillna(False).any():
        bare = distinct.str.match(_WHOLE).fillna(False).to_numpy(bool)
        n = pd.to_numeric(distinct.where(bare), errors="coerce").to_numpy(float)
        odd |= bare & (n >= 1) & (n <= _MOST_HOURS)
    minutes = np.where(good, hours * 60 + mins, np.nan)
    return np.append(minutes, np.nan)[codes], np.append(odd, False)[codes]


def read_hours_minutes(values: pd.Series, label: str, unit: str | None,
                       minutes: np.ndarray) -> np.ndarray:
    """``minutes``, the duration column read as minutes, with the values written ``h.mm``
    under a header naming hours and minutes read as such (:func:`hours_dot_minutes`): the
    one reading of the durations that the minutes counted and every warning use.

    Parameters
    ----------
    values : Series
        The duration column as written.
    label : str
        Its header.
    unit : str or None
        The mapping's ``duration_unit``: given, the numbers are in it, none read so.
    minutes : ndarray of float
        The column read as minutes.

    Returns
    -------
    ndarray of float
        ``minutes`` as is where nothing is read as hours and minutes, or where a value
        cannot be (the file is refused: :func:`refuse_hours_minutes`).

    Examples
    --------
    >>> v = pd.Series(["1.30", "90", "0.45"])
    >>> read_hours_minutes(v, "Duration (hh:mm)", None, np.array([1.3, 90, 0.45])).tolist()
    [90.0, 90.0, 45.0]
    >>> read_hours_minutes(v, "Duration", None, np.array([1.3, 90, 0.45])).tolist()
    [1.3, 90.0, 0.45]
    """
    if unit is not None or not names_hours_minutes(label):
        return minutes
    hm, odd = hours_dot_minutes(values)
    if odd.any():  # (a 1.5, 1.75 or bare 1 among them: refused)
        return minutes
    return np.where(np.isnan(hm), minutes, hm)


def refuse_hours_minutes(episodes: pd.DataFrame, label: str, source: str | None,
                          written: pd.Series | None = None) -> None:
    """Refuse, under a header naming ``h:mm``, a value written with a point that cannot be
    hours.minutes (:func:`hours_dot_minutes`: ``1.5``, one digit, is 1 h 30 min or 1 h 50
    min; ``1.75``, 75 minutes, is none), ``written`` being the column as written by source
    row; without it, numbers read that are not whole minutes (``1.3``, a 1.30 read as 1.3
    minutes). Values ``1.30`` all alike were read as hours and minutes (90).

    Examples
    --------
    >>> w = pd.Series(["1.30", "1.5"], index=[2, 3])
    >>> refuse_hours_minutes(pd.DataFrame({"duration_min": [90.0, 1.5]}),
    ...                       "Duration (hh:mm)", "d.csv", w)
    Traceback (most recent call last):
    ...
    timestudy.errors.SchemaError: d.csv: ...(source row 3: '1.5' has one digit after its point...
    >>> refuse_hours_minutes(pd.DataFrame({"duration_min": [90.0]}), "Duration (hh:mm)",
    ...                       "d.csv", w.iloc[:1]) is None
    True

    Without the text as written, a number read that is not whole minutes is refused:

    >>> e = pd.DataFrame({"duration_min": [90.0, 1.3], "source_row": [2, 3]})
    >>> refuse_hours_minutes(e, "Duration (hh:mm)", "d.csv")
    Traceback (most recent call last):
    ...
    timestudy.errors.SchemaError: d.csv: ... (source row 3: 1.3 is read as 1.3 min; as hours.minutes 1.30 is 1 h 30 min = 90 min): ...
    """
    if not len(episodes) or not names_hours_minutes(label):
        return
    if written is not None:
        return _refuse_odd_dots(written, label, source)
    minutes = episodes["duration_min"].to_numpy(float)
    # a number of hours.minutes read as minutes has two decimals, mm under 60 (a time cell
    # with seconds, 1:30:30, is 90.5: not hours.minutes)
    odd = (np.abs(minutes - np.round(minutes)) > 1e-6) & (minutes < 24)
    odd &= (np.abs(minutes * 100 - np.round(minutes * 100)) < 1e-6)
    odd &= (np.mod(np.round(minutes * 100), 100) < 60)
    if not odd.any():
        return
    at = int(np.argmax(odd))
    value = float(minutes[at])
    where = f"source row {episodes['source_row'].iloc[at]}: " if "source_row" in episodes else ""
    hours, rest = divmod(round(value * 100), 100)
    reading = f"as hours.minutes {value:.2f} is {hours} h {rest} min = {hours * 60 + rest} min"
    raise SchemaError(
        f"the duration column {label!r} names hours:minutes, but {int(odd.sum())} of its "
        f"{len(minutes)} values look like hours.minutes, not whole minutes as h:mm gives ({where}{value:g}"
        f" is read as {value:g} min; {reading}): write the durations as h:mm (1:30) at those "
        "rows, or set duration_unit: hours in the mapping if they are decimal hours "
        "(1.5 = 90 min; duration_unit: minutes if they are minutes)", source=source)


def _refuse_odd_dots(written: pd.Series, label: str, source: str | None) -> None:
    """Refuse the first value of ``written`` (by source row) under an ``h:mm`` header that
    is written with a point and cannot be hours.minutes (:func:`hours_dot_minutes`)."""
    hm, odd = hours_dot_minutes(written)
    if not odd.any():
        return
    at = int(np.argmax(odd))
    value = written.iloc[at]
    text = str(value).strip() if written.dtype.kind not in "iuf" \
        else f"{value:.0f}" if float(value).is_integer() else f"{value!r}"
    if "." not in text:
        return _refuse_whole(label, source, text, written.index[at], int(odd.sum()),
                             int((~np.isnan(hm)).sum()))
    after = text.split(".", 1)[1]
    whole = text.split(".", 1)[0] or "0"
    why = (f"has one digit after its point: {float(text) * 60:g} min as decimal hours, or "
           f"{whole} h {after}0 min as hours.minutes?" if len(after) == 1 else
           f"has {len(after)} digits after its point" if len(after) > 2 else
           f"has {after} minutes after its point, 60 or more (decimal hours?)")
    read = f"; {int((~np.isnan(hm)).sum()):,} like 1.30 would read as 1 h 30 min" \
        if (~np.isnan(hm)).any() else ""
    raise SchemaError(
        f"the duration column {label!r} names hours:minutes, and {int(odd.sum()):,} of its "
        f"values written with a point cannot be hours.minutes (source row "
        f"{written.index[at]}: {text!r} {why}{read}): write the durations as h:mm "
        "(1:30) at those rows, or set duration_unit: hours in the mapping if they are "
        "decimal hours (1.5 = 90 min; duration_unit: minutes if they are minutes)",
        source=source)


def _refuse_whole(label: str, source: str | None, text: str, at, many: int,
                  read: int) -> None:
    """Refuse a whole number of 1 to 24 (``text``, at source row ``at``) under an ``h:mm``
    header in a column written as hours and minutes (``read`` values read as h.mm): ``n``
    hours or ``n`` minutes? (``many``: how many such numbers)."""
    n = int(text.strip().lstrip("+"))
    how = (f"{read:,} of its values are written so with a point (1.30 = 1 h 30 min)" if read
           else "its values are written so (1:30)")
    raise SchemaError(
        f"the duration column {label!r} names hours:minutes and {how}, but {many:,} "
        f"whole number{'s' if many > 1 else ''} with no point could be hours or minutes "
        f"(source row {at}: {text!r} is {n} h ({n}:00 = {n * 60} min) or {n} min "
        f"(0:{n:02d})?): write it as h:mm at those rows ({n}:00 for {n} "
        f"hour{'s' if n > 1 else ''}, 0:{n:02d} for {n} minute{'s' if n > 1 else ''}), or "
        "set duration_unit: minutes in the mapping if every plain number is minutes "
        "(1.30 is then 1.3 min)", source=source)


def dot_minutes_warning(written: pd.Series | None, label: str) -> dict | None:
    """The warning ``duration_read_as_hours_minutes`` when values under a header naming
    ``h:mm`` were written with a point and read as hours and minutes (``1.30`` = 90 min:
    :func:`hours_dot_minutes`), naming how many and their first source rows; else None.

    Parameters
    ----------
    written : Series or None
        The duration column as written, indexed by source row.
    label : str
        Its header.

    Returns
    -------
    dict or None
        ``code``, ``message`` and ``rows``.

    Examples
    --------
    >>> w = pd.Series(["1.30", "0:45", "2.05"], index=[2, 3, 4])
    >>> print(dot_minutes_warning(w, "Duration (hh:mm)")["message"])  # doctest: +ELLIPSIS
    duration_read_as_hours_minutes: 2 values of 'Duration (hh:mm)' written with a point were read as hours and minutes, as the header says (1.30 = 1 h 30 min = 90 min, not 1.3 min): source rows 2, 4...
    """
    if written is None or not names_hours_minutes(label):
        return None
    read = ~np.isnan(hours_dot_minutes(written)[0])
    n = int(read.sum())
    if not n:
        return None
    rows = written.index[read]
    shown = ", ".join(map(str, rows[:5])) + (f" and {n - 5:,} more" if n > 5 else "")
    return {"code": "duration_read_as_hours_minutes", "rows": n, "message": (
        f"duration_read_as_hours_minutes: {n:,} value{'s' if n > 1 else ''} of {label!r} "
        f"written with a point {'were' if n > 1 else 'was'} read as hours and minutes, as "
        f"the header says (1.30 = 1 h 30 min = 90 min, not 1.3 min): source row"
        f"{'s' if n > 1 else ''} {shown}; write h:mm (1:30) to be sure, or set "
        "duration_unit: hours in the mapping if they are decimal hours")}
