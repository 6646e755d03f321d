"""Which "should" figure is chosen: never one that would be dropped, never a disagreement
with a figure that could not be used.

Audit of the should figures (/tmp/audit6): a Delphi CIN figure of 100 h (uplift 16.35,
outside 0.1 to 10) was printed as chosen ('case type CIN: uplift 16.35 by delphi', the
evidence row chosen: true) but silently left out of the adjustments, so the guide kept CIN
at 1.00 with no word; and a Delphi CP row with no consensus ('not used') still 'disagreed'
with the chosen figure and made `timestudy should` exit 1.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from timestudy.guide.should import choose


def _rows(uplifts, eligible, methods=("delphi", "standards_events")):
    return pd.DataFrame({"level": "case_type", "item": "CIN", "method": list(methods),
                         "uplift": uplifts, "uplift_ci_low": np.nan, "uplift_ci_high": np.nan,
                         "eligible": eligible, "note": ["", ""]})


def test_an_uplift_out_of_range_is_not_chosen_and_says_why():
    out = choose(_rows([16.35, 1.06], [True, True]), ["delphi", "standards"])
    assert out["chosen"].tolist() == [False, True]  # the next source in precedence
    assert not out["eligible"].iloc[0]
    assert out["note"].iloc[0] == "uplift 16.35 outside 0.1 to 10: not used"


def test_a_row_that_could_not_be_used_does_not_disagree():
    out = choose(_rows([1.16, 0.98], [False, True]), ["delphi", "standards"])
    assert out["chosen"].tolist() == [False, True]
    assert out["agrees"].iloc[0] is None  # was False: 'disagree', exit 1
