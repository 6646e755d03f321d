"""Instance ids on two cases found on integer codes give what the group-by gave.

``ids_on_two_cases`` ran a Python function on every (worker, id) group to join its cases,
3,000 calls a ``worker_week`` on the 120-worker study (perf26b's profile); now the ids on
two cases or more are found on integer codes first and only their rows are grouped.
Property: on random diaries the output equals the reference (every group joined), row
for row and dtype for dtype.
"""

from __future__ import annotations

import warnings

import pandas as pd
from hypothesis import given
from hypothesis import strategies as st

from timestudy.panels.instances import ids_on_two_cases


def _reference(e: pd.DataFrame, id_col: str) -> pd.DataFrame:
    d = e.loc[e[id_col].notna() & e["case_id"].notna(), ["worker_id", id_col, "case_id"]]
    d = d.drop_duplicates().sort_values(["worker_id", id_col, "case_id"])
    g = d.groupby(["worker_id", id_col], sort=False)["case_id"]
    out = pd.DataFrame({"n_cases": g.size(), "cases": g.agg(lambda c: ", ".join(
        map(str, c.iloc[:3])))}).reset_index().rename(columns={id_col: "instance_id"})
    return out.loc[out["n_cases"] > 1].reset_index(drop=True)


rows = st.lists(st.tuples(st.sampled_from(["W1", "W2", "W3"]),
                          st.sampled_from(["C1", "C2", "C3", "C4", None]),
                          st.sampled_from(["A", "B", "C", None])), min_size=0, max_size=30)


@given(rows)
def test_codes_give_the_group_by(r):
    e = pd.DataFrame(r, columns=["worker_id", "case_id", "iid"], dtype="string")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        got = ids_on_two_cases(e, "iid")
    want = _reference(e, "iid")
    if want.empty:  # (of an empty diary the group-by's count was Int64; now int64 always)
        assert got.empty and list(got.columns) == list(want.columns)
        assert got["n_cases"].dtype == "int64"
    else:
        pd.testing.assert_frame_equal(got, want)
