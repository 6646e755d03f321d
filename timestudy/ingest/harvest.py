"""Harvest detailed time reports (CSV export): read as a diary with no time of day.

Harvest's detailed time report exports one row per time entry with the columns ``Date,
Client, Project, Project Code, Task, Notes, Hours, Hours Rounded, Billable?, Invoiced?,
Approved?, First Name, Last Name, Roles, Employee?`` and money columns (Billable Rate,
Billable Amount, Cost Rate, Cost Amount, Currency, External Reference URL); some accounts
add ``Employee Id`` or ``Teams``. Harvest's help centre ("Importing and exporting data",
support.getharvest.com) documents ``Hours`` as decimal hours ("in decimal form, without any
stray characters; for example: 7.5, 3, 9.9"), a date as ``YYYY-MM-DD`` or ``M/D/YYYY`` (an
export follows the account's date format), and says that time imported or exported this
way has no start and end times ("All time entry imports will only show a duration").

How timestudy reads it (a file with ``Date``, ``Hours`` and ``Hours Rounded`` headers):

- Without times the layout is ``dated`` (:mod:`timestudy.ingest.dated`): each worker-day's entries are
  placed one after another in file order from the diary day's start and flagged
  ``time_of_day_unknown``, so no figure takes the placed time for the time of day.
- ``Hours`` is the duration, read as hours (``1.5`` is 90 minutes): Harvest's documented
  format, said in the warning ``duration_read_as_hours``; ``duration_unit`` in a mapping
  overrides it, and clock notation (``1:30``) is read as written.
- ``Hours Rounded`` is the account's rounding of ``Hours`` for invoices, not time worked:
  never counted. It is the figure given twice, so it is checked: the warning
  ``harvest_hours_rounded`` counts the rows where it differs from ``Hours`` and by how many
  minutes in all, and names the first row where they differ by more than an hour (more than
  any rounding: one of the two is wrong). Harvest's help centre does not say which way its
  rounding goes (silent): a difference up to an hour either way is taken for rounding.
- The worker is ``First Name`` and ``Last Name`` joined by a space (``Ann Lee``), as a
  workers table names them, unless the file has a ``worker_id`` column or a mapping names
  one (``columns: {worker_id: "Employee Id"}``). Where the account exports an ``Employee
  Id``, names and ids are compared as Toggl's User and Email are
  (:mod:`timestudy.ingest.shared_names`): one name at two ids (two people called Sam
  Jones) or one id under two names (a name changed or mistyped) is refused in one line
  naming that mapping, since keying by the name would merge two people's diaries (a
  14-hour day, hours per FTE doubled) or split one person's. Blank ids are left out of
  the comparison (no evidence of another person).
- ``Task`` (the account's task list) is the ``activity_code`` and ``Notes`` (free text) the
  ``activity``, as a Toggl report's Project and Description are.
- Where the account tracks start and end times, the report carries them beside ``Hours``
  ("Started-At: Start timestamp of timer (if timestamps are enabled)", "Ended-At",
  https://help.getharvest.com/api-v1/reports-api/reports/time-reports/): ``Started At`` and
  ``Ended At`` (or ``Start Time``, ``End Time``) are read as the times of day within the
  Date (layout ``split``: an end before its start ran past midnight), the entries keep
  their time of day, and ``Hours``, Harvest's own figure of the time tracked, is counted
  and checked against them (``duration_mismatch`` beyond the tolerance, summed in its
  warning; ``minutes_from: clock`` counts the clock instead), said in the warning
  ``harvest_clock_times``. The tolerance is 78 s where the mapping leaves it at its
  default (``Hours`` to 2 decimals and times to the minute differ by up to that with both
  right); one the mapping sets is kept, and one below 78 s is said in that warning to
  flag rounding too (fix38h; before, raised to 78 s without a word).
- The times are optional per entry: one account holds timed entries and entries typed in
  as a duration, with ``Hours`` and no times. Such an entry is time tracked, so it is
  counted from ``Hours`` with its date and no time of day, placed as a diary without
  times places its rows (after one another in file order from the diary day's start
  within the worker-day, flagged ``time_of_day_unknown``: :mod:`timestudy.ingest.untimed_rows`),
  while the timed entries keep their times (out of hours, nights and overlaps are read
  from those); the overlap checks judge placed entries only against placed ones, so a
  made-up time is never an overlap with a real one. ``harvest_clock_times`` says how
  many entries had no times and their minutes. Rejecting them instead would lose their
  minutes from every figure of hours. An entry with ``Hours`` and an ``Ended At`` with no
  ``Started At`` is read the same way, counted from ``Hours``, and the warning names how
  many and the first, its lone end not used: it fixes one end of the entry only (fix38h;
  before, the end was dropped in silence). A ``Started At`` with no ``Ended At`` is a timer
  still running at export, its hours "the current amount of time tracked, if timer is
  running" (Hours-With-Timer,
  https://help.getharvest.com/api-v1/timesheets-api/timesheets/adding-updating-time/): it
  is rejected ``running_timer``, as a Toggl report's is
  (:func:`timestudy.ingest.toggl.still_running`), its ``Hours`` the time so far, not the
  entry's; never counted from ``Hours``.
- Every entry in Harvest sits under a client and a project, internal work too, so no column
  is taken for the case: the warning ``harvest_case_column`` asks for a mapping naming the
  one that holds the case (``columns: {case_id: "Project Code"}``) when none is given.
"""

