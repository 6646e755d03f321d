"""Diary case ids against the cases table: one case, however its id is spelt.

The rule, applied where a guide's diary meets its cases table (:func:`match_case_ids`,
called by :func:`timestudy.run_study` after :func:`~timestudy.ingest.worker_ids.match_worker_ids`):

1. A diary case id that is a cases-table id is that case (a case listed once per period,
   the same id on several rows, is one id).
2. Else, with case and white space (around and inside the id) folded by the same function
   as worker ids (:func:`~timestudy.ingest.worker_ids.fold_id`), an id that matches exactly
   one cases-table id is that case: its rows take the table's spelling, and one warning
   names each folding and its rows (``'c3' -> 'C3'``). Rows that then repeat another row
   of the same worker in every column are exact duplicates, counted once (the reader's
   rule, :func:`timestudy.ingest.duplicates.exact_duplicates`, shared with worker ids:
   :func:`~timestudy.ingest.worker_ids.repeated_copies`), and ``counted_min`` and
   the flags of the workers whose rows were folded are worked out again
   (:func:`timestudy.ingest.flags.flag_episodes`). An id that folds to two table ids
   (``C1`` and ``c1`` both listed) is not guessed.
3. Else the id's hours are in no case-month (as before the rule), and one warning per id
   names its rows and hours and the fix (add it to the cases table or correct its
   spelling), with a table id that differs only by leading zeros of its digits (``123``
   for ``0123``: Excel drops them) suggested, never applied.

Where the diary meets its tables it also names the workers whose diaries begin a week or
more into the study with no ``joined`` date (read as joiners:
:func:`~timestudy.ingest.holder_ids.late_diaries`).

A cell naming several known cases at once (``C11;C12``) is left alone: the reader warns
about it (:mod:`timestudy.ingest.several_cases`).

Without the rule a case written ``c3`` for the table's ``C3`` was a case the table does not
list: its hours were in no case-month and the hours per case-month of its type too low.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd

from timestudy.ingest.diary import IngestResult
from timestudy.ingest.flags import refresh_shared
from timestudy.ingest.mapping import DiaryMapping
from timestudy.ingest.several_cases import _all_known
from timestudy.ingest.worker_ids import (
    _flag_counts,
    _folded,
    _near,
    as_read,
    fold_id,
    reflagged,
    repeated_copies,
)

__all__ = ["match_case_ids"]



def match_case_ids(result: IngestResult, cases: pd.DataFrame | None,
                   mapping: DiaryMapping | str | Path | dict | None = None) -> IngestResult:
    """The read diary with each case id taken as the cases table's (see the module notes).

    Parameters
    ----------
    result : IngestResult
        What :func:`timestudy.read_diary` read (after
        :func:`~timestudy.ingest.worker_ids.match_worker_ids`).
    cases : DataFrame or None
        The cases table (``case_id``); None leaves ``result`` as it is.
    mapping : DiaryMapping, path or dict, optional
        The diary's mapping, for the thresholds of the flags (``gap_minutes``...); the
        defaults when not given. Read only when a spelling is folded.

    Returns
    -------
    IngestResult
        Episodes with the table's spellings and repeated rows counted once; the report's
        counts, flags and minutes follow, its ``details["warnings"]`` say what was done,
        and ``details["case_ids"]`` lists it (``folded``: ``as_read``, ``case_id``,
        ``rows``, ``duplicates``; ``unknown``: ``case_id``, ``rows``, ``hours``, ``near``,
        ``ambiguous``). The same ``result`` when every diary case id is in the table.

    Examples
    --------
    >>> from timestudy import read_diary
    >>> diary = pd.DataFrame({"worker_id": ["W1", "W1", "W1"],
    ...                       "start": ["2026-03-09T09:00", "2026-03-09T09:00", "2026-03-09T11:00"],
    ...                       "end": ["2026-03-09T10:00", "2026-03-09T10:00", "2026-03-09T12:00"],
    ...                       "activity": ["Home visit"] * 3, "case_id": ["C1", "c 1", "123"]})
    >>> cases = pd.DataFrame({"case_id": ["C1", "0123"]})
    >>> got = match_case_ids(read_diary(diary, warn=False), cases)
    >>> got.episodes["case_id"].tolist(), got.report.n_duplicates
    (['C1', '123'], 1)
    >>> print("\\n".join(w["message"] for w in got.report.details["warnings"]))
    case id 'c 1' is 'C1' of the cases table (case and spaces folded): 1 row, 1 of them repeating a row of 'C1' exactly (counted once)
    case id '123' is not in the cases table: its 1 row (1.0 h recorded) is in no case-month, so in no case's hours; add it to the cases table or correct its spelling in the diary (did you mean '0123'? its digits differ only by leading zeros; not applied)
    """
    result = _late_said(result)  # where the diary meets its tables: joiners unsaid
    eps = result.episodes
    if cases is None or "case_id" not in cases or eps.empty or "case_id" not in eps:
        return result
    table = pd.Index(cases["case_id"].dropna().astype(str).unique())
    if table.empty:  # an observation study: no case is in a case-month
        return result
    ids = eps["case_id"].astype("string")
    known = set(table)
    unknown = pd.Index(ids.dropna().unique().astype(str)).difference(table)
    unknown = unknown[np.array([not _all_known(v, known) for v in unknown], bool)]  # ids, not rows
    if unknown.empty:
        return result
    to = _folded(unknown, table)
    left = unknown.difference(pd.Index(list(to)))
    episodes, dup, folded = eps, eps.iloc[:0], []
    touched = eps.iloc[:0]
    if to:
        moved = ids.isin(list(to)).fillna(False).to_numpy(bool)
        took = eps["worker_id"].isin(pd.unique(eps.loc[moved, "worker_id"])).to_numpy(bool)
        case = ids.replace(to)
        kept, dup = _merged(eps.loc[took], case[took], moved[took], known, *as_read(result, mapping))
        episodes = pd.concat([eps.loc[~took], kept]).sort_values(
            ["worker_id", "start", "source_row"], kind="stable", ignore_index=True)
        folded = _folding_records(ids[moved], case[moved], dup)
        touched = eps.loc[took]
    lost = _unknown_records(episodes, left, table)
    report = _report(result.report, touched, episodes.loc[
        episodes["worker_id"].isin(pd.unique(touched["worker_id"]))], folded, lost,
        dup_minutes=float(dup["duration_min"].sum()))
    # copies dropped: what entries sharing their time count, worked out anew
    report = replace(report, details=refresh_shared(report.details, episodes, report.layout))
    secondary = result.secondary
    if to and secondary is not None and "case_id" in secondary:
        secondary = secondary.assign(case_id=secondary["case_id"].astype("string").replace(to))
    return replace(result, episodes=episodes, report=report, secondary=secondary)


def _late_said(result: IngestResult) -> IngestResult:
    """``result`` with a warning naming the workers whose diaries begin late with no
    ``joined`` date (:func:`~timestudy.ingest.holder_ids.late_diaries`), if any."""
    from timestudy.ingest.holder_ids import late_diaries

    note = late_diaries(result.episodes, result.workers)
    if note is None:
        return result
    details = dict(result.report.details)
    details["warnings"] = [*details.get("warnings", ()), {"code": "late_diary",
                                                          "message": note}]
    return replace(result, report=replace(result.report, details=details))


def _merged(rows: pd.DataFrame, case: pd.Series, moved: np.ndarray, known: set,
            mapping: DiaryMapping, second: dict) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The rows of the workers who had a case id folded (``case``: the table's ids), exact
    duplicates counted once and ``counted_min`` and flags worked out again; and the
    duplicates left out (as read: a copy spelt as the table's is the one kept)."""
    rows, case, dropped = repeated_copies(rows, "case_id", case, moved)
    kept = rows.loc[~dropped].assign(case_id=case.loc[~dropped])
    return reflagged(kept, mapping, "unknown_case", case_ids=known, second=second), rows.loc[dropped]


