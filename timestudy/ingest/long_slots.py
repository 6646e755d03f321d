"""Long-format slot diaries: a row per diary, slot and activity (MTUS / UK time-use style).

Columns: ``worker_id`` (the diary), ``date`` (the diary date), ``slot_number`` (1, 2,
..., counted from ``first_slot_start`` in slots of ``slot_minutes``: slot 121 of a
diary from 04:00 in 10-minute slots starts at 00:00 the next day), the activity
(``slot_value``, default ``activity``) and, optionally, ``is_secondary`` (``1``/``true``
marks a secondary activity in that slot: it overlaps the main one and adds no minutes).

Rows of one diary in consecutive slots with the same main activity *and the same value
in every other column* (case, instance, location, ...: all of them reach the episode)
make one episode (one candidate, so ``n_read`` counts episodes and ``rows_in_file``
counts rows, as for a slot grid): a home visit for case C1 then one for C2 are two
episodes. Secondary rows make secondary episodes the same way. With a time zone, slots
in the hour a spring clock change skips count no minutes, as in a slot grid
(:func:`~timestudy.ingest.slot_clock.skipped_hour`: a run over that hour is read across the
change, flagged ``clock_change``). A slot number that is
not a whole number from 1, or is beyond the diary day (145 of 144 ten-minute slots), is
rejected ``bad_slot``; the report's warnings say so, and how many episodes the rows made.
A line repeated whole does not split its run: the run is one episode and the repeated line
an exact duplicate, counted once (``cand.details["copies"]``: the validator counts these
candidates as copies, their minutes apart), named in the warnings (``repeated_slot_rows``).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from timestudy.errors import SchemaError
from timestudy.ingest.candidates import Candidates
from timestudy.ingest.mapping import HELPER_COLUMNS, DiaryMapping
from timestudy.ingest.slot_clock import repeated_hour, skipped_hour
from timestudy.schema import parse
from timestudy.schema.tables import load_schema, text_values


def read_long_slots(
    frame: pd.DataFrame, labels: dict, mapping: DiaryMapping, name: str
) -> Candidates:
    """Candidate episodes (and secondary episodes) from a long-format slot diary.

    Examples
    --------
    >>> f = pd.DataFrame({"worker_id": "H1", "date": "2023-03-15", "slot_number": ["1", "2", "3"],
    ...                   "activity": ["sleep", "sleep", "meal"]})
    >>> m = DiaryMapping(first_slot_start="04:00", slot_minutes=10)
    >>> c = read_long_slots(f, {}, m, "x.csv")
    >>> c.frame[["activity", "_start_min", "_end_min", "slots"]].values.tolist()
    [['sleep', 240.0, 260.0, '1-2'], ['meal', 260.0, 270.0, '3']]
    """
    if not (mapping.first_slot_start and mapping.slot_minutes):
        raise SchemaError(
            "is a long-format slot diary: give first_slot_start (the clock time of slot 1, "
            'e.g. "04:00") and slot_minutes (e.g. 10) in the mapping',
            source=name,
        )
    missing = load_schema("episodes").missing_values
    value = mapping.slot_value
    number = parse.numbers(text_values(frame["slot_number"], missing).fillna(""))
    ok = ~np.isnan(number) & (number >= 1) & (number == np.round(number))
    per_day = int(np.ceil(1440 / mapping.slot_minutes))
    beyond = ok & (number > per_day)  # slot 145 of 144 ten-minute slots: the next diary day
    ok &= ~beyond
    secondary = np.zeros(len(frame), bool)
    if "is_secondary" in frame:
        secondary = parse.booleans(text_values(frame["is_secondary"], missing).fillna("0")) == 1
    first = parse.time_minutes(pd.Series([mapping.first_slot_start]))[0]
    length = float(mapping.slot_minutes)
    keep = [c for c in frame.columns if c not in ("slot_number", "is_secondary", value)]
    # a line repeated whole (same diary, slot and values) is not a second slot: kept out of
    # the runs, so the run is one episode, and read as a candidate the validator counts as
    # an exact duplicate (its minutes apart), named in the warnings
    repeated = _repeated(frame) & ok
    main = _runs_and_copies(frame, keep, value, number, ok & ~secondary, repeated, first, length)
    slots = {str(n): first + (n - 1) * length for n in range(1, per_day + 1)}
    gap = skipped_hour(frame, main[1], main[0], value, slots, mapping, "slots")
    gap += repeated_hour(frame, main[1], main[0], value, slots, mapping, "slots")
    bad = np.flatnonzero(~ok)
    if len(bad):  # kept as candidates of their own, rejected bad_slot when times are read
        rows = frame[[*keep, value, "slot_number"]].iloc[bad].reset_index(drop=True)
        rows["_start_min"], rows["_end_min"] = np.nan, np.nan
        rows["slots"] = pd.Series(pd.NA, index=rows.index, dtype="string")
        main = (pd.concat([main[0], rows], ignore_index=True), np.concatenate([main[1], bad]))
    labels = {**labels, "_start_min": labels.get("slot_number", "slot"),
              "_end_min": labels.get("slot_number", "slot")}
    known = set(load_schema("episodes").names) | set(HELPER_COLUMNS)
    extras = [c for c in keep if c not in known]
    cand = Candidates(main[0], main[1], labels, [*extras, "slots"], "long_slots",
                      {"slot_minutes": int(length), "secondary_rows": int(secondary.sum())})
    n_sec = 0
    if secondary.any():
        sec = _runs_and_copies(frame, keep, value, number, ok & secondary, repeated, first,
                               length, "activity")
        skipped_hour(frame, sec[1], sec[0], "activity", {}, mapping, "slots")
        gap += repeated_hour(frame, sec[1], sec[0], "activity", slots, mapping,
                             "secondary slots", flagged=False)
        cand.secondary = Candidates(sec[0], sec[1], labels, [*extras, "slots"], "long_slots")
        n_sec = len(sec[0])
    cand.details["secondary_episodes"] = n_sec
    cand.details["copies"] = repeated[main[1]]  # candidates made of repeated lines only
    _report(cand, frame, (beyond, repeated), gap, per_day, mapping)
    return cand


def _report(cand: Candidates, frame: pd.DataFrame, rows: tuple[np.ndarray, np.ndarray],
            gap: list[str], per_day: int, mapping: DiaryMapping) -> None:
    """The report's account of what the reading interpreted: slot numbers beyond the day,
    lines repeated whole (``rows``: the two masks) and the hour a spring change skipped."""
    beyond, repeated = rows
    notes = _notes(frame["slot_number"][beyond], per_day, mapping)
    if repeated.any():
        notes.append(_repeated_note(frame, repeated, mapping.slot_value))
    if gap:  # the slot grid's rule: the skipped hour's slots count no minutes
        cand.details["clock_change_slots"] = gap
        notes.append({"code": "clock_change_slots", "message": "; ".join(gap[:3])})
    if notes:
        cand.details["warnings"] = notes
    cand.details["slots_beyond_day"] = int(beyond.sum())
    cand.details["repeated_slot_rows"] = int(repeated.sum())


def _notes(beyond: pd.Series, per_day: int, mapping: DiaryMapping) -> list[dict]:
    """The report's word on slot numbers beyond the diary day (rejected ``bad_slot``); the
    summary's first line says how many rows made how many episodes."""
    if not len(beyond):
        return []
    shown = ", ".join(map(str, beyond.astype("string").unique()[:5]))
    return [{"code": "slot_beyond_day", "message": (
        f"{len(beyond):,} {'row gives' if len(beyond) == 1 else 'rows give'} a slot number "
        f"beyond the {per_day} slots of {mapping.slot_minutes} minutes in a diary day from "
        f"{mapping.first_slot_start} ({shown}): rejected bad_slot (slot {per_day + 1} would be "
        "the next diary day's first); correct the slot numbers, or slot_minutes and "
        "first_slot_start in the mapping")}]


