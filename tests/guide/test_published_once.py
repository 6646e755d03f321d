"""A guide made from another with its counted tables given back as they were, published by
the same, is not published again (perf31w): ``run_study`` makes its guide four times
(built, then ``dataclasses.replace`` with labels and warnings, more warnings, the capacity
headline), and on main each published the three counted tables again and measured their
counts again (0.40 -> 0.12 s of the glue's processor time a run on /tmp/s120, medians
of 5 interleaved runs), to the same tables and counts.

Worked by hand on the small guide of 10 workers (tests/guide/_small_guide.py): the
write-up by 1 worker is published "fewer than 5 of 10", its measured count 1 kept
in memory; another ``meta`` that leaves the workers, ``min_workers`` and ``n_cases`` as they
were gives back the same table objects and the same measured count (1); another
``min_workers``, ``n_workers`` or ``n_cases`` publishes the three tables again.
"""

from __future__ import annotations

import dataclasses

import pandas as pd
import pytest
from _small_guide import small_guide

from timestudy.guide.counts import measured_counts, publish_table
from timestudy.guide.timeguide import COUNTED_TABLES


@pytest.fixture
def guide():
    return small_guide(1)


def test_another_meta_does_not_publish_again(guide, published):
    """Labels, warnings, a headline put in ``meta``: the tables are not published again
    (on main the count rule ran again on each table), nor when guide.json is written."""
    again = dataclasses.replace(guide, meta=guide.meta | {"labels": {}, "note": "w"})
    assert published == []
    for name in COUNTED_TABLES:
        assert getattr(again, name) is getattr(guide, name)
    assert again._unsuppressed_counts("tasks").loc["assessment_writeup", "n_workers"] == 1
    assert again.to_dict()["tasks"][1]["n_workers_words"] == "fewer than 5 of 10"
    assert published == []


def test_kept_as_the_rule_gives_them(guide):
    """What is kept is what the count rule gives, applied again: the same tables and the
    same measured counts."""
    again = dataclasses.replace(guide, meta=guide.meta | {"headline": {}})
    for name in COUNTED_TABLES:
        pd.testing.assert_frame_equal(getattr(again, name), publish_table(again, name))
        mine = guide._unsuppressed_counts(name)
        ruled = measured_counts(again, name, getattr(again, name), mine)
        kept = again._unsuppressed_counts(name)
        assert (ruled is None) == (kept is None)
        if kept is not None:
            pd.testing.assert_frame_equal(kept, ruled)


@pytest.mark.parametrize("change", [{"min_workers": 2}, {"n_workers": 12}, {"n_cases": None}])
def test_other_counts_rules_publish_again(guide, published, change):
    """Another threshold, other workers or cases withheld: published again (3 calls)."""
    again = dataclasses.replace(guide, meta=guide.meta | change)
    assert set(published) == set(COUNTED_TABLES)
    published.clear()
    again.to_dict()
    assert published == []
    for name in COUNTED_TABLES:
        pd.testing.assert_frame_equal(getattr(again, name), publish_table(again, name))
