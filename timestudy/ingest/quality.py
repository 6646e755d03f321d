"""The data-quality page written by ``timestudy validate``: ``quality.html``.

It shows what a study lead checks before trusting a diary: how many rows were
used and why the others were not, recorded hours per worker-day against
contracted hours, gaps, overlaps and out-of-hours work.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from timestudy._lib.arrow import arrow_text, dictionary_codes, factorize_sorted, rows_at
from timestudy._lib.html import frame_view, render
from timestudy.ingest.night_runs import night_days
from timestudy.ingest.quality_days import WORKING_DAYS_PER_WEEK, contracted_days, in_hours

if TYPE_CHECKING:  # pragma: no cover
    from timestudy.ingest.diary import IngestResult

MAX_WORKER_ROWS = 300


def worker_quality(episodes: pd.DataFrame, workers: pd.DataFrame | None = None) -> pd.DataFrame:
    """Per-worker quality figures: days, hours per day against contract, gaps, overlaps, out of hours.

    Parameters
    ----------
    episodes : DataFrame
        Accepted episodes (``IngestResult.episodes``).
    workers : DataFrame, optional
        Workers table, for the contracted hours (37 x FTE when not given).

    Returns
    -------
    DataFrame
        Indexed by ``worker_id`` with ``diary_days``, ``episodes``,
        ``recorded_hours_per_day``, ``max_day_hours``, ``contracted_days_per_week``
        (:func:`contracted_days`), ``contracted_hours_per_day`` (the week's contracted
        hours over those days), ``recorded_vs_contracted`` (ratio), ``gaps``, ``overlaps``,
        ``overlap_hours`` and ``out_of_hours_share`` (of the minutes with a time of day:
        NaN, not known, for a worker whose rows are all flagged ``time_of_day_unknown``; out
        of hours by the guide's rule, a worker's contracted weekend day a working day and a
        bank holiday not worked as a day at work not: :func:`~timestudy.ingest.quality_days.in_hours`).

    Examples
    --------
    >>> from timestudy import read_diary, read_workers
    >>> from timestudy.schema import EXAMPLES
    >>> eps = read_diary(EXAMPLES / "episodes.csv", warn=False).episodes
    >>> worker_quality(eps, read_workers(EXAMPLES / "workers.csv")).loc["W003", "diary_days"]
    np.int64(1)
    """
    return _worker_quality(episodes, workers)[0]


def _worker_quality(
    eps: pd.DataFrame, workers: pd.DataFrame | None
) -> tuple[pd.DataFrame, pd.Series, np.ndarray]:
    """:func:`worker_quality`, the recorded hours of every worker-day and which worker-days
    are flagged ``long_day`` (over the mapping's ``long_day_hours``)."""
    worker, names = _worker_codes(eps["worker_id"])
    n_workers = len(names)
    minutes = eps["duration_min"].to_numpy(float)
    counted = eps["counted_min"].to_numpy(float)
    has = _has_flags(eps["flags"], ("gap_before", "overlap", "time_of_day_unknown", "long_day"))
    # a row placed in file order has no time of day: its minutes are left out of the share
    # (where every row has one, x * 1.0 is x: nothing to multiply)
    timed = (~has["time_of_day_unknown"]).astype(float) if has["time_of_day_unknown"].any() else None
    # each night's end on the night's day, as the guide reads it (ingest.night_runs): a
    # worker on nights 17:00-09:00 has nights of 16 hours, not two diary days of 8
    day = night_days(eps, workers=worker).astype("datetime64[D]").astype("M8[ns]").view("i8")
    # out of hours by the guide's rule: a worker's own working days (quality_days)
    outside = np.clip(minutes - in_hours(eps, workers, worker, names, day), 0, None)
    if _in_order(worker, day):  # as validation leaves them: worker-days are contiguous
        new_day = np.ones(len(eps), bool)
        new_day[1:] = (worker[1:] != worker[:-1]) | (day[1:] != day[:-1])
        inverse = np.cumsum(new_day) - 1
        day_worker = worker[new_day]
    else:
        day_code, _ = pd.factorize(day)
        n_day_codes = int(day_code.max(initial=0)) + 1
        days, inverse = np.unique(
            worker.astype(np.int64) * n_day_codes + day_code, return_inverse=True
        )
        day_worker = days // n_day_codes
    day_hours = np.bincount(inverse, weights=counted, minlength=len(day_worker)) / 60
    long_day = np.bincount(inverse[has["long_day"]], minlength=len(day_worker)) > 0

    def per_worker(weights=None, values=None):
        return np.bincount(
            worker if values is None else values, weights=weights, minlength=n_workers
        )

    n_days = per_worker(values=day_worker)
    most = np.full(n_workers, -np.inf)
    np.fmax.at(most, day_worker, day_hours)  # a missing day total is skipped, as max() does
    table = pd.DataFrame(
        {
            "diary_days": n_days,
            "episodes": per_worker(),
            "recorded_hours_per_day": per_worker(day_hours, day_worker) / np.maximum(n_days, 1),
            "max_day_hours": np.where(n_days > 0, most, np.nan),
        },
        index=pd.Index(names, name="worker_id"),
    )
    per_week = contracted_days(workers, table.index)
    table["contracted_days_per_week"] = per_week.to_numpy(float)
    if workers is not None and "contracted_hours" in workers:
        hours = workers.drop_duplicates("worker_id").set_index("worker_id")["contracted_hours"]
        table["contracted_hours_per_day"] = (
            hours.reindex(table.index).to_numpy(float) / np.clip(per_week.to_numpy(float), 1, None)
        )
    else:
        table["contracted_hours_per_day"] = np.nan
    table["recorded_vs_contracted"] = (
        table["recorded_hours_per_day"] / table["contracted_hours_per_day"]
    )
    # the rows with each flag counted worker by worker (the few flagged rows' workers only)
    table["gaps"] = per_worker(values=worker[has["gap_before"]])
    table["overlaps"] = per_worker(values=worker[has["overlap"]])
    table["overlap_hours"] = per_worker(minutes - counted) / 60
    if timed is not None:
        outside, minutes = outside * timed, minutes * timed
    with np.errstate(invalid="ignore", divide="ignore"):  # no minute with a time: NaN
        table["out_of_hours_share"] = per_worker(outside) / per_worker(minutes)
    for col in ("diary_days", "episodes", "gaps", "overlaps"):
        table[col] = table[col].astype(np.int64)
    return table, pd.Series(day_hours), long_day


def _worker_codes(ids: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """:func:`~timestudy._lib.arrow.factorize_sorted` of the worker ids: where they run worker
    by worker with the ids rising (as ``read_diary`` leaves the episodes), from where each
    run starts, one comparison of neighbours (no text hashed); else by that function.

    Examples
    --------
    >>> codes, names = _worker_codes(pd.Series(["a", "a", "b"], dtype="string"))
    >>> codes.tolist(), names.tolist()
    ([0, 0, 1], ['a', 'b'])
    >>> _worker_codes(pd.Series(["b", "a", "b"], dtype="string"))[0].tolist()  # not runs
    [1, 0, 1]
    """
    if not (isinstance(ids.dtype, pd.StringDtype) and ids.dtype.storage == "pyarrow"):
        return factorize_sorted(ids)
    arr = pa.array(ids.array)
    if len(arr) < 2 or arr.null_count:
        return factorize_sorted(ids)
    starts = np.ones(len(arr), bool)
    starts[1:] = pc.not_equal(arr.slice(1), arr.slice(0, len(arr) - 1)).to_numpy(zero_copy_only=False)
    firsts = arr.take(pa.array(np.flatnonzero(starts)))
    rising = pc.less(firsts.slice(0, len(firsts) - 1), firsts.slice(1))  # (UTF-8 byte order)
    if pc.all(rising).as_py() is False:  # (None: one worker)
        return factorize_sorted(ids)
    return np.cumsum(starts) - 1, np.asarray(firsts.to_pylist(), dtype=object)


def _has_flags(flags: pd.Series, wanted: tuple[str, ...]) -> dict[str, np.ndarray]:
    """For each code, True where the semicolon-separated ``flags`` hold it.

    The episodes have a handful of distinct flag texts: each is split once. On Arrow-backed
    text only the rows with a flag written (most rows have none: an empty text holds no
    code) are encoded, taken by their lengths, with no hash of the million empty ones.

    Examples
    --------
    >>> flags = pd.Series(["", "gap_before;overlap", None, "overlap"], dtype="string[pyarrow]")
    >>> {k: v.tolist() for k, v in _has_flags(flags, ("overlap", "gap_before")).items()}
    {'overlap': [False, True, False, True], 'gap_before': [False, True, False, False]}
    """
    rows = None
    if arrow_text(flags) and len(flags):
        text = pa.array(flags.array)
        written = pc.fill_null(pc.greater(pc.binary_length(text), 0), False)
        rows = np.flatnonzero(written.to_numpy(zero_copy_only=False))
        flags = rows_at(flags, rows)
    found = dictionary_codes(flags)
    codes, uniques = found if found is not None else pd.factorize(flags)
    parts = [set(str(u).split(";"))
             for u in (uniques.to_pylist() if found is not None else uniques)]
    has = {
        code: np.array([code in p for p in parts] + [False], dtype=bool)[codes]
        for code in wanted
    }
    if rows is None:
        return has
    out = {}
    for code, mask in has.items():
        out[code] = np.zeros(len(text), bool)
        out[code][rows] = mask
    return out


def _in_order(worker: np.ndarray, day: np.ndarray) -> bool:
    """True when rows run worker by worker, each worker's days in order."""
    same = worker[1:] == worker[:-1]
    return bool((worker[1:] >= worker[:-1]).all() and not (same & (day[1:] < day[:-1])).any())


def quality_html(result: IngestResult) -> str:
    """The HTML page for one ingest result (see the module notes).

    Parameters
    ----------
    result : IngestResult
        What :func:`~timestudy.ingest.read_diary` returned.

    Returns
    -------
    str
        A self-contained HTML page (``ingest_report.html``).

    Examples
    --------
    >>> from timestudy import read_diary
    >>> from timestudy.schema import EXAMPLES
    >>> page = quality_html(read_diary(EXAMPLES / "episodes_with_errors.csv", warn=False))
    >>> "Why rows were rejected" in page and "end_before_start" in page
    True
    """
    r = result.report
    reasons = None
    if len(result.rejects):
        rej = result.rejects
        grouped = rej.groupby("code", sort=False)
        reasons = (
            pd.DataFrame(
                {
                    "failures": grouped.size(),
                    "example": grouped["reason"].first(),
                    "first rows": grouped["source_row"].apply(
                        lambda s: ", ".join(map(str, s.head(5)))
                    ),
                }
            )
            .sort_values("failures", ascending=False)
            .rename_axis("code")
        )
    flags = None
    if r.warnings_by_code:
        flags = pd.Series(r.warnings_by_code, name="episodes").rename_axis("flag").to_frame()
    per_worker, day_hours, long_day = _worker_quality(result.episodes, result.workers)
    overall = pd.DataFrame(
        {
            "value": [
                f"{len(day_hours):,}",
                _fmt(day_hours.median() if len(day_hours) else np.nan),
                f"{int(long_day.sum()):,}",  # the mapping's long_day_hours, as the flag
                _fmt(per_worker["recorded_vs_contracted"].median()),
                _fmt(per_worker["out_of_hours_share"].median()),
            ]
        },
        index=[
            "worker-days",
            "median recorded hours per worker-day",
            "worker-days over long_day_hours (flagged long_day)",
            "median recorded / contracted (by worker)",
            "median out-of-hours share (by worker)",
        ],
    )
    bands = pd.cut(day_hours, [0, 4, 6, 8, 10, 12, 16, np.inf], right=False)
    spread = bands.value_counts(sort=False).rename("worker-days").rename_axis("recorded hours")
    return render(
        "quality.html.j2",
        r=r,
        reasons=None if reasons is None else _view(reasons),
        flags=None if flags is None else _view(flags),
        overall=_view(overall),
        spread=_view(spread.to_frame()),
        account=_account_tables(r.details),
        workers=_view(per_worker.head(MAX_WORKER_ROWS)),
        truncated=len(per_worker) > MAX_WORKER_ROWS,
        max_rows=MAX_WORKER_ROWS,
        n_workers=len(per_worker),
        days_note=_days_note(result.workers, per_worker.index),
    )


def _days_note(workers: pd.DataFrame | None, ids: pd.Index) -> str:
    """The page's line on which contracted days a week divide each worker's week.

    Examples
    --------
    >>> w = pd.DataFrame({"worker_id": ["A", "B"], "workdays": ["Mon Tue Wed", None]})
    >>> _days_note(w, pd.Index(["A", "B"]))
    'the workdays declared in the workers table (read as the guide reads them) for 1 worker; 5 for the 1 with none declared (B)'
    >>> _days_note(None, pd.Index(["A"]))
    '5 (no workers table given)'
    """
    if workers is None:
        return f"{WORKING_DAYS_PER_WEEK} (no workers table given)"
    days = contracted_days(workers, ids)
    declared = days.attrs["declared"]
    n = int(declared.sum())
    parts = []
    if n:
        parts.append("the workdays declared in the workers table (read as the guide reads "
                     f"them) for {n} worker{'s' if n != 1 else ''}")
    rest = ids[~declared]
    if len(rest):
        named = ", ".join(map(str, rest[:5])) + (", ..." if len(rest) > 5 else "")
        full = (days[~declared] == WORKING_DAYS_PER_WEEK).all()
        parts.append(f"{WORKING_DAYS_PER_WEEK if full else 'round(5 x fte)'} for the "
                     f"{len(rest)} with none declared ({named})")
    return "; ".join(parts)


def _account_tables(details: dict) -> list[dict]:
    """The minutes account, the rules for time applied and the spellings merged into one key,
    as titled tables of the page.

    Examples
    --------
    >>> tables = _account_tables({"minutes": {"minutes_in": 60.0, "minutes_accepted": 45.0,
    ...     "minutes_rejected": 15.0, "difference": 0.0}, "merged_spellings":
    ...     {"site": {"QEH": ["QEH", "Qeh"]}}})
    >>> [t["title"] for t in tables]
    ['Minutes: in = accepted + rejected', 'Spellings of site merged into one key']
    """
    out = []
    account = details.get("minutes")
    if account:
        rows = {k.replace("_", " "): account[k] for k in (
            "minutes_in", "minutes_accepted", "minutes_rejected", "difference",
            "rows_without_minutes", "minutes_from") if k in account}
        table = pd.DataFrame({"value": [str(v) for v in rows.values()]}, index=list(rows))
        out.append({"title": "Minutes: in = accepted + rejected", "table": _view(table)})
    rules = details.get("rules")
    if rules:
        table = pd.DataFrame({"setting": [str(v) for v in rules.values()]}, index=list(rules))
        out.append({"title": "The rule for time applied", "table": _view(table)})
    for col, merged in (details.get("merged_spellings") or {}).items():
        table = pd.DataFrame({"spellings merged": [", ".join(map(repr, v))
                                                   for v in merged.values()]},
                             index=pd.Index(list(merged), name=f"{col} key"))
        out.append({"title": f"Spellings of {col} merged into one key", "table": _view(table)})
    return out


def _view(frame: pd.DataFrame):
    """A table of the page: numbers to two decimals, blanks for missing values."""
    return frame_view(frame, digits=2, missing="")


def _fmt(value: float) -> str:
    return "" if pd.isna(value) else f"{value:.2f}"
