"""The disclosure rule every stage shares: what a published output may show of people.

* A figure resting on fewer than ``min_workers`` workers is withheld (:func:`too_few`);
  :mod:`timestudy.guide.disclosure` applies it to the guide, the report and workbook to
  their tables, :mod:`timestudy.observe` to its outputs. A figure that weighs its workers by
  survey weights is withheld too when they are fewer than ``min_workers`` *in effect*
  (Kish's effective number, :func:`effective_workers`): one worker weighted 20 among five
  weighted 1 makes a figure that is essentially theirs, whatever the head count.
* A count of workers with some property (under 80% of their days complete...) is shown
  as a number only when the workers it counts and the rest both number ``min_workers`` or
  more (or none, or all): with 7 workers, "1 of 7" names a count of 1 and "6 of 7" the
  other 1. Otherwise it is a band in words, "fewer than 5 of 7" or "at least 5 of 7"
  (:func:`count_band`, :func:`count_words`), or nothing when the band, with what else is
  published, would still name the count.
* A worker appears only as a stable label (``Worker 1``, ``Worker 2``... in the order of
  their ids, :func:`worker_labels`), never by id.
* A team appears by name only when the name is on an allow-list; otherwise as ``Team A``,
  ``Team B``... in the order of the names (:func:`team_labels`): team names can hold a
  person's name or phone number.

It sits below every stage (observe, beside panels, uses it as the guide does).
"""

from __future__ import annotations

import string
from collections.abc import Collection, Iterable

import numpy as np
import pandas as pd

__all__ = ["DEFAULT_MIN_WORKERS", "count_band", "count_cell", "count_words",
           "effective_workers", "pieces_count", "pieces_counts", "published_count", "shown_count",
           "team_labels", "too_few",
           "worker_labels", "worker_weights"]

DEFAULT_MIN_WORKERS = 5


def too_few(n_workers, min_workers: int = DEFAULT_MIN_WORKERS, n_effective=None):
    """True where a figure rests on fewer than ``min_workers`` workers (NaN counts as none).

    ``n_effective`` (optional, same shape) is the figure's effective number of workers
    under their survey weights (:func:`effective_workers`): a figure is also too few where
    it is under ``min_workers``. With equal weights it is the head count, and nothing
    changes.

    Examples
    --------
    >>> too_few(pd.Series([1, 5, 9]), 5).tolist()
    [True, False, False]
    >>> bool(too_few(4))
    True

    Six workers, one weighted 20 and five 1: 6 by head, (20 + 5)^2 / (400 + 5) = 1.54 in
    effect.

    >>> too_few(pd.Series([6, 6]), 5, pd.Series([1.54, 6.0])).tolist()
    [True, False]
    """
    if isinstance(n_workers, pd.Series):
        small = n_workers.fillna(0) < min_workers
    else:
        small = np.nan_to_num(np.asarray(n_workers, dtype=float)) < min_workers
    if n_effective is None:
        return small
    eff = (n_effective.fillna(0) if isinstance(n_effective, pd.Series)
           else np.nan_to_num(np.asarray(n_effective, dtype=float)))
    return small | (eff < min_workers - _SLACK)


#: Kish's number of equal weights is their head count to the last bit (weights are scaled
#: by their largest first); this only absorbs rounding of weights that differ.
_SLACK = 1e-9