from __future__ import annotations

from dataclasses import fields

import numpy as np
import pandas as pd

from timestudy.ingest._reader import source_durations
from timestudy.ingest.candidates import normalise
from timestudy.ingest.harvest_reasons import harvest_reasons  # noqa: F401 (toggl's)
from timestudy.ingest.header_aliases import columns_not_read
from timestudy.ingest.layout_names import UNTIMED_COLUMN
from timestudy.ingest.mapping import HELPER_COLUMNS, DiaryMapping
from timestudy.ingest.shared_names import one_id_per_name
from timestudy.schema import parse
from timestudy.schema.tables import load_schema, text_values

#: Normalised headers that make a file a Harvest detailed time report.
SIGNATURE = frozenset({"date", "hours", "hours_rounded"})
#: The two name columns joined into the worker, in order.
NAME_PARTS = ("first_name", "last_name")
#: Label of the joined worker column in messages.
NAME_LABEL = "First Name + Last Name"
#: The normalised header of the person's id some accounts export (``Employee Id``).
ID_HEADER = "employee_id"
ROUNDED_CODE = "harvest_hours_rounded"
CASE_CODE = "harvest_case_column"
_MOST_ROUNDING_MIN = 60.0  # a rounding moves an entry by at most an hour
_TARGETS = (("hours", "duration_min"), ("task", "activity_code"), ("notes", "activity"),
            ("started_at", "start_time"), ("ended_at", "end_time"),
            ("started_time", "start_time"), ("ended_time", "end_time"))
CLOCK_CODE = "harvest_clock_times"
#: Normalised headers of a report's start and end times (one pair is read).
TIME_HEADERS = frozenset({"started_at", "ended_at", "started_time", "ended_time",
                          "start_time", "end_time"})
