"""A week's total in a diary without clock times, named: its minutes and whether they are
its worker's entries of that week.

A timesheet kept as a date and a duration per row (layout ``dated``) may close each
worker's week with a row such as ``W/C 02/03/2026, Weekly total, 37:30`` or a Monday's
``Total for week``. Read as work, its 2,250 minutes were a day's (and that day, over 24
hours, rejected every entry of it). :func:`week_totals` tells it for a total row
(rejected ``total_row``, its minutes said apart), and :func:`week_total_warning` names
each, equal to its week's entries or not, with the two figures.

A week's total is told by its label columns (:data:`LABEL_COLUMNS`: the worker, the date,
the activity, its code, the task type and the case), never by a free-text note: a phone
call on case C2 noted ``Total this week so far fine`` is a phone call. A row is a week's
total when

* a label cell of it is a week's total label, the whole cell (``Weekly total``, ``Week 1
  total hours``, ``Total for week``, ``W/C 2/3 total: 37.5``: the label and nothing after
  it but figures, dates and units), or its date names a week (``W/C 02/03/2026``), and it
  has no activity, code, task type or case of its own (a cell holding the label is not
  one); or
* it has work of its own (an activity ``Weekly totals - data return``, the label and more;
  a case) and says a week's total in a label cell, or says total there and is dated by its
  week, and its minutes equal the sum of its worker's other entries of that week, two or
  more of them with minutes. A sum met is the evidence; without it the row is an entry.
"""

from __future__ import annotations

import functools
import re

import numpy as np
import pandas as pd

from timestudy.ingest.dated import is_dated
from timestudy.schema import parse

#: The columns a total's label is read from: a note or other free text never makes a row
#: a total, whatever it says.
LABEL_COLUMNS = ("worker_id", "date", "start", "start_time", "activity", "activity_code",
                 "task_type", "case_id")
#: What a row may hold of its own work.
OWN = ("activity", "activity_code", "task_type", "case_id")
#: A cell that says total anywhere (``Total``, ``Subtotal``, ``Grand total``).
SAYS_TOTAL = r"(?i)\b(?:sub\s*-?\s*|grand\s+)?totals?\b"
#: Words naming a week: week, weekly, wk, w/c (commencing), w/b (beginning), w/e (ending).
_WEEKS = r"(?:week(?:ly)?|wk|w\s*/\s*[cbe]|w\.[cbe]\.?)"
_UNIT = r"(?:\s+(?:time|hours?|hrs|mins?|minutes|duration))?"
#: A cell that says a week's total: the week named then total within two words (``Weekly
#: total``, ``Week 1 total hours``, ``Weekly totals - data return``; not ``Weekly total
#: review``), or total then the week (``Total for week``, ``Total this week so far``).
WEEK_LABEL = (r"(?i)^\s*(?:" + _WEEKS + r"\b(?:\s*\S+){0,2}?\s*totals?" + _UNIT
              + r"\s*(?:[:(-].*|\s(?:for|of)\b.*)?\s*$"
              r"|totals?(?:\s+(?:time|hours?|hrs|mins?|minutes))?\s+(?:(?:for|of|this)\s+)?"
              r"(?:the\s+)?" + _WEEKS + r"\b)")
#: What may follow a week's total label in its cell: figures, dates, units and week words.
_TAIL = (r"(?:[\s\d/.:,()'-]|(?:hours?|hrs?|h|mins?|minutes|m|time|duration|week(?:ly)?"
         r"|wk|w\s*/\s*[cbe]|wc|wb|we|commencing|beginning|starting|ending|the|this|for|of"
         r"|to|st|nd|rd|th|jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?"
         r"|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
         r"|mon(?:day)?|tues?(?:day)?|wed(?:s|nesday)?|thu(?:rs)?(?:day)?|fri(?:day)?"
         r"|sat(?:urday)?|sun(?:day)?)(?![a-z]))*")