def _runs_and_copies(frame, keep, value, number, use, repeated, first, length, name=None):
    """:func:`_runs` of the rows ``use`` picks but ``repeated``, then those of the repeated
    lines it picks (each an episode of its own: a copy never extends a run)."""
    runs = _runs(frame, keep, value, number, use & ~repeated, first, length, name)
    if not (use & repeated).any():
        return runs
    copies = _runs(frame, keep, value, number, use & repeated, first, length, name)
    return (pd.concat([runs[0], copies[0]], ignore_index=True),
            np.concatenate([runs[1], copies[1]]))


def _repeated(frame: pd.DataFrame) -> np.ndarray:
    """Rows equal in every column to an earlier row (a line written twice).

    Examples
    --------
    >>> f = pd.DataFrame({"slot_number": ["1", "2", "2"], "activity": ["a", "a", "a"]})
    >>> _repeated(f).tolist()
    [False, False, True]
    """
    return pd.Series(_codes(frame, list(frame.columns))).duplicated().to_numpy(bool)


def _repeated_note(frame: pd.DataFrame, repeated: np.ndarray, value: str) -> dict:
    """The report's word on lines repeated whole: which, and how they are read."""
    cols = [c for c in ("worker_id", "date", "slot_number", value) if c in frame]
    shown = [" ".join(repr(str(v)) for v in r)  # quoted: withheld when published
             for r in frame.loc[repeated, cols].head(3).astype("string").fillna("").to_numpy()]
    k = int(repeated.sum())
    return {"code": "repeated_slot_rows", "message": (
        f"{k:,} {'line repeats' if k == 1 else 'lines repeat'} an earlier line whole "
        f"({'; '.join(shown)}{'; ...' if k > 3 else ''}): the run of slots is read once, "
        "and the repeated line counted as an exact duplicate; delete the repeated lines")}


