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

Given the local study's models, the rule is the local guide's whole disclosure control:
a figure the local guide built at ``min_workers`` withholds (too few workers by head or,
under survey weights, in effect; or withheld beside another) gets no weight either
(:func:`local_guides`). Given a local guide built with ``min_workers=1``, only the head
count of each figure can be checked: give the models of a survey-weighted local study.
The sums by which a local guide withholds a second figure (complementary suppression)
need local totals a calibrated guide does not publish (the local case-months and
FTE-weeks, category shares and tasks' hours per FTE-week are all the reference's).

A calibrated guide is published at the calibration's ``min_workers`` (``meta.min_workers``
and ``meta.calibration_min_workers`` alike): its local figures were weighed at it, and
the rest is the reference's as published. So the reference must have been published at
that threshold or a higher one (what it withheld stays withheld, and it withheld at least
what a guide at ``min_workers`` would): one published at a lower threshold shows cells
resting on fewer workers, which a guide read back cannot all find again, and is refused
by the guide's own rule (:func:`check_reference`, by
:func:`~timestudy.guide.thresholds.highest_threshold`).
"""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pandas as pd

from timestudy._lib.disclose import DEFAULT_MIN_WORKERS, too_few
from timestudy.capacity.not_calibrated import guide_figures, named_figures
from timestudy.errors import ConfigError
from timestudy.guide import TimeGuide
from timestudy.guide.thresholds import highest_threshold, threshold
from timestudy.models import StudyModels

__all__ = ["DEFAULT_MIN_WORKERS", "check_reference", "few_holders_words", "few_local_note",
           "local_guides", "local_holders", "threshold_note", "too_few_local"]


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
    Local figures resting on fewer than 5 local workers (by head, or in effect under survey weights, or withheld beside such a figure) get no weight, so the calibrated figure is the reference's as published (any weight above 0 would let a reader work the local figure out from the calibrated one, the reference's and the weight): hours per case-month of CIN.
    """
    if not few.any():
        return ""
    return (f"Local figures resting on fewer than {min_workers} local workers (by head, or "
            "in effect under survey weights, or withheld beside such a figure) get no weight, "
            "so the calibrated figure is the reference's as published (any weight above 0 "
            "would let a reader work the local figure out from the calibrated one, the "
            "reference's and the weight): " + named_figures(table.index, few) + ".")



def local_guides(local: TimeGuide | StudyModels, min_workers: int = DEFAULT_MIN_WORKERS
                 ) -> tuple[TimeGuide, pd.Series]:
    """The local guide whose figures are pooled, and which of them a published local guide
    withholds.

    Parameters
    ----------
    local : TimeGuide or StudyModels
        The local study: its models (the guide is built twice, with ``min_workers=1`` for
        the figures and with ``min_workers`` for what a local guide would withhold), or a
        guide (whose own blanks are what it withholds).
    min_workers : int
        The publication threshold.

    Returns
    -------
    (TimeGuide, Series of bool)
        The guide to pool from, and by (``figure``, ``key``) of
        :func:`~timestudy.capacity.not_calibrated.guide_figures`, True where it gives a
        figure the local guide at ``min_workers`` withholds.

    Examples
    --------
    >>> from timestudy import simulate_study, run_study
    >>> s = simulate_study(n_workers=4, weeks=1, seed=2)
    >>> guide, withheld = local_guides(run_study(s.diary, s.cases, s.workers,
    ...                                          min_workers=1, n_boot=19,
    ...                                          sensitivity=False).models)
    >>> bool(withheld.loc["hours per case-month"].all())  # 4 workers: all withheld
    True
    """
    if not isinstance(local, StudyModels):
        return local, pd.Series(False, index=guide_figures(local).index)
    from timestudy.guide import build_guide

    pooled = build_guide(local, min_workers=1)
    given = guide_figures(pooled)["estimate"]
    shown = guide_figures(build_guide(local, min_workers=min_workers))["estimate"]
    return pooled, given.notna() & shown.reindex(given.index).isna()