#: A cell that is a week's total label, the whole of it: :data:`WEEK_LABEL` with nothing
#: after the label but :data:`_TAIL` (``Weekly total: 37.5 hrs``, ``Total for w/c 2/3``).
WEEK_WHOLE = (r"(?i)^\s*(?:" + _WEEKS + r"\b(?:\s*\S+){0,2}?\s*totals?"
              r"|totals?(?:\s+(?:time|hours?|hrs|mins?|minutes))?\s+(?:(?:for|of|this)\s+)?"
              r"(?:the\s+)?" + _WEEKS + r"\b)" + _TAIL + r"\s*$")
#: A date cell naming a week, not a day: ``W/C 02/03/2026``, ``week commencing 2 March``,
#: ``w/e 06/03/2026`` (group ``end``: a week ending); the date after it is group ``day``.
WEEK_DATE = (r"(?i)^\s*(?:w\s*/\s*(?:c|b|(?P<end>e))|w\.(?:c|b|(?P<end2>e))\.?"
             r"|w(?:k|eek)\s+(?:commencing|beginning|starting|(?P<end3>ending))|wc|wb"
             r"|(?P<end4>we))\b[\s:.]*(?P<day>.*?)\s*$")


def week_totals(frame: pd.DataFrame, source: np.ndarray | None = None,
                other: np.ndarray | None = None, dayfirst: bool = True,
                cells: Cells | None = None) -> np.ndarray:
    """Which rows of a diary without clock times are a week's total (see the module notes).

    Parameters
    ----------
    frame : DataFrame
        Candidate episodes in file order, values as written.
    source : ndarray of float, optional
        Each row's duration in minutes. Without it only the rows told by their label with
        nothing of their own are found (no sum can be checked).
    other : ndarray of bool, optional
        Rows known to be totals of another kind (a day's), left out of the week's sums.
    dayfirst : bool
        How the dates are read, for the week of each row.
    cells : Cells, optional
        The distinct text of ``frame``'s columns, read already.

    Returns
    -------
    ndarray of bool

    Examples
    --------
    By hand: W1's visit of 450 on Monday 2 March 2026; ``W/C 02/03/2026`` with ``Weekly
    total``: a total (its label, the whole cell); a Monday's ``Total for week``: a total; a
    visit of 450 on Tuesday 3 March: an entry; ``Weekly totals - data return`` (30 min,
    work of its own) is not the week's 900 (the two visits): an entry.

    >>> f = pd.DataFrame({"worker_id": ["W1"] * 5,
    ...                   "date": ["02/03/2026", "W/C 02/03/2026", "02/03/2026",
    ...                            "03/03/2026", "04/03/2026"],
    ...                   "activity": ["visit", "Weekly total", "Total for week", "visit",
    ...                                "Weekly totals - data return"]})
    >>> week_totals(f, np.array([450.0, 900, 900, 450, 30])).tolist()
    [False, True, True, False, False]

    Had the data return been 900 minutes, the sum of the two visits, it is the week's total:

    >>> week_totals(f, np.array([450.0, 900, 900, 450, 900])).tolist()
    [False, True, True, False, True]
    """
    certain, loose = week_labels(frame, cells)
    maybe = loose & ~certain
    if source is None or not maybe.any():
        return certain
    entry = ~(certain | maybe) & (np.nan_to_num(source, nan=0.0) > 0)
    if other is not None:
        entry &= ~other
    _, week, count = week_sums(frame, maybe, entry, source, dayfirst)
    equal = (np.abs(week - source[maybe]) <= 1e-4) & (count >= 2)
    out = certain.copy()
    out[np.flatnonzero(maybe)[equal]] = True
    return out


