"""Candidate episodes to accepted episodes, rejects and counts: nothing is lost.

Every candidate ends up in exactly one of three places: counted as an exact
duplicate of an earlier row (same values in every column), rejected with one row
per failure in the rejects table, or accepted into the episodes. Rows the file
reader could not split into fields are rejected too.
"""

from __future__ import annotations

from concurrent.futures import Executor, wait
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import pyarrow as pa

from timestudy._lib.arrow import sorted_codes
from timestudy._lib.threads import INLINE_ROWS, thread_pool
from timestudy.ingest.accepted import TIME_FIELDS, accepted_episodes
from timestudy.ingest.accounting import account_minutes
from timestudy.ingest.all_day import calendar_entries
from timestudy.ingest.candidates import Candidates
from timestudy.ingest.clock_hours import hours_warning
from timestudy.ingest.copied_lines import LINE_LAYOUTS
from timestudy.ingest.dayorder import other_order_warning
from timestudy.ingest.duplicates import KEY_COLUMNS, Written, duplicates_and_order
from timestudy.ingest.early import EarlyText
from timestudy.ingest.encoded import Encoded, clock_text, encode_text, in_worker_runs
from timestudy.ingest.files import RawTable
from timestudy.ingest.kept import KeptRows, checked_rows
from timestudy.ingest.mapping import DiaryMapping
from timestudy.ingest.observed import observation_flags
from timestudy.ingest.passes import second_passes
from timestudy.ingest.pauses import expand_paused
from timestudy.ingest.reject_table import all_failures, rejects_by_reason, rejects_table
from timestudy.ingest.sheetxml import explain_failures, number_time_reasons
from timestudy.ingest.shift_dates import next_day_said
from timestudy.ingest.times import kept_times, resolve_times
from timestudy.ingest.timeuse_figures import atus_said
from timestudy.ingest.toggl import still_running
from timestudy.ingest.totals import TOTALS_ONCE, OncePerRead, total_failures, total_rows
from timestudy.ingest.week_totals import week_total_warning
from timestudy.ingest.wombat_figures import figures_said
from timestudy.schema.tables import CheckResult, check_table, load_schema

INGEST_COLUMNS = ("source_row", "diary_date", "counted_min", "flags")


@dataclass
class Validated:
    """Accepted episodes, rejects and the counts that tie them to the rows read."""

    episodes: pd.DataFrame
    rejects: pd.DataFrame
    n_read: int
    n_accepted: int
    n_rejected: int
    n_duplicates: int
    rejected_by_reason: dict[str, int] = field(default_factory=dict)
    warnings_by_code: dict[str, int] = field(default_factory=dict)
    minutes: dict = field(default_factory=dict)
    #: source rows whose start or end was read on a time's second pass (with a time zone)
    second_pass: dict = field(default_factory=dict)


def validate_candidates(
    cand: Candidates,
    raw: RawTable,
    mapping: DiaryMapping,
    worker_ids: set | None = None,
    case_ids: set | None = None,
    clock: dict[str, Encoded] | None = None,
) -> Validated:
    """Check every candidate episode; return accepted episodes, rejects and counts.

    ``clock`` may give :func:`clock_text` of the candidates, made already (to infer the
    order of day and month), so as not to encode those columns twice.

    Examples
    --------
    >>> from timestudy.schema import EXAMPLES
    >>> from timestudy.ingest.files import read_table
    >>> from timestudy.ingest.layouts import to_candidates
    >>> raw = read_table(EXAMPLES / "episodes_with_errors.csv")
    >>> v = validate_candidates(to_candidates(raw, DiaryMapping()), raw, DiaryMapping())
    >>> v.n_read, v.n_accepted, v.n_rejected, v.n_duplicates
    (13, 7, 5, 1)
    """
    # the text check (Arrow's text kernels release the GIL), the times read beside the
    # search for duplicates, the columns taken in order: threads that have all ended when
    # the episodes are returned, the warnings state as it was (timestudy._lib.threads)
    stop: list = []  # work no longer wanted if the read fails (the early text's)
    inline = len(cand.frame) < INLINE_ROWS  # a small diary: no thread is worth starting
    with (thread_pool(1, inline) as pool, thread_pool(1, inline) as own,
          thread_pool(2, inline) as columns):
        try:
            return _validated(cand, raw, mapping, worker_ids, case_ids,
                              (pool, own, columns), stop, clock)
        except BaseException:  # stopped before the pools' end waits for their threads
            for cancel in stop:
                cancel()
            raise