#: Seconds ``Hours``' own rounding explains: decimal hours to 2 places ("7.5, 3, 9.9"),
#: a step of 0.01 h = 36 s, so a figure is within half of it, 18 s, of the time tracked.
HOURS_ROUNDING_S = 0.01 * 3600 / 2
#: Seconds the clock's rounding explains: ``Started At`` and ``Ended At`` are written to
#: the whole minute (``9:00am``), each within a minute of its instant the same way, so the
#: minutes between them are within 60 s of the time between the instants.
CLOCK_ROUNDING_S = 60.0
#: 18 + 60 = 78 s: a larger difference between Hours and the clock is not their rounding.
ROUNDING_S = HOURS_ROUNDING_S + CLOCK_ROUNDING_S
#: Prefixes of a Harvest report's money columns (known by their prefix, with or without a
#: currency: :func:`~timestudy.ingest.header_aliases.columns_not_read`): the rates of an
#: entry ("Billable-Rate", "Cost-Rate",
#: https://help.getharvest.com/api-v1/reports-api/reports/time-reports/; ``billable_rate``,
#: ``cost_rate``, https://help.getharvest.com/api-v2/timesheets-api/timesheets/time-entries/)
#: and the amounts they give (``billable_amount``, the time report's,
#: https://help.getharvest.com/api-v2/reports-api/reports/time-reports/). Harvest has no
#: ``Amount`` or ``Profit`` column (Clockify's): one in a Harvest report is named.
MONEY = ("billable_rate", "billable_amount", "cost_rate", "cost_amount")
#: Normalised headers of a Harvest detailed time report that no figure needs, or that are
#: read under their canonical names (the module notes); the money columns by
#: :data:`MONEY`.
#: ``Department`` is an older export's column where today's has ``Roles`` (the person's,
#: never an entry's: observed in public code reading such exports; no Harvest page found
#: lists it).
KNOWN_HEADERS = frozenset({
    "date", "client", "project", "project_code", "task", "notes", "hours", "hours_rounded",
    "billable?", "invoiced?", "approved?", "first_name", "last_name", "roles", "employee?",
    "currency", "external_reference_url", "employee_id", "teams", "department",
    *TIME_HEADERS})


def is_harvest(columns) -> bool:
    """Whether headers are a Harvest detailed time report's (``Date``, ``Hours`` and
    ``Hours Rounded``; times of day within the date, ``Started At`` and ``Ended At``, when
    the account tracks them, but no full start and end).

    Examples
    --------
    >>> is_harvest(["Date", "Client", "Task", "Hours", "Hours Rounded", "First Name"])
    True
    >>> is_harvest(["Date", "Hours", "Hours Rounded", "Started At", "Ended At"])
    True
    >>> is_harvest(["Date", "Hours", "Start Time"])
    False
    """
    cols = {normalise(c) for c in columns}
    return SIGNATURE <= cols and not cols & {"start", "end"}


def harvest_mapping(columns, mapping: DiaryMapping) -> DiaryMapping:
    """``mapping`` with ``duration_unit: hours`` for a Harvest report, whose ``Hours`` are
    decimal hours by Harvest's documentation, unless it gives a unit; and, where the
    report has start and end times and the mapping leaves ``mismatch_tolerance_seconds``
    at its default (60 s), a tolerance of :data:`ROUNDING_S` (78 s: ``Hours`` to 2
    decimals, within 18 s, and the times to the minute, within 60 s, can differ by that
    much with both right). A tolerance the mapping sets otherwise is kept, a smaller one
    said in the warning ``harvest_clock_times`` (:func:`_clock_note`), 60 s written in the
    mapping too (:func:`tolerance_left`). ``mapping`` itself for
    another file, a layout other than ``dated`` or ``split``, its own duration column or
    a unit other than hours.

    Examples
    --------
    >>> harvest_mapping(["Date", "Hours", "Hours Rounded"], DiaryMapping()).duration_unit
    'hours'
    >>> timed = ["Date", "Hours", "Hours Rounded", "Started At", "Ended At"]
    >>> harvest_mapping(timed, DiaryMapping()).mismatch_tolerance_seconds
    78.0
    >>> harvest_mapping(timed, DiaryMapping(mismatch_tolerance_seconds=30.0)
    ...                 ).mismatch_tolerance_seconds
    30.0
    >>> harvest_mapping(["Date", "Hours"], DiaryMapping()).duration_unit is None
    True
    """
    if (not is_harvest(columns) or mapping.layout not in (None, "dated", "split")
            or "duration_min" in mapping.columns
            or mapping.duration_unit not in (None, "hours")):
        return mapping
    timed = {normalise(c) for c in columns} & TIME_HEADERS
    return mapping.replace(duration_unit="hours", mismatch_tolerance_seconds=(
        ROUNDING_S if timed and tolerance_left(mapping) else None))


