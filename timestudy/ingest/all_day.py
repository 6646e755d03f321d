"""Calendar entries that are not timed work: all-day events, and time shown as free.

An Outlook calendar exported to CSV has ``All day event`` (``True``/``False``) and ``Show
time as`` columns (Outlook's busy status: 0 Free, 1 Tentative, 2 Busy, 3 Out of Office, 4
Working Elsewhere, https://learn.microsoft.com/en-us/office/vba/api/outlook.olbusystatus;
the export's columns: https://wiki.mozilla.org/Calendar:Feature_Implementations:ImportExport:CSV).
An all-day event runs from 00:00 to 00:00 of the next day; read as an entry it was 1,440
minutes of work, most of them before the diary day's 04:00 start, on the day before
(outlook_allday.csv: a "Working from home" marker beside 3.5 h of meetings counted 24 h).

* **An all-day entry is never minutes worked.** A row marked all-day by its source (the
  mapping's ``all_day`` column, or Outlook's ``All day event`` header, true) with no times
  of its own (00:00 to 00:00, or none), or, with no such column, an entry from 00:00 to
  00:00 of a later day (a whole number of days; not in a slot grid or a diary without
  times) in a calendar's export (Outlook's ``Show time as``, ``Reminder on/off`` or
  attendee columns, :data:`CALENDAR_HEADERS`) or whose text reads as leave or a reminder
  (``Annual leave``, ``Birthday``, ``Working from home``), is rejected ``all_day_event``,
  its reason naming the fix; a long-entry reject of the same row (``above_maximum``: a
  three-day leave block) gives way to it. An entry whose text reads as leave or sickness
  says that leave is read from timed entries categorised as leave (a whole day of them is
  a day absent: :mod:`timestudy.categorise.time_off`; through the Python API also a leave
  table, :func:`timestudy.panels.completeness.diary_completeness`'s ``leave``), not from
  calendar markers. The report counts the rows and their minutes in one warning,
  ``all_day_events``. The minutes stay in the account as rejected (minutes in = accepted +
  rejected).
* **Kept, and said** (warning ``all_day_kept``): a row marked all-day that has times of its
  own (09:00 to 17:00 'Training course' with ``All day`` Y) is timed work, counted as its
  times say; and, with no all-day column, a 00:00 to 00:00 entry outside a calendar export
  whose text reads as neither leave nor a reminder (a 24-hour 'Residential sleep-in
  shift') is read as written, flagged ``long_episode`` as any long entry, and named as
  possibly an all-day marker, to be taken out if it is one.
* **Time shown as free** (``show_as``, or Outlook's ``Show time as``, ``0`` or ``Free``) on
  a timed entry is a block the worker kept free: a reminder or a placeholder as often as
  work. It is kept and counted (the diary says the time was spent so), flagged
  ``shown_as_free``, and the report's warning ``shown_as_free`` counts the rows and minutes
  and names the first, so that reminders can be taken out.
* **Tentative, and out of office** (``1`` or ``Tentative``; ``3``, ``Out of Office``,
  ``OOF`` or ``Away``) on a timed entry: a tentative entry is a meeting not accepted, which
  may not have happened; an out-of-office one is leave or a marker ("in court all
  morning") as often as work. Both are kept and counted as the diary says, flagged
  ``shown_as_tentative`` or ``shown_as_out_of_office``, and warned with their rows and
  minutes and the first named, like free time. Outlook's CSV export writes the status as
  its number: ``"Show time as"`` ``2`` on an ordinary meeting (the Mozilla wiki's column
  table, "Show time as ... 2, ...", and exports seen in public repositories, e.g. a
  ``"Team Meeting" ... "Normal","False","Normal","2"`` row), the numbers being
  Outlook's OlBusyStatus (olTentative 1, olOutOfOffice 3: the page cited above; the same
  values as Exchange's PidLidBusyStatus, TENTATIVE 0x00000001 and OOF 0x00000003,
  learn.microsoft.com/en-us/openspecs/exchange_server_protocols/ms-oxcical); words are
  read too (Microsoft Graph's ``showAs`` writes ``tentative``, ``oof``).
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from timestudy.ingest.candidates import normalise

CODE = "all_day_event"
WARNING = "all_day_events"
KEPT = "all_day_kept"
FREE = "shown_as_free"
TENTATIVE = "shown_as_tentative"
AWAY = "shown_as_out_of_office"
#: Headers of an all-day or busy-status column, as :func:`normalise` writes them.
ALL_DAY_HEADERS = ("all_day", "all_day_event", "allday", "all-day_event", "all-day")
SHOW_AS_HEADERS = ("show_as", "show_time_as", "busy_status", "showas")
#: Headers only a calendar's export has (Outlook's CSV), as :func:`normalise` writes them.
CALENDAR_HEADERS = (*SHOW_AS_HEADERS, "reminder_on/off", "reminder_date", "meeting_organizer",
                    "required_attendees", "optional_attendees", "meeting_resources")
_TRUE = frozenset({"true", "yes", "y", "1", "t", "wahr", "vrai"})
_FREE = frozenset({"0", "free"})
_TENTATIVE = frozenset({"1", "tentative"})
_AWAY = frozenset({"3", "out of office", "out-of-office", "oof", "away"})
#: The statuses warned, each with its words, what it is and what to do (see the module).
_SHOWN = (
    (TENTATIVE, _TENTATIVE, "1 or Tentative", "as tentative: a meeting not accepted, which "
     "may not have happened", "take out those that did not happen"),
    (AWAY, _AWAY, "3 or Out of Office", "as out of office: leave or a marker as often as "
     "work", "if it is leave, say so in its subject or category (leave is read from timed "
     "entries categorised as leave); if a marker, take it out of the file"),
)
#: Words that say an entry is leave, sickness or time off (``Annual leave``, ``Sick``).
_LEAVE = re.compile(r"leave|sick|absen|holiday|lieu|toil|flexi|vacation|illness|day off"
                    r"|out of office|\bAL\b|\bA/L\b|\bOOO\b", re.IGNORECASE)
#: Words that say an entry is a calendar's reminder or marker, not work.
_MARKER = re.compile(r"remind|birthday|anniversary|deadline|placeholder|working from home"
                     r"|\bWFH\b|bank holiday|public holiday", re.IGNORECASE)
_NS_PER_DAY = 86_400_000_000_000
_TIME_CODES = ("above_maximum", "long_running_timer", "wrap_too_long")
_NO_MIDNIGHT_RULE = ("slots", "long_slots", "dated")

__all__ = ["AWAY", "CALENDAR_HEADERS", "CODE", "FREE", "KEPT", "TENTATIVE", "WARNING",
           "all_day_rows", "calendar_entries", "shown_as", "shown_free"]


def _column(frame: pd.DataFrame, canonical: str, headers: tuple[str, ...]) -> str | None:
    """The column of ``canonical`` (mapped) or else the first headed as one of ``headers``."""
    if canonical in frame:
        return canonical
    return next((c for c in frame.columns if normalise(str(c)) in headers), None)


def _says(column: pd.Series, words: frozenset) -> np.ndarray:
    """Which cells of ``column`` are one of ``words`` (case and spaces aside)."""
    text = column.astype("string").str.strip().str.lower()
    codes, uniques = pd.factorize(text, use_na_sentinel=True)
    hit = np.array([u in words for u in uniques], bool)
    return np.append(hit, False)[codes]


def all_day_rows(frame: pd.DataFrame, start: np.ndarray, end: np.ndarray,
                 layout: str | None = None) -> tuple[np.ndarray, str | None, np.ndarray]:
    """Which rows are all-day entries, the column that says so (None: by their times), and
    which rows look all-day but are kept as timed work (marked all-day with times of their
    own; with no all-day column, 00:00 to 00:00 outside a calendar export, the text no
    leave or reminder).

    Examples
    --------
    >>> s = np.array(["2026-03-17", "2026-03-17T09:00", "2026-03-17"], "M8[ns]")
    >>> e = np.array(["2026-03-18", "2026-03-17T10:30", "2026-03-17T12:00"], "M8[ns]")
    >>> f = pd.DataFrame({"activity": ["Annual leave", "Home visit", "Night duty"]})
    >>> rows, col, kept = all_day_rows(f, s, e)
    >>> rows.tolist(), col, kept.tolist()
    ([True, False, False], None, [False, False, False])
    >>> rows, col, kept = all_day_rows(f.assign(activity="Sleep-in shift"), s, e)
    >>> rows.tolist(), kept.tolist()
    ([False, False, False], [True, False, False])
    >>> f = pd.DataFrame({"All day event": ["True", "True", "False"]})
    >>> rows, col, kept = all_day_rows(f, s, e)
    >>> rows.tolist(), col, kept.tolist()
    ([True, False, False], 'All day event', [False, True, False])
    """
    none = np.zeros(len(frame), bool)
    col = _column(frame, "all_day", ALL_DAY_HEADERS)
    if col is not None:
        marked = _says(frame[col], _TRUE)
        timed = marked & _own_times(start, end)
        return marked & ~timed, col, timed
    if layout in _NO_MIDNIGHT_RULE:
        return none, None, none
    rows = _midnight(start, end)
    if not rows.any():  # (the usual diary: no entry starts at midnight)
        return rows, None, none
    if any(normalise(str(c)) in CALENDAR_HEADERS for c in frame.columns):
        return rows, None, none  # a calendar's export: 00:00 to 00:00 is its all-day entry
    at = np.flatnonzero(rows)
    kept = none.copy()
    kept[at] = ~_reads_as(frame, at, _LEAVE) & ~_reads_as(frame, at, _MARKER)
    return rows & ~kept, None, kept


def _midnight(start: np.ndarray, end: np.ndarray) -> np.ndarray:
    """Which entries run from 00:00 to 00:00 of a later day."""
    s, e = (np.asarray(t, "M8[ns]").view("i8") for t in (start, end))  # (no copy)
    rows = (s % _NS_PER_DAY == 0) & (e > s)  # NaT is the smallest int64: never after
    if rows.any():
        rows &= (e % _NS_PER_DAY == 0) & ~np.isnat(start)
    return rows


def _own_times(start: np.ndarray, end: np.ndarray) -> np.ndarray:
    """Which entries have a start and an end, not both at 00:00 (a date alone)."""
    s, e = (np.asarray(t, "M8[ns]").view("i8") for t in (start, end))
    both = ~np.isnat(np.asarray(start, "M8[ns]")) & ~np.isnat(np.asarray(end, "M8[ns]"))
    return both & ~((s % _NS_PER_DAY == 0) & (e % _NS_PER_DAY == 0))


def _reads_as(frame: pd.DataFrame, rows: np.ndarray, words: re.Pattern) -> np.ndarray:
    """Which of ``rows`` (positions) have text that ``words`` finds (leave, a reminder)."""
    hit = np.zeros(len(rows), bool)
    for col in ("activity", "activity_code", "task_type", "notes"):
        if col in frame:
            text = frame[col].iloc[rows].astype("string").fillna("")
            hit |= text.str.contains(words).to_numpy(bool)
    return hit


def _what(frame: pd.DataFrame, rows: np.ndarray) -> list[str]:
    """Each row's activity as written, quoted (or nothing)."""
    if "activity" not in frame:
        return [""] * len(rows)
    text = frame["activity"].iloc[rows].astype("string").fillna("")
    return [f"{t!r} " if t else "" for t in text.str.slice(0, 60)]


