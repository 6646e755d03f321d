"""``timestudy workload --role ROLE=SHARE``: a role's share of a full caseload.

Before, ``workload`` had no ``--role``: a team manager holding cases was given a full
caseload's hours for casework with no word said, and the warning of ``timestudy guide``
pointed to a ``--role`` this command refused ("unrecognized arguments").

Hand-worked on test_workload_not_costed's guide.json (100 hours for casework per
FTE-month; "should" CIN 5, CP 12 h a case-month): A (1.0 FTE) holds CIN, CIN, CP = 22 h,
B (0.5 FTE) holds CP = 12 h. With B a Team Manager:

- no ``--role``: B has 0.5 x 100 = 50 h, 12 / 50 = 24%, and one warning names B's role
  and the fix ``--role team_manager=0``;
- ``--role "Team Manager=0"``: B has 0 h for casework: no load, no status; no warning;
- ``--role team_manager=0.5``: B has 0.5 x 0.5 x 100 = 25 h, 12 / 25 = 48%;
- A's role, social worker, is in no share: A stays 22 / 100 = 22%.
"""

from __future__ import annotations

import warnings

import pytest
from test_workload_not_costed import _write

from timestudy.cli import main
from timestudy.errors import DataQualityWarning


def _team(root):
    argv = _write(root)
    (root / "cases.csv").write_text("case_id,case_type,worker_id\nc1,CIN,A\nc2,CIN,A\n"
                                    "c3,CP,A\nc4,CP,B\n", encoding="utf-8")
    (root / "workers.csv").write_text("worker_id,fte,team,role\nA,1.0,N,social worker\n"
                                      "B,0.5,S,Team Manager\n", encoding="utf-8")
    return argv


def _statement(root, worker):
    return (root / "out" / f"statement_{worker}.md").read_text(encoding="utf-8")


def test_a_team_manager_without_a_share_is_warned_with_a_fix_this_command_takes(tmp_path):
    argv = _team(tmp_path)
    with pytest.warns(DataQualityWarning, match=r"\('Team Manager': 1\).*\(--role "
                      r"team_manager=0\)$"):
        assert main(argv) == 0
    assert "24%" in _statement(tmp_path, "B") and "22%" in _statement(tmp_path, "A")


@pytest.mark.parametrize(("flag", "b_says"), [("Team Manager=0", "no status"),
                                               ("team_manager=0.5", "48%")])
def test_a_role_share_sets_the_holders_hours(tmp_path, capsys, flag, b_says):
    argv = _team(tmp_path)
    with warnings.catch_warnings():
        warnings.simplefilter("error", DataQualityWarning)  # the share given: no warning
        assert main([*argv, "--role", flag]) == 0
    assert b_says in _statement(tmp_path, "B")
    assert "22%" in _statement(tmp_path, "A")


def test_a_bad_role_share_stops_before_anything_is_written(tmp_path, capsys):
    argv = _team(tmp_path)
    for bad, said in (("team_manager", "is not ROLE=SHARE"),
                      ("team_manager=-1", "-1 is not allowed: give a number from 0 to 1.5"),
                      ("asye=90", "90 is not allowed: give a number from 0 to 1.5")):
        with pytest.raises(SystemExit) as stop:
            main([*argv, "--role", bad])
        assert stop.value.code == 2
        err = capsys.readouterr().err
        assert "argument --role: " in err and said in err and "Traceback" not in err
    assert not (tmp_path / "out").exists()


def test_one_role_given_two_shares_stops_and_an_unknown_role_is_warned(tmp_path, capsys):
    """review24a: ``--role team_manager=0 --role "Team Manager=0.5"`` gave 50% (the last
    spelling won; swapped, 0); now refused (exit 2, nothing written). ``--role A.S.Y.E=1``
    matched no worker's role and changed nothing, unwarned: now named, with the table's
    roles. asye=90 was taken: 90 x 100 = 9,000 h a month for an ASYE, load 0%."""
    argv = _team(tmp_path)
    code = main([*argv, "--role", "team_manager=0", "--role", "Team Manager=0.5"])
    err = capsys.readouterr().err
    assert code == 2 and "'team_manager' and 'Team Manager' are one role given two shares" in err
    assert not (tmp_path / "out").exists()
    with pytest.warns(DataQualityWarning, match=r"--role 'A.S.Y.E' names no worker's role "
                      r"\(the workers table's roles are 'Team Manager', 'social worker'\)"):
        assert main([*argv, "--role", "A.S.Y.E=1", "--role", "team_manager=0"]) == 0