def week_labels(frame: pd.DataFrame, cells: Cells | None = None
                ) -> tuple[np.ndarray, np.ndarray]:
    """The rows that are a week's total by their label with nothing of their own, and the
    rows with work of their own that say one (a week's total only if they are its sum:
    :func:`week_totals`).

    Examples
    --------
    >>> f = pd.DataFrame({"activity": ["Weekly total", "Weekly totals - data return",
    ...                                "Phone call", "Weekly total"],
    ...                   "case_id": ["", "", "C2", "C1"],
    ...                   "notes": ["", "", "Total this week so far fine", ""]})
    >>> [a.tolist() for a in week_labels(f)]
    [[True, False, False, False], [True, True, False, True]]
    """
    n = len(frame)
    loose, whole, says = np.zeros(n, bool), np.zeros(n, bool), np.zeros(n, bool)
    free = np.ones(n, bool)  # nothing of its own but a label
    cells = Cells(frame) if cells is None else cells
    for col in label_columns(frame):
        loose |= cells.matches(col, WEEK_LABEL)
        cell = cells.matches(col, WEEK_WHOLE)
        whole |= cell
        says |= cells.matches(col, SAYS_TOTAL, search=True)
        if col in OWN:
            free &= cells.blank((col,)) | cell
    for col in (c for c in OWN if c in frame and c not in label_columns(frame)):
        free &= cells.blank((col,))  # a number code of its own
    certain = whole & free
    if "date" in frame and frame["date"].dtype.kind not in "Mmiufb":
        dated = cells.matches("date", WEEK_DATE)  # W/C 02/03/2026
        certain |= dated & free
        loose |= dated & says
    return certain, loose


