"""The one rule for which dates a study can hold, and the safe step down to nanoseconds.

Every date and time is parsed at microsecond resolution (``datetime64[us]``, years
-290,307 to 294,246), so ``9999-12-31`` stays 9999-12-31 and never wraps to 1816 the way
a cast to ``datetime64[ns]`` (years 1677 to 2262) silently does. A value outside the
study's plausible range (by default 1 January 1990 to 31 December ten years after
today; ``date_range`` in a mapping changes it) is then rejected with its line and a
reason, and only values inside it move on to the nanosecond arrays the pipeline counts
minutes with. Every reader (CSV, XLSX, WOMBAT, Toggl, time-use slots, the cases and
workers tables) goes through :func:`bounded`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np

#: First year of the default plausible range.
FIRST_YEAR = 1990
#: Years after the current one that the default plausible range reaches.
YEARS_AHEAD = 10
_NS_SAFE = (np.datetime64("1678-01-01", "us"), np.datetime64("2261-12-31", "us"))


@dataclass(frozen=True)
class DateRange:
    """The first and last day (inclusive) a study's dates may fall on.

    Examples
    --------
    >>> r = DateRange.from_spec(["2020-01-01", "2030-12-31"])
    >>> r.describe()
    '2020-01-01 to 2030-12-31'
    >>> DateRange.from_spec(None, today=dt.date(2026, 3, 2)).describe()
    '1990-01-01 to 2036-12-31'
    """

    first: np.datetime64
    last: np.datetime64

    @classmethod
    def from_spec(cls, spec=None, today: dt.date | None = None) -> DateRange:
        """A range from ``[first, last]`` (ISO dates or years), or the default when ``None``.

        Raises ``ValueError`` with a message fit for a user when the spec is not usable.
        """
        if spec is None:
            year = (today or dt.date.today()).year + YEARS_AHEAD
            return cls(np.datetime64(f"{FIRST_YEAR}-01-01", "us"),
                       np.datetime64(f"{year}-12-31", "us"))
        if not isinstance(spec, list | tuple) or len(spec) != 2:
            raise ValueError(
                f"date_range must be two dates, first and last, like [1990-01-01, 2036-12-31], "
                f"not {spec!r}"
            )
        first, last = (_day(v, end) for v, end in zip(spec, (False, True), strict=True))
        if not (_NS_SAFE[0] <= first <= last <= _NS_SAFE[1]):
            raise ValueError(
                f"date_range {list(map(str, spec))} must run forwards within the years 1678 to "
                "2261, like [1990-01-01, 2036-12-31]"
            )
        return cls(first, last)

    def describe(self) -> str:
        """The range as a reader would write it."""
        return f"{self.first.astype('M8[D]')} to {self.last.astype('M8[D]')}"

    def outside(self, stamps: np.ndarray) -> np.ndarray:
        """Which stamps (of any datetime64 unit) are dates outside the range (NaT is not)."""
        stamps = np.asarray(stamps)
        unit = np.datetime_data(stamps.dtype)[0] if stamps.dtype.kind == "M" else "us"
        first, last = self.first.astype("M8[D]"), self.last.astype("M8[D]")
        if unit in ("s", "ms", "us", "ns"):  # compared in their own unit: no conversion
            # a stamp's day is before the first day, or after the last, exactly when the
            # stamp is before the first midnight or at or after the midnight ending the
            # last day (NaT compares false)
            stamps = stamps.astype(f"M8[{unit}]", copy=False)
            low, high = first.astype(f"M8[{unit}]"), (last + 1).astype(f"M8[{unit}]")
            if len(stamps) and low <= stamps.min() and stamps.max() < high:  # (NaT: not here)
                return np.zeros(stamps.shape, bool)  # every stamp inside: two passes, not three
            return (stamps < low) | (stamps >= high)
        days = stamps.astype(f"M8[{unit}]").astype("M8[D]")
        return ~np.isnat(days) & ((days < first) | (days > last))


def _day(value, end: bool) -> np.datetime64:
    text = str(value).strip()
    if not isinstance(value, bool) and text.isdigit() and len(text) == 4:  # a year
        text = f"{text}-12-31" if end else f"{text}-01-01"
    try:
        return np.datetime64(dt.date.fromisoformat(text), "us")
    except ValueError:
        raise ValueError(
            f"date_range value {value!r} is not a date: use ISO dates like 1990-01-01 or years"
        ) from None


def bounded(stamps: np.ndarray, rng: DateRange | None = None) -> tuple[np.ndarray, np.ndarray]:
    """``stamps`` as ``datetime64[ns]`` with dates outside ``rng`` made NaT, and which those were.

    The conversion never wraps: anything outside the range is taken out before the cast.

    Examples
    --------
    >>> s = np.array(["9999-12-31", "3026-03-02", "0001-01-01", "2026-03-02"], "M8[us]")
    >>> ns, out = bounded(s, DateRange.from_spec([1990, 2036]))
    >>> [str(x)[:10] for x in ns], out.tolist()
    (['NaT', 'NaT', 'NaT', '2026-03-02'], [True, True, True, False])
    """
    stamps = np.asarray(stamps)
    if stamps.dtype.kind != "M":
        stamps = stamps.astype("M8[us]")
    rng = rng or DateRange.from_spec()
    outside = rng.outside(stamps)
    bad = outside
    if not (_NS_SAFE[0] <= rng.first and rng.last <= _NS_SAFE[1]):
        bad = outside | _unsafe_for_ns(stamps)  # (inside such a range, every stamp is safe)
    kept = stamps
    if bad.any():  # (the usual diary has none: no copy to blank them)
        kept = stamps.copy()
        kept[bad] = np.datetime64("NaT")
    return kept.astype("M8[ns]"), outside


def _unsafe_for_ns(stamps: np.ndarray) -> np.ndarray:
    if np.datetime_data(stamps.dtype)[0] in ("ns", "ps", "fs", "as"):
        return np.zeros(stamps.shape, bool)
    return DateRange(_NS_SAFE[0], _NS_SAFE[1]).outside(stamps)
