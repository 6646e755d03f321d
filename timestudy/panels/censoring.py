"""Pieces open at the diary's edges: how many days a piece of work takes, censoring allowed for.

A diary of a few weeks cuts pieces of work written over several days: one begun
before the diary shows only its last sittings, one still open at its end only
its first. Averaging the pieces seen would make such work look short (and
leaving out the cut pieces would leave mostly short ones). The rule here:

- The *margin* of a task type is the 95th percentile of the gaps (in days) between
  two sittings of one of its pieces, at most its linking window. A piece's start
  is *seen* when its first sitting is at least the margin after its worker's first
  diary day (else it is **left-censored**: it may have begun before); its end is
  seen when its last sitting is at least the margin before their last diary day
  (else it is **right-censored**: it may go on).
- The number of days ``D`` on which a piece is worked is estimated like a survival
  time (Kaplan-Meier, in days worked): the hazard ``h_k = P(D = k | D >= k)`` is
  the share of pieces ending at their k-th day among those whose k-th day has a
  margin of diary after it, counting forwards from seen starts; and, since a
  piece read backwards ends where it began, also the share beginning at their
  k-th day from the end among those whose k-th day from the end has a margin of
  diary before it, counting backwards from seen ends. ``E[D] = sum_k prod_{j<k}
  (1 - h_j)``.
- The same ``E[D]`` is also estimated by *steady flow*: in a steady flow of work, the
  days worked on pieces of a task within any stretch of diary are its starts in that
  stretch times ``E[D]``. Over each worker's diary from the margin on, the days
  worked on the task's pieces (``days_preceded``, cut pieces included) over the
  pieces seen to start there (not left-censored); and backwards, the days up to the
  margin before the end (``days_followed``) over the pieces seen to end there: the
  two pooled, ``sum(days_preceded + days_followed) / sum(starts + ends seen)``. A
  direction that sees no start (no end) of any of the task's pieces gives no estimate;
  its days are left out (:func:`flow_terms`), not put over the other's ends.
  Kaplan-Meier leans on the few long pieces seen whole, steady flow on every day
  worked; each has a small bias of its own in a four-week diary (the first
  short, the second long when a piece's gaps exceed the margin), so the **edge
  rule** is their mean (:func:`edge_days`). Shown by simulation in
  ``benchmarks/coverage.py``.
- Time per piece is ``E[D]`` times the minutes per day worked on pieces of the task
  (all pieces, cut or not). For a one-day task (window 0) ``D = 1``: the plain mean.
- A diary too short for the margin (no piece's k-th day has a margin of diary on
  both sides) gives nothing to go on: the mean days of the pieces seen are used,
  which makes such work look short, and the estimate says so.

For a steady flow of work this has no bias from the diary's edges (shown by
simulation in ``benchmarks/coverage.py``); its price is precision: a four-week
diary sees a two-week statement whole only now and then.

**Days missing from the diary.** A sitting on a day the diary misses (a contracted
day with no entries and no leave; a partial day left out) is lost, so a piece
shows fewer days than it was worked, and one whose days were all missed is not
seen at all. With each day at work in the diary at random with the worker's
observed share ``p`` (:func:`~timestudy.panels.observed_days.observed_share`:
used days over complete, partial and missing contracted days, the first and last
days of the worker's window left out, as they are in the diary by definition: the
window runs from the first entry to the last; the pieces' ``observed_share``), a
piece of ``D``
days shows ``j ~ Binomial(D, p)``, and is seen when ``j >= 1``. The rule
(:func:`seen_weights`): a day seen counts ``1/p`` days, and a piece seen counts
``g(j) = 1 - (-(1 - p)/p)^j`` pieces, which has mean exactly 1 for every ``D``, so
the pieces seen count the pieces worked, seen or not, without knowing any ``D``.
Steady flow takes its days over ``p`` and its starts and ends seen each ``g(j)``;
Kaplan-Meier's mean days seen is multiplied by :func:`missing_days_factor`; the
edge rule is their mean, as before. A one-day piece (``j = 1``: ``g = 1/p``, one
day each) is unchanged, and task types with a window of 0 are left as they are;
so is every task when no day is missing (``p = 1``). Minutes per day worked are
not biased by days missing at random and are left as they are. ``p`` is clipped
at 0.5 (:data:`MIN_SHARE`: below it ``g`` is unstable).
The task times (:mod:`timestudy.models.piece_sums`, in every bootstrap replicate
too) and the pieces' equivalents in the regression of full hours and the
event-based case weights (:func:`days_per_piece`, used by
:mod:`timestudy.panels.pieces`) take the same days per piece.

What it cannot fix: days missing *because* they were heavy (more sittings on the
days that go unwritten) leave pieces short still; a day written in part and
kept (``use_partial``) counts as seen though its afternoon's sittings are lost
(short); leave or sickness not written in counts as a missing day at work, so
``p`` is too low and pieces come out long; and a partial day left out that was
really a short day (a flexi afternoon) holds fewer sittings than a full one, so
``p`` again understates what the diary saw (long). Measured on the held-out
generator in ``benchmarks/RESULTS.md``. Nor is a flow whose rate changes over the
diary steady: starts falling towards its end read pieces long (steady flow most:
the days of pieces begun earlier over the fewer starts), rising starts short; a
diary of days 0-7 of pieces of 2 and 4 days begun daily reads 3 days a piece
exactly, with no start on its last 3 days 3.125 (flow 67/21, Kaplan-Meier 52/17:
``tests/panels/test_edge_rule_steady_flow.py``).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

MARGIN_QUANTILE = 0.95
MIN_SHARE = 0.5
MAX_DAYS = 60  # the survival tables' days run to here: a piece worked on more counts as this


def days_axis(n_days: np.ndarray) -> int:
    """The last day of the survival tables (``k_max``) for pieces worked on ``n_days`` days.

    Examples
    --------
    >>> days_axis(np.array([1, 3, 2])), days_axis(np.array([], int)), days_axis(np.array([90]))
    (3, 1, 60)
    """
    return int(min(max(n_days.max(), 1), MAX_DAYS)) if len(n_days) else 1


def risk_counts(pieces: pd.DataFrame, k_max: int) -> tuple[np.ndarray, np.ndarray]:
    """At-risk and ending indicators of each piece on days 1..k_max, both directions pooled.

    Returns two arrays of shape (n_pieces, k_max): how many times (0, 1 or 2) the
    piece is at risk at its k-th day, and how many times it is seen to end there.

    Examples
    --------
    >>> p = pd.DataFrame({"n_days": [2, 3], "left_censored": [False, False],
    ...     "right_censored": [False, True], "days_followed": [2, 1], "days_preceded": [2, 3]})
    >>> at, ev = risk_counts(p, 3)
    >>> at.tolist(), ev.tolist()
    ([[2, 2, 0], [1, 0, 0]], [[0, 2, 0], [0, 0, 0]])
    """
    k = np.arange(1, k_max + 1)[None, :]
    n = pieces["n_days"].to_numpy()[:, None]
    start = ~pieces["left_censored"].to_numpy()[:, None]
    end = ~pieces["right_censored"].to_numpy()[:, None]
    fwd = start & (k <= pieces["days_followed"].to_numpy()[:, None])
    rev = end & (k <= pieces["days_preceded"].to_numpy()[:, None])
    ends = start & end & (k == n)
    return fwd.astype(np.int64) + rev, 2 * ends.astype(np.int64)


def risk_table(pieces: pd.DataFrame, group: np.ndarray, n_groups: int, k_max: int,
               weight: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """At-risk and ending counts summed by group (n_groups x k_max), without a row per piece.

    The same sums as :func:`risk_counts` over the pieces of each group: a piece is at
    risk on every day up to its days followed (preceded), so the counts are reversed
    cumulative histograms of those, built with one ``bincount`` each.

    Examples
    --------
    >>> p = pd.DataFrame({"n_days": [2, 3], "left_censored": [False, False],
    ...     "right_censored": [False, True], "days_followed": [2, 1], "days_preceded": [2, 3]})
    >>> at, ev = risk_table(p, np.array([0, 0]), 1, 3)
    >>> at.tolist(), ev.tolist()
    ([[3.0, 2.0, 0.0]], [[0.0, 2.0, 0.0]])
    """
    w = np.ones(len(pieces)) if weight is None else np.asarray(weight, float)
    start = ~pieces["left_censored"].to_numpy()
    end = ~pieces["right_censored"].to_numpy()
    n = np.clip(pieces["n_days"].to_numpy(), 0, k_max)
    size = n_groups * (k_max + 1)

    def hist(keep: np.ndarray, days: np.ndarray) -> np.ndarray:
        d = np.clip(days, 0, k_max)
        h = np.bincount(group[keep] * (k_max + 1) + d[keep], weights=w[keep], minlength=size)
        h = h.reshape(n_groups, k_max + 1)
        return np.cumsum(h[:, ::-1], axis=1)[:, ::-1][:, 1:]  # pieces with at least k days

    at = hist(start, pieces["days_followed"].to_numpy()) + hist(
        end, pieces["days_preceded"].to_numpy())
    both = start & end
    ev = np.bincount(group[both] * (k_max + 1) + n[both], weights=2 * w[both], minlength=size)
    return at, ev.reshape(n_groups, k_max + 1)[:, 1:]


def expected_days(at_risk: np.ndarray, events: np.ndarray) -> np.ndarray:
    """``E[D]`` from at-risk and event counts over the last axis (days 1..K).

    A day with no piece at risk ends the curve (hazard 1); with none at risk on the
    first day there is nothing to go on (NaN: the diary is too short for the margin
    of the task). Works on any leading shape, e.g. (replicates, tasks, K).

    Examples
    --------
    >>> float(expected_days(np.array([10, 8, 4]), np.array([2, 4, 4])))  # 1 + 0.8 + 0.4
    2.2
    """
    with np.errstate(divide="ignore", invalid="ignore"):
        h = np.where(at_risk > 0, events / at_risk, 1.0)
    surv = np.cumprod(1 - h, axis=-1)
    return np.where(np.asarray(at_risk)[..., 0] > 0, 1 + surv[..., :-1].sum(axis=-1), np.nan)


def flow_terms(pieces: pd.DataFrame) -> tuple[np.ndarray, ...]:
    """Each piece's terms of the steady-flow estimate: its days forward (``days_preceded``)
    and backward (``days_followed``), its starts and ends seen (0 or 1 each), and the two
    added (0 to 2).

    A direction that sees no start (forward) or no end (backward) of any piece of a task
    type gives no steady-flow estimate: its days are left out, not put over the other
    direction's ends (write-ups on the Tuesday and Thursday of a diary begun on a Monday,
    rightly left-censored: forward 1 day and no start, backward 2 days and 1 end; pooled,
    3 days a piece for 2 worked; the diary cannot tell them from pieces begun the Friday
    before, so the flag stays). Which directions count is decided on the sums of the
    pieces in hand, whatever they are (the sample, or a bootstrap replicate of its
    workers): :func:`flow_days`.

    Examples
    --------
    >>> p = pd.DataFrame({"left_censored": [False, True], "right_censored": [True, False],
    ...     "days_followed": [1, 2], "days_preceded": [3, 1]})
    >>> [a.tolist() for a in flow_terms(p)]
    [[3, 1], [1, 2], [1, 0], [0, 1], [1, 1]]
    """
    start = (~pieces["left_censored"].to_numpy(bool)).astype(np.int64)
    end = (~pieces["right_censored"].to_numpy(bool)).astype(np.int64)
    return (pieces["days_preceded"].to_numpy(), pieces["days_followed"].to_numpy(),
            start, end, start + end)


def flow_days(forward, backward, starts, ends):
    """The steady-flow numerator from sums of :func:`flow_terms` (by task; or by replicate
    and task): the days forward where some start was seen, plus the days backward where
    some end was seen.

    Examples
    --------
    >>> flow_days(np.array([4.0, 1.0]), np.array([3.0, 2.0]), np.array([1, 0]),
    ...           np.array([1, 1])).tolist()
    [7.0, 2.0]
    """
    return np.where(starts > 0, forward, 0.0) + np.where(ends > 0, backward, 0.0)


def edge_days(km: np.ndarray, flow: np.ndarray) -> np.ndarray:
    """The edge rule: the mean of the Kaplan-Meier and steady-flow days per piece, or the one
    that exists (NaN when neither does).

    Examples
    --------
    >>> edge_days(np.array([2.0, np.nan, np.nan]), np.array([3.0, 1.5, np.nan])).tolist()
    [2.5, 1.5, nan]
    """
    both = np.isfinite(km) & np.isfinite(flow)
    return np.where(both, (km + flow) / 2, np.where(np.isfinite(km), km, flow))


def days_per_piece(pieces: pd.DataFrame, *, correct: bool = True) -> pd.Series:
    """``E[D]``, the days worked per piece with censoring allowed for (the edge rule), by task.

    Pieces count by their ``weight`` (survey weights) when the column is there. With an
    ``observed_share`` column and ``correct``, days missing at random are allowed for
    as in the task times (:func:`seen_weights`, :func:`missing_days_factor`: the same
    figure as :func:`timestudy.models.piece_sums.task_point_estimates`'
    ``sittings_per_piece``) for task types linked over several days
    (``link_within_days`` > 0) whose workers missed a day.

    Examples
    --------
    >>> p = pd.DataFrame({"task_type": "x", "n_days": [1, 2, 3], "left_censored": False,
    ...     "right_censored": False, "days_followed": [1, 2, 3], "days_preceded": [1, 2, 3]})
    >>> float(days_per_piece(p)["x"])
    2.0
    >>> q = p.assign(link_within_days=10, observed_share=0.8)  # a fifth of the days missed
    >>> round(float(days_per_piece(q)["x"]), 4), float(days_per_piece(q, correct=False)["x"])
    (2.3415, 2.0)
    """
    k_max = days_axis(pieces["n_days"].to_numpy())
    codes, tasks = pd.factorize(pieces["task_type"], sort=True)
    n_t = len(tasks)
    w = pieces["weight"].to_numpy(float) if "weight" in pieces else np.ones(len(pieces))
    a, e = risk_table(pieces, codes, n_t, k_max, w)
    km = expected_days(a, e)
    n_days = pieces["n_days"].to_numpy()
    share = (pieces["observed_share"].to_numpy(float) if "observed_share" in pieces
             else np.ones(len(pieces)))
    linked = (pieces["link_within_days"].to_numpy() > 0 if "link_within_days" in pieces
              else np.zeros(len(pieces), bool))
    day_w, piece_w = seen_weights(n_days, np.where(linked, share, 1.0))
    corrected = np.bincount(codes, weights=linked & (share < 1), minlength=n_t) > 0
    if not (correct and corrected.any()):
        day_w, piece_w = np.ones(len(pieces)), np.ones(len(pieces))
    else:
        mass = np.bincount(codes, weights=w, minlength=n_t)
        inv = np.bincount(codes, weights=w / np.clip(share, MIN_SHARE, 1.0), minlength=n_t)
        s_code, shares = pd.factorize(share)  # g(j) depends on the share only: (T x S) @ (S x K)
        by_share = np.bincount(codes * len(shares) + s_code, weights=w,
                               minlength=n_t * len(shares)).reshape(n_t, len(shares))
        _, g = seen_weights(np.arange(1, k_max + 1)[None, :], np.asarray(shares)[:, None])
        mean_g = by_share @ g
        with np.errstate(divide="ignore", invalid="ignore"):
            factor = factor_from_means(observed_days_distribution(a, e), inv / mass,
                                       mean_g / mass[:, None])
        km = np.where(corrected, km * factor, km)

    def ratio(num: np.ndarray, den: np.ndarray) -> np.ndarray:
        top = np.bincount(codes, weights=num * w, minlength=n_t)
        bottom = np.bincount(codes, weights=den * w, minlength=n_t)
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.where(bottom > 0, top / bottom, np.nan)

    fwd, bwd, starts, ends, f_seen = flow_terms(pieces)

    def total(x: np.ndarray) -> np.ndarray:
        return np.bincount(codes, weights=x * w, minlength=n_t)

    num = flow_days(total(fwd * day_w), total(bwd * day_w), total(starts), total(ends))
    bottom = total(f_seen * piece_w)
    with np.errstate(divide="ignore", invalid="ignore"):
        days = edge_days(km, np.where(bottom > 0, num / bottom, np.nan))
    seen = ratio(n_days * day_w, piece_w)  # too short a diary: the days seen
    return pd.Series(np.where(np.isfinite(days), days, seen),
                     index=pd.Index(tasks, name="task_type"), name="days_per_piece")


def margins(gaps: np.ndarray, task: np.ndarray, windows: np.ndarray,
            weight: np.ndarray | None = None) -> np.ndarray:
    """Each row's censoring margin: its task's 95th percentile gap between sittings (weighted,
    by the inverse of the weighted distribution), at most its window; 0 when the task has
    no piece worked on two days or more.

    Examples
    --------
    >>> margins(np.array([0, 2, 3, 9, 0]), np.array([0, 0, 0, 0, 1]), np.array([14, 14, 14, 14, 5]))
    array([9, 9, 9, 9, 0])
    """
    w = np.ones(len(gaps)) if weight is None else np.asarray(weight, float)
    inner = gaps > 0
    out = np.zeros(len(gaps), dtype=np.int64)
    if inner.any():
        o = np.lexsort((gaps[inner], task[inner]))
        t, g, cw = task[inner][o], gaps[inner][o], w[inner][o]
        first = np.r_[True, t[1:] != t[:-1]]
        start = np.maximum.accumulate(np.where(first, np.arange(len(t)), 0))
        total = np.cumsum(cw)
        before = np.where(start > 0, total[start - 1], 0.0)
        cum = total - before
        task_total = pd.Series(cw).groupby(t).transform("sum").to_numpy()
        hit = cum >= MARGIN_QUANTILE * task_total - 1e-9
        q = pd.Series(np.where(hit, g, np.iinfo(np.int64).max)).groupby(t).min()
        out = pd.Series(task).map(q).fillna(0).to_numpy().astype(np.int64)
    return np.minimum(windows, out).astype(np.int64)


def observed_days_distribution(at_risk: np.ndarray, events: np.ndarray) -> np.ndarray:
    """The Kaplan-Meier distribution of the days seen per piece (days 1..K, last axis).

    ``f_k = S_{k-1} h_k``, with the curve ended at day K (every piece still going
    ends there), so ``sum_k k f_k`` is :func:`expected_days` of the same counts.
    All NaN where nothing is at risk on the first day.

    Examples
    --------
    >>> f = observed_days_distribution(np.array([10, 8, 4]), np.array([2, 4, 4]))
    >>> f.round(2).tolist(), float((f * [1, 2, 3]).sum())  # E[D] = 2.2 as above
    ([0.2, 0.4, 0.4], 2.2)
    """
    at_risk = np.asarray(at_risk, float)
    with np.errstate(divide="ignore", invalid="ignore"):
        h = np.where(at_risk > 0, events / at_risk, 1.0)
    h[..., -1] = 1.0
    surv = np.cumprod(1 - h, axis=-1)
    before = np.concatenate([np.ones_like(surv[..., :1]), surv[..., :-1]], axis=-1)
    return np.where(at_risk[..., :1] > 0, before * h, np.nan)


def seen_weights(n_days: np.ndarray, share: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """How much each piece seen stands for when days go missing at random: ``(1/p, g(j))``.

    A worker's day at work is in the diary with probability ``p`` (their observed
    share, at least :data:`MIN_SHARE`), at random; a piece worked on ``D`` days
    then shows ``j ~ Binomial(D, p)`` of them, and is not seen at all when
    ``j = 0``. Its days seen over ``p`` estimate its days worked; and with
    ``g(j) = 1 - (-(1 - p) / p) ** j`` (``g(0) = 0``),
    ``E[g(j) | D] = 1 - (1 - p + p (p - 1) / p) ** D = 1`` for every ``D >= 1``: summed
    over the pieces seen, ``g`` counts the pieces worked, seen or not, without
    knowing any piece's ``D``. A one-day piece (``j = 1``) stands for
    ``g(1) = 1/p`` pieces and ``1/p`` days: one day each, unchanged. With ``p = 1``
    both are 1.

    Examples
    --------
    >>> from scipy.stats import binom
    >>> j = np.arange(1, 4)  # a piece of 3 days, each written with p = 0.8
    >>> days, pieces = seen_weights(j, np.full(3, 0.8))
    >>> float((binom.pmf(j, 3, 0.8) * pieces).sum().round(12))  # one piece, seen or not
    1.0
    >>> float((binom.pmf(j, 3, 0.8) * j * days).sum().round(12))  # of 3 days
    3.0
    """
    p = np.clip(np.asarray(share, float), MIN_SHARE, 1.0)
    pb, n = np.broadcast_arrays(p, np.asarray(n_days))
    g = np.ones(pb.shape)  # p = 1: 1 - (-0) ** n is 1, without the power of each row
    some = pb != 1
    g[some] = 1 - (-(1 - pb[some]) / pb[some]) ** n[some]
    g = np.where(n == 1, 1 / pb, g)
    return 1 / p, np.where(n > 0, g, 0.0)


def missing_days_factor(dist: np.ndarray, mass: np.ndarray, share: np.ndarray) -> np.ndarray:
    """``E[D] / E[j]`` for Kaplan-Meier's distribution of days seen: days worked per day seen.

    ``dist`` (..., K) is the distribution of the days ``j`` seen per piece seen
    (edges allowed for: :func:`observed_days_distribution`), ``mass`` (..., I) the
    pieces seen of each worker, whose observed shares are ``share`` (I,). With
    :func:`seen_weights`, ``E[D] = E[j/p] / E[g(j)]`` over the pieces seen; ``j``
    is taken to be independent of the worker's ``p`` among them (an approximation
    when ``p`` varies: a worker missing more days also sees fewer days per piece).

    Examples
    --------
    >>> from scipy.stats import binom
    >>> seen = binom.pmf([1, 2, 3], 3, 0.8) / (1 - 0.2 ** 3)  # 3-day pieces at p = 0.8
    >>> float(missing_days_factor(seen, np.array([1.0]), np.array([0.8])).round(6))
    1.24
    >>> float(missing_days_factor(np.array([1.0, 0]), np.array([1.0]), np.array([0.8])))
    1.0
    """
    dist = np.asarray(dist, float)
    k = np.arange(1, dist.shape[-1] + 1)
    days_w, g = seen_weights(k[None, :], np.asarray(share, float)[:, None])  # (I, 1), (I, K)
    mass = np.asarray(mass, float)
    total = mass.sum(-1)
    with np.errstate(divide="ignore", invalid="ignore"):
        return factor_from_means(dist, (mass @ days_w[:, 0]) / total,
                                 (mass @ g) / total[..., None])


def factor_from_means(dist: np.ndarray, inv_share: np.ndarray, weight: np.ndarray) -> np.ndarray:
    """:func:`missing_days_factor` from its means over the pieces seen: ``E[1/p]`` (...,) and
    ``E[g(j)]`` for each ``j`` (..., K), so the sums by worker can be taken once (and weighted
    by each bootstrap replicate's draws) without a (replicates x workers) array.

    Examples
    --------
    >>> float(factor_from_means(np.array([0.5, 0.5]), np.array(1.25), np.array([1.25, 0.9375])))
    1.1428571428571428
    """
    with np.errstate(divide="ignore", invalid="ignore"):
        return inv_share / (np.asarray(dist, float) * weight).sum(-1)  # E[j/p] / E[g(j)] / E[j]
