"""A warning a command does not show itself is one line on standard error, never Python's
own form (the file, line number and source line).

Found by audit20c: ``timestudy workload`` with a caseload holder missing from the workers
table printed ``.../timestudy/report/statement.py:338: TimestudyWarning: ...`` and the
source line ``return hours, weighted_load(...)``; ``timestudy guide`` printed one clean
line. ``timestudy should`` with evidence of which nothing could be used said "see the
notes", which it wrote nowhere.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from timestudy.cli import main

sys.path.insert(0, str(Path(__file__).parent))
from test_workload_not_costed import _write  # noqa: E402


def test_a_holder_not_in_the_workers_table_is_one_warning_line(tmp_path):
    """The caseload's case c6 is held by W099, whom the workers table does not list: the
    command (run as the program) goes on (exit 0) and says so in one line starting
    ``timestudy workload: warning:``."""
    argv = _write(tmp_path)
    cases = tmp_path / "cases.csv"
    cases.write_text(cases.read_text() + "c6,CIN,W099\n", encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "timestudy", *argv], capture_output=True,
                         text=True, timeout=300, env={**os.environ, "PYTHONWARNINGS": ""})
    code, err = run.returncode, run.stderr
    assert code == 0 and err
    lines = err.splitlines()
    assert all(x.startswith("timestudy workload: warning: ") for x in lines), err
    assert "W099" in err and ".py:" not in err and "return " not in err


def test_should_with_nothing_usable_says_why(tmp_path, capsys):
    """Evidence for a case type the guide does not have: nothing usable, exit 2, nothing
    written, and the error line gives the count not used and the first reason."""
    argv = _write(tmp_path)
    guide = argv[argv.index("--guide") + 1]
    (tmp_path / "delphi.csv").write_text(
        "expert_id,round,task_type,case_type,minutes_per_piece,hours_per_case_month\n"
        + "".join(f"E{i},1,,PROCEEDINGS,,30\n" for i in range(6)), encoding="utf-8")
    code = main(["should", "--guide", guide, "--delphi", str(tmp_path / "delphi.csv"),
                 "--out", str(tmp_path / "adj.yaml")])
    err = capsys.readouterr().err
    assert code == 2 and not (tmp_path / "adj.yaml").exists()
    assert "not used, the first: " in err and "see the notes" not in err


def test_a_panels_figure_is_its_own_not_rounded(tmp_path):
    """audit20c: uplifts were kept to 4 decimals, so a Delphi panel's 15 h a case-month for
    CP came out 15.000246 (12.4846 x 1.2015). By hand here: the guide's measured CP hours
    times the uplift written gives the panel's 14.2857 (10 x 1.42857; 10 x 1.4286 =
    14.286 before)."""
    from timestudy.guide import TimeGuide
    from timestudy.guide.should import should_evidence
    from timestudy.ingest.evidence import read_delphi

    argv = _write(tmp_path)
    guide = TimeGuide.from_json(argv[argv.index("--guide") + 1])
    (tmp_path / "delphi.csv").write_text(
        "expert_id,round,task_type,case_type,minutes_per_piece,hours_per_case_month\n"
        + "".join(f"E{i},1,,CP,,14.2857\n" for i in range(6)), encoding="utf-8")
    ev = should_evidence(guide, None, delphi=read_delphi(tmp_path / "delphi.csv"))
    uplift = ev.adjustments().case_type_totals["CP"]
    measured = float(guide.case_types.loc["CP", "hours_per_case_month"])
    assert abs(measured * uplift - 14.2857) < 1e-9  # 10 x 1.4286 = 14.286 before
