"""``TimeGuide.max_cases_per_fte`` works out the hours for casework a month once (perf31w):
on main each case type's figure and the mix's worked out the guide's available hours
again (4 times for 2 case types), as the report (twice) and guide.json each ask for them.

Worked by hand on the small guide (tests/guide/_small_guide.py): 1,400 hours a year for
casework, 116.67 a month; CIN 5 hours per case-month, CP 9: CIN alone 116.67 / 5 = 23.33
cases, CP alone 116.67 / 9 = 12.96, the mix of 30 CIN and 4 case-months of CP
(30 x 5 + 4 x 9) / 34 = 5.47 hours a case, 116.67 / 5.47 = 21.33 cases.
"""

from __future__ import annotations

import dataclasses

import pandas as pd
import pytest
from _small_guide import small_guide

from timestudy.guide import TimeGuide


def test_available_hours_worked_out_once(monkeypatch):
    small = small_guide(1)
    ct = small.case_types
    guide = dataclasses.replace(
        small, case_types=ct.assign(hours_per_case_month_should=ct["hours_per_case_month"])
    )  # no uplift: as measured
    calls = []
    real = TimeGuide.available_hours

    def counted(self, should=True):
        calls.append(should)
        return real(self, should)

    monkeypatch.setattr(TimeGuide, "available_hours", counted)
    m = guide.max_cases_per_fte()
    assert calls == [True]
    assert m["by_case_type"]["CIN"] == pytest.approx(1400 / 12 / 5)
    assert m["by_case_type"]["CP"] == pytest.approx(1400 / 12 / 9)
    assert m["case_months_mix"] == pytest.approx(1400 / 12 / ((30 * 5 + 4 * 9) / 34))
    assert round(m["case_months_mix"], 2) == 21.33
    # the same figures as cases_per_fte, the one rule, mix by mix
    assert m["by_case_type"]["CP"] == guide.cases_per_fte(pd.Series({"CP": 1.0}))
    assert m["case_months_mix"] == guide.cases_per_fte(pd.Series({"CIN": 30.0, "CP": 4.0}))
