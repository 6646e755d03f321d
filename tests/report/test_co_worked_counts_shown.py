"""A co-worked case's share is shown as it is counted, and its co-worker's id is not published.

cowork26 counts a co-worked case as 1/k of a case on each of its k holders. On the simulated
8-worker study, the first case's holder cell written ``W001; W999`` (W999 not in the workers
table): W999's half is "cases of workers not in the workers table", 0.5, and W001's team
holds 0.5 of it. Before: the team table rounded the counts to whole numbers (14.5 shown
"15" where the other teams' whole counts add up with it to the total), the report's note on
unlisted holders truncated 0.5 to 0 and said nothing, and the co-worked warning named
W999 in report.md (a real identifier in a published file: only the tables' own ``worker_id``
column was taken out, not a co-worked case's other holders).
"""

from __future__ import annotations

import json

import pandas as pd
import pytest

from timestudy import simulate_study
from timestudy.cli import main


@pytest.fixture(scope="module")
def out(tmp_path_factory):
    folder = tmp_path_factory.mktemp("co")
    written = simulate_study(n_workers=8, weeks=1, seed=2).write(folder / "study")
    cases = pd.read_csv(written["cases"])
    cases.loc[0, "worker_id"] = f"{cases.loc[0, 'worker_id']}; W999"
    cases.to_csv(folder / "cases.csv", index=False)
    code = main(["guide", str(written["diary"]), "--cases", str(folder / "cases.csv"),
                 "--workers", str(written["workers"]), "--out", str(folder / "g"),
                 "--n-boot", "19", "--min-workers", "1", "--formats", "md,json", "--quiet"])
    assert code in (0, 1)
    return folder / "g"


def test_the_unlisted_share_is_shown_not_truncated(out):
    report = (out / "report.md").read_text(encoding="utf-8")
    assert "| cases of workers not in the workers table | 0.5 |" in report
    assert "0.5 cases are held by" in report  # the note under the table (was absent)
    staff = report.split("**Staff needed by team**", 1)[1].split("\n\n")[1].splitlines()
    teams = [line for line in staff if line.startswith("| Team ")]
    assert any(line.split("|")[2].strip().endswith(".5") for line in teams), teams  # W001's


def test_the_co_worker_is_not_published(out):
    for name in ("report.md", "guide.json"):
        assert "W999" not in (out / name).read_text(encoding="utf-8"), name
    assert json.loads((out / "guide.json").read_text("utf-8"))["meta"]["headline"][
        "unlisted_cases"] == 0.5
