"""A check after categorising: long entries that name sleep but are counted as work in full.

On a sleep-in or an on-call night a worker writes the night as one entry. The shipped
taxonomy reads an entry that says nothing but the sleep, the shift and the times as sleep
(``sleep_in``, not work), and one that names anything else as that work: "EDT - asleep,
phone call 02:10 re YP" is a call, so the whole of a 22:00-07:00 entry (9 hours) is
counted as hours worked, though the call took minutes. The taxonomy cannot tell the call's
length, and taking it as sleep would lose the call. So the entry is counted as written and
:func:`warn_sleep_counted_as_work` says so, with the rows and hours and the fix: write the
call as its own entry and the rest of the night as sleep.

The check runs where the taxonomy has a ``sleep`` term (the shipped one's), on entries
counted as work (a work category, or uncategorised) of at least :data:`LONG_MIN` minutes
that hold some of the night (midnight to :data:`NIGHT_END_H`:00) and whose text holds a
sleep word (a bare "bed" mid-text, as in a bed search, is not one).
Warnings name rows and hours, never the free text (they are published with the guide).
"""

from __future__ import annotations

import re
import warnings

import numpy as np
import pandas as pd

from timestudy.categorise.taxonomy import UNCATEGORISED, Taxonomy
from timestudy.errors import DataQualityWarning

__all__ = ["LONG_MIN", "sleep_counted_as_work", "warn_sleep_counted_as_work"]

#: An entry naming sleep is looked at from this many minutes on (3 hours: a night's sleep is
#: longer, a call or a visit about a child's sleep shorter).
LONG_MIN = 180.0
#: The night, for this check, runs from midnight to this hour: an entry holding none of it is
#: not a night's sleep.
NIGHT_END_H = 6
#: Rows named in the warning, at most.
ROWS_NAMED = 8


def sleep_counted_as_work(categorised: pd.DataFrame, taxonomy: Taxonomy) -> pd.DataFrame:
    """Entries of at least :data:`LONG_MIN` minutes that name sleep and count as work.

    Parameters
    ----------
    categorised : DataFrame
        :func:`~timestudy.categorise` output: ``activity``, ``category`` and
        ``duration_min`` (``counted_min`` when present), ``source_row`` when present.
    taxonomy : Taxonomy
        The taxonomy used: its ``sleep`` term gives the sleep words and its categories
        which count as work. Without a ``sleep`` term nothing is listed.

    Returns
    -------
    DataFrame
        One row per entry: ``row`` (``source_row``, else the position from 1),
        ``task_type`` and ``minutes``.

    Examples
    --------
    >>> import pandas as pd
    >>> from timestudy import categorise, load_taxonomy
    >>> from timestudy.categorise.sleep_checks import sleep_counted_as_work
    >>> eps = pd.DataFrame({"activity": ["EDT - asleep, phone call 02:10 re YP",
    ...                                  "sleeping in", "Call re sleep routine",
    ...                                  "Emergency bed search for YP"],
    ...                     "duration_min": [540.0, 480.0, 20.0, 240.0]})
    >>> tax = load_taxonomy()
    >>> sleep_counted_as_work(categorise(eps, tax), tax)[["row", "minutes"]].to_dict("list")
    {'row': ['1'], 'minutes': [540.0]}
    """
    cols = ["row", "task_type", "minutes"]
    sleep = taxonomy.terms.get("sleep")
    need = {"activity", "category", "task_type"}
    if not sleep or not need <= set(categorised.columns):
        return pd.DataFrame(columns=cols)
    col = "counted_min" if "counted_min" in categorised else "duration_min"
    if col not in categorised:
        return pd.DataFrame(columns=cols)
    minutes = pd.to_numeric(categorised[col], errors="coerce").to_numpy(dtype=float)
    work = (categorised["category"].isin(taxonomy.work_categories)
            | categorised["task_type"].eq(UNCATEGORISED)).to_numpy()
    long = work & (minutes >= LONG_MIN)
    some = np.flatnonzero(long)  # a few rows at most: only these are read further
    long[some] = _at_night(categorised.iloc[some], minutes[some])
    if not long.any():
        return pd.DataFrame(columns=cols)
    words = re.compile(rf"(?<!\w)(?:{sleep})(?!\w)", re.IGNORECASE)
    text = categorised["activity"].to_numpy()[long]
    named = np.fromiter((isinstance(t, str) and _names_sleep(words, t) for t in text),
                        dtype=bool, count=len(text))
    where = np.flatnonzero(long)[named]
    rows = (categorised["source_row"].astype("string").to_numpy()[where]
            if "source_row" in categorised else (where + 1).astype(str))
    return pd.DataFrame({"row": [str(r) for r in rows],
                         "task_type": categorised["task_type"].to_numpy()[where],
                         "minutes": minutes[where]}, columns=cols)


