"""The withheld figures of a total, taken together, rest on ``min_workers`` workers or more.

The audit (``/tmp/audit23r``, run g1): the non-case hours per FTE-week, 7.424837, less the
published task rows' non-case parts (6.957517) gave 0.46732 h per FTE-week, the withheld
supervision row and the no-case part of the withheld uncategorised row together, all of it
from 4 workers (427 + 145 minutes over 20.4 FTE-weeks). No single withheld figure came back,
so complementary suppression stopped; the sum was a figure from 4 workers all the same.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from timestudy.guide.totals import protect_shares

TASKS = ["email_admin", "team_meeting", "supervision", "duty", "statutory_visit"]


def _study():
    """Hours per FTE-week: admin = email 20.0 (W1-W8), team meeting 2.0 (W1-W8),
    supervision 0.3 (W1, W2: withheld), duty 0.2 (W2, W3: withheld), all non-case; direct
    work = visits 5.0 (on cases, W1-W8). Hours worked 27.5, non-case 22.5."""
    tasks = pd.DataFrame({
        "category": ["admin", "admin", "admin", "admin", "direct_work"],
        "hours_per_fte_week": [20.0, 2.0, 0.3, 0.2, 5.0],
        "non_case_hours_per_fte_week": [20.0, 2.0, 0.3, 0.2, 0.0],
        "n_workers": [8, 8, 2, 2, 8],
    }, index=TASKS)
    everyone = [f"W{i}" for i in range(1, 9)]
    who = {"email_admin": everyone, "team_meeting": everyone, "supervision": ["W1", "W2"],
           "duty": ["W2", "W3"], "statutory_visit": everyone}
    pieces = pd.DataFrame([{"worker_id": w, "task_type": t, "direct_min": 30.0,
                            "case_id": "C1" if t == "statutory_visit" else None}
                           for t, ws in who.items() for w in ws])
    shown = tasks.copy()
    shown.loc[["supervision", "duty"], ["hours_per_fte_week",
                                        "non_case_hours_per_fte_week"]] = np.nan
    hours = tasks.groupby("category")["hours_per_fte_week"].sum()
    shares = pd.DataFrame({"share": hours / 27.5, "n_workers": 8})
    return shares, shown, tasks, pieces


def test_the_withheld_rows_of_a_total_together_rest_on_enough_workers():
    """By hand. Supervision and duty are withheld (2 workers each). Each sum a reader knows
    holds both, so neither comes back alone: the non-case total 22.5 less email 20.0 and
    team meeting 2.0 is 0.5, and so is the admin share (20.5 / 27.5) x 27.5 less the
    same. But 0.5 is supervision + duty, from W1, W2 and W3: 3 workers, fewer than 5.
    Before, both rows went and nothing more (0.5 h per FTE-week from 3 workers could be had).
    Now the team meeting row goes too (the admin category's smallest row): the sum the reader
    can have is 22.5 - 20.0 = 2.5, team meeting with them, from 8 workers."""
    shares, shown, measured, pieces = _study()
    out_shares, out, _ = protect_shares(shares, shown, 27.5, 5, 22.5, measured, pieces)
    withheld = set(out.index[out["hours_per_fte_week"].isna()])
    assert withheld == {"supervision", "duty", "team_meeting"}
    left = 22.5 - out["non_case_hours_per_fte_week"].sum()
    assert abs(left - 2.5) < 1e-9
    workers = pieces.loc[pieces["task_type"].isin(withheld), "worker_id"].nunique()
    assert workers == 8
    assert out_shares["share"].notna().all()


def test_without_pieces_the_rule_is_the_single_figure_one():
    """Without the pieces (no workers to count) the old rule stands: supervision and duty
    withheld, team meeting shown (2.0)."""
    shares, shown, measured, _ = _study()
    _, out, _ = protect_shares(shares, shown, 27.5, 5, 22.5, measured)
    assert set(out.index[out["hours_per_fte_week"].isna()]) == {"supervision", "duty"}
