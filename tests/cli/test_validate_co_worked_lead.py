"""``validate`` reads a co-worked case's holders as ``guide`` does, whichever way round
they are written (fix27a).

``guide`` (:func:`timestudy.run_study`) puts first a co-holder who kept a diary
(:func:`~timestudy.ingest.co_worked.lead_with_diary`), so 'W3; W1' (W3 listed, no diary)
is read as 'W1; W3', and says so in one warning. ``validate --cases`` did not call the rule:
for 'W3; W1' it said only that the case is co-worked, with its case-months "on its
first-named holder's diary days" (W3's: none), where ``guide`` said they are on W1's.

The files, by hand: W1 writes 1 h on K and 1 h on L, W2 2 h on K and 1 h on M, Monday
2 March 2026 (4 rows, 300 minutes); K (CP) is W1's and W3's, L (CP) W1's, M (CIN) W2's;
W3 is in the workers table and wrote nothing.

    'W3; W1': before, validate's warnings 1 (co-worked) where guide's are 2 (co-worked, and
    "its case-months are on W1's diary days"); after, the same 2.
    'W1; W3': 1 warning from each (W1 kept a diary: nothing moved).
"""

from __future__ import annotations

import warnings

import pandas as pd
import pytest

from timestudy import run_study
from timestudy.cli import main

DIARY = pd.DataFrame({
    "worker_id": ["W1", "W1", "W2", "W2"], "activity": "visit", "case_id": ["K", "L", "K", "M"],
    "start": ["2026-03-02T09:00", "2026-03-02T11:00", "2026-03-02T09:00", "2026-03-02T13:00"],
    "end": ["2026-03-02T10:00", "2026-03-02T12:00", "2026-03-02T11:00", "2026-03-02T14:00"]})
WORKERS = pd.DataFrame({"worker_id": ["W1", "W2", "W3"], "fte": 1.0})
MOVED = ("cases.csv: 1 co-worked case(s) name first a holder who kept no diary (first: case "
         "'K', W3 with W1): its case-months are on W1's diary days, the first co-holder who "
         "kept one")


def _files(tmp_path, cell: str) -> list[str]:
    cases = pd.DataFrame({"case_id": ["K", "L", "M"], "case_type": ["CP", "CP", "CIN"],
                          "worker_id": [cell, "W1", "W2"]})
    for name, t in (("diary.csv", DIARY), ("cases.csv", cases), ("workers.csv", WORKERS)):
        t.to_csv(tmp_path / name, index=False)
    return [str(tmp_path / "diary.csv"), "--cases", str(tmp_path / "cases.csv"),
            "--workers", str(tmp_path / "workers.csv")]


def _said(run, *args) -> tuple[list[str], object]:
    """The co-worked warnings of ``run(*args)``, and what it returned."""
    with warnings.catch_warnings(record=True) as got:
        warnings.simplefilter("always")
        out = run(*args)
    return [str(w.message) for w in got if "co-worked" in str(w.message)], out


@pytest.mark.parametrize(("cell", "moved"), [("W3; W1", True), ("W1; W3", False)])
def test_validate_says_where_the_case_months_are_as_guide_does(tmp_path, cell, moved):
    """'W3; W1': the guide's second warning, W1's diary days (before: absent)."""
    said, code = _said(main, ["validate", *_files(tmp_path, cell)])
    assert code == 0
    assert any(MOVED in s for s in said) == moved
    guide, _ = _said(lambda: run_study(tmp_path / "diary.csv", tmp_path / "cases.csv",
                                       tmp_path / "workers.csv", n_boot=19, min_workers=1))
    assert len(said) == len(guide) == (2 if moved else 1)
    assert any(MOVED in g for g in guide) == moved


@pytest.mark.parametrize("cell", ["W3; W1", "W1; W3"])
def test_the_co_worked_rule_says_where_the_case_months_are_either_way(cell):
    """The words every reader of a holder cell gives (``workload`` too, which has no diary
    to move the case by): before, "on its first-named holder's diary days" alone, untrue for
    'W3; W1' whose case-months ``guide`` puts on W1's; since the thirty-fourth stop a job
    share's days are its holders' days together (those who kept a diary), in either order."""
    from timestudy.ingest.co_worked import split_co_held

    cases = pd.DataFrame({"case_id": ["K"], "worker_id": [cell]})
    said, _ = _said(split_co_held, cases, WORKERS)
    assert len(said) == 1
    assert ("its case-months on the working days of its holders who kept a diary taken "
            "together, whichever is named first") in said[0]
