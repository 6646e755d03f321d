"""From a table as read to candidate episodes: headers mapped, layout detected, one reader per layout.

Layouts, detected from the headers (or forced with ``layout=``):

``canonical``
    ``worker_id``, ``start``, ``end`` (and optionally ``duration_min``).
``duration``
    ``worker_id``, ``start``, ``duration_min`` and no end.
``split``
    ``worker_id``, ``date``, ``start_time`` and ``end_time`` (or ``duration_min``);
    an end time before the start time means the episode crossed midnight.
``slots``
    A row per worker-day and a column per 10-, 15- or 30-minute slot
    (:mod:`timestudy.ingest.slots`).
``long_slots``
    A row per diary, slot number and activity, secondary activities marked
    (:mod:`timestudy.ingest.long_slots`).
``wombat``
    WOMBAT observation exports (:mod:`timestudy.ingest.wombat`).
``toggl``
    Toggl Track and Clockify detailed reports (:mod:`timestudy.ingest.toggl`).
``dated``
    ``worker_id``, ``date`` and ``duration_min`` with no start, end or clock time: a
    typed-up activity log or a case system's contacts export. Rows are placed in file
    order within each worker-day and flagged ``time_of_day_unknown``
    (:mod:`timestudy.ingest.dated`).

A candidate is one episode before validation: its values as written, with the
position of the input row it came from.
"""

from __future__ import annotations

import difflib
import re

import numpy as np
import pandas as pd

from timestudy.errors import SchemaError
from timestudy.ingest._reader import ColumnReader
from timestudy.ingest.candidates import Candidates, normalise
from timestudy.ingest.dated import CLOCK_COLUMNS, ORDER_COLUMN, dated_warning, is_dated
from timestudy.ingest.duplicates import exact_duplicates
from timestudy.ingest.files import RawTable
from timestudy.ingest.harvest import harvest_columns, is_harvest
from timestudy.ingest.header_aliases import HEADER_ALIASES as _ALIASES
from timestudy.ingest.hours_minutes import read_hours_minutes
from timestudy.ingest.keys import normalise_columns
from timestudy.ingest.layout_names import UNTIMED_COLUMN
from timestudy.ingest.long_slots import read_long_slots
from timestudy.ingest.mapping import HELPER_COLUMNS, DiaryMapping
from timestudy.ingest.slots import read_slots, slot_headers
from timestudy.ingest.toggl import clockify_hours, read_toggl
from timestudy.ingest.tool_reports import (
    WEEKLY,
    calendar_hint,
    read_weekly,
    refuse_icalendar,
    refuse_summary,
    refuse_translated,
    report_kind,
    summary_times,
)
from timestudy.ingest.totals import TOTALS_ONCE, OncePerRead
from timestudy.ingest.units import short_minutes
from timestudy.ingest.weekly_days import SUM_COLUMN, GridTotals
from timestudy.ingest.wombat import read_wombat
from timestudy.schema.tables import load_schema

#: Microsoft Forms' own columns: when a response was started and sent (kept, renamed with
#: :data:`FORM_SUFFIX` so that no layout takes them for the work's times).
_FORM_TIMES = frozenset({"start_time", "completion_time"})
FORM_SUFFIX = "(form)"
#: Columns a diary layout reads: a file with any is a diary, never a Weekly report.
_DIARY_COLUMNS = frozenset({"start", "end", "date", "start_time", "end_time", "duration_min"})


def is_forms_export(headers) -> bool:
    """Whether the headers are a Microsoft Forms export's (``ID``, ``Start time``,
    ``Completion time``): its times are the form's, not the work's, so they are never
    taken as the work's start and end unless the mapping names them.

    Examples
    --------
    >>> is_forms_export(["ID", "Start time", "Completion time", "Email", "Name", "Date"])
    True
    >>> is_forms_export(["worker_id", "date", "start_time", "end_time"])
    False
    """
    keys = {normalise(h) for h in headers}
    return _FORM_TIMES <= keys and "id" in keys


