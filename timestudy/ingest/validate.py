"""Candidate episodes to accepted episodes, rejects and counts: nothing is lost.

Every candidate ends up in exactly one of three places: counted as an exact
duplicate of an earlier row (same values in every column), rejected with one row
per failure in the rejects table, or accepted into the episodes. Rows the file
reader could not split into fields are rejected too.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import pyarrow as pa

from timestudy._lib.arrow import dictionary_codes, sorted_codes
from timestudy.ingest.accounting import account_minutes
from timestudy.ingest.candidates import Candidates
from timestudy.ingest.files import RawTable, problem_code
from timestudy.ingest.flags import flag_episodes
from timestudy.ingest.mapping import DiaryMapping
from timestudy.ingest.observed import observation_flags
from timestudy.ingest.pauses import expand_paused
from timestudy.ingest.times import resolve_times
from timestudy.schema import parse
from timestudy.schema.clock import diary_date
from timestudy.schema.tables import CheckResult, check_table, load_schema

TIME_FIELDS = ("start", "end", "duration_min")
NS_PER_DAY = 86_400_000_000_000
INGEST_COLUMNS = ("source_row", "diary_date", "counted_min", "flags")
REJECT_COLUMNS = ("source_row", "column", "reason", "code")


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


def exact_duplicates(frame: pd.DataFrame, codes: dict[str, np.ndarray] | None = None) -> np.ndarray:
    """Rows equal in every column to an earlier row.

    ``codes`` may give integer codes already made for a key column (``worker_id``).

    Examples
    --------
    >>> exact_duplicates(pd.DataFrame({"a": [1, 1, 1], "b": ["x", "y", "x"]})).tolist()
    [False, False, True]
    """
    if len(frame) < 2 or frame.shape[1] == 0:
        return np.zeros(len(frame), bool)
    keys = [c for c in ("worker_id", "start", "date", "start_time", "_start_min") if c in frame][
        :2
    ] or list(frame.columns)
    made = codes or {}
    parts = [made[col] if col in made else _key_codes(frame[col]) for col in keys]
    if len(parts) == 2 and _sorted(*parts):  # the usual diary: equal keys are neighbours
        same = (parts[0][1:] == parts[0][:-1]) & (parts[1][1:] == parts[1][:-1])
        maybe = np.zeros(len(frame), bool)
        maybe[1:] = same
        maybe[:-1] |= same
    else:  # a cheap hash; whole rows are compared only where it repeats
        key = np.zeros(len(frame), np.int64)
        for codes in parts:
            key = key * 1_000_003 + codes  # may wrap around: it is only a hash
        maybe = pd.Series(key).duplicated(keep=False).to_numpy()
    if maybe.sum() > len(frame) // 2:  # a poor key (such as no worker column): whole rows
        return frame.duplicated().to_numpy()
    out = np.zeros(len(frame), bool)
    if maybe.any():
        out[maybe] = frame[maybe].astype(object).duplicated().to_numpy()
    return out


def _key_codes(values: pd.Series) -> np.ndarray:
    """int64 codes of one key column: nanoseconds for dates and numbers, else text codes."""
    if values.dtype.kind in "Mmiu":
        array = values.to_numpy("M8[ns]") if values.dtype.kind == "M" else values.to_numpy()
        return array.view("i8") if array.dtype.itemsize == 8 else array.astype(np.int64)
    if values.dtype.kind == "f":  # equal numbers, equal bits: one zero and one NaN
        array = values.to_numpy(float) + 0.0  # -0.0 becomes 0.0
        array[np.isnan(array)] = np.nan
        return array.view("i8")
    return _codes(values)[0]


def validate_candidates(
    cand: Candidates,
    raw: RawTable,
    mapping: DiaryMapping,
    worker_ids: set | None = None,
    case_ids: set | None = None,
) -> Validated:
    """Check every candidate episode; return accepted episodes, rejects and counts.

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
    schema = load_schema("episodes")
    text_fields = [f for f in schema.names if f not in TIME_FIELDS]
    with ThreadPoolExecutor(max_workers=1) as pool:  # Arrow text kernels release the GIL
        text = pool.submit(
            check_table,
            cand.frame,
            schema,
            columns=text_fields,
            labels=cand.labels,
            dayfirst=mapping.dayfirst,
        )
        raw_workers = (
            {"worker_id": sorted_codes(cand.frame["worker_id"])}
            if "worker_id" in cand.frame
            else {}
        )
        dup = exact_duplicates(cand.frame, raw_workers)
        keep = np.flatnonzero(~dup)
        work = cand.frame if not dup.any() else cand.frame.iloc[keep].reset_index(drop=True)
        times = resolve_times(work, cand.labels, mapping, cand.layout)
        checked = text.result()
    worker_unchanged = bool(raw_workers) and _same_text(
        checked.values["worker_id"], cand.frame["worker_id"]
    )
    if dup.any():  # the text was checked before duplicates were known: keep the first copies
        checked = _without(checked, keep)
    origin = cand.origin[keep]
    failures = pd.concat(
        [checked.failures.drop(columns="source_row").assign(row=checked.rows), *times.failures],
        ignore_index=True,
    )
    bad = np.zeros(len(work), bool)
    bad[failures["row"].to_numpy(np.int64)] = True
    unresolved = ~bad & (np.isnat(times.start) | np.isnat(times.end) | np.isnan(times.minutes))
    if unresolved.any():  # a safety net: no row without usable times is ever accepted
        failures = pd.concat([failures, _unresolved(unresolved)], ignore_index=True)
        bad |= unresolved
    good = np.flatnonzero(~bad)
    minutes = account_minutes(
        times.source_minutes, times.minutes, ~bad, bad, raw.source_row[origin],
        mapping.minutes_from, len(raw.problems),
    )
    times.flags.update(observation_flags(work, times.start_at, times.end_at, times.pauses))
    workers = None
    values = checked.values
    if times.pauses is not None:
        work, values, times, origin, good = expand_paused(work, values, times, origin, good)
        if "fragment" in work and "fragment" not in cand.extras:
            cand.extras.append("fragment")
    elif worker_unchanged:  # the check changed no worker_id: its codes hold
        workers = raw_workers["worker_id"][keep][good]
    episodes, counts = _accepted(
        work, good, values, times, cand, raw, origin, mapping, worker_ids, case_ids, workers
    )
    rejects = _rejects(failures, raw, origin, cand.labels)
    n_problem = len(raw.problems)
    by_reason = failures["code"].value_counts().to_dict()
    for problem in raw.problems:
        code = problem_code(problem)
        by_reason[code] = by_reason.get(code, 0) + 1
    return Validated(
        episodes,
        rejects,
        n_read=len(cand.frame) + n_problem,
        n_accepted=int((~bad).sum()),
        n_rejected=int(bad.sum()) + n_problem,
        n_duplicates=int(dup.sum()),
        rejected_by_reason={k: int(v) for k, v in sorted(by_reason.items())},
        warnings_by_code=counts,
        minutes=minutes,
    )


