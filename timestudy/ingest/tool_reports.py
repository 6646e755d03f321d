"""Toggl Track's and Clockify's other reports: a **Weekly** report read as the day totals
it is, a **Summary** report refused in one line naming the export that works.

Only the *Detailed* report of either tool lists entries (:mod:`timestudy.ingest.toggl`).
Both tools also export a Summary and a Weekly report ("Summary Reports provide an
aggregation of time entries data"; "Summary, Detailed and Weekly", Toggl's Reports API,
https://engineering.toggl.com/docs/reports_start; "The Summary report groups your time
entries by project, client, user, tag, and date ... Weekly report ... shows time entries
grouped by user or project within a fixed week range", Clockify,
https://clockify.me/help/getting-started/understand-use-your-reports).

**Weekly.** A row per user and project, a column per day headed by its date, and the
week's total (observed in public code reading Clockify's
``Clockify_Time_Report_Weekly_14_04_2025-20_04_2025.csv``: ``User``, ``Project``, then
``14/04/2025`` .. ``20/04/2025`` holding ``hh:mm:ss``, and the week's total hours). Each
filled day cell is one dated duration with no time of day: read as a ``dated`` diary's
row (placed from 04:00 in file order, flagged ``time_of_day_unknown``), the worker from
``User`` (or ``Member``, ``Email``), the activity code from ``Project``, the case from
``Client``. The total column is the sum of the days, never counted: a row whose total
differs from its days is named (``weekly_total_column``). A row of the report's totals
(``Total`` for the user) is a total row as in any dated diary
(:mod:`timestudy.ingest.totals`). A plain number in a day cell (``7.50``) is decimal
hours, the tools' Decimal duration format (:func:`timestudy.ingest.toggl.clockify_hours`).
Silent, with the interpretation chosen: Toggl's weekly column set (taken to be Clockify's
shape); the total column's header (any header starting ``Total``); the date format of
the day headers (read as the diary's dates are, one day order for the file).

**Summary.** One total per project, client, user, description or date over the report's
range: ``Project``, ``Client``, ``Description``, ``Duration`` (Toggl, observed in
public code reading ``Toggl_Track_summary_report_*.csv``: hasehiro0828/toggl-tools
``src/csv2text/model.ts``); ``Project``, ``Client``, ``Description``, ``Time (h)``,
``Time (decimal)``, ``Amount (EUR)`` and ``User``, ``Project``, ``Time (h)``, ``Time
(decimal)``, ``Percent`` (Clockify, observed in public code:
adrianbiro/clockify-powershell-utils); grouped by Date, ``Date``, ``Time (h)``, ``Time
(decimal)``. A total with no date cannot make a diary, and a date's total is everyone's
the report covers unless it was filtered to one person: refused, naming the Detailed
report; a mapping that names the columns reads a one-person date summary as dated rows,
its ``Time (decimal)`` as hours. Harvest's Time report (its Clients, Projects, Tasks and
Team tabs: ``Hours``, ``Billable Hours``, ``Billable Amount``, no date) is refused the
same way, naming Harvest's Detailed time report (:mod:`timestudy.ingest.harvest`).
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from timestudy.errors import SchemaError
from timestudy.ingest._reader import source_durations
from timestudy.ingest.candidates import Candidates, normalise
from timestudy.ingest.mapping import DiaryMapping
from timestudy.ingest.toggl import clockify_hours, renamed_labels
from timestudy.ingest.weekly_days import SUM_COLUMN, day_dates, day_headers, sum_rows
from timestudy.schema.tables import load_schema, text_values

#: Headers of the Weekly report's row labels, canonical name for each (Toggl's detailed
#: report's targets).
_LABELS = (("user", "worker_id"), ("member", "worker_id"), ("email", "worker_id"),
           ("project", "activity_code"), ("client", "case_id"), ("description", "activity"),
           ("task", "task"))
#: Summary reports' duration headers (Clockify's; Toggl's is a bare ``Duration``).
_SUMMARY_TIMES = frozenset({"time_(h)", "time_(decimal)"})
_GROUPS = frozenset({"project", "client", "description", "user", "member", "task", "tag",
                     "tags", "email", "group", "billable", "name", "person"})
#: Harvest's Time report (Clients, Projects, Tasks or Team tab) beside its ``Hours``
#: ("Hours, Billable Hours, Billable Amount": https://help.getharvest.com/harvest/apps/
#: harvest-for-android/android-app-viewing-reports/).
_HARVEST_TOTALS = frozenset({"billable_hours", "billable_amount", "billable_%",
                             "uninvoiced_amount", "utilization"})
WEEKLY = "weekly"
#: The report detail naming what the rows read are (a Weekly report's day cells).
ROWS_ARE = "rows_are"
TOTAL_CODE = "weekly_total_column"
_DETAILED = {
    "toggl": "the Detailed report (Reports > Detailed > Export > Download CSV)",
    "clockify": "the Detailed report (Reports > Time > Detailed > Export > Save as CSV)",
    "harvest": "the Detailed time report (Reports > Detailed time > Export > CSV)",
}


def report_kind(columns) -> str | None:
    """``weekly`` when ``columns`` (as renamed) are a Toggl or Clockify Weekly report's:
    two or more day columns and a user, project or client column; else None.

    Examples
    --------
    >>> report_kind(["User", "Project", "14/04/2025", "15/04/2025", "Total (h)"])
    'weekly'
    >>> report_kind(["worker_id", "date", "duration_min"]) is None
    True
    """
    keys = {normalise(c) for c in columns}
    if len(day_headers(columns)) >= 2 and keys & {"user", "member", "email", "project",
                                                  "client", "worker_id"}:
        return WEEKLY
    return None


def summary_times(frame: pd.DataFrame, labels: dict) -> pd.DataFrame:
    """``frame`` with Clockify's ``Time (h)`` (else ``Time (decimal)``) as its
    ``duration_min`` when its rows name their worker and date and it has no duration: a
    dated diary written with a Summary report's duration header, never everyone's totals.
    ``labels`` is updated in place.

    Examples
    --------
    >>> f = pd.DataFrame(columns=["worker_id", "date", "Time (h)", "activity"])
    >>> list(summary_times(f, {}).columns)
    ['worker_id', 'date', 'duration_min', 'activity']
    >>> list(summary_times(f.drop(columns="worker_id"), {}).columns)
    ['date', 'Time (h)', 'activity']
    """
    keys = {normalise(c): c for c in frame.columns}
    col = keys.get("time_(h)", keys.get("time_(decimal)"))
    if col is None or "duration_min" in frame or not {"worker_id", "date"} <= set(frame.columns):
        return frame
    labels["duration_min"] = labels.pop(col, str(col))
    return frame.rename(columns={col: "duration_min"})


def refuse_summary(columns, name: str) -> None:
    """Raise a one-line :class:`SchemaError` when ``columns`` (as renamed) are a Toggl or
    Clockify Summary report's (see the module notes); return quietly otherwise.

    Examples
    --------
    >>> refuse_summary(["Project", "Client", "Description", "duration_min"], "s.csv")
    Traceback (most recent call last):
    ...
    timestudy.errors.SchemaError: s.csv: this is a Toggl Track Summary report: one total per Project, Client, Description over the report's whole range, with no date or time of day, so it cannot make a diary (a 40-hour total is no day's work); export the Detailed report (Reports > Detailed > Export > Download CSV) and read that
    >>> refuse_summary(["worker_id", "date", "duration_min"], "d.csv")
    """
    keys = [normalise(c) for c in columns]
    clockify = bool(set(keys) & _SUMMARY_TIMES)
    other = {k for k in keys if not k.startswith(("amount", "billable"))}  # Amount (USD)
    toggl = "duration_min" in keys and not other - _GROUPS - {"duration_min"}
    harvest = "hours" in keys and bool(set(keys) & _HARVEST_TOTALS) and "date" not in keys
    if harvest:
        raise SchemaError(
            f"this is a Harvest Time report: hours per {', '.join(_named(columns, keys))} over "
            "the report's timeframe, with no date, so it cannot make a diary; export "
            + _DETAILED["harvest"] + " and read that", source=name)
    if not (clockify or toggl):
        return
    tool = "Clockify" if clockify else "Toggl Track"
    by = ", ".join(_named(columns, keys))
    export = _DETAILED["clockify" if clockify else "toggl"]
    if "date" in keys:
        raise SchemaError(
            f"this is a {tool} Summary report grouped by {by}: a day's total, with no time of "
            "day, of everyone the report covers; export " + export + " and read that; or, "
            "for a report of one person, read the day totals as dated entries with a "
            f"mapping (columns: {{duration_min: {_time_header(columns)!r}}}, defaults: "
            "{worker_id: ...})", source=name)
    raise SchemaError(
        f"this is a {tool} Summary report: one total per {by} over the report's whole "
        "range, with no date or time of day, so it cannot make a diary (a 40-hour total is "
        f"no day's work); export {export} and read that", source=name)


def _named(columns, keys: list[str]) -> list[str]:
    """The report's grouping columns as written (``Date``: renamed ``date`` by then)."""
    named = ["Date" if k == "date" else str(c)
             for c, k in zip(columns, keys, strict=True) if k in _GROUPS or k == "date"]
    return named or ["the report's grouping"]


