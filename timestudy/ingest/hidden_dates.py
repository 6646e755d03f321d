"""Time cells that also hold a date: a clock time reads the time shown, the date compared.

A time typed with its date (``05/01/2026 09:00``), pasted from another system or computed
from one, is a date and time in the cell; formatted ``hh:mm``, Excel shows 09:00. A
workbook's cells are read as their number format shows them
(:mod:`timestudy.ingest.workbook`): in a column the layout reads as a time of day
(``start_time``, ``end_time``), such a cell is the time it shows, 09:00 (before, it was read
as ``2026-01-05T09:00:00`` and the row rejected: "is not a time"; the audit of 2026-12-06,
/tmp/audit24x/R_timecells.xlsx row 2). A column read as a date and time (``start`` and
``end`` of the canonical layout) keeps the date: it is what that column needs, and a
diary exported with its times formatted to show the time only was read so before. A cell
holding a whole day (2026-01-07 with no time, which ``hh:mm`` shows as 00:00) is not a
time: it is left as read, and its row refused (:mod:`.cell_reasons` says what it holds;
the review of 2026-12-06, /tmp/review24b/timecells.xlsx row 5, was read as 00:00).

The date hidden is kept aside (``details["_time_cell_dates"]``, private, out of the report)
and compared with the row's: a start cell's with the day the entry starts, an end cell's
with the day it ends. Where they differ, the warning ``time_cell_dates`` names the cells
(the hidden date may be the day the work was done, and the row's date the mistake). A row
rejected for another reason is not compared.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

CODE = "time_cell_dates"
#: The key of the hidden dates in a workbook's details (taken out of the report).
HIDDEN_KEY = "_time_cell_dates"
#: The times each cell is compared with: the episode's start or end.
_AGAINST = {"start_time": "start", "end_time": "end"}
SHOWN = 5


def hidden_dates(stamps: pd.Series, sheet_rows: np.ndarray, column: int) -> dict:
    """The dates a time-only format hides in one column: ``stamps`` (the cells' date and
    time, indexed by the cell's place among the rows read), their ``rows`` in the sheet and
    the sheet ``column`` (0-based).

    Examples
    --------
    >>> s = pd.Series(pd.to_datetime(["2026-01-05 09:00"]), index=[0])
    >>> h = hidden_dates(s, np.array([2, 3]), 2)
    >>> h["at"].tolist(), h["rows"].tolist(), h["column"], str(h["stamps"][0])
    ([0], [2], 2, '2026-01-05T09:00:00')
    """
    at = stamps.index.to_numpy(np.int64)
    return {"at": at, "rows": np.asarray(sheet_rows)[at], "column": column,
            "stamps": stamps.to_numpy("datetime64[s]")}


def times_shown(cand, raw) -> pd.DataFrame:
    """The candidates' frame with each cell of a clock-time column (``start_time``,
    ``end_time``) that holds a date and time in a time-only format as the time it shows.

    Parameters
    ----------
    cand : Candidates
        The layout's rows, one per row of ``raw`` (a slot grid's are left as they are).
    raw : RawTable
        The file as read, with the hidden dates of a workbook's columns.

    Returns
    -------
    DataFrame

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> h = {"Start": hidden_dates(pd.Series(pd.to_datetime(["2026-01-05 09:00"]), index=[1]),
    ...                            np.array([2, 3]), 2)}
    >>> raw = SimpleNamespace(details={"_time_cell_dates": h})
    >>> cand = SimpleNamespace(frame=pd.DataFrame({"start_time": ["08:00:00",
    ...                                                         "2026-01-05T09:00:00"]}),
    ...                        origin=np.array([0, 1]), labels={"start_time": "Start"})
    >>> times_shown(cand, raw)["start_time"].tolist()
    ['08:00:00', '09:00:00']
    """
    hidden = raw.details.get(HIDDEN_KEY)
    frame = cand.frame
    if not hidden or len(cand.origin) != len(frame):
        return frame
    for name in _AGAINST:
        label = cand.labels.get(name)
        if label not in hidden or name not in frame:
            continue
        cells = hidden[label]
        where = np.flatnonzero(np.isin(cand.origin, cells["at"]))
        stamps = cells["stamps"][np.searchsorted(cells["at"], cand.origin[where])]
        iso = np.datetime_as_string(stamps, unit="s").astype(object)
        values = frame[name].to_numpy(object).copy()
        # the cell as read (not filled down or changed), and not a whole day: a date with
        # no time (2026-01-07 in an hh:mm cell, which shows 00:00) is not a time of day and
        # is left as read, for the row to be refused (cell_reasons says what it holds)
        same = (values[where] == iso) & (stamps != stamps.astype("datetime64[D]"))
        values[where[same]] = pd.Series(iso[same], dtype=object).str.slice(11).to_numpy(object)
        frame = frame.assign(**{name: pd.Series(values, index=frame.index,
                                                dtype=frame[name].dtype)})
    return frame


def time_cell_dates_warning(details: dict, labels: dict, episodes: pd.DataFrame
                            ) -> dict | None:
    """The warning on time cells whose hidden date is not their row's, or None; takes the
    hidden dates (``details["_time_cell_dates"]``) out of ``details``.

    Parameters
    ----------
    details : dict
        The read's details, with the hidden dates of a workbook's columns by header.
    labels : dict
        The layout's canonical name -> the file's header.
    episodes : DataFrame
        Accepted episodes with ``source_row``, ``start`` and ``end``.

    Examples
    --------
    >>> h = {"Start time": hidden_dates(pd.Series(pd.to_datetime(["2026-01-05 09:00"])),
    ...                                 np.array([2]), 2)}
    >>> e = pd.DataFrame({"source_row": [2], "start": pd.to_datetime(["2026-03-09 09:00"]),
    ...                   "end": pd.to_datetime(["2026-03-09 10:00"])})
    >>> d = {"sheet": "Diary", "_time_cell_dates": h}
    >>> print(time_cell_dates_warning(d, {"start_time": "Start time"}, e)["message"])
    ... # doctest: +ELLIPSIS
    time_cell_dates: sheet 'Diary': 1 time cell holds a date its number format (a time only) does not show, other than its row's: C2 (Start time: 2026-01-05 09:00; the entry starts 2026-03-09). ...
    >>> "_time_cell_dates" in d
    False
    """
    hidden = details.pop(HIDDEN_KEY, None)
    if not hidden or episodes.empty or "source_row" not in episodes:
        return None
    by_row = episodes.drop_duplicates("source_row").set_index("source_row")
    parts = []
    for name, field in _AGAINST.items():  # (four columns at most, each as one array)
        label = labels.get(name)
        if label not in hidden or field not in by_row:
            continue
        cells = hidden[label]
        day = by_row[field].reindex(cells["rows"]).to_numpy("datetime64[D]")
        odd = ~np.isnat(day) & (day != cells["stamps"].astype("datetime64[D]"))
        parts.append(pd.DataFrame({"row": cells["rows"][odd], "column": cells["column"],
                                   "label": label, "stamp": cells["stamps"][odd],
                                   "day": day[odd], "field": field}))
    found = pd.concat(parts).sort_values(["row", "column"]) if parts else None
    if found is None or found.empty:
        return None
    return _warning(found, details.get("sheet", ""))


def _warning(found: pd.DataFrame, sheet: str) -> dict:
    """The warning on the cells ``found`` (row, column, label, stamp, day, field)."""
    from timestudy.ingest.sheetxml import _letters  # (the sheet's reader imports this)

    n, one = len(found), len(found) == 1
    shown = ", ".join(
        f"{_letters(c.column)}{c.row} ({c.label}: {c.stamp:%Y-%m-%d %H:%M}; the entry "
        f"{c.field}s {c.day:%Y-%m-%d})" for c in found.head(SHOWN).itertuples()
    ) + (", ..." if n > SHOWN else "")
    message = (
        f"{CODE}: sheet {sheet!r}: {n:,} time cell{'' if one else 's'} "
        f"hold{'s' if one else ''} a date {'its' if one else 'their'} number format (a time "
        f"only) does not show, other than {'its' if one else 'their'} row's: {shown}. Read "
        "as the time shown, on the row's date, as Excel shows it; if the hidden date is the "
        f"day the work was done, correct the row's date (or the cell{'' if one else 's'})")
    return {"code": CODE, "message": message, "rows": sorted(set(found["row"].tolist())),
            "cells": [f"{_letters(c)}{r}" for r, c in zip(found["row"], found["column"],
                                                          strict=True)]}
