"""The should evidence as published: the guide's withholding on every figure.

A case type (or task type) the guide withholds (fewer than ``min_workers`` workers, or
secondary suppression) keeps no figure in the evidence either: its should figure, read
from the study's data (``--config``, ``guide --standards``), is the measured one times
an uplift, and with an uplift of 1.00 it *is* the measured figure. The row stays, with
the guide's own reason, and is never chosen.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

#: Evidence columns that carry a figure (withheld with the item).
FIGURES = ("is_value", "should_value", "should_ci_low", "should_ci_high", "uplift",
           "uplift_ci_low", "uplift_ci_high")
_TABLES = {"case_type": "case_types", "task_type": "tasks"}


def withheld_items(guide) -> dict[tuple[str, str], str]:
    """(level, item) -> the guide's reason, for the case and task types it withholds.

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> from timestudy.guide.disclosure import Suppressed, reasons
    >>> s = [Suppressed("case_types", "PROC", "fewer than 5 workers")]
    >>> g = SimpleNamespace(reasons=lambda *t: reasons(s, *t))
    >>> withheld_items(g)
    {('case_type', 'PROC'): 'fewer than 5 workers'}
    """
    return {(level, str(k)): why for level, table in _TABLES.items()
            for k, why in guide.reasons(table).items() if k != "*"}


def withhold_rows(table: pd.DataFrame, guide) -> pd.DataFrame:
    """Evidence rows with the figures of withheld items blanked, not eligible, not chosen,
    and the guide's reason as ``note`` (in place of the evidence's own, which tells
    shares and counts of the item's cases).

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> from timestudy.guide.disclosure import Suppressed, reasons
    >>> s = [Suppressed("case_types", "PROC", "fewer than 5 workers")]
    >>> g = SimpleNamespace(reasons=lambda *t: reasons(s, *t))
    >>> t = pd.DataFrame({"level": "case_type", "item": ["CP", "PROC"],
    ...     "should_value": [11.2, 22.85], "uplift": [1.01, 1.0], "eligible": True,
    ...     "chosen": [True, True], "agrees": True, "note": ["", "kept"]})
    >>> out = withhold_rows(t, g)
    >>> out["should_value"].tolist(), out["chosen"].tolist()
    ([11.2, nan], [True, False])
    >>> out.loc[1, "note"]
    'withheld in the guide: fewer than 5 workers'
    """
    why = withheld_items(guide)
    if table.empty or not why:
        return table
    keys = list(zip(table["level"].astype(str), table["item"].astype(str), strict=True))
    off = np.array([k in why for k in keys], bool)
    if not off.any():
        return table
    table = table.copy()
    table.loc[off, [c for c in FIGURES if c in table]] = np.nan
    for c in ("eligible", "chosen"):
        if c in table:
            table[c] = table[c].astype(bool) & ~off
    if "agrees" in table:
        table["agrees"] = table["agrees"].astype(object)
        table.loc[off, "agrees"] = None
    notes = table["note"] if "note" in table else pd.Series("", index=table.index)
    # the note goes too: it tells shares and counts of the cases (79% of 29 met it)
    table["note"] = [f"withheld in the guide: {why[k]}" if o else n
                     for k, o, n in zip(keys, off, notes, strict=True)]
    return table


def withhold_frame(frame: pd.DataFrame, guide, keep=("n_workers", "n_cases",
                                                     "per_case_month_required")) -> pd.DataFrame:
    """A table of a result indexed (or columned) by case type, every figure of a case type
    the guide withholds blanked but head counts and the standard's own rates.

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> g = SimpleNamespace(reasons=lambda *t: {"PROC": "few"})
    >>> f = pd.DataFrame({"should_hours_per_case_month": [11.2, 22.85], "n_workers": [8, 3]},
    ...                  index=pd.Index(["CP", "PROC"], name="case_type"))
    >>> withhold_frame(f, g)["should_hours_per_case_month"].tolist()
    [11.2, nan]
    """
    hidden = {k for k in guide.reasons("case_types") if k != "*"}
    if frame is None or frame.empty or not hidden:
        return frame
    types = frame["case_type"] if "case_type" in frame else frame.index.to_series()
    off = types.astype(str).isin(hidden).to_numpy()
    if not off.any():
        return frame
    frame = frame.copy()
    cols = [c for c in frame.columns if pd.api.types.is_numeric_dtype(frame[c])
            and c != "pooled" and not c.startswith(keep)]
    frame.loc[off, cols] = np.nan
    return frame
