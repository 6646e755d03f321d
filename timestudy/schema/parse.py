"""Vectorised parsing of the values people write in diaries: times, dates, durations, numbers.

Every parser works on the *unique* values of a column (a diary of a million rows
has a few thousand distinct start times), so the cost is in the number of
distinct spellings, not in the number of rows. Each returns an array aligned with
its input holding NaN/NaT where the value could not be read; callers turn those
into rejects with a reason.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

NAT = np.datetime64("NaT", "ns")
#: Missing value of the parsers' own output: microseconds hold any real year (see
#: :mod:`timestudy.schema.daterange` for the range a study accepts).
NAT_US = np.datetime64("NaT", "us")
_AMPM = r"(?P<ampm>[ap])\.?\s*m\.?"
# 9:30, 09:30:00, 9.30am, 9:30 p.m., 21:15:07.5
_CLOCK = rf"(?P<h>\d{{1,2}})[:.](?P<m>\d{{2}})(?:[:.](?P<s>\d{{2}})(?:\.\d+)?)?\s*(?:{_AMPM})?"
_TIME_RE = (
    rf"^(?:{_CLOCK}"
    r"|(?P<h2>\d{1,2})\s*(?P<ampm2>[ap])\.?\s*m\.?"  # 9am, 11 p.m.
    r"|(?P<h3>\d{2})(?P<m3>\d{2}))$"  # 0930 (24-hour, no separator)
)
_TIME_TAIL = r"\d{1,2}(?:(?:[:.]\d{2}){1,2}(?:\.\d+)?\s*(?:[ap]\.?\s*m\.?)?|\s*[ap]\.?\s*m\.?)"
_SPLIT_RE = rf"^(?P<date>.+?)(?:(?:[ T]+|,\s*)(?P<time>{_TIME_TAIL}))?$"
_ISO_RE = r"^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$"
_OFFSET_RE = r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})$"
_DATE_FORMATS_DAYFIRST = (
    "%d/%m/%Y",
    "%d/%m/%y",
    "%d-%m-%Y",
    "%d.%m.%Y",
    "%d.%m.%y",
    "%d-%m-%y",
    "%d-%b-%Y",
    "%d-%b-%y",
    "%d %b %Y",
    "%d %B %Y",
    "%Y/%m/%d",
    "%a %d/%m/%Y",
    "%A %d %B %Y",
)
_DATE_FORMATS_MONTHFIRST = (
    "%m/%d/%Y",
    "%m/%d/%y",
    "%m-%d-%Y",
    "%d-%b-%Y",
    "%d-%b-%y",
    "%d %b %Y",
    "%d %B %Y",
    "%b %d %Y",
    "%B %d %Y",
    "%b %d, %Y",
    "%B %d, %Y",
    "%Y/%m/%d",
)
# a duration in words: 1h 30m, 2 hours, 90 mins, and hours then bare minutes (1h30, 1 hr 30)
_WORDS_RE = (
    r"^(?:(?P<h>\d+(?:\.\d+)?)\s*h(?:ours?|rs?)?\.?)?\s*(?:(?:(?<=[a-z.])\s*(?:and|,)\s*)?"
    r"(?:(?P<m>\d+(?:\.\d+)?)\s*m(?:in(?:ute)?s?)?\.?|(?<=[a-z.\s])(?P<bare>[0-5]?\d)))?$"
)
_TRUE = frozenset({"true", "t", "yes", "y", "1", "1.0"})
_FALSE = frozenset({"false", "f", "no", "n", "0", "0.0"})


def by_unique(values: pd.Series, parse: Callable[[pd.Series], np.ndarray], fill) -> np.ndarray:
    """Apply ``parse`` to the distinct non-missing values of ``values`` and spread the result back.

    Examples
    --------
    >>> s = pd.Series(["9:30", "9:30", None])
    >>> by_unique(s, time_minutes, np.nan).tolist()
    [570.0, 570.0, nan]
    """
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    parsed = np.asarray(parse(pd.Series(np.asarray(uniques, dtype=object), dtype="str")))
    out = np.concatenate([parsed, np.array([fill], dtype=parsed.dtype)])
    return out[codes]  # code -1 picks the fill value appended last


def time_minutes(values: pd.Series) -> np.ndarray:
    """Minutes after midnight of times of day such as ``9:30``, ``09:30:00``, ``9.30am``, ``0930``.

    ``24:00`` is accepted (1440, the end of the day); anything else out of range
    (``25:70``, ``13pm``) is NaN.

    Examples
    --------
    >>> time_minutes(pd.Series(["9:30", "09:30:15", "9.30pm", "12am", "0930", "25:70"])).tolist()
    [570.0, 570.25, 1290.0, 0.0, 570.0, nan]
    """
    plain = _plain_clock(values)
    if plain is None:
        return _clock_text_minutes(values)
    out = np.full(len(values), np.nan)
    rows, minutes = plain
    out[rows] = minutes
    others = np.ones(len(values), bool)
    others[rows] = False
    if others.any():
        out[others] = _clock_text_minutes(values[others])
    return out


#: The usual clock time, ``9:30``, ``09:30`` or ``09:30:15`` in ASCII digits: a spelling
#: :data:`_TIME_RE` reads as hours, minutes and seconds, with nothing else to it.
_PLAIN_CLOCK_RE = r"^[0-9]{1,2}:[0-9]{2}(?::[0-9]{2})?$"


def _plain_clock(values: pd.Series) -> tuple[np.ndarray, np.ndarray] | None:
    """The positions of the values written as a plain clock time and their minutes, read in
    Arrow (as :func:`_clock_text_minutes` reads them, without a regular expression per value
    in Python); None when the values are not text Arrow can hold."""
    try:
        arr = pa.array(values, pa.large_string(), from_pandas=True)
    except (pa.ArrowInvalid, pa.ArrowTypeError):
        return None
    rows = np.flatnonzero(pc.fill_null(pc.match_substring_regex(arr, _PLAIN_CLOCK_RE), False))
    parts = pc.split_pattern(arr.take(rows), ":")
    starts = parts.offsets.to_numpy()
    starts = starts[:-1] - starts[0]
    fields = pc.cast(parts.flatten(), pa.int64()).to_numpy().astype(float)
    hour, minute = fields[starts], fields[starts + 1]
    second = np.zeros(len(rows))
    three = np.flatnonzero(np.diff(parts.offsets.to_numpy()) == 3)
    second[three] = fields[starts[three] + 2]
    total = hour * 60 + minute + second / 60
    ok = (minute < 60) & (second < 60) & ((hour < 24) | (total == 1440))
    return rows, np.where(ok, total, np.nan)


def _clock_text_minutes(values: pd.Series) -> np.ndarray:
    """:func:`time_minutes` on any spelling, by the regular expression :data:`_TIME_RE`."""
    parts = values.str.strip().str.extract(_TIME_RE, flags=2)  # re.IGNORECASE
    hour = pd.to_numeric(parts["h"].fillna(parts["h2"]).fillna(parts["h3"]), errors="coerce")
    minute = pd.to_numeric(parts["m"].fillna(parts["m3"]), errors="coerce").fillna(0)
    second = pd.to_numeric(parts["s"], errors="coerce").fillna(0)
    ampm = parts["ampm"].fillna(parts["ampm2"]).str.lower()
    hour, minute, second = (x.to_numpy(float) for x in (hour, minute, second))
    is12 = ampm.notna().to_numpy()
    pm = (ampm == "p").fillna(False).to_numpy(bool)
    bad12 = is12 & ((hour < 1) | (hour > 12))
    hour = np.where(is12, hour % 12 + np.where(pm, 12, 0), hour)
    total = hour * 60 + minute + second / 60
    ok = (minute < 60) & (second < 60) & ~bad12 & ((hour < 24) | (total == 1440))
    return np.where(ok, total, np.nan)


def dates(values: pd.Series, dayfirst: bool = True) -> np.ndarray:
    """Dates (datetime64[us] at midnight) in ISO or common local spellings; NaT when unreadable.

    With ``dayfirst`` (the UK convention) ``03/04/2026`` is 3 April; month-first
    spellings are then not tried, so a US date is rejected rather than misread.

    Examples
    --------
    >>> dates(pd.Series(["2026-03-09", "09/03/2026", "01-Apr-2025", "3 March 2026", "x"]))
    ... # doctest: +NORMALIZE_WHITESPACE
    array(['2026-03-09T00:00:00.000000', '2026-03-09T00:00:00.000000',
           '2025-04-01T00:00:00.000000', '2026-03-03T00:00:00.000000',
                                  'NaT'], dtype='datetime64[us]')

    Two-digit years with dots or dashes read as with slashes (``09/03/26``):

    >>> dates(pd.Series(["09.03.26", "09-03-26", "09/03/26"])).astype("M8[D]").astype(str).tolist()
    ['2026-03-09', '2026-03-09', '2026-03-09']

    A year that does not fit in nanoseconds is read as written, never wrapped:

    >>> str(dates(pd.Series(["9999-12-31"]))[0])
    '9999-12-31T00:00:00.000000'
    """
    text = values.str.strip().str.replace(r"[T ]00:00(?::00(?:\.0+)?)?$", "", regex=True)
    out = np.full(len(text), NAT_US)
    iso = text.str.fullmatch(r"\d{4}-\d{1,2}-\d{1,2}").fillna(False).to_numpy(bool)
    if iso.any():
        out[iso] = _strptime(text[iso], "%Y-%m-%d")
    formats = _DATE_FORMATS_DAYFIRST if dayfirst else _DATE_FORMATS_MONTHFIRST
    for fmt in formats:
        todo = np.isnat(out)
        if not todo.any():
            break
        out[todo] = _strptime(text[todo], fmt)
    return out


def datetimes(
    values: pd.Series, dayfirst: bool = True, timezone: str | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Date-times in ISO 8601 or a local date followed by a time of day.

    A value with a UTC offset or ``Z`` (``2026-03-09T09:00+05:00``) names an instant: it is
    converted to the wall clock of ``timezone``. Without a time zone it cannot be placed
    on the study's clock and is NaT (:func:`has_offset` tells such values apart), never
    read as if the offset were not there.

    Returns
    -------
    stamps : ndarray of datetime64[us]
        NaT where the value is not a full date and time.
    clock : ndarray of float
        Minutes after midnight where the value is a time of day *without* a date
        (``17:00``), so a caller can place it on a known date; NaN otherwise.

    Examples
    --------
    >>> s, c = datetimes(pd.Series(["2026-03-09T09:30", "09/03/2026 9.30am", "17:00", "25:70"]))
    >>> [str(x) for x in s], c.tolist()
    (['2026-03-09T09:30:00.000000', '2026-03-09T09:30:00.000000', 'NaT', 'NaT'], [nan, nan, 1020.0, nan])
    >>> s, _ = datetimes(pd.Series(["2026-07-09T09:00+05:00", "2026-07-09T09:00Z"]), True,
    ...                  "Europe/London")
    >>> [str(x)[:16] for x in s]
    ['2026-07-09T05:00', '2026-07-09T10:00']
    """
    text = values.str.strip()
    out = np.full(len(text), NAT_US)
    iso = text.str.fullmatch(_ISO_RE).fillna(False).to_numpy(bool)
    if iso.any():
        out[iso] = pd.to_datetime(text[iso], format="ISO8601", errors="coerce").to_numpy("M8[us]")
    offset = has_offset(text)
    if offset.any() and timezone:  # an instant: shown on the study's wall clock
        instants = pd.to_datetime(text[offset], format="ISO8601", utc=True, errors="coerce")
        out[offset] = instants.dt.tz_convert(timezone).dt.tz_localize(None).to_numpy("M8[us]")
    clock = np.full(len(text), np.nan)
    todo = np.isnat(out) & ~offset
    if todo.any():
        rest = text[todo]
        only_time = np.full(len(rest), np.nan)  # a bare time of day: never with / , or -
        bare = ~rest.str.contains(r"[/,\-]", regex=True).fillna(True).to_numpy(bool)
        if bare.any():
            only_time[bare] = time_minutes(rest[bare])
        parts = rest.str.extract(_SPLIT_RE, flags=2)
        day = dates(parts["date"].fillna(""), dayfirst)
        tod = np.where(parts["time"].isna(), 0.0, time_minutes(parts["time"].fillna("")))
        stamp = day + np.round(np.nan_to_num(tod) * 60e6).astype("int64").astype("m8[us]")
        stamp[np.isnan(tod)] = NAT_US
        out[todo] = np.where(np.isnan(only_time), stamp, NAT_US)
        clock[todo] = only_time
    return out, clock