def _time_header(columns) -> str:
    """The summary's duration header to name in a mapping (``Time (h)`` first)."""
    keys = {normalise(c): str(c) for c in columns}
    return keys.get("time_(h)") or keys.get("time_(decimal)") or keys.get("duration_min", "")


def read_weekly(frame: pd.DataFrame, labels: dict, name: str,
                mapping: DiaryMapping | None = None,
                lines: np.ndarray | None = None,
                as_written: pd.DataFrame | None = None) -> Candidates:
    """Candidate dated entries from a Toggl or Clockify Weekly report: one per filled day
    cell (``00:00:00`` and blanks are no entry), in file order (see the module notes).
    ``as_written``: the rows before a mapping's ``fill_down`` (``frame`` itself when None),
    whose blank labels show a group's rows (:func:`~timestudy.ingest.weekly_days.sum_rows`).

    Examples
    --------
    By hand: Sam's visits 2 h on 14 April and 1.5 h on 16 April (total 03:30:00, equal);
    Ana's 3 h on 15 April under a total of 04:00:00 (named, not counted).

    >>> f = pd.DataFrame({"User": ["Sam", "Ana"], "Project": ["Visit", "Visit"],
    ...                   "14/04/2025": ["02:00:00", "00:00:00"],
    ...                   "15/04/2025": [None, "03:00:00"],
    ...                   "16/04/2025": ["01:30:00", None], "Total (h)": ["03:30:00", "04:00:00"]})
    >>> c = read_weekly(f, {}, "w.csv")
    >>> c.frame[["worker_id", "date", "duration_min"]].values.tolist()
    [['Sam', '2025-04-14', '02:00:00'], ['Sam', '2025-04-16', '01:30:00'], ['Ana', '2025-04-15', '03:00:00']]
    >>> c.origin.tolist(), [w["code"] for w in c.details["warnings"]], c.details["rows_are"]
    ([0, 0, 1], ['weekly_total_column'], 'day cells')
    """
    mapping = mapping or DiaryMapping()
    days = day_headers(frame.columns)
    totals = [c for c in frame.columns if normalise(c).startswith("total") and c not in days]
    keep = [c for c in frame.columns if c not in days and c not in totals]
    missing = load_schema("episodes").missing_values
    cells = np.column_stack([text_values(frame[d], missing).to_numpy(object) for d in days])
    minutes = source_durations(pd.Series(cells.ravel(), dtype="str").where(
        pd.notna(cells.ravel())), _hours(mapping)).reshape(cells.shape)
    filled = pd.notna(cells) & ~(minutes == 0)
    row, col = np.nonzero(filled)  # row-major: each row's days in column order
    dates, order = day_dates(days, name, mapping.dayfirst)  # consecutive days
    named = {k for pair in _LABELS for k in pair}  # as exported, or as a mapping names them
    sums = sum_rows(frame if as_written is None else as_written, minutes,
                    [c for c in keep if normalise(c) in named])
    out = frame[keep].iloc[row].reset_index(drop=True)
    out["date"] = np.asarray(dates, dtype=object)[col]
    out["duration_min"] = cells[row, col]
    out[SUM_COLUMN] = sums[row]
    labels = dict(labels)
    out = renamed_labels(out, labels, _LABELS).reset_index(drop=True)
    if "worker_id" not in out and "worker_id" not in mapping.defaults:
        raise SchemaError(
            f"this is a Weekly report with no User column ({', '.join(map(str, keep))}): "
            "its day totals are everyone's the report covers; group it by User and export it "
            "again, or, for one person's report, give the worker in a mapping (defaults: "
            "{worker_id: ...})", source=name)
    labels.update(date="the day column's header", duration_min="the day columns")
    extras = [c for c in out.columns if c not in ("worker_id", "date", "duration_min",
                                                  "activity", "activity_code", "case_id",
                                                  SUM_COLUMN)]
    said = clockify_hours(out, labels, mapping, "the day columns")  # 1.50 is 1.5 h
    cand = Candidates(out, row.astype(np.int64), labels, extras, "dated")
    cand.details[ROWS_ARE] = "day cells"  # each row read is a day cell, not a file's line
    lines = np.arange(len(frame)) + 2 if lines is None else np.asarray(lines)
    notes = [n for n in (said, order, _total_note(frame, totals, minutes, mapping, name, lines))
             if n]
    if notes:
        cand.details["warnings"] = notes
    return cand


