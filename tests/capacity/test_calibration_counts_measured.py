"""Calibration weighs a local figure by the workers it rests on as measured, never by the
NaN a published count is where the count rule gives it in words (fix29g).

The hand-made guides of ``tests/guide/_small_guide.py`` (10 workers). Reference: CIN 5.0 h
per case-month (4.0 to 6.0), CP 9.0 (7.0 to 11.0), visits 2.0 h (1.8 to 2.2), write-up 3.0
(2.0 to 4.0). Local: CIN 6.0 (5.0 to 7.2) from 6 workers, CP 10.0 (8.0 to 12.5) from 8,
visits 2.4 (2.0 to 2.9) from 10, write-up 3.5 (2.5 to 4.9) from 6. Built at
``min_workers`` 5 the local guide shows CIN, CP and the write-up with their counts in words
("at least 6 of 10": 6 to 9 of 10, a number would give the 1 to 4 others away). On main
their counts read as NaN, "none": weight 0 where the same guide built at 1 worker gives
CIN 0.3746, CP 0.3814, write-up 0.3395; the visits' weight was 0.5999 (not 0.1646) with
tau^2 0.0173 (not 0; estimated from the visits alone), and CIN calibrated 5.0 (not 5.3534).
"""

from __future__ import annotations

import sys
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

sys.path.insert(0, str(Path(__file__).parents[1] / "guide"))
from _small_guide import small_guide  # noqa: E402

from timestudy import TimeGuide  # noqa: E402
from timestudy.capacity.calibration import calibrate  # noqa: E402

LOCAL = dict(writeup_workers=6, case_workers=(6, 8), hours=([6.0, 10.0], [5.0, 8.0],
                                                            [7.2, 12.5]),
             full_hours=([2.4, 3.5], [2.0, 2.5], [2.9, 4.9]))


def calibrated(reference: TimeGuide, local: TimeGuide) -> pd.DataFrame:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return calibrate(reference, local).table


@pytest.fixture(scope="module")
def every_count_shown():
    """The local guide built at 1 worker: every count a number (calibrate's usual path)."""
    return calibrated(small_guide(1), small_guide(min_workers=1, **LOCAL))


def test_local_counts_in_words_keep_their_weight(every_count_shown):
    local = small_guide(min_workers=5, **LOCAL)
    assert local.case_types["n_workers"].isna().all()  # "at least 6 of 10"
    got = calibrated(small_guide(1), local)
    assert got.loc[("hours per case-month", "CIN"), "weight_local"] == pytest.approx(
        0.3746, abs=1e-4)
    assert got.loc[("hours per case-month", "CIN"), "calibrated"] == pytest.approx(
        5.3534, abs=1e-4)
    cols = ["calibrated", "calibrated_ci_low", "calibrated_ci_high", "weight_local",
            "n_workers_local"]
    pd.testing.assert_frame_equal(got[cols], every_count_shown[cols])


def test_local_guide_read_from_json_weighs_by_its_words(every_count_shown):
    """Read back from guide.json's data the counts measured are gone: "at least 6 of 10" is
    6, the least the words allow: CIN and the write-up (6) keep their weights; CP (8 workers)
    weighs as 6 do, a wider local interval, 0.3814 -> 0.3320 (never more than measured)."""
    back = TimeGuide.from_dict(small_guide(min_workers=5, **LOCAL).to_dict())
    assert back._unsuppressed_counts("case_types") is None
    got = calibrated(small_guide(1), back)
    cp = ("hours per case-month", "CP")
    assert got.loc[cp, "weight_local"] == pytest.approx(0.3320, abs=1e-4)
    np.testing.assert_allclose(got["weight_local"].drop(cp),
                               every_count_shown["weight_local"].drop(cp))


def test_reference_counts_in_words_change_nothing(every_count_shown):
    """The reference's counts weigh nothing: its write-up "fewer than 5 of 10" and CP's
    words give the weights of a reference with every count a number."""
    local = small_guide(min_workers=1, **LOCAL)
    shown = calibrated(small_guide(1, min_workers=1), local)
    cols = ["calibrated", "weight_local"]
    pd.testing.assert_frame_equal(shown[cols], every_count_shown[cols])
