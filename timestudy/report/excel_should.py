"""The workbook's "Should evidence" sheet: how each should figure was reached.

Written only when the guide's uplifts come from evidence (``timestudy should``). The
writer ``w`` is the workbook writer of :mod:`timestudy.report.excel` (its ``text``,
``table`` and ``page_setup``); this module does not import it, so there is no circle.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from timestudy.guide import TimeGuide
from timestudy.guide.adjustments import non_case_note, non_case_uplifts
from timestudy.report.should_rows import METHOD_WORDS, capacity_is_should, evidence_frame


def should_sheet(w, ws, guide: TimeGuide) -> int:
    """Write every evidence row (numbers as numbers) and capacity on is and should hours.

    Returns the row after the last one written.
    """
    a = guide.adjustments
    ws.set_column(0, 1, 34)
    ws.set_column(2, 9, 13)
    ws.set_column(10, 11, 48)
    w.text(ws, 0, 0, "Should evidence: how each should figure was reached", "title")
    w.text(ws, 1, 0, f"Source: {a.source}")
    w.text(ws, 2, 0, f"Method: {a.method}; {a.notes}")
    if not a.notes or "non-case work" not in a.notes:  # a file from an older version
        said = non_case_note(non_case_uplifts(guide.tasks, a.task_types))
        if said:
            w.text(ws, 3, 0, said)
    frame = evidence_frame(guide)
    r = w.table(ws, 4, 0, frame, {"is": "2", "should": "2", "lower": "2", "upper": "2",
                                  "uplift": "2"}) + 1
    w.text(ws, r, 0, "Most cases one FTE can hold, is and should", "h2")
    r = w.table(ws, r + 1, 0, capacity_is_should(guide),
                {"cases per FTE (is)": "1", "cases per FTE (should)": "1"}) + 1
    w.page_setup(ws, landscape=True)
    return r


def should_columns(guide: TimeGuide) -> pd.DataFrame:
    """Columns for the case weights sheet: the chosen should figure's interval and method.

    Empty (no columns) unless the guide's uplifts come from evidence.
    """
    a = guide.adjustments
    if a is None or not a.from_evidence:
        return pd.DataFrame(index=guide.case_types.index)
    e = pd.DataFrame(list(a.evidence))
    pick = e.loc[e["chosen"].astype(bool) & (e["level"] == "case_type")].set_index("item")
    pick = pick.reindex(guide.case_types.index.astype(str))
    # a should figure the guide withholds (or never computed) has no method: the mix of
    # task uplifts is said only of a figure shown
    shown = guide.case_types["hours_per_case_month_should"].astype(float).notna().to_numpy()
    method = pick["method"].map(METHOD_WORDS).fillna("mix of task uplifts").to_numpy()
    return pd.DataFrame({
        "hours per case-month (should): lower": pick["should_ci_low"].astype(float).to_numpy(),
        "hours per case-month (should): upper": pick["should_ci_high"].astype(float).to_numpy(),
        "should: method": np.where(shown, method, "")}, index=guide.case_types.index)
