"""A team's share of a category rests on the team's workers with time in it (audit26).

The report's "Share of time worked by team" table and its chart published Team A Travel 3%:
one worker's figure (N01's 14 h of travel over Team A's 447.25 h worked), because each share
carried the team's head count (5) as its workers. The README's rule (a share counts the
workers with time in its category, as the guide's travel share says "at least 6 of 10") is
applied now by the guide's rule for any table of shares (``withhold_shares``): a share
from fewer than ``min_workers`` of the team's workers is not shown, and, as a team's shares
add up to 1, its smallest published share goes with it; the chart draws only published
shares.

By hand (a miniature of the audit's Team A): ten workers, teams A (a-e) and B (f-j), one
week each. Team A: a works 2 h admin, 4 h direct work and 2 h travel; b-e 4 h admin and
4 h direct work each. A's hours are 8 x 5 = 40: admin 18/40 = 45%, direct 20/40 = 50%,
travel 2/40 = 5% from one worker (a): withheld (fewer than 5 workers); then the smallest
published share of A, admin 45% < direct 50%, is withheld too (travel = 1 - admin - direct).
Team B: each of f-j 4 h admin, 3 h direct, 1 h travel: 20/40 = 50%, 15/40 = 37.5%, 5/40 =
12.5%, every share from 5 workers: all shown.
"""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pandas as pd

from timestudy.report.model import Figure, Table
from timestudy.report.run_sections import _team_blocks
from timestudy.report.tables import team_category_shares

CATS = ["admin", "direct_work", "travel"]


def _worker_week() -> pd.DataFrame:
    ids = list("abcdefghij")
    admin = [2.0, 4, 4, 4, 4, 4, 4, 4, 4, 4]
    direct = [4.0, 4, 4, 4, 4, 3, 3, 3, 3, 3]
    travel = [2.0, 0, 0, 0, 0, 1, 1, 1, 1, 1]
    return pd.DataFrame({"worker_id": ids, "fte_weeks": 1.0, "hours_admin": admin,
                         "hours_direct_work": direct, "hours_travel": travel})


def _workers() -> pd.DataFrame:
    return pd.DataFrame({"worker_id": list("abcdefghij"), "team": list("AAAAABBBBB")})


def test_each_share_counts_the_workers_with_time_in_it():
    t = team_category_shares(_worker_week(), _workers(), CATS, min_workers=5)
    t = t.set_index(["team", "category"])
    assert t.loc[("A", "travel"), "share"] == 0.05
    assert t.loc[("A", "travel"), "n_workers_category"] == 1
    assert t.loc[("A", "travel"), "n_workers"] == 5  # the team's head count, as shown
    assert t.loc[("A", "travel"), "reason"] == "fewer than 5 workers"
    assert t.loc[("A", "admin"), "reason"].startswith("secondary suppression")
    assert t.loc[("A", "direct_work"), "reason"] == ""
    assert (t.loc["B", "reason"] == "").all()
    assert t.loc[("B", "travel"), "share"] == 0.125


def _section():
    guide = SimpleNamespace(
        category_shares=pd.DataFrame({"share": [0.475, 0.4375, 0.0875, np.nan]},
                                     index=[*CATS, "out_of_hours"]),
        meta={"min_workers": 5})
    run = SimpleNamespace(models=SimpleNamespace(worker_week=_worker_week()),
                          workers=_workers())
    s = SimpleNamespace(blocks=[])
    s.add = s.blocks.append
    _team_blocks(s, guide, run, CATS, 5)
    return s.blocks


def test_the_table_and_the_chart_show_no_share_from_too_few_workers():
    table = next(b for b in _section() if isinstance(b, Table))
    a = table.frame.set_index("team").loc["Team A"]
    assert a["Travel"] == "not shown" and a["Admin"] == "not shown"
    assert a["Direct work"] == "50%"
    assert "Team A Travel (fewer than 5 workers gave this figure)" in table.note
    assert (table.frame.set_index("team").loc["Team B"].drop("workers")
            == ["50%", "38%", "13%"]).all()  # 37.5, 12.5 rounded up
    fig = next(b for b in _section() if isinstance(b, Figure))
    drawn = fig.draw.args[0]
    assert len(drawn) == 4  # A direct work and B's three shares
    assert not ((drawn["team"] == "Team A") & (drawn["share"] == 0.05)).any()
