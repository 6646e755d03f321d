"""Two small case types withheld together still rest on 5 workers, or a third goes too.

Review of the stop: PROCEEDINGS (2 workers; 3 case-months at 20 h) and UASC (2 other
workers; 2 at 30 h) were both withheld as too small, and no second row was: neither alone
can be worked out, but together their 60 + 60 = 120 h are the case time less the published
types' hours, resting on 4 workers. Now the cheapest other type (not the reference, the
fewest hours: CP here, 4 x 10 = 40 h) goes with them, and the withheld rows rest on 5+.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from timestudy.guide.disclosure import suppress_case_types


def _table():
    idx = pd.Index(["CIN", "CP", "PROCEEDINGS", "UASC"], name="case_type")
    return pd.DataFrame({
        "n_cases": [20, 6, 3, 2], "n_workers": [9, 9, 2, 2],
        "case_months": [20.0, 4.0, 3.0, 2.0], "hours_per_case_month": [5.0, 10.0, 20.0, 30.0],
        "hours_per_case_month_ci_low": np.nan, "hours_per_case_month_ci_high": np.nan,
        "relative_weight": [1.0, 2.0, 4.0, 6.0], "relative_weight_ci_low": np.nan,
        "relative_weight_ci_high": np.nan}, index=idx)


HOLDERS = pd.Series({"CIN": {f"W{i}" for i in range(9)}, "CP": {f"W{i}" for i in range(9)},
                     "PROCEEDINGS": {"P1", "P2"}, "UASC": {"U1", "U2"}})


def test_small_types_together_under_five_take_a_third_with_them():
    out, notes = suppress_case_types(_table(), "CIN", 5, HOLDERS)
    gone = {n.key for n in notes if n.table == "case_types"}
    assert gone == {"PROCEEDINGS", "UASC", "CP"}
    assert out.loc["CIN", "hours_per_case_month"] == 5.0
    assert out.loc[["CP", "PROCEEDINGS", "UASC"], "hours_per_case_month"].isna().all()


def test_small_types_on_five_workers_together_take_none():
    holders = HOLDERS.copy()
    holders["UASC"] = {"U1", "U2", "U3"}  # 2 + 3 distinct workers: 5 together
    out, notes = suppress_case_types(_table().assign(n_workers=[9, 9, 2, 3]), "CIN", 5, holders)
    assert {n.key for n in notes if n.table == "case_types"} == {"PROCEEDINGS", "UASC"}
    assert out.loc["CP", "hours_per_case_month"] == 10.0
