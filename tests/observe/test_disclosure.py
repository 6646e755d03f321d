"""Observe withholds what rests on fewer than ``min_workers`` workers, counting people
(audit 23, defect 4): a team of one person observed in 5 sessions was published in full
(``units`` 5), a study of 4 workers was published whole, and the tables of one stream or
one pair a row (with dates and times of day) sat beside the published tables."""

from __future__ import annotations

import pandas as pd
import pytest

from timestudy.cli import main
from timestudy.observe import observation_study

DAYS = [f"2026-03-{d:02d}" for d in (9, 10, 11, 12, 13)]


def _eps(make, others: int = 5, pair: bool = True) -> pd.DataFrame:
    """X (team X) observed 09:00-10:00 on 5 days, recording, one session a day; Y1..Yn
    (team Y) one session each, 11:00-12:00 on 9 March, travel, observer O1; with ``pair``
    O2 shadows Y1 at the same time (its own session), so the pairs observe 1 worker."""
    parts = [make([("X", "09:00", "10:00", "recording")], day=d).assign(
        session_id=f"SX{i}", observer="O1") for i, d in enumerate(DAYS)]
    parts += [make([(f"Y{i}", "11:00", "12:00", "travel")]).assign(session_id=f"SY{i}",
                                                                   observer="O1")
              for i in range(1, others + 1)]
    if pair:
        parts.append(make([("Y1", "11:00", "12:00", "travel")]).assign(session_id="SP",
                                                                       observer="O2"))
    return pd.concat(parts, ignore_index=True)


TEAMS = pd.DataFrame({"worker_id": ["X", "Y1", "Y2", "Y3", "Y4", "Y5"],
                      "team": ["X", "Y", "Y", "Y", "Y", "Y"]})


def test_a_team_of_one_person_in_five_sessions_is_withheld(make):
    """Team X: 5 sessions (units 5) of 1 worker, so withheld (before: counted by its 5
    units, its mean of 60 min of recording a session published, only its se blank). Team Y:
    5 sessions of 5 workers, mean 60 min of travel: withheld too since obs23b (the study's
    total less team Y's would be team X's, and the total less travel X's recording: see
    test_cell_disclosure.py); its recording, no one's, is 0; ``min_workers=1`` shows it."""
    s = observation_study(_eps(make), group="team", workers=TEAMS)
    t = s.tables()["time_budget"].set_index(["team", "category"])
    # its 1 worker as a band since obs24 (test_people_counts.py); its 5 units stay
    assert t.loc[("Team A", "all"), ["units", "workers"]].tolist() == [5, "fewer than 5"]
    assert t.loc["Team A", "mean_min"].isna().all()
    assert t.loc[("Team B", "all"), ["units", "workers"]].tolist() == [5, 5]
    assert t.loc["Team B", "mean_min"].to_dict() == pytest.approx(
        {"recording": 0.0, "travel": float("nan"), "all": float("nan")}, nan_ok=True)
    mine = observation_study(_eps(make), group="team", workers=TEAMS, min_workers=1)
    t = mine.tables()["time_budget"].set_index(["team", "category"])
    assert t.loc[("Team B", "travel"), "mean_min"] == pytest.approx(60.0)


def test_a_study_of_four_workers_is_withheld_whole(make):
    """X and Y1..Y3: 4 workers, fewer than 5: every figure blank, in every table (before:
    observed hours 5 + 3 = 8 published); ``min_workers=1`` shows them: 8 hours."""
    s = observation_study(_eps(make, others=3, pair=False))
    shown = s.tables()
    assert shown["summary"]["value"].isna().all()
    assert all(t.select_dtypes("number").drop(columns=["units", "workers", "worker_days",
                                                       "multitasking_workers", "activities"],
                                              errors="ignore").isna().all().all()
               for t in shown.values())
    assert "4 workers, fewer than 5" in s.withheld()["study"]
    assert "--min-workers 1" in s.withheld()["study"]
    mine = observation_study(_eps(make, others=3, pair=False), min_workers=1)
    assert mine.tables()["summary"].set_index("measure").loc["observed_hours", "value"] == 8.0
    assert mine.withheld() == {}


def test_slots_and_agreement_of_too_few_workers_are_withheld(make):
    """6 workers, so the study is shown; the slots 09:00-09:45 observe X alone (1 worker:
    withheld), 11:00-11:45 Y1..Y5 (5: shown; its travel column withheld since obs23b, as
    X's recording is and travel with it, and the slots' time observed, all travel); the
    one pair observes Y1 alone,
    so the agreement figures are withheld (observed agreement blank), with ``min_workers=1``
    shown (the two agree on all 3600 seconds: 1.0)."""
    s = observation_study(_eps(make))
    tempo = s.tables()["tempogram"].set_index("slot")
    assert tempo.loc["09:00", "workers"] == "fewer than 5"  # was 1: a band since obs24
    assert pd.isna(tempo.loc["09:00", "recording"])
    assert tempo.loc["11:00", "workers"] == 5 and pd.isna(tempo.loc["11:00", "travel"])
    assert pd.isna(tempo.loc["11:00", "observed"])  # travel's share there is 1: its time
    assert s.tables()["agreement"]["observed_agreement"].isna().all()
    assert set(s.withheld()) == {"agreement", "tempogram", "categories"}
    mine = observation_study(_eps(make), min_workers=1).tables()["agreement"]
    assert mine.set_index("measure").loc["slices_1s", "observed_agreement"] == 1.0


def test_tables_by_stream_and_pair_go_only_to_the_internal_folder(make, tmp_path, capsys):
    """The command writes no ``*_by_stream.csv``, ``paired_sessions.csv`` or
    ``agreement_pairs.csv`` to --out; with --internal DIR they are there (the 10 sessions
    counted, the pair's one row); an --internal inside --out is refused before anything
    is written (exit 2)."""
    path = tmp_path / "eps.csv"
    _eps(make).to_csv(path, index=False)
    out, internal = tmp_path / "out", tmp_path / "internal"
    assert main(["observe", str(path), "--out", str(out), "--internal", str(internal)]) == 0
    printed = capsys.readouterr().out
    assert "withheld: the agreement figures" in printed and "--min-workers 1" in printed
    names = {p.name for p in out.iterdir()}
    assert not {n for n in names if n.endswith("_by_stream.csv")}
    assert not names & {"paired_sessions.csv", "agreement_pairs.csv", "agreement_matches.csv"}
    assert len(pd.read_csv(internal / "interruptions_by_stream.csv")) == 10
    assert len(pd.read_csv(internal / "paired_sessions.csv")) == 1
    inside = tmp_path / "again"
    assert main(["observe", str(path), "--out", str(inside), "--internal",
                 str(inside / "mine")]) == 2
    assert "is inside --out" in capsys.readouterr().err and not inside.exists()
