"""The thresholds a guide's tables were published at, noted beside them (``TimeGuide._tables``).

A count of workers "not shown" (words that give no side of ``min_workers``: 7 of 8 at 7)
is only known to be on the right side of the threshold it was published at: the counts
resting on it stand up to that threshold and are withheld above it
(:func:`~timestudy.guide.counts.published_counts`, by :func:`shown_at`). A guide read back
from guide.json knows no more of its workers than the file says, so it is not published
at a higher threshold than the file's (:func:`check_threshold`); nor is a calibrated
guide published above the threshold its local figures were weighed at
(``meta.calibration_min_workers``), read back or not (:func:`read_at`).
"""

from __future__ import annotations

from types import SimpleNamespace

from timestudy._lib.disclose import DEFAULT_MIN_WORKERS
from timestudy.errors import ConfigError

#: The key of ``TimeGuide._tables`` noting the highest threshold its counted tables were
#: published at (:func:`shown_at`).
SHOWN_AT = "shown_at"


def threshold(guide) -> int:
    """The guide's disclosure threshold: ``meta.min_workers`` (5 when it lacks one)."""
    return int(guide.meta.get("min_workers", DEFAULT_MIN_WORKERS))


def _read_at(guide) -> int | None:
    """The threshold of the guide.json the guide was read from (``_read_at``), or None."""
    return getattr(guide, "_read_at", None)


def shown_at(guide) -> int | None:
    """The threshold the guide's counts "not shown" were published at: the highest its
    tables were published at (``_tables``), else that of the guide.json it was read from
    (``_read_at``), or None when it is not known (tables given by hand: the counts
    resting on one are withheld, :func:`~timestudy.guide.counts.published_counts`).

    A guide read at 7 and published at 5 knows its counts "not shown" at 7 (the 13 cases
    of 7 workers stand at 7 again); one built at 7 and published at 8 has withheld those
    resting on them.

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> shown_at(SimpleNamespace(_tables={SHOWN_AT: 7})), shown_at(SimpleNamespace())
    (7, None)
    >>> shown_at(SimpleNamespace(_tables=None, _read_at=7))
    7
    """
    seen = getattr(guide, "_tables", None) or {}
    return seen.get(SHOWN_AT, _read_at(guide))


def withheld_at(guide) -> int:
    """The threshold the guide's figures resting on too few workers were withheld at: the
    highest its tables were published at (:func:`shown_at`), never below ``min_workers``.
    A guide published at 5 from one written at 7 (read back, or the reference of a
    calibrated guide) withheld them at 7: its reasons say "fewer than 7 workers", and so
    must the sentences that count them.

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> withheld_at(SimpleNamespace(meta={"min_workers": 5}, _tables={SHOWN_AT: 7}))
    7
    >>> withheld_at(SimpleNamespace(meta={"min_workers": 5}, _tables=None))
    5
    """
    return max(threshold(guide), shown_at(guide) or 0)


def noted_thresholds(guide) -> dict:
    """What the guide notes in ``_tables`` of the thresholds it was published at, once its
    tables are published at :func:`threshold`: the highest (:data:`SHOWN_AT`).

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> noted_thresholds(SimpleNamespace(meta={"min_workers": 5}, _tables={SHOWN_AT: 7}))
    {'shown_at': 7}
    >>> noted_thresholds(SimpleNamespace(meta={}, _tables=None))
    {'shown_at': 5}
    """
    return {SHOWN_AT: withheld_at(guide)}


def read_at(meta: dict) -> int:
    """The threshold a guide.json's tables were published at (a guide read back's
    ``_read_at``): its ``min_workers``, or its ``calibration_min_workers`` when lower. A
    calibrated guide written before fix38c says the reference's ``min_workers`` (10) over
    local figures weighed from 5 local workers (``calibration_min_workers`` 5): what was
    truly applied is 5, and it is published at 5 or less.

    Examples
    --------
    >>> read_at({"min_workers": 10, "calibration_min_workers": 5}), read_at({"min_workers": 7})
    (5, 7)
    >>> read_at({"min_workers": 5, "calibration_min_workers": 10}), read_at({})
    (5, 5)
    """
    at = threshold(SimpleNamespace(meta=meta))
    pooled = meta.get("calibration_min_workers")
    return at if pooled is None else min(at, int(pooled))


