"""Total and subtotal rows: a sheet's sums are not entries, and their minutes are not work.

A diary kept in a spreadsheet often carries a row under each day or worker that adds up the
rows above it (``W1,09/03/2026,,,90,Total,``), a subtotal (``,,,,120,Subtotal,``) or a grand
total (``Total,,,,210,,``). Read as entries, each was rejected for a missing start or worker,
and its minutes were counted as minutes in and rejected: s1_total.csv gave "840 in = 210
accepted + 630 rejected" where the diary holds 210 minutes of work.

A rejected row is a **total row** (code ``total_row``) when its start is blank, or its worker,
date or start says ``Total`` (``Subtotal``, ``Grand total``), and

* one of its label cells (worker, date, start, activity, code, task type, case; never a
  note) says total (``Total``, ``Subtotal``, ``Grand total``, ``Totals``), or
* it has no activity and no case of its own, and its duration equals the sum of the rows
  directly above it (total rows apart), two or more of them with minutes, all of its worker
  where it names one (a blank worker, or ``Total``, sums the rows of any worker).

A row that names a date sums only rows of that date, as it sums only its worker's.

A diary without clock times (layout ``dated``: a date and a duration) has no start to leave
blank, and its subtotal rows (``W1,09/03/2026,135`` under 60, 45 and 30 minutes, a
``=SUM(C2:C4)``) passed every check and were read as work: there any row is a total row that
says total where a worker or date belongs, whose activity (code, task type, case) is a
total's label, the whole of it (``Day total``), that is a week's total
(:mod:`.week_totals`), or that has no activity and no case and adds up the rows directly above it
as above (:func:`dated_totals`), and it is rejected though it passed the checks.

Its minutes are left out of the minutes in and said apart (``minutes_totals``); the row is
rejected with that one reason. Any other row is an entry and keeps its own reasons (a
missing start, with its fix), however its minutes add up: a row of 30 minutes with its own
activity or case under entries of 0 and 30 minutes, or under another worker's 10 and 20,
could be real work written without its start (audit20a total_zero.csv,
total_other_worker.csv), and a sum met by chance is no proof that it is not.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from timestudy.ingest.dated import CLOCK_COLUMNS
from timestudy.ingest.week_totals import (
    LABEL_COLUMNS,
    WEEK_LABEL,
    Cells,
    label_columns,
    week_totals,
)
from timestudy.ingest.week_totals import OWN as _OWN
from timestudy.ingest.week_totals import SAYS_TOTAL as _SAYS_TOTAL
from timestudy.ingest.week_totals import blank as _blank
from timestudy.ingest.week_totals import matches as _matches
from timestudy.schema.tables import ROW_FAILURE_COLUMNS

CODE = "total_row"
#: The key of a read's :class:`OncePerRead` in a dated diary's candidates' details (taken out
#: by :mod:`.validate` before the details are the report's).
TOTALS_ONCE = "_totals_once"
_TOTAL = r"(?i)^\s*(?:sub\s*-?\s*|grand\s+)?totals?\b"
_KEYS = ("worker_id", "date", "start", "start_time")
#: A worker or date cell that says total anywhere (``W1 Total``): a dated diary's row with
#: no activity or case of its own and such a cell is a total row.
_KEY_TOTAL = "(?i)^.*?" + _SAYS_TOTAL.removeprefix("(?i)")
#: A cell that is a total's label, the whole of it (a dated diary's activity ``Day total``).
_LABEL = (r"(?i)^\s*(?:\w+\s*-?\s*)?totals?"
          r"(?:\s+(?:time|hours?|hrs|mins?|minutes|duration))?"
          r"\s*(?::.*|-|\s(?:for|of)\b.*)?\s*$")


def total_rows(frame: pd.DataFrame, bad: np.ndarray, source: np.ndarray,
               once: OncePerRead | None = None) -> np.ndarray:
    """Which rows of ``frame`` are total rows (see the module notes).

    Parameters
    ----------
    frame : DataFrame
        Candidate episodes in file order, values as written.
    bad : ndarray of bool
        The rows rejected. In a diary with clock times only these can be total rows; in a
        diary without (layout ``dated``: :func:`dated_totals`) a total row may have passed
        every check: the caller rejects every row returned.
    source : ndarray of float
        Each row's source minutes (its own duration; NaN where unknown).
    once : OncePerRead, optional
        The read's total rows of a diary without clock times, worked out already where the
        rows and minutes are the same (:class:`OncePerRead`).

    Returns
    -------
    ndarray of bool

    Examples
    --------
    By hand: 60 and 30 above a blank-start row of 90 (90 = 60 + 30: a total); a blank-start
    row of 30 under them is the sum of only the one row above: an entry missing its start.

    >>> f = pd.DataFrame({"worker_id": ["W1", "W1", "W1", "W1"],
    ...                   "start_time": ["09:00", "10:00", None, None],
    ...                   "activity": ["Visit", "Notes", "", "Phone"]})
    >>> total_rows(f, np.array([False, False, True, True]),
    ...            np.array([60.0, 30.0, 90.0, 30.0])).tolist()
    [False, False, True, False]
    """
    if _without_clock(frame):
        return dated_totals(frame, source) if once is None else once.dated(frame, source)
    out = np.zeros(len(frame), bool)
    if not bad.any():
        return out
    pos = np.flatnonzero(bad)
    rows = frame.iloc[pos]
    keyed = [rows[c].astype("string") for c in _KEYS if c in rows]
    start = next((k for c, k in zip([c for c in _KEYS if c in rows], keyed, strict=True)
                  if c in ("start", "start_time")), None)
    blank = (start.isna() | (start.str.strip() == "")).to_numpy(bool) if start is not None \
        else np.zeros(len(pos), bool)
    named = np.zeros(len(pos), bool)
    for k in keyed:
        named |= _matches(k, _TOTAL, search=True)
    maybe = blank | named
    if not maybe.any():
        return out
    says = np.zeros(len(pos), bool)
    for col in label_columns(rows):  # a note never makes a row a total
        says |= _matches(rows[col], _SAYS_TOTAL, search=True)
    suspect = np.zeros(len(frame), bool)
    suspect[pos[maybe]] = True
    bare = maybe & ~says & _blank(rows, ("activity", "case_id"))
    sums = np.zeros(len(pos), bool)
    if bare.any():
        sums = _sums_of_own_rows(frame, source, suspect)[pos]
    out[pos] = maybe & (says | (bare & sums))
    return out


def dated_totals(frame: pd.DataFrame, source: np.ndarray) -> np.ndarray:
    """Which rows of a diary without clock times (a date and a duration: layout ``dated``)
    are total rows, whether or not they passed the checks.

    With no start to leave blank, a sheet's sum is told by what it says or by its sum:

    * its worker or date starts by saying total (``Total``, ``Subtotal``), or says it
      anywhere (``W1 Total``) on a row with no activity, code, task type or case of its
      own, or its activity, code, task type or case is a total's label, the whole cell
      (``Day total``, ``Total:``, ``Total for 9 March``, ``Total hours``; an activity
      ``Total knee review`` is not one), or
    * it is a week's total (:func:`~timestudy.ingest.week_totals.week_totals`, its dates
      read day-first: a row with work of its own only when it is its week's sum), or
    * it has no activity and no case of its own (the diary having an activity or case
      column) and its duration equals the sum of the rows directly above it, two or more
      of them with minutes, all of its worker and all of its date where it names them.

    A label is read from the worker, date, activity, code, task type and case, never from a
    note (``Total this week so far fine`` on a phone call). A row with an activity or case
    is an entry however its minutes add up to the rows above it, and so is a row equal to
    the one row above it. A row with neither is not summed into a total below it.

    Parameters
    ----------
    frame : DataFrame
        Candidate episodes in file order, values as written.
    source : ndarray of float
        Each row's duration in minutes (NaN where unknown).

    Returns
    -------
    ndarray of bool

    Examples
    --------
    By hand: 60 + 45 + 30 = 135 on 9 March, then a row of 135 with no activity: a total;
    the next row says ``Day total`` (a total whatever its minutes); 30 under a 30 is a row
    equal to one row (an entry), and the last 30 has an activity: an entry.

    >>> f = pd.DataFrame({"worker_id": ["W1"] * 8, "date": ["09/03/2026"] * 8,
    ...                   "activity": ["visit", "notes", "call", "", "Day total",
    ...                                "call", "", "visit"]})
    >>> dated_totals(f, np.array([60.0, 45, 30, 135, 135, 30, 30, 30])).tolist()
    [False, False, False, True, True, False, False, False]
    """
    cells = Cells(frame)  # each column's distinct text, read once for every pattern
    label = np.zeros(len(frame), bool)
    for col in label_columns(frame):  # a note never makes a row a total
        weekly = cells.matches(col, WEEK_LABEL)  # a week's: week_totals judges it
        label |= cells.matches(col, _TOTAL if col in _KEYS else _LABEL) & ~weekly
    own = cells.blank(_OWN) & ~label  # no activity, code, task type or case of its own
    for col in (c for c in _KEYS if c in frame and frame[c].dtype.kind not in "Mmiufb"):
        label |= own & cells.matches(col, _KEY_TOTAL)  # W1 Total, with nothing of its own
    label |= week_totals(frame, source, label, cells=cells)
    bare = np.zeros(len(frame), bool)
    if "activity" in frame or "case_id" in frame:
        bare = cells.blank(("activity", "case_id")) & ~label
    if not bare.any():
        return label
    return label | (bare & _sums_of_own_rows(frame, source, label | bare))


class OncePerRead:
    """A read's total rows of a diary without clock times (:func:`dated_totals`), worked
    out once and handed on: the layout's warning, the placing of the rows in their day
    (:mod:`.times`) and the rejects (:func:`total_rows`) each ask for them.

    :func:`dated_totals` reads only the label and own-work columns
    (:data:`~timestudy.ingest.week_totals.LABEL_COLUMNS`, :data:`~timestudy.ingest.week_totals.OWN`)
    and the minutes: the rows of the last call are given back when those columns and the
    minutes are the same (equal values, NaN as NaN), and worked out again when anything read
    changed between the calls (a weekday taken off a date, a bare number settled by its
    clock): the same answer as working them out each time.

    Examples
    --------
    By hand: 60 + 45 = 105 above a row of 105 with no activity: a total, once; the minutes
    changed (the last row 100): worked out again, an entry.

    >>> f = pd.DataFrame({"worker_id": ["W1"] * 3, "date": ["09/03/2026"] * 3,
    ...                   "activity": ["visit", "notes", ""]})
    >>> once = OncePerRead()
    >>> once.dated(f, np.array([60.0, 45, 105])).tolist(), once.worked
    ([False, False, True], 1)
    >>> once.dated(f.copy(), np.array([60.0, 45, 105])).tolist(), once.worked
    ([False, False, True], 1)
    >>> once.dated(f, np.array([60.0, 45, 100])).tolist(), once.worked
    ([False, False, False], 2)
    """

    def __init__(self) -> None:
        self._last: tuple[dict[str, pd.Series], np.ndarray, np.ndarray] | None = None
        #: how many times the rows were worked out
        self.worked = 0

    def dated(self, frame: pd.DataFrame, source: np.ndarray) -> np.ndarray:
        """:func:`dated_totals` of ``frame`` and ``source``, from the last call where the
        same."""
        read = {c: frame[c] for c in (*LABEL_COLUMNS, *_OWN) if c in frame}
        last = self._last
        if last is not None and _same(last, read, source):
            return last[2].copy()
        rows = dated_totals(frame, source)
        self.worked += 1
        self._last = (read, np.array(source, float), rows.copy())
        return rows


def _same(last: tuple, read: dict[str, pd.Series], source: np.ndarray) -> bool:
    """Whether ``read`` and ``source`` are the columns and minutes of ``last``."""
    columns, minutes, _ = last
    return (len(minutes) == len(source) and columns.keys() == read.keys()
            and np.array_equal(minutes, np.asarray(source, float), equal_nan=True)
            and all(columns[c].equals(read[c]) for c in read))


def _without_clock(frame: pd.DataFrame) -> bool:
    """Whether ``frame`` is a diary of dates and durations with no clock time (``dated``)."""
    return {"date", "duration_min"} <= set(frame.columns) \
        and not set(frame.columns) & CLOCK_COLUMNS


def _sums_of_own_rows(frame: pd.DataFrame, source: np.ndarray,
                      suspect: np.ndarray) -> np.ndarray:
    """:func:`_sum_of_rows_above` held to the rows of the suspect row's worker and of its
    date, where it names them (the two runs checked one after the other)."""
    out = _sum_of_rows_above(source, suspect, _worker_runs(frame))
    if out.any() and "date" in frame:
        out &= _sum_of_rows_above(source, suspect, _worker_runs(frame, "date"))
    return out


def _worker_runs(frame: pd.DataFrame, column: str = "worker_id") -> np.ndarray | None:
    """A number for each row's worker (or value of ``column``: equal for the same value; -1
    where the row names none, or says total there), or None without that column."""
    if column not in frame:
        return None
    text = frame[column].astype("string").str.strip()
    code = pd.factorize(text.mask(text == ""), use_na_sentinel=True)[0].astype(np.int64)
    said = _matches(text, _TOTAL, search=True)
    code[said] = -1
    return code


def _sum_of_rows_above(source: np.ndarray, suspect: np.ndarray,
                       worker: np.ndarray | None = None) -> np.ndarray:
    """Which ``suspect`` rows' minutes equal the sum of the rows directly above them, two or
    more of those with minutes, the suspect rows left out of the sums (to 0.0001 minute); where
    ``worker`` numbers the rows' workers, a suspect row naming one (a code of 0 or more) sums
    only rows of that worker.

    Examples
    --------
    By hand: 0 + 30 above a row of 30 is one row with minutes (not a sum); 10 + 20 of
    worker 0 above a row of 30 of worker 1 is another worker's; of worker 0, a sum.

    >>> s = np.array([0.0, 30.0, 30.0])
    >>> _sum_of_rows_above(s, np.array([False, False, True])).tolist()
    [False, False, False]
    >>> s, sus = np.array([10.0, 20.0, 30.0]), np.array([False, False, True])
    >>> [bool(_sum_of_rows_above(s, sus, np.array([0, 0, w]))[2]) for w in (1, 0)]
    [False, True]
    """
    minutes = np.nan_to_num(np.where(suspect, 0.0, source), nan=0.0).clip(min=0)
    entry = ~suspect
    prefix = np.concatenate([[0.0], np.cumsum(minutes[entry])])  # after each entry row
    counted = np.concatenate([[0], np.cumsum(minutes[entry] > 0)])  # entries with minutes
    before = np.cumsum(entry) - entry  # entry rows above each row
    d = np.nan_to_num(source, nan=-1.0)
    target = prefix[before] - d
    # the nearest such start (the fewest rows: entries of no minutes at its top left out)
    j = np.searchsorted(prefix, target + 1e-4, side="right") - 1
    j = np.clip(j, 0, len(prefix) - 1)
    hit = np.abs(prefix[j] - target) <= 1e-4
    out = suspect & (d > 0) & hit & (counted[before] - counted[j] >= 2)
    if worker is not None and out.any():
        w = worker[entry]  # the entries' workers, and where each run of one worker begins
        run = np.concatenate([[0], np.cumsum(w[1:] != w[:-1])]) if len(w) else w
        top = np.minimum(j, max(len(w) - 1, 0))
        last = np.maximum(before - 1, 0)
        mine = worker < 0
        if len(w):
            mine |= (run[top] == run[last]) & (w[last] == worker)
        out &= mine
    return out


def total_failures(rows: np.ndarray, source: np.ndarray, frame: pd.DataFrame) -> pd.DataFrame:
    """One failure ``total_row`` for each of ``rows`` (positions), with its minutes.

    Examples
    --------
    >>> total_failures(np.array([2]), np.array([60.0, 30.0, 90.0]),
    ...                pd.DataFrame({"a": [1, 2, 3]}))["reason"].iloc[0]
    'a total or subtotal row, not an entry (a sum of the rows above it, or a row that says total, where a start or worker belongs): its 90 min are left out of the minutes in and said apart as minutes in total rows'
    """
    said = ("a total or subtotal row, not an entry (a sum of the rows above it, or a row "
            "that says total, where a start or worker belongs): ") if not _without_clock(frame) \
        else ("a total or subtotal row, not an entry (with no activity or case of its own, the "
              "sum of its worker's rows of the day directly above it, or a row that says "
              "total): ")
    shown = [f"its {m:g} min are left out of the minutes in and said apart as minutes in "
             "total rows" if not np.isnan(m) else "it is left out of the minutes"
             for m in source[rows]]
    return pd.DataFrame({
        "row": rows.astype(np.int64),
        "column": "duration_min" if "duration_min" in frame else "start",
        "code": CODE,
        "value": "",
        "reason": [said + m for m in shown],
    }, columns=ROW_FAILURE_COLUMNS)
