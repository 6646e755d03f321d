"""The report's "Most cases one FTE can hold" is guide.json's ``max_cases_per_fte`` (audit23).

Run g1's headline said 11.0 cases per FTE (the mix of the 119 cases open on 2026-03-20) and
the table "the study's mix 10.9" (the case types weighed by case-months in the diary
period), a figure in neither guide.json nor the workbook, and nothing told the two apart.
By hand (g1): CIN 18.888956, CLA 13.065064, CP 8.361562, PROCEEDINGS 4.779326 and the
case-months mix 10.924051 in guide.json; the report rounds each to 1 decimal (10.9) and says
which mix each is.
"""

from __future__ import annotations

import json

from timestudy.report.format import number
from timestudy.report.rows import DIARY_MIX, guide_max_caseload


def test_every_row_is_a_guide_json_value(six_run):
    guide = six_run[1].guide
    raw = json.loads(guide.to_json())["max_cases_per_fte"]
    rows = guide_max_caseload(guide)
    shown = dict(zip(rows["case_mix"], rows["max_cases_per_fte"], strict=True))
    assert number(shown[DIARY_MIX], 1) == number(raw["case_months_mix"], 1)
    assert len(shown) == len(raw["by_case_type"]) + 1
    assert all(round(v, 6) == raw_v for v, raw_v in zip(
        rows["max_cases_per_fte"][:-1], raw["by_case_type"].values(), strict=True))


def test_the_two_mixes_are_told_apart(six_run):
    """The table's note names the diary period's mix and the headline's caseload."""
    from timestudy.report import build_report

    report = build_report(six_run[1])
    text = report.to_markdown() if hasattr(report, "to_markdown") else str(report)
    assert "the diary period's mix (case-months)" in text
    assert "The headline's" in text and "cases per FTE is for the mix of the" in text