def few_holders_words(meta: dict, min_workers: int, withheld: bool = False) -> str:
    """Why a local study's time available is not taken ('' when it may be).

    Parameters
    ----------
    meta : dict
        The local guide's ``meta`` (:func:`local_holders`).
    min_workers : int
        The publication threshold.
    withheld : bool
        Whether the local guide at ``min_workers`` withholds it (in effect under survey
        weights, say).

    Returns
    -------
    str
        The words after "rests on", or ''.

    Examples
    --------
    >>> few_holders_words({"n_workers": 3}, 5)
    '3 case-holding workers, fewer than 5'
    >>> few_holders_words({"n_workers": 6}, 5, withheld=True)
    '6 case-holding workers, fewer than 5 in effect under their survey weights'
    >>> few_holders_words({"n_workers": 6}, 5)
    ''
    """
    holders = local_holders(meta)
    if holders < min_workers:
        return f"{holders} case-holding workers, fewer than {min_workers}"
    if withheld:
        return (f"{holders} case-holding workers, fewer than {min_workers} in effect under "
                "their survey weights")
    return ""


def check_reference(reference: TimeGuide, min_workers: int, source: str | None = None
                    ) -> None:
    """Refuse, in one line, a reference guide that cannot be published at ``min_workers``.

    The guide's own rule (:func:`~timestudy.guide.thresholds.highest_threshold`, as
    :func:`~timestudy.guide.thresholds.check_threshold`) on the reference as a calibrated
    guide publishes it: at ``min_workers``. A reference read back from a guide.json written
    at a lower threshold, or built at one, is refused; the fix named is the analyst's (a
    lower ``min_workers``, or another reference), not rebuilding the reference.

    Parameters
    ----------
    reference : TimeGuide
        The reference guide.
    min_workers : int
        The threshold the calibrated guide is published at.
    source : str, optional
        The reference's file, named at the head of the message.

    Raises
    ------
    ConfigError
        Naming the option, both thresholds and the fix.

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> check_reference(SimpleNamespace(meta={"min_workers": 7}, _read_at=7), 5)
    >>> check_reference(SimpleNamespace(meta={"min_workers": 3}, _read_at=3), 5, "ref.json")
    Traceback (most recent call last):
    ...
    timestudy.errors.ConfigError: ref.json: the reference guide to calibrate to (--calibrate-to, inputs.calibrate_to) was published at min_workers 3, so a guide calibrated to it cannot be published at min_workers 5 (a figure in it may rest on fewer than 5 workers); give --min-workers 3 or less (min_workers=3), or a reference published at min_workers 5 or more
    """
    at = highest_threshold(SimpleNamespace(meta=reference.meta,
                                           _read_at=getattr(reference, "_read_at", None),
                                           _tables=getattr(reference, "_tables", None)))
    if at is not None and min_workers > at:
        raise ConfigError(
            "the reference guide to calibrate to (--calibrate-to, inputs.calibrate_to) was "
            f"published at min_workers {at}, so a guide calibrated to it cannot be published "
            f"at min_workers {min_workers} (a figure in it may rest on fewer than "
            f"{min_workers} workers); give --min-workers {at} or less "
            f"(min_workers={at}), or a reference published at min_workers {min_workers} or "
            "more", source=source)


def threshold_note(reference: TimeGuide, min_workers: int) -> str:
    """The calibrated guide's note on the threshold it is published at, and the reference's.

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> print(threshold_note(SimpleNamespace(meta={"min_workers": 7}), 5))
    Published at min_workers 5: no local figure resting on fewer than 5 local workers has any weight, and the reference's figures are as it published them at min_workers 7 (what it withheld, resting on fewer than 7 of its workers or beside such a figure, stays withheld).
    """
    at = threshold(reference)
    return (f"Published at min_workers {min_workers}: no local figure resting on fewer than "
            f"{min_workers} local workers has any weight, and the reference's figures are as it "
            f"published them at min_workers {at} (what it withheld, resting on fewer than {at} "
            "of its workers or beside such a figure, stays withheld).")
