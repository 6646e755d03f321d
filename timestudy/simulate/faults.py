"""Corrupt a simulated diary on purpose, listing every row touched and what ingest should do."""

from __future__ import annotations

import numpy as np
import pandas as pd

# fault kind -> what validation should make of the row
FAULT_OUTCOME = {
    "unparseable_time": "rejected",
    "end_before_start": "rejected",
    "missing_worker": "rejected",
    "duplicate": "duplicate",
    "overlap": "warning",
    "unknown_worker": "warning",
    "unknown_case": "warning",
}
#: How ``start`` and ``end`` are written in the corrupted diary.
_WRITTEN = "%Y-%m-%dT%H:%M:%S"


#: Faults that take a row from its worker's diary as validated (rejected, or another
#: worker's): an ``overlap`` right after one has nothing left to overlap.
_TAKEN = ("unparseable_time", "end_before_start", "missing_worker", "unknown_worker")
#: Faults that leave a row where it is, in its worker's diary: given to a row after a taken
#: one instead of an overlap.
_IN_PLACE = ("duplicate", "unknown_case")


def _overlap_after_kept(pick: np.ndarray, kinds: np.ndarray) -> np.ndarray:
    """``kinds`` (the fault of each row at ``pick``) with each ``overlap`` drawn right after
    a row a :data:`_TAKEN` fault takes away swapped with a fault of :data:`_IN_PLACE` on a
    row that is not, so that every ``overlap`` has its predecessor in the diary as
    validated and is flagged ``overlap``, as the faults table says. The same faults, as many
    of each, on the same rows; no draw.

    Examples
    --------
    >>> kinds = np.array(["missing_worker", "overlap", "unknown_case", "overlap"])
    >>> _overlap_after_kept(np.array([4, 5, 9, 12]), kinds).tolist()
    ['missing_worker', 'unknown_case', 'overlap', 'overlap']
    """
    after = np.isin(pick - 1, pick[np.isin(kinds, _TAKEN)])
    wrong = np.flatnonzero((kinds == "overlap") & after)
    spare = np.flatnonzero(np.isin(kinds, _IN_PLACE) & ~after)[:len(wrong)]
    out = kinds.copy()
    out[wrong[:len(spare)]], out[spare] = kinds[spare], "overlap"
    out[wrong[len(spare):]] = "unknown_case"  # (none to swap with: a fault in place)
    return out


def _overlaps_last(pick: np.ndarray, kinds: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``pick`` and ``kinds`` in the order their faults are applied: every fault but
    ``overlap`` in draw order (the draws of :func:`inject_faults` as they were), then the
    overlaps by row, so that each is applied after its predecessor's own overlap, which
    may move that row's end: applied before it (in draw order), row p+1 could end up not
    overlapping row p at all (``simulate_study(60, 4, seed=3, faults=0.1)``, row 15992).

    Examples
    --------
    >>> kinds = np.array(["overlap", "duplicate", "overlap"])
    >>> [a.tolist() for a in _overlaps_last(np.array([8, 3, 7]), kinds)]
    [[3, 7, 8], ['duplicate', 'overlap', 'overlap']]
    """
    over = kinds == "overlap"
    order = np.r_[np.flatnonzero(~over), np.flatnonzero(over)[np.argsort(pick[over],
                                                                          kind="stable")]]
    return pick[order], kinds[order]


def _overlap(out: pd.DataFrame, diary: pd.DataFrame, pos: int) -> None:
    """Make row ``pos`` of ``out`` (in place) start inside the episode before it, as that
    one stands (moved itself by its own overlap, applied before: :func:`_overlaps_last`);
    as generated (``diary``) when a time of it is made unparseable ('2026-13-45T09:00':
    it is rejected, leaving this row nothing to overlap)."""
    i = out.index[pos]
    prev = pd.to_datetime(out.loc[out.index[pos - 1], ["start", "end"]], errors="coerce",
                          format=_WRITTEN)
    if prev.isna().any():
        prev = diary[["start", "end"]].iloc[pos - 1]
    prev_start, prev_end = pd.Timestamp(prev["start"]), pd.Timestamp(prev["end"])
    # Into the previous episode by 10 minutes, or half of it when it is shorter, so
    # that the row still comes after it.
    start = max(prev_end - pd.Timedelta(minutes=10), prev_start + (prev_end - prev_start) / 2)
    out.loc[i, "start"] = start.strftime(_WRITTEN)
    end = pd.Timestamp(out.loc[i, "end"])
    if end - start > pd.Timedelta(minutes=float(out.loc[i, "duration_min"]) + 60):
        # The row began a later day (after a day off): keep its length, so that it is
        # an overlap and not one episode over the days between.
        end = start + pd.Timedelta(minutes=float(out.loc[i, "duration_min"]))
        out.loc[i, "end"] = end.strftime(_WRITTEN)
    out.loc[i, "duration_min"] = (end - start).total_seconds() / 60


def inject_faults(
    diary: pd.DataFrame, cases: pd.DataFrame, share: float, rng: np.random.Generator
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Return a corrupted copy of ``diary`` and the list of faulty rows.

    ``start`` and ``end`` become ISO strings so that unparseable values can be
    written. About ``share`` of the rows get one fault each, spread evenly over
    the kinds in :data:`FAULT_OUTCOME`; duplicates are appended at the end. An
    ``overlap`` never follows a row rejected or given to another worker
    (:func:`_overlap_after_kept`), so each row's ``expected`` is what validation makes
    of it.

    Returns
    -------
    diary : DataFrame
        The corrupted diary (original rows in order, duplicates appended).
    faults : DataFrame
        ``row`` (0-based position in the returned diary), ``fault`` and
        ``expected`` (rejected, duplicate or warning).
    """
    out = diary.copy()
    for col in ("start", "end"):
        out[col] = out[col].dt.strftime(_WRITTEN).astype("string")
    n = len(out)
    k = max(len(FAULT_OUTCOME), int(round(share * n)))
    # Leave the first row of each worker alone so "overlap" always has a predecessor.
    first = out.groupby("worker_id").cumcount().to_numpy() == 0
    pick = rng.choice(np.flatnonzero(~first), size=min(k, int((~first).sum())), replace=False)
    kinds = _overlap_after_kept(pick, np.resize(np.array(list(FAULT_OUTCOME)), len(pick)))
    rows, faults = [], []
    for pos, kind in zip(*_overlaps_last(pick, kinds), strict=True):
        i = out.index[pos]
        if kind == "unparseable_time":
            out.loc[i, "start"] = rng.choice(["25:70", "not a time", "2026-13-45T09:00"])
        elif kind == "end_before_start":
            out.loc[i, ["start", "end"]] = out.loc[i, ["end", "start"]].to_numpy()
        elif kind == "missing_worker":
            out.loc[i, "worker_id"] = pd.NA
        elif kind == "overlap":
            _overlap(out, diary, pos)
        elif kind == "unknown_worker":
            out.loc[i, "worker_id"] = "W_UNKNOWN"
        elif kind == "unknown_case":
            out.loc[i, "case_id"] = "C_UNKNOWN"
        if kind == "duplicate":
            rows.append(pos)
            continue
        faults.append((pos, kind))
    dupes = out.iloc[rows]
    faults += [(n + j, "duplicate") for j in range(len(rows))]
    out = pd.concat([out, dupes], ignore_index=True)
    table = pd.DataFrame(faults, columns=["row", "fault"]).sort_values("row", ignore_index=True)
    table["expected"] = table["fault"].map(FAULT_OUTCOME)
    return out, table
