"""``validate`` gives the verdict ``guide`` gives on the same files (audit25j K1, C).

Before the fix ``validate --workers`` read the diary against the tables but never took an id
as the tables spell it, as ``guide`` does (:mod:`timestudy.ingest.worker_ids`,
:mod:`timestudy.ingest.case_ids`): on the audit's K1 (the diary's ``W1`` for the table's
``W01``) it said "540 accepted ... flagged unknown_worker 90" and exited 0 where ``guide``
rejects the 90 rows (exit 1, 5 workers of 6); on C (``lcs-0003001`` for ``LCS-0003001``)
"flagged unknown_case 75", naming no id and no fold.

The files are the audit-7 week (tests/data/worker_ids, by hand in
tests/test_pipeline_case_ids.py): 5 workers W1-W5, 9-13 March 2026, 15 rows each (75 rows,
11,250 minutes). s7_guide.csv writes W1's Friday ``w1 `` (3 rows: folded to W1), W2's Friday
``W02`` (3 rows, 3 h + 0.5 h + 4 h = 450 minutes: not in the table, rejected; "did you mean
'W2'?") and W3's Thursday case ``c3`` (2 rows: folded to C3). By hand:

    75 rows read: 72 accepted, 3 rejected (unknown_worker 3), 0 exact duplicates;
    minutes 11,250 in = 10,800 accepted + 450 rejected; exit 1.

Before: 75 accepted, 0 rejected, "flagged: unknown_worker 6, unknown_case 2", exit 0.
"""

from __future__ import annotations

import warnings
from pathlib import Path

import pandas as pd
import pytest

from timestudy import run_study
from timestudy.cli import main

DATA = Path(__file__).parents[1] / "data" / "worker_ids"
TABLES = ["--cases", str(DATA / "cases5.csv"), "--workers", str(DATA / "workers5.csv")]


def test_validate_rejects_and_names_what_guide_does(tmp_path, capsys):
    code = main(["validate", str(DATA / "s7_guide.csv"), *TABLES, "--out", str(tmp_path)])
    out = capsys.readouterr().out.splitlines()
    assert code == 1  # before: 0
    assert out[0] == ("s7_guide.csv: 75 rows read (csv, layout split): 72 accepted, 3 rejected, "
                      "0 exact duplicates")  # before: 75 accepted, 0 rejected
    assert "  rejected: unknown_worker 3" in out
    assert "  minutes: 11,250.00 in = 10,800.00 accepted + 450.00 rejected" in out
    assert not any(line.startswith("  flagged:") for line in out)  # before: unknown_worker 6
    assert ("  warning: worker id 'W02' is not in the workers table: its 3 rows are left out "
            "of every figure (7.5 h recorded; the guide has no FTE or contracted hours for it); "
            "add it to the workers table or correct its spelling in the diary (did you mean "
            "'W2'? its digits differ only by leading zeros)") in out
    rejects = pd.read_csv(tmp_path / "rejects.csv", dtype=str)
    assert rejects["source_row"].tolist() == ["29", "30", "31"]
    assert set(rejects["code"]) == {"unknown_worker"}


def test_the_same_files_get_the_same_counts_and_warnings_as_the_guide(capsys):
    """Every count and every warning of the read ``guide`` runs (``run_study``) is
    ``validate``'s: the three foldings and the unknown id, word for word."""
    main(["validate", str(DATA / "s7_guide.csv"), *TABLES])
    out = capsys.readouterr().out.splitlines()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        run = run_study(DATA / "s7_guide.csv", DATA / "cases5.csv", DATA / "workers5.csv",
                        min_workers=1, n_boot=19)
    r = run.ingest.report
    assert out[0].endswith(f"{r.n_accepted} accepted, {r.n_rejected} rejected, "
                           f"{r.n_duplicates} exact duplicates")
    said = [line.removeprefix("  warning: ") for line in out if line.startswith("  warning: ")]
    guide = [w["message"] for w in r.details["warnings"]]
    assert said == guide and len(said) == 3
    assert any("case id 'c3' is 'C3' of the cases table" in m for m in said)


@pytest.mark.parametrize("spelt", ["w1 ", "W 1"])
def test_a_worker_id_spelt_otherwise_is_the_tables_and_exits_0(tmp_path, capsys, spelt):
    """A diary whose only odd id is ``w1 `` (or ``W 1``) for W1: every row used, as in the
    guide (before: 3 rows flagged unknown_worker; exit 0 either way)."""
    diary = pd.read_csv(DATA / "s7_guide.csv", dtype=str)
    diary = diary.loc[~diary["worker_id"].isin(["W02", "w1 ", "w1"])]  # 69 rows
    diary = diary.assign(worker_id=diary["worker_id"].mask(diary.index < 3, spelt))
    path = tmp_path / "d.csv"
    diary.to_csv(path, index=False)
    assert main(["validate", str(path), *TABLES]) == 0
    out = capsys.readouterr().out
    assert "69 rows read (csv, layout split): 69 accepted, 0 rejected" in out
    assert f"worker id '{spelt.strip()}' is 'W1' of the workers table" in out
    assert "unknown_worker" not in out