def _hours(mapping: DiaryMapping):
    """A day cell's plain number is decimal hours unless the mapping gives a unit."""
    unit = mapping.duration_unit or "hours"
    return DiaryMapping(duration_unit=unit).in_minutes


def _total_note(frame: pd.DataFrame, totals: list, minutes: np.ndarray,
                mapping: DiaryMapping, name: str, lines: np.ndarray) -> dict | None:
    """The warning naming the total column, not counted, and the rows whose total is not
    the sum of their days (beyond the mapping's tolerance)."""
    if not totals:
        return None
    said = source_durations(text_values(frame[totals[0]], load_schema(
        "episodes").missing_values).astype("str"), _hours(mapping))
    days = np.nansum(minutes, axis=1)
    off = ~np.isnan(said) & (np.abs(said - days) > mapping.mismatch_tolerance_seconds / 60)
    shown = "; ".join(f"line {lines[i]}: {said[i]:g} min against {days[i]:g}"
                      for i in np.flatnonzero(off)[:5])
    differ = f"; {int(off.sum())} row(s) where it is not the sum of their days ({shown})" if off.any() else ""
    return {"code": TOTAL_CODE, "rows": int(off.sum()), "message": (
        f"{TOTAL_CODE}: {name}: a Weekly report: each day cell read as that day's duration "
        f"(no time of day); its {totals[0]!r} column is the week's sum of them, not counted"
        + differ)}


