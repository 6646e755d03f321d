"""A case mix whose cases took no measured time gives no caseload limit, not a crash.

The audit (/tmp/audit3, sim_nodates.xlsx: the date only on each day's first row, so 975 of
1,056 rows were rejected): no accepted minute was on a CIN case, CIN's hours per case-month
were 0, and ``timestudy guide`` stopped with "internal error (ZeroDivisionError: float
division by zero)" in ``max_caseload`` (the report's "CIN cases only" row), nothing written.
By hand: 100 h per FTE-month / 0 h per case has no finite answer; CP alone is 100 / 12.
"""

from __future__ import annotations

import math
from dataclasses import replace

import pytest
from _guides import hand_guide

from timestudy.capacity import max_caseload


def test_a_mix_with_no_hours_gives_no_limit():
    g = hand_guide()
    ct = g.case_types.copy()
    ct.loc["CIN", ["hours_per_case_month", "hours_per_case_month_should"]] = 0.0
    g = replace(g, case_types=ct)
    assert math.isnan(max_caseload(g, {"CIN": 1.0}))
    assert max_caseload(g, {"CP": 1.0}) == pytest.approx(100 / 12)
    assert max_caseload(g, {"CIN": 1.0, "CP": 1.0}) == pytest.approx(100 / 6)  # mean 6 h
