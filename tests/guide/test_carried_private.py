"""What a guide made from another keeps in memory only: the task x case type matrices
before disclosure control and the counts measured ride only with the tables they were
measured for (fix30r, ``guide/carried.py``).

The hand-made reference (``_small_guide``, 10 workers, ``min_workers`` 5) with matrices:
full hours CIN visit 3.0 + write-up 2.0 = 5.0, CP visit 5.0 + write-up 4.0 (2 workers) =
9.0; CP's write-up withheld, its visit too (the row total would give it back). Calibrated to
the local guide of ``tests/capacity/test_calibration_counts_measured.py``: CIN 5.3534, CP
9.369. Uplifts: visit 1.5.

On main the calibrated guide kept the reference's unsuppressed matrices: CIN uplift
(3.0 x 1.5 + 2.0) / 5.0 = 1.3 (should 6.9595), CP (5.0 x 1.5 + 4.0) / 9.0 = 1.2778 (should
11.9716), and the matrices published again with CP's visit 5.0. With the reference's
published CP hours (9.0) either gives the withheld write-up back: 9.0 - 5.0 = 4.0, or
1.5 v + w = 1.2778 x 9.0 = 11.5 with v + w = 9.0, v = 5.0, w = 4.0. The same reference read
from guide.json gave CP an uplift of 1.0 without a word (should 9.369). Now: both paths
alike, CP's uplift and should not computed (every cell of its row withheld), said;
CIN 1.3, warned that the mix is the reference's.
"""

from __future__ import annotations

import dataclasses
import sys
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from _small_guide import small_guide

from timestudy.guide import TimeGuide, with_adjustments
from timestudy.guide.adjustments import Adjustments
from timestudy.guide.matrix_disclosure import MatrixProtection

sys.path.insert(0, str(Path(__file__).parents[1] / "capacity"))
from test_calibration_counts_measured import LOCAL  # noqa: E402

from timestudy.capacity.calibration import calibrate  # noqa: E402

TASKS = ["statutory_visit", "assessment_writeup"]
VISITS = Adjustments("panel", "expert_panel", task_types={"statutory_visit": 1.5})


def _frame(rows) -> pd.DataFrame:
    return pd.DataFrame(
        rows,
        index=pd.Index(["CIN", "CP"], name="case_type"),
        columns=pd.Index(TASKS, name="task_type"),
    )


def reference(private: bool = True) -> TimeGuide:
    """The hand-made reference, with its matrices before disclosure control (as built in a
    session) or without (as read from guide.json)."""
    full, direct = _frame([[3.0, 2.0], [5.0, 4.0]]), _frame([[2.0, 3.0], [3.0, 6.0]])
    workers = _frame([[10, 10], [10, 2]])
    protection = MatrixProtection(full, direct, workers, workers, 5, frozenset(), frozenset())
    g = small_guide(1)
    shown, shown_direct, _, notes = protection.publish(g.case_types, None)
    assert shown.loc["CP"].isna().all()  # the write-up and its complement
    return TimeGuide(
        g.meta,
        g.tasks,
        g.case_types,
        g.multipliers,
        g.available,
        g.category_shares,
        shown,
        shown_direct,
        None,
        notes,
        _task_case_hours_unsuppressed=full if private else None,
        _protection=protection if private else None,
    )


def calibrated(ref: TimeGuide) -> TimeGuide:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return calibrate(ref, small_guide(min_workers=1, **LOCAL)).to_guide()


@pytest.mark.parametrize("private", [True, False], ids=["built", "from_json"])
def test_a_calibrated_guide_gives_no_withheld_cell_back(private):
    cal = calibrated(reference(private))
    assert cal.case_types["hours_per_case_month"].round(4).tolist() == [5.3534, 9.369]
    assert cal._task_case_hours_unsuppressed is None and cal._protection is None
    with pytest.warns(Warning) as said:
        up = with_adjustments(cal, VISITS)
    text = " ".join(str(w.message) for w in said)
    assert "['CP']" in text and "not computed" in text
    assert "reference's" in text  # CIN's mix: the reference's task mix, said
    ct = up.case_types
    assert ct.loc["CIN", "uplift"] == pytest.approx(1.3)
    assert ct.loc["CIN", "hours_per_case_month_should"] == pytest.approx(6.9595, abs=1e-4)
    assert np.isnan(ct.loc["CP", "uplift"]) and np.isnan(
        ct.loc["CP", "hours_per_case_month_should"]
    )
    assert up.task_case_hours.loc["CP"].isna().all()  # on main CP's visit 5.0 was published
    assert "CP" in up.reasons("case_types.uplift")
    assert any(
        "task x case type hours are the reference's" in n for n in cal.meta["calibration_notes"]
    )


def test_the_reference_itself_keeps_its_matrices():
    """A guide given its own tables back (another ``meta``, ``derive`` with the same hours)
    keeps them; one whose hours are changed by hand does not."""
    ref = reference()
    assert dataclasses.replace(ref, meta=ref.meta | {"x": 1})._protection is not None
    assert ref.derive(meta=ref.meta | {"x": 1})._protection is not None
    assert calibrate_to_itself(ref)._protection is not None
    other = ref.case_types.assign(hours_per_case_month=[5.0, 9.5])
    assert ref.derive(case_types=other)._task_case_hours_unsuppressed is None


def calibrate_to_itself(ref: TimeGuide) -> TimeGuide:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return calibrate(ref, ref).to_guide()


def test_another_studys_table_brings_no_counts():
    """Guide A's write-up by 7 of 10 workers, guide B's by 6: both "at least 6 of 10" with 9
    pieces. B's task table put into A by ``dataclasses.replace``: on main A's 7 stayed
    behind it, and the write-up calibrated with weight 0.8228 (4.5673 h) where B's own
    figure gives 0.8020 (4.5190)."""
    a, b = small_guide(7), small_guide(6, full_hours=([2.0, 5.0], [1.8, 4.0], [2.2, 6.0]))
    assert (
        a.tasks.loc["assessment_writeup", "n_workers_words"]
        == b.tasks.loc["assessment_writeup", "n_workers_words"]
        == "at least 6 of 10"
    )
    swapped = dataclasses.replace(a, tasks=b.tasks)
    assert swapped._unsuppressed_counts("tasks") is None
    key = ("full hours per piece of work", "assessment_writeup")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        got = calibrate(small_guide(1), swapped).table.loc[key]
        own = calibrate(small_guide(1), b).table.loc[key]
    assert got["weight_local"] == pytest.approx(0.8020, abs=1e-4)
    assert got["calibrated"] == pytest.approx(own["calibrated"])


def test_the_reference_with_uplifts_gives_no_withheld_cell_back():
    """The reference itself (as built, with its matrices) with the visits' uplift: CP's row
    of two cells of different uplifts is fixed by its two sums (v + w = 9.0 and
    1.5 v + w = 11.5), so no complement protects it. On main CP's visit 5.0 was published
    beside its uplift 1.2778 (the write-up, 2 workers, came back: 9.0 - 5.0 = 4.0); now its
    uplift and should hours are withheld and both cells stay withheld."""
    up = with_adjustments(reference(), VISITS)
    assert up.task_case_hours.loc["CP"].isna().all()
    assert np.isnan(up.case_types.loc["CP", "uplift"])
    assert "CP" in up.reasons("case_types.uplift")
    assert up.case_types.loc["CIN", "uplift"] == pytest.approx(1.3)
    assert up.task_case_hours.loc["CIN"].tolist() == [3.0, 2.0]
