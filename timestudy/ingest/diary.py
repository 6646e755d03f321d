"""Read and validate time diaries, cases and workers: the public entry points of ingest.

:func:`read_diary` takes a diary in any supported layout and file format and
returns an :class:`IngestResult`: the accepted episodes in canonical columns, the
rejects with their line numbers and reasons, and an :class:`IngestReport` whose
counts always satisfy ``n_read == n_accepted + n_rejected + n_duplicates``.
"""

from __future__ import annotations

import os
import warnings
from typing import Any

import numpy as np
import pandas as pd

from timestudy._lib.memory import small_pages_while
from timestudy._lib.progress import progress_bar
from timestudy.errors import DataQualityWarning, SchemaError
from timestudy.ingest.accounting import with_counted
from timestudy.ingest.arrowpool import system_pool_while
from timestudy.ingest.dayorder import infer_dayfirst
from timestudy.ingest.echo import rows_written
from timestudy.ingest.encoded import clock_text
from timestudy.ingest.far_dates import far_dates_warning
from timestudy.ingest.files import Source, read_table
from timestudy.ingest.flags import shared_time_warning
from timestudy.ingest.harvest import harvest_mapping
from timestudy.ingest.hidden_dates import time_cell_dates_warning, times_shown
from timestudy.ingest.layout_names import Layout
from timestudy.ingest.layouts import to_candidates
from timestudy.ingest.mapping import DiaryMapping, load_mapping
from timestudy.ingest.mismatch import mismatch_warning
from timestudy.ingest.result import IngestReport, IngestResult
from timestudy.ingest.secondary import secondary_episodes
from timestudy.ingest.several_cases import several_cases_warning
from timestudy.ingest.tables import read_cases, read_workers
from timestudy.ingest.twelve_hour import twelve_hour_warning
from timestudy.ingest.units import duration_unit_warning
from timestudy.ingest.validate import validate_candidates
from timestudy.ingest.weekdays import date_weekdays, day_disagreements
from timestudy.ingest.workbook import with_header_row
from timestudy.ingest.zones import UNCHECKED, unchecked_note
from timestudy.results import Result, Section  # noqa: F401

__all__ = ["IngestReport", "IngestResult", "read_cases", "read_diary", "read_workers"]


def read_diary(
    source: Source,
    mapping: str | os.PathLike | dict | DiaryMapping | None = None,
    layout: Layout | None = None,
    cases: Source | None = None,
    workers: Source | None = None,
    *,
    sheet: str | int | None = None,
    timezone: str | None = None,
    dayfirst: bool | None = None,
    name: str | None = None,
    warn: bool = True,
    progress: bool = False,
) -> IngestResult:
    """Read a time diary in any supported layout and format, validate it, and report every row.

    Parameters
    ----------
    source : path, file-like or DataFrame
        CSV (UTF-8, UTF-8 with BOM or cp1252; comma, semicolon or tab), XLSX,
        Parquet, JSON Lines, or a DataFrame.
    mapping : path, dict or DiaryMapping, optional
        Local headers and conventions (see :mod:`timestudy.ingest.mapping`).
    layout : {"canonical", "duration", "split", "slots", "wombat", "toggl", "dated"}, optional
        Force a layout instead of detecting it from the headers.
    cases, workers : path or DataFrame, optional
        Tables to check ``case_id`` and ``worker_id`` against (flags
        ``unknown_case``/``unknown_worker``); ``workers`` also feeds the quality report.
    sheet : str or int, optional
        Worksheet of an XLSX file: its name, or its tab counted from 0, left to right
        (chart and hidden sheets too); default: the first visible worksheet.
    timezone : str, optional
        IANA time zone of the clock times, for true durations across clock changes.
    dayfirst : bool, optional
        Read ``03/04/2026`` as 3 April (default true).
    name : str, optional
        Name of the source in messages (default: the file name).
    warn : bool
        Issue a :class:`~timestudy.errors.DataQualityWarning` when rows are
        rejected or flagged (default true).
    progress : bool
        Show a progress bar over the stages (reading, layout, checking): useful for
        files of millions of rows.

    Returns
    -------
    IngestResult

    Raises
    ------
    SchemaError
        When the file cannot be used at all (unreadable, a required column missing,
        no recognisable layout, a header named by the mapping absent), or the cases
        or workers table is invalid.
    ConfigError
        When the mapping itself is invalid (unknown key, unknown time zone, bad value).

    Examples
    --------
    >>> from timestudy import read_diary
    >>> from timestudy.schema import EXAMPLES
    >>> result = read_diary(EXAMPLES / "episodes.csv", workers=EXAMPLES / "workers.csv",
    ...                     warn=False)
    >>> r = result.report
    >>> r.n_read == r.n_accepted + r.n_rejected + r.n_duplicates
    True
    >>> list(result.episodes.columns[:4])
    ['worker_id', 'start', 'end', 'duration_min']
    """
    # arrays that live for milliseconds: small pages (timestudy._lib.memory), and Arrow's
    # buffers from the C library's allocator (timestudy.ingest.arrowpool)
    with small_pages_while(), system_pool_while():
        return _read_diary(
            source, mapping, layout, cases, workers, sheet, timezone, dayfirst, name, warn, progress
        )


