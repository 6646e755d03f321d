"""When no worker holding cases has hours for casework, the headline gives no share of
workers over capacity (it said "- of workers (0 of 0) hold more work than ...")."""

from __future__ import annotations

import sys
import warnings
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
        h = headline(_guide(), only, WORKERS.loc[WORKERS["worker_id"].isin(["M", "Z"])])
    assert (h["n_workers"], h["n_no_status"], h["n_over_capacity"]) == (2, 2, 0)
    text = over_capacity_sentence(h)
    assert text.startswith("No worker holding cases has hours for casework: the 2 workers")
    assert "0 of 0" not in text and "–" not in text
