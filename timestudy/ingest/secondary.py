"""Secondary activities of slot diaries: episodes of their own that add no minutes.

A secondary activity (HETUS ``Sec1..Sec144``, a long-format row marked secondary) is
read into :attr:`IngestResult.secondary`, never into the main episodes, so the main
episodes' minutes stay the diary's time. Where one secondary episode covers a whole
main episode, the main episode's ``secondary_activity`` names it (multitasking
measures then count it); a secondary activity covering only part of a main episode is
left in the secondary table, so no minute is counted as multitasking that was not.

A secondary activity whose times cannot be read (its diary row's date is unreadable: that
row's main episodes are rejected, naming it) is not read either, and never silently: the
report counts them (``secondary_not_read``, ``secondary_minutes_not_read``) and a warning
(``secondary_not_read``) names the rows.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from timestudy.ingest.candidates import Candidates
from timestudy.ingest.files import RawTable
from timestudy.ingest.mapping import DiaryMapping
from timestudy.ingest.times import resolve_times
from timestudy.schema.clock import diary_date

COLUMNS = ("worker_id", "start", "end", "duration_min", "activity", "slots", "source_row",
           "diary_date")


def secondary_episodes(cand: Candidates, raw: RawTable, mapping: DiaryMapping,
                       episodes: pd.DataFrame) -> tuple[pd.DataFrame | None, dict]:
    """The secondary episodes of ``cand`` (None when it has none), and the report's details
    on those not read; fills the main episodes' ``secondary_activity`` where a secondary
    episode covers one whole."""
    sec = cand.secondary
    if sec is None:
        return None, {}
    times = resolve_times(sec.frame, sec.labels, mapping, sec.layout)
    ok = ~np.isnat(times.start) & ~np.isnat(times.end)
    lost = not_read(raw.source_row[sec.origin[~ok]], _slot_minutes(sec.frame, times)[~ok],
                    _slots_named(sec.frame["slots"][~ok]))
    out = pd.DataFrame({
        "worker_id": sec.frame["worker_id"].astype("string").to_numpy()[ok],
        "start": times.start[ok].astype("M8[us]"),
        "end": times.end[ok].astype("M8[us]"),
        "duration_min": times.minutes[ok],
        "activity": sec.frame["activity"].astype("string").to_numpy()[ok],
        "slots": sec.frame["slots"].astype("string").to_numpy()[ok],
        "source_row": raw.source_row[sec.origin[ok]].astype(np.int64),
    })
    out["diary_date"] = diary_date(out["start"], mapping.day_start_hours)
    out["counts_in_total"] = False
    _cover(episodes, out)
    return out.sort_values(["worker_id", "start"], kind="stable").reset_index(drop=True), lost


def _slots_named(slots: pd.Series) -> np.ndarray:
    """Slots as a warning names them: ``Sec115-Sec126`` as written, numbers as ``slots 1-2``."""
    text = slots.astype("string").fillna("")
    numbered = text.str.fullmatch(r"[\d-]+").fillna(False).to_numpy(bool)
    return np.where(numbered, "slots " + text.to_numpy(str), text.to_numpy(str))


def _slot_minutes(frame: pd.DataFrame, times) -> np.ndarray:
    """Each episode's minutes as its slots give them (known without its date), else as read."""
    if {"_start_min", "_end_min"} <= set(frame.columns):
        return (frame["_end_min"] - frame["_start_min"]).to_numpy(float)
    return np.asarray(times.minutes, float)


def not_read(rows: np.ndarray, minutes: np.ndarray, slots: np.ndarray | None = None) -> dict:
    """The report's details and warning on secondary episodes whose times cannot be read.

    Parameters
    ----------
    rows : ndarray of int
        The file row of each such episode (the first of its run).
    minutes : ndarray of float
        Each one's minutes as its slots give them.
    slots : ndarray of str, optional
        Each one's slots as written (``Sec115-Sec126``, ``slots 1-2``), named with its row.

    Returns
    -------
    dict
        Empty when there are none; else ``secondary_not_read``,
        ``secondary_minutes_not_read`` and ``warning``.

    Examples
    --------
    >>> d = not_read(np.array([3, 3, 7]), np.array([20.0, 10.0, 30.0]))
    >>> d["secondary_not_read"], d["secondary_minutes_not_read"]
    (3, 60.0)
    >>> d["warning"]["message"][:61]
    '3 secondary activities (60 minutes) of rows 3 and 7 were not '
    >>> not_read(np.array([3]), np.array([120.0]), np.array(["Sec115-Sec126"]))["warning"][
    ...     "message"][:58]
    '1 secondary activity (120 minutes) of row 3 (Sec115-Sec126'
    >>> not_read(np.array([], int), np.array([]))
    {}
    """
    if not len(rows):
        return {}
    rows = np.asarray(rows, np.int64)
    named_slots = pd.Series(np.full(len(rows), "", object) if slots is None else
                            np.asarray(slots, object).astype(str))
    each = named_slots.groupby(rows, sort=True).agg(  # a row named once, with all its slots
        lambda x: ", ".join(v for v in x if v))
    shown = each if len(each) <= 10 else pd.concat([each.head(10), each.tail(1)])
    parts = [f"{r}" + (f" ({s})" if s else "") for r, s in shown.items()]
    named = (f"row {parts[0]}" if len(parts) == 1 else
             f"rows {', '.join(parts[:-1][:9])}{', ...' if len(parts) > 10 else ''}"
             f" and {parts[-1]}")
    k, total = len(rows), round(float(np.nansum(minutes)), 4)
    return {"secondary_not_read": k, "secondary_minutes_not_read": total, "warning": {
        "code": "secondary_not_read", "message": (
            f"{k:,} secondary {'activity' if k == 1 else 'activities'} ({total:g} minutes) "
            f"of {named} {'was' if k == 1 else 'were'} not read: the row's date cannot be "
            "read, so its main activities are rejected (see .rejects) and its secondary "
            "activities with them; correct the date and read the file again")}}


def _cover(episodes: pd.DataFrame, sec: pd.DataFrame) -> None:
    """Name the secondary activity of each main episode one secondary episode covers whole."""
    if episodes.empty or sec.empty or "secondary_activity" not in episodes:
        return
    keys = ["worker_id", "diary_date"]  # a covering episode is of the same diary day
    main = episodes[[*keys, "start", "end"]].reset_index(drop=True).rename_axis("i")
    main = main.reset_index()
    both = main.merge(sec[[*keys, "start", "end", "activity"]], on=keys, suffixes=("", "_s"))
    both = both[(both["start_s"] <= both["start"]) & (both["end_s"] >= both["end"])]
    both = both.drop_duplicates("i")
    if len(both):
        column = episodes["secondary_activity"].astype("string")
        column.iloc[both["i"].to_numpy()] = both["activity"].to_numpy()
        episodes["secondary_activity"] = column
