"""The thresholds a guide's tables were published at, noted beside them (``TimeGuide._tables``).

A count of workers "not shown" (words that give no side of ``min_workers``: 7 of 8 at 7)
is only known to be on the right side of the threshold it was published at: the counts
resting on it stand up to that threshold and are withheld above it
(:func:`~timestudy.guide.counts.published_counts`, by :func:`shown_at`). A guide read back
from guide.json knows no more of its workers than the file says, so it is not published
at a higher threshold than the file's (:func:`check_threshold`).
"""

from __future__ import annotations

from timestudy._lib.disclose import DEFAULT_MIN_WORKERS
from timestudy.errors import ConfigError

#: The key of ``TimeGuide._tables`` noting the highest threshold its counted tables were
#: published at (:func:`shown_at`).
SHOWN_AT = "shown_at"
#: The key of ``TimeGuide._tables`` noting the threshold of the guide.json a guide was read
#: from (:func:`check_threshold`).
READ_AT = "read_at"


def threshold(guide) -> int:
    """The guide's disclosure threshold: ``meta.min_workers`` (5 when it lacks one)."""
    return int(guide.meta.get("min_workers", DEFAULT_MIN_WORKERS))


def shown_at(guide) -> int | None:
    """The threshold the guide's counts "not shown" were published at: the highest its
    tables were published at (``_tables``), or None when it is not known (tables given by
    hand: the counts resting on one are withheld, :func:`published_counts`).

    A guide read at 7 and published at 5 knows its counts "not shown" at 7 (the 13 cases
    of 7 workers stand at 7 again); one published at 8 has withheld those resting on them.

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> shown_at(SimpleNamespace(_tables={SHOWN_AT: 7})), shown_at(SimpleNamespace())
    (7, None)
    """
    return (getattr(guide, "_tables", None) or {}).get(SHOWN_AT)


def noted_thresholds(guide) -> dict:
    """What the guide notes in ``_tables`` of the thresholds it was published at, once its
    tables are published at :func:`threshold`: the highest (:data:`SHOWN_AT`) and that of
    the guide.json it was read from (:data:`READ_AT`, kept as it was).

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> g = SimpleNamespace(meta={"min_workers": 5}, _tables={SHOWN_AT: 7, READ_AT: 7})
    >>> noted_thresholds(g)
    {'shown_at': 7, 'read_at': 7}
    >>> noted_thresholds(SimpleNamespace(meta={}, _tables=None))
    {'shown_at': 5}
    """
    seen = getattr(guide, "_tables", None) or {}
    out = {SHOWN_AT: max(threshold(guide), seen.get(SHOWN_AT, 0))}
    return out | ({READ_AT: seen[READ_AT]} if READ_AT in seen else {})


def check_threshold(guide) -> None:
    """Refuse a guide read back from guide.json published at a higher ``min_workers`` than
    it was written at: the workers behind its figures are not all known (its task x case
    type cells give none, a count "not shown" none, and a figure withheld may be worked
    back from the others), so the cells under the new threshold cannot all be found.

    Raises
    ------
    ConfigError
        One line naming both thresholds and the fix: build the guide again.

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> check_threshold(SimpleNamespace(meta={"min_workers": 5}, _tables={READ_AT: 7}))
    >>> check_threshold(SimpleNamespace(meta={"min_workers": 8}, _tables={READ_AT: 7}))
    Traceback (most recent call last):
    ...
    timestudy.errors.ConfigError: a guide read back from guide.json written at min_workers 7 cannot be published at min_workers 8: ...
    """
    read_at = (getattr(guide, "_tables", None) or {}).get(READ_AT)
    k = threshold(guide)
    if read_at is not None and k > read_at:
        raise ConfigError(
            f"a guide read back from guide.json written at min_workers {read_at} cannot be "
            f"published at min_workers {k}: the workers behind its figures are not all "
            "known (its task x case type cells give none, and a figure withheld may be "
            "worked back from others); build the guide again from the study with "
            f"min_workers={k} (timestudy guide --min-workers {k}), or publish it at "
            f"{read_at} or less")
