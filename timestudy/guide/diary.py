"""What the guide says about its diaries: completeness, case time outside the rules (the
definitions in words are :mod:`timestudy.guide.definitions`, importable from here).

Every figure here is about days and hours, never about a named worker; the
completeness by worker is a distribution (quantiles of the share of days
complete), and a week or a distribution from fewer than ``min_workers``
workers is withheld.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import numpy as np
import pandas as pd

from timestudy._lib.disclose import count_band, count_words, too_few
from timestudy.guide.definitions import definitions
from timestudy.guide.disclosure import Suppressed, reasons
from timestudy.panels.completeness import STATUSES
from timestudy.panels.observed_days import completeness_by
from timestudy.panels.workdays import AT_WORK_STATUSES

WEEK_COLUMNS = ["workers", *STATUSES, "share_complete", "share_missing"]
#: The quantiles of the share of days complete published by worker, and the share under
#: which a worker is counted as a diary less complete.
QUANTILE_OF = {"p25": 0.25, "median": 0.5, "p75": 0.75}
BELOW = 0.8

__all__ = ["BELOW", "QUANTILE_OF", "WEEK_COLUMNS", "case_time", "completeness_summary",
           "completeness_weeks", "counts_possible", "definitions", "left_out_workers",
           "publish_sensitivity", "published_warnings", "quantile_counts"]


def completeness_weeks(days: pd.DataFrame, min_workers: int) -> tuple[pd.DataFrame, list]:
    """Worker-days of each status by week, a week from fewer than ``min_workers`` withheld."""
    t = completeness_by(days, "week_start").reindex(columns=WEEK_COLUMNS)
    small = t["workers"] < min_workers
    t.loc[small, WEEK_COLUMNS[1:]] = np.nan
    notes = [Suppressed("completeness", f"{k:%Y-%m-%d}", f"fewer than {min_workers} workers "
                        f"({int(n)})") for k, n in t.loc[small, "workers"].items()]
    return t, notes


def completeness_summary(days: pd.DataFrame, min_workers: int) -> dict:
    """Completeness by worker as a distribution: how complete the diaries were, unnamed.

    The workers under 80% complete are a count of workers (:func:`~timestudy._lib.disclose.
    count_band`): a number only when they and the rest are both ``min_workers`` or more,
    or none or all of them; else in words (``workers_below_80_percent_words``, "fewer
    than 5 of 7"), or neither when, with the quartiles and the share complete published
    beside them, the words would name the count. The distribution is published only when
    ``min_workers`` workers or more had days at work (those whose shares it is), and the
    count is of them.
    """
    by = completeness_by(days, "worker_id")
    share = by["share_complete"].dropna()
    n = int(len(by))
    totals = days["status"].value_counts().reindex(list(STATUSES), fill_value=0)
    out = {"n_workers": n, "worker_days": {k: int(v) for k, v in totals.items()},
           "share_complete": None, "share_complete_quantiles": None,
           "workers_below_80_percent": None, "workers_below_80_percent_words": None}
    at_work = totals[list(AT_WORK_STATUSES)].sum()
    if len(share) >= min_workers:
        out["share_complete"] = round(float(totals["complete"] / at_work), 6) if at_work else None
        # not the lowest nor the highest: each is one worker's figure
        q = share.quantile(list(QUANTILE_OF.values())).round(6)
        out["share_complete_quantiles"] = dict(zip(QUANTILE_OF, map(float, q), strict=True))
        equal = by.loc[share.index, list(AT_WORK_STATUSES)].sum(axis=1).nunique() == 1
        below, known = int((share < BELOW).sum()), quantile_counts(
            out["share_complete_quantiles"], len(share), min_workers,
            out["share_complete"] if equal else None)
        band = count_band(below, len(share), min_workers, known)
        out["workers_below_80_percent"] = below if band == (below, below) else None
        out["workers_below_80_percent_words"] = count_words(below, len(share), min_workers,
                                                            known)
    return out


def quantile_counts(quantiles: dict | None, n: int, min_workers: int,
                    mean: float | None = None) -> set[int]:
    """The counts of ``n`` workers under 80% complete that the quartiles (and the share
    complete, ``mean``) leave possible, of those the count rule gives as a band (1 to
    ``min_workers - 1``, and from ``n - min_workers + 1`` to ``n - 1``: only they matter to
    :func:`~timestudy._lib.disclose.count_band`).

    The share complete is the days complete over the days at work of all the workers: the
    mean of their shares when each had as many days at work, which a reader can see from
    ``worker_days`` and the period (:func:`completeness_summary` passes it then, and only
    then: with days that differ it is no such mean, and a reader taking it so would name a
    count that is not theirs).

    Examples
    --------
    The quartiles of 7 all 1.0: ``s[1]`` is 1, so at most 1 is under 80%.

    >>> sorted(quantile_counts({"p25": 1.0, "median": 1.0, "p75": 1.0}, 7, 5))
    [1]
    """
    banded = [c for c in range(1, n) if c < min_workers or n - c < min_workers]
    known = dict(quantiles or {}) | ({} if mean is None else {"mean": mean})
    return counts_possible(known, n, BELOW, banded)


def counts_possible(quantiles: dict | None, n: int, threshold: float,
                    among: Iterable[int]) -> set[int]:
    """Which of the counts ``among`` of ``n`` shares under ``threshold`` some shares with
    these published quantiles would have.

    The quantiles are numpy's, linear between the sorted shares ``s[0] <= ... <=
    s[n - 1]`` (each between 0 and 1): the quantile ``p`` is ``(1 - f) s[i] + f s[i + 1]``
    with ``i + f = p (n - 1)``, known to its 6 published decimals; ``mean`` (a key beside
    the quantiles' names) is their mean. ``c`` shares are under the
    threshold when ``s[c - 1] < threshold <= s[c]``: a linear programme finds whether some
    shares meet all of it (the quantiles together: a reader uses them together).

    Examples
    --------
    Seven diaries, the median ``s[3]`` 0.7 and the upper quartile (``s[4]`` + ``s[5]``) / 2
    0.85: at least 4 under 80%, and ``s[5]`` at least 0.9, so 4 or 5.

    >>> sorted(counts_possible({"median": 0.7, "p75": 0.85}, 7, 0.8, range(8)))
    [4, 5]

    Seven diaries with 5, 9, 9, 9, 10, 10, 10 of 10 days complete: the quartiles 0.9, 0.9
    and 1.0 leave 0 or 1 under 80%; their mean 0.885714 leaves 1 alone (and the lowest
    share, 0.5).

    >>> q = {"p25": 0.9, "median": 0.9, "p75": 1.0}
    >>> sorted(counts_possible(q, 7, 0.8, range(8))), sorted(counts_possible(
    ...     q | {"mean": 0.885714}, 7, 0.8, range(8)))
    ([0, 1], [1])
    """
    rows, lo, hi = [], [], []
    for name, v in (quantiles or {}).items():
        r = np.zeros(n)
        if name == "mean":
            r[:] = 1 / n
        else:
            i, f = divmod(QUANTILE_OF[name] * (n - 1), 1)
            r[int(i)] += 1 - f
            if f:
                r[int(i) + 1] += f
        rows.append(r)
        lo.append(v - 5e-7)
        hi.append(v + 5e-7)
    from scipy import sparse  # only when a count is in question: SciPy is not
    from scipy.optimize import linprog  # imported by the report's modules otherwise

    # s[j] - s[j + 1] <= 0, sparse: n - 1 rows of two entries (dense, the n x n identities
    # took 0.25 GB and the solver's conversion of them seconds at 4,000 workers)
    order = sparse.eye(n - 1, n, k=0, format="csr") - sparse.eye(n - 1, n, k=1, format="csr")
    q = sparse.csr_matrix(np.array(rows).reshape(len(rows), n))
    a_ub = sparse.vstack([order, q, -q], format="csc")
    b_ub = np.r_[np.zeros(n - 1), hi, -np.array(lo, dtype=float)]

    out = set()
    for c in among:
        bounds = [(0.0, threshold - 1e-9)] * c + [(threshold, 1.0)] * (n - c)
        if all(a <= b for a, b in bounds) and linprog(
                np.zeros(n), A_ub=a_ub, b_ub=b_ub, bounds=bounds, method="highs").status == 0:
            out.add(int(c))
    return out


def case_time(case_month: pd.DataFrame, withheld=(), pieces: pd.DataFrame | None = None,
              min_workers: int = 5) -> dict:
    """Hours on cases counted, and how much came from colleagues, outside open dates or was
    left out (outside the holder's window; on cases in no case-month, by reason).

    The case types ``withheld`` (suppressed) are left out: with the published hours per
    case-month of the others, a total over every type would give theirs back. The hours
    left out on cases in no case-month rest on the workers with pieces on those cases
    (``pieces``): fewer than ``min_workers`` and they are None, with
    ``hours_left_out_withheld`` saying why (audit23: 2.5 h on one case, one worker's).
    """
    case_month = case_month.loc[~case_month["case_type"].isin(list(withheld))] if len(
        withheld) else case_month
    cols = ["hours", "hours_by_others", "hours_outside_open", "hours_outside_window"]
    tot = {c: round(float(case_month[c].sum()), 6) if c in case_month else None for c in cols}
    hours = tot["hours"] or 0.0
    for c in cols[1:3]:
        v = tot[c]
        tot[f"share_{c[6:]}"] = round(v / hours, 6) if hours and v is not None else None
    # work on cases in no case-month (panels.left_out.hours_left_out), by reason
    lost = case_month.attrs.get("hours_left_out") or {}
    tot["hours_left_out"] = round(sum(v["hours"] for v in lost.values()), 6)
    for reason, v in lost.items():
        tot[f"hours_left_out_{reason}"] = round(float(v["hours"]), 6)
    if lost and pieces is not None and too_few(
            left_out_workers(case_month, pieces), min_workers):
        tot |= {k: None for k in tot if k.startswith("hours_left_out")}
        tot["hours_left_out_withheld"] = f"fewer than {min_workers} workers"
    return tot


def left_out_workers(case_month: pd.DataFrame, pieces: pd.DataFrame) -> int:
    """Workers with time on cases in no case-month: pieces on a case that no row of
    ``case_month`` with case-months holds.

    Examples
    --------
    >>> cm = pd.DataFrame({"case_id": ["A", "B"], "case_months": [1.0, 0.0]})
    >>> p = pd.DataFrame({"case_id": ["A", "B", "B", "Z", None],
    ...                   "worker_id": ["W1", "W2", "W2", "W3", "W4"]})
    >>> left_out_workers(cm, p)
    2
    """
    kept = pd.Index(case_month.loc[case_month["case_months"].to_numpy(float) > 0, "case_id"]
                    .astype("string").unique())
    ids = pieces["case_id"].astype("string")
    lost = ids.notna().to_numpy() & (kept.get_indexer(ids.fillna("")) < 0)
    return int(pieces.loc[lost, "worker_id"].nunique())


#: The start of the warning of hours on cases in no case-month, up to its details
#: (``timestudy.panels.cases``): the figures, each resting on the workers of those cases.
_LEFT_OUT_WARNING = re.compile(r"^[\d.,]+ of [\d.,]+ hours of work on cases are in no "
                               r"case-month \(.*?\); ")


def published_warnings(meta: dict) -> list | None:
    """The run's warnings as published: where the hours on cases in no case-month are
    withheld (``meta["case_time"]["hours_left_out_withheld"]``, or no case time at all),
    their warning in its count-free form; the figures stay in the console's copy.

    Examples
    --------
    >>> w = [{"kind": "DataQualityWarning", "message": "2.5 of 800.8 hours of work on cases"
    ...       " are in no case-month (2.5 h on 1 case open on no working day its holder wrote"
    ...       " in the diary); a case needs case-months."}]
    >>> published_warnings({"min_workers": 5, "case_time": {"hours_left_out_withheld":
    ...     "fewer than 5 workers"}, "warnings": w})[0]["message"]
    'Some hours of work on cases are in no case-month (of fewer than 5 workers: the figures are not shown); a case needs case-months.'
    """
    shown = meta.get("warnings")
    ct = meta.get("case_time")
    if not shown or (ct is not None and not ct.get("hours_left_out_withheld")):
        return shown
    lead = ("Some hours of work on cases are in no case-month (of fewer than "
            f"{meta.get('min_workers', 5)} workers: the figures are not shown); ")
    return [w | {"message": _LEFT_OUT_WARNING.sub(lead, w["message"])} for w in shown]


def publish_sensitivity(table: pd.DataFrame | None, suppressed: list) -> pd.DataFrame:
    """The sensitivity table without what the guide withholds, for whatever reason.

    A task row suppressed (``tasks``) leaves out its rows; its full hours suppressed
    (``tasks.full_hours``) blanks their full hours and change; its time per piece
    suppressed (``tasks.direct_minutes``: a travel or notes row's pieces of their own from
    too few workers) blanks every figure of its rows, the pieces counted too (they are
    those workers'); the whole guide suppressed (``all``) leaves out every row.
    """
    if table is None or not len(table):
        return pd.DataFrame(columns=["parameter", "value", "task_type", "n_pieces",
                                     "sittings_per_piece", "direct_min", "full_hours",
                                     "direct_change", "full_change"])
    rows = reasons(suppressed, "tasks")
    if "*" in rows:
        return table.iloc[:0].reset_index(drop=True)
    out = table.loc[~table["task_type"].astype(str).isin(rows)].reset_index(drop=True)
    full = out["task_type"].astype(str).isin(reasons(suppressed, "tasks.full_hours"))
    out.loc[full, [c for c in ("full_hours", "full_change") if c in out]] = np.nan
    own = out["task_type"].astype(str).isin(reasons(suppressed, "tasks.direct_minutes"))
    out.loc[own, [c for c in out.columns if c not in ("parameter", "value", "task_type")]] = (
        np.nan)
    return out