def _runs(frame, keep, value, number, use, first, length, name=None):
    """Consecutive slots of one diary with the same value in every carried column (the
    activity and all of ``keep``), merged: a frame and its origins."""
    pos = np.flatnonzero(use)
    sub = frame.iloc[pos]
    diary = _codes(sub, [c for c in ("worker_id", "date") if c in sub])
    what = _codes(sub, [*keep, value])  # a run breaks where any of them changes
    slot = number[pos].astype(np.int64)
    order = np.lexsort((slot, diary))
    pos, diary, what, slot = pos[order], diary[order], what[order], slot[order]
    cont = np.zeros(len(pos), bool)
    cont[1:] = (diary[1:] == diary[:-1]) & (what[1:] == what[:-1]) & (slot[1:] == slot[:-1] + 1)
    begins = np.flatnonzero(~cont)
    ends = np.r_[begins[1:], len(pos)] - 1
    out = frame[[*keep, value]].iloc[pos[begins]].reset_index(drop=True)
    if name and name != value:
        out = out.rename(columns={value: name})
    out["_start_min"] = first + (slot[begins] - 1) * length
    out["_end_min"] = first + slot[ends] * length
    spans = np.where(slot[begins] == slot[ends], slot[begins].astype(str),
                     np.char.add(np.char.add(slot[begins].astype(str), "-"),
                                 slot[ends].astype(str)))
    out["slots"] = pd.Series(spans, dtype="string")
    return out, pos[begins]


def _codes(sub: pd.DataFrame, columns: list[str]) -> np.ndarray:
    """One code per distinct combination of ``columns`` (a blank is ``""``)."""
    if not len(sub) or not columns:
        return np.zeros(len(sub), np.int64)
    key = pd.MultiIndex.from_frame(sub[columns].astype("string").fillna(""))
    return pd.factorize(key)[0]
