"""No count of 1 to 4 people reaches a published observe output (obs24, a hostile read of the
WOMBAT-style and TimeCaT-style outputs): a withheld row kept its count of workers, so the
tables said "1" beside the blanks (the time budget's recording row, a tempogram slot, an
interruption source), a group's diary days counted its people (``units`` 2 of 2 workers, a
day each), and the agreement note and the summary's ``paired_sessions`` said the pairs
observed 1 worker. Such counts are now "fewer than 5"; none (0) and 5 or more stay numbers,
as does everything with ``--min-workers 1``."""

from __future__ import annotations

import re

import pandas as pd
from test_cell_disclosure import _six
from test_disclosure import _eps

from timestudy.cli import main
from timestudy.observe import observation_study

FEW = "fewer than 5"


def test_a_withheld_rows_count_of_people_is_a_band(make):
    """Six workers; X alone did recording (09:00-09:47, slots 09:00..09:45 of 1 worker).
    Was: time budget recording ``workers`` 1, tempogram 09:00 ``workers`` 1 and
    ``worker_days`` 1. Now "fewer than 5"; admin's 5, travel's 6 and all's 6 stay."""
    t = observation_study(_six(make)).tables()
    b = t["time_budget"].set_index("category")["workers"]
    assert b.to_dict() == {"admin": 5, "recording": FEW, "travel": 6, "all": 6}
    tempo = t["tempogram"].set_index("slot")
    assert tempo.loc["09:00", ["workers", "worker_days"]].tolist() == [FEW, FEW]
    assert tempo.loc["11:00", "workers"] == 6
    mine = observation_study(_six(make), min_workers=1).tables()["time_budget"]
    assert mine.set_index("category").loc["recording", "workers"] == 1


def test_a_small_teams_diary_days_are_a_band(make, tmp_path):
    """Team of 2 (Z1, Z2, one day each) beside 5 others: its ``units`` was 2, its people's
    count; now a band, in the CSV as written too. The other team's 5 units stay."""
    eps = pd.concat([make([(f"Y{i}", "11:00", "12:00", "travel")]).assign(
        session_id=f"S{i}", team="North") for i in range(1, 6)]
        + [make([(f"Z{i}", "11:00", "12:00", "travel")]).assign(session_id=f"T{i}", team="South")
           for i in (1, 2)], ignore_index=True)
    path = tmp_path / "eps.csv"
    eps.to_csv(path, index=False)
    assert main(["observe", str(path), "--group", "team", "--out", str(tmp_path / "out")]) == 0
    b = pd.read_csv(tmp_path / "out" / "time_budget.csv").set_index(["team", "category"])
    assert b.loc[("Team B", "all"), ["units", "workers"]].tolist() == [FEW, FEW]
    assert b.loc[("Team A", "all"), ["units", "workers"]].tolist() == ["5", "5"]


def test_the_pairs_one_worker_is_not_named(make, tmp_path):
    """The one pair of sessions observes Y1 alone: the note said "observed 1 worker" and
    the summary ``paired_sessions`` 1.0; now "fewer than 5 workers" and a blank, in
    report.html too; ``--min-workers 1`` shows 1 paired session."""
    s = observation_study(_eps(make))
    assert "observed fewer than 5 workers" in s.withheld()["agreement"]
    assert "1 worker" not in s.withheld()["agreement"]
    summary = s.tables()["summary"].set_index("measure")["value"]
    assert pd.isna(summary["paired_sessions"])
    s.write(tmp_path / "out")
    html = re.sub(r"base64,[^\"']*", "", (tmp_path / "out" / "report.html").read_text())
    assert "1 worker" not in html
    mine = observation_study(_eps(make), min_workers=1).tables()["summary"]
    assert mine.set_index("measure").loc["paired_sessions", "value"] == 1.0
