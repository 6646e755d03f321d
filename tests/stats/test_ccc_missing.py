"""The double-entry concordance with a missing member: review12 found `se` 0.816 beside a
`ccc` of NaN when one pair held a NaN. A pair with a missing member says nothing: it is
left out, and the figure is that of the other pairs."""

import numpy as np

from timestudy.stats.ccc import exchangeable_concordance


def test_a_pair_with_a_missing_member_is_left_out():
    x, y = np.array([1.0, 2, 3, 4]), np.array([1.5, 2, 3.5, 4])
    got = exchangeable_concordance(np.append(x, np.nan), np.append(y, 2.0))
    assert got == exchangeable_concordance(x, y)
    assert got["n"] == 4.0 and round(got["ccc"], 6) == 0.946667