_LEAVE_NOTE = (
    "; it reads as leave or time off: leave and sickness are read from timed entries "
    "categorised as leave or sickness (a whole day of them is a day absent), not from a "
    "calendar's all-day entry: write the leave with its hours (09:00-17:00 'Annual leave') "
    "if the day is to count as absent")


def _failures(frame: pd.DataFrame, rows: np.ndarray, col: str | None, start, end,
              labels: dict) -> tuple[pd.DataFrame, int]:
    """The ``all_day_event`` failures of ``rows`` (positions), and how many read as leave."""
    span, till = (pd.DatetimeIndex(t[rows]).strftime("%Y-%m-%d %H:%M").fillna("(no time)")
                  .tolist() for t in (start, end))
    if col is not None:
        where = col
        value = frame[col].iloc[rows].astype("string").fillna("").tolist()
        said = [f"{labels.get(col, col)} '{v}'" for v in value]
    else:
        where = next((c for c in ("end", "end_time") if c in frame), "end")
        value = frame[where].iloc[rows].astype("string").fillna("").tolist() \
            if where in frame else [""] * len(rows)
        said = ["from 00:00 to 00:00, a whole number of days"] * len(rows)
    leave = _reads_as(frame, rows, _LEAVE)
    reasons = [
        f"an all-day entry of a calendar, not timed work: {what}{a} to {b} ({s}) is not "
        "counted as minutes worked; if it was work, give it its start and end times"
        + (_LEAVE_NOTE if off else "")
        for what, a, b, s, off in zip(_what(frame, rows), span, till, said, leave, strict=True)
    ]
    return pd.DataFrame({"row": rows.astype(np.int64), "column": where, "code": CODE,
                         "value": value, "reason": reasons}), int(leave.sum())


