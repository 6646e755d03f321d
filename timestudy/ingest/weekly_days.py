"""A Toggl or Clockify Weekly report's day columns and its sum rows, read from the grid.

**Day columns.** A Weekly report's day columns are the consecutive days of its week
("a fixed week range", https://clockify.me/help/getting-started/understand-use-your-reports),
headed by their dates as the account writes them (``14/04/2025``, a US account's
``03/02/2026`` for 2 March), maybe after a weekday (``Mon 03/02/2026``). Their day order is
settled by the headers themselves: the order that makes them consecutive days (a header
that reads one way only settles it too); a weekday name must agree with its date, else the
file is refused in one line. Only when neither order makes them consecutive are they read
as the diary's dates are (day first unless the mapping says ``dayfirst: false``). A header
that is no date either way (a slot grid's ``04.00.00``) is no day column.

**Sum rows.** A row of the grid is a sum by its place, then by its figures
(:func:`sum_rows`): a group's row (Clockify writes ``Sam`` with no project above his
projects, whose User cells are blank as written, before a mapping's ``fill_down``) whose day
cells equal the sum of the rows under it, or a row with no label at all (a bottom total)
equal to the rows above it, within the rounding of hours to 2 decimals: its cells are
rejected ``total_row`` and said apart, never counted. A row of a flat report (every row
naming its worker) is an entry, whatever its figures or its labels (a row with no project;
a client called "Total Care Ltd"); a row labelled "Total" is the total rows' rule's
(:mod:`timestudy.ingest.totals`).
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from timestudy.errors import SchemaError
from timestudy.ingest.totals import OncePerRead
from timestudy.schema import parse

#: A date written with separators (``14/04/2025``, ``2026-03-09``, ``09.03.2026``).
DATE_TEXT = r"\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}"
#: A day column's header: a date maybe after a weekday (``Mon 09/03/2026``) and maybe at
#: midnight (a spreadsheet's date cell as text: ``2026-03-09 00:00:00``).
_HEADER = re.compile(r"(?i)^\s*(?:(?P<weekday>[a-z]{2,9})\.?,?\s+)?(?P<date>" + DATE_TEXT
                     + r")(?:[ T]00:00(?::00)?)?\s*$")
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
#: The helper column marking the cells of a grid's sum row (read by :class:`GridTotals`).
SUM_COLUMN = "_weekly_sum_row"


def _ways(columns) -> tuple[pd.DataFrame, np.ndarray, np.ndarray]:
    """Each header's weekday and date parts, and its date read day first and month first."""
    parts = pd.Series([str(c) for c in columns], dtype=object).str.extract(_HEADER)
    text = parts["date"].fillna("")  # a few headers, plain text
    return parts, parse.dates(text, True).astype("M8[D]"), parse.dates(text, False).astype("M8[D]")


def day_headers(columns) -> list[str]:
    """The headers of ``columns`` that are a day's date either way (a Weekly report's days).

    Examples
    --------
    >>> day_headers(["User", "14/04/2025", "Mon 2026-03-09", "Total (h)", "04.00.00"])
    ['14/04/2025', 'Mon 2026-03-09']
    """
    _, first, second = _ways(columns)
    read = ~np.isnat(first) | ~np.isnat(second)
    return [str(c) for c, ok in zip(columns, read, strict=True) if ok]


def _consecutive(days: np.ndarray) -> bool:
    return not np.isnat(days).any() and bool((np.diff(days.astype(np.int64)) == 1).all())


