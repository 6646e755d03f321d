"""A guide.json read back writes the should hours available it was given (fix37g; goes with
serialise_should_rows.patch, which has guide.json's ``<measure>_should`` rows asked of the
guide, :meth:`TimeGuide.available_hours`, not computed again from its rounded table).

By hand: 25.0000006 h for casework a week, 1.0 h more non-case work with the uplifts, 40
weeks: the should year is 960.000024 as written; computed again from the week as written,
(25.000001 - 1.0) x 40, guide.json read back wrote 960.00004. On the 120-worker study
(/tmp/s120, min_workers 1, the example uplifts) 1269.649998 h a year came back 1269.649987.
"""

from __future__ import annotations

import dataclasses
import json

from timestudy import TimeGuide
from timestudy.examples import example_run
from timestudy.guide import build_guide
from timestudy.guide.adjustments import NON_CASE_UPLIFT
from timestudy.schema import EXAMPLES


def test_should_hours_available_written_again_are_those_written():
    g = build_guide(example_run().models, adjustments=EXAMPLES / "adjustments.yaml")
    av = g.available.copy()
    av.loc["available_case_hours_per_fte_week", ["estimate", "ci_low", "ci_high"]] = [
        25.0000006, 24.0, 26.0]
    av.loc["working_weeks_per_year", ["estimate", "ci_low", "ci_high"]] = [40.0] * 3
    av.loc[NON_CASE_UPLIFT, ["estimate", "ci_low", "ci_high"]] = [1.0, 0.8, 1.4]
    built = dataclasses.replace(g, available=av)
    first = json.loads(built.to_json())
    second = json.loads(TimeGuide.from_dict(first).to_json())
    year = "available_case_hours_per_fte_year_should"
    assert first["available_hours"]["measures"][year]["estimate"] == 960.000024
    assert second["available_hours"] == first["available_hours"]  # 960.00004 before
