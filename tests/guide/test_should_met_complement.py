"""The NCCD table's met and not-met hours withheld together (review23c met.py).

With one of them withheld (fewer than 5 workers held the cases that met), the other, the
count met and the type's published hours per case-month gave it back:
(n_cases x hours - (n_cases - n_met) x hours_not_met) / n_met (CLA 11.11 against 11.13).
"""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pandas as pd

from timestudy.guide.should import _published_met


def test_one_withheld_withholds_the_other_and_the_count():
    """By hand: CP 20 cases, 6 met by 3 workers (withheld), 14 not met by 9 workers; CIN
    both sides by 6 or more: shown. CP keeps its case count and workers; its met and not-met
    hours, n_met and share_met are blank. Before: only the met hours were blank, and
    (20 x 12.0 - 14 x 12.5) / 6 = 10.83 gave them back."""
    by = pd.DataFrame({"n_cases": [20, 30], "n_met": [6, 20], "share_met": [0.3, 0.667],
                       "hours_per_case_month_met": [10.83, 8.0],
                       "hours_per_case_month_not_met": [12.5, 9.0],
                       "n_workers_met": [3, 6], "n_workers_not_met": [9, 7]},
                      index=pd.Index(["CP", "CIN"], name="case_type"))
    guide = SimpleNamespace(meta={"min_workers": 5}, case_types=pd.DataFrame(
        {"hours_per_case_month": [12.0, 8.3]}, index=["CP", "CIN"]))
    out = _published_met(by, guide)
    gone = ["n_met", "share_met", "hours_per_case_month_met", "hours_per_case_month_not_met"]
    assert out.loc["CP", gone].isna().all()
    assert out.loc["CP", "n_cases"] == 20 and out.loc["CP", "n_workers_not_met"] == 9
    assert not np.isnan(out.loc["CIN", gone].astype(float)).any()
