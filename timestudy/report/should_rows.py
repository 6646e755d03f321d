"""How each "should" figure was reached: the evidence rows of an adjustments file, for display.

Used by the report's "Is versus should" section and the workbook's "Should evidence"
sheet when the guide's uplifts were computed from evidence (``timestudy should``).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from timestudy.guide import TimeGuide
from timestudy.report.format import number
from timestudy.report.labels import case_type_label, task_label

#: Plain words for each method.
METHOD_WORDS = {
    "standards_events": "standards: required pieces x measured time per piece",
    "standards_met": "standards: cases that met them (NCCD)",
    "delphi_events": "Delphi frequencies x measured time per piece",
    "delphi": "Delphi panel (final round median)",
    "survey": "sufficiency survey",
}


def evidence_frame(guide: TimeGuide) -> pd.DataFrame:
    """Every evidence row of the guide's adjustments, numbers as numbers (empty without).

    Columns: ``applies to``, ``method``, ``unit``, ``is``, ``should``, ``lower``, ``upper``,
    ``uplift``, ``chosen``, ``agrees``, ``note`` and ``source``.

    Examples
    --------
    >>> evidence_frame(type("G", (), {"adjustments": None, "meta": {}})()).empty
    True
    """
    a = guide.adjustments
    if a is None or not a.evidence:
        return pd.DataFrame()
    e = pd.DataFrame(list(a.evidence))
    label = [f"Task: {task_label(i, guide.meta)}" if lv == "task_type"
             else f"Case type: {case_type_label(i)}" for lv, i in zip(e["level"], e["item"],
                                                                        strict=True)]
    return pd.DataFrame({
        "applies to": label, "method": e["method"].map(METHOD_WORDS).fillna(e["method"]),
        "unit": e["unit"], "is": e["is_value"].astype(float),
        "should": e["should_value"].astype(float), "lower": e["should_ci_low"].astype(float),
        "upper": e["should_ci_high"].astype(float), "uplift": e["uplift"].astype(float),
        "chosen": np.where(e["chosen"].astype(bool), "yes", ""),
        "agrees": e["agrees"].map({True: "yes", False: "no"}).fillna(""),
        "note": e["note"].fillna(""), "source": e["source"].fillna("")})


def evidence_display(guide: TimeGuide) -> pd.DataFrame:
    """:func:`evidence_frame` as text: hours to two decimals, uplifts to two."""
    f = evidence_frame(guide)
    if f.empty:
        return f
    out = f.drop(columns=["lower", "upper"]).astype(object)
    for c in ("is", "should"):
        out[c] = [number(v, 2) for v in f[c]]
    out["interval"] = [f"{number(lo, 2)} to {number(hi, 2)}" for lo, hi in zip(
        f["lower"], f["upper"], strict=True)]
    out["uplift"] = [number(v, 2) for v in f["uplift"]]
    return out[["applies to", "method", "unit", "is", "should", "interval", "uplift",
                "chosen", "agrees", "note", "source"]]


def capacity_is_should(guide: TimeGuide) -> pd.DataFrame:
    """Most cases of each type one FTE can hold, on the measured and on the should hours.

    Examples
    --------
    >>> from timestudy import simulate_study, run_study
    >>> s = simulate_study(n_workers=8, weeks=1, seed=2)
    >>> t = capacity_is_should(run_study(s.diary, s.cases, s.workers, n_boot=19).guide)
    >>> list(t.columns)
    ['case type', 'cases per FTE (is)', 'cases per FTE (should)']
    """
    def month(should: bool) -> float:  # is: the measured hours; should: with the uplifts
        return float(guide.available_hours(should).loc["available_case_hours_per_fte_year",
                                                       "estimate"]) / 12

    c = guide.case_types
    with np.errstate(all="ignore"):
        return pd.DataFrame({
            "case type": [case_type_label(k) for k in c.index],
            "cases per FTE (is)": month(False) / c["hours_per_case_month"].to_numpy(float),
            "cases per FTE (should)": month(True)
            / c["hours_per_case_month_should"].to_numpy(float)})