def date_only(values: pd.Series, dayfirst: bool = True) -> np.ndarray:
    """Which values are a date with no time of day (``2026-03-09``, ``09/03/2026``):
    :func:`datetimes` reads them as midnight, which a start or an end is almost never.

    Examples
    --------
    >>> date_only(pd.Series(["2026-03-09", "09/03/2026", "2026-03-09T00:00", "17:00", "x"])).tolist()
    [True, True, False, False, False]
    """
    text = values.str.strip()
    parts = text.str.extract(_SPLIT_RE, flags=2)
    bare = parts["date"].notna().to_numpy() & parts["time"].isna().to_numpy()
    out = np.zeros(len(text), bool)
    if bare.any():
        out[bare] = ~np.isnat(dates(text[bare], dayfirst))
    return out


def has_offset(values: pd.Series) -> np.ndarray:
    """Which values are ISO date-times carrying a UTC offset or ``Z``.

    Examples
    --------
    >>> has_offset(pd.Series(["2026-03-09T09:00+05:00", "2026-03-09T09:00Z", "2026-03-09T09:00"]))
    array([ True,  True, False])
    """
    return values.str.strip().str.fullmatch(_OFFSET_RE).fillna(False).to_numpy(bool)


def durations(values: pd.Series) -> np.ndarray:
    """Lengths in minutes from ``45``, ``45.5``, ``1:30`` (h:mm), ``01:30:00``, ``1h 30m``, ``90 min``.

    Hours written with their unit may be followed by minutes without one, as people type
    them in a form (``1h30``, ``1hr 30``, ``1 hour and 30``: minutes 0 to 59). A bare
    number is minutes; neither ``1.30`` nor ``30-45`` is guessed at.

    Examples
    --------
    >>> durations(pd.Series(["45", "1:30", "01:30:30", "1h 30m", "2 hours", "90 mins", "x"])).tolist()
    [45.0, 90.0, 90.5, 90.0, 120.0, 90.0, nan]
    >>> durations(pd.Series(["1h30", "1hr 30", "1 hr 30 min", "1h30m", "1 hour and 30 minutes",
    ...                      "1.5 hrs", "1h 75", "half an hour", "30-45"])).tolist()
    [90.0, 90.0, 90.0, 90.0, 90.0, 90.0, nan, nan, nan]

    A decimal comma is read before a unit as it is alone (``1,5``):

    >>> durations(pd.Series(["7,5 h", "7.5 h", "1,5", "0,25 hrs", "1,000 min"])).tolist()
    [450.0, 450.0, 1.5, 15.0, nan]
    """
    text = values.str.strip().str.lower()
    out = numbers(text)
    todo = np.isnan(out)
    if todo.any():  # a decimal comma before a unit too (7,5 h), as numbers() reads 1,5
        rest = text[todo].str.replace(r"(?<=\d),(?=\d{1,2}(?!\d))", ".", regex=True)
        hms = rest.str.extract(r"^(?P<h>\d+):(?P<m>[0-5]\d)(?::(?P<s>[0-5]\d)(?:\.\d+)?)?$")
        hms = hms.apply(pd.to_numeric, errors="coerce").to_numpy(float)
        via_clock = hms[:, 0] * 60 + hms[:, 1] + np.nan_to_num(hms[:, 2]) / 60
        words = (
            rest.str.extract(_WORDS_RE)[["h", "m", "bare"]]
            .apply(pd.to_numeric, errors="coerce")
            .to_numpy(float, copy=True)
        )
        # minutes with no unit of their own only after hours that have theirs (1h30)
        words[:, 1] = np.where(np.isnan(words[:, 0]), words[:, 1], np.fmax(words[:, 1], words[:, 2]))
        some = ~(np.isnan(words[:, 0]) & np.isnan(words[:, 1]))
        via_words = np.where(
            some, np.nan_to_num(words[:, 0]) * 60 + np.nan_to_num(words[:, 1]), np.nan
        )
        out[todo] = np.where(np.isnan(via_clock), via_words, via_clock)
    return out