def _folding_records(as_read: pd.Series, taken: pd.Series, dup: pd.DataFrame) -> list[dict]:
    """One record per folded spelling: its rows and how many repeated a row exactly."""
    spelt, taken = as_read.astype(str), taken.astype(str)
    rows = spelt.value_counts()
    repeated = spelt.loc[dup.index].value_counts() if len(dup) else pd.Series(dtype=int)
    first = dict(zip(spelt, taken, strict=True))
    return [{"as_read": s, "case_id": first[s], "rows": int(n),
             "duplicates": int(repeated.get(s, 0))} for s, n in sorted(rows.items())]


def _unknown_records(episodes: pd.DataFrame, left: pd.Index, table: pd.Index) -> list[dict]:
    """One record per id not in the table: its rows, hours, a near id and the table ids it
    folds to when more than one."""
    if left.empty:
        return []
    ids = episodes["case_id"].astype("string")
    lost = episodes.loc[ids.isin(left).fillna(False).to_numpy(bool)]
    by = lost.groupby(lost["case_id"].astype(str))
    rows, hours = by.size(), by["counted_min"].sum() / 60
    near = _near(rows.index, table)
    keys = pd.Series(table, index=fold_id(table))
    many = keys[keys.index.duplicated(keep=False)]
    return [{"case_id": c, "rows": int(rows[c]), "hours": round(float(hours[c]), 2),
             "near": None if pd.isna(near[c]) else str(near[c]),
             "ambiguous": sorted(many[many.index == k].astype(str))}
            for c, k in zip(rows.index, fold_id(rows.index), strict=True)]