def calendar_entries(failures: pd.DataFrame, bad: np.ndarray, work: pd.DataFrame, times,
                     labels: dict, layout: str | None, source_rows: np.ndarray
                     ) -> tuple[pd.DataFrame, np.ndarray, list[dict]]:
    """``failures`` and ``bad`` with the all-day entries rejected ``all_day_event`` (their
    long-entry rejects given way), the free time flagged (``times.flags``), and the
    report's warnings on both (``source_rows``: each row's line in the file).

    ``times`` holds the rows' ``start``, ``end``, ``minutes``, ``source_minutes`` and
    ``flags`` (:class:`~timestudy.ingest.times.Times`).
    """
    rows, col, kept = all_day_rows(work, times.start, times.end, layout)
    warned = []
    if rows.any():
        at = np.flatnonzero(rows)
        own, leave = _failures(work, at, col, times.start, times.end, labels)
        moved = rows[failures["row"].to_numpy(np.int64)] & failures["code"].isin(_TIME_CODES)
        failures = pd.concat([failures[~moved.to_numpy(bool)], own], ignore_index=True)
        bad = bad | rows
        _span_minutes(times, at)
        minutes = float(np.nansum(times.source_minutes[at]))
        warned.append(_all_day_warning(len(at), minutes, leave, col, labels))
    if kept.any() and (kept & ~bad).any():
        warned.append(_kept_warning(work, np.flatnonzero(kept & ~bad), col, times, labels,
                                    source_rows))
    free = shown_free(work, ~bad)
    if free is not None and free.any():
        times.flags[FREE] = free
        warned.append(_free_warning(work, free, times.minutes, labels, source_rows))
    for code, words, said, what, fix in _SHOWN if free is not None else ():
        rows = shown_as(work, ~bad, words)
        if rows.any():
            times.flags[code] = rows
            warned.append(_shown_warning(work, rows, times.minutes, labels, source_rows,
                                         (code, said, what, fix)))
    return failures, bad, warned