def _by_source_row(raw, cand, column: str) -> pd.Series | None:
    """The candidates' ``column`` as written, indexed by source row (None for a layout
    whose candidates are not one row each: a slot grid's runs)."""
    if cand.layout in ("slots", "long_slots") or len(cand.origin) != len(cand.frame):
        return None
    rows = np.asarray(raw.source_row)[cand.origin]
    values = cand.frame[column].set_axis(rows)
    return values[~values.index.duplicated()]


def _add_warnings(details: dict, raw, cand, checked, m: DiaryMapping,
                  case_ids: set | None = None) -> None:
    """The report's warnings: the reader's (sheets not read, say), the layout's own (a slot
    grid's blank rows), then the clock changes read as written, a duration unit that
    looks wrong, and diary days far from every other (:mod:`.far_dates`)."""
    name = raw.name
    unit = "duration_min" in cand.frame and duration_unit_warning(
        checked.episodes, m, cand.labels.get("duration_min", "duration_min"), name,
        _by_source_row(raw, cand, "duration_min"))
    unchecked = checked.warnings_by_code.get(UNCHECKED, 0)  # (the usual diary: none)
    clocks = unchecked_note(checked.episodes, unchecked, durations=_durations_given(
        raw, cand, m, checked.episodes)) if unchecked else None
    several = several_cases_warning(checked.episodes, case_ids)
    apart = not unit and checked.warnings_by_code.get("duration_mismatch", 0) and \
        mismatch_warning(  # (a unit that looks wrong says why already)
            checked.episodes, m.minutes_from, checked.minutes.get("difference", 0.0))
    twelve = cand.layout not in ("slots", "long_slots") and twelve_hour_warning(checked.episodes)
    shared = shared_time_warning(checked.episodes, cand.layout)
    far = far_dates_warning(checked.episodes, raw.row_word)
    dates = time_cell_dates_warning(details, cand.labels, checked.episodes)  # (a workbook's)
    warned = [*raw.details.get("warnings", ()), *cand.details.get("warnings", ()),
              *(w for w in (clocks, unit, apart, several, twelve, shared, far, dates) if w)]
    if warned:
        details["warnings"] = warned