def _validated(cand, raw, mapping, worker_ids, case_ids, pools, stop: list,
               clock=None) -> Validated:
    """:func:`validate_candidates`, its threads' pools given (text, times, columns), and
    ``stop`` given what to stop if it fails."""
    pool, own, columns = pools
    once = cand.details.pop(TOTALS_ONCE, None)  # a dated diary's total rows (.totals)
    timer = bool(cand.details.pop("timer", False))  # a Harvest report's times read (.layouts)
    text, raw_workers, clock, dup, order, timed = _check_and_order(
        cand, mapping, pool, own, clock, _written(cand, raw, mapping.fill_down), once)
    any_dup = bool(dup.any())
    keep = np.flatnonzero(~dup) if any_dup else None  # None: every candidate is kept
    early = None  # the text put in that order on the check's thread, once it is done
    if order is not None:
        extras = {col: cand.frame[col] for col in cand.extras}
        early = EarlyText(pool, text, order, _text_fields(), extras, keep, _workers_kept(cand))
        stop.append(early.cancel)
    # nothing more for the text check's thread: it ends once done, rather than idle beside the
    # columns' threads (each live thread holds a malloc arena of its own: more page faults);
    # the block's end still waits for it
    pool.shutdown(wait=False)
    _warn_day_order(cand, raw, mapping, clock, raw_workers.get("worker_id"))
    work = cand.frame if not any_dup else cand.frame.iloc[keep].reset_index(drop=True)
    if any_dup:  # the times read beside the search were of every row (and give the
        wait([timed])  # duplicates' minutes; no thread is left running)
    copies = _copies(timed, dup) if any_dup else None  # their minutes, for the account
    times = timed.result() if not any_dup else kept_times(
        timed, keep, work, cand.labels, mapping, cand.layout, clock, once)
    checked, encoded = text.result()
    worker_unchanged = bool(raw_workers) and _same_text(
        checked.values["worker_id"], cand.frame["worker_id"]
    )
    origin = cand.origin
    if any_dup:  # the text was checked before duplicates were known: keep the first copies
        checked = checked_rows(checked, keep)
        encoded = {name: e.rows(keep) for name, e in encoded.items()}
        origin = origin[keep]
    failures, bad = all_failures(checked, times, len(work))
    failures, totals = _explained(failures, bad, work, times.source_minutes, raw, origin,
                                  cand.labels, once)
    bad |= totals  # a dated diary's total rows may have passed every check (.totals)
    weekly = totals.any() and week_total_warning(work, totals, ~bad, times.source_minutes,
                                                 raw.source_row[origin], mapping.dayfirst)
    if weekly:  # a week's total named, with its week's entries (.week_totals)
        cand.details["warnings"] = [*cand.details.get("warnings", ()), weekly]
    # calendar markers (all-day entries) rejected, free time flagged (.all_day)
    failures, bad, said = calendar_entries(failures, bad, work, times, cand.labels,
                                           cand.layout, raw.source_row[origin])
    _warn(cand, [*said, _hours_said(times, cand.labels, raw.source_row[origin]),
                 next_day_said(times, ~bad, raw.source_row[origin])])  # (.shift_dates)
    failures, bad = still_running(failures, bad, work, cand.labels, cand.layout, timer)
    if early is not None and times.pauses is not None:
        early.cancel()  # episodes split into pieces: the order will not be theirs
    good = np.flatnonzero(~bad)
    minutes = account_minutes(
        times.source_minutes, times.minutes, ~bad, bad, raw.source_row,
        mapping.minutes_from, len(raw.problems), at=origin, duplicates=copies, totals=totals,
    )
    if times.pauses is None:  # the source's own minutes are counted: let them go
        times.source_minutes = None
    times.flags.update(observation_flags(work, times.start_at, times.end_at, times.pauses))
    # figures the source gives twice (.wombat_figures, .timeuse_figures)
    twice = figures_said if cand.layout == "wombat" else atus_said
    _warn(cand, [twice(work, cand.labels, times, ~bad, mapping, raw.source_row[origin])])
    # the rows' own start and end (a paused row's too, before it is cut into fragments)
    second = (second_passes({"start": times.start[good], "end": times.end[good]},
                            {"start": times.start_at[good], "end": times.end_at[good]},
                            raw.source_row[origin[good]], mapping.timezone)
              if mapping.timezone and len(good) else {})
    workers = None
    values = checked.values
    hint = _kept(order, dup)
    rows_at = (origin, work)  # the failures' positions are of the rows before any expansion
    if times.pauses is not None:
        values = values.frame() if isinstance(values, KeptRows) else values
        work, values, times, origin, good = expand_paused(work, values, times, origin, good)
        hint, encoded = None, {}
        if "fragment" in work and "fragment" not in cand.extras:
            cand.extras.append("fragment")
    elif worker_unchanged:  # the check changed no worker_id: its codes hold
        workers = raw_workers["worker_id"]
        workers = workers if keep is None else workers[keep]
        workers = workers if len(good) == len(workers) else workers[good]
    episodes, counts = accepted_episodes(
        work, good, values, times, cand, raw, origin, mapping, (worker_ids, case_ids), workers,
        hint, encoded, early, pool=columns,
    )
    rejects = rejects_table(failures, raw, *rows_at, cand.labels)
    n_problem = len(raw.problems)
    return Validated(
        episodes,
        rejects,
        n_read=len(cand.frame) + n_problem,
        n_accepted=int((~bad).sum()),
        n_rejected=int(bad.sum()) + n_problem,
        n_duplicates=int(dup.sum()),
        rejected_by_reason=rejects_by_reason(failures, raw),
        warnings_by_code=counts,
        minutes=minutes,
        second_pass=second,
    )