def day_dates(days: list[str], name: str, dayfirst: bool | None = None
              ) -> tuple[list[str], dict | None]:
    """The ISO dates of the day headers ``days``, their order settled as the module notes
    say, and the warning naming the order chosen when the headers read either way.

    Examples
    --------
    By hand: 03/02, 03/03, 03/04 read day first are 3 February, 3 March, 3 April; month
    first 2, 3, 4 March (consecutive: a week's days) and 2 March 2026 is a Monday.

    >>> day_dates(["Mon 03/02/2026", "Tue 03/03/2026", "Wed 03/04/2026"], "w.csv")[0]
    ['2026-03-02', '2026-03-03', '2026-03-04']
    >>> day_dates(["Mon 03/02/2026", "Tue 04/02/2026"], "w.csv")
    Traceback (most recent call last):
    ...
    timestudy.errors.SchemaError: w.csv: the day column 'Mon 03/02/2026' says Monday but its date is a Tuesday (2026-02-03, the day columns read day first, the order that makes them consecutive days): correct the header, or give the day order in a mapping (dayfirst: true or false)
    """
    parts, first, second = _ways(days)
    either = not np.isnat(first).any() and not np.isnat(second).any() \
        and not np.array_equal(first, second)
    if dayfirst is not None:
        pick, why = (first, "day first") if dayfirst else (second, "month first")
        why += ", as the mapping says"
    else:
        fits = [(w, o) for w, o in ((first, "day first"), (second, "month first"))
                if _consecutive(w)]
        read = (first, "day first") if not np.isnat(first).any() or np.isnat(second).any() \
            else (second, "month first")  # else the order that reads them all
        pick, why = fits[0] if fits else read
        why += (", the order that makes them consecutive days" if fits else
                ": neither order makes them consecutive days")
    _check_weekdays(days, parts["weekday"], pick, why, name)
    iso = pd.Series(pick.astype(str), dtype=object).where(  # else as written: the dated
        ~np.isnat(pick), parts["date"].astype(object)).tolist()  # reader's words say why
    if not either:
        return iso, None
    return iso, {"code": "weekly_day_order", "rows": 0, "message": (
        f"weekly_day_order: {name}: its day columns {days[0]!r} .. {days[-1]!r} read either "
        f"way: read {why} ({iso[0]} .. {iso[-1]}); give dayfirst in a mapping if not")}


def _check_weekdays(days: list[str], weekday: pd.Series, pick: np.ndarray, why: str,
                    name: str) -> None:
    """Refuse, naming the header, when a weekday name disagrees with its date."""
    for header, word, day in zip(days, weekday.fillna("").str.lower(), pick, strict=True):
        said = next((w for w in _WEEKDAYS if len(word) >= 2 and w.startswith(word)), None)
        if said is None or np.isnat(day):
            continue
        actual = _WEEKDAYS[int((day.astype(np.int64) + 3) % 7)]  # 1970-01-01 a Thursday
        if actual != said:
            raise SchemaError(
                f"the day column {header!r} says {said.title()} but its date is a "
                f"{actual.title()} ({day}, the day columns read {why}): correct the header, "
                "or give the day order in a mapping (dayfirst: true or false)", source=name)