def tolerance_left(mapping: DiaryMapping) -> bool:
    """True where ``mismatch_tolerance_seconds`` is the default one, no mapping's: told by
    the default's own object (a mapping built with none keeps it through
    :meth:`~timestudy.ingest.mapping.DiaryMapping.replace`; a value read from a file or
    written out, even 60 s, is another), so that any value given is kept (before, one equal
    to the default, 60 s, was raised to 78 s: 59.9 s flagged four rows of
    conformance harvest/rounding.csv, 60 s one, 60.1 s three).

    Examples
    --------
    >>> tolerance_left(DiaryMapping()), tolerance_left(DiaryMapping().replace(layout="dated"))
    (True, True)
    >>> tolerance_left(DiaryMapping(mismatch_tolerance_seconds=float("60")))
    False
    """
    default = {f.name: f.default for f in fields(DiaryMapping)}["mismatch_tolerance_seconds"]
    return mapping.mismatch_tolerance_seconds is default


def harvest_columns(frame: pd.DataFrame, labels: dict, mapping: DiaryMapping,
                    rows: np.ndarray | None = None, row_word: str = "row", name: str = ""
                    ) -> tuple[pd.DataFrame, dict, list[dict]]:
    """A Harvest report's columns in canonical names (``frame`` and ``labels`` as
    :func:`timestudy.ingest.layouts.rename_columns` gives them), and its warnings;
    ``rows`` are the file's row numbers (``row_word`` its word for them) and ``name`` the
    file, for messages. Workers keyed by name are refused where an ``Employee Id`` column
    disagrees with the names (see the module notes).

    Examples
    --------
    >>> f = pd.DataFrame({"date": ["2026-11-02"], "Task": ["Home visit"], "Notes": ["seen"],
    ...                   "Hours": ["1.5"], "Hours Rounded": ["1.5"],
    ...                   "First Name": ["Ann"], "Last Name": [" Lee"]})
    >>> out, labels, notes = harvest_columns(f, {"date": "Date"}, DiaryMapping())
    >>> out.loc[0, ["worker_id", "activity_code", "activity", "duration_min"]].tolist()
    ['Ann Lee', 'Home visit', 'seen', '1.5']
    >>> labels["worker_id"], [n["code"] for n in notes]
    ('First Name + Last Name', ['duration_read_as_hours', 'harvest_case_column'])
    """
    labels, rename, taken = dict(labels), {}, set(frame.columns)
    for source, target in _TARGETS:
        col = next((c for c in frame.columns if normalise(c) == source), None)
        if col is not None and target not in taken:
            rename[col] = target
            taken.add(target)
            labels[target] = str(col)
    out = frame.rename(columns=rename)
    if "worker_id" not in out:
        out = _worker_from_names(out, labels)
    if labels.get("worker_id") == NAME_LABEL:  # keyed by the names
        one_id_per_name(out, labels, name, ID_HEADER)
    where = np.arange(1, len(out) + 1) if rows is None else np.asarray(rows)
    out, clock = _clock_times(out, labels, mapping, where, row_word)
    notes = [_hours_note(labels, mapping), _rounded_note(out, labels, mapping, where, row_word),
             clock, _unread_note(out, labels)]
    if "case_id" not in out:
        notes.append({"code": CASE_CODE, "message": (
            f"{CASE_CODE}: a Harvest report puts every entry, internal work too, under a "
            "client and a project, so no column is read as the case: name the one that holds "
            'it in a mapping (columns: {case_id: "Project Code"}) for hours per case')})
    return out, labels, [n for n in notes if n]


