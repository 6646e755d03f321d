"""Working patterns that alternate by week: a 9-day fortnight, a rota of weeks.

A council writes a 9-day fortnight (every other Friday off) in the workers table's
``workdays`` as ``"Mon-Fri / Mon-Thu"``: week 1's days, then week 2's, separated by ``/``
(as many weeks as the rota has; ``off`` for a week with no contracted day). The weeks are
anchored by the workers table's ``pattern_from``: a date in a week 1 (weeks run Monday to
Sunday; the week after it is week 2, and so on, before the date as after it). Without
``pattern_from`` an alternating pattern is refused (one line naming the file, row, column
and fix): which Friday is off is the worker's, and guessing it wrong reads every day off
as missing and every day worked as extra.

A day off in the pattern is not a contracted day: left empty it is no missing day, and
work written on it is ``extra``, as on any day off. The worker's contracted days a week
are the mean over the cycle (4.5 for a 9-day fortnight): their FTE-weeks are their
contracted days used over 4.5, and their contracted day their weekly hours over 4.5
(37 / 4.5 = 8.22 hours). Their ``workday_bits`` are the days of any week of the pattern;
a holder's window (:func:`~timestudy.panels.windows.diary_windows`) runs over the days off
of the pattern's own weeks at either end of their diary (a diary that ends on the Thursday
before a Friday off runs over that Friday), and their cases are open on each week's own
case week (:func:`~timestudy.panels.windows.case_days`: ``"Mon-Fri / Tue-Sat"``'s second
week Tuesday to Saturday, its Monday no day of theirs).

A ``pattern_from`` in the wrong week (the study's first day, in the week of the Friday
off) reads each Friday off written as extra and each Friday on left empty as missing:
:func:`misplaced_anchors` reads the diary with the weeks shifted too, and a warning names
the worker and the Monday that fits when it fits clearly better (the figures stay as read).
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

from timestudy.errors import DataQualityWarning
from timestudy.schema.contract_days import days_a_week  # noqa: F401 (from here too)
from timestudy.schema.weekdays import DAY_NAMES
from timestudy.schema.workdays import (  # noqa: F401 (read_workers' check, from here too)
    contracted_on,
    no_anchor,
    parse_pattern,
    pattern_failures,
    pattern_from,
    week_patterns,
)

#: Days where the two readings of a pattern differ that the other reading must fit before
#: pattern_from is said to be in the wrong week (one empty day on is one missing day).
ANCHOR_MIN_DAYS = 2
#: Share of those days the other reading must fit (a worker who writes every Friday of a
#: 9-day fortnight fits both readings half the time: nothing is said).
ANCHOR_FIT = 0.75


def misplaced_anchors(days: pd.DataFrame, weeks: np.ndarray, cycle: np.ndarray,
                      anchor: np.ndarray, ids: pd.Index) -> dict[str, tuple]:
    """Workers whose diary fits their pattern with the weeks shifted (``pattern_from`` in the
    wrong week): days off written and days on left empty as the pattern is given.

    Each day of the worker's diary, from their first day to their last (leave, sickness and
    bank holidays aside), is read by the pattern as given and shifted by each whole week
    short of a cycle; on the days the two readings differ, a reading fits a day when the
    day is contracted and written, or off and empty. A shift is named when it fits at least
    :data:`ANCHOR_MIN_DAYS` of those days and :data:`ANCHOR_FIT` of them.

    Parameters
    ----------
    days : DataFrame
        :func:`~timestudy.panels.diary_completeness` output.
    weeks, cycle, anchor : ndarray
        :func:`week_patterns`' output, by the rows of ``ids``.
    ids : Index
        Worker ids.

    Returns
    -------
    dict
        Worker id -> (the Monday of a week 1 that fits, in the diary; the weekdays the
        readings differ on; days the shift fits; days they differ on; contracted days used
        as given; as shifted).

    Examples
    --------
    A 9-day fortnight read from the week of 2 November: Friday 6 is on and empty, Friday
    13 off and written. From the week of 9 November both fit (8 contracted days used, 9).

    >>> w = pd.DataFrame({"worker_id": ["B"], "workdays": ["Mon-Fri / Mon-Thu"],
    ...                   "pattern_from": ["2026-11-02"]})
    >>> p = week_patterns(w, pd.Index(["B"]), np.ones((1, 7), bool))
    >>> dates = pd.bdate_range("2026-11-02", "2026-11-13")
    >>> d = pd.DataFrame({"worker_id": "B", "diary_date": dates, "status": ["complete"] * 4
    ...     + ["missing"] + ["complete"] * 4 + ["extra"]})
    >>> d["used"] = d["status"] != "missing"
    >>> misplaced_anchors(d, *p, pd.Index(["B"]))
    {'B': ('2026-11-09', [4], 2, 2, 8, 9)}
    """
    if not (cycle > 1).any():  # no pattern alternates: no week to shift
        return {}
    grid = _spans(days, ids, cycle)
    if grid.empty:
        return {}
    who, when = ids.get_indexer(grid["worker_id"]), grid["diary_date"].to_numpy()
    judged = ~(grid["status"].isin(("absent", "holiday")) | grid["bank_holiday"]).to_numpy()
    written = grid["status"].isin(("complete", "partial", "extra")).to_numpy()
    used = grid["used"].to_numpy(bool)
    now = contracted_on(weeks, cycle, anchor, who, when)
    dow = (when.astype("datetime64[D]").astype(np.int64) + 3) % 7
    out: dict[str, tuple] = {}
    for s in range(1, int(cycle.max())):  # each shift of a week: one pass over the days
        moved = contracted_on(weeks, cycle, anchor + 7 * s, who, when)
        differ = judged & (moved != now) & (s < cycle[who])
        t = pd.DataFrame({"w": who, "n": differ, "fit": differ & (moved == written),
                          "u0": now & used, "u1": np.where(differ, moved & used, now & used)}
                         ).groupby("w").sum()
        for i in t.index[(t["fit"] >= ANCHOR_MIN_DAYS) & (t["fit"] >= ANCHOR_FIT * t["n"])]:
            r, w = t.loc[i], str(ids[i])
            if w in out and out[w][2] / out[w][3] >= r.fit / r.n:  # a shift that fits better
                continue
            first = int(when[who == i].min().astype("datetime64[D]").astype(np.int64))
            start = first - (first + 3) % 7
            monday = start + (anchor[i] + 7 * s - start) % (7 * cycle[i])
            out[w] = (str(np.datetime64(int(monday), "D")),
                      sorted(set(dow[(who == i) & differ].tolist())),
                      int(r.fit), int(r.n), int(r.u0), int(r.u1))
    return out


def _spans(days: pd.DataFrame, ids: pd.Index, cycle: np.ndarray) -> pd.DataFrame:
    """Each worker with a pattern: every date from their first diary day to their last, with
    its row of ``days`` (``status`` blank, not used, where there is none: a day off empty)."""
    d = days.loc[cycle[ids.get_indexer(days["worker_id"].astype("string"))] > 1]
    if d.empty:
        return d
    span = d.groupby(d["worker_id"].astype("string"))["diary_date"].agg(["min", "max"])
    n = ((span["max"] - span["min"]).dt.days + 1).to_numpy()
    step = np.arange(n.sum()) - np.repeat(np.cumsum(n) - n, n)
    grid = pd.DataFrame({"worker_id": np.repeat(span.index.to_numpy(), n),
                         "diary_date": np.repeat(span["min"].to_numpy(), n)
                         + pd.to_timedelta(step, unit="D")})
    keep = [c for c in ("status", "used", "bank_holiday") if c in d]
    grid = grid.merge(d.assign(worker_id=d["worker_id"].astype(str))[
        ["worker_id", "diary_date", *keep]], on=["worker_id", "diary_date"], how="left")
    return grid.assign(status=grid["status"].fillna(""),
                       used=grid["used"].fillna(False).astype(bool) if "used" in grid
                       else grid["status"].isin(("complete", "extra")),
                       bank_holiday=grid["bank_holiday"].fillna(False).astype(bool)
                       if "bank_holiday" in grid else False)


def warn_misplaced_anchors(found: dict[str, tuple]) -> None:
    """One :class:`~timestudy.errors.DataQualityWarning` naming the workers, the pattern_from
    that fits their diary, and what their hours per FTE-week are if it is the right one
    (the figures are read by the pattern as given)."""
    if not found:
        return
    named = []
    for w, (monday, dow, fit, n, u0, u1) in list(found.items())[:10]:  # named: ten at most
        effect = ("every hour counted with no FTE-day" if u0 == 0 else
                  f"{abs(u1 / u0 - 1):.0%} too {'high' if u1 >= u0 else 'low'} as read")
        named.append(f"{w} (pattern_from {monday} fits {fit} of the {n} days, "
                     f"{', '.join(DAY_NAMES[d] for d in dow)}, read differently: {effect})")
    more = f"; and {len(found) - 10} more" if len(found) > 10 else ""
    warnings.warn(
        f"{len(found)} {'worker' if len(found) == 1 else 'workers'} with workdays that "
        "alternate by week wrote on days their pattern has off and left empty days it has on, "
        "and their diary fits the pattern with the weeks shifted, as if pattern_from were in "
        "the wrong week: read as given, each day off written counts as extra (hours beyond "
        "the contract) and each day on left empty as missing, so if the shifted reading is "
        "right their hours per FTE-week as read are off as shown; the figures are read by pattern_from as "
        "given: check it against the rota, and if it is wrong give pattern_from the Monday "
        "named (a week 1 by the diary): " + "; ".join(named) + more,
        DataQualityWarning, stacklevel=4)
