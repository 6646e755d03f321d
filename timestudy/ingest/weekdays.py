"""Days without dates: a diary whose date column names the weekday, dated by its week.

Paper diaries typed up, and many councils' own templates, write the day as ``Monday``
(and an ``end_date`` as ``Tuesday``: the first such day on or after the row's start)
and the week once, as "week commencing 02/03/2026". A row's date is then the first day
on or after its week's first day that is the weekday named: ``Wednesday`` in the week
commencing Monday 2 March 2026 is 4 March. The week comes from a ``week_commencing``
column (headed ``Week commencing``, ``Week beginning``, ``Week starting`` or ``W/C``),
or, for a file of one week, from the mapping (``defaults: {week_commencing: 2026-03-02}``).

Every row so dated is counted in one warning; a row naming a weekday with no week, or
with a week that is not a date, is rejected ``bad_date`` as written and named in the
same warning with the fix, and when no row of the file could be dated the read stops
with the line, the column and the fix. A week commencing that is not a Monday is
read as written (the named day is the one on or after it) and said, with the other day
order where that would make every week start on a Monday.

**A day written twice** (:func:`day_disagreements`): a diary with a date and a column of
the weekday (``Day``, ``Weekday``, ``Day of week``) states each row's day twice. Rows whose
weekday is not their date's are named in a warning, with the other day order where every
row would agree under it (03/04/2026 written beside ``Friday`` is 3 April day first, and
4 March, a Wednesday, month first). Nothing is changed: which of the two is wrong is the
diarist's to say.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from timestudy.errors import SchemaError
from timestudy.schema import parse
from timestudy.schema.weekdays import DAY_NAMES, DAY_NUMBERS

COLUMN = "week_commencing"
#: Headers (as :func:`~timestudy.ingest.candidates.normalise` leaves them) read as the week.
ALIASES = {"week_beginning": COLUMN, "week_starting": COLUMN, "week_start": COLUMN,
           "w/c": COLUMN, "w/b": COLUMN, "wc": COLUMN, "w_c": COLUMN,
           "week_commencing_date": COLUMN}


def named_days(text: pd.Series) -> np.ndarray:
    """The weekday number a value names (``Mon``, ``tuesday``, ``Thurs.``), -1 if none.

    Examples
    --------
    >>> named_days(pd.Series(["Monday", " tues ", "Thurs.", "09/03/2026", None])).tolist()
    [0, 1, 3, -1, -1]
    """
    values = pd.Series(pd.unique(text.dropna()))  # each spelling once: a diary of dates
    key = values.astype("string").str.strip().str.lower().str.rstrip(".")  # names none
    number = key.map(DAY_NUMBERS)
    hit = number.notna().to_numpy(bool)
    if not hit.any():
        return np.full(len(text), -1, np.int64)
    lookup = dict(zip(values[hit], number[hit].astype(np.int64), strict=True))
    return text.map(lookup).fillna(-1).to_numpy(np.int64)


def date_weekdays(frame: pd.DataFrame, labels: dict, dayfirst: bool, rows: np.ndarray,
                  row_word: str, name: str) -> tuple[pd.DataFrame, dict | None]:
    """Write each weekday name of ``date`` as the ISO date of that day in its row's week.

    Parameters
    ----------
    frame : DataFrame
        Candidate rows with ``date`` and, where a weekday is named, ``week_commencing``.
    labels : dict
        Headers as the file wrote them, by canonical name (for messages).
    dayfirst : bool
        How the weeks' dates are read (the file's day order).
    rows : ndarray of int
        The row (line) number the user sees, a row of ``frame``.
    row_word : str
        ``line`` or ``row``.
    name : str
        The file's name, for messages.

    Returns
    -------
    (DataFrame, dict or None)
        The frame with those dates written, and the warning counting them and the rows
        naming a weekday with no week (left as written: rejected ``bad_date``); None when
        no row names a weekday.

    Raises
    ------
    SchemaError
        When no row can be dated: every written date names a weekday and a row's week
        is missing or not a date.

    Examples
    --------
    >>> f = pd.DataFrame({"date": ["Monday", "Wed", "10/03/2026"],
    ...                   "week_commencing": ["02/03/2026", "02/03/2026", None]})
    >>> out, said = date_weekdays(f, {}, True, np.array([2, 3, 4]), "line", "d.csv")
    >>> out["date"].tolist(), said["code"], said["rows"]
    (['2026-03-02', '2026-03-04', '10/03/2026'], 'weekday_dates', 2)
    """
    if "date" not in frame or frame.empty:
        return frame, None
    day = named_days(frame["date"])
    named = day >= 0
    if not named.any():
        return frame, None
    said = labels.get("date", "date")
    week_text = frame[COLUMN].astype("string") if COLUMN in frame else \
        pd.Series(pd.NA, index=frame.index, dtype="string")
    week = parse.dates(week_text.fillna(""), dayfirst).astype("M8[D]")
    bad = named & np.isnat(week)
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        value = week_text.iloc[i]
        why = (f"{said} {frame['date'].iloc[i]!r} names a weekday with no date: add a column "
               "'week commencing' giving the date of each row's week (or, for a file of one "
               "week, set it in a mapping: defaults: {week_commencing: 2026-03-02})"
               if COLUMN not in frame else
               f"column {labels.get(COLUMN, COLUMN)!r} "
               + ("is blank" if pd.isna(value) or not str(value).strip() else
                  f"{str(value)!r} is not a date")
               + f", and {said} {frame['date'].iloc[i]!r} names a weekday: give the date its "
               "week starts on, like 02/03/2026 (a week written once above its days: "
               "fill_down: [week_commencing] in the mapping)")
        dated = frame["date"].astype("string").str.strip().fillna("").ne("").to_numpy(bool)
        if not (dated & ~bad).any():  # no row could be dated: nothing to read
            raise SchemaError(f"{row_word} {rows[i]}: {why} ({int(bad.sum()):,} such "
                              "row(s))", source=name)
        undated = {"code": "weekday_no_week", "rows": int(bad.sum()), "message": (
            f"{int(bad.sum()):,} row(s) name a weekday with no week to date it by, rejected "
            f"bad_date ({row_word} {rows[i]}: {why})")}
        named = named & ~bad
        if not named.any():
            return frame, undated
    else:
        undated = None
    start = week[named]
    offset = (day[named] - _weekday(start)) % 7
    out = frame.copy()
    dates = out["date"].astype(object).to_numpy(copy=True)
    first = start + offset.astype("m8[D]")
    dates[named] = np.datetime_as_string(first, unit="D")
    out["date"] = dates
    if "end_date" in out:  # an end day named too: the first such day on or after the start
        end_day = named_days(out["end_date"])[named]
        ends = out["end_date"].astype(object).to_numpy(copy=True)
        has = end_day >= 0
        ends[np.flatnonzero(named)[has]] = np.datetime_as_string(
            first[has] + ((end_day[has] - day[named][has]) % 7).astype("m8[D]"), unit="D")
        out["end_date"] = ends
    note = _warning(int(named.sum()), start, week_text[named], dayfirst)
    for extra in (_days_again(out, named, day, week, rows, row_word),
                  _misspelt(frame["date"], named, rows, row_word)):
        if extra:
            note["message"] += f"; {extra}"
    if undated:
        note["message"] += f"; {undated['message']}"
    return out, note


def _days_again(frame: pd.DataFrame, named: np.ndarray, day: np.ndarray, week: np.ndarray,
                rows: np.ndarray, row_word: str) -> str | None:
    """Words naming the rows whose weekday comes before the one above it in the same week of
    the same worker (Monday after Friday in one week): a second week's days written under
    the first week's date, copied down or given once in the mapping.

    Examples
    --------
    >>> f = pd.DataFrame({"worker_id": ["W1"] * 3})
    >>> w = np.array(["2026-03-02"] * 3, "M8[D]")
    >>> print(_days_again(f, np.ones(3, bool), np.array([0, 4, 0]), w, np.array([2, 3, 4]),
    ...                   "line"))  # doctest: +ELLIPSIS
    1 row(s) name a weekday before the one above them in the same week (line 4: Monday after Friday, week commencing 2026-03-02): ...
    """
    if "worker_id" not in frame:
        return None
    who = frame["worker_id"].astype("string").fillna("").to_numpy(object)[named]
    d, wk, at = day[named], week[named], rows[named]
    same = (who[1:] == who[:-1]) & (wk[1:] == wk[:-1])
    back = np.flatnonzero(same & (d[1:] < d[:-1])) + 1
    if not len(back):
        return None
    i = back[0]
    return (f"{len(back):,} row(s) name a weekday before the one above them in the same week "
            f"({row_word} {at[i]}: {DAY_NAMES[d[i]]} after {DAY_NAMES[d[i - 1]]}, week "
            f"commencing {wk[i]}): if a second week's days are written under the first's "
            "date, each row is dated in that first week and its entries read as copies or "
            "overlaps; give each week its own week commencing")


def _warning(n: int, start: np.ndarray, written: pd.Series, dayfirst: bool) -> dict:
    """The warning counting the rows dated by their week, naming weeks not on a Monday."""
    starts = np.unique(start)
    text = (f"{n:,} row(s) name the weekday, not the date: each dated by its week "
            f"commencing ({len(starts):,} week(s), from {starts[0]} to {starts[-1]}), the "
            "weekday named on or after the week's first day")
    weekday = _weekday(starts)
    if (weekday != 0).any():
        off = sorted({DAY_NAMES[d] for d in weekday if d})
        other = parse.dates(written.dropna().drop_duplicates(), not dayfirst)
        hint = ""
        if len(other) and not np.isnat(other).any() and \
                (_weekday(other) == 0).all():
            hint = (f"; read {'month' if dayfirst else 'day'} first, every week would start "
                    f"on a Monday: if so, set dayfirst: {'false' if dayfirst else 'true'} "
                    "in the mapping")
        text += (f"; {int((weekday != 0).sum()):,} week(s) start on a day other than Monday "
                 f"({', '.join(off)}): each weekday is read as the one on or after it{hint}")
    return {"code": "weekday_dates", "rows": n, "message": text}


#: Headers of a column that writes the weekday beside the date (normalised).
DAY_HEADERS = ("day", "weekday", "day_of_week", "day_of_the_week", "dow")


def day_disagreements(frame: pd.DataFrame, labels: dict, dayfirst: bool, rows: np.ndarray,
                      row_word: str) -> dict | None:
    """A warning naming the rows whose weekday column names another day than their date.

    Parameters
    ----------
    frame : DataFrame
        Candidate rows with ``date`` and a weekday column (:data:`DAY_HEADERS`).
    labels, dayfirst, rows, row_word
        As for :func:`date_weekdays`.

    Returns
    -------
    dict or None
        ``code`` ``weekday_not_date``, ``rows`` and ``message``; None when every row with
        both agrees (or no column writes the weekday).

    Examples
    --------
    >>> f = pd.DataFrame({"date": ["03/04/2026", "06/04/2026"], "Day": ["Friday", "Mon"]})
    >>> print(day_disagreements(f, {}, True, np.array([2, 3]), "line"))
    None
    >>> said = day_disagreements(f, {}, False, np.array([2, 3]), "line")
    >>> said["rows"], said["message"][:62]
    (2, "2 row(s) name a weekday that is not their date's (column 'Day'")
    """
    from timestudy.ingest.candidates import normalise

    if "date" not in frame:
        return None
    cols = [c for c in frame.columns if normalise(labels.get(c, c)) in DAY_HEADERS]
    if not cols:
        return None
    named = named_days(frame[cols[0]])
    text = frame["date"].astype("string").fillna("")
    both = (named >= 0) & (text.str.strip() != "").to_numpy(bool)
    if not both.any():
        return None
    read = _weekday(parse.dates(text[both], dayfirst))
    other = _weekday(parse.dates(text[both], not dayfirst))
    wrong = (read >= 0) & (read != named[both])
    if not wrong.any():
        return None
    at = rows[both][wrong]
    first = int(np.flatnonzero(wrong)[0])
    lines = ", ".join(str(r) for r in at[:5]) + (f" and {len(at) - 5:,} more" if len(at) > 5
                                                 else "")
    hint = ""
    if ((other >= 0) & (other == named[both])).all():
        hint = (f"; read {'month' if dayfirst else 'day'} first, every row's date is its "
                f"weekday: if the file is so, set dayfirst: {'false' if dayfirst else 'true'}"
                " in the mapping")
    header = labels.get(cols[0], cols[0])
    return {"code": "weekday_not_date", "rows": int(wrong.sum()), "message": (
        f"{int(wrong.sum()):,} row(s) name a weekday that is not their date's (column "
        f"{header!r}: {row_word}{'s' if len(at) > 1 else ''} {lines}; "
        f"{text[both].iloc[first]!r} is a {DAY_NAMES[read[first]]}, written "
        f"{frame[cols[0]][both].iloc[first]!r}): the date is read as written; correct "
        f"whichever of the two is wrong{hint}")}


def _weekday(dates: np.ndarray) -> np.ndarray:
    """Weekday (Monday = 0) of datetime64 values, -1 for NaT."""
    days = dates.astype("M8[D]")
    out = (days.astype(np.int64) + 3) % 7  # 1970-01-01 was a Thursday
    return np.where(np.isnat(days), -1, out)


def _misspelt(dates: pd.Series, named: np.ndarray, rows: np.ndarray, row_word: str
              ) -> str | None:
    """Words naming a date value that looks like a weekday misspelt (``Wendesday``), in a
    diary whose other rows name weekdays: it is rejected as not a date, and the fix is
    the spelling.

    Examples
    --------
    >>> d = pd.Series(["Monday", "Wendesday", "Thrusday", "Monday"])
    >>> print(_misspelt(d, np.array([True, False, False, True]), np.array([2, 3, 4, 5]),
    ...                 "line"))
    2 row(s) name a day misspelt, rejected bad_date (line 3: 'Wendesday' for Wednesday; line 4: 'Thrusday' for Thursday): correct the spelling
    """
    import difflib

    text = dates.astype("string").str.strip()
    other = text[~named & text.notna().to_numpy(bool)]
    if other.empty:
        return None
    names = [n.lower() for n in DAY_NAMES]
    near = {v: difflib.get_close_matches(v.lower(), names, n=1, cutoff=0.75)
            for v in other.unique() if v and not v[:1].isdigit()}
    near = {v: m[0] for v, m in near.items() if m}
    if not near:
        return None
    hit = other.isin(list(near)).to_numpy(bool)
    at = rows[~named & text.notna().to_numpy(bool)][hit]
    shown = "; ".join(f"{row_word} {r}: {v!r} for {near[v].title()}"
                      for r, v in list(zip(at, other[hit], strict=True))[:3])
    return (f"{int(hit.sum()):,} row(s) name a day misspelt, rejected bad_date ({shown}): "
            "correct the spelling")