def joined_names(frame: pd.DataFrame) -> pd.Series | None:
    """``First Name`` and ``Last Name`` joined by a space, trimmed (one part when the
    other is blank, NA when both are); None without both columns.

    Examples
    --------
    >>> f = pd.DataFrame({"First Name": ["Ann", None, " "], "Last Name": ["Lee", "Ray", None]})
    >>> joined_names(f).tolist()
    ['Ann Lee', 'Ray', <NA>]
    """
    cols = [next((c for c in frame.columns if normalise(c) == p), None) for p in NAME_PARTS]
    if None in cols:
        return None
    missing = load_schema("episodes").missing_values
    first, last = (text_values(frame[c], missing).fillna("") for c in cols)
    both = (first + " " + last).str.strip()
    return both.where(both != "", pd.NA)


def _worker_from_names(out: pd.DataFrame, labels: dict) -> pd.DataFrame:
    """``out`` with ``worker_id`` from the name columns (nothing added without them)."""
    names = joined_names(out)
    if names is None:
        return out
    labels["worker_id"] = NAME_LABEL
    return out.assign(worker_id=names)


def _hours_note(labels: dict, mapping: DiaryMapping) -> dict | None:
    """The warning that ``Hours`` was read as hours (None when the mapping chose)."""
    if labels.get("duration_min") is None or mapping.duration_unit not in (None, "hours"):
        return None
    return {"code": "duration_read_as_hours", "message": (
        f"duration_read_as_hours: {labels['duration_min']!r} of a Harvest report holds decimal "
        "hours (Harvest's documented format): read as hours (1.5 = 90 min); clock notation "
        "(1:30) is read as written; duration_unit in the mapping overrides this")}


def _rounded_note(out: pd.DataFrame, labels: dict, mapping: DiaryMapping, rows: np.ndarray,
                  row_word: str) -> dict | None:
    """The warning comparing ``Hours Rounded`` with ``Hours`` (None where they agree)."""
    col = next((c for c in out.columns if normalise(c) == "hours_rounded"), None)
    if col is None or "duration_min" not in out:
        return None
    missing = load_schema("episodes").missing_values
    counted = _hours_minutes(out, mapping)
    rounded = parse.by_unique(text_values(out[col], missing), parse.numbers, np.nan)
    apart = rounded * 60.0 - counted  # minutes Hours Rounded adds (decimal hours, always)
    differ = np.abs(apart) > 0.5 / 60  # half a second: the two decimals' own printing
    if not differ.any():
        return None
    hours = counted / 60.0
    far = np.flatnonzero(np.abs(apart) > _MOST_ROUNDING_MIN)
    word = (f"; {row_word} {rows[far[0]]} ({hours[far[0]]:g} against "
            f"{rounded[far[0]]:g}) differs by more than an hour, more than a rounding: check "
            f"it" + (f" ({len(far) - 1} other rows likewise)" if len(far) > 1 else "")
            if len(far) else "")
    return {"code": ROUNDED_CODE, "rows": int(differ.sum()), "message": (
        f"{ROUNDED_CODE}: {labels.get('duration_min', 'Hours')!r} is counted, not {col!r} "
        f"(the account's rounding for invoices); they differ on {int(differ.sum())} row(s), "
        f"{np.nansum(apart[differ]):+,.0f} minutes in all in {col!r}{word}")}


def _hours_minutes(out: pd.DataFrame, mapping: DiaryMapping) -> np.ndarray:
    """Each row's ``Hours`` in minutes, as :func:`timestudy.read_diary` counts them (NaN
    where blank or unreadable)."""
    missing = load_schema("episodes").missing_values
    if mapping.duration_unit is None:  # (as read_diary reads Harvest's Hours)
        mapping = mapping.replace(duration_unit="hours")
    unit = mapping.in_minutes if mapping.duration_unit != "minutes" else None
    return parse.by_unique(text_values(out["duration_min"], missing),
                           lambda u: source_durations(u, unit), np.nan)


