"""A local observation study (no cases) and a reference with no task table share no kind
of figure: the refusal says so, not "another taxonomy or other case types" (fix38c2;
review38c's finding 3).

The hand-made guides of ``tests/guide/_small_guide.py``: the reference (at 5) with its
task table emptied gives hours per case-month of CIN and CP only; the local guide with its
case types emptied gives full hours per piece of work of statutory_visit and
assessment_writeup only. At integ38 the refusal read "shares no case type and no task type
with the local study (...): it was built with another taxonomy or other case types; give a
reference of the local study's taxonomy and case types, or categorise the local diary with
the reference's taxonomy (--taxonomy)": neither is what differs, and neither fix helps.
"""

from __future__ import annotations

import sys
import warnings
from dataclasses import replace
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parents[1] / "guide"))
sys.path.insert(0, str(Path(__file__).parent))
from _small_guide import small_guide  # noqa: E402
from test_calibration_counts_measured import LOCAL  # noqa: E402

from timestudy.capacity.calibration import calibrate  # noqa: E402
from timestudy.errors import ConfigError  # noqa: E402


def test_no_kind_of_figure_shared_is_said_as_it_is():
    ref, local = small_guide(1, min_workers=5), small_guide(min_workers=1, **LOCAL)
    ref = replace(ref, tasks=ref.tasks.iloc[:0])
    local = replace(local, case_types=local.case_types.iloc[:0])
    with warnings.catch_warnings(), pytest.raises(ConfigError) as err:
        warnings.simplefilter("ignore")
        calibrate(ref, local)
    assert str(err.value) == (
        "the reference guide to calibrate to (--calibrate-to, inputs.calibrate_to) gives "
        "hours per case-month only (case types CIN, CP; no full hours per piece of work) "
        "and the local study full hours per piece of work only (task types statutory_visit, "
        "assessment_writeup; no hours per case-month): they share no kind of figure, so "
        "none can be pooled; give a reference that gives full hours per piece of work, or "
        "give the local study its cases table (--cases)")
