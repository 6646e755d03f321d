"""The CCC's standard error is given on the CCC's own scale, as every other row's.

Defect: agreement.csv's ``duration_ccc`` row gave ``se`` on Fisher's z scale, unlabelled,
beside kappas whose se is on their own scale (study1 of the audit: se 0.5345 beside a CCC
of 0.985 whose interval is 0.888-0.998). It is now the delta method's,
``(1 - CCC^2) * se_z``; the interval stays Fisher's.
"""

from __future__ import annotations

import numpy as np
import pytest
from test_standalone_counted_once import _study

from timestudy.observe import observer_agreement


def test_ccc_se_on_its_own_scale():
    """Matched tasks' own minutes, observer 101 against 102: notes 20 + 15 = 35 against
    21 + 15 = 36, call 5 against 4, travel 20 against 20. Both orders: mean 120 / 6 = 20,
    deviations 15, -15, 0, 16, -16, 0; variance 962 / 6 = 160.33, covariance
    2 (15 x 16 + 15 x 16) / 6 = 160: CCC 160 / 160.33 = 0.99792. Fisher: se_z =
    1 / sqrt(3 - 1.5) = 0.8165; on the CCC's scale (1 - 0.99792^2) x 0.8165 = 0.00339
    (was 0.8165)."""
    row = observer_agreement(_study(), "activity").stats.loc["duration_ccc"]
    ccc = 160 / (962 / 6)
    assert row["estimate"] == pytest.approx(ccc)
    assert row["se"] == pytest.approx((1 - ccc**2) / np.sqrt(1.5))
    assert row["se"] == pytest.approx(0.00339, abs=1e-5)
    z = np.arctanh(ccc)
    assert row["ci_high"] == pytest.approx(np.tanh(z + 1.959964 / np.sqrt(1.5)), rel=1e-5)