def to_candidates(raw: RawTable, mapping: DiaryMapping) -> Candidates:
    """Map headers, detect (or take) the layout and read candidate episodes from ``raw``.

    Examples
    --------
    >>> from timestudy.schema import EXAMPLES
    >>> from timestudy.ingest.files import read_table
    >>> c = to_candidates(read_table(EXAMPLES / "episodes_split.csv"), DiaryMapping())
    >>> c.layout, "start_time" in c.frame
    ('split', True)
    """
    frame, labels = rename_columns(raw, mapping)
    harvest: list[dict] = []
    if is_harvest(frame.columns) and mapping.layout in (None, "dated"):
        frame, labels, harvest = harvest_columns(frame, labels, mapping, raw.source_row,
                                                 raw.row_word, raw.name)
    filled, as_written = None, frame
    if mapping.fill_down:  # on the file's rows, before a layout regroups them
        frame, filled = fill_down(frame, [c for c in mapping.fill_down if c in frame.columns])
    frame = summary_times(frame, labels)  # worker, date and Clockify's Time (h): dated
    weekly = (mapping.layout in (None, "dated") and report_kind(frame.columns) == WEEKLY
              and not _DIARY_COLUMNS & set(frame.columns))  # a diary's date columns: extras
    layout = "dated" if weekly else mapping.layout or detect_layout(
        list(frame.columns), raw.name, mapping)
    if weekly:  # a Toggl or Clockify Weekly report: its day cells are dated durations
        cand = read_weekly(frame, labels, raw.name, mapping, raw.source_row, as_written)
    elif layout == "slots":
        cand = read_slots(frame, labels, mapping, raw.name)
    elif layout == "long_slots":
        cand = read_long_slots(frame, labels, mapping, raw.name)
    elif layout == "wombat":
        cand = read_wombat(frame, labels, raw.name, mapping)
    elif layout == "toggl":
        cand = read_toggl(frame, labels, raw.name, mapping)
    else:
        known = set(load_schema("episodes").names) | set(HELPER_COLUMNS) | {UNTIMED_COLUMN}
        extras = [c for c in frame.columns if c not in known]
        cand = Candidates(frame, np.arange(len(frame)), labels, extras, layout)
    if filled is not None:
        cand.frame["_filled_down"] = filled[cand.origin]
    if layout == "dated" and not weekly:  # a Clockify summary's Time (decimal) is hours
        said = clockify_hours(cand.frame, cand.labels, mapping)
        if said:
            cand.details["warnings"] = [*cand.details.get("warnings", ()), said]
    if layout == "dated":  # equal rows are told apart: no clock time shows a copy
        clock = sorted(CLOCK_COLUMNS & set(cand.frame.columns))
        if clock:  # a forced dated layout would throw the times away (and cut minutes)
            raise SchemaError(
                f"the layout dated is for a diary with no time of day, but this one has "
                f"{', '.join(repr(cand.labels.get(c, c)) for c in clock)}: leave the layout to "
                "be detected (or give split, canonical or duration): a file with times on "
                "some rows and none on others is read by the layout of its times, which "
                "rejects the rows without a time line by line", source=raw.name)
        cand.frame[ORDER_COLUMN] = np.arange(len(cand.frame), dtype=np.int64)
    elif UNTIMED_COLUMN in cand.frame:  # its rows without times too; timed copies stay equal
        cand.frame[ORDER_COLUMN] = np.where(cand.frame[UNTIMED_COLUMN].to_numpy(bool),
                                            np.arange(len(cand.frame), dtype=np.int64), -1)
    before = set(cand.frame.columns)
    cand.frame = apply_defaults(cand.frame, mapping)
    cand.frame, merged = normalise_columns(cand.frame, mapping.normalise_keys, mapping.aliases)
    if merged:
        cand.details["merged_spellings"] = merged
    if cand.secondary is not None:
        cand.secondary.frame = apply_defaults(cand.secondary.frame, mapping)
    known = set(load_schema("episodes").names) | set(HELPER_COLUMNS)
    cand.extras += [c for c in cand.frame.columns if c not in before and c not in known
                    and c not in cand.extras and not str(c).startswith("_")]
    require_columns(cand, raw.name)
    short = short_minutes(cand.frame, cand.labels.get("duration_min", "duration_min"), mapping,
                          np.asarray(raw.source_row)[cand.origin])
    if short:
        cand.details["warnings"] = [*cand.details.get("warnings", ()), short]
    if cand.layout == "dated":
        cand.details["warnings"] = [*cand.details.get("warnings", ()), _dated_note(cand, mapping)]
    if harvest:
        cand.details["warnings"] = [*cand.details.get("warnings", ()), *harvest]
        # its times read: an entry with a start and no end is a timer still running
        cand.details["timer"] = "start_time" in labels
    return cand


