"""A calibrated guide is published at the calibration's ``min_workers``, never the
reference's (fix38c).

The hand-made guides of ``tests/guide/_small_guide.py`` (10 workers). Local, built at 1
worker: CIN 6.0 h per case-month (5.0 to 7.2) from 6 local workers, CP 10.0 (8.0 to 12.5)
from 8, visits 2.4 h from 10, write-up 3.5 h from 6.

* Reference "at 3": CIN 5.0 (4.0 to 6.0) from 10 workers, CP 9.0 (7.0 to 11.0) from 4, the
  write-up withheld. On main, calibrated at 5, ``to_guide()`` published CP 9.369041 (weight
  0.381416, tau^2 0) with its count 4, and said ``min_workers`` 3: a cell resting on 4
  reference workers in a guide the user asked to publish at 5. Now refused, in one line
  naming both thresholds, by the guide's own rule
  (:func:`timestudy.guide.thresholds.check_threshold`), whether the reference was built in
  this session or read back from guide.json.
* Reference "at 7": CIN 5.0 from 10, CP withheld ("fewer than 7 of 10"), the write-up
  withheld. Calibrated at 5: CIN 5.525881 at weight 0.548507 (tau^2 0.011001) from 6 local
  workers. On main the guide said ``min_workers`` 7: a reader solving
  local = (calibrated / reference^(1-w))^(1/w) gets 6.0, a figure of 6 local workers, from a
  guide that says none rests on fewer than 7; and it could be derived and written at 7.
  Now it says 5 (``meta.min_workers``, as ``calibration_min_workers``), keeps CP blank as
  the reference withheld it, says both thresholds in its notes, and is refused above 5.
"""

from __future__ import annotations

import json
import sys
import warnings
from pathlib import Path

import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).parents[1] / "guide"))
sys.path.insert(0, str(Path(__file__).parent))
from _small_guide import small_guide  # noqa: E402
from test_calibration_counts_measured import LOCAL  # noqa: E402

from timestudy import TimeGuide  # noqa: E402
from timestudy.capacity.calibration import calibrate  # noqa: E402
from timestudy.errors import ConfigError  # noqa: E402

NAN = float("nan")
#: The visits by 10 reference workers; the write-up withheld (from 1).
FULL = ([2.0, NAN], [1.8, NAN], [2.2, NAN])


def reference(at: int, read_back: bool) -> TimeGuide:
    """The reference at 3 (CP from 4 workers, published) or at 7 (CP from 6, withheld)."""
    if at == 3:
        ref = small_guide(1, case_workers=(10, 4), min_workers=3, full_hours=FULL)
    else:
        ref = small_guide(1, case_workers=(10, 6), min_workers=7, full_hours=FULL,
                          hours=([5.0, NAN], [4.0, NAN], [6.0, NAN]))
    return TimeGuide.from_dict(ref.to_dict()) if read_back else ref


def calibrated(ref: TimeGuide):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return calibrate(ref, small_guide(min_workers=1, **LOCAL))


@pytest.mark.parametrize("read_back", [False, True], ids=["built", "read-back"])
def test_a_reference_published_at_a_lower_threshold_is_refused(read_back):
    """Main: CP 9.369041 from 4 reference workers published, ``min_workers`` 3. Now one
    line: the reference's threshold 3, the guide's 5, and the fix. At integ38 the fix named
    was the guide's ("build the guide again from the study with min_workers=5 ..., or
    publish it at 3 or less"): the analyst cannot rebuild a reference; now a lower
    ``--min-workers`` or another reference (fix38c2)."""
    cal = calibrated(reference(3, read_back))
    assert cal.table.loc[("hours per case-month", "CP"), "calibrated"] == pytest.approx(
        9.369041, abs=1e-6)  # the pooling is unchanged: only publishing it is refused
    with pytest.raises(ConfigError) as err:
        cal.to_guide()
    line = str(err.value)
    assert "\n" not in line
    assert "--calibrate-to" in line and "min_workers 3" in line and "min_workers 5" in line
    assert line.endswith("was published at min_workers 3, so a guide calibrated to it cannot be "
                         "published at min_workers 5 (a figure in it may rest on fewer than 5 "
                         "workers); give --min-workers 3 or less (min_workers=3), or "
                         "a reference published at min_workers 5 or more")
    assert "build the guide again" not in line  # the analyst cannot rebuild a reference


@pytest.mark.parametrize("read_back", [False, True], ids=["built", "read-back"])
def test_a_calibrated_guide_says_the_threshold_it_was_published_at(read_back):
    """Main: ``min_workers`` 7 (the reference's) over CIN 5.525881, weighed from 6 local
    workers. Now 5, in the guide and in guide.json read back; CP blank and in words as
    the reference withheld it; the notes name both thresholds."""
    cal = calibrated(reference(7, read_back))
    w = cal.table.loc[("hours per case-month", "CIN"), "weight_local"]
    assert w == pytest.approx(0.548507, abs=1e-6)
    guide = cal.to_guide()
    assert guide.meta["min_workers"] == guide.meta["calibration_min_workers"] == 5
    cin = guide.case_types.loc["CIN", "hours_per_case_month"]
    assert cin == pytest.approx(5.525881, abs=1e-6)
    assert (cin / 5.0 ** (1 - w)) ** (1 / w) == pytest.approx(6.0)  # 6 local workers: >= 5
    assert np.isnan(guide.case_types.loc["CP", "hours_per_case_month"])
    assert guide.case_types.loc["CP", "n_workers_words"] == "fewer than 7 of 10"
    assert guide.meta["calibration_notes"][-1].startswith(
        "Published at min_workers 5: no local figure resting on fewer than 5 local workers "
        "has any weight, and the reference's figures are as it published them at "
        "min_workers 7")
    written = json.loads(guide.to_json())
    assert written["meta"]["min_workers"] == 5
    back = TimeGuide.from_dict(written)
    assert back.meta["min_workers"] == 5
    assert back.case_types.loc["CP", "n_workers_words"] == "fewer than 7 of 10"


@pytest.mark.parametrize("read_back", [False, True], ids=["built", "read-back"])
@pytest.mark.parametrize("higher", [6, 7])
def test_a_calibrated_guide_is_not_published_above_its_threshold(read_back, higher):
    """Main: derived at 6 or 7 it was published (its reference's tables stand at 7),
    CIN's weight from 6 local workers under a guide saying 7. Now refused, in the session
    (the threshold its local figures were weighed at) and read back from guide.json (the
    file's); at 4 or 5 it is published as it is."""
    guide = calibrated(reference(7, read_back)).to_guide()
    for g in (guide, TimeGuide.from_dict(json.loads(guide.to_json()))):
        with pytest.raises(ConfigError, match=f"cannot be published at min_workers {higher}"):
            g.derive(meta=g.meta | {"min_workers": higher})
        lower = g.derive(meta=g.meta | {"min_workers": 4})
        assert lower.case_types["hours_per_case_month"].equals(g.case_types[
            "hours_per_case_month"])
    guide.meta["min_workers"] = higher  # meta changed in place: refused when written
    with pytest.raises(ConfigError, match="weighed at min_workers 5"):
        guide.to_dict()