def _clock_times(out: pd.DataFrame, labels: dict, mapping: DiaryMapping,
                 rows: np.ndarray | None = None, row_word: str = "row"
                 ) -> tuple[pd.DataFrame, dict | None]:
    """``out`` with its start and end times read (``start_time``, ``end_time``), the
    entries with ``Hours`` and no start (typed in as a duration, or an end alone) marked
    in :data:`~timestudy.ingest.layout_names.UNTIMED_COLUMN`, to be placed as a diary
    without times places its rows (:mod:`timestudy.ingest.untimed_rows`); and the warning
    that says so, naming the entries with an end alone, whose end is not used (None
    without the times). A start alone is a timer running at export (rejected
    ``running_timer``: :func:`timestudy.ingest.toggl.still_running`). ``rows`` are the
    file's row numbers (``row_word`` its word for them), for the warning.

    Examples
    --------
    >>> f = pd.DataFrame({"duration_min": ["1.5", "1", "0.5"],
    ...                   "start_time": ["9:00am", None, None],
    ...                   "end_time": ["10:30am", None, "11:30am"]})
    >>> labels = {"duration_min": "Hours", "start_time": "Started At", "end_time": "Ended At"}
    >>> out, note = _clock_times(f, labels, DiaryMapping())
    >>> out[UNTIMED_COLUMN].tolist(), note["untimed_rows"], note["untimed_minutes"]
    ([False, True, True], 2, 90.0)
    >>> note["end_alone_rows"], note["end_alone_minutes"]
    (1, 30.0)
    """
    if "start_time" not in out or not {"start_time", "end_time"} <= set(labels):
        return out, None
    missing = load_schema("episodes").missing_values
    minutes = _hours_minutes(out, mapping)  # (Hours is a Harvest report's: always there)
    started, ended = (text_values(out[c], missing).notna().to_numpy(bool) if c in out
                      else np.zeros(len(out), bool) for c in ("start_time", "end_time"))
    untimed = ~started & ~np.isnan(minutes)  # (a start alone: a running timer, .toggl)
    if not untimed.any():
        return out, _clock_note(labels, mapping)
    start, end = labels["start_time"], labels["end_time"]
    hours = labels.get("duration_min", "Hours")
    out = out.assign(**{UNTIMED_COLUMN: untimed})
    # timed: both times given (a start alone is rejected, a running timer; so is a row
    # with neither Hours nor times), before, every row but the untimed ones (fix38h2)
    n, total, timed = int(untimed.sum()), float(minutes[untimed].sum()), int((started & ended).sum())
    note = _clock_note(labels, mapping)
    note.update(untimed_rows=n, untimed_minutes=round(total, 4), message=note["message"] + (
        f" {n:,} entr{'y' if n == 1 else 'ies'} ({total:,.1f} minutes) "
        f"{'has' if n == 1 else 'have'} {hours!r} but no {start!r} "
        "(typed in as a duration, not timed: Harvest's times are optional per entry): "
        f"counted from {hours!r} with the date and no time of day, placed after one another "
        "in file order from the diary day's start within the worker-day and flagged "
        "time_of_day_unknown, as a diary without times is read: no time-of-day figure "
        "(out of hours, profiles) counts them and no overlap is found between them and "
        f"the {timed:,} timed entr{'y, which keeps its' if timed == 1 else 'ies, which keep their'}"
        f" {start!r} and {end!r}. Rejecting them instead would lose their minutes."
        + _end_alone(ended & untimed, minutes, labels, rows, row_word, note)))
    return out, note