def _without(checked: CheckResult, keep: np.ndarray) -> CheckResult:
    """``checked`` for the rows ``keep`` only, failures renumbered to their new positions."""
    position = np.full(len(checked.values), -1, np.int64)
    position[keep] = np.arange(len(keep))
    moved = position[checked.rows]
    failures = checked.failures[moved >= 0].reset_index(drop=True)
    values = checked.values.iloc[keep].reset_index(drop=True)
    return CheckResult(values, failures, checked.missing_columns, moved[moved >= 0])


def _day_start_ns(mapping: DiaryMapping) -> int:
    """Where a diary day starts, in nanoseconds after midnight (04:00 by default)."""
    return int(round(mapping.day_start_hours * 3600 * 1e9))


def _empty_text(n: int) -> pd.Series:
    """A text column of ``n`` missing values, without a million Python NAs."""
    return pd.Series(pd.arrays.ArrowStringArray(pa.nulls(n, pa.large_string())), dtype="string")


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


def _accepted(
    work, good, values, times, cand, raw, origin, mapping, worker_ids, case_ids, workers=None
):
    schema = load_schema("episodes")
    n = len(good)
    every = n == len(work)  # no rejects: take whole columns, no copies

    def rows(arr: np.ndarray) -> np.ndarray:
        return arr if every else arr[good]

    text = [name for name in schema.names if name not in TIME_FIELDS]
    cols: dict[str, pd.Series] = {  # text first (no copies when every row is kept)
        name: _take(values[name], good) if name in values else _empty_text(n) for name in text
    }
    worker_codes = sorted_codes(cols["worker_id"]) if workers is None else workers
    start_at, end_at = rows(times.start_at), rows(times.end_at)
    extra = {k: rows(np.asarray(v, bool)) for k, v in times.flags.items()}
    flagging = None
    if _sorted(worker_codes, start_at):  # the usual order: flag while the columns are built
        inputs = {
            "worker_id": cols["worker_id"],
            "case_id": cols["case_id"],
            "duration_min": rows(times.minutes),
        }
        day = (rows(times.start).view("i8") - _day_start_ns(mapping)) // NS_PER_DAY
        pool = ThreadPoolExecutor(max_workers=1)  # numpy releases the GIL: two cores
        flagging = pool.submit(
            flag_episodes,
            inputs,
            worker_codes,
            start_at,
            end_at,
            mapping,
            extra,
            worker_ids,
            case_ids,
            day,
        )
        pool.shutdown(wait=False)
    cols["start"] = pd.Series(rows(times.start).astype("M8[us]"))
    cols["end"] = pd.Series(rows(times.end).astype("M8[us]"))
    cols["duration_min"] = pd.Series(rows(times.minutes), dtype=float)
    for col in cand.extras:
        cols[col] = _take(work[col], good)
    cols["source_row"] = pd.Series(raw.source_row[rows(origin)].astype(np.int64))
    cols["diary_date"] = diary_date(cols["start"], mapping.day_start_hours)
    cols = {name: cols[name] for name in (*schema.names, *cand.extras, "source_row", "diary_date")}
    eps = pd.DataFrame(cols, copy=False)  # no copy into blocks: each column is its own array
    if flagging is not None:
        counted, flags, counts = flagging.result()
    else:  # put the rows in worker and start order first
        order = np.lexsort((eps["source_row"].to_numpy(), start_at, worker_codes))
        eps = eps.iloc[order].reset_index(drop=True)
        worker_codes, start_at, end_at = worker_codes[order], start_at[order], end_at[order]
        extra = {k: v[order] for k, v in extra.items()}
        counted, flags, counts = flag_episodes(
            eps, worker_codes, start_at, end_at, mapping, extra, worker_ids, case_ids
        )
    eps["counted_min"] = counted
    eps["flags"] = flags.array
    return eps, counts