def _written(cand: Candidates, raw: RawTable, fill_down: tuple = ()) -> Written | None:
    """The text of the columns the CSV reader typed, for candidate positions, where each
    candidate is one line of the file (not a slot diary's); else None (nothing typed; the
    JSON reader's numbers are numbers however a file is read). ``fill_down``: the mapping's
    columns filled from the rows above."""
    if raw.echo is None or raw.format != "csv" or cand.layout in ("slots", "long_slots"):
        return None
    echo, headers = raw.echo, {c: cand.labels.get(c, c) for c in cand.frame.columns}

    def written(at: np.ndarray) -> dict[str, np.ndarray]:
        echoed = echo(raw.source_row[cand.origin[at]], arrow=True)
        return {c: echoed[h] for c, h in headers.items() if h in echoed}

    lines = getattr(echo, "lines", None)  # codes of whole lines (.echo.line_codes)
    if lines is not None:
        written.lines = lambda at: lines(raw.source_row[cand.origin[at]])  # type: ignore[attr-defined]
        # each candidate a line of its own, holding nothing but what that line says (no
        # value filled down from a row above): equal lines are copies (.duplicates)
        written.apart = (cand.layout in LINE_LAYOUTS and not fill_down  # type: ignore[attr-defined]
                         and bool((cand.origin[1:] > cand.origin[:-1]).all()))
    return written


def _check_and_order(cand: Candidates, mapping: DiaryMapping, pool: Executor, own: Executor,
                     clock: dict[str, Encoded] | None = None, written: Written | None = None,
                     once: OncePerRead | None = None):
    """The clock columns written as text encoded (unless given), and the times of every row
    read on a thread of their own from then on (a future: what the episodes use when no row
    is a duplicate, as in most diaries); the text check started on ``pool``; meanwhile the
    worker codes, the duplicates and the order they were searched in."""
    if clock is None:  # encoded once: for the duplicates and for the times
        clock = clock_text(cand.frame)
    # numpy releases the GIL: the times beside the search, on ``own`` (first: they need no
    # worker codes, and the main thread waits for them after the search)
    timed = own.submit(resolve_times, cand.frame, cand.labels, mapping, cand.layout, clock,
                       once)
    own.shutdown(wait=False)  # its thread ends with its one task (waited for at the block's end)
    worker = (
        encode_text(cand.frame["worker_id"], always=True) if "worker_id" in cand.frame else None
    )
    schema = load_schema("episodes")
    text = pool.submit(_check_text, cand, schema, _text_fields(), mapping.dayfirst, worker,
                       not in_worker_runs(worker))
    codes = (
        worker.sorted_codes()
        if worker is not None
        else sorted_codes(cand.frame["worker_id"])
        if "worker_id" in cand.frame
        else None
    )
    raw_workers = {"worker_id": codes} if codes is not None else {}
    keys = {name: e.key_codes() for name, e in clock.items() if name in KEY_COLUMNS}
    # the worker ids as read from their distinct values, not from a row of each code
    distinct = {} if worker is None else {"worker_id": worker.sorted_values(cand.frame["worker_id"])}
    dup, order = duplicates_and_order(cand.frame, {**raw_workers, **keys}, distinct, written)
    copies = cand.details.pop("copies", None)  # a reader's own copies (long_slots lines)
    if copies is not None and len(copies) == len(dup):
        dup = dup | np.asarray(copies, bool)
    return text, raw_workers, clock, dup, order, timed


def _explained(failures: pd.DataFrame, bad: np.ndarray, work: pd.DataFrame,
               source: np.ndarray, raw: RawTable, origin: np.ndarray,
               labels: dict[str, str], once: OncePerRead | None = None
               ) -> tuple[pd.DataFrame, np.ndarray]:
    """The failures as the rows and the sheet explain them, and which rows are total rows
    (:mod:`.totals`): a workbook's merged cells, unsaved formulas and times in number cells
    (:mod:`.sheetxml`, whose private facts are taken out of the report here)."""
    facts, columns_at = raw.details.pop("_sheet_xml", None), raw.details.pop("_columns_at", None)
    totals = total_rows(work, bad, source, once)
    if totals.any():
        failures = pd.concat([failures[~totals[failures["row"].to_numpy(np.int64)]],
                              total_failures(np.flatnonzero(totals), source, work)],
                             ignore_index=True)
    if facts and len(failures):
        at = raw.source_row[origin[failures["row"].to_numpy(np.int64)]]
        failures = explain_failures(failures, at, labels, columns_at, facts)
    if raw.format == "xlsx":  # a time typed into a number cell: 9.30 kept as 9.3
        failures = number_time_reasons(failures)
    return failures, totals


