"""A calibrated guide.json written before fix38c is read back at the threshold its local
figures were weighed at (fix38c2; review38c's finding 1).

Such a file says the reference's ``min_workers`` over figures pooled from local ones at
``calibration_min_workers``. Built here as 7bc88346 wrote it (checked: its guide.json is
the one below, key for key, but ``meta.min_workers`` 7 and the last calibration note):
the hand-made guides of ``tests/guide/_small_guide.py``, a reference at 7 (CIN 5.0 from 10
workers, CP "fewer than 7 of 10") calibrated at 5 to the local guide (CIN 6.0 from 6 local
workers): CIN 5.525881 at weight 0.548507, so a reader solving
(5.525881 / 5.0^(1 - 0.548507))^(1 / 0.548507) gets 6.0, a figure of 6 local workers.

At integ38 (12b78914) the file read back said ``min_workers`` 7, and was published at 7
(derive) and taken as a reference at 7 (``--calibrate-to``) with CIN 5.525881, and
``workload`` said "figures from fewer than 7 workers suppressed". Now it is read at
min(7, 5) = 5, what was truly applied: it says 5, and is refused above 5, as a guide
published again and as a reference.
"""

from __future__ import annotations

import json
import sys
import warnings
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(0, str(Path(__file__).parents[1] / "capacity"))
from _small_guide import small_guide  # noqa: E402
from test_calibration_counts_measured import LOCAL  # noqa: E402

from timestudy import TimeGuide  # noqa: E402
from timestudy.capacity.calibration import calibrate  # noqa: E402
from timestudy.capacity.calibration_disclosure import check_reference  # noqa: E402
from timestudy.errors import ConfigError  # noqa: E402
from timestudy.report.rows import provenance  # noqa: E402

NAN = float("nan")


def _calibrate(ref: TimeGuide, min_workers: int = 5):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return calibrate(ref, small_guide(min_workers=1, **LOCAL), min_workers=min_workers)


@pytest.fixture(scope="module")
def old() -> dict:
    """The calibrated guide.json as 7bc88346 wrote it: ``min_workers`` 7 (the reference's),
    ``calibration_min_workers`` 5, no note of the threshold it was published at (as
    data: the hand-made guides lack what a run writes besides, which the schema asks)."""
    ref = small_guide(1, case_workers=(10, 6), min_workers=7,
                      full_hours=([2.0, NAN], [1.8, NAN], [2.2, NAN]),
                      hours=([5.0, NAN], [4.0, NAN], [6.0, NAN]))
    written = _calibrate(TimeGuide.from_dict(ref.to_dict())).to_guide().to_dict()
    meta = written["meta"]
    assert meta["calibration_notes"][-1].startswith("Published at min_workers 5")
    written["meta"] = meta | {"min_workers": 7, "calibration_notes":
                              meta["calibration_notes"][:-1]}
    return json.loads(json.dumps(written))


def test_it_is_read_at_the_threshold_its_local_figures_were_weighed_at(old):
    """integ38: ``min_workers`` 7 read back and written again; now 5, its figures as
    written (CIN 5.525881, CP blank as "fewer than 7 of 10")."""
    back = TimeGuide.from_dict(old)
    assert back.meta["min_workers"] == back.meta["calibration_min_workers"] == 5
    cin = back.case_types.loc["CIN", "hours_per_case_month"]
    assert cin == pytest.approx(5.525881, abs=1e-6)
    assert (cin / 5.0 ** (1 - 0.548507)) ** (1 / 0.548507) == pytest.approx(6.0, abs=1e-4)
    assert back.case_types.loc["CP", "n_workers_words"] == "fewer than 7 of 10"
    assert json.loads(back.to_json())["meta"]["min_workers"] == 5
    assert ("disclosure threshold", "figures from fewer than 5 workers suppressed") in (
        provenance(back))  # integ38: "fewer than 7", what workload and should say


@pytest.mark.parametrize("higher", [6, 7])
def test_it_is_not_published_again_above_it(old, higher):
    """integ38: published at 7 (and 6) with CIN 5.525881 weighed from 6 local workers."""
    back = TimeGuide.from_dict(old)
    with pytest.raises(ConfigError, match=f"written at min_workers 5 cannot be published "
                                          f"at min_workers {higher}"):
        back.derive(meta=back.meta | {"min_workers": higher})
    assert back.derive(meta=back.meta | {"min_workers": 4}).case_types.loc[
        "CIN", "hours_per_case_month"] == pytest.approx(5.525881, abs=1e-6)


@pytest.mark.parametrize("higher", [6, 7])
def test_it_is_refused_as_a_reference_above_it(old, higher):
    """integ38: ``--calibrate-to`` the old file at ``--min-workers`` 7 was taken (its
    threshold read as 7) and the guide published at 7. Now refused in one line naming
    the file (as ``read_reference`` does), the threshold truly applied (5) and the analyst's fix; at 5 it is taken."""
    with pytest.raises(ConfigError) as err:
        check_reference(TimeGuide.from_dict(old), higher, "old/guide.json")  # read_reference
    assert str(err.value) == (
        "old/guide.json: the reference guide to calibrate to (--calibrate-to, inputs.calibrate_to) "
        f"was published at min_workers 5, so a guide calibrated to it cannot be published "
        f"at min_workers {higher} (a figure in it may rest on fewer than {higher} "
        f"workers); give --min-workers 5 or less (min_workers=5), or a "
        f"reference published at min_workers {higher} or more")
    with pytest.raises(ConfigError, match="was published at min_workers 5, so"):
        _calibrate(TimeGuide.from_dict(old), higher).to_guide()
    check_reference(TimeGuide.from_dict(old), 5)
