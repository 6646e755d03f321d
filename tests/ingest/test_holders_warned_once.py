"""A cases table's holder warning published once (fix38h2).

``timestudy guide`` folds the cases table's holders naming its file
(:func:`timestudy.ingest.holder_ids.fold_holders`), then ``fit_study`` folds them again
as the Python API must (fix38h). Before, the second fold warned again: on /tmp/s120 with
case C00132 held by ``'W9'`` (the table has ``'W009'``), the "did you mean" warning was on
stderr twice ("cases.csv:" and "the cases table:") and guide.json's ``meta.warnings`` held
10 entries, 2 of them that warning; after, once, naming the file: 9 entries, 1 of them.
"""

from __future__ import annotations

import json
import warnings

import pandas as pd

from timestudy.cli import main
from timestudy.ingest.holder_ids import FOLDED, fold_holders

CASES = pd.DataFrame({"case_id": ["C1", "C2", "C3"], "worker_id": ["w1", "W9", "W02"]})
WORKERS = pd.DataFrame({"worker_id": ["W1", "W009", "W02"]})


def _warned(cases, workers) -> tuple[pd.DataFrame, list[str]]:
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter("always")
        out = fold_holders(cases, workers)
    return out, [str(x.message) for x in w]


def test_folded_again_against_the_same_workers_is_not_warned_again():
    """Before: the second fold warned again (2 warnings); after: 1, and the folding is
    the same; the caller's table is not marked."""
    once, first = _warned(CASES, WORKERS)
    twice, second = _warned(once, WORKERS)
    assert len(first) == 1 and "did you mean 'W009'" in first[0] and second == []
    assert twice["worker_id"].tolist() == once["worker_id"].tolist() == ["W1", "W9", "W02"]
    assert FOLDED not in CASES.attrs


def test_folded_against_other_workers_is_warned():
    """Another workers table: its own warning."""
    once, _ = _warned(CASES, WORKERS)
    _, again = _warned(once, pd.DataFrame({"worker_id": ["W1", "W09", "W02"]}))
    assert len(again) == 1 and "did you mean 'W09'" in again[0]


def test_the_command_line_warns_once_naming_the_file(tmp_path, capsys):
    """12 workers, 2 weeks: one case's holder written without its leading zeros. Before:
    the warning twice on stderr and in guide.json; after: once, naming cases.csv."""
    assert main(["simulate", "--workers", "12", "--weeks", "2", "--seed", "3",
                 "--out", str(tmp_path / "s")]) == 0
    cases = pd.read_csv(tmp_path / "s" / "cases.csv", dtype=str, keep_default_na=False)
    cases.loc[cases["worker_id"] == "W004", "worker_id"] = "W4"
    cases.to_csv(tmp_path / "cases.csv", index=False)
    capsys.readouterr()
    assert main(["guide", str(tmp_path / "s" / "diary.csv"), "--cases",
                 str(tmp_path / "cases.csv"), "--workers", str(tmp_path / "s" / "workers.csv"),
                 "--out", str(tmp_path / "out"), "--n-boot", "9", "--no-sensitivity",
                 "--min-workers", "1", "--formats", "json"]) == 0
    said = [line for line in capsys.readouterr().err.splitlines() if "did you mean" in line]
    assert len(said) == 1 and "cases.csv: worker id 'W4'" in said[0]
    meta = json.loads((tmp_path / "out" / "guide.json").read_text())["meta"]["warnings"]
    assert sum("did you mean" in str(w) for w in meta) == 1