def calendar_hint(columns) -> str:
    """What to add when a calendar exported to CSV (a ``Subject`` beside ``Start Date``
    and ``Start Time``: Outlook's export, or a file laid out for Google Calendar's import)
    has no worker: it is one person's calendar, so the mapping names them; else ``""``.

    Examples
    --------
    >>> calendar_hint(["Subject", "date", "start_time", "end_date", "end_time"])[:40]
    ' This is a calendar exported to CSV (Out'
    >>> calendar_hint(["worker_id", "date"])
    ''
    """
    keys = {normalise(c) for c in columns}
    if not {"subject", "date", "start_time"} <= keys:
        return ""
    return (" This is a calendar exported to CSV (Outlook's Subject, Start Date, Start Time, "
            "...): one person's calendar, so name the person in a mapping, defaults: "
            "{worker_id: ...}, with columns: {activity: Subject} (data_schema/README.md, "
            "Calendars)")


def refuse_icalendar(columns, name: str) -> None:
    """Raise a one-line :class:`SchemaError` for an iCalendar file (``BEGIN:VCALENDAR``,
    what Outlook on the web, new Outlook and Google Calendar export), read as a table.

    Examples
    --------
    >>> refuse_icalendar(["BEGIN:VCALENDAR"], "cal.ics")
    Traceback (most recent call last):
    ...
    timestudy.errors.SchemaError: cal.ics: this is an iCalendar file (BEGIN:VCALENDAR), not a table: timestudy reads a calendar exported to CSV, one row per entry; export it from classic Outlook for Windows (File > Open & Export > Import/Export > Export to a file > Comma Separated Values), or convert the .ics to CSV with Subject, Start Date, Start Time, End Date and End Time columns
    """
    if not any(str(c).strip().upper().startswith("BEGIN:VCALENDAR") for c in list(columns)[:1]):
        return
    raise SchemaError(
        "this is an iCalendar file (BEGIN:VCALENDAR), not a table: timestudy reads a calendar "
        "exported to CSV, one row per entry; export it from classic Outlook for Windows (File "
        "> Open & Export > Import/Export > Export to a file > Comma Separated Values), or "
        "convert the .ics to CSV with Subject, Start Date, Start Time, End Date and End Time "
        "columns", source=name)


