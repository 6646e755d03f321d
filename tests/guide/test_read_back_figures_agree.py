"""A guide.json read back keeps the figures it derives from its tables (``max_cases_per_fte``,
the should hours available) only where its tables give them again (fix37g2; measured at
integ37b db84f765, which kept them whatever the tables said).

The example study (8 workers) at min_workers 5: 108.888785 h for casework a month;
CIN 5.890798, CLA 8.112854, CP 10.224485 and PROCEEDINGS 21.793096 h per case-month
(9.964694, 6.310973, 7.354893 and 3.08431 case-months): 18.484556, 13.421761, 10.649806 and
4.996481 cases alone, 11.528964 as the mix.
"""

from __future__ import annotations

import dataclasses
import json

import pytest

from timestudy import TimeGuide
from timestudy.capacity import max_caseload
from timestudy.examples import example_run
from timestudy.guide import build_guide
from timestudy.guide.adjustments import NON_CASE_UPLIFT
from timestudy.schema import EXAMPLES


@pytest.fixture(scope="module")
def written():
    """The example study's guide.json at min_workers 5, as data."""
    return build_guide(example_run().models, min_workers=5).to_dict()


def _edited(doc: dict, case_type: str, edit) -> dict:
    out = json.loads(json.dumps(doc))
    for item in out["case_types"]:
        if item["case_type"] == case_type:
            edit(item)
    return out


def test_a_case_type_withheld_by_hand_has_no_cases_per_fte(written):
    """PROCEEDINGS withheld by hand (its hours and cases null): its 4.996481 cases per FTE
    were kept (month / 4.996481 gives its 21.79 h back) and the mix 11.528964 with it; now
    left out, the mix of the others 108.888785 / 7.833101 = 13.901151."""
    def withhold(item):
        for f in ("hours_per_case_month", "event_hours_per_case_month", "relative_weight",
                  "hours_per_case_month_should", "uplift", "case_months", "n_cases"):
            item[f] = None
        item["suppressed"] = "withheld by hand"

    again = TimeGuide.from_dict(_edited(written, "PROCEEDINGS", withhold)).to_dict()
    cases = again["max_cases_per_fte"]
    assert list(cases["by_case_type"]) == ["CIN", "CLA", "CP"]
    assert cases["case_months_mix"] == pytest.approx(13.901151, abs=2e-6)


def test_hours_changed_by_hand_give_their_cases_per_fte(written):
    """CIN's hours doubled by hand (11.781596 h): 18.484556 cases were kept, while
    max_caseload gave 9.242278; now both 108.888785 / 11.781596 = 9.242278."""
    def double(item):
        item["hours_per_case_month"]["estimate"] *= 2
        item["hours_per_case_month_should"] *= 2

    g = TimeGuide.from_dict(_edited(written, "CIN", double))
    cin = g.to_dict()["max_cases_per_fte"]["by_case_type"]["CIN"]
    assert cin == pytest.approx(9.242278, abs=2e-6)
    assert cin == pytest.approx(max_caseload(g, {"CIN": 1.0}), abs=1e-6)


def test_measured_hours_changed_by_hand_give_their_should_hours():
    """The example uplifts, 1.0 h more non-case work a week: 29.984127 h for casework a week
    measured, 43.578 weeks (1306.66542 h a year), should 28.984127 (1263.086848 a year).
    Measured halved by hand (14.992063, 653.33271 a year): the should year stayed 1263.09
    (105.26 h a month); now (14.992063 - 1.0) x 43.578 = 609.754 (50.81 h a month)."""
    g = build_guide(example_run().models, adjustments=EXAMPLES / "adjustments.yaml")
    av = g.available.copy()
    av.loc[NON_CASE_UPLIFT, ["estimate", "ci_low", "ci_high"]] = [1.0, 0.8, 1.4]
    doc = json.loads(dataclasses.replace(g, available=av).to_json())
    measures = doc["available_hours"]["measures"]
    for k in ("available_case_hours_per_fte_week", "available_case_hours_per_fte_year"):
        measures[k] = {c: v / 2 for c, v in measures[k].items()}
    read = TimeGuide.from_dict(doc)
    year = read.available_hours().loc["available_case_hours_per_fte_year", "estimate"]
    assert year == pytest.approx(609.754, abs=1e-3)
    assert read.available_hours_per_fte_month == pytest.approx(50.81, abs=5e-3)
