"""A share's interval stays within 0 and 1.

The audit (/tmp/audit4, study A, ``--min-workers 1``) found the recording share 61% with
the interval 36% to 104%; on simulated studies of 3 and 4 workers the upper limit of a
category share reached 2.55 (4 workers, seed 0) and 269 (3 workers, seed 5). A share is at
most 1, so an interval cut to [0, 1] holds the true share whenever the uncut one did: the
coverage is unchanged, and no impossible figure is published.
"""

from __future__ import annotations

import warnings

import numpy as np
import pytest

from timestudy import categorise, fit_study, simulate_study
from timestudy.guide.estimates import category_shares


@pytest.mark.parametrize(("n", "seed"), [(4, 0), (3, 5)])
def test_share_intervals_are_within_zero_and_one(n, seed):
    s = simulate_study(n_workers=n, weeks=1, seed=seed)
    with warnings.catch_warnings():  # a few workers: estimation warnings are expected
        warnings.simplefilter("ignore")
        models = fit_study(categorise(s.diary), s.cases, s.workers, n_boot=99)
    sh = category_shares(models, n_boot=99)
    lo, hi = sh["share_ci_low"].to_numpy(), sh["share_ci_high"].to_numpy()
    assert np.nanmax(hi) <= 1.0 and np.nanmin(lo) >= 0.0
    assert np.nanmax(hi) == 1.0  # the uncut limit was above 1 here (2.55, 269)
    est, shown = sh["share"].to_numpy(), ~np.isnan(lo)  # none with too few workers
    assert (lo[shown] <= est[shown]).all() and (est[shown] <= hi[shown]).all()