def _rejects(
    failures: pd.DataFrame, raw: RawTable, origin: np.ndarray, labels: dict[str, str]
) -> pd.DataFrame:
    headers = [str(c) for c in raw.frame.columns]
    out_names = {h: (f"{h} (input)" if h in REJECT_COLUMNS else h) for h in headers}
    pos = failures["row"].to_numpy(np.int64)
    rows = origin[pos] if len(pos) else np.array([], dtype=np.int64)
    original = {  # (taking no rows from a long column is not free: skip it)
        out_names[h]: parse.as_text(raw.frame[h].iloc[rows]).to_numpy(object)
        if len(rows)
        else np.array([], object)
        for h in headers
    }
    table = pd.DataFrame(original)
    table["source_row"] = raw.source_row[rows].astype(np.int64)
    table["column"] = [labels.get(c, c) for c in failures["column"]]
    table["reason"] = failures["reason"].to_numpy(object)
    table["code"] = failures["code"].to_numpy(object)
    extra = []
    for problem in raw.problems:
        number, fields, reason = problem[:3]
        row = {out_names[h]: (fields[i] if i < len(fields) else "") for i, h in enumerate(headers)}
        extra.append(
            {
                **row,
                "source_row": number,
                "column": "",
                "reason": reason,
                "code": problem_code(problem),
            }
        )
    if extra:
        table = pd.concat([table, pd.DataFrame(extra)], ignore_index=True)
    table = table.sort_values(["source_row"], kind="stable").reset_index(drop=True)
    for col in table.columns:
        if col != "source_row":
            table[col] = table[col].astype("string")
    table["source_row"] = table["source_row"].astype(np.int64)
    return table


def _codes(values: pd.Series) -> tuple[np.ndarray, int]:
    """Integer codes of a column (missing values get a code too) and how many there are."""
    encoded = dictionary_codes(values)
    if encoded is None:
        codes, uniques = pd.factorize(values, use_na_sentinel=False)
        return codes, len(uniques)
    indices, dictionary = encoded
    n = len(dictionary)
    return np.where(indices < 0, n, indices), n + 1


def _sorted(worker: np.ndarray, start: np.ndarray) -> bool:
    """True when rows are already in worker then start order (ties keep the file order)."""
    if len(worker) < 2:
        return True
    w0, w1 = worker[:-1], worker[1:]
    if (w1 < w0).any():
        return False
    return not ((start[1:] < start[:-1]) & (w1 == w0)).any()


def _take(values: pd.Series, rows: np.ndarray) -> pd.Series:
    """The given rows of ``values`` with a fresh index (no copy when every row is taken)."""
    if len(rows) == len(values):
        return values.reset_index(drop=True)
    return values.iloc[rows].reset_index(drop=True)


def _unresolved(mask: np.ndarray) -> pd.DataFrame:
    pos = np.flatnonzero(mask)
    return pd.DataFrame(
        {
            "row": pos.astype(np.int64),
            "column": "start",
            "code": "bad_datetime",
            "value": "",
            "reason": "the start or end of this episode could not be worked out from the values "
            "given: check its date and time columns",
        }
    )
