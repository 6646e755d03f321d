"""Diary worker ids against the workers table: one worker, however their id is spelt.

The rule, applied where a guide's diary meets its workers table (:func:`match_worker_ids`,
called by :func:`timestudy.run_study`):

1. A diary worker id that is a workers-table id is that worker.
2. Else, with case and white space (around and inside the id) folded, an id that matches
   exactly one workers-table id is that worker: its rows take the table's spelling, and one
   warning names each folding and its rows (``'w1' -> 'W1'``). Rows that then repeat
   another row of the same worker in every column (same times, activity, case...) are
   exact duplicates, counted once: the reader's own rule
   (:func:`timestudy.ingest.duplicates.exact_duplicates`). ``counted_min`` and the flags
   of the workers who took rows are worked out again with the reader's flags
   (:func:`timestudy.ingest.flags.flag_episodes`), so time the two spellings recorded at
   once is counted once (on the diary's wall clock).
3. Else the guide has no FTE and no contracted hours for the id: its rows are rejected
   (``unknown_worker``) and left out of every figure, and one warning per id names its
   rows, hours and the fix (add it to the workers table or correct its spelling), with a
   table id that differs only by leading zeros of its digits (``W02``, ``W2``) suggested,
   never applied.

Without the rule a second spelling was a worker of its own, given 1 FTE and 37
contracted hours (:mod:`timestudy.panels.workers`): a week written twice was counted
twice in the hours per case-month and the hours per FTE-week.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd

from timestudy.ingest.dated import place_in_zone, place_rows, time_of_day_known
from timestudy.ingest.diary import IngestResult
from timestudy.ingest.duplicates import exact_duplicates
from timestudy.ingest.flags import FLAG_CODES, flag_episodes, refresh_shared
from timestudy.ingest.keys import fold_id
from timestudy.ingest.mapping import DiaryMapping, load_mapping
from timestudy.ingest.passes import episode_instants
from timestudy.ingest.reject_table import REJECT_COLUMNS
from timestudy.ingest.timerules import NS_PER_MIN, past_midnight
from timestudy.ingest.zones import clock_moved, wall_clock

__all__ = ["match_worker_ids"]

#: Flags :func:`flag_episodes` works out from the rows (with the unknown id's flag of the
#: table folded to); every other flag is carried over.
_WORKED_OUT = ("overlap", "gap_before", "long_episode", "long_day")
#: Columns of an episode that are not what was written (compared by the duplicate rule).
_DERIVED = ("source_row", "counted_min", "flags")
_REJECT_COLUMNS = ("worker_id", "start", "end", "duration_min", "activity", "activity_code",
                   "case_id", "location")


def match_worker_ids(result: IngestResult, workers: pd.DataFrame | None,
                     mapping: DiaryMapping | str | Path | dict | None = None) -> IngestResult:
    """The read diary with each worker id taken as the workers table's (see the module notes).

    Parameters
    ----------
    result : IngestResult
        What :func:`timestudy.read_diary` read.
    workers : DataFrame or None
        The workers table (``worker_id``); None leaves ``result`` as it is.
    mapping : DiaryMapping, path or dict, optional
        The diary's mapping, for the thresholds of the flags (``gap_minutes``...); the
        defaults when not given. Read only when a spelling is folded.

    Returns
    -------
    IngestResult
        Episodes with the table's spellings, repeated rows counted once and the rows of ids
        not in the table moved to the rejects (code ``unknown_worker``); the report's counts
        and minutes account follow, its ``details["warnings"]`` say what was done, and
        ``details["worker_ids"]`` lists it (``folded``: ``as_read``, ``worker_id``,
        ``rows``, ``duplicates``; ``unknown``: ``worker_id``, ``rows``, ``hours``,
        ``near``). The same ``result`` when every diary id is in the table.

    Examples
    --------
    >>> from timestudy import read_diary
    >>> diary = pd.DataFrame({"worker_id": ["W1", "w1 ", "W02"],
    ...                       "start": ["2026-03-09T09:00"] * 3, "end": ["2026-03-09T10:00"] * 3,
    ...                       "activity": ["Home visit"] * 3, "case_id": ["C1", "C1", "C2"]})
    >>> workers = pd.DataFrame({"worker_id": ["W1", "W2"]})
    >>> got = match_worker_ids(read_diary(diary, warn=False), workers)
    >>> got.episodes["worker_id"].tolist(), got.report.n_duplicates, got.report.n_rejected
    (['W1'], 1, 1)
    >>> print("\\n".join(w["message"] for w in got.report.details["warnings"]))
    worker id 'w1' is 'W1' of the workers table (case and spaces folded): 1 row, 1 of them repeating a row of 'W1' exactly (counted once)
    worker id 'W02' is not in the workers table: its 1 row is left out of every figure (1.0 h recorded; the guide has no FTE or contracted hours for it); add it to the workers table or correct its spelling in the diary (did you mean 'W2'? its digits differ only by leading zeros)
    """
    eps = result.episodes
    if workers is None or "worker_id" not in workers or eps.empty:
        return result
    table = pd.Index(workers["worker_id"].dropna().astype(str).unique())
    unknown = pd.Index(eps["worker_id"].dropna().astype(str).unique()).difference(table)
    if unknown.empty:
        return result
    to = _folded(unknown, table)
    left = unknown.difference(pd.Index(list(to)))
    worker = eps["worker_id"].replace(to) if to else eps["worker_id"]
    took = worker.isin(set(to.values())).to_numpy()
    gone = eps["worker_id"].isin(left).to_numpy()
    kept, dup = (_merged(eps.loc[took], worker[took], table, *as_read(result, mapping)) if to
                 else (eps.iloc[:0], eps.iloc[:0]))
    episodes = pd.concat([eps.loc[~took & ~gone], kept]).sort_values(
        ["worker_id", "start", "source_row"], kind="stable", ignore_index=True)
    folded = _folding_records(eps.loc[took, "worker_id"], worker[took], dup)
    lost = _unknown_records(eps.loc[gone], table)
    report = _report(result.report, eps.loc[took | gone, "flags"], kept, folded, lost,
                     dup_minutes=float(dup["duration_min"].sum()),
                     gone_minutes=float(eps.loc[gone, "duration_min"].sum()))
    # copies dropped: what entries sharing their time count, worked out anew
    report = replace(report, details=refresh_shared(report.details, episodes, report.layout))
    secondary = result.secondary
    if secondary is not None and "worker_id" in secondary:
        secondary = secondary.loc[~secondary["worker_id"].isin(left)].assign(
            worker_id=lambda s: s["worker_id"].replace(to) if to else s["worker_id"])
    return replace(result, episodes=episodes, report=report, secondary=secondary,
                   rejects=_rejects(result.rejects, eps.loc[gone], lost, result.written))


def _folded(unknown: pd.Index, table: pd.Index) -> dict[str, str]:
    """Each unknown id whose folding matches exactly one table id's: that table id."""
    keys = pd.Series(table, index=fold_id(table))
    one = keys[~keys.index.duplicated(keep=False)]
    hit = pd.Series(fold_id(unknown), index=unknown).map(one).dropna()
    return {str(k): str(v) for k, v in hit.items()}