def _read_diary(
    source, mapping, layout, cases, workers, sheet, timezone, dayfirst, name, warn, progress
) -> IngestResult:
    m = load_mapping(mapping).replace(
        layout=layout, sheet=sheet, timezone=timezone, dayfirst=dayfirst
    )
    worker_table = read_workers(workers) if workers is not None else None
    case_table = read_cases(cases) if cases is not None else None
    bar = progress_bar(total=3, desc="reading", unit="stage", disable=not progress, leave=False)
    raw = read_table(source, sheet=m.sheet, encoding=m.encoding, delimiter=m.delimiter, name=name)
    bar.set_description(f"{raw.name}: {len(raw.frame):,} rows; layout")
    bar.update()
    m = harvest_mapping(raw.frame.columns, m)  # a Harvest report's Hours: decimal hours
    try:
        cand = to_candidates(raw, m)
    except SchemaError as exc:  # a workbook's refusal says which row was the header
        raise with_header_row(exc, raw) from None
    cand.frame = times_shown(cand, raw)  # a time cell holding a date: the time it shows
    day_order, clock = "given in the mapping", None
    if m.dayfirst is None:  # (the clock columns encoded once, for this and for the check)
        clock = clock_text(cand.frame)
        first, day_order = infer_dayfirst(cand.frame, cand.layout, raw.name, clock)
        m = m.replace(dayfirst=first)
    cand.frame, weeks = date_weekdays(cand.frame, cand.labels, m.dayfirst,
                                      np.asarray(raw.source_row)[cand.origin], raw.row_word,
                                      raw.name)
    if weeks:  # (the dates now written: encoded again)
        cand.details["warnings"] = [*cand.details.get("warnings", ()), weeks]
        clock = None if clock is None else clock_text(cand.frame)
    twice = day_disagreements(cand.frame, cand.labels, m.dayfirst,
                              np.asarray(raw.source_row)[cand.origin], raw.row_word)
    if twice:
        cand.details["warnings"] = [*cand.details.get("warnings", ()), twice]
    bar.set_description(f"{raw.name}: checking {cand.layout} rows")
    bar.update()
    checked = validate_candidates(
        cand,
        raw,
        m,
        worker_ids=set(worker_table["worker_id"]) if worker_table is not None else None,
        case_ids=set(case_table["case_id"]) if case_table is not None else None,
        clock=clock,
    )
    bar.update()
    bar.close()
    secondary, lost = secondary_episodes(cand, raw, m, checked.episodes)
    details = {
        **raw.details,
        **cand.details,
        "rows_in_file": len(raw.frame) + len(raw.problems),
        "timezone": m.timezone,
        "dayfirst": m.dayfirst,
        "day_order": day_order,
        "diary_day_start": m.diary_day_start,
        "mapping": m.source,
        "rules": _rules(m, cand.layout) | {"source_durations": _any_duration(cand)},
        "minutes": with_counted(checked.minutes, checked.episodes),
    }
    if checked.second_pass:  # what the wall clock alone no longer tells
        details["second_pass"] = checked.second_pass
    if secondary is not None:
        details["secondary_minutes"] = round(float(secondary["duration_min"].sum()), 4)
    _add_warnings(details, raw, cand, checked, m,
                  set(case_table["case_id"]) if case_table is not None else None)
    if lost:
        details.update({k: lost[k] for k in ("secondary_not_read", "secondary_minutes_not_read")})
        details["warnings"] = [*details.get("warnings", ()), lost["warning"]]
    report = IngestReport(
        raw.name,
        raw.format,
        cand.layout,
        checked.n_read,
        checked.n_accepted,
        checked.n_rejected,
        checked.n_duplicates,
        checked.rejected_by_reason,
        checked.warnings_by_code,
        details,
    )
    if warn:
        _warn(report)
    eps = checked.episodes  # rows a worker id outside the table may still reject: as written
    unlisted = (None if not checked.warnings_by_code.get("unknown_worker") else rows_written(
        raw, eps.loc[~eps["worker_id"].isin(worker_table["worker_id"]), "source_row"].unique()))
    return IngestResult(eps, checked.rejects, report, worker_table, secondary, unlisted)


def _any_duration(cand) -> bool:
    """Whether any row gives a duration of its own (a column of blanks gives none)."""
    if "duration_min" not in cand.frame:
        return False
    col = cand.frame["duration_min"]
    return bool(col.notna().any()) if col.dtype.kind in "fiu" else bool(
        col.astype("string").str.strip().fillna("").ne("").any())


def _durations_given(raw, cand, m: DiaryMapping, episodes: pd.DataFrame) -> np.ndarray | None:
    """Which episodes counted a duration of the source's own (``minutes_from: duration``
    and a duration written on the row); None when the file gives none. Asked only where
    some episode is flagged ``clock_change_unchecked`` (for its note)."""
    if m.minutes_from != "duration" or "duration_min" not in cand.frame or episodes.empty:
        return None
    written = cand.frame["duration_min"].astype("string").str.strip().fillna("").ne("")
    rows = np.asarray(raw.source_row)[cand.origin][written.to_numpy(bool)]
    span = (episodes["end"] - episodes["start"]).dt.total_seconds().to_numpy(float) / 60
    typed = np.abs(episodes["duration_min"].to_numpy(float) - span) < 0.5  # end - start
    return np.isin(episodes["source_row"].to_numpy(), rows) & ~typed


def _rules(m: DiaryMapping, layout: str) -> dict[str, Any]:
    """The rules for time this read applied, as the report states them."""
    return {
        "zero_length": m.zero_length,
        "max_wrap_hours": m.max_wrap_hours,
        "max_entry_hours": m.entry_limit_minutes(layout) / 60,
        "minutes_from": m.minutes_from,
        "duration_unit": m.duration_unit or "minutes",
        "mismatch_tolerance_seconds": m.mismatch_tolerance_seconds,
        "times_before_day_start": m.times_before_day_start,
        "clip_to_diary_day": m.clip_to_diary_day,
    }


def _warn(report: IngestReport) -> None:
    parts = []
    if report.n_rejected:
        top = ", ".join(
            f"{k} {v}"
            for k, v in sorted(report.rejected_by_reason.items(), key=lambda kv: -kv[1])[:3]
        )
        parts.append(f"{report.n_rejected} of {report.n_read} rows rejected ({top}); see .rejects")
    if report.warnings_by_code:
        flags = ", ".join(f"{k} {v}" for k, v in report.warnings_by_code.items())
        parts.append(f"episodes flagged ({flags}); see the flags column")
    parts += [w["message"] for w in report.details.get("warnings", ())]
    if parts:
        warnings.warn(f"{report.source}: " + "; ".join(parts), DataQualityWarning, stacklevel=4)