def _at_night(categorised: pd.DataFrame, minutes: np.ndarray) -> np.ndarray:
    """Whether each entry holds some of the night (00:00 to :data:`NIGHT_END_H`), by its
    ``start`` and minutes; every entry where there is no readable ``start``."""
    if "start" not in categorised:
        return np.ones(len(categorised), dtype=bool)
    start = pd.to_datetime(categorised["start"], errors="coerce")
    clock = (start - start.dt.normalize()).dt.total_seconds().to_numpy() / 60.0
    night = (clock < NIGHT_END_H * 60) | (clock + minutes > 1440)
    return night | np.isnan(clock)


def _names_sleep(words: re.Pattern, text: str) -> bool:
    """Whether ``text`` holds a sleep word other than a bare "bed" (a placement bed, a bed
    search: work about a bed, not a night's sleep)."""
    return any(not _bare_bed(m) for m in words.finditer(text))


def _bare_bed(match: re.Match) -> bool:
    """A "bed" neither "in bed", "went to bed" nor the entry's first word."""
    word = match.group(0).lower()
    return word == "bed" and match.start() > 0


def warn_sleep_counted_as_work(categorised: pd.DataFrame, taxonomy: Taxonomy, *,
                               stacklevel: int = 2) -> None:
    """Warn when entries naming sleep are counted as hours worked in full.

    Names the rows and hours of :func:`sleep_counted_as_work` (never their text).

    Examples
    --------
    >>> import warnings
    >>> import pandas as pd
    >>> from timestudy import categorise, load_taxonomy
    >>> from timestudy.categorise.sleep_checks import warn_sleep_counted_as_work
    >>> eps = pd.DataFrame({"activity": ["EDT - asleep, phone call 02:10 re YP"],
    ...                     "duration_min": [540.0], "source_row": [7]})
    >>> tax = load_taxonomy()
    >>> with warnings.catch_warnings(record=True) as w:
    ...     warnings.simplefilter("always")
    ...     warn_sleep_counted_as_work(categorise(eps, tax), tax)
    >>> str(w[-1].message)[:66]
    '1 entry of 3 hours or more names sleep but is counted as work in f'
    """
    found = sleep_counted_as_work(categorised, taxonomy)
    if found.empty:
        return
    n = len(found)
    rows = ("row " if n == 1 else "rows ") + ", ".join(found["row"].head(ROWS_NAMED)) + (
        ", ..." if n > ROWS_NAMED else "")
    verb = "names sleep but is" if n == 1 else "name sleep but are"
    warnings.warn(
        f"{n} {'entry' if n == 1 else 'entries'} of {LONG_MIN / 60:g} hours or more {verb} "
        f"counted as work in full, because {'it names' if n == 1 else 'they name'} work "
        f"too ({found['minutes'].sum() / 60:,.1f} h; {rows}): a sleep-in or on-call "
        "night written as one entry with a call in it counts the whole night as hours "
        "worked. Write the call (or visit) as its own entry with its times, and the rest "
        "of the night as sleep, for the hours worked to be right.",
        DataQualityWarning, stacklevel=stacklevel)
