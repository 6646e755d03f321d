"""A guide's counted tables are published once when it is made (perf32g): on main
:meth:`TimeGuide.__post_init__ <timestudy.guide.TimeGuide>` published each table, then
:func:`~timestudy.guide.counts.measured_counts` published the same table again to compare
its counts with it (six calls of the count rule for three tables: 0.055 of the 1.09 s of
``build_guide`` under cProfile on /tmp/s120).

Worked on the small guide of 10 workers (tests/guide/_small_guide.py): made, it publishes
its three tables once each (the write-up by 1 worker "fewer than 5 of 10"), and its counts
measured are the same whether ``measured_counts`` is given the published table or publishes
it itself.
"""

from __future__ import annotations

import pandas as pd
import pytest
from _small_guide import small_guide

from timestudy.guide.counts import measured_counts, publish_table
from timestudy.guide.timeguide import COUNTED_TABLES


def test_each_table_published_once_when_made(published):
    guide = small_guide(1)
    assert sorted(published) == sorted(COUNTED_TABLES)  # on main each twice
    assert guide.tasks.loc["assessment_writeup", "n_workers_words"] == "fewer than 5 of 10"
    assert guide._unsuppressed_counts("tasks").loc["assessment_writeup", "n_workers"] == 1


@pytest.mark.parametrize("name", COUNTED_TABLES)
def test_the_table_given_gives_the_same_counts(name):
    """The counts measured with the published table passed are those measured without."""
    guide = small_guide(1)
    table = guide._tables[name]
    mine = guide._unsuppressed_counts(name)
    given = measured_counts(guide, name, table, mine, publish_table(guide, name, table))
    alone = measured_counts(guide, name, table, mine)
    assert (given is None) == (alone is None)
    if given is not None:
        pd.testing.assert_frame_equal(given, alone)