def effective_workers(worker_ids, weights, by=None) -> float | pd.Series:
    """Kish's effective number of workers, ``(sum w)^2 / sum w^2``, of a figure's workers.

    Each worker counts once, with their survey weight (:func:`worker_weights`: the one
    weight of their rows, as :mod:`timestudy.panels.survey_weights` reads them). Equal
    weights give the head count exactly (the weights are scaled by their largest, so
    each is 1.0); a worker weighted 0 counts as none. The rule counts the *design*
    weights of the workers a figure rests on, not how much time each gave: a figure of
    equally weighted workers is judged by its head count, as without weights.

    Parameters
    ----------
    worker_ids : array-like
        A worker id per row (rows of the figure: pieces, case-months, worker-weeks).
    weights : array-like
        The survey weight of each row: finite, 0 or more, the same on every row of a
        worker (else ``ValueError``: weights read by the one rule never are).
    by : array-like, optional
        A group per row (task type, case type, cell...): one number per group.

    Returns
    -------
    float, or Series by group
        The effective number of workers (NaN when every weight is 0 or there is no row).

    Examples
    --------
    Hand-worked: six workers, W1 weighted 20, the rest 1: (20 + 5)^2 / (20^2 + 5) =
    625 / 405 = 1.54. Equal weights give the head count.

    >>> ids = ["W1", "W2", "W3", "W4", "W5", "W6"]
    >>> round(effective_workers(ids, [20, 1, 1, 1, 1, 1]), 2)
    1.54
    >>> effective_workers(ids, [0.3] * 6)
    6.0

    By group: x has A (2), B and C (1): (2 + 1 + 1)^2 / (4 + 1 + 1) = 2.67; y has A alone.

    >>> effective_workers(["A", "A", "B", "C"], [2, 2, 1, 1], by=["x", "y", "x", "x"]).round(2)
    by
    x    2.67
    y    1.00
    Name: w, dtype: float64
    """
    workers = np.asarray(worker_ids, dtype=object)
    weight = worker_weights(workers, weights)
    frame = pd.DataFrame({"by": 0 if by is None else np.asarray(by, dtype=object),
                          "worker": workers}).drop_duplicates()
    per = pd.Series(weight.reindex(frame["worker"]).to_numpy(float), name="w",
                    index=pd.MultiIndex.from_frame(frame)).sort_index()
    top = per.groupby(level=0).transform("max")
    r = (per / top.where(top > 0)).fillna(0.0)
    with np.errstate(invalid="ignore", divide="ignore"):
        out = r.groupby(level=0).sum() ** 2 / (r ** 2).groupby(level=0).sum()
    if by is None:
        return float(out.iloc[0]) if len(out) else float("nan")
    return out


def worker_weights(worker_ids, weights) -> pd.Series:
    """Each worker's survey weight: the one weight every row of the worker carries.

    The one rule of a worker's weight for disclosure control (:func:`effective_workers`
    and the guide's case types in effect use it). The diary's weights are checked where
    they enter (:func:`timestudy.panels.survey_weights.survey_weights`), so a missing,
    negative or infinite weight, or two weights for one worker, is a fault of the code
    that reached here, not of the input, and raises.

    Parameters
    ----------
    worker_ids : array-like
        A worker id per row.
    weights : array-like
        The survey weight of each row.

    Returns
    -------
    Series
        Weight by worker (index ``worker``, sorted).

    Raises
    ------
    ValueError
        When a weight is not a finite number 0 or more, or a worker's rows differ.

    Examples
    --------
    >>> worker_weights(["B", "A", "B"], [2.0, 0.5, 2.0]).to_dict()
    {'A': 0.5, 'B': 2.0}
    """
    w = pd.Series(np.asarray(weights, dtype=float),
                  index=pd.Index(np.asarray(worker_ids, dtype=object), name="worker"))
    g = w.groupby(level=0, sort=True)
    lo, hi = g.min(), g.max()
    if not (np.isfinite(w.to_numpy()).all() and (lo >= 0).all() and (lo == hi).all()):
        raise ValueError("survey weights must be one finite number, 0 or more, per worker "
                         "(read them with timestudy.panels.survey_weights.survey_weights)")
    return lo.rename("w")


def _shown(count: int, total: int, k: int) -> bool:
    """A count given as a number: none, all, or at least ``k`` counted and ``k`` not."""
    return count in (0, total) or (count >= k and total - count >= k)


def _band(count: int, total: int, k: int) -> tuple[int, int]:
    """The band of a count not given as a number: 1 to ``k - 1``, or up to all but one."""
    return (1, min(k - 1, total - 1)) if count < k else (max(k, total - k + 1), total - 1)


