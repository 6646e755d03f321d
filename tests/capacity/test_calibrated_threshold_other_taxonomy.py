"""A reference of another taxonomy or case mix: every figure of the calibrated guide is
calibrated, kept as the reference's with its reason named, left blank with its reason, or
the calibration is refused in one line (fix38c).

The hand-made guides of ``tests/guide/_small_guide.py``. Reference (published at 5): CIN
5.0 h per case-month, CP 9.0, visits 2.0 h, write-up 3.0 h. Local (built at 1 worker): CIN
6.0 from 6 local workers, CP 10.0 from 8, visits 2.4 from 10, write-up 3.5 from 6.

* A reference whose case types and task types are all another's (the same guide, each key
  renamed): on main ``to_guide()`` published the reference's figures whole, with the note
  "No local figure rests on 5 or more local workers: none is pooled" (the local figures
  rest on 6 to 10). Now refused in one line naming both sets of keys and the fix.
* The local study lacks CP: on main CP was published at the reference's 9.0 (weight 0)
  with no word of why. Now a note names it: the local study gives no such figure.
* The local visits have no interval: on main 2.0 (the reference's, weight 0) unsaid; now
  named: the local figure has no interval to weigh it by.
* No local estimate at all for the shared keys: on main "No local figure rests on 5 or
  more local workers"; now "No figure is given by both".
"""

from __future__ import annotations

import sys
import warnings
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).parents[1] / "guide"))
sys.path.insert(0, str(Path(__file__).parent))
from _small_guide import small_guide  # noqa: E402
from test_calibration_counts_measured import LOCAL  # noqa: E402

from timestudy.capacity.calibration import calibrate  # noqa: E402
from timestudy.errors import ConfigError  # noqa: E402

KEPT = "Kept as the reference published them, with no local weight: "


def _calibrate(ref, local):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return calibrate(ref, local)


@pytest.fixture
def guides():
    return small_guide(1, min_workers=5), small_guide(min_workers=1, **LOCAL)


def test_a_reference_sharing_no_key_is_refused_in_one_line(guides):
    ref, local = guides
    other = replace(ref, case_types=ref.case_types.rename(index=lambda k: f"adult_{k}"),
                    tasks=ref.tasks.rename(index=lambda k: f"ward_{k}"))
    with pytest.raises(ConfigError) as err:
        _calibrate(other, local).to_guide()
    line = str(err.value)
    assert "\n" not in line
    assert "shares no case type and no task type with the local study" in line
    assert "adult_CIN" in line and "; the local study's: CIN, CP" in line
    assert "--taxonomy" in line and "--calibrate-to" in line


def test_a_case_type_the_local_study_lacks_is_kept_with_its_reason(guides):
    """CP: the reference's 9.0 (weight 0), named; CIN still pooled, 5.353427 at 0.374607."""
    ref, local = guides
    cal = _calibrate(ref, local.derive(case_types=local.case_types.drop(index="CP")))
    t = cal.table.loc["hours per case-month"]
    assert t.loc["CP", ["calibrated", "weight_local"]].tolist() == [9.0, 0.0]
    assert t.loc["CIN", "calibrated"] == pytest.approx(5.353427, abs=1e-6)
    assert KEPT + ("hours per case-month of CP (the local study gives no such figure: not "
                   "one of its case types or task types, or no estimate).") in cal.notes
    g = cal.to_guide()
    assert g.case_types["hours_per_case_month"].notna().all()  # no blank cell unsaid


def test_a_local_figure_with_no_interval_is_kept_with_its_reason(guides):
    ref, local = guides
    tasks = local.tasks.copy()
    tasks.loc["statutory_visit", ["full_hours_ci_low", "full_hours_ci_high"]] = np.nan
    cal = _calibrate(ref, replace(local, tasks=tasks))
    assert cal.table.loc[("full hours per piece of work", "statutory_visit"),
                         "calibrated"] == 2.0
    assert KEPT + ("full hours per piece of work of statutory_visit (the local figure has "
                   "no interval to weigh it by).") in cal.notes


def test_no_figure_given_by_both_is_said_as_it_is(guides):
    ref, local = guides
    cases = local.case_types.assign(hours_per_case_month=np.nan)
    tasks = local.tasks.assign(full_hours=np.nan)
    cal = _calibrate(ref, replace(local, case_types=cases, tasks=tasks))
    assert cal.notes[1] == ("No figure is given by both the reference and the local study: "
                            "none is pooled.")
    assert not any("rests on 5 or more" in n for n in cal.notes)
    g = cal.to_guide()
    assert g.case_types["hours_per_case_month"].tolist() == [5.0, 9.0]
    assert g.tasks["full_hours"].tolist() == [2.0, 3.0]