def _dated_note(cand: Candidates, mapping: DiaryMapping) -> dict:
    """The warning of a diary without times: its rows, their minutes as written, and the
    rows that repeat an earlier one word for word; total rows (a sheet's sums) left out."""
    minutes, _ = ColumnReader(cand.frame, cand.labels, mapping).minutes("duration_min")
    minutes = read_hours_minutes(cand.frame["duration_min"],  # as counted: 1.30 is 90
                                 cand.labels.get("duration_min", "duration_min"),
                                 mapping.duration_unit, minutes)
    once = GridTotals() if SUM_COLUMN in cand.frame else OncePerRead()  # once a read: to the
    # times and the rejects (a Weekly report's sum rows among them)
    cand.details[TOTALS_ONCE] = once  # (taken out of the details by .validate)
    entry = ~once.dated(cand.frame, minutes)  # a sheet's sums are said apart, not here
    written = cand.frame.drop(columns=[ORDER_COLUMN])[entry]
    repeats = int(exact_duplicates(written).sum()) if len(written) > 1 else 0
    return dated_warning(int(entry.sum()), float(np.nansum(np.clip(minutes[entry], 0, None))),
                         repeats)


def rename_columns(raw: RawTable, mapping: DiaryMapping) -> tuple[pd.DataFrame, dict[str, str]]:
    """Rename the mapping's headers and any header that spells a canonical name."""
    headers = list(raw.frame.columns)
    rename: dict[str, str] = {}
    for canonical, header in mapping.columns.items():
        match = [h for h in headers if h == header] or [
            h for h in headers if normalise(h) == normalise(header)
        ]
        if not match:
            near = difflib.get_close_matches(header, headers, n=1)
            hint = f" (did you mean {near[0]!r}?)" if near else ""
            raise SchemaError(
                f"the mapping names the header {header!r} for {canonical}, but there is no such "
                f"column{hint}; the columns are {_list(headers)}",
                source=raw.name,
            )
        rename[match[0]] = canonical
    known = set(load_schema("episodes").names) | set(HELPER_COLUMNS)
    _headed_twice(headers, rename, known, raw.name)
    taken = set(rename.values())
    forms = _FORM_TIMES if is_forms_export(headers) else frozenset()
    for h in headers:
        key = _ALIASES.get(normalise(h), normalise(h))
        if normalise(h) in forms and h not in rename:  # the form's own times, not the work's
            rename[h] = f"{h} {FORM_SUFFIX}"
            continue
        if h not in rename and key in known and key not in taken:
            rename[h] = key
            taken.add(key)
    for h in headers:  # an unmapped column that happens to carry a canonical name
        if h not in rename and h in taken:
            rename[h] = f"{h} (input)"
    labels = {new: old for old, new in rename.items()}
    return raw.frame.rename(columns=rename), labels


