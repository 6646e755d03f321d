"""The regression check pools rare tasks by the pieces recorded, not weighted.

Review (sixteenth stop): `regress_full_hours` compared ``min_pieces`` with the pieces
weighted by the survey weights, so weights all 2 kept a task with 15 pieces recorded as a
term of its own (30 weighted) and weights all 0.5 pooled one with 40 (20 weighted), while
a weighted least squares with every weight equal is the unweighted one. Scaling every
weight by one number must leave the fit as it is.

Hand-made: 8 workers x 2 weeks; "visit" 1, 2 or 3 pieces a worker-week (1 + (worker +
week) mod 3: 32 in all), "court" 0, 1 or 2 ((worker + 2 week) mod 3: 15 in all),
``min_pieces`` 20. Unweighted, court is pooled into
``n_other`` (15 < 20). Weights all 2 gave it a term (30 >= 20); all 0.5 pooled visit too
(16 < 20). Now each fit has the terms of the unweighted one and the same estimates.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from timestudy.models.tasks import regress_full_hours


def _weeks(weight: float | None) -> pd.DataFrame:
    rng = np.random.default_rng(4)
    rows = []
    for w in range(8):
        for week in range(2):
            court = (w + 2 * week) % 3
            visits = 1 + (w + week) % 3
            hours = 3.0 + visits * 1.5 + court * 4.0 + rng.normal(0, 0.5)
            rows.append({"worker_id": f"W{w}", "week_start": pd.Timestamp("2026-03-02")
                         + pd.Timedelta(weeks=week), "fte_weeks": 1.0, "hours_case": hours,
                         "hours_worked": hours + 10, "n_visit": visits, "n_court": court})
    ww = pd.DataFrame(rows)
    return ww if weight is None else ww.assign(weight=weight)


@pytest.mark.parametrize("weight", [2.0, 0.5])
def test_weights_all_equal_fit_the_unweighted_model(weight):
    plain = regress_full_hours(_weeks(None), min_pieces=20).table
    weighted = regress_full_hours(_weeks(weight), min_pieces=20).table
    assert plain.index.tolist() == ["overhead_per_fte_week", "visit", "other"]
    assert weighted.index.tolist() == plain.index.tolist()  # court or visit moved before
    np.testing.assert_allclose(weighted["estimate"], plain["estimate"], rtol=1e-9)
    np.testing.assert_allclose(weighted["n_pieces"].dropna(), [32.0, 15.0])
