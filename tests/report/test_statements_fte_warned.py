"""Workload statements in Python without a workers table warn, as the command does (audit28).

audit28 followed the README's recipe, ``workload_statements(run.guide, caseload)``: a 0.6
FTE worker (W10, 51.413 h needed a month against 0.6 x 53.102 = 31.861 h available) read
"green 97%" for "red 161%", with only the statement's fine print saying FTE was taken as
1.0, while ``timestudy workload`` without ``--workers`` warned. The hand guide here (the
workload CLI tests'): B, 0.5 FTE, holds one CP case of 12 "should" hours of the guide's 100
an FTE-month: 12% as 1.0 FTE, 24% at its 0.5. The warning now comes from the library, so
the command and a notebook say it alike, once.
"""

from __future__ import annotations

import sys
import warnings
from pathlib import Path

import pandas as pd
import pytest

from timestudy.errors import DataQualityWarning
from timestudy.guide import TimeGuide
from timestudy.report import workload_statements

sys.path.insert(0, str(Path(__file__).parents[1] / "cli"))
from test_workload_not_costed import _write  # noqa: E402


def _inputs(root: Path):
    _write(root)
    return (TimeGuide.from_json(root / "guide.json"),
            pd.read_csv(root / "cases.csv", dtype=str),
            pd.read_csv(root / "workers.csv", dtype={"worker_id": str}))


def _load(statements, worker: str) -> float:
    return next(s for s in statements if s.worker_id == worker).load


def test_without_workers_the_library_warns(tmp_path):
    guide, cases, workers = _inputs(tmp_path)
    with pytest.warns(DataQualityWarning, match=r"every worker is taken as 1\.0 FTE.*"
                      r"workload_statements\(guide, caseload, workers\)"):
        bare = workload_statements(guide, cases, date="2026-04-01")
    assert _load(bare, "B") == pytest.approx(0.12)  # as warned: B taken as 1.0 FTE
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        given = workload_statements(guide, cases, workers, date="2026-04-01")
    assert not any("taken as 1.0 FTE" in str(w.message) for w in seen)
    assert _load(given, "B") == pytest.approx(0.24)


def test_the_command_says_it_once(tmp_path, capsys):
    from timestudy.cli import main

    argv = _write(tmp_path)
    i = argv.index("--workers")
    del argv[i:i + 2]
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        assert main(argv) == 0
    said = [w for w in seen if "taken as 1.0 FTE" in str(w.message)]
    assert len(said) == 1