def _headed_twice(headers: list, mapped: dict[str, str], known: set, name: str) -> None:
    """Refuse two columns headed alike (as written, or but for case and spaces: ``end`` and
    ``End ``; a reader's ``end.1`` for a second ``end``) where the header names a column the
    reader takes and the mapping does not say which: the first would be read and the other
    kept aside without a word (a hidden column of old end times read, the visible one not).

    Examples
    --------
    >>> _headed_twice(["worker_id", "end", "End "], {}, {"end"}, "d.csv")
    Traceback (most recent call last):
    ...
    timestudy.errors.SchemaError: d.csv: the 2nd and 3rd columns are both headed 'end' and 'End ': timestudy cannot tell which to read as end; delete or rename one, or name the one to read in the mapping (columns: end: 'End ')
    """
    keys = [normalise(h) for h in headers]
    written = set(keys)
    for i, k in enumerate(keys):  # a reader's "end.1" for the second "end"
        base = re.sub(r"\.\d+$", "", k)
        if base != k and base in written:
            keys[i] = base
    keys = [_ALIASES.get(k, k) for k in keys]
    taken = set(mapped.values())
    seen: dict[str, int] = {}
    for i, (h, k) in enumerate(zip(headers, keys, strict=True)):
        if h in mapped or k not in known or k in taken:
            continue
        if k in seen and normalise(headers[seen[k]]) == re.sub(r"\.\d+$", "", normalise(h)):
            j = seen[k]
            same = re.sub(r"\.\d+$", "", str(h)) == str(headers[j])  # written alike
            shown = f"{headers[j]!r}" if same else f"{headers[j]!r} and {h!r}"
            choose = "" if same else f", or name the one to read in the mapping (columns: {k}: {h!r})"
            raise SchemaError(
                f"the {_nth(j + 1)} and {_nth(i + 1)} columns are both headed {shown}: "
                f"timestudy cannot tell which to read as {k}; delete or rename one{choose}",
                source=name)
        seen.setdefault(k, i)


def _nth(n: int) -> str:
    """1st, 2nd, 3rd, 4th ... 11th, 12th, 13th, 21st."""
    end = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{end}"


def detect_layout(columns: list[str], name: str, mapping: DiaryMapping | None = None) -> str:
    """The layout the headers show; an error when none or several fit.

    Examples
    --------
    >>> detect_layout(["worker_id", "start", "duration_min"], "x.csv")
    'duration'
    """
    cols = {normalise(c) for c in columns}
    if mapping is not None:  # a column the mapping's defaults supply (a fixed date) counts
        cols |= {normalise(c) for c in mapping.defaults}
    found = []
    if {"start_date", "start_time"} <= cols:
        found.append("toggl")
    elif {"date", "start_time"} <= cols:
        found.append("split")
    if ("participant_id" in cols or "session_id" in cols) and "start_time" in cols:
        found = ["wombat"]
    if "start" in cols:
        found.append("canonical" if "end" in cols or "duration_min" not in cols else "duration")
    if is_dated(cols):
        found.append("dated")
    if "slot_number" in cols:
        found = ["long_slots"]
    elif len(slot_headers(columns, mapping)) >= 4:
        found.append("slots")
    if len(found) == 1:
        return found[0]
    if not found:
        refuse_summary(columns, name)  # a Toggl or Clockify Summary report: said so
        refuse_icalendar(columns, name)
        refuse_translated(columns, name)
        forms = (" This looks like a Microsoft Forms export: its 'Start time' and 'Completion "
                 "time' are when the form was opened and sent, not when the work was done; map "
                 "the form's own questions." if any(str(c).endswith(FORM_SUFFIX)
                                                   for c in columns) else "")
        raise SchemaError(
            "cannot tell how this diary is laid out: it needs worker_id and start with end or "
            "duration_min; or date, start_time and end_time; or date and duration_min (no "
            "time of day); or a column per time slot. The "
            f"columns are {_list(columns)}. Rename the headers, or give a mapping file "
            '(columns: {start: "Your header"}) or layout=.' + forms,
            source=name,
        )
    raise SchemaError(
        f"fits more than one layout ({', '.join(found)}); choose one with "
        "layout= (or --layout, or 'layout:' in the mapping)",
        source=name,
    )


