"""Warnings on accepted episodes: the row is kept and flagged, and concurrent time is counted once.

Flag codes (semicolon-separated in the ``flags`` column):

``overlap``
    Part of the episode's time is counted for another episode of the same worker, so its
    ``counted_min`` leaves it out (:func:`overlap_minutes`): it starts before an earlier
    episode has ended (an entry begun before the last one ended: the entry that started
    first keeps the time; of entries starting together the one that ends first; entries
    of the same start and end share it equally, and the report warns
    ``same_times_shared``), or an *interruption* lies inside it (lunch
    12:30-13:30 with a call 13:00-13:15 written inside it: the call, an entry wholly
    inside a longer one that started earlier, counts its own 15 minutes and is not
    flagged; lunch counts 45 and is). (Not set on an episode the export records as
    multitasking: that overlap is flagged ``multitasking``; such an episode is never an
    interruption, nor is a ``time_of_day_unknown`` row.)
``gap_before``
    More than ``gap_minutes`` (default 60) since the worker's previous episode
    on the same diary day (the latest end of those that started earlier): the entries
    that share the day's first start follow none, whatever their order in the file.
``long_episode``
    Longer than ``long_episode_hours`` (default 12).
``long_day``
    The worker-day has more than ``long_day_hours`` (default 16) of counted time.
``unknown_worker`` / ``unknown_case``
    ``worker_id`` or ``case_id`` is not in the workers or cases table given.
``duration_mismatch``
    The source's own duration (or elapsed time) and the clock times differ by more than
    ``mismatch_tolerance_seconds``; ``minutes_from`` says which was counted.
``clock_change``
    The episode spans a clock change, so its duration differs from the clock times (an
    end made from a start and a duration included: it is the start plus the true minutes).
``clock_change_unchecked``
    The mapping gives no time zone and the episode's clock times would be read otherwise
    in Europe/London: across a clock change there (other minutes) or in the hour it skips
    (rejected). Its minutes stay as written; the report says which days
    (:mod:`timestudy.ingest.zones`).
``instantaneous``, ``crossed_midnight``, ``truncated_at_diary_end``
    The one rule for time (:mod:`timestudy.ingest.timerules`).
``interrupted``, ``interrupting``, ``multitasking``, ``participant_id_reused``, ``outside_session``
    What an observation export records (:mod:`timestudy.ingest.observed`).
``time_of_day_unknown``
    A row of a diary without times (layout ``dated``): its start and end are placed in
    file order within its worker-day (:mod:`timestudy.ingest.dated`), not the time of day.
    Overlaps and gaps are not judged between such rows, and no time-of-day figure counts
    them.
``duration_read_as_hours``
    The row's duration is a plain number of a column the clock shows to be in hours, read
    as hours (:mod:`timestudy.ingest.clock_hours`).
``shown_as_free``
    A calendar shows the entry's time as free (Outlook's ``Show time as`` 0): counted,
    but it may be a reminder, not work (:mod:`timestudy.ingest.all_day`).
``shown_as_tentative``, ``shown_as_out_of_office``
    A calendar shows the entry as tentative (``Show time as`` 1: a meeting not accepted,
    which may not have happened) or out of office (3: leave or a marker as often as work):
    counted, and warned (:mod:`timestudy.ingest.all_day`).
``filled_down``
    A cell of a column the mapping's ``fill_down`` names was blank and took the value of
    the nearest filled cell above (a date written once at the top of each day).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from timestudy.ingest.accounting import with_counted
from timestudy.ingest.mapping import DiaryMapping
from timestudy.ingest.overlaps import NS_PER_MIN, overlap_minutes

FLAG_CODES = (
    "overlap",
    "gap_before",
    "long_episode",
    "long_day",
    "unknown_worker",
    "unknown_case",
    "duration_mismatch",
    "clock_change",
    "clock_change_unchecked",
    "instantaneous",
    "crossed_midnight",
    "truncated_at_diary_end",
    "interrupted",
    "interrupting",
    "multitasking",
    "participant_id_reused",
    "outside_session",
    "next_day_by_order",
    "total_over_elapsed",
    "filled_down",
    "time_of_day_unknown",
    "duration_read_as_hours",
    "shown_as_free",
    "shown_as_tentative",
    "shown_as_out_of_office",
    "figures_disagree",  # (last: the bits of the others stay as they were)
)


def flag_episodes(
    eps: pd.DataFrame,
    worker: np.ndarray,
    start_at: np.ndarray,
    end_at: np.ndarray,
    mapping: DiaryMapping,
    extra: dict[str, np.ndarray],
    worker_ids: set | None = None,
    case_ids: set | None = None,
    day: np.ndarray | None = None,
) -> tuple[np.ndarray, pd.Series, dict[str, int]]:
    """``counted_min``, ``flags`` and counts by flag for episodes sorted by worker and start.

    Parameters
    ----------
    eps : DataFrame or mapping
        Accepted episodes with ``worker_id``, ``case_id``, ``duration_min`` and, unless
        ``day`` is given, ``diary_date``.
    worker : ndarray of int
        Worker codes, sorted.
    start_at, end_at : ndarray of int64
        Instants in ns (UTC with a time zone).
    mapping : DiaryMapping
        Thresholds.
    extra : dict
        Masks for flags found earlier (``duration_mismatch``, ``clock_change``, ...).
    worker_ids, case_ids : set, optional
        Known identifiers; ``None`` when no table was given (no flag).
    day : ndarray of int, optional
        A number per diary day (equal numbers, the same day), instead of ``diary_date``.
    """
    multitasking = extra.get("multitasking")
    unknown = extra.get("time_of_day_unknown")
    held = [m for m in (multitasking, unknown) if m is not None and m.any()]
    # recorded parallel work, or a row placed without a time of day, is no interruption
    interrupts = ~np.logical_or.reduce(held) if held else None
    apart = unknown is not None and unknown.any() and not unknown.all()
    covered, previous = (each_kind(worker, start_at, end_at, interrupts, unknown) if apart
                         else overlap_minutes(worker, start_at, end_at, interrupts))
    minutes = np.asarray(eps["duration_min"], dtype=float)
    overlap = covered > 0
    if multitasking is not None:
        overlap &= ~multitasking
    counted = np.subtract(minutes, covered, out=covered)  # the minutes covered are done with
    np.maximum(counted, 0.0, out=counted)
    del covered
    if day is None:
        day = eps["diary_date"].to_numpy("M8[ns]").view("i8")
    n = len(minutes)
    same_day = np.zeros(n, bool)
    np.logical_and(worker[1:] == worker[:-1], day[1:] == day[:-1], out=same_day[1:])
    # worker-days are contiguous (sorted by worker and start): number them in order
    segment = np.cumsum(~same_day)
    segment -= 1
    # each worker-day's total judged once, the verdict spread to its rows
    long_day = (np.bincount(segment, weights=counted) > mapping.long_day_hours * 60)[segment]
    gap_ns = int(round(mapping.gap_minutes * NS_PER_MIN))
    # the time since the worker's latest earlier end (wraps around on a worker's first row,
    # where ``previous`` holds the smallest int64: those rows are not ``same_day``)
    gap = np.subtract(start_at, previous, out=previous)
    gap_before = gap > gap_ns
    gap_before &= same_day
    del gap, previous
    if gap_before.any():  # the day's first entries (tied on its first start) follow none of it
        first = np.where(unknown, np.iinfo(np.int64).max, start_at) if apart else start_at
        gap_before &= start_at > _day_first_start(first, same_day, segment)
    if apart:  # a placed row's clock is no gap, and a timed row's gap is from timed rows
        gap_before &= ~unknown
    del segment
    if unknown is not None and unknown.any():  # a placed row's clock is not the time of day
        both = np.zeros(n, bool)  # this row and the one before it placed
        both[1:] = unknown[1:] & unknown[:-1]
        gap_before &= ~both
        overlap = overlap & ~both
    masks = {
        "overlap": overlap,
        "gap_before": gap_before,
        "long_episode": minutes > mapping.long_episode_hours * 60,
        "long_day": long_day,
        "unknown_worker": _unknown(eps["worker_id"], worker_ids),
        "unknown_case": _unknown(eps["case_id"], case_ids),
        **extra,
    }
    bits = np.zeros(n, np.uint32)
    counts = {}
    for k, code in enumerate(FLAG_CODES):
        mask = masks.get(code)
        found = int(np.count_nonzero(mask)) if mask is not None else 0
        if found:
            bits[np.asarray(mask, bool)] |= np.uint32(1 << k)
            counts[code] = found
    return counted, _bits_to_text(bits), counts


def each_kind(worker: np.ndarray, start_at: np.ndarray, end_at: np.ndarray,
              interrupts: np.ndarray | None, placed: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """:func:`overlap_minutes` of the ``placed`` rows (no time of day: their clock made up,
    :mod:`timestudy.ingest.untimed_rows`) among themselves and of the others among
    themselves, so that no made-up time covers a real one or is covered by it.

    Examples
    --------
    A visit 04:15-05:00 and an entry with no time of day placed 04:00-05:00: neither
    covers the other.

    >>> w, p = np.zeros(2, int), np.array([True, False])
    >>> s, e = np.array([0, 15]) * NS_PER_MIN, np.array([60, 60]) * NS_PER_MIN
    >>> each_kind(w, s, e, ~p, p)[0].tolist(), overlap_minutes(w, s, e, ~p)[0].tolist()
    ([0.0, 0.0], [45.0, 0.0])
    """
    covered = np.zeros(len(worker))
    previous = np.full(len(worker), np.iinfo(np.int64).min)
    for rows in (np.flatnonzero(placed), np.flatnonzero(~placed)):  # each still sorted
        covered[rows], previous[rows] = overlap_minutes(
            worker[rows], start_at[rows], end_at[rows],
            None if interrupts is None else interrupts[rows])
    return covered, previous


def _day_first_start(start_at: np.ndarray, same_day: np.ndarray, segment: np.ndarray) -> np.ndarray:
    """Each row's worker-day's earliest start (``segment`` numbers the worker-days in order,
    ``same_day`` is false on each one's first row).

    Examples
    --------
    >>> s = np.array([9, 9, 10, 8])
    >>> _day_first_start(s, np.array([False, True, True, False]), np.array([0, 0, 0, 1])).tolist()
    [9, 9, 9, 8]
    """
    return np.minimum.reduceat(start_at, np.flatnonzero(~same_day))[segment]


def _unknown(values: pd.Series, known: set | None) -> np.ndarray | None:
    if known is None:
        return None
    return (values.notna() & ~values.isin(list(known))).to_numpy(bool)


def _bits_to_text(bits: np.ndarray) -> pd.Series:
    """Flag bit patterns as ``overlap;long_day`` text, through a table of the patterns found."""
    if len(bits) == 0:
        return pd.Series(
            pd.arrays.ArrowStringArray(pa.array([], pa.large_string())), dtype="string"
        )
    top = int(bits.max())
    if top < max(1 << 16, 2 * len(bits)):  # a table of every pattern up to the largest
        present = np.flatnonzero(np.bincount(bits))
        at, slot, size = bits.astype(np.int32), present, top + 1
    else:  # a flag of a high bit (time_of_day_unknown: bit 20) on a small diary: a table
        # of the patterns present, not of a million (46 ms of a 30-row diary's read)
        present, inverse = np.unique(bits, return_inverse=True)
        at, slot, size = inverse.astype(np.int32), np.arange(len(present)), len(present)
    table = [""] * size
    for i, u in zip(slot.tolist(), present.tolist(), strict=True):  # a handful, not per row
        table[i] = ";".join(c for k, c in enumerate(FLAG_CODES) if u >> k & 1)
    text = pc.take(pa.array(table, pa.large_string()), pa.array(at))
    return pd.Series(pd.arrays.ArrowStringArray(text), dtype="string")


SHARED = "same_times_shared"


def refresh_shared(details: dict, episodes: pd.DataFrame, layout: str | None = None) -> dict:
    """The report's ``details`` with what depends on entries sharing their time worked out
    again from ``episodes`` (after identifiers were folded and copies dropped): the minutes
    counted and under other entries (:func:`~timestudy.ingest.accounting.with_counted`) and
    the ``same_times_shared`` warning.

    Examples
    --------
    >>> e = pd.DataFrame({"duration_min": [60.0], "counted_min": [60.0]})
    >>> d = refresh_shared({"minutes": {"minutes_under_other_entries": 30.0},
    ...                     "warnings": [{"code": SHARED, "message": "..."}]}, e)
    >>> d["minutes"]["minutes_under_other_entries"], d["warnings"]
    (0.0, [])
    """
    out = dict(details)
    if "minutes" in out:
        out["minutes"] = with_counted(out["minutes"], episodes)
    said = shared_time_warning(episodes, layout)
    kept = [w for w in out.get("warnings", ()) if w.get("code") != SHARED]
    if said or "warnings" in out:
        out["warnings"] = [*kept, *([said] if said else [])]
    return out


def shared_time_warning(episodes: pd.DataFrame, layout: str | None = None) -> dict | None:
    """The report's warning on entries of one worker with the same start and end, which
    share their minutes equally (:func:`~timestudy.ingest.overlaps.overlap_minutes`): ``code``, a one-line
    ``message`` naming one of them, ``episodes``, or None.

    Examples
    --------
    >>> t = pd.to_datetime(["2026-03-11 09:40", "2026-03-11 10:40"])
    >>> e = pd.DataFrame({"worker_id": ["W03", "W03", "W03"], "start": [t[0], t[0], t[1]],
    ...     "end": [t[1], t[1], t[1]], "activity": ["SV older", "SV younger", "call"],
    ...     "case_id": ["E1", "E2", None]})
    >>> print(shared_time_warning(e)["message"])  # doctest: +ELLIPSIS
    same_times_shared: 2 entries share their minutes equally with another entry of the same start and end (W03 2026-03-11 09:40-10:40: 'SV older' (E1), 'SV younger' (E2)): ...

    A slot diary's activities of one slot share it too, unsaid (the grid gives them their
    times: there are no others to give).
    """
    if layout in ("slots", "long_slots") or episodes.empty or not {"worker_id", "start", "end"} <= set(episodes.columns):
        return None
    start = episodes["start"].to_numpy()  # (sorted by worker and start: ties are neighbours)
    near = np.zeros(len(start), bool)
    near[1:] = start[1:] == start[:-1]
    near[:-1] |= near[1:]
    if not near.any():
        return None
    near = np.flatnonzero(near)
    keys = episodes[["worker_id", "start", "end"]].iloc[near]
    alike = keys.duplicated(keep=False).to_numpy(bool) & (keys["end"] > keys["start"]
                                                          ).to_numpy(bool, na_value=False)
    n = int(alike.sum())
    if not n:
        return None
    first = near[np.flatnonzero(alike)[0]]
    mine = keys.iloc[np.flatnonzero(alike)]
    mine = episodes.iloc[near[np.flatnonzero(alike)]][
        (mine == mine.iloc[0]).all(axis=1).to_numpy(bool)].head(3)
    said = ", ".join(
        repr(str(a)) + (f" ({c})" if pd.notna(c) else "")
        for a, c in zip(mine.get("activity", pd.Series("", index=mine.index)),
                        mine.get("case_id", pd.Series(pd.NA, index=mine.index)), strict=True))
    s, e = episodes["start"].iloc[first], episodes["end"].iloc[first]
    message = (
        f"{SHARED}: {n:,} entries share their minutes equally with another entry of the same "
        f"start and end ({episodes['worker_id'].iloc[first]} {s:%Y-%m-%d %H:%M}-{e:%H:%M}: "
        f"{said}): where the time was not split evenly (a visit to siblings written once "
        "per child), give each entry its own times or its share of the minutes")
    return {"code": SHARED, "message": message, "episodes": n}