def _copies(timed, dup: np.ndarray) -> np.ndarray:
    """The source minutes of the exact duplicates, from the times read of every row (NaN,
    minutes unknown, if that read failed: the kept rows' own read says why)."""
    try:
        return timed.result().source_minutes[dup]
    except Exception:  # noqa: BLE001 (the same read of the kept rows reports the failure)
        return np.full(int(dup.sum()), np.nan)


def _warn_day_order(cand: Candidates, raw: RawTable, mapping: DiaryMapping,
                    clock: dict[str, Encoded], workers: np.ndarray | None) -> None:
    """Add ``dates_read_either_way`` to the layout's warnings when the other order fits some
    worker's dates far better (:func:`~timestudy.ingest.dayorder.other_order_warning`)."""
    col = next((c for c in ("date", "start") if c in clock), None)
    if col is None or "worker_id" not in cand.frame:
        return
    e = clock[col]
    said = other_order_warning(
        cand.frame, mapping.dayfirst is not False, raw.source_row[cand.origin],
        cand.labels.get(col, col), (e.indices, e.dictionary.to_pandas()), workers)
    if said:
        cand.details["warnings"] = [*cand.details.get("warnings", ()), said]


def _hours_said(times, labels: dict, source_rows: np.ndarray) -> dict | None:
    """The warning on a duration column read as hours by the clock (.clock_hours)."""
    return hours_warning(times.source_minutes, times.flags,
                         labels.get("duration_min", "duration_min"), source_rows)


def _warn(cand: Candidates, said: list) -> None:
    """Add the warnings ``said`` (None: nothing to say) to the layout's."""
    said = [w for w in said if w]
    if said:
        cand.details["warnings"] = [*cand.details.get("warnings", ()), *said]


def _text_fields() -> list[str]:
    """The episodes' text fields (every field but the times)."""
    return [f for f in load_schema("episodes").names if f not in TIME_FIELDS]


def _workers_kept(cand: Candidates):
    """Whether a text check left the worker ids as written (their codes, so the order found
    on them, then hold); None when there is no worker column."""
    if "worker_id" not in cand.frame:
        return None
    return lambda checked: _same_text(checked.values["worker_id"], cand.frame["worker_id"])


def _check_text(
    cand: Candidates, schema, fields: list[str], dayfirst: bool, worker: Encoded | None,
    encode: bool = True,
) -> tuple[CheckResult, dict[str, Encoded]]:
    """The text check of ``fields``, each column of few distinct values dictionary-encoded
    first (with ``encode``; ``worker``: the worker ids' encoding, made already) and checked
    on its distinct values; and the encodings that still hold for the values checked (those
    the check left unchanged)."""
    frame = cand.frame
    encoded = {"worker_id": worker} if worker is not None else {}
    for name in fields if encode else ():
        if name in frame and name not in encoded:
            found = encode_text(frame[name])
            if found is not None:
                encoded[name] = found
    checked = check_table(
        frame, schema, columns=fields, labels=cand.labels, dayfirst=dayfirst, encoded=encoded
    )
    same = {n: e for n, e in encoded.items() if _same_text(checked.values[n], frame[n])}
    return checked, same


def _kept(order: np.ndarray | None, dup: np.ndarray) -> np.ndarray | None:
    """The key order of the candidates (None: as they are) as positions among those kept."""
    if order is None or not dup.any():
        return order
    position = np.cumsum(~dup) - 1
    return position[order[~dup[order]]]


def _same_text(a: pd.Series, b: pd.Series) -> bool:
    """True when two text columns hold the very same Arrow data (one was passed through)."""
    if not all(
        isinstance(s.dtype, pd.StringDtype) and s.dtype.storage == "pyarrow" for s in (a, b)
    ):
        return False
    x, y = (pa.chunked_array(pa.array(s.array)) for s in (a, b))
    if x.num_chunks != y.num_chunks or x.type != y.type:
        return False
    return all(_where(cx) == _where(cy) for cx, cy in zip(x.chunks, y.chunks, strict=True))


def _where(chunk: pa.Array) -> tuple:
    """Memory addresses, offset and length of an Arrow array: equal means the same data."""
    bufs = tuple(None if b is None else (b.address, b.size) for b in chunk.buffers())
    return bufs, chunk.offset, len(chunk)