def _span_minutes(times, at: np.ndarray) -> None:
    """Give the all-day rows ``at`` whose minutes are unknown (a block of days rejected as
    too long had none) their span, start to end, in ``times.source_minutes``: the account
    then holds every all-day entry's minutes as rejected, one day as 1,440."""
    own = times.source_minutes[at]
    gap = np.isnan(own) & ~np.isnat(times.start[at]) & ~np.isnat(times.end[at])
    if gap.any():
        span = (times.end[at] - times.start[at]) / np.timedelta64(1, "m")
        times.source_minutes[at[gap]] = span[gap]


def shown_free(frame: pd.DataFrame, keep: np.ndarray) -> np.ndarray | None:
    """Which rows of ``keep`` the calendar shows as free time (None: no such column).

    Examples
    --------
    >>> f = pd.DataFrame({"Show time as": ["0", "2", "Free", None]})
    >>> shown_free(f, np.array([True, True, True, True])).tolist()
    [True, False, True, False]
    """
    return shown_as(frame, keep, _FREE)


def shown_as(frame: pd.DataFrame, keep: np.ndarray, words: frozenset) -> np.ndarray | None:
    """Which rows of ``keep`` the calendar's busy status shows as one of ``words`` (None: no
    such column).

    Examples
    --------
    >>> f = pd.DataFrame({"Show time as": ["1", "2", "Tentative", "3", "OOF"]})
    >>> shown_as(f, np.ones(5, bool), _TENTATIVE).tolist()
    [True, False, True, False, False]
    >>> shown_as(f, np.ones(5, bool), _AWAY).tolist()
    [False, False, False, True, True]
    """
    col = _column(frame, "show_as", SHOW_AS_HEADERS)
    return None if col is None else _says(frame[col], words) & keep


