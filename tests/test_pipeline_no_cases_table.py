"""A guide without ``--cases`` keeps the diary's case ids for its pieces of work (audit24p).

Before, a guide run without a cases table set every case id to blank: W1's two home visits
of a morning, on C1 (09:00-10:00) and C2 (10:30-11:30, with 30 minutes' travel on C2
between), read as one visit of 120 minutes, and the journey as travel of its own, with
no warning. By hand: two visits of 60 minutes direct; C2's visit takes its journey, 90
minutes full; C1's 60: full hours (1.0 + 1.5) / 2 = 1.25 h; no travel piece of its own.
Now so, and the headline says the diary names 2 cases and that --cases would give the
case figures.
"""

from __future__ import annotations

import json

from timestudy.cli import main


def test_a_diarys_case_ids_link_its_pieces_without_a_cases_table(tmp_path, capsys):
    diary = tmp_path / "diary.csv"
    diary.write_text("worker_id,start,end,activity,case_id\n"
                     "W1,2026-03-02T09:00,2026-03-02T10:00,home visit,C1\n"
                     "W1,2026-03-02T10:00,2026-03-02T10:30,travel,C2\n"
                     "W1,2026-03-02T10:30,2026-03-02T11:30,home visit,C2\n", encoding="utf-8")
    workers = tmp_path / "workers.csv"
    workers.write_text("worker_id,fte,contracted_hours\nW1,1.0,37\n", encoding="utf-8")
    code = main(["guide", str(diary), "--workers", str(workers), "--min-workers", "1",
                 "--n-boot", "19", "--formats", "json", "--out", str(tmp_path / "g")])
    out = capsys.readouterr().out
    assert code == 0
    tasks = {t["task_type"]: t for t in json.loads((tmp_path / "g" / "guide.json").read_text(
        encoding="utf-8"))["tasks"]}
    visit = tasks["statutory_visit"]
    assert visit["n_pieces"] == 2
    assert visit["direct_minutes"]["estimate"] == 60
    assert abs(visit["full_hours"]["estimate"] - 1.25) < 1e-9
    assert tasks.get("travel", {}).get("n_pieces", 0) == 0
    assert "the diary names 2 cases: give --cases" in out


def test_without_a_cases_table_a_blank_journey_takes_its_visits_case(tmp_path, capsys):
    """review24c: without --cases the journeys were never given a case (the observation
    path did not run the journey rules), so the same diary gave the visit 60 minutes full
    without --cases and 90 with. By hand: a blank journey 09:30-10:00 then a visit on C1
    10:00-11:00: 90 minutes full either way."""
    diary = tmp_path / "diary.csv"
    diary.write_text("worker_id,start,end,activity,case_id\n"
                     "W1,2026-03-02T09:30,2026-03-02T10:00,travel,\n"
                     "W1,2026-03-02T10:00,2026-03-02T11:00,home visit,C1\n", encoding="utf-8")
    workers = tmp_path / "workers.csv"
    workers.write_text("worker_id,fte,contracted_hours\nW1,1.0,37\n", encoding="utf-8")
    assert main(["guide", str(diary), "--workers", str(workers), "--min-workers", "1",
                 "--n-boot", "19", "--formats", "json", "--out", str(tmp_path / "g")]) == 0
    tasks = {t["task_type"]: t for t in json.loads((tmp_path / "g" / "guide.json").read_text(
        encoding="utf-8"))["tasks"]}
    assert abs(tasks["statutory_visit"]["full_hours"]["estimate"] - 1.5) < 1e-9