def _end_alone(one: np.ndarray, minutes: np.ndarray, labels: dict, rows: np.ndarray | None,
               row_word: str, note: dict) -> str:
    """The words on the entries counted from ``Hours`` that give their end alone (``one``),
    their count and minutes put in ``note``; "" (and ``note`` as it is) without any."""
    if not one.any():
        return ""
    note.update(end_alone_rows=int(one.sum()), end_alone_minutes=round(
        float(minutes[one].sum()), 4))
    where = np.arange(1, len(one) + 1) if rows is None else np.asarray(rows)
    start, end = labels["start_time"], labels["end_time"]
    first, k = int(np.flatnonzero(one)[0]), int(one.sum())
    return (f" Of them, {k:,} ({note['end_alone_minutes']:,.1f} minutes) "
            f"{'gives' if k == 1 else 'give'} {end!r} alone (first: {row_word} "
            f"{where[first]}): that time is not used, since it places one end of the entry "
            f"only and its start would be made up from {labels.get('duration_min', 'Hours')!r}"
            f"; give both times, or neither. (A {start!r} with no {end!r} is a timer still "
            "running at export, rejected running_timer.)")


def _clock_note(labels: dict, mapping: DiaryMapping) -> dict:
    """The warning that a report's start and end times are read (every entry timed)."""
    start, end = labels["start_time"], labels["end_time"]
    hours = labels.get("duration_min", "Hours")
    clock = mapping.minutes_from == "clock"
    counted, other = (f"{start!r} to {end!r}", repr(hours)) if clock else (
        repr(hours), f"{start!r} to {end!r}")
    return {"code": CLOCK_CODE, "untimed_rows": 0, "message": (
        f"{CLOCK_CODE}: {start!r} and {end!r} are read as the times of day within the Date "
        "(Harvest writes them when the account tracks start and end times; an end before "
        f"its start ran past midnight), so the entries keep their time of day; {counted} "
        f"is counted and {other} checked against it: rows more than "
        f"{mapping.mismatch_tolerance_seconds:g} s apart are flagged duration_mismatch and "
        f"summed in that warning ({_tolerance_words(mapping, hours)}). {hours!r} is "
        "Harvest's own figure of the time tracked "
        "(what its reports and invoices sum), hence counted unless the mapping says "
        "minutes_from: clock.")}


def _tolerance_words(mapping: DiaryMapping, hours: str) -> str:
    """Why the tolerance is what it is: no less than :data:`ROUNDING_S`, or the mapping's
    smaller one kept, said to flag rounding too.

    Examples
    --------
    >>> print(_tolerance_words(DiaryMapping(mismatch_tolerance_seconds=30), "Hours"))
    the mapping's mismatch_tolerance_seconds, 30 s, kept: less than the 78 s that 'Hours' to 2 decimals (within 18 s of the time tracked) and the times to the minute (within 60 s between them) may differ by with both right, so a row flagged up to 78 s apart may be their rounding alone; leave it out of the mapping for 78 s
    """
    if mapping.mismatch_tolerance_seconds >= ROUNDING_S:
        return (f"no less than {ROUNDING_S:g} s: {hours!r} to 2 decimals is within "
                f"{HOURS_ROUNDING_S:g} s of the time tracked and the times, to the minute, "
                f"within {CLOCK_ROUNDING_S:g} s between them, so a difference up to "
                f"{ROUNDING_S:g} s is their rounding")
    why = (f"{hours!r} to 2 decimals (within {HOURS_ROUNDING_S:g} s of the time tracked) "
           f"and the times to the minute (within {CLOCK_ROUNDING_S:g} s between them)")
    return (f"the mapping's mismatch_tolerance_seconds, {mapping.mismatch_tolerance_seconds:g}"
            f" s, kept: less than the {ROUNDING_S:g} s that {why} may differ by with both "
            f"right, so a row flagged up to {ROUNDING_S:g} s apart may be their rounding "
            f"alone; leave it out of the mapping for {ROUNDING_S:g} s")


def _unread_note(out: pd.DataFrame, labels: dict) -> dict | None:
    """The warning naming the columns no Harvest report documents (None without any)."""
    known = set(load_schema("episodes").names) | set(HELPER_COLUMNS)
    extras = [c for c in out.columns if c not in known]
    return columns_not_read(extras, labels, KNOWN_HEADERS, "Harvest", MONEY)