def sum_rows(frame: pd.DataFrame, minutes: np.ndarray, labels: list[str]) -> np.ndarray:
    """Which rows of a Weekly report's grid are a sum of other rows (see the module notes):
    ``minutes`` a row per grid row and a column per day (NaN blank), ``labels`` the row-label
    columns, outermost first. A row is a sum by its place, then by its figures: a *group's
    row* gives an outer label, leaves the innermost blank and has rows under it that leave
    its label blank (a report grouped by User, its projects beneath); its day cells are the
    sum of those rows. A *bottom total* gives no label at all; its cells are the sum of the
    rows above it. A row of a flat report that leaves its project blank has the next worker's
    row under it, not rows of its own: never a sum, whatever its figures (review38r2: four
    workers' days, three with no project, read 1,800 minutes and 450 with the first rule).
    Sums are equal within 0.3 minutes a summed row, the rounding of hours to 2 decimals.

    Examples
    --------
    By hand: Sam's group row 150, 60 = his Visit 120, 60 + Recording 30, 0; Ana's 60 = her
    one Visit 60; a blank-labelled last row 210, 60 = every entry above.

    >>> f = pd.DataFrame({"User": ["Sam", "", "", "Ana", "", ""],
    ...                   "Project": ["", "Visit", "Recording", "", "Visit", ""]})
    >>> m = np.array([[150, 60], [120, 60], [30, np.nan], [60, np.nan], [60, np.nan],
    ...               [210, 60]], float)
    >>> sum_rows(f, m, ["User", "Project"]).tolist()
    [True, False, False, True, False, True]

    A flat report: Raj's row has no project and equals Ana's above it: an entry.

    >>> f = pd.DataFrame({"User": ["Ana", "Raj"], "Project": ["Visit", ""]})
    >>> sum_rows(f, np.array([[450.0], [450.0]]), ["User", "Project"]).tolist()
    [False, False]
    """
    n = len(frame)
    blank = np.column_stack([np.zeros(n, bool)] + [
        (frame[c].astype("string").str.strip().fillna("") == "").to_numpy(bool)
        for c in labels])[:, 1:]
    blank = blank[:, ~blank.all(axis=0)] if n else blank  # a column no row fills is no level
    if blank.shape[1] == 0 or n == 0:
        return np.zeros(n, bool)
    depth = blank.shape[1]
    level = np.where(blank.all(axis=1), depth, blank.argmin(axis=1))  # the first label given
    group = (level < depth) & blank[:, -1] & (np.r_[level[1:], -1] > level)
    bottom = level == depth
    cells = np.nan_to_num(minutes, nan=0.0)
    entry = np.where((group | bottom)[:, None], 0.0, cells)
    prefix = np.vstack([np.zeros((1, cells.shape[1])), np.cumsum(entry, axis=0)])
    count = np.r_[0, np.cumsum(~(group | bottom))]
    idx = np.arange(n)
    lo, hi = idx + 1, np.full(n, n)  # a group's rows: down to the next row at its level or out
    for k in range(depth):
        stops = np.flatnonzero(level <= k)
        at = group & (level == k)
        pos = np.searchsorted(stops, idx[at], "right")
        hi[at] = np.where(pos < len(stops), stops[np.minimum(pos, len(stops) - 1)], n)
    tops = np.flatnonzero(bottom)
    lo[bottom] = np.r_[0, tops[:-1] + 1]  # a bottom total: the rows since the last one
    hi[bottom] = tops
    same = _equal_sum(prefix, count, cells, lo, hi)
    whole = np.where(bottom, 0, lo)  # a grand total under subtotals: every entry above it
    same |= bottom & _equal_sum(prefix, count, cells, whole, hi)
    return (group | bottom) & same & (cells > 0).any(axis=1)


def _equal_sum(prefix: np.ndarray, count: np.ndarray, cells: np.ndarray, lo: np.ndarray,
               hi: np.ndarray) -> np.ndarray:
    """Rows whose cells equal the sum of the entries in rows ``lo`` .. ``hi`` - 1 (at least
    one), within 0.3 minutes a summed row (hours to 2 decimals)."""
    total = prefix[hi] - prefix[lo]
    tol = 1e-4 + 0.3 * (count[hi] - count[lo] + 1)
    return (np.abs(total - cells) <= tol[:, None]).all(axis=1) & (count[hi] > count[lo])


class GridTotals(OncePerRead):
    """:class:`~timestudy.ingest.totals.OncePerRead` with a Weekly report's sum rows (the
    rows whose :data:`SUM_COLUMN` is set) among the total rows.

    Examples
    --------
    >>> f = pd.DataFrame({"worker_id": ["W1", "W1"], "date": ["09/03/2026"] * 2,
    ...                   SUM_COLUMN: [False, True]})
    >>> GridTotals().dated(f, np.array([60.0, 60.0])).tolist()
    [False, True]
    """

    def dated(self, frame: pd.DataFrame, source: np.ndarray) -> np.ndarray:
        """The total rows of ``frame``, the grid's sum rows among them."""
        rows = super().dated(frame, source)
        if SUM_COLUMN in frame:
            rows |= frame[SUM_COLUMN].to_numpy(bool)
        return rows


