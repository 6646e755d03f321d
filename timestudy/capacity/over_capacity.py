"""Counts of workers by status as published: the share over capacity and the status table.

One rule gives each worker a status (:func:`~timestudy.capacity.loads.worker_status`):
every case they hold counts, costed or not; a worker whose costed cases alone reach
amber or red is over capacity (at least that band), and one holding a case not costed
whose other cases stay under amber has no status (``none``), as has a worker with no
hours for casework. The share over capacity is of the workers with a status: the
calculator's rule ("Incomplete" rows left out of the rows over capacity and their share),
the report's table of workers by status and each workload statement's.

A count of workers with some property is published as a number only when those counted
and the rest are both at least ``min_workers``, or none or all
(:func:`~timestudy._lib.disclose.count_band`); otherwise in words ("fewer than 5 of 9"),
and the share, whose interval and estimate would give the count back, is withheld.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from timestudy._lib.disclose import count_band, count_words
from timestudy.capacity.loads import OVER_CAPACITY

__all__ = ["count_in_sentence", "holder_counts", "over_capacity_counts", "status_bands", "wilson", "workers_words"]


def wilson(k: int, n: int, z: float) -> tuple[float, float]:
    """Wilson interval of a share ``k / n`` (NaN, NaN when ``n`` is 0).

    Examples
    --------
    >>> [round(x, 4) for x in wilson(1, 3, 1.959964)]
    [0.0615, 0.7923]
    """
    if n == 0:
        return np.nan, np.nan
    p = k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * np.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return float(max(0.0, centre - half)), float(min(1.0, centre + half))


def over_capacity_counts(status: pd.Series | np.ndarray, min_workers: int, z: float) -> dict:
    """The headline's counts of workers over capacity and with no status, as published.

    Parameters
    ----------
    status : Series or ndarray of str
        Each counted worker's status (:func:`~timestudy.capacity.loads.worker_status`:
        every case they hold, costed or not): ``red``, ``amber``, ``green``, ``blue``
        or ``none``.
    min_workers : int
        The disclosure threshold.
    z : float
        The normal quantile of the interval's level.

    Returns
    -------
    dict
        ``n_no_status`` (a number, or None when withheld) and ``n_no_status_words``
        ("5 of 12", "fewer than 5 of 9", of all the workers counted);
        ``n_over_capacity`` and ``n_over_capacity_words``, of the workers with a
        status when their number is published (``n_no_status`` a number), else of all
        the workers counted; ``share_over_capacity`` as ``(estimate, low, high)``
        (Wilson), None when no worker has a status or either count is withheld (the
        share and its interval would give them back).

    Examples
    --------
    The audit's 9 workers: 1 red, 2 amber and 1 blue, 5 with no status (cases not
    costed, the others under amber). Over capacity: 3 of the 4 with a status; 3 and 1
    are under 5, so in words, and no share; the 5 with no status leave 4: in words too.

    >>> s = ["red", "amber", "amber", "blue"] + ["none"] * 5
    >>> c = over_capacity_counts(s, 5, 1.96)
    >>> c["n_over_capacity"], c["n_over_capacity_words"], c["share_over_capacity"]
    (None, 'fewer than 5 of 9', None)
    >>> c["n_no_status"], c["n_no_status_words"]
    (None, 'at least 5 of 9')

    With a threshold of 1 every count is a number: 3 of 4, 75%.

    >>> c = over_capacity_counts(s, 1, 1.96)
    >>> c["n_over_capacity_words"], c["n_no_status"], round(c["share_over_capacity"][0], 2)
    ('3 of 4', 5, 0.75)
    """
    status = np.asarray(status, dtype=object)
    n = len(status)
    none = int((status == "none").sum())
    over = int(np.isin(status, OVER_CAPACITY).sum())
    rated = n - none
    none_shown = count_band(none, n, min_workers) == (none, none)
    of = rated if none_shown else n  # the share's workers, when their number is published
    over_shown = count_band(over, of, min_workers) == (over, over)
    words = count_words(over, of, min_workers)
    if over_shown and _pins_bands(status, over, rated - over, min_workers):
        over_shown, words = False, f"at least {int(min_workers):,} of {of:,}"
    share = None
    if over_shown and none_shown and rated > 0:  # (the share would give ``none`` back)
        share = (over / rated, *wilson(over, rated, z))
    return {
        "n_over_capacity": over if over_shown else None,
        "n_over_capacity_words": words,
        "n_no_status": none if none_shown else None,
        "n_no_status_words": count_words(none, n, min_workers),
        "share_over_capacity": share,
    }


def holder_counts(no_hours: int, unlisted: int, n_workers: int, min_workers: int,
                  no_status: int | None = None) -> dict:
    """The headline's counts of holders left out of the loads, as published: "14 cases held
    by 1 worker not in the workers table" would give one worker's caseload.

    ``no_hours_workers`` (of the ``n_workers`` counted) by the count rule
    (:func:`~timestudy._lib.disclose.count_band`), and withheld even then when
    ``no_status``, the published number of workers with no status (they are among them),
    less it is 1 to ``min_workers - 1``. ``unlisted_workers`` are not among the
    ``n_workers``: a number when none or at least ``min_workers``, else "fewer than 5"
    with no total (``n_workers`` is published: a total would give the count back).

    Parameters
    ----------
    no_hours : int
        Listed holders with no hours for casework (of the ``n_workers`` counted).
    unlisted : int
        Holders the workers table does not list.
    n_workers : int
        The listed holders counted.
    min_workers : int
        The disclosure threshold.
    no_status : int, optional
        The number of workers with no status as published (None: withheld).

    Returns
    -------
    dict
        ``no_hours_workers``, ``unlisted_workers`` (int or None) and each one's ``_words``
        (None: not even in words).

    Examples
    --------
    Hand-worked: 1 of 12 listed holders has no hours (1 is under 5: words); 2 holders are
    not listed (under 5: words with no total); with 6 of no status published, 5 with no
    hours would leave 1: withheld.

    >>> c = holder_counts(1, 2, 12, 5)
    >>> c["no_hours_workers"], c["no_hours_workers_words"]
    (None, 'fewer than 5 of 12')
    >>> c["unlisted_workers"], c["unlisted_workers_words"]
    (None, 'fewer than 5')
    >>> c = holder_counts(5, 0, 12, 5, no_status=6)
    >>> c["no_hours_workers"], c["no_hours_workers_words"], c["unlisted_workers"]
    (None, None, 0)
    """
    k, n, m = int(no_hours), int(n_workers), int(min_workers)
    shown = count_band(k, n, m) == (k, k)
    rest = None if no_status is None else int(no_status) - k
    if shown and rest is not None and 0 < rest < m:  # no status less no hours: too few
        words = None
        shown = False
    else:
        words = count_words(k, n, m)
    u = int(unlisted)
    small = 0 < u < m and m > 1
    return {"no_hours_workers": k if shown else None, "no_hours_workers_words": words,
            "unlisted_workers": None if small else u,
            "unlisted_workers_words": f"fewer than {m:,}" if small else f"{u:,}"}


#: Bands whose sum the headline publishes: over capacity (red and amber) and, with the
#: workers and those of no status, under it (green and blue).
PUBLISHED_SUMS = (("red", "amber"), ("green", "blue"))


def _pins_bands(status: np.ndarray, over: int, under: int, k: int) -> bool:
    """Whether the workers over capacity (red and amber), or those under it (green and
    blue), would give back two bands the table of workers by status has in words: both
    under ``k`` and their sum the largest such words allow (4 + 4 = 8 of "fewer than 5").

    Examples
    --------
    >>> _pins_bands(np.array(["red"] * 4 + ["amber"] * 4 + ["green"] * 10), 8, 10, 5)
    True
    >>> _pins_bands(np.array(["red"] * 4 + ["amber"] * 3 + ["green"] * 10), 7, 10, 5)
    False
    """
    for pair, total in zip(PUBLISHED_SUMS, (over, under), strict=True):
        counts = [int((status == s).sum()) for s in pair]
        if all(0 < c < k for c in counts) and total == 2 * (int(k) - 1):
            return True
    return False


def _cell(band: tuple[int, int] | None, k: int) -> str:
    """A count's table cell: the number, "fewer than 5", "at least 5" or "not shown"."""
    if band is None:
        return "not shown"
    lo, hi = band
    if lo == hi:
        return f"{lo:,}"
    return f"fewer than {hi + 1:,}" if lo == 1 and hi < k else f"at least {lo:,}"


