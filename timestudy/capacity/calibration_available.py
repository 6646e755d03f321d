"""The time available of a calibrated guide (:mod:`timestudy.capacity.calibration`).

The hours a worker has for casework are not pooled: they are the local authority's own
working pattern. A calibrated guide takes the local study's time available whole where
it measured it from ``min_workers`` case-holding workers or more, and otherwise keeps
the reference's, and its notes say which.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from timestudy._lib.rounding import fixed
from timestudy.capacity.not_calibrated import WEEK
from timestudy.guide import TimeGuide
from timestudy.guide.adjustments import NON_CASE_UPLIFT

__all__ = ["local_time_available"]


def local_time_available(reference: pd.DataFrame, local: pd.DataFrame) -> pd.DataFrame:
    """The time available of a calibrated guide: the local study's ``available`` table.

    Rows of the reference's table the local one lacks are blank, but for the working
    weeks per year (an assumption, kept); hours for casework per FTE-year are the local
    week times the weeks where the local table has no such row. The reference's
    uplift on non-case work (``non_case_uplift_hours_per_fte_week``, worked out on its
    own non-case hours) is left out unless the local guide has its own.

    Examples
    --------
    Reference 8 non-case hours a week of 37, local 12: the local 25 hours for casework.

    >>> cols = ["estimate", "ci_low", "ci_high"]
    >>> rows = ["non_case_hours_per_fte_week", "available_case_hours_per_fte_week",
    ...         "working_weeks_per_year", "available_case_hours_per_fte_year"]
    >>> ref = pd.DataFrame([[8, 7, 9], [29, 28, 30], [40, 40, 40], [1160, 1120, 1200]],
    ...                    index=rows, columns=cols, dtype=float)
    >>> loc = pd.DataFrame([[12, 10, 14], [25, 23, 27], [40, 40, 40], [1000, 920, 1080]],
    ...                    index=rows, columns=cols, dtype=float)
    >>> local_time_available(ref, loc)["estimate"].tolist()
    [12.0, 25.0, 40.0, 1000.0]
    """
    index = reference.index.append(local.index.difference(reference.index, sort=False))
    out = local.reindex(index=index, columns=reference.columns).astype(float)
    weeks = "working_weeks_per_year"
    if weeks not in local.index and weeks in reference.index:
        out.loc[weeks] = reference.loc[weeks]
    if NON_CASE_UPLIFT not in local.index:
        out = out.drop(index=NON_CASE_UPLIFT, errors="ignore")
    year, week = "available_case_hours_per_fte_year", "available_case_hours_per_fte_week"
    if year not in local.index and week in out.index and weeks in out.index:
        out.loc[year] = out.loc[week] * out.loc[weeks, "estimate"]
    return out


def pattern_notes(reference: TimeGuide, local: TimeGuide, measured: bool,
                   few: str = "") -> tuple[str, ...]:
    """What the calibrated guide's time available is, and whose (``few``: why a local
    measure is not taken)."""
    def hours(guide):
        av = guide.available.reindex(["non_case_hours_per_fte_week",
                                      "available_case_hours_per_fte_week"])["estimate"]
        return "{} non-case hours per FTE-week, {} for casework".format(*(fixed(v, 1) for v in av))

    if measured:
        notes = ("Hours for casework are not pooled: the calibrated guide takes the local "
                 f"study's time available and its intervals ({hours(local)}; the reference "
                 f"has {hours(reference)}).",)
    elif few:
        notes = (f"The local study's time available rests on {few}, so it is not published "
                 f"as its own: the calibrated guide keeps the reference's ({hours(reference)}), "
                 "another authority's working pattern.",)
    else:
        notes = ("The local study has no measure of time available: the calibrated guide "
                 f"keeps the reference's ({hours(reference)}), another authority's working "
                 "pattern; measure the local non-case hours to replace it.",)
    if measured and NON_CASE_UPLIFT in reference.available.index and (
            NON_CASE_UPLIFT not in local.available.index):
        notes += ("The reference's should uplift on non-case work (worked out on its own "
                  "non-case hours) is not carried over.",)
    return notes + ("The reference's headline (its caseload, cases per FTE and staff needed) "
                    "is not carried over: compute the local one with "
                    "timestudy.capacity.headlines.headline on the calibrated guide.",)


def week_row(table: pd.DataFrame, t: pd.DataFrame, enough: bool = True) -> bool:
    """Set the row of hours for casework per FTE-week: the local study's figure and
    interval where it has one from ``enough`` case-holding workers (weight 1), else the
    reference's (weight 0). Whether the local study's is taken."""
    row = (WEEK, "all")
    if row not in table.index:
        return False
    measured = enough and bool(np.isfinite(t.loc[row, "estimate_loc"]))
    src = "loc" if measured else "ref"
    table.loc[row, ["local_ci_low", "local_ci_high"]] = t.loc[row, ["ci_low_loc", "ci_high_loc"]
                                                              ].to_numpy(float)
    table.loc[row, ["calibrated", "calibrated_ci_low", "calibrated_ci_high"]] = t.loc[
        row, [f"estimate_{src}", f"ci_low_{src}", f"ci_high_{src}"]].to_numpy(float)
    table.loc[row, "weight_local"] = float(measured)
    return measured