_HOURS_HEADER = re.compile(r"(?i)\(\s*h\s*\)\s*$")
_DECIMAL_HEADER = re.compile(r"(?i)\(\s*(?:dec|déc|dez|dés)[^)]*\)\s*$")


def refuse_translated(columns, name: str) -> None:
    """Raise a one-line :class:`SchemaError` for a Clockify Detailed report exported in a
    language other than English: its headers follow the user's language (public code
    reading the export asks that Clockify's language be set to English first:
    solidtime-io/solidtime ``lang/en/importer.php``), so ``Startdatum`` or ``Dauer (h)``
    are no header timestudy knows; it is told by the two durations, one headed ``... (h)``
    and one ``... (decimal)`` in its language (``Dauer (dezimal)``, ``Durée (décimal)``).

    Examples
    --------
    >>> refuse_translated(["Projekt", "Startdatum", "Dauer (h)", "Dauer (dezimal)"], "de.csv")
    Traceback (most recent call last):
    ...
    timestudy.errors.SchemaError: de.csv: this looks like a Clockify Detailed report exported in a language other than English (its 'Dauer (h)' and 'Dauer (dezimal)'): set Clockify's language to English (Preferences > General) and export it again, or name its columns in a mapping (columns: {date: ..., start_time: ..., duration_min: 'Dauer (h)', worker_id: ...})
    >>> refuse_translated(["worker_id", "date"], "d.csv")
    """
    hours = [str(c) for c in columns if _HOURS_HEADER.search(str(c))]
    decimal = [str(c) for c in columns if _DECIMAL_HEADER.search(str(c))]
    if not (hours and decimal):
        return
    raise SchemaError(
        "this looks like a Clockify Detailed report exported in a language other than English "
        f"(its {hours[0]!r} and {decimal[0]!r}): set Clockify's language to English "
        "(Preferences > General) and export it again, or name its columns in a mapping "
        f"(columns: {{date: ..., start_time: ..., duration_min: {hours[0]!r}, worker_id: ...}})",
        source=name)
