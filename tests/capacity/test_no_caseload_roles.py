"""Workers counted at a full caseload without a word (audit23w, finding 4).

A team manager (the audit's w_roles.csv: W006, 1.0 FTE, "Team Manager") counted as a full
case-holding FTE in post with no warning (only an NQSW was named): 5.2 FTE and 18.85
cases per FTE, where with ``--role team_manager=0`` it is 4.1 FTE and 19.51. Now a warning
names the role and the fix. And ``timestudy workload`` without ``--workers`` took every
worker as 1.0 FTE unsaid: B (0.5 FTE) holding one CP case (12 "should" hours of the hand
guide's 100 an FTE-month) read 12% for 24%.
"""

from __future__ import annotations

import sys
import warnings
from pathlib import Path

import pytest

from timestudy import run_study, simulate_study
from timestudy.capacity.in_post import no_caseload_roles
from timestudy.cli import main
from timestudy.errors import DataQualityWarning

sys.path.insert(0, str(Path(__file__).parents[1] / "cli"))
from test_workload_not_costed import _write  # noqa: E402


def test_a_team_manager_counted_as_a_full_caseload_is_named():
    s = simulate_study(n_workers=6, weeks=1, seed=1)
    workers = s.workers.assign(role="social_worker")
    workers.loc[workers["worker_id"] == "W006", "role"] = "Team Manager"
    with pytest.warns(DataQualityWarning, match=r"1 worker has a role that usually holds no "
                      r"caseload \('Team Manager': 1\).*--role team_manager=0"):
        run_study(s.diary, s.cases, workers, sensitivity=False, n_boot=19)
    with warnings.catch_warnings(record=True) as w:  # given a share: no word
        warnings.simplefilter("always")
        run_study(s.diary, s.cases, workers, sensitivity=False, n_boot=19,
                  roles={"team_manager": 0})
    assert not any("usually holds no caseload" in str(x.message) for x in w)


def test_only_roles_that_usually_hold_no_caseload_are_named():
    import pandas as pd

    w = pd.DataFrame({"worker_id": list("abcde"), "role": [
        "Practice Manager", "social worker", "Senior Practitioner", "EDT", "NQSW"]})
    note = no_caseload_roles(w)
    assert note.startswith("2 workers have a role that usually holds no caseload "
                           "('EDT': 1, 'Practice Manager': 1)")


def test_workload_without_workers_says_every_worker_is_one_fte(tmp_path):
    argv = _write(tmp_path)
    i = argv.index("--workers")
    del argv[i:i + 2]
    with pytest.warns(DataQualityWarning, match=r"no --workers table: every worker is taken "
                      r"as 1\.0 FTE.*give --workers"):
        assert main(argv) == 0
    b = (tmp_path / "out" / "statement_B.md").read_text(encoding="utf-8")
    assert "12%" in b  # 12 of 100 hours: B taken as 1.0 FTE (24% at its 0.5), as warned
