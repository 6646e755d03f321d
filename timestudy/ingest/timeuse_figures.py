"""The ATUS activity file's durations given twice, cross-checked: flag ``figures_disagree``.

The BLS activity file (``atusact``) gives each activity's length three ways besides its
clock times (labels of the BLS-supplied Stata program; sources in
``tests/ingest/conformance/README.md``):

``TUACTDUR24``
    Duration in minutes, the last activity truncated at 4:00 a.m. (the one counted).
``TUACTDUR``
    Duration in minutes, the last activity not truncated: equal to ``TUACTDUR24`` on every
    activity but the diary's last, where it is no shorter.
``TUCUMDUR24``
    Cumulative duration in minutes, truncated at 4:00 a.m. or 1440: the running sum of
    ``TUACTDUR24`` over the diary (``TUCASEID``) in activity order (``TUACTIVITY_N``).

``TUACTDUR24`` against the clock (``TUSTARTTIM`` to ``TUSTOPTIME``, clipped at the diary
day's end) is ``duration_mismatch``. The two others are checked here, whatever layout and
mapping read the file, by their ATUS headers. A row whose ``TUCUMDUR24`` departs from the
running sum by another amount than the row before it did is flagged (one wrong duration
shifts every later sum alike: only its row is flagged). The row keeps ``TUACTDUR24`` as its
minutes; the warning ``figures_disagree`` names each row with both figures.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from timestudy.ingest.candidates import normalise
from timestudy.ingest.wombat_figures import CODE, disagree_warning
from timestudy.schema import parse

#: The ATUS headers, as :func:`normalise` writes them.
HEADERS = {
    "tuactdur24": "TUACTDUR24",
    "tuactdur": "TUACTDUR",
    "tucumdur24": "TUCUMDUR24",
    "tuactivity_n": "TUACTIVITY_N",
    "tucaseid": "TUCASEID",
}


def atus_columns(frame: pd.DataFrame, labels: dict) -> dict[str, str]:
    """The frame's columns by ATUS name (``TUACTDUR24`` -> ``duration_min`` where the
    mapping read it so), found by their headers as written."""
    found = {}
    for col in frame.columns:
        name = HEADERS.get(normalise(str(labels.get(col, col))))
        if name and name not in found:
            found[name] = col
    return found


def atus_disagree(
    frame: pd.DataFrame, labels: dict, tolerance: float
) -> tuple[np.ndarray, list[str]] | None:
    """Rows whose ``TUACTDUR`` or ``TUCUMDUR24`` disagrees with ``TUACTDUR24``, and why;
    None when the frame has no two of them.

    Examples
    --------
    One diary of three activities: the second's ``TUCUMDUR24`` is 20 minutes over the
    running sum (780 + 20); the first's ``TUACTDUR`` is 90 where ``TUACTDUR24`` is 60 (it is
    not the last activity, so they must be equal); the last's ``TUACTDUR`` is longer (the
    activity ran past 04:00): right.

    >>> f = pd.DataFrame({"worker_id": ["1", "1", "1"], "duration_min": ["60", "720", "660"],
    ...                   "TUACTDUR": ["90", "720", "700"],
    ...                   "TUCUMDUR24": ["60", "800", "1440"]})
    >>> mask, why = atus_disagree(f, {"duration_min": "TUACTDUR24"}, 1.0)
    >>> mask.tolist()
    [True, True, False]
    >>> why[:2]
    ['TUACTDUR 90, TUACTDUR24 60 (not the last activity: equal)', 'TUCUMDUR24 800, 780 summed from TUACTDUR24']
    """
    cols = atus_columns(frame, labels)
    if "TUACTDUR24" not in cols or not {"TUACTDUR", "TUCUMDUR24"} & set(cols):
        return None
    n = len(frame)
    diary = (
        frame[cols.get("TUCASEID", "worker_id")]
        if cols.get("TUCASEID", "worker_id") in frame
        else pd.Series("", index=frame.index)
    )
    codes = pd.factorize(diary.astype("string").fillna(""))[0]
    number = (
        parse.numbers(frame[cols["TUACTIVITY_N"]].astype("string"))
        if "TUACTIVITY_N" in cols
        else np.arange(n, dtype=float)
    )
    order = np.lexsort((np.arange(n), number, codes))  # each diary in activity order
    w = codes[order]
    last = np.append(w[1:] != w[:-1], True)
    d24 = _numbers(frame, cols["TUACTDUR24"])[order]
    why = np.full(n, "", dtype=object)
    if "TUACTDUR" in cols:
        full = _numbers(frame, cols["TUACTDUR"])[order]
        bad = np.where(last, full < d24 - tolerance, np.abs(full - d24) > tolerance)
        why[order[bad]] = [
            f"TUACTDUR {a:g}, TUACTDUR24 {b:g} ("
            + ("the last activity: never shorter" if end else "not the last activity: equal")
            + ")"
            for a, b, end in zip(full[bad], d24[bad], last[bad], strict=True)
        ]
    if "TUCUMDUR24" in cols:
        given = _numbers(frame, cols["TUCUMDUR24"])[order]
        summed = pd.Series(np.nan_to_num(d24)).groupby(w).cumsum().to_numpy()
        off = given - summed
        before = np.where(
            np.append(True, w[1:] != w[:-1]), 0.0, np.append(0.0, np.nan_to_num(off)[:-1])
        )
        bad = (np.abs(off) > tolerance) & (np.abs(off - before) > tolerance)
        text = [
            f"TUCUMDUR24 {a:g}, {b:g} summed from TUACTDUR24"
            for a, b in zip(given[bad], summed[bad], strict=True)
        ]
        at = order[bad]
        why[at] = np.where(why[at] == "", text, why[at] + "; " + np.array(text, dtype=object))
    return why != "", why.tolist()


def _numbers(frame: pd.DataFrame, col: str) -> np.ndarray:
    """A column of minutes as numbers (NaN blank)."""
    return parse.numbers(frame[col].astype("string").str.strip())


def atus_said(
    frame: pd.DataFrame, labels: dict, times, kept: np.ndarray, mapping, source_rows: np.ndarray
) -> dict | None:
    """Flag ``figures_disagree`` in ``times.flags`` where the ATUS durations disagree, and
    the warning naming the kept rows flagged; None when none is (or no ATUS columns)."""
    found = atus_disagree(frame, labels, mapping.mismatch_tolerance_seconds / 60)
    if found is None:
        return None
    mask, why = found
    times.flags[CODE] = mask
    cols = atus_columns(frame, labels)
    names = frame[cols["TUCASEID"]].astype("string") if "TUCASEID" in cols else None
    return disagree_warning(mask & kept, why, source_rows, names, "diary", "TUACTDUR24")
