"""A holder cell split at ``/ , & + and`` only when every part is a listed worker
(fix38h2).

Before, :func:`~timestudy.ingest.co_worked.cell_holders` split a cell when any part was
listed, against :func:`~timestudy.ingest.co_worked.split_co_held`'s notes: ``'W1/2'`` read
as W1 and a second holder ``'2'``, ``'Smith & Jones'`` (Smith listed) as Smith and Jones,
holders no workers table names. At ``;``, the holders' separator every reader splits at,
a part not listed is kept beside a listed one (``'W1; W9'``), as before. /tmp/s120's
guide.json is the same before and after (no cell there has a separator).
"""

from __future__ import annotations

import warnings

import pandas as pd

from timestudy.ingest.co_worked import CO_WORKERS, cell_holders, split_co_held

LISTED = {"w1": "W1", "w2": "W2", "smith": "Smith"}


def test_a_part_not_listed_keeps_the_cell_whole():
    """Before: ['W1', '2'] and ['Smith', 'Jones']; after: None (one holder, as written)."""
    assert cell_holders("W1/2", LISTED) is None
    assert cell_holders("Smith & Jones", LISTED) is None


def test_every_part_listed_or_at_semicolons_as_before():
    """As before, but for "W1; W2/3": before W1, W2 and "3", now W1 and "W2/3"."""
    assert cell_holders("w1 & W2", LISTED) == ["W1", "W2"]
    assert cell_holders("W1, W2", LISTED) == ["W1", "W2"]
    assert cell_holders("W1; W9", LISTED) == ["W1", "W9"]
    assert cell_holders("W1; W2/3", LISTED) == ["W1", "W2/3"]


def test_the_cases_table_keeps_the_cell():
    """'W1/2': before W1's with co-worker '2'; after one holder 'W1/2', no co-worker."""
    cases = pd.DataFrame({"case_id": ["K", "L"], "worker_id": ["W1/2", "W1 & W2"]})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        out = split_co_held(cases, pd.DataFrame({"worker_id": ["W1", "W2"]}))
    assert out["worker_id"].tolist() == ["W1/2", "W1"]
    assert out[CO_WORKERS].tolist()[1] == "W2" and pd.isna(out[CO_WORKERS].tolist()[0])
