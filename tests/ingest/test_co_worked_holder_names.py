"""The ingest's readers of a co-worked case's holders take each name by the one rule
(:func:`timestudy.ingest.co_worked.holder_names`: trimmed, a blank left out), as
``panels.co_held.case_holders`` does (fix37t). A table read by ``read_cases`` is trimmed
already; a DataFrame passed to the Python API may not be.
"""

from __future__ import annotations

import warnings

import pandas as pd

from timestudy.ingest.co_worked import (
    co_worker_lists,
    holders_read,
    lead_with_diary,
    split_co_held,
)


def _case(holder: str, co: str | None) -> pd.DataFrame:
    return pd.DataFrame({"case_id": ["K"], "worker_id": [holder],
                         "co_workers": pd.array([co], dtype="string")})


def test_lead_with_diary_reads_a_co_worker_trimmed():
    """W3 kept no diary, W1 did: K held by W3 with ``' W1'`` is led by W1, W3 after it
    (before: ``' W1'`` compared untrimmed, not a diarist, K left on W3: no case-months)."""
    got = lead_with_diary(_case("W3", " W1"), ["W1", "W2"], warn=False)
    assert got[["worker_id", "co_workers"]].values.tolist() == [["W1", "W3"]]


def test_lead_with_diary_reads_the_first_holder_trimmed():
    """K held by ``' W3 '`` with ``'W1; '``: led by W1, W3 after it (before: W1 first but
    its co-workers written ``' W3 ; '``, the trailing blank kept as a holder)."""
    got = lead_with_diary(_case(" W3 ", "W1; "), ["W1"], warn=False)
    assert got[["worker_id", "co_workers"]].values.tolist() == [["W1", "W3"]]


def test_lead_with_diary_leaves_a_diarist_first():
    """``' W1 '`` kept a diary: not moved, its cells read trimmed (before: ``' W1 '`` not
    a diarist, so W2 put first)."""
    got = lead_with_diary(_case(" W1 ", "W2"), ["W1", "W2"], warn=False)
    assert got[["worker_id", "co_workers"]].values.tolist() == [["W1", "W2"]]


def test_split_co_held_never_names_the_first_holder_again():
    """``' W1 '`` with ``'W1; W2'`` (workers W1, W2): W1's co-worker is W2 alone (before:
    ``'W1; W2'``, W1 its own co-holder, the first-named compared untrimmed)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        got = split_co_held(_case(" W1 ", "W1; W2"), pd.DataFrame({"worker_id": ["W1", "W2"]}))
    assert got["co_workers"].tolist() == ["W2"]


def test_co_worker_lists_one_rule():
    """Split at ``;``, each trimmed, a blank left out (before: ``'W2;W3'`` one name,
    ``' W4 ;'`` ``[' W4 ;']``, ``' ; '`` ``[' ', '']``)."""
    got = co_worker_lists(pd.Series(["W2;W3", " W4 ;", " ; ", None], index=[3, 3, 4, 5]))
    assert got.tolist() == [["W2", "W3"], ["W4"], pd.NA, pd.NA]
    assert got.index.tolist() == [3, 3, 4, 5]


def test_holders_read_keeps_a_clean_table():
    """A table read by ``read_cases`` (trimmed already) comes back itself."""
    c = _case("W1", "W2")
    assert holders_read(c) is c
