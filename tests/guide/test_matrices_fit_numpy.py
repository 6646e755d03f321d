"""``matrices_fit`` in NumPy (perf35g): a guide checks it at every ``dataclasses.replace``
(four times a run: built, then ``run_study``'s meta, headline and warnings), and pandas'
reindexing and ``where`` cost about 7 ms a check on a 4 x 12 matrix, 28 ms of a 2-worker
run's 0.8 s. The answer must not move: a property compares it with the pandas statement
of the rule it replaced (kept here) on random matrices with rows or columns missing, NaN
cells, cells withheld and totals off by a little or a lot.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from timestudy.guide.carried import matrices_fit


def _by_pandas(case_types: pd.DataFrame, unsuppressed, published) -> bool:
    """The rule as written before (4a4f886), in pandas."""
    if unsuppressed is None or "hours_per_case_month" not in case_types:
        return False
    hours = pd.to_numeric(case_types["hours_per_case_month"], errors="coerce")
    hours = hours[np.isfinite(hours)]
    totals = unsuppressed.sum(axis=1).reindex(hours.index).fillna(0.0)
    if not np.isclose(totals, hours, rtol=1e-9, atol=1e-12).all():
        return False
    if published is None or published.empty:
        return True
    mine = unsuppressed.reindex(index=published.index, columns=published.columns)
    shown = published.notna()
    return bool(
        np.isclose(mine.where(shown, 0.0), published.where(shown, 0.0), rtol=1e-12, atol=0.0).all()
    )


TYPES = ["CIN", "CLA", "CP", "PROCEEDINGS"]
TASKS = ["visit", "writeup", "court", "travel"]


@st.composite
def guides(draw: st.DrawFn) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame | None]:
    """Case types, a matrix before disclosure control and one published from it (or
    another), each possibly with rows or columns missing, NaN cells and totals moved."""
    rows = draw(st.lists(st.sampled_from(TYPES), min_size=1, max_size=4, unique=True))
    cols = draw(st.lists(st.sampled_from(TASKS), min_size=1, max_size=4, unique=True))
    cells = st.one_of(st.just(np.nan), st.floats(0, 50, allow_nan=False))
    values = draw(
        st.lists(
            st.lists(cells, min_size=len(cols), max_size=len(cols)),
            min_size=len(rows),
            max_size=len(rows),
        )
    )
    full = pd.DataFrame(values, index=rows, columns=cols, dtype=float)
    typed = draw(st.lists(st.sampled_from(TYPES), min_size=0, max_size=4, unique=True))
    moved = st.sampled_from([0.0, 0.0, 1e-12, 1e-6, 1.0, np.nan, np.inf])
    hours = [full.sum(axis=1).get(t, 0.0) + draw(moved) for t in typed]
    case_types = pd.DataFrame({"hours_per_case_month": hours}, index=typed)
    if draw(st.booleans()):
        return case_types, full, None
    pub_rows = draw(st.lists(st.sampled_from(TYPES), min_size=0, max_size=4, unique=True))
    pub_cols = draw(st.lists(st.sampled_from(TASKS), min_size=0, max_size=4, unique=True))
    published = full.reindex(index=pub_rows, columns=pub_cols)
    withheld = draw(st.lists(st.booleans(), min_size=published.size, max_size=published.size))
    published = published.mask(np.array(withheld, bool).reshape(published.shape))
    if draw(st.booleans()) and published.size:
        published.iloc[0, 0] = draw(st.sampled_from([0.0, 1e-13, 2.5]))
    return case_types, full, published


@settings(max_examples=300, deadline=None)
@given(guides())
def test_matrices_fit_as_the_pandas_rule(g: tuple) -> None:
    case_types, full, published = g
    assert matrices_fit(case_types, full, published) is _by_pandas(case_types, full, published)


def test_matrices_fit_reindexes_no_frame(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fails before: the check reindexed the matrices with pandas at every replace."""
    full = pd.DataFrame({"visit": [3.0, 5.0], "writeup": [2.0, 4.0]}, index=["CIN", "CP"])
    shown = full.assign(writeup=[2.0, np.nan])
    types = pd.DataFrame({"hours_per_case_month": [5.0, 9.0]}, index=["CIN", "CP"])

    def refused(*_args, **_kwargs):
        raise AssertionError("reindexed with pandas")

    monkeypatch.setattr(pd.DataFrame, "reindex", refused)
    monkeypatch.setattr(pd.Series, "reindex", refused)
    monkeypatch.setattr(pd.DataFrame, "where", refused)
    assert matrices_fit(types, full, shown) is True
    assert matrices_fit(types.assign(hours_per_case_month=[5.0, 9.5]), full, shown) is False
    assert matrices_fit(types, full, shown.assign(visit=[3.0, 5.1])) is False