def _alone(bands: dict, total: int) -> set:
    """The rows whose band the others and the total narrow to one count."""
    lone = set()
    for key, (lo, hi) in bands.items():
        rest = [b for k2, b in bands.items() if k2 != key]
        low, high = sum(b[0] for b in rest), sum(b[1] for b in rest)
        fits = [c for c in range(lo, hi + 1) if low <= total - c <= high]
        if lo != hi and len(fits) < 2:
            lone.add(key)
    return lone


def status_bands(counts: pd.Series, min_workers: int) -> pd.DataFrame:
    """The table of workers by status as published: each count a number or in words.

    Each row's count is of the table's workers (their sum): a number when it and the
    rest are both at least ``min_workers``, or none or all; else "fewer than 5" or "at
    least 5" (:func:`~timestudy._lib.disclose.count_band`), its share withheld. The
    counts add up to the total, so when the published rows would narrow a row in words
    to one count (one row in words among numbers), the smallest row shown as a number
    (not 0) is withheld too ("not shown"), until none is narrowed.

    Parameters
    ----------
    counts : Series
        Workers by status (``red``, ``amber``, ``green``, ``blue``, ``none``).
    min_workers : int
        The disclosure threshold.

    Returns
    -------
    DataFrame
        By status: ``workers`` (the cell's text), ``shown`` (True when a number) and
        ``share`` (of the total; NaN when not shown).

    Examples
    --------
    The audit's table: 1 red, 2 amber, 0 green, 1 blue and 5 with no status, of 9.

    >>> t = status_bands(pd.Series({"red": 1, "amber": 2, "green": 0, "blue": 1,
    ...                             "none": 5}), 5)
    >>> t["workers"].tolist()
    ['fewer than 5', 'fewer than 5', '0', 'fewer than 5', 'at least 5']

    20 workers, 8 red, 7 amber, 4 blue, 1 green: the 4 and the 1 are in words, and 8 and
    7 are numbers; 20 - 15 = 5 is then split 4 + 1 or 3 + 2...: not narrowed.

    >>> t = status_bands(pd.Series({"red": 8, "amber": 7, "green": 1, "blue": 4}), 5)
    >>> t["workers"].tolist()
    ['8', '7', 'fewer than 5', 'fewer than 5']

    With 8 red, 7 amber and 4 blue of 19, blue alone is in words and would be 19 - 15:
    amber, the smallest number, is withheld too; and then red, as amber would be the
    headline's red and amber less it.

    >>> status_bands(pd.Series({"red": 8, "amber": 7, "blue": 4}), 5)["workers"].tolist()
    ['not shown', 'not shown', 'fewer than 5']

    The headline gives the workers over capacity (red and amber) and so those under it
    (green and blue): 109 red and 4 amber (113 over), 1 green and 6 blue of 120 would give
    the 4 and the 1 back as 113 - 109 and 7 - 6, so 109 and 6 are not shown either.

    >>> status_bands(pd.Series({"red": 109, "amber": 4, "green": 1, "blue": 6}), 5
    ...              )["workers"].tolist()
    ['not shown', 'fewer than 5', 'fewer than 5', 'not shown']
    """
    counts = counts.astype(int)
    total, k = int(counts.sum()), int(min_workers)
    first = {s: count_band(c, total, k) for s, c in counts.items()}
    bands = {s: ((1, total - 1) if b is None else b) for s, b in first.items()}
    hidden = {s for s, b in bands.items() if b[0] != b[1]}
    secondary: set = set()
    while hidden:
        left = _narrowed_in_sum(counts, hidden)  # the headline gives red + amber, green + blue
        if not left and _alone(bands, total):
            left = [s for s in counts.index if s not in hidden and counts[s] > 0]
        if not left:
            break
        extra = counts[left].idxmin()
        hidden.add(extra)
        secondary.add(extra)
        bands[extra] = (1, total - 1)  # not shown: anything but none or all
    cells = ["not shown" if s in secondary else _cell(first[s], k) for s in counts.index]
    shown = pd.Series([s not in hidden for s in counts.index], index=counts.index)
    share = (counts / max(total, 1)).where(shown)
    return pd.DataFrame({"workers": cells, "shown": shown, "share": share}, index=counts.index)