def apply_defaults(frame: pd.DataFrame, mapping: DiaryMapping) -> pd.DataFrame:
    """Fill columns the file lacks, and blank cells, with the mapping's ``defaults``."""
    if not mapping.defaults:
        return frame
    frame = frame.copy()
    for col, value in mapping.defaults.items():
        value = str(value)
        if col not in frame.columns:
            frame[col] = pd.Series(value, index=frame.index, dtype="str")
        else:
            blank = frame[col].isna() | (frame[col].astype("str").str.strip() == "")
            frame[col] = frame[col].astype(object).where(~blank, value)
    return frame


def fill_down(frame: pd.DataFrame, columns: list[str]) -> tuple[pd.DataFrame, np.ndarray]:
    """Blank cells of ``columns`` take the nearest filled value above, in file order; a
    worker id first, then the others within each run of one worker's rows (a block
    that starts without a date does not take the previous worker's). Returns the frame
    and which rows took a value.

    Examples
    --------
    >>> f = pd.DataFrame({"date": ["09/03/2026", None, " ", "10/03/2026", None]})
    >>> out, filled = fill_down(f, ["date"])
    >>> out["date"].tolist(), filled.tolist()
    (['09/03/2026', '09/03/2026', '09/03/2026', '10/03/2026', '10/03/2026'], [False, True, True, False, True])
    """
    frame = frame.copy()
    filled = np.zeros(len(frame), bool)
    order = sorted(columns, key=lambda c: c != "worker_id")
    for col in order:
        text = frame[col].astype("string").str.strip()
        blank = (text.isna() | (text == "")).to_numpy(bool)
        kept = frame[col].astype(object).where(~blank)
        if col != "worker_id" and "worker_id" in frame:
            who = frame["worker_id"].astype("string").fillna("").to_numpy(object)
            run = np.cumsum(np.r_[True, who[1:] != who[:-1]]) if len(who) else who
            down = kept.groupby(run).ffill()
        else:
            down = kept.ffill()
        filled |= blank & down.notna().to_numpy(bool)
        frame[col] = down.where(down.notna(), frame[col].astype(object))
    return frame, filled


def require_columns(cand: Candidates, name: str) -> None:
    """Raise when a column the layout needs is missing (with what would fix it)."""
    cols = set(cand.frame.columns)
    needs: list[str | tuple[str, ...]] = ["worker_id"]
    if cand.layout in ("canonical", "duration"):
        needs += ["start", ("end", "duration_min")]
    elif cand.layout in ("split", "toggl", "wombat"):
        needs += ["date", "start_time", ("end_time", "end", "duration_min")]
    elif cand.layout == "long_slots":
        needs += ["date"]
    elif cand.layout == "dated":
        needs += ["date", "duration_min"]
    for need in needs:
        options = (need,) if isinstance(need, str) else need
        if not cols.intersection(options):
            what = " or ".join(options)
            calendar = calendar_hint(cand.frame.columns) if "worker_id" in options else ""
            if calendar:  # one person's calendar: the mapping names them
                raise SchemaError(f"required column worker_id is missing.{calendar}", source=name)
            hint = (" (a diary kept by one person can set defaults: {worker_id: ...} in the "
                    "mapping)" if "worker_id" in options else "")
            have = [c for c in cand.frame.columns if not str(c).startswith("_")]
            raise SchemaError(
                f"required column {what} is missing from this {cand.layout} diary; the columns "
                f"are {_list(have)}. Add it, rename the header, or map your header to it in a "
                f'mapping file (columns: {{{options[0]}: "Your header"}}){hint}',
                source=name,
            )


def _list(headers: list) -> str:
    shown = ", ".join(repr(str(h)) for h in headers[:15])
    return shown + (f" and {len(headers) - 15} more" if len(headers) > 15 else "")