def _near(ids: pd.Index, table: pd.Index) -> pd.Series:
    """For each of ``ids``, the one table id equal to it once case, spaces and the leading
    zeros of its digits are folded (None: none, or more than one)."""
    def key(x: pd.Index) -> pd.Index:
        return fold_id(x).str.replace(r"\d+", lambda m: m.group().lstrip("0") or "0",
                                      regex=True)
    keys = pd.Series(table, index=key(table))
    one = keys[~keys.index.duplicated(keep=False)]
    return pd.Series(key(ids), index=ids).map(one)


def as_read(result: IngestResult, mapping) -> tuple[DiaryMapping, dict]:
    """``mapping`` (loaded) with the time zone and diary day start ``result`` was read
    with (its report's details: ``read_diary(timezone=...)`` overrides the mapping's), and
    the source rows whose start or end it read on a time's second pass."""
    details = result.report.details
    read = load_mapping(mapping).replace(diary_day_start=details.get("diary_day_start"))
    if "timezone" in details:  # read without a zone (None) too: as the reader judged
        read = replace(read, timezone=details["timezone"])
    return read, details.get("second_pass") or {}


def _merged(rows: pd.DataFrame, worker: pd.Series, table: pd.Index, mapping: DiaryMapping,
            second: dict) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The rows of the workers who took folded rows (``worker``: their table ids), exact
    duplicates counted once and ``counted_min`` and flags worked out again; and the
    duplicates left out (as read: a copy spelt as the table's is the one kept)."""
    rows, worker, dropped = repeated_copies(rows, "worker_id", worker,
                                            (rows["worker_id"] != worker).to_numpy(bool))
    placed = ~time_of_day_known(rows)
    kept = rows.loc[~dropped].assign(worker_id=worker.loc[~dropped])
    at = None
    if placed.any():  # each spelling was placed from the day's start: place them together
        kept, at = _placed_again(kept, placed[~dropped], mapping)
    return (reflagged(kept, mapping, "unknown_worker", worker_ids=set(table), at=at,
                      second=second), rows.loc[dropped])


def repeated_copies(rows: pd.DataFrame, column: str, taken: pd.Series, moved: np.ndarray
                    ) -> tuple[pd.DataFrame, pd.Series, np.ndarray]:
    """``rows`` and ``taken`` (``column``'s values as the table spells them) in the order
    the reader's duplicate rule reads them, and which rows are copies to leave out: a row
    whose spelling was ``moved`` that now repeats another row in every written column
    (:func:`~timestudy.ingest.duplicates.exact_duplicates`: two rows spelt as the table's
    are the reader's call). Rows of a diary without times are never copies: two equal rows
    without times may be two pieces of work, as the reader of such a diary keeps them."""
    order = pd.DataFrame({"w": rows["worker_id"] if column != "worker_id" else taken,
                          "s": rows["start"], "f": moved, "r": rows["source_row"]},
                         index=rows.index).sort_values(["w", "s", "f", "r"])
    rows, taken = rows.loc[order.index], taken.loc[order.index]
    same = exact_duplicates(rows.assign(**{column: taken})[
        [c for c in rows.columns if c not in _DERIVED]].reset_index(drop=True))
    return rows, taken, same & order["f"].to_numpy(bool) & time_of_day_known(rows)


def reflagged(kept: pd.DataFrame, mapping: DiaryMapping, unknown: str,
              worker_ids: set | None = None, case_ids: set | None = None,
              at: pd.DataFrame | None = None, second: dict | None = None) -> pd.DataFrame:
    """``kept`` in order with ``counted_min`` and the flags the reader works out from the
    rows (overlaps, gaps, long entries and days, ``unknown``) worked out again
    (:func:`~timestudy.ingest.flags.flag_episodes`); every other flag carried over.

    As the reader does, overlaps and gaps are judged on instants: with ``mapping``'s time
    zone, the rows' wall clock read again in it
    (:func:`~timestudy.ingest.passes.episode_instants`, with the source rows whose start
    or end the reader read on a time's second pass: ``second``, the report's
    ``details["second_pass"]``), or ``at``'s ``start_at`` and ``end_at`` (UTC ns) for the
    rows it holds (by index: rows just placed in the zone). Rows are put in the reader's
    order, by worker and instant."""
    start_at, end_at = _instants(kept, mapping.timezone, at, second)
    codes = pd.factorize(kept["worker_id"], sort=True)[0]
    order = np.lexsort((kept["source_row"].to_numpy(), start_at, codes))
    kept, codes = kept.iloc[order], codes[order]
    start_at, end_at = start_at[order], end_at[order]
    worked_out = (*_WORKED_OUT, unknown)
    flags = kept["flags"].fillna("")
    carried = {c: flags.str.contains(rf"(?:^|;){c}(?:;|$)", regex=True).to_numpy(bool)
               for c in FLAG_CODES if c not in worked_out}
    counted, flagged, _ = flag_episodes(
        kept, codes, start_at, end_at, mapping, carried, worker_ids, case_ids, None)
    return kept.assign(counted_min=np.asarray(counted, float),
                       flags=pd.Series(flagged.to_numpy(), index=kept.index, dtype="string"))


def _instants(kept: pd.DataFrame, tz: str | None, at: pd.DataFrame | None,
              second: dict | None) -> tuple[np.ndarray, np.ndarray]:
    """Each row's start and end as the reader orders them: the wall clock without a time
    zone; with one, the instants (:func:`~timestudy.ingest.passes.episode_instants`, or
    ``at``'s where it holds the row)."""
    start = kept["start"].to_numpy("M8[ns]")
    end = kept["end"].to_numpy("M8[ns]")
    if not tz:
        return start.view("i8").copy(), end.view("i8").copy()
    fragment = (kept["fragment"].fillna(1).to_numpy("i8") if "fragment" in kept else None)
    start_at, end_at = episode_instants(start, end, kept["source_row"].to_numpy(), tz,
                                        second or {}, fragment)
    if at is not None:
        pos = kept.index.get_indexer(at.index)
        start_at, end_at = start_at.copy(), end_at.copy()
        start_at[pos], end_at[pos] = at["start_at"].to_numpy(), at["end_at"].to_numpy()
    return start_at, end_at


def _placed_again(rows: pd.DataFrame, placed: np.ndarray, mapping: DiaryMapping
                  ) -> tuple[pd.DataFrame, pd.DataFrame | None]:
    """Rows of a diary without times placed again, now that two spellings are one worker:
    one after another in file order within each worker-day (:func:`place_rows`), as the
    reader placed each spelling's rows apart (else both start at the day's start and the
    later ones are counted as overlap). With a time zone they are placed as the reader
    places them (:func:`place_in_zone`: true minutes from the instant the day starts,
    written on the zone's clock: ``clock_change`` worked out again) and their instants
    returned (``start_at``, ``end_at``, by index; None without a zone). Either way
    ``crossed_midnight`` is worked out again for where each row now lies."""
    part = rows.loc[placed].sort_values("source_row", kind="stable")
    hours, tz = mapping.day_start_hours, mapping.timezone
    day = (part["start"] - pd.Timedelta(hours=hours)).dt.floor("D").to_numpy("M8[D]")
    worker = pd.factorize(part["worker_id"])[0]
    everyone = np.ones(len(part), bool)
    if not tz:
        length = (part["end"] - part["start"]).to_numpy("m8[ns]").view("i8") / 60e9
        start = pd.Series(place_rows(worker, day, length, everyone, hours)[0],
                          index=part.index)
        end, at, moved = start + (part["end"] - part["start"]), None, {}
    else:
        minutes = part["duration_min"].to_numpy(float)
        p = place_in_zone(worker, day, minutes, everyone, hours, tz)
        end_at = p.start_at + np.round(minutes * NS_PER_MIN).astype("i8")
        at = pd.DataFrame({"start_at": p.start_at, "end_at": end_at}, index=part.index)
        start = pd.Series(p.start, index=part.index)
        end = pd.Series(wall_clock(end_at, tz), index=part.index)
        moved = {"clock_change": clock_moved(start.to_numpy("M8[ns]"), end.to_numpy("M8[ns]"),
                                             p.start_at, end_at)}
    moved["crossed_midnight"] = past_midnight(start.to_numpy("M8[ns]"), end.to_numpy("M8[ns]"))
    flags = part["flags"].fillna("").astype(str)
    for code, now in moved.items():  # off where it was, on where it is now
        flags = flags.str.replace(rf"(?:^|;){code}(?=;|$)", "", regex=True)
        flags = flags.where(~now, flags + ";" + code)
    flags = flags.str.strip(";").astype("string")
    return rows.assign(start=rows["start"].mask(placed, start),
                       end=rows["end"].mask(placed, end),
                       flags=rows["flags"].mask(placed, flags)), at


def _folding_records(as_read: pd.Series, taken: pd.Series, dup: pd.DataFrame) -> list[dict]:
    """One record per folded spelling: its rows and how many repeated a row exactly."""
    spelt = as_read.astype(str)
    spelt, taken = spelt[spelt != taken], taken[spelt != taken]
    rows = spelt.value_counts()
    repeated = spelt.loc[dup.index].value_counts() if len(dup) else pd.Series(dtype=int)
    first = dict(zip(spelt, taken.astype(str), strict=True))
    return [{"as_read": s, "worker_id": first[s], "rows": int(n),
             "duplicates": int(repeated.get(s, 0))} for s, n in sorted(rows.items())]


def _unknown_records(gone: pd.DataFrame, table: pd.Index) -> list[dict]:
    """One record per id not in the table: its rows, hours and a near table id."""
    by = gone.groupby(gone["worker_id"].astype(str))
    rows, hours = by.size(), by["counted_min"].sum() / 60
    near = _near(rows.index, table)
    return [{"worker_id": w, "rows": int(rows[w]), "hours": round(float(hours[w]), 2),
             "near": None if pd.isna(near[w]) else str(near[w])} for w in rows.index]


def _messages(folded: list[dict], lost: list[dict]) -> list[dict]:
    """The warnings: one per folding, one per id left out."""
    out = []
    for f in folded:
        rows = f"{f['rows']} row{'s' if f['rows'] != 1 else ''}"
        out.append({"code": "worker_id_folded", "message": (
            f"worker id {f['as_read']!r} is {f['worker_id']!r} of the workers table (case and "
            f"spaces folded): {rows}, {f['duplicates']} of them repeating a row of "
            f"{f['worker_id']!r} exactly (counted once)")})
    for u in lost:
        rows = f"its {u['rows']} rows are" if u["rows"] != 1 else "its 1 row is"
        near = (f" (did you mean {u['near']!r}? its digits differ only by leading zeros)"
                if u["near"] else "")
        out.append({"code": "unknown_worker", "message": (
            f"worker id {u['worker_id']!r} is not in the workers table: {rows} left out of "
            f"every figure ({u['hours']:.1f} h recorded; the guide has no FTE or contracted "
            f"hours for it); add it to the workers table or correct its spelling in the "
            f"diary{near}")})
    return out


def _flag_counts(flags: pd.Series) -> Counter:
    """How many rows carry each flag."""
    some = flags.dropna().astype(str)
    some = some[some != ""]
    return Counter(some.str.split(";").explode().value_counts().to_dict())


def _report(report, before_flags: pd.Series, kept: pd.DataFrame, folded: list[dict],
            lost: list[dict], dup_minutes: float, gone_minutes: float):
    """The report with the rows moved: duplicates and rejects counted, flags recounted."""
    n_dup = sum(f["duplicates"] for f in folded)
    n_gone = sum(u["rows"] for u in lost)
    counts = Counter(report.warnings_by_code)
    counts.subtract(_flag_counts(before_flags))
    counts.update(_flag_counts(kept["flags"]))
    reasons = dict(report.rejected_by_reason)
    if n_gone:
        reasons["unknown_worker"] = reasons.get("unknown_worker", 0) + n_gone
    details = dict(report.details)
    if "minutes" in details:
        m = dict(details["minutes"])
        m["minutes_in"] = round(m["minutes_in"] - dup_minutes, 4)
        m["minutes_accepted"] = round(m["minutes_accepted"] - dup_minutes - gone_minutes, 4)
        m["minutes_rejected"] = round(m["minutes_rejected"] + gone_minutes, 4)
        details["minutes"] = m
    details["warnings"] = [*details.get("warnings", ()), *_messages(folded, lost)]
    details["worker_ids"] = {"folded": folded, "unknown": lost}
    return replace(report, n_accepted=report.n_accepted - n_dup - n_gone,
                   n_rejected=report.n_rejected + n_gone,
                   n_duplicates=report.n_duplicates + n_dup, rejected_by_reason=reasons,
                   warnings_by_code={k: v for k, v in counts.items() if v > 0},
                   details=details)


def _rejects(rejects: pd.DataFrame, gone: pd.DataFrame, lost: list[dict],
             written: pd.DataFrame | None = None) -> pd.DataFrame:
    """The rejects with one row per row of an id not in the workers table: each value as the
    file wrote it where the read kept the row's text (``written``: the reader's echo), as
    the reader's own rejects show theirs; else as read (times in ISO 8601)."""
    if gone.empty:
        return rejects
    echoed = _as_written(written, gone["source_row"])
    values = [c for c in rejects.columns if c not in ("source_row", "column", "reason", "code")]
    values = [c for c in (values if len(rejects.columns) else _REJECT_COLUMNS)
              if c in gone or c in echoed]
    new = pd.DataFrame({c: _text(gone[c]) if c in gone else echoed[c] for c in values})
    for c in set(values) & set(echoed) & set(gone.columns):  # a row the read kept: its text
        new[c] = echoed[c].where(echoed[c].notna(), new[c])
    why = {u["worker_id"]: (f"worker_id {u['worker_id']!r} is not in the workers table (add "
                            "it, or correct its spelling)") for u in lost}
    new["source_row"] = gone["source_row"].to_numpy(np.int64)
    new["column"] = "worker_id"
    new["reason"] = gone["worker_id"].astype(str).map(why).to_numpy()
    new["code"] = "unknown_worker"
    out = pd.concat([rejects, new.astype({c: "string" for c in new if c != "source_row"})],
                    ignore_index=True) if len(rejects) else new
    return out.sort_values("source_row", kind="stable", ignore_index=True)


def _as_written(written: pd.DataFrame | None, rows: pd.Series) -> dict[str, pd.Series]:
    """The text of ``rows`` (source rows) as the file wrote it, by rejects column (a column
    named as a rejects column is ``... (input)``, as the reader names it); missing where the
    read did not keep a row."""
    if written is None:
        return {}
    got = written.reindex(rows.to_numpy(np.int64))
    return {(f"{h} (input)" if h in REJECT_COLUMNS else h): got[h].reset_index(drop=True)
            for h in got.columns}


def _text(values: pd.Series) -> pd.Series:
    """A column as the text of a reject row (times as ISO 8601)."""
    if values.dtype.kind == "M":
        return values.dt.strftime("%Y-%m-%dT%H:%M:%S").astype("string").reset_index(drop=True)
    return values.astype("string").reset_index(drop=True)