def _narrowed_in_sum(counts: pd.Series, hidden: set) -> list:
    """The bands shown as a number (not 0) of a sum the headline publishes in which one band
    alone is withheld: that band would be the sum less them."""
    for group in PUBLISHED_SUMS:
        members = [s for s in group if s in counts.index]
        shown = [s for s in members if s not in hidden and counts[s] > 0]
        if shown and sum(s in hidden for s in members) == 1:
            return shown
    return []


def workers_words(n: int, total: int, min_workers: int) -> str:
    """A count of workers in a sentence, by the count rule: "3 workers", "fewer than 5 of
    the 9 workers", or "some workers" when even words would say how many.

    Parameters
    ----------
    n, total : int
        The workers counted, and all the workers they are of.
    min_workers : int
        The disclosure threshold.

    Returns
    -------
    str

    Examples
    --------
    >>> workers_words(6, 12, 5), workers_words(3, 9, 5), workers_words(1, 2, 5)
    ('6 workers', 'fewer than 5 of the 9 workers', 'some workers')
    """
    words = count_words(n, total, min_workers)
    return count_in_sentence(n if words == f"{n:,} of {total:,}" else None, words)


def count_in_sentence(n: int | None, words: str | None) -> str:
    """A count of workers as published (``n``, or None and its ``words``) in a sentence:
    "3 workers", "fewer than 5 of the 9 workers", "some workers" (not even in words).

    Examples
    --------
    >>> count_in_sentence(1, "1 of 12"), count_in_sentence(None, "fewer than 5 of 9")
    ('1 worker', 'fewer than 5 of the 9 workers')
    """
    if n is not None:
        return f"{int(n):,} worker{'s' if int(n) != 1 else ''}"
    if words is None:
        return "some workers"
    return words.replace(" of ", " of the ") + " workers"  # "fewer than 5 workers" too