def numbers(values: pd.Series) -> np.ndarray:
    """Numbers, accepting a decimal comma (``1,5``) as written in much of Europe.

    Examples
    --------
    >>> numbers(pd.Series(["1.5", "1,5", "2", "1,000", "x"])).tolist()
    [1.5, 1.5, 2.0, nan, nan]
    """
    text = values.str.strip()
    text = text.where(
        ~text.str.fullmatch(r"-?\d+,\d{1,2}").fillna(False), text.str.replace(",", ".")
    )
    out = pd.to_numeric(text, errors="coerce").to_numpy(float)
    return np.where(np.isinf(out), np.nan, out)


def integers(values: pd.Series) -> np.ndarray:
    """Whole numbers (``3`` or ``3.0``) as float, NaN for anything else.

    Examples
    --------
    >>> integers(pd.Series(["3", "3.0", "3.5"])).tolist()
    [3.0, 3.0, nan]
    """
    out = numbers(values)
    return np.where(np.mod(out, 1) == 0, out, np.nan)


def booleans(values: pd.Series) -> np.ndarray:
    """``true/false``, ``yes/no``, ``y/n``, ``1/0`` in any case as 1.0/0.0, NaN for anything else.

    Examples
    --------
    >>> booleans(pd.Series(["Yes", "FALSE", "1", "maybe"])).tolist()
    [1.0, 0.0, 1.0, nan]
    """
    low = values.str.strip().str.lower()
    return np.where(low.isin(_TRUE), 1.0, np.where(low.isin(_FALSE), 0.0, np.nan))


