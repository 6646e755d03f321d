"""A holder cell is split as :func:`~timestudy.ingest.co_worked.split_co_held`'s notes say
(fix38h2).

The notes said a cell was split "only when every part is a worker the workers table
lists"; :func:`~timestudy.ingest.co_worked.cell_holders` splits when any part is (cowork26:
``'W1 & W9'`` read as two rows of the case would be, W1 and W9, as pseudonymise reads it,
tests/security/test_pseudonymise_co_worked.py), naming the unlisted part in the warning.
Kept, and the notes made true.
"""

from __future__ import annotations

import warnings

import pandas as pd

from timestudy.ingest.co_worked import split_co_held


def test_a_part_not_listed_is_a_holder_named_in_the_warning():
    cases = pd.DataFrame({"case_id": ["K", "L", "M"], "worker_id": ["W1/2", "W1 & W9", "A/B"]})
    with warnings.catch_warnings(record=True) as said:
        warnings.simplefilter("always")
        out = split_co_held(cases, pd.DataFrame({"worker_id": ["W1", "W2"]}))
    assert out[["worker_id", "co_workers"]].fillna("").values.tolist() == [
        ["W1", "2"], ["W1", "W9"], ["A/B", ""]]
    assert "(2, W9 not in the workers table: no FTE counted" in str(said[-1].message)


def test_the_notes_say_so():
    """Before: "split only when every part is a worker the workers table lists"."""
    notes = " ".join(split_co_held.__doc__.split())
    assert "only when every part" not in notes
    assert "A cell is split when a part is a worker the workers table lists" in notes