def count_band(count: int, total: int, min_workers: int = DEFAULT_MIN_WORKERS,
               known: Collection[int] | None = None) -> tuple[int, int] | None:
    """The published form of a count of workers with some property: ``(low, high)``.

    ``(count, count)`` when the ``count`` workers and the other ``total - count`` are both
    at least ``min_workers``, or none or all of them (a figure of no one, as the guide's
    zero cells; "all 40 over capacity" is the study's finding, not a worker's). Otherwise
    a band: ``(1, min_workers - 1)`` when the count is small, ``(max(min_workers, total -
    min_workers + 1), total - 1)`` when the rest are. ``known`` are the counts other
    published figures leave possible (quantiles of a share over the same workers, say;
    only the bands' counts are looked at): when a band would leave a single one of them,
    no count in a band is published (None), and when only one count in a band is
    possible at all, no count is. Those tests use only ``total`` and ``known``, which the
    reader has, so a count withheld is never the one count it could be.

    Parameters
    ----------
    count, total : int
        Workers with the property, and workers in all (the study's, or the cell's).
    min_workers : int
        The disclosure threshold (5).
    known : collection of int, optional
        The counts other published figures leave possible (default: 0 to ``total``).

    Returns
    -------
    (int, int) or None
        The band of counts the publication says (both ends included), or None: not
        published.

    Examples
    --------
    Hand-worked with 7 workers: 1 is fewer than 5 and 6 leaves 1, both in bands (1 to 4,
    5 to 6); 0 is a number. With 12 workers, 6 and 6 are both at least 5.

    >>> count_band(1, 7), count_band(6, 7), count_band(0, 7), count_band(6, 12)
    ((1, 4), (5, 6), (0, 0), (6, 6))

    With the median of 7 under the threshold (so at least 4 counted), "fewer than 5"
    could only be 4: no band is published, whatever the count; all 7 still is.

    >>> count_band(4, 7, known=range(4, 8)), count_band(7, 7, known=range(4, 8))
    (None, (7, 7))
    """
    count, total, k = int(count), int(total), int(min_workers)
    if k <= 1:
        return count, count
    possible = range(total + 1) if known is None else known
    loose = {int(c) for c in possible if 0 <= c <= total and not _shown(int(c), total, k)}
    if not _shown(count, total, k):
        loose.add(count)  # the count itself is possible, whatever ``known`` says
    if len(loose) < 2:  # withheld whatever it is: only one count in a band is possible
        return None if loose else (count, count)
    if _shown(count, total, k):
        return count, count
    for a, b in {_band(c, total, k) for c in loose}:
        if sum(a <= c <= b for c in loose) < 2:  # a band left one count
            return None
    return _band(count, total, k)


def count_words(count: int, total: int, min_workers: int = DEFAULT_MIN_WORKERS,
                known: Collection[int] | None = None) -> str | None:
    """A count of workers as the reader sees it, by :func:`count_band`: ``3 of 12``,
    ``fewer than 5 of 7`` (1 to 4), ``at least 5 of 7`` (not all); ``1 to 2 of 3`` when
    the band is every count but none and all (of fewer than ``min_workers + 1`` workers,
    where "fewer than 3 of 3" would read oddly); None when it is not published.

    Examples
    --------
    >>> count_words(1, 7), count_words(6, 7), count_words(6, 12), count_words(0, 40)
    ('fewer than 5 of 7', 'at least 5 of 7', '6 of 12', '0 of 40')
    >>> count_words(1, 3), count_words(4, 5)
    ('1 to 2 of 3', '1 to 4 of 5')
    """
    band = count_band(count, total, min_workers, known)
    if band is None:
        return None
    lo, hi = band
    if lo == hi:
        return f"{lo:,} of {int(total):,}"
    if lo == 1 and hi == int(total) - 1:  # every count but none and all
        return f"1 to {hi:,} of {int(total):,}"
    if lo == 1 and hi < int(min_workers):
        return f"fewer than {hi + 1:,} of {int(total):,}"
    return f"at least {lo:,} of {int(total):,}"


def worker_labels(ids: Iterable, prefix: str = "Worker") -> dict:
    """Each worker id's published label: ``Worker 1``... in the order of the ids.

    The same set of ids gives the same labels on every run.

    Examples
    --------
    >>> worker_labels(["W9", "W10", "W9"])
    {'W10': 'Worker 1', 'W9': 'Worker 2'}
    """
    unique = sorted({str(i) for i in ids if i is not None and not pd.isna(i)})
    return {i: f"{prefix} {n}" for n, i in enumerate(unique, start=1)}


def team_labels(names: Iterable, allow: Iterable[str] = ()) -> dict:
    """Each team name's published label: itself when allowed, else ``Team A``, ``Team B``...

    Examples
    --------
    >>> team_labels(["Jo Smith 07700 900123", "North", "East"], allow=["North"])
    {'East': 'Team A', 'Jo Smith 07700 900123': 'Team B', 'North': 'North'}
    """
    allowed = {str(a) for a in allow}
    unique = sorted({str(n) for n in names if n is not None and not pd.isna(n)})
    out, k = {}, 0
    for name in unique:
        if name in allowed:
            out[name] = name
        else:
            out[name] = f"Team {_letters(k)}"
            k += 1
    return out


