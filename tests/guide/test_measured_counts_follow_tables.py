"""The counts measured behind ``TimeGuide._unsuppressed_counts`` belong to the tables beside
them, whatever path made the guide from another (fix29g).

A hand-made guide of 10 workers (``min_workers`` 5): visits by 10 workers, a write-up by 1
(published "fewer than 5 of 10"); CIN cases by 10 workers, CP by 3. On main a guide made
from it by ``dataclasses.replace`` with other task counts kept the write-up's measured 1
beside its new published row: measured again at 6 workers (published "at least 6 of 10"),
the accessor still said 1; with every count shown (10 workers), still 1.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd
import pytest
from _small_guide import small_guide

from timestudy.capacity.caseload_types import with_uncosted_types
from timestudy.guide import TimeGuide, with_adjustments


@pytest.fixture(scope="module")
def guide():
    return small_guide(1)


def measured(g: TimeGuide, table: str, key: str, col: str = "n_workers") -> float:
    counts = g._unsuppressed_counts(table)
    return float("nan") if counts is None else float(counts.loc[key, col])


def test_a_table_measured_again_brings_its_own_counts(guide):
    """The write-up measured again at 6 workers: published "at least 6 of 10", measured 6
    (on main 1, the old guide's)."""
    again = dataclasses.replace(guide, tasks=guide.tasks.assign(
        n_workers=[10, 6], n_workers_primary=[10, 6], n_pieces=[144, 9]))
    assert again.tasks.loc["assessment_writeup", "n_workers_words"] == "at least 6 of 10"
    assert measured(again, "tasks", "assessment_writeup") == 6


def test_a_published_table_of_other_counts_brings_none(guide):
    """Another guide's published task table (write-up "at least 6 of 10"): its measured
    count is not known here (on main the old guide's 1 stayed beside it)."""
    other = small_guide(6).tasks
    swapped = dataclasses.replace(guide, tasks=other)
    assert np.isnan(measured(swapped, "tasks", "assessment_writeup"))
    shown = dataclasses.replace(guide, tasks=guide.tasks.assign(
        n_workers=[10, 10], n_workers_primary=[10, 10], n_pieces=[144, 9]))
    assert shown._unsuppressed_counts("tasks") is None  # every count shown: none withheld


def test_the_same_tables_keep_their_counts(guide):
    """Paths that keep a table's counts keep the measured ones: another ``meta``, the
    adjustments, a case type with no cost added (its measured count blank)."""
    assert measured(guide, "tasks", "assessment_writeup") == 1
    assert measured(dataclasses.replace(guide, meta=guide.meta | {"labels": {}}), "tasks",
                    "assessment_writeup") == 1
    assert measured(with_adjustments(guide, None), "tasks", "assessment_writeup") == 1
    wider = with_uncosted_types(guide, pd.DataFrame({"case_type": ["CIN", "NEW"]}))
    assert measured(wider, "case_types", "CP") == 3
    assert np.isnan(measured(wider, "case_types", "NEW"))
    assert measured(wider, "category_shares", "out_of_hours") == 2
