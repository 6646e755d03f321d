"""When no worker holding cases has hours for casework, the headline gives no share of
workers over capacity (it said "- of workers (0 of 0) hold more work than ...")."""

from __future__ import annotations

import sys
import warnings
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parents[1] / "capacity"))

from test_one_status_rule import CASELOAD, WORKERS, _guide  # noqa: E402

from timestudy.capacity import headline  # noqa: E402
from timestudy.errors import TimestudyWarning  # noqa: E402
from timestudy.report.headline import over_capacity_sentence  # noqa: E402


def test_no_share_over_capacity_of_no_workers():
    # M (a role holding no caseload) and Z (an FTE of 0) hold cases; nobody else does
    only = CASELOAD.loc[CASELOAD["worker_id"].isin(["M", "Z"])
                        & (CASELOAD["case_type"] != "PROCEEDINGS")]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", TimestudyWarning)
        # only M and Z listed: a listed worker with hours and no case would be blue (load 0)
        g = _guide()  # counts of 2 of 2 shown (threshold 1): not what is tested here
        g = replace(g, meta=g.meta | {"min_workers": 1})
        h = headline(g, only, WORKERS.loc[WORKERS["worker_id"].isin(["M", "Z"])])
    assert (h["n_workers"], h["n_no_status"], h["n_over_capacity"]) == (2, 2, 0)
    text = over_capacity_sentence(h)
    assert text.startswith("No worker holding cases has hours for casework: the 2 workers")
    assert "0 of 0" not in text and "–" not in text



def test_the_two_sentences_count_workers_with_no_hours_on_their_own_bases():
    # a manager P (a role holding no caseload) with only a case of a type the guide does not
    # cost: among the workers with no hours of the cases-per-FTE sentence (M, Z, P), and
    # with no status in the share over capacity, which counts every case held (audit20b:
    # the one rule of the status table), with L (a PROCEEDINGS case, 10 costed hours: under
    # amber). U's 108 costed hours reach amber: over, at least. 1 of the 2 with a status.
    import pandas as pd

    from timestudy.report.headline import caseload_sentence

    w = pd.concat([WORKERS, pd.DataFrame({"worker_id": ["P"], "fte": [1.0], "team": ["T"],
                                          "role": ["manager"]})])
    c = pd.concat([CASELOAD, pd.DataFrame({"case_id": ["P1"], "worker_id": ["P"],
                                           "case_type": ["PROCEEDINGS"]})])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", TimestudyWarning)
        g = _guide()
        h = headline(replace(g, meta=g.meta | {"min_workers": 1}), c, w)  # counts shown
    assert (h["no_hours_workers"], h["n_no_status"], h["n_over_capacity"]) == (3, 4, 1)
    assert "held by 3 workers with no hours for casework" in caseload_sentence(h)
    assert "50% of workers (1 of 2;" in over_capacity_sentence(h)
    assert ("; 4 workers holding cases not costed whose other cases stay under amber or "
            "holding cases with no hours available") in over_capacity_sentence(h)