def _all_day_warning(n: int, minutes: float, leave: int, col: str | None,
                     labels: dict) -> dict:
    by = (f"{labels.get(col, col)!r} true" if col is not None
          else "from 00:00 to 00:00 of a later day, in a calendar's export or reading as "
          "leave or a reminder")
    off = f"; {leave} of them read as leave or time off, which is read from timed entries" \
        if leave else ""
    return {"code": WARNING, "rows": n, "minutes": round(minutes, 4), "leave_rows": leave,
            "message": (
                f"{WARNING}: {n} all-day calendar entr{'y' if n == 1 else 'ies'} ({by}; "
                f"{round(minutes, 2):,g} min) rejected {CODE}, not counted as work{off}; "
                "give timed work its start and end times")}


def _kept_warning(frame: pd.DataFrame, at: np.ndarray, col: str | None, times,
                  labels: dict, source_rows: np.ndarray) -> dict:
    """The warning :data:`KEPT` on the rows ``at`` (positions) that look all-day but are
    kept as timed work."""
    total = float(np.nansum(times.minutes[at]))
    a, b = (pd.Timestamp(t[at[0]]).strftime("%Y-%m-%d %H:%M") for t in (times.start, times.end))
    first = f"first source row {int(source_rows[at[0]])} {_what(frame, at[:1])[0]}{a} to {b}"
    n = len(at)
    entries = f"{n} entr{'y' if n == 1 else 'ies'}"
    if col is not None:
        said = (f"{entries} marked all-day ({labels.get(col, col)!r} true) with "
                f"{'its' if n == 1 else 'their'} own start and end, not 00:00 to 00:00 "
                f"({round(total, 2):,g} min; {first}) counted as timed work, as the times "
                "say; if one is a calendar's marker, not work, take it out of the file")
    else:
        said = (f"{entries} from 00:00 to 00:00 of a later day ({round(total, 2):,g} min; "
                f"{first}) read as written and counted, outside a calendar export and not "
                "reading as leave or a reminder (a 24-hour shift): possibly a calendar's "
                "all-day marker; if one is, not work, take it out of the file or map the "
                "calendar's all-day column as all_day")
    return {"code": KEPT, "rows": n, "minutes": round(total, 4), "message": f"{KEPT}: {said}"}


def _free_warning(frame: pd.DataFrame, free: np.ndarray, minutes: np.ndarray,
                  labels: dict, source_rows: np.ndarray) -> dict:
    at = np.flatnonzero(free)
    total = float(np.nansum(minutes[at]))
    col = _column(frame, "show_as", SHOW_AS_HEADERS)
    first = f"source row {int(source_rows[at[0]])} {_what(frame, at[:1])[0]}".strip()
    return {"code": FREE, "rows": len(at), "minutes": round(total, 4), "message": (
        f"{FREE}: {len(at)} timed entr{'y' if len(at) == 1 else 'ies'} ({round(total, 2):,g} "
        f"min) the calendar shows as free time ({labels.get(col, col)!r} 0 or Free; first "
        f"{first}): counted as work and flagged {FREE}; a reminder or a placeholder kept in "
        "the calendar is not work: take those rows out of the file")}


def _shown_warning(frame: pd.DataFrame, rows: np.ndarray, minutes: np.ndarray, labels: dict,
                   source_rows: np.ndarray, said: tuple[str, str, str, str]) -> dict:
    """The warning ``code`` (of ``said``: the code, the values, what the status is, and what
    to do) on the timed entries ``rows`` shown so, kept and counted."""
    code, values, what, fix = said
    at = np.flatnonzero(rows)
    total = float(np.nansum(minutes[at]))
    col = _column(frame, "show_as", SHOW_AS_HEADERS)
    first = f"source row {int(source_rows[at[0]])} {_what(frame, at[:1])[0]}".strip()
    n = len(at)
    return {"code": code, "rows": n, "minutes": round(total, 4), "message": (
        f"{code}: {n} timed entr{'y' if n == 1 else 'ies'} the calendar shows {what} "
        f"({labels.get(col, col)!r} {values}; first {first}): counted as work, "
        f"{round(total, 2):,g} min, and flagged {code}; {fix}")}