def _letters(k: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA..."""
    text = ""
    k += 1
    while k:
        k, r = divmod(k - 1, 26)
        text = string.ascii_uppercase[r] + text
    return text


def published_count(count, total, min_workers: int = DEFAULT_MIN_WORKERS) -> int | None:
    """A count of workers as a number where :func:`count_band` gives it as one, else None
    (the reader gets :func:`count_cell`'s words instead).

    Examples
    --------
    With 8 workers only none and all are numbers (5 and the other 3 is not both at least 5);
    with 12, 6 is one:

    >>> published_count(3, 8), published_count(8, 8), published_count(6, 12)
    (None, 8, 6)
    """
    if count is None or not np.isfinite(float(count)):
        return None
    band = count_band(int(count), int(total), min_workers)
    return band[0] if band is not None and band[0] == band[1] else None


def count_cell(count, total, min_workers: int = DEFAULT_MIN_WORKERS) -> str:
    """A count of workers as a table cell: the number, or :func:`count_words`' band
    ("fewer than 5 of 8", "at least 5 of 8"), or "not shown".

    Examples
    --------
    >>> count_cell(3, 8), count_cell(6, 8), count_cell(8, 8), count_cell(6, 12)
    ('fewer than 5 of 8', 'at least 5 of 8', '8', '6')
    """
    shown = published_count(count, total, min_workers)
    if shown is not None:
        return f"{shown:,}"
    if count is None or not np.isfinite(float(count)):
        return "not shown"
    return count_words(int(count), int(total), min_workers) or "not shown"


def pieces_count(pieces, n_workers, min_workers: int = DEFAULT_MIN_WORKERS) -> int | None:
    """A count of pieces (or cases) as published: None when the workers it rests on are
    fewer than ``min_workers`` (a figure of fewer than 5 workers, as any other).

    Examples
    --------
    >>> pieces_count(3, 1), pieces_count(40, 6)
    (None, 40)
    """
    if pieces is None or n_workers is None or not np.isfinite(float(pieces)) \
            or not np.isfinite(float(n_workers)) or int(n_workers) < int(min_workers):
        return None
    return int(pieces)


def pieces_counts(pieces: pd.Series, n_workers: pd.Series, min_workers: int = DEFAULT_MIN_WORKERS,
                  total_published: bool = True) -> pd.Series:
    """Counts of pieces (or cases) by row as published, when their total is published too.

    Each by :func:`pieces_count`; then, as the total less the published counts gives the
    withheld ones together, the smallest published count that is not zero is withheld with
    them: it rests on ``min_workers`` workers or more, so the sum the reader can have does
    too (audit23: 124 cases less CIN 41, CLA 34, CP 43 gave PROCEEDINGS' 6, of 4 workers).

    Examples
    --------
    >>> pieces_counts(pd.Series([41, 34, 43, 6]), pd.Series([8, 8, 8, 4])).tolist()
    [41.0, nan, 43.0, nan]
    >>> pieces_counts(pd.Series([41, 6]), pd.Series([8, 4]), total_published=False).tolist()
    [41.0, nan]
    """
    out = pd.Series([pieces_count(p, n, min_workers) for p, n in zip(
        pieces, n_workers, strict=True)], index=pieces.index, dtype=float)
    gone = out.isna() & (pd.to_numeric(pieces, errors="coerce").fillna(0) > 0)
    shown = out[out.notna() & (out > 0)]
    if total_published and gone.any() and len(shown):
        out[shown.idxmin()] = np.nan
    return out


def shown_count(row, col: str = "n_workers") -> str:
    """A count of a published guide table's row as a table cell: the number, or its words
    where the guide withholds it (``<col>_words``: "fewer than 5 of 10"), or "not shown".

    The guide's tables carry their counts as guide.json publishes them
    (:func:`timestudy.guide.counts.published_counts`): a reader of them (the report, the
    workbook) shows them as they are and applies no count rule of its own.

    Examples
    --------
    >>> import pandas as pd
    >>> shown_count(pd.Series({"n_workers": float("nan"),
    ...                        "n_workers_words": "fewer than 5 of 10"}))
    'fewer than 5 of 10'
    >>> shown_count(pd.Series({"n_workers": 1200.0})), shown_count(pd.Series({"n_workers": None}))
    ('1,200', 'not shown')
    """
    n = row.get(col)
    if n is not None and np.isfinite(float(n)):
        return f"{int(n):,}"
    words = row.get(f"{col}_words")
    return words if isinstance(words, str) else "not shown"
