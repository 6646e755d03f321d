"""Toggl Track detailed reports (CSV export).

Columns ``User``, ``Email``, ``Client``, ``Project``, ``Task``, ``Description``,
``Billable``, ``Start date``, ``Start time``, ``End date``, ``End time``,
``Duration`` (``HH:MM:SS``; hours may pass 24; some exports call it ``Duration (h)``),
``Tags``. Dates follow the exporting user's profile: month-first files are recognised
(see :func:`timestudy.ingest.dayorder.infer_dayfirst`) and 12-hour times are read. They
become: ``worker_id`` (User, or Email when there is no User), ``activity``
(Description), ``activity_code`` (Project), ``case_id`` (Client), start and end from the
date and time columns. Other columns are kept as they were. A mapping overrides any of
these, e.g. ``columns: {case_id: Project, activity_code: Tags}``.

A bare decimal ``Duration`` (``1.50``) is read as written, in minutes, and warned
``duration_looks_like_hours`` when the clock says hours (:mod:`timestudy.ingest.units`):
Toggl documents its durations as ``hh:mm:ss`` ("01:32:15 = 1 hour 32 minutes and 15
seconds", https://support.toggl.com/en/articles/2527645-timer-mode) and a single number
typed as a duration as minutes; no public Toggl page found says a CSV export writes the
profile's decimal duration format, so the file itself does not say hours
(``duration_unit: hours`` in a mapping does).

**Clockify** detailed reports share the shape (``Start Date``, ``Start Time``, ``End
Date``, ``End Time``, ``User``, ``Email``, ``Project``, ``Client``, ``Description``) and are
read by this reader too; Toggl's own header is ``Duration``, Clockify's are ``Duration (h)``
and ``Duration (decimal)`` (a public export: https://gist.github.com/mdnurahmed/
cd65d2d141f3b29d0fe1a47f130a5484; public code reading ``Duration (decimal)`` as hours:
https://github.com/cudba/clockify-to-eurotime). Clockify writes ``Duration (h)`` in the
user's duration format, Full ``hh:mm:ss``, Compact ``h:mm`` or Decimal ``h.hh``, where
"'2' = 2 hours" (https://clockify.me/help/track-time-and-expenses/duration-format). So,
when the mapping gives no ``duration_unit``, a plain number under ``Duration (h)``
(``1.50``, or an Excel number ``0.25``) is hours, while clock notation (``01:30:00``,
``1:30``) is read as written; the report notes it (``duration_read_as_hours``).
``Duration (decimal)`` is the same duration again in hours to two places: where it
differs from ``Duration (h)`` by more than its rounding (0.005 h = 18 s) plus
``mismatch_tolerance_seconds``, it is given as the row's ``elapsed`` time, so that its
difference from the clock times is flagged ``duration_mismatch``; ``Duration (h)`` is
what is counted.

A Clockify ``Type`` column (exported when the report includes break entries) makes a
``Break`` row task_type ``break`` and a ``Time off`` or ``Holiday`` row task_type ``leave``,
both not work in the shipped taxonomy, each warned with its rows and minutes
(:func:`entry_types`); a type it does not know is read as work and named. A column no
Toggl or Clockify report documents is kept and named (:func:`columns_not_read`).

User is Toggl's display name (the detailed report's ``user``, "full name of the user"),
which two people can share: Toggl's own report example has two entries of "John Swift"
under different user ids. The CSV has no user id; the Email identifies the account. A
file where one User has two Emails (two people, or one person's two accounts) or one Email
appears under two Users (a renamed person) is refused, since keying workers by User would
merge or split them silently: the message names the user and the fix, ``columns:
{worker_id: Email}`` in a mapping (:mod:`timestudy.ingest.shared_names`, which Harvest's
``Employee Id`` is checked by too). User stays the default key
because it is what a study's workers table is keyed by, and it is no more identifying
than the names already in the file (Email is kept as a column; ``timestudy
pseudonymise`` replaces both with keyed tokens, which keep the one-to-one check).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from timestudy.ingest._reader import source_durations
from timestudy.ingest.candidates import Candidates, normalise
from timestudy.ingest.harvest import harvest_reasons
from timestudy.ingest.header_aliases import columns_not_read
from timestudy.ingest.layout_names import UNTIMED_COLUMN
from timestudy.ingest.mapping import HELPER_COLUMNS, DiaryMapping
from timestudy.ingest.shared_names import one_id_per_name
from timestudy.ingest.totals import CODE as TOTAL_ROW
from timestudy.schema import parse
from timestudy.schema.entry_types import ENTRY_TYPES  # categorise's tool types too: once
from timestudy.schema.tables import load_schema, text_values

_TARGETS = (
    ("start_date", "date"),
    ("user", "worker_id"),
    ("email", "worker_id"),
    ("description", "activity"),
    ("project", "activity_code"),
    ("client", "case_id"),
    ("duration_(h)", "duration_min"),
)
HOURS_CODE = "duration_read_as_hours"
#: Clockify's duration headers written in the Duration format (plain numbers hours): the
#: detailed report's, and its Summary report's ``Time (h)`` and ``Time (decimal)``
#: (:mod:`timestudy.ingest.tool_reports`), which a mapping can name for a day's total.
HOURS_LABELS = frozenset({"duration_(h)", "time_(h)", "time_(decimal)", "duration_(decimal)"})
_ROUNDING_MIN = 0.3  # Duration (decimal) is hours to two places: within 0.005 h = 18 s


def renamed_labels(frame: pd.DataFrame, labels: dict, pairs) -> pd.DataFrame:
    """``frame`` with the first column whose header normalises to each source of ``pairs``
    (``(source, canonical)``) under the canonical name, unless that name is taken; each
    renamed header recorded in ``labels`` (in place), as the readers' messages quote it.

    Examples
    --------
    >>> labels = {}
    >>> renamed_labels(pd.DataFrame(columns=["User", "Project"]), labels,
    ...                [("user", "worker_id"), ("project", "activity_code")]).columns.tolist()
    ['worker_id', 'activity_code']
    >>> labels
    {'worker_id': 'User', 'activity_code': 'Project'}
    """
    rename: dict[str, str] = {}
    taken = set(frame.columns)
    for source, target in pairs:
        col = next((c for c in frame.columns if normalise(c) == source), None)
        if col is not None and target not in taken and col not in rename:
            rename[col] = target
            taken.add(target)
            labels[target] = str(col)
    return frame.rename(columns=rename)


def read_toggl(frame: pd.DataFrame, labels: dict, name: str,
               mapping: DiaryMapping | None = None) -> Candidates:
    """Candidate episodes from a Toggl Track (or Clockify) detailed report.

    ``mapping`` gives the ``duration_unit`` (none: a Clockify ``Duration (h)``'s plain
    numbers are hours) and the ``mismatch_tolerance_seconds`` of the check of
    ``Duration (decimal)`` (see the module notes).

    Examples
    --------
    >>> from timestudy.schema import EXAMPLES
    >>> from timestudy.ingest.files import read_table
    >>> from timestudy.ingest.layouts import rename_columns
    >>> from timestudy.ingest.mapping import DiaryMapping
    >>> f, labels = rename_columns(read_table(EXAMPLES / "toggl.csv"), DiaryMapping())
    >>> c = read_toggl(f, labels, "toggl.csv")
    >>> c.frame.loc[0, ["worker_id", "activity", "activity_code", "case_id"]].tolist()
    ['Sam Jones', 'Visit to Evans family', 'Statutory visit', 'C00003']
    """
    labels = dict(labels)
    out = renamed_labels(frame, labels, _TARGETS)
    if normalise(labels.get("worker_id", "")) == "user":  # keyed by the display name
        one_id_per_name(out, labels, name, "email")
    mapping = mapping or DiaryMapping()
    notes = [clockify_hours(out, labels, mapping)]
    clockify_decimal(out, labels, mapping)
    out, typed = entry_types(out, labels, mapping)
    known = set(load_schema("episodes").names) | set(HELPER_COLUMNS)
    extras = [c for c in out.columns if c not in known]
    notes += [*typed, columns_not_read(extras, labels, KNOWN_UNREAD)]
    cand = Candidates(out, np.arange(len(out)), labels, extras, "toggl")
    if any(notes):
        cand.details["warnings"] = [n for n in notes if n]
    return cand


def clockify_hours(out: pd.DataFrame, labels: dict, mapping: DiaryMapping,
                   header: str | None = None) -> dict | None:
    """Write the plain numbers of a Clockify ``Duration (h)`` (``duration_min`` of ``out``,
    changed in place) as hours (``1.5 h``), and say so; None when there are none.

    Clock notation (``01:30:00``, ``1:30``) is left as it is, and so is everything when the
    mapping gives a ``duration_unit``. ``header`` names durations that are the tool's
    whatever their header (a Weekly report's day columns).

    Examples
    --------
    >>> f = pd.DataFrame({"duration_min": ["1.50", "01:30:00", "0,25", "1:30"]})
    >>> clockify_hours(f, {"duration_min": "Duration (h)"}, DiaryMapping())["code"]
    'duration_read_as_hours'
    >>> f["duration_min"].tolist()
    ['1.5 h', '01:30:00', '0.25 h', '1:30']
    >>> clockify_hours(f, {"duration_min": "Duration"}, DiaryMapping()) is None
    True
    """
    label = header or labels.get("duration_min", "")
    if ("duration_min" not in out or (header is None and normalise(label) not in HOURS_LABELS)
            or mapping.duration_unit is not None):
        return None
    text = text_values(out["duration_min"], load_schema("episodes").missing_values)
    codes, uniques = pd.factorize(text, use_na_sentinel=True)
    hours = parse.numbers(pd.Series(np.asarray(uniques, dtype=object), dtype="str"))
    plain = ~np.isnan(hours) & (hours >= 0)
    if not plain.any():
        return None
    written = np.where(plain, [f"{h:.12g} h" for h in np.nan_to_num(hours)], uniques)
    rows = np.append(plain, False)[codes]
    column = out["duration_min"].astype(object)
    column[rows] = np.append(written, None)[codes][rows]
    out["duration_min"] = column
    first = int(np.flatnonzero(plain)[0])
    return {
        "code": HOURS_CODE,
        "message": (
            f"{HOURS_CODE}: {label!r} holds decimal hours on {int(rows.sum())} row(s) "
            f"(Clockify's Decimal duration format, h.hh): read as hours ({uniques[first]!r} = "
            f"{hours[first] * 60:g} min); clock notation (01:30:00, 1:30) is read as written; "
            "duration_unit in the mapping overrides this"
        ),
        "rows": int(rows.sum()),
    }


RUNNING = "running_timer"


def still_running(failures: pd.DataFrame, bad: np.ndarray, work: pd.DataFrame, labels: dict,
                  layout: str | None, timer: bool = False) -> tuple[pd.DataFrame, np.ndarray]:
    """``failures`` and ``bad`` with a timer report's rows that have a start and a duration
    but no end rejected ``running_timer`` (a Toggl or Clockify layout, or ``timer``: a
    Harvest report read with its ``Started At`` and ``Ended At``, where a running timer's
    entry has its start and its Hours so far and no end).

    A Toggl or Clockify entry gets its end when its timer is stopped ("Clockify will record
    date, start and end time, and duration automatically once you stop the timer",
    https://clockify.me/help/time-tracking/creating-a-time-entry; the API's ``end`` is
    "optional for running timer"), so a row of the export with no End date and no End time
    was still running: its Duration (``00:00:00``, or the time so far) is no length of
    work. Rows with neither an end nor a duration are rejected so already
    (:mod:`timestudy.ingest.times`), and a report's ``Total`` row (a duration, no end) is
    a total row, not a timer (:mod:`timestudy.ingest.totals`). A Harvest report's other reasons are said in its own
    words there (:func:`timestudy.ingest.harvest.harvest_reasons`).

    Examples
    --------
    >>> w = pd.DataFrame({"date": ["03/25/2026", "03/26/2026"], "start_time": ["11:00", "11:00"],
    ...                   "end_date": [None, "03/26/2026"], "end_time": [None, "11:30"],
    ...                   "duration_min": ["00:00:00", "00:30:00"]})
    >>> f, bad = still_running(pd.DataFrame(columns=["row", "column", "code", "value",
    ...     "reason"]), np.zeros(2, bool), w, {"duration_min": "Duration (h)"}, "toggl")
    >>> bad.tolist(), f["code"].tolist()
    ([True, False], ['running_timer'])
    """
    ends = [c for c in ("end", "end_time", "end_date") if c in work]
    if timer:  # a Harvest report read with its times: its reasons in its own words
        failures = harvest_reasons(failures, work, labels)
    if (layout != "toggl" and not timer) or not ends or "duration_min" not in work:
        return failures, bad
    missing = load_schema("episodes").missing_values
    blank = np.logical_and.reduce([text_values(work[c], missing).isna().to_numpy()
                                   for c in ends])
    said = text_values(work["duration_min"], missing)
    rows = blank & said.notna().to_numpy()
    if UNTIMED_COLUMN in work:  # typed in as a duration, not timed (.harvest): no timer
        rows &= ~work[UNTIMED_COLUMN].to_numpy(bool)
    rows[failures.loc[failures["code"] == TOTAL_ROW, "row"].to_numpy(np.int64)] = False
    if not rows.any():
        return failures, bad
    at = np.flatnonzero(rows)
    end, duration = labels.get(ends[0], ends[0]), labels.get("duration_min", "duration_min")
    shown = said.iloc[at].astype(str).tolist()
    found = pd.DataFrame({
        "row": at.astype(np.int64), "column": ends[0], "code": RUNNING, "value": "",
        "reason": [f"no {end}: the timer was still running when the data were exported "
                   f"(its {duration} '{v}' is the time so far, not the task's length); stop "
                   "it and export again, or drop the row" for v in shown]})
    return pd.concat([failures, found], ignore_index=True), bad | rows


def clockify_decimal(out: pd.DataFrame, labels: dict, mapping: DiaryMapping) -> None:
    """Give a Clockify ``Duration (decimal)`` as the ``elapsed`` time (in hours, ``5 h``) of
    the rows of ``out`` where it differs from the counted duration by more than its rounding
    (18 s) plus the mapping's tolerance; the clock check then flags them
    ``duration_mismatch``. Nothing is changed without both columns.

    Examples
    --------
    >>> f = pd.DataFrame({"duration_min": ["01:00:00", "00:30:00", "1.5 h"],
    ...                   "Duration (decimal)": ["1.00", "5.00", "1.50"]})
    >>> clockify_decimal(f, {}, DiaryMapping())
    >>> f["elapsed"].tolist()
    [nan, '5 h', nan]
    """
    decimal = next((c for c in out.columns if normalise(c) == "duration_(decimal)"), None)
    if decimal is None or "duration_min" not in out or "elapsed" in out:
        return
    missing = load_schema("episodes").missing_values
    hours = parse.by_unique(text_values(out[decimal], missing), parse.numbers, np.nan)
    minutes = counted_minutes(out, mapping)
    apart = np.abs(hours * 60 - minutes) > _ROUNDING_MIN + mapping.mismatch_tolerance_seconds / 60
    if apart.any():  # (a few rows: their text is written one by one)
        elapsed = np.full(len(out), None, dtype=object)
        elapsed[apart] = [f"{h:.12g} h" for h in hours[apart]]
        out["elapsed"] = elapsed
        labels["elapsed"] = str(decimal)


def counted_minutes(out: pd.DataFrame, mapping: DiaryMapping) -> np.ndarray:
    """The minutes of ``out``'s ``duration_min`` as they are counted (NaN where blank or
    unread; all NaN without the column): a plain number in the mapping's
    ``duration_unit``, ``1.5 h`` (a Clockify ``Duration (h)`` read as hours) and clock
    notation as written.

    Examples
    --------
    >>> counted_minutes(pd.DataFrame({"duration_min": ["01:30:00", "0.5 h", None]}),
    ...                 DiaryMapping()).tolist()
    [90.0, 30.0, nan]
    """
    if "duration_min" not in out:
        return np.full(len(out), np.nan)
    unit = mapping.in_minutes if mapping.duration_unit not in (None, "minutes") else None
    missing = load_schema("episodes").missing_values
    return parse.by_unique(text_values(out["duration_min"], missing),
                           lambda u: source_durations(u, unit), np.nan)


#: Normalised headers of that column.
TYPE_HEADERS = ("type", "entry_type", "time_entry_type")
BREAK_CODE = "clockify_breaks"
TIME_OFF_CODE = "clockify_time_off"
UNKNOWN_TYPE_CODE = "entry_type_unknown"
_TYPE_WORDS = {
    "break": (BREAK_CODE, "Clockify's break entries, time not worked", "'Break or lunch'"),
    "leave": (TIME_OFF_CODE, "Clockify's time-off and holiday entries, time not worked",
              "'Leave': a whole day of it is a day absent"),
}


def entry_types(out: pd.DataFrame, labels: dict, mapping: DiaryMapping
                ) -> tuple[pd.DataFrame, list[dict]]:
    """``out`` with ``task_type`` given to the rows a Clockify ``Type`` column calls a
    break (``break``) or time off (``leave``), and the warnings saying so, with their rows
    and minutes; a value it does not know is named in a warning and read as work.

    Clockify's detailed report export can include break entries, and then "a CSV or Excel
    file will feature an additional column indicating whether the entry is a break or a
    non-break" (Clockify Help, Extras, "Breaks (web)", read in a stored copy:
    http://marsa-store.com/breaks-web.html); public code reading
    that export names the column ``Type`` and the value ``Break`` (solidtime-io/solidtime,
    ``ClockifyTimeEntriesImporter``), Clockify's API types an entry ``REGULAR`` or
    ``BREAK``, and time-off and holiday entries are time entries too
    (https://clockify.me/help/track-time-and-expenses/track-holidays-time-off). Both are
    the shipped taxonomy's not work (category ``non_work``, ``counts_as_work: false``): a
    ``task_type`` is taken before codes and text (:mod:`timestudy.categorise.rules`).

    Examples
    --------
    >>> f = pd.DataFrame({"duration_min": ["00:30:00", "01:00:00", "00:15:00"],
    ...                   "Type": ["Break", "Regular", "BREAK"]})
    >>> f, notes = entry_types(f, {}, DiaryMapping())
    >>> f["task_type"].fillna("").tolist(), [(n["code"], n["rows"], n["minutes"]) for n in notes]
    (['break', '', 'break'], [('clockify_breaks', 2, 45.0)])
    """
    col = next((c for c in out.columns if normalise(c) in TYPE_HEADERS), None)
    if col is None:
        return out, []
    text = text_values(out[col], load_schema("episodes").missing_values)
    codes, uniques = pd.factorize(text, use_na_sentinel=True)
    keys = [normalise(u) for u in uniques]
    types = [ENTRY_TYPES.get(k) for k in keys]  # once a distinct value, not a row
    task = np.array([*types, None], dtype=object)[codes]
    unknown = np.array([k not in ENTRY_TYPES for k in keys] + [False])[codes]
    given = np.array([t is not None for t in types] + [False])[codes]
    minutes = counted_minutes(out, mapping)
    notes: list[dict] = []
    if given.any():
        had = "task_type" in out
        column = (out["task_type"].astype(object).to_numpy(copy=True) if had
                  else np.full(len(out), None, dtype=object))
        column[given] = task[given]
        out = out.assign(task_type=column)
        over = f"; the {labels.get('task_type', 'task_type')!r} of these rows gives way" if had else ""
        labels.setdefault("task_type", str(col))
        for name, (code, what, shipped) in _TYPE_WORDS.items():
            rows = task == name
            if rows.any():
                notes.append(_type_note(code, rows, minutes, text, str(col), (
                    f"{what}: read as task_type {name!r} (the shipped taxonomy's {shipped}; "
                    "category non_work, counts_as_work: false), so they are not hours "
                    f"worked; a taxonomy without a task type {name!r} warns and categorises "
                    f"them from their code or text{over}")))
    if unknown.any():
        notes.append(_type_note(UNKNOWN_TYPE_CODE, unknown, minutes, text, str(col), (
            "a type timestudy does not know for a Toggl or Clockify entry: read as work, as "
            "the rest of the row says; if it is not work, give those rows a task_type "
            "(columns: {task_type: ...} in a mapping) or take them out")))
    return out, notes


def _type_note(code: str, rows: np.ndarray, minutes: np.ndarray, text: pd.Series,
               header: str, what: str) -> dict:
    """The warning of the rows of one entry type: their values, count and minutes."""
    values = ", ".join(repr(v) for v in pd.unique(text[rows].dropna())[:5])
    total = float(np.nansum(minutes[rows]))
    return {"code": code, "rows": int(rows.sum()), "minutes": total, "message": (
        f"{code}: {int(rows.sum())} row(s) are {values} in {header!r} ({total:,.4g} minutes "
        f"by their duration): {what}")}


#: Normalised headers of Toggl Track's and Clockify's detailed reports that no figure
#: needs (grouping, the entry's creation; the money columns are known by their prefixes,
#: :func:`~timestudy.ingest.header_aliases.columns_not_read`): Clockify shows amounts earned, cost
#: or profit (its Reports API's ``"amounts": ["EARNED", "COST", "PROFIT"]``,
#: https://docs.clockify.me/), exported as ``Billable Rate``, ``Billable Amount``, ``Cost
#: Rate``, ``Cost Amount`` and ``Profit``, each with the currency in brackets.
KNOWN_UNREAD = frozenset({
    "user", "email", "client", "project", "task", "description", "billable", "tags", "tag",
    "group", "date_of_creation", "duration", "duration_(h)", "duration_(decimal)",
    *TYPE_HEADERS})

