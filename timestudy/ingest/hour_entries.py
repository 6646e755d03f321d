"""Entries of a column of minutes that read as hours: named line by line, never changed.

**Hours among minutes** (``duration_hours_among_minutes``, :func:`hours_among_minutes`):
when the column as a whole reads as minutes, an entry whose duration read as minutes is
under 2, or not a whole number (``1,5``, ``0.75``, ``7.5``: decimal minutes are not what a
diary writes), and whose worker's next start on the same diary day is exactly that many
*hours* later (within the tolerance), with no end of its own, is named line by line
(s4_onehour.csv: ``1,5`` at 10:00 before 11:30 and ``0,75`` at 12:45 before 13:30 were 1.5
and 0.75 minutes, 197.25 minutes in all where the writer meant 330). It is read as written,
never changed: the warning gives both totals.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from timestudy.ingest.mapping import DiaryMapping

AMONG_CODE = "duration_hours_among_minutes"
_SHORT_MIN = 2.0  # a duration read as minutes under this is odd in a diary


def hours_among_minutes(episodes: pd.DataFrame, mapping: DiaryMapping,
                        label: str = "duration_min") -> dict | None:
    """The warning ``duration_hours_among_minutes`` when single entries of a column of
    minutes read as hours would fit their worker's next start exactly, else None.

    Parameters
    ----------
    episodes : DataFrame
        Accepted episodes sorted by worker and start (``worker_id``, ``start``, ``end``,
        ``duration_min``, ``diary_date``, optionally ``source_row``).
    mapping : DiaryMapping
        No warning when it gives ``duration_unit``; ``mismatch_tolerance_seconds`` is how
        near the next start must be.
    label : str
        The duration column's header in the file, for the message.

    Returns
    -------
    dict or None
        ``code``, ``message`` (one line naming the lines), ``rows`` (how many),
        ``lines`` (their source rows), ``minutes_as_read`` and ``minutes_if_hours`` (the
        accepted total as read, and with those entries read as hours).

    Examples
    --------
    Hand-worked: 1.5 at 10:00 is followed at 11:30 (90 minutes = 1.5 hours later); 60 at
    09:00 and 45 at 11:30 fit minutes. As read: 60 + 1.5 + 45 = 106.5 minutes; with 1.5 as
    hours: 60 + 90 + 45 = 195.

    >>> e = pd.DataFrame({"worker_id": ["W1"] * 3, "source_row": [2, 3, 4],
    ...     "start": pd.to_datetime(["2026-03-09 09:00", "2026-03-09 10:00",
    ...                              "2026-03-09 11:30"]),
    ...     "duration_min": [60, 1.5, 45]})
    >>> e["end"] = e["start"] + pd.to_timedelta(e["duration_min"], unit="min")
    >>> e["diary_date"] = e["start"].dt.normalize()
    >>> w = hours_among_minutes(e, DiaryMapping(), "Minutes")
    >>> w["lines"], w["minutes_as_read"], w["minutes_if_hours"]
    ([3], 106.5, 195.0)
    """
    if mapping.duration_unit is not None or len(episodes) < 2:
        return None
    minutes = episodes["duration_min"].to_numpy(float)
    # not whole: m != floor(m), as mod(m, 1) != 0 is for 0 < m <= 24 (a tenth of the time)
    odd = (minutes > 0) & (minutes <= 24)
    odd &= (minutes < _SHORT_MIN) | (minutes != np.floor(minutes))
    if not odd.any():  # the usual diary: no more is computed
        return None
    tol = mapping.mismatch_tolerance_seconds / 60
    start = in_minutes(episodes["start"])
    day = episodes["diary_date"].to_numpy().view("i8")
    gap = np.append(start[1:] - start[:-1], np.nan)
    paired = np.append((day[1:] == day[:-1]) & same_worker(episodes["worker_id"]), False)
    own_end = np.abs(in_minutes(episodes["end"]) - start - minutes) > tol
    fits = odd & paired & ~own_end & (np.abs(gap - minutes * 60) <= tol)
    fits &= np.abs(gap - minutes) > tol  # (a next start that fits minutes too says nothing)
    at = np.flatnonzero(fits)
    if not len(at):
        return None
    lines = (episodes["source_row"].to_numpy()[at] if "source_row" in episodes
             else at + 1).astype(int).tolist()
    as_read = float(np.nansum(minutes))
    if_hours = as_read + float(np.sum(minutes[at] * 59))
    shown = "; ".join(
        f"{n}: {v:g} read as {v:g} min, next start {g:g} min later"
        for n, v, g in zip(lines[:8], minutes[at][:8], gap[at][:8], strict=True)
    ) + (" ..." if len(at) > 8 else "")
    many = "entries" if len(at) > 1 else "entry"
    return {
        "code": AMONG_CODE,
        "message": (
            f"{AMONG_CODE}: {label!r} is read as minutes, but {len(at)} {many} under 2 "
            f"minutes or not whole would end exactly at the worker's next start if read as "
            f"hours (source rows {shown}); kept as minutes ({as_read:g} min accepted; "
            f"{if_hours:g} if those are hours): if they mean hours, correct them at those "
            "lines (1.5 -> 90), or set duration_unit: hours if the whole column is hours "
            "(duration_unit: minutes keeps minutes and silences this)"
        ),
        "rows": int(len(at)),
        "lines": lines,
        "minutes_as_read": round(as_read, 4),
        "minutes_if_hours": round(if_hours, 4),
    }


def in_minutes(stamps: pd.Series) -> np.ndarray:
    """Minutes since the epoch of a datetime column (NaN where missing)."""
    values = stamps.to_numpy()
    per_minute = np.timedelta64(1, "m") / np.timedelta64(1, np.datetime_data(values.dtype)[0])
    out = values.view("i8") / per_minute
    out[np.isnat(values)] = np.nan
    return out


def same_worker(workers: pd.Series) -> np.ndarray:
    """Whether each episode's worker is the next one's."""
    ids = pa.array(workers, from_pandas=True)
    same = pc.equal(ids.slice(1), ids.slice(0, len(ids) - 1))
    return pc.fill_null(same, False).to_numpy(zero_copy_only=False)
