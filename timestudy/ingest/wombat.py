"""WOMBAT (Work Observation Method By Activity Timing) observation exports.

A row per observed task. What a real export carries (the columns as WOMBAT's web app
writes them; see ``tests/ingest/conformance/README.md`` for the sources) and what each
becomes:

=====================================  ==============================================
``session date``                       ``date`` (``01-Apr-2025``)
``observer id``                        ``observer``
``session id``                         ``session_id``
``location id``                        ``site`` (its folded key: see ``normalise_keys``)
``participant id``                     ``participant_id``; the worker is the
                                       participant *within its session* (``20010/P1``)
                                       unless ``participant_ids`` says ``site`` or
                                       ``person``
``session start``, ``session end``     where a session runs past midnight, a task
                                       time in its after-midnight part is on the next
                                       day (see below)
``observer/session/task id``           ``task_id``
``What (FORM)`` and ``(subcategories)``  ``activity_code``; ``activity`` as
                                       ``category: subcategory`` (a subcategory ``0``
                                       is WOMBAT's empty value)
``start time``, ``end time``           clock times (no date)
``elapsed time``                       ``elapsed``: compared with the clock times
``total time``                         ``duration_min``: time on task, counted; never
                                       more than ``elapsed time`` (then that is counted,
                                       the value in ``total_time_as_written``)
``[With Whom] X``, ``[How] Y``         boolean columns ``with_whom_x``, ``how_y``, and
                                       ``with_whom`` / ``how`` (the names set, by ``;``)
``Where``                              ``location`` (the place within the site)
``multi with``                         ``multitask_with`` (task ids done in parallel)
``is interrupting task?``              ``interrupting`` (boolean)
``interrupted by``, ``num of interrupts``  ``interrupted_by``, ``interruptions``
``int task id N``, ``int start N``, ``int end N``  the Nth pause (see
                                       :mod:`timestudy.ingest.pauses`)
=====================================  ==============================================

With a ``timezone``, a task's pause times and end are read in the order they happened
across a clock change (:func:`timestudy.ingest.clock_limits.zoned_pauses`); without one,
a pause that seems out of order there is rejected ``bad_pause`` naming ``--timezone``. A time
in the hour passed twice is read on its second pass by its session's order where so
(:mod:`timestudy.ingest.wombat_passes`).

Times carry no date: a task is on the ``session date``, or the next day where its session
runs past midnight, or (with no session times) where its start steps back past midnight
from the task before it (:mod:`timestudy.ingest.wombat_days`). Tasks that start or end
outside their session's clock span are flagged ``outside_session`` and counted in the
report's details (``tasks_outside_session``: how many, and the first task ids).

Older exports (and :func:`timestudy.simulate.observation.observation_example`) have
``Observer``, ``Participant ID``, ``Duration`` and no task ids: there ``Multi With``
names a secondary activity and is read as ``secondary_activity``.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from timestudy.ingest._reader import source_durations
from timestudy.ingest.candidates import Candidates, normalise
from timestudy.ingest.keys import fold_keys
from timestudy.ingest.mapping import HELPER_COLUMNS, DiaryMapping
from timestudy.ingest.wombat_days import session_days, task_days, task_ids, task_numbers
from timestudy.ingest.wombat_passes import session_passes
from timestudy.schema import parse
from timestudy.schema.tables import load_schema, text_values

_RENAMES = {
    "session_date": "date",
    "participant_id": "participant_id",
    "where": "location",
    "session_id": "session_id",
    "observer": "observer",
    "observer_id": "observer",
    "location_id": "site",
    "comments": "comments",
    "interrupted_by": "interrupted_by",
    "observer/session/task_id": "task_id",
    "elapsed_time": "elapsed",
    "total_time": "duration_min",
    "ended_by": "ended_by",
    "multi_with": "multi_with",
    "num_of_multitask_fragments": "multitask_fragments",
    "total_overlapping_time": "multitask_overlap",
    "num_of_interrupts": "interruptions",
    "is_interrupting_task?": "interrupting",
    "is_session_complete?": "session_complete",
    "session_start": "session_start",
    "session_end": "session_end",
}
_MAIN = re.compile(r"^what\s*\((.+?)\)$", re.I)
_SUB = re.compile(r"^what\s*\((.+?)\)\s*\(sub\s*categor(?:y|ies)\)$", re.I)
_FLAG = re.compile(r"^\[(with whom|how)\]\s*(.+)$", re.I)
_PAUSE = re.compile(r"^int_(task_id|start|end)_(\d+)$")
_PAUSE_NAMES = {"task_id": "task", "start": "start", "end": "end"}
_YES = ("1", "1.0", "true", "yes", "y", "x")
_EMPTY_TEXT = ("0",)  # WOMBAT writes an empty subcategory or comment as 0


def read_wombat(
    frame: pd.DataFrame, labels: dict, name: str, mapping: DiaryMapping | None = None
) -> Candidates:
    """Candidate episodes from a WOMBAT export (see the module notes for the columns).

    Examples
    --------
    >>> from timestudy.schema import EXAMPLES
    >>> from timestudy.ingest.files import read_table
    >>> from timestudy.ingest.layouts import rename_columns
    >>> f, labels = rename_columns(read_table(EXAMPLES / "wombat.csv"), DiaryMapping())
    >>> c = read_wombat(f, labels, "wombat.csv")
    >>> c.frame.loc[1, ["worker_id", "activity", "with_whom", "how"]].tolist()
    ['S017/SW04', 'Communication: Phone call', 'Parent/carer', 'Phone']
    """
    mapping = mapping or DiaryMapping()
    missing = load_schema("episodes").missing_values
    out = pd.DataFrame(index=frame.index)
    labels = dict(labels)
    used: set[str] = set()
    for col in frame.columns:
        key = normalise(col)
        target = _RENAMES.get(key) or _pause_name(key)
        if target == "duration_min" and "duration_min" in frame.columns:
            continue  # an older export's Duration is already the duration
        if target and target not in out and (target not in frame.columns or target == col):
            out[target] = frame[col]
            labels[target] = labels.get(col, str(col))
            used.add(col)
    has_task_ids = "task_id" in out
    _what(frame, out, labels, used, missing)
    _flags(frame, out, used)
    for col in frame.columns:
        if col not in used and col not in out:
            out[col] = frame[col]
    _clean_text(out, missing)
    if "multi_with" in out:  # as renamed by the generic step: ids, or an old secondary activity
        target = "multitask_with" if has_task_ids else "secondary_activity"
        if target not in out:
            out[target] = out.pop("multi_with")
            labels[target] = labels.get("multi_with", "multi with")
    _worker(out, labels, mapping, missing)
    over = _total_within_elapsed(out, labels, missing, mapping.mismatch_tolerance_seconds / 60)
    outside = session_days(out, missing)
    rolled = task_days(out, missing, mapping.max_wrap_hours)
    out["_total_over_elapsed"], out["_next_day_by_order"] = over, rolled  # flagged per row
    known = set(load_schema("episodes").names) | set(HELPER_COLUMNS)
    extras = [c for c in out.columns if c not in known and not str(c).startswith("_")]
    details = {"participant_ids": mapping.participant_ids,
               "records_interruptions": "interrupted_by" in out,
               "records_multitasking": "multitask_with" in out}
    if outside.any():
        ids = out["task_id"][outside] if "task_id" in out else pd.Series(np.flatnonzero(outside))
        details["tasks_outside_session"] = {"count": int(outside.sum()),
                                            "first": [str(v) for v in ids.head(10)]}
    if over.any():
        details["total_time_over_elapsed"] = {
            "count": int(over.sum()), "first": _task_names(out, over),
            "reading": "total time is time on task over the task's active fragments, so "
                       "never more than its elapsed time: the elapsed time is counted "
                       "(the value written is in total_time_as_written)"}
    if rolled.any():
        details["tasks_after_midnight"] = {
            "count": int(rolled.sum()), "first": _task_names(out, rolled),
            "reading": "no session start and end: a start time that steps back past midnight "
                       "from the task before it in the session is on the next day"}
    details.update(session_passes(out, labels, mapping, task_numbers(out), missing))
    return Candidates(out, np.arange(len(out)), labels, extras, "wombat", details)


def _pause_name(key: str) -> str | None:
    m = _PAUSE.match(key)
    return f"_pause_{_PAUSE_NAMES[m.group(1)]}_{m.group(2)}" if m else None


def _what(frame, out, labels, used, missing) -> None:
    """``activity_code`` from the What category, ``activity`` as ``category: subcategory``."""
    mains = [c for c in frame.columns if _MAIN.match(str(c)) and not _SUB.match(str(c))]
    if not mains or "activity_code" in frame:
        return
    form = _MAIN.match(str(mains[0])).group(1).lower()
    main = text_values(frame[mains[0]], missing)
    subs = [c for c in frame.columns if (m := _SUB.match(str(c))) and m.group(1).lower() == form]
    sub = text_values(frame[subs[0]], (*missing, *_EMPTY_TEXT)) if subs else \
        pd.Series(pd.NA, index=frame.index, dtype="string")
    out["activity_code"] = main
    out["activity"] = (main + ": " + sub).fillna(main)
    labels.update(activity_code=str(mains[0]), activity=str(mains[0]))
    used.update([mains[0], *subs[:1]])


def _flags(frame, out, used) -> None:
    """``[With Whom] X`` and ``[How] Y``: a boolean column each, and the names set joined."""
    for kind in ("with whom", "how"):
        cols = [c for c in frame.columns
                if (m := _FLAG.match(str(c))) and m.group(1).lower() == kind]
        if not cols:
            continue
        prefix = kind.replace(" ", "_")
        joined = pd.Series("", index=frame.index, dtype=object)
        for col in cols:
            label = _FLAG.match(str(col)).group(2).strip()
            on = frame[col].astype("str").str.strip().str.lower().isin(_YES).to_numpy()
            out[f"{prefix}_{_snake(label)}"] = on
            joined = joined + np.where(on, label + ";", "")
        out[prefix] = joined.str.rstrip(";").replace("", pd.NA).astype("string")
        used.update(cols)


def _snake(text: str) -> str:
    return re.sub(r"[^0-9a-z]+", "_", text.lower()).strip("_")


def _clean_text(out: pd.DataFrame, missing) -> None:
    """Comments written ``0`` are empty; yes/no columns become booleans."""
    if "comments" in out:
        out["comments"] = text_values(out["comments"], (*missing, *_EMPTY_TEXT))
    for col in ("interrupting", "session_complete"):
        if col in out:
            values = parse.booleans(text_values(out[col], missing).fillna(""))
            out[col] = pd.array(values, dtype="boolean")
    for col in ("multitask_with", "multi_with", "interrupted_by"):
        if col in out:
            out[col] = text_values(out[col], (*missing, *_EMPTY_TEXT))


def _worker(out: pd.DataFrame, labels: dict, mapping: DiaryMapping, missing) -> None:
    """The worker: the participant within its session, its site, or the study."""
    if "participant_id" not in out or "worker_id" in out:
        return
    person = text_values(out["participant_id"], missing)
    if "participant_id" in mapping.normalise_keys:  # GL 22 and gl22 are one participant
        person = fold_keys(person.str.replace(r"\s+", "", regex=True),
                           mapping.aliases.get("participant_id", {}))
    scope = mapping.participant_ids
    site = None
    if "site" in out:
        site = fold_keys(text_values(out["site"], missing), mapping.aliases.get("site", {}))
    # the same person, for pairing two observers' sessions: the id at its site
    out["participant_key"] = (site.fillna("") + "/" + person).where(person.notna()) \
        if site is not None else person
    if scope == "site" and site is not None:
        out["worker_id"] = out["participant_key"]
    elif scope == "session" and "session_id" in out:
        session = text_values(out["session_id"], missing)
        out["worker_id"] = (session.fillna("") + "/" + person).where(person.notna())
    else:
        out["worker_id"] = person
    labels["worker_id"] = labels.get("participant_id", "participant id")


def _total_within_elapsed(out: pd.DataFrame, labels: dict, missing, tol: float) -> np.ndarray:
    """Count the ``elapsed time`` where ``total time`` is more than it (by over ``tol``
    minutes), keep the value written in ``total_time_as_written``; return those rows.

    ``total time`` is the time on task over the task's active fragments (``active N``;
    WOMBAT's web app calculates "the fragments of time for interrupted tasks": sources in
    tests/ingest/test_wombat_total_time.py), within the task's start and end; parallel
    tasks are recorded apart. More than the elapsed time is not time on this task.

    Examples
    --------
    >>> f = pd.DataFrame({"elapsed": ["00:10:00", "00:50:00"],
    ...                   "duration_min": ["00:40:00", "00:30:00"]})
    >>> _total_within_elapsed(f, {}, ("",), 1.0).tolist()
    [True, False]
    >>> f["duration_min"].tolist(), f["total_time_as_written"].tolist()
    (['00:10:00', '00:30:00'], ['00:40:00', None])
    """
    if "elapsed" not in out or "duration_min" not in out:
        return np.zeros(len(out), bool)
    total, elapsed = (parse.by_unique(text_values(out[c], missing), source_durations, np.nan)
                      for c in ("duration_min", "elapsed"))
    over = total > elapsed + tol  # (NaN on either side: False)
    if over.any():
        written = out["duration_min"].astype(object)
        out["total_time_as_written"] = pd.Series(np.where(over, written, None),
                                                 index=out.index, dtype=object)
        out["duration_min"] = written.where(~over, out["elapsed"].astype(object))
        labels["total_time_as_written"] = labels.get("duration_min", "total time")
    return over


def _task_names(out: pd.DataFrame, mask: np.ndarray) -> list[str]:
    """The first ten task ids (or row positions) of ``mask``."""
    ids = task_ids(out)
    return [str(v) for v in (ids[mask] if ids is not None else np.flatnonzero(mask))[:10]]
