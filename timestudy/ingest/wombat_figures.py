"""WOMBAT's figures given twice, cross-checked: flag ``figures_disagree`` where they part.

A WOMBAT export states several figures of a task twice: once as a total and once in parts,
or once as a count and once by the columns it counts. The clock already checks two of them
(``elapsed time`` against the start and end, ``total time`` against the clock less the
pauses: ``duration_mismatch``). The others are checked here, row by row:

=========================================  ============================================
``active 1`` + ``active 2`` + ...          ``total time`` as written (the time on task
                                           over its active fragments)
``inactive N``                             the Nth pause on the clock, ``int start N`` to
                                           ``int end N``
``num of interrupts``                      how many pauses the row gives (``int start N``
                                           or ``int task id N`` filled)
``num of multitask fragments``             whether ``multi with`` names a task
``total overlapping time``                 the clock overlap with the tasks ``multi with``
                                           names (0 when it names none)
=========================================  ============================================

Durations may differ by up to ``mismatch_tolerance_seconds`` (WOMBAT writes seconds: a
difference is an edit, not a rounding); counts must be equal. The public material is
silent on how the web app computes them (see ``tests/ingest/conformance/README.md``); the
readings are the names' and the "fragments of time for interrupted tasks" it calculates.
Nothing is changed: the row keeps its minutes (``total time``, the source's own) and is
flagged; the report's warning ``figures_disagree`` names each row (source row, task id, the
two columns and both figures), as ``duration_mismatch`` names its rows.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from timestudy.ingest._reader import source_durations
from timestudy.ingest.candidates import normalise
from timestudy.ingest.timerules import NAT_I8
from timestudy.schema import parse

CODE = "figures_disagree"
_ACTIVE = re.compile(r"^(in)?active_(\d+)$")
_MULTI_IDS = r"[;,\s]+"
#: How many rows the warning names.
SHOWN = 5


def figures_disagree(
    frame: pd.DataFrame, start_at: np.ndarray, end_at: np.ndarray, pauses, tolerance: float
) -> tuple[np.ndarray, list[str]]:
    """Rows of a WOMBAT export whose figures given twice disagree, and why, one text each.

    Parameters
    ----------
    frame : DataFrame
        The reader's candidates (:func:`timestudy.ingest.wombat.read_wombat`).
    start_at, end_at : ndarray of int64
        The rows' instants in ns (``NAT_I8`` where not read).
    pauses : tuple of ndarray or None
        ``(ps, pe, ps_at, pe_at)`` of :func:`timestudy.ingest.pauses.resolve_pauses`.
    tolerance : float
        Minutes two durations may differ by.

    Returns
    -------
    mask : ndarray of bool
    why : list of str
        Per row, what disagrees (``""`` where nothing does).

    Examples
    --------
    A task of 25 minutes on task whose active fragments add to 35, and one whose
    ``num of interrupts`` says 2 where it gives no pause:

    >>> f = pd.DataFrame({"duration_min": ["00:25:00", "00:10:00"],
    ...                   "active 1": ["00:10:00", "00:10:00"], "active 2": ["00:25:00", None],
    ...                   "interruptions": ["0", "2"]})
    >>> t = np.array([0, 0], "i8")
    >>> mask, why = figures_disagree(f, t, t, None, 1.0)
    >>> mask.tolist()
    [True, True]
    >>> why
    ['active 1 + active 2 = 35 min, total time 25 min', 'num of interrupts 2, 0 pauses given (int start N)']
    """
    n = len(frame)
    why = np.full(n, "", dtype=object)
    for mask, text in (
        *_fragments(frame, tolerance),
        *_pauses(frame, pauses, tolerance),
        *_multitasking(frame, start_at, end_at, tolerance),
    ):
        why = np.where(mask, np.where(why == "", text, why + "; " + text), why)
    return why != "", why.tolist()


def _minutes(frame: pd.DataFrame, col: str) -> np.ndarray:
    """Minutes of a duration column (NaN blank)."""
    text = frame[col].astype("string").str.strip()
    return parse.by_unique(text.where(text != ""), source_durations, np.nan)


def _fmt(values: np.ndarray) -> np.ndarray:
    """Minutes as short text (``25``, ``25.5``)."""
    return np.array([f"{round(float(v), 2):g}" for v in values], dtype=object)


def _fragments(frame: pd.DataFrame, tol: float):
    """``active N`` summed against ``total time`` as written; ``inactive N`` is read with
    the pauses (:func:`_pauses`)."""
    cols = sorted(
        (int(m.group(2)), c)
        for c in frame.columns
        if (m := _ACTIVE.match(normalise(str(c)))) and not m.group(1)
    )
    if not cols or "duration_min" not in frame:
        return
    parts = np.column_stack([_minutes(frame, c) for _, c in cols])
    given = ~np.isnan(parts).all(axis=1)
    summed = np.nansum(parts, axis=1)
    total = _minutes(frame, "duration_min")
    if "total_time_as_written" in frame:  # where total time was over elapsed (.wombat)
        written = _minutes(frame, "total_time_as_written")
        total = np.where(np.isnan(written), total, written)
    bad = given & ~np.isnan(total) & (np.abs(summed - total) > tol)
    if bad.any():  # (the text only for the rows that disagree)
        names = np.array([str(c) for _, c in cols], dtype=object)
        text = np.full(len(frame), "", dtype=object)
        text[bad] = [
            f"{' + '.join(names[~np.isnan(p)])} = {s} min, total time {t} min"
            for p, s, t in zip(parts[bad], _fmt(summed[bad]), _fmt(total[bad]), strict=True)
        ]
        yield bad, text


def _pauses(frame: pd.DataFrame, pauses, tol: float):
    """``inactive N`` against the Nth pause's clock span; ``num of interrupts`` against
    the pauses given."""
    k = max(
        (
            int(m.group(1))
            for c in frame.columns
            if (m := re.match(r"^_pause_(?:start|task)_(\d+)$", str(c)))
        ),
        default=0,
    )
    filled = np.zeros(len(frame), np.int64)
    for j in range(1, k + 1):
        has = np.zeros(len(frame), bool)
        for col in (f"_pause_start_{j}", f"_pause_task_{j}"):
            if col in frame:
                text = frame[col].astype("string").str.strip()
                has |= (text.notna() & (text != "")).to_numpy(bool)
        filled += has
    inactive = {
        int(m.group(2)): c
        for c in frame.columns
        if (m := _ACTIVE.match(normalise(str(c)))) and m.group(1)
    }
    for j, col in sorted(inactive.items()):
        given = _minutes(frame, col)
        clock = np.zeros(len(frame))
        if pauses is not None and j <= pauses[0].shape[1]:
            ps_at, pe_at = pauses[2][:, j - 1], pauses[3][:, j - 1]
            clock = np.where(ps_at != NAT_I8, (pe_at - ps_at) / 60e9, 0.0)
        bad = ~np.isnan(given) & (np.abs(given - clock) > tol)
        if bad.any():
            text = np.full(len(frame), "", dtype=object)
            text[bad] = [
                f"{col} {g} min, int start {j} to int end {j} {c} min"
                for g, c in zip(_fmt(given[bad]), _fmt(clock[bad]), strict=True)
            ]
            yield bad, text
    if "interruptions" in frame:
        count = parse.numbers(frame["interruptions"].astype("string").str.strip())
        bad = ~np.isnan(count) & (count != filled)
        if bad.any():
            text = np.full(len(frame), "", dtype=object)
            text[bad] = [
                f"num of interrupts {c:g}, {f} pause{'' if f == 1 else 's'} given (int start N)"
                for c, f in zip(count[bad], filled[bad], strict=True)
            ]
            yield bad, text


def _multitasking(frame: pd.DataFrame, start_at: np.ndarray, end_at: np.ndarray, tol: float):
    """``num of multitask fragments`` against ``multi with``; ``total overlapping time``
    against the clock overlap with the tasks ``multi with`` names."""
    if "multitask_with" not in frame:
        return
    ids = frame["multitask_with"].astype("string").str.strip()
    named = (ids.notna() & (ids != "")).to_numpy(bool)
    if "multitask_fragments" in frame:
        count = parse.numbers(frame["multitask_fragments"].astype("string").str.strip())
        bad = ~np.isnan(count) & ((count > 0) != named)
        if bad.any():
            text = np.full(len(frame), "", dtype=object)
            text[bad] = [
                f"num of multitask fragments {c:g}, multi with "
                f"{'names ' + w if isinstance(w, str) and w else 'empty'}"
                for c, w in zip(count[bad], ids[bad], strict=True)
            ]
            yield bad, text
    if "multitask_overlap" not in frame or "task_id" not in frame:
        return
    given = _minutes(frame, "multitask_overlap")
    clock = _overlap_with_named(frame, ids, start_at, end_at)
    bad = ~np.isnan(given) & ~np.isnan(clock) & (np.abs(given - clock) > tol)
    if bad.any():
        text = np.full(len(frame), "", dtype=object)
        text[bad] = [
            f"total overlapping time {g} min, {c} min on the clock with the tasks multi with names"
            for g, c in zip(_fmt(given[bad]), _fmt(clock[bad]), strict=True)
        ]
        yield bad, text


def _overlap_with_named(
    frame: pd.DataFrame, ids: pd.Series, start_at: np.ndarray, end_at: np.ndarray
) -> np.ndarray:
    """Minutes each row overlaps, on the clock, the tasks its ``multi with`` names (0 where
    it names none; NaN where a named task, or the row, has no times)."""
    n = len(frame)
    out = np.zeros(n)
    out[(start_at == NAT_I8) | (end_at == NAT_I8)] = np.nan
    rows = np.flatnonzero((ids.notna() & (ids != "")).to_numpy(bool))
    if not len(rows):
        return out
    pairs = pd.DataFrame(
        {"row": rows, "other": ids.iloc[rows].str.split(_MULTI_IDS).to_numpy()}
    ).explode("other")
    pairs = pairs[pairs["other"].astype("string").str.len() > 0]
    task = frame["task_id"].astype("string").str.strip()
    where = pd.Series(np.arange(n), index=task.to_numpy()).groupby(level=0).first()
    at = pairs["other"].map(where)  # each named task's row (NaN: not in the file)
    r = pairs["row"].to_numpy(np.int64)
    o = at.fillna(0).to_numpy(np.int64)
    known = at.notna().to_numpy() & (start_at[o] != NAT_I8) & (end_at[o] != NAT_I8)
    lo = np.maximum(start_at[r], start_at[o])
    hi = np.minimum(end_at[r], end_at[o])
    minutes = np.where(known, np.maximum(hi - lo, 0) / 60e9, np.nan)
    summed = pd.Series(minutes).groupby(r).sum(min_count=1)
    unknown = pd.Series(~known).groupby(r).any()
    out[summed.index] = np.where(unknown.to_numpy(), np.nan, summed.to_numpy())
    return out


def figures_said(
    frame: pd.DataFrame, labels: dict, times, kept: np.ndarray, mapping, source_rows: np.ndarray
) -> dict | None:
    """Flag ``figures_disagree`` in ``times.flags`` and the warning naming the kept rows
    (``kept``) flagged (:func:`disagree_warning`); None when no kept row disagrees."""
    mask, why = figures_disagree(
        frame, times.start_at, times.end_at, times.pauses, mapping.mismatch_tolerance_seconds / 60
    )
    times.flags[CODE] = mask
    tasks = frame["task_id"].astype("string") if "task_id" in frame else None
    return disagree_warning(mask & kept, why, source_rows, tasks, "task", "total time")


def disagree_warning(
    mask: np.ndarray,
    why: list[str],
    source_rows: np.ndarray,
    names: pd.Series | None,
    noun: str,
    counted: str,
) -> dict | None:
    """The warning :data:`CODE` on the rows ``mask``: how many, and the first :data:`SHOWN`
    as source row, the row's name (``noun`` and ``names``) and what disagrees (``why``);
    ``counted`` names the figure counted. None when ``mask`` holds no row.

    Examples
    --------
    >>> w = disagree_warning(np.array([False, True]), ["", "TUCUMDUR24 800, 780 summed"],
    ...                      np.array([2, 3]), pd.Series(["A", "B"]), "diary", "TUACTDUR24")
    >>> w["rows"], w["first"]
    (1, [3])
    >>> print(w["message"])  # doctest: +ELLIPSIS
    figures_disagree: 1 row whose figures given twice disagree (line 3 (diary B): TUCUMDUR24 800, 780 summed): counted as TUACTDUR24 says and flagged figures_disagree; ...
    """
    at = np.flatnonzero(mask)
    if not len(at):
        return None
    named = names.fillna("").str.strip() if names is not None else None
    lines = [
        f"line {int(source_rows[i])}"
        + (f" ({noun} {named.iloc[i]})" if named is not None and named.iloc[i] else "")
        + f": {why[i]}"
        for i in at[:SHOWN]
    ]
    more = f"; and {len(at) - SHOWN} more" if len(at) > SHOWN else ""
    rows = f"{len(at)} row{'s' if len(at) > 1 else ''}"
    return {
        "code": CODE,
        "rows": len(at),
        "first": [int(source_rows[i]) for i in at[:SHOWN]],
        "message": f"{CODE}: {rows} whose figures given twice disagree ("
        f"{'; '.join(lines)}{more}): counted as {counted} says and flagged "
        f"{CODE}; correct the figure that is wrong in the export, or take the "
        "row out",
    }