def _messages(folded: list[dict], lost: list[dict]) -> list[dict]:
    """The warnings: one per folding, one per id still not in the table."""
    out = []
    for f in folded:
        rows = f"{f['rows']} row{'s' if f['rows'] != 1 else ''}"
        out.append({"code": "case_id_folded", "message": (
            f"case id {f['as_read']!r} is {f['case_id']!r} of the cases table (case and spaces "
            f"folded): {rows}, {f['duplicates']} of them repeating a row of {f['case_id']!r} "
            "exactly (counted once)")})
    for u in lost:
        rows = f"its {u['rows']} rows" if u["rows"] != 1 else "its 1 row"
        verb = "are" if u["rows"] != 1 else "is"
        hint = ""
        if u["ambiguous"]:
            hint = (" (it matches " + " and ".join(repr(a) for a in u["ambiguous"])
                    + " once case and spaces are folded: not guessed)")
        elif u["near"]:
            hint = (f" (did you mean {u['near']!r}? its digits differ only by leading zeros; "
                    "not applied)")
        out.append({"code": "unknown_case", "message": (
            f"case id {u['case_id']!r} is not in the cases table: {rows} ({u['hours']:.1f} h "
            f"recorded) {verb} in no case-month, so in no case's hours; add it to the cases "
            f"table or correct its spelling in the diary{hint}")})
    return out


def _report(report, before: pd.DataFrame, after: pd.DataFrame, folded: list[dict],
            lost: list[dict], dup_minutes: float):
    """The report with the rows folded: duplicates counted, flags recounted, warnings."""
    n_dup = sum(f["duplicates"] for f in folded)
    counts = Counter(report.warnings_by_code)
    counts.subtract(_flag_counts(before["flags"]))
    counts.update(_flag_counts(after["flags"]))
    details = dict(report.details)
    if "minutes" in details and n_dup:
        m = dict(details["minutes"])
        m["minutes_in"] = round(m["minutes_in"] - dup_minutes, 4)
        m["minutes_accepted"] = round(m["minutes_accepted"] - dup_minutes, 4)
        details["minutes"] = m
    details["warnings"] = [*details.get("warnings", ()), *_messages(folded, lost)]
    details["case_ids"] = {"folded": folded, "unknown": lost}
    return replace(report, n_accepted=report.n_accepted - n_dup,
                   n_duplicates=report.n_duplicates + n_dup,
                   warnings_by_code={k: v for k, v in counts.items() if v > 0},
                   details=details)
