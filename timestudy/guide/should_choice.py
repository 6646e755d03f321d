"""Which "should" figure of an item is chosen: the order of precedence of the methods and
the rule that picks one figure per item and says whether the others agree with it
(:func:`choose`, for :func:`timestudy.guide.should.should_evidence`).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from timestudy._lib.rounding import fixed
from timestudy.errors import ConfigError

#: Families of methods, in the default order of precedence.
FAMILIES = {"standards": ("standards_events", "standards_met"),
            "delphi": ("delphi_events", "delphi"), "survey": ("survey",)}
DEFAULT_PRECEDENCE = ("standards", "delphi", "survey")
#: Columns of :attr:`ShouldEvidence.table`.
EVIDENCE_COLUMNS = ["level", "item", "method", "unit", "is_value", "should_value",
                    "should_ci_low", "should_ci_high", "uplift", "uplift_ci_low",
                    "uplift_ci_high", "eligible", "chosen", "agrees", "note", "source"]


def method_order(precedence=None) -> list[str]:
    """Methods in order of precedence from families or methods (``["delphi", "survey"]``).

    Examples
    --------
    >>> method_order(["delphi", "standards"])[:3]
    ['delphi_events', 'delphi', 'standards_events']
    """
    out: list[str] = []
    for name in precedence or DEFAULT_PRECEDENCE:
        methods = FAMILIES.get(name, (name,))
        unknown = [m for m in methods if m not in sum(FAMILIES.values(), ())]
        if unknown:
            raise ConfigError(f"precedence: {name!r} is not one of {', '.join(FAMILIES)} or "
                              f"{', '.join(sum(FAMILIES.values(), ()))}")
        out += [m for m in methods if m not in out]
    return out + [m for m in sum(FAMILIES.values(), ()) if m not in out]


#: Uplifts an evidence row may give: outside, the row is not used (and says so).
UPLIFT_RANGE = (0.1, 10.0)


def choose(rows: pd.DataFrame, precedence=None) -> pd.DataFrame:
    """Mark the chosen figure of each item and whether the others agree with it.

    Two figures agree when their intervals overlap (or, where one has none, when the
    uplifts are within 10% of each other); only a figure that could have been used (eligible,
    its uplift within :data:`UPLIFT_RANGE`) is compared. An uplift outside that range is not
    eligible, and its note says so.

    Examples
    --------
    >>> r = pd.DataFrame({"level": "case_type", "item": "CP", "method": ["survey",
    ...     "standards_events"], "uplift": [1.3, 1.1], "uplift_ci_low": [1.2, 1.0],
    ...     "uplift_ci_high": [1.4, 1.15], "eligible": True})
    >>> choose(r)[["method", "chosen", "agrees"]].values.tolist()
    [['survey', False, False], ['standards_events', True, True]]
    """
    order = {m: i for i, m in enumerate(method_order(precedence))}
    rows = rows.copy()
    uplift = rows["uplift"].astype(float)
    wild = np.isfinite(uplift) & ~uplift.between(*UPLIFT_RANGE) & rows["eligible"].astype(bool)
    if wild.any():  # never chosen: the next source in precedence is
        rows["eligible"] = rows["eligible"].astype(bool) & ~wild
        if "note" in rows:
            rows.loc[wild, "note"] = [
                f"uplift {fixed(u, 2)} outside {UPLIFT_RANGE[0]:g} to {UPLIFT_RANGE[1]:g}: not used"
                + (f"; {n}" if isinstance(n, str) and n else "")
                for u, n in zip(uplift[wild], rows.loc[wild, "note"], strict=True)]
    eligible = rows["eligible"].astype(bool)
    rank = rows["method"].map(order).where(eligible & np.isfinite(uplift))
    best = rank.groupby([rows["level"], rows["item"]]).transform("min")
    rows["chosen"] = rank.eq(best) & rank.notna()
    pick = rows.loc[rows["chosen"]].set_index(["level", "item"])
    key = pd.MultiIndex.from_frame(rows[["level", "item"]])
    lo_c = pick["uplift_ci_low"].reindex(key).to_numpy(float)
    hi_c = pick["uplift_ci_high"].reindex(key).to_numpy(float)
    up_c = pick["uplift"].reindex(key).to_numpy(float)
    lo, hi, up = (rows[c].to_numpy(float) for c in ("uplift_ci_low", "uplift_ci_high",
                                                       "uplift"))
    with np.errstate(all="ignore"):
        overlap = (lo <= hi_c) & (lo_c <= hi)
        close = np.abs(up / up_c - 1) <= 0.10
    has_ci = np.isfinite(lo) & np.isfinite(hi) & np.isfinite(lo_c) & np.isfinite(hi_c)
    agrees = np.where(has_ci, overlap, close)
    # only a figure that could have been used can disagree with the one that was
    rows["agrees"] = np.where(np.isfinite(up_c) & np.isfinite(up) & eligible.to_numpy(),
                              agrees, None)
    rows.loc[rows["chosen"], "agrees"] = True
    return rows


def chosen_task_uplifts(rows: list[pd.DataFrame], precedence=None) -> pd.Series:
    """The chosen uplift of each task type among the evidence rows so far (:func:`choose`).

    Examples
    --------
    >>> r = pd.DataFrame({"level": "task_type", "item": "visit", "method": ["survey",
    ...     "delphi"], "uplift": [1.3, 1.2], "uplift_ci_low": [1.2, 1.1],
    ...     "uplift_ci_high": [1.4, 1.3], "eligible": True})
    >>> chosen_task_uplifts([r]).to_dict()
    {'visit': 1.2}
    """
    rows = [r for r in rows if len(r)]
    if not rows:
        return pd.Series(dtype=float)
    pick = choose(pd.concat(rows, ignore_index=True), precedence)
    pick = pick.loc[pick["chosen"] & (pick["level"] == "task_type")]
    return pd.Series(pick["uplift"].to_numpy(float), index=pick["item"].to_numpy(),
                     dtype=float)
