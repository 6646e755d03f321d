"""CR2's degrees of freedom of a coefficient one group alone identifies (audit27: the task
regression's ``RuntimeWarning: divide by zero`` printed by ``timestudy should --config``)."""

from __future__ import annotations

import warnings

import numpy as np

from timestudy.stats.sandwich import linear_cluster_parts, satterthwaite_df


def test_a_coefficient_of_one_group_has_no_df_and_no_raw_warning():
    """By hand: 6 groups of 4 rows; column 0 an intercept, column 1 a slope x = 0..3 in
    every group, column 2 is 1 on group 0's rows alone, so its coefficient is group 0's
    mean shift: that group's leverage on it is 1, its residual for it 0, and Omega for
    that contrast is 0 (tr 0, ||Omega|| 0): no degrees of freedom. Before, the terms of
    order 1e10 (leverage clipped at 1 - 1e-10) cancelled to a rounding error: here df
    4.4e-05 (a t quantile near infinite); in the audit's task regression den was 0 or
    below, df inf, inf and -6.3e-05 with a raw RuntimeWarning. Now NaN (4.81 and 5.00 for
    the other two, unchanged), and only the worded leverage warning."""
    rng = np.random.default_rng(0)
    groups = np.repeat(np.arange(6), 4)
    x = np.tile(np.arange(4.0), 6)
    X = np.column_stack([np.ones(24), x, (groups == 0).astype(float)])
    y = 1.0 + 0.5 * x + rng.normal(0, 1, 24)
    coef = np.linalg.lstsq(X, y, rcond=None)[0]
    parts = linear_cluster_parts(X, y, np.ones(24), groups, coef)
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        df = satterthwaite_df(parts)
    assert not [w for w in seen if issubclass(w.category, RuntimeWarning)]
    assert any("leverage" in str(w.message) for w in seen)
    assert np.isnan(df[2])
    assert np.all(np.isfinite(df[:2]) & (df[:2] > 0))
