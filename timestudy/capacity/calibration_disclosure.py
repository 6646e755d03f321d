"""What a calibrated guide may take from a small local study (:mod:`timestudy.capacity.calibration`).

A calibrated figure is ``local^w x reference^(1-w)``. Published beside the reference's
figure and its interval (the reference guide is public), with ``tau^2`` in the guide's
meta and the calibrated interval (which gives the posterior standard error, so the weight
``w = 1 - se_cal^2 / (se_ref^2 + tau^2)``), any weight above 0 gives the local figure back:
``local = (calibrated / reference^(1-w))^(1/w)``. A 3-worker local study's hours per
case-month, pooled with a weight of 0.0006, came back from ``guide.json`` within 0.06%.
Withholding ``w`` and ``tau^2`` would not protect it: ``tau^2`` is often 0, and a reader
who guesses it solves the rest.

So the rule is the guide's own, applied to the local figure before it is pooled: a local
figure resting on fewer than ``min_workers`` local workers (the publication threshold, 5
by default) gets no weight. Its calibrated figure is the reference's as published,
estimate and interval, which holds nothing of the local study; it does not count in
``tau^2`` either, so ``tau^2`` rests only on local figures a local guide would publish.
The time available is not pooled but taken whole from the local study: it is taken only
when the local study's case-holding workers number ``min_workers`` or more (the local
guide would withhold it otherwise), and the reference's is kept, with a note, when they
do not.

The sums by which a local guide withholds a second figure (complementary suppression)
need local totals a calibrated guide does not publish: the local case-months and
FTE-weeks, category shares and tasks' hours per FTE-week (all the reference's). So the
head count of each pooled figure is the whole rule here.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from timestudy._lib.disclose import DEFAULT_MIN_WORKERS, too_few
from timestudy.capacity.not_calibrated import first_keys

__all__ = ["DEFAULT_MIN_WORKERS", "few_local_note", "local_holders", "too_few_local"]


def too_few_local(n_workers_local: pd.Series, min_workers: int = DEFAULT_MIN_WORKERS
                  ) -> np.ndarray:
    """Where a local figure rests on fewer than ``min_workers`` local workers: no weight.

    A local figure with no count (the local study has no such figure) counts as none.

    Parameters
    ----------
    n_workers_local : Series
        The local workers each figure rests on.
    min_workers : int
        The publication threshold (5 by default).

    Returns
    -------
    ndarray of bool
        True where the local figure may not be pooled.

    Examples
    --------
    >>> too_few_local(pd.Series([3.0, 5.0, float("nan"), 6.0])).tolist()
    [True, False, True, False]
    """
    return np.asarray(too_few(pd.Series(n_workers_local, dtype=float), min_workers), dtype=bool)


def local_holders(meta: dict) -> int:
    """The local workers the time available rests on: the case-holding workers.

    ``meta["available_assumptions"]["case_holding_workers"]``, else ``meta["n_workers"]``
    (0 when neither is given).

    Parameters
    ----------
    meta : dict
        The local guide's ``meta``.

    Returns
    -------
    int
        The number of case-holding workers.

    Examples
    --------
    >>> local_holders({"n_workers": 6, "available_assumptions": {"case_holding_workers": 4}})
    4
    >>> local_holders({"n_workers": 3})
    3
    """
    held = (meta.get("available_assumptions") or {}).get("case_holding_workers")
    held = meta.get("n_workers") if held is None else held
    return int(held) if held is not None and np.isfinite(held) else 0


def few_local_note(table: pd.DataFrame, few: np.ndarray, min_workers: int) -> str:
    """The calibration's note on the local figures given no weight ('' when none).

    Parameters
    ----------
    table : DataFrame
        The calibration's table, indexed by (``figure``, ``key``).
    few : ndarray of bool
        Where a local figure rests on too few local workers (:func:`too_few_local`),
        among figures the local study gives.
    min_workers : int
        The publication threshold.

    Returns
    -------
    str
        One sentence naming the figures and why.

    Examples
    --------
    >>> idx = pd.MultiIndex.from_tuples([("hours per case-month", "CIN"),
    ...     ("hours per case-month", "CP")], names=["figure", "key"])
    >>> print(few_local_note(pd.DataFrame(index=idx), np.array([True, False]), 5))
    Local figures resting on fewer than 5 local workers get no weight, so the calibrated figure is the reference's as published (any weight above 0 would let a reader work the local figure out from the calibrated one, the reference's and the weight): hours per case-month of CIN.
    """
    if not few.any():
        return ""
    keys = pd.Series(table.index.get_level_values("key")[few].astype(str))
    figures = table.index.get_level_values("figure")[few]
    parts = [f"{figure} of {first_keys(keys[figures == figure])}"
             for figure in dict.fromkeys(figures)]
    return (f"Local figures resting on fewer than {min_workers} local workers get no weight, "
            "so the calibrated figure is the reference's as published (any weight above 0 "
            "would let a reader work the local figure out from the calibrated one, the "
            "reference's and the weight): " + "; ".join(parts) + ".")

