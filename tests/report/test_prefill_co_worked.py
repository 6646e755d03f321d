"""The calculator's rows count a co-worked case as the headline counts it (cowork26's leftover).

By hand: K (CP) co-worked by W1 and W2, L (CP) W1's, M (CIN) W2's. The headline counts K as
half a case on each holder (`capacity.holders.co_held`), 3 cases in all; the calculator's
rows counted K whole on W1's row alone (W1: CP 2, W2: CP 0), so a team manager co-working a
case held none of it in the workbook. Now W1: CP 1.5, W2: CP 0.5 and CIN 1; with the
co-worker W9 not in the workers table, W9's half is in the row of the cases no listed worker
holds (CP 0.5), as the headline's unlisted cases (0.5).
"""

from __future__ import annotations

from types import SimpleNamespace

import pandas as pd

from timestudy.report.prefill import prefill

GUIDE = SimpleNamespace(case_types=pd.DataFrame({"case_months": [1.0, 1.0]},
                                                index=["CP", "CIN"]), meta={"min_workers": 1})
WORKERS = pd.DataFrame({"worker_id": ["W1", "W2"], "fte": [1.0, 1.0],
                        "role": ["social_worker", "team_manager"]})


def _cases(co: str) -> pd.DataFrame:
    return pd.DataFrame({"case_id": ["K", "L", "M"], "case_type": ["CP", "CP", "CIN"],
                         "worker_id": ["W1", "W1", "W2"],
                         "co_workers": pd.array([co, None, None], dtype="string")})


def _counts(rows) -> dict:
    return {r["label"]: {k: float(v) for k, v in r["counts"].items()} for r in rows}


def test_each_co_holder_holds_their_share():
    got = _counts(prefill(GUIDE, _cases("W2"), WORKERS, {}, per_worker=True))
    assert got == {"W1": {"CP": 1.5, "CIN": 0.0}, "W2": {"CP": 0.5, "CIN": 1.0}}


def test_an_unlisted_co_workers_share_is_no_listed_workers():
    got = _counts(prefill(GUIDE, _cases("W9"), WORKERS, {}, per_worker=True))
    assert got["W1"] == {"CP": 1.5, "CIN": 0.0} and got["W2"] == {"CP": 0.0, "CIN": 1.0}
    assert got["Cases no listed worker holds"] == {"CP": 0.5, "CIN": 0.0}