def as_text(values: pd.Series | Sequence) -> pd.Series:
    """Values as the strings a user would recognise: dates in ISO, whole floats without ``.0``.

    Used to show the original value of a rejected row whatever its type.

    Examples
    --------
    >>> as_text(pd.Series([45.0, None, pd.Timestamp("2026-03-09 09:30")])).tolist()
    ['45', '', '2026-03-09 09:30:00']
    """
    s = pd.Series(values, dtype=object) if not isinstance(values, pd.Series) else values
    if s.dtype.kind == "M":
        return s.dt.strftime("%Y-%m-%d %H:%M:%S").fillna("").astype(object)
    if s.dtype.kind in "iub":
        return s.astype(str).astype(object)
    if s.dtype.kind == "f":  # whole numbers without ".0", missing as ""
        x = s.to_numpy(float)
        with np.errstate(invalid="ignore"):
            whole = np.isfinite(x) & (np.abs(x) < 1e15) & (np.mod(x, 1) == 0)
        text = x.astype(str).astype(object)
        text[whole] = x[whole].astype(np.int64).astype(str)
        return pd.Series(np.where(np.isnan(x), "", text), index=s.index, dtype=object)
    if isinstance(s.dtype, pd.StringDtype):
        return s.fillna("").astype(object)
    return s.astype(object).map(_one_text)


def _one_text(value) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _strptime(text: pd.Series, fmt: str) -> np.ndarray:
    return pd.to_datetime(text, format=fmt, errors="coerce").to_numpy("M8[us]")
