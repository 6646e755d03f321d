"""``timestudy workload`` with a caseload case type the guide has no hours per case-month for.

Defect: the command stopped (exit 2, "case type(s) ['CLA'] are not in the guide") and
wrote no statement at all when one worker held a case of a type no diarist held on a
working day of the diary (here S5, off sick all diary, holds the only CLA case).

Hand-worked on a guide.json of 100 hours for casework per FTE-month (1,200 a year over
43.6 weeks) and "should" hours CIN 5, CP 12 a case-month: A (1.0 FTE) holds CIN, CIN,
CP: 22 of 100 hours, 22%, blue; B (0.5 FTE) holds CP: 12 of 50, 24%, blue; S5 (1.0 FTE)
holds CLA: not costed, no load, no status. Exit 0, three statements (two files each),
and one line naming the case not costed.
"""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path

import pandas as pd

from timestudy.cli import main

sys.path.insert(0, str(Path(__file__).parents[1] / "capacity"))
from _guides import hand_guide  # noqa: E402

WHY = "1 CLA case not costed: no hours per case-month in this diary"


def _write(root: Path) -> list[str]:
    g = hand_guide()
    av = g.available.copy()
    av.loc["available_case_hours_per_fte_week"] = [1200 / 43.6, 1100 / 43.6, 1300 / 43.6]
    meta = g.meta | {"version": "test", "created": "2026-04-01T00:00:00Z",
                     "data_fingerprint": "hand", "n_workers": 10, "n_episodes": 1000,
                     "period": ["2026-03-02", "2026-03-27"], "taxonomy": "hand",
                     "min_workers": 5}
    ct = g.case_types.assign(relative_weight=[1.0, 2.0], relative_weight_ci_low=[1.0, 1.6],
                             relative_weight_ci_high=[1.0, 2.4])
    replace(g, meta=meta, available=av, case_types=ct,
            tasks=pd.DataFrame(columns=["category", "n_pieces", "n_workers"]),
            multipliers=pd.DataFrame(columns=["multiplier", "ci_low", "ci_high"]),
            ).to_json(root / "guide.json")
    (root / "cases.csv").write_text("case_id,case_type,worker_id\nc1,CIN,A\nc2,CIN,A\n"
                                    "c3,CP,A\nc4,CP,B\nc5,CLA,S5\n", encoding="utf-8")
    (root / "workers.csv").write_text("worker_id,fte,team\nA,1.0,N\nB,0.5,S\nS5,1.0,S\n",
                                      encoding="utf-8")
    return ["workload", "--guide", str(root / "guide.json"), "--caseload",
            str(root / "cases.csv"), "--workers", str(root / "workers.csv"),
            "--date", "2026-04-01", "--out", str(root / "out")]


def test_every_statement_is_written_and_the_case_not_costed_is_named(tmp_path, capsys):
    code = main(_write(tmp_path))  # exit 2 and no statement before
    out, err = capsys.readouterr()
    assert code == 0 and err == ""
    assert out == (
        f"wrote 3 workload statement(s) to {tmp_path / 'out'} (blue 2, none 1)\n"
        "  cases open on 2026-03-27: 5 counted\n"
        f"  {WHY} (left out of their holders' hours needed and loads, not counted as zero; "
        "each statement names them)\n")
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        f"statement_{w}.{x}" for w in ("A", "B", "S5") for x in ("html", "md")]
    s5 = (tmp_path / "out" / "statement_S5.md").read_text(encoding="utf-8")
    assert "| c5 | CLA | no | not costed |" in s5  # read_cases: not in proceedings
    assert f"| weighted load | – ({WHY}) |" in s5
    assert f"- {WHY}. They are not counted as zero: no total or load can be given, nor a " \
           "status." in s5
    assert WHY in (tmp_path / "out" / "statement_S5.html").read_text(encoding="utf-8")
    a = (tmp_path / "out" / "statement_A.md").read_text(encoding="utf-8")
    assert "| weighted load | 22% |" in a and "not costed" not in a


def test_one_worker_holding_only_such_a_case(tmp_path, capsys):
    code = main([*_write(tmp_path), "--worker", "S5"])
    out, err = capsys.readouterr()
    lines = out.splitlines()
    assert code == 0 and err == ""
    assert lines[:3] == [
        f"wrote 1 workload statement(s) to {tmp_path / 'out'} (none 1)",
        "  cases open on 2026-03-27: 1 counted",
        f"  {WHY} (left out of their holders' hours needed and loads, not counted as zero; "
        "each statement names them)"]
    assert lines[-2:] == [f"  {tmp_path / 'out' / 'statement_S5.html'}",
                          f"  {tmp_path / 'out' / 'statement_S5.md'}"]


def test_a_caseload_with_no_type_the_guide_knows_stops_with_one_line(tmp_path, capsys):
    argv = _write(tmp_path)
    cases = tmp_path / "cases.csv"
    cases.write_text(cases.read_text(encoding="utf-8").replace(",CIN,", ",ADOPTION,")
                     .replace(",CP,", ",ADOPTION,").replace(",CLA,", ",ADOPTION,"),
                     encoding="utf-8")
    code = main(argv)
    out, err = capsys.readouterr()
    assert code == 2 and out == "" and not (tmp_path / "out").exists()
    assert len(err.splitlines()) == 1
    assert err.startswith("timestudy workload: error: case type(s) ['ADOPTION'] are not in "
                          "the guide (it has ['CIN', 'CP'])")
