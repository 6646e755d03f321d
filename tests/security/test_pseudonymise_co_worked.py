"""Pseudonymise gives a co-worked case's holders each their own token (tables26).

The guide reads a holder cell ``W1 & W2`` (every part a listed worker) as a co-worked case
(:func:`timestudy.ingest.co_worked.split_co_held`). ``pseudonymise`` hashed the whole cell
to one token that names no worker of the copies (and warned "1 worker id not in
workers.csv"), so the copies lost the co-working: K in no case-month, CP 21.0744 h per
case-month on the copies where the originals give 42.1488. Now each holder of such a cell
takes their own token (``W-...; W-...``) and the copies give the originals' figures.

By hand (tests/ingest/test_co_worked_cases.py): K (CP) co-worked by W1 and W2, 3 h on it;
L (CP, W1) 1 h; M (CIN, W2) 1 h; one working day. CP: 4 h over 2 case-days x 21.0744 =
42.1488; CIN 21.0744.
"""

from __future__ import annotations

import warnings
from pathlib import Path

import pandas as pd
import pytest

from timestudy import run_study
from timestudy.cli import main

KEY = "a-test-key-of-32-characters-long"
FILES = ("diary.csv", "cases.csv", "workers.csv")


def _study(folder: Path) -> Path:
    folder.mkdir()
    (folder / "diary.csv").write_text(
        "worker_id,start,end,activity,case_id\n"
        "W1,2026-03-02 09:00,2026-03-02 10:00,visit,K\n"
        "W1,2026-03-02 11:00,2026-03-02 12:00,visit,L\n"
        "W2,2026-03-02 09:00,2026-03-02 11:00,visit,K\n"
        "W2,2026-03-02 13:00,2026-03-02 14:00,visit,M\n")
    (folder / "cases.csv").write_text("case_id,case_type,worker_id\n"
                                      "K,CP,W1 & w2\nL,CP,W1\nM,CIN,W2\n")
    (folder / "workers.csv").write_text("worker_id,fte\nW1,1\nW2,1\n")
    return folder


def test_each_holder_of_a_co_worked_case_takes_their_own_token(tmp_path, monkeypatch):
    monkeypatch.setenv("TIMESTUDY_KEY", KEY)
    src = _study(tmp_path / "in")
    with warnings.catch_warnings(record=True) as said:
        warnings.simplefilter("always")
        assert main(["pseudonymise", *(str(src / f) for f in FILES), "--out",
                     str(tmp_path / "out")]) == 0
    assert not any("not in workers.csv" in str(w.message) for w in said)  # before: warned
    cases = pd.read_csv(tmp_path / "out" / "cases.csv", dtype=str)
    workers = pd.read_csv(tmp_path / "out" / "workers.csv", dtype=str)
    assert cases["worker_id"].iloc[0] == "; ".join(workers["worker_id"])
    for folder in (src, tmp_path / "out"):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            run = run_study(*(folder / f for f in FILES), sensitivity=False, n_boot=19,
                            min_workers=1)
        assert run.guide.case_types["hours_per_case_month"].to_dict() == pytest.approx(
            {"CP": 42.1488, "CIN": 21.0744}, abs=1e-4)  # before, the copies: CP 21.0744


def test_a_cell_with_a_holder_not_listed_is_split_as_the_guide_splits_it(tmp_path,
                                                                          monkeypatch):
    """cowork26: the guide splits 'W1 & W9' (W9 not in the workers table) as two holders,
    W1 and W9, as two rows of the case read; pseudonymise still wanted every part listed and
    gave the cell one token, so the copies had K held by nobody listed: CP 21.0744 on the
    copies where the originals give 42.1488 (W2's 2 h on K counted with W1's hour). Now both
    call the guide's own reading of a cell (co_worked.cell_holders)."""
    monkeypatch.setenv("TIMESTUDY_KEY", KEY)
    src = _study(tmp_path / "in")
    (src / "cases.csv").write_text("case_id,case_type,worker_id\n"
                                   "K,CP,W1 & W9\nL,CP,W1\nM,CIN,W2\n")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert main(["pseudonymise", *(str(src / f) for f in FILES), "--out",
                     str(tmp_path / "out")]) == 0
    cell = pd.read_csv(tmp_path / "out" / "cases.csv", dtype=str)["worker_id"].iloc[0]
    assert "; " in cell and "W9" not in cell
    figures = []
    for folder in (src, tmp_path / "out"):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            run = run_study(*(folder / f for f in FILES), sensitivity=False, n_boot=19,
                            min_workers=1)
        figures.append(run.guide.case_types["hours_per_case_month"].round(4).to_dict())
    assert figures[0] == figures[1]