def week_sums(frame: pd.DataFrame, rows: np.ndarray, entry: np.ndarray,
              source: np.ndarray, dayfirst: bool = True
              ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """For each of ``rows`` (in order): the first day of its week, the minutes of its
    worker's ``entry`` rows dated in that week, and how many of them there are.

    A row's week is the 7 days from the date it commences (``W/C 02/03/2026``), to the date
    it ends (``w/e``), or the Monday-to-Sunday week of its plain date.

    Examples
    --------
    By hand: W1's 60 on Monday 2 and 30 on Sunday 8 March 2026 (one week), 45 on Monday 9
    (the next): a row dated Wednesday 4 March sums 90 from 2 entries.

    >>> f = pd.DataFrame({"worker_id": ["W1"] * 4,
    ...                   "date": ["02/03/2026", "08/03/2026", "09/03/2026", "04/03/2026"]})
    >>> start, week, count = week_sums(f, np.array([False] * 3 + [True]),
    ...                                np.array([True] * 3 + [False]),
    ...                                np.array([60.0, 30, 45, 90]))
    >>> str(start[0]), week.tolist(), count.tolist()
    ('2026-03-02', [90.0], [2])
    """
    who = (frame["worker_id"].astype("string").str.strip().fillna("") if "worker_id" in frame
           else pd.Series("", index=frame.index, dtype="string"))
    worker = pd.factorize(who)[0].astype(np.int64)
    start = _week_starts(frame, rows, dayfirst)
    day = _days(frame, dayfirst)
    entry = entry & ~np.isnan(source) & ~np.isnat(day)
    span = 1_000_000  # days per worker in the key (a worker's days, then the next worker's)
    key = worker[entry] * span + day[entry].astype(np.int64)
    order = np.argsort(key, kind="stable")
    summed = np.concatenate([[0.0], np.cumsum(source[entry][order])])
    key = key[order]
    pos = np.flatnonzero(rows)
    first = worker[pos] * span + np.where(np.isnat(start[pos]), 0, start[pos].astype(np.int64))
    top, end = np.searchsorted(key, first), np.searchsorted(key, first + 7)
    return start[pos], summed[end] - summed[top], (end - top) * ~np.isnat(start[pos])


def week_total_warning(frame: pd.DataFrame, totals: np.ndarray, good: np.ndarray,
                       source: np.ndarray, rows: np.ndarray, dayfirst: bool = True
                       ) -> dict | None:
    """The warning ``week_total_row`` naming the total rows of a diary without clock times
    that are a week's total (:func:`week_totals`), each with its minutes and whether they
    equal the minutes of its worker's entries in that week (``good`` rows, not totals); None
    when there are none.

    Parameters
    ----------
    frame : DataFrame
        Candidate episodes in file order, values as written.
    totals, good : ndarray of bool
        The total rows, and the rows accepted.
    source : ndarray of float
        Each row's duration in minutes.
    rows : ndarray of int
        Each row's source row, for the message.
    dayfirst : bool
        How the dates are read.

    Examples
    --------
    By hand: W1's 450 on Monday 2 and Tuesday 3 March 2026 = 900; a ``Weekly total`` of
    900 dated Wednesday 4 March (week 2 to 8 March) equals it.

    >>> f = pd.DataFrame({"worker_id": ["W1"] * 3,
    ...                   "date": ["02/03/2026", "03/03/2026", "04/03/2026"],
    ...                   "duration_min": [450, 450, 900],
    ...                   "activity": ["visit", "visit", "Weekly total"]})
    >>> w = week_total_warning(f, np.array([False, False, True]),
    ...                        np.array([True, True, False]), np.array([450.0, 450, 900]),
    ...                        np.array([2, 3, 4]))
    >>> print(w["message"])  # doctest: +ELLIPSIS
    week_total_row: 1 row is a week's total...: source row 4 (W1, week from 2026-03-02: 900 min, equal to the 900 min of its entries that week)
    """
    if not is_dated(frame.columns):
        return None
    certain, loose = week_labels(frame)
    weekly = totals & (certain | loose)
    if not weekly.any():
        return None
    start, week, _ = week_sums(frame, weekly, good & ~totals, source, dayfirst)
    pos = np.flatnonzero(weekly)
    who = frame["worker_id"].astype("string").str.strip().fillna("").to_numpy()[pos] \
        if "worker_id" in frame else np.full(len(pos), "")
    own = source[pos]
    same = np.abs(week - own) <= 1e-4
    shown = [_week_row(r, w, s, m, k, e) for r, w, s, m, k, e in
             zip(rows[pos][:5], who[:5], start[:5], own[:5], week[:5], same[:5],
                 strict=True)]
    more = f"; and {len(pos) - 5:,} more" if len(pos) > 5 else ""
    n = len(pos)
    message = (
        f"week_total_row: {n:,} row{' is' if n == 1 else 's are'} a week's total (a weekly "
        "total, or dated by the week it commences), not a day's work: rejected total_row, its "
        "minutes left out of the minutes in; " + f"{int(same.sum()):,} equal and "
        f"{int((~same).sum()):,} do not equal the minutes of its worker's entries that week: "
        + "; ".join(shown) + more)
    return {"code": "week_total_row", "message": message, "rows": n}


def _week_row(row, worker, start, minutes, week, same) -> str:
    """One week's total row in :func:`week_total_warning`'s message."""
    if np.isnat(start):
        return f"source row {row} ({worker}: {minutes:,.0f} min; its week could not be read)"
    said = "equal to" if same else "not equal to"
    return (f"source row {row} ({worker}, week from {np.datetime_as_string(start)}: "
            f"{minutes:,.0f} min, {said} the {week:,.0f} min of its entries that week)")


def label_columns(frame: pd.DataFrame) -> list[str]:
    """The columns of ``frame`` a total's label is read from (:data:`LABEL_COLUMNS`, those
    holding text)."""
    return [c for c in LABEL_COLUMNS if c in frame and frame[c].dtype.kind not in "Mmiufb"]


def matches(column: pd.Series, pattern: str, search: bool = False) -> np.ndarray:
    """Which cells of ``column`` match ``pattern`` at their start (anywhere, with
    ``search``: ``str.contains``), tried once per distinct value; a blank cell (NA) never.

    The pattern is compiled once (:func:`_compiled`) and tried with Python's ``re``, as
    pandas' ``str.match`` and ``str.contains`` try a pattern with ``\\s`` (each of the
    total's patterns): the same answer, without pandas parsing the pattern again on each
    call to tell whether pyarrow could try it (most of a small diary's read).

    Examples
    --------
    >>> matches(pd.Series(["Total", "W1 total", None, "Total"]), SAYS_TOTAL).tolist()
    [True, False, False, True]
    >>> matches(pd.Series(["Total", "W1 total", None]), SAYS_TOTAL, search=True).tolist()
    [True, True, False]
    """
    return _matched(*pd.factorize(column.astype("string"), use_na_sentinel=True), pattern,
                    search)


def _matched(codes: np.ndarray, values, pattern: str, search: bool) -> np.ndarray:
    """Which rows of ``codes`` (-1: NA) hold a value of ``values`` that ``pattern`` matches
    (at the start; anywhere with ``search``), each distinct value tried once."""
    tried = _compiled(pattern).search if search else _compiled(pattern).match
    hit = np.fromiter((tried(v) is not None for v in values.tolist()), bool, len(values))
    return np.append(hit, False)[codes]


class Cells:
    """The distinct text of each column of ``frame``, read once for every pattern tried on
    it and every question of blanks (:func:`matches`, :func:`blank`: the same answers).

    Examples
    --------
    >>> cells = Cells(pd.DataFrame({"activity": ["Total", " ", None, "visit", "Total"]}))
    >>> cells.matches("activity", SAYS_TOTAL).tolist(), cells.blank(("activity",)).tolist()
    ([True, False, False, False, True], [False, True, True, False, False])
    """

    def __init__(self, frame: pd.DataFrame) -> None:
        self.frame = frame
        self._distinct: dict[str, tuple[np.ndarray, pd.api.extensions.ExtensionArray]] = {}
        self._tried: dict[tuple[str, str, bool], np.ndarray] = {}
        self._blank: dict[str, np.ndarray] = {}

    def _codes(self, col: str) -> tuple[np.ndarray, pd.api.extensions.ExtensionArray]:
        """Each row's code (-1: blank, NA) and the distinct text of ``col``."""
        if col not in self._distinct:
            self._distinct[col] = pd.factorize(self.frame[col].astype("string"),
                                               use_na_sentinel=True)
        return self._distinct[col]

    def matches(self, col: str, pattern: str, search: bool = False) -> np.ndarray:
        """:func:`matches` of column ``col``."""
        key = (col, pattern, search)
        if key not in self._tried:
            self._tried[key] = _matched(*self._codes(col), pattern, search)
        return self._tried[key].copy()

    def blank(self, columns: tuple[str, ...]) -> np.ndarray:
        """:func:`blank` of the rows (the distinct text of each column stripped once)."""
        empty = np.ones(len(self.frame), bool)
        for c in columns:
            if c in self.frame:
                if c not in self._blank:
                    codes, values = self._codes(c)
                    text = pd.Series(values, dtype="string").str.strip()
                    said = (text.isna() | (text == "")).to_numpy(bool)
                    self._blank[c] = np.append(said, True)[codes]
                empty &= self._blank[c]
        return empty


@functools.lru_cache(maxsize=32)
def _compiled(pattern: str) -> re.Pattern:
    """``pattern`` compiled, once per process."""
    return re.compile(pattern)


def blank(rows: pd.DataFrame, columns: tuple[str, ...]) -> np.ndarray:
    """Which ``rows`` have nothing written in any of ``columns`` (those present)."""
    return Cells(rows).blank(columns)


def _days(frame: pd.DataFrame, dayfirst: bool) -> np.ndarray:
    """Each row's date (datetime64[D], NaT where none reads)."""
    col = frame["date"]
    if col.dtype.kind == "M":
        return col.to_numpy().astype("M8[D]")
    return parse.by_unique(col.astype("string").str.strip(),
                           lambda v: parse.dates(v, dayfirst), np.datetime64("NaT", "us")
                           ).astype("M8[D]")


def _week_starts(frame: pd.DataFrame, weekly: np.ndarray, dayfirst: bool) -> np.ndarray:
    """The first day of each ``weekly`` row's week: the date after ``W/C``, six days before
    the date after ``w/e``, or the Monday of a plain date (NaT elsewhere)."""
    start = _days(frame, dayfirst)
    out = np.full(len(frame), np.datetime64("NaT", "D"))
    monday = start - ((start.astype(np.int64) + 3) % 7).astype("m8[D]")  # 1970-01-01: Thu
    out[weekly] = monday[weekly]
    if frame["date"].dtype.kind != "M":
        named = frame["date"].astype("string").str.extract(WEEK_DATE)
        said = weekly & named["day"].notna().to_numpy(bool)
        if said.any():
            text = named["day"][said]
            day = parse.dates(text, dayfirst).astype("M8[D]")
            ends = named.loc[said, ["end", "end2", "end3", "end4"]].notna().any(axis=1)
            out[said] = day - np.where(ends.to_numpy(bool), 6, 0).astype("m8[D]")
    return out