def highest_threshold(guide) -> int | None:
    """The highest ``min_workers`` the guide can be published at, or None (no bound known):
    the threshold of the guide.json it was read from (:func:`read_at`); else the lower of
    the threshold its local figures were weighed at (``meta["calibration_min_workers"]``,
    a calibrated guide) and the one its tables were published at (:func:`shown_at`).

    Examples
    --------
    >>> highest_threshold(SimpleNamespace(meta={"min_workers": 5}, _read_at=7))
    7
    >>> highest_threshold(SimpleNamespace(meta={"calibration_min_workers": 5},
    ...                                   _tables={SHOWN_AT: 7}))
    5
    >>> highest_threshold(SimpleNamespace(meta={"min_workers": 5}, _tables=None)) is None
    True
    """
    if _read_at(guide) is not None:
        return _read_at(guide)
    bounds = [int(b) for b in (guide.meta.get("calibration_min_workers"), shown_at(guide))
              if b is not None]
    return min(bounds) if bounds else None


def check_threshold(guide) -> None:
    """Refuse a guide read back from guide.json (``_read_at``: the file's ``min_workers``)
    published at a higher ``min_workers``: the workers behind its figures are not all
    known (its task x case type cells give none, a count "not shown" none, and a figure
    withheld may be worked back from the others), so the cells under the new threshold
    cannot all be found (the file's: :func:`read_at`, a calibrated guide's the lower of
    its two). At the file's threshold or less it publishes what was written.
    A calibrated guide (not read back: one read back is published at most at
    :func:`read_at`) is refused above
    ``meta["calibration_min_workers"]``: a local figure from fewer workers than the new
    threshold may have weight in it, and a weighted figure gives the local one back
    (:mod:`timestudy.capacity.calibration_disclosure`).

    Raises
    ------
    ConfigError
        One line naming both thresholds and the fix: build the guide again.

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> check_threshold(SimpleNamespace(meta={"min_workers": 5}, _read_at=7))
    >>> check_threshold(SimpleNamespace(meta={"min_workers": 5}, _tables={SHOWN_AT: 7}))
    >>> check_threshold(SimpleNamespace(meta={"min_workers": 8}, _read_at=7))
    Traceback (most recent call last):
    ...
    timestudy.errors.ConfigError: a guide read back from guide.json written at min_workers 7 cannot be published at min_workers 8: ...
    >>> check_threshold(SimpleNamespace(meta={"min_workers": 6, "calibration_min_workers": 5},
    ...                                 _tables={SHOWN_AT: 7}))
    Traceback (most recent call last):
    ...
    timestudy.errors.ConfigError: a calibrated guide whose local figures were weighed at min_workers 5 cannot be published at min_workers 6: ...
    """
    at, k = highest_threshold(guide), threshold(guide)
    if at is None or k <= at:
        return
    pooled, read = guide.meta.get("calibration_min_workers"), _read_at(guide)
    if read is None and pooled is not None and int(pooled) == at:
        raise ConfigError(
            f"a calibrated guide whose local figures were weighed at min_workers {pooled} "
            f"cannot be published at min_workers {k}: a local figure resting on fewer than "
            f"{k} local workers may have weight in it, and would be given back; calibrate "
            f"again with min_workers={k} (timestudy guide --calibrate-to REFERENCE_JSON "
            f"--min-workers {k}), or publish it at {pooled} or less")
    if read is None:  # built at a lower threshold: its estimates were withheld at that one,
        raise ConfigError(  # not at this (derive does not redo it)
            f"a guide published at min_workers {at} cannot be published again at "
            f"min_workers {k}: its estimates were withheld at {at}, not {k}; build the "
            f"guide again from the study with min_workers={k} (timestudy guide "
            f"--min-workers {k}), or publish it at {at} or less")
    raise ConfigError(
        f"a guide read back from guide.json written at min_workers {at} cannot be "
        f"published at min_workers {k}: the workers behind its figures are not all "
        "known (its task x case type cells give none, and a figure withheld may be "
        "worked back from others); build the guide again from the study with "
        f"min_workers={k} (timestudy guide --min-workers {k}), or publish it at "
        f"{at} or less")
